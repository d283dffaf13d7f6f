"""The review sheet as a file: columns, writing .xlsx and .csv, reading them back.

A review sheet has three sheets in a workbook (``.xlsx``): 说明 (how to
decide, in Chinese), 事实 (one row per fact) and 实体 (one row per entity);
in a ``.csv`` file the facts and the entities share one table and the
column 表 says which a row is. Reviewers fill the columns 处理 (the
decision) and 新值 (the new value); every other column is for reading,
except on a row that adds a fact (see :mod:`kg.curate.corrections`).

What the spreadsheet applications Party-affairs staff use (Excel, WPS,
LibreOffice) need: an .xlsx through openpyxl, and a CSV in UTF-8 *with* a
byte-order mark, without which Excel reads it as GBK. A CSV saved back by
Excel on a Chinese system is GBK (GB18030): it is read too.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "review.csv"
>>> write_sheet(path, [{"编号": "F-0123456789ab", "主体": "青禾站党支部"}], [{"编号": "org/青禾站", "名称": "青禾站"}])
>>> path.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
True
>>> [(r.sheet, r.number, r.get("编号")) for r in read_sheet(path)]
[('实体', 2, 'org/青禾站'), ('事实', 3, 'F-0123456789ab')]
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..fileio import atomic_path

FACTS, ENTITIES, GUIDE = "事实", "实体", "说明"

#: decisions a reviewer may write in 处理, by sheet (the first word is the one shown)
DECISIONS = {
    FACTS: ("删除", "保留", "新增"),
    ENTITIES: ("删除", "改名", "合并", "保留"),
}

FACT_COLUMNS = ("编号", "处理", "新值", "主体", "主体类型", "关系", "客体", "客体类型", "证据", "文档",
                "规则", "出处数", "主体编号", "客体编号", "审核人", "备注")
ENTITY_COLUMNS = ("编号", "处理", "新值", "名称", "类型", "其他名称", "文档", "事实数", "审核人", "备注")
#: the CSV's columns: 表 (事实 or 实体), then every column of either sheet
CSV_COLUMNS = ("表",) + tuple(dict.fromkeys(ENTITY_COLUMNS[:5] + FACT_COLUMNS + ENTITY_COLUMNS))

#: columns a sheet read back must have, whatever else it holds
REQUIRED = {FACTS: ("编号", "处理", "主体", "关系", "客体"), ENTITIES: ("编号", "处理", "新值")}

_WIDTHS = {"编号": 16, "处理": 8, "新值": 18, "主体": 24, "客体": 24, "名称": 28, "证据": 60, "文档": 24,
           "其他名称": 28, "规则": 18, "备注": 20, "主体编号": 20, "客体编号": 20}
_WRAPPED = {"证据", "其他名称"}

GUIDE_ROWS = (
    ("这份表格是知识图谱的审核表。请在“事实”和“实体”两张表的“处理”列填写决定，需要时在“新值”列填写新值；其他列只供阅读。", ""),
    ("", ""),
    ("处理（事实表）", "含义"),
    ("删除", "这条事实是错的：重建时删除它。"),
    ("保留", "已核对，无需改动（可不填）。"),
    ("新增", "在表末新起一行，填写“主体”“关系”“客体”（新实体还要填“主体类型”/“客体类型”，"
             "可选“证据”“文档”），“编号”留空：重建时加入这条事实。编号留空而填了主体、关系、客体的行也按新增处理。"),
    ("", ""),
    ("处理（实体表）", "含义"),
    ("删除", "这不是一个实体（例如切错的名称）：删除它和与它相关的所有事实。"),
    ("改名", "名称不对：在“新值”写正确的名称；原名称保留为“其他名称”。"),
    ("合并", "它和另一个实体是同一个：在“新值”写那个实体的编号（或名称）；合并后只剩一个节点，名称和事实都归到那个实体。"),
    ("保留", "已核对，无需改动（可不填）。"),
    ("", ""),
    ("关系", "创建品牌、下属单位、下设党组织、采用方法、获得荣誉"),
    ("类型", "组织、党组织、党建品牌、工作方法、荣誉"),
    ("审核人", "可填写审核人姓名；人工更正的事实在图谱中注明审核人（prov:wasAttributedTo）和规则 manual。"),
    ("", ""),
    ("编号", "编号由实体的类型和名称、事实的主体、关系和客体算出，重建、增加文档或更新抽取规则后不变，"
             "所以这份表格可以一直用下去。找不到对应内容的决定会在重建时逐行报告，不会被悄悄丢掉。"),
    ("使用", "保存后运行：kg build 文档目录 --corrections 本文件；或把本文件命名为 corrections.xlsx 放在文档目录中。"),
)

# characters XML 1.0 cannot hold (an .xlsx is XML): dropped from what is written
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: the date in a written workbook's properties and zip entries: the same bytes every time
_EPOCH = datetime.datetime(2000, 1, 1)


class SheetError(Exception):
    """A review sheet or corrections file that cannot be read; the message names the file and row."""


@dataclass
class Row:
    """One row read back: its sheet (事实 or 实体), its row number in the file, its cells by column name."""
    sheet: str
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def where(self, path) -> str:
        """``review.xlsx, sheet 事实, row 12`` (a CSV has no sheets: ``review.csv, row 12``)."""
        sheet = f", sheet {self.sheet}" if Path(path).suffix.lower() == ".xlsx" else ""
        return f"{path}{sheet}, row {self.number}"


# --------------------------------------------------------------------------- writing

def write_sheet(path: str | Path, facts: list[dict], entities: list[dict]) -> None:
    """Write the rows (dicts by column name) as ``.xlsx`` or ``.csv``, atomically and deterministically."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv(path, facts, entities)
    elif suffix == ".xlsx":
        _write_xlsx(path, facts, entities)
    else:
        raise SheetError(f"{path}: a review sheet is .xlsx or .csv")


