"""``kg query``: run SPARQL over the exported Turtle (wraps :mod:`kg.query`).

Exit status: 0 answered, 1 the graph cannot be read, 2 a bad query
(syntax error with its position, unknown named query, bad parameter, an
update, or SERVICE/FROM/LOAD, which would reach the network).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click


def _write(text: str) -> None:
    """Write UTF-8 whatever the platform's default encoding."""
    out = getattr(sys.stdout, "buffer", None)
    if out is None:  # a text-only stream (e.g. click's test runner without bytes)
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        out.write(text.encode("utf-8"))
        out.flush()


def _fail(message: str, status: int) -> None:
    click.echo(f"kg query: {message}", err=True)
    sys.exit(status)


@click.command("query")
@click.argument("query_text", metavar="[QUERY]", required=False)
@click.option("-g", "--graph", default="exports/kg.ttl", show_default=True, type=click.Path(path_type=Path),
              help="The Turtle file to query.")
@click.option("-f", "--file", "query_file", type=click.Path(path_type=Path), help="Read the query from this .rq file.")
@click.option("-n", "--named", help="Run a named query (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a parameter (fills VALUES ?NAME { UNDEF }); NAME@zh=VALUE for a "
                   "language-tagged literal (labels are @zh); repeatable, once per NAME.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table for people; csv and json (SPARQL 1.1 results formats) for programs.")
@click.option("--engine", type=click.Choice(["rdflib", "oxigraph", "auto"]), default="auto", show_default=True,
              help="auto: oxigraph for graphs over 20 MB, rdflib otherwise.")
@click.option("--max-width", type=click.IntRange(min=0), default=60, show_default=True,
              help="Cut table cells wider than this many columns (0: never).")
@click.option("--endpoint", metavar="URL",
              help="Send the query to this SPARQL endpoint (e.g. kg serve's) instead of reading --graph.")
@click.option("--list", "list_only", is_flag=True, help="List the named queries and exit.")
def query(query_text, graph, query_file, named, params, fmt, engine, max_width, endpoint, list_only):
    """Run a SPARQL QUERY (or --file, or --named) over the graph.

    The prefixes dj: djid: rdf: rdfs: skos: owl: prov: dcterms: xsd: are
    predeclared. Example: kg query --named evidence --param name=零距离
    """
    from ..query import GraphError, QueryError, get_named, named_queries, parse_param_options, prepare, render
    from ..query.engines import open_engine

    if list_only:
        lines = []
        for name, q in named_queries().items():
            opts = " ".join(f"--param {p.name}=…" if p.required else f"[--param {p.name}=…]" for p in q.params)
            lines.append(f"{name:<28} {q.description}" + (f"  ({opts})" if opts else ""))
        _write("\n".join(lines) + "\n")
        return
    given = [x for x in (query_text, query_file, named) if x is not None]
    if len(given) != 1:
        _fail("give exactly one of QUERY, --file Q.rq or --named NAME (kg query --list shows the names)", 2)
    try:
        text = None
        if query_file is not None:
            try:
                text = query_file.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as err:
                _fail(f"{query_file}: cannot read: {err.strerror if isinstance(err, OSError) else err}", 2)
        elif query_text is not None:
            text = query_text
        if named is not None:
            get_named(named)  # an unknown name fails before the graph is read
        sparql = prepare(text, named, parse_param_options(params))
        if endpoint:
            from ..query.endpoint import EndpointEngine
            result = EndpointEngine(endpoint).query(sparql)
        else:
            result = open_engine(graph, engine).query(sparql)
    except QueryError as err:
        where = (f"{query_file}: " if query_file is not None
                 else f"{named}.rq: " if named in named_queries() else "")
        _fail(f"{where}{err}", 2)
    except GraphError as err:
        _fail(str(err), 1)
    out = render(result, fmt, max_width)
    _write(out if out.endswith("\n") else out + "\n")
