"""Honours: titles, awards and ratings conferred after 荣获/获评/被评为/授予….

The phrase after the trigger is cut at the end of the clause, split into a
list at 、 and between quoted titles, and each item is kept when it holds an
honour head word (先进, 示范, 文明, 奖…).

>>> items("云岭省交通运输厅“工人先锋号”“白鹭标兵岗”、白沙分公司先进基层党组织等")
[('工人先锋号', '云岭省交通运输厅工人先锋号'), ('白鹭标兵岗', None), ('白沙分公司先进基层党组织', None)]
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .mentions import HONOUR, Mention, Parse
from .names import plain, strip_quotes, strip_trailing_paren, strip_year

# the clause after a trigger ends here
_CLAUSE_END = re.compile(r"[。；;！!？?\n]|[，,](?![^“”]*”)|(?:等)?(?:省部级以上)?(?:荣誉称号|荣誉|称号|奖项)|等(?=[，,。；\s]|$)|之一|以来|后")
_SPLIT = re.compile(r"[、/]|(?<=[”」])\s*(?=[“「])|和(?=[“「])|及(?=[“「])")
_QUOTED = re.compile(r"[“「]([^“”「」]+)[”」]")
_NOT_HONOUR = ("个人", "同志", "称号", "感", "者")


@lru_cache(maxsize=1)
def _trigger_re():
    # 作为“河南省…示范单位”, …: a title held, named in quotes (its items still need an honour head)
    return re.compile(f"(?:{lexicon.alternation(lexicon.load('honour_triggers'))}|作为(?=[“「]))")


def _is_honour(name: str) -> bool:
    flat = plain(name)
    if not (3 <= len(flat) <= 40) or flat.endswith(_NOT_HONOUR) or re.search(r"多项|多个|各类|若干|一批|系列|多次", flat):
        return False  # 多项大奖: a count of honours, not one
    return any(h in flat for h in lexicon.set_of("honour_heads"))


def _clean(item: str) -> str:
    item = strip_trailing_paren(item.strip())
    for tail in lexicon.load("honour_tails"):
        if item.endswith(tail) and len(item) > len(tail):
            item = item[: -len(tail)]
            break
    item = strip_year(strip_quotes(item).strip())
    item = re.sub(r"名单$", "", item)
    return strip_quotes(item).strip()


def _split(phrase: str) -> list[str]:
    """The items of a list, split at 、 and between quoted titles, never inside quotes."""
    parts, depth, cur = [], 0, ""
    i = 0
    while i < len(phrase):
        ch = phrase[i]
        if ch in "“「":
            if depth == 0 and cur.rstrip().endswith(("”", "」")):
                parts.append(cur)
                cur = ""
            depth += 1
        elif ch in "”」":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in "、/" or ch in "和及" and phrase[i + 1:i + 2] in ("“", "「")):
            parts.append(cur)
            cur = ""
            i += 1
            continue
        cur += ch
        i += 1
    parts.append(cur)
    return parts


def items(phrase: str) -> list[tuple[str, str | None]]:
    """(honour, longer name or None) for each item of a list of honours."""
    out = []
    for part in _split(phrase):
        part = part.strip()
        quoted = _QUOTED.findall(part)
        # a prefix before quoted titles is their issuer (云岭省交通运输厅“工人先锋号”); a quoted part
        # inside a title is part of it (白河市检察机关“红色建院、实干强院”典型事例)
        if quoted and not part.rstrip().endswith(("”", "」")):
            after = part[part.rindex(quoted[-1]) + len(quoted[-1]) + 1:]
            if not _is_honour("xx" + after) and len(quoted) == 1:
                # “河南省园林单位”当之无愧: what follows the title is comment, not part of it
                part = part[: len(part) - len(after)]
            else:
                name = re.sub(r"[“”「」]", "", _clean(part))
                if _is_honour(name):
                    out.append((name, None))
                continue
        if len(quoted) > 1 or (quoted and part.startswith(("“", "「")) is False and part.endswith(("”", "」"))):
            prefix = _clean(part[: part.index(quoted[0]) - 1]) if not part.startswith(("“", "「")) else ""
            for q in quoted:
                name = _clean(q)
                if _is_honour(name):
                    out.append((name, (prefix + name) if prefix else None))
            continue
        name = _clean(part)
        name = re.sub(r"[“”「」]", "", name)
        if _is_honour(name):
            out.append((name, None))
    return out


def find(p: Parse) -> None:
    text = p.text
    for m in _trigger_re().finditer(text):
        if text[m.end():m.end() + 1] in ("感", "者", "了") and text[m.end():m.end() + 2] != "了“":
            if text[m.end():m.end() + 1] != "了":
                continue
        start = m.end()
        if text[start:start + 1] == "了":
            start += 1
        stop = _CLAUSE_END.search(text, start)
        end = stop.start() if stop else len(text)
        if end - start < 3 or end - start > 120:
            continue
        phrase = text[start:end]
        pos = start
        for name, longer in items(phrase):
            i = text.find(name[:2], pos, end)
            s = i if i >= 0 else start
            if p.overlaps(s, s + len(name), (HONOUR,)):
                continue
            ment = Mention(HONOUR, name, s, min(end, s + len(name)), "honour.trigger")
            if longer:
                ment.alts.add(longer)
            p.add(ment)
            pos = max(pos, s + 1)
