"""Unit tests for the ingest stage (kg.ingest): decoding, each cleaning
step, the readers and every IngestError."""
from __future__ import annotations

import codecs
import hashlib
import json
from pathlib import Path

import pytest

from kg.document import Document, IngestError
from kg.ingest import document_from_text, iter_documents, read_document
from kg.ingest import clean as C
from kg.ingest import decode as D

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def only_doc(path) -> Document:
    (doc,) = read_document(path)
    return doc


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


SENTENCE = "市公路事务中心成立党员先锋工作室,打造特色党建品牌。"
TRAD = "市公路事務中心成立黨員先鋒工作室,打造特色黨建品牌。"


# ---------------------------------------------------------------- decoding

class TestDecode:
    def test_utf8(self):
        assert D.decode_bytes(SENTENCE.encode("utf-8")) == SENTENCE

    def test_utf8_bom(self):
        assert D.decode_bytes(codecs.BOM_UTF8 + SENTENCE.encode("utf-8")) == SENTENCE

    @pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
    def test_utf16_with_bom(self, encoding):
        data = SENTENCE.encode(encoding)
        if encoding != "utf-16":
            bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
            data = bom + data
        assert D.decode_bytes(data) == SENTENCE

    @pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030"])
    def test_gb_family(self, encoding):
        assert D.decode_bytes(SENTENCE.encode(encoding)) == SENTENCE

    def test_big5_is_not_read_as_gb18030_mojibake(self):
        text = TRAD * 3
        assert D.decode_bytes(text.encode("big5")) == text

    def test_gbk_traditional_stays_gbk(self):
        text = TRAD * 3
        assert D.decode_bytes(text.encode("gbk")) == text

    def test_truncated_utf8_is_not_taken_for_gb18030(self):
        data = (SENTENCE * 20).encode("utf-8")[:-1]  # cut inside the last 。
        text = D.decode_bytes(data)
        assert text.startswith(SENTENCE * 19)

    def test_nul_byte_is_binary(self):
        with pytest.raises(IngestError) as err:
            D.decode_bytes(b"abc\x00def", "x.txt")
        assert err.value.problem == D.BINARY
        assert str(err.value) == "x.txt: binary file, not text"

    def test_control_bytes_are_binary(self):
        assert D.is_binary(bytes(range(1, 32)) * 10)
        assert not D.is_binary("第一行\n第二行\t制表\r\n".encode("utf-8"))

    def test_binary_signature(self):
        assert D.is_binary(b"%PDF-1.7 some ascii only content")

    def test_undecodable(self, monkeypatch):
        monkeypatch.setattr(D, "_detect", lambda data: None)
        with pytest.raises(IngestError) as err:
            D.decode_bytes(b"\x80abc\xffdef")
        assert err.value.problem == "cannot decode as UTF-8 or GB18030"

    def test_detector_guesses_outside_the_allow_list_are_refused(self):
        # charset-normalizer calls this cp037 (EBCDIC): not a text we accept
        with pytest.raises(IngestError):
            D.decode_bytes(b"\x80\x80\x80")

    def test_a_stray_byte_in_gbk_is_replaced_and_said(self):
        text = "青松管理处党支部打造“清风驿站”党建品牌，坚持“三点一线”工作法。\n" * 40
        data = text.encode("gbk")
        cut = len(data) // 2
        data = data[:cut] + b"\xff" + data[cut:]  # one stray byte, as scraped pages have
        with pytest.raises(UnicodeDecodeError):
            data.decode("gb18030")
        notes: list[str] = []
        got = D.decode_bytes(data, "page.txt", notes)
        assert got.replace("\ufffd", "") == text
        assert got.count("\ufffd") == 1
        assert len(notes) == 1 and "1 " in notes[0] and "GB18030" in notes[0], notes

    def test_many_bad_bytes_in_gbk_still_fail(self, monkeypatch):
        monkeypatch.setattr(D, "_detect", lambda data: None)
        text = "青松管理处党支部打造“清风驿站”党建品牌。" * 20
        data = b"\xff".join(text.encode("gbk")[i:i + 40] for i in range(0, len(text) * 2, 40))
        with pytest.raises(IngestError):
            D.decode_bytes(data)

    def test_damaged_utf8_is_said_too(self):
        data = ("青松管理处党支部。" * 40).encode("utf-8")
        data = data[:108] + b"\xff" + data[108:]  # between two characters
        notes: list[str] = []
        assert D.decode_bytes(data, "page.txt", notes).count("\ufffd") == 1
        assert len(notes) == 1 and "UTF-8" in notes[0], notes

    def test_detector_fallback_latin(self):
        # "é " is not GB18030, so this reaches the detector
        text = "Le café est prêt, voilà. Résumé: très bien à côté. " * 3
        assert D.decode_bytes(text.encode("cp1252")) == text


