"""Bytes → str: binary sniffing and encoding detection.

The order is chosen for speed on large corpora, where nearly every file is
UTF-8: a byte-order mark decides at once; otherwise a cheap binary check,
then strict UTF-8 (one C-level pass), then strict GB18030 (a superset of
GBK and GB2312; Big5 is tried when the GB18030 reading looks like Big5
mojibake), and only when both fail the much slower charset-normalizer
detector.

One subtlety: UTF-8 Chinese text very often *also* decodes as GB18030
(as mojibake), so a UTF-8 file with a single damaged byte (for instance one
cut off in the middle of a character) must not fall through to GB18030.
When strict UTF-8 fails we therefore check whether the errors are rare next
to the number of well-formed multi-byte characters, and if so keep UTF-8
with the bad bytes replaced by U+FFFD.

The same holds for GB18030: a scraped GBK page often has a stray byte or
two. When the bad sequences are rare (at most one per
:data:`_GB_BYTES_PER_BAD` bytes, at least one allowed) the document is kept
with them replaced. Either way a note for the user ("3 byte sequences not
valid GB18030, replaced by U+FFFD") goes to the ``notes`` list given.
"""
from __future__ import annotations

import codecs

from kg.document import IngestError

# Problems, worded as the user sees them (see kg.document.IngestError).
BINARY = "binary file, not text"
UNDECODABLE = "cannot decode as UTF-8 or GB18030"

# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of common binary formats that could carry a text suffix.
_MAGIC: tuple[bytes, ...] = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff",
    b"\x1f\x8b", b"Rar!\x1a", b"7z\xbc\xaf", b"\xd0\xcf\x11\xe0", b"\x7fELF",
)  # pdf, zip/docx, png, gif, jpeg, gzip, rar, 7z, MS-OLE (.doc/.xls), ELF

# C0 control bytes that never occur in text files (tab, LF, VT, FF, CR and
# ESC excluded) plus DEL. NUL alone is decisive; the others count.
_CONTROL = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_SNIFF = 1 << 16          # bytes looked at for the control-byte ratio
_CONTROL_RATIO = 0.10     # more control bytes than this → binary

# UTF-8 is kept despite errors when there are at least this many well-formed
# non-ASCII characters per bad byte sequence.
_UTF8_GOOD_PER_BAD = 20
# GB18030 is kept despite errors when there is at most one bad sequence per
# this many bytes (0.1 %), and as many good characters per bad one as for UTF-8.
_GB_BYTES_PER_BAD = 1000


# Encodings the detector may pick. Its guesses on garbage are exotic (EBCDIC
# cp037, cp1006, BOM-less UTF-16…), so only plausible ones are accepted:
# Big5 for traditional Chinese, the East Asian multi-byte codes, Western.
_FALLBACK_ENCODINGS = frozenset({
    "big5", "big5hkscs", "cp950", "euc_jp", "shift_jis", "cp932", "euc_kr", "cp949",
    "cp1252", "latin_1", "iso8859_15",
})

# Big5 bytes (traditional Chinese) nearly always decode as GB18030 too, into
# mojibake full of characters outside GB2312. Real GBK text, even in
# traditional script, keeps most of its characters inside GB2312 (≈0.6–1.0
# of the non-ASCII ones; Big5 mojibake ≈0.4) and is not valid Big5.
_GB2312_SHARE = 0.55
_BIG5_MIN_CHARS = 20


def has_bom(data: bytes) -> bool:
    return any(data.startswith(bom) for bom, _ in _BOMS)


def is_binary(data: bytes) -> bool:
    """True for data that is clearly not text: a NUL byte, a known binary
    signature, or a high share of control bytes in the first 64 KiB.
    (Call it only for data without a BOM: UTF-16/32 text contains NULs.)"""
    if not data:
        return False
    if b"\x00" in data or data.startswith(_MAGIC):
        return True
    sample = data[:_SNIFF]
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls > _CONTROL_RATIO * len(sample)


def _replaced(data: bytes, encoding: str, max_bad: int | None = None) -> tuple[str, int] | None:
    """``data`` decoded with bad sequences replaced by U+FFFD, and how many
    there were, if the damage is small: enough well-formed non-ASCII
    characters per bad sequence, and at most ``max_bad`` of them."""
    text = data.decode(encoding, "replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode(encoding))
    ascii_chars = len(text.encode("ascii", "ignore"))
    good = len(text) - ascii_chars - bad
    if bad and good >= _UTF8_GOOD_PER_BAD * bad and (max_bad is None or bad <= max_bad):
        return text, bad
    return None


def _note(notes: list[str] | None, bad: int, encoding: str) -> None:
    if notes is not None:
        what = "byte sequence" if bad == 1 else "byte sequences"
        notes.append(f"{bad} {what} not valid {encoding}, replaced by U+FFFD (the document is kept)")


def _mostly_utf8(data: bytes, notes: list[str] | None = None) -> str | None:
    """UTF-8 with replacement characters, if the damage is small."""
    found = _replaced(data, "utf-8")
    if found is None:
        return None
    _note(notes, found[1], "UTF-8")
    return found[0]


def _mostly_gb18030(data: bytes, notes: list[str] | None = None) -> str | None:
    """GB18030 with replacement characters, if the bad sequences are rare (≤ 0.1 % of the bytes)."""
    found = _replaced(data, "gb18030", max(1, len(data) // _GB_BYTES_PER_BAD))
    if found is None:
        return None
    _note(notes, found[1], "GB18030")
    return found[0]


def _big5_instead(data: bytes, gb_text: str) -> str | None:
    """The Big5 reading of ``data`` when its GB18030 reading looks like
    Big5 mojibake (see ``_GB2312_SHARE``), else None."""
    ascii_chars = len(gb_text.encode("ascii", "ignore"))
    wide = len(gb_text) - ascii_chars
    if wide < _BIG5_MIN_CHARS:
        return None
    in_gb2312 = (len(gb_text.encode("gb2312", "ignore")) - ascii_chars) // 2
    if in_gb2312 >= _GB2312_SHARE * wide:
        return None
    for encoding in ("big5", "big5hkscs"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess, or None. Slow: last resort only."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        return None
    try:
        matches = list(from_bytes(data))  # best first
    except Exception:  # the detector must never take the ingest down
        return None
    for match in matches:
        if match.encoding in _FALLBACK_ENCODINGS:
            try:
                return data.decode(match.encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    return None


def decode_bytes(data: bytes, source: str = "<bytes>", notes: list[str] | None = None) -> str:
    """Decode the raw bytes of a text file.

    Raises :class:`IngestError` with the problem ``"binary file, not text"``
    or ``"cannot decode as UTF-8 or GB18030"``. Empty input gives ``""``.
    Bad bytes replaced in a file kept all the same are told in ``notes``.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if encoding == "utf-8":
                try:
                    return body.decode("utf-8")
                except UnicodeDecodeError:
                    text = _mostly_utf8(body, notes)
                    if text is None:
                        raise IngestError(source, UNDECODABLE) from None
                    return text
            # A stray odd byte at the end of UTF-16 must not lose the file.
            return body.decode(encoding, "replace")

    if is_binary(data):
        raise IngestError(source, BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _mostly_utf8(data, notes)
    if text is not None:
        return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    else:
        return _big5_instead(data, text) or text
    # before the detector, which would read a GBK page with one stray byte as Latin-1
    text = _mostly_gb18030(data, notes) or _detect(data)
    if text is None:
        raise IngestError(source, UNDECODABLE)
    return text
