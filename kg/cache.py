"""Cache of per-document extraction results, for incremental builds.

Rebuilding a corpus after adding one document should extract only that
document. A :class:`ResultCache` keeps, for every document extracted, what
the graph needs from it (entities and facts: the path-independent part of a
:class:`~kg.graph.build.DocResult`), keyed by

* the document: its content hash (``Document.sha256``, of the raw bytes)
  together with a digest of the cleaned text that extraction reads (the
  same bytes read as .html or as .txt clean differently);
* the extractor: :func:`extractor_version`, a hash of the source files of
  ``kg.extract`` with its lexicons, ``kg.ingest`` and ``kg.graph.build``
  (computed once per process), so any change to the rules, the lexicons
  or the cleaning empties the cache instead of serving stale results.

It is one SQLite file (``results.sqlite`` in the cache folder; default
``OUT/.kg-cache``): one file whatever the corpus size, safe when two builds
share it. Only the process that builds the graph reads and writes it;
workers never touch it. It keeps a rollback journal, not a write-ahead log:
a write that fails (a full disk) is rolled back and its journal removed, so
a failed build leaves the cache as it was and takes no room of its own.
A write failure turns the cache off for the rest of the run
(:attr:`ResultCache.failure` says why); the build goes on.

Every result records when it was last used: :meth:`ResultCache.prune`
drops those unused for some days, :meth:`ResultCache.stats` tells the size
(``kg cache``).

>>> import tempfile
>>> from kg.graph.build import DocRecord, DocResult
>>> from kg.document import Document
>>> doc = Document("d", "d.txt", "d.txt", "原文", "原文", sha256="ab")
>>> with ResultCache(tempfile.mkdtemp()) as cache:
...     cache.get(doc) is None
...     cache.put(doc, DocResult(DocRecord("d", "d.txt", "d.txt"), [("Brand", "零距离", ())], []))
...     cache.get(doc).entities
True
[('Brand', '零距离', ())]
"""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .graph.build import DocRecord, DocResult, FactRecord

#: what the extractor version is computed from, relative to the kg package
_VERSIONED = ("extract", "ingest", "graph/build.py", "document.py")
_SUFFIXES = {".py", ".txt", ".json", ".tsv"}


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A hash of every source file and lexicon that decides a DocResult."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for part in _VERSIONED:
        p = root / part
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in _SUFFIXES) if p.is_dir() else [p]
        for f in files:
            h.update(f.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(f.read_bytes() + b"\0")
    return h.hexdigest()[:32]


def _user_lexicons() -> str:
    from .curate.userlex import cache_suffix
    return cache_suffix()


def document_key(doc) -> str:
    """The cache key of a :class:`~kg.document.Document`."""
    h = hashlib.blake2b(digest_size=16)
    h.update(doc.original.encode("utf-8", "surrogatepass"))
    h.update(b"\0")
    h.update(doc.text.encode("utf-8", "surrogatepass"))
    return f"{doc.sha256}:{h.hexdigest()}"


@dataclass
class CacheStats:
    results: int          # results of the current extractor version
    stale: int            # results of other versions (never served again)
    size: int             # bytes on disk
    oldest_use: float | None  # when the least recently used result was last used (Unix time)


class ResultCache:
    """Extraction results on disk, keyed by document content and extractor version."""

    FILE = "results.sqlite"

    def __init__(self, folder: str | Path, version: str | None = None, batch: int = 256,
                 drop_stale: bool = True):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        # the user's lexicons (kg build --lexicon) decide results too
        self.version = version or extractor_version() + _user_lexicons()
        self.batch = batch
        self.hits = self.misses = 0
        #: why the cache stopped writing (a full disk…), or None
        self.failure: str | None = None
        self._pending: dict[str, bytes] = {}  # written in batches: one transaction each
        self._used: set[str] = set()          # keys served, whose use time is updated at flush
        self._db = sqlite3.connect(self.folder / self.FILE, timeout=60)
        self._db.execute("PRAGMA journal_mode=DELETE")  # a rolled-back write leaves no file behind
        columns = [row[1] for row in self._db.execute("PRAGMA table_info(results)")]
        if columns and "used" not in columns:  # a cache of an older kg: rebuilt
            self._db.execute("DROP TABLE results")
        self._db.execute("CREATE TABLE IF NOT EXISTS results "
                         "(version TEXT, key TEXT, value BLOB, used REAL, PRIMARY KEY (version, key))")
        if drop_stale:
            # results of another extractor version can never be served again
            self._db.execute("DELETE FROM results WHERE version != ?", (self.version,))
        self._db.commit()

    def get(self, doc) -> DocResult | None:
        """The cached result for ``doc`` (with ``doc``'s own id, file and source), or None."""
        key = document_key(doc)
        value = self._pending.get(key)
        if value is None:
            row = self._db.execute("SELECT value FROM results WHERE version = ? AND key = ?",
                                   (self.version, key)).fetchone()
            if row is None:
                self.misses += 1
                return None
            value = row[0]
            self._used.add(key)
        self.hits += 1
        entities, facts = pickle.loads(value)
        rec = DocRecord(doc.id, doc.file_name, doc.source, doc.title, doc.url, doc.sha256)
        return DocResult(rec, entities, [FactRecord(*f) for f in facts])

    def put(self, doc, result: DocResult) -> None:
        # the record (id, file, source) is the path's, not the content's: not cached
        if self.failure:
            return
        facts = [(f.subject, f.predicate, f.object, f.evidence, f.rule) for f in result.facts]
        value = pickle.dumps((result.entities, facts), protocol=pickle.HIGHEST_PROTOCOL)
        self._pending[document_key(doc)] = value
        if len(self._pending) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Write what is pending in one transaction; a failure is remembered, never raised."""
        if self.failure or not (self._pending or self._used):
            self._pending.clear()
            return
        now = time.time()
        try:
            with self._db:  # one transaction, rolled back on error
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)",
                                     [(self.version, k, v, now) for k, v in self._pending.items()])
                self._db.executemany("UPDATE results SET used = ? WHERE version = ? AND key = ?",
                                     [(now, self.version, k) for k in self._used])
        except sqlite3.Error as error:
            self.failure = f"cannot write {self.folder / self.FILE}: {error}"
        self._pending.clear()
        self._used.clear()

    def stats(self) -> CacheStats:
        results, oldest = self._db.execute("SELECT COUNT(*), MIN(used) FROM results WHERE version = ?",
                                           (self.version,)).fetchone()
        stale = self._db.execute("SELECT COUNT(*) FROM results WHERE version != ?", (self.version,)).fetchone()[0]
        return CacheStats(results, stale, (self.folder / self.FILE).stat().st_size, oldest)

    def prune(self, older_than_days: float | None = None) -> int:
        """Drop the results of other extractor versions and, with
        ``older_than_days``, those not used for that long; give the space back.
        Returns how many results were dropped."""
        self.flush()
        with self._db:
            dropped = self._db.execute("DELETE FROM results WHERE version != ?", (self.version,)).rowcount
            if older_than_days is not None:
                limit = time.time() - older_than_days * 86400
                dropped += self._db.execute("DELETE FROM results WHERE used < ?", (limit,)).rowcount
        self._db.execute("VACUUM")
        return dropped

    def close(self) -> None:
        self.flush()
        self._db.close()

    def __enter__(self) -> "ResultCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
