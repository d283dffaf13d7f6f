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
from .names import is_numbered, names_no_practice, plain, strip_quotes
from .segment import cut, tag

# carrier words that make a quoted phrase a method by themselves
_CARRIERS = ("先遣队", "先锋队", "服务队", "突击队", "工作室", "课堂", "讲堂", "服务群", "联络卡", "示范岗", "责任区",
             "清单", "套餐", "书屋", "服务站", "驿站", "工作法", "训练法", "机制", "体系", "工程", "行动", "活动",
             "计划", "制度", "模式", "标准", "服务点", "服务岗", "先锋岗")
# concrete carriers named without quotes (搭建了微信课堂): not 活动, 模式, 制度 — too general
_UNQUOTED_CARRIERS = ("课堂", "讲堂", "书屋", "示范岗", "责任区", "先锋队", "服务队", "突击队", "先遣队", "工作室",
                      "服务站", "驿站", "联络卡", "服务群", "先锋岗")
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十两百千]+[^\W\d一二三四五六七八九十两百千][\u4e00-\u9fff]{0,4}|[\dA-Za-z]+(?:\s?[+＋]\s?[\dA-Za-z]+)+|\d{3,})$")
_FRAMES_BEFORE = re.compile(r"(?:通过|以|利用|依托|采取|采用|实施|推行|开展|推出|建立|搭建|实行|落实|深化|践行|推进|启动|组织开展|创新推出)(?:了)?\s*$")
_FRAMES_AFTER = re.compile(r"^\s*(?:的?[\u4e00-\u9fff]{0,6}?(?:方式|方法|载体|抓手|举措|路径)|为(?:载体|抓手|模式|主线|路径|依托|重点)"
                           r"|等载体|[\u4e00-\u9fff]{0,6}?活动|行动|机制|工作法|\()")
_VERBS = r"(?:搭建|建立|设立|成立|组建|确立|划分|推进|开展|实施|推行|打造|构建|建设|创办|开设|组织|推出|依托)"
_GENERIC = {"党建", "活动", "工作", "学习", "服务", "机制", "制度", "品牌", "特色", "主题", "工作法", "体系"}


# a quoted name ending in 法 names a method (“两化推进法”), unless the 法 word is a common one
_NAMED_METHOD = re.compile(r"[^\W\d_]{2,}法$")
_NOT_METHOD_FA = ("方法", "办法", "做法", "想法", "看法", "说法", "宪法", "立法", "执法", "司法", "普法", "守法", "违法",
                  "合法", "依法", "民法", "刑法", "用法", "手法", "技法", "算法", "书法", "兵法", "语法", "护法", "变法")
_SLOGAN = re.compile(r"^一[^\W\d]{1,4}(?:\([^()]{1,3}\))?一[^\W\d]{1,4}(?:一[^\W\d]{1,3})?(?:[、，,]\s*一[^\W\d]{1,4}一[^\W\d]{1,4})*$")
# a contest or a call for entries is an event about the name, not a practice named so
_CONTEST = re.compile(r"征集|征求|评选|评比|比赛|竞赛|展评|推选|申报|观摩|大赛|座谈")
_ACTIVITY_BETWEEN = {"", "主题", "特色", "党团特色", "系列", "专项", "志愿服务", "主题实践", "品牌创建", "党建品牌创建", "创建", "党建"}
_HONOUR_HEAD_BEFORE = re.compile(r"(?:荣获|获评|获得|评为|授予|入选|表彰|庆祝|召开|暨)[^，。；]{0,10}$")
_STRONG_BEFORE = re.compile(r"(?:推出|推行|创新推出|创新|构建|开讲|提出|探索|组建|设立|成立|建立|开设|搭建|创办|建设|创设)(?:了|起)?的?\s*$")
# a numbered name before the layout it draws: “一核三带多点”镇域党建地图, “四抓四提”工作格局
_LAYOUT_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:地图|格局|布局|矩阵|架构|路径|做法|经验|打法|思路|模式|体系)(?=[，。、；,;：:]|$)")
_NUMBERED_AFTER = ("(", "（", "工作", "建设", "标准", "创建", "支部", "要求", "职责", "理念", "目标", "模式", "举措",
                   "做法", "行动", "活动", "机制", "体系", "工程")
