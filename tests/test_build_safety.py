"""A build that cannot finish leaves OUT as it was, and says why in one line.

Read-only and full folders are real ones: a small tmpfs mounted in a
private mount namespace (``unshare -rm``, no privilege needed where user
namespaces are allowed), so the kernel itself says EROFS or ENOSPC.
Interruptions are real signals: SIGKILL sent by the build to itself at a
chosen moment (a driver script wraps one export or ``os.replace``).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ONE = SEEDS / "001_37f1971139e4b0f6.txt"
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def _can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_namespace = pytest.mark.skipif(not _can_unshare(), reason="needs unshare -rm (user and mount namespaces)")


def in_small_fs(mount: Path, script: str, size: str = "400k", read_only: bool = False):
    """Run the Python ``script`` with a tmpfs of ``size`` mounted on ``mount`` (seen by it alone)."""
    mount.mkdir(parents=True, exist_ok=True)
    ro = ' && mount -o remount,ro "$1"' if read_only else ""
    shell = f'mount -t tmpfs -o size={size} tmpfs "$1"{ro} && shift && exec "$@"'
    return subprocess.run(["unshare", "-rm", "--propagation", "private", "sh", "-c", shell, "sh", str(mount),
                           sys.executable, "-c", textwrap.dedent(script)],
                          capture_output=True, cwd=REPO, env=ENV, timeout=600)


def kg(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=ENV, timeout=600, **kw)


def kg_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


# --- before the work: the folder is checked ------------------------------------------------------

@needs_namespace
def test_read_only_output_fails_before_any_document_is_read(tmp_path):
    mount = tmp_path / "ro"
    run = in_small_fs(mount, f"""
        import subprocess, sys
        r = subprocess.run([sys.executable, "-m", "kg", "build", {str(SEEDS)!r}, {str(tmp_path / 'absent.txt')!r},
                            "-o", {str(mount / 'out')!r}], capture_output=True, text=True)
        print(r.returncode); print(r.stderr, file=sys.stderr)
    """, read_only=True)
    err = run.stderr.decode()
    assert run.stdout.decode().split() == ["1"], err
    lines = kg_lines(err)
    assert len(lines) == 1, lines
    assert lines[0].startswith("kg build: cannot write") and str(mount) in lines[0], lines
    assert "read-only" in lines[0].lower(), lines
    assert "absent.txt" not in err, "inputs were read before the output was checked"


def test_unwritable_cache_fails_before_any_document_is_read(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    run = kg("build", SEEDS, tmp_path / "absent.txt", "-o", tmp_path / "out", "--cache-dir", blocker / "cache")
    assert run.returncode == 1
    lines = kg_lines(run.stderr)
    assert len(lines) == 1 and "cache" in lines[0] and str(blocker) in lines[0] and "--no-cache" in lines[0], lines
    assert "Traceback" not in run.stderr and "absent.txt" not in run.stderr


# --- a full disk ----------------------------------------------------------------------------------

@needs_namespace
def test_full_disk_one_line_nothing_replaced_and_the_next_build_works(tmp_path):
    """kg.html does not fit: one line naming it, OUT as it was, the cache small;
    then a build of the graph file alone fits in the room left."""
    mount = tmp_path / "small"
    out = mount / "out"
    run = in_small_fs(mount, f"""
        import json, os, shutil, subprocess, sys
        out = {str(out)!r}
        def build(*args):
            r = subprocess.run([sys.executable, "-m", "kg", "build", {str(SEEDS)!r}, "-o", out, *args],
                               capture_output=True, text=True)
            return {{"rc": r.returncode, "err": r.stderr, "out": r.stdout}}
        def files():
            return sorted(os.path.relpath(os.path.join(d, f), out) for d, _, fs in os.walk(out) for f in fs)
        full = build()
        after_full = {{"files": files(), "used": shutil.disk_usage(out).used}}
        small = build("--only", "turtle")
        print(json.dumps({{"full": full, "after_full": after_full, "small": small, "files": files()}}))
    """)
    assert run.returncode == 0, run.stderr.decode()
    got = json.loads(run.stdout)
    full = got["full"]
    assert full["rc"] == 1, full
    lines = kg_lines(full["err"])
    assert len(lines) == 1 and "Traceback" not in full["err"], lines
    assert lines[0].startswith(f"kg build: cannot write {out}/kg.") and "No space left on device" in lines[0], lines
    # nothing replaced: no export in OUT, no stage left; the cache is consistent and small
    visible = [f for f in got["after_full"]["files"] if not f.startswith(".")]
    assert visible == [], got["after_full"]
    assert not any("/new-" in f or f.endswith(("-journal", "-wal")) for f in got["after_full"]["files"]), got
    assert got["after_full"]["used"] < 200 * 1024, got["after_full"]
    small = got["small"]
    assert small["rc"] == 0, small
    assert "kg.ttl" in got["files"]


# --- one build at a time ---------------------------------------------------------------------------

def test_a_second_build_into_the_same_folder_stops_with_one_line(tmp_path):
    from kg.outdir import OutputFolder

    out = tmp_path / "out"
    with OutputFolder(out).locked():  # another build holds the folder
        run = kg("build", ONE, "-o", out)
    assert run.returncode == 1
    lines = kg_lines(run.stderr)
    assert len(lines) == 1 and str(out) in lines[0] and "another kg build" in lines[0], lines
    assert kg("build", ONE, "-o", out, "--only", "turtle").returncode == 0  # free again


# --- stopped during the exports ------------------------------------------------------------------

KILL_DURING_HTML = """
import os, signal, sys
import kg.export as export
from kg.cli import main
names = dict(export.BUILD_EXPORTS)
def killed(graph, out_dir):
    os.kill(os.getpid(), signal.SIGKILL)   # after kg.ttl is written, while the exports are
