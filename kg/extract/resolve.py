"""From mentions to entities: canonical names in context, short forms merged.

* units named inside a longer name get their own local name
  (云岭高速集团白沙分公司 → 白沙分公司, under 云岭高速集团);
* a branch named only relative to the organization the text is about gets
  that organization's name (机关支部 → 杭新景管理处机关党支部);
* short forms join their full name: 青松站 and 青松收费站 → 青松中心收费站,
  山高股份禹城收费站党支部 → 禹城收费站党支部, “以下简称” definitions.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter

from . import lexicon
from .mentions import ANAPHOR, BRAND, HONOUR, METHOD, ORG, PARTY, Mention, Parse
from .names import abbreviates, plain
from .text import is_subject
from .orgs import _ORDINAL_PREFIX, _has_proper, REGION_KINDS, _is_full_org, _kind_at, unit_ok

LEGAL_FORMS = {"有限公司", "股份有限公司", "有限责任公司", "集团公司", "总公司"}
_ALIAS = re.compile(r"[(（]\s*(?:以下简称|下称|简称)\s*[:：]?\s*[“「\"]?([^”」\"()（）]{2,20})[”」\"]?\s*[)）]")


def _local_names(chain: list[str]) -> list[str]:
    """Each unit of a chain named on its own where its name allows (白沙分公司), else with its parent's."""
    out = []
    for i, full in enumerate(chain):
        if i == 0:
            out.append(full)
            continue
        rest = full[len(chain[i - 1]):]
        out.append(rest if _is_full_org(rest) else out[-1] + rest)
    return out


@lru_cache(maxsize=1 << 14)
def _party_split(name: str) -> tuple[str, str]:
    """(unit part, party kind) of a Party-organization name."""
    for k in _canonical_party_kinds():
        if name.endswith(k):
            return name[: -len(k)], k
    return name, ""


@lru_cache(maxsize=1)
def _canonical_party_kinds() -> tuple[str, ...]:
    return tuple(lexicon.longest_first(lexicon.canonical_party_kind(k) for k in lexicon.party_kinds()))


# organizations that issue documents or host events are not what the text is about
_ISSUER_VERBS = re.compile(r"^\s*(?:印发|发布|下发|出台|颁发|主办|召开|举办|指导|公布|命名|授予|表彰)")
# 被甲部、乙办评为…: the bodies between 被 and the conferring verb confer, they are not the topic
_CONFERS = re.compile(r"(?:[、和及与][^，。；、]{2,20}?)*(?:联合|共同)?(?:评为|授予|命名|表彰|认定|评选|确定|列为|颁发)")
_WEAK_MAIN = ("专业", "项目", "片区", "项目部")


def choose_main(p: Parse) -> None:
    """The organization the text is about: the most named one that the title or opening names.

    Counted: its mentions, its branches' mentions, and two more when the title
    names it. Places (市, 区…) only when nothing else qualifies; issuers of
    documents and events never.
    """
    orgs = [m for m in p.mentions if m.type == ORG and not _ISSUER_VERBS.match(p.text[m.end:m.end + 4])
            and not (p.text[m.start - 1:m.start] in ("被", "由") and _CONFERS.match(p.text, m.end))]
    if not orgs:
        return
    counts = Counter(m.name for m in orgs)
    counts.update(m.name for m in orgs if is_subject(p.text, m.start))  # acting counts twice
    for m in p.mentions:
        if m.type == PARTY and m.parents:
            counts[m.parents[-1].name] += 1
        if m.type in (ORG, PARTY):
            # 甲高速乙分公司: the outer units a name holds are named there too
            for x in m.parents[:-1] if m.type == PARTY else m.parents:
                counts[x.name] += 1
    title_end = p.text.find("\n") if "\n" in p.text else len(p.text)
    for m in orgs:
        if m.start < title_end:
            counts[m.name] += 2
    opening_end = p.sentences[min(4, len(p.sentences) - 1)].end if p.sentences else 0
    early = {m.name for m in orgs if m.start < opening_end}
    early |= {x.name for m in p.mentions if m.type in (ORG, PARTY) and m.start < opening_end for x in m.parents}
    cands = [n for n in counts if (n in early or counts[n] >= 2) and _is_full_org(n) and not n.endswith(_WEAK_MAIN)]
    places = [n for n in cands if _kind_at(n) in REGION_KINDS]
    cands = [n for n in cands if n not in places] or places
    if not cands:
        return
    # named in the opening first; a sub-unit (收费所) only when no larger organization is
    best = max(cands, key=lambda n: (n in early, not _is_subunit(n), counts[n], len(n)))
    p.main_org = next((m for m in orgs if m.name == best), None) or Mention(ORG, best, 0, 0, "org.main")


