"""The output folder of a build: one build at a time, checked before the
work, and its set of exports replaced as a whole.

A build writes several exports (kg.ttl, kg.html, kg.gexf, kg.graphml,
neo4j/). Written one after the other into OUT, a build stopped half-way
(Ctrl-C, SIGKILL, a full disk) would leave a new kg.ttl beside the old
kg.html. So :class:`OutputFolder`

* **locks** OUT (``OUT/.kg-build/lock``, an OS file lock that dies with its
  process): a second build into the same folder stops at once with one line;
* **checks** that OUT can be written before any document is read, so a
  read-only or full folder costs nothing;
* **stages** the exports in a fresh folder inside ``OUT/.kg-build/`` (same
  file system: renames are atomic) and, once every one is written,
  **swaps** them in. The swap is a handful of renames, recorded first in a
  journal (``swap.json``): a build killed during those renames is finished
  by the next one, which says so. A build that fails before the swap leaves
  OUT exactly as it was;
* **remembers** which build wrote each export (``exports.json``), so a
  build that wrote only some of them (``--only``) says which files in OUT
  are older.

>>> import tempfile, pathlib
>>> out = OutputFolder(pathlib.Path(tempfile.mkdtemp()) / "out")
>>> with out.locked():
...     out.check_writable()
...     with out.staged() as stage:
...         _ = (stage / "kg.ttl").write_text("new", encoding="utf-8")
...         _ = out.commit(stage, ["kg.ttl"])
>>> (out.path / "kg.ttl").read_text(encoding="utf-8"), out.older_than_last_build()
('new', [])
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from .processes import interrupts_held

#: the hidden folder of a build's own files inside OUT
STATE = ".kg-build"
#: what a build may write into OUT (files and folders), for the mixed-set check
EXPORT_FILES = ("kg.ttl", "kg.nt", "kg.html", "kg.gexf", "kg.graphml", "neo4j")
_PROBE_BYTES = 64 * 1024  # written and removed before the work: a full disk fails here


class OutputError(Exception):
    """OUT (or the cache) cannot be written; ``str()`` is the one line users see."""


def problem(error: OSError) -> str:
    """An OSError as a user reads it: 'No space left on device'."""
    return error.strerror or str(error)


# locks held by this process, by folder: the build holds the lock and the
# graph writer it calls takes it again
_HELD: dict[str, list] = {}
# folders whose exports this process has replaced: a Ctrl-C after that cannot leave them as they were
_REPLACED: set[str] = set()


def replaced_by_this_process(path: str | Path) -> bool:
    """Whether this process swapped a set of exports into ``path`` (for what an interrupted build says)."""
    return os.path.realpath(path) in _REPLACED


class OutputFolder:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.state = self.path / STATE

    # --- one build at a time ---------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator["OutputFolder"]:
        """Hold OUT's lock; raise OutputError at once if another build holds it."""
        from filelock import FileLock, Timeout

        key = os.path.realpath(self.path)
        if key in _HELD:
            _HELD[key][1] += 1
            try:
                yield self
            finally:
                _HELD[key][1] -= 1
            return
        self._make_state()
        lock = FileLock(str(self.state / "lock"), timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError(f"{self.path}: another kg build is writing into this folder; "
                              "wait for it to end, or build into another folder (-o)") from None
        except OSError as error:
            raise OutputError(f"cannot write {self.state / 'lock'}: {problem(error)}") from None
        _HELD[key] = [lock, 1]
        try:
            yield self
        finally:
            del _HELD[key]
            lock.release()

    def _make_state(self) -> None:
        try:
            self.state.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot write {error.filename or self.state}: {problem(error)}") from None

    # --- before the work ---------------------------------------------------------

    def check_writable(self) -> None:
        """Write and remove a small file in OUT: a read-only or full folder fails now, not after extraction."""
        probe = self.state / f"probe-{os.getpid()}"
        try:
            self._make_state()
            with open(probe, "wb") as handle:
                handle.write(b"\0" * _PROBE_BYTES)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise OutputError(f"cannot write {self.path}: {problem(error)}") from None
        finally:
            try:
                probe.unlink()
            except OSError:
                pass

    def recover(self) -> str | None:
        """Finish the swap of a build killed while swapping, and drop the
        stages of builds killed before; what was done, as a line to tell, or None."""
        journal = self.state / "swap.json"
        told = None
        if journal.exists():
            try:
                record = json.loads(journal.read_text(encoding="utf-8"))
                stage, names = self.state / record["stage"], record["names"]
            except (OSError, ValueError, KeyError):
                record = None
            if record is not None and stage.is_dir():
                self._swap(stage, names)
                self._remember(names, record["build"])
                told = (f"{self.path}: the previous build was stopped while replacing its exports; "
                        f"finished replacing them ({', '.join(names)})")
            journal.unlink()
        for stale in self.state.glob("new-*"):
            shutil.rmtree(stale, ignore_errors=True)
        return told

    # --- writing and swapping --------------------------------------------------------

    @contextmanager
    def staged(self) -> Iterator[Path]:
        """A fresh, empty folder to write the exports into; removed afterwards."""
        self._make_state()
        stage = Path(tempfile.mkdtemp(prefix="new-", dir=self.state))
        try:
            yield stage
        finally:
            shutil.rmtree(stage, ignore_errors=True)

    def commit(self, stage: Path, names: Iterable[str]) -> list[Path]:
        """Move the exports ``names`` from ``stage`` into OUT, as one set; their paths in OUT."""
        names = [n for n in names if (stage / n).exists()]
        build = f"{time.strftime('%Y-%m-%dT%H:%M:%S')}-{os.getpid()}"
        journal = self.state / "swap.json"
        tmp = journal.with_suffix(".tmp")
        try:
            with interrupts_held():  # a Ctrl-C meanwhile is raised once the set is in, whole
                tmp.write_text(json.dumps({"stage": stage.name, "names": names, "build": build}), encoding="utf-8")
                os.replace(tmp, journal)  # from here on, the swap is finished even if this process dies
                self._swap(stage, names)
                self._remember(names, build)
                journal.unlink()
                _REPLACED.add(os.path.realpath(self.path))
        except OSError as error:
            raise OutputError(f"cannot write {self.path}: {problem(error)}") from None
        return [self.path / n for n in names]

    def _swap(self, stage: Path, names: list[str]) -> None:
        for name in names:
            new, target = stage / name, self.path / name
            if not new.exists():  # moved already, by the build that was stopped
                continue
            if new.is_dir():
                if target.exists():
                    old = stage / f".old-{name}"
                    shutil.rmtree(old, ignore_errors=True)
                    os.replace(target, old)
                os.replace(new, target)
            else:
                os.replace(new, target)

    # --- which build wrote what ------------------------------------------------------

    def _manifest(self) -> dict:
        try:
            return json.loads((self.state / "exports.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _remember(self, names: list[str], build: str) -> None:
        manifest = self._manifest()
        files = manifest.get("files", {})
        files.update({name: build for name in names})
        manifest = {"last": build, "files": files}
        tmp = self.state / "exports.json.tmp"
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.state / "exports.json")

    def older_than_last_build(self) -> list[str]:
        """Exports in OUT that the last build did not write (older, or of unknown origin)."""
        manifest = self._manifest()
        last, files = manifest.get("last"), manifest.get("files", {})
        return [n for n in EXPORT_FILES if (self.path / n).exists() and files.get(n) != last]
