"""Export stage: the built graph → files other tools read.

One module per format, plain functions (like networkx's ``readwrite``).
``BUILD_EXPORTS`` lists what ``kg build`` writes besides the graph file
(``kg.ttl``, written by :mod:`kg.export.turtle`); each entry is ``(name,
function(property_graph, out_dir) -> Path)``. They all read
one :class:`~kg.export.propgraph.PropertyGraph`, made from the builder, and
write as they go: the export stage holds no rdflib or networkx copy of the
graph.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .propgraph import PropertyGraph


def _html(pg: PropertyGraph, out_dir: Path) -> Path:
    from .html import build_export  # imported on use: pyvis and jinja2 load only when needed

    return build_export(pg, out_dir)


def _gexf(pg: PropertyGraph, out_dir: Path) -> Path:
    from .gexf import write_gexf

    path = Path(out_dir) / "kg.gexf"
    write_gexf(pg, path)
    return path


def _graphml(pg: PropertyGraph, out_dir: Path) -> Path:
    from .graphml import write_graphml

    path = Path(out_dir) / "kg.graphml"
    write_graphml(pg, path)
    return path


def _neo4j(pg: PropertyGraph, out_dir: Path) -> Path:
    from .neo4j import write_neo4j

    path = Path(out_dir) / "neo4j"
    write_neo4j(pg, path)
    return path


BUILD_EXPORTS: list[tuple[str, Callable[[PropertyGraph, Path], Path]]] = [
    ("html", _html),
    ("gexf", _gexf),
    ("graphml", _graphml),
    ("neo4j", _neo4j),
]
