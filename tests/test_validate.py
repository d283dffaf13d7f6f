"""kg validate: the shapes are in sync with the ontology, the seeds' export
conforms, and each kind of broken graph is reported."""
from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from kg import vocab
from kg.cli import main
from kg.validate import shapes_path, shapes_turtle, validate, validate_graph
from kg.vocab import DJ, ENTITY_CLASSES, ID, RELATIONS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_shapes_file_is_in_sync_with_the_ontology():
    assert shapes_path().read_text(encoding="utf-8") == shapes_turtle(), \
        "ontology/shapes.ttl is stale: run python -m kg.validate"


def test_seed_export_conforms(seed_ttl):
    report = validate(seed_ttl)
    assert report.conforms, "\n".join(v.line() for v in report.violations)
    res = CliRunner().invoke(main, ["validate", str(seed_ttl)])
    assert res.exit_code == 0, res.output
    assert "conforms" in res.output


# ---------------------------------------------------------------- small graphs

class G:
    """A tiny graph built the way kg build does it (labels, reified evidence)."""

    def __init__(self):
        self.g = rdflib.Graph()
        self.n = 0

    def entity(self, cls: str, name: str, label: bool = True) -> URIRef:
        node = ID[f"{cls.lower()}_{name}"]
        self.g.add((node, RDF.type, DJ[cls]))
        if label:
            self.g.add((node, RDFS.label, Literal(f"{cls}{name}", lang="zh")))
        return node

    def fact(self, s, rel: str, o, evidence: bool = True) -> None:
        self.g.add((s, DJ[rel], o))
        if evidence:
            self.n += 1
            st = ID[f"fact_{self.n}"]
            for p, v in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, DJ[rel]), (RDF.object, o),
                         (DJ.evidence, Literal(f"句子{self.n}。", lang="zh"))):
                self.g.add((st, p, v))

    def own_brands(self) -> None:
        """Give every Brand without an owner one, so only the intended breakage shows."""
        for b in list(self.g.subjects(RDF.type, DJ.Brand)):
            if (None, DJ.hasBrand, b) not in self.g:
                self.fact(self.entity("Organization", f"owner_of_{b.split('_')[-1]}"), "hasBrand", b)


def _found(report, focus, shape):
    return [v for v in report.violations if v.focus == str(focus) and v.shape == shape]


def test_broken_graph_reports_each_broken_thing(tmp_path):
    b = G()
    org, other = b.entity("Organization", "a"), b.entity("Organization", "c")
    unlabelled = b.entity("Method", "nolabel", label=False)
    brand, orphan = b.entity("Brand", "b"), b.entity("Brand", "orphan")
    b.fact(org, "hasBrand", brand, evidence=False)  # a hasBrand without evidence
    b.fact(org, "usesMethod", other)                 # usesMethod whose object is an Organization
    b.fact(brand, "usesMethod", unlabelled)
    path = tmp_path / "broken.ttl"
    b.g.serialize(path, format="turtle", encoding="utf-8")

    report = validate(path)
    assert not report.conforms
    label = _found(report, unlabelled, "EntityShape")
    assert label and label[0].path == "rdfs:label"
    owner = _found(report, orphan, "BrandOwnerShape")
    assert owner and owner[0].path == "^dj:hasBrand"
    evidence = _found(report, org, "HasBrandEvidenceShape")
    assert evidence and evidence[0].value == str(brand) and evidence[0].path == "dj:hasBrand"
    rng = _found(report, org, "UsesMethodRangeShape")
    assert rng and rng[0].value == str(other) and rng[0].path == "dj:usesMethod"
    assert len(report.violations) == 4, "\n".join(v.line() for v in report.violations)

    res = CliRunner().invoke(main, ["validate", str(path)])
    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if not ln.startswith("kg validate:")]
    assert len(lines) == 4
    # one line per violation: focus label, path, message
    assert any(ln.startswith("Organizationa (djid:organization_a)\tdj:usesMethod\t") for ln in lines), lines
    assert any(ln.startswith("djid:method_nolabel\trdfs:label\t") for ln in lines), lines


def test_two_labels_or_a_label_in_another_language_are_violations():
    b = G()
    two, en = b.entity("Honour", "x"), b.entity("Honour", "y", label=False)
    b.g.add((two, RDFS.label, Literal("第二个名字", lang="zh")))
    b.g.add((en, RDFS.label, Literal("an English name", lang="en")))
    report = validate_graph(b.g)
    assert {v.focus for v in report.violations if v.shape == "EntityShape"} == {str(two), str(en)}


