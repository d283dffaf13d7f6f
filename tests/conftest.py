"""Shared fixtures: the seed graph is built once per test session.

``seed_graph_dir``  the output folder of ``kg build seeds`` (all exports)
``seed_graph``      its kg.ttl parsed into an rdflib Graph
``seed_build``      the finished build: out_dir, returncode, stdout, stderr
``run_kg``          run ``python -m kg ARGS…`` in a subprocess, as a user would

Do not modify the objects these fixtures return: other tests share them.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@dataclass(frozen=True)
class KgRun:
    """What a ``kg`` subprocess did."""
    returncode: int
    stdout: str
    stderr: str
    out_dir: Path | None = None


def _run_kg(*args, env: dict | None = None, cwd: Path | None = None, timeout: float = 600) -> KgRun:
    """``python -m kg ARGS`` with UTF-8 output, whatever the platform's defaults."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True,
                          cwd=cwd or REPO, env=full_env, timeout=timeout)
    return KgRun(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


@pytest.fixture(scope="session")
def run_kg():
    """A function: ``run_kg("build", path, "-o", out, env={...})`` → :class:`KgRun`."""
    return _run_kg


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> KgRun:
    """``kg build seeds -o OUT``, run once per session (a subprocess, like a user)."""
    out = tmp_path_factory.mktemp("seed-build") / "out"
    run = _run_kg("build", SEEDS, "-o", out)
    return KgRun(run.returncode, run.stdout, run.stderr, out)


@pytest.fixture(scope="session")
def seed_graph_dir(seed_build) -> Path:
    """The output folder of ``kg build seeds`` (kg.ttl and the other exports)."""
    assert seed_build.returncode == 0, f"kg build seeds failed:\n{seed_build.stderr}"
    assert (seed_build.out_dir / "kg.ttl").is_file()
    return seed_build.out_dir


@pytest.fixture(scope="session")
def seed_ttl(seed_graph_dir) -> Path:
    """Path of kg.ttl of the seeds."""
    return seed_graph_dir / "kg.ttl"


@pytest.fixture(scope="session")
def seed_graph(seed_graph_dir) -> rdflib.Graph:
    """kg.ttl of the seeds, parsed."""
    g = rdflib.Graph()
    g.parse(seed_graph_dir / "kg.ttl", format="turtle")
    return g
