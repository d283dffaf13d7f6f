"""The ``kg`` command: thin click wrappers over the library.

Each command parses options, calls one library function and prints; the
work is done in :mod:`kg.pipeline`, :mod:`kg.evaluate` and :mod:`kg.export`.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main():
    """dangjian-kg: knowledge graphs of Party-building brands (党建品牌) from Chinese documents."""


@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default="exports", show_default=True, type=click.Path(path_type=Path),
              help="Folder for kg.ttl and the other exports.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--only", "exports", multiple=True, metavar="NAME[,NAME…]",
              help="Write only these exports: turtle (kg.ttl), nt (kg.nt), html, gexf, graphml, neo4j. "
                   "Repeatable or comma-separated.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt"]), default="ttl", show_default=True,
              help="Graph file: kg.ttl, or kg.nt streamed as documents are extracted (large corpora).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Cache of extraction results (default: OUT/.kg-cache).")
@click.option("--no-cache", is_flag=True, help="Extract every document again; read and write no cache.")
@click.option("--corrections", type=click.Path(path_type=Path), default=None,
              help="A filled-in review sheet (.xlsx or .csv, see kg review) to apply "
                   "(default: corrections.xlsx or corrections.csv in the first input folder).")
@click.option("--no-corrections", is_flag=True, help="Apply no corrections file, not even the input folder's.")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(path_type=Path),
              help="A folder of your own lexicons, added to the built-in ones (see README); repeatable.")
@click.pass_context
def build(ctx, inputs, out_dir, jobs, exports, fmt, cache_dir, no_cache, corrections, no_corrections, lexicons):
    """Build the knowledge graph of INPUTS (files or folders; default: seeds/)."""
    from .outdir import OutputError, replaced_by_this_process
    from .pipeline import build as run_build, parse_exports

    if exports:
        try:
            exports, implied = parse_exports(exports)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="'--only'") from None
        if implied == "nt":
            if fmt == "ttl" and ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT:
                raise click.BadParameter("--only nt asks for kg.nt: drop --format ttl", param_hint="'--format'")
            fmt = "nt"
    inputs = list(inputs) or [Path("seeds")]
    from .curate.curation import Curation
    from .curate.sheet import SheetError
    try:  # every row and lexicon line checked before anything is read or written
        curation = Curation.load(inputs, corrections, lexicons, use_default=not no_corrections)
    except SheetError as error:
        click.echo(f"kg build: {error}; nothing written", err=True)
        sys.exit(2)
    from .progress import BuildProgress
    bar = BuildProgress(inputs)  # on a terminal: MB of documents done, then each output written

    def on_error(err):
        click.echo(f"kg build: {err}", err=True)

    def on_warning(message):
        click.echo(f"kg build: warning: {message}", err=True)

    try:
        report = run_build(inputs, out_dir, jobs=jobs, exports=exports or None,
                           progress=bar.document, on_export=bar.export, on_error=on_error,
                           on_warning=on_warning,
                           fmt=fmt, cache=False if no_cache else (cache_dir or True), curation=curation)
    except KeyboardInterrupt:  # the forked processes ignore it; stopped by this one, they say nothing
        bar.close()
        if replaced_by_this_process(out_dir):  # too late: the new set was swapped in, whole
            click.echo(f"kg build: interrupted; {out_dir} already holds this build's exports", err=True)
        else:
            click.echo(f"kg build: interrupted; {out_dir} was left as it was", err=True)
        sys.exit(130)
    except OutputError as error:
        bar.close()
        click.echo(f"kg build: {error}", err=True)
        sys.exit(1)
    bar.close()
    if not report.documents:
        click.echo(f"kg build: no document could be read; nothing written ({report.skipped} skipped)", err=True)
        sys.exit(1)
    where = ", ".join(str(p) for p in report.outputs)
    for line in report.notes:  # corrections that match nothing: said, never dropped silently
        click.echo(f"kg build: {line}", err=True)
    click.echo(f"kg build: {report.summary()} → {where}")
    if report.older:
        click.echo(f"kg build: note: {out_dir} also holds {', '.join(report.older)} of an earlier build "
                   "(not written by this one)", err=True)
    sys.exit(0 if report.ok else 1)


# --- commands that live in their own modules (kg/commands/<name>.py), one per line ---
from .commands.eval import eval_command  # noqa: E402
main.add_command(eval_command)
from .commands.query import query as _query_command  # noqa: E402
main.add_command(_query_command)
from .commands.render import render as _render_command  # noqa: E402
main.add_command(_render_command)
from .commands.validate import validate as _validate_command  # noqa: E402
main.add_command(_validate_command)
from .commands.export import export as _export_command  # noqa: E402
main.add_command(_export_command)
from .commands.review import review as _review_command  # noqa: E402
main.add_command(_review_command)
from .commands.cache import cache as _cache_command  # noqa: E402
main.add_command(_cache_command)
from .commands.serve import serve as _serve_command  # noqa: E402
main.add_command(_serve_command)
