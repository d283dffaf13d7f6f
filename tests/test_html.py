"""The HTML network: selection and rendering in Python, and the page in a real
headless Chromium with every network request blocked.

Expectations are computed from the graph itself (``to_property_graph``), never
from extraction counts, since extraction keeps improving.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.export import BUILD_EXPORTS
from kg.export.html import (BUILD_MAX_NODES, PHYSICS_LIMIT, find_nodes, render_html, select, simplified,
                            t2s_map, write_html)
from kg.export.propgraph import to_property_graph
from kg.graph.build import DocRecord, DocResult, FactRecord, GraphBuilder
from kg.pipeline import build

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness  # noqa: E402
from synthetic import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


# ---------------------------------------------------------------- fixtures

def small_graph() -> rdflib.Graph:
    """A made-up graph: two organizations with branches, brands, a method and an honour."""
    b = GraphBuilder()
    ents = [("Organization", "甲集团", ()), ("PartyOrganization", "甲集团党委", ()),
            ("PartyOrganization", "乙站党支部", ()), ("Brand", "红色引擎", ("紅色引擎",)),
            ("Method", "三步工作法", ()), ("Honour", "先进集体", ()), ("Organization", "丙公司", ())]
    facts = [
        FactRecord(("Organization", "甲集团"), "hasBranch", ("PartyOrganization", "甲集团党委"), "甲集团设党委。", "r1"),
        FactRecord(("PartyOrganization", "甲集团党委"), "hasBranch", ("PartyOrganization", "乙站党支部"),
                   "甲集团党委下设乙站党支部。", "r2"),
        FactRecord(("PartyOrganization", "乙站党支部"), "hasBrand", ("Brand", "红色引擎"),
                   "乙站黨支部打造「紅色引擎」品牌。", "r3"),
        FactRecord(("Brand", "红色引擎"), "usesMethod", ("Method", "三步工作法"), "红色引擎采用三步工作法。", "r4"),
        FactRecord(("Brand", "红色引擎"), "achievesHonour", ("Honour", "先进集体"), "红色引擎获评先进集体。", "r5"),
    ]
    b.add(DocResult(DocRecord("a", "a.txt", "a.txt", "标题"), ents, facts))
    return b.graph()


@pytest.fixture(scope="module")
def browser():
    try:
        harness.check_tools()
    except harness.BrowserMissing as exc:
        pytest.fail(str(exc))  # never a skip: a missing browser is a broken setup
    with harness.chromium() as b:
        yield b


@pytest.fixture(scope="module")
def seeds_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seeds")
    report = build([ROOT / "seeds"], out, jobs=1, exports={"turtle", "html"})
    assert report.documents > 0
    return out


def page_data(page: str) -> dict:
    m = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(m.group(1))


# ---------------------------------------------------------------- Python side

def test_page_is_self_contained_and_deterministic():
    G = to_property_graph(small_graph())
    a, b = render_html(G), render_html(to_property_graph(small_graph()))
    assert a == b
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", a)
    assert "sourceMappingURL" not in a
    data = page_data(a)
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    brand = next(n for n in data["nodes"] if n["label"] == "红色引擎")
    assert brand["alts"] == ["紅色引擎"] and brand["shape"] == "star" and brand["value"] == 3
    assert {e["label"] for e in data["edges"]} >= {"创建品牌", "采用方法", "获得荣誉", "下设党组织"}
    ev = next(e for e in data["edges"] if e["rel"] == "hasBrand")["ev"]
    assert ev == [["a.txt", "乙站黨支部打造「紅色引擎」品牌。"]]
    assert data["t2s"]["紅"] == "红" and data["options"]["physics"]["enabled"] is True


def test_t2s_map_normalises_like_opencc():
    names = ["先进基层党组织", "零距离"]
    m = t2s_map(names)
    for trad in ["先進基層黨組織", "零距離"]:
        assert "".join(m.get(c, c) for c in trad) == simplified(trad)
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in m.items())


def test_focus_matches_traditional_names_and_depth():
    G = to_property_graph(small_graph())
    assert [G.nodes[n]["label"] for n in find_nodes(G, "紅色引擎")] == ["红色引擎"]
    assert find_nodes(G, "乙站黨支部") == find_nodes(G, "乙站党支部") != []
    near = select(G, focus="紅色引擎", depth=1).graph
    assert {d["label"] for _, d in near.nodes(data=True)} == {"红色引擎", "乙站党支部", "三步工作法", "先进集体"}
    far = select(G, focus="紅色引擎", depth=3).graph
    assert "甲集团" in {d["label"] for _, d in far.nodes(data=True)} and "丙公司" not in far
    with pytest.raises(ValueError, match="no node"):
        select(G, focus="不存在的名字")


def test_type_filter_and_max_nodes_report():
    G = to_property_graph(small_graph())
    only = select(G, types=["Brand", "工作方法"]).graph
    assert {d["type"] for _, d in only.nodes(data=True)} == {"Brand", "Method"}
    assert [d["type"] for _, _, d in only.edges(data=True)] == ["usesMethod"]
    with pytest.raises(ValueError, match="unknown type"):
        select(G, types=["Nope"])
    sel = select(G, max_nodes=3)
    deg = dict(G.degree())
    kept = set(sel.graph)
    assert len(kept) == 3 and min(deg[n] for n in kept) >= max(deg[n] for n in G if n not in kept)
    assert sum(sel.left_out_nodes.values()) == G.number_of_nodes() - 3
    assert sum(sel.left_out_edges.values()) == G.number_of_edges() - sel.graph.number_of_edges()
    assert "left out 4 nodes" in sel.summary()


def test_large_graph_gets_precomputed_deterministic_positions():
    G = to_property_graph(synthetic(PHYSICS_LIMIT + 100))
    assert G.number_of_nodes() > PHYSICS_LIMIT
    a = render_html(G)
    data = page_data(a)
    assert data["meta"]["layout"] == "precomputed" and data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 0.9 * len(data["nodes"])  # spread out
    assert render_html(to_property_graph(synthetic(PHYSICS_LIMIT + 100))) == a


def test_render_command(tmp_path):
    ttl = tmp_path / "g.ttl"
    small_graph().serialize(ttl, format="turtle", encoding="utf-8")
    out = tmp_path / "part.html"
    r = CliRunner().invoke(main, ["render", str(ttl), "-o", str(out), "--focus", "紅色引擎", "--depth", "1",
                                  "--max-nodes", "2"])
    assert r.exit_code == 0, r.output
    assert "2 of 7 nodes" in r.output and "left out 2 nodes" in r.output
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == 2
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> . :a :b", encoding="utf-8")
    for args, code, words in [([str(bad)], 1, "cannot read Turtle"), ([str(tmp_path / "none.ttl")], 1, "no such file"),
                              ([str(ttl), "--focus", "无此名"], 2, "no node"), ([str(ttl), "--type", "X"], 2, "unknown type")]:
        r = CliRunner().invoke(main, ["render", *args, "-o", str(tmp_path / "x.html")])
        assert r.exit_code == code and words in r.output and "Traceback" not in r.output, r.output
        assert len(r.output.strip().splitlines()) == 1


def test_build_writes_html(seeds_build):
    assert "html" in [name for name, _ in BUILD_EXPORTS]
    G = to_property_graph(rdflib.Graph().parse(seeds_build / "kg.ttl"))
    data = page_data((seeds_build / "kg.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == min(G.number_of_nodes(), BUILD_MAX_NODES)


def test_committed_export_is_fresh(seeds_build):
    committed = ROOT / "exports" / "kg.html"
    assert committed.is_file(), "exports/kg.html is missing: run `kg build` and commit exports/"
    if (seeds_build / "kg.html").read_bytes() != committed.read_bytes():  # no 700 kB diff in the report
        pytest.fail("exports/kg.html is stale (the seeds now give another page): run `kg build` and commit exports/")


# ---------------------------------------------------------------- in Chromium

def test_page_in_chromium(browser, seeds_build):
    G = to_property_graph(rdflib.Graph().parse(seeds_build / "kg.ttl"))
    page, traffic, seconds = harness.open_page(browser, seeds_build / "kg.html")
    try:
        # offline: nothing but the page itself was requested, nothing failed, no errors
        assert traffic.external == [] and traffic.blocked == [] and traffic.failed == []
        assert traffic.console_errors == []
        # drawn, and settled with physics off
        assert harness.drawn_pixels(page) > 1000
        assert page.evaluate("() => kg.network.physics.physicsEnabled") is False
        counts = page.evaluate("() => [kg.nodes.length, kg.edges.length]")
        assert counts == [G.number_of_nodes(), G.number_of_edges()]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "kg-html.png"))

        # search by a traditional-script query: take a node whose label has a traditional form
        from opencc import OpenCC

        s2t = OpenCC("s2t")
        target = next(n for n, d in sorted(G.nodes(data=True), key=lambda x: (-len(x[1]["label"]), x[0]))
                      if s2t.convert(d["label"]) != d["label"])
        label = G.nodes[target]["label"]
        page.fill("#search", s2t.convert(label))
        page.press("#search", "Enter")
        assert page.evaluate("() => kg.network.getSelectedNodes()") == [target]
        assert page.text_content("#panel-name") == label
        page.click("#panel .close")
        assert page.is_hidden("#panel")

        # click a node: its canvas position → DOM coordinates → mouse click
        node = max(G.nodes, key=lambda n: (G.degree(n), n))
        page.evaluate("(id) => kg.network.focus(id, {scale: 1.5, animation: false})", node)
        box = page.locator("#graph canvas").bounding_box()
        xy = page.evaluate("(id) => kg.network.canvasToDOM(kg.network.getPositions([id])[id])", node)
        page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
        assert page.is_visible("#panel")
        d = G.nodes[node]
        assert page.text_content("#panel-name") == d["label"]
        assert page.text_content("#panel-type") == d["type_zh"]
        panel = page.text_content("#panel")
        for u, v, e in list(G.in_edges(node, data=True)) + list(G.out_edges(node, data=True)):
            for file, sentence, _ in e["evidence_list"]:
                assert sentence in panel and file in panel
        page.screenshot(path=str(ARTIFACTS / "kg-html-panel.png"))

        # a type filter hides that class
        t = d["type"]
        page.uncheck(f'.type-filter[value="{t}"]')
        hidden = page.evaluate("(t) => kg.nodes.get({filter: n => n.type === t && n.hidden === true}).length", t)
        assert hidden == sum(1 for _, x in G.nodes(data=True) if x["type"] == t)
    finally:
        page.close()
    assert traffic.external == [] and traffic.failed == []


def test_large_page_in_chromium(browser, tmp_path):
    G = to_property_graph(synthetic(PHYSICS_LIMIT + 100))
    path = tmp_path / "big.html"
    write_html(G, path)
    page, traffic, seconds = harness.open_page(browser, path)
    try:
        assert traffic.external == [] and traffic.console_errors == []
        assert page.evaluate("() => [kg.layout, kg.nodes.length]") == ["precomputed", G.number_of_nodes()]
        assert harness.drawn_pixels(page) > 1000
    finally:
        page.close()
