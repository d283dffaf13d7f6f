"""Neo4j export: CSV files for ``neo4j-admin database import full``, plus
an ``import.sh`` with that command and an ``import.cypher`` (LOAD CSV +
MERGE) for a running server.

The folder (written atomically, UTF-8 without BOM, ``\\n`` line ends)::

    nodes_Organization.csv … nodes_Honour.csv   one file per entity class
    rels_hasUnit.csv … rels_achievesHonour.csv  one file per relation
    import.sh                                   neo4j-admin, offline (empty database)
    import.cypher                               LOAD CSV, on a running server

Every node has two labels, its class and ``Entity``, and all ids live in one
id space, ``Entity`` (the IRI is the id), so a relationship file can join any
two classes: ``:START_ID(Entity)``/``:END_ID(Entity)``. Node columns:
``id:ID(Entity)``, ``name`` (rdfs:label), ``altNames:string[]`` and
``documents:string[]`` (array delimiter ``;``; a ``;`` inside a value becomes
``；`` so it cannot split it), ``:LABEL``. Relationship columns:
``:START_ID(Entity)``, ``:END_ID(Entity)``, ``:TYPE`` (the ontology's
relation name, e.g. ``hasBrand``), ``evidence`` (sentences joined by
`` | ``), ``source`` (file names joined), ``rule``. Empty values are written
as empty unquoted fields, which both importers read as "no property".
Evidence sentences are kept as they are, line breaks included, hence
``--multiline-fields=true``.

All from the shared property graph (:class:`kg.export.propgraph.PropertyGraph`),
written row by row.

>>> list(node_rows(PropertyGraph(), "Brand"))
[('id:ID(Entity)', 'name', 'altNames:string[]', 'documents:string[]', ':LABEL')]
>>> "--array-delimiter=';'" in _import_sh()
True
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable, Iterator

from .. import vocab
from ..fileio import atomic_dir
from .propgraph import PropertyGraph, edge_values

#: the id space of every node, and the label every node carries besides its class
ENTITY = "Entity"
ARRAY_DELIMITER = ";"

NODE_HEADER = (f"id:ID({ENTITY})", "name", "altNames:string[]", "documents:string[]", ":LABEL")
REL_HEADER = (f":START_ID({ENTITY})", f":END_ID({ENTITY})", ":TYPE", "evidence", "source", "rule")


def node_file(cls: str) -> str:
    return f"nodes_{cls}.csv"


def rel_file(rel: str) -> str:
    return f"rels_{rel}.csv"


def _array(values) -> str:
    # a delimiter inside a value would split it in two: use the full-width form
    return ARRAY_DELIMITER.join(v.replace(ARRAY_DELIMITER, "；") for v in values if v)


def _import_sh() -> str:
    nodes = " \\\n".join(f"  --nodes={node_file(c)}" for c in vocab.ENTITY_CLASSES)
    rels = " \\\n".join(f"  --relationships={rel_file(r)}" for r in vocab.RELATIONS)
    return f"""#!/bin/sh
# Load this folder into Neo4j 5 with neo4j-admin (the database must be stopped;
# an existing database of that name is replaced).
#   NEO4J_HOME=/path/to/neo4j sh import.sh [DATABASE]      (default: neo4j)
# Then start Neo4j and run  CREATE CONSTRAINT entity_id IF NOT EXISTS
# FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE  (the first statement of import.cypher).
set -eu
cd "$(dirname "$0")"
"${{NEO4J_HOME:+$NEO4J_HOME/bin/}}neo4j-admin" database import full \\
{nodes} \\
{rels} \\
  --array-delimiter=';' --multiline-fields=true --overwrite-destination "${{1:-neo4j}}"
"""


def _import_cypher() -> str:
    out = [
        "// Load this folder into a running Neo4j 5: copy the CSV files into the server's",
        "// import directory, then run this file, e.g.  cypher-shell -f import.cypher",
        "// Re-running it is harmless: nodes and relationships are MERGEd on their ids.",
        f"CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE;",
        "",
    ]
    col = lambda name: f"row.`{name}`"  # noqa: E731  (headers such as id:ID(Entity) need backticks)
    for cls in vocab.ENTITY_CLASSES:
        out += [f"LOAD CSV WITH HEADERS FROM 'file:///{node_file(cls)}' AS row",
                f"MERGE (n:{ENTITY} {{id: {col(NODE_HEADER[0])}}})",
                f"SET n:{cls}, n.name = row.name,",
                f"    n.altNames = split({col(NODE_HEADER[2])}, '{ARRAY_DELIMITER}'),",
                f"    n.documents = split({col(NODE_HEADER[3])}, '{ARRAY_DELIMITER}');", ""]
    for rel in vocab.RELATIONS:
        out += [f"LOAD CSV WITH HEADERS FROM 'file:///{rel_file(rel)}' AS row",
                f"MATCH (a:{ENTITY} {{id: {col(REL_HEADER[0])}}})",
                f"MATCH (b:{ENTITY} {{id: {col(REL_HEADER[1])}}})",
                f"MERGE (a)-[r:{rel}]->(b)",
                "SET r.evidence = row.evidence, r.source = row.source, r.rule = row.rule;", ""]
    return "\n".join(out)


def node_rows(pg: PropertyGraph, cls: str) -> Iterator[tuple]:
    """The rows of ``nodes_<cls>.csv``, header first."""
    yield NODE_HEADER
    for n, d in pg.nodes.items():
        if d.type == cls:
            yield (n, d.label, _array(d.alts), _array(pg.files(d)), ARRAY_DELIMITER.join((ENTITY, cls)))


def rel_rows(pg: PropertyGraph, rel: str) -> Iterator[tuple]:
    """The rows of ``rels_<rel>.csv``, header first."""
    yield REL_HEADER
    for e in pg.edges:
        if e.rel == rel:
            v = edge_values(e)
            yield (e.source, e.target, rel, v["evidence"], v["source"], v["rule"])


def _write_csv(path: Path, rows: Iterable[tuple]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\n").writerows(rows)


def write_neo4j(graph, folder: str | Path) -> None:
    """Write the Neo4j import folder of ``graph`` (a :class:`PropertyGraph` or
    an rdflib Graph) to ``folder`` (replaced atomically), row by row."""
    pg = graph if isinstance(graph, PropertyGraph) else PropertyGraph.from_triples(graph)
    with atomic_dir(folder) as tmp:
        for cls in vocab.ENTITY_CLASSES:
            _write_csv(tmp / node_file(cls), node_rows(pg, cls))
        for rel in vocab.RELATIONS:
            _write_csv(tmp / rel_file(rel), rel_rows(pg, rel))
        (tmp / "import.sh").write_text(_import_sh(), encoding="utf-8", newline="\n")
        (tmp / "import.cypher").write_text(_import_cypher(), encoding="utf-8", newline="\n")
        for f in tmp.iterdir():
            f.chmod(0o755 if f.name.endswith(".sh") else 0o644)
