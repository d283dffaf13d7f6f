"""Turn per-document extractions into one RDF graph under the ontology.

Each document is first reduced to a :class:`DocResult` (small, picklable:
what a worker sends back). A :class:`GraphBuilder` merges results in the
order they are given and produces the graph:

* every entity: ``rdf:type`` one of the five classes, one ``rdfs:label``
  (its canonical simplified name) in zh, ``skos:altLabel`` for every other
  surface form met, ``dj:mentionedIn`` each document that names it;
* every relation: the triple itself, plus an ``rdf:Statement`` that
  reifies it with ``prov:wasDerivedFrom`` (the document), ``dj:evidence``
  (the sentence, original script) and ``dj:rule`` (the extraction rule);
* every document: ``dcterms:title``, ``dj:fileName``, ``dj:sourceUrl``.

The triples only depend on the results, never on the order of a set or on
hashing, so the same inputs give the same graph.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..vocab import DJ, PREFIXES
from .iri import document_iri, entity_iri, fact_iri


@dataclass
class DocRecord:
    id: str
    file_name: str
    source: str
    title: str | None = None
    url: str | None = None
    sha256: str = ""


@dataclass
class FactRecord:
    subject: tuple[str, str]     # (type, label)
    predicate: str
    object: tuple[str, str]
    evidence: str                # the sentence, original script
    rule: str


@dataclass
class DocResult:
    """All that the graph needs from one document."""
    doc: DocRecord
    entities: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (type, label, alt labels)
    facts: list[FactRecord] = field(default_factory=list)


def doc_result(doc, extraction) -> DocResult:
    """Reduce a :class:`kg.document.Document` and its extraction to a DocResult."""
    rec = DocRecord(doc.id, doc.file_name, doc.source, doc.title, doc.url, doc.sha256)
    ents = []
    for ent in sorted(extraction.entities.values(), key=lambda e: e.key):
        alts = set(ent.alt_labels)
        for s, e in ent.spans:  # the original-script forms (traditional documents)
            alts.add(doc.original[s:e])
        alts.discard(ent.label)
        ents.append((ent.type, ent.label, tuple(sorted(alts))))
    facts = [FactRecord(f.subject, f.predicate, f.object, doc.original[f.evidence[0]:f.evidence[1]].strip(), f.rule)
             for f in extraction.facts]
    return DocResult(rec, ents, facts)


class _EntityAcc:
    __slots__ = ("type", "labels", "alts", "docs")

    def __init__(self, type_):
        self.type, self.labels, self.alts, self.docs = type_, Counter(), set(), set()


class GraphBuilder:
    """Merges DocResults; ``triples()`` yields the graph, ``graph()`` builds it.

    >>> b = GraphBuilder()
    >>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt"),
    ...                 [("Brand", "零距离", ())], []))
    >>> len(b.graph()) > 0
    True
    """

    def __init__(self):
        self.docs: dict[str, DocRecord] = {}
        self.entities: dict[URIRef, _EntityAcc] = {}
        self.facts: dict[tuple, list[tuple[str, str, str]]] = defaultdict(list)
        self.counts = Counter()

    def add(self, result: DocResult) -> None:
        doc = result.doc
        doc_id = doc.id
        n = 2
        while doc_id in self.docs:  # two files with one stem: keep both, apart
            doc_id = f"{doc.id}-{n}"
            n += 1
        doc.id = doc_id
        self.docs[doc_id] = doc
        for type_, label, alts in result.entities:
            iri = entity_iri(type_, label)
            acc = self.entities.get(iri)
            if acc is None:
                acc = self.entities[iri] = _EntityAcc(type_)
            acc.labels[label] += 1
            acc.alts.update(alts)
            acc.docs.add(doc_id)
        for f in result.facts:
            s, o = entity_iri(*f.subject), entity_iri(*f.object)
            self.facts[(s, f.predicate, o)].append((doc_id, f.evidence, f.rule))

    @staticmethod
    def _label(acc: _EntityAcc) -> str:
        # the name most documents use; ties: the shortest, then the smallest
        return min(acc.labels, key=lambda lab: (-acc.labels[lab], len(lab), lab))

    def summary(self) -> dict[str, Counter]:
        ents = Counter(acc.type for acc in self.entities.values())
        rels = Counter(p for (_, p, _) in self.facts)
        return {"entities": ents, "relations": rels}

    # --- triples -----------------------------------------------------------
    # The graph is a set; the order below is only for serializers: every
    # subject's triples come together (Turtle writes one block per subject),
    # and the order depends on the results alone, never on hashing.

    def _doc_triples(self, doc_id: str) -> Iterator[tuple]:
        d = self.docs[doc_id]
        node = document_iri(doc_id)
        yield node, RDF.type, DJ.Document
        yield node, DCTERMS.identifier, Literal(doc_id)
        yield node, DJ.fileName, Literal(d.file_name)
        if d.title:
            yield node, DCTERMS.title, Literal(d.title, lang="zh")
        if d.url:
            yield node, DJ.sourceUrl, Literal(d.url, datatype=XSD.anyURI)

    def _label_triples(self, iri, acc: _EntityAcc) -> Iterator[tuple]:
        label = self._label(acc)
        yield iri, RDFS.label, Literal(label, lang="zh")
        for alt in sorted((acc.alts | set(acc.labels)) - {label}):
            yield iri, SKOS.altLabel, Literal(alt, lang="zh")

    @staticmethod
    def _statement_triples(s, p: str, o, doc_id: str, evidence: str, rule: str) -> Iterator[tuple]:
        st = fact_iri(str(s), p, str(o), doc_id, evidence)
        yield st, RDF.type, RDF.Statement
        yield st, RDF.subject, s
        yield st, RDF.predicate, DJ[p]
        yield st, RDF.object, o
        yield st, PROV.wasDerivedFrom, document_iri(doc_id)
        yield st, DJ.evidence, Literal(evidence, lang="zh")
        yield st, DJ.rule, Literal(rule)

    def triples(self) -> Iterator[tuple]:
        """All triples, in a deterministic order, grouped by subject."""
        for doc_id in sorted(self.docs):
            yield from self._doc_triples(doc_id)
        keys = sorted(self.facts)
        outgoing = defaultdict(list)  # subject → its relations, in (s, p, o) order
        for key in keys:
            outgoing[key[0]].append(key)
        for iri in sorted(self.entities.keys() | outgoing.keys()):
            acc = self.entities.get(iri)
            if acc is not None:
                yield iri, RDF.type, DJ[acc.type]
                yield from self._label_triples(iri, acc)
                for doc_id in sorted(acc.docs):
                    yield iri, DJ.mentionedIn, document_iri(doc_id)
            for s, p, o in outgoing.get(iri, ()):
                yield s, DJ[p], o
        for (s, p, o) in keys:
            for doc_id, evidence, rule in sorted(set(self.facts[(s, p, o)])):
                yield from self._statement_triples(s, p, o, doc_id, evidence, rule)

    # --- streaming: what can be written as soon as a document is merged ------

    def add_streaming(self, result: DocResult) -> list[tuple]:
        """:meth:`add` ``result`` and return the triples it adds that no later
        document can change (its document node, types, mentions, relations and
        their reifications). Only labels depend on all documents: see
        :meth:`label_triples`. The union of what every call returned and
        ``label_triples()`` is the set of :meth:`triples`.
        """
        ent_iris = sorted({entity_iri(t, label) for t, label, _ in result.entities})
        new_ents = {iri for iri in ent_iris if iri not in self.entities}
        fact_keys = sorted({(entity_iri(*f.subject), f.predicate, entity_iri(*f.object)) for f in result.facts})
        new_facts = {k for k in fact_keys if k not in self.facts}
        self.add(result)
        doc_id = result.doc.id  # add() may have renamed it
        out = list(self._doc_triples(doc_id))
        node = document_iri(doc_id)
        for iri in ent_iris:
            if iri in new_ents:
                out.append((iri, RDF.type, DJ[self.entities[iri].type]))
            out.append((iri, DJ.mentionedIn, node))
        for key in fact_keys:
            s, p, o = key
            if key in new_facts:
                out.append((s, DJ[p], o))
            for rec in sorted({r for r in self.facts[key] if r[0] == doc_id}):
                out.extend(self._statement_triples(s, p, o, *rec))
        return out

    def label_triples(self) -> Iterator[tuple]:
        """``rdfs:label`` and ``skos:altLabel`` of every entity (they depend on
        every document: the label is the form most documents use)."""
        for iri in sorted(self.entities):
            yield from self._label_triples(iri, self.entities[iri])

    def graph(self) -> Graph:
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        for t in self.triples():
            g.add(t)
        return g


def build_graph(results: Iterable[DocResult]) -> Graph:
    b = GraphBuilder()
    for r in results:
        b.add(r)
    return b.graph()
