"""``antidistill simulate``: generate a labelled traffic scenario (thin wrapper over the lab's API)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("simulate")
@click.option("--scenario", "scenario_name", required=True,
              help="Shipped scenario name (tiny, demo, default, large) or path to a scenario YAML file.")
@click.option("--seed", type=int, required=True, help="Random seed; the same seed gives byte-identical files.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output folder (exchanges/, labels.parquet, models.parquet, scenario.json).")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Real public data folder (default: the data_dir setting).")
@click.option("--progress/--no-progress", default=True, show_default=True, help="Progress bar on stderr.")
def simulate_command(scenario_name: str, seed: int, out: Path, data_dir: Path | None, progress: bool) -> None:
    """Simulate benign traffic and distillation campaigns; write exchanges with separate ground-truth labels."""
    from antidistill.lab.simulator import load_scenario, simulate

    summary = simulate(load_scenario(scenario_name), seed, out, data_dir=data_dir, progress=progress)
    for line in summary.lines():
        click.echo(line)
