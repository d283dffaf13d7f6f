"""The interactive HTML network: one self-contained page that opens offline.

The page is built on the shared property graph
(:class:`kg.export.propgraph.PropertyGraph`): pyvis assembles the vis.js
options, and our own template (``templates/network.html.j2``) inlines
everything the page needs — the vendored vis-network build, the styles,
the data — so it fetches nothing.

* colour and shape of a node come from its class in the ontology, size from
  its degree; relation labels on edges are the Chinese labels of the ontology;
* a click opens a side panel (name, type, other names, source documents by
  title — linked to the document's URL when known — and, for every
  relation, the evidence sentences grouped by document); hovering shows a
  shorter tooltip;
* a search box finds a node by name in simplified or traditional script: the
  page carries a small traditional→simplified map (OpenCC, computed here for
  the characters of the graph's names) so the browser normalises queries;
* type checkboxes in the legend hide and show classes;
* up to :data:`FIRST_VIEW_NODES` nodes the page shows them all, laid out
  by the browser's physics (stopped once stable or after a time budget);
  a larger graph opens on its overview (:func:`kg.export.layout.overview`:
  the organizations with most facts and their brands, clustered by
  organization, positions computed here); every other node stays in the
  page, shown by a search or by expanding a node (double-click, or the
  panel's button) next to the node it hangs from.

The same graph gives the same bytes.

>>> from kg.graph.build import GraphBuilder, DocResult, DocRecord, FactRecord
>>> b = GraphBuilder()
>>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt", "某单位的党建工作"),
...       [("PartyOrganization", "甲单位党支部", ()), ("Brand", "红色引擎", ())],
...       [FactRecord(("PartyOrganization", "甲单位党支部"), "hasBrand", ("Brand", "红色引擎"),
...                   "甲单位党支部打造“红色引擎”品牌。", "test")]))
>>> pg = PropertyGraph.from_builder(b)
>>> sel = select(pg, focus="紅色引擎", depth=1)
>>> sorted(d.label for d in sel.graph.nodes.values())
['甲单位党支部', '红色引擎']
>>> page = render_html(sel.graph)
>>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page, "某单位的党建工作" in page
(True, False, False, True)
"""
from __future__ import annotations

import json
import re
import types
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .. import vocab
from ..fileio import write_text
from ..importing import stand_ins
from .layout import cluster_layout, overview
from .propgraph import PropertyGraph
from .selection import Selection, _converter, find_nodes, resolve_type, select, simplified

__all__ = ["BUILD_MAX_NODES", "FIRST_VIEW_NODES", "EVIDENCE_PER_EDGE", "Selection", "build_export",
           "find_nodes", "render_html", "resolve_type", "select", "simplified", "t2s_map", "write_html"]

#: a page holding more nodes than this opens on the overview (see the module's docstring)
FIRST_VIEW_NODES = 300
#: ``kg build`` keeps at most this many nodes (the most connected) in kg.html
BUILD_MAX_NODES = 20000
#: evidence sentences of one relation carried by the page (the rest are counted; all are in kg.ttl)
EVIDENCE_PER_EDGE = 5
#: documents of one node carried by the page (the rest are counted)
DOCS_PER_NODE = 50
#: the page stops the physics simulation after this long, settled or not
STABILIZE_BUDGET_MS = 4000
#: page title
TITLE = "党建品牌知识图谱"
#: legend symbols of vis-network shapes
_SYMBOL = {"box": "■", "square": "■", "diamond": "◆", "star": "★", "triangle": "▲",
           "triangleDown": "▼", "dot": "●", "ellipse": "⬬", "circle": "●"}
#: shapes that draw their label inside: the label must be light on the class colour
_LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}


# --------------------------------------------------------------------------
# Script normalisation (the same map in Python and in the page)

def t2s_map(names: list[str]) -> dict[str, str]:
    """Traditional → simplified map for every character a query for ``names`` may contain.

    Covers the characters of the names themselves (alt labels may be
    traditional) and the traditional forms OpenCC gives for them (s2t, s2tw,
    s2hk). Each character maps to its own OpenCC t2s conversion, so the page
    normalises exactly as :func:`simplified` does.

    >>> t2s_map(["零距离"])
    {'離': '离'}
    """
    text = "\n".join(names)
    candidates = set(text)
    for config in ("s2t", "s2tw", "s2hk"):
        candidates.update(_converter(config).convert(text))
    candidates.discard("\n")
    t2s = _converter("t2s")
    chars = sorted(candidates)
    converted = t2s.convert("\n".join(chars)).split("\n")
    out = {}
    if len(converted) == len(chars):
        pairs = zip(chars, converted)
    else:  # a conversion that changed the line count: fall back to one call per character
        pairs = ((c, t2s.convert(c)) for c in chars)
    for c, s in pairs:
        if s != c and len(s) == 1:
            out[c] = s
    return out