def _is_subunit(name: str) -> bool:
    return any(name.endswith(k) and len(name) > len(k) for k in lexicon.load("subunit_kinds"))


def _group(p: Parse, type_: str, aliases: dict[str, str]) -> None:
    """Give every mention of ``type_`` the canonical name of its group."""
    ms = [m for m in p.mentions if m.type == type_]
    ms += [x for m in p.mentions for x in m.parents if x.type == type_]
    canon = group_names({m.name for m in ms}, type_)
    for m in ms:
        c = canon[m.name]
        target = aliases.get(plain(c))
        if target and canon.get(target, target) != c:
            c = canon.get(target, target)
        if c != m.name:
            m.alts.add(m.name)
        m.name = c


def run(p: Parse) -> None:
    aliases = {}
    for m in _ALIAS.finditer(p.text):
        before = [x for x in p.within(max(0, m.start() - 64), m.start(), (ORG, PARTY)) if m.start() - x.end <= 2]
        if before:
            aliases[plain(m.group(1))] = before[-1].name
    # local names for chains
    for m in p.mentions:
        if m.type == ORG and m.parents:
            chain = [x.name for x in m.parents] + [m.name]
            local = _local_names(chain)
            for x, n in zip(m.parents, local):
                x.alts.add(x.name)
                x.name = n
            if local[-1] != m.name:
                m.alts.add(m.name)
                m.name = local[-1]
        elif m.type == PARTY and m.parents and m.parents[-1].rule != "party.founder" and m.parents[-1].type != PARTY:
            chain = [x.name for x in m.parents]
            local = _local_names(chain)
            unit, kind = _party_split(m.name)
            for x, n in zip(m.parents, local):
                x.alts.add(x.name)
                x.name = n
            m.alts.add(chain[-1] + kind)
            m.name = local[-1] + kind
    _group(p, ORG, aliases)
    choose_main(p)
    main = p.main_org.name if p.main_org else None
    for m in p.mentions:
        # 团委“甲”、妇联“乙” in an article about 石湾镇: 石湾镇团委, 石湾镇妇联
        if m.role == "relative-unit" and main and not _has_proper(m.name):
            m.alts.add(m.name)
            m.name = main + m.name
    # Party organizations named relative to the main organization
    for m in p.mentions:
        if m.type != PARTY:
            continue
        unit, kind = _party_split(m.name)
        for rel in sorted(lexicon.relative_units(), key=len, reverse=True):
            if main and unit.startswith(rel) and unit != rel and unit[len(rel):] in lexicon.relative_units() \
                    and (rel in main or main.endswith(rel)):
                m.alts.add(m.name)
                unit = unit[len(rel):]  # 集团机关 in an article about …集团有限公司: 机关
                m.name = unit + kind
                break
        relative = unit in lexicon.relative_units() or unit == "" or _ORDINAL_PREFIX.match(unit) or m.role == "own"
        if main and relative:
            short = m.name
            if unit == "" or main.endswith(unit):
                m.name = main + kind
            elif lexicon.mapping("relative_units").get(unit) == "self":
                if unit not in main and not main.endswith(lexicon.kind_family(unit)):
                    # 学校党支部 in an article about a 教育局: the branch of whichever school
                    # the text is on, not a unit of its own
                    m.type, m.role, m.parents = ANAPHOR, kind, []
                    continue
                m.name = main + kind
            else:
                m.name = main + unit + kind
            m.alts.add(short)
            m.role = m.role or "relative"
        elif relative and unit:
            m.role = m.role or "relative"
    _group(p, PARTY, aliases)
    # abbreviations defined in the text that were met as plain words
    for short, full in aliases.items():
        for m in p.mentions:
            if m.type in (ORG, PARTY) and m.name == full:
                m.alts.add(short)
    for m in p.mentions:
        if m.type in (ORG, PARTY, BRAND, METHOD, HONOUR):
            m.key = (m.type, m.name)
        for x in m.parents:
            x.key = (x.type, x.name)


