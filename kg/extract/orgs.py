"""Organizations and Party organizations.

A Party organization is a name followed by a party kind word (党支部, 党总支,
党委…); an organization is a name ending in a unit kind word (有限公司,
收费站, 分公司…). The name's left edge is found by segmentation
(:func:`segment.name_start`). A long name is split into the chain of units
it holds: 山东高速股份有限公司禹城收费站党支部 → 山东高速股份有限公司 ›
禹城收费站 › 禹城收费站党支部.
"""
from __future__ import annotations

import bisect
import itertools
import re
from functools import lru_cache

from . import lexicon
from .mentions import ANAPHOR, ORG, PARTY, Mention, Parse
from .names import is_name_part, strip_generic, strip_year
from .segment import cut, name_start, tag, token_span, tokenizer

# words that refer back to the current topic: 该站, 该支部, 该院…
_ANAPHORA = re.compile(r"该(?:党支部|党总支|党委|支部|总支|站|所|院|中心|公司|集团|部|区队|局|单位|厂|矿|车间|社区)")
_ORDINAL_PREFIX = re.compile(r"^第[一二三四五六七八九十百\d]+$")
# a numbered unit named by its kind alone: 二所, 三分局, 一车间
_ORDINAL_UNIT = re.compile(r"^[一二三四五六七八九十]+(?:所|站|队|部|科|室|处|厂|矿|院|区|局|组|车间|分局|分公司|工区)$")
# 我院, 我校, 我局: the organization that writes the text
_OWN_UNIT_CHARS = "院校局司所站厂矿部行委处"
_RELATIVE_ORG = re.compile(r"(?:^|(?<=[，,。；;：:\n]))(社区|公司|集团|学校|医院|本院|全站|全所)(?=荣获|获评|获得|被评为|先后|多次|连续|始终|坚持|积极|围绕|以|通过|创建|打造|构建|实施|推行)", re.M)
_PROPER_TAGS = {"ns", "nr", "nt", "nz", "j", "nrt", "nrfg", "eng", None}
# kinds that name a unit only after a proper name (白河营运中心, not 收费中心)
# administrative regions: a name's place, not a unit of the organization
REGION_KINDS = {"省", "市", "区", "县", "镇", "乡", "街道"}
# the larger administrative areas: named alone, a place where things happen, not an actor
AREA_KINDS = {"省", "市", "区", "县", "自治区", "自治州", "州"}
AREA_COMMITTEES = {"省委", "市委", "区委", "县委"}
# words that make the kind before them part of a compound (法院文化, 集团系统, 社区报)
_NOT_AFTER = ("文化", "工作", "建设", "系统", "领导", "职能", "人员", "干部", "职工", "员工", "精神", "特色",
              "业务", "事业", "发展", "管理", "报", "网", "大厦", "层面", "内部", "整体", "上下", "全体", "范围",
              "门口", "周边", "附近", "所在地", "实际")
# a document number (教育厅函〔2022〕4号, 市委发[2021]3号): the abbreviation of an
# issuer, not an organization named in the text
_DOC_NUMBER = re.compile(r"[函发字办]?\s*[〔\[［【(（]\s*(?:19|20)\d\d")
_COUNTED = re.compile(r"[两三四五六七八九十几各]大|[一两三四五六七八九十几多数]+[个家支所座类批]")
_COUNT_BEFORE = re.compile(r"(?:\d+|[一两三四五六七八九十百几多数]+)[个家支所座类批]$")


@lru_cache(maxsize=1)
def _party_re():
    # 市委书记 is a person, 市委宣传部 a department, 市委市直机关工委 a longer name: not the 市委 itself
    return re.compile(f"(?:{lexicon.alternation(lexicon.party_kinds())})(?!织)"
                      "(?<![省市区县]委(?=\\s*(?:书记|副书记|常委|委员|市直|直属|党校"
                      "|[\u4e00-\u9fff]{1,4}?(?:部|办|委|室|厅|局))))")  # 统战部, 政法委, 网信办: its departments


@lru_cache(maxsize=1)
def _unit_re():
    multi = [k for k in lexicon.unit_kinds() if len(k) > 1]
    single = "".join(sorted(k for k in lexicon.unit_kinds() if len(k) == 1))
    return re.compile(f"(?:{lexicon.alternation(multi)})|[{single}]")


