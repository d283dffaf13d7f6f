"""Ingest in a process of its own, reading ahead of extraction.

With ``--jobs 2`` or more, the parent process loads jieba (half a second
to a second) before it forks the extraction workers; a core would sit idle
meanwhile. :func:`read_ahead` forks a reader first, *before* jieba is
loaded, which reads, decodes, cleans and converts the documents on that
core and hands them over through a bounded queue. The queue holds at most
``depth`` chunks, so the text read ahead stays bounded whatever the corpus.

It yields exactly what :func:`~kg.ingest.iter_documents` yields, in the same
order:

>>> from kg.ingest import iter_documents
>>> [d.id for d in read_ahead("seeds")] == [d.id for d in iter_documents("seeds")]  # doctest: +SKIP
True

Where ``fork`` is not available (Windows, macOS' default), it is
:func:`~kg.ingest.iter_documents` in the calling process.
"""
from __future__ import annotations

import os
import queue as queue_module
from typing import Iterable, Iterator

from kg.document import Document, IngestError
from kg.processes import READER, fork_context, name_this_process

from .readers import iter_documents

#: characters per message (and at most CHUNK_DOCS documents): fewer, larger
#: messages cost less than one per document
CHUNK_CHARS = 64_000
CHUNK_DOCS = 64
#: messages the queue holds. The read-ahead, CHUNK_CHARS × DEPTH = 4M characters
#: (about 25 MB), bounds memory; it is more than ingest makes while jieba
#: loads, so the reader's core is not idle meanwhile
DEPTH = 64
_DONE = "done"
_FAILED = "failed"


def _reader(inputs: list, out) -> None:
    """The reader process: every item of iter_documents, in chunks, then a last word."""
    name_this_process(READER)
    try:
        chunk: list = []
        chars = 0
        for item in iter_documents(inputs):
            chunk.append(item)
            chars += len(item.text) if isinstance(item, Document) else 0
            if chars >= CHUNK_CHARS or len(chunk) >= CHUNK_DOCS:
                out.put(chunk)
                chunk, chars = [], 0
        if chunk:
            out.put(chunk)
        out.put(_DONE)
    except BaseException as error:  # noqa: BLE001 - told to the parent, which raises it
        out.put((_FAILED, f"{type(error).__name__}: {error}"))
    finally:
        out.close()
        out.join_thread()  # every chunk is in the pipe before the process ends


def read_ahead(inputs: Iterable[str | os.PathLike], depth: int | None = None) -> Iterator[Document | IngestError]:
    """:func:`~kg.ingest.iter_documents` of ``inputs``, read in a forked
    process; ``depth``: messages the queue holds (default :data:`DEPTH`)."""
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]
    inputs = list(inputs)
    ctx = fork_context()
    if ctx is None:
        yield from iter_documents(inputs)
        return
    items = ctx.Queue(maxsize=depth or DEPTH)
    reader = ctx.Process(target=_reader, args=(inputs, items), name=READER, daemon=True)
    reader.start()
    try:
        while True:
            try:
                message = items.get(timeout=1.0)
            except queue_module.Empty:
                if not reader.is_alive() and items.empty():
                    raise RuntimeError(f"the reader process ended without a word (exit code {reader.exitcode})")
                continue
            if message == _DONE:
                break
            if isinstance(message, tuple) and message[0] == _FAILED:
                raise RuntimeError(f"reading the inputs failed: {message[1]}")
            yield from message
    finally:
        if reader.is_alive():
            reader.terminate()
        reader.join()
        items.close()
        items.cancel_join_thread()  # the parent never put anything: nothing to wait for
