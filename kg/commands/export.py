"""``kg export``: convert a built graph (Turtle) to the formats other tools read.

Wraps the writers of :mod:`kg.export` (gexf, graphml, neo4j, rdf_formats);
the output goes beside the graph unless ``-o`` says otherwise. Exit status:
0 written, 1 the graph cannot be read or the output cannot be written.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

#: format → (default output name, "module:function" of its writer(graph, path))
FORMATS = {
    "gexf": ("kg.gexf", "gexf:write_gexf"),
    "graphml": ("kg.graphml", "graphml:write_graphml"),
    "neo4j": ("neo4j", "neo4j:write_neo4j"),
    "jsonld": ("kg.jsonld", "rdf_formats:write_jsonld"),
    "nt": ("kg.nt", "rdf_formats:write_ntriples"),
}


def _fail(message: str) -> None:
    click.echo(f"kg export: {message}", err=True)
    sys.exit(1)


#: the formats that need the whole RDF graph (rdflib's serializers)
RDF_FORMATS = {"jsonld", "nt"}


def _rdflib_graph(graph: Path):
    from rdflib import Graph

    if not graph.is_file():
        _fail(f"{graph}: no such file")
    g = Graph()
    try:
        g.parse(str(graph), format="turtle")  # Turtle is UTF-8 by definition
    except Exception as err:  # rdflib raises many kinds: report any as one line
        _fail(f"{graph}: not a readable Turtle graph: {' '.join(str(err).split())[:300]}")
    return g


def _writer(fmt: str):
    from importlib import import_module

    module, func = FORMATS[fmt][1].split(":")
    return getattr(import_module(f"kg.export.{module}"), func)


@click.command("export")
@click.argument("graph", default="exports/kg.ttl", required=False, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", required=True, type=click.Choice(list(FORMATS)),
              help="gexf (Gephi), graphml (yEd, Gephi, igraph), neo4j (a folder of CSV files with "
                   "import.sh and import.cypher), jsonld, nt (N-Triples).")
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Output file (a folder for neo4j); default: kg.<format> or neo4j/ beside GRAPH.")
def export(graph, fmt, out):
    """Export GRAPH (a Turtle file, default exports/kg.ttl) to another format.

    Example: kg export --format gexf -o kg.gexf
    """
    if fmt in RDF_FORMATS:
        g = _rdflib_graph(graph)
    else:  # the property-graph formats: streamed from the file, never an rdflib graph
        from ..export.propgraph import GraphFileError, read_property_graph

        try:
            g = read_property_graph(graph)
        except GraphFileError as err:
            _fail(str(err))
    out = out or graph.parent / FORMATS[fmt][0]
    try:
        _writer(fmt)(g, out)
    except OSError as err:
        _fail(f"{out}: cannot write: {err.strerror or err}")
    click.echo(f"kg export: {fmt} → {out}")
