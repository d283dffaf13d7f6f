"""Quoted names and runs of them: “同心党办·服务先锋”“红帆先锋·青山文旅”“公正天平”等….

Brands, methods and honours are usually written in quotation marks; a list
of them shares the words around it (the kind word after the run, the verb
before it). A run is quoted items separated by nothing, 、, 和, 及 or spaces.

>>> t = "涌现出了“甲乙”“丙丁”等一批特色党建品牌"
>>> [(r.items, r.tail[:4]) for r in runs(t)]
[(['甲乙', '丙丁'], '等一批特')]
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

# “…” and 「…」 are names; ‘…’ too when it is not a part of a longer quoted name
_DOUBLE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|\"([^\"\n]{1,40})\"")
_SINGLE = re.compile(r"‘([^‘’“”\n]{2,30})’")
_ASIDE = re.compile(r"[（(][^（）()\n]{0,30}[、，,][^（）()\n]{0,30}[）)]")
_SPACES = " \t\u00a0\u3000\u2002\u2003\u2009"
_JOIN = re.compile(r"^(?:\s*|\s*[、和及与]\s*)$")
# a separator and a short word naming the next item's owner: 团委“甲”、妇联“乙”
_JOIN_LEAD = re.compile(r"^\s*[、和及与]\s*([\u4e00-\u9fff]{2,6})$")


@dataclass
class Run:
    items: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)   # spans of the item texts (inside the marks)
    start: int = 0          # the opening mark of the first item
    end: int = 0            # just after the closing mark of the last item
    head: str = ""          # up to 12 characters before the run
    tail: str = ""          # up to 16 characters after the run
    leads: list[str] = field(default_factory=list)  # per item: the word before its quote inside the run


def _quoted(text: str):
    spans = []
    for m in _DOUBLE.finditer(text):
        g = next(i for i in (1, 2, 3) if m.group(i) is not None)
        spans.append((m.start(), m.end(), m.start(g), m.end(g)))
    outer = [(a, b) for a, b, _, _ in spans]  # in order, not overlapping
    outer_starts = [a for a, _ in outer]
    for m in _SINGLE.finditer(text):
        # ‘薪火’ inside “人才‘薪火’计划” is part of that name, not a name of its own
        k = bisect.bisect_left(outer_starts, m.start()) - 1
        inside = k >= 0 and m.end() < outer[k][1] and outer[k][1] - outer[k][0] <= 34
        if not inside:
            spans.append((m.start(), m.end(), m.start(1), m.end(1)))
    spans.sort()
    return spans


def _lead_word(text: str, start: int) -> str:
    """The short word right before a quote, after a separator or clause start (团委“甲”)."""
    from .segment import cut, tag  # segmentation only where a list of owned items is met
    toks = cut(text[max(0, start - 8):start])
    w = toks[-1] if toks else ""
    return w if 2 <= len(w) <= 6 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and tag(w) in ("n", "nt", "j", "nz", None) else ""


def runs(text: str) -> list[Run]:
    out: list[Run] = []
    for a, b, s, e in _quoted(text):
        lead = ""
        if out and a >= out[-1].end and _JOIN.match(text[out[-1].end:a]):
            r = out[-1]
        elif out and a >= out[-1].end and (j := _JOIN_LEAD.match(text[out[-1].end:a])) \
                and (out[-1].leads[0] or _lead_word(text, out[-1].start)):
            # 团委“甲”、妇联“乙”: a list whose items each follow their owner's word
            r, lead = out[-1], j.group(1)
            if not r.leads[0]:
                r.leads[0] = _lead_word(text, r.start)
        else:
            r = Run(start=a)
            out.append(r)
        r.leads.append(lead)
        r.items.append(text[s:e])
        r.spans.append((s, e))
        r.end = b
    for r in out:
        # spaces around the marks (打造 “甲” 品牌, common in pasted web text) are read past
        head_end = r.start
        while head_end > 0 and text[head_end - 1] in _SPACES:
            head_end -= 1
        r.head = text[max(0, head_end - 12):head_end]
        tail_start = r.end
        while tail_start < len(text) and text[tail_start] in _SPACES:
            tail_start += 1
        # an explanation in brackets right after the name (“五心”（红心、连心…）党建品牌) is read past
        aside = _ASIDE.match(text, tail_start)
        tail_start = aside.end() if aside else tail_start
        r.tail = text[tail_start:tail_start + 16]
    return out