# ---------------------------------------------------------------- step 1: HTML

class TestHTML:
    def test_detection(self):
        assert C.looks_like_html("<div><p>你好</p></div>")
        assert C.looks_like_html("<!DOCTYPE html>")
        assert not C.looks_like_html("数学里 a<b 且 c>d,没有标签。")
        assert not C.looks_like_html("只有一个<br>标签")

    def test_text_title_breaks_entities(self):
        page = (
            "<html><head><title>党建 品牌</title><style>p{color:red}</style>"
            "<script>var a = '<p>不要</p>';</script></head>"
            "<body><p>第一段&nbsp;文字&amp;符号</p><div>第二段<br>第三段</div></body></html>"
        )
        text, title, url = C.html_to_text(page)
        assert title == "党建 品牌"
        assert "不要" not in text and "color" not in text and "党建 品牌" not in text
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        assert lines == ["第一段\xa0文字&符号", "第二段", "第三段"]
        assert url is None

    def test_h1_when_no_title(self):
        _, title, _ = C.html_to_text("<body><h1>标题 <b>一</b></h1><p>正文</p></body>")
        assert title == "标题 一"

    def test_canonical_url(self):
        _, _, url = C.html_to_text('<head><link rel="canonical" href="http://a.cn/x.html"></head><p>正文</p>')
        assert url == "http://a.cn/x.html"

    def test_unclosed_head_ends_at_body(self):
        text, _, _ = C.html_to_text("<head><meta charset=utf-8><body><p>正文</p>")
        assert "正文" in text

    @pytest.mark.parametrize("broken", [
        "<div><p>未闭合<span>标签", "</p></div>只有结束标签", "<p a='1>属性未闭合",
        "<![if !supportLists]>列表<![endif]>", "<!-- 注释未闭合 <p>文字", "<<<>>>&&&;",
        "<![CDATA[x]]>文字", "<div", "&#99999999;&#xZZ;&bogus;",
    ])
    def test_broken_html_never_raises(self, broken):
        text, _, _ = C.html_to_text(broken)
        assert isinstance(text, str)

    def test_marked_section_fallback_keeps_text(self):
        text, _, _ = C.html_to_text("<p>前文</p><![bogus[x]]><p>后文</p>")
        assert "前文" in text

    def test_keep_newlines_for_text_with_tags(self):
        text, _, _ = C.html_to_text("标题\n<div>正文一</div><div>正文二</div>", keep_newlines=True)
        assert [l for l in text.split("\n") if l] == ["标题", "正文一", "正文二"]

    def test_pre_keeps_newlines(self):
        text, _, _ = C.html_to_text("<pre>一\n二</pre><p>三\n四</p>")
        assert "一\n二" in text and "三 四" in text


# ---------------------------------------------------------------- step 1: Markdown

def test_strip_markdown():
    md = (
        "# 标题一\n##二级标题\n**加粗**和*斜体*与`代码`\n"
        "见[党建网](http://example.com/a)。![图片](http://example.com/a.png)\n"
        "- 列表项\n> 引用\n---\n2*3*4 保留\n"
    )
    out = C.strip_markdown(md)
    assert out.split("\n")[:7] == ["标题一", "二级标题", "加粗和斜体与代码", "见党建网。", "列表项", "引用", ""]
    assert "2*3*4 保留" in out
    assert "http" not in out


# ---------------------------------------------------------------- step 2: width

def test_normalise_width():
    assert C.normalise_width("ＡＢＣ１２３，：；（）！？") == "ABC123,:;()!?"
    assert C.normalise_width("甲\u3000乙\xa0丙") == "甲 乙 丙"
    kept = "。、“”‘’《》【】…—"
    assert C.normalise_width(kept) == kept
    assert C.normalise_width("零\u200b宽\ufeff字\x07符") == "零宽字符"
    assert C.normalise_width("行\u2028行") == "行\n行"


# ---------------------------------------------------------------- step 3: pinyin

