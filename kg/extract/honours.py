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
_CLAUSE_END = re.compile(r"[。；;！!？?\n]|[，,](?![^“”]*”)|(?:等)?(?:省部级以上)?(?:荣誉称号|荣誉|称号|奖项)|等(?=[，,。；\s]|$|[\d一二三四五六七八九十百两多]+[余多]?[项个次类])|之一|以来|后")
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


def _is_rating(name: str) -> bool:
    """A rating quoted alone that is an honour word itself (评为“优秀”、“标兵”)."""
    return plain(name) in lexicon.set_of("honour_heads") and len(plain(name)) >= 2


# 和/及 between two titles, not inside one (和谐, 和美)
_JOINED = re.compile(r"(?:以及|和(?![谐美睦平])|及)")


def _is_title(name: str) -> bool:
    """A quoted designation with no honour word: long enough, a name (not a count or a verb phrase)."""
    flat = plain(name)
    return 4 <= len(flat) <= 20 and not flat.endswith(_NOT_HONOUR) and not re.search(r"[，,。、的了]", flat) \
        and not re.search(r"多项|多个|各类|若干|一批|系列|多次", flat)


def _clean(item: str) -> str:
    item = strip_trailing_paren(item.strip())
    for tail in lexicon.load("honour_tails"):
        if item.endswith(tail) and len(item) > len(tail):
            item = item[: -len(tail)]
            break
    item = strip_year(strip_quotes(item).strip())
    item = re.sub(r"名单$", "", item)
    item = re.sub(r"[\d一二三四五六七八九十两]+[个项次家]$", "", item)  # 获得标杆品牌2个: a count
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


def items(phrase: str, titles: bool = True, named: bool = False) -> list[tuple[str, str | None]]:
    """(honour, longer name or None) for each item of a list of honours; with ``titles``,
    a quoted item is one even without an honour word (after 荣获, not after 作为)."""
    out = []
    parts = [x.strip() for x in _split(phrase)]
    for n, part in enumerate(parts):
        quoted = _QUOTED.findall(part)
        if n and len(quoted) == 1 and part.startswith(("“", "「")) and not part.endswith(("”", "」")) \
                and all(x.startswith(("“", "「")) and x.endswith(("”", "」")) for x in parts[:n]):
            # 评为“优秀”、“标兵”、“示范”党支部: the words after the last quote are said of every item
            if out and 2 <= len(plain(quoted[0])) <= 20:
                out.append((_clean(quoted[0]), None))
            continue
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
                # a title quoted right after a trigger is one even without an honour word (“甲式派出所”)
                if _is_honour(name) or titles and (_is_title(name) or _is_rating(name)):
                    out.append((name, (prefix + name) if prefix else None))
            continue
        whole = len(quoted) == 1 and part.startswith(("“", "「")) and part.endswith(("”", "」"))
        name = _clean(part)
        name = re.sub(r"[“”「」]", "", name)
        parts = _JOINED.split(name) if not quoted else []
        if len(parts) > 1 and all(_is_honour(x) for x in parts):
            out.extend((x, None) for x in parts)  # 甲示范点和先进基层党组织: two titles joined without quotes
        elif _is_honour(name) or titles and (whole or named) and _is_title(name) or whole and _is_rating(name):
            out.append((name, None))
    return out


# a trigger character that is part of another word here: 获奖, 获悉, 获批
_NOT_TRIGGER_AFTER = re.compile(r"^(?:奖|悉|批|准|取|益|利|胜|救|此殊荣|得者|得感)")
# the holder is a person: 支部党员先后荣获…, 张三同志被评为…
_PERSON_BEFORE = re.compile(r"(?:党员|同志|员工|职工|干部|个人|书记|队员|教师|医生|护士)"
                            r"(?:先后|多次|分别|均|都|也|还|曾|已|连续[一二三四五六七八九十\d]+年|再次|又)*(?:被)?$")
_CONFERRING = {"授予", "命名为", "确定为", "认定为", "定为", "列为", "评为", "评选为", "确认为"}
# a person named by title and name: 党总支书记陈某, 副局长李某某
_PERSON_NAMED = re.compile(r"(?:[\u4e00-\u9fff]长|书记|主任|经理|主席|委员|干事|专员)[\u4e00-\u9fff]{2,3}(?:同志)?$")


def _person_subject(text: str, trigger: int) -> bool:
    """Whether the subject of the clause before ``trigger`` is a person (甲书记陈某被乙评为…)."""
    start = max(text.rfind(c, max(0, trigger - 40), trigger) for c in "，,。；;！？\n") + 1
    clause = text[start:trigger]
    if "被" in clause:
        clause = clause[:clause.index("被")]
    return bool(_PERSON_NAMED.search(clause))


