"""Cost that grows with the work (issue 12): the table of long documents, large
corpora with every export, validation at scale and large HTML pages.

    python bench/scale_bench.py                 # everything (about 15–25 minutes on 2 cores)
    python bench/scale_bench.py --only sweep    # one part: sweep, long, corpus, validate, html
    python bench/scale_bench.py --sweep 0.25,0.5,1,2,5 --timeout 900

Every corpus is made here, in a temporary folder, from bench/corpus.py (real
documents reshuffled, names made up) and every build runs ``kg build
--no-cache`` as a subprocess, timed from start to exit, with the peak RSS of
its largest process and the peak sum of PSS over its process tree (psutil,
``pip install -e .[bench]``). The parts:

* ``sweep`` — one document of 0.25 / 0.5 / 1 / 2 MB (``--only turtle -j 1``)
  against the same text as 2 KB documents. "s/MB" is the time past that of a
  one-line document (process start, jieba's loading: the same for both);
  "× small" is the ratio of the two s/MB: linear extraction keeps it ≤ 1.5.
* ``long`` — the same 5 MB of text as one document on one line and as
  20,000 small files, default exports; and one 50 MB document
  (``--only turtle``). Runs longer than ``--timeout`` are stopped: "> N s".
* ``corpus`` — 5,000 and 20,000 small files (about 250 bytes each, 5 MB at
  20,000), default exports and ``--only turtle``: memory must stay within 2 ×
  of ``--only turtle`` and within 1.5 × of itself at 5,000 documents.
* ``validate`` — ``kg validate`` of the kg.ttl of 5,000 and 20,000 small
  files and of the 50 MB corpus (``--mb``, 1.5 million triples).
* ``html`` — time from navigation to a drawn page in headless Chromium for
  synthetic graphs of 5,000 and 20,000 entities (tests/browser/synthetic.py),
  as kg build writes them.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests" / "browser"))
from build_bench import _WRAPPER, TreeMemory, snapshot  # noqa: E402
from corpus import make_corpus  # noqa: E402

PARTS = ("sweep", "long", "corpus", "validate", "html")


# --- corpora ------------------------------------------------------------------

def corpus_text(work: Path, mb: float) -> str:
    """About ``mb`` MB of text (paragraphs, one per line) from a synthetic corpus."""
    folder = work / f"corpus-{mb:g}mb"
    if not folder.exists():
        make_corpus(folder, mb, verbose=False)
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt")))


def cut(text: str, mb: float) -> str:
    """The first ``mb`` MB of ``text`` (UTF-8), ending at a line end."""
    data = text.encode("utf-8")[:int(mb * 1e6)]
    head = data.decode("utf-8", errors="ignore")
    return head[:head.rfind("\n") + 1] if "\n" in head else head


def split_files(text: str, folder: Path, size: int = 0, count: int = 0) -> int:
    """Write ``text`` as files of about ``size`` bytes, or as ``count`` files, cut at line ends."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    total = sum(len(ln.encode("utf-8")) + 1 for ln in lines)
    size = size or max(1, total // count)
    n, buf, have = 0, [], 0
    for ln in lines:
        buf.append(ln)
        have += len(ln.encode("utf-8")) + 1
        if have >= size:
            (folder / f"d{n:06d}.txt").write_text("\n".join(buf) + "\n", encoding="utf-8")
            n, buf, have = n + 1, [], 0
            if count and n == count:
                break
    if buf and (not count or n < count):
        (folder / f"d{n:06d}.txt").write_text("\n".join(buf) + "\n", encoding="utf-8")
        n += 1
    return n


def small_files(text: str, folder: Path, count: int, chunk: int = 170) -> int:
    """``count`` files of about 250 bytes: the text cut into sentences, regrouped
    until a file holds ``chunk`` bytes (a sentence more makes the 250 on average)."""
    if folder.exists():
        return len(list(folder.glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[。！？；\n])", text) if s.strip()]
    folder.mkdir(parents=True)
    n = k = 0
    while n < count and k < len(sentences):
        buf, have = [], 0
        while k < len(sentences) and have < chunk:
            buf.append(sentences[k].strip())
            have += len(sentences[k].encode("utf-8"))
            k += 1
        (folder / f"s{n:06d}.txt").write_text("".join(buf) + "\n", encoding="utf-8")
        n += 1
    return n


# --- running kg ------------------------------------------------------------------

class Run(dict):
    """seconds, maxrss_mb, tree_mb, rc, stdout, stderr, timed_out."""

    def time(self) -> str:
        return f"> {self['seconds']:.0f} s (stopped)" if self["timed_out"] else f"{self['seconds']:.1f} s"

    def memory(self) -> str:
        if self["timed_out"]:
            return f"≥ {self['tree_mb']:.0f} MB"
        return f"{self['maxrss_mb']:.0f} MB (tree {self['tree_mb']:.0f})"


def run_kg(args: list[str], src: Path | None, timeout: float) -> Run:
    """``python -m kg ARGS`` under the wrapper that reports its largest child's peak RSS."""
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "kg", *map(str, args)]
    env = dict(os.environ, PYTHONPATH=str(src)) if src else None
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env=env, cwd=src, start_new_session=True)
    mem = TreeMemory(proc.pid)
    mem.start()
    timed_out = False
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, 9)  # the build and every process it forked: ours alone, by group id
        stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - t0
    mem.done.set()
    mem.join()
    usage = next((ln.split()[1:] for ln in stderr.splitlines() if ln.startswith("MAXRSS")), ["0", "0"])
    if proc.returncode not in (0, 1) and not timed_out:
        print(f"  kg {' '.join(map(str, args))} failed ({proc.returncode}): {stderr.strip()[-500:]}", file=sys.stderr)
    return Run(seconds=seconds, maxrss_mb=int(usage[0]) / 1024, tree_mb=mem.peak / 2**20, rc=proc.returncode,
               stdout=stdout, stderr=stderr, timed_out=timed_out)


