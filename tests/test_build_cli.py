"""``kg build`` as a user runs it (``python -m kg`` in a subprocess).

The seed build itself is the session fixture ``seed_build`` (conftest.py);
the other builds here run on small documents written by the tests, or on
the seeds with ``--only turtle`` to stay fast.
"""
from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

from kg.vocab import DJ, ENTITY_CLASSES, RELATIONS

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

SUMMARY = re.compile(r"kg build: (\d+) documents? read, (\d+) skipped; entities: (.*?); "
                     r"relations: (.*?); (\d+(?:\.\d+)?) s")

DOC_A = """青松管理处党建工作纪实

青松管理处负责山区高速公路的运营管理。近年来，机关支部创建了“清风驿站”党建品牌，坚持“三点一线”工作法，组织党员开展志愿服务。去年，松柏高速公路有限公司荣获“全国文明单位”称号。
"""
DOC_B = "白杨管理处机关支部打造“暖心桥”党建品牌。"


def summary(stdout: str) -> dict:
    """The numbers of the summary line of ``kg build``."""
    m = SUMMARY.search(stdout)
    assert m, f"no summary line in {stdout!r}"

    def counts(text):
        pairs = [item.rsplit(" ", 1) for item in text.split(", ")]
        return {name: int(n) for name, n in pairs}

    return {"read": int(m[1]), "skipped": int(m[2]), "entities": counts(m[3]),
            "relations": counts(m[4]), "seconds": float(m[5])}


def leftovers(out: Path) -> list[str]:
    """Temporary files of the atomic writes (``.<name>.*.tmp``, ``.<name>.old``…) left in ``out``."""
    names = {p.name for p in out.rglob("*")}
    visible = {n for n in names if not n.startswith(".")} | {"kg.ttl"}
    return sorted(n for n in names if n.endswith((".tmp", ".old"))
                  or any(n.startswith(f".{v}.") for v in visible))


def parse(path: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    return g


def test_help(run_kg):
    run = run_kg("--help")
    assert run.returncode == 0, run.stderr
    for command in ("build", "eval"):
        assert re.search(rf"^\s+{command}\s", run.stdout, re.M), run.stdout
    run = run_kg("build", "--help")
    assert run.returncode == 0 and "--jobs" in run.stdout


def test_seed_build(seed_build, seed_graph):
    assert seed_build.returncode == 0, seed_build.stderr
    assert "Traceback" not in seed_build.stderr
    s = summary(seed_build.stdout)
    n_docs = len([p for p in SEEDS.iterdir() if p.suffix in {".txt", ".html", ".htm", ".md"}])
    assert (s["read"], s["skipped"]) == (n_docs, 0)
    assert s["seconds"] >= 0
    # the counts printed are those of the graph written
    assert list(s["entities"]) == list(ENTITY_CLASSES)
    assert list(s["relations"]) == list(RELATIONS)
    for cls in ENTITY_CLASSES:
        assert s["entities"][cls] == len(set(seed_graph.subjects(RDF.type, DJ[cls]))), cls
    for rel in RELATIONS:
        assert s["relations"][rel] == len(list(seed_graph.triples((None, DJ[rel], None)))), rel
    assert sum(s["entities"].values()) > 0 and sum(s["relations"].values()) > 0
    assert len(set(seed_graph.subjects(RDF.type, DJ.Document))) == n_docs
    assert leftovers(seed_build.out_dir) == []


def test_kg_ttl_is_deterministic(seed_graph_dir, run_kg, tmp_path):
    """Same bytes across runs, worker counts and hash seeds (set iteration order)."""
    runs = {("--jobs", "1", "0"): tmp_path / "j1", ("--jobs", "2", "4242"): tmp_path / "j2"}

    def build(key):
        opt, jobs, seed = key
        return run_kg("build", SEEDS, "-o", runs[key], "--only", "turtle", "--no-cache", opt, jobs,
                      env={"PYTHONHASHSEED": seed})

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(build, runs))
    for r in results:
        assert r.returncode == 0, r.stderr
    reference = (seed_graph_dir / "kg.ttl").read_bytes()
    for key, out in runs.items():
        assert (out / "kg.ttl").read_bytes() == reference, f"kg.ttl differs with {key}"
        assert leftovers(out) == []


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory):
    """A folder with one good file and every kind of bad input, plus a missing path."""
    root = tmp_path_factory.mktemp("bad-inputs")
    folder = root / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    undecodable = b"\x80\xff" * 50
    for codec in ("utf-8", "gb18030"):  # the premise of the test
        with pytest.raises(UnicodeDecodeError):
            undecodable.decode(codec)
    (folder / "undecodable.txt").write_bytes(undecodable)
    (folder / "records.jsonl").write_text(
        '{"id": "r1", "text": "%s"}\n{"id": "r2", "text": "cut off\n{"id": "r3", "text": "%s"}\n'
        % (DOC_B, DOC_A.replace("\n", "\\n")), encoding="utf-8")
    return root