@lru_cache(maxsize=1 << 14)
def _kind_at(name: str) -> str | None:
    """The unit kind word that ends ``name`` (longest), if any name stands before it."""
    m = _kind_end_re().search(name)
    return m.group(0) if m else None


@lru_cache(maxsize=1)
def _kind_end_re():
    # the leftmost match that runs to the end is the longest kind; (?<=.) keeps a name before it
    return re.compile(f"(?<=.)(?:{lexicon.alternation(lexicon.unit_kinds())})$")


@lru_cache(maxsize=1 << 14)
def _has_proper(prefix: str) -> bool:
    if re.search(r"第[一二三四五六七八九十\d]+|[A-Za-z]", prefix):
        return True
    return any(tag(w) in _PROPER_TAGS and w not in _DOMAIN_COMMON for w in cut(prefix))


# abbreviations jieba tags as proper (j) that are common nouns of the domain
_DOMAIN_COMMON = {"党建", "党员", "党委", "支部", "党支部", "团委", "妇联", "工会", "科协", "侨联", "残联", "文联", "工商联", "共青团"}


@lru_cache(maxsize=1 << 14)
def unit_ok(name: str) -> bool:
    """Whether ``name`` can be a unit: a real name part before a kind word."""
    kind = _kind_at(name)
    if kind is None or name in lexicon.unit_kinds():
        return False  # 人民法院, 分公司: a kind word, not a name
    prefix = name[: -len(kind)]
    if not is_name_part(prefix) or strip_generic(prefix) != prefix:
        return False
    if kind in lexicon.set_of("proper_unit_kinds") or len(kind) == 1:
        return _has_proper(prefix) and len(prefix) >= (2 if len(kind) == 1 else 1)
    return True


def split_units(name: str) -> list[str]:
    """The chain of units a name holds, outermost first.

    >>> split_units("云岭高速集团白沙分公司青松中心收费站")
    ['云岭高速集团', '云岭高速集团白沙分公司', '云岭高速集团白沙分公司青松中心收费站']
    """
    return list(_split_units(name))


@lru_cache(maxsize=1 << 14)
def _split_units(name: str) -> tuple[str, ...]:
    cuts = []
    bounds = None
    for m in _unit_re().finditer(name):
        e = m.end()
        if m.group(0) in REGION_KINDS or e >= len(name) or not unit_ok(name[:e]):
            continue  # 青川市中级法院 is one name: a region does not make a unit of its own
        if len(m.group(0)) == 1:
            # a one-character kind ends a word: 甲矿|乙公司, not 甲矿业公司 nor 街道部分学校
            bounds = bounds or set(itertools.accumulate(len(w) for w in cut(name)))
            if e not in bounds:
                continue
        rest = name[e:]
        if any(rest.startswith(k) for k in lexicon.unit_kinds()):
            continue  # 集团|有限公司: a legal form, not a new unit
        kind = _kind_at(rest)
        if unit_ok(rest) or kind is None and rest or kind and is_name_part(rest[: -len(kind)]):
            cuts.append(e)
    # keep only cuts after which the remainder still names a unit by itself
    chain, prev = [], 0
    for e in cuts:
        if unit_ok(name[prev:e]) and (not chain or e - prev >= 2):
            chain.append(e)
            prev = e
    return tuple(name[:e] for e in chain) + (name,)


_QUANTIFIERS = {"部分", "一些", "多家", "多个", "若干", "各个", "所有"}
_GARBLED = ("\ufffd", "□")
_FREQUENT = 2000  # a word this frequent in jieba's dictionary is read as a word before anything else


