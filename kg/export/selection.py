"""Choosing the part of a property graph to draw: by class, around a name, the most connected.

>>> from kg.export.propgraph import PropertyGraph, Node, Edge
>>> pg = PropertyGraph({"a": Node("a", "甲单位", "Organization"), "b": Node("b", "红色引擎", "Brand"),
...                     "c": Node("c", "乙单位", "Organization")}, [Edge("a", "b", "hasBrand")])
>>> sorted(select(pg, focus="紅色引擎").graph.nodes)
['a', 'b']
>>> select(pg, max_nodes=2).summary()
'2 of 3 nodes, 1 of 1 edges; --max-nodes 2 left out 1 nodes (Organization 1) and 0 edges (none)'
"""
from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache

from .. import vocab
from .propgraph import PropertyGraph


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


@dataclass
class Selection:
    """The part of a property graph to draw, and what was left out of it."""
    graph: PropertyGraph
    total_nodes: int
    total_edges: int
    max_nodes: int | None = None
    #: nodes / edges dropped by ``max_nodes``, per class / relation
    left_out_nodes: Counter = field(default_factory=Counter)
    left_out_edges: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        """One line: what is drawn and, after --max-nodes, what was left out."""
        G = self.graph
        line = f"{len(G.nodes)} of {self.total_nodes} nodes, {len(G.edges)} of {self.total_edges} edges"
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


def find_nodes(pg: PropertyGraph, name: str) -> list[str]:
    """Nodes whose label or alt label is ``name`` (simplified or traditional).

    Exact matches (after t2s on both sides) win; otherwise nodes whose name
    contains ``name``. Sorted by id.
    """
    q = simplified(name)
    if not q:
        return []
    exact, partial = [], []
    for n, d in pg.nodes.items():
        names = [simplified(d.label)] + [simplified(a) for a in d.alts]
        if q in names:
            exact.append(n)
        elif any(q in s for s in names):
            partial.append(n)
    return sorted(exact or partial)


def adjacency(pg: PropertyGraph) -> dict[str, set[str]]:
    """Each node's neighbours, following edges both ways (loops left out)."""
    adj: dict[str, set[str]] = defaultdict(set)
    for n in pg.nodes:
        adj[n]
    for e in pg.edges:
        if e.source != e.target:
            adj[e.source].add(e.target)
            adj[e.target].add(e.source)
    return adj


def _neighbourhood(adj: dict[str, set[str]], start: list[str], depth: int) -> set[str]:
    """Nodes within ``depth`` hops of ``start``."""
    seen = {n: 0 for n in start}
    todo = deque(start)
    while todo:
        n = todo.popleft()
        if seen[n] >= depth:
            continue
        for m in sorted(adj[n]):
            if m not in seen:
                seen[m] = seen[n] + 1
                todo.append(m)
    return set(seen)


def select(pg: PropertyGraph, types=None, focus: str | None = None, depth: int = 1,
           max_nodes: int | None = None) -> Selection:
    """The part of ``pg`` to draw.

    ``focus``: the nodes named so (see :func:`find_nodes`) and everything
    within ``depth`` hops, then ``types`` keeps only those classes (the
    focused nodes always stay), then ``max_nodes`` keeps the most connected
    nodes (highest degree in what is left first, ties by id). Raises
    ValueError when a type is unknown or no node has the focus name.
    """
    keep = set(pg.nodes)
    focused: set[str] = set()
    if focus is not None:
        found = find_nodes(pg, focus)
        if not found:
            raise ValueError(f"no node is named {focus!r} (label or other name, simplified or traditional)")
        focused = set(found)
        keep = _neighbourhood(adjacency(pg), found, max(depth, 0))
    if types:
        wanted = {resolve_type(t) for t in types}
        keep = {n for n in keep if pg.nodes[n].type in wanted or n in focused}
    sub = pg.subgraph(keep)
    sel = Selection(sub, len(pg.nodes), len(pg.edges), max_nodes)
    if max_nodes is not None and len(sub.nodes) > max_nodes:
        deg = sub.degrees()
        ranked = sorted(sub.nodes, key=lambda n: (-deg[n], n))
        kept = set(ranked[:max(max_nodes, 0)])
        sel.left_out_nodes = Counter(pg.nodes[n].type for n in ranked[max(max_nodes, 0):])
        sel.left_out_edges = Counter(e.rel for e in sub.edges if e.source not in kept or e.target not in kept)
        sel.graph = sub.subgraph(kept)
    return sel
