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
import multiprocessing.context
import signal
import sys
import threading
from contextlib import contextmanager

READER = "kg-reader"
WORKER = "kg-worker"
WRITER = "kg-writer"


@contextmanager
def interrupts_held():
    """Hold Ctrl-C for the time of the block: a SIGINT that arrives meanwhile
    raises KeyboardInterrupt when the block ends, not inside it.

    In the calling thread SIGINT is blocked and, in the main thread, Python's
    handler is a mere recorder. Around a fork this matters twice: the child
    starts with SIGINT blocked (see :class:`_ForkProcess`), and the parent is
    not interrupted inside fork's hooks (logging's, filelock's), where Python
    prints ``Exception ignored in: …`` and drops the KeyboardInterrupt, so
    that the build would go on and end with 0.
    """
    caught: list[int] = []
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    if previous is not None:  # None: a handler not set from Python, left alone
        signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if hasattr(signal, "pthread_sigmask") else None
    try:
        yield
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)  # one held meanwhile is recorded now
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if caught:
        signal.raise_signal(signal.SIGINT)  # to the real handler: KeyboardInterrupt, here


class _ForkProcess(getattr(multiprocessing.context, "ForkProcess", object)):  # no fork on Windows
    """A forked process that leaves Ctrl-C to its parent, from its first instruction.

    A terminal sends SIGINT to the whole process group. Forked with SIGINT
    held (:func:`interrupts_held`), the child ignores it before it lets it
    through: none arrives while fork's hooks run, nor later; the parent stops
    its children when it is interrupted.
    """

    def start(self):
        with interrupts_held():
            super().start()

    def run(self):  # in the child
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a SIGINT held since the fork is dropped
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        super().run()


class _ForkContext(getattr(multiprocessing.context, "ForkContext", object)):
    Process = _ForkProcess


def fork_context():
    """The ``fork`` multiprocessing context, or None where forking is not used.

    Its processes (``ctx.Process``, and the workers of ``ctx.Pool``) ignore
    Ctrl-C: see :class:`_ForkProcess`.
    """
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return _ForkContext()
    return None


def name_this_process(name: str) -> None:
    """Start of every child: set its name (at most 15 bytes, the
    kernel's limit; Linux only) and leave Ctrl-C to the parent.

    A terminal sends SIGINT to the whole process group: without this, each
    child would print its own ``Process ForkPoolWorker-2:`` traceback while
    the parent stops them anyway. (Forked ones ignore it already, from the
    fork on: :class:`_ForkProcess`; this covers ``spawn``.)
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with open("/proc/self/comm", "w", encoding="ascii") as comm:
            comm.write(name[:15])
    except OSError:
        pass
