"""The processes a build forks: whether it can fork, and their names.

Three parts of a build fork: the reader (:mod:`kg.ingest.readahead`), the
extraction workers (:mod:`kg.pipeline`) and the Turtle writers
(:mod:`kg.export.turtle`). They fork only where ``fork`` is safe and shares
memory copy-on-write (Linux); elsewhere each falls back to its own way.

A forked process keeps its parent's name (``python``); each names itself so
that a user watching ``top`` and the benchmark (``bench/build_bench.py``,
which counts busy workers) can tell them apart.
"""
from __future__ import annotations

import multiprocessing
import sys

READER = "kg-reader"
WORKER = "kg-worker"
WRITER = "kg-writer"


def fork_context():
    """The ``fork`` multiprocessing context, or None where forking is not used."""
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def name_this_process(name: str) -> None:
    """Start of every forked child: set its name (at most 15 bytes, the
    kernel's limit; Linux only) and leave Ctrl-C to the parent.

    A terminal sends SIGINT to the whole process group: without this, each
    child would print its own ``Process ForkPoolWorker-2:`` traceback while
    the parent stops them anyway.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with open("/proc/self/comm", "w", encoding="ascii") as comm:
            comm.write(name[:15])
    except OSError:
        pass
