"""The extraction pipeline: small components run in order over one Parse.

Like a spaCy pipeline, each component does one job and passes the same
:class:`~kg.extract.mentions.Parse` along:

    orgs → honours → brands → methods → resolve → relations
"""
from __future__ import annotations

from . import brands, honours, methods, orgs, relations, resolve
from .mentions import Parse
from .model import Extraction
from .segment import tags, tokenizer

COMPONENTS = [orgs.find, honours.find, brands.find, methods.find, resolve.run]


def warm_up() -> None:
    """Load jieba, its tags and the lexicons now (once per process)."""
    tokenizer()
    tags()


def extract(doc) -> Extraction:
    """Entities and facts of one :class:`kg.document.Document`."""
    p = Parse(doc)
    for component in COMPONENTS:
        component(p)
    return relations.run(p)
