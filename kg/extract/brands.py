"""Party-building brands.

* a quoted name, or a run of them, with a brand kind word after it:
  “零距离”特色党建品牌, “甲”“乙”等一批特色党建品牌, ‘X’党建微品牌;
* a quoted name after a brand-creation verb: 在创建“5S”党建中, 创建的“X”和…品牌;
* a quoted name right after its owner in a sentence about brands:
  青川市中级法院“法润青山”、…获评…典型品牌;
* a sub-brand “A·B” whose A is a brand (or part of one) of the same text;
* 品牌名称：“X”;
* an unquoted name right before 党建品牌 after a creation verb: 打造X党建品牌;
* a heading that names a unit and its brand: 机关支部---服务一线 甘当“后勤兵”：
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .mentions import BRAND, HONOUR, ORG, OWNERS, Mention, Parse
from .names import is_numbered, names_no_practice, plain, strip_quotes
from .methods import method_head

# after the brand kind: these make the quoted name a method, not a brand
METHOD_TAILS = ("工程", "矩阵", "体系", "格局", "共建格局", "创建活动", "展评活动", "评选", "工作法", "行动", "建设体系",
                "建设路径", "路径")
_GENERIC = {"特色", "党建", "基层", "服务", "品牌", "一批", "特色党建", "党建特色", "支部", "标杆", "优秀", "全域",
            "一流", "知名", "自身", "这个", "子", "总", "系列", "各自", "自己", "本单位", "各类"}
# what may stand between the closing quote and the kind word: “X”的党建品牌, “X”特色基层党支部品牌
_BETWEEN = (r"(?:等[^，。；;、“”\n]{0,8}?|一批|多个|的|之|特色|党建|基层|党支部|支部|服务|工作|机关|公路|卫生|健康"
            r"|[\d一二三四五六七八九十两几多]+[个项大类种支])*")
_HONOUR_BEFORE = re.compile(r"(?:获评|荣获|获得|获|入选|评为|授予|上榜|命名为)[^，。,；;]{0,20}$")
_KIND_BEFORE = re.compile(r"品牌(?:名称)?[：:]?$")
# “甲”作为乙党委的特色品牌…: the frame names it a brand, and whose
# (把“甲”作为创建品牌的重点: what brand-making is about, not a brand)
_AS_BRAND = re.compile(r"^作为(?:(?!创建|打造|建设|培育)[^，。；;\n“”]){0,24}?品牌(?:工程|矩阵|体系|路径)?(?!的)")
_CARRIER_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:岗|队|室|站|课堂|讲堂|活动|工程|机制|体系|行动|工作法|平台|基地)")


@lru_cache(maxsize=1)
def _patterns():
    kinds = lexicon.alternation(lexicon.load("brand_kinds"))
    triggers = lexicon.alternation(lexicon.load("brand_triggers"))
    return {
        "kind_after": re.compile(f"^{_BETWEEN}(?:{kinds})(?!名单)"),
        "trigger_before": re.compile(f"(?:{triggers})(?:了|出|好|的)?$"),
        # 品牌名称：X, 品牌名称定为“X”
        "named": re.compile(r"品牌的?名称\s*(?:最终)?(?:定为|确定为|为|是|叫|[：:·•\s])\s*[“「\"]?([^“”「」\"\n：:，,。]{2,30})[”」\"]?"),
        # 《X》党建品牌: a brand's name in book-title brackets, before its kind
        "book": re.compile(f"《([^《》\n]{{2,24}})》(?={_BETWEEN}(?:{kinds}))"),
        "unquoted": re.compile(f"(?:{triggers})(?:了|出|好)?([\u4e00-\u9fff]{{2,6}}?)(?:{kinds})"),
        "heading": re.compile(r"^\s*([^\n：:—\-]{2,30}?)\s*(?:-{2,}|—{1,}|──+)\s*([^\n：:]{2,30}?)\s*[：:]", re.M),
    }


def _brand_name(raw: str) -> str | None:
    name = strip_quotes(raw).strip()
    flat = plain(name)
    if len(flat) < 1 or len(flat) > 24 or flat in _GENERIC:
        return None
    if flat.endswith("品牌") or "品牌" in flat and flat.startswith("一"):
        return None
    return name


def _sentence_has_brand(p: Parse, pos: int) -> bool:
    s = p.sentences[p.sentence_index(pos)] if p.sentences else None
    return bool(s) and "品牌" in s.text


def _add(p: Parse, name: str | None, span: tuple[int, int], rule: str) -> Mention | None:
    if name and not p.overlaps(span[0], span[1], (BRAND, HONOUR)):
        return p.add(Mention(BRAND, name, span[0], span[1], rule))
    return None


def _lead_owner(p: Parse, lead: str, quote: int) -> Mention:
    """The owner named by the word before a brand in a list (团委“甲”、妇联“乙”): the
    organization mention ending there, else that word as a unit of the text's organization."""
    near = next((m for m in p.within(quote - len(lead) - 30, quote, OWNERS) if m.end == quote), None)
    return near or p.add(Mention(ORG, lead, quote - len(lead), quote, "org.list_owner", role="relative-unit"))


def _bracketed_owner(p: Parse, text: str, pos: int) -> Mention | None:
    """The organization named alone in brackets at ``pos``: “甲”（乙医院）."""
    if text[pos:pos + 1] not in "（(":
        return None
    close = re.compile(r"[)）]").search(text, pos + 1, pos + 40)
    if close is None:
        return None
    inside = p.within(pos + 1, close.start(), OWNERS)
    return inside[-1] if inside and inside[-1].end == close.start() else None


def _paragraph(text: str, pos: int) -> str:
    return text[text.rfind("\n", 0, pos) + 1:(text.find("\n", pos) + 1 or len(text) + 1) - 1]


