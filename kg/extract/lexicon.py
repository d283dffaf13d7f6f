"""The general lexicons in ``lexicons/*.txt``: kind words, trigger verbs,
honour heads. Plain text, one entry a line, ``#`` comments.

They hold only general words of the domain, never a name from a document.

>>> "党支部" in party_kinds()
True
>>> canonical_party_kind("支部")
'党支部'
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: folders of the user's own lexicons (``kg build --lexicon``; set through
#: kg.curate.userlex.install, which empties the caches): their ``<name>.txt``
#: entries come after the built-in ones
USER_DIRS: list[str] = []


def _text(name: str) -> str:
    """The text of ``lexicons/<name>.txt``, then of the user's ``<name>.txt`` files."""
    text = resources.files("kg.extract").joinpath("lexicons", f"{name}.txt").read_text(encoding="utf-8")
    return "\n".join([text] + [p.read_text(encoding="utf-8-sig") for d in USER_DIRS
                               if (p := Path(d, f"{name}.txt")).is_file()])


@lru_cache(maxsize=None)
def load(name: str) -> tuple[str, ...]:
    """Entries of ``lexicons/<name>.txt`` (the part before any ``=``), in file order."""
    text = _text(name)
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line.split("=", 1)[0].strip())
    return tuple(out)


@lru_cache(maxsize=None)
def mapping(name: str) -> dict[str, str]:
    """``short = canonical`` lines of a lexicon; other entries map to themselves."""
    text = _text(name)
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            k, _, v = line.partition("=")
            out[k.strip()] = (v or k).strip()
    return out


def longest_first(words) -> list[str]:
    """The words, longest first (ties in code-point order)."""
    return list(_longest_first(frozenset(words)))


@lru_cache(maxsize=256)
def _longest_first(words: frozenset) -> tuple[str, ...]:
    # sorted once per lexicon, not once per candidate name (this sits in the hot path)
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def alternation(words) -> str:
    """A regex alternation that prefers the longest word."""
    return "|".join(re.escape(w) for w in _longest_first(frozenset(words)))


@lru_cache(maxsize=None)
def party_kinds() -> frozenset[str]:
    return frozenset(load("party_kinds"))


def canonical_party_kind(kind: str) -> str:
    return mapping("party_kinds").get(kind, kind)


@lru_cache(maxsize=None)
def unit_kinds() -> frozenset[str]:
    return frozenset(load("unit_kinds"))


@lru_cache(maxsize=None)
def generic_prefixes() -> frozenset[str]:
    return frozenset(load("generic_prefixes"))


@lru_cache(maxsize=None)
def relative_units() -> frozenset[str]:
    return frozenset(load("relative_units"))


@lru_cache(maxsize=None)
def kind_family(word: str) -> tuple[str, ...]:
    """The kinds of unit a general unit word stands for (学校 → 小学, 中学…).

    >>> "小学" in kind_family("学校")
    True
    """
    return tuple(mapping("kind_families").get(word, word).split())


@lru_cache(maxsize=None)
def set_of(name: str) -> frozenset[str]:
    return frozenset(load(name))
