"""The vocabulary and the shape of the built graph.

Vocabulary: read from the ontology (labels in zh and en, domain/range).
Seed graph (session fixture ``seed_graph``): one zh label and one class
per entity, provenance of every relation, the README's SPARQL example.
Two small documents written here: one node for one organization named in
both, two nodes for the two 机关支部 of two different organizations.
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from kg import vocab
from kg.vocab import DJ, ENTITY_CLASSES, ID, RELATIONS

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
CJK = re.compile(r"[\u4e00-\u9fff]")

# the relation table of the README / annotation guidelines
SIGNATURES = {
    "hasUnit": ({"Organization"}, {"Organization"}),
    "hasBranch": ({"Organization", "PartyOrganization"}, {"PartyOrganization"}),
    "hasBrand": ({"Organization", "PartyOrganization"}, {"Brand"}),
    "usesMethod": ({"Organization", "PartyOrganization", "Brand"}, {"Method"}),
    "achievesHonour": ({"Organization", "PartyOrganization", "Brand"}, {"Honour"}),
}


# --- vocabulary -----------------------------------------------------------------

@pytest.mark.parametrize("term", ENTITY_CLASSES + ("Document",) + RELATIONS)
def test_every_term_has_a_zh_and_an_en_label(term):
    onto = vocab.ontology()
    labels = {lit.language: str(lit) for lit in onto.objects(DJ[term], RDFS.label)}
    assert len(list(onto.objects(DJ[term], RDFS.label))) == 2 and set(labels) == {"zh", "en"}, labels
    assert CJK.search(labels["zh"]) and not CJK.search(labels["en"])
    assert vocab.label(term, "zh") == labels["zh"]
    assert vocab.label(term, "en") == labels["en"]
    kind = OWL.ObjectProperty if term in RELATIONS else OWL.Class
    assert (DJ[term], RDF.type, kind) in onto


@pytest.mark.parametrize("relation", RELATIONS)
def test_domain_and_range(relation):
    domain, range_ = vocab.domain_range(relation)
    assert (set(domain), set(range_)) == SIGNATURES[relation]
    assert len(domain) == len(set(domain))


@pytest.mark.parametrize("cls", ENTITY_CLASSES)
def test_classes_have_a_display_style(cls):
    assert re.fullmatch(r"#[0-9A-Fa-f]{6}", vocab.colour(cls))
    assert any(True for _ in vocab.ontology().objects(DJ[cls], DJ.shape))


def test_readme_vocabulary_table_matches_the_ontology():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `dj:(\w+)` \| ([^|]+?) \|", readme, re.M))
    for term in ENTITY_CLASSES + ("Document",) + RELATIONS:
        assert rows.get(term) == vocab.label(term, "zh"), term


# --- the seed graph -------------------------------------------------------------

def entities(g: rdflib.Graph) -> dict:
    """Each node typed with one of the five classes → its classes (local names)."""
    out: dict = {}
    for cls in ENTITY_CLASSES:
        for node in g.subjects(RDF.type, DJ[cls]):
            out.setdefault(node, set()).add(cls)
    return out


def test_every_entity_has_one_zh_label_and_one_class(seed_graph):
    ents = entities(seed_graph)
    assert ents
    for node, classes in ents.items():
        assert len(classes) == 1, (node, classes)
        labels = list(seed_graph.objects(node, RDFS.label))
        assert len(labels) == 1 and labels[0].language == "zh" and str(labels[0]).strip(), (node, labels)
        assert str(labels[0]) not in {str(a) for a in seed_graph.objects(node, SKOS.altLabel)}
        assert str(node).startswith(str(ID))
        docs = list(seed_graph.objects(node, DJ.mentionedIn))
        assert docs and all((d, RDF.type, DJ.Document) in seed_graph for d in docs), node


def test_every_relation_respects_the_ontology_and_has_provenance(seed_graph):
    ents = entities(seed_graph)
    n = 0
    for rel in RELATIONS:
        domain, range_ = vocab.domain_range(rel)
        for s, o in seed_graph.subject_objects(DJ[rel]):
            n += 1
            assert ents.get(s, set()) <= set(domain) and ents.get(s), (rel, s)
            assert ents.get(o, set()) <= set(range_) and ents.get(o), (rel, o)
            statements = set(seed_graph.subjects(RDF.subject, s)) & set(seed_graph.subjects(RDF.object, o)) \
                & set(seed_graph.subjects(RDF.predicate, DJ[rel]))
            assert statements, f"no reified statement for {s} {rel} {o}"
            for st in statements:
                assert (st, RDF.type, RDF.Statement) in seed_graph
                docs = list(seed_graph.objects(st, PROV.wasDerivedFrom))
                assert len(docs) == 1 and (docs[0], RDF.type, DJ.Document) in seed_graph
                assert str(seed_graph.value(docs[0], DJ.fileName) or "").strip()
                evidence = list(seed_graph.objects(st, DJ.evidence))
                assert len(evidence) == 1 and str(evidence[0]).strip()
                assert str(seed_graph.value(st, DJ.rule) or "").strip()
    assert n > 0
    # and no statement reifies a triple that is not in the graph
    for st in seed_graph.subjects(RDF.type, RDF.Statement):
        triple = (seed_graph.value(st, RDF.subject), seed_graph.value(st, RDF.predicate),
                  seed_graph.value(st, RDF.object))
        assert triple in seed_graph, st


def readme_sparql() -> str:
    """The README's example query (its ```sparql block about hasBrand)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```sparql\n(.*?)```", readme, re.S) if "dj:hasBrand" in b]
    assert len(blocks) == 1, "README.md should hold one ```sparql block about dj:hasBrand"
    return blocks[0]


