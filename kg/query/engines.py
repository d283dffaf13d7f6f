"""Two SPARQL engines over one Turtle file, giving the same normalised rows.

* ``rdflib``   — :class:`rdflib.Graph` in memory; fine for small graphs.
* ``oxigraph`` — :class:`pyoxigraph.Store` in memory; much faster on big ones.
* ``auto``     — oxigraph when the file is larger than :data:`AUTO_THRESHOLD`.

Both engines return a :class:`Result` whose cells are :class:`Term` (or
``None`` when unbound), normalised so the engines agree byte for byte:

* a simple literal and an ``xsd:string`` literal are the same term (RDF 1.1),
  so ``xsd:string`` is dropped;
* language tags are lower-cased;
* numbers get their canonical lexical form (``"01"^^xsd:integer`` → ``1``,
  ``2.50`` → ``2.5``), because the engines print computed numbers differently;
* blank nodes are relabelled ``b0``, ``b1``, … in order of first appearance.

The standard prefixes of :data:`kg.vocab.PREFIXES` (``dj:``, ``djid:``,
``rdfs:``, ``skos:``, ``prov:`` …) are predeclared for every query.

>>> e = open_engine("exports/kg.ttl", "rdflib")                   # doctest: +SKIP
>>> e.query("SELECT (COUNT(*) AS ?n) WHERE { ?b a dj:Brand }").rows  # doctest: +SKIP
[(Term(kind='literal', value='26', datatype='http://www.w3.org/2001/XMLSchema#integer', lang=None),)]
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..vocab import PREFIXES

ENGINES = ("rdflib", "oxigraph", "auto")
#: ``auto`` switches to oxigraph for Turtle files larger than this (bytes)
AUTO_THRESHOLD = 20 * 1024 * 1024

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_FLOAT_TYPES = {XSD + "double", XSD + "float"}


class QueryError(Exception):
    """A query that cannot be run: syntax error, unknown prefix, bad parameter.

    ``str(error)`` is one line and, for syntax errors, names the position.
    """


class GraphError(Exception):
    """The graph file cannot be read or parsed (message names the file)."""


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term as both engines agree on it. ``kind``: uri, literal or bnode."""
    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None


@dataclass
class Result:
    """Answer to one query.

    ``kind`` is ``select``, ``ask`` or ``graph`` (CONSTRUCT/DESCRIBE: the
    triples as rows of ``s``, ``p``, ``o``).
    """
    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None


def _canonical_number(value: str, datatype: str) -> str:
    """Canonical lexical form of a numeric literal; the input if it is not valid."""
    try:
        if datatype in _INTEGER_TYPES:
            return str(int(value.strip()))
        if datatype == XSD + "decimal":
            d = Decimal(value.strip())
            if not d.is_finite():
                return value
            text = format(d.normalize(), "f")
            return text if "." in text else text + ".0"
        if datatype in _FLOAT_TYPES:
            f = float(value.strip())
            if math.isnan(f):
                return "NaN"
            if math.isinf(f):
                return "INF" if f > 0 else "-INF"
            return repr(f)
    except (ValueError, InvalidOperation):
        pass
    return value


def make_literal(value: str, datatype: str | None, lang: str | None) -> Term:
    """The normalised literal term (see module docstring)."""
    if lang:
        return Term("literal", value, None, lang.lower())
    if datatype in (None, XSD + "string", RDF_LANGSTRING):
        return Term("literal", value)
    return Term("literal", _canonical_number(value, datatype), datatype)


class _BNodes:
    """Relabels blank nodes b0, b1, … in order of first appearance."""

    def __init__(self):
        self.ids: dict[str, str] = {}

    def __call__(self, raw: str) -> Term:
        return Term("bnode", self.ids.setdefault(raw, f"b{len(self.ids)}"))


def _one_line(message: str, limit: int = 300) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _with_position(text: str, message: str) -> str:
    """Add where an unknown prefix is first used (rdflib does not say)."""
    m = re.fullmatch(r"Unknown namespace prefix : (\S*)", message)
    if not m:
        return message
    use = re.search(r"(?<![\w:<#\\-])" + re.escape(m[1]) + ":", text)
    if not use:
        return f"unknown prefix {m[1]}:"
    line = text.count("\n", 0, use.start()) + 1
    col = use.start() - (text.rfind("\n", 0, use.start()) + 1) + 1
    return f"syntax error at line {line}, column {col}: unknown prefix {m[1]}:"


# ------------------------------------------------------------------ rdflib