_CLAUSE_STOP = "。；;！!？?\n"
# 甲、乙等70余项国家级荣誉: the list's items are titles
_COUNTED_HONOURS = re.compile(r"等\s*[\d一二三四五六七八九十百两多]+\s*[余多]?[项个次类]?[\u4e00-\u9fff]{0,6}?(?:荣誉|称号|奖项|表彰)")
# what follows an issuer inside the phrase: 荣获甲工委授予的“乙” → 乙
_ISSUED = re.compile(r"(?:授予|颁发|评选|命名|认定|表彰)的")
_MONEY = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|元|万)")


def clause_after(text: str, start: int, limit: int = 120) -> int:
    """Where the clause that starts at ``start`` ends: at 。；！？ or a line end, at a comma
    outside a title quoted after ``start``, at an opening bracket, or at 之后/以来.

    >>> t = "荣获“甲，乙”称号，并"
    >>> t[2:clause_after(t, 2)]
    '“甲，乙”称号'
    """
    depth, i, end = 0, start, min(len(text), start + limit + 1)
    while i < end:
        ch = text[i]
        if ch in "“「":
            depth += 1
        elif ch in "”」":
            if depth == 0:
                return i  # the close of a quotation that opened before the trigger
            depth -= 1
        elif ch in _CLAUSE_STOP or depth == 0 and (ch in "，,(（" or text.startswith(("之后", "以来", "后，"), i)):
            return i
        i += 1
    return i


def find(p: Parse) -> None:
    text = p.text
    for m in _trigger_re().finditer(text):
        after = text[m.end():m.end() + 3]
        if after[:1] in ("感", "者") or _NOT_TRIGGER_AFTER.match(after) and m.group(0) in ("获", "获得"):
            continue
        if _PERSON_BEFORE.search(text, max(0, m.start() - 12), m.start()) or _person_subject(text, m.start()):
            continue  # an honour of a person, not of a unit
        if text[max(0, m.start() - 3):m.start()].endswith(("名称", "名字", "命名")):
            continue  # 品牌名称定为“甲”: a name given, not a title conferred
        start = m.end()
        if text[start:start + 1] == "了":
            start += 1
        end = clause_after(text, start)
        stop = _CLAUSE_END.search(text, start, end)
        if stop:
            end = stop.start()
        issued = _ISSUED.search(text, start, end)
        if issued:
            start = issued.end()
        if end - start < 3 or end - start > 120:
            continue
        # 授予甲“乙”: the organization after a conferring verb receives the title; after
        # 荣获/获评 it is the title's issuer (荣获甲公司首批“乙”)
        confers = m.group(0) in _CONFERRING and text[m.start() - 1:m.start()] != "被"
        _add_items(p, text, start, end, "honour.trigger", cue=m.start(), role="conferred" if confers else "",
                   titles=m.group(0) != "作为", named=text.startswith(("荣誉称号", "称号", "荣誉", "等荣誉"), end)
                   or bool(_COUNTED_HONOURS.match(text, end)))
    for m in _LISTED.finditer(text):
        # 甲、乙、丙等奖牌: honours listed before a word that says what they are; the first
        # item opens after the verb that shows them (墙上挂着甲、乙等奖牌)
        first = text[m.start(1):text.index("、", m.start(1))]
        shown = None
        for shown in _SHOWN.finditer(first):
            pass
        start = m.start(1) + (shown.end() if shown and len(first) - shown.end() >= 3 else 0)
        _add_items(p, text, start, m.end(1), "honour.listed")


_SHOWN = re.compile(r"(?:着|了|满|有|是|为|包括)")
# a list of honours closed by a collective noun, with no trigger: 甲奖、乙号等奖牌豁然在列
_LISTED = re.compile(r"((?:[^，。；;、,\n“”]{3,30}、)+[^，。；;、,\n“”]{3,30})等(?:奖牌|荣誉|称号|奖项|奖章|牌匾)")


def _add_items(p: Parse, text: str, start: int, end: int, rule: str, cue: int = -1, role: str = "",
               titles: bool = True, named: bool = False) -> None:
    pos = start
    for name, longer in items(text[start:end], titles, named):
        if _MONEY.search(name):
            continue  # 给予10000元奖补: a reward, not a title
        i = text.find(name[:2], pos, end)
        s = i if i >= 0 else start
        if p.overlaps(s, s + len(name), (HONOUR,)):
            continue
        ment = Mention(HONOUR, name, s, min(end, s + len(name)), rule, cue=cue, role=role)
        if longer:
            ment.alts.add(longer)
        p.add(ment)
        pos = max(pos, s + 1)
