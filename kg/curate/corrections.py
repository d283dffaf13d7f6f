"""A filled-in review sheet read as decisions: what ``kg build --corrections`` applies.

Every row is checked before anything is built, so a malformed file stops
the build with one line naming the file and the row (exit status 2), and
no correction is ever half applied. What a row may say:

========  ======  ===========================================================
sheet     处理    effect
========  ======  ===========================================================
事实      删除    the fact 编号 is removed
事实      新增    the fact 主体 关系 客体 is added (also a row with no 编号 and no
                  处理 whose 主体, 关系 and 客体 are filled)
实体      删除    the entity 编号 is removed with all its facts
实体      改名    the entity 编号 is labelled 新值 (the old label stays as skos:altLabel)
实体      合并    the entity 编号 is merged into 新值 (an entity id or a name)
either    保留    nothing (the row was checked)
========  ======  ===========================================================

>>> from kg.curate.sheet import Row
>>> d = parse_row(Row("实体", 5, {"编号": "org/青禾站", "处理": "改名", "新值": "青禾收费站"}), "c.xlsx")
>>> d.action, d.target, d.new_value
('rename', 'org/青禾站', '青禾收费站')
>>> parse_row(Row("实体", 6, {"编号": "org/青禾站", "处理": "改"}), "c.xlsx")
Traceback (most recent call last):
...
kg.curate.sheet.SheetError: c.xlsx, sheet 实体, row 6: unknown decision '改' in 处理 (one of 删除, 改名, 合并, 保留, or empty)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import vocab
from .ids import class_of, kind_of
from .sheet import DECISIONS, ENTITIES, FACTS, Row, SheetError, read_sheet

#: spellings a reviewer may use for each decision (Chinese first, as on the sheet)
ACTIONS = {
    "delete": ("删除", "删", "delete"),
    "keep": ("保留", "确认", "keep", "ok"),
    "add": ("新增", "添加", "增加", "add"),
    "rename": ("改名", "重命名", "rename"),
    "merge": ("合并", "merge"),
}
_ACTION_OF = {word.lower(): action for action, words in ACTIONS.items() for word in words}
_ALLOWED = {FACTS: {"delete", "keep", "add"}, ENTITIES: {"delete", "keep", "rename", "merge"}}

#: a class or relation named in a cell: zh label, English local name, or the id prefix (org…)
CLASS_NAMES = {**{vocab.label(c, "zh"): c for c in vocab.ENTITY_CLASSES},
               **{c.lower(): c for c in vocab.ENTITY_CLASSES},
               **{"org": "Organization", "party": "PartyOrganization", "brand": "Brand",
                  "method": "Method", "honour": "Honour"}}
RELATION_NAMES = {**{vocab.label(r, "zh"): r for r in vocab.RELATIONS},
                  **{r.lower(): r for r in vocab.RELATIONS}}


@dataclass(frozen=True)
class End:
    """One end of a fact to add: an entity id, or a name with an optional class."""
    id: str = ""
    name: str = ""
    cls: str = ""

    def describe(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class Decision:
    """One row's decision. ``where`` names the file and row for messages."""
    where: str
    sheet: str
    action: str                      # delete, keep, add, rename, merge
    target: str = ""                 # the 编号 the decision is about (empty for an added fact)
    new_value: str = ""
    curator: str = ""
    subject: End | None = None       # an added fact
    relation: str = ""
    object: End | None = None
    evidence: str = ""
    document: str = ""
    shown: str = ""                  # what the row showed (its label or its fact), for messages


@dataclass
class Corrections:
    """The decisions of one corrections file, in row order."""
    path: Path
    decisions: list[Decision]

    @property
    def changes(self) -> list[Decision]:
        """The decisions that change the graph (not 保留)."""
        return [d for d in self.decisions if d.action != "keep"]


def load_corrections(path: str | Path) -> Corrections:
    """Read and check every row of a corrections file (.xlsx or .csv).

    Raises :class:`~kg.curate.sheet.SheetError` (one line: file, row,
    problem) at the first bad row, before anything is applied.
    """
    path = Path(path)
    if not path.is_file():
        raise SheetError(f"{path}: no such corrections file")
    decisions = [d for row in read_sheet(path) if (d := parse_row(row, path)) is not None]
    _check_conflicts(decisions)
    return Corrections(path, decisions)


def _fail(row: Row, path, message: str):
    raise SheetError(f"{row.where(path)}: {message}")


def _action(row: Row, path) -> str | None:
    word = row.get("处理")
    if not word:
        return None
    action = _ACTION_OF.get(word.lower())
    if action not in _ALLOWED[row.sheet]:
        allowed = ", ".join(DECISIONS[row.sheet])
        extra = f" (on sheet {FACTS if row.sheet == ENTITIES else ENTITIES} only)" if action else ""
        _fail(row, path, f"unknown decision {word!r} in 处理{extra} (one of {allowed}, or empty)")
    return action


