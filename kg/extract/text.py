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
