"""Named queries (``kg/query/queries/*.rq``) and safe parameter substitution.

A named query is a SPARQL file whose leading ``#`` comment says what it does
and which parameters it takes::

    # Methods used under each brand.
    # param brand? name: only this brand (its label or alternative label)
    SELECT ?brand ?method WHERE {
      VALUES ?brand_name { UNDEF }
      ...

The first comment line is the description shown by ``kg query --list``.
A line ``# param NAME[?] TYPE[=DEFAULT]: text`` declares a parameter; ``?``
makes it optional, TYPE is one of

* ``name``    — a string; the value is also tried in simplified script
  (OpenCC t2s), so 零距離 finds the entity labelled 零距离;
* ``string``  — a string, as typed;
* ``integer`` — an ``xsd:integer``.

The query takes a parameter where it says ``VALUES ?NAME { UNDEF }``; the
value given with ``--param NAME=VALUE`` replaces ``UNDEF`` as an escaped,
typed literal, never as raw text, so no value can change the query's shape.
An optional parameter left out stays ``UNDEF`` (unbound). The same
``VALUES ?NAME { UNDEF }`` slot works in an ad-hoc query, where the value
is a plain string; labels in the graph are ``@zh``, so match them with
``--param NAME@zh=VALUE`` (a language-tagged literal) or compare ``STR(?label)``.
A parameter given twice is an error.

>>> bind_params('SELECT * WHERE { VALUES ?n { UNDEF } ?s ?p ?n }', {"n": 'a"} ?x'})
'SELECT * WHERE { VALUES ?n { "a\\\\"} ?x" } ?s ?p ?n }'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .engines import QueryError

PARAM_TYPES = ("name", "string", "integer")
_PARAM_LINE = re.compile(r"#\s*param\s+(\w+)(\??)\s+(\w+)\s*(?:=\s*(\S+))?\s*:\s*(.*)")


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    required: bool = True
    default: str | None = None
    description: str = ""


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    @property
    def ordered(self) -> bool:
        """Whether the query sorts its rows (ORDER BY outside comments)."""
        return re.search(r"\bORDER\s+BY\b", _strip_comments(self.text), re.I) is not None


def _strip_comments(text: str) -> str:
    # good enough for our own files: a '#' starts a comment unless inside <...> or "..."
    return re.sub(r'(<[^>\s]*>|"(?:[^"\\\n]|\\.)*")|#[^\n]*', lambda m: m[1] or "", text)


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the description and parameter declarations from the leading comment."""
    description, params = "", []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("#"):
            break
        m = _PARAM_LINE.fullmatch(line)
        if m:
            pname, optional, ptype, default, pdesc = m.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{name}.rq: parameter {pname} has unknown type {ptype!r}")
            params.append(Param(pname, ptype, not optional and default is None, default, pdesc.strip()))
        elif not description:
            description = line.lstrip("#").strip()
    return NamedQuery(name, description, text, tuple(params))


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """All named queries shipped in ``kg/query/queries``, by name (sorted)."""
    folder = resources.files("kg.query").joinpath("queries")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            out[name] = parse_header(name, entry.read_text(encoding="utf-8"))
    return out


