"""Turtle and N-Triples export of the built graph, through pyoxigraph.

rdflib's Turtle serializer is the bottleneck of a large build (it computes
a qname for every term and sorts in Python: minutes at a million triples),
so both writers hand the triples to pyoxigraph's serializer, which streams
them in the order given. The order is ours, so the bytes are deterministic:

* from a :class:`~kg.graph.build.GraphBuilder` (``builder.triples()``):
  its canonical order, one block per subject;
* from an rdflib :class:`~rdflib.Graph`: sorted by subject, predicate, object.

>>> from rdflib import Graph, Literal, RDFS, URIRef
>>> import tempfile, pathlib
>>> g = Graph()
>>> _ = g.add((URIRef("https://w3id.org/dangjian-kg/id/brand/x"), RDFS.label, Literal("零距离", lang="zh")))
>>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.ttl"
>>> write_turtle(g, p)
>>> print(p.read_text(encoding="utf-8").splitlines()[-1])
djid:brand\\/x rdfs:label "零距离"@zh .
"""
from __future__ import annotations

import gc
import shutil
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..fileio import atomic_path
from ..processes import WRITER, fork_context, name_this_process
from ..vocab import PREFIXES


class OxTerms:
    """pyoxigraph terms: the term factory handed to ``GraphBuilder.triples``
    (``iri``, ``new_iri``, ``lit``, ``triple``), and the converter of rdflib
    terms (``term``). IRIs given to ``iri`` are remembered: each is met many
    times; ``new_iri`` is for those met once (reified statements)."""

    new_iri = ox.NamedNode
    triple = ox.Triple

    def __init__(self):
        self._iris: dict[str, ox.NamedNode] = {}

    def iri(self, value) -> ox.NamedNode:
        value = str(value)
        node = self._iris.get(value)
        if node is None:
            node = self._iris[value] = ox.NamedNode(value)
        return node

    def lit(self, value: str, lang: str | None = None, datatype=None) -> ox.Literal:
        if lang:
            return ox.Literal(value, language=lang)
        if datatype is not None:
            return ox.Literal(value, datatype=self.iri(datatype))
        return ox.Literal(value)

    def term(self, t):
        if isinstance(t, URIRef):
            return self.iri(t)
        if isinstance(t, Literal):
            return self.lit(str(t), t.language, t.datatype)
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        raise TypeError(f"not an RDF term: {t!r}")

    def convert(self, triples: Iterable[tuple]) -> Iterator[ox.Triple]:
        """rdflib-term triples → pyoxigraph triples."""
        term = self.term
        for s, p, o in triples:
            yield ox.Triple(term(s), self.iri(p), term(o))


def _ox_triples(source, terms: OxTerms) -> Iterator[ox.Triple]:
    """pyoxigraph triples of a GraphBuilder (its order, no rdflib terms made),
    an rdflib Graph (sorted), or rdflib-term triples (their order)."""
    if hasattr(source, "triples") and hasattr(source, "add_streaming"):  # a GraphBuilder
        return source.triples(terms)
    if isinstance(source, Graph):
        # an rdflib graph has no order of its own: sort (N3 forms compare as text)
        source = sorted(source, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    return terms.convert(source)


def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in sorted(PREFIXES.items())}


def serialize(source, out: BinaryIO, fmt: str = "turtle") -> None:
    """Write a GraphBuilder, an rdflib Graph or rdflib-term triples to the
    binary stream ``out`` (see :func:`_ox_triples` for the order)."""
    triples = _ox_triples(source, OxTerms())
    if fmt == "turtle":
        header = _SortedPrefixes(out)
        ox.serialize(triples, header, ox.RdfFormat.TURTLE, prefixes=_prefixes())
        header.close()
    elif fmt == "nt":
        ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
    else:
        raise ValueError(f"unknown RDF format {fmt!r} (turtle, nt)")


class _SortedPrefixes:
    """A binary writer that sorts the leading ``@prefix`` lines of a Turtle
    stream: pyoxigraph keeps prefixes in a map of its own, whose order we do
    not want the bytes of kg.ttl to depend on."""

    def __init__(self, out: BinaryIO):
        self.out, self.head, self.done = out, b"", False

    def write(self, data: bytes) -> int:
        if self.done:
            return self.out.write(data)
        self.head += data
        lines = self.head.split(b"\n")
        if len(lines) > 1 and not all(line.startswith(b"@prefix") for line in lines[:-1]):
            self.close()
        return len(data)

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        if self.done:
            return
        self.done = True
        lines = self.head.split(b"\n")
        n = 0
        while n < len(lines) - 1 and lines[n].startswith(b"@prefix"):
            n += 1
        self.out.write(b"".join(line + b"\n" for line in sorted(lines[:n])) + b"\n".join(lines[n:]))


