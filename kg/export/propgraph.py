"""One conversion from the built graph to a property graph, shared by the HTML
network and every export format (GEXF, GraphML, Neo4j).

Nodes are the extracted entities (id = IRI), edges the five relations, each
with its evidence sentences and their documents. A :class:`PropertyGraph`
is made straight from the builder of ``kg build`` (:meth:`PropertyGraph.from_builder`:
no RDF library, the builder's strings shared, not copied), or from triples:
a Turtle file read by pyoxigraph's streaming parser (:func:`read_property_graph`)
or an rdflib graph (:meth:`PropertyGraph.from_triples`). A million triples
never become an rdflib graph.

>>> from kg.graph.build import GraphBuilder, DocResult, DocRecord, FactRecord
>>> b = GraphBuilder()
>>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt", "标题"),
...       [("PartyOrganization", "禹城收费站党支部", ()), ("Brand", "零距离", ())],
...       [FactRecord(("PartyOrganization", "禹城收费站党支部"), "hasBrand", ("Brand", "零距离"),
...                   "禹城收费站党支部打造“零距离”党建品牌。", "brand.quoted_kind")]))
>>> pg = PropertyGraph.from_builder(b)
>>> sorted(n.label for n in pg.nodes.values())
['禹城收费站党支部', '零距离']
>>> [(e.rel, [(source, sentence) for source, sentence, *_ in e.evidence]) for e in pg.edges]
[('hasBrand', [('d1.txt', '禹城收费站党支部打造“零距离”党建品牌。')])]
>>> PropertyGraph.from_triples(b.graph()) == pg
True
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .. import vocab

#: separator of several values joined into one scalar attribute
SEP = " | "

_DJ = str(vocab.DJ)
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE, _STATEMENT = _RDF + "type", _RDF + "Statement"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_TITLE = "http://purl.org/dc/terms/title"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_CLASSES = {_DJ + c: c for c in vocab.ENTITY_CLASSES}
_RELATIONS = {_DJ + r: r for r in vocab.RELATIONS}
_REL_ORDER = {r: k for k, r in enumerate(vocab.RELATIONS)}
#: the parts of a reified statement kept, by predicate
_STATEMENT_PARTS = {_RDF + "subject": 0, _RDF + "predicate": 1, _RDF + "object": 2, _DERIVED: 3,
                    _DJ + "evidence": 4, _DJ + "rule": 5}
_ATTRIBUTED = "http://www.w3.org/ns/prov#wasAttributedTo"


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class Doc:
    """A source document: its file name, title ("" when none) and URL ("" when unknown)."""
    file: str
    title: str = ""
    url: str = ""

    @property
    def name(self) -> str:
        """What a person calls it: the title, else the file name."""
        return self.title or self.file


@dataclass(eq=True)
class Node:
    id: str                      # the IRI
    label: str
    type: str                    # class local name
    alts: tuple[str, ...] = ()   # other names, sorted
    docs: tuple[str, ...] = ()   # keys of the documents naming it (see PropertyGraph.docs), sorted


@dataclass(eq=True)
class Edge:
    source: str
    target: str
    rel: str                     # relation local name
    #: (source, sentence, rule, document key, mark), sorted: the source is the file name, followed by
    #: `` · `` and the mark for a curator's fact (kg build --corrections: 人工添加：NAME / 人工更正：NAME),
    #: which may have no document (key "")
    evidence: list[tuple[str, str, str, str, str]] = field(default_factory=list)


@dataclass(eq=True)
class PropertyGraph:
    """Nodes (sorted by IRI), edges (grouped by subject: see :func:`_edge_order`) and documents."""
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    docs: dict[str, Doc] = field(default_factory=dict)

    # --- derived values, as the formats write them -------------------------

    def files(self, node: Node) -> list[str]:
        """File names of the documents naming ``node``, sorted."""
        return sorted(self.docs[d].file if d in self.docs else _local(d) for d in node.docs)

    def degrees(self) -> dict[str, int]:
        """Edges at each node (a loop counts twice), as networkx's ``degree``."""
        deg = dict.fromkeys(self.nodes, 0)
        for e in self.edges:
            deg[e.source] += 1
            deg[e.target] += 1
        return deg

    def subgraph(self, keep) -> "PropertyGraph":
        """The nodes in ``keep`` and the edges between them, in the same order."""
        nodes = {n: d for n, d in self.nodes.items() if n in keep}
        edges = [e for e in self.edges if e.source in nodes and e.target in nodes]
        return PropertyGraph(nodes, edges, self.docs)

    # --- makers -------------------------------------------------------------

    @classmethod
    def from_builder(cls, builder) -> "PropertyGraph":
        """From a :class:`kg.graph.build.GraphBuilder`: the graph its triples
        describe, without making them."""
        from ..graph.build import _document_iri

        docs = {str(_document_iri(i)): Doc(d.file_name, d.title or "", d.url or "")
                for i, d in builder.docs.items()}
        doc_key = {i: str(_document_iri(i)) for i in builder.docs}
        nodes = {}
        for iri in sorted(builder.entities, key=str):
            acc = builder.entities[iri]
            label = builder._label(acc)
            nodes[str(iri)] = Node(str(iri), label, acc.type, tuple(sorted((acc.alts | set(acc.labels)) - {label})),
                                   tuple(sorted(doc_key[d] for d in acc.docs)))
        curated = getattr(builder, "fact_curator", {})  # kg.curate.apply.CuratedBuilder
        edges = []
        for (s, p, o), records in builder.facts.items():
            if str(s) in nodes and str(o) in nodes:
                who = curated.get((s, p, o), {})
                # one statement per (document, sentence), as in the graph (see GraphBuilder.triple_parts)
                ev = sorted(_evidence(builder.docs[d].file_name if d in builder.docs else "", sentence, rule,
                                      doc_key.get(d, ""), builder.curators[who[r]] if r in who else None)
                            for r in set(records) for d, sentence, rule in [r])
                edges.append(Edge(str(s), str(o), p, ev))
        return cls(nodes, _edge_order(edges), docs)

    @classmethod
    def from_triples(cls, triples: Iterable[tuple]) -> "PropertyGraph":
        """From triples of rdflib or pyoxigraph terms (an rdflib Graph, ``pyoxigraph.parse(…)``),
        as :meth:`from_builder` reads the builder: entities typed with the five
        classes; relations between two of them; evidence from the reified statements."""
        types: dict[str, str] = {}
        labels: dict[str, str] = {}
        alts: dict[str, set] = defaultdict(set)
        mentions: dict[str, set] = defaultdict(set)
        doc_parts: dict[str, dict] = defaultdict(dict)
        relations: set[tuple[str, str, str]] = set()
        statements: dict[str, list] = {}
        attributed: dict[str, str] = {}  # a curator's statement (kg build --corrections) → the curator
        for s, p, o in map(_texts, triples):
            if p == _TYPE:
                if o in _CLASSES:
                    types.setdefault(s, _CLASSES[o])
                elif o == _STATEMENT:
                    statements.setdefault(s, [None] * 6)
            elif p in _STATEMENT_PARTS:
                statements.setdefault(s, [None] * 6)[_STATEMENT_PARTS[p]] = o
            elif p == _ATTRIBUTED:
                attributed[s] = o
            elif p in _RELATIONS:
                relations.add((s, _RELATIONS[p], o))
            elif p == _LABEL:
                labels[s] = o if s not in labels else min(labels[s], o)
            elif p == _ALT:
                alts[s].add(o)
            elif p == _DJ + "mentionedIn":
                mentions[s].add(o)
            elif p in (_DJ + "fileName", _TITLE, _DJ + "sourceUrl"):
                doc_parts[s][p] = o
        docs = {d: Doc(parts.get(_DJ + "fileName", _local(d)), parts.get(_TITLE, ""), parts.get(_DJ + "sourceUrl", ""))
                for d, parts in doc_parts.items()}
        nodes = {n: Node(n, labels.get(n, _local(n)), types[n], tuple(sorted(alts.get(n, ()))),
                         tuple(sorted(mentions.get(n, ()))))
                 for n in sorted(types)}
        evidence = defaultdict(list)
        for st, (s, p, o, d, sentence, rule) in statements.items():
            who = attributed.get(st)
            if p is not None and p.startswith(_DJ):
                file = (docs[d].file if d in docs else _local(d)) if d else ""
                curator = (labels.get(who) or _local(who)) if who else None
                evidence[s, _local(p), o].append(_evidence(file, sentence or "", rule or "", d or "", curator))
        edges = [Edge(s, o, rel, sorted(evidence.get((s, rel, o), ())))
                 for s, rel, o in relations if s in nodes and o in nodes]
        return cls(nodes, _edge_order(edges), docs)


