"""Checks and clean-ups of candidate names, each small and tested on its own.

>>> strip_generic("各基层党支部")
'党支部'
>>> strip_quotes("“零距离”")
'零距离'
>>> strip_quotes("“人才‘薪火’计划”")
'人才‘薪火’计划'
>>> is_name_part("各")
False
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon

QUOTE_CHARS = "“”‘’「」『』\"'《》〈〉【】"
_OUTER = re.compile(r"^[\s“”‘’「」『』\"'《》〈〉【】]+|[\s“”‘’「」『』\"'《》〈〉【】]+$")
_YEAR = re.compile(r"^(?:\d{4}\s*(?:年度?|-\d{4}年度?)|[一二三四五六七八九十百]+年|连续[一二三四五六七八九十\d]+年|多次|先后|分别|连续|再次|首次)")
_TRAILING_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_COUNTED = re.compile(r"^[\d一二三四五六七八九十两几多]+[大个项类支家所]?$")  # 三大, 四个: a count, not a name
_LEVEL = re.compile(r"^[国家省市县区校院部厅局乡镇村一二三四五六七八九十]+级$")  # 省级, 国家级: a level, not a name
_ONLY_NUMERAL = re.compile(r"^[\d一二三四五六七八九十百零两第]+$")


_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』", "《": "》", "【": "】", "〈": "〉", '"': '"', "'": "'"}


def strip_quotes(name: str) -> str:
    """Outer quotation marks, brackets and spaces off, keeping the marks inside a name.

    >>> strip_quotes("服务一线 甘当“后勤兵”")
    '服务一线 甘当“后勤兵”'
    >>> strip_quotes("“三合一”保畅先锋")
    '“三合一”保畅先锋'
    """
    name = name.strip()
    while len(name) >= 2 and name[0] in _PAIRS and name[-1] == _PAIRS[name[0]] \
            and _PAIRS[name[0]] not in name[1:-1]:
        name = name[1:-1].strip()
    # a mark left without its partner (the other half was cut off) goes too
    if name[:1] in _PAIRS and _PAIRS[name[0]] not in name[1:]:
        name = name[1:].strip()
    if name and name[-1] in _PAIRS.values():
        opener = next((o for o, c in _PAIRS.items() if c == name[-1]), "")
        if opener not in name[:-1] or opener == name[-1] and name.count(opener) == 1:
            name = name[:-1].strip()
    return name


def strip_generic(name: str) -> str:
    """Generic words (各, 基层, 所属…) cut from the left edge, repeatedly."""
    pattern = _generic_re()
    while True:
        m = pattern.match(name)
        if not m or m.end() >= len(name):
            return name
        name = name[m.end():]


@lru_cache(maxsize=1)
def _generic_re():
    return re.compile(f"(?:{lexicon.alternation(lexicon.generic_prefixes())})")


def is_name_part(prefix: str) -> bool:
    """Whether ``prefix`` (what stands before a kind word) can name something."""
    if not prefix:
        return False
    if prefix in lexicon.generic_prefixes() or _ONLY_NUMERAL.match(prefix) and not prefix.startswith("第"):
        return False
    if prefix.endswith(("型", "的", "个")) or _COUNTED.match(prefix) or _LEVEL.match(prefix):
        return False
    return True


def strip_year(name: str) -> str:
    """Leading dates and frequency words off (2019年, 2023年度, 连续三年)."""
    prev = None
    while prev != name:
        prev = name
        name = _YEAR.sub("", name).lstrip("被了过为")
    return name


def strip_trailing_paren(name: str) -> str:
    """A trailing parenthesis off: 示范品牌(全国共20个) → 示范品牌."""
    return _TRAILING_PAREN.sub("", name)


_MARKS = re.compile(r"[\s“”‘’「」『』\"'《》〈〉【】·•・]")


@lru_cache(maxsize=1 << 16)
def plain(name: str) -> str:
    """The name without any quotation marks or spaces, for comparing names."""
    return _MARKS.sub("", name)


def is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is a short form of ``full`` (山高股份 of 山东高速股份有限公司).

    A short form keeps characters of the full name in order, and either keeps
    its first character or is a part of it, and is not only a kind word.
    """
    if len(short) < 2 or len(short) >= len(full) or short in lexicon.unit_kinds():
        return False
    if short in full:
        return True
    return short[0] == full[0] and is_subsequence(short, full)


# numbered and stepwise names: 三个一, 1234, 1+N, 两学一做, 五抓五促
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十两百千]+[^\W\d一二三四五六七八九十两百千][\u4e00-\u9fff]{0,4}"
                       r"|[\dA-Za-z]+(?:\s?[+＋]\s?[\dA-Za-z]+)+|\d{3,})$")
_SYMBOLIC = re.compile(r"^[\dA-Za-z+＋\-—·\s]+$")


def is_numbered(name: str) -> bool:
    """A numbered or stepwise name, the form of a method (三个一, 1+N, 五抓五促).

    >>> is_numbered("三个一"), is_numbered("1+N"), is_numbered("红帆")
    (True, True, False)
    """
    flat = plain(name)
    return bool(_NUMBERED.match(flat) or _SYMBOLIC.match(flat))


# what a quoted phrase is when these words follow it: a goal, an idea, an effect (“两区一城”目标,
# “强磁极”作用), which names no practice and no brand
_NOT_A_PRACTICE = re.compile(r"^(?:的)?(?:总体|发展|战略)?(?:目标|定位|战略|理念|精神|口号|要求|任务|愿景|宗旨|方针|作用|效应|氛围|局面|"
                             r"功能|初心|使命|号召|指示|重要讲话|讲话|论述|思想|发展路径|路径|之路)")


def names_no_practice(tail: str) -> bool:
    """Whether the words after a quoted phrase make it a goal, idea or effect.

    >>> names_no_practice("目标服务"), names_no_practice("发展路径"), names_no_practice("党建品牌")
    (True, True, False)
    """
    return bool(_NOT_A_PRACTICE.match(tail))


_ORDINAL_UNIT = re.compile(r"^(?:第?[一二三四五六七八九十\d]+)$")


@lru_cache(maxsize=1 << 14)
def is_unqualified(type_: str, label: str) -> bool:
    """Whether a name holds no place, no proper name and no parent: a unit word and
    a kind (公司党委, 医院党委, 机关党支部, 第一党支部, 服务中心). Two documents that use
    it may speak of two different bodies, so it names a node of its document only.

    >>> is_unqualified("PartyOrganization", "公司党委"), is_unqualified("PartyOrganization", "青禾站党支部")
    (True, False)
    >>> is_unqualified("Organization", "医院"), is_unqualified("Organization", "青禾县人民医院")
    (True, False)
    """
    if type_ == "PartyOrganization":
        unit = label
        for k in lexicon.longest_first(lexicon.canonical_party_kind(k) for k in lexicon.party_kinds()):
            if label.endswith(k):
                unit = label[: -len(k)]
                break
        else:
            return False
        unit = unit.removesuffix("机关")
        return unit == "" or _ORDINAL_UNIT.match(unit) is not None or unit in lexicon.unit_kinds() \
            or unit in lexicon.relative_units() or unit in lexicon.generic_prefixes()
    if type_ == "Organization":
        return label in lexicon.unit_kinds() or label in lexicon.relative_units()
    return False
