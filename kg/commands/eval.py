"""``kg eval``: score the extraction of documents against gold annotations.

    kg eval --gold-dir tests/gold seeds
    kg eval --gold-dir gold docs/ --errors --fail-under-entities 0.8
    kg eval --gold-dir gold docs/ --corrections review.xlsx   # the graph a reviewer corrected

Each document is built alone, in memory, and scored by
:func:`kg.evaluate.evaluate` against ``GOLD_DIR/<file name>.json``; each
record of a .jsonl file is a document of its own, scored against
``GOLD_DIR/<record id>.json`` (its ``id`` field, else ``<file stem>-<line>``):

    kg eval --gold-dir gold news.jsonl     # gold/rec-001.json, gold/news-2.json, …
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click


@click.command("eval")
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--gold-dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of gold JSON files, one per document: <file name>.json, or <record id>.json for a .jsonl record.")
@click.option("--errors/--no-errors", default=False, show_default=True,
              help="List the false positives and the misses.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--fail-under-entities", type=click.FloatRange(0, 1), default=None, metavar="F",
              help="Exit with status 1 when the entities F1 is below F.")
@click.option("--fail-under-relations", type=click.FloatRange(0, 1), default=None, metavar="F",
              help="Exit with status 1 when the relations F1 is below F.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: the number of cores).")
@click.option("--corrections", "corrections_file", type=click.Path(path_type=Path), default=None,
              help="Score the graphs with this corrections file (.xlsx or .csv) applied; "
                   "by default the extractor alone is measured.")
def eval_command(inputs, gold_dir, errors, as_json, fail_under_entities, fail_under_relations, jobs,
                 corrections_file):
    """Score the graphs of INPUTS (files or folders; default: seeds/) against the gold files of GOLD_DIR.

    A file is scored against GOLD_DIR/<file name>.json, each record of a
    .jsonl file against GOLD_DIR/<record id>.json (the id field, else
    <file stem>-<line>; %, /, \\, :, *, ?, ", <, >, | in it written %XX).
    Prints precision, recall and F1 per entity type and relation, and
    micro-averaged totals. Exit status 1 when a --fail-under threshold is
    not met or an input cannot be read.
    """
    from ..evaluate import GoldError, evaluate

    corrections = None
    if corrections_file is not None:
        from ..curate.corrections import load_corrections
        from ..curate.sheet import SheetError
        try:
            corrections = load_corrections(corrections_file)
        except SheetError as e:
            click.echo(f"kg eval: {e}", err=True)
            sys.exit(2)
    try:
        report = evaluate(list(inputs) or [Path("seeds")], gold_dir, jobs=jobs,
                          on_problem=lambda msg: click.echo(f"kg eval: {msg}", err=True),
                          corrections=corrections)
    except GoldError as e:
        click.echo(f"kg eval: {e}", err=True)
        sys.exit(1)
    if not report.documents:
        click.echo(f"kg eval: no document to score (none has a gold file in {gold_dir})", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(report.to_dict(errors=errors), ensure_ascii=False, indent=1))
    else:
        if errors:
            for line in report.error_lines():
                click.echo(line)
            click.echo()
        click.echo(report.table())
    if corrections is not None:
        click.echo(f"corrections: {corrections.path} ({report.corrections_applied} applied)", err=True)
    status = 1 if report.unread else 0
    for key, bar in (("entities", fail_under_entities), ("relations", fail_under_relations)):
        if bar is not None and report.f1(key) < bar:
            click.echo(f"kg eval: {key} F1 {report.f1(key):.3f} is below {bar:.3f}", err=True)
            status = 1
    sys.exit(status)
