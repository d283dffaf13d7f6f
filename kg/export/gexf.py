"""GEXF 1.3 export, for Gephi (https://gexf.net/1.3).

Written element by element (:mod:`kg.export.xmlstream`) rather than with
networkx's writer, which only writes the 1.1/1.2 drafts and needs the whole
graph in networkx first. The file comes from the shared property graph
(:class:`kg.export.propgraph.PropertyGraph`) and holds:

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

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.gexf"
>>> write_gexf(PropertyGraph(), p)
>>> p.read_text(encoding="utf-8").splitlines()[1][:40]
'<gexf xmlns="http://gexf.net/1.3" xmlns:'
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TextIO

from .. import vocab
from ..fileio import atomic_path
from .propgraph import SEP, PropertyGraph, edge_values
from .xmlstream import XmlStream

NS = "http://gexf.net/1.3"
NS_VIZ = "http://gexf.net/1.3/viz"

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


def _attvalues(parent: ET.Element, attrs, values: dict) -> None:
    el = ET.SubElement(parent, "attvalues")
    for title, _ in attrs:
        ET.SubElement(el, "attvalue", {"for": title, "value": str(values[title])})


def _header() -> str:
    """The document down to ``<nodes>``: the attribute declarations."""
    lines = ["  <meta>", "    <creator>dangjian-kg</creator>",
             "    <description>Party-building brands (党建品牌) knowledge graph</description>", "  </meta>",
             '  <graph defaultedgetype="directed" mode="static">']
    for cls, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        lines.append(f'    <attributes class="{cls}" mode="static">')
        lines += [f'      <attribute id="{t}" title="{t}" type="{typ}" />' for t, typ in attrs]
        lines.append("    </attributes>")
    return "\n".join(lines)


# no xsi:schemaLocation: the official GEXF 1.3 RELAX NG schema allows no such attribute
# (and Gephi ignores it); the tests validate kg.gexf against that schema
_ROOT = f'<gexf xmlns="{NS}" xmlns:viz="{NS_VIZ}" version="1.3">\n' + _header()


def write_gexf_stream(pg: PropertyGraph, out: TextIO) -> None:
    """Write the GEXF 1.3 document of a property graph to the text stream ``out``,
    one node or edge at a time."""
    deg = pg.degrees()
    with XmlStream(out, _ROOT) as x:
        x.open("<nodes>", 2)
        for n, d in pg.nodes.items():
            node = ET.Element("node", {"id": n, "label": d.label})
            files = pg.files(d)
            _attvalues(node, NODE_ATTRS, {"type": d.type, "type_zh": vocab.label(d.type, "zh"),
                                          "alt_labels": SEP.join(d.alts), "documents": SEP.join(files),
                                          "mentions": len(files)})
            r, g, b = hex_rgb(vocab.colour(d.type))
            ET.SubElement(node, "viz:color", {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
            # bigger nodes for better-connected entities, within Gephi's usual range
            ET.SubElement(node, "viz:size", {"value": f"{10 + 2 * min(deg[n], 20):.1f}"})
            ET.SubElement(node, "viz:shape", {"value": _SHAPES.get(vocab.shape(d.type), "disc")})
            x.element(node, 3)
        x.close("</nodes>", 2)
        x.open("<edges>", 2)
        for i, e in enumerate(pg.edges):
            edge = ET.Element("edge", {"id": str(i), "source": e.source, "target": e.target,
                                       "label": vocab.label(e.rel, "zh"), "kind": e.rel, "weight": "1.0"})
            _attvalues(edge, EDGE_ATTRS, dict(edge_values(e), relation=e.rel, evidence_count=len(e.evidence)))
            x.element(edge, 3)
        x.close("</edges>", 2)
        x.close("</graph>", 1)


def write_gexf(graph, path: str | Path) -> None:
    """Write the entities and relations of ``graph`` (a :class:`PropertyGraph`
    or an rdflib Graph) as GEXF 1.3 to ``path`` (UTF-8, atomic)."""
    pg = graph if isinstance(graph, PropertyGraph) else PropertyGraph.from_triples(graph)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            write_gexf_stream(pg, fh)
