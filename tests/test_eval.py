"""``kg eval`` and the scorer in :mod:`kg.evaluate`.

The scorer is checked on small graphs crafted here, against counts worked
out by hand from the scoring rules of the annotation guidelines; then the
extractor is scored on the seeds against tests/gold (the issue's bar).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.cli import main
from kg.evaluate import (GoldError, Gold, evaluate, gold_file_name, load_gold, normalize, prf,
                         score_graph, with_totals)
from kg.vocab import DJ

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
GOLD_DIR = Path(__file__).resolve().parent / "gold"

# the floor under the seed accuracy (issue 11: seeds stay >= 0.95 / >= 0.90): a regression fails
ENTITIES_F1 = 0.95
RELATIONS_F1 = 0.90

# --- a small gold document and graphs made to exercise each rule -------------

GOLD = {
    "doc": "synthetic.txt",
    "entities": [
        {"id": "o1", "type": "Organization", "names": ["青松高速有限公司", "青松高速"]},
        {"id": "o2", "type": "Organization", "names": ["白杨收费站"]},
        {"id": "p1", "type": "PartyOrganization", "names": ["白杨收费站党支部"]},
        {"id": "p2", "type": "PartyOrganization", "names": ["青松高速有限公司党委"]},
        {"id": "b1", "type": "Brand", "names": ["暖心桥"]},
        {"id": "b2", "type": "Brand", "names": ["清风驿站"], "optional": True},
        {"id": "m1", "type": "Method", "names": ["四步走工作法", "四步走"]},
        {"id": "m2", "type": "Method", "names": ["三点一线"], "optional": True},
        {"id": "h1", "type": "Honour", "names": ["文明单位"]},
    ],
    "relations": [
        ["o1", "hasUnit", "o2"],
        ["o2", "hasBranch", "p1"],
        ["o1", "hasBranch", "p2"],
        ["p1", "hasBrand", "b1"],
        ["p1", "hasBrand", "b2"],                      # optional: b2 is
        ["b1", "usesMethod", "m1"],
        ["b1", "usesMethod", "m2", {"optional": True}],
        ["p1", "achievesHonour", "h1"],
    ],
}


def make_graph(entities, relations) -> Graph:
    """entities: (key, classes, label, *alt labels); relations: (key, relation, key)."""
    g = Graph()
    for key, classes, label, *alts in entities:
        node = URIRef(f"urn:test:{key}")
        for cls in classes.split("+"):
            g.add((node, RDF.type, DJ[cls]))
        g.add((node, RDFS.label, Literal(label, lang="zh")))
        for alt in alts:
            g.add((node, SKOS.altLabel, Literal(alt, lang="zh")))
    for s, p, o in relations:
        g.add((URIRef(f"urn:test:{s}"), DJ[p], URIRef(f"urn:test:{o}")))
    return g


@pytest.fixture(scope="module")
def gold() -> Gold:
    return Gold.from_dict(GOLD)


def totals(counts):
    full = with_totals(counts)
    return {k: full[k] for k in ("entities", "relations")}


def test_normalize():
    assert normalize("“青鬆高速有限公司”") == "青松高速有限公司"      # quotes, traditional script
    assert normalize("Ｆｏｏ　工作法") == "foo工作法"                 # NFKC width, case, spaces
    assert normalize("「暖心橋」黨建品牌", brand=True) == "暖心桥"   # brand kind word
    assert normalize("暖心桥党建品牌") == "暖心桥党建品牌"            # only for brands
    assert normalize("品牌", brand=True) == "品牌"                    # never down to nothing


def test_perfect_graph(gold):
    g = make_graph(
        [("o1", "Organization", "青松高速有限公司"), ("o2", "Organization", "白杨收费站"),
         ("p1", "PartyOrganization", "白杨收费站党支部"), ("p2", "PartyOrganization", "青松高速有限公司党委"),
         ("b1", "Brand", "暖心桥"), ("m1", "Method", "四步走工作法"), ("h1", "Honour", "文明单位")],
        [("o1", "hasUnit", "o2"), ("o2", "hasBranch", "p1"), ("o1", "hasBranch", "p2"),
         ("p1", "hasBrand", "b1"), ("b1", "usesMethod", "m1"), ("p1", "achievesHonour", "h1")])
    counts, errors = score_graph(g, gold)
    assert errors == []
    assert counts == {"ORG": [4, 4, 4, 4], "Brand": [1, 1, 1, 1], "Method": [1, 1, 1, 1], "Honour": [1, 1, 1, 1],
                      "contains": [3, 3, 3, 3], "hasBrand": [1, 1, 1, 1], "usesMethod": [1, 1, 1, 1],
                      "achievesHonour": [1, 1, 1, 1]}


def test_every_rule(gold):
    """Each line of the graph below exercises one rule; the counts were worked out by hand."""
    g = make_graph(
        [("o1", "Organization", "“青鬆高速有限公司”"),          # traditional + quotes: o1
         ("o1b", "Organization", "青松高速"),                  # a second node for o1: neutral
         ("o2", "PartyOrganization", "白杨收费站"),            # Org/PartyOrg one group: o2
         ("p1", "Organization+PartyOrganization", "白杨收费站党支部"),  # typed twice: one entity
         ("b1", "Brand", "暖心桥党建品牌"),                    # brand tail: b1
         ("b1dup", "Brand", "「暖心桥」"),                     # second node for b1: neutral
         ("b2", "Brand", "清风驿站"),                          # optional entity: neutral
         ("m1", "Method", "四步走"),                           # a short form: m1
         ("m2", "Method", "三点一线"),                         # optional: neutral
         ("mx", "Method", "加强学习"),                         # not in gold: FP
         ("h1", "Honour", "文明单位"),
         ("hx", "Brand", "文明单位")],                         # right name, wrong type: FP (relations still read it as h1)
        [("o1", "hasBranch", "p1"),       # o1 → o2 → p1 in gold: correct (transitive), finds nothing direct
         ("o2", "hasBranch", "p1"),       # correct, finds o2 → p1
         ("o2", "hasUnit", "o1"),         # reversed: FP
         ("o1", "hasUnit", "o1b"),        # both ends o1: ignored
         ("p1", "hasBrand", "b1"),        # correct
         ("o2", "hasBrand", "b1"),        # hasBrand is exact: FP
         ("p1", "hasBrand", "b2"),        # optional fact: neutral
         ("p1", "usesMethod", "m1"),      # owner for brand: correct
         ("b1dup", "usesMethod", "m2"),   # optional: neutral
         ("b2", "usesMethod", "m1"),      # a sibling brand is not the owner: FP
         ("p1", "usesMethod", "mx"),      # unmatched end: FP
         ("b1", "achievesHonour", "h1"),  # brand for owner: correct
         ("p1", "achievesHonour", "hx")])  # matches (p1, h1) by name: correct too
    counts, errors = score_graph(g, gold)
    assert counts == {"ORG": [3, 3, 3, 4], "Brand": [1, 2, 1, 1], "Method": [1, 2, 1, 1], "Honour": [1, 1, 1, 1],
                      "contains": [2, 3, 1, 3], "hasBrand": [1, 2, 1, 1], "usesMethod": [1, 3, 1, 1],
                      "achievesHonour": [2, 2, 1, 1]}
    assert totals(counts) == {"entities": [6, 8, 6, 7], "relations": [6, 10, 4, 6]}
    assert sorted(errors) == sorted([
        ("FP entity", "Method", "加强学习"),
        ("FP entity", "Brand", "文明单位"),
        ("FN entity", "PartyOrganization", "青松高速有限公司党委"),
        ("FP relation", "contains", "白杨收费站 → 青松高速有限公司"),
        ("FN relation", "contains", "青松高速有限公司 → 白杨收费站"),
        ("FN relation", "contains", "青松高速有限公司 → 青松高速有限公司党委"),
        ("FP relation", "hasBrand", "白杨收费站 → 暖心桥"),
        ("FP relation", "usesMethod", "清风驿站 → 四步走工作法"),
        ("FP relation", "usesMethod", "白杨收费站党支部 → 加强学习"),
    ])


def test_containment_is_read_transitively_for_recall():
    gold = Gold.from_dict({"doc": "d.txt", "entities": [
        {"id": "o1", "type": "Organization", "names": ["青松高速有限公司"]},
        {"id": "o2", "type": "Organization", "names": ["白杨收费站"]},
        {"id": "p1", "type": "PartyOrganization", "names": ["青松高速有限公司党委"]}],
        "relations": [["o1", "hasUnit", "o2"], ["o1", "hasBranch", "p1"]]})
    g = make_graph([("a", "Organization", "青松高速有限公司"), ("b", "Organization", "白杨收费站"),
                    ("c", "PartyOrganization", "青松高速有限公司党委")],
                   [("a", "hasUnit", "b"), ("b", "hasBranch", "c")])
    counts, errors = score_graph(g, gold)
    # b → c is not in the gold closure (FP), but a → b → c finds the gold a → c
    assert counts["contains"] == [1, 2, 2, 2]
    assert errors == [("FP relation", "contains", "白杨收费站 → 青松高速有限公司党委")]


def test_an_entity_typed_brand_and_method_is_reached_by_either_relation():
    gold = Gold.from_dict({"doc": "d.txt", "entities": [
        {"id": "p1", "type": "PartyOrganization", "names": ["白杨收费站党支部"]},
        {"id": "x1", "type": "Brand", "alt_types": ["Method"], "names": ["暖心桥"]},
        {"id": "x2", "type": "Method", "alt_types": ["Brand"], "names": ["清风驿站"]},
        {"id": "m1", "type": "Method", "names": ["四步走"]}],
        "relations": [["p1", "hasBrand", "x1"], ["p1", "usesMethod", "x2"], ["p1", "usesMethod", "m1"]]})
    g = make_graph([("p", "PartyOrganization", "白杨收费站党支部"), ("a", "Method", "暖心桥"),
                    ("b", "Brand", "清风驿站"), ("c", "Brand", "四步走")],
                   [("p", "usesMethod", "a"),    # gold says hasBrand: counted there, correct
                    ("p", "hasBrand", "b"),      # gold says usesMethod: counted there, correct
                    ("p", "hasBrand", "c")])     # m1 is only a Method: hasBrand to it is wrong
    counts, errors = score_graph(g, gold)
    assert counts["hasBrand"] == [1, 2, 1, 1]
    assert counts["usesMethod"] == [1, 1, 1, 2]
    assert ("FP relation", "hasBrand", "白杨收费站党支部 → 四步走") in errors


def test_empty_graph_finds_nothing(gold):
    counts, errors = score_graph(Graph(), gold)
    assert totals(counts) == {"entities": [0, 0, 0, 7], "relations": [0, 0, 0, 6]}
    assert len(errors) == 13 and all(kind.startswith("FN") for kind, _, _ in errors)
    assert prf(*with_totals(counts)["entities"]) == (0.0, 0.0, 0.0)


def test_load_gold_errors(tmp_path):
    bad = tmp_path / "x.txt.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="x.txt.json"):
        load_gold(bad)
    bad.write_text(json.dumps({"doc": "x.txt", "entities": [], "relations": [["a", "hasBrand", "b"]]}),
                   encoding="utf-8")
    with pytest.raises(GoldError, match="bad relation"):
        load_gold(bad)
    with pytest.raises(GoldError, match="no such file"):
        load_gold(tmp_path / "missing.json")


# --- end to end on documents --------------------------------------------------

DOC = """青松管理处党建工作纪实

