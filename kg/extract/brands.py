"""Party-building brands.

* a quoted name with a brand kind word after it: “零距离”特色党建品牌;
* a quoted name after a brand-creation verb: 在创建“5S”党建中, 着手“X”品牌建设;
* 品牌名称：“X”;
* an unquoted name right before 党建品牌 after a creation verb: 打造X党建品牌;
* a heading that names a unit and its brand: 机关支部---服务一线 甘当“后勤兵”：
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .mentions import BRAND, OWNERS, Mention, Parse
from .names import plain, strip_quotes

# after the brand kind: these make the quoted name a method, not a brand
METHOD_TAILS = ("工程", "矩阵", "体系", "格局", "共建格局", "创建活动", "展评活动", "评选", "工作法", "行动")
_GENERIC = {"特色", "党建", "基层", "服务", "品牌", "一批", "特色党建", "党建特色", "支部", "标杆", "优秀", "全域",
            "一流", "知名", "自身", "这个", "子", "总", "系列"}
# what may stand between the closing quote and the kind word: “X”的党建品牌, “X”特色基层党支部品牌
_BETWEEN = r"(?:的|之|特色|党建|基层|党支部|支部|服务|工作)*"
_HONOUR_BEFORE = re.compile(r"(?:获评|荣获|获得|获|入选|评为|授予|上榜|命名为)[^，。,；;]{0,20}$")


@lru_cache(maxsize=1)
def _patterns():
    kinds = lexicon.alternation(lexicon.load("brand_kinds"))
    triggers = lexicon.alternation(lexicon.load("brand_triggers"))
    quoted = r"[“「\"]([^“”「」\"\n]{1,30})[”」\"]"
    return {
        "brand.quoted_kind": re.compile(quoted + _BETWEEN + f"(?:{kinds})(?!名单)"),
        "brand.trigger_quoted": re.compile(f"(?:{triggers})(?:了|出|好|的)?" + quoted
                                           + r"(?=党建(?!品牌)|品牌|中|[^。；;\n“]{0,12}品牌)"),
        "brand.named": re.compile(r"品牌名称\s*[：:·•\s]\s*[“「\"]?([^“”「」\"\n：:，,。]{2,30})[”」\"]?"),
        "brand.unquoted": re.compile(f"(?:{triggers})(?:了|出|好)?([\u4e00-\u9fff]{{2,6}}?)(?:{kinds})"),
        "brand.heading": re.compile(r"^\s*([^\n：:—\-]{2,30}?)\s*(?:-{2,}|—{1,}|──+)\s*([^\n：:]{2,30}?)\s*[：:]", re.M),
    }


def _brand_name(raw: str) -> str | None:
    name = strip_quotes(raw).strip()
    flat = plain(name)
    if len(flat) < 1 or len(flat) > 24 or flat in _GENERIC:
        return None
    if flat.endswith("品牌") or "品牌" in flat and flat.startswith("一"):
        return None
    return name


def find(p: Parse) -> None:
    text = p.text
    pats = _patterns()
    for rule in ("brand.quoted_kind", "brand.trigger_quoted", "brand.named"):
        for m in pats[rule].finditer(text):
            tail = text[m.end():m.end() + 6]
            if rule == "brand.quoted_kind" and tail.startswith(METHOD_TAILS):
                continue
            if _HONOUR_BEFORE.search(text[max(0, m.start() - 24):m.start()]):
                continue
            name = _brand_name(m.group(1))
            if name and not p.overlaps(m.start(1), m.end(1), (BRAND,)):
                p.add(Mention(BRAND, name, m.start(1), m.end(1), rule))
    for m in pats["brand.unquoted"].finditer(text):
        name = m.group(1)
        if name in _GENERIC or any(g in name for g in ("特色", "党建", "品牌", "一批", "基层", "一流")) \
                or any(w in name for w in lexicon.load("brand_triggers")) or p.in_quotes(m.start(1), m.end(1)):
            continue
        if text[m.end():m.end() + 4].startswith(METHOD_TAILS):
            continue
        if not p.overlaps(m.start(1), m.end(1)):
            p.add(Mention(BRAND, name, m.start(1), m.end(1), "brand.unquoted"))
    for m in pats["brand.heading"].finditer(text):
        owner_span = m.span(1)
        owner = next((x for x in p.mentions if x.type in OWNERS + ("Anaphor",)
                      and owner_span[0] <= x.start and x.end <= owner_span[1]), None)
        if owner is None:
            continue
        name = _brand_name(m.group(2))
        if not name:
            continue
        for x in list(p.mentions):  # the heading brand replaces brands found inside it
            if x.type == BRAND and m.start(2) <= x.start and x.end <= m.end(2):
                p.mentions.remove(x)
        b = p.add(Mention(BRAND, name, m.start(2), m.end(2), "brand.heading", role="heading"))
        b.owner = owner
        owner.role = "heading"
