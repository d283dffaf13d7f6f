"""The user's own lexicons: ``kg build --lexicon DIR``.

A lexicon folder holds files named like the built-in lexicons
(``kg/extract/lexicons/*.txt``: ``unit_kinds.txt``, ``party_kinds.txt``,
``brand_kinds.txt``, ``method_kinds.txt``, ``honour_triggers.txt``…), in
the same format — one entry a line, ``#`` comments, ``short = canonical``
where the built-in file uses it — whose entries are added to the built-in
ones; and ``organizations.txt``, the organizations the user knows with
their short forms (``short = full name``, or a full name alone). Those
names join jieba's user dictionary (so a name stays whole), and
:func:`kg.curate.apply.merge_aliases` makes one node of the forms of a
name across documents.

Every file is checked before anything is built: a file the extractor does
not know, text that is not UTF-8, an entry with spaces or an empty side of
``=`` is one line naming the file and the line.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "unit_kinds.txt").write_text("# 我们的单位\\n驿所\\n", encoding="utf-8")
>>> _ = (d / "organizations.txt").write_text("青禾数科 = 青禾数字科技有限公司\\n", encoding="utf-8")
>>> lex = load_lexicons([d])
>>> lex.aliases()
{'青禾数科': '青禾数字科技有限公司', '青禾数字科技有限公司': '青禾数字科技有限公司'}
>>> _ = (d / "unit_kind.txt").write_text("驿所\\n", encoding="utf-8")
>>> load_lexicons([d])
Traceback (most recent call last):
...
kg.curate.sheet.SheetError: .../unit_kind.txt: unknown lexicon unit_kind (one of brand_kinds, ...)
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .sheet import SheetError

#: the lexicon only the user fills
ORGANIZATIONS = "organizations"
_SPACE = re.compile(r"\s")


def known_lexicons() -> list[str]:
    """Names of the built-in lexicons, which a user's files may add to."""
    folder = resources.files("kg.extract").joinpath("lexicons")
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt"))


@dataclass
class Lexicons:
    """The user's lexicon folders, checked: ``files`` maps each file to its entries."""
    dirs: list[Path] = field(default_factory=list)
    files: dict[Path, list[tuple[str, str]]] = field(default_factory=dict)   # file → (entry, canonical)

    def __bool__(self) -> bool:
        return bool(self.dirs)

    def aliases(self) -> dict[str, str]:
        """Every form of a known organization → its full name."""
        out: dict[str, str] = {}
        for path, entries in self.files.items():
            if path.stem == ORGANIZATIONS:
                for short, full in entries:
                    out.setdefault(short, full)
                    out.setdefault(full, full)
        return out

    def digest(self) -> str:
        """A hash of the entries: part of the extraction cache's key."""
        h = hashlib.sha256()
        for path in sorted(self.files, key=lambda p: (p.name, str(p))):
            h.update(path.name.encode("utf-8") + b"\0")
            for entry, canonical in self.files[path]:
                h.update(f"{entry}={canonical}\n".encode("utf-8"))
        return h.hexdigest()[:16]


def load_lexicons(dirs) -> Lexicons:
    """Check the user's lexicon folders; :class:`SheetError` names the first bad file and line."""
    known = set(known_lexicons())
    lex = Lexicons()
    for d in map(Path, dirs or ()):
        if not d.is_dir():
            raise SheetError(f"{d}: no such lexicon folder")
        lex.dirs.append(d)
        for path in sorted(d.glob("*.txt")):
            if path.stem not in known:
                raise SheetError(f"{path}: unknown lexicon {path.stem} (one of {', '.join(sorted(known))})")
            lex.files[path] = _entries(path)
    return lex


def _entries(path: Path) -> list[tuple[str, str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SheetError(f"{path}, line {line}: not UTF-8 text (byte {error.start})") from None
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        entry, eq, canonical = (x.strip() for x in line.partition("="))
        if eq and not (entry and canonical):
            raise SheetError(f"{path}, line {number}: {line!r} needs a word on both sides of =")
        if _SPACE.search(entry) or _SPACE.search(canonical) or "=" in canonical:
            raise SheetError(f"{path}, line {number}: {line!r}: one word a line (no spaces), or short = canonical")
        out.append((entry, canonical or entry))
    return out


def install(lex: Lexicons | None) -> None:
    """Make the extractor read the user's lexicons (or none) from now on, in this process
    and the workers it forks; the caches built from the lexicons are emptied when they change."""
    from ..extract import lexicon
    dirs = [str(d) for d in (lex.dirs if lex else [])]
    if dirs == lexicon.USER_DIRS:
        return
    lexicon.USER_DIRS[:] = dirs
    for name, module in list(sys.modules.items()):
        if name.startswith("kg.extract") and module is not None:
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()  # every lru_cache built from a lexicon (regexes, jieba's tokenizer…)


def cache_suffix() -> str:
    """What the installed user lexicons add to the extraction cache's version ("" for none)."""
    from ..extract import lexicon
    return "+" + load_lexicons(lexicon.USER_DIRS).digest() if lexicon.USER_DIRS else ""
