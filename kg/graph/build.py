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
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ..vocab import DJ, PREFIXES
from .iri import document_iri, fact_iri
from .iri import entity_iri as _entity_iri_uncached
from ..extract.names import is_unqualified


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


# Terms used for every triple, made once: rdflib's namespaces build (and
# validate) a new URIRef at each attribute access.
_TYPE = RDF.type
_DOCUMENT = DJ.Document
_IDENTIFIER = DCTERMS.identifier
_FILE_NAME = DJ.fileName
_TITLE = DCTERMS.title
_SOURCE_URL = DJ.sourceUrl
_ANY_URI = XSD.anyURI
_LABEL = RDFS.label
_ALT_LABEL = SKOS.altLabel
_STATEMENT = RDF.Statement
_SUBJECT = RDF.subject
_PREDICATE = RDF.predicate
_OBJECT = RDF.object
_DERIVED_FROM = PROV.wasDerivedFrom
_EVIDENCE = DJ.evidence
_RULE = DJ.rule
_MENTIONED_IN = DJ.mentionedIn


@lru_cache(maxsize=None)
def _dj(local: str) -> URIRef:
    return DJ[local]


# the same names come back in document after document: slug them once
entity_iri = lru_cache(maxsize=1 << 18)(_entity_iri_uncached)


def node_iri(type_: str, label: str, doc_id: str) -> URIRef:
    """The node of a name met in document ``doc_id``: one node per name across
    documents, but a name without place or parent (公司党委) is its document's own."""
    return entity_iri(type_, label, doc_id if is_unqualified(type_, label) else None)


@lru_cache(maxsize=1 << 16)
def _document_iri(doc_id: str) -> URIRef:
    return document_iri(doc_id)


class RdflibTerms:
    """The terms :meth:`GraphBuilder.triples` makes: rdflib's. ``iri`` gets a
    URIRef (kept as is); ``new_iri`` makes one from a string met once;
    ``lit(value, lang, datatype)`` makes a Literal; ``triple(s, p, o)`` the
    triple (a tuple here; pyoxigraph's ``Triple`` for the writers)."""

    @staticmethod
    def iri(x: URIRef) -> URIRef:
        return x

    new_iri = URIRef

    @staticmethod
    def triple(s, p, o) -> tuple:
        return (s, p, o)

    @staticmethod
    def lit(value: str, lang: str | None = None, datatype: URIRef | None = None) -> Literal:
        return Literal(value, lang=lang, datatype=datatype)