@pytest.mark.parametrize("raw, expected", [
    ("收費(fèi)站", "收費站"),
    ("習(xí)近平", "習近平"),
    ("創(chuàng)建", "創建"),
    ("綠(lǜ)色", "綠色"),
    ("開(kāi)展(zhǎn)", "開展"),
    ("制作PPT(PPT)和(2021-2025年)规划", "制作PPT(PPT)和(2021-2025年)规划"),
    ("党建(dang)品牌", "党建(dang)品牌"),          # no tone mark: kept
    ("cafe(fèi)", "cafe(fèi)"),                     # not after a CJK character
    ("采用(A)(B)两种方案", "采用(A)(B)两种方案"),
])
def test_remove_pinyin(raw, expected):
    assert C.remove_pinyin(raw) == expected


def test_full_width_pinyin_goes_via_width_step():
    assert C.clean("收費（fèi）站").original == "收費站"


# ---------------------------------------------------------------- step 4: boilerplate

@pytest.mark.parametrize("line", [
    "当前位置: 首页 -> 党群工作 -> 党的建设 -> 正文",
    "您的位置: 首页 党的建设党建动态详细",
    "中國共產黨新聞網>>黨建>>黨建信息",
    "责任编辑: 张三     签审: 李四",
    "責任編輯:王五",
    "编辑:赵六",
    "校對:某某",
    "(供稿/党委组织部 撰稿/某某 审核/某某)",
    "备案号 鲁ICP备12345678号  互联网新闻信息许可证编号:12345678901",
    "Copyright © 2020 某某单位 版权所有",
    "联系电话:0531-12345678",
    "评论:",
    "提交评论",
    "已有0人发表了",
    "上一条:某某公司召开会议",
    "下一篇:关于某某的通知",
    "字体:+ -",
    "【字体:大 中 小】",
    "放大 缩小",
    "找回密码",
    " 立即注册",
    "首页加入收藏订阅中心",
    "扫一扫在手机打开当前页",
    "分享到:",
    "作者:来源:阅读次数:日期:2019年11月01日",
    "发布日期:04-02    作者:     来源:     点击:",
    "瀏覽次數:次",
    "信息来源 : 某某公司 作者 : 某某 发布时间 : 1530次阅读",
    "期刊文章分类查询,尽在期刊图书馆",
    "论文下载尽在某某论文网",
    "资源描述:",
    "标签:机关论文; 党员论文;",
    "【打印】 【关闭】",
    "云岭省交通运输厅主管 云岭交通报社主办",
    "主办单位:白河市委宣传部",
])
def test_boilerplate_lines(line):
    assert C.is_boilerplate(line)


@pytest.mark.parametrize("line", [
    SENTENCE,
    TRAD,
    "他负责编辑和校对工作,认真细致,多次获评先进个人。",
    "上篇文章中我们讲到党建品牌的创建。",
    "申请->审核->发放",
    "作者:李维英",
    "发布时间:2025-06-24 17:33:00本文来源: 管理员",
    "一、基本内涵",
    "文/罗勇",
    "白河管理处党委主办了“先锋讲堂”专题培训班。",
    "由市委组织部主管、市委党校主办的培训班开班。",
    # a long content paragraph that mentions footer words is kept
    "该公司坚持以党建为引领,版权所有意识和知识产权保护工作常抓不懈,联系电话畅通群众诉求渠道,"
    "不断提升服务水平,打造“零距离”党建品牌,获得群众广泛好评,荣获多项省部级荣誉称号。" * 2,
])
def test_content_lines_are_kept(line):
    assert not C.is_boilerplate(line)


def test_drop_boilerplate_keeps_content_and_order():
    text = "\n".join(["党群工作", "", "党的建设", "当前位置: 首页 -> 党群工作 -> 党的建设 -> 正文",
                      "标题", SENTENCE, "责任编辑:张三", TRAD, "上一条:甲", "下一条:乙"])
    out = C.drop_boilerplate(text)
    assert [l for l in out.split("\n") if l] == ["标题", SENTENCE, TRAD]


def test_drop_boilerplate_in_traditional_and_mixed_script():
    text = "\n".join([TRAD, "責任编辑：某某", "版權所有 All Rights Reserved", "上一篇：某某", "分享到：", TRAD])
    assert C.drop_boilerplate(C.normalise_width(text)) == TRAD + "\n" + TRAD


def test_section_names_below_breadcrumb_are_kept():
    text = "\n".join(["当前位置: 首页 >> 建设动态", "建设动态", SENTENCE])
    assert C.drop_boilerplate(text).split("\n") == ["建设动态", SENTENCE]


# ---------------------------------------------------------------- step 5: whitespace