青松管理处负责山区高速公路的运营管理。近年来，机关支部创建了“清风驿站”党建品牌，坚持“三点一线”工作法，组织党员开展志愿服务。
"""


# the gold of DOC
DOC_GOLD = {"entities": [
    {"id": "o1", "type": "Organization", "names": ["青松管理处"]},
    {"id": "p1", "type": "PartyOrganization", "names": ["青松管理处机关党支部", "机关支部"]},
    {"id": "b1", "type": "Brand", "names": ["清风驿站"]},
    {"id": "m1", "type": "Method", "names": ["三点一线工作法", "三点一线"]},
    # not in the text: recall can never be 1, so a bar above the score is always possible
    {"id": "h1", "type": "Honour", "names": ["从未提及的荣誉"]}],
    "relations": [["o1", "hasBranch", "p1"], ["p1", "hasBrand", "b1"], ["b1", "usesMethod", "m1"],
                  ["p1", "achievesHonour", "h1"]]}


def _write_gold(path: Path, doc: str, gold: dict) -> None:
    path.write_text(json.dumps({"doc": doc, **gold}, ensure_ascii=False), encoding="utf-8")


def _small_corpus(tmp_path: Path) -> tuple[Path, Path]:
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "a.txt").write_text(DOC, encoding="utf-8")
    _write_gold(gold / "a.txt.json", "a.txt", DOC_GOLD)
    return docs, gold


def _eval(*args):
    return CliRunner().invoke(main, ["eval", "--jobs", "1", *map(str, args)])


def test_cli_thresholds_and_json(tmp_path):
    docs, gold = _small_corpus(tmp_path)
    ok = _eval("--gold-dir", gold, docs, "--json", "--errors")
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    ent, rel = data["totals"]["entities"], data["totals"]["relations"]
    assert ent["gold"] == 5 and rel["gold"] == 4
    assert ["a.txt", "FN entity", "Honour", "从未提及的荣誉"] in data["errors"]
    assert list(data["documents"]) == ["a.txt"]
    assert ent["f1"] < 1 and rel["f1"] < 1
    # a bar just above the score fails, a bar at the score passes
    above = _eval("--gold-dir", gold, docs, "--fail-under-entities", round(ent["f1"] + 0.001, 4))
    assert above.exit_code == 1 and "entities F1" in above.output
    above = _eval("--gold-dir", gold, docs, "--fail-under-relations", round(rel["f1"] + 0.001, 4))
    assert above.exit_code == 1 and "relations F1" in above.output
    at = _eval("--gold-dir", gold, docs, "--fail-under-entities", ent["f1"] - 0.0001,
               "--fail-under-relations", max(0, rel["f1"] - 0.0001))
    assert at.exit_code == 0, at.output
    # the table names every row
    for row in ("ORG", "Brand", "Method", "Honour", "entities", "contains", "hasBrand", "usesMethod",
                "achievesHonour", "relations"):
        assert any(line.startswith(row) for line in at.output.splitlines()), row


def test_cli_unreadable_and_unannotated_inputs(tmp_path):
    docs, gold = _small_corpus(tmp_path)
    (docs / "empty.txt").write_bytes(b"")
    (gold / "empty.txt.json").write_text(json.dumps({"doc": "empty.txt", "entities": [
        {"id": "b1", "type": "Brand", "names": ["零"]}], "relations": []}), encoding="utf-8")
    (docs / "extra.txt").write_text(DOC, encoding="utf-8")      # no gold file
    result = _eval("--gold-dir", gold, docs, "--json")
    assert result.exit_code == 1                                # an input could not be read
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert any("empty.txt" in line and "empty" in line.split("empty.txt", 1)[1] for line in lines)
    assert any("extra.txt" in line and "no gold file" in line for line in lines)
    data = json.loads(result.output[result.output.index("{"):])
    # the unreadable document is scored as finding nothing; the unannotated one is not scored
    assert sorted(data["documents"]) == ["a.txt", "empty.txt"]
    assert data["documents"]["empty.txt"]["entities"]["found"] == 0
    assert data["documents"]["empty.txt"]["entities"]["gold"] == 1


def test_cli_broken_gold_file(tmp_path):
    docs, gold = _small_corpus(tmp_path)
    (gold / "a.txt.json").write_text("[", encoding="utf-8")
    result = _eval("--gold-dir", gold, docs)
    assert result.exit_code == 1
    assert "a.txt.json" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


# --- .jsonl records: each a document, scored against GOLD_DIR/<record id>.json -------

DOC2 = """白杨收费站党建工作纪实

