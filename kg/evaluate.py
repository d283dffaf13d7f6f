"""Score built graphs against gold annotations (``kg eval``).

The rules are those of the annotation guidelines ("How a built graph is
scored"), and the figures equal those of the reference scorer:

* every node typed with one of the five classes is one extracted entity;
  its ``rdfs:label``/``skos:prefLabel``/``skos:altLabel`` values are
  normalized (:func:`normalize`) and must equal a normalized gold name;
* Organization and PartyOrganization are one group (``ORG``);
* ``hasUnit`` and ``hasBranch`` are read together, transitively, as
  ``contains``;
* for ``usesMethod`` and ``achievesHonour`` a brand and its gold owner
  stand for each other as the source;
* a gold entity typed both Brand and Method is reached by ``hasBrand`` or
  ``usesMethod``: an extracted edge counts under the predicate the gold gives;
* optional gold facts, a second node for an already credited gold entity,
  and an edge whose two ends match one gold entity are neutral.

Counts are ``[correct extracted, extracted, gold found, gold]`` per key.

>>> gold = Gold.from_dict({"doc": "d.txt",
...     "entities": [{"id": "b1", "type": "Brand", "names": ["零距离"]}],
...     "relations": []})
>>> from rdflib import Graph, Literal, URIRef, RDF, RDFS
>>> from kg.vocab import DJ
>>> g = Graph(); n = URIRef("urn:x:b")
>>> _ = g.add((n, RDF.type, DJ.Brand)); _ = g.add((n, RDFS.label, Literal("“零距离”党建品牌")))
>>> counts, errors = score_graph(g, gold)
>>> counts["Brand"], errors
([1, 1, 1, 1], [])

Which gold file scores which document (:func:`evaluate`): a file is
scored against ``GOLD_DIR/<file name>.json`` and named by its file name;
every record of a ``.jsonl`` file is a document of its own, scored
against ``GOLD_DIR/<record id>.json`` and named by its id — the ``id``
field, else ``<file stem>-<line>``, as ``dcterms:identifier`` in the
graph. In an id, ``%``, ``/``, a backslash, ``:``, ``*``, ``?``, ``"``,
``<``, ``>``, ``|`` and control characters are written ``%XX``
(:func:`gold_file_name`). A record id met a second time is reported and
not scored again.

>>> gold_file_name("a.txt"), gold_file_name("news.jsonl", "2024/07:青松")
('a.txt.json', '2024%2F07%3A青松.json')
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph
from rdflib.namespace import RDF, RDFS, SKOS

from .vocab import DJ, ENTITY_CLASSES, RELATIONS

# Scoring groups: Organization and PartyOrganization are read as one group,
# because texts name a unit and its branch interchangeably.
GROUP = {"Organization": "ORG", "PartyOrganization": "ORG", "Brand": "Brand",
         "Method": "Method", "Honour": "Honour"}
# hasUnit and hasBranch are both containment, compared transitively.
REL_GROUP = {"hasUnit": "contains", "hasBranch": "contains", "hasBrand": "hasBrand",
             "usesMethod": "usesMethod", "achievesHonour": "achievesHonour"}
# relations whose source may be the brand or the organization owning it
SOURCED = frozenset({"usesMethod", "achievesHonour"})

ENTITY_KEYS = ("ORG", "Brand", "Method", "Honour")
RELATION_KEYS = ("contains", "hasBrand", "usesMethod", "achievesHonour")
#: rows of the report, in display order (two micro-averaged totals included)
ROWS = ENTITY_KEYS + ("entities",) + RELATION_KEYS + ("relations",)

# Quotation marks, brackets, spaces and punctuation: dropped before comparing.
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉【】()（）\[\]{}<>·•・.。,，、;；:：!！?？\-—―_~～/|\\…]+")
# Kind words that only say "this is a brand"; longest first, one removed.
BRAND_TAILS = ("特色党建品牌", "党建特色品牌", "党建工作品牌", "党建服务品牌", "党建子品牌", "党建品牌",
               "特色品牌", "服务品牌", "工作品牌", "子品牌", "品牌")


class GoldError(Exception):
    """A gold file that cannot be used; ``str()`` is a one-line message."""


@lru_cache(maxsize=1)
def _t2s() -> Callable[[str], str]:
    from opencc import OpenCC
    return OpenCC("t2s").convert


def normalize(label: str, brand: bool = False) -> str:
    """The comparison key of a name.

    NFKC, traditional → simplified, case-folded, without quotation marks,
    brackets, spaces and punctuation; with ``brand``, without a trailing
    brand kind word (unless nothing else is left).

    >>> normalize("“零距離” 黨建品牌", brand=True)
    '零距离'
    >>> normalize("ＡＢＣ·工作法")
    'abc工作法'
    """
    s = _DROP.sub("", _t2s()(unicodedata.normalize("NFKC", label)).casefold())
    if brand:
        for tail in BRAND_TAILS:
            if s.endswith(tail) and len(s) > len(tail):
                return s[: -len(tail)]
    return s


def _reach(edges: dict[str, set[str]], start: str) -> set[str]:
    """Every node reachable from ``start`` by one or more edges."""
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@dataclass
class Gold:
    """The gold annotation of one document (see the guidelines' file format)."""
    doc: str
    entities: dict[str, dict]
    relations: list[tuple[str, str, str, bool]]          # (source id, relation, target id, optional)
    by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)
    owners: dict[str, set[str]] = field(default_factory=dict, repr=False)
    closure: set[tuple[str, str]] = field(default_factory=set, repr=False)

    @classmethod
    def from_dict(cls, data: dict) -> "Gold":
        ents = {e["id"]: e for e in data["entities"]}
        rels = [(r[0], r[1], r[2], bool(r[3].get("optional")) if len(r) > 3 else False)
                for r in data["relations"]]
        for s, p, o, _ in rels:
            if p not in REL_GROUP or s not in ents or o not in ents:
                raise GoldError(f"bad relation {[s, p, o]}")
        for e in ents.values():
            if e["type"] not in GROUP or not e.get("names"):
                raise GoldError(f"bad entity {e.get('id')!r}")
        gold = cls(data["doc"], ents, rels)
        by_name: dict[str, list[str]] = defaultdict(list)
        for gid, e in ents.items():
            brand = "Brand" in gold.types(gid)
            for name in e["names"]:
                key = normalize(name, brand=brand)
                if gid not in by_name[key]:
                    by_name[key].append(gid)
        gold.by_name = dict(by_name)
        # a brand and its owners stand for each other (both directions)
        owners: dict[str, set[str]] = defaultdict(set)
        contains: dict[str, set[str]] = defaultdict(set)
        for s, p, o, _ in rels:
            if p == "hasBrand":
                owners[s].add(o)
                owners[o].add(s)
            elif REL_GROUP[p] == "contains":
                contains[s].add(o)
        gold.owners = dict(owners)
        # optional containment edges are part of the closure: extracting them is right
        gold.closure = {(a, b) for a in contains for b in _reach(contains, a)}
        return gold

    def types(self, gid: str) -> set[str]:
        e = self.entities[gid]
        return {e["type"], *e.get("alt_types", ())}

    def optional(self, gid: str) -> bool:
        return bool(self.entities[gid].get("optional"))

    def name(self, gid: str) -> str:
        return self.entities[gid]["names"][0]

    def sources(self, gid: str) -> set[str]:
        return {gid} | self.owners.get(gid, set())

    def match(self, labels: Iterable[str], cls: str) -> tuple[str | None, str | None]:
        """(gold id whose type fits ``cls``, else None; first gold id matching by name only)."""
        fit = any_ = None
        for lab in labels:
            for key in dict.fromkeys((normalize(lab), normalize(lab, brand=True))):
                for gid in self.by_name.get(key, ()):
                    any_ = any_ or gid
                    if fit is None and GROUP[cls] in {GROUP[t] for t in self.types(gid)}:
                        fit = gid
        return fit, any_


