"""Relations, read in document order with a topic that carries.

Walking the sentences, the extractor keeps the current owner (the Party
organization or organization the text is talking about) and the current
brand. A paragraph or heading about one branch attaches its brand, methods
and honours to that branch; 该站, 该支部, a bare 支部 refer back to it.

* hierarchy: the units a name holds (hasUnit), a unit's branch (hasBranch),
  a branch named relative to the organization of the text (hasBranch);
* hasBrand: the owner named before the brand in its sentence, else the topic;
* usesMethod: the current brand, else the current owner;
* achievesHonour: the owner or brand named before the trigger, else the topic.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from .mentions import ANAPHOR, BRAND, HONOUR, METHOD, ORG, OWNERS, PARTY, Mention, Parse
from . import lexicon
from .model import Extraction
from .text import is_subject
from .segment import cut, tag, _AREA_END
from .orgs import AREA_COMMITTEES, AREA_KINDS, REGION_KINDS, _is_full_org, _kind_at
from .resolve import _party_split

# mentions that name no actor where they stand: who confers, an object, a place, a body
# named inside another one's name (甲党总支第一党支部)
_NOT_ACTORS = ("issuer", "object", "place", "inner")
# Party bodies that stand above units (市直机关工委, 党工委 of a zone), never a unit's branch
# a company's full registered name: an organization worth keeping even in no fact
_FULL_NAME_KINDS = ("有限公司", "有限责任公司", "股份有限公司")
_ABOVE_UNITS = ("工委", "省委", "市委", "区委", "县委")
# what may stand between an issuer and the title it confers: 首批, 2023年度, 系统
_ISSUER_GAP = re.compile(r"^(?:首批|第[一二三四五六七八九十\d]+批|\d{4}[-—～~]?\d{0,4}年度?|年度|系统|的|[“「‘])*$")
_ISSUER_AFTER = re.compile(r"^\s*(?:评为|授予|命名|表彰|认定|颁发)")
_OBJECT_BEFORE = re.compile(r"(?:按照|根据|遵照|依照|贯彻落实|贯彻|落实|响应|参照|在|受|向|经|随|以|依托|借助|对接|学习|结合)\s*$")


def _mark_issuers(p: Parse) -> None:
    """Owners that confer an honour (被中央组织部授予…) or stand inside its name are not its receivers."""
    by_sent: dict[int, list[Mention]] = {}
    for h in p.mentions:
        if h.type == HONOUR:
            by_sent.setdefault(h.sent, []).append(h)
    for m in p.mentions:
        if m.type not in OWNERS:
            continue
        honours = by_sent.get(m.sent, ())  # a title and what names or confers it share a sentence
        if any(h.role == "conferred" and h.cue < m.start and m.end <= h.start for h in honours):
            continue  # 授予青禾公司党委“乙”: the receiver, named between the verb and the title
        if _ISSUER_AFTER.match(p.text[m.end:m.end + 4]) or p.text[max(0, m.start - 1):m.start] in ("被", "由"):
            m.role = "issuer"
        elif any(m.start < h.end and h.start < m.end for h in honours):
            m.role = "issuer"  # a unit named inside the title (2023年度集团先进党支部)
        elif any(0 <= h.start - m.end <= 1 for h in honours):
            m.role = "issuer"  # 云岭省交通运输厅“工人先锋号”: the issuer prefixes the title
        elif any(h.cue >= 0 and h.cue < m.start and m.end <= h.start and h.role != "conferred"
                 and _ISSUER_GAP.match(p.text[m.end:h.start]) for h in honours):
            m.role = "issuer"  # 荣获东州电网公司首批“标杆党委”: between the trigger and the title
        elif _OBJECT_BEFORE.search(p.text[max(0, m.start - 6):m.start]) and m.role != "heading":
            m.role = "object"  # 按照市国资委党委…, 在云岭高速集团党委的统筹下: not the subject


def run(p: Parse) -> Extraction:
    ex = Extraction()
    _mark_issuers(p)
    sent_span = lambda i: p.sentences[i].span if 0 <= i < len(p.sentences) else (0, 0)  # noqa: E731
    main = p.main_org
    main_key = None
    if main is not None:
        main_key = ex.add_entity(ORG, main.name, None, "org.main")

    def ent(m: Mention) -> tuple[str, str]:
        span = (m.start, m.end) if m.end > m.start else None
        key = ex.add_entity(m.type, m.name, span, m.rule)
        for a in m.alts:
            ex.add_entity(m.type, m.name, None, m.rule, alt=a)
        return key

    def fact(s, pred, o, m: Mention, rule: str):
        if s and o:
            ex.add_fact(s, pred, o, sent_span(m.sent), rule)

    mentions = sorted(p.mentions, key=lambda m: (m.start, -m.end))
    for m in mentions:
        if m.type == ORG and m.key != main_key and _is_area(m.name):
            m.role = "place"
    # members of an alliance or a joint body are not units of the text's organization
    starts = [m.start for m in mentions]
    for mm in _MEMBERS.finditer(p.text):
        pos = mm.end()
        for x in _from(mentions, bisect.bisect_left(starts, pos)):
            if x.type not in OWNERS or not _LIST_GAP.match(p.text[pos:x.start]):
                break
            x.role = x.role or "member"
            pos = x.end
    standalone_units = {m.name for m in mentions if m.type == ORG and m.role != "place"}

    # the unit each Party organization stands for, by name (甲分公司 for 甲分公司党总支)
    party_units: dict[str, tuple[int, Mention]] = {}
    for m in mentions:
        if m.type == PARTY and m.role != "issuer":
            for name in sorted({m.name, *m.alts}):
                unit, rank = _party_rank(name)
                if len(unit) >= 2 and rank > party_units.get(unit, (0, None))[0]:
                    party_units[unit] = (rank, m)

    # hierarchy within names, and branches relative to the main organization
    for m in mentions:
        if m.type not in OWNERS:
            continue
        chain = [x for x in m.parents if x.name != m.name]
        if m.type == PARTY and chain:
            # a branch's own unit becomes a node only when the text names it on its own
            own = chain[-1]
            chain = [x for x in chain[:-1] if _is_full_org(x.name)] + ([own] if own.name in standalone_units else [])
        else:
            chain = [x for x in chain if _is_full_org(x.name)]
        chain = [x for x in chain if x.key == main_key or not _is_area(x.name)]
        prev = None
        for x in chain:
            k = ent(x)
            if prev:
                fact(prev, "hasUnit", k, m, "hierarchy.name")
            prev = k
        if chain and main_key and chain[0].key != main_key and m.role != "member" and ent(m) != main_key \
                and (_is_subunit(chain[0].name) or _named_after(chain[0].name, main.name)):
            fact(main_key, "hasUnit", chain[0].key, m, "hierarchy.topic")
        if m.type == ORG and not chain and main_key and m.key != main_key \
                and is_subject(p.text, m.start) \
                and (_is_subunit(m.name) or m.role == "relative-unit" or _named_after(m.name, main.name)) \
                and m.role not in ("issuer", "member"):
            fact(main_key, "hasUnit", ent(m), m, "hierarchy.topic")
        if m.role in ("issuer", "place"):
            continue
        k = ent(m)
        if prev:
            fact(prev, "hasBranch" if m.type == PARTY else "hasUnit", k, m, "hierarchy.name")
        elif m.type == PARTY and m.parents and m.parents[-1].type == PARTY:
            fact(ent(m.parents[-1]), "hasBranch", k, m, "hierarchy.name")  # 甲党总支第一党支部
        elif m.type == PARTY and (upper := _upper_party(m, party_units)) is not None:
            # 甲分公司党总支 … 甲分公司营业部党支部: the branch of a unit inside the unit of a higher body
            fact(ent(upper), "hasBranch", k, m, "hierarchy.upper")
        elif m.type == PARTY:
            # a prefix with no kind word (白河中联党委) is no unit of its own, however often it is
            # named alone: on unseen texts it was a road, a person or a nickname as often as a company
            own = m.parents[-1] if m.parents else None
            if main_key and k != main_key and not m.name.endswith(_ABOVE_UNITS) \
                    and (m.role in ("relative", "own") or own is not None and (
                        own.key == main_key or _is_subunit(own.name) or _named_after(own.name, main.name))):
                # a branch of a sub-unit, or named relative to the main organization is the main
                # organization's; one named after another organization (X集团党委) is that
                # organization's; one named by common words alone (网格党小组, 行业党委) no one's
                # that the text says
                fact(main_key, "hasBranch", k, m, "hierarchy.relative" if m.role == "relative" else "hierarchy.topic")

    # containment stated by a verb: 甲党委下设乙党总支、丙党支部和丁党支部
    for m in mentions:
        if m.type in OWNERS and m.role not in ("issuer", "place") and m.key:
            for x in _contained_list(p, mentions, m, starts):
                fact(m.key, "hasBranch" if x.type == PARTY else "hasUnit", ent(x), m, "hierarchy.verb")

    # the discourse walk
    main_m = Mention(ORG, main.name, 0, 0, "org.main", key=main_key) if main is not None else None
    owner: Mention | None = None          # current topic owner
    brand: Mention | None = None          # current brand, with brand_owner
    brand_owner: tuple[str, str] | None = None
    brand_owners: dict = {}  # a brand → its first owner
    last_named: dict = {}    # an entity → the last mention of it met
    for i, m in enumerate(mentions):
        if m.key:
            last_named[m.key] = m
        if m.type in OWNERS:
            if m.role in _NOT_ACTORS:
                continue
            if m.type == ORG and m.key != main_key and _is_bare_place(m.name) and owner is not None:
                continue  # 在安阳市…: where the topic is, not a new topic
            if owner is not None and not is_subject(p.text, m.start):
                continue  # 联合甲公司…, 与乙党委共建: named in passing, not what the text goes on about
            if owner is None or owner.key != m.key:
                if brand is not None and brand_owner != m.key:
                    brand = None
            owner = m
            continue
        if m.type == ANAPHOR:
            # 该站, 支部: the current topic; 社区, 公司 alone: the organization of the text
            target = main_m if m.role == "relative-org" and main_m is not None else owner or main_m
            if target is not None:
                m.key = target.key
                owner = target if target.key else owner
            continue
        if m.type == BRAND and m.rule == "brand.again":
            # quoted again: the brand the sentence is about, owned as where it was first named
            b = ent(m)
            brand = m
            brand_owner = brand_owners.get(b)
            if owner is not None and brand_owner != owner.key:
                owner = last_named.get(brand_owner, owner)
            continue
        if m.type == BRAND:
            # the owner named right before the quote holds it whatever its role in the clause
            # (结合甲党委“乙”党建品牌: 甲党委's brand, though the clause is about someone else)
            o = m.owner if m.owner is not None and m.owner.key else \
                _owner_right_before(p, mentions, i) or _owner_before(p, mentions, i, m.sent)
            if o is None and owner is None:
                o = _owner_after(mentions, i, m.sent)  # 创建好“X”品牌, 市公路事务中心成立…
            if o is None:
                o = owner
            okey = o.key if o is not None else main_key
            if okey is None:
                # no owner near and no organization the text is about: the graph cannot say whose
                # brand it is, and a brand is always someone's (ontology/shapes.ttl), so it says nothing
                continue
            b = ent(m)
            fact(okey, "hasBrand", b, m, m.rule)
            brand_owners.setdefault(b, okey)
            if o is not None and o.type in OWNERS:
                owner = o
            brand, brand_owner = m, okey
            continue
        if m.type == METHOD:
            named = _owner_right_before(p, mentions, i)
            if named is not None:
                target = named.key  # 结合甲中心“乙”: the owner named right before the name
            elif brand is not None and (owner is None or brand_owner == owner.key):
                target = brand.key
            elif owner is not None:
                target = owner.key
            else:
                target = main_key
            fact(target, "usesMethod", ent(m), m, m.rule)
            continue
        if m.type == HONOUR:
            receivers = _receivers_before(p, mentions, i)
            if not receivers and owner is None:
                after = _owner_after(mentions, i, m.sent)  # 连续三年被评为…, 这就是X党支部
                receivers = [after] if after is not None else []
            targets = [r.key for r in receivers if r.key] or \
                [owner.key if owner is not None else brand.key if brand is not None else main_key]
            h = ent(m)
            for t in targets:
                fact(t, "achievesHonour", h, m, m.rule)
    # a brand is always someone's (ontology/shapes.ttl): one met again with no owner named
    # anywhere is not stated, nor what was said of it
    owned = {f.object for f in ex.facts if f.predicate == "hasBrand"}
    ownerless = {k for k in ex.entities if k[0] == BRAND and k not in owned}
    if ownerless:
        ex.facts = [f for f in ex.facts if f.subject not in ownerless and f.object not in ownerless]
        ex._fact_keys = {(f.subject, f.predicate, f.object) for f in ex.facts}
        for k in ownerless:
            del ex.entities[k]
    # only keep organizations that take part in a fact (or are the main one); a Party body in
    # none only when its name says whose it is (甲公司党委, 柳岸市委), not 网格党小组 or 行业党委
    used = {f.subject for f in ex.facts} | {f.object for f in ex.facts}
    for key in list(ex.entities):
        if key in used or key == main_key:
            continue
        if key[0] == ORG and not key[1].endswith(_FULL_NAME_KINDS) \
                or key[0] == PARTY and not _says_whose(_party_split(key[1])[0]) \
                and not key[1].endswith(tuple(AREA_COMMITTEES)) and not _quoted(p, ex.entities[key].spans):
            del ex.entities[key]
    return ex


_PLACED = re.compile(r"^[\u4e00-\u9fff]{2,}?(?:省|市|县|区|州|镇|乡)")


def _says_whose(unit: str) -> bool:
    """Whether a Party body's unit part names an organization (甲公司, 甲能源) or a place's
    (柳岸县北方物业), not a kind of body (网格, 行业, 机关)."""
    return _is_full_org(unit) or bool(_PLACED.match(unit))


def _quoted(p: Parse, spans: list[tuple[int, int]]) -> bool:
    """Whether a name was met quoted, whole or in part (“甲临时党支部”, 乙区“丙”党委): a name the
    text gives on purpose."""
    return any(p.in_quotes(a, b) or re.search(r"[“”「」]", p.text[a:b]) for a, b in spans)


_CONTAINS_VERB = re.compile(r"^(?:党委|党组)?(?:下设|下辖|所辖|下属|管辖|辖|设有|下设有)(?:了|的)?(?:[\d一二三四五六七八九十两]+个)?")
_LIST_GAP = re.compile(r"^[、，,和及与以及]*$")
_MEMBERS = re.compile(r"(?:成员单位|成员|会员单位)(?:包括|有|为|是)[:：]?")


def _contained_list(p: Parse, mentions: list[Mention], m: Mention, starts: list[int]) -> list[Mention]:
    """The units or branches listed right after 下设/下辖/所辖 that follows ``m``'s name."""
    verb = _CONTAINS_VERB.match(p.text[m.end:m.end + 12])
    if not verb or not verb.group(0).strip("党委党组"):
        return []
    pos, out = m.end + verb.end(), []
    for x in _from(mentions, bisect.bisect_left(starts, pos)):
        if x.sent != m.sent:
            break
        if x.type not in OWNERS or not _LIST_GAP.match(p.text[pos:x.start]):
            break
        out.append(x)
        pos = x.end
    return out


