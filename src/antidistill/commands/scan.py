"""``antidistill scan``: find distillation accounts in API logs."""

from __future__ import annotations

from pathlib import Path

import click


@click.command(name="scan")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for accounts.csv, summary.json, report.html and quarantine.jsonl.")
@click.option("--format", "fmt", default="auto", show_default=True,
              help="Log format: auto, canonical, openai, litellm, otel, gateway, generic.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="DuckDB database file (default: OUT/scan.duckdb). Re-scanning appends; ids are never counted twice.")
@click.option("--fpr", type=float, default=None, help="Target benign false-positive rate (default: setting fpr, 1e-3).")
@click.option("--map", "field_map", multiple=True, metavar="FIELD=PATH",
              help="Where a field is in logs of a shape no reader knows, as a dotted key path (e.g. "
                   "account_id=auth.principal); repeatable; reads the files with the generic reader.")
@click.option("--models", "models", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The provider's model calendar: CSV or Parquet with model and released_at (every name the logs "
                   "use for a model); turns on the release-timing features. Repeatable.")
@click.option("--strict", is_flag=True, help="Fail on the first unreadable row instead of quarantining it.")
@click.option("--no-progress", is_flag=True, help="Hide progress bars.")
def scan(paths: tuple[Path, ...], out: Path, fmt: str, db_path: Path | None, fpr: float | None,
         field_map: tuple[str, ...], models: tuple[Path, ...], strict: bool, no_progress: bool) -> None:
    """Scan API logs (files or folders) and report the accounts that are harvesting the model.

    A traffic-lab output folder (with exchanges/ and models.parquet) can be given directly.
    """
    from antidistill.ingest.report import MERGED_TEXT, mapping_lines
    from antidistill.report.html import account_note, content_note
    from antidistill.scan import ScanConfig, run_scan
    from antidistill.settings import Settings

    settings = Settings.load(fpr=fpr)
    mapping = {}
    for item in field_map:
        name, sep, dotted = item.partition("=")
        if not sep or not name.strip() or not dotted.strip():
            raise click.BadParameter(f"expected FIELD=PATH, got {item!r}", param_hint="--map")
        mapping[name.strip()] = dotted.strip()
    cfg = ScanConfig(paths=list(paths), out=out, db_path=db_path, format=fmt, strict=strict, fpr=settings.fpr,
                     progress=not no_progress, threads=settings.threads, memory_limit=settings.memory_limit,
                     field_map=mapping, models=list(models))
    result = run_scan(cfg)
    s = result.summary
    v = s.get("verdicts", {})
    click.echo(f"scanned {s['exchanges_total']} exchanges from {s['accounts']} accounts "
               f"in {s['seconds_total']:.1f} s ({s.get('quarantined_rows', 0)} rows quarantined)")
    skipped = s.get("skipped_files", [])
    if skipped:
        why = ", ".join(f"{reason} {n}" for reason, n in list(s.get("skipped_by_reason", {}).items())[:4])
        click.echo(f"{'NOTHING WAS READ: ' if not s['exchanges_total'] else ''}not read as logs: {len(skipped)} "
                   f"file(s) found in the folders ({why}), e.g. {skipped[0]}")
    if s.get("rows_merged"):
        click.echo(f"merged: {s['rows_merged']} {MERGED_TEXT}")
    by_field = s.get("quarantined_by_field", {})
    if by_field:
        top = ", ".join(f"{field} {n}" for field, n in list(by_field.items())[:5])
        click.echo(f"quarantined, by the field at fault: {top} (reasons in {s.get('quarantine_path')})")
    click.echo(f"verdicts: suspect {v.get('suspect', 0)}, campaign {v.get('campaign', 0)}, watch {v.get('watch', 0)}, "
               f"clear {v.get('clear', 0)}")
    if s.get("signals_unavailable"):
        click.echo(f"signals unavailable in these logs: {', '.join(s['signals_unavailable'])}")
    for text in mapping_lines(s.get("field_mappings", {})):
        click.echo(f"fields found by name (format generic): {text}")
    note = content_note(s)
    if note:
        click.echo(f"content: {note}")
    note = account_note(s)
    if note:
        click.echo(f"accounts read: {note}")
    click.echo(f"report: {out / 'report.html'}")
    click.echo(f"accounts: {out / 'accounts.csv'}  summary: {out / 'summary.json'}")