def find(p: Parse) -> None:
    text = p.text
    pats = _patterns()
    owners_end = {m.end for m in p.mentions if m.type in OWNERS}
    found_runs = p.runs
    for r in found_runs:
        if _HONOUR_BEFORE.search(r.head) or names_no_practice(r.tail):
            continue
        m = pats["kind_after"].match(r.tail)
        # a kind phrase that mixes 品牌 with 工程/矩阵/体系 names a brand (“双领”党建品牌工程)
        # unless the name is numbered or stepwise, the form of a method (“1+M”品牌矩阵)
        stepwise = all(is_numbered(i) for i in r.items)
        if m:
            if r.tail[m.end():].startswith(METHOD_TAILS) and stepwise:
                continue
            rule = "brand.quoted_kind"
        elif pats["trigger_before"].search(r.head) and (r.tail.startswith(("党建", "品牌", "中", "建设"))
                                                        or re.match(r"^[^。；;\n“”]{0,12}品牌", r.tail)):
            if re.match(r"^[^。；;\n“”]{0,12}品牌(?:" + "|".join(METHOD_TAILS) + ")", r.tail) and stepwise:
                continue
            if method_head(r.tail):
                continue  # 构建“X”党建工作机制: the phrase after it names a method
            rule = "brand.trigger_quoted"
        elif r.start in owners_end and _sentence_has_brand(p, r.start) and not _CARRIER_AFTER.match(r.tail):
            rule = "brand.owner_quoted"
        elif (as_brand := _AS_BRAND.match(r.tail)) and not as_brand.group(0).endswith(METHOD_TAILS):
            rule = "brand.as_brand"  # “甲”作为乙党委的特色品牌入选…: named by what it stands as
        elif _KIND_BEFORE.search(r.head) and not stepwise and not any(re.search(r"[、，,]", i) for i in r.items):
            # (确保品牌“立起来、活起来”: a list of predicates is said of the brand, not its name)
            rule = "brand.kind_before"  # 借助党建品牌“甲”工作室: the kind word names it before the quote
        else:
            continue
        owned = len(r.items) > 1 and all(r.leads)
        for item, span, lead in zip(r.items, r.spans, r.leads):
            b = _add(p, _brand_name(item), span, rule)
            if b is not None and owned:
                b.owner = _lead_owner(p, lead, span[0] - 1)
            elif b is not None and rule == "brand.as_brand":
                at = r.end + len("作为")  # the owner named in 作为X的…品牌
                b.owner = next((x for x in p.within(at, r.end + as_brand.end(), OWNERS)
                                if x.start == at), None)
    # “甲”（乙医院）…: a quoted name followed by its owner in brackets, in a text about brands
    for r in found_runs:
        for item, span in zip(r.items, r.spans):
            owner = _bracketed_owner(p, text, span[1] + 1)
            if owner is None:
                continue
            b = next((x for x in p.within(span[0], span[1], (BRAND,)) if x.start == span[0]), None)
            if b is None and re.search(r"品牌|评比|评选|大赛|展评|等奖", _paragraph(text, span[0])) \
                    and not p.overlaps(span[0], span[1]):
                b = _add(p, _brand_name(item), span, "brand.bracketed_owner")
            if b is not None:
                b.owner = owner
    # sub-brands: “A·B” where A names a brand of this text (or a part of one)
    parts = set()
    for b in p.of_type(BRAND):
        parts.add(plain(b.name))
        parts.update(plain(x) for x in re.split(r"[·•・]", b.name) if x)
    for r in found_runs:
        for item, span in zip(r.items, r.spans):
            head = re.split(r"[·•・]", item)[0]
            if head != item and plain(head) in parts and not _CARRIER_AFTER.match(r.tail) \
                    and not p.overlaps(span[0], span[1]):
                _add(p, _brand_name(item), span, "brand.sub")
    for m in pats["named"].finditer(text):
        _add(p, _brand_name(m.group(1)), m.span(1), "brand.named")
    for m in pats["book"].finditer(text):
        _add(p, _brand_name(m.group(1)), m.span(1), "brand.book")
    for m in pats["unquoted"].finditer(text):
        name = m.group(1)
        if name in _GENERIC or any(g in name for g in ("特色", "党建", "品牌", "一批", "基层", "一流")) \
                or any(w in name for w in lexicon.load("brand_triggers")) or p.in_quotes(m.start(1), m.end(1)):
            continue
        if text[m.end():m.end() + 4].startswith(METHOD_TAILS) or p.overlaps(m.start(1), m.end(1)):
            continue
        _add(p, name, m.span(1), "brand.unquoted")
    for m in pats["heading"].finditer(text):
        owner_span = m.span(1)
        owner = next(iter(p.within(owner_span[0], owner_span[1], OWNERS + ("Anaphor",))), None)
        if owner is None:
            continue
        name = _brand_name(m.group(2))
        if not name:
            continue
        for x in p.within(m.start(2), m.end(2), (BRAND,)):  # the heading brand replaces brands found inside it
            p.remove(x)
        b = p.add(Mention(BRAND, name, m.start(2), m.end(2), "brand.heading", role="heading"))
        b.owner = owner
        owner.role = "heading"
    # a brand of this text quoted again (“X”以党员医生为先锋队…): the brand the sentence is about
    known = {plain(b.name): b.name for b in p.of_type(BRAND)}
    for r in found_runs:
        for item, span in zip(r.items, r.spans):
            name = known.get(plain(strip_quotes(item)))
            if name and not p.overlaps(span[0], span[1]):
                p.add(Mention(BRAND, name, span[0], span[1], "brand.again"))
