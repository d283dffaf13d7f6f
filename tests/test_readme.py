"""README is true: what it shows is produced and checked here.

* every ``$ kg …`` transcript is run on a fresh build of the seeds and its
  output compared (trimming rule: see tests/readme_examples.py);
* ``$ python bench/…`` transcripts are measurements: their options are
  checked against the script's ``--help``;
* every other ``kg …`` line of a shell block uses options the command has;
* the SPARQL and Python blocks run.

When the extractor or a message changes, regenerate README's outputs with
``python tests/readme_examples.py --update`` (the failure message says so).
"""
from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readme_examples as R  # noqa: E402

TEXT = R.README.read_text(encoding="utf-8")
TRANSCRIPTS = R.transcripts(TEXT)
RUN = [t for t in TRANSCRIPTS if not R.is_measurement(t.command)]
MEASURED = [t for t in TRANSCRIPTS if R.is_measurement(t.command)]


@pytest.fixture(scope="module")
def sandbox(seed_graph_dir):
    return R.sandbox(seed_graph_dir)


def test_readme_has_transcripts():
    assert len(RUN) >= 8 and MEASURED


@pytest.mark.parametrize("t", RUN, ids=[t.command for t in RUN])
def test_shown_output_is_what_the_command_prints(t, sandbox):
    actual = R.run(t.command, sandbox)
    if not R.matches(t.shown, actual):
        diff = "\n".join(difflib.unified_diff(t.shown, R.trimmed(t.shown, actual), "README.md", "now", lineterm=""))
        pytest.fail(f"README.md line {t.start}: `{t.command}` prints something else now; "
                    f"if the change is right, run: {R.UPDATE_COMMAND}\n{diff}")


@pytest.mark.parametrize("t", MEASURED, ids=[t.command for t in MEASURED])
def test_measured_commands_take_those_options(t):
    args = t.command.split()
    script = R.REPO / args[1]
    assert script.is_file(), t.command
    help_text = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True,
                               cwd=R.REPO, timeout=120).stdout
    for option in (a for a in args[2:] if a.startswith("--")):
        assert option in help_text, f"{t.command}: {option} is not an option of {args[1]}"


def _kg_lines() -> list[str]:
    lines = []
    for block in R.blocks(TEXT):
        if block.lang in ("sh", "bash", "") and not any(line.startswith("$ ") for line in block.lines):
            for line in block.lines:
                line = line.split(" #")[0].strip()
                m = re.search(r"(?:^|&& )(kg [a-z]+(?:\s.*)?)$", line)
                if m:
                    lines.append(m[1])
    return lines


@pytest.mark.parametrize("line", _kg_lines())
def test_kg_lines_use_options_the_command_has(line, run_kg):
    command = line.split()[1]
    run = run_kg(command, "--help")
    assert run.returncode == 0, f"`{line}`: kg has no command {command}"
    for option in re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", line):
        assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", run.stdout), \
            f"README: `{line}`: kg {command} has no option {option}"


def test_sparql_block_answers(sandbox):
    sparql = [b for b in R.blocks(TEXT) if b.lang == "sparql"]
    assert sparql
    for block in sparql:
        query = sandbox / "readme-query.rq"
        query.write_text("\n".join(block.lines), encoding="utf-8")
        out = R.run(f"kg query --file {query} --format csv", sandbox)
        assert len(out) > 1 and "," in out[0], out


def test_python_blocks_run_as_written(sandbox, seed_graph_dir):
    """The Dask snippet, as a user pastes it into a file: corpus/ is the seeds."""
    blocks = [b for b in R.blocks(TEXT) if b.lang == "python"]
    assert blocks
    corpus = sandbox / "corpus"
    if not corpus.exists():
        corpus.symlink_to(R.REPO / "seeds", target_is_directory=True)
    for n, block in enumerate(blocks):
        script = sandbox / f"readme-snippet-{n}.py"
        script.write_text("\n".join(block.lines) + "\n", encoding="utf-8")
        run = subprocess.run([sys.executable, script.name], cwd=sandbox, capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(R.REPO)}, timeout=600)
        assert run.returncode == 0, f"README's python block {n} fails as written:\n{run.stderr[-2000:]}"
    written = rdflib.Graph().parse(sandbox / "out" / "kg.nt", format="nt")
    built = rdflib.Graph().parse(seed_graph_dir / "kg.ttl", format="turtle")
    assert set(written) == set(built)
