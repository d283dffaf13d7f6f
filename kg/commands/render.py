"""``kg render``: draw a built graph, or part of it, as one offline HTML page.

Wraps :func:`kg.export.html.write_html`. Exit status: 0 written, 1 the
graph cannot be read, 2 a bad option (unknown type, no node with the focus
name).

    kg render                                   # exports/kg.ttl → kg.html
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
@click.option("-o", "--out", "out", default="kg.html", show_default=True, type=click.Path(path_type=Path),
              help="The HTML file to write.")
@click.option("-t", "--type", "types", multiple=True, metavar="TYPE",
              help="Keep only nodes of this class (Brand or 党建品牌, …); repeatable.")
@click.option("--focus", metavar="NAME", help="Keep the node(s) with this name (simplified or traditional) …")
@click.option("--depth", type=click.IntRange(min=0), default=1, show_default=True,
              help="… and the nodes within this many hops of them.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None,
              help="Keep at most this many nodes, the most connected first; print what was left out.")
def render(graph, out, types, focus, depth, max_nodes):
    """Render GRAPH (Turtle, default exports/kg.ttl) as an interactive HTML network."""
    import rdflib

    from ..export.html import write_html

    if not graph.is_file():
        _fail(f"{graph}: no such file (build it first with `kg build`)", 1)
    g = rdflib.Graph()
    try:
        g.parse(graph, format="turtle")
    except Exception as exc:  # rdflib raises many kinds; the user needs one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _fail(f"{graph}: cannot read Turtle: {first}", 1)
    try:
        sel = write_html(g, out, types=types, focus=focus, depth=depth, max_nodes=max_nodes)
    except ValueError as exc:
        _fail(str(exc), 2)
    except OSError as exc:
        _fail(f"{out}: cannot write: {exc.strerror or exc}", 1)
    click.echo(f"kg render: {sel.summary()} → {out}")
