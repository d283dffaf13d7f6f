"""SPARQL over the exported graph: two engines, named queries, output formats.

* :mod:`kg.query.engines` — rdflib and pyoxigraph behind one interface,
  rows normalised so both give identical answers;
* :mod:`kg.query.named`   — the ``.rq`` files in ``kg/query/queries`` and
  safe ``VALUES`` parameter substitution;
* :mod:`kg.query.table`   — table (width-aware for Chinese), CSV, JSON.

>>> res = run_query("exports/kg.ttl", named="evidence", params={"name": "零距離"})  # doctest: +SKIP
>>> print(render(res, "table"))                                                  # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path

from .engines import (AUTO_THRESHOLD, ENGINES, GraphError, QueryError, Result, Term, choose_engine,
                      open_engine)
from .named import NamedQuery, bind_params, get_named, named_queries, parse_param_options
from .table import FORMATS, render

__all__ = ["AUTO_THRESHOLD", "ENGINES", "FORMATS", "GraphError", "NamedQuery", "QueryError", "Result",
           "Term", "bind_params", "choose_engine", "get_named", "named_queries", "open_engine",
           "parse_param_options", "prepare", "render", "run_query"]


def prepare(text: str | None = None, named: str | None = None, params: dict[str, str] | None = None) -> str:
    """The query text to run: ``text`` or the named query, parameters bound."""
    if (text is None) == (named is None):
        raise QueryError("give exactly one query: its text, a file, or a named query")
    if named is not None:
        q = get_named(named)
        return bind_params(q.text, params or {}, q.params)
    return bind_params(text, params or {})


def run_query(graph: str | Path, text: str | None = None, named: str | None = None,
              params: dict[str, str] | None = None, engine: str = "auto") -> Result:
    """Run one query over the Turtle file ``graph`` (raises QueryError, GraphError).

    Parameters are bound before the graph is read, so a bad or missing
    parameter fails fast even on a big graph.
    """
    query = prepare(text, named, params)
    return open_engine(graph, engine).query(query)
