"""GraphML export, for yEd, Gephi, igraph and networkx.

The shared property graph (:class:`kg.export.propgraph.PropertyGraph`)
with scalar attributes only (GraphML data must be typed scalars; lists are
joined), written element by element (:mod:`kg.export.xmlstream`):
networkx's writer would type Python ints as ``long``, list the keys in
reverse order and need the whole graph in networkx first. Every ``<key>``
has ``for="node"`` or ``for="edge"`` and an ``attr.type`` (``string`` or
``int``); key ids are ``d0``, ``d1``, … node keys first.

Nodes: ``label`` (zh name), ``type``, ``type_zh``, ``alt_labels``,
``documents``, ``colour`` (hex), ``mentions`` (int). Edges: ``label`` (zh
relation label), ``relation`` (local name), ``evidence``, ``source``,
``rule``, ``evidence_count`` (int). Edge ids are ``e0``, ``e1``, … in the
property graph's sorted order, so the file is deterministic.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.graphml"
>>> write_graphml(PropertyGraph(), p)
>>> "<graphml" in p.read_text(encoding="utf-8")
True
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TextIO

from .. import vocab
from ..fileio import atomic_path
from .propgraph import SEP, PropertyGraph, edge_values
from .xmlstream import XmlStream

NODE_ATTRS = ("label", "type", "type_zh", "alt_labels", "documents", "colour", "mentions")
EDGE_ATTRS = ("label", "relation", "evidence", "source", "rule", "evidence_count")
INT_ATTRS = {"mentions", "evidence_count"}


NS = "http://graphml.graphdrawing.org/xmlns"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _keys() -> dict[tuple[str, str], str]:
    """(node|edge, attribute) → key id: d0, d1, … node keys first."""
    names = [("node", n) for n in NODE_ATTRS] + [("edge", n) for n in EDGE_ATTRS]
    return {kn: f"d{k}" for k, kn in enumerate(names)}


def _root() -> str:
    lines = [f'<graphml xmlns="{NS}" xmlns:xsi="{NS_XSI}" xsi:schemaLocation="{NS} {NS}/1.0/graphml.xsd">']
    for (kind, name), key in _keys().items():
        typ = "int" if name in INT_ATTRS else "string"
        lines.append(f'  <key id="{key}" for="{kind}" attr.name="{name}" attr.type="{typ}" />')
    return "\n".join(lines)


def _element(tag: str, attrs: dict, kind: str, values: dict, keys: dict) -> ET.Element:
    el = ET.Element(tag, attrs)
    for name in NODE_ATTRS if kind == "node" else EDGE_ATTRS:
        ET.SubElement(el, "data", {"key": keys[kind, name]}).text = str(values[name])
    return el


def write_graphml_stream(pg: PropertyGraph, out: TextIO) -> None:
    """Write the GraphML document of a property graph to the text stream ``out``,
    one node or edge at a time."""
    keys = _keys()
    with XmlStream(out, _root()) as x:
        x.open('<graph id="G" edgedefault="directed">', 1)
        for n, d in pg.nodes.items():
            files = pg.files(d)
            values = {"label": d.label, "type": d.type, "type_zh": vocab.label(d.type, "zh"),
                      "alt_labels": SEP.join(d.alts), "documents": SEP.join(files),
                      "colour": vocab.colour(d.type), "mentions": len(files)}
            x.element(_element("node", {"id": n}, "node", values, keys), 2)
        for i, e in enumerate(pg.edges):
            values = dict(edge_values(e), label=vocab.label(e.rel, "zh"), relation=e.rel,
                          evidence_count=len(e.evidence))
            x.element(_element("edge", {"id": f"e{i}", "source": e.source, "target": e.target}, "edge",
                               values, keys), 2)
        x.close("</graph>", 1)


def write_graphml(graph, path: str | Path) -> None:
    """Write the entities and relations of ``graph`` (a :class:`PropertyGraph`
    or an rdflib Graph) as GraphML to ``path`` (UTF-8, atomic)."""
    pg = graph if isinstance(graph, PropertyGraph) else PropertyGraph.from_triples(graph)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            write_graphml_stream(pg, fh)