def _single_kind_ok(text: str, start: int, end: int) -> bool:
    """A one-character kind (局, 站, 市…) must end a word: not 市委, 站长, 局长."""
    freq = tokenizer().FREQ
    # the common cases without segmenting: the kind opens a frequent word (部分, 所以, 站长), or
    # closes one that is not a unit word (干部, 格局, 城市)
    if freq.get(text[start:start + 2], 0) >= _FREQUENT or \
            freq.get(text[start - 1:end], 0) >= _FREQUENT and text[start - 1:end] not in lexicon.unit_kinds():
        return False
    a, b = token_span(text, start)
    w = text[a:b]
    # the kind ends its token, which is the kind alone or a longer unit word (运输部), not 格局
    if b != start + 1 or len(w) == 2:
        return False
    # 运输|部 is a word and a kind; 新|格局 is a modifier and a word that is not a unit
    tail = w[-2:]
    return len(w) == 1 or freq.get(w[:-1], 0) > 0 or not freq.get(tail, 0) or tail in lexicon.unit_kinds()


def _place_before_name(text: str, end: int) -> bool:
    """连云港市|赣榆地税, 庆阳市|各基层检察院: a place that opens a longer name or a plural, not an actor."""
    if text[end:end + 1] in ("各", "全", "所", "属"):
        return True
    nxt = cut(text[end:end + 6])[:1]
    return bool(nxt) and (tag(nxt[0]) in ("ns", "nt", "nz", "j", None) and nxt[0][:1].isalpha()
                          and "\u4e00" <= nxt[0][0] <= "\u9fff")


def _token_start(text: str, pos: int) -> int:
    """Start of the jieba token that holds the character at ``pos``."""
    return token_span(text, pos)[0]


