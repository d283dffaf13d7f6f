"""str → cleaned text: the cleaning pipeline, one small function per step.

:func:`clean` runs the steps in this order:

1. :func:`html_to_text` (HTML, or text that looks like HTML) or
   :func:`strip_markdown` (``.md``),
2. :func:`normalise_spaces` — odd spaces, invisible and control characters,
3. :func:`remove_pinyin` — ``收費(fèi)站`` → ``收費站``,
4. :func:`drop_boilerplate` — page furniture lines,
5. :func:`normalise_whitespace` — one paragraph per line,
6. :func:`fold_width` then :func:`to_simplified` — full-width ASCII forms
   (，：！ＡＢ１) → ASCII, OpenCC t2s: the text extraction reads, same length.

``original`` keeps the author's characters (full-width punctuation
included), so an evidence sentence cut from it is found in the source with
Ctrl-F; only ``text`` is folded and simplified. Steps 3–4 decide on the
folded form (a full-width ``（fèi）`` or ``当前位置：`` is still seen) and
delete from the original: folding is one character for one, so spans and
lines carry over.

Every step works on whole strings with compiled regexes or ``str.translate``;
Python-level loops run over lines at most, never over characters (except
for the rare line whose t2s conversion changes length).
"""
from __future__ import annotations

import bisect
import html as _html
import itertools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = [
    "Cleaned", "clean", "looks_like_html", "html_to_text", "strip_markdown",
    "normalise_newlines", "normalise_width", "normalise_spaces", "fold_width", "remove_pinyin", "is_boilerplate",
    "drop_boilerplate", "normalise_whitespace", "to_simplified", "first_line_title",
    "find_url", "clean_title", "converter", "TITLE_MAX",
]

TITLE_MAX = 80  # a first line longer than this is a paragraph, not a title


# --------------------------------------------------------------------------
# OpenCC converter: created once, on first use.

_t2s = None


def converter():
    """The process-wide OpenCC t2s converter (lazy singleton)."""
    global _t2s
    if _t2s is None:
        from opencc import OpenCC

        _t2s = OpenCC("t2s")
    return _t2s


# --------------------------------------------------------------------------
# Step 0: line endings and characters no converter can take.

