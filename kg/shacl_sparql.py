"""SHACL shapes compiled to SPARQL queries, answered by Oxigraph.

pySHACL checks a graph focus node by focus node in Python: two minutes for
a graph of 3.5 MB, and out of memory long before a million triples. The
shapes ``kg validate`` uses are few and simple, so each constraint compiles
to one SPARQL SELECT over the whole data graph, which Oxigraph answers from
its indexes (a million triples: seconds). A row of a check's answer is one
violation: the focus node ``?this`` and, where there is one, the offending
``?value``.

=========================================  =======================================
shapes construct                           violation pattern (after the focus nodes)
=========================================  =======================================
``sh:targetClass C``                       focus: ``?this rdf:type/rdfs:subClassOf* C``
``sh:targetSubjectsOf p`` / ``ObjectsOf``  focus: ``?this p ?o`` / ``?s p ?this``
``sh:targetNode n``, ``sh:SPARQLTarget``   focus: ``VALUES`` / the target's own SELECT
``sh:class C`` (node or property)          value not ``rdf:type/rdfs:subClassOf* C``
``sh:or ( [ sh:class A ] … )``             value an instance of none of them
``sh:minCount n`` / ``sh:maxCount n``      ``COUNT(DISTINCT ?value)`` per focus node
``sh:languageIn ( … )``                    value not a literal whose tag ``langMatches``
``sh:sparql [ sh:select … ]``              the constraint's own SELECT, ``$this`` unbound
=========================================  =======================================

A SPARQL constraint's query is run once with ``$this`` unbound and joined
with the focus nodes, rather than once per focus node with ``$this``
pre-bound: the same rows whenever ``$this`` is an ordinary variable of the
query's top-level pattern, as in ``ontology/shapes.ttl``.

Any other construct (another constraint, a sequence path, a shape without
``sh:message``, whose default message is pySHACL's own wording…) raises
:class:`Unsupported` naming it: :mod:`kg.validate` then runs pySHACL.

>>> import rdflib
>>> shapes = rdflib.Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
...     ex:S a sh:NodeShape ; sh:targetClass ex:Brand ;
...         sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "no name" ] .''')
>>> [(c.shape, c.component, c.message) for c in compile_shapes(shapes)]
[('S', 'MinCountConstraintComponent', 'no name')]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

__all__ = ["Check", "Row", "Unsupported", "compile_shapes", "run_checks"]

# predicates a shape may carry that do not constrain anything
_INERT = {RDF.type, RDFS.comment, RDFS.label, SH.name, SH.description}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target}
_NODE_KEYS = _INERT | _TARGETS | {SH.property, SH["class"], SH["or"], SH.message, SH.sparql}
_PROPERTY_KEYS = _INERT | {SH.path, SH["class"], SH["or"], SH.message, SH.minCount, SH.maxCount, SH.languageIn}
_SPARQL_KEYS = {RDF.type, SH.select, SH.message, SH.prefixes}


class Unsupported(ValueError):
    """A shapes construct this compiler does not translate (the message names it)."""


@dataclass(frozen=True)
class Check:
    """One constraint of one shape, as a query whose rows are its violations."""
    shape: str              # local name of the named shape
    component: str          # local name of the constraint component
    message: str
    path: str | None        # the result path, SPARQL syntax (``<p>`` or ``^<p>``); None for node-level
    query: str              # SELECT ?this ?value ?path (``?value``/``?path`` may stay unbound)


@dataclass(frozen=True)
class Row:
    """One violation, as pyoxigraph terms (``value``/``path`` None when unbound)."""
    check: Check
    focus: object
    value: object
    path: object


def _n3(term) -> str:
    return term.n3()


def _local(node) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _one(g: rdflib.Graph, s, p, what: str):
    values = list(g.objects(s, p))
    if len(values) > 1:
        raise Unsupported(f"{what} has {len(values)} values of {g.qname(p)}")
    return values[0] if values else None


def _check_keys(g: rdflib.Graph, node, allowed: set, what: str) -> None:
    for p in sorted(set(g.predicates(node)) - allowed):
        raise Unsupported(f"{what} uses {g.qname(p)}, which kg's SPARQL validator does not compile")


def _classes_of_or(g: rdflib.Graph, lst, what: str) -> list:
    """The classes of ``sh:or ( [ sh:class A ] [ sh:class B ] … )``."""
    out = []
    for alt in Collection(g, lst):
        keys = set(g.predicates(alt)) - {RDF.type}
        if keys != {SH["class"]} or len(list(g.objects(alt, SH["class"]))) != 1:
            raise Unsupported(f"{what}: sh:or holds a shape other than [ sh:class C ]")
        out.append(g.value(alt, SH["class"]))
    return out


def _prefixes(g: rdflib.Graph, node) -> dict[str, str]:
    out = {}
    for decl_node in g.objects(node, SH.prefixes):
        for decl in g.objects(decl_node, SH.declare):
            out[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
    return out


def _prologue(prefixes: dict[str, str]) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))


def _instance(var: str, classes: list) -> str:
    """A pattern true when ``var`` is a SHACL instance of one of ``classes``."""
    if len(classes) == 1:
        return f"{var} {_n3(RDF.type)}/{_n3(RDFS.subClassOf)}* {_n3(classes[0])} ."
    values = " ".join(map(_n3, classes))
    return f"VALUES ?_class {{ {values} }} {var} {_n3(RDF.type)}/{_n3(RDFS.subClassOf)}* ?_class ."


def _focus(g: rdflib.Graph, shape, what: str, prefixes: dict[str, str]) -> str:
    """A subquery binding ``?this`` to each focus node of ``shape`` once."""
    parts = []
    for c in sorted(g.objects(shape, SH.targetClass)):
        parts.append(f"?this {_n3(RDF.type)}/{_n3(RDFS.subClassOf)}* {_n3(c)} .")
    for p in sorted(g.objects(shape, SH.targetSubjectsOf)):
        parts.append(f"?this {_n3(p)} ?_o .")
    for p in sorted(g.objects(shape, SH.targetObjectsOf)):
        parts.append(f"?_s {_n3(p)} ?this .")
    nodes = sorted(g.objects(shape, SH.targetNode))
    if nodes:
        parts.append(f"VALUES ?this {{ {' '.join(map(_n3, nodes))} }}")
    for target in g.objects(shape, SH.target):
        if (target, RDF.type, SH.SPARQLTarget) not in g:
            raise Unsupported(f"{what}: sh:target other than an sh:SPARQLTarget")
        _check_keys(g, target, _SPARQL_KEYS, f"{what}'s sh:SPARQLTarget")
        prefixes.update(_prefixes(g, target))
        parts.append("{ " + str(g.value(target, SH.select)) + " }")
    if not parts:
        return ""
    union = " UNION ".join("{ " + p + " }" for p in parts)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _select(focus: str, body: str) -> str:
    return f"SELECT ?this ?value ?path WHERE {{ {focus}\n {body} }}"


def _value_checks(g: rdflib.Graph, node, what: str, path: str, subject: str) -> Iterator[tuple[str, str]]:
    """(component, pattern) of the value constraints of ``node`` on the values ``?value``
    reached from ``subject`` by ``path`` (``"self"``: the focus node itself)."""
    reach = "BIND(?this AS ?value)" if path == "self" else f"{subject} {path} ?value ."
    for c in g.objects(node, SH["class"]):
        yield "ClassConstraintComponent", f"{reach} MINUS {{ {_instance('?value', [c])} }}"
    for lst in g.objects(node, SH["or"]):
        classes = _classes_of_or(g, lst, what)
        yield "OrConstraintComponent", f"{reach} MINUS {{ {_instance('?value', classes)} }}"


def _property_checks(g: rdflib.Graph, prop, shape_name: str, focus: str) -> Iterator[Check]:
    what = f"a property shape of {shape_name}"
    _check_keys(g, prop, _PROPERTY_KEYS, what)
    raw = _one(g, prop, SH.path, what)
    if isinstance(raw, rdflib.URIRef):
        path = _n3(raw)
    elif raw is not None and set(g.predicates(raw)) == {SH.inversePath} \
            and isinstance(g.value(raw, SH.inversePath), rdflib.URIRef):
        path = "^" + _n3(g.value(raw, SH.inversePath))
    else:
        raise Unsupported(f"{what}: only a predicate or [ sh:inversePath p ] is compiled as sh:path")
    message = _one(g, prop, SH.message, what)
    if message is None:
        raise Unsupported(f"{what} has no sh:message")

    def check(component: str, body: str) -> Check:
        return Check(shape_name, component, str(message), path, _select(focus, body))

    n = _one(g, prop, SH.minCount, what)
    if n is not None:
        yield check("MinCountConstraintComponent",
                    f"{{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) WHERE {{ {focus} OPTIONAL {{ ?this {path} ?_v }} }} "
                    f"GROUP BY ?this }} FILTER (?_n < {int(n)})")
    n = _one(g, prop, SH.maxCount, what)
    if n is not None:
        yield check("MaxCountConstraintComponent",
                    f"{{ SELECT ?this WHERE {{ {focus} ?this {path} ?_v }} "
                    f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_v) > {int(n)}) }}")
    for lst in g.objects(prop, SH.languageIn):
        tags = [str(t) for t in Collection(g, lst)]
        ok = " || ".join(f"langMatches(lang(?value), {rdflib.Literal(t).n3()})" for t in tags) or "false"
        yield check("LanguageInConstraintComponent",
                    f"?this {path} ?value . FILTER (!isLiteral(?value) || !({ok}))")
    for component, body in _value_checks(g, prop, what, path, "?this"):
        yield check(component, body)


def _sparql_checks(g: rdflib.Graph, shape, shape_name: str, focus: str,
                   prefixes: dict[str, str]) -> Iterator[Check]:
    for c in g.objects(shape, SH.sparql):
        what = f"an sh:sparql constraint of {shape_name}"
        _check_keys(g, c, _SPARQL_KEYS, what)
        message, select = _one(g, c, SH.message, what), _one(g, c, SH.select, what)
        if message is None or select is None:
            raise Unsupported(f"{what} needs sh:select and sh:message")
        if "{?" in str(message) or "{$" in str(message):
            raise Unsupported(f"{what}: message templates ({{?var}}) are not compiled")
        if any(v in str(select) for v in ("$shapesGraph", "$currentShape", "$PATH")):
            raise Unsupported(f"{what} uses a pre-bound variable other than $this")
        prefixes.update(_prefixes(g, c))
        yield Check(shape_name, "SPARQLConstraintComponent", str(message), None,
                    _select(focus, "{ " + str(select) + " }"))


def compile_shapes(g: rdflib.Graph) -> list[Check]:
    """The checks of every shape of ``g`` that has a target, in a stable order.

    Raises :class:`Unsupported` for anything not in the table above.
    """
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | {s for p in _TARGETS for s in g.subjects(p)}
    checks: list[Check] = []
    for shape in sorted(shapes, key=str):
        name = _local(shape) if isinstance(shape, rdflib.URIRef) else str(shape)
        what = f"shape {name}"
        if (shape, RDF.type, SH.PropertyShape) in g or (shape, SH.path, None) in g:
            raise Unsupported(f"{what}: a targeted property shape")
        _check_keys(g, shape, _NODE_KEYS, what)
        prefixes: dict[str, str] = {}
        focus = _focus(g, shape, what, prefixes)
        if not focus:
            continue  # no target, no focus node: nothing to check
        own: list[Check] = []
        node_checks = list(_value_checks(g, shape, what, "self", "?this"))
        if node_checks:
            message = _one(g, shape, SH.message, what)
            if message is None:
                raise Unsupported(f"{what} has no sh:message")
            own += [Check(name, comp, str(message), None, _select(focus, body)) for comp, body in node_checks]
        for prop in sorted(g.objects(shape, SH.property), key=str):
            own += _property_checks(g, prop, name, focus)
        own += _sparql_checks(g, shape, name, focus, prefixes)
        prologue = _prologue(prefixes)
        checks += [Check(c.shape, c.component, c.message, c.path, prologue + c.query) for c in own]
    return checks


def run_checks(store, checks: list[Check]) -> Iterator[Row]:
    """The violations of ``checks`` in the pyoxigraph ``store``, check by check."""
    for check in checks:
        for sol in store.query(check.query):
            yield Row(check, sol["this"], sol["value"], sol["path"])
