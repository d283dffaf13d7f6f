"""Ingest stage: files → :class:`~kg.document.Document` (decoded, cleaned,
simplified).

    iter_documents(paths)   files and folders → Documents and IngestErrors
    read_document(path)     one file → list of Documents (raises IngestError)
    document_from_text(raw, id=…, source=…, file_name=…)   the pipeline on a str

``decode`` turns bytes into str (BOM, UTF-8, GB18030, then detection),
``clean`` holds the cleaning steps, ``readers`` the file formats
(.txt .html .htm .md .jsonl).
"""
from kg.document import Document, IngestError

from .readers import KNOWN_SUFFIXES, document_from_text, folder_files, iter_documents, read_document

__all__ = [
    "Document", "IngestError", "KNOWN_SUFFIXES",
    "iter_documents", "read_document", "document_from_text", "folder_files",
]
