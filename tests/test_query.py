"""kg query: named queries on both engines, parameters, formats, errors."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import main
from kg.query import QueryError, bind_params, named_queries, open_engine, prepare, render
from kg.query import engines
from kg.query.engines import Term, choose_engine, make_literal
from kg.query.table import text_width
from kg.vocab import DJ

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def both(seed_ttl):
    return {name: open_engine(seed_ttl, name) for name in ("rdflib", "oxigraph")}


def _key(row):
    return tuple((t.kind, t.value, t.datatype or "", t.lang or "") if t else ("",) for t in row)


def _same(a, b, ordered: bool):
    assert a.kind == b.kind
    assert a.vars == b.vars
    if ordered:
        assert a.rows == b.rows
    else:
        assert sorted(a.rows, key=_key) == sorted(b.rows, key=_key)


def _a_name_with_facts(ttl: Path) -> str:
    """The label of an entity that is the subject of a reified fact, computed
    from the graph itself; prefers one whose traditional form differs."""
    from opencc import OpenCC

    g = rdflib.Graph().parse(ttl, format="turtle")
    s2t = OpenCC("s2t").convert
    labels = sorted({str(g.value(s, RDFS.label)) for s in g.objects(None, RDF.subject)})
    assert labels, "the seed graph has no reified facts"
    return next((lab for lab in labels if s2t(lab) != lab), labels[0])


def test_named_queries_are_shipped_and_described():
    queries = named_queries()
    for name in ("brands-by-organization", "methods-of-brand", "honours-by-organization", "evidence",
                 "organizations-without-brand", "common-methods"):
        assert name in queries
        assert queries[name].description, f"{name}.rq has no description comment"
    res = CliRunner().invoke(main, ["query", "--list"])
    assert res.exit_code == 0
    lines = res.output.splitlines()
    assert len(lines) == len(queries)
    for line, (name, q) in zip(lines, sorted(queries.items())):
        assert line.startswith(name) and q.description in line


def test_every_named_query_gives_the_same_rows_on_both_engines(both, seed_ttl):
    name = _a_name_with_facts(seed_ttl)
    counts = {}
    for qname, q in named_queries().items():
        params = {p.name: name for p in q.params if p.required}
        text = prepare(named=qname, params=params)
        a, b = both["rdflib"].query(text), both["oxigraph"].query(text)
        _same(a, b, q.ordered)
        counts[qname] = len(a.rows)
    # the graph has brands and facts, so these cannot be empty
    assert counts["brands-by-organization"] > 0
    assert counts["evidence"] > 0


def test_evidence_matches_traditional_script_and_alt_labels(both, seed_ttl):
    from opencc import OpenCC

    name = _a_name_with_facts(seed_ttl)
    g = rdflib.Graph().parse(seed_ttl, format="turtle")
    entity = next(g.subjects(RDFS.label, rdflib.Literal(name, lang="zh")))
    expected = {str(st) for st in g.subjects(RDF.subject, entity)} | {str(st) for st in g.subjects(RDF.object, entity)}
    want = {(str(g.value(g.value(st, RDF.subject), RDFS.label)), str(g.value(st, DJ.evidence))) for st in map(rdflib.URIRef, expected)}
    for engine in both.values():
        simplified = engine.query(prepare(named="evidence", params={"name": name}))
        got = {(r[0].value, r[4].value) for r in simplified.rows}
        assert want <= got  # every fact about the entity, with its sentence
        traditional = engine.query(prepare(named="evidence", params={"name": OpenCC("s2t").convert(name)}))
        assert traditional.rows == simplified.rows
    alts = sorted(str(a) for a in g.objects(entity, SKOS.altLabel))
    if alts:  # an alternative label finds the same entity's facts
        rows = both["oxigraph"].query(prepare(named="evidence", params={"name": alts[0]})).rows
        assert want <= {(r[0].value, r[4].value) for r in rows}


def test_optional_parameter_filters(both, seed_ttl):
    all_rows = both["rdflib"].query(prepare(named="methods-of-brand")).rows
    assert all_rows, "the seed graph has no brand with a method"
    brand = all_rows[0][0].value
    for engine in both.values():
        rows = engine.query(prepare(named="methods-of-brand", params={"name": brand})).rows
        assert rows and all(r[0].value == brand for r in rows)
        assert rows == [r for r in all_rows if r[0].value == brand]


TINY = """@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .
@prefix djid: <https://w3id.org/dangjian-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
djid:a a dj:Brand ; rdfs:label "品牌甲"@zh ; dj:score 3 .
djid:b a dj:Brand ; rdfs:label "Brand B"@en ; dj:score 4 .
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    p = tmp_path_factory.mktemp("tiny") / "tiny.ttl"
    p.write_text(TINY, encoding="utf-8")
    return {name: open_engine(p, name) for name in ("rdflib", "oxigraph")}, p