# a receiver right before its trigger: 甲党支部被评为…, 甲党支部先后荣获…
_ADJACENT_TRIGGER = re.compile(r"(?:先后|多次|连续[一二三四五六七八九十\d]+年|再次|均|也|还|曾|已)*(?:被|荣获|获评|获得|获|入选|荣膺)")
def _is_subunit(name: str) -> bool:
    """A unit of a kind that sits inside a larger organization (收费所, 分公司, 车间…)."""
    return any(name.endswith(k) and len(name) > len(k) for k in lexicon.load("subunit_kinds"))


def _owner_before(p: Parse, mentions: list[Mention], i: int, sent: int) -> Mention | None:
    """The owner (or anaphor standing for one) before mention ``i`` in its sentence: the
    nearest that is the subject of its clause, else the nearest."""
    nearest = None
    for j in range(i - 1, -1, -1):
        x = mentions[j]
        if x.sent != sent:
            break
        if x.type in OWNERS and x.role not in _NOT_ACTORS or x.type == ANAPHOR and x.key:
            if x.type == ANAPHOR or is_subject(p.text, x.start) or x.end >= mentions[i].start - 1:
                return x  # the subject, or the owner right before the name (甲局“乙”、丙局“丁”)
            nearest = nearest or x
    return nearest


def _owner_right_before(p: Parse, mentions: list[Mention], i: int) -> Mention | None:
    """An owner named right before mention ``i``'s opening quote (甲中心“乙”), whatever its role."""
    m = mentions[i]
    for j in range(i - 1, max(-1, i - 4), -1):
        x = mentions[j]
        if x.type in OWNERS and x.key and x.end == m.start - 1 and p.text[x.end:m.start] in "“「" \
                and x.role not in ("issuer", "place"):
            return x
    return None


