"""GraphML export, for yEd, Gephi, igraph and networkx.

A copy of the shared property graph
(:func:`kg.export.propgraph.to_property_graph`) that keeps only scalar
attributes (GraphML data must be typed scalars; lists are dropped, their
joined forms stay), written with ElementTree: networkx's writer would type
Python ints as ``long`` and list the keys in reverse order. Every ``<key>``
has ``for="node"`` or ``for="edge"`` and an ``attr.type`` (``string`` or
``int``); key ids are ``d0``, ``d1``, … node keys first.

Nodes: ``label`` (zh name), ``type``, ``type_zh``, ``alt_labels``,
``documents``, ``colour`` (hex), ``mentions`` (int). Edges: ``label`` (zh
relation label), ``relation`` (local name), ``evidence``, ``source``,
``rule``, ``evidence_count`` (int). Edge ids are ``e0``, ``e1``, … in the
property graph's sorted order, so the file is deterministic.

>>> from rdflib import Graph
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.graphml"
>>> write_graphml(Graph(), p)
>>> "<graphml" in p.read_text(encoding="utf-8")
True
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..fileio import atomic_path
from .propgraph import to_property_graph

NODE_ATTRS = ("label", "type", "type_zh", "alt_labels", "documents", "colour", "mentions")
EDGE_ATTRS = ("label", "relation", "evidence", "source", "rule", "evidence_count")
INT_ATTRS = {"mentions", "evidence_count"}


def scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the property graph with only the scalar attributes above.

    >>> G = nx.MultiDiGraph(); G.add_node("a", label="甲", type="Brand", type_zh="党建品牌",
    ...     alt_labels="", alt_list=[], documents="x.txt", colour="#F28E2B", shape="star")
    >>> sorted(scalar_graph(G).nodes["a"])
    ['alt_labels', 'colour', 'documents', 'label', 'mentions', 'type', 'type_zh']
    """
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        values = dict(d, mentions=len(d["documents"].split(" | ")) if d["documents"] else 0)
        H.add_node(n, **{k: values[k] for k in NODE_ATTRS})
    for i, (s, o, d) in enumerate(G.edges(data=True)):
        values = dict(d, label=d["label_zh"], relation=d["type"], evidence_count=len(d["evidence_list"]))
        H.add_edge(s, o, key=f"e{i}", **{k: values[k] for k in EDGE_ATTRS})
    return H


NS = "http://graphml.graphdrawing.org/xmlns"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def graphml_tree(H: nx.MultiDiGraph) -> ET.ElementTree:
    """The GraphML document of a graph from :func:`scalar_graph`."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", NS_XSI)
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("graphml"), {f"{{{NS_XSI}}}schemaLocation": f"{NS} {NS}/1.0/graphml.xsd"})
    keys = {}
    for kind, names in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        for name in names:
            keys[kind, name] = f"d{len(keys)}"
            typ = "int" if name in INT_ATTRS else "string"
            ET.SubElement(root, q("key"), {"id": keys[kind, name], "for": kind,
                                           "attr.name": name, "attr.type": typ})
    graph = ET.SubElement(root, q("graph"), {"id": "G", "edgedefault": "directed"})
    for n, d in H.nodes(data=True):
        node = ET.SubElement(graph, q("node"), {"id": n})
        for name in NODE_ATTRS:
            ET.SubElement(node, q("data"), {"key": keys["node", name]}).text = str(d[name])
    for s, o, k, d in H.edges(keys=True, data=True):
        edge = ET.SubElement(graph, q("edge"), {"id": k, "source": s, "target": o})
        for name in EDGE_ATTRS:
            ET.SubElement(edge, q("data"), {"key": keys["edge", name]}).text = str(d[name])
    ET.indent(root, "  ")
    return ET.ElementTree(root)


def write_graphml(graph: Graph, path: str | Path) -> None:
    """Write the entities and relations of ``graph`` as GraphML to ``path`` (UTF-8, atomic)."""
    tree = graphml_tree(scalar_graph(to_property_graph(graph)))
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            tree.write(fh, encoding="utf-8", xml_declaration=True)
            fh.write(b"\n")
