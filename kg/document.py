"""The document object that every stage passes along.

Ingest fills the text fields; extraction fills :attr:`Document.extraction`.
``text`` is the simplified-script version of ``original`` with the *same
length*, character for character, so an offset found in ``text`` picks the
evidence out of ``original`` in the script the author wrote.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Document:
    id: str                 # stable, readable id: file stem, or the jsonl "id"
    source: str             # where it came from: path, or "path:line" for jsonl
    file_name: str          # base name of the file it was read from
    original: str           # cleaned text in the author's script
    text: str               # simplified script, aligned with ``original``
    title: str | None = None
    url: str | None = None
    sha256: str = ""        # hash of the raw bytes (cache key, provenance)
    extraction: "object | None" = field(default=None, repr=False)
    #: what the user is told about a document kept all the same (bad bytes replaced…)
    warnings: tuple[str, ...] = ()

    def evidence(self, start: int, end: int) -> str:
        """The original-script text of the span ``[start, end)`` of ``text``."""
        return self.original[start:end]


class IngestError(Exception):
    """An input that cannot be read. ``str()`` is the one-line message users see."""

    def __init__(self, source: str, problem: str, line: int | None = None):
        self.source, self.problem, self.line = source, problem, line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")

    def __reduce__(self):
        # sent between processes (the read-ahead process, workers) whole
        return (IngestError, (self.source, self.problem, self.line))
