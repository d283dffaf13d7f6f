"""What a build takes from its users: a corrections file and lexicon folders, checked, then applied.

:func:`kg.pipeline.build` loads a :class:`Curation` before it reads any
document, so a bad file stops the build with nothing written; installs the
user's lexicons into the extractor; and hands the merged graph to
:meth:`Curation.apply` before writing anything.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> Curation.load([folder]).summary()
''
>>> _ = (folder / "corrections.csv").write_text("表,编号,处理,新值,主体,关系,客体\\n", encoding="utf-8")
>>> Curation.load([folder]).summary()   # found in the first input folder
'corrections: ....../corrections.csv (0 decisions)'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .corrections import Corrections, load_corrections
from .sheet import SheetError
from .userlex import Lexicons, install, load_lexicons

#: a corrections file found in the first input folder is used unless another is given
DEFAULT_NAMES = ("corrections.xlsx", "corrections.csv")


def default_corrections(inputs: Iterable[str | Path]) -> Path | None:
    """``corrections.xlsx`` or ``.csv`` in the first input, when it is a folder."""
    first = next(iter(inputs), None)
    if first is None or not Path(first).is_dir():
        return None
    found = [Path(first) / n for n in DEFAULT_NAMES if (Path(first) / n).is_file()]
    if len(found) > 1:
        raise SheetError(f"{first}: both {DEFAULT_NAMES[0]} and {DEFAULT_NAMES[1]}: "
                         "keep one, or name it with --corrections")
    return found[0] if found else None


@dataclass
class Curation:
    corrections: Corrections | None = None
    lexicons: Lexicons = field(default_factory=Lexicons)
    applied: int = 0
    unmatched: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, inputs: Iterable[str | Path] = (), corrections: str | Path | None = None,
             lexicons: Iterable[str | Path] = (), use_default: bool = True) -> "Curation":
        """Check the corrections file (given, or found in the first input folder
        when ``use_default``) and the lexicon folders: :class:`SheetError` at the first bad row."""
        path = corrections if corrections is not None else (default_corrections(inputs) if use_default else None)
        return cls(load_corrections(path) if path is not None else None, load_lexicons(lexicons))

    @property
    def changes_graph(self) -> bool:
        return self.corrections is not None or bool(self.lexicons.aliases())

    def install(self) -> None:
        """The user's lexicons into the extractor (and none when there are none)."""
        install(self.lexicons)

    def apply(self, builder):
        """The merged graph, with the known organizations' forms joined and the corrections applied."""
        from ..extract import lexicon
        from .apply import apply_corrections, merge_aliases

        builder, moved = merge_aliases(builder, self.lexicons.aliases(),
                                       {lexicon.canonical_party_kind(k) for k in lexicon.party_kinds()})
        if self.corrections is not None:
            builder, outcome = apply_corrections(builder, self.corrections.decisions, moved)
            self.applied, self.unmatched = outcome.applied, outcome.unmatched
        return builder

    def summary(self) -> str:
        """``corrections: FILE (N applied, M reported)`` for the build's summary line."""
        if self.corrections is None:
            return ""
        n = len(self.corrections.changes)
        if not self.applied and not self.unmatched:
            return f"corrections: {self.corrections.path} ({n} decisions)"
        missed = f", {len(self.unmatched)} reported" if self.unmatched else ""
        return f"corrections: {self.corrections.path} ({self.applied} applied{missed})"