def _id(row: Row, path, column: str, kind: str) -> str:
    value = row.get(column)
    if value and kind_of(value) != kind:
        example = "F-0123456789ab" if kind == "fact" else "org/名称, party/名称, brand/名称, method/名称 or honour/名称"
        _fail(row, path, f"{column} {value!r} is not a {kind} id (like {example})")
    return "F-" + value[2:].lower() if value and kind == "fact" else value


def _class(row: Row, path, column: str) -> str:
    value = row.get(column)
    if not value:
        return ""
    cls = CLASS_NAMES.get(value) or CLASS_NAMES.get(value.lower())
    if cls is None:
        _fail(row, path, f"unknown type {value!r} in {column} (one of {', '.join(vocab.label(c, 'zh') for c in vocab.ENTITY_CLASSES)})")
    return cls


def parse_row(row: Row, path) -> Decision | None:
    """The decision of one row, or None for a row that only shows the graph."""
    action = _action(row, path)
    if row.sheet == FACTS:
        return _fact_decision(row, path, action)
    return _entity_decision(row, path, action)


def _entity_decision(row: Row, path, action: str | None) -> Decision | None:
    target = _id(row, path, "编号", "entity")
    new_value = row.get("新值")
    if action is None:
        if new_value:
            _fail(row, path, "新值 is filled but 处理 is empty (改名 or 合并?)")
        return None
    if not target:
        _fail(row, path, f"{row.get('处理')} needs the entity's 编号")
    if action in ("rename", "merge") and not new_value:
        _fail(row, path, f"{row.get('处理')} needs 新值 ({'the new name' if action == 'rename' else 'the id or name of the entity to merge into'})")
    if action == "merge" and kind_of(new_value) == "fact":
        _fail(row, path, f"合并 needs an entity in 新值, not the fact {new_value}")
    if action == "merge" and kind_of(new_value) == "entity" and class_of(new_value) != class_of(target):
        _fail(row, path, f"合并 joins entities of one type: {target} and {new_value} differ")
    return Decision(row.where(path), ENTITIES, action, target, new_value if action in ("rename", "merge") else "",
                    row.get("审核人"), shown=row.get("名称"))


def _end(row: Row, path, side: str) -> End:
    eid = _id(row, path, f"{side}编号", "entity")
    cls = _class(row, path, f"{side}类型")
    if eid and cls and class_of(eid) != cls:
        _fail(row, path, f"{side}编号 {eid} is not of type {row.get(side + '类型')}")
    return End(eid, row.get(side), cls or (class_of(eid) if eid else ""))


def _fact_decision(row: Row, path, action: str | None) -> Decision | None:
    target = _id(row, path, "编号", "fact")
    content = [row.get(c) for c in ("主体", "关系", "客体")]
    if action is None and not target and any(content):
        action = "add"  # a row typed in below the others
    if action is None:
        if row.get("新值"):
            _fail(row, path, "新值 is filled but 处理 is empty")
        return None
    shown = " ".join(c for c in content if c)
    if action in ("delete", "keep"):
        if not target:
            _fail(row, path, f"{row.get('处理')} needs the fact's 编号")
        return Decision(row.where(path), FACTS, action, target, curator=row.get("审核人"), shown=shown)
    subject, obj = _end(row, path, "主体"), _end(row, path, "客体")
    relation_text = row.get("关系")
    if not (subject.id or subject.name) or not relation_text or not (obj.id or obj.name):
        _fail(row, path, "a new fact needs 主体, 关系 and 客体")
    relation = RELATION_NAMES.get(relation_text) or RELATION_NAMES.get(relation_text.lower())
    if relation is None:
        _fail(row, path, f"unknown relation {relation_text!r} in 关系 "
                         f"(one of {', '.join(vocab.label(r, 'zh') for r in vocab.RELATIONS)})")
    domain, range_ = vocab.domain_range(relation)
    for end, allowed, side in ((subject, domain, "主体"), (obj, range_, "客体")):
        if end.cls and end.cls not in allowed:
            _fail(row, path, f"{relation_text} cannot have a {vocab.label(end.cls, 'zh')} as {side} "
                             f"(only {', '.join(vocab.label(c, 'zh') for c in allowed)})")
    return Decision(row.where(path), FACTS, "add", target, curator=row.get("审核人"), subject=subject,
                    relation=relation, object=obj, evidence=row.get("证据"), document=row.get("文档"),
                    shown=shown)


def _check_conflicts(decisions: list[Decision]) -> None:
    """Two rows that decide differently about one entity or fact: which one is meant is not ours to guess."""
    seen: dict[str, Decision] = {}
    for d in decisions:
        if d.action in ("keep", "add"):
            continue
        other = seen.get(d.target)
        if other is not None and (other.action, other.new_value) != (d.action, d.new_value):
            raise SheetError(f"{d.where}: {d.target} has another decision at {other.where.rsplit(', ', 1)[-1]}")
        seen[d.target] = d
