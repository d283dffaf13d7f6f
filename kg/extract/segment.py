"""jieba segmentation, loaded once per process, with the kind words of the
lexicons as a user dictionary so that 收费站, 党支部, 工作法 stay whole.

Segmentation is the expensive step, so the extractor only segments the
left context of a candidate name (:func:`name_start`), never whole texts.

>>> text = "车行至云岭高速集团白沙分公司青松中心收费站"
>>> text[name_start(text, len(text)):]
'云岭高速集团白沙分公司青松中心收费站'
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from functools import lru_cache

from ..fileio import atomic_path
from ..importing import stand_ins
from . import lexicon

# tags of jieba's dictionary that never belong inside a name: verbs,
# prepositions, conjunctions, particles, adverbs, pronouns, time words…
_STOP_TAGS = {"v", "vd", "p", "c", "u", "ud", "ug", "uj", "ul", "uv", "uz", "r", "t",
              "f", "q", "y", "e", "o", "vg", "tg", "rz", "rr", "mq", "l", "i", "a", "ag", "an"}
# adverbs are mostly name-friendly (高速, 都): only these stop a name
_STOP_ADVERBS = {"是", "就是", "也是", "成为", "也", "还", "都是", "又", "就", "已", "已经", "同时", "先后", "积极", "不断", "持续", "共同",
                 "分别", "一起", "主动", "深入", "进一步", "切实", "正", "正在", "始终", "一直", "率先", "均",
                 "近日", "日前", "目前", "今年", "近年来", "曾", "将", "便", "才", "再", "更", "最", "还是", "专门",
                 "着力", "致力"}
# adverbs of manner that open a verb phrase jieba keeps whole (积极响应, 主动对接)
_MANNER = ("积极", "主动", "全面", "深入", "大力", "不断", "充分", "切实", "持续", "认真", "努力", "坚决", "扎实")
# name-friendly tags: nouns, place and organisation names, abbreviations
_NAME_TAGS = {"n", "nr", "ns", "nt", "nz", "j", "nrt", "nrfg", "ng", "vn", "b", "s", "eng", "x?"}
# single characters that end a run of text before a name (至湖南…, 在株洲…)
_FUNCTION_CHARS = set("在于至向从对为将把被由的了和与及或并同跟让使给以据经自")
_ORDINAL = re.compile(r"^(第[一二三四五六七八九十百零\d]+|[一二三四五六七八九十]+)$")
_CJK_OR_ALNUM = re.compile(r"^[\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9·]+$")

MAX_NAME = 30


#: kind words added to jieba's dictionary, so that 收费站, 党支部, 工作法 stay whole,
#: and the organizations the user knows (both sides of "short = full name")
_USER_LEXICONS = ("party_kinds", "unit_kinds", "method_kinds", "organizations")
_USER_FREQ = 200000


def _cache_file(name: str) -> Path:
    import tempfile
    return Path(tempfile.gettempdir()) / name


def _read_marshal(path: Path):
    """A marshal file this user wrote, or None. Read whole first: ``marshal.load``
    on a file object reads it in tiny pieces, five times slower for jieba's tables.
    A file another user left in the shared temporary folder is not trusted."""
    import marshal
    try:
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            return None
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def _write_marshal(path: Path, value) -> None:
    """Written atomically (several processes may start at once); silent if not writable."""
    import marshal
    try:
        with atomic_path(path) as tmp:
            tmp.write_bytes(marshal.dumps(value))
    except OSError:
        pass  # no writable temporary folder: build the table again next time


def _jieba():
    """jieba, imported without pkg_resources (see :mod:`kg.importing`)."""
    with stand_ins({"pkg_resources": None}):
        import jieba
    return jieba


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba tokenizer with the lexicons' kind words added (once per process).

    jieba keeps its prefix dictionary in a cache file, but reads it slowly
    and the kind words must then be added one by one; the dictionary with
    the kind words is kept in the temporary folder, keyed by jieba's version
    and the words, and read back in a fifth of the time (a second and more
    saved at the start of every build).
    """
    import hashlib

    jieba = _jieba()
    jieba.setLogLevel(logging.WARNING)
    words = sorted({w for name in _USER_LEXICONS for pair in lexicon.mapping(name).items() for w in pair if len(w) > 1})
    digest = hashlib.sha1("\n".join(words).encode("utf-8")).hexdigest()[:16]
    cache = _cache_file(f"dangjian-kg-jieba-dict-{jieba.__version__}-{digest}.marshal")
    tk = jieba.Tokenizer()
    state = _read_marshal(cache)
    if isinstance(state, tuple) and len(state) == 3 and isinstance(state[0], dict) and state[0]:
        tk.FREQ, tk.total = state[0], state[1]
        tk.initialized = True
        _USER_ONLY.update(state[2])
        return tk
    tk.initialize()
    for w in words:
        if not tk.FREQ.get(w):
            _USER_ONLY.add(w)  # not jieba's word: it has no tag
        tk.add_word(w, freq=_USER_FREQ)
    _write_marshal(cache, (tk.FREQ, tk.total, sorted(_USER_ONLY)))
    return tk