def load_gold(path: str | Path) -> Gold:
    """Read one gold JSON file; raises :class:`GoldError` naming the file and problem."""
    path = Path(path)
    try:
        return Gold.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError(f"{path}: not a UTF-8 JSON file ({e})") from None
    except (KeyError, TypeError, IndexError, AttributeError) as e:
        raise GoldError(f"{path}: not a gold file (missing or malformed {e})") from None
    except GoldError as e:
        raise GoldError(f"{path}: {e}") from None


def _labels(g: Graph, node) -> list[str]:
    return [str(lit) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel)
            for lit in sorted(g.objects(node, p))]


def graph_entities(g: Graph) -> list[tuple[object, str, list[str]]]:
    """(node, class, labels) of every node typed with one of the five classes.

    Subclasses declared in the graph count as their class; a node typed
    both Organization and PartyOrganization is one ORG entity.
    """
    out, seen = [], set()
    for cls in ENTITY_CLASSES:
        classes = {DJ[cls]} | set(g.transitive_subjects(RDFS.subClassOf, DJ[cls]))
        for node in sorted({n for c in classes for n in g.subjects(RDF.type, c)}):
            if (node, GROUP[cls]) not in seen:
                seen.add((node, GROUP[cls]))
                out.append((node, cls, _labels(g, node)))
    return out