_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_newlines(text: str) -> str:
    """CRLF / CR → LF; lone surrogates (possible from JSON escapes) → U+FFFD."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", text)


# --------------------------------------------------------------------------
# Step 1a: HTML → text.

# Tags whose presence marks a .txt as HTML. Two or more are needed.
_HTML_TAG = re.compile(
    r"<\s*/?\s*(?:html|body|head|div|p|span|br|td|tr|th|table|tbody|li|ul|ol|"
    r"h[1-6]|a|img|strong|em|b|font|section|article|meta|script|style|title|"
    r"iframe|center|form|input)(?:\s[^<>]{0,2000})?\s*/?>",
    re.IGNORECASE,
)
_HTML_DOCTYPE = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_HTML_SNIFF = 1 << 17  # characters looked at
_HTML_MIN_TAGS = 2


def looks_like_html(text: str) -> bool:
    """True when the text carries several HTML tags (or a doctype)."""
    sample = text[:_HTML_SNIFF]
    if _HTML_DOCTYPE.search(sample):
        return True
    found = 0
    for _ in _HTML_TAG.finditer(sample):
        found += 1
        if found >= _HTML_MIN_TAGS:
            return True
    return False


# Elements that start a new line (before and after their content).
_BLOCK = frozenset(
    "address article aside blockquote body br caption center dd details dialog "
    "div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr html li main ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is not text of the page (<title> is read apart).
_SKIP = frozenset(
    "script style head noscript template svg math iframe object embed "
    "select option textarea button nav".split()
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _HTMLText(HTMLParser):
    """Collects visible text; never raises on broken markup by itself."""

    def __init__(self, keep_newlines: bool):
        super().__init__(convert_charrefs=True)
        self.keep_newlines = keep_newlines
        self.parts: list[str] = []
        self.skip: dict[str, int] = {}
        self.pre = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_depth = 0
        self.h1_parts: list[str] = []
        self.h1: str | None = None
        self.url: str | None = None

    # ---- tags
    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self.in_title = True
            return
        if tag == "body":  # an unclosed <head> ends here
            self.skip.pop("head", None)
        if tag in ("meta", "link") and self.url is None:
            self._maybe_url(tag, dict(attrs))
        if tag in _SKIP:
            self.skip[tag] = self.skip.get(tag, 0) + 1
            return
        if tag == "pre":
            self.pre += 1
        if tag == "h1" and self.h1 is None:
            self.h1_depth += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
            return
        if tag in _SKIP:
            if self.skip.get(tag):
                self.skip[tag] -= 1
                if not self.skip[tag]:
                    del self.skip[tag]
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag == "h1" and self.h1_depth:
            self.h1_depth -= 1
            if not self.h1_depth:
                self.h1 = "".join(self.h1_parts)
        if tag in _BLOCK:
            self.parts.append("\n")

    def _maybe_url(self, tag, attrs):
        value = None
        if tag == "link" and (attrs.get("rel") or "").lower() == "canonical":
            value = attrs.get("href")
        elif tag == "meta" and (attrs.get("property") or "").lower() == "og:url":
            value = attrs.get("content")
        if value and value.startswith(("http://", "https://")):
            self.url = value.strip()

    # ---- text
    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip:
            return
        if not self.keep_newlines and not self.pre:
            data = _HTML_SPACE.sub(" ", data)
        self.parts.append(data)
        if self.h1_depth:
            self.h1_parts.append(data)


# Fallback for markup the stdlib parser gives up on.
_FB_SKIP = re.compile(r"<(script|style|head|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_FB_BREAK = re.compile(r"<\s*(?:br|/?(?:p|div|li|tr|td|th|h[1-6]|table|section|article))\b[^>]*>", re.I)
_FB_TAG = re.compile(r"<[^>]*>")
_FB_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)


def _fallback_html(raw: str) -> tuple[str, str | None]:
    m = _FB_TITLE.search(raw)
    title = _html.unescape(_FB_TAG.sub("", m.group(1))) if m else None
    text = _FB_TAG.sub("", _FB_BREAK.sub("\n", _FB_SKIP.sub("", raw)))
    return _html.unescape(text), title


def html_to_text(raw: str, keep_newlines: bool = False) -> tuple[str, str | None, str | None]:
    """Visible text of an HTML page, its title (``<title>``, else first
    ``<h1>``) and its canonical URL if declared. Block tags and ``<br>``
    become line breaks; entities are unescaped (``&nbsp;`` → U+00A0, which
    :func:`normalise_width` turns into a space).

    ``keep_newlines`` keeps the line breaks of the source text as they are,
    for plain-text files with bits of HTML in them; real HTML pages fold
    whitespace like a browser does.
    """
    parser = _HTMLText(keep_newlines)
    try:
        parser.feed(raw)
        parser.close()
    except Exception:  # e.g. AssertionError on odd "<![" marked sections
        text, title = _fallback_html(raw)
        return text, clean_title(title), None
    title = clean_title("".join(parser.title_parts)) or clean_title(parser.h1)
    return "".join(parser.parts), title, parser.url


def clean_title(value: str | None) -> str | None:
    """A title on one line: width, pinyin and whitespace normalised."""
    if not value:
        return None
    value = normalise_whitespace(remove_pinyin(normalise_width(value))).replace("\n", " ")
    return value or None


# --------------------------------------------------------------------------
# Step 1b: light Markdown stripping.

_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[ \t]*(?:```|~~~).*$", re.M), ""),                # code fences
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),      # horizontal rules
    (re.compile(r"^[ \t]{0,3}#{1,6}(?=[ \t]|[^\x00-\x7f]|$)[ \t]*", re.M), ""),  # headings
    (re.compile(r"[ \t]+#+[ \t]*$", re.M), ""),                      # closing #s
    (re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+", re.M), ""),              # block quotes
    (re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$", re.M), ""), # link definitions
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),                   # images
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),               # [t](u) → t
    (re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),              # [t][ref] → t
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),           # bold
    (re.compile(r"(?<![A-Za-z0-9*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![A-Za-z0-9*])"), r"\1"),  # *italic*
    (re.compile(r"`([^`\n]+)`"), r"\1"),                             # inline code
    (re.compile(r"^[ \t]*[-*+][ \t]+", re.M), ""),                   # bullets
)


def strip_markdown(text: str) -> str:
    """Remove the common Markdown markup, keeping the words."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


