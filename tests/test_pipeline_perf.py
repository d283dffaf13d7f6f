"""Corpus-scale build machinery: parallel determinism, the result cache,
streamed N-Triples, and the cluster (Dask) local-mode example.

Functional tests only: no timing (the benchmark is bench/build_bench.py).
Expectations are computed from the outputs themselves, never from counts
of what the seeds happen to yield today.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg import pipeline
from kg.cache import ResultCache
from kg.cli import main
from kg.export.turtle import NTriplesStream
from kg.graph.build import GraphBuilder

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The seeds twice over, in two folders: same file stems, so document ids
    collide and are renamed in reading order (an order-dependent merge)."""
    root = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    assert len(seeds) >= 3
    shutil.copytree(SEEDS, root / "a")
    (root / "b").mkdir()
    for f in seeds[:2]:
        shutil.copy(f, root / "b" / f.name)
    return root


@pytest.fixture
def small_batches(monkeypatch):
    # one document per batch and few in flight: the ordering window is exercised
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 1)
    monkeypatch.setattr(pipeline, "IN_FLIGHT", 1)


def _build(corpus, out, **kw):
    kw.setdefault("cache", False)
    kw.setdefault("exports", ["turtle"])
    return pipeline.build([corpus], out, **kw)


def test_same_bytes_for_any_number_of_jobs(corpus, tmp_path, small_batches):
    outs = {}
    for jobs in (1, 2, 3):
        for fmt in ("ttl", "nt"):
            report = _build(corpus, tmp_path / f"{fmt}{jobs}", jobs=jobs, fmt=fmt)
            assert report.ok and report.extracted == report.documents
            outs[fmt, jobs] = (tmp_path / f"{fmt}{jobs}" / f"kg.{fmt}").read_bytes()
    for fmt in ("ttl", "nt"):
        assert outs[fmt, 1] == outs[fmt, 2] == outs[fmt, 3]
    # the renamed duplicate ids are there, so the order-dependent merge was tested
    assert b"-2" in outs["ttl", 1]


def test_nt_and_ttl_are_the_same_graph_as_the_builder(corpus, tmp_path):
    _build(corpus, tmp_path / "t", jobs=1, fmt="ttl")
    _build(corpus, tmp_path / "n", jobs=1, fmt="nt")
    ttl = Graph().parse(tmp_path / "t" / "kg.ttl", format="turtle")
    nt = Graph().parse(tmp_path / "n" / "kg.nt", format="nt")
    builder = GraphBuilder()
    for r in pipeline.iter_results([corpus], jobs=1):
        builder.add(r)
    expected = set(builder.graph())
    assert len(expected) > 100
    assert set(ttl) == expected
    assert set(nt) == expected
    lines = (tmp_path / "n" / "kg.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines)) == len(expected)  # no triple written twice


def test_nt_is_streamed_while_documents_are_merged(corpus, tmp_path):
    out = tmp_path / "out"
    seen = []

    def progress(_result):
        # the temporary file already holds the triples of the earlier documents
        tmp = [p for p in out.rglob(".kg.nt.*.tmp")]  # written in a stage inside OUT (kg.outdir)
        seen.append((tmp[0].stat().st_size if tmp else -1, (out / "kg.nt").exists()))

    report = pipeline.build([corpus], out, jobs=1, fmt="nt", exports=["nt"], cache=False, progress=progress)
    assert report.documents == len(seen) >= 5
    assert all(size >= 0 and not final for size, final in seen)
    sizes = [size for size, _ in seen]
    assert sizes == sorted(sizes) and sizes[-1] > sizes[1] > 0
    assert (out / "kg.nt").stat().st_size > sizes[-1]  # labels come last
    assert not list(out.rglob(".kg.nt.*"))


def test_nt_stream_is_atomic(tmp_path):
    target = tmp_path / "kg.nt"
    target.write_text("old\n", encoding="utf-8")
    with NTriplesStream(target):
        pass  # never committed: the old file stays
    assert target.read_text(encoding="utf-8") == "old\n"
    with pytest.raises(RuntimeError), NTriplesStream(target):
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.nt"]
    # a build with nothing readable writes nothing
    empty = tmp_path / "empty"
    empty.mkdir()
    report = pipeline.build([empty], tmp_path, fmt="nt", exports=["nt"], cache=False)
    assert report.documents == 0 and target.read_text(encoding="utf-8") == "old\n"


def test_cache_extracts_only_new_documents(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for f in seeds[:3]:
        shutil.copy(f, docs / f.name)
    out = tmp_path / "out"
    first = pipeline.build([docs], out, jobs=2, exports=["turtle"])
    assert (first.extracted, first.cached) == (3, 0)
    assert (out / ".kg-cache" / "results.sqlite").exists()
    again = pipeline.build([docs], out, jobs=2, exports=["turtle"])
    assert (again.extracted, again.cached) == (0, 3)
    shutil.copy(seeds[3], docs / seeds[3].name)
    grown = pipeline.build([docs], out, jobs=2, exports=["turtle"])
    assert (grown.extracted, grown.cached) == (1, 3)
    # served from the cache or not, the graph is byte for byte the same
    fresh = pipeline.build([docs], tmp_path / "fresh", jobs=1, exports=["turtle"], cache=False)
    assert fresh.extracted == 4
    assert (out / "kg.ttl").read_bytes() == (tmp_path / "fresh" / "kg.ttl").read_bytes()
    # a renamed file is the same content: still served, under its new name
    (docs / seeds[0].name).rename(docs / ("renamed_" + seeds[0].name))
    moved = pipeline.build([docs], out, jobs=1, exports=["turtle"])
    assert (moved.extracted, moved.cached) == (0, 4)
    assert "renamed_" in (out / "kg.ttl").read_text(encoding="utf-8")


def test_cache_is_per_extractor_version(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], docs)
    pipeline.build([docs], tmp_path / "o", jobs=1, exports=["turtle"], cache=tmp_path / "c")
    with ResultCache(tmp_path / "c", version="another-extractor") as other:
        report = pipeline.build([docs], tmp_path / "o", jobs=1, exports=["turtle"], cache=other)
        assert (report.extracted, report.cached) == (1, 0)


def test_a_failing_extraction_is_one_error_line(corpus, tmp_path, monkeypatch, small_batches):
    real = pipeline.extract_document

    def flaky(doc):
        if doc.source.endswith(sorted(SEEDS.glob("*.txt"))[1].name) and "/b/" in doc.source:
            raise ValueError("rule\ncrashed")
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_document", flaky)  # forked workers inherit it
    errors = []
    report = pipeline.build([corpus], tmp_path, jobs=2, exports=["turtle"], cache=False,
                            on_error=lambda e: errors.append(str(e)))
    assert len(errors) == 1 and "extraction failed: ValueError: rule crashed" in errors[0]
    assert "\n" not in errors[0] and "/b/" in errors[0]
    assert report.skipped == 1 and not report.ok and (tmp_path / "kg.ttl").exists()


def test_cli_format_nt_and_no_cache(corpus, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(corpus / "a"), "-o", str(out), "--format", "nt",
                                       "--only", "nt", "--no-cache", "-j", "2"])
    assert result.exit_code == 0, result.output
    assert (out / "kg.nt").exists() and not (out / "kg.ttl").exists()
    assert not (out / ".kg-cache").exists()
    assert "kg.nt" in result.output


