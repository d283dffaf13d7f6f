"""What ``kg build`` shows on a terminal while it works.

* while documents are extracted: a bar in megabytes of input (a long
  document moves it by its size, not by one of 20,000), with the documents
  done so far;
* while the outputs are written: one line per output, with how many are left
  (the HTML network, GEXF, GraphML and Neo4j exports of a large corpus take
  a while after the last document).

Nothing is shown when stderr is not a terminal, nor for small work (fewer
than ``MIN_DOCUMENTS`` documents and under ``MIN_BYTES``).

>>> import io
>>> p = BuildProgress(["seeds"], stream=io.StringIO(), force=True)
>>> p.documents, p.total_docs > 0, p.total_bytes > 0
(0, True, True)
>>> p.export("kg.gexf", 1, 4)
>>> p.stream.getvalue()
'kg build: writing kg.gexf (output 2 of 4; 2 left after it)\\n'
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterable

from .ingest import folder_files

MIN_DOCUMENTS = 50
MIN_BYTES = 2_000_000


def _files(inputs: Iterable[str | Path]) -> list[Path]:
    out = []
    for p in map(Path, inputs):
        out += [Path(f) for f in folder_files(p)] if p.is_dir() else [p]
    return out


def _records(path: Path) -> int:
    """Documents in a .jsonl file (its lines), else 1."""
    if path.suffix.lower() != ".jsonl" or not path.is_file():
        return 1
    with open(path, "rb") as fh:
        return max(1, sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")))


class BuildProgress:
    """The progress callbacks of :func:`kg.pipeline.build`: :meth:`document`
    (``progress=``) and :meth:`export` (``on_export=``); :meth:`close` at the end."""

    def __init__(self, inputs: Iterable[str | Path], stream=None, force: bool = False):
        self.stream = stream or sys.stderr
        self.share: dict[str, float] = {}  # bytes one document of a file stands for
        self.total_docs, self.total_bytes, self.documents, self.done_bytes = 0, 0, 0, 0.0
        for f in _files(inputs):
            n = _records(f)
            size = f.stat().st_size if f.is_file() else 0
            self.share[os.fspath(f)] = self.share[str(f)] = size / n
            self.total_docs += n
            self.total_bytes += size
        self.bar = None
        big = self.total_docs >= MIN_DOCUMENTS or self.total_bytes >= MIN_BYTES
        self.on = force or (big and self.stream.isatty())
        if self.on and not force:
            from tqdm import tqdm

            self.bar = tqdm(total=round(self.total_bytes / 1e6, 2), unit="MB", file=self.stream, leave=False,
                            bar_format="{l_bar}{bar}| {n:.1f}/{total:.1f} MB [{elapsed}<{remaining}{postfix}]")

    def document(self, result) -> None:
        """One document merged (a DocResult)."""
        self.documents += 1
        source = result.doc.source  # a .jsonl record's is FILE:LINE
        share = self.share.get(source, self.share.get(os.fspath(Path(source.rsplit(":", 1)[0])), 0.0))
        self.done_bytes += share
        if self.bar is not None:
            self.bar.update(round(share / 1e6, 6))
            self.bar.set_postfix_str(f"{self.documents}/{self.total_docs} documents", refresh=False)

    def export(self, name: str, k: int, n: int) -> None:
        """Output ``k`` (from 0) of ``n`` is about to be written."""
        if not self.on:
            return
        if self.bar is not None:
            self.bar.close()
            self.bar = None
        left = n - k - 1
        self.stream.write(f"kg build: writing {name} (output {k + 1} of {n}; "
                          f"{left or 'none'} left after it)\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
