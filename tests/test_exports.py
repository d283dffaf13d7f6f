"""Exports for Gephi, yEd/igraph, Neo4j and other RDF stores, checked with
the real readers: networkx and python-igraph read the GEXF/GraphML back,
Neo4j's own Cypher linter (@neo4j-cypher/language-support, run with
Node.js) checks import.cypher, LadybugDB (the maintained continuation of the
archived Kùzu) loads the Neo4j CSV files and answers a Cypher query, rdflib parses the JSON-LD and N-Triples back.

Every expectation is computed from the built kg.ttl with rdflib, never
written down: the extractors change, the exports must follow.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import igraph
import ladybug
import networkx as nx
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from kg import vocab
from kg.vocab import DJ

ROOT = Path(__file__).resolve().parents[1]
CYPHER_DIR = ROOT / "tests" / "cypher"
FORMATS = {"gexf": "kg.gexf", "graphml": "kg.graphml", "neo4j": "neo4j", "jsonld": "kg.jsonld", "nt": "kg.nt"}
#: a document written for these tests, in traditional script
TRADITIONAL_DOC = "青禾收費站黨支部打造“零距離”黨建品牌。\n"
#: characters of that document that differ from their simplified forms
TRADITIONAL_CHARS = set("費黨離")


def run_kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=env, timeout=600)


def build_and_export(inputs: Path, out: Path) -> Path:
    """``kg build`` INPUTS into OUT, then ``kg export`` kg.ttl to jsonld and nt."""
    r = run_kg("build", str(inputs), "-o", str(out), "--jobs", "1")
    assert r.returncode == 0, r.stderr
    for fmt in ("jsonld", "nt"):
        r = run_kg("export", str(out / "kg.ttl"), "--format", fmt)
        assert r.returncode == 0, r.stderr
        assert (out / FORMATS[fmt]).is_file()
    return out


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory) -> Path:
    return build_and_export(ROOT / "seeds", tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def trad_out(tmp_path_factory) -> Path:
    docs = tmp_path_factory.mktemp("trad-docs")
    (docs / "traditional.txt").write_text(TRADITIONAL_DOC, encoding="utf-8")
    return build_and_export(docs, tmp_path_factory.mktemp("trad-exports"))


class Expected:
    """What every export must hold, read from kg.ttl with rdflib."""

    def __init__(self, ttl: Path):
        g = self.graph = rdflib.Graph().parse(ttl, format="turtle")
        self.types = {str(s): c for c in vocab.ENTITY_CLASSES for s in g.subjects(RDF.type, DJ[c])}
        self.labels = {n: str(g.value(rdflib.URIRef(n), RDFS.label)) for n in self.types}
        self.alts = {n: sorted(str(a) for a in g.objects(rdflib.URIRef(n), SKOS.altLabel)) for n in self.types}
        self.edges = Counter((str(s), r, str(o)) for r in vocab.RELATIONS for s, o in g.subject_objects(DJ[r])
                             if str(s) in self.types and str(o) in self.types)


@pytest.fixture(scope="module")
def expected(seeds_out) -> Expected:
    exp = Expected(seeds_out / "kg.ttl")
    assert exp.types and exp.edges, "the seed build produced no entities or relations"
    return exp


# --- kg build writes the exports -------------------------------------------------

def test_build_writes_gexf_graphml_and_neo4j_folder(seeds_out):
    assert (seeds_out / "kg.gexf").is_file() and (seeds_out / "kg.graphml").is_file()
    names = {p.name for p in (seeds_out / "neo4j").iterdir()}
    assert {"import.sh", "import.cypher"} <= names
    assert {f"nodes_{c}.csv" for c in vocab.ENTITY_CLASSES} | {f"rels_{r}.csv" for r in vocab.RELATIONS} <= names
    # .kg-cache and .kg-build (the lock and which build wrote which export, kg.outdir) are kg's own
    assert not [p for p in seeds_out.iterdir() if p.name.startswith(".") and p.name not in (".kg-cache", ".kg-build")], \
        "temp files left"
    assert not [p for p in (seeds_out / ".kg-build").iterdir() if p.name.startswith("new-")], "a stage left"


# --- GEXF -----------------------------------------------------------------------

def test_gexf_read_by_networkx_matches_rdf(seeds_out, expected):
    G = nx.read_gexf(seeds_out / "kg.gexf")
    assert G.number_of_nodes() == len(expected.types)
    assert G.number_of_edges() == sum(expected.edges.values())
    assert {n: d["label"] for n, d in G.nodes(data=True)} == expected.labels
    assert {n: d["type"] for n, d in G.nodes(data=True)} == expected.types
    assert {n: sorted(filter(None, d["alt_labels"].split(" | "))) for n, d in G.nodes(data=True)} == expected.alts
    assert Counter((s, d["relation"], o) for s, o, d in G.edges(data=True)) == expected.edges
    for _, _, d in G.edges(data=True):
        assert d["label"] == vocab.label(d["relation"], "zh")
        assert d["evidence"] and d["source"] and d["evidence_count"] >= 1
    for n, d in G.nodes(data=True):
        r, g, b = (int(vocab.colour(d["type"])[i:i + 2], 16) for i in (1, 3, 5))
        assert (d["viz"]["color"]["r"], d["viz"]["color"]["g"], d["viz"]["color"]["b"]) == (r, g, b)


def test_gexf_is_1_3_with_valid_viz_and_scalar_attributes(seeds_out):
    ns, viz = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"
    root = ET.parse(seeds_out / "kg.gexf").getroot()
    assert root.tag == f"{{{ns}}}gexf" and root.get("version") == "1.3"
    graph = root.find(f"{{{ns}}}graph")
    assert graph.get("defaultedgetype") == "directed"
    declared = {}
    for attrs in graph.findall(f"{{{ns}}}attributes"):
        for a in attrs.findall(f"{{{ns}}}attribute"):
            assert a.get("type") in {"string", "integer", "long", "double", "float", "boolean"}
            declared[attrs.get("class"), a.get("id")] = a.get("type")
    assert declared["node", "type"] == "string"
    nodes = graph.findall(f"{{{ns}}}nodes/{{{ns}}}node")
    edges = graph.findall(f"{{{ns}}}edges/{{{ns}}}edge")
    assert nodes and edges
    for cls, elements in (("node", nodes), ("edge", edges)):
        for el in elements:
            assert el.get("label"), "every node and edge has a label"
            for v in el.findall(f"{{{ns}}}attvalues/{{{ns}}}attvalue"):
                typ = declared[cls, v.get("for")]  # KeyError: an undeclared attribute
                if typ == "integer":
                    int(v.get("value"))
                assert not v.get("value").startswith(("[", "(")), "list attributes must be dropped"
    for node in nodes:
        (color,) = node.findall(f"{{{viz}}}color")
        assert all(0 <= int(color.get(c)) <= 255 for c in "rgb")
        assert 0.0 <= float(color.get("a")) <= 1.0
        assert float(node.find(f"{{{viz}}}size").get("value")) > 0
        assert node.find(f"{{{viz}}}shape").get("value") in {"disc", "square", "triangle", "diamond"}
    assert len({e.get("id") for e in edges}) == len(edges)
    assert {e.get("kind") for e in edges} <= set(vocab.RELATIONS)


def test_gexf_validates_against_the_official_gexf_1_3_schema(seeds_out, trad_out):
    """The RELAX NG schema of the Gephi project (../shared/schemas/gexf-1.3), read by lxml."""
    from lxml import etree

    schema_file = ROOT.parent / "shared" / "schemas" / "gexf-1.3" / "gexf.rng"
    assert schema_file.is_file(), f"{schema_file} is missing (../shared beside the project)"
    schema = etree.RelaxNG(etree.parse(str(schema_file)))
    for out in (seeds_out, trad_out):
        assert schema.validate(etree.parse(str(out / "kg.gexf"))), str(schema.error_log)
    # and the schema does reject a broken file: a node without its id
    broken = etree.parse(str(seeds_out / "kg.gexf"))
    del broken.find(".//{http://gexf.net/1.3}node").attrib["id"]
    assert not schema.validate(broken)


# --- GraphML --------------------------------------------------------------------

def test_graphml_keys_are_typed_and_scoped(seeds_out):
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    keys = ET.parse(seeds_out / "kg.graphml").getroot().findall(f"{ns}key")
    assert keys
    assert all(k.get("for") in {"node", "edge"} and k.get("attr.type") in {"string", "int"} for k in keys)
    assert {("node", "label"), ("edge", "label"), ("node", "type")} <= {(k.get("for"), k.get("attr.name")) for k in keys}


def test_graphml_read_by_networkx_and_igraph_matches_rdf(seeds_out, expected):
    path = seeds_out / "kg.graphml"
    G = nx.read_graphml(path, force_multigraph=True)
    assert G.number_of_nodes() == len(expected.types)
    assert G.number_of_edges() == sum(expected.edges.values())
    assert {n: d["label"] for n, d in G.nodes(data=True)} == expected.labels
    assert {n: d["type"] for n, d in G.nodes(data=True)} == expected.types
    assert all(isinstance(d["mentions"], int) and d["mentions"] >= 1 for _, d in G.nodes(data=True))
    assert Counter((s, d["relation"], o) for s, o, d in G.edges(data=True)) == expected.edges

    h = igraph.Graph.Read_GraphML(str(path))
    assert h.is_directed()
    assert (h.vcount(), h.ecount()) == (len(expected.types), sum(expected.edges.values()))
    assert dict(zip(h.vs["id"], h.vs["label"])) == expected.labels
    assert dict(zip(h.vs["id"], h.vs["type"])) == expected.types
    ids = h.vs["id"]
    assert Counter((ids[e.source], e["relation"], ids[e.target]) for e in h.es) == expected.edges
    assert all(e["label"] == vocab.label(e["relation"], "zh") for e in h.es)
    # igraph 1.0.0 read edge ids wrongly (the source's id): the pin keeps a reader that does not
    assert len(set(h.es["id"])) == h.ecount()


# --- Neo4j ----------------------------------------------------------------------

HEADER_FIELD = re.compile(r"^(?P<name>[^:]*)(?::(?P<type>[A-Za-z_]+(?:\[\])?)(?:\((?P<space>[^)]+)\))?)?$")


def read_neo4j_csv(path: Path) -> tuple[list[dict], list[dict]]:
    """(parsed header fields, rows) of a neo4j-admin CSV file, interpreting its header syntax."""
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: BOM"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    fields = [HEADER_FIELD.match(h).groupdict() for h in rows[0]]
    return fields, [dict(zip(rows[0], r)) for r in rows[1:]]


def test_neo4j_csv_files_follow_the_admin_import_format(seeds_out, expected):
    folder = seeds_out / "neo4j"
    ids, labels = {}, Counter()
    for cls in vocab.ENTITY_CLASSES:
        fields, rows = read_neo4j_csv(folder / f"nodes_{cls}.csv")
        kinds = {(f["type"] or "").lower(): f for f in fields}
        assert kinds["id"]["space"] == "Entity" and "label" in kinds
        assert kinds["string[]"]["name"] in {"altNames", "documents"}
        id_col = f"{kinds['id']['name']}:ID(Entity)"
        for row in rows:
            assert row[id_col] not in ids, "ids are unique across the id space"
            ids[row[id_col]] = cls
            assert set(row[":LABEL"].split(";")) == {"Entity", cls}
            assert sorted(filter(None, row["altNames:string[]"].split(";"))) == expected.alts[row[id_col]]
            assert row["name"] == expected.labels[row[id_col]]
    assert ids == expected.types
    edges = Counter()
    for rel in vocab.RELATIONS:
        fields, rows = read_neo4j_csv(folder / f"rels_{rel}.csv")
        assert [(f["type"], f["space"]) for f in fields[:3]] == [("START_ID", "Entity"), ("END_ID", "Entity"), ("TYPE", None)]
        assert {"evidence", "source"} <= {f["name"] for f in fields}
        for row in rows:
            assert row[":TYPE"] == rel and row["evidence"] and row["source"]
            edges[row[":START_ID(Entity)"], rel, row[":END_ID(Entity)"]] += 1
    assert edges == expected.edges


def test_neo4j_import_sh_names_every_file(seeds_out):
    folder = seeds_out / "neo4j"
    words = shlex.split((folder / "import.sh").read_text(encoding="utf-8").split("neo4j-admin\"", 1)[1].replace("\\\n", " ").splitlines()[0])
    assert words[:3] == ["database", "import", "full"]
    opts = Counter(w.split("=", 1)[0] for w in words if w.startswith("--"))
    given = {w.split("=", 1)[1] for w in words if w.startswith(("--nodes=", "--relationships="))}
    assert given == {p.name for p in folder.glob("*.csv")}
    assert "--array-delimiter=;" in words and opts["--overwrite-destination"] == 1
    assert words[-1] == "${1:-neo4j}"
    r = subprocess.run(["sh", "-n", str(folder / "import.sh")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


@pytest.fixture(scope="module")
def lint(seeds_out, tmp_path_factory) -> dict:
    """Diagnostics of Neo4j's linter for import.cypher and for a file of known mistakes (one Node.js run)."""
    assert (CYPHER_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir(), \
        "run `npm ci --prefix tests/cypher` (tests/setup.sh does)"
    tmp = tmp_path_factory.mktemp("lint")
    (tmp / "schema.json").write_text(json.dumps(neo4j_schema(seeds_out / "neo4j")), encoding="utf-8")
    (tmp / "bad.cypher").write_text("MATCH (n:Entity) RETRN n;\nMATCH (n:Brnad) RETURN n;\n"
                                    "MATCH (n:Entity) RETURN m;\n", encoding="utf-8")
    files = {"import": seeds_out / "neo4j" / "import.cypher", "bad": tmp / "bad.cypher"}
    r = subprocess.run(["node", str(CYPHER_DIR / "lint.mjs"), "--schema", str(tmp / "schema.json"),
                        *map(str, files.values())], capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    return {k: out[str(f)] for k, f in files.items()}


def neo4j_schema(folder: Path) -> dict:
    """The DbSchema the import creates: labels and types from the ontology, property keys from
    the CSV headers (the linter checks the keys of LOAD CSV's row maps against them too)."""
    props = set()
    for p in folder.glob("*.csv"):
        with open(p, encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        props |= {h for h in header} | {HEADER_FIELD.match(h)["name"] for h in header} - {""}
    return {"labels": ["Entity", *vocab.ENTITY_CLASSES], "relationshipTypes": list(vocab.RELATIONS),
            "propertyKeys": sorted(props)}


def test_import_cypher_passes_the_neo4j_linter(seeds_out, lint):
    folder = seeds_out / "neo4j"
    assert lint["import"]["diagnostics"] == []
    # one constraint, one LOAD CSV per node file and per relationship file
    assert lint["import"]["statements"] == 1 + len(vocab.ENTITY_CLASSES) + len(vocab.RELATIONS)
    loaded = re.findall(r"'file:///([^']+)'", (folder / "import.cypher").read_text(encoding="utf-8"))
    assert sorted(loaded) == sorted(p.name for p in folder.glob("*.csv"))


def test_the_linter_does_report_mistakes(lint):
    """The zero above means something: a typo, an unknown label and an unbound variable are reported."""
    assert {d["statement"] for d in lint["bad"]["diagnostics"]} == {0, 1, 2}


def load_into_ladybug(folder: Path, db_path: Path) -> ladybug.Connection:
    """Tables from the ontology, rows read from the Neo4j CSV files by LadybugDB's own CSV reader."""
    conn = ladybug.Connection(ladybug.Database(str(db_path)))
    # LadybugDB reads `name:type` headers itself and its list syntax differs: name the columns instead
    node_cols = "(id STRING, name STRING, altNames STRING, documents STRING, labels STRING)"
    rel_cols = "(start STRING, stop STRING, type STRING, evidence STRING, source STRING, rule STRING)"
    opts = "(header=true, parallel=false)"  # parallel=false: quoted fields may hold line breaks
    for cls in vocab.ENTITY_CLASSES:
        conn.execute(f"CREATE NODE TABLE {cls}(id STRING PRIMARY KEY, name STRING, altNames STRING[], documents STRING[])")
        conn.execute(f"COPY {cls} FROM (LOAD WITH HEADERS {node_cols} FROM '{folder / f'nodes_{cls}.csv'}' {opts} "
                     "RETURN id, name, string_split(altNames, ';'), string_split(documents, ';'))")
    for rel in vocab.RELATIONS:
        dom, rng = vocab.domain_range(rel)
        conn.execute(f"CREATE REL TABLE {rel}({', '.join(f'FROM {a} TO {b}' for a in dom for b in rng)}, "
                     "evidence STRING, source STRING, rule STRING)")
        for a in dom:
            for b in rng:
                conn.execute(f"LOAD WITH HEADERS {rel_cols} FROM '{folder / f'rels_{rel}.csv'}' {opts} "
                             f"MATCH (x:{a} {{id: start}}), (y:{b} {{id: stop}}) "
                             f"CREATE (x)-[:{rel} {{evidence: evidence, source: source, rule: rule}}]->(y)")
    return conn


def ladybug_rows(conn: ladybug.Connection, query: str) -> list[list]:
    result = conn.execute(query)
    rows = []
    while result.has_next():
        rows.append(result.get_next())
    return rows


def test_neo4j_csv_loads_into_ladybug_and_answers_like_sparql(seeds_out, expected, tmp_path):
    conn = load_into_ladybug(seeds_out / "neo4j", tmp_path / "ladybug")
    assert ladybug_rows(conn, "MATCH (n) RETURN count(n)") == [[len(expected.types)]]
    for rel in vocab.RELATIONS:
        want = sum(n for (_, r, _), n in expected.edges.items() if r == rel)
        assert ladybug_rows(conn, f"MATCH ()-[e:{rel}]->() RETURN count(e)") == [[want]], rel
    names = {i: (n, sorted(a or [])) for i, n, a in ladybug_rows(conn, "MATCH (n) RETURN n.id, n.name, n.altNames")}
    assert names == {n: (expected.labels[n], expected.alts[n]) for n in expected.types}

    cypher = sorted(map(tuple, ladybug_rows(conn, "MATCH (p:PartyOrganization)-[:hasBrand]->(b:Brand) RETURN p.name, b.name")))
    sparql = sorted((str(p), str(b)) for p, b in expected.graph.query(
        """SELECT ?p ?b WHERE { ?po a dj:PartyOrganization ; dj:hasBrand ?br ; rdfs:label ?p .
                                ?br a dj:Brand ; rdfs:label ?b }""", initNs={"dj": DJ, "rdfs": RDFS}))
    assert cypher == sparql and sparql


# --- JSON-LD, N-Triples -----------------------------------------------------------

def test_jsonld_has_context_and_parses_back_isomorphic(seeds_out, expected):
    doc = json.loads((seeds_out / "kg.jsonld").read_text(encoding="utf-8"))
    ctx = doc["@context"]
    assert {p: ctx[p] for p in ("dj", "djid", "rdfs", "skos", "prov", "dcterms")} == \
        {p: str(vocab.PREFIXES[p]) for p in ("dj", "djid", "rdfs", "skos", "prov", "dcterms")}
    back = rdflib.Graph().parse(seeds_out / "kg.jsonld", format="json-ld")
    assert len(back) == len(expected.graph) and isomorphic(back, expected.graph)


def test_ntriples_sorted_and_parse_back_isomorphic(seeds_out, expected):
    lines = (seeds_out / "kg.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(expected.graph)
    back = rdflib.Graph().parse(seeds_out / "kg.nt", format="nt")
    assert isomorphic(back, expected.graph)


# --- every format: deterministic, UTF-8 Chinese -------------------------------------

def snapshot(out: Path) -> dict[str, bytes]:
    files = {}
    for name in FORMATS.values():
        p = out / name
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            files[str(f.relative_to(out))] = f.read_bytes()
    return files


def test_exports_are_deterministic(seeds_out, tmp_path):
    """The same kg.ttl exported again, in another process with another hash seed: the same bytes."""
    again = tmp_path / "again"
    again.mkdir()
    (again / "kg.ttl").write_bytes((seeds_out / "kg.ttl").read_bytes())
    env = dict(os.environ, PYTHONHASHSEED="4321")
    for fmt in FORMATS:
        r = run_kg("export", str(again / "kg.ttl"), "--format", fmt, env=env)
        assert r.returncode == 0, r.stderr
    assert snapshot(again) == snapshot(seeds_out)


def test_traditional_names_survive_every_format(trad_out, tmp_path):
    exp = Expected(trad_out / "kg.ttl")
    trad = {a for alts in exp.alts.values() for a in alts if TRADITIONAL_CHARS & set(a)}
    assert trad, "the build kept no traditional-script form of any name"
    simplified = set(exp.labels.values())

    def found(names) -> set[str]:
        return set(names) & (trad | simplified)

    want = trad | {exp.labels[n] for n, alts in exp.alts.items() if set(alts) & trad}
    G = nx.read_gexf(trad_out / "kg.gexf")
    assert found([d["label"] for _, d in G.nodes(data=True)] +
                 [a for _, d in G.nodes(data=True) for a in d["alt_labels"].split(" | ")]) == want
    h = igraph.Graph.Read_GraphML(str(trad_out / "kg.graphml"))
    assert found(h.vs["label"] + [a for s in h.vs["alt_labels"] for a in s.split(" | ")]) == want
    conn = load_into_ladybug(trad_out / "neo4j", tmp_path / "ladybug")
    rows = ladybug_rows(conn, "MATCH (n) RETURN n.name, n.altNames")
    assert found([n for n, _ in rows] + [a for _, alts in rows for a in alts or []]) == want
    for name, fmt in (("kg.jsonld", "json-ld"), ("kg.nt", "nt")):
        g = rdflib.Graph().parse(trad_out / name, format=fmt)
        assert found(str(o) for p in (RDFS.label, SKOS.altLabel) for o in g.objects(None, p)) == want
    # written as UTF-8 characters, not as escapes (\\uXXXX, &#…;), in every format
    for fmt, name in FORMATS.items():
        files = sorted((trad_out / name).glob("nodes_*.csv")) if fmt == "neo4j" else [trad_out / name]
        text = "".join(f.read_text(encoding="utf-8") for f in files)
        assert all(t in text for t in trad), fmt


# --- the command's errors ---------------------------------------------------------

def test_export_bad_graph_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<\n", encoding="utf-8")
    for graph in (bad, tmp_path / "missing.ttl"):
        r = run_kg("export", str(graph), "--format", "gexf")
        assert r.returncode == 1
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and str(graph) in lines[0] and "Traceback" not in r.stderr
    assert not (tmp_path / "kg.gexf").exists()