def _display(g: Graph, node) -> str:
    for p in (RDFS.label, SKOS.prefLabel):
        for lit in sorted(g.objects(node, p)):
            return str(lit)
    return str(node)


Counts = dict[str, list[int]]
#: one scoring error: (kind, entity type or relation, what)
ScoreError = tuple[str, str, str]


def score_graph(g: Graph, gold: Gold) -> tuple[Counts, list[ScoreError]]:
    """Score one graph against one gold document.

    Returns counts ``{key: [correct, extracted, found, gold]}`` for the keys
    of :data:`ENTITY_KEYS` and :data:`RELATION_KEYS`, and the errors as
    ``("FP entity"|"FN entity"|"FP relation"|"FN relation", type, text)``.
    """
    c: Counts = {k: [0, 0, 0, 0] for k in ENTITY_KEYS + RELATION_KEYS}
    errors: list[ScoreError] = []

    # --- entities
    credited: set[tuple[str, str]] = set()
    node_gold: dict = {}
    for node, cls, labels in graph_entities(g):
        fit, any_ = gold.match(labels, cls)
        if any_:
            # relations are read by name, even when the type is wrong
            node_gold.setdefault(node, fit or any_)
        grp = GROUP[cls]
        if fit is None:
            c[grp][1] += 1
            errors.append(("FP entity", cls, labels[0] if labels else str(node)))
        elif gold.optional(fit) or (fit, grp) in credited:
            continue  # neutral: an optional fact, or a second node for one gold entity
        else:
            credited.add((fit, grp))
            c[grp][0] += 1
            c[grp][1] += 1
    found = {gid for gid, _ in credited}
    for gid, e in gold.entities.items():
        if not e.get("optional"):
            grp = GROUP[e["type"]]
            c[grp][3] += 1
            if gid in found:
                c[grp][2] += 1
            else:
                errors.append(("FN entity", e["type"], gold.name(gid)))

    # --- relations: extracted edges mapped onto gold ids
    pred: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for rel in RELATIONS:
        key = REL_GROUP[rel]
        for s, o in sorted(g.subject_objects(DJ[rel])):
            gs, go = node_gold.get(s), node_gold.get(o)
            if gs is None or go is None:
                c[key][1] += 1
                errors.append(("FP relation", rel, f"{_display(g, s)} → {_display(g, o)}"))
            elif gs != go:  # both ends on one gold entity: ignored
                pred[key].add((gs, go))
    required, every = defaultdict(set), defaultdict(set)
    for s, p, o, opt in gold.relations:
        key = REL_GROUP[p]
        every[key].add((s, o))
        if not (opt or gold.optional(s) or gold.optional(o)):
            required[key].add((s, o))

    # containment, transitively on both sides
    edges: dict[str, set[str]] = defaultdict(set)
    for s, o in sorted(pred["contains"]):
        edges[s].add(o)
        c["contains"][1] += 1
        if (s, o) in gold.closure:
            c["contains"][0] += 1
        else:
            errors.append(("FP relation", "contains", f"{gold.name(s)} → {gold.name(o)}"))
    for s, o in sorted(required["contains"]):
        c["contains"][3] += 1
        if o in _reach(edges, s):
            c["contains"][2] += 1
        else:
            errors.append(("FN relation", "contains", f"{gold.name(s)} → {gold.name(o)}"))

    # a gold entity typed both Brand and Method: hasBrand and usesMethod to it are one
    # fact read two ways, so an extracted edge counts under the predicate the gold gives it
    def matches(key: str, s: str, o: str) -> bool:
        return any(go == o and (s == gs or (key in SOURCED and s in gold.sources(gs)))
                   for gs, go in every[key])
    for key, other in (("hasBrand", "usesMethod"), ("usesMethod", "hasBrand")):
        for s, o in sorted(pred[key]):
            if {"Brand", "Method"} <= gold.types(o) and not matches(key, s, o) and matches(other, s, o):
                pred[key].discard((s, o))
                pred[other].add((s, o))

    # hasBrand exactly; usesMethod/achievesHonour with brand ≈ owner as source
    for key in ("hasBrand", "usesMethod", "achievesHonour"):
        loose = key in SOURCED
        hit: set[tuple[str, str]] = set()
        for s, o in sorted(pred[key]):
            hits = {(gs, go) for gs, go in every[key]
                    if go == o and (s == gs or (loose and s in gold.sources(gs)))}
            if not hits:
                c[key][1] += 1
                errors.append(("FP relation", key, f"{gold.name(s)} → {gold.name(o)}"))
            elif hits & required[key]:
                hit |= hits & required[key]
                c[key][0] += 1
                c[key][1] += 1
            # else it matches only optional gold facts: neutral
        for s, o in sorted(required[key]):
            c[key][3] += 1
            if (s, o) in hit:
                c[key][2] += 1
            else:
                errors.append(("FN relation", key, f"{gold.name(s)} → {gold.name(o)}"))
    return c, errors