# --------------------------------------------------------------------------
# Step 2: width normalisation.

_FULL_WIDTH_FORMS: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH: dict[int, int | str | None] = dict(_FULL_WIDTH_FORMS)
_WIDTH.update({cp: " " for cp in (0x3000, 0x00A0, 0x1680, 0x202F, 0x205F, *range(0x2000, 0x200B))})
_WIDTH.update({cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD)})  # invisible
_WIDTH.update({cp: "\n" for cp in (0x0B, 0x0C, 0x85, 0x2028, 0x2029)})          # line breaks
_WIDTH.update({cp: None for cp in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)})  # C0 controls
_WIDTH.update({cp: None for cp in range(0x80, 0xA0) if cp != 0x85})               # C1 controls


# str.translate looks every character up in the dict: slow on CJK text. A
# regex finds the few characters to change and a dict maps them (~25x faster).
_WIDTH_MAP = {chr(cp): "" if v is None else (v if isinstance(v, str) else chr(v))
              for cp, v in _WIDTH.items()}
_WIDTH_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_WIDTH_MAP)) + "]")


def _width_char(match: re.Match[str]) -> str:
    return _WIDTH_MAP[match.group()]


def normalise_width(text: str) -> str:
    """Full-width ASCII (U+FF01–U+FF5E) → ASCII, ideographic space and
    NBSP → space, invisible and control characters removed. CJK punctuation
    (。、“”《》【】…) is kept."""
    return _WIDTH_RE.sub(_width_char, text)


# the same, in two parts: what changes the author's text (spaces, invisible
# characters), and the one-for-one folding of full-width forms
_SPACES_MAP = {ch: v for ch, v in _WIDTH_MAP.items() if ord(ch) not in _FULL_WIDTH_FORMS}
_SPACES_RE = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_SPACES_MAP)) + "]")
_FOLD = str.maketrans({cp: chr(v) for cp, v in _FULL_WIDTH_FORMS.items()})


def normalise_spaces(text: str) -> str:
    """:func:`normalise_width` less the folding of full-width forms: odd
    spaces → space, invisible and control characters removed."""
    return _SPACES_RE.sub(lambda m: _SPACES_MAP[m.group()], text)


def fold_width(text: str) -> str:
    """Full-width ASCII forms → ASCII, one character for one.

    >>> fold_width("品牌，ＡＢ１（一）")
    '品牌,AB1(一)'
    """
    return text.translate(_FOLD)


def _delete_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return "".join(parts)