_RANKS = (("党小组", 1), ("党支部", 2), ("党总支", 3), ("党委", 4), ("党组", 4))


def _party_rank(name: str) -> tuple[str, int]:
    """(unit, rank of the kind) of a Party organization's name: 党委 above 党总支 above 党支部."""
    for kind, rank in _RANKS:
        if name.endswith(kind):
            return name[: -len(kind)], rank
    return name, 0


def _upper_party(m: Mention, party_units: dict) -> Mention | None:
    """The higher Party organization of the unit whose name opens ``m``'s unit name."""
    unit, rank = _party_rank(m.name)
    if not rank:
        return None
    toks, acc, best = cut(unit), 0, None
    for w in toks[:-1]:
        acc += len(w)
        got = party_units.get(unit[:acc])
        if got and got[0] > rank and got[1] is not m:
            best = got[1]
    return best


def _from(items: list, i: int):
    """The items from index ``i`` on, without copying the list (a long document holds many)."""
    for j in range(i, len(items)):
        yield items[j]


def _owner_after(mentions: list[Mention], i: int, sent: int) -> Mention | None:
    """The first owner after mention ``i`` in its sentence (the subject comes late)."""
    for x in _from(mentions, i + 1):
        if x.sent != sent:
            return None
        if x.type in OWNERS and x.role not in _NOT_ACTORS:
            return x
    return None


