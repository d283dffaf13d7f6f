"""``kg build --corrections``: a filled-in review sheet applied, with provenance, again after rebuilds."""
from __future__ import annotations

import json

import pytest
from rdflib.namespace import RDF, RDFS, SKOS

from curation_docs import DJ, DOCS, ID, LATER, PROV, fill, graph, label, resave, write_docs
from kg.curate.ids import fact_id
from kg.export.propgraph import to_property_graph

CURATOR = "李明"
STALE = "F-000000000000"


@pytest.fixture(scope="module")
def review(tmp_path_factory, run_kg):
    """Build the invented documents, write their review sheet, and fill it in as a reviewer would."""
    root = tmp_path_factory.mktemp("corrections")
    docs = write_docs(root / "docs")
    assert run_kg("build", docs, "-o", root / "before", "--only", "turtle").returncode == 0
    assert run_kg("review", root / "before" / "kg.ttl", "-o", root / "review.xlsx", "--docs", docs).returncode == 0
    wrong = (ID["party/白杨收费站党支部"], "achievesHonour", ID["honour/市级文明单位"])
    assert (wrong[0], DJ[wrong[1]], wrong[2]) in graph(root / "before" / "kg.ttl")
    deleted_id = fact_id(*wrong)
    filled = fill(root / "review.xlsx", root / "filled.xlsx", {
        "org/青禾县交通运输局": {"处理": "改名", "新值": "青禾县交通局", "审核人": CURATOR},
        "org/红柳站": {"处理": "合并", "新值": "红柳收费站", "审核人": CURATOR},
        "method/三抓三促工作法": {"处理": "删除"},
        deleted_id: {"处理": "删除", "审核人": CURATOR},
    }, added=[
        {"处理": "新增", "主体": "白杨收费站", "主体类型": "组织", "关系": "下设党组织", "客体": "白杨收费站党支部",
         "证据": "白杨收费站党支部创建“白杨先锋”党建品牌。", "文档": "b.txt", "审核人": CURATOR},
        {"编号": STALE, "处理": "删除"},
    ])
    # the reviewer's spreadsheet application opens and saves the workbook
    corrections = resave(filled, docs / "corrections.xlsx")
    return root, docs, corrections, deleted_id


@pytest.fixture(scope="module")
def corrected(review, run_kg):
    root, docs, corrections, _ = review
    run = run_kg("build", docs, "-o", root / "after")  # corrections.xlsx of the input folder, by default
    assert run.returncode == 0, run.stderr
    return run, graph(root / "after" / "kg.ttl")


def test_summary_names_the_file_and_stale_rows_are_reported(review, corrected):
    run, _ = corrected
    assert f"corrections: {review[2]} (5 applied, 1 reported)" in run.stdout
    lines = [line for line in run.stderr.splitlines() if STALE in line]
    assert len(lines) == 1 and "corrections.xlsx, sheet 事实, row" in lines[0] and "no such fact" in lines[0]


def test_rename_keeps_the_old_label_as_an_other_name(corrected):
    _, g = corrected
    assert label(g, "org/青禾县交通运输局") == "青禾县交通局"
    assert "青禾县交通运输局" in {str(x) for x in g.objects(ID["org/青禾县交通运输局"], SKOS.altLabel)}


def test_merge_makes_one_node_with_all_names_and_facts(corrected):
    _, g = corrected
    node = ID["org/红柳收费站"]
    assert (ID["org/红柳站"], None, None) not in g and (None, None, ID["org/红柳站"]) not in g
    assert "红柳站" in {str(x) for x in g.objects(node, SKOS.altLabel)}
    assert (node, DJ.achievesHonour, ID["honour/市级文明单位"]) in g  # the merged node's fact
    st = next(s for s in g.subjects(RDF.subject, node) if g.value(s, RDF.predicate) == DJ.achievesHonour)
    assert str(g.value(st, DJ.rule)) != "manual" and g.value(st, PROV.wasAttributedTo) is not None