# --------------------------------------------------------------------------
# Step 3: pinyin artefacts, e.g. 習(xí)近平 → 習近平.

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ\u0300\u0301\u0304\u030c"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# "(" comes first so the regex engine can jump from one "(" to the next; the
# look-behind then checks the character before it.
_PINYIN = re.compile(
    rf"\((?<=[{_CJK}]\()(?=[a-zA-Züêɑɡ]*[{_TONED}])[a-zA-Züêɑɡ{_TONED}]{{1,8}}\)"
)


def remove_pinyin(text: str) -> str:
    """Drop a parenthesised pinyin syllable with a tone mark right after a
    CJK character. ``(PPT)`` or ``(2021-2025年)`` have no tone mark and stay;
    full-width parentheses are read as ASCII ones (and dropped with it)."""
    folded = fold_width(text)
    if "(" not in folded:
        return text
    return _delete_spans(text, [m.span() for m in _PINYIN.finditer(folded)])


# --------------------------------------------------------------------------
# Step 4: boilerplate lines (page furniture).
#
# Each rule: (kind, cues, pattern, longest line it may drop). Patterns run
# on the stripped, simplified-script form of a line, so one pattern serves
# both scripts. A rule only drops lines up to its length limit, so a content
# paragraph that happens to mention, say, 版权所有 is kept. ``cues`` are
# lower-case literals of which every line the pattern matches contains at
# least one: a single literal alternation of all cues rejects ordinary
# content lines about 40x faster than the patterns themselves would.

_RULES: tuple[tuple[str, tuple[str, ...], str, int], ...] = (
    # navigation / breadcrumbs: 当前位置: 首页 -> 党群工作 -> 正文
    ("breadcrumb", ("位置",),
     r"^(?:当前位置|您的位置|你的位置|您现在的位置|你现在的位置|现在位置|所在位置)", 150),
    ("breadcrumb", ("首页",), r"首页\s*(?:>>|->|-->|>|»|›|→|/|\\)", 150),
    # "A>>B>>C" with ">>", "»" or "›"; not "->", often a flow in content: 申请->审核->发放
    ("breadcrumb", (">>", "»", "›"), r"^(?:[^>»›\s]{1,20}\s*(?:>>|»|›)\s*){2,}[^>»›]{0,30}$", 80),
    # editors and reviewers: 责任编辑: 某某  签审: 某某
    ("editor", ("编辑", "责编", "编审", "校对", "审核", "审校", "审稿", "签审", "初审", "复审", "终审",
                "二审", "三审"),
     r"^[\[【(]?\s*(?:责任编辑|责编|编辑|编审|值班编辑|网络编辑|校对|审核|审校|审稿|签审|"
     r"初审|复审|终审|二审|三审)(?:\s*[:：]|\s+)", 80),
    # credit lines naming two or more roles: (供稿/党委组织部 撰稿/某某 审核/某某)
    ("editor", ("供稿", "撰稿", "审核", "编审", "编辑", "责编", "校对", "签审", "审校", "摄影", "终审", "监制"),
     r"(?:(?:供稿|撰稿|审核|编审|编辑|责编|校对|签审|审校|摄影|终审|监制)\s*[/:：][^/:：]{0,20}){2,}", 80),
    # site footer: 备案号, ICP备, 版权所有, Copyright, 联系电话, 许可证
    ("footer", ("备案号", "icp", "公网安备", "版权所有", "copyright", "©", "all rights reserved",
                "联系电话", "许可证", "技术支持"),
     r"备案号|(?i:icp)\s*[备证]|公网安备|版权所有|(?i:copyright)|©|"
     r"(?i:all rights reserved)|联系电话|许可证(?:编号|号)|"
     r"(?:新闻|信息|视听|出版)[^\n]{0,8}许可证|技术支持\s*[:：]", 160),
    # comment boxes
    ("comments", ("评论", "已有"),
     r"^(?:网友)?评论\s*[:：]?\s*$|提交评论|发表评论|我要评论|查看评论|"
     r"已有\s*\d*\s*人(?:发表|参与|评论)|条评论|^评论\s*\(\d*\)", 40),
    # previous / next article links
    ("prevnext", ("上一条", "下一条", "上一篇", "下一篇", "上篇", "下篇", "上一页", "下一页"),
     r"^[\[【]?\s*(?:上一条|下一条|上一篇|下一篇|上篇|下篇|上一页|下一页)\s*[】\]]?\s*(?:[:：]|$)", 150),
    # font size, print, close, login, bookmark and share widgets
    ("widget", ("字体", "字号", "放大", "打印", "关闭", "找回密码", "立即注册", "加入收藏", "设为首页",
                "扫一扫", "分享", "返回", "收藏", "登录", "注册", "首页"),
     r"字体\s*[:：]?\s*[【\[]?\s*(?:[+\-大中小]|默认)|字号\s*[:：]?\s*[【\[]?\s*[大中小]|"
     r"放大\s*[/|]?\s*缩小|打印本页|关闭窗口|找回密码|立即注册|加入收藏|设为首页|"
     r"扫一扫|分享到|^(?:[\s|/【】\[\]]*(?:打印|关闭|返回顶部|返回|收藏|分享|登录|注册|首页)"
     r"[\s|/【】\[\]]*)+$", 40),
    # view-count metadata: 阅读次数, 点击:, 浏览次数, 1530次阅读
    ("counter", ("阅读", "浏览", "点击", "访问"),
     r"阅读次数|浏览次数|点击次数|访问次数|点击(?:数|量|率)?\s*[:：]|浏览(?:量)?\s*[:：]|"
     r"阅读(?:量)?\s*[:：]\s*\d|\d+\s*次(?:阅读|浏览|点击)|人次(?:阅读|浏览)", 120),
    # a site's masthead: 某某局主管 某某中心主办, 主办单位: 某某
    ("masthead", ("主管", "主办"),
     r"主管\s*[^\n]{0,30}主办\s*$|^(?:主办单位|主办)\s*[:：]|^承办单位\s*[:：]", 60),
    # tag clouds at the end of an article
    ("tags", ("标签", "tag"), r"^(?:标签|(?i:tags?))\s*[:：]", 150),
    # injected spam: "…查询,尽在…馆", document-sharing site blurbs
    ("spam", ("尽在", "查询", "下载", "全文", "更多", "点击"),
     r"尽在\S{0,12}(?:网|馆|库|平台|中心|社区|论坛)|(?:分类|免费)(?:查询|下载)|"
     r"(?:下载|阅读)全文|全文(?:下载|阅读)|更多(?:精彩|相关)?\S{0,4}(?:请|敬请|尽在|欢迎)|"
     r"点击(?:进入|下载|查看全文)", 40),
    ("spam", ("会员", "在线阅读", "搜索"),
     r"由会员(?:分享|上传)|免费在线阅读|可在线阅读|(?:文档|文库)(?:上)?搜索", 300),
    ("spam", ("资源描述",), r"^资源描述\s*[:：]?\s*$", 10),
)
_COMPILED = tuple((kind, cues, re.compile(p), limit) for kind, cues, p, limit in _RULES)
_CUES = re.compile("|".join(sorted({re.escape(c) for _, cues, _, _ in _RULES for c in cues},
                                   key=len, reverse=True)))
_CHECK_MAX = max(limit for *_, limit in _RULES)
_SECTION_MAX = 16      # a section name repeated in the breadcrumb, e.g. 党群工作
_HEAD_LINES = 20       # breadcrumbs are looked for this far down


def _furniture_kind(simplified: str) -> str | None:
    """The kind of the first rule that drops this (stripped, simplified)
    line, or None. Cheap for content: one literal alternation first."""
    lower = simplified.lower()
    if not _CUES.search(lower):
        return None
    n = len(simplified)
    for kind, cues, pattern, limit in _COMPILED:
        if n <= limit and pattern.search(simplified):
            return kind
    return None


def is_boilerplate(line: str) -> bool:
    """True when a single line is page furniture (either script)."""
    line = normalise_width(line).strip()
    if not line or len(line) > _CHECK_MAX:
        return False
    return _furniture_kind(converter().convert(line)) is not None


_cue_finder: re.Pattern[str] | None = None


def _cue_variants(cue: str, inverse: dict[str, list[str]]) -> set[str]:
    if cue.isascii():
        return {cue, cue.upper(), cue.capitalize(), cue.title()}
    return {"".join(combo) for combo in itertools.product(*([ch, *inverse.get(ch, ())] for ch in cue))}


def cue_finder() -> re.Pattern[str]:
    """A literal alternation of every cue in every script: each cue with its
    characters replaced, in all combinations, by the traditional characters
    that t2s turns into them (编辑 → 編輯, 联系 → 聯繫/聯係…). Run on the
    unconverted text, it finds the few lines worth converting and checking.
    Built once, on first use (about a tenth of a second)."""
    global _cue_finder
    if _cue_finder is None:
        cues = {c for _, rule_cues, _, _ in _RULES for c in rule_cues}
        wanted = set("".join(cues))
        cc = converter()
        inverse: dict[str, list[str]] = {}
        for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)):
            block = "".join(map(chr, range(lo, hi)))
            simplified = cc.convert(block)
            if len(simplified) != len(block):  # never seen; be exact anyway
                simplified = "".join(cc.convert(ch)[:1] or ch for ch in block)
            for trad, simp in zip(block, simplified):
                if simp != trad and simp in wanted:
                    inverse.setdefault(simp, []).append(trad)
        variants = set().union(*(_cue_variants(c, inverse) for c in cues))
        _cue_finder = re.compile(_trie_regex(variants))
    return _cue_finder