def prf(correct: int, extracted: int, found: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 (0 when undefined).

    >>> prf(3, 4, 3, 6)
    (0.75, 0.5, 0.6)
    """
    p = correct / extracted if extracted else 0.0
    r = found / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def with_totals(counts: Counts) -> Counts:
    """``counts`` with the micro-averaged rows ``entities`` and ``relations`` added."""
    out = {k: list(counts.get(k, (0, 0, 0, 0))) for k in ENTITY_KEYS + RELATION_KEYS}
    out["entities"] = [sum(out[k][i] for k in ENTITY_KEYS) for i in range(4)]
    out["relations"] = [sum(out[k][i] for k in RELATION_KEYS) for i in range(4)]
    return {k: out[k] for k in ROWS}


@dataclass
class DocScore:
    name: str                     # the document's file name, or a .jsonl record's id
    counts: Counts
    errors: list[ScoreError]
    problem: str | None = None    # why nothing was extracted (unreadable input)


@dataclass
class EvalReport:
    """Scores of every evaluated document and their micro-averaged totals."""
    documents: list[DocScore] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)     # inputs not read, documents without gold
    unread: list[str] = field(default_factory=list)       # inputs that could not be read
    corrections_applied: int = 0                          # with corrections: decisions that changed a graph

    @property
    def totals(self) -> Counts:
        total: Counts = {k: [0, 0, 0, 0] for k in ENTITY_KEYS + RELATION_KEYS}
        for d in self.documents:
            for k, v in d.counts.items():
                total[k] = [a + b for a, b in zip(total[k], v)]
        return with_totals(total)

    def f1(self, key: str) -> float:
        return prf(*self.totals[key])[2]

    def to_dict(self, errors: bool = False) -> dict:
        def rows(counts: Counts) -> dict:
            full = with_totals(counts)
            return {k: dict(zip(("p", "r", "f1"), (round(x, 4) for x in prf(*full[k]))),
                            **dict(zip(("correct", "extracted", "found", "gold"), full[k])))
                    for k in ROWS}
        out = {"totals": rows(self.totals),
               "documents": {d.name: rows(d.counts) for d in self.documents}}
        if errors:
            out["errors"] = [[d.name, *e] for d in self.documents for e in d.errors]
        out["problems"] = list(self.problems)
        return out

    def table(self, per_doc: bool = True) -> str:
        """The totals as a text table (the reference scorer's layout)."""
        lines = []
        if per_doc and self.documents:
            lines.append(f"{'document':34} {'ent P':>6} {'ent R':>6} {'rel P':>6} {'rel R':>6}")
            for d in self.documents:
                full = with_totals(d.counts)
                e, r = prf(*full["entities"]), prf(*full["relations"])
                lines.append(f"{d.name[:34]:34} {e[0]:6.2f} {e[1]:6.2f} {r[0]:6.2f} {r[1]:6.2f}")
            lines.append("")
        lines.append(f"{'':16} {'P':>6} {'R':>6} {'F1':>6} {'ok/extracted':>13} {'found/gold':>11}")
        for k, t in self.totals.items():
            p, r, f = prf(*t)
            lines.append(f"{k:16} {p:6.3f} {r:6.3f} {f:6.3f} {t[0]:6d}/{t[1]:<6d} {t[2]:5d}/{t[3]:<5d}")
        return "\n".join(lines)

    def error_lines(self) -> list[str]:
        return ["\t".join((d.name, *e)) for d in self.documents for e in d.errors]


def _gold_index(gold_dir: Path) -> dict[str, Path]:
    """Gold files by the name of the document they annotate (``<name>.json``)."""
    index: dict[str, Path] = {}
    for path in sorted(gold_dir.glob("*.json")):
        index.setdefault(path.stem, path)   # "<file name>.json", "<record id>.json"
    return index


# characters a file name cannot hold on some system, and "%" itself
_UNSAFE = re.compile(r'[%/\\:*?"<>|\x00-\x1f\x7f]')


def gold_file_name(file_name: str, record_id: str | None = None) -> str:
    """The name of a document's gold file in GOLD_DIR.

    A file's is ``<file name>.json``; a ``.jsonl`` record's (``record_id``
    given) is ``<record id>.json``, with ``%``, ``/``, ``\\``, ``:``,
    ``*``, ``?``, ``"``, ``<``, ``>``, ``|`` and control characters of the
    id written ``%XX``.

    >>> gold_file_name("a.txt")
    'a.txt.json'
    >>> gold_file_name("news.jsonl", "暖心桥-07")
    '暖心桥-07.json'
    >>> gold_file_name("news.jsonl", "50%/a|b")
    '50%25%2Fa%7Cb.json'
    """
    if record_id is None:
        return file_name + ".json"
    return _UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", record_id) + ".json"


def _is_jsonl(file_name: str) -> bool:
    # as kg.ingest: a file is read as records by its suffix
    return Path(file_name).suffix.lower() == ".jsonl"


def _unread_record_id(source: str, line: int) -> str:
    """The id of the unreadable record at ``line`` of the .jsonl file ``source``.

    Its ``id`` field when the line is a JSON object that has one (its text
    was what could not be used), else ``<file stem>-<line>``: the id
    kg.ingest gives a record (its rules are repeated here).
    """
    path = Path(source)
    default = f"{path.stem}-{line}"
    try:
        with open(path, "rb") as handle:
            for lineno, raw in enumerate(handle, 1):
                if lineno == line:
                    break
            else:
                return default
    except OSError:
        return default
    raw = raw.rstrip(b"\r\n")
    if line == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            record = json.loads(raw.decode(encoding))
            break
        except UnicodeDecodeError:
            continue
        except (ValueError, RecursionError):
            return default
    else:
        return default
    rid = record.get("id") if isinstance(record, dict) else None
    return default if rid is None or rid == "" else str(rid)


def evaluate(inputs: Iterable[str | Path], gold_dir: str | Path, jobs: int | None = None,
             on_problem: Callable[[str], None] | None = None, corrections=None) -> EvalReport:
    """Build each input document alone and score it against its gold file in ``gold_dir``.

    The gold file of a file is ``gold_dir/<file name>.json``; that of a
    ``.jsonl`` record ``gold_dir/<record id>.json`` (:func:`gold_file_name`),
    and the record is named by its id in the report. A document without a
    gold file is not scored; an input that cannot be read is scored as an
    empty graph when it has a gold file (it found nothing), and so is an
    unreadable record (by its ``id`` if its line has one, else
    ``<file stem>-<line>``). A second record with an id already scored is
    not scored. All of these are reported in :attr:`EvalReport.problems`
    and passed to ``on_problem``. Raises :class:`GoldError` for a broken
    gold file.

    The extractor alone is measured, unless ``corrections`` (a
    :class:`kg.curate.corrections.Corrections`) is given: then each
    document's graph is scored with those decisions applied, and
    :attr:`EvalReport.corrections_applied` counts the decisions that
    changed a graph (a decision about another document's facts changes
    nothing in this one, so none is reported as unmatched).
    """
    from .document import IngestError
    from .graph.build import GraphBuilder
    from .pipeline import iter_results

    gold_dir = Path(gold_dir)
    index = _gold_index(gold_dir)
    report = EvalReport()
    pending: list = []   # unreadable inputs, scored after the others

    def problem(msg: str) -> None:
        report.problems.append(msg)
        if on_problem:
            on_problem(msg)

    def failed(err: IngestError) -> None:
        report.unread.append(str(err))
        problem(str(err))
        pending.append(err)

    scored: set[str] = set()
    records: dict[str, str] = {}      # record id → where the record scored under it is
    jsonl_files: set[str] = set()     # .jsonl file names already met

    def jsonl_file(file_name: str) -> None:
        # a gold file named after a whole .jsonl file is not used: say so, once
        if file_name not in jsonl_files:
            jsonl_files.add(file_name)
            whole = index.get(file_name)
            if whole is not None:
                problem(f"{whole}: not used; the records of {file_name} are scored one by one, "
                        f"against {gold_dir / '<record id>.json'}")

    def take_record(rid: str, where: str) -> bool:
        if rid in records or rid in scored:
            problem(f"{where}: record id {rid!r} was already scored"
                    f"{f' ({records[rid]})' if rid in records else ''}; not scored again")
            return False
        records[rid] = where
        return True

    for result in iter_results(inputs, jobs, failed):
        doc = result.doc
        if _is_jsonl(doc.file_name):
            jsonl_file(doc.file_name)
            name, gold_name = doc.id, gold_file_name(doc.file_name, doc.id)
        else:
            name, gold_name = doc.file_name, gold_file_name(doc.file_name)
        gold_path = index.get(gold_name[:-len(".json")])
        if gold_path is None:
            problem(f"{doc.source}: no gold file {gold_dir / gold_name}; not scored")
            continue
        if _is_jsonl(doc.file_name) and not take_record(name, doc.source):
            continue
        builder = GraphBuilder()
        builder.add(result)
        if corrections is not None:
            from .curate.apply import apply_corrections
            builder, outcome = apply_corrections(builder, corrections.changes)
            report.corrections_applied += outcome.applied
        counts, errors = score_graph(builder.graph(), load_gold(gold_path))
        report.documents.append(DocScore(name, counts, errors))
        scored.add(name)
    for err in pending:
        file_name = Path(err.source).name
        if not _is_jsonl(file_name):
            name, gold_name = file_name, gold_file_name(file_name)
        elif err.line is not None:      # one record: scored under its id
            jsonl_file(file_name)
            name = _unread_record_id(err.source, err.line)
            gold_name = gold_file_name(file_name, name)
        else:                           # a whole .jsonl file: no record to score
            continue
        gold_path = index.get(gold_name[:-len(".json")])
        if gold_path is None or (name in scored and not _is_jsonl(file_name)):
            continue
        if _is_jsonl(file_name) and not take_record(name, f"{err.source}:{err.line}"):
            continue
        counts, errors = score_graph(Graph(), load_gold(gold_path))
        report.documents.append(DocScore(name, counts, errors, problem=err.problem))
        scored.add(name)
    return report