def find(p: Parse) -> None:
    """Add Party-organization, organization and anaphor mentions to ``p``."""
    text = p.text
    quoted_branches: list[tuple[Mention, int]] = []
    # Party organizations first: their spans hold the units they belong to
    for m in _party_re().finditer(text):
        ks, ke = m.span()
        kind = lexicon.canonical_party_kind(m.group(0))
        if text[ks - 1:ks] == "一" and text[ke:ke + 1] == "一":   # 一支部一品牌: a slogan
            continue
        if text[ks - 1:ks] == "团" and m.group(0) in ("支部", "总支"):
            # 团支部: the Youth League's branch, a unit but not a Party organization
            start = name_start(text, ks - 1)
            prefix = strip_generic(text[start:ks - 1])
            if prefix and not _is_common(prefix) and not p.in_quotes(ks, ke) \
                    and not re.search(r"红旗|先进|优秀|示范|标兵|模范|十佳|最美", prefix):  # 五四红旗团支部: a title
                p.add(Mention(ORG, prefix + "团" + m.group(0), ke - len(prefix) - 1 - len(m.group(0)), ke, "org.league"))
            continue
        quoted = _quoted_name(p, text, ks, ke)
        if quoted is not None:
            # “护企先锋临时党支部”, 柳岸区“小个体”党委, “追光”党支部: a quoted name or infix
            start, prefix = quoted
            if prefix and is_name_part(prefix):
                ment = _party_mention(text, prefix, kind, start, ke)
                quoted_branches.append((ment, start))
                p.add(ment)
            continue
        if p.in_quotes(ks, ke):
            continue
        start = name_start(text, ks)
        raw = text[start:ks]
        prefix = strip_generic(strip_year(raw))  # 2023年度基层党支部: a year, then a generic word
        start += len(raw) - len(prefix)
        if prefix and (prefix in lexicon.generic_prefixes() or prefix.endswith(("型", "级", "个", "的", "化", "性"))
                       or any(prefix.endswith(g) for g in ("品牌", "特色", "样板", "示范", "先进", "党建", "优秀"))):
            continue
        if kind.startswith("机关") and not prefix:
            prefix, kind = "机关", kind[2:]  # a bare 机关党委 belongs to the organization of the text
        if raw != prefix and raw[:1] in "各全每所基" or text[start - 1:start] in "各每诸" and start > 0 \
                or text[max(0, start - 2):start] in ("每个", "各个", "所有", "一些", "多个") \
                or text[max(0, start - 2):start] in ("所属", "下属", "所辖", "各级"):
            continue  # 各党支部, 所属党支部, 各机构党支部: many, not one
        if not prefix and re.match(r"[：:]", text[ke:ke + 1]) and (ks == 0 or text[ks - 1] == "\n"):
            prefix = ""  # 总支：… opening a paragraph: a heading about the organization's own 党总支
            p.add(Mention(PARTY, kind, ks, ke, "party.heading", role="relative"))
            continue
        if text[start - 1:start] == "我" and prefix[:1] and prefix[0] in _OWN_UNIT_CHARS and len(prefix) > 1:
            # 我院外科第二党支部: a branch of the organization that writes the text
            prefix, start = prefix[1:], start + 1
            if prefix and is_name_part(prefix) or _ORDINAL_UNIT.match(prefix):
                ment = _party_mention(text, prefix, kind, start, ke)
                ment.parents, ment.role = [], "own"
                p.add(ment)
            continue
        if prefix in lexicon.relative_units():
            p.add(_party_mention(text, prefix, kind, start, ke))
            continue
        if not prefix and _ORDINAL_UNIT.match(text[max(0, ks - 2):ks]) and not text[ks - 3:ks - 2].isalnum():
            prefix, start = text[ks - 2:ks], ks - 2  # 二所|党支部: segmented as a number and a word
        if _ORDINAL_UNIT.match(prefix):
            # 二所党支部, 三车间党总支: a numbered unit of the organization of the text
            ment = _party_mention(text, prefix, kind, start, ke)
            ment.parents, ment.role = [], "own"
            p.add(ment)
            continue
        if not prefix or not is_name_part(prefix) or prefix in lexicon.unit_kinds():
            if raw == prefix or strip_generic(raw) == "":  # 支部, 项目党支部: the current topic
                p.add(Mention(ANAPHOR, kind, ks, ke, "party.bare", role=kind))
            continue
        shared = _coordinated(p, text, ks)
        if shared is not None:
            # 甲站货运系统党支部和装卸系统党支部: the second shares the first's unit
            unit, own = shared
            ment = _party_mention(text, unit + own, kind, ks - len(own), ke)
            ment.alts.add(own + kind)
            p.add(ment)
            continue
        p.add(_party_mention(text, prefix, kind, start, ke))
    for m in _RELATIVE_ORG.finditer(text):
        # 社区荣获…, 公司坚持…: the unit word alone, opening a clause, is the organization of the text
        p.add(Mention(ANAPHOR, m.group(1), m.start(1), m.end(1), "anaphor.relative", role="relative-org"))
    for m in _ANAPHORA.finditer(text):
        if not p.overlaps(m.start(), m.end()):
            p.add(Mention(ANAPHOR, m.group(0)[1:], m.start(), m.end(), "anaphor.gai", role=m.group(0)[1:]))
    # organizations outside Party-organization names (and not the 部 of 党支部)
    party_spans = [m.span() for m in _party_re().finditer(text)]  # in order, not overlapping
    party_ends = [b for _, b in party_spans]
    found = []
    for m in _unit_re().finditer(text):
        ks, ke = m.span()
        i = bisect.bisect_right(party_ends, ks)  # the first party kind that ends after ks
        if i < len(party_spans) and party_spans[i][0] < ke:
            continue
        if len(m.group(0)) == 1 and not _single_kind_ok(text, ks, ke):
            continue
        if p.in_quotes(ks, ke) or p.overlaps(ks, ke) or text.startswith(_NOT_AFTER, ke) \
                or _DOC_NUMBER.match(text, ke):
            continue
        if len(m.group(0)) == 1:
            ks = _token_start(text, ks)  # 建设局, 中级法院: the kind is the end of a longer word
        start = name_start(text, ks, anchor=m.group(0))
        if _COUNTED.match(text, start) or _COUNT_BEFORE.search(text, max(0, start - 6), start):
            continue  # 四大职工俱乐部, 16所高校…学院: several units counted, not one named
        name = _after_inner_generic(strip_generic(strip_year(text[start:ke])))
        start = ke - len(name)
        if len(name) > 30 or not unit_ok(name) or any(k in name for k in ("党委", "党支部", "党总支", "支部")) \
                or _QUANTIFIERS & set(cut(name)):
            continue  # 街道部分学校: some schools of a street, not one named
        if text[start - 1:start] in _GARBLED or text[start - 2:start] == "??":
            continue  # ??甲区法院: characters lost before it (undecodable ones), so the name is not whole
        if m.group(0) in REGION_KINDS and _place_before_name(text, ke):
            continue
        found.append((start, ke, name))
    # a chain of kinds (云岭高速集团白沙分公司) is one name: keep the longest
    found.sort(key=lambda t: (t[0], -t[1]))
    kept = []
    # the furthest end among the names that start before each position: a name is kept
    # only when no other one runs on past its end (甲集团|乙分公司 is one name)
    starts = [s for s, _, _ in found]
    reach = list(itertools.accumulate((e for _, e, _ in found), max))
    for s, e, name in found:
        if kept and s < kept[-1][1]:
            continue
        i = bisect.bisect_left(starts, e)
        if i and reach[i - 1] > e:
            continue
        kept.append((s, e, name))
    for s, e, name in kept:
        chain = split_units(name)
        head = kindless_parent(text, chain[0], s)
        if head:
            chain = [head] + chain  # 甲能源乙分公司: the company is named without a kind word
        ment = Mention(ORG, name, s, e, "org.kind")
        ment.parents = [Mention(ORG, u, s, s + len(u), "org.chain") for u in chain[:-1]]
        p.add(ment)
    _nest_party(p)
    _kindless_alone(p)
    for ment, start in quoted_branches:
        founder = _founder(p, text, start)
        if founder is not None:
            # 甲项目党员组成“乙”党支部: the branch of the unit whose members founded it
            ment.parents = [Mention(ORG, founder.name, founder.start, founder.end, "party.founder")]


