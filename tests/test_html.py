"""The HTML network: selection and rendering in Python, and the page in a real
headless Chromium with every network request blocked.

Expectations are computed from the graph itself (``PropertyGraph``), never
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

from kg import vocab
from kg.cli import main
from kg.export import BUILD_EXPORTS
from kg.export.html import (BUILD_MAX_NODES, EVIDENCE_PER_EDGE, FIRST_VIEW_NODES, find_nodes, render_html,
                            select, simplified, t2s_map, write_html)
from kg.export.layout import OVERVIEW_CLASSES
from kg.export.propgraph import PropertyGraph, read_property_graph
from kg.export.turtle import write_turtle
from kg.graph.build import DocRecord, DocResult, FactRecord, GraphBuilder
from kg.pipeline import build

sys.path.insert(0, str(Path(__file__).parent / "browser"))
import harness  # noqa: E402
from synthetic import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"


# ---------------------------------------------------------------- fixtures

def small_builder() -> GraphBuilder:
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
    b.add(DocResult(DocRecord("a", "a.txt", "a.txt", "甲集团的党建工作", "https://example.org/a"), ents, facts))
    return b


def small_graph() -> PropertyGraph:
    return PropertyGraph.from_builder(small_builder())


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
    G = small_graph()
    a, b = render_html(G), render_html(small_graph())
    assert a == b
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", a)
    assert "sourceMappingURL" not in a
    data = page_data(a)
    assert len(data["nodes"]) == len(G.nodes) and len(data["edges"]) == len(G.edges)
    assert data["shown"] is None and data["meta"]["layout"] == "physics"  # a small graph: every node at once
    brand = next(n for n in data["nodes"] if n["label"] == "红色引擎")
    assert brand["alts"] == ["紅色引擎"] and brand["shape"] == "star" and brand["value"] == 3
    assert {e["label"] for e in data["edges"]} >= {"创建品牌", "采用方法", "获得荣誉", "下设党组织"}
    ev = next(e for e in data["edges"] if e["rel"] == "hasBrand")["ev"]
    # sources by document title, with its URL: not by file name
    assert [(data["docs"][d], sentence) for d, sentence in ev] == \
        [(["甲集团的党建工作", "https://example.org/a"], "乙站黨支部打造「紅色引擎」品牌。")]
    assert "a.txt" not in json.dumps(data, ensure_ascii=False)
    assert data["t2s"]["紅"] == "红" and data["options"]["physics"]["enabled"] is True


def test_only_web_urls_become_links_and_evidence_is_capped():
    b = GraphBuilder()
    facts = [FactRecord(("Organization", "甲单位"), "hasBrand", ("Brand", "乙品牌"), f"第{k}句。", "r")
             for k in range(EVIDENCE_PER_EDGE + 3)]
    b.add(DocResult(DocRecord("d", "d.txt", "d.txt", "标题", "javascript:alert(1)"),
                    [("Organization", "甲单位", ()), ("Brand", "乙品牌", ())], facts))
    data = page_data(render_html(PropertyGraph.from_builder(b)))
    assert data["docs"] == [["标题", ""]]
    (edge,) = data["edges"]
    assert len(edge["ev"]) == EVIDENCE_PER_EDGE and edge["nev"] == EVIDENCE_PER_EDGE + 3


def test_t2s_map_normalises_like_opencc():
    names = ["先进基层党组织", "零距离"]
    m = t2s_map(names)
    for trad in ["先進基層黨組織", "零距離"]:
        assert "".join(m.get(c, c) for c in trad) == simplified(trad)
    assert all(len(k) == 1 and len(v) == 1 and k != v for k, v in m.items())


def labels(pg: PropertyGraph) -> set[str]:
    return {d.label for d in pg.nodes.values()}


def test_focus_matches_traditional_names_and_depth():
    G = small_graph()
    assert [G.nodes[n].label for n in find_nodes(G, "紅色引擎")] == ["红色引擎"]
    assert find_nodes(G, "乙站黨支部") == find_nodes(G, "乙站党支部") != []
    near = select(G, focus="紅色引擎", depth=1).graph
    assert labels(near) == {"红色引擎", "乙站党支部", "三步工作法", "先进集体"}
    far = select(G, focus="紅色引擎", depth=3).graph
    assert "甲集团" in labels(far) and "丙公司" not in labels(far)
    with pytest.raises(ValueError, match="no node"):
        select(G, focus="不存在的名字")


def test_type_filter_and_max_nodes_report():
    G = small_graph()
    only = select(G, types=["Brand", "工作方法"]).graph
    assert {d.type for d in only.nodes.values()} == {"Brand", "Method"}
    assert [e.rel for e in only.edges] == ["usesMethod"]
    with pytest.raises(ValueError, match="unknown type"):
        select(G, types=["Nope"])
    sel = select(G, max_nodes=3)
    deg = G.degrees()
    kept = set(sel.graph.nodes)
    assert len(kept) == 3 and min(deg[n] for n in kept) >= max(deg[n] for n in G.nodes if n not in kept)
    assert sum(sel.left_out_nodes.values()) == len(G.nodes) - 3
    assert sum(sel.left_out_edges.values()) == len(G.edges) - len(sel.graph.edges)
    assert "left out 4 nodes" in sel.summary()


def test_large_graph_opens_on_an_overview_clustered_by_organization():
    G = synthetic(FIRST_VIEW_NODES * 4)
    a = render_html(G)
    data = page_data(a)
    assert data["meta"]["layout"] == "overview" and data["options"]["physics"]["enabled"] is False
    assert len(data["nodes"]) == len(G.nodes)  # every node is in the page, for search and expansion
    shown = set(data["shown"])
    assert 0.8 * FIRST_VIEW_NODES <= len(shown) <= FIRST_VIEW_NODES
    assert {G.nodes[n].type for n in shown} <= set(OVERVIEW_CLASSES)
    # the best connected organizations are there, with their brands, laid out (and only they)
    deg = G.degrees()
    top = max((n for n, d in G.nodes.items() if d.type == "Organization"), key=lambda n: (deg[n], n))
    assert top in shown and any(G.nodes[n].type == "Brand" for n in shown)
    placed = {n["id"] for n in data["nodes"] if "x" in n}
    assert placed == shown
    assert len({(n["x"], n["y"]) for n in data["nodes"] if "x" in n}) == len(shown)  # no two on one spot
    assert render_html(synthetic(FIRST_VIEW_NODES * 4)) == a


def _write_ttl(builder: GraphBuilder, path: Path) -> Path:
    write_turtle(builder, path)
    return path


def test_render_command(tmp_path, monkeypatch):
    ttl = _write_ttl(small_builder(), tmp_path / "g.ttl")
    assert read_property_graph(ttl) == small_graph()
    out = tmp_path / "part.html"
    r = CliRunner().invoke(main, ["render", str(ttl), "-o", str(out), "--focus", "紅色引擎", "--depth", "1",
                                  "--max-nodes", "2"])
    assert r.exit_code == 0, r.output
    assert "2 of 7 nodes" in r.output and "left out 2 nodes" in r.output
    assert len(page_data(out.read_text(encoding="utf-8"))["nodes"]) == 2
    # without -o: kg.html beside the graph, not in the current folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    r = CliRunner().invoke(main, ["render", str(ttl)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "kg.html").is_file() and not list(elsewhere.iterdir())
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <x> . :a :b", encoding="utf-8")
    for args, code, words in [([str(bad)], 1, "cannot read Turtle"), ([str(tmp_path / "none.ttl")], 1, "no such file"),
                              ([str(ttl), "--focus", "无此名"], 2, "no node"), ([str(ttl), "--type", "X"], 2, "unknown type")]:
        r = CliRunner().invoke(main, ["render", *args, "-o", str(tmp_path / "x.html")])
        assert r.exit_code == code and words in r.output and "Traceback" not in r.output, r.output
        assert len(r.output.strip().splitlines()) == 1


def test_build_writes_html(seeds_build):
    assert "html" in [name for name, _ in BUILD_EXPORTS]
    G = read_property_graph(seeds_build / "kg.ttl")
    data = page_data((seeds_build / "kg.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) == min(len(G.nodes), BUILD_MAX_NODES)


def test_committed_export_is_fresh(seeds_build):
    committed = ROOT / "exports" / "kg.html"
    assert committed.is_file(), "exports/kg.html is missing: run `kg build` and commit exports/"
    if (seeds_build / "kg.html").read_bytes() != committed.read_bytes():  # no 700 kB diff in the report
        pytest.fail("exports/kg.html is stale (the seeds now give another page): run `kg build` and commit exports/")


# ---------------------------------------------------------------- in Chromium

def test_page_in_chromium(browser, seeds_build):
    G = read_property_graph(seeds_build / "kg.ttl")
    assert len(G.nodes) <= FIRST_VIEW_NODES, "the seeds' page should show every node at once"
    page, traffic, seconds = harness.open_page(browser, seeds_build / "kg.html")
    try:
        # offline: nothing but the page itself was requested, nothing failed, no errors
        assert traffic.external == [] and traffic.blocked == [] and traffic.failed == []
        assert traffic.console_errors == []
        # drawn, and settled with physics off
        assert harness.drawn_pixels(page) > 1000
        assert page.evaluate("() => kg.network.physics.physicsEnabled") is False
        counts = page.evaluate("() => [kg.nodes.length, kg.edges.length]")
        assert counts == [len(G.nodes), len(G.edges)]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "kg-html.png"))

        # search by a traditional-script query: take a node whose label has a traditional form
        from opencc import OpenCC

        s2t = OpenCC("s2t")
        target = next(n for n, d in sorted(G.nodes.items(), key=lambda x: (-len(x[1].label), x[0]))
                      if s2t.convert(d.label) != d.label)
        label = G.nodes[target].label
        page.fill("#search", s2t.convert(label))
        page.press("#search", "Enter")
        assert page.evaluate("() => kg.network.getSelectedNodes()") == [target]
        assert page.text_content("#panel-name") == label
        page.click("#panel .close")
        assert page.is_hidden("#panel")

        # click a node: its canvas position → DOM coordinates → mouse click
        deg = G.degrees()
        node = max(G.nodes, key=lambda n: (deg[n], n))
        page.evaluate("(id) => kg.network.focus(id, {scale: 1.5, animation: false})", node)
        box = page.locator("#graph canvas").bounding_box()
        xy = page.evaluate("(id) => kg.network.canvasToDOM(kg.network.getPositions([id])[id])", node)
        page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
        assert page.is_visible("#panel")
        d = G.nodes[node]
        assert page.text_content("#panel-name") == d.label
        assert page.text_content("#panel-type") == vocab.label(d.type, "zh")
        panel = page.text_content("#panel")
        # sources named by document title, the evidence sentences under them; no file names
        assert page.text_content("#panel-docs") == "".join(sorted({G.docs[k].name for k in d.docs},
                                                                  key=lambda t: min(k for k in d.docs if G.docs[k].name == t)))
        for e in G.edges:
            if node in (e.source, e.target):
                for file, sentence, _, doc, _ in e.evidence[:EVIDENCE_PER_EDGE]:
                    assert sentence in panel and G.docs[doc].name in panel
                    assert not G.docs[doc].title or file not in panel
        page.screenshot(path=str(ARTIFACTS / "kg-html-panel.png"))

        # a type filter hides that class
        t = d.type
        page.uncheck(f'.type-filter[value="{t}"]')
        hidden = page.evaluate("(t) => kg.nodes.get({filter: n => n.type === t && n.hidden === true}).length", t)
        assert hidden == sum(1 for x in G.nodes.values() if x.type == t)
    finally:
        page.close()
    assert traffic.external == [] and traffic.failed == []


def test_large_page_in_chromium(browser, tmp_path):
    """A graph too large to draw whole: the overview first, the rest by search and expansion."""
    G = synthetic(FIRST_VIEW_NODES * 7)
    path = tmp_path / "big.html"
    write_html(G, path)
    data = page_data(path.read_text(encoding="utf-8"))
    page, traffic, seconds = harness.open_page(browser, path)
    try:
        assert traffic.external == [] and traffic.console_errors == []
        assert page.evaluate("() => kg.layout") == "overview"
        assert page.evaluate("() => kg.nodes.getIds().sort()") == sorted(data["shown"])
        assert harness.drawn_pixels(page) > 1000
        page.screenshot(path=str(ARTIFACTS / "kg-html-overview.png"))

        # a method is never in the overview: a search shows it, with its neighbours, and selects it
        deg = G.degrees()
        method = max((n for n, d in G.nodes.items() if d.type == "Method"), key=lambda n: (deg[n], n))
        assert method not in data["shown"]
        page.fill("#search", G.nodes[method].label)
        page.press("#search", "Enter")
        assert page.evaluate("() => kg.network.getSelectedNodes()") == [method]
        shown = set(page.evaluate("() => kg.nodes.getIds()"))
        neighbours = {e.target if e.source == method else e.source for e in G.edges if method in (e.source, e.target)}
        assert method in shown and len(neighbours & shown) == min(len(neighbours), 30)
        assert page.text_content("#panel-name") == G.nodes[method].label

        # expanding a shown node adds its hidden neighbours, next to it
        org = next(n for n in data["shown"]
                   if any(e.source == n and e.target not in shown for e in G.edges))
        before = page.evaluate("() => kg.nodes.length")
        added = page.evaluate("(id) => kg.expand(id)", org)
        assert added > 0 and page.evaluate("() => kg.nodes.length") == before + added
        edges = page.evaluate("() => kg.edges.get().map(e => [e.from, e.to])")
        now = set(page.evaluate("() => kg.nodes.getIds()"))
        assert all(f in now and t in now for f, t in edges)
        assert len(edges) == sum(1 for e in G.edges if e.source in now and e.target in now)

        page.click("#overview")  # back to the first view
        assert page.evaluate("() => kg.nodes.getIds().sort()") == sorted(data["shown"])
        assert traffic.console_errors == []
    finally:
        page.close()
    assert traffic.external == [] and traffic.failed == []