# --------------------------------------------------------------------------
# The page data

def _web_url(url: str) -> str:
    """``url`` when it is an http(s) URL, else "": a source's ``javascript:`` URL must never become a link.

    >>> _web_url("https://example.org/a"), _web_url("javascript:alert(1)")
    ('https://example.org/a', '')
    """
    return url if re.match(r"https?://", url, re.I) else ""


def _documents(pg: PropertyGraph) -> tuple[list[list[str]], dict[str, int]]:
    """The documents the page names — ``[name, url]``, name = title or file —
    and the index of each document key, in key order."""
    keys = set()
    for d in pg.nodes.values():
        keys.update(d.docs[:DOCS_PER_NODE])
    for e in pg.edges:
        keys.update(doc for _, _, _, doc, _ in e.evidence[:EVIDENCE_PER_EDGE])
    keys.discard("")
    table, index = [], {}
    for k in sorted(keys):
        doc = pg.docs.get(k)
        index[k] = len(table)
        table.append([doc.name, _web_url(doc.url)] if doc else [k.rsplit("/", 1)[-1], ""])
    return table, index


def _nodes(pg: PropertyGraph, positions: dict, index: dict[str, int]) -> list[dict]:
    deg = pg.degrees()
    out = []
    for n, d in pg.nodes.items():
        shape = vocab.shape(d.type)
        node = {"id": n, "label": d.label, "shape": shape, "color": vocab.colour(d.type), "value": deg[n],
                "type": d.type, "alts": list(d.alts), "docs": [index[k] for k in d.docs[:DOCS_PER_NODE]],
                "ndocs": len(d.docs)}
        if shape in _LABEL_INSIDE:
            node["font"] = {"color": "#ffffff"}
        if n in positions:
            node["x"], node["y"] = positions[n]
        out.append(node)
    return out


def _edges(pg: PropertyGraph, index: dict[str, int]) -> list[dict]:
    return [{"id": f"e{i}", "from": e.source, "to": e.target, "label": vocab.label(e.rel, "zh"), "rel": e.rel,
             # [document, sentence] and, for a curator's fact, its mark (人工添加：NAME)
             "ev": [[index.get(doc, -1), sentence] + ([mark] if mark else [])
                    for _, sentence, _, doc, mark in e.evidence[:EVIDENCE_PER_EDGE]],
             "nev": len(e.evidence)}
            for i, e in enumerate(pg.edges)]


def _pyvis_network():
    """pyvis's Network class, imported without IPython (see :mod:`kg.importing`):
    pyvis imports ``IPython.display.IFrame`` at load time for notebooks only."""
    display = types.ModuleType("IPython.display")
    display.IFrame = None  # used by Network.show() in a notebook, never here
    ipython = types.ModuleType("IPython")
    ipython.display = display
    with stand_ins({"IPython": ipython, "IPython.display": display}):
        from pyvis.network import Network
    return Network


def _options(physics: bool, n_nodes: int) -> dict:
    """vis.js options, assembled with pyvis (physics off: the positions are final)."""
    Network = _pyvis_network()
    net = Network(height="100%", width="100%", directed=True)
    net.barnes_hut(gravity=-2500, central_gravity=0.8, spring_length=80, spring_strength=0.04,
                   damping=0.12, overlap=0.1)
    net.toggle_physics(physics)
    # vis.js's Barnes-Hut costs ~0.1 ms per node and iteration in headless Chromium:
    # fewer iterations for bigger graphs (the page also stops after STABILIZE_BUDGET_MS)
    net.options.physics.stabilization.iterations = 400 if n_nodes <= 300 else 200
    net.options.physics.stabilization.updateInterval = 10
    options = json.loads(net.options.to_json())
    options["edges"] = {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "color": {"color": "#a0a4aa", "highlight": "#333333", "hover": "#555555"},
        "font": {"size": 10, "color": "#555555", "align": "middle", "strokeWidth": 3},
        "smooth": {"enabled": physics, "type": "continuous"},
        "width": 1,
    }
    options["nodes"] = {
        "scaling": {"min": 10, "max": 36, "label": {"enabled": True, "min": 12, "max": 24, "drawThreshold": 6}},
        "font": {"face": "Noto Sans CJK SC, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, sans-serif"},
        "borderWidth": 1,
    }
    options["layout"] = {"randomSeed": 7, "improvedLayout": False}  # Kamada-Kawai start: slow, little gain
    options["interaction"].update({"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": not physics,
                                   "keyboard": False})
    return options