def _kindless_alone(p: Parse) -> None:
    """青禾移动 named on its own, once the text has named it as the head of a unit's
    name (青禾移动东州公司): an organization wherever it stands alone as a word."""
    text = p.text
    heads = sorted({x.name for m in p.mentions if m.type in (ORG, PARTY)
                    for x in (m.parents if m.type == ORG else m.parents[:-1])
                    if x.type == ORG and _kind_at(x.name) is None and len(x.name) >= 2
                    and x.name not in lexicon.relative_units()})
    for head in heads:
        i = text.find(head)
        while i >= 0:
            e = i + len(head)
            if not p.overlaps(i, e) and not p.in_quotes(i, e) and not _BRANCH_AFTER.match(text, e) \
                    and token_span(text, i)[0] == i and token_span(text, e - 1)[1] == e:
                p.add(Mention(ORG, head, i, e, "org.kindless"))
            i = text.find(head, e)


def _nest_party(p: Parse) -> None:
    """甲局党总支第一党支部: a Party organization named inside another one's name is its
    parent; it stays a mention of its own for its place in its unit, not as an actor."""
    party = [m for m in p.mentions if m.type == PARTY]
    for m in party:
        inner = [q for q in p.within(m.start, m.end, (PARTY,)) if q is not m and q.end < m.end]
        if inner:
            q = max(inner, key=lambda x: (x.end, x.start))
            m.parents = [q]
            q.role = q.role or "inner"


@lru_cache(maxsize=1 << 14)
def _is_common(prefix: str) -> bool:
    """教师, 货运系统: common words only, no name, no unit kind, no number."""
    return not (_kind_at(prefix) or prefix in lexicon.unit_kinds() or _has_proper(prefix)
                or re.search(r"[一二三四五六七八九十\d]", prefix))


_COORDINATED = re.compile(r"[和、及与]([\u4e00-\u9fff]{1,10})$")


def _coordinated(p: Parse, text: str, ks: int) -> tuple[str, str] | None:
    """(shared unit, own words) of a branch named right after another one with
    a conjunction, when its own words name no unit (甲站货运系统党支部和装卸系统党支部)."""
    prev = next((m for m in reversed(p.mentions) if m.type == PARTY), None)
    if prev is None or not 0 < ks - prev.end <= 11:
        return None
    m = _COORDINATED.match(text, prev.end, ks)
    if not m or not _is_common(m.group(1)):
        return None
    unit, _ = _split_party(prev.name)
    cut_at = max((u.end() for u in _unit_re().finditer(unit) if u.end() < len(unit) and unit_ok(unit[:u.end()])),
                 default=0)
    return (unit[:cut_at], m.group(1)) if cut_at else None


