"""Stable, readable IRIs for the resources of a built graph.

The same name gives the same IRI in every run and every document, so the
same organization named in two documents is one node (a name without place or
parent, 公司党委, is scoped to its document: see ``entity_iri``'s ``scope``)::

    >>> str(entity_iri("Brand", "风展红旗·黔路知己"))
    'https://w3id.org/dangjian-kg/id/brand/风展红旗-黔路知己'
    >>> str(entity_iri("PartyOrganization", "禹城收费站党支部"))
    'https://w3id.org/dangjian-kg/id/party/禹城收费站党支部'

Names that differ only in punctuation or spacing share an IRI on purpose.
"""
from __future__ import annotations

import hashlib
import re

from ..vocab import ID

KIND = {"Organization": "org", "PartyOrganization": "party", "Brand": "brand",
        "Method": "method", "Honour": "honour", "Document": "doc"}

# anything that is not a letter or digit in any script (CJK included)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def slug(name: str) -> str:
    """Letters and digits of ``name`` joined by '-', or a hash if none are left."""
    s = _NOT_WORD.sub("-", name).strip("-")
    return s or "h" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def entity_iri(type_: str, label: str, scope: str | None = None):
    """The node of a name; with ``scope`` (a document id), the node of a name that
    only means something inside that document (公司党委: see
    :func:`kg.extract.names.is_unqualified`).

    >>> str(entity_iri("PartyOrganization", "公司党委", scope="d1"))
    'https://w3id.org/dangjian-kg/id/party/d1/公司党委'
    """
    if scope is not None:
        return ID[f"{KIND[type_]}/{slug(scope)}/{slug(label)}"]
    return ID[f"{KIND[type_]}/{slug(label)}"]


def document_iri(doc_id: str):
    return ID[f"doc/{slug(doc_id)}"]


_FACT = f"{ID}fact/"


def fact_iri(*parts: str) -> str:
    """IRI of one reified fact, from its subject, predicate, object, document
    and evidence, as a plain string: there is one per statement, so a writer
    makes the term it needs once (see ``GraphBuilder.triples``).

    >>> fact_iri("s", "hasBrand", "o", "d", "e")
    'https://w3id.org/dangjian-kg/id/fact/a652e13b9ac02a985c4e'
    """
    h = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return _FACT + h