def build(inputs, out: Path, src, timeout: float, *extra: str) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return run_kg(["build", *map(str, inputs), "-o", out, "--no-cache", *extra], src, timeout)


def row(*cells) -> None:
    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)


# --- the parts -------------------------------------------------------------------

def part_sweep(work: Path, src, args) -> None:
    sizes = [float(x) for x in args.sweep.split(",")]
    text = corpus_text(work, max(max(sizes), 2.0))
    one = work / "sweep" / "one-line.txt"
    one.parent.mkdir(parents=True, exist_ok=True)
    one.write_text(cut(text, 0.0005), encoding="utf-8")
    base = min(build([one], work / "out-base", src, args.timeout, "--only", "turtle", "-j", "1")["seconds"]
               for _ in range(2))
    print(f"\nfixed cost of a build (a one-line document: process start, jieba loaded): {base:.1f} s")
    row("one document", "time", "s/MB", "same text as 2 KB documents", "s/MB", "× small", "peak memory")
    row(*["---"] * 7)
    for mb in sizes:
        doc = work / "sweep" / f"doc-{mb:g}mb.txt"
        doc.write_text(cut(text, mb), encoding="utf-8")
        real_mb = doc.stat().st_size / 1e6
        small = work / "sweep" / f"small-{mb:g}mb"
        if not small.exists():
            split_files(doc.read_text(encoding="utf-8"), small, size=2000)
        r = build([doc], work / "out-doc", src, args.timeout, "--only", "turtle", "-j", "1")
        s = build([small], work / "out-small", src, args.timeout, "--only", "turtle", "-j", "1")
        per = (r["seconds"] - base) / real_mb
        per_small = (s["seconds"] - base) / real_mb
        ratio = "-" if r["timed_out"] else f"{per / per_small:.2f}"
        row(f"{real_mb:.2f} MB", r.time(), "-" if r["timed_out"] else f"{per:.1f}",
            f"{len(list(small.glob('*.txt')))} files: {s.time()}", f"{per_small:.1f}", ratio, r.memory())


def part_long(work: Path, src, args) -> None:
    text = corpus_text(work, 5.0)
    line = work / "long" / "one-line-5mb.txt"
    line.parent.mkdir(parents=True, exist_ok=True)
    line.write_text(cut(text, 5.0).replace("\n", "") + "\n", encoding="utf-8")
    small = work / "long" / "small-20k"
    n = small_files(line.read_text(encoding="utf-8"), small, 20000)
    print()
    row("work", "time", "peak memory", "summary")
    row(*["---"] * 4)
    r = build([line], work / "out-line", src, args.timeout, "-j", "2")
    row(f"one {line.stat().st_size / 1e6:.1f} MB document on one line, default exports", r.time(), r.memory(),
        _summary(r))
    r = build([small], work / "out-line-small", src, args.timeout, "-j", "2")
    row(f"the same text as {n} small files, default exports", r.time(), r.memory(), _summary(r))
    big = work / "long" / f"one-{args.mb:g}mb.txt"
    big.write_text(corpus_text(work, args.mb), encoding="utf-8")
    r = build([big], work / "out-big", src, args.timeout, "--only", "turtle", "-j", "2")
    row(f"one {big.stat().st_size / 1e6:.1f} MB document, --only turtle", r.time(), r.memory(), _summary(r))


def _summary(r: Run) -> str:
    m = re.search(r"entities: ([^;]*);", r["stdout"])
    return ("entities " + m.group(1)) if m else ("stopped" if r["timed_out"] else r["stderr"].strip()[-120:])