def _script_json(obj) -> str:
    """JSON safe inside a <script> element (no ``</script>``, no ``<!--``)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@lru_cache(maxsize=1)
def _vis_js() -> str:
    js = resources.files("kg.export").joinpath("vendor/vis-network.min.js").read_text(encoding="utf-8")
    # no source-map reference: nothing in the page may point at another file
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M).rstrip() + "\n"
    if "</script" in js.lower():
        raise RuntimeError("vendor/vis-network.min.js contains '</script' and cannot be inlined")
    return js


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment

    source = resources.files("kg.export").joinpath("templates/network.html.j2").read_text(encoding="utf-8")
    # autoescape: titles and notes are text; the data goes in through _script_json
    return Environment(autoescape=True, keep_trailing_newline=True).from_string(source)


def render_html(G: PropertyGraph, selection: Selection | None = None, title: str = TITLE) -> str:
    """The page for the property graph ``G`` (usually ``select(...).graph``)."""
    whole = len(G.nodes) <= FIRST_VIEW_NODES
    if whole:  # every node shown; the positions are the start of the browser's physics
        shown, positions = None, cluster_layout(None, G)
    else:  # the overview first; the others are placed by the page when shown
        groups = overview(G, FIRST_VIEW_NODES)
        shown = [n for members in groups.values() for n in members]
        positions = cluster_layout(groups, G.subgraph(set(shown)))
    docs, index = _documents(G)
    counts = Counter(d.type for d in G.nodes.values())
    types_ = [{"type": c, "zh": vocab.label(c, "zh"), "colour": vocab.colour(c), "shape": vocab.shape(c),
               "symbol": _SYMBOL.get(vocab.shape(c), "●"), "count": counts[c]} for c in vocab.ENTITY_CLASSES]
    names = [d.label for d in G.nodes.values()] + [a for d in G.nodes.values() for a in d.alts]
    note = ""
    if selection is not None and (selection.left_out_nodes or selection.left_out_edges):
        note = (f"按连接数保留前 {len(G.nodes)} 个节点；省略 {sum(selection.left_out_nodes.values())} 个节点、"
                f"{sum(selection.left_out_edges.values())} 条关系")
    data = {
        "meta": {"title": title, "layout": "physics" if whole else "overview",
                 "stabilizeBudgetMs": STABILIZE_BUDGET_MS, "evidencePerEdge": EVIDENCE_PER_EDGE},
        "docs": docs, "nodes": _nodes(G, positions, index), "edges": _edges(G, index), "shown": shown,
        "options": _options(whole, len(G.nodes)), "types": types_,
        "rels": {r: vocab.label(r, "zh") for r in vocab.RELATIONS},
        "t2s": t2s_map(names),
    }
    return _template().render(title=title, n_nodes=len(G.nodes), n_edges=len(G.edges),
                              note=note, types=types_, vis_js=_vis_js(), data_json=_script_json(data))


def write_html(graph, path: str | Path, types=None, focus: str | None = None, depth: int = 1,
               max_nodes: int | None = None, title: str = TITLE) -> Selection:
    """Select part of ``graph`` (a :class:`PropertyGraph`, or an rdflib Graph)
    and write its page atomically.

    Returns the :class:`Selection`, whose ``summary()`` tells what was drawn
    and what was left out.
    """
    pg = graph if isinstance(graph, PropertyGraph) else PropertyGraph.from_triples(graph)
    sel = select(pg, types=types, focus=focus, depth=depth, max_nodes=max_nodes)
    write_text(path, render_html(sel.graph, sel, title=title))
    return sel


def build_export(pg: PropertyGraph, out_dir: Path) -> Path:
    """``kg build``'s HTML export: ``OUT/kg.html`` (at most :data:`BUILD_MAX_NODES` nodes)."""
    path = Path(out_dir) / "kg.html"
    write_html(pg, path, max_nodes=BUILD_MAX_NODES)
    return path