_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


def _receivers_before(p: Parse, mentions: list[Mention], i: int) -> list[Mention]:
    """Who receives honour ``i``: the brands listed before the trigger in its clause
    (甲“A”、乙“B”获评…: both), else the nearest owner or brand before it in the sentence."""
    h = mentions[i]
    sent = p.sentences[h.sent] if p.sentences else None
    if sent is None:
        return []
    clause_start = sent.start
    for mm in _CLAUSE_BREAK.finditer(p.text, sent.start, h.start):
        clause_start = mm.end()
    brands = []
    for j in range(i - 1, -1, -1):
        if mentions[j].sent != h.sent:
            break
        if mentions[j].type == BRAND and mentions[j].start >= clause_start:
            brands.append(mentions[j])
    brands.reverse()
    if len(brands) > 1:
        return brands
    nearest = None
    for j in range(i - 1, -1, -1):
        x = mentions[j]
        if x.sent != h.sent:
            break
        if x.type == ORG and _is_bare_place(x.name):
            continue  # 确保青州市…开馆, 被青州市授予…: a place is where, or who confers; not the receiver
        if x.type in OWNERS + (BRAND,) and x.role not in _NOT_ACTORS or x.type == ANAPHOR and x.key:
            if x.type != ORG and x.type != PARTY or is_subject(p.text, x.start) or _ADJACENT_TRIGGER.match(p.text, x.end):
                return _coordinated_before(p, mentions, j)
            nearest = nearest if nearest is not None else j
    return _coordinated_before(p, mentions, nearest) if nearest is not None else []


