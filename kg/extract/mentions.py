"""Mentions: a name found in the text, before names are merged into entities.

Each extractor component appends mentions to the :class:`Parse` of the
document; later components resolve them to entities and relate them.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .text import Sentence, split

ORG, PARTY, BRAND, METHOD, HONOUR = "Organization", "PartyOrganization", "Brand", "Method", "Honour"
ANAPHOR = "Anaphor"     # 该站, 该支部, a bare 支部: refers to the current topic
OWNERS = (ORG, PARTY)

# quoted spans: “…”, ‘…’ (outside “”), 「…」, 《…》, and straight double quotes in pairs
# (a longer quotation is someone's words, not a name: what it says still counts)
_QUOTES = re.compile(r"“[^“”\n]{0,30}”|「[^「」\n]{0,30}」|《[^《》\n]{0,80}》|\"[^\"\n]{0,30}\"")


@dataclass(eq=False)  # a mention is itself: two at one place are two (and removal is by identity)
class Mention:
    type: str
    name: str                       # the name as the entity will be labelled (simplified)
    start: int                      # span of the surface in Document.text
    end: int
    rule: str
    sent: int = -1                  # index of the sentence
    alts: set[str] = field(default_factory=set)          # other names it goes by
    parents: list["Mention"] = field(default_factory=list)  # units its name is inside (outer first)
    role: str = ""                  # 'issuer', 'heading', 'relative', …
    owner: "Mention | None" = None  # for brands from headings: the owner named in the heading
    key: tuple[str, str] | None = None   # entity key after resolution
    cue: int = -1                   # where the word that introduced it starts (荣获 of an honour)


class Parse:
    """A document being extracted: its text, sentences and mentions so far."""

    def __init__(self, doc):
        self.doc = doc
        self.text: str = doc.text
        self.sentences: list[Sentence] = split(self.text)
        self._starts = [s.start for s in self.sentences]
        self.mentions: list[Mention] = []
        # the mentions sorted by start, for overlap queries in log time (long documents)
        self._starts_index: list[int] = []
        self._by_start: list[Mention] = []
        self._longest = 0
        self.quotes: list[tuple[int, int]] = [m.span() for m in _QUOTES.finditer(self.text)]
        self._qstarts = [q[0] for q in self.quotes]
        self.main_org: Mention | None = None
        self._runs: list | None = None

    @property
    def runs(self) -> list:
        """The runs of quoted names of the text (:func:`kg.extract.quotes.runs`), found once
        for the brand and method components that both read them."""
        if self._runs is None:
            from .quotes import runs
            self._runs = runs(self.text)
        return self._runs

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def in_quotes(self, start: int, end: int | None = None) -> bool:
        """Whether ``[start, end)`` lies inside a quoted span (not counting the quote marks)."""
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._qstarts, start) - 1
        return i >= 0 and self.quotes[i][0] < start and end <= self.quotes[i][1] - 1

    def add(self, m: Mention) -> Mention:
        m.sent = self.sentence_index(m.start)
        self.mentions.append(m)
        i = bisect.bisect_right(self._starts_index, m.start)
        self._starts_index.insert(i, m.start)
        self._by_start.insert(i, m)
        self._longest = max(self._longest, m.end - m.start)
        return m

    def remove(self, m: Mention) -> None:
        self.mentions.remove(m)
        i = self._by_start.index(m, bisect.bisect_left(self._starts_index, m.start))
        del self._starts_index[i], self._by_start[i]

    def overlaps(self, start: int, end: int, types=None) -> Mention | None:
        """A mention (of ``types``, when given) that overlaps ``[start, end)``, or None.

        Only mentions that start less than the longest mention's length before
        ``start`` can reach it, so the search looks at those alone.
        """
        lo = bisect.bisect_left(self._starts_index, start - self._longest)
        hi = bisect.bisect_left(self._starts_index, end)
        return next((m for m in self._by_start[lo:hi] if (types is None or m.type in types) and start < m.end), None)

    def within(self, start: int, end: int, types=None) -> list[Mention]:
        """The mentions (of ``types``, when given) inside ``[start, end)``, by start."""
        lo = bisect.bisect_left(self._starts_index, start)
        hi = bisect.bisect_left(self._starts_index, end)
        return [m for m in self._by_start[lo:hi] if m.end <= end and (types is None or m.type in types)]

    def of_type(self, *types: str) -> list[Mention]:
        return [m for m in self.mentions if m.type in types]