def test_deletions(review, corrected):
    _, g = corrected
    assert (ID["method/三抓三促工作法"], None, None) not in g and (None, None, ID["method/三抓三促工作法"]) not in g
    assert (ID["party/白杨收费站党支部"], DJ.achievesHonour, ID["honour/市级文明单位"]) not in g


def test_added_fact_is_marked_manual_and_attributed_to_its_curator(corrected):
    _, g = corrected
    assert (ID["org/白杨收费站"], DJ.hasBranch, ID["party/白杨收费站党支部"]) in g
    st = next(s for s in g.subjects(RDF.subject, ID["org/白杨收费站"]))
    assert str(g.value(st, DJ.rule)) == "manual"
    curator = g.value(st, PROV.wasAttributedTo)
    assert (curator, RDF.type, DJ.Curator) in g and str(g.value(curator, RDFS.label)) == CURATOR
    assert str(g.value(st, DJ.evidence)) == "白杨收费站党支部创建“白杨先锋”党建品牌。"
    assert str(g.value(g.value(st, PROV.wasDerivedFrom), DJ.fileName)) == "b.txt"
    assert (ID["org/白杨收费站"], PROV.wasAttributedTo, curator) in g  # a new entity, made by a person


def test_sparql_separates_human_facts_and_lists_the_corrections(review, corrected, run_kg):
    root = review[0]
    run = run_kg("query", "-g", root / "after" / "kg.ttl", "--named", "manual-facts", "--format", "json")
    rows = {r["subject"]["value"]: (r["rule"]["value"], r["curator"]["value"])
            for r in json.loads(run.stdout)["results"]["bindings"]}
    # the fact added by hand, and the machine's fact the merge moved onto 红柳收费站
    assert set(rows) == {"白杨收费站", "红柳收费站"}
    assert rows["白杨收费站"] == ("manual", CURATOR)
    assert rows["红柳收费站"][0] != "manual" and rows["红柳收费站"][1] == CURATOR
    run = run_kg("query", "-g", root / "after" / "kg.ttl", "--named", "corrections", "--format", "json")
    done = {(r["decision"]["value"], r.get("id", {}).get("value", "")) for r in json.loads(run.stdout)["results"]["bindings"]}
    assert done == {("改名", "org/青禾县交通运输局"), ("合并", "org/红柳站"), ("删除", "method/三抓三促工作法"),
                    ("删除", review[3]), ("新增", "")}
    assert run_kg("validate", root / "after" / "kg.ttl").returncode == 0


def test_html_side_panel_marks_human_facts(review, corrected):
    root = review[0]
    html = (root / "after" / "kg.html").read_text(encoding="utf-8")
    assert f"人工添加：{CURATOR}" in html and f"b.txt · 人工更正：{CURATOR}" not in html
    sources = {d["source"] for *_, d in to_property_graph(corrected[1]).edges(data=True)}
    assert f"b.txt · 人工添加：{CURATOR}" in sources and f"c.txt · 人工更正：{CURATOR}" in sources


def test_corrections_survive_a_rebuild_with_a_new_document(review, run_kg, tmp_path):
    root, docs, corrections, _ = review
    more = write_docs(tmp_path / "docs", {**DOCS, **LATER})
    run = run_kg("build", more, "-o", tmp_path / "out", "--only", "turtle", "--corrections", corrections)
    assert run.returncode == 0, run.stderr
    assert "(5 applied, 1 reported)" in run.stdout
    g = graph(tmp_path / "out" / "kg.ttl")
    assert label(g, "org/青禾县交通运输局") == "青禾县交通局" and (ID["org/红柳站"], None, None) not in g
    # the sheet of the new graph, with the earlier decisions carried over, gives the same graph again
    assert run_kg("review", tmp_path / "out" / "kg.ttl", "-o", tmp_path / "r.xlsx", "--corrections",
                  corrections).returncode == 0
    again = run_kg("build", more, "-o", tmp_path / "again", "--only", "turtle", "--corrections", tmp_path / "r.xlsx")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "kg.ttl").read_bytes() == (tmp_path / "out" / "kg.ttl").read_bytes()