export.BUILD_EXPORTS[:] = [(n, killed if n == "html" else f) for n, f in export.BUILD_EXPORTS]
main(sys.argv[1:])
"""

KILL_DURING_SWAP = """
import os, signal, sys
from kg.cli import main
real_replace = os.replace
moved = []
def replace(src, dst):
    if "new-" in str(src) and "new-" not in str(dst):   # from the stage into OUT: the swap
        if len(moved) == 2:
            os.kill(os.getpid(), signal.SIGKILL)   # two exports swapped in, the others not yet
        moved.append(dst)
    return real_replace(src, dst)
os.replace = replace
main(sys.argv[1:])
"""


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.relative_to(out).parts[0].startswith(".")}


def _driver(script: str, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env=ENV, timeout=600)


@pytest.fixture()
def previous_build(tmp_path):
    """OUT holding the full set of exports of one document."""
    out = tmp_path / "out"
    assert kg("build", ONE, "-o", out, "--no-cache").returncode == 0
    return out


def test_killed_while_writing_the_exports_leaves_the_previous_set(previous_build):
    out = previous_build
    before = _snapshot(out)
    run = _driver(KILL_DURING_HTML, "build", SEEDS, "-o", out, "--no-cache")
    assert run.returncode == -9, run.stderr
    assert _snapshot(out) == before, "a killed build changed the exports"
    again = kg("build", SEEDS, "-o", out, "--no-cache")
    assert again.returncode == 0, again.stderr
    assert kg_lines(again.stderr) == [], again.stderr
    assert not [p for p in (out / ".kg-build").iterdir() if p.name.startswith("new-")]


def test_killed_while_swapping_the_exports_is_finished_and_said_by_the_next_build(previous_build, tmp_path):
    out = previous_build
    run = _driver(KILL_DURING_SWAP, "build", SEEDS, "-o", out, "--no-cache")
    assert run.returncode == -9, run.stderr
    assert _snapshot(out) != {}, "the swap had begun"
    # the next build (here of one document only, into the same folder) says what it found and did
    again = kg("build", SEEDS, "-o", out, "--only", "turtle", "--no-cache")
    assert again.returncode == 0, again.stderr
    lines = kg_lines(again.stderr)
    assert any("stopped while replacing its exports" in line and "finished" in line for line in lines), lines
    # the set is the one of the seed build that was stopped: compare with a clean build of the seeds
    clean = tmp_path / "clean"
    assert kg("build", SEEDS, "-o", clean, "--no-cache").returncode == 0
    assert _snapshot(out) == _snapshot(clean)


def test_a_partial_build_says_which_exports_are_older(previous_build):
    run = kg("build", SEEDS, "-o", previous_build, "--only", "turtle")
    assert run.returncode == 0, run.stderr
    lines = kg_lines(run.stderr)
    assert len(lines) == 1 and "kg.html" in lines[0] and "earlier build" in lines[0] and "kg.ttl" not in lines[0], lines


# --- Ctrl-C at the worst moments ------------------------------------------------------------------
# (Ctrl-C during extraction and while kg.ttl's writers run: tests/test_build_cli.py)

CTRL_C_AT_FORK = """
import os, signal, sys
from kg.cli import main
kind, mark = os.environ["KG_TEST_FORK"], os.environ["KG_TEST_MARK"]
# the function of kg on the stack when the process of that kind is forked
frames = {"reader": "read_ahead", "worker": "iter_results", "writer": "write_turtle"}
state = {"this": False, "done": False}
def before():
    names, f = set(), sys._getframe(1)
    while f is not None:
        names.add(f.f_code.co_name)
        f = f.f_back
    this = frames[kind] in names and not (kind == "worker" and "read_ahead" in names)
    state["this"] = this and not state["done"]
    if state["this"]:
        state["done"] = True
        with open(mark, "w") as f:
            f.write(kind)