@settings(max_examples=40, deadline=None)
@given(value=st.text(st.characters(blacklist_categories=("Cs",)), max_size=20))
def test_parameter_values_are_escaped_never_spliced(tiny, value):
    engines_, _ = tiny
    text = bind_params("SELECT ?x WHERE { VALUES ?x { UNDEF } }", {"x": value})
    for engine in engines_.values():
        res = engine.query(text)
        assert [[t.value for t in row] for row in res.rows] == [[value]]


def test_parameter_errors():
    with pytest.raises(QueryError, match="missing parameter"):
        prepare(named="evidence")
    with pytest.raises(QueryError, match="unknown parameter"):
        prepare(named="evidence", params={"name": "x", "bogus": "y"})
    with pytest.raises(QueryError, match="not an integer"):
        prepare(named="common-methods", params={"min": "2; DROP"})
    with pytest.raises(QueryError, match="no slot"):
        bind_params("SELECT * WHERE { ?s ?p ?o }", {"x": "1"})


def test_numbers_language_tags_and_blank_nodes_are_normalised(tiny):
    engines_, _ = tiny
    q = """SELECT ?b (SUM(?s) AS ?total) (AVG(?s) AS ?avg) ("x"@ZH-hans AS ?tag) (STR(?l) AS ?plain) ?l (BNODE("k") AS ?bn)
           WHERE { ?b dj:score ?s ; rdfs:label ?l } GROUP BY ?b ?l ORDER BY ?b"""
    a, b = engines_["rdflib"].query(q), engines_["oxigraph"].query(q)
    _same(a, b, ordered=True)
    assert a.rows[0][3] == Term("literal", "x", None, "zh-hans")
    assert a.rows[0][4] == Term("literal", "品牌甲")  # xsd:string dropped
    assert a.rows[0][6].kind == "bnode" and a.rows[0][6].value == "b0"
    assert make_literal("007", engines.XSD + "integer", None).value == "7"
    assert make_literal("2.50", engines.XSD + "decimal", None).value == "2.5"
    assert make_literal("3", engines.XSD + "decimal", None).value == "3.0"


def test_ask_and_construct_agree(tiny):
    engines_, _ = tiny
    for q in ("ASK { ?b a dj:Brand }", "CONSTRUCT { ?b rdfs:label ?l } WHERE { ?b rdfs:label ?l }"):
        a, b = engines_["rdflib"].query(q), engines_["oxigraph"].query(q)
        _same(a, b, ordered=False)
    assert a.kind == "graph" and len(a.rows) == 2


def test_auto_engine_switches_on_file_size(tmp_path, monkeypatch):
    p = tmp_path / "g.ttl"
    p.write_text(TINY, encoding="utf-8")
    assert choose_engine(p, "auto") == "rdflib"
    monkeypatch.setattr(engines, "AUTO_THRESHOLD", p.stat().st_size - 1)
    assert choose_engine(p, "auto") == "oxigraph"
    assert choose_engine(p, "rdflib") == "rdflib"


def test_table_aligns_wide_characters_and_shortens_prefixes(tiny):
    engines_, _ = tiny
    res = engines_["rdflib"].query("SELECT ?b ?l WHERE { ?b rdfs:label ?l } ORDER BY ?b")
    out = render(res, "table")
    lines = out.splitlines()[:-1]  # the last line counts rows
    assert "djid:a" in out and "https://" not in out
    # the column separator sits at the same display column on every line
    cols = set()
    for line in lines:
        sep = line.find(" | ") if " | " in line else line.find("-+-")
        cols.add(text_width(line[:sep]))
    assert len(cols) == 1
    assert out.splitlines()[-1] == "(2 rows)"