def test_bad_inputs_are_reported_and_skipped(bad_inputs, run_kg):
    out = bad_inputs / "out"
    run = run_kg("build", bad_inputs / "in", bad_inputs / "missing.txt", "-o", out, "--only", "turtle")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    expected = {"empty.txt": "empty", "binary.txt": "binary", "undecodable.txt": "decode",
                "records.jsonl:2": "JSON", "missing.txt": "no such file"}
    for name, problem in expected.items():
        naming = [line for line in lines if re.search(rf"{re.escape(name)}\b", line)]
        assert len(naming) == 1, (name, lines)
        assert problem.lower() in naming[0].split(name, 1)[1].lower(), naming[0]
    assert not any("good.txt" in line or "records.jsonl:1" in line or "records.jsonl:3" in line
                   for line in lines)
    s = summary(run.stdout)
    assert (s["read"], s["skipped"]) == (3, 5)      # good.txt, records 1 and 3
    g = parse(out / "kg.ttl")
    files = sorted(str(f) for f in g.objects(None, DJ.fileName))
    assert files == ["good.txt", "records.jsonl", "records.jsonl"]
    assert leftovers(out) == []


def test_exit_status_zero_and_encodings(run_kg, tmp_path):
    """GB18030 and UTF-8 with a BOM read exactly like plain UTF-8."""
    folder = tmp_path / "in"
    folder.mkdir()
    gb = DOC_A.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    (folder / "gb.txt").write_bytes(gb)
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + DOC_A.encode("utf-8"))
    (folder / "plain.txt").write_bytes(DOC_A.encode("utf-8"))
    run = run_kg("build", folder, "-o", tmp_path / "out", "--only", "turtle")
    assert run.returncode == 0, run.stderr
    assert not [line for line in run.stderr.splitlines() if line.startswith("kg build:")]
    assert summary(run.stdout)["skipped"] == 0
    g = parse(tmp_path / "out" / "kg.ttl")

    def facts(file_name):
        doc = next(g.subjects(DJ.fileName, rdflib.Literal(file_name)))
        return {(g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object),
                 str(g.value(st, DJ.evidence))) for st in g.subjects(rdflib.PROV.wasDerivedFrom, doc)}

    plain = facts("plain.txt")
    assert plain and all("\ufffd" not in ev and "\ufeff" not in ev for *_, ev in plain)
    assert facts("gb.txt") == plain
    assert facts("bom.txt") == plain
    assert any("清风驿站" in str(label) for label in g.objects(None, rdflib.RDFS.label))