def write_turtle(source, path: str | Path, jobs: int = 1) -> None:
    """Serialize a GraphBuilder, an rdflib Graph, or triples in a chosen
    order, as Turtle to ``path`` atomically (UTF-8).

    With ``jobs`` > 1 and a GraphBuilder, the triples are cut into ``jobs``
    parts at subject boundaries (:meth:`~kg.graph.build.GraphBuilder.triple_parts`),
    serialized by forked processes at once and joined: the same bytes as
    one process writes, in a fraction of the time.
    """
    with atomic_path(path) as tmp, open(tmp, "wb") as out:
        ctx = fork_context() if jobs > 1 and _is_builder(source) else None
        if ctx is not None:
            _serialize_in_parts(source, out, Path(tmp), jobs, ctx)
        else:
            serialize(source, out, "turtle")


def _is_builder(source) -> bool:
    return hasattr(source, "triple_parts") and hasattr(source, "add_streaming")


def _serialize_part(triples, path: str) -> None:
    """A forked process's job: one part, with the prefixes (dropped when joined)."""
    name_this_process(WRITER)
    with open(path, "wb") as fh:
        ox.serialize(triples, fh, ox.RdfFormat.TURTLE, prefixes=_prefixes())


def _serialize_in_parts(builder, out: BinaryIO, tmp: Path, jobs: int, ctx) -> None:
    parts = builder.triple_parts(jobs, OxTerms())
    files = [tmp.with_name(f"{tmp.name}.part{k}") for k in range(1, jobs)]
    procs = [ctx.Process(target=_serialize_part, args=(part, str(f)), name=f"{WRITER}-{k}", daemon=True)
             for k, (part, f) in enumerate(zip(parts[1:], files), 1)]
    gc.freeze()  # the forked writers' collector leaves the builder's pages alone (less copy-on-write)
    try:
        for p in procs:
            p.start()
        header = _SortedPrefixes(out)  # the first part, here, with the sorted prefixes
        ox.serialize(parts[0], header, ox.RdfFormat.TURTLE, prefixes=_prefixes())
        header.close()
        for p, f in zip(procs, files):
            p.join()
            if p.exitcode != 0:
                raise RuntimeError(f"writing part of the Turtle file failed (exit code {p.exitcode})")
            with open(f, "rb") as part:
                line = part.readline()
                while line.startswith(b"@prefix"):
                    line = part.readline()
                out.write(line)
                shutil.copyfileobj(part, out, 1 << 20)
    finally:
        gc.unfreeze()
        for p in procs:
            if p.pid is None:  # never started: a Ctrl-C stopped the starts
                continue
            if p.is_alive():
                p.terminate()
            p.join()
        for f in files:
            f.unlink(missing_ok=True)


def write_ntriples(source, path: str | Path) -> None:
    """N-Triples, one triple per line, in a deterministic order, atomically."""
    with atomic_path(path) as tmp, open(tmp, "wb") as out:
        serialize(source, out, "nt")


class NTriplesStream:
    """An N-Triples file written piece by piece, renamed into place by :meth:`commit`.

    >>> import tempfile, pathlib
    >>> from rdflib import URIRef, Literal
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kg.nt"
    >>> with NTriplesStream(p) as nt:
    ...     nt.write([(URIRef("http://e/a"), URIRef("http://e/p"), Literal("x"))])
    ...     nt.commit()
    >>> p.read_text(encoding="utf-8")
    '<http://e/a> <http://e/p> "x" .\\n'

    Leaving the ``with`` block without :meth:`commit` (an error, no document)
    removes the temporary file and leaves any previous file as it was.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.terms = OxTerms()
        self._ctx = None
        self._out = None
        self._commit = False

    def __enter__(self) -> "NTriplesStream":
        self._ctx = atomic_path(self.path)
        tmp = self._ctx.__enter__()
        self._out = open(tmp, "wb")
        return self

    def write(self, triples: Iterable[tuple], made_with_terms: bool = False) -> None:
        """Append ``triples``: rdflib terms, or (``made_with_terms``) pyoxigraph
        triples made by :attr:`terms`, e.g. ``builder.add_streaming(r, nt.terms)``."""
        out = triples if made_with_terms else self.terms.convert(triples)
        ox.serialize(out, self._out, ox.RdfFormat.N_TRIPLES)
        self._out.flush()  # one write per document: a reader (tail -f) sees progress

    def commit(self) -> None:
        self._commit = True

    def __exit__(self, exc_type, exc, tb):
        self._out.close()
        if exc_type is None and self._commit:
            self._ctx.__exit__(None, None, None)
        elif exc_type is None:
            self._ctx.__exit__(_Abort, _Abort(), None)  # atomic_path deletes the temporary file
        else:
            self._ctx.__exit__(exc_type, exc, tb)
        return False


class _Abort(Exception):
    """Raised into atomic_path to discard an uncommitted stream."""
