"""GEXF 1.3 export, for Gephi (https://gexf.net/1.3).

Written with ElementTree rather than networkx's writer, which only writes
the 1.1/1.2 drafts. The file is built from the shared property graph
(:func:`kg.export.propgraph.to_property_graph`) and holds:

* nodes: ``label`` (the zh name), ``viz:color`` with alpha and
  ``viz:size``/``viz:shape`` from the ontology, and the string attributes
  ``type`` (class local name: partition on it in Gephi), ``type_zh``,
  ``alt_labels``, ``documents`` and the integer ``mentions``;
* edges: ``label`` (the zh relation label), ``kind`` (the relation, so
  Gephi keeps parallel edges of different relations apart), and the
  attributes ``relation``, ``evidence``, ``source``, ``rule`` and the
  integer ``evidence_count``. (``relation``, not ``type``: Gephi's edge
  table already has a Type column, directed/undirected.)

Only scalar attributes are written: list attributes are dropped, their
joined forms (``alt_labels``) stay. Nodes and edges come in the property
graph's sorted order and there is no timestamp, so the same graph gives
the same bytes.

>>> from rdflib import Graph
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.gexf"
>>> write_gexf(Graph(), p)
>>> p.read_text(encoding="utf-8").splitlines()[1][:40]
'<gexf xmlns="http://gexf.net/1.3" xmlns:'
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from rdflib import Graph

from ..fileio import atomic_path
from .propgraph import to_property_graph

NS = "http://gexf.net/1.3"
NS_VIZ = "http://gexf.net/1.3/viz"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"

#: (title, GEXF type) of the node and edge attributes, in file order
NODE_ATTRS = (("type", "string"), ("type_zh", "string"), ("alt_labels", "string"),
              ("documents", "string"), ("mentions", "integer"))
EDGE_ATTRS = (("relation", "string"), ("evidence", "string"), ("source", "string"),
              ("rule", "string"), ("evidence_count", "integer"))

#: vis-network shapes (the ontology's dj:shape) → the four GEXF viz shapes
_SHAPES = {"box": "square", "square": "square", "diamond": "diamond", "triangle": "triangle",
           "triangleDown": "triangle", "dot": "disc", "ellipse": "disc", "circle": "disc"}


def hex_rgb(colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` → (r, g, b); anything else → grey.

    >>> hex_rgb("#F28E2B")
    (242, 142, 43)
    """
    c = colour.lstrip("#")
    if len(c) != 6:
        return (136, 136, 136)
    try:
        return tuple(int(c[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        return (136, 136, 136)


def _count(joined: str) -> int:
    return len(joined.split(" | ")) if joined else 0


def gexf_tree(G: nx.MultiDiGraph) -> ET.ElementTree:
    """The GEXF 1.3 document of a property graph from ``to_property_graph``."""
    ET.register_namespace("", NS)
    ET.register_namespace("viz", NS_VIZ)
    ET.register_namespace("xsi", NS_XSI)
    q = lambda tag: f"{{{NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("gexf"), {"version": "1.3",
                                  f"{{{NS_XSI}}}schemaLocation": f"{NS} {NS}/gexf.xsd"})
    meta = ET.SubElement(root, q("meta"))
    ET.SubElement(meta, q("creator")).text = "dangjian-kg"
    ET.SubElement(meta, q("description")).text = "Party-building brands (党建品牌) knowledge graph"
    graph = ET.SubElement(root, q("graph"), {"defaultedgetype": "directed", "mode": "static"})
    for cls, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        el = ET.SubElement(graph, q("attributes"), {"class": cls, "mode": "static"})
        for title, typ in attrs:
            ET.SubElement(el, q("attribute"), {"id": title, "title": title, "type": typ})

    nodes = ET.SubElement(graph, q("nodes"))
    for n, d in G.nodes(data=True):
        node = ET.SubElement(nodes, q("node"), {"id": n, "label": d["label"]})
        values = dict(d, mentions=_count(d["documents"]))
        _attvalues(node, q, NODE_ATTRS, values)
        r, g, b = hex_rgb(d["colour"])
        ET.SubElement(node, f"{{{NS_VIZ}}}color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        # bigger nodes for better-connected entities, within Gephi's usual range
        ET.SubElement(node, f"{{{NS_VIZ}}}size", {"value": f"{10 + 2 * min(G.degree(n), 20):.1f}"})
        ET.SubElement(node, f"{{{NS_VIZ}}}shape", {"value": _SHAPES.get(d["shape"], "disc")})

    edges = ET.SubElement(graph, q("edges"))
    for i, (s, o, d) in enumerate(G.edges(data=True)):
        edge = ET.SubElement(edges, q("edge"), {"id": str(i), "source": s, "target": o,
                                                "label": d["label_zh"], "kind": d["type"],
                                                "weight": "1.0"})
        values = dict(d, relation=d["type"], evidence_count=len(d["evidence_list"]))
        _attvalues(edge, q, EDGE_ATTRS, values)
    ET.indent(root, "  ")
    return ET.ElementTree(root)


def _attvalues(parent: ET.Element, q, attrs, values: dict) -> None:
    el = ET.SubElement(parent, q("attvalues"))
    for title, _ in attrs:
        ET.SubElement(el, q("attvalue"), {"for": title, "value": str(values[title])})


def write_gexf(graph: Graph, path: str | Path) -> None:
    """Write the entities and relations of ``graph`` as GEXF 1.3 to ``path`` (UTF-8, atomic)."""
    tree = gexf_tree(to_property_graph(graph))
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            tree.write(fh, encoding="utf-8", xml_declaration=True)
            fh.write(b"\n")