def _trie_regex(words: set[str]) -> str:
    """An alternation of ``words`` factored by prefix (编(?:辑|審)|…): the
    regex engine then tries a few branches per position instead of all."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        if "" in node:  # a shorter cue already matched: enough for a hit
            return ""
        alternatives = [re.escape(ch) + build(child) for ch, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    pattern = build(root)
    return pattern[3:-1] if pattern.startswith("(?:") else pattern


def drop_boilerplate(text: str) -> str:
    """Remove page-furniture lines (see ``_RULES``), deciding on the folded
    form of each line (so ``当前位置：首页＞＞`` is furniture too)."""
    drop = _furniture_lines(fold_width(text))
    if not drop:
        return text
    return "\n".join(line for i, line in enumerate(text.split("\n")) if i not in drop)


def _furniture_lines(text: str) -> set[int]:
    """The indices of the page-furniture lines of ``text``. Also the short
    section names printed just above a breadcrumb that repeats them
    (``党群工作`` above ``当前位置: 首页 -> 党群工作 -> 正文``).

    Only lines holding a cue (in either script) are converted to simplified
    script and matched against the rules; the rest are not looked at."""
    lines = text.split("\n")
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    hit_lines: list[int] = []
    for match in cue_finder().finditer(text):
        i = bisect.bisect_right(starts, match.start()) - 1
        if not hit_lines or hit_lines[-1] != i:
            hit_lines.append(i)
    stripped = {i: lines[i].strip() for i in hit_lines}
    candidates = [i for i in hit_lines if len(stripped[i]) <= _CHECK_MAX]
    if not candidates:
        return set()
    simplified = converter().convert("\n".join(stripped[i] for i in candidates)).split("\n")
    if len(simplified) != len(candidates):  # defensive: never seen
        simplified = [converter().convert(stripped[i]) for i in candidates]
    drop: set[int] = set()
    breadcrumb: int | None = None
    for i, s in zip(candidates, simplified):
        kind = _furniture_kind(s)
        if kind is None:
            continue
        drop.add(i)
        if kind == "breadcrumb" and breadcrumb is None and i < 10 * _HEAD_LINES:
            if sum(1 for line in lines[:i] if line.strip()) < _HEAD_LINES:
                breadcrumb = i
                crumb = s
    if breadcrumb is not None:
        for j in range(breadcrumb):
            above = lines[j].strip()
            if 0 < len(above) <= _SECTION_MAX and converter().convert(above) in crumb:
                drop.add(j)
    return drop


# --------------------------------------------------------------------------
# Step 5: whitespace.

_SPACES = re.compile(r"[ \t]+")
_LINE_BREAKS = re.compile(r"\n\s*")  # a break plus following blank lines and indent


def normalise_whitespace(text: str) -> str:
    """Strip each line, collapse runs of spaces/tabs to one space and drop
    blank lines: the result has one paragraph per line. (Other Unicode
    spaces are turned into plain ones by :func:`normalise_width` before.)"""
    text = _SPACES.sub(" ", text).replace(" \n", "\n")
    return _LINE_BREAKS.sub("\n", text).strip()


# --------------------------------------------------------------------------
# Step 6: script.

def to_simplified(original: str) -> str:
    """OpenCC t2s conversion with exactly the length of ``original``, and
    the same line lengths, so offsets carry over. A line whose conversion
    changes length is converted character by character instead (a character
    whose conversion is not one character is kept)."""
    if not original:
        return original
    cc = converter()
    text = cc.convert(original)
    src_lines = original.split("\n")
    out_lines = text.split("\n")
    if len(out_lines) != len(src_lines):
        out_lines = [cc.convert(line) for line in src_lines]
    fixed = False
    for k, (src, out) in enumerate(zip(src_lines, out_lines)):
        if len(src) != len(out):
            out_lines[k] = "".join(
                c if len(c := cc.convert(ch)) == 1 else ch for ch in src
            )
            fixed = True
    if fixed or len(text) != len(original):
        text = "\n".join(out_lines)
    assert len(text) == len(original), "t2s conversion changed the length"
    return text


# --------------------------------------------------------------------------
# Metadata helpers.

def first_line_title(text: str) -> str | None:
    """The first non-empty line if it is short enough to be a title."""
    for line in text.split("\n", 8):
        line = line.strip()
        if line:
            return line if len(line) <= TITLE_MAX else None
    return None


_URL_LINE = re.compile(
    r"(?:原文链接|原文地址|原文网址|来源网址|来源链接|文章来源|来源|链接|网址|出处|(?i:url))"
    r"\s*[:：]\s*(https?://[^\s<>\"'“”‘’，。、）)]+)"
)


def find_url(simplified: str) -> tuple[int, int] | None:
    """Span of a URL given on a line like ``原文链接: http://…``."""
    if "http" not in simplified:  # cheap test before the scan
        return None
    m = _URL_LINE.search(simplified)
    return m.span(1) if m else None