_USER_ONLY: set[str] = set()


@lru_cache(maxsize=1)
def tags() -> dict[str, str]:
    """Part-of-speech tags of jieba's dictionary words (a lookup, not a tagger).

    Parsing jieba's dictionary text for them takes most of a second, which
    every one-document build would pay; like the dictionary (see
    :func:`tokenizer`), the table is kept in the temporary folder and read
    back in a tenth of that.
    """
    jieba = _jieba()

    # common nouns ("n", a third of the table) are left out: tag() gives "n" to a
    # dictionary word without an entry, which keeps the table quick to load
    cache = _cache_file(f"dangjian-kg-jieba-tags-{jieba.__version__}-v2.marshal")
    table = _read_marshal(cache)
    if isinstance(table, dict) and table:
        return table
    import jieba.posseg
    table = {w: t for w, t in jieba.posseg.dt.word_tag_tab.items() if t != "n"}
    _write_marshal(cache, table)
    return table


@lru_cache(maxsize=1 << 16)
def _cut(text: str) -> tuple[str, ...]:
    return tuple(tokenizer().lcut(text, HMM=True))


def cut(text: str) -> list[str]:
    """jieba's precise cut (with HMM) of a short window; windows recur, so they are cached."""
    return list(_cut(text))


def tag(word: str) -> str | None:
    """jieba's tag of a dictionary word; None for a word its dictionary lacks."""
    t = tags().get(word)
    if t is None and word not in _USER_ONLY and tokenizer().FREQ.get(word, 0) > 0:
        return "n"
    return t


@lru_cache(maxsize=1)
def lead_words() -> frozenset[str]:
    """Words that open a clause before a name and never belong to it."""
    return frozenset(lexicon.load("lead_words") + lexicon.load("brand_triggers") + lexicon.load("honour_triggers"))


@lru_cache(maxsize=1)
def _lead_end_re():
    """A word that ends in a lead word (充分发挥 ends in 发挥)."""
    return re.compile(f"(?:{lexicon.alternation(w for w in lead_words() if len(w) > 1)})$")


# tags of function words, reliable even for names unknown to the dictionary
_FUNCTION_TAGS = {"p", "c", "u", "ud", "ug", "uj", "ul", "uv", "uz", "r", "rr", "rz", "t", "tg", "q", "y", "e", "o"}


# jieba tags these age groups as time words; they name members (青年商会, 老年大学)
_AGE_GROUPS = {"青年", "少年", "老年", "中年", "青少年", "中老年"}

_NOUNISH = {"n", "nr", "ns", "nt", "nz", "j", "nrt", "nrfg", "ng", "s", "b", "eng", None}
# a clause-initial word tagged as a verb or direction is taken as part of a
# name only when it is rare in general text (开化, 上方: place names)
_RARE = 800


# company names often hold verbs (房地产开发建设集团, 建设发展工程有限公司); other names do not
COMPANY_KINDS = frozenset({"集团", "公司", "有限公司", "股份有限公司", "有限责任公司", "分公司", "集团公司", "子公司"})


