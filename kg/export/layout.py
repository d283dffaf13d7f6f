"""Where the HTML network puts its nodes, and which it shows first.

* :func:`overview` — the first screen of a large graph: the organizations
  with most facts, each with its units, Party organizations and brands (a
  cluster per top organization), at most a few hundred nodes; the rest
  stays in the page, reachable by search and expansion. Drawn whole, a
  corpus's graph is a grey disc: methods and honours shared by thousands
  of brands pull everything together.
* :func:`cluster_layout` — a radial tree per cluster (or per connected
  component), packed in rows, largest first: linear time, no randomness.

>>> from kg.export.propgraph import PropertyGraph, Node, Edge
>>> pg = PropertyGraph({"o": Node("o", "甲集团", "Organization"), "p": Node("p", "甲集团党委", "PartyOrganization"),
...                     "b": Node("b", "红色引擎", "Brand"), "m": Node("m", "三步工作法", "Method")},
...                    [Edge("o", "p", "hasBranch"), Edge("p", "b", "hasBrand"), Edge("b", "m", "usesMethod")])
>>> overview(pg, limit=10)                  # the method is left for later
{'o': ['o', 'b', 'p']}
>>> sorted(cluster_layout({"o": ["o", "b", "p"]}, pg.subgraph({"o", "p", "b"})).items())
[('b', (0.0, 0.0)), ('o', (240.0, 0.0)), ('p', (120.0, 0.0))]
"""
from __future__ import annotations

import math

from .propgraph import PropertyGraph
from .selection import adjacency

#: classes the overview shows: the structure (who owns what), not the shared methods and honours
OVERVIEW_CLASSES = ("Organization", "PartyOrganization", "Brand")
#: relations that place a node under another (its cluster's root is the top of the chain)
_UNDER = ("hasUnit", "hasBranch", "hasBrand")


def _best(candidates, deg) -> str:
    return min(candidates, key=lambda n: (-deg[n], n))


def clusters(pg: PropertyGraph) -> dict[str, str]:
    """The cluster of each organization, Party organization and brand: the
    top of its chain of owners (hasUnit, hasBranch, hasBrand; of several
    owners, the best connected). Methods and honours belong to none."""
    deg = pg.degrees()
    owners: dict[str, list[str]] = {}
    for e in pg.edges:
        if e.rel in _UNDER:
            owners.setdefault(e.target, []).append(e.source)
    parent = {n: _best(o, deg) for n, o in owners.items()}
    root: dict[str, str] = {}
    for n, d in pg.nodes.items():
        if d.type not in OVERVIEW_CLASSES:
            continue
        chain, m = [], n
        while m in parent and m not in chain and m not in root:
            chain.append(m)
            m = parent[m]
        top = root.get(m, m)
        for c in chain:
            root[c] = top
        root.setdefault(n, top)
    return root


def overview(pg: PropertyGraph, limit: int = 300, per_cluster: int = 24) -> dict[str, list[str]]:
    """The first screen of a large graph: cluster root → the nodes shown of it.

    Clusters (:func:`clusters`) are ranked by their facts (the degrees of
    their members), members by their own degree; each cluster shows at
    most ``per_cluster`` nodes (its root first), all together at most
    ``limit``. Deterministic (ties by IRI).
    """
    deg = pg.degrees()
    members: dict[str, list[str]] = {}
    for n, top in clusters(pg).items():
        members.setdefault(top, []).append(n)
    weight = {top: sum(deg[m] for m in ms) for top, ms in members.items()}
    out: dict[str, list[str]] = {}
    room = limit
    for top in sorted(members, key=lambda t: (-weight[t], t)):
        if room <= 0:
            break
        ranked = sorted(members[top], key=lambda n: (n != top, -deg[n], n))
        out[top] = ranked[:min(per_cluster, room)]
        room -= len(out[top])
    return out


def _radial_tree(adj: dict[str, set[str]], root: str, spacing: float = 60.0) -> dict[str, tuple[float, float]]:
    """Radial layout of the BFS tree from ``root`` over ``adj`` (the nodes reached).

    Every node gets a wedge of its parent's wedge in proportion to the leaves
    below it, and a ring by its depth; the ring step is large enough that the
    outer ring has ``spacing`` units per leaf. O(n), no randomness, no solver:
    the graphs are forests of brand trees with a few cross links, which this
    draws well.
    """
    children: dict[str, list[str]] = {root: []}
    order = [root]
    depth = {root: 0}
    for n in order:  # BFS; ``order`` grows while we walk it
        for m in sorted(adj[n]):
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


def _components(adj: dict[str, set[str]]) -> list[list[str]]:
    seen: set[str] = set()
    out = []
    for n in sorted(adj):
        if n in seen:
            continue
        comp, todo = [], [n]
        seen.add(n)
        while todo:
            m = todo.pop()
            comp.append(m)
            for k in adj[m]:
                if k not in seen:
                    seen.add(k)
                    todo.append(k)
        out.append(sorted(comp))
    return out


def cluster_layout(groups: dict[str, list[str]] | None, pg: PropertyGraph) -> dict[str, tuple[float, float]]:
    """Positions of the nodes of ``pg``, in vis.js units (about 1 unit = 1 px).

    ``groups`` (root → members, as :func:`overview` gives) are laid out each
    as a radial tree from its root over the edges among its members (a
    member no edge reaches hangs from the root); ``None``: one group per
    connected component, rooted at its best-connected node. Groups are packed
    in rows into a roughly square area, largest first. Coordinates are rounded
    so the page bytes do not depend on the last bits of floating-point results.
    """
    adj = adjacency(pg)
    if groups is None:
        deg = {n: len(adj[n]) for n in adj}
        groups = {_best(c, deg): c for c in _components(adj)}
    placed = []  # (positions relative to the group's top-left, width, height)
    for root, members in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        inside = set(members)
        local = {n: adj[n] & inside for n in members}
        pos = _radial_tree(local, root)
        for n in members:  # members not reached by the group's edges hang from the root
            if n not in pos:
                local[root] = local[root] | {n}
        if len(pos) < len(members):
            pos = _radial_tree(local, root)
        x0 = min(p[0] for p in pos.values())
        y0 = min(p[1] for p in pos.values())
        rel = {n: (p[0] - x0, p[1] - y0) for n, p in pos.items()}
        placed.append((rel, max(p[0] for p in rel.values()), max(p[1] for p in rel.values())))
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
