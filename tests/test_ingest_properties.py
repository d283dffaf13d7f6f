"""Property-based tests of the ingest stage: whatever comes in, the stage
never raises, yields only Documents or IngestErrors (and none caused by a
bug), and keeps ``len(text) == len(original)``."""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.document import Document, IngestError
from kg.ingest import document_from_text, iter_documents
from kg.ingest import clean as C

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Text that looks like our corpus: CJK in both scripts, full-width forms,
# pinyin, odd spaces, tags, boilerplate words, plus anything at all.
CORPUS_BITS = [
    "党建品牌", "黨建品牌", "習(xí)近平", "收費（fèi）站", "創(chuàng)建", "（PPT）",
    "，", "：", "。", "“", "”", "\u3000", "\xa0", "\n", "\r\n", "\t", " ",
    "责任编辑:", "當前位置: 首頁 -> ", ">>", "版权所有", "已有0人发表了", "上一条:",
    "<p>", "</p>", "<div>", "<br>", "&nbsp;", "&amp;", "<script>", "</script>",
    "<title>", "</title>", "<![if x]>", "<!--", "-->", "<", ">", "&", "#", "**", "[链接](http://a.cn)",
    "乾隆", "後來", "瞭解", "著作", "𠀀", "\ufeff", "\u200b", "\x00", "\x07", "\ud800",
]
corpus_text = st.lists(
    st.one_of(st.sampled_from(CORPUS_BITS), st.text(max_size=8)), max_size=40
).map("".join)
any_text = st.one_of(st.text(), corpus_text)

# Broken HTML fragments: tags opened and closed at random, cut anywhere.
TAGS = ["html", "head", "body", "title", "div", "p", "span", "br", "td", "tr", "table",
        "script", "style", "h1", "pre", "nav", "a", "img", "li"]
html_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"<{t} class='x' style=\"a:b\">"),
    st.sampled_from(["<", ">", "</", "<!", "<![", "<!--", "<?xml", "&", "&#", "&#x", "&nbsp",
                     "<![CDATA[", "]]>", "'", '"', "=", "/>", "<![if !vml]>", "<![bogus[x]]>"]),
    corpus_text,
)
broken_html = st.tuples(st.lists(html_piece, max_size=30).map("".join), st.integers(0, 400)).map(
    lambda pair: pair[0][: pair[1]]
)

SUFFIXES = [".txt", ".html", ".htm", ".md", ".jsonl", ".dat", ""]


def check_items(items: list) -> None:
    for item in items:
        assert isinstance(item, (Document, IngestError)), type(item)
        if isinstance(item, IngestError):
            assert "internal error" not in item.problem, str(item)
        else:
            assert item.original and len(item.text) == len(item.original)
            assert item.text.count("\n") == item.original.count("\n")
            assert "\n\n" not in item.original and item.original == item.original.strip()


def ingest_bytes(data: bytes, suffix: str) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"doc{suffix}"
        path.write_bytes(data)
        explicit = list(iter_documents([path]))
        in_folder = list(iter_documents([tmp]))
    if suffix in (".txt", ".html", ".htm", ".md", ".jsonl"):
        assert [type(i) for i in in_folder] == [type(i) for i in explicit]
    else:
        assert in_folder == []
    return explicit


def from_text(raw: str, html) -> Document | IngestError:
    try:
        return document_from_text(raw, id="x", source="x", file_name="x", html=html)
    except IngestError as error:
        return error


@SETTINGS
@given(any_text, st.sampled_from([None, True, False]))
def test_document_from_text_never_breaks(raw, html):
    check_items([from_text(raw, html)])


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(SUFFIXES))
def test_random_bytes_files(data, suffix):
    check_items(ingest_bytes(data, suffix))


@SETTINGS
@given(any_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]), st.sampled_from(SUFFIXES))
def test_random_text_files(raw, encoding, suffix):
    data = raw.encode(encoding, "replace")
    check_items(ingest_bytes(data, suffix))


@SETTINGS
@given(broken_html, st.sampled_from([".html", ".txt"]))
def test_broken_html(fragment, suffix):
    check_items(ingest_bytes(fragment.encode("utf-8", "replace"), suffix))
    check_items([from_text(fragment, True)])


@SETTINGS
@given(st.lists(st.one_of(
    st.dictionaries(st.sampled_from(["id", "text", "title", "url", "x"]),
                    st.one_of(any_text, st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
                    max_size=5).map(lambda d: json.dumps(d, ensure_ascii=False)),
    any_text.map(lambda s: s.replace("\n", " ").replace("\r", " ")),
), max_size=8))
def test_random_jsonl(lines):
    items = ingest_bytes("\n".join(lines).encode("utf-8", "replace"), ".jsonl")
    check_items(items)
    for item in items:
        if isinstance(item, Document):
            assert item.source.rsplit(":", 1)[1].isdigit()


@SETTINGS
@given(any_text)
def test_steps_keep_their_promises(raw):
    width = C.normalise_width(C.normalise_newlines(raw))
    assert not any("\uff01" <= ch <= "\uff5e" for ch in width)
    assert "\u3000" not in width and "\xa0" not in width
    spaced = C.normalise_whitespace(width)
    assert C.normalise_whitespace(spaced) == spaced
    assert "\n\n" not in spaced and "  " not in spaced
    assert len(C.to_simplified(spaced)) == len(spaced)
    assert len(C.drop_boilerplate(spaced)) <= len(spaced)
