"""What extraction produces for one document: entities and facts, each with
the span of text it rests on and the rule that made it.

These are plain, picklable objects, so a worker process can extract a
document and hand the result back to the process that builds the graph.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entity:
    type: str                        # one of vocab.ENTITY_CLASSES
    label: str                       # canonical simplified name, in context
    alt_labels: set[str] = field(default_factory=set)   # other surface forms met
    spans: list[tuple[int, int]] = field(default_factory=list)  # where it is named
    rule: str = ""                   # the rule that first found it

    @property
    def key(self) -> tuple[str, str]:
        return (self.type, self.label)


@dataclass
class Fact:
    subject: tuple[str, str]         # entity key (type, label)
    predicate: str                   # one of vocab.RELATIONS
    object: tuple[str, str]
    evidence: tuple[int, int]        # span of the evidence sentence in Document.text
    rule: str


@dataclass
class Extraction:
    """The entities and facts of one document."""
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    _fact_keys: set = field(default_factory=set, repr=False)

    def add_entity(self, type_: str, label: str, span: tuple[int, int] | None = None,
                   rule: str = "", alt: str | None = None) -> tuple[str, str]:
        key = (type_, label)
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(type_, label, rule=rule)
        if span is not None and span not in ent.spans:
            ent.spans.append(span)
        if alt and alt != label:
            ent.alt_labels.add(alt)
        return key

    def add_fact(self, subject, predicate, object_, evidence, rule) -> None:
        if subject == object_ or (subject, predicate, object_) in self._fact_keys:
            return
        self._fact_keys.add((subject, predicate, object_))
        self.facts.append(Fact(subject, predicate, object_, evidence, rule))