白杨收费站党支部打造“暖心桥”党建品牌，推行“四步走”工作法，荣获“文明单位”称号。
"""
DOC2_GOLD = {"entities": [
    {"id": "o1", "type": "Organization", "names": ["白杨收费站"]},
    {"id": "p1", "type": "PartyOrganization", "names": ["白杨收费站党支部"]},
    {"id": "b1", "type": "Brand", "names": ["暖心桥"]},
    {"id": "m1", "type": "Method", "names": ["四步走工作法", "四步走"]},
    {"id": "h1", "type": "Honour", "names": ["文明单位"]},
    {"id": "h2", "type": "Honour", "names": ["另一项未提及的称号"]}],
    "relations": [["o1", "hasBranch", "p1"], ["p1", "hasBrand", "b1"], ["b1", "usesMethod", "m1"],
                  ["p1", "achievesHonour", "h1"], ["p1", "achievesHonour", "h2"]]}


def _jsonl(path: Path, *lines) -> Path:
    """A .jsonl file: dicts as JSON objects, strings as they are (blank or broken lines)."""
    path.write_text("".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                            for line in lines), encoding="utf-8")
    return path


def test_gold_file_name():
    assert gold_file_name("a.txt") == "a.txt.json"
    assert gold_file_name("a.txt", None) == "a.txt.json"
    assert gold_file_name("news.jsonl", "暖心桥 07") == "暖心桥 07.json"
    assert gold_file_name("news.jsonl", "qs/2024:01") == "qs%2F2024%3A01.json"
    assert gold_file_name("news.jsonl", 'a\\b*c?d"e<f>g|h\ti') == "a%5Cb%2Ac%3Fd%22e%3Cf%3Eg%7Ch%09i.json"
    # "%" is written too, so two different ids never share a gold file
    assert gold_file_name("news.jsonl", "a%2Fb") == "a%252Fb.json" != gold_file_name("news.jsonl", "a/b")


def test_jsonl_records_are_scored_against_their_own_gold(tmp_path):
    """Two records scored as the same texts given as .txt files with the same gold files."""
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    _jsonl(docs / "news.jsonl",
           {"id": "qs/2024:01", "title": "青松管理处党建工作纪实", "url": "https://example.org/1", "text": DOC},
           "",                                     # blank: skipped, but lines keep their numbers
           {"text": DOC2},                         # no id: news-3, as in the graph
           {"id": "extra", "text": DOC})           # no gold file: not scored
    _write_gold(gold / "qs%2F2024%3A01.json", "qs/2024:01", DOC_GOLD)
    _write_gold(gold / "news-3.json", "news-3", DOC2_GOLD)
    # the same texts as files, with the same gold
    txt, txt_gold = tmp_path / "txt", tmp_path / "txt_gold"
    txt.mkdir()
    txt_gold.mkdir()
    (txt / "a.txt").write_text(DOC, encoding="utf-8")
    (txt / "b.txt").write_text(DOC2, encoding="utf-8")
    _write_gold(txt_gold / "a.txt.json", "a.txt", DOC_GOLD)
    _write_gold(txt_gold / "b.txt.json", "b.txt", DOC2_GOLD)

    problems: list[str] = []
    report = evaluate([docs], gold, jobs=1, on_problem=problems.append)
    assert [d.name for d in report.documents] == ["qs/2024:01", "news-3"]
    assert problems == [f"{docs / 'news.jsonl'}:4: no gold file {gold / 'extra.json'}; not scored"]
    files = evaluate([txt], txt_gold, jobs=1)
    assert [d.name for d in files.documents] == ["a.txt", "b.txt"]
    for record, file in zip(report.documents, files.documents):
        assert record.counts == file.counts and record.errors == file.errors, record.name
        assert with_totals(record.counts)["entities"][2] > 0, record.name      # found something
    assert report.totals == files.totals
    # each record against its own gold: the gold sizes differ (5 and 6 entities, 4 and 5 relations)
    assert [totals(d.counts)["entities"][3] for d in report.documents] == [5, 6]
    assert [totals(d.counts)["relations"][3] for d in report.documents] == [4, 5]

    result = _eval("--gold-dir", gold, docs, "--json", "--errors")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert list(data["documents"]) == ["qs/2024:01", "news-3"]
    assert data["totals"] == files.to_dict()["totals"]
    assert ["news-3", "FN entity", "Honour", "另一项未提及的称号"] in data["errors"]
    assert ["qs/2024:01", "FN entity", "Honour", "从未提及的荣誉"] in data["errors"]


def test_unreadable_repeated_and_whole_file_gold_records(tmp_path):
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    news = _jsonl(docs / "news.jsonl",
                  {"id": "r1", "text": DOC},
                  {"id": "r1", "text": DOC2},       # the id again: not scored twice
                  {"id": 3, "text": "   "},         # no text: scored as finding nothing, under its id "3"
                  '{"id": "r4", "text": ',          # broken: its id is unknown, so news-4
                  "[1, 2]")                         # unreadable, no gold file news-5.json: not scored
    _write_gold(gold / "r1.json", "r1", DOC_GOLD)
    _write_gold(gold / "3.json", "3", DOC2_GOLD)
    _write_gold(gold / "news-4.json", "news-4", DOC_GOLD)
    _write_gold(gold / "news.jsonl.json", "news.jsonl", DOC_GOLD)   # for the whole file: not used

    problems: list[str] = []
    report = evaluate([news], gold, jobs=2, on_problem=problems.append)   # through the read-ahead process
    assert [d.name for d in report.documents] == ["r1", "3", "news-4"]
    by_name = {d.name: d for d in report.documents}
    assert by_name["r1"].problem is None and totals(by_name["r1"].counts)["entities"][2] > 0
    assert totals(by_name["3"].counts) == {"entities": [0, 0, 0, 6], "relations": [0, 0, 0, 5]}
    assert by_name["3"].problem == "no text after cleaning"
    assert totals(by_name["news-4"].counts) == {"entities": [0, 0, 0, 5], "relations": [0, 0, 0, 4]}
    assert len(report.unread) == 3
    # one line each, naming the file and the line (the unreadable ones worded by kg.ingest)
    assert sorted(problems) == sorted([
        f"{news}:2: record id 'r1' was already scored ({news}:1); not scored again",
        f"{news}:3: no text after cleaning",
        *(p for p in problems if p.startswith((f"{news}:4: invalid JSON", f"{news}:5: invalid JSON"))),
        f"{gold / 'news.jsonl.json'}: not used; the records of news.jsonl are scored one by one, "
        f"against {gold / '<record id>.json'}",
    ]) and len(problems) == 5

    result = _eval("--gold-dir", gold, news)
    assert result.exit_code == 1                                  # records could not be read
    assert "Traceback" not in result.output
    for line in problems:
        assert f"kg eval: {line}" in result.output.splitlines()


# --- the seeds -----------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_report():
    return evaluate([SEEDS], GOLD_DIR, jobs=1)


def test_every_seed_has_gold(seed_report):
    assert not seed_report.problems
    assert sorted(d.name for d in seed_report.documents) == sorted(
        json.loads(p.read_text(encoding="utf-8"))["doc"] for p in GOLD_DIR.glob("*.json"))


def test_cli_prints_the_library_figures(seed_report):
    result = _eval("--gold-dir", GOLD_DIR, SEEDS, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["totals"] == seed_report.to_dict()["totals"]


def test_seed_scores_meet_the_bar(seed_report):
    print(seed_report.table())
    assert seed_report.f1("entities") >= ENTITIES_F1, seed_report.table()
    assert seed_report.f1("relations") >= RELATIONS_F1, seed_report.table()


def test_eval_measures_the_extractor_alone_unless_given_corrections(tmp_path):
    import csv
    docs, gold = _small_corpus(tmp_path)
    assert CliRunner().invoke(main, ["build", str(docs), "-o", str(tmp_path / "out"), "--only", "turtle",
                                     "--jobs", "1"]).exit_code == 0
    sheet = tmp_path / "review.csv"
    assert CliRunner().invoke(main, ["review", str(tmp_path / "out" / "kg.ttl"), "-o", str(sheet)]).exit_code == 0
    with open(sheet, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    hit = [r for r in rows[1:] if "清风驿站" in r and "青松管理处机关党支部" in r]
    assert len(hit) == 1  # the one fact: the branch has the brand
    hit[0][head.index("处理")] = "删除"
    with open(sheet, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    alone = json.loads(_eval("--gold-dir", gold, docs, "--json").output)["totals"]["hasBrand"]
    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    curated = runner.invoke(main, ["eval", "--jobs", "1", "--gold-dir", str(gold), str(docs), "--json",
                                   "--corrections", str(sheet)])
    assert curated.exit_code == 0, curated.output
    assert "(1 applied)" in curated.stderr
    fixed = json.loads(curated.stdout)["totals"]["hasBrand"]
    assert alone["found"] == 1 and fixed["found"] == 0  # the deleted fact is no longer found