@pytest.mark.parametrize("rel", RELATIONS)
def test_domain_and_range_of_each_relation_come_from_the_ontology(rel):
    domain, range_ = vocab.domain_range(rel)
    b = G()
    s, o = b.entity(domain[0], "s"), b.entity(range_[0], "o")
    b.fact(s, rel, o)
    b.own_brands()
    assert validate_graph(b.g).conforms, "\n".join(v.line() for v in validate_graph(b.g).violations)

    outside_domain = [c for c in ENTITY_CLASSES if c not in domain]
    outside_range = [c for c in ENTITY_CLASSES if c not in range_]
    cap = rel[0].upper() + rel[1:]
    b = G()
    bad_s, bad_o = b.entity(outside_domain[0], "s"), b.entity(outside_range[0], "o")
    b.fact(bad_s, rel, bad_o)
    b.own_brands()
    report = validate_graph(b.g)
    assert _found(report, bad_s, f"{cap}DomainShape")
    assert _found(report, bad_s, f"{cap}RangeShape")[0].value == str(bad_o)


def test_missing_evidence_is_caught_for_every_relation():
    for rel in RELATIONS:
        domain, range_ = vocab.domain_range(rel)
        b = G()
        s, o = b.entity(domain[0], "s"), b.entity(range_[0], "o")
        b.fact(s, rel, o, evidence=False)
        b.own_brands()
        cap = rel[0].upper() + rel[1:]
        assert _found(validate_graph(b.g), s, f"{cap}EvidenceShape"), rel


def test_unreadable_graph_is_one_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(bad)])
    assert res.exit_code == 1
    assert "bad.ttl" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1


# ---------------------------------------------------------------- the two engines

def every_kind_of_breakage() -> rdflib.Graph:
    """One graph with each violation the shapes can report, several times over."""
    b = G()
    org, other = b.entity("Organization", "a"), b.entity("Organization", "c")
    unlabelled = b.entity("Method", "nolabel", label=False)
    brand, _orphan = b.entity("Brand", "b"), b.entity("Brand", "orphan")
    b.fact(org, "hasBrand", brand, evidence=False)
    b.fact(org, "usesMethod", other)
    b.fact(brand, "usesMethod", unlabelled)
    two, foreign = b.entity("Honour", "x"), b.entity("Honour", "y", label=False)
    b.g.add((two, RDFS.label, Literal("第二个名字", lang="zh")))
    b.g.add((foreign, RDFS.label, Literal("an English name", lang="en")))
    b.g.add((foreign, RDFS.label, Literal("无语言标签")))
    for rel in RELATIONS:
        domain, range_ = vocab.domain_range(rel)
        bad_s = b.entity([c for c in ENTITY_CLASSES if c not in domain][0], f"s_{rel}")
        bad_o = b.entity([c for c in ENTITY_CLASSES if c not in range_][0], f"o_{rel}")
        b.fact(bad_s, rel, bad_o, evidence=False)
    # a statement whose evidence is empty does not count
    s, o = b.entity("Organization", "s_empty"), b.entity("Organization", "o_empty")
    b.fact(s, "hasUnit", o, evidence=False)
    st = ID["fact_empty"]
    for p, v in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, DJ.hasUnit), (RDF.object, o),
                 (DJ.evidence, Literal("", lang="zh"))):
        b.g.add((st, p, v))
    return b.g


def test_oxigraph_and_pyshacl_report_the_same_violations(seed_ttl):
    g = every_kind_of_breakage()
    fast, reference = validate_graph(g, engine="oxigraph"), validate_graph(g, engine="pyshacl")
    assert (fast.engine, reference.engine) == ("oxigraph", "pyshacl")
    assert fast.violations == reference.violations
    # every shape and every component of the shipped shapes was exercised
    assert {v.component for v in fast.violations} == {
        "MinCountConstraintComponent", "MaxCountConstraintComponent", "LanguageInConstraintComponent",
        "ClassConstraintComponent", "OrConstraintComponent", "SPARQLConstraintComponent"}
    shapes = {str(s).rsplit("#", 1)[-1] for s in rdflib.Graph().parse(shapes_path()).subjects(RDF.type, SH.NodeShape)}
    assert {v.shape for v in fast.violations} == shapes
    assert any(v.focus.endswith("organization_s_empty") and v.shape == "HasUnitEvidenceShape"
               for v in fast.violations)
    # and on the seeds: both conform
    assert validate(seed_ttl, engine="oxigraph").conforms and validate(seed_ttl, engine="pyshacl").conforms


def test_shapes_the_compiler_does_not_know_run_with_pyshacl(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
dj:LabelLength a sh:NodeShape ; sh:targetClass dj:Brand ;
    sh:property [ sh:path rdfs:label ; sh:maxLength 3 ; sh:message "label too long" ] .
""", encoding="utf-8")
    b = G()
    b.entity("Brand", "long")
    graph = tmp_path / "g.ttl"
    b.g.serialize(graph, format="turtle", encoding="utf-8")
    report = validate(graph, shapes)
    assert report.engine == "pyshacl" and [v.message for v in report.violations] == ["label too long"]
    res = CliRunner().invoke(main, ["validate", str(graph), "--shapes", str(shapes), "--engine", "oxigraph"])
    assert res.exit_code == 1 and "sh:maxLength" in res.output and "Traceback" not in res.output
    assert len(res.output.strip().splitlines()) == 1
