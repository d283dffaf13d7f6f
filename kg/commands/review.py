"""``kg review``: the review sheet of a built graph, for people to correct it.

    kg review exports/kg.ttl -o review.xlsx --docs seeds
    kg review -o review.csv --corrections seeds/corrections.xlsx

Writes every fact and entity with its stable id, in reading order, with
the empty columns 处理 and 新值 (see :mod:`kg.curate.review`); the filled
sheet goes back in with ``kg build --corrections``. Exit status 0 written,
1 the graph cannot be read, 2 a bad output name or previous corrections file.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("review")
@click.argument("graph", required=False, default="exports/kg.ttl", type=click.Path(path_type=Path))
@click.option("-o", "--out", default="review.xlsx", show_default=True, type=click.Path(path_type=Path),
              help="The sheet to write: .xlsx (Excel, WPS, LibreOffice) or .csv (UTF-8 with BOM).")
@click.option("--docs", multiple=True, type=click.Path(path_type=Path),
              help="The documents GRAPH was built from (files or folders; repeatable): rows follow "
                   "their text. Without them, rows go by document, then by id.")
@click.option("--corrections", type=click.Path(path_type=Path), default=None,
              help="An earlier corrections file: its decisions are carried into the new sheet.")
def review(graph, out, docs, corrections):
    """Write the review sheet of GRAPH (default: exports/kg.ttl)."""
    from ..curate.review import GraphError, write_review
    from ..curate.sheet import SheetError

    if not graph.is_file():
        click.echo(f"kg review: {graph}: no such graph file (kg build writes exports/kg.ttl)", err=True)
        sys.exit(1)
    try:
        report = write_review(graph, out, docs, corrections)
    except GraphError as error:
        click.echo(f"kg review: {error}", err=True)
        sys.exit(1)
    except SheetError as error:
        click.echo(f"kg review: {error}", err=True)
        sys.exit(2)
    click.echo(f"kg review: {report.summary()} → {out}")