def test_failed_run_keeps_the_previous_graph(seed_graph_dir, bad_inputs, run_kg, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(seed_graph_dir / "kg.ttl", out / "kg.ttl")
    before = (out / "kg.ttl").read_bytes()
    run = run_kg("build", bad_inputs / "in" / "empty.txt", bad_inputs / "missing.txt", "-o", out)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "empty.txt" in run.stderr and "missing.txt" in run.stderr
    assert (out / "kg.ttl").read_bytes() == before
    assert leftovers(out) == []
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["kg.ttl"]


# --- --only (issue 13) ----------------------------------------------------------

def test_only_rejects_unknown_names_and_lists_the_valid_ones(run_kg, tmp_path):
    for bad in ("foo", "jsonld", "html,foo"):
        run = run_kg("build", SEEDS / "001_37f1971139e4b0f6.txt", "-o", tmp_path / "out", "--only", bad)
        assert run.returncode == 2, (bad, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr
        for name in ("turtle", "nt", "html", "gexf", "graphml", "neo4j"):
            assert name in run.stderr, (bad, run.stderr)
        assert not (tmp_path / "out").exists(), "a usage error writes nothing"
    run = run_kg("build", "--help")
    assert all(name in run.stdout for name in ("turtle", "nt", "html", "gexf", "graphml", "neo4j")), run.stdout


def test_only_takes_comma_separated_names_and_nt_implies_ntriples(run_kg, tmp_path):
    doc = SEEDS / "001_37f1971139e4b0f6.txt"
    run = run_kg("build", doc, "-o", tmp_path / "a", "--only", "html,gexf", "--no-cache")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "a").iterdir() if not p.name.startswith(".")) == ["kg.gexf", "kg.html"]
    assert not run.stdout.rstrip().endswith("→")
    run = run_kg("build", doc, "-o", tmp_path / "b", "--only", "nt", "--no-cache")
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir() if not p.name.startswith(".")) == ["kg.nt"]
    run = run_kg("build", doc, "-o", tmp_path / "c", "--only", "nt", "--format", "ttl")
    assert run.returncode == 2 and "--format" in run.stderr, run.stderr


def test_a_stray_byte_keeps_the_document_with_one_warning(run_kg, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = (DOC_A * 12).encode("gbk")
    cut = len(data) // 2
    (folder / "scraped.txt").write_bytes(data[:cut] + b"\x80" + data[cut:])
    run = run_kg("build", folder, "-o", tmp_path / "out", "--only", "turtle", "--no-cache")
    assert run.returncode == 0, run.stderr
    assert summary(run.stdout)["read"] == 1
    assert "1 document read" in run.stdout  # not "1 documents"
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "scraped.txt" in lines[0] and "warning" in lines[0], lines


def _processes_named(name: str) -> int:
    import os
    n = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm", encoding="ascii", errors="replace") as comm:
                n += comm.read().strip() == name
        except OSError:
            pass
    return n


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="process names are read from /proc")
def test_ctrl_c_during_extraction_says_one_line(tmp_path):
    """Ctrl-C reaches every process of the group, as a terminal sends it: the
    workers and the reader stay silent, the build says one line."""
    import os
    import signal
    import subprocess
    import sys
    import time

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(300):
        (corpus / f"d{i:03}.txt").write_text(DOC_A * 8 + f"第{i}篇。", encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", corpus, "-o", out, "--no-cache", "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        deadline = time.monotonic() + 60
        while _processes_named("kg-worker") < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        assert proc.poll() is None, "the build ended before it could be interrupted"
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    err = err.decode("utf-8")
    assert proc.returncode == 130, err
    assert "Process ForkPoolWorker" not in err and "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert err.strip().splitlines() == [f"kg build: interrupted; {out} was left as it was"], err
    assert not (out / "kg.ttl").exists()


def test_the_same_input_given_twice_is_read_once(run_kg, tmp_path):
    one = SEEDS / "001_37f1971139e4b0f6.txt"
    run = run_kg("build", one, SEEDS, tmp_path.parent / tmp_path.name / ".." / tmp_path.name / "none.txt",
                 one, "-o", tmp_path / "out", "--only", "turtle")
    s = summary(run.stdout)
    n_docs = len([p for p in SEEDS.iterdir() if p.suffix in {".txt", ".html", ".htm", ".md"}])
    assert (s["read"], s["skipped"]) == (n_docs, 1), run.stderr
    g = parse(tmp_path / "out" / "kg.ttl")
    assert len(set(g.subjects(RDF.type, DJ.Document))) == n_docs