def test_csv_and_json_are_machine_readable(tiny):
    engines_, _ = tiny
    res = engines_["oxigraph"].query("SELECT ?b ?l ?s WHERE { ?b rdfs:label ?l . OPTIONAL { ?b dj:nothing ?s } } ORDER BY ?b")
    rows = list(csv.reader(io.StringIO(render(res, "csv"), newline="")))
    assert rows[0] == ["b", "l", "s"]
    assert rows[1] == ["https://w3id.org/dangjian-kg/id/a", "品牌甲", ""]
    doc = json.loads(render(res, "json"))
    assert doc["head"]["vars"] == ["b", "l", "s"]
    first = doc["results"]["bindings"][0]
    assert first["b"] == {"type": "uri", "value": "https://w3id.org/dangjian-kg/id/a"}
    assert first["l"] == {"type": "literal", "value": "品牌甲", "xml:lang": "zh"}
    assert "s" not in first  # unbound variables are left out, as SPARQL JSON says


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_syntax_error_is_one_line_with_position_exit_2(tiny, engine):
    _, path = tiny
    res = CliRunner().invoke(main, ["query", "--graph", str(path), "--engine", engine,
                                    "SELECT ?x WHERE {\n  ?x ?p }"])
    assert res.exit_code == 2
    err = res.output.strip()  # CliRunner mixes stderr in
    assert "\n" not in err and "Traceback" not in err
    assert re.search(r"line 2, column \d+", err), err