_LEGAL_TAIL = re.compile(r"^(?:股份)?(?:有限公司|有限责任公司|集团有限公司|集团公司|公司)$")


def same(n: str, full: str, type_: str) -> bool:
    """Whether the shorter name ``n`` is a short form of ``full`` (青松站 of 青松中心收费站).

    A name that ``full`` only starts with is its parent unit, not a short form
    (二分公司 of 二分公司某某项目), unless what follows is a legal form.
    """
    if full.startswith(n) and not _LEGAL_TAIL.match(full[len(n):]):
        return False
    if type_ == ORG:
        kind, kind_full = _kind_at(n), _kind_at(full)
        if not kind or not kind_full:
            return False
        # same kind of unit (青松站 ~ 青松中心收费站), or a legal form added (交通集团 ~ …交通集团有限公司)
        kinds_agree = kind[-1] == kind_full[-1] or kind_full in LEGAL_FORMS and kind in full
        return kinds_agree and abbreviates(n, full)
    un, kn = _party_split(n)
    uf, kf = _party_split(full)
    if kn != kf or not un or uf.startswith(un):
        return False
    k = _kind_at(un)
    return bool(k) and abbreviates(un, uf) and (k in uf or k[-1] == uf[-1])


def _prefixed(n: str, full: str, type_: str) -> bool:
    """Whether ``full`` is ``n`` with its parent's name before it (山高股份禹城收费站党支部)."""
    if not full.endswith(n) or len(full) - len(n) < 2:
        return False
    if type_ == ORG:
        return unit_ok(n) and _is_full_org(n)
    un, _ = _party_split(n)
    return len(un) >= 3 and (unit_ok(un) or bool(_kind_at(un)))


def _kind_key(name: str, type_: str) -> str:
    """What two names must share to be one: the last character of a unit's kind (站 of
    收费站 and 中心收费站), or a Party organization's kind."""
    if type_ == ORG:
        kind = _kind_at(name)
        return kind[-1] if kind else ""
    return _party_split(name)[1]


def group_names(names: set[str], type_: str) -> dict[str, str]:
    """Map each name to the canonical name it stands for.

    A name with its parent's name before it stands for the shorter own name;
    a short form stands for the one full name it abbreviates — when it could
    stand for several (院党支部 of 第一… and 第二…), it stays itself.

    >>> group_names({"青松站", "青松中心收费站", "白沙分公司青松中心收费站"}, "Organization")["青松站"]
    '青松中心收费站'
    >>> g = group_names({"甲法院第一党支部", "甲法院第二党支部", "甲法院党支部"}, "PartyOrganization")
    >>> len(set(g.values()))
    3
    """
    nameset = set(names)
    names = sorted(names, key=lambda n: (-len(n), n))
    out = {n: n for n in names}
    # prefixed variants first: 白沙分公司青松中心收费站 → 青松中心收费站 (the longest own name it ends with)
    for full in names:
        own = next((full[i:] for i in range(2, len(full)) if full[i:] in nameset and _prefixed(full[i:], full, type_)),
                   None)
        if own:
            out[full] = own
    roots = [n for n in names if out[n] == n]
    # then short forms: each goes to the one full name it abbreviates; only names whose kinds
    # agree can be one (same()), so each is compared with its own kind's names alone
    # a short form keeps the full name's first character or is a part of it (abbreviates()):
    # index the names by kind and first character, and by kind and every two characters
    by_first: dict[tuple[str, str], list[str]] = {}
    by_pair: dict[tuple[str, str], set[str]] = {}
    for f in roots:
        key = _kind_key(f, type_) if _kind_at(f) not in LEGAL_FORMS or type_ != ORG else "legal"
        by_first.setdefault((key, f[0]), []).append(f)
        for i in range(len(f) - 1):
            by_pair.setdefault((key, f[i:i + 2]), set()).add(f)
    for n in sorted(roots, key=len):
        cands: set[str] = set()
        for key in (_kind_key(n, type_), "legal"):
            cands.update(by_first.get((key, n[0]), ()))
            cands.update(by_pair.get((key, n[:2]), ()))
        fulls = {out[f] for f in cands if len(f) > len(n) and out[f] != n and same(n, f, type_)}
        if len(fulls) == 1:
            out[n] = fulls.pop()

    def final(n):
        seen = set()
        while out[n] != n and n not in seen:
            seen.add(n)
            n = out[n]
        return n

    return {n: final(n) for n in names}
