"""What ``kg query`` refuses before any engine sees the query.

``kg query`` answers questions about one local graph file. Two kinds of
query must never run:

* a query that reaches the network: ``SERVICE <http://…>`` (both engines
  send the request), ``FROM``/``FROM NAMED <http://…>`` (rdflib fetches
  and parses the document) and ``LOAD``;
* a SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE,
  COPY, WITH): the file is read, never changed, and an engine's parser
  would only say "expected SelectQuery".

The check is on the query's words: comments, strings and ``<IRIs>`` are
blanked first, and a word that is a variable (``?service``) or part of a
prefixed name (``ex:from``) is not a keyword.

>>> check_read_only("SELECT ?service WHERE { ?service rdfs:label 'SERVICE' }")
>>> check_read_only("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
kg.query.engines.QueryError: kg query never goes to the network: SERVICE (line 1, column 18) is refused; load the data into the graph, or query a SPARQL server
>>> check_read_only("# a comment\\nDROP ALL")
Traceback (most recent call last):
...
kg.query.engines.QueryError: kg query is read-only: DROP (line 2, column 1) is a SPARQL Update; it answers SELECT, ASK, CONSTRUCT and DESCRIBE
"""
from __future__ import annotations

import re

from .engines import QueryError

#: SPARQL Update operations (LOAD is also a network access)
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
#: query clauses that make an engine fetch a URL
NETWORK_WORDS = ("SERVICE", "FROM")

# Literals, IRIs and comments, blanked (same length, so positions stay) before looking for words.
_OPAQUE = re.compile(r'"""[\s\S]*?"""' r"|'''[\s\S]*?'''"
                     r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
                     r'|<[^<>"{}|^`\\\x00-\x20]*>'
                     r"|#[^\n]*")
# a bare word: not a variable (?x $x), not either side of a prefixed name (ex:x, x:y)
_WORD = re.compile(r"(?<![\w?$:])([A-Za-z]+)(?![\w:])")


def _blank(text: str) -> str:
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    return f"line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1}"


def check_read_only(text: str) -> None:
    """Raise :class:`QueryError` for an update or a query that would reach the network."""
    blank = _blank(text)
    for m in _WORD.finditer(blank):
        word = m.group(1).upper()
        if word in UPDATE_WORDS:
            raise QueryError(f"kg query is read-only: {word} ({_where(text, m.start())}) is a SPARQL Update; "
                             "it answers SELECT, ASK, CONSTRUCT and DESCRIBE")
        if word in NETWORK_WORDS:
            raise QueryError(f"kg query never goes to the network: {word} ({_where(text, m.start())}) is refused; "
                             "load the data into the graph, or query a SPARQL server")