def test_cli_named_file_and_formats(tiny, tmp_path):
    _, path = tiny
    runner = CliRunner()
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT ?l WHERE { VALUES ?n { UNDEF } ?b rdfs:label ?l . FILTER (STR(?l) = ?n) }",
                  encoding="utf-8")
    res = runner.invoke(main, ["query", "-g", str(path), "--file", str(rq), "--param", "n=Brand B",
                               "--format", "csv"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines() == ["l", "Brand B"]
    res = runner.invoke(main, ["query", "-g", str(path), "--named", "methods-of-brand", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output)["head"]["vars"] == ["brand", "method"]
    res = runner.invoke(main, ["query", "-g", str(tmp_path / "missing.ttl"), "--named", "methods-of-brand"])
    assert res.exit_code == 1 and "missing.ttl" in res.output and "Traceback" not in res.output
    res = runner.invoke(main, ["query", "-g", str(path), "--named", "no-such-query"])
    assert res.exit_code == 2 and "no-such-query" in res.output


# --- issue 13: no network, read-only, pasteable IRIs, parameters ------------------

@pytest.fixture()
def listener():
    """A local TCP listener that counts connections: a query must never reach it."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.2)
    hits, stop = [], threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            hits.append(1)
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", hits
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("engine", ["rdflib", "oxigraph"])
def test_service_from_and_load_never_reach_the_network(tiny, listener, engine):
    _, path = tiny
    url, hits = listener
    queries = {
        "SERVICE": f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}",
        "SERVICE SILENT": f"SELECT * WHERE {{ ?b a dj:Brand . SERVICE SILENT <{url}/q> {{ ?b ?p ?o }} }}",
        "FROM": f"SELECT * FROM <{url}/g.ttl> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}/g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "LOAD": f"LOAD <{url}/g.ttl>",
    }
    for what, text in queries.items():
        res = CliRunner().invoke(main, ["query", "--graph", str(path), "--engine", engine, text])
        assert res.exit_code == 2, (what, res.output)
        err = res.output.strip()
        assert "\n" not in err and "Traceback" not in err, err
        assert what.split()[0] in err, err
    assert hits == [], "a query over a local file reached the network"


def test_words_that_only_look_like_service_are_not_refused(tiny):
    engines_, _ = tiny
    q = '''# SERVICE in a comment
           SELECT ?service ?from WHERE { ?service rdfs:label ?l . BIND("SERVICE FROM LOAD" AS ?from)
           FILTER (?service != <http://example.org/SERVICE>) } ORDER BY ?service'''
    for engine in engines_.values():
        assert len(engine.query(q).rows) == 2


@pytest.mark.parametrize("update", ["INSERT DATA { djid:x rdfs:label \"x\" }", "DELETE WHERE { ?s ?p ?o }",
                                    "DROP ALL", "CLEAR DEFAULT", "PREFIX ex: <http://e/> CREATE GRAPH ex:g"])
def test_updates_are_refused_as_read_only(tiny, update):
    _, path = tiny
    for engine in ("rdflib", "oxigraph"):
        res = CliRunner().invoke(main, ["query", "--graph", str(path), "--engine", engine, update])
        assert res.exit_code == 2, res.output
        assert "kg query is read-only" in res.output, res.output
        assert "SelectQuery" not in res.output and "\n" not in res.output.strip()


def test_table_shows_iris_that_can_be_pasted_back(seed_ttl, both):
    """Every IRI the table shows, pasted into a query, finds the same node."""
    res = both["rdflib"].query("SELECT ?b ?p WHERE { ?b a dj:Brand ; ?p ?o } ORDER BY ?b ?p LIMIT 5")
    lines = render(res, "table", max_width=60).splitlines()[2:-1]
    assert lines
    for line in lines:
        node, pred = [c.strip() for c in line.split(" | ")]
        for engine in both.values():
            rows = engine.query(f"ASK {{ {node} {pred} ?o }}")
            assert rows.boolean, f"{node} {pred} does not find the node again ({engine.name})"


def test_language_tagged_parameter_matches_a_users_values(tiny):
    _, path = tiny
    q = "SELECT ?b WHERE { VALUES ?x { UNDEF } ?b rdfs:label ?x }"
    runner = CliRunner()
    plain = runner.invoke(main, ["query", "-g", str(path), q, "--param", "x=品牌甲", "--format", "csv"])
    tagged = runner.invoke(main, ["query", "-g", str(path), q, "--param", "x@zh=品牌甲", "--format", "csv"])
    assert plain.exit_code == tagged.exit_code == 0, (plain.output, tagged.output)
    assert plain.output.splitlines() == ["b"]  # labels are @zh: a plain string is another term
    assert tagged.output.splitlines() == ["b", "https://w3id.org/dangjian-kg/id/a"]


def test_repeated_parameter_is_an_error(tiny):
    _, path = tiny
    res = CliRunner().invoke(main, ["query", "-g", str(path), "--named", "methods-of-brand",
                                    "--param", "name=a", "--param", "name=b"])
    assert res.exit_code == 2 and "name" in res.output and "twice" in res.output, res.output


CHAIN = """@prefix dj: <https://w3id.org/dangjian-kg/ontology#> .
@prefix djid: <https://w3id.org/dangjian-kg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
djid:top a dj:Organization ; rdfs:label "青松集团"@zh ; dj:hasUnit djid:unit .
djid:unit a dj:Organization ; rdfs:label "青松管理处"@zh ; dj:hasBranch djid:party .
djid:party a dj:PartyOrganization ; rdfs:label "青松管理处党支部"@zh ; dj:hasBrand djid:brand .
djid:brand a dj:Brand ; rdfs:label "清风驿站"@zh ; dj:achievesHonour djid:h ; dj:usesMethod djid:m .
djid:m a dj:Method ; rdfs:label "三点一线"@zh .
djid:h a dj:Honour ; rdfs:label "示范品牌"@zh .
"""


@pytest.fixture(params=["rdflib", "oxigraph"])
def chain(request, tmp_path):
    """The CHAIN graph, in each engine."""
    path = tmp_path / "chain.ttl"
    path.write_text(CHAIN, encoding="utf-8")
    return open_engine(path, request.param)


def test_org_parameter_follows_units_and_branches(chain):
    e = chain
    rows = e.query(prepare(named="brands-by-organization", params={"org": "青松集团"})).rows
    assert [r[2].value for r in rows] == ["清风驿站"]
    rows = e.query(prepare(named="honours-by-organization", params={"org": "青松集团"})).rows
    assert [r[2].value for r in rows] == ["示范品牌"]


def test_name_parameter_tries_the_forms_kg_eval_normalizes(chain):
    e = chain
    want = e.query(prepare(named="methods-of-brand", params={"name": "清风驿站"})).rows
    assert want
    for typed in ("“清风驿站”党建品牌", "「清風驛站」", "清风驿站品牌", " 清风驿站 "):
        assert e.query(prepare(named="methods-of-brand", params={"name": typed})).rows == want, typed
