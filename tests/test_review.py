"""``kg review``: the review sheet, read back with openpyxl and with a real spreadsheet application."""
from __future__ import annotations

import csv
import io
import subprocess

import openpyxl
import pytest

from rdflib.namespace import RDF

from curation_docs import DJ, DOCS, LATER, graph, ssconvert, write_docs
from kg.curate.ids import ENTITY_ID, FACT_ID, fact_id, iri_of_entity_id
from kg.curate.sheet import ENTITY_COLUMNS, FACT_COLUMNS, SheetError, read_sheet
from kg.vocab import ENTITY_CLASSES, RELATIONS
from kg.vocab import label as zh


@pytest.fixture(scope="module")
def built(tmp_path_factory, run_kg):
    """The invented documents built, and their review sheet as .xlsx and .csv."""
    root = tmp_path_factory.mktemp("review")
    docs = write_docs(root / "docs")
    run = run_kg("build", docs, "-o", root / "out", "--only", "turtle")
    assert run.returncode == 0, run.stderr
    for suffix in ("xlsx", "csv"):
        run = run_kg("review", root / "out" / "kg.ttl", "-o", root / f"review.{suffix}", "--docs", docs)
        assert run.returncode == 0, run.stderr
        assert f"→ {root / f'review.{suffix}'}" in run.stdout
    return root


def narrow(text: str) -> str:
    """Cleaning may narrow full-width commas in evidence: compare without that difference."""
    return text.replace("，", ",")


def sheet_rows(path, name):
    ws = openpyxl.load_workbook(path)[name]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def test_workbook_has_guide_facts_and_entities_with_empty_decisions(built):
    wb = openpyxl.load_workbook(built / "review.xlsx")
    assert wb.sheetnames == ["说明", "事实", "实体"]
    guide = " ".join(str(c.value or "") for row in wb["说明"].iter_rows() for c in row)
    for word in ("删除", "改名", "合并", "新增", "新值", "kg build"):
        assert word in guide
    header, facts = sheet_rows(built / "review.xlsx", "事实")
    assert tuple(header) == FACT_COLUMNS
    eheader, entities = sheet_rows(built / "review.xlsx", "实体")
    assert tuple(eheader) == ENTITY_COLUMNS
    g = graph(built / "out" / "kg.ttl")  # every fact and every entity has its row
    assert len(facts) == sum(1 for r in RELATIONS for _ in g.subject_objects(DJ[r])) > 5
    assert len(entities) == sum(1 for c in ENTITY_CLASSES for _ in g.subjects(RDF.type, DJ[c])) > 5
    assert all(r["处理"] is None and r["新值"] is None for r in facts + entities)
    # the decision column offers the decisions of its sheet
    dv = wb["实体"].data_validations.dataValidation[0]
    assert "改名" in dv.formula1 and "B2" in str(dv.sqref)


def test_fact_rows_name_both_ends_in_chinese_with_evidence_and_stable_id(built):
    _, facts = sheet_rows(built / "review.xlsx", "事实")
    row = next(r for r in facts if r["主体"] == "红柳收费站党支部" and r["客体"] == "暖心港湾")
    assert (row["主体类型"], row["关系"], row["客体类型"]) == ("党组织", "创建品牌", "党建品牌")
    assert narrow(row["证据"]) == "红柳收费站党支部打造“暖心港湾”党建品牌,坚持“三抓三促”工作法,组织党员开展志愿服务。"
    assert row["文档"] == "a.txt" and row["规则"] and row["出处数"] == 2  # b.txt states it too
    assert row["编号"] == fact_id(iri_of_entity_id(row["主体编号"]), "hasBrand", iri_of_entity_id(row["客体编号"]))
    assert all(FACT_ID.match(r["编号"]) for r in facts)
    relations = {zh(r) for r in ("hasUnit", "hasBranch", "hasBrand", "usesMethod", "achievesHonour")}
    assert {r["关系"] for r in facts} <= relations


def test_rows_follow_documents_then_the_text(built):
    _, facts = sheet_rows(built / "review.xlsx", "事实")
    files = [r["文档"] for r in facts]
    assert files == sorted(files)  # by document…
    for name, text in DOCS.items():  # …then in the order the text states them
        positions = [narrow(text).find(narrow(r["证据"])) for r in facts if r["文档"] == name]
        assert -1 not in positions and positions == sorted(positions)
    _, entities = sheet_rows(built / "review.xlsx", "实体")
    first = [e["名称"] for e in entities if e["文档"].split("；")[0] == "a.txt"]
    assert first[:3] == ["青禾县交通运输局", "红柳收费站", "红柳收费站党支部"]
    assert all(ENTITY_ID.match(e["编号"]) for e in entities)
    honour = next(e for e in entities if e["名称"] == "市级文明单位")
    assert honour["文档"] == "b.txt；c.txt" and honour["事实数"] == 2


