"""The interactive HTML network: one self-contained page that opens offline.

The page is built on the shared property graph
(:func:`kg.export.propgraph.to_property_graph`): pyvis assembles the vis.js
node and edge lists and the options, and our own template
(``templates/network.html.j2``) inlines everything the page needs — the
vendored vis-network build, the styles, the data — so it fetches nothing.

* colour and shape of a node come from its class in the ontology, size from
  its degree; relation labels on edges are the Chinese labels of the ontology;
* a click opens a side panel (name, type, other names, source documents and,
  for every relation, the evidence sentences with their files); hovering
  shows the same as a tooltip;
* a search box finds a node by name in simplified or traditional script: the
  page carries a small traditional→simplified map (OpenCC, computed here for
  the characters of the graph's names) so the browser normalises queries;
* type checkboxes in the legend hide and show classes;
* up to :data:`PHYSICS_LIMIT` nodes the browser lays the graph out with
  physics and switches physics off once stabilised; above, positions are
  computed here (seeded, deterministic) and physics stays off.

The same graph gives the same bytes.

>>> from kg.graph.build import GraphBuilder, DocResult, DocRecord, FactRecord
>>> b = GraphBuilder()
>>> b.add(DocResult(DocRecord("d1", "d1.txt", "d1.txt"),
...       [("PartyOrganization", "甲单位党支部", ()), ("Brand", "红色引擎", ())],
...       [FactRecord(("PartyOrganization", "甲单位党支部"), "hasBrand", ("Brand", "红色引擎"),
...                   "甲单位党支部打造“红色引擎”品牌。", "test")]))
>>> G = to_property_graph(b.graph())
>>> sel = select(G, focus="紅色引擎", depth=1)
>>> sorted(d["label"] for _, d in sel.graph.nodes(data=True))
['甲单位党支部', '红色引擎']
>>> page = render_html(sel.graph)
>>> page.startswith("<!DOCTYPE html>"), "<script src" in page, "<link" in page
(True, False, False)
"""
from __future__ import annotations

import json
import math
import re
import types
from collections import Counter, deque
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx

from .. import vocab
from ..fileio import write_text
from ..importing import stand_ins
from .propgraph import to_property_graph

#: above this many nodes positions are precomputed and physics stays off
PHYSICS_LIMIT = 1500
#: ``kg build`` keeps at most this many nodes (the most connected) in kg.html
BUILD_MAX_NODES = 5000
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

@lru_cache(maxsize=None)
def _converter(config: str):
    from opencc import OpenCC

    return OpenCC(config)


def simplified(text: str) -> str:
    """``text`` in simplified script, stripped and case-folded (for matching names).

    >>> simplified(" 零距離 ")
    '零距离'
    """
    return _converter("t2s").convert(text).strip().casefold()


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
# Choosing the part of the graph to draw

@dataclass
class Selection:
    """The part of a property graph to draw, and what was left out of it."""
    graph: nx.MultiDiGraph
    total_nodes: int
    total_edges: int
    max_nodes: int | None = None
    #: nodes / edges dropped by ``max_nodes``, per class / relation
    left_out_nodes: Counter = field(default_factory=Counter)
    left_out_edges: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """One line: what is drawn and, after --max-nodes, what was left out."""
        G = self.graph
        line = (f"{G.number_of_nodes()} of {self.total_nodes} nodes, "
                f"{G.number_of_edges()} of {self.total_edges} edges")
        if self.left_out_nodes or self.left_out_edges:
            nodes = ", ".join(f"{c} {self.left_out_nodes[c]}" for c in vocab.ENTITY_CLASSES if self.left_out_nodes[c])
            edges = ", ".join(f"{r} {self.left_out_edges[r]}" for r in vocab.RELATIONS if self.left_out_edges[r])
            line += (f"; --max-nodes {self.max_nodes} left out {sum(self.left_out_nodes.values())} nodes"
                     f" ({nodes or 'none'}) and {sum(self.left_out_edges.values())} edges ({edges or 'none'})")
        return line


def resolve_type(name: str) -> str:
    """The class local name for ``name`` given as local name (any case) or Chinese label.

    >>> resolve_type("brand"), resolve_type("党组织")
    ('Brand', 'PartyOrganization')
    """
    for cls in vocab.ENTITY_CLASSES:
        if name.strip().casefold() in (cls.casefold(), vocab.label(cls, "zh"), vocab.label(cls, "en").casefold()):
            return cls
    choices = ", ".join(f"{c} ({vocab.label(c, 'zh')})" for c in vocab.ENTITY_CLASSES)
    raise ValueError(f"unknown type {name!r}; choose from {choices}")


