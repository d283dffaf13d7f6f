"""Render a query :class:`~kg.query.engines.Result` as a table, CSV or JSON.

* ``table`` — for people: columns aligned by display width (a Chinese
  character takes two columns: :func:`unicodedata.east_asian_width` W/F),
  IRIs in a form that can be pasted back into a query (``dj:Brand``, or
  ``<…>`` when the prefixed form would not be legal SPARQL), literals shown
  by their text; long literals are cut at ``max_width`` columns with “…”
  (IRIs never are); a last line counts the rows.
* ``csv``   — SPARQL 1.1 Query Results CSV: a header of variable names,
  full IRIs, literal text without tag or type, ``_:b0`` for blank nodes,
  empty for unbound; CRLF line ends.
* ``json``  — SPARQL 1.1 Query Results JSON (``head.vars`` and
  ``results.bindings`` with ``type``/``value``/``xml:lang``/``datatype``;
  ``boolean`` for ASK).

ASK answers print ``true``/``false`` as table and CSV. CONSTRUCT and
DESCRIBE answers are rows of ``s``, ``p``, ``o``. Output is text; the
caller writes it as UTF-8.

>>> from kg.query.engines import Result, Term
>>> r = Result("select", ["name", "n"], [(Term("literal", "零距离", lang="zh"), None)])
>>> print(render(r, "table"))
name   | n
-------+--
零距离 |
(1 row)
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

from ..vocab import PREFIXES
from .engines import Result, Term

FORMATS = ("table", "csv", "json")

# longest namespace first, so djid: wins over a shorter one that prefixes it
_PREFIXES = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda x: -len(x[1]))


def char_width(c: str) -> int:
    """Terminal columns of one character: 2 for wide/full-width, 0 for combining."""
    if unicodedata.combining(c):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def text_width(s: str) -> int:
    """Display width of ``s``.

    >>> text_width("零距离 ab")
    9
    """
    return sum(map(char_width, s))


def _cut(s: str, limit: int) -> str:
    if limit <= 0 or text_width(s) <= limit:
        return s
    out, used = [], 0
    for c in s:
        w = char_width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _pad(s: str, width: int) -> str:
    return s + " " * (width - text_width(s))


# a local name SPARQL reads without escapes (PN_LOCAL less its \-escapes, which rdflib does not read)
_LOCAL = re.compile(r"[\w:][\w\-.:\u00b7]*(?<!\.)")


def shorten(iri: str) -> str:
    """The IRI as it can be pasted back into a query: a prefixed name when
    its local part is a legal one, else ``<…>``.

    >>> shorten("https://w3id.org/dangjian-kg/ontology#Brand")
    'dj:Brand'
    >>> shorten("https://w3id.org/dangjian-kg/id/brand/零距离")
    '<https://w3id.org/dangjian-kg/id/brand/零距离>'
    """
    for prefix, ns in _PREFIXES:
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _display(t: Term | None) -> str:
    if t is None:
        return ""
    if t.kind == "uri":
        return shorten(t.value)
    if t.kind == "bnode":
        return f"_:{t.value}"
    return " ".join(t.value.split())  # one line per row, whatever the literal holds


def to_table(result: Result, max_width: int = 60) -> str:
    if result.kind == "ask":
        return "true" if result.boolean else "false"
    header = list(result.vars)
    # an IRI is never cut: it is shown to be pasted back into a query
    cells = [[_display(t) if t is not None and t.kind == "uri" else _cut(_display(t), max_width) for t in row]
             for row in result.rows]
    widths = [max([text_width(h)] + [text_width(r[i]) for r in cells]) for i, h in enumerate(header)]
    lines = [" | ".join(_pad(h, w) for h, w in zip(header, widths)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip() for r in cells]
    n = len(cells)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines)


def _csv_value(t: Term | None) -> str:
    if t is None:
        return ""
    return f"_:{t.value}" if t.kind == "bnode" else t.value


def to_csv(result: Result) -> str:
    buf = io.StringIO(newline="")
    if result.kind == "ask":
        return "true\r\n" if result.boolean else "false\r\n"
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.vars)
    for row in result.rows:
        w.writerow([_csv_value(t) for t in row])
    return buf.getvalue()


def _json_term(t: Term) -> dict:
    out = {"type": t.kind, "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out


def to_json(result: Result) -> str:
    if result.kind == "ask":
        doc = {"head": {}, "boolean": bool(result.boolean)}
    else:
        bindings = [{v: _json_term(t) for v, t in zip(result.vars, row) if t is not None} for row in result.rows]
        doc = {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(result: Result, fmt: str = "table", max_width: int = 60) -> str:
    """The result as text in ``fmt`` (table, csv or json)."""
    if fmt == "table":
        return to_table(result, max_width)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return to_json(result)
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