# --------------------------------------------------------------------------
# The pipeline.

@dataclass
class Cleaned:
    original: str          # cleaned text, author's script
    text: str              # simplified, same length
    title: str | None      # from <title>/<h1>, else the first short line
    url: str | None


# Spam injected into the middle of a sentence by some sites (a gambling site's
# name spliced over an organization's): a Latin/digit run or a registration cue
# glued to 官网/官方网站. Removed before extraction, in either script.
_SITE = r"(?:官方网站|官方網站|官网|官網)"
_INLINE_SPAM = re.compile(
    r"[A-Za-z0-9]{2,}[·•・]?[\u4e00-\u9fff]{0,6}(?:「[^」\n]{0,6}」)?" + _SITE
    + r"|[\u4e00-\u9fff]{0,6}" + _SITE + r"\d{2,}"
    + r"|[\u4e00-\u9fff]{0,4}(?:官方注册|官方註冊|娱乐城|娛樂城|娱乐平台|娛樂平台)")
# every match holds one of these: a cheap test before the scan
_SPAM_ANCHOR = re.compile(r"官方网站|官方網站|官网|官網|官方注册|官方註冊|娱乐|娛樂")


def remove_inline_spam(text: str) -> str:
    """Spam phrases spliced into sentences, out.

    >>> remove_inline_spam("获评2023年度ab12·某某「中国」官方网站集团先进党支部")
    '获评2023年度集团先进党支部'
    >>> remove_inline_spam("据市政府官方网站消息")
    '据市政府官方网站消息'
    """
    if not _SPAM_ANCHOR.search(text):  # the pattern's leading runs make a full scan slow
        return text
    return _delete_spans(text, [m.span() for m in _INLINE_SPAM.finditer(fold_width(text))])


def clean(raw: str, *, html: bool | None = None, markdown: bool = False) -> Cleaned:
    """Run steps 1–6 on ``raw``. ``html=None`` means: detect it."""
    raw = normalise_newlines(raw)
    html_title = url = None
    if html is None:
        html_is, keep_newlines = looks_like_html(raw), True
    else:
        html_is, keep_newlines = html, False
    if html_is:
        raw, html_title, url = html_to_text(raw, keep_newlines=keep_newlines)
    elif markdown:
        raw = strip_markdown(raw)
    # the author's characters, full-width forms included (evidence is cut from it)
    original = normalise_whitespace(remove_inline_spam(drop_boilerplate(remove_pinyin(normalise_spaces(raw)))))
    folded = fold_width(original)
    text = to_simplified(folded)
    if url is None and original:
        span = find_url(text)
        if span:
            url = folded[span[0]:span[1]]
    title = html_title or first_line_title(folded)
    return Cleaned(original=original, text=text, title=title, url=url)
