"""Turtle (and N-Triples) export of the built graph.

>>> from rdflib import Graph
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.ttl"
>>> write_turtle(Graph(), p)
>>> p.exists()
True
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from ..fileio import atomic_path


def write_turtle(graph: Graph, path: str | Path) -> None:
    """Serialize ``graph`` as Turtle to ``path`` atomically (UTF-8)."""
    with atomic_path(path) as tmp:
        graph.serialize(destination=str(tmp), format="turtle", encoding="utf-8")


def write_ntriples(graph: Graph, path: str | Path) -> None:
    """N-Triples, one triple per line, sorted, so the file is deterministic."""
    lines = sorted(graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines())
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(line for line in lines if line) + "\n", encoding="utf-8")