def test_normalise_whitespace():
    raw = "  第一段 \t  有空格  \n\n\n\t\n 第二段\n   \n第三段  "
    assert C.normalise_whitespace(raw) == "第一段 有空格\n第二段\n第三段"


# ---------------------------------------------------------------- step 6: script

def test_to_simplified_same_length():
    text = C.to_simplified(TRAD + "\n" + "瞭解乾隆後來的著作")
    assert text.startswith(SENTENCE)
    assert len(text) == len(TRAD) + 1 + 9


class _LengthChangingConverter:
    """Stands in for OpenCC: turns a whole "後來" into one character."""

    def convert(self, s: str) -> str:
        return s.replace("後來", "后").replace("後", "后").replace("來", "来")


def test_to_simplified_falls_back_per_character(monkeypatch):
    monkeypatch.setattr(C, "_t2s", _LengthChangingConverter())
    original = "第一行後\n後來的事\n來"
    text = C.to_simplified(original)
    assert text == "第一行后\n后来的事\n来"


def test_converter_is_a_singleton():
    assert C.converter() is C.converter()


# ---------------------------------------------------------------- title, url, pipeline

def test_first_line_title():
    assert C.first_line_title("标题\n正文") == "标题"
    assert C.first_line_title("长" * 81 + "\n正文") is None
    assert C.first_line_title("") is None


def test_url_line_is_recognised():
    doc = document_from_text(f"{SENTENCE}\n原文鏈接: https://example.com/a?id=1", id="a", source="a", file_name="a")
    assert doc.url == "https://example.com/a?id=1"


def test_pipeline_order_html_width_pinyin_boilerplate_script():
    raw = ("<html><head><title>標題</title></head><body><p>收費（fèi）站　黨建品牌</p>"
           "<p>責任編輯：張三</p><p>ＰＰＴ(PPT)</p></body></html>")
    doc = document_from_text(raw, id="x", source="x.html", file_name="x.html", html=True)
    assert doc.original == "收費站 黨建品牌\nＰＰＴ(PPT)"  # the author's forms, for evidence
    assert doc.text == "收费站 党建品牌\nPPT(PPT)"
    assert doc.title == "標題"
    assert doc.sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()


def test_evidence_offsets_align():
    doc = document_from_text("為全面貫徹習(xí)近平新時(shí)代思想", id="x", source="x", file_name="x")
    start = doc.text.index("习近平")
    assert doc.evidence(start, start + 3) == "習近平"


def test_document_from_text_without_text_raises():
    with pytest.raises(IngestError) as err:
        document_from_text("  \n责任编辑:张三\n\n", id="x", source="x.txt", file_name="x.txt")
    assert err.value.problem == "no text after cleaning"


# ---------------------------------------------------------------- seeds

def test_seed_000_html_in_txt():
    doc = only_doc(seed("000"))
    assert "<" not in doc.original and "&nbsp;" not in doc.original and "\xa0" not in doc.original
    assert doc.title == "“干事”党建品牌显特色 创佳绩"
    assert "杭新景管理处" in doc.text
    assert len(doc.text.split("\n")) >= 8  # one paragraph per <div>


def test_seed_001_boilerplate():
    doc = only_doc(seed("001"))
    for gone in ("责任编辑", "备案号", "版权所有", "提交评论", "签审"):
        assert gone not in doc.original
    assert "山东高速股份有限公司禹城收费站党支部坚持以党建为引领" in doc.text
    assert doc.original.split("\n")[-1].startswith("(大众日报客户端记者")
    assert doc.title.startswith("优秀党建品牌巡展")


def test_seed_002_spam_line():
    doc = only_doc(seed("002"))
    assert "尽在期刊图书馆" not in doc.original
    assert "开展以“五水共治”为主题的节水志愿服务活动" in doc.text
    assert doc.title is None  # first line is a long paragraph


def test_seed_003_traditional_with_pinyin():
    doc = only_doc(seed("003"))
    assert "(xí)" not in doc.original and "(chuàng)" not in doc.original
    assert not any(mark in doc.original for mark in "āáǎàēéěèīíǐìōóǒòūúǔù")
    assert "習近平" in doc.original and "习近平" in doc.text
    assert "党员先锋工作室" in doc.text and "黨員先鋒工作室" in doc.original
    assert "(成立党员先锋工作室)" in doc.text  # ordinary parentheses stay
    assert len(doc.text) == len(doc.original)


