"""Methods: work methods, mechanisms, carriers, teams and themed activities.

* a quoted name with a method kind word after it: “夜老虎”训练法, “1551”党建机制;
* a quoted name that ends in a carrier word: “党员服务先遣队”, “帮扶联络卡”;
* a quoted name in a method frame: 通过“领题解题”的方式, 开展“X”活动, “三走”(…);
* a numbered name: 1234工作法, “1+4”, “五有”;
* an unquoted carrier after a setting-up verb: 搭建了微信课堂, 建立职工书屋.
"""
from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon
from .mentions import BRAND, HONOUR, METHOD, Mention, Parse
from .names import plain, strip_quotes

_QUOTED = r"[“「\"]([^“”「」\"\n]{2,40})[”」\"]"
# carrier words that make a quoted phrase a method by themselves
_CARRIERS = ("先遣队", "先锋队", "服务队", "突击队", "工作室", "课堂", "讲堂", "服务群", "联络卡", "示范岗", "责任区",
             "清单", "套餐", "书屋", "服务站", "驿站", "工作法", "训练法", "机制", "体系", "工程", "行动", "活动",
             "计划", "制度", "模式", "标准", "服务点", "服务岗", "先锋岗")
# concrete carriers named without quotes (搭建了微信课堂): not 活动, 模式, 制度 — too general
_UNQUOTED_CARRIERS = ("课堂", "讲堂", "书屋", "示范岗", "责任区", "先锋队", "服务队", "突击队", "先遣队", "工作室",
                      "服务站", "驿站", "联络卡", "服务群", "先锋岗")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十两百千]+[^\W\d一二三四五六七八九十两百千][\u4e00-\u9fff]{0,4}|[\dA-Za-z]+(?:\s?[+＋]\s?[\dA-Za-z]+)+|\d{3,})$")
_FRAMES_BEFORE = re.compile(r"(?:通过|以|利用|依托|采取|采用|实施|推行|开展|推出|建立|搭建|实行|落实|深化|践行|推进|启动|组织开展|创新推出)(?:了)?\s*$")
_FRAMES_AFTER = re.compile(r"^\s*(?:的?[\u4e00-\u9fff]{0,6}?(?:方式|方法|载体|抓手|举措|路径)|为载体|为抓手|等载体|[\u4e00-\u9fff]{0,6}?活动|行动|机制|工作法|\()")
_VERBS = r"(?:搭建|建立|设立|成立|组建|确立|划分|推进|开展|实施|推行|打造|构建|建设|创办|开设|组织|推出|依托)"
_GENERIC = {"党建", "活动", "工作", "学习", "服务", "机制", "制度", "品牌", "特色", "主题", "工作法", "体系"}


@lru_cache(maxsize=1)
def _patterns():
    kinds = lexicon.alternation(lexicon.load("method_kinds"))
    unquoted = lexicon.alternation(_UNQUOTED_CARRIERS)
    return {
        "method.quoted_kind": re.compile(_QUOTED + f"((?:党建|工作|党建工作|创建|服务|特色)?(?:{kinds}))"),
        "method.numbered_kind": re.compile(r"(?<![\d\w])(\d{2,}|[\d]+(?:\+[\dN]+)+)((?:党建)?(?:工作法|工作机制|机制|工作体系|体系))"),
        "method.unquoted_carrier": re.compile(_VERBS + r"(?:了|起|出)?([\u4e00-\u9fff]{2,8}?(?:" + unquoted + r"))(?=[，,。；;、和及等]|$)"),
    }


def _ok(name: str) -> bool:
    flat = plain(name)
    return 2 <= len(flat) <= 30 and flat not in _GENERIC and "品牌" not in flat[-2:]


def find(p: Parse) -> None:
    text = p.text
    pats = _patterns()
    taken = lambda s, e: p.overlaps(s, e, (BRAND, METHOD, HONOUR))  # noqa: E731
    for m in pats["method.quoted_kind"].finditer(text):
        core = strip_quotes(m.group(1))
        kind = m.group(2)
        if not _ok(core) or taken(m.start(1), m.end(1)):
            continue
        keep_kind = kind.endswith("法") or kind.endswith(("体系", "机制")) and _NUMBERED.match(plain(core))
        name = core + kind if keep_kind else core
        ment = Mention(METHOD, name, m.start(1), m.end(1), "method.quoted_kind")
        ment.alts = {core, core + kind} - {name}
        p.add(ment)
    for m in pats["method.numbered_kind"].finditer(text):
        if taken(m.start(1), m.end(2)):
            continue
        name = m.group(1) + m.group(2)
        p.add(Mention(METHOD, name, m.start(1), m.end(2), "method.numbered_kind", alts={m.group(1)}))
    for m in re.finditer(_QUOTED, text):
        core = strip_quotes(m.group(1))
        s, e = m.start(1), m.end(1)
        if taken(s, e) or not _ok(core):
            continue
        before, after = text[max(0, m.start() - 8):m.start()], text[m.end():m.end() + 6]
        flat = plain(core)
        if flat.endswith(_CARRIERS) and len(flat) >= 4:
            rule = "method.quoted_carrier"
        elif _NUMBERED.match(flat) and (_FRAMES_BEFORE.search(before) or _FRAMES_AFTER.match(after)
                                        or after.startswith(("(", "（", "”", "创建", "建设", "支部", "标准"))):
            rule = "method.numbered"
        elif _FRAMES_BEFORE.search(before) and _FRAMES_AFTER.match(after):
            rule = "method.framed"
        else:
            continue
        p.add(Mention(METHOD, core, s, e, rule))
    for m in pats["method.unquoted_carrier"].finditer(text):
        name = m.group(1)
        s, e = m.span(1)
        if taken(s, e) or p.in_quotes(s, e) or not _ok(name):
            continue
        if re.search(r"[的了和与及在是把将]", name) or name.startswith(("各", "多", "相关", "一系列", "一批")):
            continue
        p.add(Mention(METHOD, name, s, e, "method.unquoted_carrier"))
