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

import re

from .mentions import ANAPHOR, BRAND, HONOUR, METHOD, ORG, OWNERS, PARTY, Mention, Parse
from . import lexicon
from .model import Extraction
from .orgs import _is_full_org

_ISSUER_AFTER = re.compile(r"^\s*(?:评为|授予|命名|表彰|认定|颁发)")


def _mark_issuers(p: Parse) -> None:
    """Owners that confer an honour (被中央组织部授予…) or stand inside its name are not its receivers."""
    honours = [m for m in p.mentions if m.type == HONOUR]
    for m in p.mentions:
        if m.type not in OWNERS:
            continue
        if _ISSUER_AFTER.match(p.text[m.end:m.end + 4]) or p.text[max(0, m.start - 1):m.start] in ("被", "由"):
            m.role = "issuer"
        elif any(h.sent == m.sent and h.start <= m.start and m.end <= h.end + 2 for h in honours):
            m.role = "issuer"
        elif any(h.sent == m.sent and 0 <= h.start - m.end <= 1 for h in honours):
            m.role = "issuer"  # 湖南省交通运输厅“工人先锋号”: the issuer prefixes the title


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
    standalone_units = {m.name for m in mentions if m.type == ORG}

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
        prev = None
        for x in chain:
            k = ent(x)
            if prev:
                fact(prev, "hasUnit", k, m, "hierarchy.name")
            prev = k
        if chain and main_key and chain[0].key != main_key and _is_subunit(chain[0].name):
            fact(main_key, "hasUnit", chain[0].key, m, "hierarchy.topic")
        if m.type == ORG and not chain and main_key and m.key != main_key and _is_subunit(m.name) \
                and m.role != "issuer":
            fact(main_key, "hasUnit", ent(m), m, "hierarchy.topic")
        if m.role == "issuer":
            continue
        k = ent(m)
        if prev:
            fact(prev, "hasBranch" if m.type == PARTY else "hasUnit", k, m, "hierarchy.name")
        elif m.type == PARTY and main_key and k != main_key:
            fact(main_key, "hasBranch", k, m, "hierarchy.topic" if m.role != "relative" else "hierarchy.relative")

    # the discourse walk
    owner: Mention | None = None          # current topic owner
    brand: Mention | None = None          # current brand, with brand_owner
    brand_owner: tuple[str, str] | None = None
    para = -1
    for i, m in enumerate(mentions):
        sent = p.sentences[m.sent] if p.sentences else None
        if sent is not None and sent.para != para:
            para = sent.para
        if m.type in OWNERS:
            if m.role == "issuer":
                continue
            if owner is None or owner.key != m.key:
                if brand is not None and brand_owner != m.key:
                    brand = None
            owner = m
            continue
        if m.type == ANAPHOR:
            continue  # refers to the current owner, which stays
        if m.type == BRAND:
            o = m.owner if m.owner is not None and m.owner.type in OWNERS else _owner_before(mentions, i, m.sent)
            if o is None and m.owner is not None:  # heading owner given as 该站/支部
                o = owner
            if o is None:
                o = owner
            okey = o.key if o is not None else main_key
            b = ent(m)
            fact(okey, "hasBrand", b, m, m.rule)
            if o is not None:
                owner = o
            brand, brand_owner = m, okey
            continue
        if m.type == METHOD:
            target = None
            if brand is not None and (owner is None or brand_owner == owner.key):
                target = brand.key
            elif owner is not None:
                target = owner.key
            else:
                target = main_key
            fact(target, "usesMethod", ent(m), m, m.rule)
            continue
        if m.type == HONOUR:
            o = _receiver_before(mentions, i, m.sent)
            if o is not None:
                target = o.key
            elif owner is not None:
                target = owner.key
            elif brand is not None:
                target = brand.key
            else:
                target = main_key
            fact(target, "achievesHonour", ent(m), m, m.rule)
    # only keep organizations that take part in a fact (or are the main one)
    used = {f.subject for f in ex.facts} | {f.object for f in ex.facts}
    for key in list(ex.entities):
        if key[0] == ORG and key not in used and key != main_key:
            del ex.entities[key]
    return ex


def _is_subunit(name: str) -> bool:
    """A unit of a kind that sits inside a larger organization (收费所, 分公司, 车间…)."""
    return any(name.endswith(k) and len(name) > len(k) for k in lexicon.load("subunit_kinds"))


def _owner_before(mentions: list[Mention], i: int, sent: int) -> Mention | None:
    for j in range(i - 1, -1, -1):
        x = mentions[j]
        if x.sent != sent:
            return None
        if x.type in OWNERS and x.role != "issuer":
            return x
    return None


def _receiver_before(mentions: list[Mention], i: int, sent: int) -> Mention | None:
    for j in range(i - 1, -1, -1):
        x = mentions[j]
        if x.sent != sent:
            return None
        if x.type in OWNERS + (BRAND,) and x.role != "issuer":
            return x
    return None