def test_seed_004_breadcrumb_and_next_links():
    doc = only_doc(seed("004"))
    lines = doc.original.split("\n")
    assert lines[0].startswith("【两化一创】")
    assert doc.title == lines[0]
    for gone in ("当前位置", "上一条", "下一条", "阅读次数", "党群工作\n"):
        assert gone not in doc.original
    assert lines[-1] == "文/罗勇"


def test_seed_metadata():
    for path in sorted(SEEDS.glob("*.txt")):
        doc = only_doc(path)
        assert doc.id == path.stem
        assert doc.file_name == path.name
        assert doc.source == str(path)
        assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert len(doc.text) == len(doc.original)


# ---------------------------------------------------------------- readers and errors

def test_folder_is_recursive_sorted_and_filtered(tmp_path):
    write(tmp_path, "b.txt", SENTENCE)
    write(tmp_path, "a/z.md", "# 标题\n" + SENTENCE)
    write(tmp_path, "a/y.HTML", f"<p>{SENTENCE}</p>")
    write(tmp_path, "c.jsonl", json.dumps({"text": SENTENCE}, ensure_ascii=False))
    write(tmp_path, "ignored.pdf", SENTENCE)
    write(tmp_path, "ignored.docx", SENTENCE)
    write(tmp_path, ".hidden.txt", SENTENCE)
    write(tmp_path, ".git/x.txt", SENTENCE)
    items = list(iter_documents([tmp_path]))
    assert all(isinstance(i, Document) for i in items)
    assert [d.file_name for d in items] == ["y.HTML", "z.md", "b.txt", "c.jsonl"]
    assert items[0].source == str(tmp_path / "a" / "y.HTML")
    assert items[1].title == "标题"


def test_explicit_unknown_suffix_is_read_as_text(tmp_path):
    path = write(tmp_path, "notes.dat", SENTENCE)
    (doc,) = iter_documents([path])
    assert doc.text == SENTENCE and doc.id == "notes"


def test_single_path_argument(tmp_path):
    path = write(tmp_path, "one.txt", SENTENCE)
    assert [d.id for d in iter_documents(str(path))] == ["one"]


def test_errors_are_yielded_and_iteration_goes_on(tmp_path):
    empty = write(tmp_path, "empty.txt", b"")
    binary = write(tmp_path, "bin.txt", b"\x00\x01\x02\x03abc")
    blank = write(tmp_path, "blank.txt", "  \n\u3000\n责任编辑:某某\n")
    good = write(tmp_path, "good.txt", SENTENCE)
    missing = tmp_path / "missing.txt"
    items = list(iter_documents([missing, empty, binary, blank, good]))
    problems = [i.problem if isinstance(i, IngestError) else i.id for i in items]
    assert problems == ["no such file or directory", "empty file", "binary file, not text",
                        "no text after cleaning", "good"]
    assert items[0].source == str(missing)
    assert str(items[1]) == f"{empty}: empty file"


def test_undecodable_file(tmp_path, monkeypatch):
    monkeypatch.setattr(D, "_detect", lambda data: None)
    path = write(tmp_path, "bad.txt", b"\x80abc\xffdef")
    (err,) = iter_documents([path])
    assert isinstance(err, IngestError) and err.problem == "cannot decode as UTF-8 or GB18030"