RDFLIB_TERMS = RdflibTerms()


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

    def _doc_id(self, doc: DocRecord) -> str:
        doc_id, n = doc.id, 2
        while doc_id in self.docs:  # two files with one stem: keep both, apart
            doc_id = f"{doc.id}-{n}"
            n += 1
        return doc_id

    def add(self, result: DocResult) -> None:
        doc = result.doc
        doc_id = doc.id = self._doc_id(doc)
        self.docs[doc_id] = doc
        for type_, label, alts in result.entities:
            iri = node_iri(type_, label, doc_id)
            acc = self.entities.get(iri)
            if acc is None:
                acc = self.entities[iri] = _EntityAcc(type_)
            acc.labels[label] += 1
            acc.alts.update(alts)
            acc.docs.add(doc_id)
        for f in result.facts:
            s, o = node_iri(*f.subject, doc_id), node_iri(*f.object, doc_id)
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
    # ``T`` makes the terms: rdflib's by default; the Turtle/N-Triples writers
    # pass pyoxigraph's (kg.export.turtle.OxTerms) and skip rdflib objects,
    # which cost more than the serialization itself at a million triples.

    def _doc_triples(self, doc_id: str, T: "RdflibTerms") -> Iterator[tuple]:
        d, i, lit, tr = self.docs[doc_id], T.iri, T.lit, T.triple
        node = i(_document_iri(doc_id))
        yield tr(node, i(_TYPE), i(_DOCUMENT))
        yield tr(node, i(_IDENTIFIER), lit(doc_id))
        yield tr(node, i(_FILE_NAME), lit(d.file_name))
        if d.title:
            yield tr(node, i(_TITLE), lit(d.title, "zh"))
        if d.url:
            yield tr(node, i(_SOURCE_URL), lit(d.url, None, _ANY_URI))

    def _label_triples(self, iri, acc: _EntityAcc, T: "RdflibTerms") -> Iterator[tuple]:
        label = self._label(acc)
        node, tr = T.iri(iri), T.triple
        yield tr(node, T.iri(_LABEL), T.lit(label, "zh"))
        for alt in sorted((acc.alts | set(acc.labels)) - {label}):
            yield tr(node, T.iri(_ALT_LABEL), T.lit(alt, "zh"))

    def _entity_triples(self, iri, relations: list[tuple], T: "RdflibTerms") -> Iterator[tuple]:
        """One entity's block: type, labels, mentions, then its relations."""
        i, tr = T.iri, T.triple
        acc = self.entities.get(iri)
        node = i(iri)
        if acc is not None:
            yield tr(node, i(_TYPE), i(_dj(acc.type)))
            yield from self._label_triples(iri, acc, T)
            for doc_id in sorted(acc.docs):
                yield tr(node, i(_MENTIONED_IN), i(_document_iri(doc_id)))
        for s, p, o in relations:
            yield tr(node, i(_dj(p)), i(o))

    @staticmethod
    def _statement_terms(T: "RdflibTerms") -> tuple:
        # the constant terms of every reification, made once per serialization
        # (a million triples: the per-term calls cost more than the writing)
        i = T.iri
        return (i(_TYPE), i(_STATEMENT), i(_SUBJECT), i(_PREDICATE), i(_OBJECT),
                i(_DERIVED_FROM), i(_EVIDENCE), i(_RULE))

    @staticmethod
    def _statement_triples(s, p: str, o, records, T: "RdflibTerms", K: tuple) -> Iterator[tuple]:
        """The reifications of the fact (s, p, o), one per (document, evidence, rule) record."""
        i, lit, tr, new_iri = T.iri, T.lit, T.triple, T.new_iri
        type_, statement, subject, predicate, object_, derived, evidence_, rule_ = K
        s_node, p_node, o_node, s_str, o_str = i(s), i(_dj(p)), i(o), str(s), str(o)
        for doc_id, evidence, rule in records:
            st = new_iri(fact_iri(s_str, p, o_str, doc_id, evidence))  # one per statement: not remembered
            yield tr(st, type_, statement)
            yield tr(st, subject, s_node)
            yield tr(st, predicate, p_node)
            yield tr(st, object_, o_node)
            if doc_id:  # a fact a curator added (kg.curate) may come from no document
                yield tr(st, derived, i(_document_iri(doc_id)))
            yield tr(st, evidence_, lit(evidence, "zh"))
            yield tr(st, rule_, lit(rule))

    @staticmethod
    def _fact_order(key: tuple) -> tuple:
        # the order of the IRIs themselves, without rdflib's Python-level comparisons
        return (str(key[0]), key[1], str(key[2]))

    def triple_parts(self, n: int = 1, T: "RdflibTerms | None" = None) -> list[Iterator[tuple]]:
        """:meth:`triples` cut into ``n`` consecutive parts of about the same
        size, each ending at the end of a subject's block, so that writers can
        serialize the parts in parallel and join them (see
        :func:`kg.export.turtle.write_turtle`). Each part is a lazy iterator.

        >>> b = GraphBuilder()
        >>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt"), [("Brand", "零距离", ())], []))
        >>> [len(list(part)) for part in b.triple_parts(2)]
        [3, 3]
        """
        T = T or RDFLIB_TERMS
        keys = sorted(self.facts, key=self._fact_order)
        outgoing = defaultdict(list)  # subject → its relations, in (s, p, o) order
        for key in keys:
            outgoing[key[0]].append(key)
        # blocks in output order, with their size in triples (about: only for cutting)
        blocks: list[tuple[str, object, int]] = [("doc", d, 5) for d in sorted(self.docs)]
        for iri in sorted(self.entities.keys() | outgoing.keys(), key=str):
            acc = self.entities.get(iri)
            size = 2 + len(acc.alts) + len(acc.docs) if acc is not None else 0
            blocks.append(("entity", iri, size + len(outgoing.get(iri, ()))))
        blocks.extend(("fact", key, 7 * len(self.facts[key])) for key in keys)
        total = sum(size for *_, size in blocks)
        cuts, seen = [0], 0
        for k, (*_, size) in enumerate(blocks):
            seen += size
            if len(cuts) < n and seen >= total * len(cuts) / n:
                cuts.append(k + 1)
        cuts += [len(blocks)] * (n + 1 - len(cuts))

        def part(lo: int, hi: int) -> Iterator[tuple]:
            K = self._statement_terms(T)
            for kind, item, _ in blocks[lo:hi]:
                if kind == "doc":
                    yield from self._doc_triples(item, T)
                elif kind == "entity":
                    yield from self._entity_triples(item, outgoing.get(item, ()), T)
                else:
                    s, p, o = item
                    yield from self._statement_triples(s, p, o, sorted(set(self.facts[item])), T, K)

        return [part(cuts[k], cuts[k + 1]) for k in range(n)]

    def triples(self, T: "RdflibTerms | None" = None) -> Iterator[tuple]:
        """All triples, in a deterministic order, grouped by subject: documents,
        entities (with their relations), then the reified statements."""
        return self.triple_parts(1, T)[0]

    # --- streaming: what can be written as soon as a document is merged ------

    def add_streaming(self, result: DocResult, T: "RdflibTerms | None" = None) -> list[tuple]:
        """:meth:`add` ``result`` and return the triples it adds that no later
        document can change (its document node, types, mentions, relations and
        their reifications). Only labels depend on all documents: see
        :meth:`label_triples`. The union of what every call returned and
        ``label_triples()`` is the set of :meth:`triples`.
        """
        T = T or RDFLIB_TERMS
        i, tr = T.iri, T.triple
        doc_id = self._doc_id(result.doc)  # the id add() gives it
        ent_iris = sorted({node_iri(t, label, doc_id) for t, label, _ in result.entities}, key=str)
        new_ents = {iri for iri in ent_iris if iri not in self.entities}
        fact_keys = sorted({(node_iri(*f.subject, doc_id), f.predicate, node_iri(*f.object, doc_id))
                            for f in result.facts}, key=self._fact_order)
        new_facts = {k for k in fact_keys if k not in self.facts}
        self.add(result)
        doc_id = result.doc.id  # add() may have renamed it
        out = list(self._doc_triples(doc_id, T))
        node = i(_document_iri(doc_id))
        for iri in ent_iris:
            if iri in new_ents:
                out.append(tr(i(iri), i(_TYPE), i(_dj(self.entities[iri].type))))
            out.append(tr(i(iri), i(_MENTIONED_IN), node))
        K = self._statement_terms(T)
        for key in fact_keys:
            s, p, o = key
            if key in new_facts:
                out.append(tr(i(s), i(_dj(p)), i(o)))
            out.extend(self._statement_triples(s, p, o, sorted({r for r in self.facts[key] if r[0] == doc_id}), T, K))
        return out

    def label_triples(self, T: "RdflibTerms | None" = None) -> Iterator[tuple]:
        """``rdfs:label`` and ``skos:altLabel`` of every entity (they depend on
        every document: the label is the form most documents use)."""
        T = T or RDFLIB_TERMS
        for iri in sorted(self.entities, key=str):
            yield from self._label_triples(iri, self.entities[iri], T)

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
