"""The whole RDF graph for other RDF stores: JSON-LD (with a ``@context``)
and N-Triples, both through rdflib's serializers.

rdflib lists JSON-LD nodes and N-Triples lines in the store's order; both
writers sort them, so the same graph gives the same bytes.

>>> from rdflib import Graph, Literal, URIRef
>>> from rdflib.namespace import RDFS
>>> g = Graph(); _ = g.add((URIRef(str(vocab.ID) + "brand/x"), RDFS.label, Literal("零距离", lang="zh")))
>>> print(jsonld_text(g), end="")  # doctest: +ELLIPSIS
{
 "@context": {
  "dcterms": "http://purl.org/dc/terms/",
  "dj": "https://w3id.org/dangjian-kg/ontology#",
  ...
 },
 "@graph": [
  {
   "@id": "djid:brand/x",
   "rdfs:label": {
    "@language": "zh",
    "@value": "零距离"
   }
  }
 ]
}
"""
from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph

from .. import vocab
from ..fileio import write_text

#: the prefixes of the JSON-LD @context (rdf too, for the reified statements)
CONTEXT_PREFIXES = ("dj", "djid", "rdf", "rdfs", "skos", "prov", "dcterms")

__all__ = ["CONTEXT_PREFIXES", "context", "jsonld_text", "write_jsonld", "ntriples_text", "write_ntriples"]


def context() -> dict[str, str]:
    """The JSON-LD @context: prefix → namespace IRI."""
    return {p: str(vocab.PREFIXES[p]) for p in CONTEXT_PREFIXES}


def _canonical(value):
    """Sort JSON-LD arrays (node lists, multi-valued properties) by their JSON text."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld_text(graph: Graph) -> str:
    """``graph`` as compacted JSON-LD with the context above, sorted, UTF-8 text."""
    raw = graph.serialize(format="json-ld", context=context(), auto_compact=True, ensure_ascii=False)
    doc = json.loads(raw)
    if "@graph" not in doc:  # a single node is compacted without @graph
        ctx = doc.pop("@context", context())
        doc = {"@context": ctx, "@graph": [doc] if doc else []}
    doc["@graph"] = _canonical(doc["@graph"])
    # rdflib leaves entity @ids as full IRIs; shorten them like the keys (djid:…)
    ids = str(vocab.ID)

    def shorten(v):
        if isinstance(v, dict):
            return {k: (("djid:" + x[len(ids):]) if k == "@id" and isinstance(x, str) and x.startswith(ids)
                        else shorten(x)) for k, x in v.items()}
        return [shorten(x) for x in v] if isinstance(v, list) else v

    doc["@graph"] = _canonical(shorten(doc["@graph"]))
    return json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def ntriples_text(graph: Graph) -> str:
    """``graph`` as N-Triples (rdflib's serializer), one triple a line, lines sorted.

    >>> from rdflib import Graph, Literal, URIRef
    >>> g = Graph(); _ = g.add((URIRef("http://e/b"), URIRef("http://e/p"), Literal("乙")))
    >>> _ = g.add((URIRef("http://e/a"), URIRef("http://e/p"), Literal("甲")))
    >>> print(ntriples_text(g), end="")
    <http://e/a> <http://e/p> "甲" .
    <http://e/b> <http://e/p> "乙" .
    """
    lines = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(line + "\n" for line in sorted(set(lines)) if line.strip())


def write_ntriples(graph: Graph, path: str | Path) -> None:
    """Write ``graph`` as sorted N-Triples to ``path`` (UTF-8, atomic)."""
    write_text(path, ntriples_text(graph))


def write_jsonld(graph: Graph, path: str | Path) -> None:
    """Write ``graph`` as JSON-LD to ``path`` (UTF-8, atomic)."""
    write_text(path, jsonld_text(graph))