def test_dask_bag_local_mode_gives_the_same_graph(corpus, tmp_path):
    """The README's cluster example, on a few documents, with Dask's process scheduler."""
    import dask.bag as db

    from kg.cluster import extract_file, list_inputs, write_graph

    files = list_inputs([corpus])
    assert len(files) >= 5 and files == sorted(files)
    bag = db.from_sequence(files, npartitions=3).map(extract_file).flatten()
    report = write_graph(bag.compute(scheduler="processes", num_workers=2), tmp_path / "dask",
                         fmt="nt", exports=["nt"])
    assert report.documents == len(files) and report.ok
    _build(corpus, tmp_path / "local", jobs=1, fmt="nt", exports=["nt"])
    assert (tmp_path / "dask" / "kg.nt").read_bytes() == (tmp_path / "local" / "kg.nt").read_bytes()


def test_cluster_extract_file_reports_problems_as_lines(tmp_path):
    from kg.cluster import extract_file, write_graph

    missing = tmp_path / "missing.txt"
    out = extract_file(missing)
    assert len(out) == 1 and isinstance(out[0], str) and str(missing) in out[0]
    good = extract_file(sorted(SEEDS.glob("*.txt"))[0])
    report = write_graph(out + good, tmp_path / "o", fmt="ttl", exports=["turtle"])
    assert (report.documents, report.skipped) == (1, 1) and not report.ok
    assert (tmp_path / "o" / "kg.ttl").exists()


# --- the read-ahead process, the Turtle writers, the start-up caches ----------

def test_read_ahead_yields_what_iter_documents_yields(tmp_path, monkeypatch):
    import multiprocessing
    import pickle

    from kg.document import IngestError
    from kg.ingest import iter_documents
    from kg.ingest import readahead

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "records.jsonl").write_text('{"id": "r1", "text": "某某党支部打造“红心”品牌。"}\n{"id": \n',
                                          encoding="utf-8")
    inputs = [folder, tmp_path / "missing.txt"]
    monkeypatch.setattr(readahead, "CHUNK_DOCS", 2)  # several messages, a full queue
    monkeypatch.setattr(readahead, "DEPTH", 1)

    def described(items):
        return [(type(i).__name__, i.source, str(i) if isinstance(i, IngestError) else (i.text, i.sha256))
                for i in items]

    expected = described(iter_documents(inputs))
    assert sum(1 for kind, *_ in expected if kind == "IngestError") == 3  # empty, line 2, missing
    assert described(readahead.read_ahead(inputs)) == expected

    error = IngestError("a.jsonl", "invalid JSON", line=2)
    again = pickle.loads(pickle.dumps(error))
    assert (again.source, again.problem, again.line, str(again)) == ("a.jsonl", "invalid JSON", 2, str(error))

    # a consumer that stops early stops the reader too
    items = readahead.read_ahead(inputs)
    next(items)
    items.close()
    assert not [p for p in multiprocessing.active_children() if p.name == "kg-reader"]


