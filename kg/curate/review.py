"""The review sheet of a built graph: every fact and entity, with a stable id, in reading order.

``kg review`` reads ``kg.ttl`` (with pyoxigraph's parser: fast, and no
rdflib graph is built) and writes a workbook (see :mod:`kg.curate.sheet`)
whose rows go by document, then by position in the document when the
documents are given (``docs``: the inputs of the build), so a reviewer
reads the facts in the order the text states them.

A previous corrections file (``previous``) is carried over: its decisions
are filled in on the rows they name, and the rows that name what is no
longer in the graph (a fact deleted, an entity merged away) or that add a
fact come after the others, so the new sheet replaces the old file.

>>> import tempfile, pathlib
>>> from kg.graph.build import GraphBuilder, DocResult, DocRecord, FactRecord
>>> from kg.export.turtle import write_turtle
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> b = GraphBuilder()
>>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt"),
...       [("PartyOrganization", "青禾站党支部", ()), ("Brand", "暖心桥", ())],
...       [FactRecord(("PartyOrganization", "青禾站党支部"), "hasBrand", ("Brand", "暖心桥"),
...                   "青禾站党支部打造“暖心桥”党建品牌。", "brand.quoted_kind")]))
>>> write_turtle(b, d / "kg.ttl")
>>> facts, entities = review_rows(read_graph(d / "kg.ttl"), {"d1.txt": "青禾站党支部打造“暖心桥”党建品牌。"})
>>> [(r["主体"], r["关系"], r["客体"], r["文档"]) for r in facts]
[('青禾站党支部', '创建品牌', '暖心桥', 'd1.txt')]
>>> [(r["编号"], r["类型"], r["事实数"]) for r in entities]
[('party/青禾站党支部', '党组织', 1), ('brand/暖心桥', '党建品牌', 1)]
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .. import vocab
from ..vocab import DJ
from .corrections import load_corrections, parse_row
from .ids import entity_id, fact_id
from .sheet import FACTS, SheetError, read_sheet, write_sheet

#: joins several values in one cell
JOIN = "；"

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (_RDF + x for x in ("type", "subject", "predicate", "object"))
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_ATTRIBUTED = "http://www.w3.org/ns/prov#wasAttributedTo"
_CLASSES = {str(DJ[c]): c for c in vocab.ENTITY_CLASSES}
_RELATIONS = {str(DJ[r]): r for r in vocab.RELATIONS}


class GraphError(SheetError):
    """The graph file cannot be read."""


@dataclass
class Entity:
    type: str
    label: str = ""
    alts: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)


@dataclass
class Statement:
    doc: str          # document IRI, or "" (a fact a curator added without one)
    evidence: str
    rule: str


@dataclass
class GraphView:
    """What a review needs from a built graph (IRIs as strings)."""
    files: dict[str, str] = field(default_factory=dict)                    # document IRI → file name
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: dict[tuple[str, str, str], list[Statement]] = field(default_factory=dict)  # (s, relation, o)


def read_graph(path: str | Path) -> GraphView:
    """The documents, entities and facts of a ``kg.ttl`` (or ``kg.nt``)."""
    import pyoxigraph as ox

    path = Path(path)
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    view = GraphView()
    st_parts: dict[str, dict[str, str]] = defaultdict(dict)
    relations: list[tuple[str, str, str]] = []
    alts, docs = defaultdict(list), defaultdict(list)
    types, labels = {}, {}
    try:
        for t in ox.parse(path=path, format=fmt):
            s, p, o = t.subject.value, t.predicate.value, t.object.value
            if p == _TYPE and o in _CLASSES:
                types[s] = _CLASSES[o]
            elif p == _LABEL:
                labels[s] = o
            elif p == _ALT:
                alts[s].append(o)
            elif p == str(DJ.mentionedIn):
                docs[s].append(o)
            elif p == str(DJ.fileName):
                view.files[s] = o
            elif p in _RELATIONS:
                relations.append((s, _RELATIONS[p], o))
            elif p in (_SUBJECT, _PREDICATE, _OBJECT, _DERIVED, str(DJ.evidence), str(DJ.rule)):
                st_parts[s][p] = o
    except (OSError, SyntaxError, ValueError) as error:
        raise GraphError(f"{path}: cannot be read as a graph ({' '.join(str(error).split())})") from None
    for s, cls in types.items():
        view.entities[s] = Entity(cls, labels.get(s, s), sorted(alts[s]), sorted(docs[s]))
    for s, rel, o in relations:
        view.facts[(s, rel, o)] = []
    for parts in st_parts.values():
        key = (parts.get(_SUBJECT, ""), _RELATIONS.get(parts.get(_PREDICATE, ""), ""), parts.get(_OBJECT, ""))
        if key in view.facts:
            view.facts[key].append(Statement(parts.get(_DERIVED, ""), parts.get(str(DJ.evidence), ""),
                                             parts.get(str(DJ.rule), "")))
    return view


def document_texts(inputs: Iterable[str | Path]) -> dict[str, str]:
    """File name → text (original script, and the simplified text after it) of the readable inputs."""
    from ..ingest import iter_documents
    from ..document import Document

    texts = {}
    for doc in iter_documents(inputs):
        if isinstance(doc, Document):
            texts.setdefault(doc.file_name, doc.original + "\n" + doc.text)
    return texts


def review_rows(view: GraphView, texts: dict[str, str] | None = None) -> tuple[list[dict], list[dict]]:
    """The rows of the 事实 and 实体 sheets, in reading order."""
    texts = texts or {}
    files = sorted(set(view.files.values()))
    doc_rank = {f: k for k, f in enumerate(files)}
    nowhere = (len(files), 0)

    def file_of(doc_iri: str) -> str:
        return view.files.get(doc_iri, "")

    def at(file: str, *needles: str) -> tuple[int, int]:
        """(document rank, position of the first needle found in its text)."""
        text = texts.get(file, "")
        found = [k for k in (text.find(n) for n in needles if n) if k >= 0]
        return (doc_rank.get(file, len(files)), min(found) if found else len(text))

    n_facts = defaultdict(int)
    fact_rows = []
    for (s, rel, o), statements in view.facts.items():
        n_facts[s] += 1
        n_facts[o] += 1
        first = min(statements, key=lambda st: (at(file_of(st.doc), st.evidence), st.evidence),
                    default=Statement("", "", ""))
        se, oe = view.entities.get(s), view.entities.get(o)
        fid = fact_id(s, rel, o)
        fact_rows.append(((at(file_of(first.doc), first.evidence) if first.doc else nowhere), fid, {
            "编号": fid, "主体": se.label if se else entity_id(s), "主体类型": _zh(se),
            "关系": vocab.label(rel, "zh"), "客体": oe.label if oe else entity_id(o), "客体类型": _zh(oe),
            "证据": first.evidence, "文档": file_of(first.doc), "规则": first.rule, "出处数": len(statements),
            "主体编号": entity_id(s), "客体编号": entity_id(o)}))
    entity_rows = []
    for iri, e in view.entities.items():
        efiles = sorted({file_of(d) for d in e.docs} - {""}, key=lambda f: doc_rank.get(f, len(files)))
        rank = at(efiles[0], e.label, *e.alts) if efiles else nowhere
        eid = entity_id(iri)
        entity_rows.append((rank, eid, {
            "编号": eid, "名称": e.label, "类型": _zh(e), "其他名称": JOIN.join(e.alts),
            "文档": JOIN.join(efiles), "事实数": n_facts[iri]}))
    return ([row for *_, row in sorted(fact_rows, key=lambda r: r[:2])],
            [row for *_, row in sorted(entity_rows, key=lambda r: r[:2])])


def _zh(e: Entity | None) -> str:
    return vocab.label(e.type, "zh") if e else ""


@dataclass
class ReviewReport:
    facts: int
    entities: int
    carried: int = 0       # decisions of the previous file filled in on this graph's rows
    appended: int = 0      # rows of the previous file added after them

    def summary(self) -> str:
        text = f"{self.facts} facts, {self.entities} entities"
        if self.carried or self.appended:
            text += f"; previous decisions: {self.carried} filled in, {self.appended} rows carried over"
        return text


_CARRIED = ("处理", "新值", "审核人", "备注")


def carry_over(previous: str | Path, facts: list[dict], entities: list[dict]) -> tuple[int, int]:
    """Fill in the decisions of the corrections file ``previous`` (checked first: a bad file raises)."""
    load_corrections(previous)  # the same checks as kg build: a bad file is named before anything is written
    by_id = {row["编号"]: row for row in facts + entities}
    carried = appended = 0
    for row in read_sheet(previous):
        d = parse_row(row, previous)
        if d is None:
            continue
        mine = by_id.get(d.target) if d.action != "add" else None
        if mine is not None:
            mine.update({c: row.get(c) for c in _CARRIED if row.get(c)})
            carried += 1
        else:  # what the graph no longer holds, and the facts added by hand
            (facts if row.sheet == FACTS else entities).append(dict(row.cells))
            appended += 1
    return carried, appended


def write_review(graph: str | Path, out: str | Path, docs: Iterable[str | Path] = (),
                 previous: str | Path | None = None) -> ReviewReport:
    """Write the review sheet of ``graph`` to ``out`` (.xlsx or .csv).

    ``docs``: the documents (files or folders) the graph was built from,
    for ordering rows by position; ``previous``: a corrections file whose
    decisions are carried over.
    """
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise SheetError(f"{out}: a review sheet is .xlsx or .csv")
    view = read_graph(graph)
    facts, entities = review_rows(view, document_texts(docs) if docs else None)
    report = ReviewReport(len(facts), len(entities))
    if previous is not None:
        report.carried, report.appended = carry_over(previous, facts, entities)
    write_sheet(out, facts, entities)
    return report
