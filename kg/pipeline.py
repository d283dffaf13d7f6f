"""The whole build, as a library: documents → ingest → extract → graph → exports.

>>> report = build(["seeds"], "exports", jobs=1)        # doctest: +SKIP
>>> report.summary()                                     # doctest: +SKIP
'5 documents read, 0 skipped; entities: …'

The CLI (``kg build``) only wraps :func:`build`.

How a corpus flows (memory grows with the graph, not with the corpus):

* ingest streams documents from the inputs: in the parent process with
  ``jobs=1``, else in a reader process forked first, which reads ahead
  while the parent loads jieba (:mod:`kg.ingest.readahead`);
* a document whose content and extractor version are in the cache
  (:mod:`kg.cache`) is not extracted again;
* the others go in small batches to ``jobs`` forked worker processes (jieba
  and the lexicons are loaded once, in the parent, before the fork); at most
  a few batches per worker are in flight, so the text held at any time is
  bounded whatever the corpus size;
* results come back in input order, whatever ``jobs`` is, and are merged
  into a :class:`~kg.graph.build.GraphBuilder`, which keeps only entities,
  facts and their evidence sentences;
* ``kg.ttl`` is written from the builder by pyoxigraph's serializer, in
  ``jobs`` parts at once (forked); with
  ``fmt="nt"``, ``kg.nt`` is streamed as documents are merged, labels last.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .document import Document, IngestError
from .extract import extract, warm_up
from .graph.build import DocResult, GraphBuilder, doc_result
from .ingest import iter_documents
from .ingest.readahead import read_ahead
from .processes import WORKER, fork_context, interrupts_held, name_this_process
from .vocab import ENTITY_CLASSES, RELATIONS

#: a batch sent to a worker holds at most this many characters or documents:
#: big enough that task overhead vanishes, small enough to bound memory
BATCH_CHARS = 64_000
BATCH_DOCS = 64
#: batches in flight per worker (keeps workers busy while the parent merges)
IN_FLIGHT = 3
#: names under which ``exports`` selects the graph file itself (kg.ttl or kg.nt)
GRAPH_EXPORT = "turtle"
_GRAPH_ALIASES = {"turtle", "ttl", "nt", "ntriples", "graph"}
FORMATS = ("ttl", "nt")
#: the file (or folder) each export writes into OUT, for error lines
_EXPORT_FILES = {"html": "kg.html", "gexf": "kg.gexf", "graphml": "kg.graphml", "neo4j": "neo4j"}
#: what ``--only`` takes: the graph file (kg.ttl, or kg.nt with ``nt``) and the other exports
EXPORT_NAMES = ("turtle", "nt", "html", "gexf", "graphml", "neo4j")


def parse_exports(values: Iterable[str]) -> tuple[set[str], str | None]:
    """``--only`` values (repeatable, comma-separated) → (export names, graph format implied).

    ``nt`` asks for the graph as N-Triples; an unknown name raises ValueError
    naming the valid ones.

    >>> sorted(parse_exports(["html,gexf"])[0])
    ['gexf', 'html']
    >>> parse_exports(["nt"])
    ({'turtle'}, 'nt')
    >>> parse_exports(["jsonld"])
    Traceback (most recent call last):
    ...
    ValueError: unknown export 'jsonld' (choose from turtle, nt, html, gexf, graphml, neo4j)
    """
    names, fmt = set(), None
    for value in values:
        for name in filter(None, (part.strip().lower() for part in value.split(","))):
            if name in ("nt", "ntriples"):
                fmt = "nt"
            elif name not in _GRAPH_ALIASES and name not in EXPORT_NAMES:
                raise ValueError(f"unknown export {name!r} (choose from {', '.join(EXPORT_NAMES)})")
            names.add(GRAPH_EXPORT if name in _GRAPH_ALIASES else name)
    if not names:
        raise ValueError(f"no export named (choose from {', '.join(EXPORT_NAMES)})")
    return names, fmt


def extract_document(doc: Document) -> DocResult:
    """Extract one document and reduce it to what the graph needs (runs in workers)."""
    return doc_result(doc, extract(doc))


@dataclass
class BuildReport:
    documents: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    #: documents extracted in this run, and documents served from the cache
    extracted: int = 0
    cached: int = 0
    #: exports left in OUT that this build did not write (``--only``): older
    older: list[str] = field(default_factory=list)
    #: the corrections applied (kg.curate), for the summary; and the lines about those that matched nothing
    curation: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.documents > 0

    def summary(self) -> str:
        ents = ", ".join(f"{c} {self.entities[c]}" for c in ENTITY_CLASSES)
        rels = ", ".join(f"{r} {self.relations[r]}" for r in RELATIONS)
        cache = f" ({self.cached} from cache)" if self.cached else ""
        docs = "document" if self.documents == 1 else "documents"
        curation = f"; {self.curation}" if self.curation else ""
        return (f"{self.documents} {docs} read{cache}, {self.skipped} skipped; "
                f"entities: {ents}; relations: {rels}; {self.seconds:.1f} s{curation}")


def default_jobs() -> int:
    return os.cpu_count() or 1


# --- extraction, in order, over a pool ---------------------------------------

@dataclass
class _Failed:
    """A document whose extraction raised: reported like an unreadable input."""
    source: str
    problem: str


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())  # error lines stay one line, whatever the message


def _extract_batch(docs: list[Document]) -> list[DocResult | _Failed]:
    out: list[DocResult | _Failed] = []
    for doc in docs:
        try:
            out.append(extract_document(doc))
        except Exception as error:  # noqa: BLE001 - one bad document must not stop a corpus
            out.append(_Failed(doc.source, f"extraction failed: {type(error).__name__}: {_one_line(error)}"))
    return out


def _worker_init() -> None:
    name_this_process(WORKER)
    warm_up()  # already done before the fork: a no-op, unless the start method is spawn


@dataclass
class _Stats:
    extracted: int = 0
    cached: int = 0


def _batches(docs: Iterator[Document], cache) -> Iterator[tuple[list, list[Document]]]:
    """Consecutive documents as (slots, to_extract): a slot holds a cached
    result, or None where the next result of ``to_extract`` goes."""
    slots: list = []
    todo: list[Document] = []
    chars = 0
    for doc in docs:
        hit = cache.get(doc) if cache is not None else None
        slots.append(hit)
        if hit is None:
            todo.append(doc)
            chars += len(doc.text)
        if chars >= BATCH_CHARS or len(slots) >= BATCH_DOCS:
            yield slots, todo
            slots, todo, chars = [], [], 0
    if slots:
        yield slots, todo


def _fill(slots: list, todo: list[Document], results: list, cache, stats: _Stats,
          on_error: Callable[[IngestError], None] | None) -> Iterator[DocResult]:
    fresh = iter(zip(todo, results))
    for slot in slots:
        if slot is not None:
            stats.cached += 1
            yield slot
            continue
        doc, result = next(fresh)
        if isinstance(result, _Failed):
            if on_error:
                on_error(IngestError(result.source, result.problem))
            continue
        stats.extracted += 1
        if cache is not None:
            cache.put(doc, result)
        yield result


def iter_results(inputs: Iterable[str | Path], jobs: int | None = None,
                 on_error: Callable[[IngestError], None] | None = None,
                 cache=None, stats: _Stats | None = None,
                 on_warning: Callable[[str], None] | None = None) -> Iterator[DocResult]:
    """DocResults of the readable inputs, in input order, extracted by ``jobs`` processes.

    Ingest and extraction errors go to ``on_error`` and the build goes on;
    warnings about documents kept all the same (``"FILE: …"``) to ``on_warning``.
    Documents are streamed: only a bounded number are in flight at any
    time. ``cache`` (a :class:`kg.cache.ResultCache`) serves documents
    already extracted; ``stats`` counts extracted and cached documents.
    """
    jobs = jobs or default_jobs()
    stats = stats if stats is not None else _Stats()

    def documents() -> Iterator[Document]:
        # with several workers, ingest runs in a process of its own, started
        # before jieba is loaded (see kg.ingest.readahead)
        items = iter_documents(inputs) if jobs == 1 else read_ahead(inputs)
        for item in items:
            if isinstance(item, IngestError):
                if on_error:
                    on_error(item)
            else:
                if item.warnings and on_warning:
                    for note in item.warnings:
                        on_warning(f"{item.source}: {note}")
                yield item

    batches = _batches(documents(), cache)
    if jobs == 1:
        for slots, todo in batches:
            if todo:
                warm_up()  # once; not at all when every document is cached
            yield from _fill(slots, todo, _extract_batch(todo), cache, stats, on_error)
        return
    pool = None
    pending: deque = deque()  # (slots, todo, AsyncResult | None), in input order
    try:
        for slots, todo in batches:
            job = None
            if todo:
                if pool is None:
                    warm_up()  # load jieba and the lexicons once; forked workers inherit them
                    ctx = fork_context() or multiprocessing.get_context("spawn")
                    with interrupts_held():  # Ctrl-C once every worker is up, and pool set: terminated below
                        pool = ctx.Pool(jobs, initializer=_worker_init)
                job = pool.apply_async(_extract_batch, (todo,))
            pending.append((slots, todo, job))
            # wait for the oldest batch only when enough are in flight: order is kept
            # and at most IN_FLIGHT batches per worker are held in memory
            while pending and (pending[0][2] is None or pending[0][2].ready()
                               or len(pending) > IN_FLIGHT * jobs):
                slots, todo, job = pending.popleft()
                yield from _fill(slots, todo, job.get() if job else [], cache, stats, on_error)
        while pending:
            slots, todo, job = pending.popleft()
            yield from _fill(slots, todo, job.get() if job else [], cache, stats, on_error)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()


# --- the build ----------------------------------------------------------------

def _open_cache(cache, out_dir: Path):
    """``cache``: True (OUT/.kg-cache), False/None (no cache), a folder, or a ResultCache.

    Opening writes to it: a cache that cannot be written fails here, before the work."""
    if cache is None or cache is False:
        return None
    import sqlite3

    from .cache import ResultCache
    from .outdir import OutputError, problem
    if isinstance(cache, ResultCache):
        return cache
    folder = out_dir / ".kg-cache" if cache is True else Path(cache)
    try:
        return ResultCache(folder)
    except OSError as error:
        raise OutputError(f"cannot write the cache {error.filename or folder}: {problem(error)} "
                          "(--no-cache builds without one)") from None
    except sqlite3.Error as error:
        raise OutputError(f"cannot write the cache {folder / ResultCache.FILE}: {error} "
                          "(--no-cache builds without one)") from None


def build(inputs: Iterable[str | Path], out_dir: str | Path = "exports", jobs: int | None = None,
          exports: Iterable[str] | None = None, progress: Callable[[DocResult], None] | None = None,
          on_error: Callable[[IngestError], None] | None = None, fmt: str = "ttl",
          cache=True, on_warning: Callable[[str], None] | None = None, curation=None,
          on_export: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Build the graph of ``inputs`` and write the exports into ``out_dir``.

    ``on_export(name, k, n)`` is told before each output is written (the
    k-th of n, from 0: the graph file, then the other exports), for progress.

    ``fmt`` is the graph file's format: ``"ttl"`` (kg.ttl) or ``"nt"``
    (kg.nt, streamed as documents are merged). ``cache``: True for
    ``OUT/.kg-cache``, a folder, or False for none.

    Before any document is read, ``out_dir`` is locked (one build at a time)
    and checked, and so is the cache: a folder that cannot be written raises
    :class:`kg.outdir.OutputError` (one line naming it) at once. The exports
    are written aside and replace those of ``out_dir`` as one set (see
    :mod:`kg.outdir`); when no document could be read, or a write fails,
    nothing is replaced and the previous exports stay as they were.

    ``curation`` (a :class:`kg.curate.curation.Curation`: corrections and
    the user's lexicons) is applied to the merged graph; by default, the
    ``corrections.xlsx``/``.csv`` of the first input folder, checked first
    (:class:`kg.curate.sheet.SheetError` before anything is read or written).
    """
    from .curate.curation import Curation
    from .outdir import OutputFolder

    inputs = list(inputs)
    curation = curation if curation is not None else Curation.load(inputs)
    curation.install()  # the user's lexicons (or none), before jieba is loaded and workers fork
    out_dir = Path(out_dir)
    folder = OutputFolder(out_dir)
    with folder.locked():
        told = folder.recover()
        if told and on_warning:
            on_warning(told)
        folder.check_writable()
        report = _build(inputs, out_dir, jobs, exports, progress, on_error, fmt, cache, on_warning, curation,
                        on_export)
    report.curation, report.notes = curation.summary(), list(curation.unmatched)
    return report