def _text(value) -> str:
    return "" if value is None else _ILLEGAL.sub("", str(value))


# a cell opening with these is a formula to Excel and WPS (=1+1, +N, -乙, @甲): written after an
# apostrophe, which the applications show as text and _read_csv takes off again
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guard(text: str) -> str:
    """``'=甲`` for ``=甲``: a text cell that a spreadsheet application would run as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def _write_csv(path: Path, facts: list[dict], entities: list[dict]) -> None:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(CSV_COLUMNS)
    for sheet, rows in ((ENTITIES, entities), (FACTS, facts)):
        for row in rows:
            out.writerow([sheet] + [_guard(_text(row.get(c))) for c in CSV_COLUMNS[1:]])
    with atomic_path(path) as tmp:
        tmp.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def _write_xlsx(path: Path, facts: list[dict], entities: list[dict]) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = openpyxl.Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = _EPOCH
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    todo_fill = PatternFill("solid", fgColor="FFF2CC")  # the columns a reviewer fills
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(ws, value, font=None, fill=None, alignment=None):
        c = WriteOnlyCell(ws, value=_text(value) if isinstance(value, str) else value)
        if isinstance(value, str) and value.startswith("="):
            c.data_type = "s"  # a name is never a formula
        if font:
            c.font = font
        if fill:
            c.fill = fill
        if alignment:
            c.alignment = alignment
        return c

    guide = wb.create_sheet(GUIDE)
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 100
    for k, (a, b) in enumerate(GUIDE_ROWS):
        heading = k == 0 or b == "含义"
        guide.append([cell(guide, a, bold if heading or b else None), cell(guide, b, bold if heading else None, alignment=wrap)])

    for name, columns, rows in ((FACTS, FACT_COLUMNS, facts), (ENTITIES, ENTITY_COLUMNS, entities)):
        ws = wb.create_sheet(name)
        ws.freeze_panes = "D2"  # id, decision and new value stay in view
        for k, col in enumerate(columns, 1):
            ws.column_dimensions[get_column_letter(k)].width = _WIDTHS.get(col, 10)
        last = get_column_letter(len(columns))
        ws.auto_filter.ref = f"A1:{last}{max(len(rows), 1) + 1}"
        decisions = DataValidation(type="list", formula1='"' + ",".join(DECISIONS[name]) + '"', allow_blank=True,
                                   showErrorMessage=False)  # other spellings are checked when read back
        decisions.add(f"B2:B{len(rows) + 1000}")  # room for the rows a reviewer adds
        ws.data_validations.append(decisions)
        ws.append([cell(ws, c, bold, todo_fill if c in ("处理", "新值") else head_fill) for c in columns])
        for row in rows:
            ws.append([cell(ws, row.get(c), alignment=wrap if c in _WRAPPED else None)
                       if row.get(c) not in (None, "") else None for c in columns])
    with atomic_path(path) as tmp:
        wb.save(tmp)
        _fix_zip_dates(tmp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fix_zip_dates(path: Path) -> None:
    """Rewrite the zip with one date on every entry and in the properties (openpyxl
    stamps the time of saving): same sheet, same bytes."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    entries = [(info, _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data) if info.filename == "docProps/core.xml"
                else data) for info, data in entries]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, data)