def test_readme_hasbrand_query(seed_graph, seed_graph_dir):
    query = readme_sparql()
    statements = [st for st in seed_graph.subjects(RDF.predicate, DJ.hasBrand)]
    triples = set(seed_graph.subject_objects(DJ.hasBrand))
    assert triples and len(statements) >= len(triples)
    label = {n: str(seed_graph.value(n, RDFS.label)) for pair in triples for n in pair}

    rows = [tuple(str(v) for v in row) for row in seed_graph.query(query)]
    assert len(rows) == len(statements)       # one row per fact and source sentence
    assert {(owner, brand) for owner, brand, _, _ in rows} == {(label[s], label[o]) for s, o in triples}
    assert [r[:2] for r in rows] == sorted(r[:2] for r in rows)   # ORDER BY ?owner ?brand
    seeds = {p.name for p in SEEDS.iterdir()}
    assert all(file in seeds and sentence.strip() for _, _, file, sentence in rows)

    # a strict SPARQL engine (every prefix declared) gives the same rows
    store = pyoxigraph.Store()
    store.load(path=str(seed_graph_dir / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    strict = [tuple(row[v].value for v in ("owner", "brand", "file", "sentence")) for row in store.query(query)]
    assert sorted(strict) == sorted(rows)


def test_iris_are_stable_across_builds(seed_graph, tmp_path):
    """A second build (in-process, one worker) names every entity with the same IRI."""
    from kg.pipeline import build

    report = build([SEEDS], tmp_path, jobs=1, exports=["turtle"], cache=False)
    assert report.ok
    again = rdflib.Graph()
    again.parse(tmp_path / "kg.ttl", format="turtle")

    def named(g):
        return {(node, frozenset(cls), str(g.value(node, RDFS.label))) for node, cls in entities(g).items()}

    assert named(again) == named(seed_graph)
    assert set(again.subjects(RDF.type, RDF.Statement)) == set(seed_graph.subjects(RDF.type, RDF.Statement))


# --- two documents of our own ---------------------------------------------------

DOC_A = """青松管理处党建工作纪实

青松管理处负责山区高速公路的运营管理。近年来，机关支部创建了“清风驿站”党建品牌，坚持“三点一线”工作法，组织党员开展志愿服务。去年，松柏高速公路有限公司荣获“全国文明单位”称号。
"""
DOC_B = """白杨管理处：让党建品牌落地生根

白杨管理处地处平原，管辖路段车流量大。机关支部打造“暖心桥”党建品牌，推行“四步走”工作法，服务一线职工。松柏高速公路有限公司被评为“省级文明单位”。
"""


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory, run_kg):
    """The graph of two articles about two 管理处 of one company, each with its 机关支部."""
    root = tmp_path_factory.mktemp("two-docs")
    (root / "in").mkdir()
    (root / "in" / "a.txt").write_text(DOC_A, encoding="utf-8")
    (root / "in" / "b.txt").write_text(DOC_B, encoding="utf-8")
    run = run_kg("build", root / "in", "-o", root / "out", "--only", "turtle")
    assert run.returncode == 0, run.stderr
    g = rdflib.Graph()
    g.parse(root / "out" / "kg.ttl", format="turtle")
    docs = {str(g.value(d, DJ.fileName)): d for d in g.subjects(RDF.type, DJ.Document)}
    assert set(docs) == {"a.txt", "b.txt"}
    return g, docs


def _names(g, node):
    return {str(lit) for p in (RDFS.label, SKOS.altLabel) for lit in g.objects(node, p)}


def test_one_organization_named_in_two_documents_is_one_node(two_docs):
    g, docs = two_docs
    nodes = [n for n in g.subjects(RDF.type, DJ.Organization) if "松柏高速公路有限公司" in _names(g, n)]
    assert len(nodes) == 1, nodes
    assert set(g.objects(nodes[0], DJ.mentionedIn)) == {docs["a.txt"], docs["b.txt"]}
    # both documents' honours hang on that one node
    assert len(set(g.objects(nodes[0], DJ.achievesHonour))) == 2


def test_the_branches_of_two_organizations_are_two_nodes(two_docs):
    g, docs = two_docs
    parties = set(g.subjects(RDF.type, DJ.PartyOrganization))
    branch = {}
    for name, org in (("a.txt", "青松管理处"), ("b.txt", "白杨管理处")):
        nodes = [p for p in parties if (p, DJ.mentionedIn, docs[name]) in g
                 and any("机关" in n for n in _names(g, p))]
        assert len(nodes) == 1, (name, nodes)
        branch[name] = nodes[0]
        # the label says whose branch it is
        assert org in str(g.value(nodes[0], RDFS.label)), g.value(nodes[0], RDFS.label)
    assert branch["a.txt"] != branch["b.txt"]
    assert not [p for p in parties if {docs["a.txt"], docs["b.txt"]} <= set(g.objects(p, DJ.mentionedIn))]
    # and each brand belongs to its own branch
    brands = {str(g.value(b, RDFS.label)): b for b in g.subjects(RDF.type, DJ.Brand)}
    assert (branch["a.txt"], DJ.hasBrand, brands["清风驿站"]) in g
    assert (branch["b.txt"], DJ.hasBrand, brands["暖心桥"]) in g
