"""``kg validate``: check a graph against the SHACL shapes (wraps :mod:`kg.validate`).

Prints one line per violation — focus node label (and IRI), path, message
(and the offending value) — tab-separated, sorted. Exit status 0 when the
graph conforms, 1 otherwise (violations, or a file that cannot be read).
The shapes run as SPARQL queries on Oxigraph (:mod:`kg.shacl_sparql`), or
with pySHACL when they use a construct that is not compiled.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("validate")
@click.argument("graph", required=False, default="exports/kg.ttl", type=click.Path(path_type=Path))
@click.option("--shapes", "shapes_file", type=click.Path(path_type=Path),
              help="SHACL shapes to use instead of the shipped ontology/shapes.ttl.")
@click.option("--engine", type=click.Choice(["auto", "oxigraph", "pyshacl"]), default="auto", show_default=True,
              help="oxigraph: the shapes as SPARQL queries (fast, large graphs); pyshacl: any SHACL; "
                   "auto: oxigraph when the shapes allow it.")
def validate(graph, shapes_file, engine):
    """Validate GRAPH (default: exports/kg.ttl) against the SHACL shapes."""
    from ..validate import ValidationError, validate as run_validate

    try:
        report = run_validate(graph, shapes_file, engine)
    except ValidationError as err:
        click.echo(f"kg validate: {err}", err=True)
        sys.exit(1)
    out = "".join(v.line() + "\n" for v in report.violations)
    if out:
        sys.stdout.flush()
        sys.stdout.buffer.write(out.encode("utf-8"))  # UTF-8 whatever the platform default
        sys.stdout.buffer.flush()
    if report.conforms:
        click.echo(f"kg validate: {graph} conforms ({report.triples} triples)", err=True)
        sys.exit(0)
    n = len(report.violations)
    click.echo(f"kg validate: {graph} does not conform: {n} violation{'' if n == 1 else 's'}", err=True)
    sys.exit(1)