def name_start(text: str, end: int, limit: int = MAX_NAME, anchor: str = "") -> int:
    """Where a name that ends at ``end`` begins, reading leftwards token by token.

    A name is a run of noun-like tokens. It stops at punctuation, at a lead
    word (打造, 通过…), at a function word (preposition, pronoun, time word…).
    In a company name (``anchor`` or a later token is a company kind) a verb
    stays inside the name when a noun stands to its left (房地产|开发|建设|集团); a rare verb-like word may open the clause and the
    name (开化|南|收费所), since jieba tags many place names as verbs.
    """
    lo = max(0, end - limit)
    window = text[lo:end]
    m = None
    for m in re.finditer(r"[^\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9·•\-+]", window):
        pass
    if m is not None:
        lo += m.end()
        if text[lo - 1:lo] in ("—", "-") and text[lo:lo + 1] in ("记", "访") and end - lo > 2:
            lo += 1  # ——记甲党支部: the heading of a portrait, whose 记 jieba glues to the name
        window = text[lo:end]
    if not window:
        return end
    # the window opens a clause: after punctuation, or at the start of the text
    clause_start = m is not None or lo == 0
    toks = _window_tokens(text, lo, end)
    freq = tokenizer().FREQ
    leads = lead_words()
    n = len(toks)

    lead_end = _lead_end_re()

    def stops(w: str) -> bool:
        return (not _CJK_OR_ALNUM.match(w) or w in leads or w in _STOP_ADVERBS
                or len(w) > 2 and (lead_end.search(w) is not None or w.startswith(_MANNER)))

    pos = end
    for i in range(n - 1, -1, -1):
        w = toks[i]
        if w in ("-", "—") and 0 < i < n - 1 and toks[i - 1].isalnum() and toks[i + 1][:1].isdigit():
            pos -= len(w)  # 地铁9-2项目, 2-2分部: a code inside a name
            continue
        if w == "和" and i < n - 1 and _after_place(toks, i) and (anchor or toks[-1]).endswith(_GOVERNMENT_KINDS):
            pos -= len(w)  # 甲区卫生健康和体育局: a body named after two fields, after its place
            continue
        if w == "驻" and i < n - 1 and (tag(toks[i + 1]) == "ns" or toks[i + 1].endswith(_AREA_END)):
            pos -= 1  # 驻松林镇检察室: a unit stationed at a place is named so
            continue
        if stops(w):
            break
        # a unit kind (分行, jieba's verb "to split lines") is a noun in a name
        t = "n" if w in _AGE_GROUPS or len(w) > 1 and (w in lexicon.unit_kinds() or w in lexicon.set_of("industry_words")) \
            or w in _AREA_END else tag(w)  # 高速, jieba's adverb, names a line of business in 青禾|高速|公司
        if i + 1 < n and toks[i + 1] in _AREA_END and len(w) <= 2 and t not in ("p", "c", "u", "uj", "r") \
                and w not in leads and w not in _STOP_ADVERBS:
            t = "n"  # 八|都|镇: the words right before 镇, 乡, 县 are the place's own name
        if len(w) == 1 and i == n - 1 and i > 0 and w in lexicon.unit_kinds() and tag(toks[i - 1]) in _NOUNISH:
            t = "n"  # 甲乙|所|党支部: a one-character unit kind jieba tags as a function word
        if t in _FUNCTION_TAGS:
            break
        if t == "m" and not (_ORDINAL.match(w) or w.isdigit() and (i == n - 1 or toks[i + 1] in ("-", "—")
                                                                     or i > 0 and toks[i - 1] in ("-", "—"))):
            break
        if len(w) > 1 and w[-1] in "着了过" and (t is None or tag(w[:-1]) in ("v", "vd", "vn")):
            break  # 蕴含着: a verb with its aspect particle (jieba's dictionary calls some nouns)
        if t is None and len(w) > 1 and (w[0] in _FUNCTION_CHARS
                                         or w[0] in "出到" and i > 0 and tag(toks[i - 1]) in ("v", "vn")):
            # (评定|出柳|岸区: a verb's complement glued to the name after it)
            pos -= len(w) - 1  # 使外|区: an unknown token glued to a function character
            break
        if len(w) == 1 and w in _FUNCTION_CHARS:
            break
        if t not in _NOUNISH and t != "m":
            nxt = toks[i + 1] if i + 1 < n else anchor
            company = anchor in COMPANY_KINDS or any(x in COMPANY_KINDS for x in toks[i + 1:]) \
                or nxt in lexicon.unit_kinds() or _verbs_then_kind(toks, i + 1, anchor) \
                or any(len(x) > 1 and x in lexicon.unit_kinds() for x in toks[i + 1:i + 3])
            # 保障|中心, 开发|集团, 质量管理中心|分析|二|车间: a verb naming what the unit does
            k = i - 1  # look past a run of verbs (开发|建设) for the noun that opens the name
            while k >= 0 and not stops(toks[k]) and tag(toks[k]) in ("v", "vn"):
                k -= 1
            left = toks[k] if k >= 0 else None
            # the noun may be a name the dictionary lacks (三华|劳务|公司), but not a verb-made word (劳务 is vn)
            inside = company and left is not None and not stops(left) and len(left) > 1 \
                and (tag(left) in _NOUNISH - {None} or tag(left) is None and "vn" in (t, tag(toks[k + 1]))
                     # (甲|精密|制造|有限公司: a quality word between the name and what the company does)
                     or tag(left) in ("a", "b") and k > 0 and tag(toks[k - 1]) in _PROPER_NAME_TAGS)
            # a rare verb-like word opening the clause, with more of the name after it (开化|南|收费所)
            opens = i == 0 and freq.get(w, 0) < _RARE and len(w) <= 2 and (i < n - 1 or t not in ("v", "vn", "vd"))
            # a set phrase right before a unit kind (退役军人|局)
            phrase = t == "l" and i == n - 1 and anchor in lexicon.unit_kinds()
            # a word between a place and the unit kind is the unit's own name (甲县|北方|物业, 甲县|新|通路)
            placed = (len(w) <= 2 and t in ("a", "an", "vn", "v", "f", "b", "l")
                      or t == "l" and i < n - 1 and tag(toks[i + 1]) in _NOUNISH) and _after_place(toks, i) \
                or len(w) <= 2 and (t in ("vn", "an", "b") or t == "v" and i < n - 1) and not anchor \
                and i > 0 and _is_unit_word(toks[i - 1])
            # (甲中心|预防|三党支部: a branch's own words after the unit it belongs to)
            if not (inside or opens or phrase or placed):
                if clause_start and not anchor and _opens_subject(toks[:i + 1], stops):
                    pos = lo  # 检测|中心党支部 at the head of its clause: the subject's name is whole
                break
        pos -= len(w)
    return pos