def part_corpus(work: Path, src, args) -> dict:
    text = corpus_text(work, 8.0)
    print()
    row("corpus", "exports", "time", "max RSS", "tree PSS", "kg.ttl")
    row(*["---"] * 6)
    peaks = {}
    for count in (5000, 20000):
        folder = work / f"files-{count}"
        n = small_files(text, folder, count)
        size = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        for label, extra in (("--only turtle", ["--only", "turtle"]), ("default (all)", [])):
            out = work / f"out-files-{count}-{'turtle' if extra else 'all'}"
            r = build([folder], out, src, args.timeout, "-j", "2", *extra)
            peaks[count, bool(extra)] = r
            ttl = out / "kg.ttl"
            row(f"{n} files, {size:.1f} MB", label, r.time(), f"{r['maxrss_mb']:.0f} MB", f"{r['tree_mb']:.0f} MB",
                f"{ttl.stat().st_size / 1e6:.1f} MB" if ttl.exists() else "-")
    for key in ("maxrss_mb", "tree_mb"):
        name = "max RSS" if key == "maxrss_mb" else "tree PSS"
        a20, t20, a5 = peaks[20000, False][key], peaks[20000, True][key], peaks[5000, False][key]
        print(f"{name}: default / --only turtle at 20,000 = {a20 / t20:.2f} (target ≤ 2); "
              f"default at 20,000 / at 5,000 = {a20 / a5:.2f} (target ≤ 1.5)")
    return peaks


def part_validate(work: Path, src, args) -> None:
    graphs = []
    for count in (5000, 20000):
        ttl = work / f"out-files-{count}-turtle" / "kg.ttl"
        if not ttl.exists():
            folder = work / f"files-{count}"
            small_files(corpus_text(work, 8.0), folder, count)
            build([folder], ttl.parent, src, args.timeout, "-j", "2", "--only", "turtle")
        graphs.append(ttl)
    big = work / f"out-corpus-{args.mb:g}mb" / "kg.ttl"
    if not big.exists():
        corpus_text(work, args.mb)
        build([work / f"corpus-{args.mb:g}mb"], big.parent, src, args.timeout, "-j", "2", "--only", "turtle")
    graphs.append(big)
    print()
    row("kg validate", "triples", "time", "peak memory", "verdict")
    row(*["---"] * 5)
    for ttl in graphs:
        r = run_kg(["validate", ttl], src, args.timeout)
        triples = _triples(ttl)
        said = [ln for ln in r["stderr"].splitlines() if ln.startswith("kg validate:")] or ["?"]
        verdict = "conforms" if r["rc"] == 0 else said[-1].split(": ", 2)[-1]
        row(f"{ttl.stat().st_size / 1e6:.1f} MB kg.ttl", f"{triples:,}", r.time(), r.memory(),
            verdict if not r["timed_out"] else "stopped")


def _triples(ttl: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE))


def part_html(work: Path, src, args) -> None:
    import statistics

    import harness
    from synthetic import synthetic

    from kg.export.html import write_html

    print()
    row("kg.html", "nodes in the page", "shown first", "render (Python)", "page size", "drawn after (median of 3)")
    row(*["---"] * 6)
    with harness.chromium() as browser:
        for n in (5000, 20000):
            pg = synthetic(n)
            path = work / f"page-{n}.html"
            t0 = time.perf_counter()
            write_html(pg, path)
            render = time.perf_counter() - t0
            ready, shown = [], 0
            for _ in range(3):
                page, traffic, seconds = harness.open_page(browser, path)
                if traffic.external or traffic.console_errors or harness.drawn_pixels(page) == 0:
                    sys.exit(f"{path}: requests {traffic.external}, errors {traffic.console_errors}, or nothing drawn")
                ready.append(seconds)
                shown = page.evaluate("() => kg.nodes.length")
                page.close()
            row(f"{n:,} entities", f"{len(pg.nodes):,}", shown, f"{render:.1f} s", f"{path.stat().st_size / 1e6:.1f} MB",
                f"{statistics.median(ready):.2f} s")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", action="append", choices=PARTS, help="run only these parts (repeatable)")
    ap.add_argument("--sweep", default="0.25,0.5,1,2", help="document sizes in MB for the sweep")
    ap.add_argument("--mb", type=float, default=50.0, help="size of the long document and the validated corpus")
    ap.add_argument("--timeout", type=float, default=600.0, help="stop a run after this many seconds")
    ap.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (default: a temp dir)")
    ap.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                    help="run the working tree's kg, not a copy taken at the start")
    args = ap.parse_args(argv)
    work = (args.work or Path(tempfile.mkdtemp(prefix="kg-scale-"))).resolve()
    work.mkdir(parents=True, exist_ok=True)
    src = None
    if args.snapshot:  # the same code for every run, whatever is edited meanwhile
        src = work / "src"
        shutil.rmtree(src, ignore_errors=True)
        snapshot(src)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; work folder {work}")
    try:
        for part in args.only or PARTS:
            globals()[f"part_{part}"](work, src, args)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
