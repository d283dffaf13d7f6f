"""README's shown commands, run; and README's output blocks, regenerated.

README shows transcripts: code blocks with lines ``$ COMMAND`` followed by
what the command prints. This module finds them, runs every ``kg …``
command as a user would (``python -m kg``, in a sandbox folder whose
``exports/`` is a fresh build of ``seeds/``) and compares.

Trimming rule: a line ``…`` alone in a shown output stands for rows left
out; the lines before it must be the first lines of the real output and the
lines after it its last lines (for a table: the row count). Without ``…``
the output is shown whole and must match whole.

``python bench/…`` commands print measurements of one machine at one time:
they are not re-run (minutes each, never the same figures); their options
are checked against the script's ``--help``.

Regenerate README's outputs after a change (the extractor's, a named
query's, a message's)::

    python tests/readme_examples.py --update

It builds the seeds, runs every command and rewrites each output, keeping
as many first and last lines around ``…`` as README shows now.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
ELLIPSIS = "…"
UPDATE_COMMAND = "python tests/readme_examples.py --update"
#: what the sandbox folder sees of the repository (commands run there)
SANDBOX_LINKS = ("seeds", "docs", "ontology", "kg", "bench")

_FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Transcript:
    """One ``$ command`` of README and the output shown under it."""
    command: str
    shown: list[str]
    start: int   # index in README's lines of the first output line
    end: int     # index after the last output line


@dataclass
class Block:
    lang: str
    lines: list[str]
    start: int   # index in README's lines of the first line inside the fence


def blocks(text: str) -> list[Block]:
    """README's fenced code blocks."""
    out, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m:
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            out.append(Block(m[1], lines[i + 1:j], i + 1))
            i = j
        i += 1
    return out


def transcripts(text: str) -> list[Transcript]:
    """Every ``$ command`` of every block, with the output lines under it."""
    out = []
    for block in blocks(text):
        starts = [k for k, line in enumerate(block.lines) if line.startswith("$ ")]
        for n, k in enumerate(starts):
            stop = starts[n + 1] if n + 1 < len(starts) else len(block.lines)
            out.append(Transcript(block.lines[k][2:], block.lines[k + 1:stop],
                                  block.start + k + 1, block.start + stop))
    return out


def is_measurement(command: str) -> bool:
    return command.startswith("python bench/")


def sandbox(exports: Path) -> Path:
    """A folder where README's commands run: ``exports/`` is ``exports``, the rest links to the repository."""
    root = Path(tempfile.mkdtemp(prefix="readme-"))
    (root / "exports").symlink_to(exports, target_is_directory=True)
    for name in SANDBOX_LINKS:
        (root / name).symlink_to(REPO / name, target_is_directory=True)
    return root


def run(command: str, cwd: Path) -> list[str]:
    """What ``command`` prints (stdout, then stderr), as lines; ``kg`` is ``python -m kg``."""
    args = shlex.split(command)
    if args[0] == "kg":
        args = [sys.executable, "-m", "kg", *args[1:]]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}
    proc = subprocess.run(args, cwd=cwd, capture_output=True, env=env, timeout=600)
    text = (proc.stdout.decode("utf-8") + proc.stderr.decode("utf-8")).replace("\r\n", "\n")  # CSV ends lines with CRLF
    return text.rstrip("\n").split("\n") if text.strip() else []


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether the shown output is the actual one, trimmed by the rule above."""
    if ELLIPSIS not in shown:
        return shown == actual
    k = shown.index(ELLIPSIS)
    head, tail = shown[:k], shown[k + 1:]
    return (len(actual) > len(head) + len(tail) and actual[:len(head)] == head
            and actual[len(actual) - len(tail):] == tail)


def trimmed(shown: list[str], actual: list[str]) -> list[str]:
    """``actual``, trimmed to as many first and last lines as ``shown`` keeps."""
    if ELLIPSIS not in shown:
        return actual
    k = shown.index(ELLIPSIS)
    head, tail = k, len(shown) - k - 1
    if len(actual) <= head + tail + 1:
        return actual
    return actual[:head] + [ELLIPSIS] + (actual[len(actual) - tail:] if tail else [])


def build_seeds(out: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "kg", "build", str(REPO / "seeds"), "-o", str(out), "--no-cache"],
                   cwd=REPO, check=True, capture_output=True, env=env)


def update(readme: Path = README) -> int:
    """Rewrite README's shown outputs from a fresh build; the number of outputs changed."""
    text = readme.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        build_seeds(Path(tmp) / "exports")
        cwd = sandbox(Path(tmp) / "exports")
        lines, changed = text.split("\n"), 0
        for t in reversed(transcripts(text)):  # from the end: indices stay valid
            if is_measurement(t.command):
                continue
            new = trimmed(t.shown, run(t.command, cwd))
            if new != t.shown:
                lines[t.start:t.end] = new
                changed += 1
    readme.write_text("\n".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit(f"usage: {UPDATE_COMMAND}")
    print(f"README.md: {update()} shown output(s) rewritten")