def _evidence(file: str, sentence: str, rule: str, doc: str, curator: str | None) -> tuple:
    """One evidence entry; a curator's fact is marked wherever its source is shown."""
    if curator is None:
        return (file, sentence, rule, doc, "")
    mark = f"人工{'添加' if rule == 'manual' else '更正'}：{curator}"
    return (f"{file} · {mark}" if file else mark, sentence, rule, doc, mark)


def _edge_order(edges: list[Edge]) -> list[Edge]:
    """Edges grouped by subject (in IRI order); a subject's edges by the order
    of relations, then objects, of their first relation to each object —
    the order networkx gave them when every relation's edges were added in
    (subject, object) order: the exports' bytes did not change with it."""
    edges.sort(key=lambda e: (_REL_ORDER[e.rel], e.source, e.target))
    first: dict[tuple[str, str], int] = {}
    for k, e in enumerate(edges):
        first.setdefault((e.source, e.target), k)
    return sorted(edges, key=lambda e: (e.source, first[e.source, e.target], _REL_ORDER[e.rel]))


def _texts(triple: tuple) -> tuple[str, str, str]:
    """The IRIs and literal texts of a triple of rdflib or pyoxigraph terms."""
    s, p, o = triple
    return _text(s), _text(p), _text(o)


def _text(term) -> str:
    value = getattr(term, "value", None)
    # pyoxigraph terms carry their text in .value; rdflib terms are str (a Literal's .value is a Python value)
    return value if isinstance(value, str) and not isinstance(term, str) else str(term)


