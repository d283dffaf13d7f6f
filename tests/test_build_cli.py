"""``kg build`` as a user runs it (``python -m kg`` in a subprocess).

The seed build itself is the session fixture ``seed_build`` (conftest.py);
the other builds here run on small documents written by the tests, or on
the seeds with ``--only turtle`` to stay fast.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
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


# --- Ctrl-C (issue 13) -------------------------------------------------------------
#
# A terminal sends SIGINT to every process of the group: the build, its reader,
# its extraction workers and its Turtle writers. The tests send it so, at a
# moment they choose and check: they freeze the group (SIGSTOP), check the
# build is where they want it, send SIGINT and let the group go on (SIGCONT),
# so that the signal lands exactly in the state that was checked.

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="processes are read from /proc")


def _group(pgid: int) -> list[tuple[str, str]]:
    """(name, state) of every process of the process group ``pgid``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:].split()
        if int(fields[2]) == pgid:
            found.append((name, fields[0]))
    return found


def _named(pgid: int, name: str) -> int:
    return sum(n == name for n, _ in _group(pgid))


def _stage(out: Path) -> list[str]:
    """What the build has written so far into its stage, OUT/.kg-build/new-*."""
    names = []
    for stage in (out / ".kg-build").glob("new-*"):
        try:
            names += os.listdir(stage)
        except FileNotFoundError:
            pass
    return names


def _freeze(pgid: int) -> None:
    deadline = time.monotonic() + 10
    while True:  # until every process of the group is stopped, one forked meanwhile too
        os.killpg(pgid, signal.SIGSTOP)
        if all(state in "TtZX" for _, state in _group(pgid)):
            return
        assert time.monotonic() < deadline, _group(pgid)
        time.sleep(0.001)


def _ctrl_c_when(proc, ready, timeout: float = 120) -> None:
    """Send SIGINT to the build's process group as soon as ``ready()`` holds
    while the group is frozen: the build is then exactly in that state."""
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, "the build ended before the moment to interrupt it"
        assert time.monotonic() < deadline, "the moment to interrupt the build never came"
        if ready():
            _freeze(proc.pid)
            if ready():
                os.killpg(proc.pid, signal.SIGINT)
                os.killpg(proc.pid, signal.SIGCONT)
                return
            os.killpg(proc.pid, signal.SIGCONT)
        time.sleep(0.002)


def _files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).parts[0].startswith(".")}


@pytest.fixture(scope="module")
def many_units(tmp_path_factory):
    """800 documents, each naming its own units, brand and method: extraction
    takes seconds with two workers, and kg.ttl is large enough for two writers."""
    import itertools
    chars = "青松白杨红枫金桂碧水银河紫荆丹霞翠竹清泉明月春晖秋实朝阳星火长风远帆"
    corpus = tmp_path_factory.mktemp("many-units")
    for i, (a, b) in enumerate(itertools.islice(itertools.product(chars, repeat=2), 800)):
        (corpus / f"d{i:03}.txt").write_text(
            f"{a}{b}管理处党建工作纪实\n\n{a}{b}管理处负责山区高速公路的运营管理。近年来，{a}{b}管理处机关支部"
            f"创建了“{b}{a}驿站”党建品牌，坚持“{a}{b}三线”工作法，组织党员开展志愿服务。"
            f"去年，{b}{a}高速公路有限公司荣获“全国文明单位”称号。\n" * 3, encoding="utf-8")
    return corpus


def _interrupted_build(corpus: Path, out: Path, ready_when) -> tuple[int, str, list]:
    """``kg build`` of ``corpus`` in a group of its own, Ctrl-C'd when
    ``ready_when(pgid)`` holds; its status, its stderr, and the processes of its group left."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", corpus, "-o", out, "--no-cache", "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    try:
        _ctrl_c_when(proc, lambda: ready_when(proc.pid))
        _, err = proc.communicate(timeout=60)
        deadline = time.monotonic() + 10  # the children end with the build
        while _group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        return proc.returncode, err.decode("utf-8"), _group(proc.pid)
    finally:
        if proc.poll() is None:
            proc.kill()


def _says_one_line(status: int, err: str, left: list, out: Path) -> None:
    assert status == 130, err
    assert "Traceback" not in err and "Exception ignored" not in err and "KeyboardInterrupt" not in err, err
    assert "Process ForkPoolWorker" not in err, err
    assert err.strip().splitlines() == [f"kg build: interrupted; {out} was left as it was"], err
    assert left == [], f"processes of the build still running: {left}"
    state = out / ".kg-build"
    assert not list(state.glob("new-*")) and not (state / "swap.json").exists(), sorted(os.listdir(state))


@needs_proc
def test_ctrl_c_during_extraction_says_one_line(many_units, tmp_path):
    """Interrupted while the documents are extracted (both workers up, nothing
    written yet): the workers and the reader stay silent, the build says one line."""
    out = tmp_path / "out"
    status, err, left = _interrupted_build(
        many_units, out, lambda pgid: _named(pgid, "kg-worker") == 2 and not _stage(out))
    _says_one_line(status, err, left, out)
    assert _files(out) == {}


@needs_proc
def test_ctrl_c_while_the_writers_write_kg_ttl_leaves_out_as_it_was(many_units, run_kg, tmp_path):
    """Interrupted while a forked writer serializes its part of kg.ttl (the
    extraction is over): one line, and OUT holds the previous build's exports."""
    out = tmp_path / "out"
    assert run_kg("build", SEEDS / "001_37f1971139e4b0f6.txt", "-o", out, "--no-cache").returncode == 0
    before = _files(out)
    assert "kg.ttl" in before and "kg.html" in before
    status, err, left = _interrupted_build(many_units, out, lambda pgid: _named(pgid, "kg-writer") >= 1)
    _says_one_line(status, err, left, out)
    assert _files(out) == before


def test_the_same_input_given_twice_is_read_once(run_kg, tmp_path):
    one = SEEDS / "001_37f1971139e4b0f6.txt"
    run = run_kg("build", one, SEEDS, tmp_path.parent / tmp_path.name / ".." / tmp_path.name / "none.txt",
                 one, "-o", tmp_path / "out", "--only", "turtle")
    s = summary(run.stdout)
    n_docs = len([p for p in SEEDS.iterdir() if p.suffix in {".txt", ".html", ".htm", ".md"}])
    assert (s["read"], s["skipped"]) == (n_docs, 1), run.stderr
    g = parse(tmp_path / "out" / "kg.ttl")
    assert len(set(g.subjects(RDF.type, DJ.Document))) == n_docs
