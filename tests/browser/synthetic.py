"""Made-up graphs of a given size for the HTML tests and benchmark.

Chains organization → Party branch → brand → methods, some organizations
under others (hasUnit), a few honours; every name is invented (测试单位N号…).

>>> len(synthetic(50).nodes)
50
"""
from __future__ import annotations

import random

from kg.export.propgraph import PropertyGraph
from kg.graph.build import DocRecord, DocResult, FactRecord, GraphBuilder


def synthetic(n_nodes: int, seed: int = 1):
    """A property graph of exactly ``n_nodes`` entities (deterministic for a seed)."""
    rnd = random.Random(seed)
    ents: dict[tuple[str, str], None] = {}
    facts = []

    def add(ent, via=None, rel=None):
        if len(ents) >= n_nodes and ent not in ents:
            return False
        ents.setdefault(ent)
        if via is not None:
            facts.append(FactRecord(via, rel, ent, f"{via[1]}{rel}{ent[1]}。", "synthetic"))
        return True

    i = 0
    while len(ents) < n_nodes:
        org, po, brand = ("Organization", f"测试单位{i}号"), ("PartyOrganization", f"测试单位{i}号党支部"), ("Brand", f"品牌{i}号")
        add(org)
        if i and rnd.random() < 0.3:
            parent = ("Organization", f"测试单位{rnd.randrange(i)}号")
            facts.append(FactRecord(parent, "hasUnit", org, f"{parent[1]}下属{org[1]}。", "synthetic"))
        if add(po, org, "hasBranch") and add(brand, po, "hasBrand"):
            for _ in range(rnd.randint(0, 3)):
                add(("Method", f"方法{rnd.randint(0, max(n_nodes // 4, 1))}号"), brand, "usesMethod")
            if rnd.random() < 0.2:
                add(("Honour", f"荣誉{rnd.randint(0, max(n_nodes // 20, 1))}号"), brand, "achievesHonour")
        i += 1
    b = GraphBuilder()
    b.add(DocResult(DocRecord("synthetic", "synthetic.txt", "synthetic.txt", "测试文档"),
                    [(t, name, ()) for t, name in ents], facts))
    return PropertyGraph.from_builder(b)
