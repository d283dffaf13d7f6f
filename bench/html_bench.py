"""Benchmark of the HTML network: render time and time to a drawn, settled page.

Makes synthetic graphs (made-up names, GraphBuilder) of 100, 1,000 and
5,000 nodes, renders each with :func:`kg.export.html.write_html`, opens it
from file:// in headless Chromium with every other request blocked, and
reports, as the median of ``--runs`` loads:

* ``ready``: milliseconds from navigation start to the page's ready signal
  (stabilisation ended and physics switched off; for the overview of a
  graph above kg.export.html.FIRST_VIEW_NODES nodes, the first drawing),
  measured in the page with ``performance.now()``;
* ``wall``: seconds seen from Python, from ``goto`` to ready.

Usage::

    python bench/html_bench.py [--sizes 100 1000 5000] [--runs 3] [--out DIR]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import harness  # noqa: E402
from synthetic import synthetic  # noqa: E402

from kg.export.html import FIRST_VIEW_NODES, write_html  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="keep the pages here (default: a temporary folder)")
    args = ap.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="html-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'nodes':>6} {'edges':>6} {'layout':>11} {'render s':>9} {'page MB':>8} "
          f"{'ready ms':>9} {'wall s':>7}  (median of {args.runs} loads)")
    write_html(synthetic(10), out / "warm-up.html")  # load OpenCC, pyvis, the template
    with harness.chromium() as browser:
        for n in args.sizes:
            G = synthetic(n)
            path = out / f"synthetic-{n}.html"
            t0 = time.perf_counter()
            write_html(G, path)
            render = time.perf_counter() - t0
            ready, wall = [], []
            for _ in range(args.runs):
                page, traffic, secs = harness.open_page(browser, path)
                if traffic.external or traffic.failed or traffic.console_errors:
                    print(f"{path}: external {traffic.external}, failed {traffic.failed}, "
                          f"errors {traffic.console_errors}", file=sys.stderr)
                    return 1
                if harness.drawn_pixels(page) == 0:
                    print(f"{path}: nothing drawn", file=sys.stderr)
                    return 1
                ready.append(page.evaluate("() => kg.readyMs"))
                wall.append(secs)
                page.close()
            layout = "physics" if len(G.nodes) <= FIRST_VIEW_NODES else "overview"
            print(f"{len(G.nodes):>6} {len(G.edges):>6} {layout:>11} {render:>9.2f} "
                  f"{path.stat().st_size / 1e6:>8.2f} {statistics.median(ready):>9.0f} {statistics.median(wall):>7.2f}",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
