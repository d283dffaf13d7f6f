"""Named queries over HTTP: a SPARQL 1.1 protocol client with the engines' rows.

``kg query --endpoint URL`` sends the query to a SPARQL server (``kg serve``,
Oxigraph, Fuseki…) instead of reading a file: a POST of
``application/sparql-query`` asking for SPARQL JSON results, read back into
the same normalised :class:`~kg.query.engines.Result` as the local engines
give, so the rows are comparable. The project's prefixes are declared in
front of the query (a server does not know them).

>>> with_prefixes("SELECT * WHERE { ?b a dj:Brand }").splitlines()[0].startswith("PREFIX ")
True
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from ..vocab import PREFIXES
from .engines import QueryError, Result, _BNodes, make_literal, Term

TIMEOUT = 60


def with_prefixes(text: str) -> str:
    """``text`` with a PREFIX line for each of the project's prefixes."""
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(PREFIXES.items()))
    return head + text


class EndpointEngine:
    """A SPARQL endpoint (its query URL) behind the engines' interface."""
    name = "endpoint"

    def __init__(self, url: str):
        self.url = url

    def query(self, text: str) -> Result:
        from .guard import check_read_only

        check_read_only(text)
        request = urllib.request.Request(
            self.url, data=with_prefixes(text).encode("utf-8"), method="POST",
            headers={"Content-Type": "application/sparql-query; charset=utf-8",
                     "Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            raise QueryError(f"{self.url}: HTTP {error.code}: {' '.join(body.split())[:300]}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise QueryError(f"{self.url}: {getattr(error, 'reason', error)}") from None
        return parse_json_results(answer)


def parse_json_results(answer: dict) -> Result:
    """SPARQL 1.1 JSON results → a normalised Result."""
    if "boolean" in answer:
        return Result("ask", boolean=bool(answer["boolean"]))
    names = answer["head"]["vars"]
    bnodes = _BNodes()

    def term(b: dict | None) -> Term | None:
        if b is None:
            return None
        if b["type"] == "uri":
            return Term("uri", b["value"])
        if b["type"] == "bnode":
            return bnodes(b["value"])
        return make_literal(b["value"], b.get("datatype"), b.get("xml:lang"))

    rows = [tuple(term(binding.get(n)) for n in names) for binding in answer["results"]["bindings"]]
    return Result("select", list(names), rows)
