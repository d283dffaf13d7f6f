"""Extraction stage: a Document → entities and facts, each with evidence.

>>> from kg.ingest import document_from_text
>>> doc = document_from_text("禹城收费站党支部打造“零距离”党建品牌。", id="d", source="d", file_name="d.txt")
>>> ex = extract(doc)
>>> ("Brand", "零距离") in ex.entities
True
"""
from .model import Entity, Extraction, Fact
from .pipeline import extract, warm_up

__all__ = ["extract", "warm_up", "Extraction", "Entity", "Fact"]