def _coordinated_before(p: Parse, mentions: list[Mention], j: int) -> list[Mention]:
    """Mention ``j`` and the owners listed right before it (甲、乙和丙被授予…: all three)."""
    out = [mentions[j]]
    if mentions[j].type not in OWNERS:
        return out
    for k in range(j - 1, -1, -1):
        x = mentions[k]
        if x.end > out[-1].start:
            continue  # a unit inside the name (its chain)
        if x.type not in OWNERS or x.sent != mentions[j].sent \
                or p.text[x.end:out[-1].start] != "、":
            break
        out.append(x)
    return out


def _proper_part(name: str) -> str:
    """A name without the place it opens with (甲市|乙钢集团 → 乙钢集团)."""
    pos = 0
    for w in cut(name):
        if not (tag(w) == "ns" or w.endswith(_AREA_END) and len(w) >= 2):
            break
        pos += len(w)
    return name[pos:]


@lru_cache(maxsize=1 << 12)
def _named_after(unit: str, main: str) -> bool:
    """Whether ``unit`` opens with the main organization's own short name and goes on
    with its own words (甲钢集团 → 甲钢股份炼钢厂, 甲乙离合器公司 → 甲乙制造部), not
    with a place (甲网青州供电公司 is a sister of 甲网松川供电公司, not its unit)."""
    u, m = _proper_part(unit), _proper_part(main)
    n = 0
    while n < min(len(u), len(m)) and u[n] == m[n]:
        n += 1
    if n < 2 or len(u) - n < 2 or n == len(m):
        return False
    acc, toks = 0, cut(u)
    for i, w in enumerate(toks):
        acc += len(w)
        if acc >= n:
            break
    if acc != n:  # the shared part ends inside a word: no short name
        return False
    nxt = toks[i + 1]
    return tag(nxt) != "ns" and not nxt.endswith(_AREA_END)


def _is_bare_place(name: str) -> bool:
    """青州市, 龙泉县: a name that is a place and nothing more (no unit kind after it)."""
    return _kind_at(name) in REGION_KINDS


def _is_area(name: str) -> bool:
    """青州市, 松川县: a province, city or county named alone, which is where things
    happen; it acts only when the text is about it (its main organization)."""
    return _kind_at(name) in AREA_KINDS
