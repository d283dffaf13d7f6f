"""Names for the processes a build forks, as ``ps``, ``top`` and psutil show them.

A forked process keeps its parent's name (``python``); the reader, the
extraction workers and the Turtle writers name themselves so that a user
watching ``top`` and the benchmark (``bench/build_bench.py``, which counts
busy workers) can tell them apart. Linux only; elsewhere nothing happens.
"""
from __future__ import annotations

READER = "kg-reader"
WORKER = "kg-worker"
WRITER = "kg-writer"


def name_this_process(name: str) -> None:
    """Set this process's name (at most 15 bytes, the kernel's limit)."""
    try:
        with open("/proc/self/comm", "w", encoding="ascii") as comm:
            comm.write(name[:15])
    except OSError:
        pass
