"""The vocabulary, read from the ontology in ``ontology/dangjian.ttl``.

Everything the code says about classes and properties (IRIs, zh/en labels,
colours, shapes) comes from the ontology file, so the ontology stays the
single source of the vocabulary.

>>> from kg import vocab
>>> str(vocab.DJ.Brand)
'https://w3id.org/dangjian-kg/ontology#Brand'
>>> vocab.label("hasBrand", "zh")
'创建品牌'
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS, DCTERMS, PROV, XSD

DJ = rdflib.Namespace("https://w3id.org/dangjian-kg/ontology#")
#: where the resources (entities, documents, facts) of a built graph live
ID = rdflib.Namespace("https://w3id.org/dangjian-kg/id/")

#: the five extracted entity classes, in display order
ENTITY_CLASSES = ("Organization", "PartyOrganization", "Brand", "Method", "Honour")
#: the five extracted relations, in chain order
RELATIONS = ("hasUnit", "hasBranch", "hasBrand", "usesMethod", "achievesHonour")

PREFIXES = {"dj": DJ, "djid": ID, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "owl": OWL,
            "prov": PROV, "dcterms": DCTERMS, "xsd": XSD}

__all__ = ["DJ", "ID", "ENTITY_CLASSES", "RELATIONS", "PREFIXES", "ontology", "ontology_path",
           "label", "comment", "colour", "shape", "domain_range"]


def ontology_path():
    """Path of the ontology Turtle file (inside the installed ``kg.ontology``)."""
    return resources.files("kg.ontology").joinpath("dangjian.ttl")


@lru_cache(maxsize=1)
def ontology() -> rdflib.Graph:
    """The ontology as an rdflib graph (parsed once per process)."""
    g = rdflib.Graph()
    g.parse(data=ontology_path().read_text(encoding="utf-8"), format="turtle")
    for term in ENTITY_CLASSES + RELATIONS + ("Document",):
        if (DJ[term], None, None) not in g:
            raise RuntimeError(f"{ontology_path()}: the ontology does not define dj:{term}")
    return g


def _literal(term: str, prop, lang: str | None = None) -> str | None:
    for lit in ontology().objects(DJ[term], prop):
        if lang is None or getattr(lit, "language", None) == lang:
            return str(lit)
    return None


@lru_cache(maxsize=None)
def label(term: str, lang: str = "zh") -> str:
    """The ``rdfs:label`` of ``dj:term`` in ``lang`` (falls back to the term)."""
    return _literal(term, RDFS.label, lang) or term


@lru_cache(maxsize=None)
def comment(term: str, lang: str = "en") -> str:
    return _literal(term, RDFS.comment, lang) or ""


@lru_cache(maxsize=None)
def colour(term: str) -> str:
    """Display colour of a class (``dj:colour``), e.g. ``#F28E2B``."""
    return _literal(term, DJ.colour) or "#888888"


@lru_cache(maxsize=None)
def shape(term: str) -> str:
    """vis-network shape of a class (``dj:shape``)."""
    return _literal(term, DJ.shape) or "dot"


def _classes_of(node) -> list[str]:
    g = ontology()
    members = list(g.items(next(g.objects(node, OWL.unionOf)))) if (node, OWL.unionOf, None) in g else [node]
    out = []
    for m in members:
        if (m, OWL.unionOf, None) in g:
            out += _classes_of(m)
        else:
            out.append(str(m).rsplit("#", 1)[-1])
    return out


@lru_cache(maxsize=None)
def domain_range(prop: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Allowed subject and object classes of a relation, as local names.

    >>> domain_range("hasBrand")
    (('Organization', 'PartyOrganization'), ('Brand',))
    """
    g = ontology()
    dom = tuple(c for d in g.objects(DJ[prop], RDFS.domain) for c in _classes_of(d))
    rng = tuple(c for r in g.objects(DJ[prop], RDFS.range) for c in _classes_of(r))
    return dom, rng