# --------------------------------------------------------------------------- reading

def read_sheet(path: str | Path) -> list[Row]:
    """The non-empty rows of a review sheet or corrections file (.xlsx or .csv).

    Raises :class:`SheetError` naming the file (and the row) when it cannot
    be read or lacks a column that decisions need.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    raise SheetError(f"{path}: a corrections file is .xlsx or .csv")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a cell: 2023, not 2023.0
    return str(value).strip()


def _header(path: Path, sheet: str, values) -> dict[str, int]:
    header = {}
    for k, v in enumerate(values):
        name = _cell_text(v)
        if name and name not in header:
            header[name] = k
    missing = [c for c in REQUIRED[sheet] if c not in header]
    if missing:
        where = f"{path}, sheet {sheet}" if path.suffix.lower() == ".xlsx" else f"{path}"
        raise SheetError(f"{where}, row 1: missing column {'、'.join(missing)} "
                         f"(the header row must name {'、'.join(REQUIRED[sheet])})")
    return header


def _row(sheet: str, number: int, header: dict[str, int], values) -> Row | None:
    cells = {name: _cell_text(values[k]) if k < len(values) else "" for name, k in header.items()}
    return Row(sheet, number, cells) if any(cells.values()) else None


def _read_xlsx(path: Path) -> list[Row]:
    import warnings

    import openpyxl
    try:
        with warnings.catch_warnings():  # a workbook another application saved lacks openpyxl's default style
            warnings.simplefilter("ignore", UserWarning)
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise SheetError(f"{path}: not a readable .xlsx workbook ({type(error).__name__}: "
                         f"{' '.join(str(error).split())})") from None
    try:
        sheets = [s for s in (FACTS, ENTITIES) if s in wb.sheetnames]
        if not sheets:
            raise SheetError(f"{path}: no sheet named {FACTS} or {ENTITIES} (sheets: {', '.join(wb.sheetnames)})")
        rows: list[Row] = []
        for sheet in sheets:
            it = wb[sheet].iter_rows(values_only=True)
            header = _header(path, sheet, next(it, ()))
            for number, values in enumerate(it, 2):
                row = _row(sheet, number, header, values)
                if row is not None:
                    rows.append(row)
        return rows
    finally:
        wb.close()


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (Excel's “CSV” on a Chinese system)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SheetError(f"{path}, row {line}: not UTF-8 or GB18030 text (byte {error.start})") from None
    raise SheetError(f"{path}: cannot be decoded")


def _read_csv(path: Path) -> list[Row]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SheetError(f"{path}: cannot be read ({error.strerror or error})") from None
    text = decode(path, data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t" if _tabbed(text) else ",")
    try:
        first = next(reader, [])
        names = [_cell_text(v) for v in first]
        if "表" in names:
            sheet_of = None
        elif "关系" in names:
            sheet_of = FACTS  # one sheet saved alone as CSV
        elif "名称" in names:
            sheet_of = ENTITIES
        else:
            raise SheetError(f"{path}, row 1: no column 表, 关系 or 名称: not a review sheet")
        headers = {s: _header(path, s, first) for s in ((sheet_of,) if sheet_of else (FACTS, ENTITIES))}
        table_col = names.index("表") if sheet_of is None else None
        rows: list[Row] = []
        for values in reader:
            values = [_unguard(v) for v in values]
            number = reader.line_num
            sheet = sheet_of
            if table_col is not None:
                sheet = _cell_text(values[table_col]) if table_col < len(values) else ""
                if not sheet and not any(_cell_text(v) for v in values):
                    continue
                if sheet not in (FACTS, ENTITIES):
                    raise SheetError(f"{path}, row {number}: column 表 is {sheet!r}, not {FACTS} or {ENTITIES}")
            row = _row(sheet, number, headers[sheet], values)
            if row is not None:
                rows.append(row)
        return rows
    except csv.Error as error:
        raise SheetError(f"{path}, row {reader.line_num}: {error}") from None


def _tabbed(text: str) -> bool:
    """Excel's “Unicode text” is tab-separated UTF-16."""
    first = text.split("\n", 1)[0]
    return "\t" in first and "," not in first