_UNQUOTED_VERBS = r"(?:搭建|建立|设立|成立|组建|确立|划分|推进|开展|实施|推行|打造|构建|建设|创办|开设|组织|推出|依托|深化)"


@lru_cache(maxsize=1)
def _patterns():
    kinds = lexicon.alternation(lexicon.load("method_kinds"))
    unquoted = lexicon.alternation(_UNQUOTED_CARRIERS)
    return {
        # “X”训练法 / “X”五大融合行动 / “X”党建工作体系: a kind word within a few characters
        "kind_after": re.compile(r"^([^\W\d_]{0,8}?)(" + kinds + r")"),
        "method.numbered_kind": re.compile(r"(?<![\d\w])(\d{2,}|[\d]+(?:\+[\dN]+)+)((?:党建)?(?:工作法|工作机制|机制|工作体系|体系))"),
        "method.unquoted_carrier": re.compile(_UNQUOTED_VERBS + r"(?:了|起|出)?(?:\d+|[一二三四五六七八九十两]+)?[支个名项家]?"
                                              r"([\u4e00-\u9fff]{2,9}?(?:" + unquoted + r"))(?=[，,。；;、和及等建]|$)"),
        # 党员护路队, 党员示范哨, 党员星级积分制: a team, post or scheme of party members, unquoted
        "method.member_carrier": re.compile(r"党员[\u4e00-\u9fff]{0,4}?(?:先锋队|服务队|突击队|志愿队|护[\u4e00-\u9fff]队|巡逻队"
                                            r"|宣讲队|应急队|攻坚队|帮扶队|宣讲团|服务团|先锋岗|示范岗|责任岗|服务岗"
                                            r"|示范哨|先锋哨|监督哨|积分制|承诺制)"),
    }


_PROGRAMME_LIST = re.compile(r"(?:开展|实施|推出|启动|打造|推进)((?:[^，。；;\n、]{4,24}、)+[^，。；;\n、]{4,24}?)(?=等|[，。；;\n])")
_PROGRAMME_ITEM = re.compile(r"[\u4e00-\u9fff\dA-Za-z“”]{2,20}(?:项目|计划|行动|工程)")


def _ok(name: str) -> bool:
    flat = plain(name)
    return 2 <= len(flat) <= 40 and flat not in _GENERIC and not re.search(r"[。！？!?]", name)


# a name of digits, letters and operators only: 1+N, 12345, 1 1 5 N
_SYMBOLIC = re.compile(r"^[\dA-Za-z+＋\-—·\s]+$")
# words that make what follows a quoted name a clause, not its kind phrase
_CLAUSE_WORDS = frozenset("以 为 在 把 将 对 和 与 及 是 有 被 让 使 从 向 等".split())


def _clause_between(between: str) -> bool:
    """Whether the words between a quoted name and a kind word form a clause
    (“X”以党员为先锋队) rather than a modifier (“X”结对模式)."""
    if between.startswith("的"):
        between = between[1:]  # “X”的党建工作思路: X is named by what follows
    return any(w in _CLAUSE_WORDS or tag(w) in ("p", "c", "u", "uj", "r") for w in cut(between)) if between else False


def method_head(tail: str) -> bool:
    """Whether the words after a quoted name end in a method kind, with no 品牌 and no
    clause between (“X”党建工作法, “X”党建网格管理体系, not “X”党建品牌).

    >>> method_head("党建工作法，"), method_head("党建品牌"), method_head("以党员为先锋队")
    (True, False, False)
    """
    m = _patterns()["kind_after"].match(tail)
    return bool(m) and "品牌" not in m.group(0) and not _clause_between(m.group(1)) \
        and not re.search(r"[，。,；;]", m.group(0))