class RdflibEngine:
    name = "rdflib"

    def __init__(self, path: str | Path):
        import rdflib
        import rdflib.plugins.sparql as rdflib_sparql

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False  # FROM <url> must never fetch anything
        self.path = Path(path)
        self.graph = rdflib.Graph()
        try:
            self.graph.parse(self.path, format="turtle")
        except FileNotFoundError:
            raise GraphError(f"{self.path}: no such file") from None
        except Exception as err:  # rdflib raises many kinds on bad Turtle
            raise GraphError(f"{self.path}: cannot read Turtle: {_one_line(str(err))}") from None

    def query(self, text: str) -> Result:
        import rdflib
        from pyparsing import ParseBaseException
        from rdflib.plugins.sparql import prepareQuery

        from .guard import check_read_only

        check_read_only(text)
        try:
            prepared = prepareQuery(text, initNs=PREFIXES)
        except ParseBaseException as err:
            raise QueryError(f"syntax error at line {err.lineno}, column {err.col}: "
                             f"{_one_line(err.msg)}, found {_one_line(err.line[err.col - 1:][:20])!r}") from None
        except Exception as err:  # e.g. "Unknown namespace prefix : foo", raised while translating
            raise QueryError(_with_position(text, _one_line(str(err)))) from None
        try:
            res = self.graph.query(prepared)
        except Exception as err:
            raise QueryError(f"query failed: {_one_line(str(err))}") from None
        bnodes = _BNodes()

        def term(t) -> Term | None:
            if t is None:
                return None
            if isinstance(t, rdflib.Literal):
                return make_literal(str(t), str(t.datatype) if t.datatype else None, t.language)
            if isinstance(t, rdflib.BNode):
                return bnodes(str(t))
            return Term("uri", str(t))

        if res.type == "ASK":
            return Result("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            names = [str(v) for v in res.vars]
            return Result("select", names, [tuple(term(row[i]) for i in range(len(names))) for row in res])
        return Result("graph", ["s", "p", "o"], sorted(tuple(map(term, t)) for t in res.graph))


# ------------------------------------------------------------------ oxigraph

class OxigraphEngine:
    name = "oxigraph"

    def __init__(self, path: str | Path):
        import pyoxigraph as ox

        self.path = Path(path)
        self.store = ox.Store()  # in memory: nothing written next to the graph
        if not self.path.is_file():
            raise GraphError(f"{self.path}: no such file")
        try:
            self.store.bulk_load(path=str(self.path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, ValueError, OSError) as err:
            raise GraphError(f"{self.path}: cannot read Turtle: {_one_line(str(err))}") from None
        self.prefixes = {p: str(ns) for p, ns in PREFIXES.items()}

    def query(self, text: str) -> Result:
        import pyoxigraph as ox

        from .guard import check_read_only

        check_read_only(text)
        try:
            res = self.store.query(text, prefixes=self.prefixes)
        except SyntaxError as err:
            msg = _one_line(str(err))
            m = re.match(r"error at (\d+):(\d+): (.*)", msg)
            if m:
                msg = f"line {m[1]}, column {m[2]}: {m[3]}"
            raise QueryError(f"syntax error at {msg}") from None
        except Exception as err:
            raise QueryError(f"query failed: {_one_line(str(err))}") from None
        bnodes = _BNodes()

        def term(t) -> Term | None:
            if t is None:
                return None
            if isinstance(t, ox.Literal):
                return make_literal(t.value, t.datatype.value, t.language)
            if isinstance(t, ox.BlankNode):
                return bnodes(t.value)
            return Term("uri", t.value)

        if isinstance(res, ox.QueryBoolean):
            return Result("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            return Result("select", names, [tuple(term(sol[n]) for n in names) for sol in res])
        return Result("graph", ["s", "p", "o"],
                      sorted((term(t.subject), term(t.predicate), term(t.object)) for t in res))


def choose_engine(path: str | Path, engine: str = "auto") -> str:
    """The engine name ``auto`` stands for, given the size of the graph file."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
    if engine != "auto":
        return engine
    try:
        size = Path(path).stat().st_size
    except OSError:
        return "rdflib"  # the engine will report the missing file
    return "oxigraph" if size > AUTO_THRESHOLD else "rdflib"


def open_engine(path: str | Path, engine: str = "auto"):
    """Load the Turtle file ``path`` into the chosen engine (raises GraphError)."""
    return {"rdflib": RdflibEngine, "oxigraph": OxigraphEngine}[choose_engine(path, engine)](path)
