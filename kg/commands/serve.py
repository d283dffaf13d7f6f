"""``kg serve``: the graph behind a read-only SPARQL endpoint (wraps the Oxigraph server).

``kg query`` reads the whole graph file at every call. For large graphs or
many queries, ``kg serve`` loads kg.ttl once into an Oxigraph database and
starts Oxigraph's server on it, read-only, on the loopback interface::

    kg serve                          # exports/kg.ttl at http://127.0.0.1:7878/query
    kg query --endpoint http://127.0.0.1:7878/query --named evidence --param name=零距离

It runs the ``oxigraph`` program (the ``oxigraph`` package on PyPI ships
it): ``oxigraph load`` into ``--location`` (a temporary folder, removed on
exit, by default), then ``oxigraph serve-read-only``. Ctrl-C stops it.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import click


def oxigraph_program() -> str | None:
    """The ``oxigraph`` server program: beside this Python's scripts, else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@click.command("serve")
@click.argument("graph", required=False, default="exports/kg.ttl", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (loopback: this machine only).")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--location", type=click.Path(path_type=Path), default=None,
              help="Folder of the Oxigraph database (default: a temporary one, removed on exit).")
def serve(graph, host, port, location):
    """Serve GRAPH (default: exports/kg.ttl) read-only over the SPARQL 1.1 protocol."""
    program = oxigraph_program()
    if program is None:
        click.echo("kg serve: the oxigraph server program is missing (pip install oxigraph)", err=True)
        sys.exit(1)
    if not graph.is_file():
        click.echo(f"kg serve: {graph}: no such file", err=True)
        sys.exit(1)
    temporary = location is None
    location = Path(tempfile.mkdtemp(prefix="kg-serve-")) if temporary else location
    try:
        load = subprocess.run([program, "load", "--location", str(location), "--file", str(graph)],
                              capture_output=True, text=True)
        if load.returncode != 0:
            message = " ".join(load.stderr.split())[:300]
            click.echo(f"kg serve: {graph}: cannot load: {message}", err=True)
            sys.exit(1)
        server = subprocess.Popen([program, "serve-read-only", "--location", str(location),
                                   "--bind", f"{host}:{port}"])
        # a SIGTERM stops the server and lets the temporary database be removed
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        click.echo(f"kg serve: {graph} at http://{host}:{port}/query (read-only; Ctrl-C stops)", err=True)
        try:
            status = server.wait()
        except KeyboardInterrupt:
            server.terminate()
            status = server.wait()
        sys.exit(0 if status in (0, -signal.SIGTERM, -signal.SIGINT) else 1)
    finally:
        if temporary:
            shutil.rmtree(location, ignore_errors=True)
