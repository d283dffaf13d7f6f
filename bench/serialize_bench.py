"""Writing a large graph: rdflib's serializers against the pyoxigraph path kg uses.

    python bench/serialize_bench.py --triples 1000000

Makes synthetic DocResults (made-up names and sentences) that give about
``--triples`` triples, merges them in a GraphBuilder, and times each way
of writing the graph, each in a fresh process so that its peak RSS is its
own:

* ``rdflib-turtle``: ``builder.graph()`` then ``Graph.serialize(format="turtle")``
  (what kg did before);
* ``rdflib-nt``: ``builder.graph()`` then ``Graph.serialize(format="nt")``;
* ``oxigraph-turtle``: ``write_turtle(builder)`` (kg.ttl now: pyoxigraph terms made directly);
* ``oxigraph-nt-stream``: ``NTriplesStream`` fed by ``add_streaming`` (kg.nt).

Merging the results is timed apart (``merge s``); the other columns are the
writing alone.
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

METHODS = ("oxigraph-turtle", "oxigraph-nt-stream", "rdflib-nt", "rdflib-turtle")
_CHARS = "东南西北中安平和兴华新宁远长青山河湖江海川林阳泉水石桥岭峰城州县镇乡红心先锋连民聚力同行初心暖光路"
_KINDS = {"Organization": "公司", "PartyOrganization": "党支部", "Brand": "", "Method": "工作法", "Honour": "先进集体"}
_REL = [("PartyOrganization", "hasBrand", "Brand"), ("Brand", "usesMethod", "Method"),
        ("Organization", "hasBranch", "PartyOrganization"), ("PartyOrganization", "achievesHonour", "Honour")]


def synthetic_results(n_docs: int, seed: int = 0):
    """DocResults with names drawn from a pool, so entities recur across documents."""
    from kg.graph.build import DocRecord, DocResult, FactRecord

    rng = random.Random(seed)
    pool = max(50, n_docs // 2)

    def name(type_: str) -> str:
        r = random.Random(f"{type_}{rng.randrange(pool)}")
        return "".join(r.choice(_CHARS) for _ in range(r.randint(2, 5))) + _KINDS[type_]

    for i in range(n_docs):
        ents, facts = {}, []
        for _ in range(6):
            st, rel, ot = rng.choice(_REL)
            s, o = (st, name(st)), (ot, name(ot))
            ents[s] = ents[o] = ()
            sentence = f"{s[1]}以“{o[1]}”为抓手，第{i}篇第{rng.randrange(99)}句。"
            facts.append(FactRecord(s, rel, o, sentence, f"{rel}.rule"))
        entities = [(t, label, ()) for (t, label) in sorted(ents)]
        yield DocResult(DocRecord(f"doc{i:07d}", f"doc{i:07d}.txt", f"corpus/doc{i:07d}.txt",
                                  f"标题{i}"), entities, facts)


def run_one(method: str, n_docs: int, out: Path) -> None:
    from kg.export.turtle import NTriplesStream, write_turtle
    from kg.graph.build import GraphBuilder

    builder = GraphBuilder()
    t0 = time.perf_counter()
    if method == "oxigraph-nt-stream":  # merge and write are one pass
        with NTriplesStream(out / "kg.nt") as nt:
            for r in synthetic_results(n_docs):
                nt.write(builder.add_streaming(r, nt.terms), made_with_terms=True)
            nt.write(builder.label_triples(nt.terms), made_with_terms=True)
            nt.commit()
        merge, write = 0.0, time.perf_counter() - t0
        path = out / "kg.nt"
    else:
        for r in synthetic_results(n_docs):
            builder.add(r)
        merge = time.perf_counter() - t0
        t1 = time.perf_counter()
        if method == "oxigraph-turtle":
            path = out / "kg.ttl"
            write_turtle(builder, path)
        else:
            path = out / ("kg.nt" if method == "rdflib-nt" else "kg.ttl")
            g = builder.graph()
            g.serialize(destination=str(path), format="nt" if method == "rdflib-nt" else "turtle",
                        encoding="utf-8")
        write = time.perf_counter() - t1
    triples = sum(1 for _ in builder.triples())
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {method} {triples} {merge:.1f} {write:.1f} {rss:.0f} {path.stat().st_size / 1e6:.1f}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--docs", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        run_one(args.one, args.docs, args.out)
        return
    n_docs = max(1, args.triples // 60)  # about 60 triples per synthetic document
    print(f"{'method':<20} {'triples':>9} {'merge s':>8} {'write s':>8} {'peak RSS MB':>11} {'file MB':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for method in args.methods.split(","):
            out = Path(tmp) / method
            out.mkdir()
            proc = subprocess.run([sys.executable, __file__, "--one", method, "--docs", str(n_docs),
                                   "--out", str(out)], capture_output=True, text=True, encoding="utf-8")
            line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT")), None)
            if line is None:
                print(f"{method:<20} failed: {proc.stderr.strip()[-300:]}")
                continue
            _, m, n, merge, write, rss, size = line.split()
            print(f"{m:<20} {int(n):>9} {float(merge):>8.1f} {float(write):>8.1f} {float(rss):>11.0f} "
                  f"{float(size):>8.1f}", flush=True)


if __name__ == "__main__":
    main()