def test_no_corrections_flag_and_nt_format(review, run_kg, tmp_path):
    root, docs, _, _ = review
    run = run_kg("build", docs, "-o", tmp_path / "plain", "--only", "turtle", "--no-corrections")
    assert run.returncode == 0 and "corrections:" not in run.stdout
    assert (tmp_path / "plain" / "kg.ttl").read_bytes() == (root / "before" / "kg.ttl").read_bytes()
    run = run_kg("build", docs, "-o", tmp_path / "nt", "--format", "nt", "--only", "nt")
    assert run.returncode == 0, run.stderr
    assert '"manual"' in (tmp_path / "nt" / "kg.nt").read_text(encoding="utf-8")


def test_eval_measures_the_extractor_alone(review, run_kg, tmp_path):
    """kg eval does not apply the input folder's corrections."""
    root, docs, _, _ = review
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "b.txt.json").write_text(json.dumps({
        "doc": "b.txt",
        "entities": [{"id": "p", "type": "PartyOrganization", "names": ["白杨收费站党支部"]},
                     {"id": "h", "type": "Honour", "names": ["市级文明单位"]}],
        "relations": [["p", "achievesHonour", "h"]]}, ensure_ascii=False), encoding="utf-8")
    run = run_kg("eval", "--gold-dir", gold, docs / "b.txt", "--json")
    assert run.returncode == 0, run.stderr
    # the fact the folder's corrections delete is still there for kg eval
    assert json.loads(run.stdout)["totals"]["achievesHonour"]["r"] == 1.0


BAD = [
    ("表,编号,处理,新值,主体,关系,客体\n实体,org/青禾,改,,,,\n", "row 2: unknown decision '改' in 处理"),
    ("表,编号,处理,新值,主体,关系,客体\n实体,青禾站,删除,,,,\n", "row 2: 编号 '青禾站' is not a entity id"),
    ("表,编号,处理,新值,主体,关系,客体\n事实,F-12345,删除,,,,\n", "row 2: 编号 'F-12345' is not a fact id"),
    ("表,编号,处理,主体,关系,客体\n实体,org/青禾,删除,,,\n", "row 1: missing column 新值"),
    ("表,编号,处理,新值,主体,关系,客体\n事实,,新增,,甲,领导,乙\n", "row 2: unknown relation '领导'"),
    ("表,编号,处理,新值,主体,关系,客体\n实体,org/青禾,改名,,,,\n", "row 2: 改名 needs 新值"),
    ("表,编号,处理,新值,主体,关系,客体\n实体,org/青禾,删除,,,,\n实体,org/青禾,改名,青禾站,,,\n",
     "row 3: org/青禾 has another decision at row 2"),
]


@pytest.mark.parametrize("text, message", BAD, ids=[m.split(": ", 1)[1][:20] for _, m in BAD])
def test_bad_corrections_file_is_one_line_exit_2_nothing_written(text, message, run_kg, tmp_path):
    docs = write_docs(tmp_path / "docs", {"b.txt": DOCS["b.txt"]})
    bad = tmp_path / "fix.csv"
    bad.write_text(text, encoding="utf-8")
    run = run_kg("build", docs, "-o", tmp_path / "out", "--corrections", bad)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [run.stderr.strip()] and f"fix.csv, {message}" in run.stderr
    assert not (tmp_path / "out").exists()


def test_undecodable_and_ambiguous_files(run_kg, tmp_path):
    docs = write_docs(tmp_path / "docs", {"b.txt": DOCS["b.txt"]})
    (docs / "corrections.csv").write_bytes("表,编号,处理,新值,主体,关系,客体\n".encode("utf-8") + b"\xff\xfe\x00\x81\n")
    run = run_kg("build", docs, "-o", tmp_path / "out")
    assert run.returncode == 2 and "corrections.csv, row 2: not UTF-8 or GB18030 text" in run.stderr
    (docs / "corrections.xlsx").write_bytes(b"")
    run = run_kg("build", docs, "-o", tmp_path / "out")
    assert run.returncode == 2 and "both corrections.xlsx and corrections.csv" in run.stderr
    assert not (tmp_path / "out").exists()
