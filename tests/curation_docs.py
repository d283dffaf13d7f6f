"""Invented documents and helpers shared by the review, corrections and lexicon tests.

The names (青禾县, 红柳收费站, 白杨先锋…) are made up: no name comes from any
real document.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import rdflib

DOCS = {
    "a.txt": "青禾县交通运输局党建工作纪实\n\n"
             "青禾县交通运输局下设红柳收费站。红柳收费站党支部打造“暖心港湾”党建品牌，坚持“三抓三促”工作法，"
             "组织党员开展志愿服务。去年，红柳收费站党支部荣获“县级先进基层党组织”称号。\n",
    "b.txt": "白杨收费站党支部创建“白杨先锋”党建品牌。白杨收费站党支部推行“夜巡护路”工作法，被评为市级文明单位。"
             "红柳收费站党支部的“暖心港湾”品牌也在全市推广。\n",
    "c.txt": "红柳站组织党员走进社区，开展“暖心港湾”进社区活动。红柳站获评市级文明单位。\n",
}
#: a document added later: the corrections made before must still apply
LATER = {"d.txt": "青禾县交通运输局召开党建工作会。白杨收费站党支部介绍了“夜巡护路”工作法的做法。\n"}

DJ = rdflib.Namespace("https://w3id.org/dangjian-kg/ontology#")
ID = rdflib.Namespace("https://w3id.org/dangjian-kg/id/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def ssconvert() -> str:
    """Gnumeric's converter: the spreadsheet application the tests read files with (tests/setup.sh)."""
    path = shutil.which("ssconvert")
    if path is None:
        pytest.fail("ssconvert (Gnumeric) is missing: run bash tests/setup.sh")
    return path


def write_docs(folder: Path, docs: dict[str, str] = DOCS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def graph(path: Path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    return g


def label(g: rdflib.Graph, eid: str) -> str | None:
    value = g.value(ID[eid], rdflib.RDFS.label)
    return None if value is None else str(value)


def fill(path: Path, out: Path, decisions: dict[str, dict[str, str]], added: list[dict[str, str]] = ()) -> Path:
    """Fill in a review workbook as a reviewer would: ``decisions`` by 编号 (column → value),
    ``added`` rows appended to 事实."""
    wb = openpyxl.load_workbook(path)
    for name in ("事实", "实体"):
        ws = wb[name]
        cols = {c.value: c.column for c in ws[1]}
        for row in ws.iter_rows(min_row=2):
            for col, value in decisions.get(row[0].value, {}).items():
                row[cols[col] - 1].value = value
        if name == "事实":
            for new in added:
                r = ws.max_row + 1
                for col, value in new.items():
                    ws.cell(r, cols[col], value)
    wb.save(out)
    return out


def resave(path: Path, out: Path) -> Path:
    """Open and save ``path`` with Gnumeric, as a reviewer's spreadsheet application would."""
    subprocess.run([ssconvert(), str(path), str(out)], check=True, capture_output=True, timeout=120)
    return out
