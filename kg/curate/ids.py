"""Stable ids of the review sheet: what a correction is keyed on.

An entity's id is its IRI below ``djid:``, which the graph derives from its
class and normalized name (:mod:`kg.graph.iri`), never from a position or a
counter; a fact's id is a short hash of its subject IRI, relation and
object IRI. Both come out the same in every build that finds the same
names, whatever documents are added or however the extractor changes, so
a correction keyed on them applies again after a rebuild.

>>> entity_id(entity_iri("PartyOrganization", "青禾站党支部"))
'party/青禾站党支部'
>>> str(iri_of_entity_id("party/青禾站党支部")) == str(entity_iri("PartyOrganization", "青禾站党支部"))
True
>>> fact_id(entity_iri("PartyOrganization", "青禾站党支部"), "hasBrand", entity_iri("Brand", "暖心桥"))
'F-657f1ebf1376'
>>> kind_of("F-A1AC61B0BD37"), kind_of("brand/暖心桥"), kind_of("暖心桥")
('fact', 'entity', None)
"""
from __future__ import annotations

import hashlib
import re

from ..graph.iri import KIND, entity_iri
from ..vocab import ID

#: the class of an entity from the first part of its id (org → Organization)
CLASS_OF_KIND = {kind: cls for cls, kind in KIND.items() if cls != "Document"}

FACT_ID = re.compile(r"^F-[0-9a-fA-F]{12}$")
ENTITY_ID = re.compile(rf"^({'|'.join(CLASS_OF_KIND)})/[^\s/]+$")

__all__ = ["entity_id", "iri_of_entity_id", "fact_id", "kind_of", "class_of", "entity_iri"]


def entity_id(iri) -> str:
    """The sheet id of an entity IRI: its path below ``djid:``."""
    return str(iri)[len(str(ID)):]


def iri_of_entity_id(eid: str):
    return ID[eid]


def fact_id(subject, predicate: str, object_) -> str:
    """The sheet id of the fact (subject IRI, relation local name, object IRI)."""
    key = "\x1f".join((str(subject), predicate, str(object_)))
    return "F-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def kind_of(text: str) -> str | None:
    """``"fact"``, ``"entity"`` or None: which kind of id ``text`` is, if any."""
    if FACT_ID.match(text):
        return "fact"
    if ENTITY_ID.match(text):
        return "entity"
    return None


def class_of(eid: str) -> str:
    """The class of an entity id: ``class_of("org/甲")`` is ``"Organization"``."""
    return CLASS_OF_KIND[eid.split("/", 1)[0]]