def _classify(item: str, head: str, tail: str, kind_after) -> tuple[str, str, set[str]] | None:
    """(rule, label, other names) when a quoted item is a method, else None."""
    flat = plain(item)
    m = kind_after.match(tail)
    if m and m.group(1).startswith("等"):
        return None  # 开展“甲”“乙”等活动: examples of a sort of activity, not named practices
    if m and (re.search(r"[，。,；;]", m.group(0)) or _clause_between(m.group(1))):
        m = None  # “X”以党员医生为先锋队: a clause, not a kind word after the name
    if m:
        between, kind = m.group(1), m.group(2)
        if kind in ("活动", "运动") and (between not in _ACTIVITY_BETWEEN and _CONTEST.search(between)
                                       or flat.endswith("年")):
            return None  # 开展“X”征集活动, “X”等活动, “…提升年”活动: activities, not named practices
        if not between and (kind.endswith("法") or kind in _CARRIERS and kind not in ("活动", "行动", "机制", "体系",
                                                                               "工程", "制度", "计划", "模式", "标准")):
            return "method.quoted_kind", item + kind, {item}  # 夜老虎训练法, 沈岳峰工作室: the kind is in the name
        if kind != "法":
            if _SYMBOLIC.match(flat):
                # “1+N”联动服务模式: a bare number is named with its kind phrase (two
                # “1+N” of one text are two methods), and answers to the number too
                return "method.quoted_kind", item + between + kind, {item}
            return "method.quoted_kind", item, {item + between + kind}
    if is_numbered(flat) and re.match(r"^[^，。；;、“”]{0,8}路径", tail):
        return "method.numbered", item, set()  # “两步走”支部品牌建设路径: a stepwise path is a method
    if names_no_practice(tail):
        return None  # “两区一城”目标, “强磁极”作用: a goal or an effect, not a practice
    if flat.endswith(("型", "式", "化", "性")) and not is_numbered(flat):
        return None  # “学习型”, “共享式”: a descriptor, which names a practice only with its noun
    if _SLOGAN.match(flat) or _SLOGAN.match(item):
        return "method.slogan", item, set()
    if _NAMED_METHOD.search(flat) and not flat.endswith(_NOT_METHOD_FA):
        return "method.quoted_carrier", item, set()  # “两化推进法”, “三步学习法”: a name that ends in its own 法
    if flat.endswith(_CARRIERS) and len(flat) >= 4 and "品牌" not in flat:
        return "method.quoted_carrier", item, set()
    if _NUMBERED.match(flat) and (_FRAMES_BEFORE.search(head) or _FRAMES_AFTER.match(tail) or _LAYOUT_AFTER.match(tail)
                                  or tail.startswith(_NUMBERED_AFTER) or tail.startswith("”")):
        return "method.numbered", item, set()
    if re.search(r"[\u4e00-\u9fff]\s*[+＋]|[+＋]\s*[\u4e00-\u9fff]", item) and not _HONOUR_HEAD_BEFORE.search(head):
        return "method.composite", item, set()  # “党小组+支委”, “医院+高校”: a practice that joins two things
    if _STRONG_BEFORE.search(head) or _FRAMES_BEFORE.search(head) and (_FRAMES_AFTER.match(tail) or tail[:1] in "，,。；;"):
        # 推行“甲”, 组织开展“乙”，…: what the verb puts into practice, the clause ending with it
        return "method.framed", item, set()
    return None