def test_ids_survive_a_new_document_and_other_wording(tmp_path, run_kg, built):
    """Ids come from class and name, never from positions or counters."""
    _, before = sheet_rows(built / "review.xlsx", "事实")
    # a new document, and one document reworded: the facts it states keep their ids
    docs = write_docs(tmp_path / "docs", {**DOCS, **LATER,
                                           "b.txt": "去年以来，白杨收费站党支部推行“夜巡护路”工作法。白杨收费站党支部创建“白杨先锋”党建品牌。"})
    assert run_kg("build", docs, "-o", tmp_path / "out", "--only", "turtle").returncode == 0
    assert run_kg("review", tmp_path / "out" / "kg.ttl", "-o", tmp_path / "r.xlsx").returncode == 0
    _, after = sheet_rows(tmp_path / "r.xlsx", "事实")
    ids = {r["编号"]: (r["主体"], r["关系"], r["客体"]) for r in after}
    kept = [r for r in before if r["文档"] != "b.txt" or r["客体"] == "白杨先锋"]
    assert all(ids.get(r["编号"]) == (r["主体"], r["关系"], r["客体"]) for r in kept)


def test_a_spreadsheet_application_reads_the_workbook(built, tmp_path):
    subprocess.run([ssconvert(), "-S", str(built / "review.xlsx"), str(tmp_path / "sheet.csv")],
                   check=True, capture_output=True, timeout=120)
    guide, facts, entities = (tmp_path / f"sheet.csv.{k}" for k in range(3))
    assert "删除" in guide.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(facts.read_text(encoding="utf-8"))))
    _, mine = sheet_rows(built / "review.xlsx", "事实")
    assert [(r["编号"], r["主体"], r["客体"], r["证据"]) for r in rows] == \
        [(r["编号"], r["主体"], r["客体"], r["证据"]) for r in mine]
    assert "红柳收费站党支部" in entities.read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")  # Gnumeric's workbook
def test_csv_is_utf8_with_bom_and_a_spreadsheet_application_reads_it(built, tmp_path):
    data = (built / "review.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # without it, Excel reads UTF-8 as GBK
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    _, facts = sheet_rows(built / "review.xlsx", "事实")
    _, entities = sheet_rows(built / "review.xlsx", "实体")
    assert [r["编号"] for r in rows] == [r["编号"] for r in entities + facts]
    assert {r["表"] for r in rows} == {"事实", "实体"}
    subprocess.run([ssconvert(), str(built / "review.csv"), str(tmp_path / "from-csv.xlsx")],
                   check=True, capture_output=True, timeout=120)
    cells = [c.value for row in openpyxl.load_workbook(tmp_path / "from-csv.xlsx").active.iter_rows() for c in row]
    assert "表" in cells and "红柳收费站党支部" in cells and "暖心港湾" in cells


def test_csv_saved_back_by_excel_in_gbk_is_read(built, tmp_path):
    text = (built / "review.csv").read_bytes().decode("utf-8-sig")
    gbk = tmp_path / "excel.csv"
    gbk.write_bytes(text.encode("gb18030"))
    assert [r.cells for r in read_sheet(gbk)] == [r.cells for r in read_sheet(built / "review.csv")]


def test_same_graph_same_bytes(built, run_kg, tmp_path):
    for suffix in ("xlsx", "csv"):
        again = tmp_path / f"again.{suffix}"
        assert run_kg("review", built / "out" / "kg.ttl", "-o", again, "--docs", built / "docs").returncode == 0
        assert again.read_bytes() == (built / f"review.{suffix}").read_bytes()


def test_bad_output_name_and_unreadable_graph(built, run_kg, tmp_path):
    run = run_kg("review", built / "out" / "kg.ttl", "-o", tmp_path / "review.txt")
    assert run.returncode == 2 and "review.txt: a review sheet is .xlsx or .csv" in run.stderr
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle", encoding="utf-8")
    run = run_kg("review", broken, "-o", tmp_path / "r.xlsx")
    assert run.returncode == 1 and len(run.stderr.strip().splitlines()) == 1 and "broken.ttl" in run.stderr
    assert not (tmp_path / "r.xlsx").exists()


def test_damaged_workbook_is_one_line(tmp_path):
    bad = tmp_path / "corrections.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(SheetError, match=r"corrections\.xlsx: not a readable \.xlsx workbook"):
        read_sheet(bad)


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(tmp_path):
    from kg.curate.sheet import write_sheet
    entities = [{"编号": "method/1-1", "名称": "=1+1", "类型": "方法", "其他名称": "-甲", "文档": "@乙.txt", "事实数": 1},
                {"编号": "brand/x", "名称": "青禾", "类型": "品牌", "事实数": 0}]
    path = tmp_path / "r.csv"
    write_sheet(path, [], entities)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert (rows[0]["名称"], rows[0]["其他名称"], rows[0]["文档"]) == ("'=1+1", "'-甲", "'@乙.txt")
    assert rows[1]["名称"] == "青禾"
    back = read_sheet(path)
    assert [r.cells.get("名称") for r in back] == ["=1+1", "青禾"]
    assert back[0].cells.get("其他名称") == "-甲"