@pytest.fixture(scope="module")
def corpus_builder(corpus) -> GraphBuilder:
    builder = GraphBuilder()
    for r in pipeline.iter_results([corpus], jobs=1):
        builder.add(r)
    return builder


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_triple_parts_are_the_triples_cut_between_subjects(corpus_builder, n):
    whole = list(corpus_builder.triples())
    parts = [list(p) for p in corpus_builder.triple_parts(n)]
    assert len(parts) == n
    assert [t for part in parts for t in part] == whole
    if n <= 3:
        assert all(parts)  # the cut balances sizes: no part left empty
    filled = [p for p in parts if p]
    for before, after in zip(filled, filled[1:]):
        assert before[-1][0] != after[0][0], "a subject's block was cut in two"


def test_turtle_written_in_parts_has_the_same_bytes(corpus_builder, tmp_path):
    from kg.export.turtle import write_turtle

    outs = {}
    for jobs in (1, 2, 3):
        path = tmp_path / f"j{jobs}" / "kg.ttl"
        write_turtle(corpus_builder, path, jobs=jobs)
        outs[jobs] = path.read_bytes()
        assert sorted(p.name for p in path.parent.iterdir()) == ["kg.ttl"]  # no part left behind
    assert outs[1] == outs[2] == outs[3]
    lines = outs[2].splitlines()
    n = outs[2].count(b"@prefix")
    assert n and all(line.startswith(b"@prefix") for line in lines[:n])  # once, at the top
    assert set(Graph().parse(data=outs[2].decode("utf-8"), format="turtle")) == set(corpus_builder.graph())


def test_jieba_dictionary_cache_gives_the_same_tokenizer(tmp_path, monkeypatch):
    from kg.extract import segment

    monkeypatch.setattr(segment, "_cache_file", lambda name: tmp_path / name)
    monkeypatch.setattr(segment, "_USER_ONLY", set())
    built = segment.tokenizer.__wrapped__()          # builds the dictionary, writes the cache
    user_only = set(segment._USER_ONLY)
    assert list(tmp_path.glob("dangjian-kg-jieba-dict-*.marshal"))
    segment._USER_ONLY.clear()
    loaded = segment.tokenizer.__wrapped__()         # reads it back
    assert loaded.initialized and loaded.FREQ == built.FREQ and loaded.total == built.total
    assert segment._USER_ONLY == user_only
    assert user_only <= built.FREQ.keys()            # the kind words are in the dictionary
    text = "某某收费站党支部创新推出三步工作法"
    assert loaded.lcut(text) == built.lcut(text)


def test_a_table_another_user_left_in_the_temporary_folder_is_not_read(tmp_path, monkeypatch):
    import os

    from kg.extract import segment

    path = tmp_path / "table.marshal"
    segment._write_marshal(path, {"词": "n"})
    assert segment._read_marshal(path) == {"词": "n"}
    monkeypatch.setattr(segment.os, "getuid", lambda: os.stat(path).st_uid + 1)
    assert segment._read_marshal(path) is None


# --- the export stage and the progress it shows ------------------------------------

def test_every_export_is_written_without_an_rdflib_graph(corpus, tmp_path, monkeypatch):
    """The exports stream from the builder: making the whole rdflib graph would fail the build."""
    def no_rdflib_graph(self):
        raise AssertionError("the export stage built an rdflib graph")

    monkeypatch.setattr(GraphBuilder, "graph", no_rdflib_graph)
    told = []
    report = pipeline.build([corpus], tmp_path / "out", jobs=1, cache=False,
                            on_export=lambda name, k, n: told.append((name, k, n)))
    assert report.ok
    assert told == [("kg.ttl", 0, 5), ("kg.html", 1, 5), ("kg.gexf", 2, 5), ("kg.graphml", 3, 5), ("neo4j", 4, 5)]
    assert all((tmp_path / "out" / name).exists() for name, _, _ in told)


def test_progress_counts_the_megabytes_of_every_document(tmp_path):
    from kg.progress import BuildProgress

    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs)
    (docs / "records.jsonl").write_text('{"id": "r1", "text": "某某党支部打造“红心”品牌。"}\n'
                                       '{"id": "r2", "text": "某某公司获评先进集体。"}\n', encoding="utf-8")
    progress = BuildProgress([docs], force=True)
    report = pipeline.build([docs], tmp_path / "out", jobs=1, cache=False, exports=["turtle"],
                            progress=progress.document)
    assert report.ok and progress.documents == report.documents == progress.total_docs
    assert abs(progress.done_bytes - progress.total_bytes) < 1e-6 * progress.total_bytes
    assert progress.total_bytes == sum(p.stat().st_size for p in docs.iterdir())
