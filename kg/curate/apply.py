"""Apply decisions to a merged graph, with provenance: what a person changed says so.

:func:`apply_corrections` takes the :class:`~kg.graph.build.GraphBuilder`
of a build, after every document is merged and before anything is
written, and returns a :class:`CuratedBuilder`: the same entities and
facts, corrected, whose triples also say who changed what:

* an added fact's reified statement has ``dj:rule "manual"``, its
  evidence (the row's 证据, or a note), and ``prov:wasAttributedTo`` the
  curator (``djid:curator/…``, a ``dj:Curator`` named after the row's
  审核人); a fact moved onto another entity by a merge keeps its machine
  rule and evidence and is attributed to the curator too;
* a renamed, merged-into or added entity is ``prov:wasAttributedTo`` the
  curator;
* every applied decision is a ``dj:Correction`` (``dj:decision``,
  ``dj:targetId``, ``rdfs:comment``, ``dj:newValue``, ``dj:target``,
  ``prov:wasAttributedTo``), so SPARQL can list what was corrected, even
  what was deleted.

A decision whose id matches nothing (the extractor no longer finds the
entity, the fact was deleted by hand…) is reported, one line with its row,
never dropped silently.

>>> from kg.graph.build import GraphBuilder, DocResult, DocRecord, FactRecord
>>> b = GraphBuilder()
>>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt"),
...       [("PartyOrganization", "青禾站党支部", ()), ("Brand", "暖心桥", ()), ("Brand", "暖心", ())],
...       [FactRecord(("PartyOrganization", "青禾站党支部"), "hasBrand", ("Brand", "暖心"), "……", "r")]))
>>> from kg.curate.corrections import Decision
>>> fixes = [Decision("c.csv, row 2", "实体", "merge", "brand/暖心", "brand/暖心桥", "李明")]
>>> curated, outcome = apply_corrections(b, fixes)
>>> sorted(str(e).rsplit("/", 1)[-1] for e in curated.entities), outcome.applied, outcome.unmatched
(['暖心桥', '青禾站党支部'], 1, [])
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, Iterator

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, RDFS

from .. import vocab
from ..graph.build import GraphBuilder, RDFLIB_TERMS, _EntityAcc
from ..graph.iri import fact_iri, slug
from ..vocab import DJ, ID
from .corrections import Decision, End
from .sheet import ENTITIES, FACTS
from .ids import entity_id, entity_iri, fact_id, iri_of_entity_id, kind_of

#: the rule of a fact a person added
MANUAL = "manual"
#: the evidence of an added fact whose row gives none
NO_EVIDENCE = "（人工添加，无证据句）"
#: the curator of a row whose 审核人 is empty
ANONYMOUS = "审核人"

_ZH = {"delete": "删除", "keep": "保留", "add": "新增", "rename": "改名", "merge": "合并"}


@dataclass
class Outcome:
    """What applying did: how many decisions changed the graph, and the lines about those that could not."""
    applied: int = 0
    unmatched: list[str] = field(default_factory=list)


class CuratedBuilder(GraphBuilder):
    """A GraphBuilder whose triples carry the curation's provenance (see the module)."""

    def __init__(self, base: GraphBuilder):
        self.__dict__.update(base.__dict__)  # the merged graph itself, corrected in place
        self.curators: dict[URIRef, str] = {}
        self.entity_curator: dict[URIRef, URIRef] = {}
        self.fact_curator: dict[tuple, dict[tuple, URIRef]] = {}  # fact → its curated records → curator
        self.corrections: dict[URIRef, list[tuple]] = {}   # correction IRI → its (predicate, object) pairs

    # --- triples: the base's, plus who changed what ----------------------------

    def _entity_triples(self, iri, relations, T) -> Iterator[tuple]:
        yield from super()._entity_triples(iri, relations, T)
        who = self.entity_curator.get(iri)
        if who is not None:
            yield T.triple(T.iri(iri), T.iri(PROV.wasAttributedTo), T.iri(who))

    def _statement_triples(self, s, p, o, records, T, K) -> Iterator[tuple]:
        curated = self.fact_curator.get((s, p, o))
        if curated is None:
            yield from GraphBuilder._statement_triples(s, p, o, records, T, K)
            return
        for record in records:  # one statement at a time: its attribution stays in its block
            yield from GraphBuilder._statement_triples(s, p, o, [record], T, K)
            who = curated.get(record)
            if who is not None:
                st = T.new_iri(fact_iri(str(s), p, str(o), record[0], record[1]))
                yield T.triple(st, T.iri(PROV.wasAttributedTo), T.iri(who))

    def triple_parts(self, n: int = 1, T=None) -> list[Iterator[tuple]]:
        parts = super().triple_parts(n, T)
        parts[-1] = chain(parts[-1], self._curation_triples(T or RDFLIB_TERMS))
        return parts

    def _curation_triples(self, T) -> Iterator[tuple]:
        i, lit, tr = T.iri, T.lit, T.triple
        for who in sorted(self.curators, key=str):
            yield tr(i(who), i(RDF.type), i(DJ.Curator))
            yield tr(i(who), i(RDFS.label), lit(self.curators[who], "zh"))
        for c in sorted(self.corrections, key=str):
            yield tr(i(c), i(RDF.type), i(DJ.Correction))
            for p, o in self.corrections[c]:
                yield tr(i(c), i(p), i(o) if isinstance(o, URIRef) else lit(*o))

    # --- bookkeeping ------------------------------------------------------------

    def curator(self, name: str) -> URIRef:
        name = name or ANONYMOUS
        iri = ID[f"curator/{slug(name)}"]
        self.curators.setdefault(iri, name)
        return iri

    def record(self, d: Decision, comment: str, target: URIRef | None = None) -> None:
        """A dj:Correction for the applied decision ``d``."""
        key = "\x1f".join((d.sheet, d.action, d.target, d.new_value, d.curator, d.relation, d.evidence, d.document,
                           *(e.id + "\x1e" + e.name + "\x1e" + e.cls for e in (d.subject, d.object) if e)))
        iri = ID["correction/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]]
        pairs = [(DJ.decision, (_ZH[d.action], None)), (RDFS.comment, (comment, "zh")),
                 (PROV.wasAttributedTo, self.curator(d.curator))]
        if d.target:
            pairs.append((DJ.targetId, (d.target, None)))
        if d.new_value:
            pairs.append((DJ.newValue, (d.new_value, None)))
        if target is not None:
            pairs.append((DJ.target, target))
        self.corrections[iri] = pairs


class _Graph:
    """The corrections' view of a builder: entities by name and facts by entity, kept in step."""

    def __init__(self, b: CuratedBuilder, moved: dict | None = None):
        self.b = b
        self.names: dict[str, set] = defaultdict(set)
        for iri, acc in b.entities.items():
            for name in self._names(acc):
                self.names[name].add(iri)
        self.facts_of: dict[URIRef, set] = defaultdict(set)
        for key in b.facts:
            self.facts_of[key[0]].add(key)
            self.facts_of[key[2]].add(key)
        # every id a fact has had: a fact moved by a merge is still found by its old id
        self.fact_ids = {fact_id(*key): key for key in b.facts}
        before = defaultdict(set)  # an entity → the entities merged into it earlier
        for old, new in (moved or {}).items():
            before[new].add(old)
        for s, p, o in list(b.facts) if before else ():
            for s0 in before.get(s, set()) | {s}:
                for o0 in before.get(o, set()) | {o}:
                    self.fact_ids.setdefault(fact_id(s0, p, o0), (s, p, o))

    @staticmethod
    def _names(acc: _EntityAcc) -> set[str]:
        return set(acc.labels) | acc.alts

    def label(self, iri) -> str:
        return self.b._label(self.b.entities[iri])

    def find(self, name: str, cls: str = "") -> list:
        """Entities named ``name`` (label or other name), of class ``cls`` if given."""
        found = {iri for iri in self.names.get(name, ()) if iri in self.b.entities}
        if cls:
            found = {iri for iri in found if self.b.entities[iri].type == cls}
            exact = entity_iri(cls, name)
            if exact in self.b.entities:
                found.add(exact)  # the same name up to punctuation and spacing
        return sorted(found, key=str)

    def drop_fact(self, key) -> None:
        del self.b.facts[key]
        self.b.fact_curator.pop(key, None)
        self.facts_of[key[0]].discard(key)
        self.facts_of[key[2]].discard(key)

    def put_fact(self, key, records, who=None) -> None:
        """Add ``records`` to the fact ``key``; ``who`` (a curator) changed or made them."""
        self.b.facts[key].extend(records)
        if who is not None:
            self.b.fact_curator.setdefault(key, {}).update(dict.fromkeys(records, who))
        self.facts_of[key[0]].add(key)
        self.facts_of[key[2]].add(key)
        self.fact_ids.setdefault(fact_id(*key), key)

    def delete(self, iri) -> int:
        for key in list(self.facts_of.pop(iri, ())):
            if key in self.b.facts:
                self.drop_fact(key)
        del self.b.entities[iri]

    def merge(self, src, dst, who) -> None:
        """``src`` into ``dst``: one node, all names (dst's label stays), all facts."""
        a, t = self.b.entities.pop(src), self.b.entities[dst]
        t.alts |= self._names(a)
        t.docs |= a.docs
        for name in self._names(a):
            self.names[name].add(dst)
        for key in sorted(self.facts_of.pop(src, ()), key=self.b._fact_order):
            records = self.b.facts.get(key)
            if records is None:
                continue
            self.drop_fact(key)
            s, p, o = (dst if key[0] == src else key[0]), key[1], (dst if key[2] == src else key[2])
            if s == o:
                continue  # a relation between the two halves of one entity
            self.put_fact((s, p, o), records, who)
            self.fact_ids[fact_id(*key)] = (s, p, o)
        self.b.entity_curator.pop(src, None)
        if who is not None:
            self.b.entity_curator[dst] = who

    def rename(self, iri, label: str, who) -> URIRef:
        """Label ``iri`` ``label``; into the entity that already has that name, if any."""
        acc = self.b.entities[iri]
        home = entity_iri(acc.type, label)
        if home != iri and home in self.b.entities:
            self.merge(iri, home, who)
            iri, acc = home, self.b.entities[home]
        acc.alts |= set(acc.labels)
        acc.labels = Counter({label: 1})  # the one label from now on: merges only add other names
        self.names[label].add(iri)
        self.b.entity_curator[iri] = who
        return iri


def merge_aliases(builder: GraphBuilder, aliases: dict[str, str],
                  party_kinds: Iterable[str] = ()) -> tuple[CuratedBuilder, dict]:
    """One node for every form of a known organization (the user's ``organizations.txt``).

    An Organization named by a form in ``aliases`` (short form → full name)
    is merged into the Organization of the full name (made if absent), and
    a Party organization named by a form and a Party kind of ``party_kinds``
    (青禾数科党委) into that of the full name (青禾数字科技有限公司党委). Returns
    the builder and what was merged into what (old IRI → new), through which
    a correction keyed on an old id still finds its entity.

    >>> from kg.graph.build import GraphBuilder, DocResult, DocRecord
    >>> b = GraphBuilder()
    >>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt"), [("Organization", "青禾数科", ()),
    ...       ("PartyOrganization", "青禾数科党委", ())], []))
    >>> b, moved = merge_aliases(b, {"青禾数科": "青禾数字科技有限公司"}, ["党委"])
    >>> sorted(b._label(acc) for acc in b.entities.values())
    ['青禾数字科技有限公司', '青禾数字科技有限公司党委']
    """
    b = builder if isinstance(builder, CuratedBuilder) else CuratedBuilder(builder)
    moved: dict[URIRef, URIRef] = {}
    if not aliases:
        return b, moved
    g = _Graph(b)
    kinds = sorted(set(party_kinds), key=lambda k: (-len(k), k))
    for iri in sorted(b.entities, key=str):
        acc = b.entities[iri]
        full = None
        for name in sorted(g._names(acc)):
            if acc.type == "Organization" and name in aliases:
                full = aliases[name]
            elif acc.type == "PartyOrganization":
                kind = next((k for k in kinds if name.endswith(k) and name[:-len(k)] in aliases), None)
                if kind:
                    full = aliases[name[:-len(kind)]] + kind
            if full:
                break
        home = entity_iri(acc.type, full) if full else iri
        if home == iri:
            continue
        if home not in b.entities:
            made = b.entities[home] = _EntityAcc(acc.type)
            made.labels[full] += 1
        g.merge(iri, home, None)
        moved[iri] = home
    return b, moved


def apply_corrections(builder: GraphBuilder, decisions: Iterable[Decision],
                      moved: dict | None = None) -> tuple[CuratedBuilder, Outcome]:
    """Apply ``decisions`` to ``builder``'s graph (changed in place) and return the curated builder.

    Order: entities deleted, merged, renamed; facts deleted; facts added —
    so that a fact's or entity's id in the sheet names what the reviewer saw.
    ``moved`` (old entity IRI → new) says where entities merged before went.
    """
    b = builder if isinstance(builder, CuratedBuilder) else CuratedBuilder(builder)
    g, out = _Graph(b, moved), Outcome()
    decisions = list(decisions)
    moved = dict(moved or {})  # merged away → where it went

    def where_is(eid: str):
        iri = iri_of_entity_id(eid)
        while iri in moved:
            iri = moved[iri]
        return iri if iri in b.entities else None

    def miss(d: Decision, why: str) -> None:
        shown = f" ({d.shown})" if d.shown else ""
        out.unmatched.append(f"{d.where}: {_ZH[d.action]} {d.target or ''}{shown}: {why}".replace("  ", " "))

    def done(d: Decision, comment: str, target=None) -> None:
        b.record(d, comment, target)
        out.applied += 1

    def of(action, sheet):
        return [d for d in decisions if d.action == action and d.sheet == sheet]

    for d in of("delete", ENTITIES):
        iri = where_is(d.target)
        if iri is None:
            miss(d, "no such entity in this graph")
            continue
        label, cls = g.label(iri), b.entities[iri].type
        g.delete(iri)
        done(d, f"删除实体 {label}（{vocab.label(cls, 'zh')}）及其事实")
    for d in of("merge", ENTITIES):
        src = where_is(d.target)
        if src is None:
            miss(d, "no such entity in this graph")
            continue
        dst, why = _target(g, d.new_value, b.entities[src].type, where_is)
        if dst is None:
            miss(d, why)
            continue
        if dst == src:
            miss(d, f"{d.new_value} is this entity already")
            continue
        label, who = g.label(src), b.curator(d.curator)
        g.merge(src, dst, who)
        moved[src] = dst
        done(d, f"合并 {label} 到 {g.label(dst)}", dst)
    for d in of("rename", ENTITIES):
        iri = where_is(d.target)
        if iri is None:
            miss(d, "no such entity in this graph")
            continue
        old = g.label(iri)
        new = g.rename(iri, d.new_value, b.curator(d.curator))
        if new != iri:
            moved[iri] = new
        done(d, f"改名 {old} 为 {d.new_value}", new)
    for d in of("delete", FACTS):
        key = g.fact_ids.get(d.target)
        if key is None or key not in b.facts:
            miss(d, "no such fact in this graph")
            continue
        g.drop_fact(key)
        done(d, f"删除事实 {_fact_text(g, key)}")
    for d in of("add", FACTS):
        _add(g, d, where_is, miss, done)
    return b, out


def _fact_text(g: _Graph, key) -> str:
    s, p, o = key
    name = (lambda iri: g.label(iri) if iri in g.b.entities else entity_id(iri))
    return f"{name(s)} {vocab.label(p, 'zh')} {name(o)}"


def _target(g: _Graph, value: str, cls: str, where_is) -> tuple[URIRef | None, str]:
    """The entity ``value`` (an id, or a name of class ``cls``) names, or None and why not."""
    if kind_of(value) == "entity":
        iri = where_is(value)
        return (iri, "") if iri is not None else (None, f"no entity {value} in this graph")
    found = g.find(value, cls)
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, f"no {vocab.label(cls, 'zh')} named {value} in this graph"
    return None, f"{len(found)} entities are named {value}: give the 编号 of one ({', '.join(entity_id(i) for i in found)})"


def _end(g: _Graph, end: End, docs: set, who, where_is) -> tuple[URIRef | None, str]:
    """The entity at one end of an added fact; a new one when named with a type and not found."""
    if end.id:
        iri = where_is(end.id)
        return (iri, "") if iri is not None else (None, f"no entity {end.id} in this graph")
    found = g.find(end.name, end.cls)
    if len(found) == 1:
        return found[0], ""
    if len(found) > 1:
        return None, (f"{len(found)} entities are named {end.name}: give the 编号 of one "
                      f"({', '.join(entity_id(i) for i in found)})")
    if not end.cls:
        return None, f"no entity named {end.name}: give its type (主体类型/客体类型) to create it"
    iri = entity_iri(end.cls, end.name)
    acc = g.b.entities[iri] = _EntityAcc(end.cls)
    acc.labels[end.name] += 1
    acc.docs |= docs
    g.names[end.name].add(iri)
    g.b.entity_curator[iri] = who
    return iri, ""


def _add(g: _Graph, d: Decision, where_is, miss, done) -> None:
    b = g.b
    doc_ids = {rec.file_name: doc_id for doc_id, rec in sorted(b.docs.items())}
    doc_id = ""
    if d.document:
        doc_id = doc_ids.get(d.document) or (d.document if d.document in b.docs else "")
        if not doc_id:
            miss(d, f"no document {d.document} in this graph: the fact is added without one")
    who = b.curator(d.curator)
    ends = []
    for end in (d.subject, d.object):
        iri, why = _end(g, end, {doc_id} if doc_id else set(), who, where_is)
        if iri is None:
            miss(d, why)
            return
        ends.append(iri)
    s, o = ends
    domain, range_ = vocab.domain_range(d.relation)
    if b.entities[s].type not in domain or b.entities[o].type not in range_:
        miss(d, f"{vocab.label(d.relation, 'zh')} does not join a {vocab.label(b.entities[s].type, 'zh')} "
                f"to a {vocab.label(b.entities[o].type, 'zh')}")
        return
    if s == o:
        miss(d, "subject and object are one entity")
        return
    key = (s, d.relation, o)
    g.put_fact(key, [(doc_id, d.evidence or NO_EVIDENCE, MANUAL)], who)
    st = URIRef(fact_iri(str(s), d.relation, str(o), doc_id, d.evidence or NO_EVIDENCE))
    done(d, f"新增事实 {_fact_text(g, key)}", st)
