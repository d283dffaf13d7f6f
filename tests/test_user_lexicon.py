"""``kg build --lexicon DIR``: the user's own kind words and known organizations."""
from __future__ import annotations

import pytest
from rdflib.namespace import SKOS

from curation_docs import DJ, ID, graph, label, write_docs
from kg.curate.sheet import SheetError
from kg.curate.userlex import install, load_lexicons

# an invented sector whose units are "物流港": the built-in unit kinds lack the word
PORT = {"port.txt": "绿洲物流港荣获县级文明单位称号。近年来，绿洲物流港创建了“暖心港湾”党建品牌。\n"}


def lexicon(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def test_a_unit_kind_the_built_ins_lack_is_extracted_once_the_user_adds_it(tmp_path, run_kg):
    docs = write_docs(tmp_path / "docs", PORT)
    run = run_kg("build", docs, "-o", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    g = graph(tmp_path / "out" / "kg.ttl")
    assert (ID["org/绿洲物流港"], None, None) not in g  # wrong: the unit and its facts are missed
    assert (None, DJ.achievesHonour, ID["honour/县级文明单位"]) not in g

    words = lexicon(tmp_path / "lex", unit_kinds="# 本行业的单位\n物流港\n")
    run = run_kg("build", docs, "-o", tmp_path / "out", "--lexicon", words)
    assert run.returncode == 0, run.stderr
    assert "from cache" not in run.stdout  # the user's lexicon is part of the cache key
    g = graph(tmp_path / "out" / "kg.ttl")
    assert label(g, "org/绿洲物流港") == "绿洲物流港"
    assert (ID["org/绿洲物流港"], DJ.achievesHonour, ID["honour/县级文明单位"]) in g
    assert (ID["org/绿洲物流港"], DJ.hasBrand, ID["brand/暖心港湾"]) in g

    again = run_kg("build", docs, "-o", tmp_path / "out", "--lexicon", words)
    assert "(1 from cache)" in again.stdout
    (words / "unit_kinds.txt").write_text("物流港\n驿所\n", encoding="utf-8")
    changed = run_kg("build", docs, "-o", tmp_path / "out", "--lexicon", words)
    assert "from cache" not in changed.stdout  # a changed lexicon: extracted again


def test_known_organizations_join_the_forms_of_a_name_across_documents(tmp_path, run_kg):
    docs = write_docs(tmp_path / "docs", {
        "a.txt": "青禾县交通运输局下设红柳收费站。红柳收费站党支部打造“暖心港湾”党建品牌。\n",
        "c.txt": "红柳站党支部组织党员走进社区。红柳站党支部获评市级文明单位。\n",
    })
    run_kg("build", docs, "-o", tmp_path / "plain", "--only", "turtle")
    assert (ID["party/红柳站党支部"], None, None) in graph(tmp_path / "plain" / "kg.ttl")  # two nodes for one branch
    words = lexicon(tmp_path / "lex", organizations="# 我们的单位\n红柳站 = 红柳收费站\n")
    run = run_kg("build", docs, "-o", tmp_path / "out", "--only", "turtle", "--lexicon", words)
    assert run.returncode == 0, run.stderr
    g = graph(tmp_path / "out" / "kg.ttl")
    assert not [s for s in g.subjects() if "红柳站" in str(s)]  # the short form names no node of its own
    branch = ID["party/红柳收费站党支部"]  # one Party branch, named in both documents
    assert label(g, "party/红柳收费站党支部") == "红柳收费站党支部"
    assert "红柳站党支部" in {str(x) for x in g.objects(branch, SKOS.altLabel)}
    assert (branch, DJ.achievesHonour, ID["honour/市级文明单位"]) in g
    assert (branch, DJ.hasBrand, ID["brand/暖心港湾"]) in g
    assert {str(d) for d in g.objects(branch, DJ.mentionedIn)} == {str(ID["doc/a"]), str(ID["doc/c"])}


def test_known_organizations_stay_whole_in_segmentation():
    from kg.extract import segment
    import tempfile
    from pathlib import Path

    name = "青禾数字科技有限公司"
    folder = lexicon(Path(tempfile.mkdtemp()), organizations=f"青禾数科 = {name}\n")
    try:
        assert name not in segment.cut(f"走访{name}")
        install(load_lexicons([folder]))
        assert name in segment.cut(f"走访{name}") and "青禾数科" in segment.cut("走访青禾数科")
    finally:
        install(None)  # the built-in lexicons again, for the other tests of this process
    assert name not in segment.cut(f"走访{name}")


BAD = [
    ({"unit_kind": "物流港\n"}, "unit_kind.txt: unknown lexicon unit_kind"),
    ({"organizations": "红柳站 = \n"}, "organizations.txt, line 1: '红柳站 =' needs a word on both sides of ="),
    ({"unit_kinds": "# 单位\n物流 港\n"}, "unit_kinds.txt, line 2: '物流 港': one word a line"),
]


@pytest.mark.parametrize("files, message", BAD, ids=["name", "empty side", "space"])
def test_bad_lexicon_is_one_line_exit_2_nothing_written(files, message, tmp_path, run_kg):
    docs = write_docs(tmp_path / "docs", PORT)
    run = run_kg("build", docs, "-o", tmp_path / "out", "--lexicon", lexicon(tmp_path / "lex", **files))
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and message in run.stderr
    assert not (tmp_path / "out").exists()


def test_undecodable_lexicon_and_missing_folder(tmp_path):
    folder = tmp_path / "lex"
    folder.mkdir()
    (folder / "unit_kinds.txt").write_bytes("物流港\n".encode("gbk"))
    with pytest.raises(SheetError, match=r"unit_kinds\.txt, line 1: not UTF-8 text"):
        load_lexicons([folder])
    with pytest.raises(SheetError, match="no such lexicon folder"):
        load_lexicons([tmp_path / "nowhere"])
