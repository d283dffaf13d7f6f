"""Run the extraction stage on a cluster engine (Dask, Spark, Ray …).

Extraction is per document and needs nothing but the document, so any
engine that maps a function over a collection can run it; merging the
results (labels are chosen across documents) and writing the graph is
cheap and runs where the results are collected:

* :func:`list_inputs` — the files of the inputs, in the order ``kg build``
  reads them (hidden files skipped, known suffixes, sorted);
* :func:`extract_file` — one file → its DocResults (one per document; a
  .jsonl holds many) and error lines: the function to map;
* :func:`write_graph` — the DocResults, in order → ``kg.nt`` or ``kg.ttl``
  (and the other exports), byte for byte what ``kg build`` writes.

Dask, local mode (the same code runs on a cluster with a
``dask.distributed.Client``)::

    import dask.bag as db
    from kg.cluster import extract_file, list_inputs, write_graph

    files = list_inputs(["corpus/"])
    bag = db.from_sequence(files, npartitions=64).map(extract_file).flatten()
    write_graph(bag.compute(scheduler="processes"), "out", fmt="nt", exports=["nt"])

Spark: ``sc.parallelize(files, 64).flatMap(extract_file).toLocalIterator()``
in place of the bag (``toLocalIterator`` keeps the order and streams).
Each worker process loads jieba once, on its first document.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .document import IngestError
from .graph.build import DocResult
from .ingest import folder_files, iter_documents
from .pipeline import _one_line, extract_document, write_graph

__all__ = ["list_inputs", "extract_file", "write_graph"]


def list_inputs(inputs: Iterable[str | os.PathLike]) -> list[str]:
    """The files ``kg build inputs`` reads, in its order (folders walked, sorted)."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    files: list[str] = []
    for given in map(os.fspath, inputs):
        if Path(given).is_dir():
            files += folder_files(given)
        else:
            files.append(given)  # a missing file is reported by extract_file
    by_real_path: dict[str, str] = {}  # a file given twice is read once, as by kg build
    for f in files:
        by_real_path.setdefault(os.path.realpath(f), f)
    return list(by_real_path.values())


def extract_file(path: str | os.PathLike) -> list[DocResult | str]:
    """Ingest and extract one file: a DocResult per document, a one-line
    message (``str``) per problem. Plain picklable values, for any engine."""
    out: list[DocResult | str] = []
    for item in iter_documents([path]):
        if isinstance(item, IngestError):
            out.append(str(item))
            continue
        try:
            out.append(extract_document(item))
        except Exception as error:  # noqa: BLE001 - reported like an unreadable input
            out.append(f"{item.source}: extraction failed: {type(error).__name__}: {_one_line(error)}")
    return out
