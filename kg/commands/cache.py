"""``kg cache``: how big the extraction cache is, and pruning it (wraps :class:`kg.cache.ResultCache`).

    $ kg cache exports
    exports/.kg-cache: 5 results, 0.1 MB; least recently used 0 days ago
    $ kg cache exports --prune --older-than 30
    exports/.kg-cache: 0 dropped; 5 results, 0.1 MB; least recently used 0 days ago

Exit status 0, or 1 when there is no cache there.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click


def describe(folder: Path, stats) -> str:
    """One line: where, how many results, how big, how old the least recently used."""
    line = f"{folder}: {stats.results} result{'' if stats.results == 1 else 's'}, {stats.size / 1e6:.1f} MB"
    if stats.stale:
        line += f" (and {stats.stale} of an older extractor, dropped by --prune)"
    if stats.oldest_use is not None:
        line += f"; least recently used {(time.time() - stats.oldest_use) / 86400:.0f} days ago"
    return line


@click.command("cache")
@click.argument("out_dir", required=False, default="exports", type=click.Path(path_type=Path))
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="The cache folder (default: OUT_DIR/.kg-cache).")
@click.option("--prune", is_flag=True,
              help="Drop results of older extractors and, with --older-than, results unused that long.")
@click.option("--older-than", "days", type=click.FloatRange(min=0), default=None, metavar="DAYS",
              help="With --prune: also drop results not used for DAYS days.")
def cache(out_dir, cache_dir, prune, days):
    """Show the size of the extraction cache of OUT_DIR (default: exports), or prune it."""
    from ..cache import ResultCache

    folder = cache_dir or out_dir / ".kg-cache"
    if not (folder / ResultCache.FILE).is_file():
        click.echo(f"kg cache: no cache in {folder}", err=True)
        sys.exit(1)
    if days is not None and not prune:
        raise click.UsageError("--older-than goes with --prune")
    with ResultCache(folder, drop_stale=False) as store:
        dropped = store.prune(days) if prune else None
        line = describe(folder, store.stats())
    click.echo(line if dropped is None else line.replace(": ", f": {dropped} dropped; ", 1))
