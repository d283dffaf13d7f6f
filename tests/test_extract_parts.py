"""Unit tests of the extractor's parts, on sentences written for these tests.

Every name here is made up; none comes from a sample document.
"""
import pytest

from kg.extract import honours, lexicon, names, orgs, resolve, segment
from kg.extract.quotes import runs


# ---------------------------------------------------------------- candidate checks (names.py)

@pytest.mark.parametrize("raw, expected", [
    ("各基层党支部", "党支部"),
    ("所属分公司", "分公司"),
    ("青松收费站", "青松收费站"),
])
def test_strip_generic_cuts_generic_words_at_the_left_edge(raw, expected):
    assert names.strip_generic(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("“暖心驿路”", "暖心驿路"),
    ("“人才‘星火’计划”", "人才‘星火’计划"),
    ("守护一线 争当“排头兵”", "守护一线 争当“排头兵”"),   # the inner quotes are part of the name
    ("“五心”服务先锋", "“五心”服务先锋"),
    ("“暖心驿路", "暖心驿路"),                           # a mark whose partner was cut off
])
def test_strip_quotes_keeps_marks_inside_a_name(raw, expected):
    assert names.strip_quotes(raw) == expected


@pytest.mark.parametrize("prefix, ok", [
    ("青松", True), ("第三", True), ("各", False), ("三大", False), ("学习型", False), ("省级", False),
    ("青川市中级", True), ("", False),
])
def test_is_name_part(prefix, ok):
    assert names.is_name_part(prefix) is ok


@pytest.mark.parametrize("short, full, ok", [
    ("青川股份", "青川高速股份有限公司", True),       # keeps characters in order and the first one
    ("交运集团", "白河交运集团有限公司", True),        # a part of the full name
    ("公司", "白河交运集团有限公司", False),           # only a kind word
    ("河交", "青川高速股份有限公司", False),
])
def test_abbreviates(short, full, ok):
    assert names.abbreviates(short, full) is ok


def test_strip_year_and_trailing_parenthesis():
    assert names.strip_year("2022年度先进集体") == "先进集体"
    assert names.strip_year("连续三年先进集体") == "先进集体"
    assert names.strip_trailing_paren("示范品牌(全国共10个)") == "示范品牌"


# ---------------------------------------------------------------- segmentation (segment.py)

@pytest.mark.parametrize("text, name", [
    ("近日,白河管理处", "白河管理处"),
    ("在青川高速集团", "青川高速集团"),                      # a preposition ends the run
    ("积极打造青松收费站", "青松收费站"),                    # so does a lead verb
    ("今年以来,云岭房地产开发建设集团", "云岭房地产开发建设集团"),  # verbs inside a company name stay
    ("同时,", ""),
    ("标识蕴含着第三党支部", "第三党支部"),                  # a verb with its aspect particle ends it
    ("品牌凝聚着白河管理处党支部", "白河管理处党支部"),
    ("节日的快乐。鑫桥劳务公司", "鑫桥劳务公司"),            # a name jieba lacks, then a verbal noun
])
def test_name_start_finds_the_left_edge(text, name):
    anchor = "集团" if text.endswith("集团") else ""
    assert text[segment.name_start(text, len(text), anchor=anchor):] == name


# ---------------------------------------------------------------- organizations (orgs.py)

def test_split_units_gives_the_chain_outer_first():
    assert orgs.split_units("云岭交通集团白沙分公司青松收费站") == [
        "云岭交通集团", "云岭交通集团白沙分公司", "云岭交通集团白沙分公司青松收费站"]
    # a place is not a unit of its own, nor is a legal form
    assert orgs.split_units("青川市中级法院") == ["青川市中级法院"]
    assert orgs.split_units("云岭交通集团有限公司") == ["云岭交通集团有限公司"]


@pytest.mark.parametrize("name, ok", [
    ("青松收费站", True), ("收费站", False), ("三大中心", False), ("收费中心", False), ("白河营运中心", True),
])
def test_unit_ok(name, ok):
    assert orgs.unit_ok(name) is ok


def test_lexicons_hold_kind_words_and_canonical_forms():
    assert "党支部" in lexicon.party_kinds() and "收费站" in lexicon.unit_kinds()
    assert lexicon.canonical_party_kind("支部") == "党支部"
    assert lexicon.canonical_party_kind("总支") == "党总支"


# ---------------------------------------------------------------- honours (honours.py)

def test_honour_items_split_lists_and_keep_the_issuer_as_a_longer_name():
    got = honours.items("省交通厅“青年文明号”“巾帼标兵岗”、白河集团先进基层党组织等")
    assert got == [("青年文明号", "省交通厅青年文明号"), ("巾帼标兵岗", None), ("白河集团先进基层党组织", None)]


def test_honour_items_do_not_split_inside_quotes():
    assert honours.items("市检察机关“精品建院、特色强院”典型事例") == [("市检察机关精品建院、特色强院典型事例", None)]


@pytest.mark.parametrize("phrase", ["获得感", "抗洪先进个人", "好评"])
def test_honour_items_reject_phrases_without_an_honour_head(phrase):
    assert honours.items(phrase) == []


# ---------------------------------------------------------------- quoted runs (quotes.py)

def test_a_run_of_quoted_names_shares_its_tail():
    (r,) = runs("培育了“红帆领航”“绿水先锋”和“金桥驿站”等一批党建品牌")
    assert r.items == ["红帆领航", "绿水先锋", "金桥驿站"]
    assert r.tail.startswith("等一批党建品牌")


def test_single_quotes_inside_a_name_are_not_a_name_of_their_own():
    assert [r.items for r in runs("打造“人才‘星火’计划”品牌")] == [["人才‘星火’计划"]]


# ---------------------------------------------------------------- short forms (resolve.py)

def test_group_names_joins_short_forms_to_the_full_name():
    canon = resolve.group_names({"青松站", "青松中心收费站", "白沙分公司青松中心收费站"}, "Organization")
    assert set(canon.values()) == {"青松中心收费站"}
    canon = resolve.group_names({"青松收费站党支部", "云岭股份青松收费站党支部"}, "PartyOrganization")
    assert set(canon.values()) == {"青松收费站党支部"}
    # different units stay apart
    canon = resolve.group_names({"青松收费站", "白沙收费站"}, "Organization")
    assert canon["青松收费站"] != canon["白沙收费站"]


def test_kindless_parent_is_a_word_named_on_its_own():
    text = "云钢白河管理处党委成立于2001年。云钢始终重视党建，云钢的职工，云钢人。"
    assert orgs.kindless_parent(text, "云钢白河管理处") == "云钢"
    # a cut inside a word (省公|路) or a name that only recurs whole is no parent
    text = "省公路养护集团有限公司党委。省公路养护集团有限公司，省公路养护集团有限公司。"
    assert orgs.kindless_parent(text, "省公路养护集团有限公司") is None