def find(p: Parse) -> None:
    text = p.text
    pats = _patterns()
    taken = lambda s, e: p.overlaps(s, e, (BRAND, METHOD, HONOUR))  # noqa: E731
    brand_names = {plain(b.name) for b in p.mentions if b.type == BRAND}
    for r in p.runs:
        for n, (item, span) in enumerate(zip(r.items, r.spans)):
            if taken(*span) or not _ok(item):
                continue
            # items of a run share the words around it: the verb before, the kind after
            got = _classify(strip_quotes(item), r.head, r.tail, pats["kind_after"])
            if got is None:
                continue
            rule, name, alts = got
            if plain(name) in brand_names:
                longer = max(alts, key=len, default="")
                if len(longer) <= len(name):
                    continue  # already a brand of this text
                # “薪火”党员宣讲团 under the brand 薪火: the method is named with its kind phrase
                name, alts = longer, set()
            if "品牌" in plain(name)[-2:] and not _SLOGAN.match(plain(name)):
                continue  # a brand's name, not a method (一支部一品牌 is a method: a slogan)
            p.add(Mention(METHOD, name, span[0], span[1], rule, alts=alts - {name}))
    for m in pats["method.numbered_kind"].finditer(text):
        if taken(m.start(1), m.end(2)):
            continue
        name = m.group(1) + m.group(2)
        p.add(Mention(METHOD, name, m.start(1), m.end(2), "method.numbered_kind", alts={m.group(1)}))
    for m in pats["method.unquoted_carrier"].finditer(text):
        name = m.group(1)
        s, e = m.span(1)
        if taken(s, e) or p.in_quotes(s, e) or not _ok(name):
            continue
        if re.search(r"[的了和与及在是把将]", name) or name.startswith(("各", "多", "相关", "一系列", "一批")):
            continue
        p.add(Mention(METHOD, name, s, e, "method.unquoted_carrier"))
    # 开展甲救助项目、乙支援计划、“丙”公益项目等服务: the items of a list of named programmes
    for m in _PROGRAMME_LIST.finditer(text):
        pos = m.end()
        for item in re.split(r"[、，,]", m.group(1)):
            s = text.find(item, pos)
            pos = s + len(item)
            name = item.strip()
            if _PROGRAMME_ITEM.fullmatch(plain(name)) and not taken(s, s + len(item)) \
                    and not re.search(r"[的了和与及在是把将为]", plain(name)):
                p.add(Mention(METHOD, strip_quotes(name) if name.startswith("“") and name.endswith("”") else name,
                              s, s + len(item), "method.programme"))
    for m in pats["method.member_carrier"].finditer(text):
        name, (s, e) = m.group(0), m.span()
        if taken(s, e) or p.in_quotes(s, e) or re.search(r"[的了和与及在是把将为]", name) \
                or text[s - 1:s] in "”」":  # “甲”党员宣讲团: named with its quoted part, above
            continue
        p.add(Mention(METHOD, name, s, e, "method.member_carrier"))
    _parts_of_wholes(p)
    # “一创”, “两化” after “两化一创”: parts of a method the text named whole, not methods of their own
    whole = {w for w in (plain(m.name) for m in p.of_type(METHOD)) if _NUMBERED.match(w)}
    inner = {w[i:j] for w in whole for i in range(len(w)) for j in range(i + 1, len(w) + 1) if j - i < len(w)}
    for m in list(p.of_type(METHOD)):
        flat = plain(m.name)
        if m.rule == "method.numbered" and flat in inner:
            p.remove(m)


# the items of a run are the parts a whole is made of: “甲法”由“乙”“丙”三部分组成, 以“乙”“丙”为一体的“甲法”
_MADE_OF = re.compile(r"^(?:[等共]*[\d一二三四五六七八九十两]+(?:个|大)?(?:部分|方面|板块|环节|模块|要素|内容))?(?:组成|构成)")
_AS_ONE = re.compile(r"^为一体的\s*[“「]")


def _parts_of_wholes(p: Parse) -> None:
    """Items listed as the parts of a method take its type: they are practices of their own."""
    text = p.text
    taken = lambda s, e: p.overlaps(s, e, (BRAND, METHOD, HONOUR))  # noqa: E731
    for r in p.runs:
        whole = None
        if re.search(r"[”」]\s*(?:主要)?由$", r.head) and _MADE_OF.match(r.tail):
            close = r.start - len(r.head) + r.head.rindex("由")
            close = text.rfind("”", 0, close) if "”" in text[max(0, close - 3):close] else text.rfind("」", 0, close)
            whole = p.overlaps(close - 1, close, (METHOD,))
        elif r.head.endswith("以") and _AS_ONE.match(r.tail):
            after = r.end + len("为一体的") + 1
            whole = p.overlaps(after, after + 1, (METHOD,))
        if whole is None:
            continue
        for item, span in zip(r.items, r.spans):
            if not taken(*span) and _ok(item):
                p.add(Mention(METHOD, strip_quotes(item), span[0], span[1], "method.part"))
