"""One conversion from the RDF graph to a property graph, shared by the HTML
network and every export format (GEXF, GraphML, Neo4j).

Nodes are the extracted entities (id = IRI) with scalar attributes; edges
are the five relations, each with its evidence sentences and sources.

>>> from kg.graph.build import GraphBuilder, DocResult, DocRecord, FactRecord
>>> b = GraphBuilder()
>>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt", "标题"),
...       [("PartyOrganization", "禹城收费站党支部", ()), ("Brand", "零距离", ())],
...       [FactRecord(("PartyOrganization", "禹城收费站党支部"), "hasBrand", ("Brand", "零距离"),
...                   "禹城收费站党支部打造“零距离”党建品牌。", "brand.quoted_kind")]))
>>> G = to_property_graph(b.graph())
>>> sorted(d["label"] for _, d in G.nodes(data=True))
['禹城收费站党支部', '零距离']
>>> [(d["type"], d["label_zh"]) for _, _, d in G.edges(data=True)]
[('hasBrand', '创建品牌')]
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from .. import vocab
from ..vocab import DJ

#: separator of several values joined into one scalar attribute
SEP = " | "


def _local(term) -> str:
    return str(term).rsplit("#", 1)[-1]


def to_property_graph(g: Graph) -> nx.MultiDiGraph:
    """The entities and relations of ``g`` as a networkx MultiDiGraph.

    Node attributes: ``label`` (rdfs:label), ``type`` (class local name),
    ``type_zh``, ``alt_labels`` (skos:altLabel joined by ``SEP``), ``alt_list``
    (the same as a list), ``documents`` (file names joined), ``colour``,
    ``shape``. Edge attributes: ``type`` (relation local name), ``label_zh``,
    ``evidence`` (sentences joined), ``source`` (file names joined),
    ``rule``, ``evidence_list`` (list of (file name, sentence, rule)).
    Nodes and edges are added in sorted order, so the result is deterministic.
    """
    G = nx.MultiDiGraph()
    docs = {}
    for d in g.subjects(RDF.type, DJ.Document):
        docs[d] = {"file": str(g.value(d, DJ.fileName) or _local(d)),
                   "title": str(g.value(d, DCTERMS.title) or "")}
    classes = {DJ[c]: c for c in vocab.ENTITY_CLASSES}
    nodes = {}
    for cls_iri, cls in classes.items():
        for n in g.subjects(RDF.type, cls_iri):
            if isinstance(n, URIRef):
                nodes.setdefault(n, cls)
    for n in sorted(nodes):
        cls = nodes[n]
        alts = sorted(str(a) for a in g.objects(n, SKOS.altLabel))
        files = sorted(docs.get(d, {"file": _local(d)})["file"] for d in g.objects(n, DJ.mentionedIn))
        G.add_node(str(n), label=str(g.value(n, RDFS.label) or _local(n)), type=cls,
                   type_zh=vocab.label(cls, "zh"), alt_labels=SEP.join(alts), alt_list=alts,
                   documents=SEP.join(files), colour=vocab.colour(cls), shape=vocab.shape(cls))
    evidence = defaultdict(list)
    for st in g.subjects(RDF.type, RDF.Statement):
        key = (g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object))
        d = g.value(st, PROV.wasDerivedFrom)
        file = docs.get(d, {"file": _local(d)})["file"] if d else ""
        rule = str(g.value(st, DJ.rule) or "")
        who = g.value(st, PROV.wasAttributedTo)
        if who is not None:  # a curator's fact (kg build --corrections): marked wherever a source is shown
            mark = f"人工{'添加' if rule == 'manual' else '更正'}：{g.value(who, RDFS.label) or _local(who)}"
            file = f"{file} · {mark}" if file else mark
        evidence[key].append((file, str(g.value(st, DJ.evidence) or ""), rule))
    for rel in vocab.RELATIONS:
        for s, o in sorted(g.subject_objects(DJ[rel])):
            if s not in nodes or o not in nodes:
                continue
            ev = sorted(evidence.get((s, DJ[rel], o), []))
            G.add_edge(str(s), str(o), key=rel, type=rel, label_zh=vocab.label(rel, "zh"),
                       evidence=SEP.join(e for _, e, _ in ev), source=SEP.join(sorted({f for f, _, _ in ev})),
                       rule=SEP.join(sorted({r for _, _, r in ev})), evidence_list=ev)
    return G