def _split_party(name: str) -> tuple[str, str]:
    for k in lexicon.longest_first(lexicon.canonical_party_kind(k) for k in lexicon.party_kinds()):
        if name.endswith(k):
            return name[: -len(k)], k
    return name, ""


_INNER_GENERIC = re.compile(r"^.*?(?:所辖|下辖|下属|所属|旗下)")


def _after_inner_generic(name: str) -> str:
    """集团所辖白河公司 → 白河公司: what follows 所辖/下属 is the unit's own name."""
    return _INNER_GENERIC.sub("", name)


@lru_cache(maxsize=1 << 14)
def _is_person(word: str) -> bool:
    """王明艳: a person's name (a branch named after a model member), not an organization."""
    return all(tag(w) in ("nr", "nrfg", "nrt") for w in cut(word))


@lru_cache(maxsize=1 << 14)
def _is_place(word: str) -> bool:
    """湖南, 青州: a place name (jieba's ns), which names where a unit is, not who owns it."""
    return all(tag(w) == "ns" for w in cut(word))


def kindless_parent(text: str, name: str, at: int = 0) -> str | None:
    """安钢运输部 → 安钢 when 安钢 is named on its own elsewhere: an organization without a kind word."""
    bounds = _bounds(name)
    for cut_at in range(2, min(6, len(name) - 1)):
        head, rest = name[:cut_at], name[cut_at:]
        if cut_at not in bounds:
            continue  # 省公|路开发集团: the cut would split a word (公路)
        if unit_ok(rest) and not _kind_at(head) and _has_proper(head) and not _is_place(head) \
                and (is_kindless_org(head) or _named_alone(text, head, rest, at) >= 3):
            return head
    return None


@lru_cache(maxsize=1 << 14)
def _bounds(name: str) -> frozenset[int]:
    """Where the words of ``name`` end (its token boundaries)."""
    return frozenset(itertools.accumulate(len(w) for w in cut(name)))


_NEAR = 5000  # an article's reach: a long document (a yearbook) is searched only around a name


def _named_alone(text: str, head: str, rest: str, at: int) -> int:
    """How often ``head`` is named on its own near ``at``: not as the start of this name
    again (``rest`` after it), nor of its branch (党 or 支部 within three characters)."""
    lo, hi = max(0, at - _NEAR), min(len(text), at + _NEAR)
    n, i = 0, text.find(head, lo, hi)
    while i >= 0:
        after = text[i + len(head):i + len(head) + 5]
        if not after.startswith(rest[:2]) and not _BRANCH_AFTER.match(after):
            n += 1
        i = text.find(head, i + 1, hi)
    return n


_BRANCH_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}(?:党|支部)")


@lru_cache(maxsize=1 << 14)
def is_kindless_org(name: str) -> bool:
    """A company's short name with no kind word: a proper name and a line of business
    (甲能源, 乙高速), or a single abbreviation jieba knows as one (its tag j or nt).

    >>> is_kindless_org("松岭能源"), is_kindless_org("新能源")
    (True, False)
    """
    toks = cut(name)
    if len(toks) == 1:
        return tag(name) in ("j", "nt") and len(name) >= 3 and name not in _DOMAIN_COMMON
    industry = next((w for w in lexicon.longest_first(lexicon.set_of("industry_words")) if name.endswith(w)), None)
    if industry is None:
        return False
    head = name[: -len(industry)]
    return len(head) >= 2 and strip_generic(head) == head and head not in _DOMAIN_COMMON \
        and all(tag(w) in _PROPER_TAGS | {"n"} for w in cut(head))


def _party_mention(text: str, prefix: str, kind: str, start: int, end: int) -> Mention:
    """A Party organization and the units its name holds."""
    if kind in AREA_COMMITTEES:
        chain = []  # 柳岸市委, 松川县委: the committee of a place, not of a unit
    elif _kind_at(prefix):
        chain = split_units(prefix)
        head = kindless_parent(text, chain[0], start)
        if head:
            chain = [head] + chain
    elif (inner := _inner_unit(prefix)):
        # 松川精工科技有限公司技术党支部: the company, and the branch of a part of it
        chain = split_units(inner) + [prefix]
    elif len(prefix) >= 2 and not _ORDINAL_PREFIX.match(prefix) and prefix not in lexicon.relative_units() \
            and _has_proper(prefix) and not _is_person(prefix):
        chain = [prefix]  # 云岭钢铁党总支: the organization is named without a kind word
    else:
        chain = []
    # resolve names the branch after its own unit (禹城收费站党支部), keeping the full name as another
    ment = Mention(PARTY, prefix + kind, start, end, "party.kind")
    ment.parents = [Mention(ORG, u, start, start + len(u), "party.chain") for u in chain]
    return ment