def _build(inputs, out_dir: Path, jobs, exports, progress, on_error, fmt, cache, on_warning,
           curation, on_export=None) -> BuildReport:
    store = _open_cache(cache, out_dir)
    try:
        report = BuildReport()

        def failed(err: IngestError) -> None:
            report.skipped += 1
            report.errors.append(str(err))
            if on_error:
                on_error(err)

        stats = _Stats()
        results = iter_results(inputs, jobs, failed, cache=store, stats=stats, on_warning=on_warning)
        write_graph(results, out_dir, fmt=fmt, exports=exports, progress=progress, report=report,
                    jobs=jobs or default_jobs(), curate=curation.apply if curation.changes_graph else None,
                    on_export=on_export)
        report.extracted, report.cached = stats.extracted, stats.cached
        return report
    finally:
        if store is not None:
            if store is not cache:
                store.close()
            else:
                store.flush()
            if store.failure and on_warning:
                on_warning(f"{store.failure}; this run's results are not all cached")


def write_graph(results: Iterable[DocResult], out_dir: str | Path = "exports", fmt: str = "ttl",
                exports: Iterable[str] | None = None, progress: Callable[[DocResult], None] | None = None,
                report: BuildReport | None = None, jobs: int = 1,
                curate: Callable[[GraphBuilder], GraphBuilder] | None = None,
                on_export: Callable[[str, int, int], None] | None = None) -> BuildReport:
    """Merge ``results`` (in their order) and write the graph file and the exports.

    ``jobs`` processes write kg.ttl (the same bytes for any number).
    ``curate`` changes the merged graph before anything is written (kg.curate:
    corrections; kg.nt is then written whole, not streamed).

    This is the second half of :func:`build`, for results made elsewhere
    (see :mod:`kg.cluster`). Items that are strings are taken as error
    lines of unreadable inputs. The exports are written into a stage and
    replace those of ``out_dir`` as one set (:mod:`kg.outdir`); a write
    that fails raises :class:`kg.outdir.OutputError` and replaces nothing.
    """
    from .export import BUILD_EXPORTS
    from .export.propgraph import PropertyGraph
    from .export.turtle import NTriplesStream, write_ntriples, write_turtle
    from .outdir import OutputError, OutputFolder, problem

    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r} (one of {', '.join(FORMATS)})")
    t0 = time.perf_counter()
    report = report if report is not None else BuildReport()
    out_dir = Path(out_dir)
    wanted = None if exports is None else parse_exports(exports)[0]
    graph_file = wanted is None or GRAPH_EXPORT in wanted
    todo = [(name, write) for name, write in BUILD_EXPORTS
            if name != GRAPH_EXPORT and (wanted is None or name in wanted)]
    outputs = int(graph_file) + len(todo)
    builder = GraphBuilder()

    def merged() -> Iterator[DocResult]:
        for result in results:
            if isinstance(result, str):
                report.skipped += 1
                report.errors.append(result)
                continue
            report.documents += 1
            if progress:
                progress(result)
            yield result

    folder = OutputFolder(out_dir)
    writing = out_dir  # what is being written, for the error line
    with folder.locked(), folder.staged() as stage:  # written aside, then swapped in as one set
        written: list[str] = []
        try:
            if fmt == "nt" and graph_file and curate is None:
                writing = out_dir / "kg.nt"
                with NTriplesStream(stage / "kg.nt") as nt:
                    for result in merged():
                        nt.write(builder.add_streaming(result, nt.terms), made_with_terms=True)
                    if report.documents:
                        nt.write(builder.label_triples(nt.terms), made_with_terms=True)
                        nt.commit()
                        written.append("kg.nt")
            else:
                for result in merged():
                    builder.add(result)
                if curate is not None and report.documents:
                    builder = curate(builder)
                if report.documents and graph_file and on_export:
                    on_export(f"kg.{fmt}", 0, outputs)
                if report.documents and graph_file and fmt == "nt":
                    writing = out_dir / "kg.nt"
                    write_ntriples(builder, stage / "kg.nt")
                    written.append("kg.nt")
                elif report.documents and graph_file:
                    writing = out_dir / "kg.ttl"
                    write_turtle(builder, stage / "kg.ttl", jobs=jobs)
                    written.append("kg.ttl")
            counts = builder.summary()
            report.entities, report.relations = counts["entities"], counts["relations"]
            if report.documents:
                # one view of the builder for every export, each written as it goes:
                # no rdflib or networkx copy of the graph (memory stays that of the builder)
                graph = PropertyGraph.from_builder(builder) if todo else None
                for k, (name, write) in enumerate(todo):
                    writing = out_dir / _EXPORT_FILES.get(name, name)
                    if on_export:
                        on_export(_EXPORT_FILES.get(name, name), k + int(graph_file), outputs)
                    written.append(write(graph, stage).name)
        except OSError as error:
            raise OutputError(f"cannot write {writing}: {problem(error)}; {out_dir} was left as it was") from None
        if report.documents:
            report.outputs += folder.commit(stage, written)
            report.older = folder.older_than_last_build()
    report.seconds += time.perf_counter() - t0
    return report
