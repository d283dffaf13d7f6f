"""Export stage: the built RDF graph → files other tools read.

One module per format, plain functions (like networkx's ``readwrite``).
``BUILD_EXPORTS`` lists what ``kg build`` writes besides ``kg.ttl``; each
entry is ``(name, function(graph, out_dir) -> Path)``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from rdflib import Graph

from .turtle import write_turtle


def _turtle(graph: Graph, out_dir: Path) -> Path:
    path = Path(out_dir) / "kg.ttl"
    write_turtle(graph, path)
    return path


def _html(graph: Graph, out_dir: Path) -> Path:
    from .html import build_export  # imported on use: pyvis and jinja2 load only when needed

    return build_export(graph, out_dir)


def _gexf(graph: Graph, out_dir: Path) -> Path:
    from .gexf import write_gexf

    path = Path(out_dir) / "kg.gexf"
    write_gexf(graph, path)
    return path


def _graphml(graph: Graph, out_dir: Path) -> Path:
    from .graphml import write_graphml

    path = Path(out_dir) / "kg.graphml"
    write_graphml(graph, path)
    return path


def _neo4j(graph: Graph, out_dir: Path) -> Path:
    from .neo4j import write_neo4j

    path = Path(out_dir) / "neo4j"
    write_neo4j(graph, path)
    return path


BUILD_EXPORTS: list[tuple[str, Callable[[Graph, Path], Path]]] = [
    ("turtle", _turtle),
    ("html", _html),
    ("gexf", _gexf),
    ("graphml", _graphml),
    ("neo4j", _neo4j),
]