def get_named(name: str) -> NamedQuery:
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r} (kg query --list shows them: {', '.join(queries)})")
    return queries[name]


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal, every special character escaped.

    >>> sparql_string('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    """
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
    return '"' + "".join(escapes.get(c, c) for c in value) + '"'


def _to_simplified(value: str) -> str:
    from ..ingest.clean import converter

    return converter().convert(value)


def param_terms(value: str, type_: str = "string") -> list[str]:
    """The SPARQL terms a parameter value stands for (``name``: also t2s form)."""
    if type_ == "integer":
        try:
            return [str(int(value.strip()))]
        except ValueError:
            raise QueryError(f"parameter value {value!r} is not an integer") from None
    if type_ == "name":
        return [sparql_string(v) for v in name_forms(value)]
    return [sparql_string(value)]


# quotation marks and brackets around a name, as in “零距离” or 「零距離」
_QUOTES = "\"'“”‘’「」『』《》〈〉【】"


def name_forms(value: str) -> list[str]:
    """The forms a ``name`` parameter is tried in: as typed (trimmed), in
    simplified script, without quotation marks and without a brand's
    党建品牌-style tail — the forms ``kg eval`` reads as one name.

    >>> name_forms("“零距離”党建品牌")
    ['“零距離”党建品牌', '零距離党建品牌', '零距離', '“零距离”党建品牌', '零距离党建品牌', '零距离']
    """
    from ..evaluate import BRAND_TAILS  # longest first

    forms: list[str] = []

    def add(form: str) -> None:
        form = form.strip()
        if form and form not in forms:
            forms.append(form)

    for typed in (value, _to_simplified(value.strip())):
        add(typed)
        bare = "".join(c for c in typed if c not in _QUOTES).strip()
        add(bare)
        tail = next((t for t in BRAND_TAILS if bare.endswith(t) and len(bare) > len(t)), None)
        if tail:
            add(bare[:-len(tail)])
    return forms


def _slot(name: str) -> re.Pattern:
    return re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{\s*UNDEF\s*\}", re.I)


def bind_params(text: str, values: dict[str, str], declared: tuple[Param, ...] = ()) -> str:
    """Fill the ``VALUES ?NAME { UNDEF }`` slots of ``text`` with ``values``.

    Declared parameters are typed and checked (required, default); an
    undeclared value is a plain string. Raises QueryError for a missing
    required parameter, an unknown one, or a query with no slot for it.
    """
    decl = {p.name: p for p in declared}
    if declared:
        unknown = sorted(set(values) - set(decl))
        if unknown:
            known = ", ".join(decl) or "none"
            raise QueryError(f"unknown parameter {unknown[0]!r} (this query takes: {known})")
    for p in declared:
        if p.name not in values:
            if p.required:
                raise QueryError(f"missing parameter: --param {p.name}=… ({p.description})")
    wanted = {name: (decl[name].type if name in decl else "string", value) for name, value in values.items()}
    for p in declared:
        if p.name not in wanted and p.default is not None:
            wanted[p.name] = (p.type, p.default)
    for name, (type_, value) in wanted.items():
        slot = _slot(name)
        if not slot.search(text):
            raise QueryError(f"the query has no slot for parameter {name!r} (write VALUES ?{name} {{ UNDEF }})")
        if isinstance(value, LangValue):
            if name in decl:
                raise QueryError(f"parameter {name!r} compares plain text: give it without @{value.lang}")
            terms = f"{sparql_string(value)}@{value.lang}"
        else:
            terms = " ".join(param_terms(value, type_))
        # a function replacement: the terms are inserted verbatim, never read as a regex template
        text = slot.sub(lambda _m: f"VALUES ?{name} {{ {terms} }}", text)
    return text


class LangValue(str):
    """A parameter value with a language tag (``--param x@zh=零距离``): bound as ``"零距离"@zh``."""

    def __new__(cls, value: str, lang: str):
        self = super().__new__(cls, value)
        self.lang = lang
        return self


_PARAM_OPTION = re.compile(r"(\w+)(?:@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*))?")


def parse_param_options(items) -> dict[str, str]:
    """``--param`` options → values by name; ``NAME@LANG=VALUE`` gives a
    language-tagged literal (labels in the graph are ``@zh``).

    >>> parse_param_options(["name=零距离", "x@zh=三走"])
    {'name': '零距离', 'x': '三走'}
    >>> parse_param_options(["x@zh=三走"])["x"].lang
    'zh'
    """
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        m = _PARAM_OPTION.fullmatch(name.strip())
        if not sep or not m:
            raise QueryError(f"bad --param {item!r}: expected NAME=VALUE or NAME@LANG=VALUE")
        if m[1] in out:
            raise QueryError(f"parameter {m[1]!r} given twice (--param {m[1]}=… once)")
        out[m[1]] = LangValue(value, m[2].lower()) if m[2] else value
    return out
