"""``antidistill replay``: send a simulated scenario through a running gateway (loopback only)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click


@click.command("replay")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gateway", default="http://127.0.0.1:8088", show_default=True,
              help="Gateway base URL; must be a loopback address.")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("gateway-state"),
              show_default=True, help="The gateway's state folder, where one key per account is minted.")
@click.option("--speed", type=float, default=0.0, show_default=True,
              help="Simulated seconds per real second (0: as fast as concurrency allows).")
@click.option("--concurrency", type=int, default=32, show_default=True, help="Requests in flight at most.")
def replay(directory: Path, gateway: str, state_dir: Path, speed: float, concurrency: int) -> None:
    """Replay DIR/exchanges/*.parquet through the gateway; print per-campaign served fractions as JSON."""
    from antidistill.gateway.keys import KeyStore
    from antidistill.gateway.replay import load_scenario, mint_keys, require_loopback
    from antidistill.gateway.replay import replay as run_replay

    require_loopback(gateway)
    if concurrency < 1:
        raise click.BadParameter("must be at least 1", param_hint="--concurrency")
    rows, campaigns = load_scenario(directory)
    keys = mint_keys(KeyStore(path=state_dir / "keys.sqlite"), rows)
    report = asyncio.run(run_replay(rows, campaigns, keys, gateway=gateway, speed=speed, concurrency=concurrency))
    click.echo(json.dumps(report.to_dict(), indent=1))