def in_child():   # the new process, still inside fork's hooks: Ctrl-C to the whole group
    if state["this"]:
        os.killpg(0, signal.SIGINT)
os.register_at_fork(before=before, after_in_child=in_child)
main(sys.argv[1:])
"""

CTRL_C_DURING_SWAP = KILL_DURING_SWAP.replace("os.kill(os.getpid(), signal.SIGKILL)", "os.killpg(0, signal.SIGINT)")


def _group_driver(script: str, *args, env=None) -> subprocess.CompletedProcess:
    """A driver in a process group of its own, as a terminal runs a command: Ctrl-C reaches all of it."""
    return subprocess.run([sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True,
                          cwd=REPO, env={**ENV, **(env or {})}, timeout=600, start_new_session=True)


@pytest.mark.skipif(not hasattr(os, "register_at_fork") or sys.platform != "linux", reason="kg forks on Linux")
@pytest.mark.parametrize("kind", ["reader", "worker", "writer"])
def test_ctrl_c_as_a_process_is_forked_says_one_line(previous_build, tmp_path, kind):
    """SIGINT reaches the group while the reader, a worker or a Turtle writer is
    being forked (the new process still runs fork's hooks, the parent too):
    neither prints "Exception ignored …", and the build does not go on to exit 0."""
    out = previous_build
    before = _snapshot(out)
    mark = tmp_path / "forked"
    run = _group_driver(CTRL_C_AT_FORK, "build", SEEDS, "-o", out, "--no-cache", "-j", "2",
                        env={"KG_TEST_FORK": kind, "KG_TEST_MARK": str(mark)})
    assert mark.read_text() == kind, "the process was never forked"
    assert run.returncode == 130, run.stderr
    assert kg_lines(run.stderr) == [f"kg build: interrupted; {out} was left as it was"], run.stderr
    assert _snapshot(out) == before
    assert not [p for p in (out / ".kg-build").iterdir() if p.name.startswith("new-") or p.name == "swap.json"]


def test_ctrl_c_during_the_swap_finishes_it_and_says_so(previous_build, tmp_path):
    """Too late to leave OUT as it was: the swap, begun, is finished, and the line says so."""
    out = previous_build
    run = _group_driver(CTRL_C_DURING_SWAP, "build", SEEDS, "-o", out, "--no-cache")
    assert run.returncode == 130, run.stderr
    assert kg_lines(run.stderr) == [f"kg build: interrupted; {out} already holds this build's exports"], run.stderr
    clean = tmp_path / "clean"
    assert kg("build", SEEDS, "-o", clean, "--no-cache").returncode == 0
    assert _snapshot(out) == _snapshot(clean)
    assert not (out / ".kg-build" / "swap.json").exists()


# --- the cache -------------------------------------------------------------------------------------

def test_kg_cache_shows_and_prunes(tmp_path):
    out = tmp_path / "out"
    assert kg("build", SEEDS, "-o", out, "--only", "turtle").returncode == 0
    show = kg("cache", out)
    assert show.returncode == 0, show.stderr
    assert "5 results" in show.stdout and str(out / ".kg-cache") in show.stdout, show.stdout
    kept = kg("cache", out, "--prune", "--older-than", "30")
    assert kept.returncode == 0 and "0 dropped" in kept.stdout and "5 results" in kept.stdout, kept.stdout
    pruned = kg("cache", out, "--prune", "--older-than", "0")
    assert pruned.returncode == 0 and "5 dropped" in pruned.stdout and "0 results" in pruned.stdout, pruned.stdout
    missing = kg("cache", tmp_path / "nowhere")
    assert missing.returncode == 1 and "no cache" in missing.stderr and "Traceback" not in missing.stderr