def test_read_document_raises(tmp_path):
    with pytest.raises(IngestError, match="no such file or directory"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(IngestError, match="empty file"):
        read_document(write(tmp_path, "e.txt", b""))


def test_gbk_and_utf16_files(tmp_path):
    gbk = write(tmp_path, "gbk.txt", TRAD.encode("gbk"))
    u16 = write(tmp_path, "u16.txt", TRAD.encode("utf-16"))
    for path in (gbk, u16):
        doc = only_doc(path)
        assert doc.original == TRAD and doc.text == SENTENCE
        assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_html_file(tmp_path):
    path = write(tmp_path, "page.htm", "<html><head><title>某某 - 党建网</title></head>"
                 f"<body><div class='nav'>当前位置: 首页 > 新闻</div><p>{SENTENCE}\n续行</p></body></html>")
    doc = only_doc(path)
    assert doc.title == "某某 - 党建网"
    assert doc.original == SENTENCE + " 续行"


def test_jsonl(tmp_path):
    lines = [
        json.dumps({"id": "doc-a", "text": SENTENCE, "title": "题", "url": "http://a.cn/1"}, ensure_ascii=False),
        "",
        json.dumps({"text": TRAD}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
        json.dumps({"text": 5}),
        json.dumps({"id": 7, "text": "<p>网页</p><p>正文</p>"}, ensure_ascii=False),
        json.dumps({"text": "责任编辑:某某"}, ensure_ascii=False),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = list(iter_documents([path]))
    a, b, bad_json, no_text, array, number, html, cleaned_away = items
    assert (a.id, a.title, a.url, a.source, a.file_name) == ("doc-a", "题", "http://a.cn/1", f"{path}:1", "batch.jsonl")
    assert a.sha256 == hashlib.sha256(lines[0].encode("utf-8")).hexdigest()
    assert (b.id, b.source, b.text, b.original) == ("batch-3", f"{path}:3", SENTENCE, TRAD)
    assert bad_json.line == 4 and bad_json.problem.startswith("invalid JSON: ")
    assert str(bad_json).startswith(f"{path}:4: invalid JSON")
    assert (no_text.line, no_text.problem) == (5, "missing 'text' field")
    assert array.line == 6 and array.problem.startswith("invalid JSON")
    assert number.line == 7 and isinstance(number, IngestError)
    assert (html.id, html.original) == ("7", "网页\n正文")
    assert (cleaned_away.line, cleaned_away.problem) == (9, "no text after cleaning")


def test_jsonl_empty(tmp_path):
    (err,) = iter_documents([write(tmp_path, "e.jsonl", b"")])
    assert err.problem == "empty file"
    (err,) = iter_documents([write(tmp_path, "blank.jsonl", b"\n\n")])
    assert err.problem == "empty file"


def test_folder_order_is_deterministic(tmp_path):
    for name in ["10.txt", "2.txt", "a/1.txt", "B.txt"]:
        write(tmp_path, name, SENTENCE)
    first = [d.source for d in iter_documents([tmp_path])]
    assert first == [d.source for d in iter_documents([tmp_path])]
    assert [Path(s).relative_to(tmp_path).as_posix() for s in first] == ["10.txt", "2.txt", "B.txt", "a/1.txt"]


def test_spam_spliced_into_a_sentence_is_removed_in_both_scripts():
    from kg.ingest.clean import remove_inline_spam
    assert remove_inline_spam("被评为xy88·某某「中国」官方网站集团先进集体") == "被评为集团先进集体"
    assert remove_inline_spam("某某官網365公布名單") == "公布名單"
    assert remove_inline_spam("某某官方注册第二轮评审会") == "第二轮评审会"
    assert remove_inline_spam("据市政府官方网站消息") == "据市政府官方网站消息"   # a plain mention stays


# ---------------------------------------------------------------- evidence verbatim (issue 13)

def test_original_keeps_full_width_forms_and_text_folds_them():
    raw = "青松管理处党支部：打造“清风驿站”党建品牌，坚持（三点一线）工作法！ＡＢＣ１２３。\n"
    doc = document_from_text(raw, id="d", source="d.txt", file_name="d.txt")
    assert doc.original == raw.strip()  # the author's characters, for Ctrl-F in the source
    assert doc.text == "青松管理处党支部:打造“清风驿站”党建品牌,坚持(三点一线)工作法!ABC123。"
    assert len(doc.text) == len(doc.original)


def test_cleaning_still_sees_full_width_furniture_and_pinyin():
    raw = "当前位置：首页＞＞党建＞＞正文\n收費（fèi）站党支部创建“清风驿站”品牌。\n责任编辑：某某\n"
    doc = document_from_text(raw, id="d", source="d.txt", file_name="d.txt")
    assert doc.original == "收費站党支部创建“清风驿站”品牌。"
    assert doc.text == "收费站党支部创建“清风驿站”品牌。"


def test_build_evidence_is_verbatim(tmp_path):
    from kg.pipeline import build
    import rdflib
    from kg.vocab import DJ

    (tmp_path / "in").mkdir()
    sentence = "青松管理处机关支部创建了“清风驿站”党建品牌，坚持“三点一线”工作法。"
    (tmp_path / "in" / "a.txt").write_text("青松管理处党建工作纪实\n" + sentence + "\n", encoding="utf-8")
    build([tmp_path / "in"], tmp_path / "out", jobs=1, exports=["turtle"], cache=False)
    g = rdflib.Graph().parse(tmp_path / "out" / "kg.ttl", format="turtle")
    evidence = {str(o) for o in g.objects(None, DJ.evidence)}
    assert evidence and all("，" in e or "," not in e for e in evidence), evidence
    assert any(e in sentence and "，" in e for e in evidence), evidence
