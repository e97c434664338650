"""``antidistill eval``: score a scan against the traffic lab's labels."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command(name="eval")
@click.option("--labels", "labels", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="labels.parquet written by `antidistill simulate`.")
@click.option("--scan", "scan_dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Output folder of `antidistill scan`.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
def eval_(labels: Path, scan_dir: Path, as_json: bool) -> None:
    """Measure a scan against labels: recall per campaign archetype, false positives per benign persona."""
    from antidistill.evaluate import evaluate, format_table

    ev = evaluate(labels, scan_dir)
    if as_json:
        click.echo(json.dumps(ev.to_json(), sort_keys=True))
    else:
        click.echo(format_table(ev))
