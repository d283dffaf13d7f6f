"""Files and folders → Documents (or IngestErrors, never raised mid-stream)."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator

from kg.document import Document, IngestError

from .clean import clean, clean_title
from .decode import UNDECODABLE, decode_bytes

__all__ = [
    "KNOWN_SUFFIXES", "iter_documents", "read_document", "document_from_text",
]

# Suffixes picked up inside folders. A file named explicitly is read
# whatever its suffix (as text).
KNOWN_SUFFIXES = frozenset({".txt", ".html", ".htm", ".md", ".jsonl"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# Problems, worded as the user sees them.
MISSING = "no such file or directory"
EMPTY = "empty file"
NO_TEXT = "no text after cleaning"
MISSING_TEXT = "missing 'text' field"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_from_text(
    raw: str,
    *,
    id: str,
    source: str,
    file_name: str,
    title: str | None = None,
    url: str | None = None,
    html: bool | None = None,
    markdown: bool = False,
    sha256: str | None = None,
) -> Document:
    """Run the cleaning pipeline on ``raw`` and wrap the result.

    ``html``: True for an HTML page, False for plain text, None to detect.
    ``markdown``: strip Markdown markup (for ``.md``). ``title``/``url``
    given here win over what the text itself yields. ``sha256`` defaults
    to the hash of ``raw`` in UTF-8. Raises :class:`IngestError`
    ("no text after cleaning") when nothing is left.
    """
    cleaned = clean(raw, html=html, markdown=markdown)
    if not cleaned.original:
        raise IngestError(source, NO_TEXT)
    if sha256 is None:
        sha256 = _sha256(raw.encode("utf-8", "surrogatepass"))
    return Document(
        id=id,
        source=source,
        file_name=file_name,
        original=cleaned.original,
        text=cleaned.text,
        title=clean_title(title) or cleaned.title,
        url=(url.strip() or None) if url else cleaned.url,
        sha256=sha256,
    )


def _os_problem(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return MISSING
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {(error.strerror or str(error)).lower()}"


def _internal(source: str, error: Exception, line: int | None = None) -> IngestError:
    # A bug in a cleaning step must not stop a whole corpus run.
    return IngestError(source, f"internal error: {type(error).__name__}: {error}", line=line)


# --------------------------------------------------------------------------
# One file.

def _iter_file(path: Path, source: str) -> Iterator[Document | IngestError]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _iter_jsonl(path, source)
        return
    try:
        data = path.read_bytes()
        if not data:
            raise IngestError(source, EMPTY)
        notes: list[str] = []
        raw = decode_bytes(data, source, notes)
        doc = document_from_text(
            raw,
            id=path.stem,
            source=source,
            file_name=path.name,
            html=True if suffix in HTML_SUFFIXES else None,
            markdown=suffix == ".md",
            sha256=_sha256(data),
        )
        doc.warnings = tuple(notes)
    except IngestError as error:
        yield error
    except OSError as error:
        yield IngestError(source, _os_problem(error))
    except Exception as error:  # noqa: BLE001 - reported, not raised
        yield _internal(source, error)
    else:
        yield doc


_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "a boolean", type(None): "null"}


def _jsonl_record(line: bytes, lineno: int, path: Path, source: str) -> Document:
    try:
        string = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            string = line.decode("gb18030")
        except UnicodeDecodeError:
            raise IngestError(source, UNDECODABLE, line=lineno) from None
    try:
        record = json.loads(string)
    except json.JSONDecodeError as error:
        raise IngestError(source, f"invalid JSON: {error.msg} (column {error.colno})",
                          line=lineno) from None
    except RecursionError:
        raise IngestError(source, "invalid JSON: nested too deeply", line=lineno) from None
    if not isinstance(record, dict):
        kind = _JSON_TYPES.get(type(record), type(record).__name__)
        raise IngestError(source, f"invalid JSON: expected an object, got {kind}", line=lineno)
    text = record.get("text")
    if text is None:
        raise IngestError(source, MISSING_TEXT, line=lineno)
    if not isinstance(text, str):
        raise IngestError(source, "'text' field is not a string", line=lineno)
    rid = record.get("id")
    rid = f"{path.stem}-{lineno}" if rid is None or rid == "" else str(rid)
    title, url = record.get("title"), record.get("url")
    try:
        return document_from_text(
            text,
            id=rid,
            source=f"{source}:{lineno}",
            file_name=path.name,
            title=title if isinstance(title, str) else None,
            url=url if isinstance(url, str) else None,
            html=None,
            sha256=_sha256(line),
        )
    except IngestError as error:
        raise IngestError(source, error.problem, line=lineno) from None


def _iter_jsonl(path: Path, source: str) -> Iterator[Document | IngestError]:
    """One Document per non-blank line; a bad line is an error of its own."""
    records = 0
    lineno = 0
    try:
        with open(path, "rb") as handle:
            for lineno, raw in enumerate(handle, 1):
                line = raw.rstrip(b"\r\n")
                if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]
                if not line.strip():
                    continue
                records += 1
                try:
                    yield _jsonl_record(line, lineno, path, source)
                except IngestError as error:
                    yield error
                except Exception as error:  # noqa: BLE001 - reported, not raised
                    yield _internal(source, error, line=lineno)
    except OSError as error:
        yield IngestError(source, _os_problem(error), line=lineno or None)
        return
    if not records:
        yield IngestError(source, EMPTY)


# --------------------------------------------------------------------------
# Folders and the public entry points.

def folder_files(root: str | os.PathLike, source: str | None = None,
                 on_error: Callable[[OSError], None] | None = None) -> list[str]:
    """The files with a known suffix below ``root``, recursively, sorted by
    relative path, as ``source``-relative paths; hidden files and folders
    (".name") and what is not a regular file are skipped.

    >>> folder_files("/nonexistent")
    []
    """
    source = os.fspath(root) if source is None else source
    found: list[tuple[tuple[str, ...], str]] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or os.path.splitext(name)[1].lower() not in KNOWN_SUFFIXES:
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            found.append((PurePosixPath(Path(rel).as_posix()).parts, os.path.join(source, rel)))
    # a dangling link or a fifo is not a document
    return [file_source for _, file_source in sorted(found) if Path(file_source).is_file()]


def _first_time(path: str, seen: set[str] | None) -> bool:
    """Whether the file ``path`` is met for the first time in this run (by its real path)."""
    if seen is None:
        return True
    real = os.path.realpath(path)
    if real in seen:
        return False
    seen.add(real)
    return True


def _iter_folder(root: Path, source: str, seen: set[str] | None = None) -> Iterator[Document | IngestError]:
    """The documents of the files below ``root`` (see :func:`folder_files`)."""
    problems: list[IngestError] = []

    def on_error(error: OSError) -> None:
        problems.append(IngestError(str(error.filename or source), _os_problem(error)))

    files = folder_files(root, source, on_error)
    yield from problems
    for file_source in files:
        if _first_time(file_source, seen):
            yield from _iter_file(Path(file_source), file_source)


def _iter_path(given: str | os.PathLike, seen: set[str] | None = None) -> Iterator[Document | IngestError]:
    source = os.fspath(given)
    if isinstance(source, bytes):
        source = os.fsdecode(source)
    try:
        path = Path(source)
        if path.is_dir():
            yield from _iter_folder(path, source, seen)
            return
        if not path.exists():
            yield IngestError(source, MISSING)
            return
        if not path.is_file():
            yield IngestError(source, "not a regular file")
            return
    except (OSError, ValueError) as error:  # ValueError: NUL in the path
        problem = _os_problem(error) if isinstance(error, OSError) else "invalid path"
        yield IngestError(source, problem)
        return
    if _first_time(source, seen):
        yield from _iter_file(path, source)


def iter_documents(paths: Iterable[str | os.PathLike]) -> Iterator[Document | IngestError]:
    """Documents from files and folders, in a deterministic order.

    Problems are *yielded* as :class:`IngestError` (never raised), so a
    caller reports them and goes on with the other inputs. A single path
    (str or Path) is accepted as well as an iterable of them. A file met
    twice (given twice, or given and inside a folder given) is read once.
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        paths = [paths]
    seen: set[str] = set()
    for given in paths:
        yield from _iter_path(given, seen)


def read_document(path: str | os.PathLike) -> list[Document]:
    """The Documents of one file (several for ``.jsonl``). Raises the first
    :class:`IngestError` met."""
    source = os.fspath(path)
    if Path(source).is_dir():
        raise IngestError(source, "is a directory")
    documents = []
    for item in _iter_path(source):
        if isinstance(item, IngestError):
            raise item
        documents.append(item)
    return documents