def find_nodes(G: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose label or alt label is ``name`` (simplified or traditional).

    Exact matches (after t2s on both sides) win; otherwise nodes whose name
    contains ``name``. Sorted by id.
    """
    q = simplified(name)
    if not q:
        return []
    exact, partial = [], []
    for n, d in G.nodes(data=True):
        names = [simplified(d.get("label", ""))] + [simplified(a) for a in d.get("alt_list", [])]
        if q in names:
            exact.append(n)
        elif any(q in s for s in names):
            partial.append(n)
    return sorted(exact or partial)


def _neighbourhood(G: nx.MultiDiGraph, start: list[str], depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``start``, following edges both ways."""
    seen = {n: 0 for n in start}
    todo = deque(start)
    while todo:
        n = todo.popleft()
        if seen[n] >= depth:
            continue
        for m in list(G.successors(n)) + list(G.predecessors(n)):
            if m not in seen:
                seen[m] = seen[n] + 1
                todo.append(m)
    return set(seen)


def select(G: nx.MultiDiGraph, types=None, focus: str | None = None, depth: int = 1,
           max_nodes: int | None = None) -> Selection:
    """The part of ``G`` to draw.

    ``focus``: the nodes named so (see :func:`find_nodes`) and everything
    within ``depth`` hops, then ``types`` keeps only those classes (the
    focused nodes always stay), then ``max_nodes`` keeps the most connected
    nodes (highest degree in what is left first, ties by id). Raises
    ValueError when a type is unknown or no node has the focus name.
    """
    keep = set(G)
    focused: set[str] = set()
    if focus is not None:
        found = find_nodes(G, focus)
        if not found:
            raise ValueError(f"no node is named {focus!r} (label or other name, simplified or traditional)")
        focused = set(found)
        keep = _neighbourhood(G, found, max(depth, 0))
    if types:
        wanted = {resolve_type(t) for t in types}
        keep = {n for n in keep if G.nodes[n]["type"] in wanted or n in focused}
    sub = G.subgraph(keep)
    sel = Selection(nx.MultiDiGraph(), G.number_of_nodes(), G.number_of_edges(), max_nodes)
    if max_nodes is not None and sub.number_of_nodes() > max_nodes:
        ranked = sorted(sub.nodes, key=lambda n: (-sub.degree(n), n))
        kept = set(ranked[:max(max_nodes, 0)])
        sel.left_out_nodes = Counter(G.nodes[n]["type"] for n in ranked[max(max_nodes, 0):])
        sel.left_out_edges = Counter(d["type"] for u, v, d in sub.edges(data=True)
                                     if u not in kept or v not in kept)
        sub = G.subgraph(kept)
    # a fresh graph in the original (sorted) order, so the page does not depend on set order
    out = sel.graph
    for n, d in G.nodes(data=True):
        if n in sub:
            out.add_node(n, **d)
    for u, v, k, d in G.edges(keys=True, data=True):
        if u in sub and v in sub:
            out.add_edge(u, v, key=k, **d)
    return sel


# --------------------------------------------------------------------------
# Layout of large graphs

def _radial_tree(U: nx.Graph, comp: list[str], spacing: float = 40.0) -> dict[str, tuple[float, float]]:
    """Radial layout of the BFS tree of one component, rooted at its best-connected node.

    Every node gets a wedge of its parent's wedge in proportion to the leaves
    below it, and a ring by its depth; the ring step is large enough that the
    outer ring has ``spacing`` units per leaf. O(n), no randomness, no solver:
    the graphs are forests of brand trees with a few cross links, which this
    draws well.
    """
    root = min(comp, key=lambda n: (-U.degree(n), n))
    children: dict[str, list[str]] = {root: []}
    order = [root]
    depth = {root: 0}
    for n in order:  # BFS; ``order`` grows while we walk it
        for m in sorted(U.adj[n]):
            if m not in depth:
                depth[m] = depth[n] + 1
                children[n].append(m)
                children[m] = []
                order.append(m)
    leaves = {}
    for n in reversed(order):
        leaves[n] = sum(leaves[c] for c in children[n]) or 1
    max_depth = max(depth.values()) or 1
    step = max(2 * spacing, leaves[root] * spacing / (2 * math.pi * max_depth))
    angle = {root: (0.0, 2 * math.pi)}
    pos = {root: (0.0, 0.0)}
    for n in order:
        start, width = angle[n]
        for c in children[n]:
            share = width * leaves[c] / leaves[n]
            angle[c] = (start, share)
            mid = start + share / 2
            pos[c] = (depth[c] * step * math.cos(mid), depth[c] * step * math.sin(mid))
            start += share
    return pos


def precomputed_layout(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions for every node, in vis.js units (about 1 unit = 1 px).

    Each connected component is laid out as a radial tree
    (:func:`_radial_tree`: linear time, where force-directed layouts in
    networkx take minutes for a few thousand nodes); components are then
    packed in rows, largest first. Deterministic; coordinates are rounded so
    the page bytes do not depend on the last bits of floating-point results.
    """
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    placed = []  # (positions relative to the component's top-left, width, height)
    for comp in comps:
        pos = _radial_tree(U, comp)
        x0 = min(p[0] for p in pos.values())
        y0 = min(p[1] for p in pos.values())
        rel = {n: (p[0] - x0, p[1] - y0) for n, p in pos.items()}
        placed.append((rel, max(p[0] for p in rel.values()), max(p[1] for p in rel.values())))
    # shelf packing into a roughly square area
    area = sum((w + 80) * (h + 80) for _, w, h in placed)
    row_width = max(math.sqrt(area) * 1.2, max((w for _, w, _ in placed), default=0) + 80)
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for rel, w, h in placed:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + 80, 0.0
        for n, (px, py) in rel.items():
            out[n] = (round(x + px, 1), round(y + py, 1))
        x += w + 80
        row_h = max(row_h, h)
    return out


# --------------------------------------------------------------------------
# The page

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


def _network_data(G: nx.MultiDiGraph, positions: dict, physics: bool):
    """vis.js node and edge lists and options, assembled with pyvis.

    ``positions`` are final when ``physics`` is off, and the starting point
    of the simulation otherwise (a far better start than vis.js's ring of
    random points, so fewer iterations settle it).
    """
    Network = _pyvis_network()
    net = Network(height="100%", width="100%", directed=True)
    deg = dict(G.degree())
    # pyvis's add_node/add_edge scan every node already added (quadratic);
    # append the vis.js dicts directly and keep pyvis's indexes in step.
    for n, d in G.nodes(data=True):
        node = {"id": n, "label": d["label"], "shape": d["shape"], "color": d["colour"],
                "value": deg[n], "type": d["type"], "alts": list(d.get("alt_list", [])),
                "docs": [f for f in d.get("documents", "").split(" | ") if f]}
        if d["shape"] in _LABEL_INSIDE:
            node["font"] = {"color": "#ffffff"}
        node["x"], node["y"] = positions[n]
        net.nodes.append(node)
        net.node_ids.append(n)
        net.node_map[n] = node
    for i, (u, v, d) in enumerate(G.edges(data=True)):
        net.edges.append({"id": f"e{i}", "from": u, "to": v, "label": d["label_zh"], "rel": d["type"],
                          "ev": [[f, s] for f, s, _ in d.get("evidence_list", [])]})
    net.barnes_hut(gravity=-2500, central_gravity=0.8, spring_length=80, spring_strength=0.04,
                   damping=0.12, overlap=0.1)
    net.toggle_physics(physics)
    # vis.js's Barnes-Hut costs ~0.1 ms per node and iteration in headless Chromium:
    # fewer iterations for bigger graphs (the page also stops after STABILIZE_BUDGET_MS)
    net.options.physics.stabilization.iterations = 400 if G.number_of_nodes() <= 300 else 200
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
    net.options = options
    nodes, edges, _heading, _height, _width, options_json = net.get_network_data()
    return nodes, edges, json.loads(options_json)


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


def render_html(G: nx.MultiDiGraph, selection: Selection | None = None, title: str = TITLE) -> str:
    """The page for the property graph ``G`` (usually ``select(...).graph``)."""
    physics = G.number_of_nodes() <= PHYSICS_LIMIT
    nodes, edges, options = _network_data(G, precomputed_layout(G), physics)
    counts = Counter(d["type"] for _, d in G.nodes(data=True))
    types = [{"type": c, "zh": vocab.label(c, "zh"), "colour": vocab.colour(c), "shape": vocab.shape(c),
              "symbol": _SYMBOL.get(vocab.shape(c), "●"), "count": counts[c]} for c in vocab.ENTITY_CLASSES]
    names = [d["label"] for _, d in G.nodes(data=True)] + [a for _, d in G.nodes(data=True)
                                                           for a in d.get("alt_list", [])]
    note = ""
    if selection is not None and (selection.left_out_nodes or selection.left_out_edges):
        note = (f"按连接数保留前 {G.number_of_nodes()} 个节点；省略 {sum(selection.left_out_nodes.values())} 个节点、"
                f"{sum(selection.left_out_edges.values())} 条关系")
    data = {
        "meta": {"title": title, "layout": "physics" if physics else "precomputed",
                 "stabilizeBudgetMs": STABILIZE_BUDGET_MS},
        "nodes": nodes, "edges": edges, "options": options, "types": types,
        "rels": {r: vocab.label(r, "zh") for r in vocab.RELATIONS},
        "t2s": t2s_map(names),
    }
    return _template().render(title=title, n_nodes=G.number_of_nodes(), n_edges=G.number_of_edges(),
                              note=note, types=types, vis_js=_vis_js(), data_json=_script_json(data))


def write_html(graph, path: str | Path, types=None, focus: str | None = None, depth: int = 1,
               max_nodes: int | None = None, title: str = TITLE) -> Selection:
    """Select part of ``graph`` (rdflib Graph or property graph) and write its page atomically.

    Returns the :class:`Selection`, whose ``summary()`` tells what was drawn
    and what was left out.
    """
    G = graph if isinstance(graph, nx.MultiDiGraph) else to_property_graph(graph)
    sel = select(G, types=types, focus=focus, depth=depth, max_nodes=max_nodes)
    write_text(path, render_html(sel.graph, sel, title=title))
    return sel


def build_export(graph, out_dir: Path) -> Path:
    """``kg build``'s HTML export: ``OUT/kg.html`` (at most :data:`BUILD_MAX_NODES` nodes)."""
    path = Path(out_dir) / "kg.html"
    write_html(graph, path, max_nodes=BUILD_MAX_NODES)
    return path
