"""``kg render``: draw a built graph, or part of it, as one offline HTML page.

Wraps :func:`kg.export.html.write_html`. Exit status: 0 written, 1 the
graph cannot be read, 2 a bad option (unknown type, no node with the focus
name).

    kg render                                   # exports/kg.ttl → exports/kg.html
    kg render -o brands.html --type Brand --type 工作方法
    kg render -o near.html --focus 零距離 --depth 2
    kg render big.ttl -o top.html --max-nodes 2000
"""
from __future__ import annotations

import sys
from pathlib import Path

import click


def _fail(message: str, status: int) -> None:
    click.echo(f"kg render: {message}", err=True)
    sys.exit(status)


@click.command("render")
@click.argument("graph", required=False, default="exports/kg.ttl", type=click.Path(path_type=Path))
@click.option("-o", "--out", "out", default=None, type=click.Path(path_type=Path),
              help="The HTML file to write (default: kg.html beside GRAPH).")
@click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
              help="Keep only nodes of this class (Brand or 党建品牌, …); repeatable.")
@click.option("--focus", metavar="NAME", help="Keep the node(s) with this name (simplified or traditional) …")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="… and the nodes within this many hops of them.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Keep at most this many nodes, the most connected first; print what was left out.")
def render(graph, out, types, focus, depth, max_nodes):
    """Render GRAPH (Turtle, default exports/kg.ttl) as an interactive HTML network."""
    from ..export.html import write_html
    from ..export.propgraph import GraphFileError, read_property_graph

    try:
        pg = read_property_graph(graph)  # streamed by pyoxigraph: no rdflib graph, whatever the size
    except GraphFileError as exc:
        _fail(str(exc), 1)
    out = out or graph.parent / "kg.html"
    try:
        sel = write_html(pg, out, types=types, focus=focus, depth=depth, max_nodes=max_nodes)
    except ValueError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}", 1)
    click.echo(f"kg render: {sel.summary()} → {out}")
