"""The whole build, as a library: documents → ingest → extract → graph → exports.

>>> report = build(["seeds"], "exports", jobs=1)        # doctest: +SKIP
>>> report.summary()                                     # doctest: +SKIP
'5 documents read, 0 skipped; entities: …'

The CLI (``kg build``) only wraps :func:`build`.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .document import Document, IngestError
from .extract import extract, warm_up
from .graph.build import DocResult, GraphBuilder, doc_result
from .ingest import iter_documents
from .vocab import ENTITY_CLASSES, RELATIONS


def extract_document(doc: Document) -> DocResult:
    """Extract one document and reduce it to what the graph needs (runs in workers)."""
    return doc_result(doc, extract(doc))


@dataclass
class BuildReport:
    documents: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors and self.documents > 0

    def summary(self) -> str:
        ents = ", ".join(f"{c} {self.entities[c]}" for c in ENTITY_CLASSES)
        rels = ", ".join(f"{r} {self.relations[r]}" for r in RELATIONS)
        return (f"{self.documents} documents read, {self.skipped} skipped; "
                f"entities: {ents}; relations: {rels}; {self.seconds:.1f} s")


def default_jobs() -> int:
    return os.cpu_count() or 1


SUFFIXES = {".txt", ".html", ".htm", ".md", ".jsonl"}


def count_inputs(inputs: Iterable[str | Path]) -> int:
    """How many documents the inputs hold, roughly (for a progress bar): files, plus jsonl lines."""
    n = 0
    for p in map(Path, inputs):
        files = [f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES] if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".jsonl" and f.is_file():
                with open(f, "rb") as fh:
                    n += sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
            else:
                n += 1
    return n


def iter_results(inputs: Iterable[str | Path], jobs: int | None = None,
                 on_error: Callable[[IngestError], None] | None = None) -> Iterator[DocResult]:
    """DocResults of the readable inputs, in input order, extracted by ``jobs`` processes.

    Ingest errors go to ``on_error`` and the build goes on. Documents are
    streamed: only a bounded number are in flight at any time.
    """
    jobs = jobs or default_jobs()

    def documents() -> Iterator[Document]:
        for item in iter_documents(inputs):
            if isinstance(item, IngestError):
                if on_error:
                    on_error(item)
            else:
                yield item

    docs = documents()
    head = list(itertools.islice(docs, 2 * jobs))
    warm_up()  # load jieba and the lexicons once; forked workers inherit them
    if jobs == 1 or len(head) < 2 * jobs:
        for doc in itertools.chain(head, docs):
            yield extract_document(doc)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    with ctx.Pool(jobs, initializer=warm_up) as pool:
        yield from pool.imap(extract_document, itertools.chain(head, docs), chunksize=8)


def build(inputs: Iterable[str | Path], out_dir: str | Path = "exports", jobs: int | None = None,
          exports: Iterable[str] | None = None, progress: Callable[[DocResult], None] | None = None,
          on_error: Callable[[IngestError], None] | None = None) -> BuildReport:
    """Build the graph of ``inputs`` and write the exports into ``out_dir``.

    Every export is written atomically; when no document could be read,
    nothing is written and the previous exports stay as they were.
    """
    from .export import BUILD_EXPORTS

    t0 = time.perf_counter()
    report = BuildReport()

    def failed(err: IngestError) -> None:
        report.skipped += 1
        report.errors.append(str(err))
        if on_error:
            on_error(err)

    builder = GraphBuilder()
    for result in iter_results(inputs, jobs, failed):
        builder.add(result)
        report.documents += 1
        if progress:
            progress(result)
    counts = builder.summary()
    report.entities, report.relations = counts["entities"], counts["relations"]
    if report.documents:
        graph = builder.graph()
        wanted = set(exports) if exports is not None else None
        for name, write in BUILD_EXPORTS:
            if wanted is None or name in wanted:
                report.outputs.append(write(graph, Path(out_dir)))
    report.seconds = time.perf_counter() - t0
    return report
