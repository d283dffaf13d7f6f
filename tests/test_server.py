"""The real SPARQL server: every named query over HTTP gives the rows of ``kg query``.

``kg serve`` loads the seeds' kg.ttl into the Oxigraph server (the program
the ``oxigraph`` wheel ships) on a free loopback port; each named query is
sent through the SPARQL 1.1 protocol (:mod:`kg.query.endpoint`) and its
rows compared with the local engine's. The server is stopped after.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from kg.commands.serve import oxigraph_program
from kg.query import named_queries, open_engine, prepare
from kg.query.endpoint import EndpointEngine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(seed_ttl):
    assert oxigraph_program(), "the oxigraph server program is missing: pip install -e .[test]"
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(seed_ttl), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 60
    while True:
        try:
            EndpointEngine(url).query("ASK { ?s ?p ?o }")
            break
        except Exception:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"kg serve did not start: {proc.stderr.read().decode()[-1000:]}")
            time.sleep(0.2)
    yield url
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    assert proc.returncode == 0


def _a_name(seed_ttl) -> str:
    rows = open_engine(seed_ttl, "oxigraph").query(
        "SELECT ?l WHERE { ?st rdf:subject ?s . ?s rdfs:label ?l } ORDER BY ?l LIMIT 1").rows
    return rows[0][0].value


def test_every_named_query_gives_the_same_rows_over_http(server, seed_ttl):
    local = open_engine(seed_ttl, "oxigraph")
    remote = EndpointEngine(server)
    name = _a_name(seed_ttl)
    for qname, q in named_queries().items():
        text = prepare(named=qname, params={p.name: name for p in q.params if p.required})
        want, got = local.query(text), remote.query(text)
        assert got.vars == want.vars, qname
        if q.ordered:
            assert got.rows == want.rows, qname
        else:
            assert sorted(got.rows, key=repr) == sorted(want.rows, key=repr), qname
    assert remote.query("ASK { ?b a dj:Brand }").boolean


def test_kg_query_endpoint_prints_what_kg_query_prints(server, seed_ttl):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    args = [sys.executable, "-m", "kg", "query", "--named", "brands-by-organization"]
    over_http = subprocess.run(args + ["--endpoint", server], capture_output=True, env=env, timeout=120)
    from_file = subprocess.run(args + ["--graph", str(seed_ttl)], capture_output=True, env=env, timeout=120)
    assert over_http.returncode == 0, over_http.stderr
    assert over_http.stdout == from_file.stdout


def test_the_server_is_read_only(server):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(server.replace("/query", "/update"), data=b"DROP ALL", method="POST",
                                     headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30)