_PROPER_NAME_TAGS = {"ns", "nr", "nz", "nt", "j", "nrt", "nrfg"}


def _verbs_then_kind(toks: list[str], j: int, anchor: str) -> bool:
    """Whether a run of verbs from token ``j`` ends at a unit kind (生产|制造|部)."""
    while j < len(toks) and tag(toks[j]) in ("v", "vn"):
        j += 1
    return (toks[j] if j < len(toks) else anchor) in lexicon.unit_kinds()


# what may open a subject's name before its noun: a verbal noun (检测), an adjective (大)
_SUBJECT_MODIFIERS = {"vn", "a", "an", "b"}


_GOVERNMENT_KINDS = ("局", "委员会", "厅", "部", "委", "办公室")
_AREA_END = ("省", "市", "县", "区", "镇", "乡")


def _is_unit_word(w: str) -> bool:
    """A token that is, or ends in, a unit kind of two characters or more (中心, 管理中心)."""
    return w in lexicon.unit_kinds() or any(w.endswith(k) for k in lexicon.unit_kinds() if len(k) > 1)


def _after_place(toks: list[str], i: int) -> bool:
    """Whether a place name stands just left of token ``i`` (at most two content words between)."""
    for j in range(i - 1, max(-1, i - 4), -1):
        w = toks[j]
        if tag(w) == "ns" or w.endswith(_AREA_END) and (len(w) >= 2 or j > 0):
            return True
        if tag(w) not in _NOUNISH | {"a", "an", "vn", "b"} or w in lead_words():
            return False
    return False


_NOT_NAME_CHAR = re.compile(r"[^\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9·•\-+]")


_CLAUSE_MAX = 4 * MAX_NAME


def clause_tokens(text: str, pos: int) -> tuple[int, tuple[str, ...]]:
    """(start, tokens) of the run of name characters that holds ``pos`` (a clause
    between punctuation), segmented once: every question about the words around a
    name in it is answered from this one segmentation (a long run is cut around ``pos``)."""
    lo = pos
    while lo > 0 and not _NOT_NAME_CHAR.match(text, lo - 1) and pos - lo < _CLAUSE_MAX:
        lo -= 1
    stop = _NOT_NAME_CHAR.search(text, pos, pos + _CLAUSE_MAX)
    hi = stop.start() if stop else min(len(text), pos + _CLAUSE_MAX)
    return lo, _cut(text[lo:hi])


def token_span(text: str, pos: int) -> tuple[int, int]:
    """The span of the token that holds the character at ``pos``."""
    acc, toks = clause_tokens(text, pos)
    for w in toks:
        if acc <= pos < acc + len(w):
            return acc, acc + len(w)
        acc += len(w)
    return pos, pos + 1


def _window_tokens(text: str, lo: int, end: int) -> list[str]:
    """The tokens of ``text[lo:end]``: taken from the segmentation of the whole clause,
    which every name in it shares, when ``lo`` and ``end`` fall between two of its
    tokens (they nearly always do: the kind words that end names are words of the
    dictionary); else the window's own."""
    acc, all_toks = clause_tokens(text, max(lo, end - 1))
    toks = []
    for w in all_toks:
        if acc >= end:
            break
        if acc >= lo:
            toks.append(w)
        elif acc + len(w) > lo:
            return cut(text[lo:end])  # a word across the window's start
        acc += len(w)
    return toks if acc == end and toks else cut(text[lo:end])


def _opens_subject(toks: list[str], stops) -> bool:
    """Whether the few words that open a clause before a name belong to it
    (检测|中心党支部, 大|健康|产业链党委): content words only, short."""
    return 0 < sum(map(len, toks)) <= 4 and len(toks) <= 3 and all(
        not stops(w) and tag(w) in _SUBJECT_MODIFIERS and w not in _FUNCTION_CHARS
        and not any(w.startswith(a) for a in _STOP_ADVERBS if len(a) > 1) for w in toks)
