"""Sentences and paragraphs of a document, as spans of ``Document.text``.

A paragraph is a line; a sentence ends at 。！？；!? or the end of the line.
Facts carry their sentence as evidence; paragraphs carry the topic.

>>> [s.text for s in split("甲党支部打造品牌。乙获评先进!\\n丙")]
['甲党支部打造品牌。', '乙获评先进!', '丙']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SENT_END = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』)）]*|\n|$)")


@dataclass
class Sentence:
    start: int
    end: int
    para: int          # paragraph (line) number
    first: bool        # first sentence of its paragraph
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def split(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    para, pos = 0, 0
    first = True
    for line in text.split("\n"):
        if line.strip():
            for m in _SENT_END.finditer(line):
                seg = m.group(0)
                if not seg.strip():
                    continue
                s = pos + m.start()
                # trim surrounding whitespace from the span
                lead = len(seg) - len(seg.lstrip())
                seg = seg.strip()
                out.append(Sentence(s + lead, s + lead + len(seg), para, first, seg))
                first = False
            para += 1
            first = True
        pos += len(line) + 1
    return out


_CLAUSE_OPENERS = re.compile(r"(?:近年来|近年|今年以来|今年|去年|目前|同时|其中|此外|另外|近日|日前|近期|多年来|一直以来|"
                             r"长期以来|为此|对此|随后|此后|当前|如今|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来)?|[,，:：\s]|"
                             r"[•·●○■□◆◇▪▶►★☆※]|[一二三四五六七八九十]+、|\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,2}[)）]|"
                             r"[该本我][院校局司所站厂矿部行委处镇村社区公司集团中心]{1,2})*$")


def is_subject(text: str, start: int) -> bool:
    """Whether a name at ``start`` opens its clause (after time words at most): the
    subject, what the text goes on about, not a partner, an object or a unit named
    in passing.

    >>> t = "近年来，甲党委联合乙公司开展活动"
    >>> is_subject(t, t.index("甲")), is_subject(t, t.index("乙"))
    (True, False)
    """
    clause = max(text.rfind(c, max(0, start - 200), start) for c in "，,。；;！？!?\n：:") + 1
    return bool(_CLAUSE_OPENERS.match(text, clause, start))