class GraphFileError(ValueError):
    """A graph file that cannot be read; the message is one line naming the file."""


def read_property_graph(path: str | Path) -> PropertyGraph:
    """The property graph of a Turtle file, parsed by pyoxigraph as a stream.

    Raises :class:`GraphFileError` (one line, naming the file and the
    parser's line and column) when it cannot be read.
    """
    import pyoxigraph as ox

    path = Path(path)
    if not path.is_file():
        raise GraphFileError(f"{path}: no such file")
    try:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        return PropertyGraph.from_triples((q.subject, q.predicate, q.object) for q in quads)
    except (SyntaxError, ValueError, OSError) as err:
        raise GraphFileError(f"{path}: cannot read Turtle: {' '.join(str(err).split())[:300]}") from None


def to_property_graph(g):
    """The property graph of ``g`` (an rdflib Graph or a :class:`PropertyGraph`)
    as a networkx MultiDiGraph, for scripts and tests that read it with networkx.

    Node attributes: ``label``, ``type`` (class local name), ``type_zh``,
    ``alt_labels`` (joined by ``SEP``), ``alt_list``, ``documents`` (file
    names joined), ``colour``, ``shape``. Edge attributes (key = the
    relation): ``type``, ``label_zh``, ``evidence`` (sentences joined),
    ``source`` (file names joined), ``rule``, ``evidence_list`` (list of
    (file name, sentence, rule)).
    """
    import networkx as nx

    pg = g if isinstance(g, PropertyGraph) else PropertyGraph.from_triples(g)
    G = nx.MultiDiGraph()
    for n, d in pg.nodes.items():
        G.add_node(n, label=d.label, type=d.type, type_zh=vocab.label(d.type, "zh"), alt_labels=SEP.join(d.alts),
                   alt_list=list(d.alts), documents=SEP.join(pg.files(d)), colour=vocab.colour(d.type),
                   shape=vocab.shape(d.type))
    for e in pg.edges:
        G.add_edge(e.source, e.target, key=e.rel, **edge_values(e), label_zh=vocab.label(e.rel, "zh"),
                   evidence_list=[(f, s, r) for f, s, r, *_ in e.evidence])
    return G


def edge_values(e: Edge) -> dict[str, str]:
    """The scalar attributes every format writes for an edge: ``type``,
    ``evidence`` (sentences joined), ``source`` (file names joined, distinct),
    ``rule`` (distinct rules joined)."""
    return {"type": e.rel, "evidence": SEP.join(s for _, s, *_ in e.evidence),
            "source": SEP.join(sorted({f for f, *_ in e.evidence})),
            "rule": SEP.join(sorted({r for _, _, r, *_ in e.evidence}))}