def _quoted_name(p: Parse, text: str, ks: int, ke: int) -> tuple[int, str] | None:
    """(start, prefix) of a Party organization whose name is quoted whole (“甲临时党支部”)
    or holds a quoted part right before its kind (乙区“甲”党委); None otherwise."""
    if p.in_quotes(ks, ke) and text[ke:ke + 1] in "”」" and re.match(r"[，。、；,;\s]|$", text[ke + 1:ke + 2]):
        opening = max(text.rfind("“", 0, ks), text.rfind("「", 0, ks))
        if _TITLE_BEFORE.search(text, max(0, opening - 16), opening):
            return None  # 获评“五星级党支部”: a title conferred, not a branch's name
        return opening + 1, strip_generic(text[opening + 1:ks])
    if text[ks - 1:ks] in "”」" and ks >= 2:
        opening = max(text.rfind("“", 0, ks - 1), text.rfind("「", 0, ks - 1))
        inner = text[opening + 1:ks - 1]
        if opening < 0 or not 1 <= len(inner) <= 10 or not re.fullmatch(r"[\u4e00-\u9fff\dA-Za-z·]+", inner):
            return None
        start = name_start(text, opening)
        left = strip_generic(text[start:opening])
        if left.startswith("我") or left in lexicon.relative_units():
            left = ""  # 我院“甲”党支部: of the organization of the text
        elif not left and not _FOUNDED.search(text, max(0, opening - 4), opening):
            return None  # 把“五星”支部创建…: a grade of branch, not one's name
        return opening - len(left), left + inner
    return None


_TITLE_BEFORE = re.compile(r"(?:荣获|获评|获得|评为|授予|命名为|入选|表彰为|确定为|认定为|荣膺)[^，。；]{0,12}$")
def _founder(p: Parse, text: str, start: int) -> Mention | None:
    """The unit named right before 党员组成/成立 ahead of a quoted branch name (甲项目党员组成“乙”党支部)."""
    quote = start if text[start:start + 1] in "“「" else start - 1  # the opening quote mark
    m = _FOUNDED_BY.search(text, max(0, quote - 12), quote)
    if m is None:
        return None
    return next((x for x in p.within(max(0, m.start() - 40), m.start(), (ORG,)) if x.end == m.start()), None)


_FOUNDED_BY = re.compile(r"(?:党员|职工)?(?:组成|成立|组建)了?$")
# verbs that found a branch under the name that follows: 党员组成“甲”党支部
_FOUNDED = re.compile(r"(?:组成|成立|组建|设立|建立|成立了)$")


@lru_cache(maxsize=1 << 14)
def _inner_unit(prefix: str) -> str | None:
    """The longest full unit name a branch's prefix starts with, when the rest is the
    branch's own words (松川精工科技有限公司|技术, 柳岸市第三人民医院|眼科)."""
    bounds = set(itertools.accumulate(len(w) for w in cut(prefix)))
    ends = [m.end() for m in _unit_re().finditer(prefix)
            if m.end() < len(prefix) and m.end() in bounds and m.group(0) not in REGION_KINDS]
    for e in reversed(ends):
        head, rest = prefix[:e], prefix[e:]
        if _is_full_org(head) and unit_ok(head) and len(rest) >= 2 and not _kind_at(rest):
            return head
    return None


@lru_cache(maxsize=1 << 14)
def _is_full_org(name: str) -> bool:
    """A parent worth its own node: not only a numbered sub-unit (二分公司); a company
    named without a kind word (甲能源) is one."""
    kind = _kind_at(name)
    return kind is not None and len(name) - len(kind) >= 2 or kind is None and is_kindless_org(name)
