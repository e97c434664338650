"""``antidistill replay``: send a simulated scenario through a running gateway (loopback only), or
through the gateway's decision path in-process (``--in-process``)."""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

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
@click.option("--in-process", is_flag=True,
              help="No server: push every exchange through the gateway's decision path in this process.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="In-process: gateway YAML (policy, observe_interval_s, ...); replay_clock and "
                   "trust_forwarded_for are always on.")
@click.option("--campaigns-from-scan", type=click.Path(file_okay=False, path_type=Path),
              help="In-process: feed this scan's verdicts from the first request (an upper bound: "
                   "verdicts known before the traffic they come from).")
@click.option("--scan-every", type=float,
              help="In-process: scan the traffic so far every this many simulated hours and feed the verdicts back.")
@click.option("--scan-delay", type=float, default=1.0, show_default=True,
              help="In-process: simulated hours between a scan's data cut-off and its verdicts reaching the gateway.")
@click.option("--lift-after", type=float, default=24.0, show_default=True,
              help="In-process: a verdict that stood in two scans in a row and is then dropped is carried until a "
                   "later scan still drops it and at least this many simulated hours of data separate the two "
                   "(0: the second consecutive omission).")
@click.option("--scan-work", type=click.Path(file_okay=False, path_type=Path),
              help="In-process: folder for the periodic scans' outputs (reused when present).")
@click.option("--suspect-score", type=float, default=0.7, show_default=True,
              help="Campaign score given to accounts a scan calls suspect outside any confirmed campaign "
                   "(negative: leave them out).")
@click.option("--keep-events", is_flag=True, help="In-process: write the event log under --state-dir.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Also write the JSON report here.")
@click.option("--accounts-out", type=click.Path(dir_okay=False, path_type=Path),
              help="In-process: write one CSV row per account (requests, served before action, first action "
                   "and what took it).")
@click.option("--end-users-out", type=click.Path(dir_okay=False, path_type=Path),
              help="In-process: the same, one row per (account, end user) for the requests that name one (OpenAI's "
                   "`user`).")
def replay(directory: Path, gateway: str, state_dir: Path, speed: float, concurrency: int, in_process: bool,
           config_file: Path | None, campaigns_from_scan: Path | None, scan_every: float | None, scan_delay: float,
           lift_after: float, scan_work: Path | None, suspect_score: float, keep_events: bool,
           out: Path | None, accounts_out: Path | None, end_users_out: Path | None) -> None:
    """Replay DIR/exchanges/*.parquet through the gateway; print per-campaign served fractions as JSON."""
    from antidistill.gateway.replay import load_personas

    personas = load_personas(directory) if (directory / "labels.parquet").is_file() else {}
    if in_process:
        report = _in_process(directory, state_dir, config_file, campaigns_from_scan, scan_every, scan_delay,
                             lift_after, scan_work, None if suspect_score < 0 else suspect_score, keep_events, personas,
                             accounts_out, end_users_out)
    else:
        from antidistill.gateway.keys import KeyStore
        from antidistill.gateway.replay import load_scenario, mint_keys, require_loopback
        from antidistill.gateway.replay import replay as run_replay

        if campaigns_from_scan or scan_every or config_file or keep_events or accounts_out or end_users_out:
            raise click.UsageError("--config, --campaigns-from-scan, --scan-every, --keep-events, --accounts-out and "
                                   "--end-users-out need --in-process (a running gateway takes verdicts via "
                                   "campaigns_file)")
        require_loopback(gateway)
        if concurrency < 1:
            raise click.BadParameter("must be at least 1", param_hint="--concurrency")
        rows, campaigns = load_scenario(directory)
        keys = mint_keys(KeyStore(path=state_dir / "keys.sqlite"), rows)
        report = asyncio.run(run_replay(rows, campaigns, keys, gateway=gateway, speed=speed, concurrency=concurrency,
                                        personas=personas)).to_dict()
    text = json.dumps(report, indent=1)
    if out is not None:
        out.write_text(text)
    click.echo(text)


def _in_process(directory: Path, state_dir: Path, config_file: Path | None, campaigns_from_scan: Path | None,
                scan_every: float | None, scan_delay: float, lift_after: float, scan_work: Path | None,
                suspect_score: float | None,
                keep_events: bool, personas: dict[str, str], accounts_out: Path | None,
                end_users_out: Path | None = None) -> dict[str, object]:
    import pyarrow.parquet as pq

    from antidistill.gateway.config import GatewayConfig
    from antidistill.gateway.eventlog import DiscardLog
    from antidistill.gateway.replay import campaign_labels
    from antidistill.gateway.replay_inprocess import InProcessReplay, VerdictUpdate, stream_rows
    from antidistill.gateway.runtime import Gateway
    from antidistill.gateway.scanloop import scan_schedule, verdicts_from_scan

    if campaigns_from_scan and scan_every:
        raise click.UsageError("give --campaigns-from-scan or --scan-every, not both")

    def say(msg: str) -> None:
        click.echo(msg, file=sys.stderr)

    config = GatewayConfig.from_file(config_file, state_dir=state_dir, replay_clock=True, trust_forwarded_for=True)
    verdicts: list[VerdictUpdate] = []
    if campaigns_from_scan:
        verdicts.append(VerdictUpdate(at=float("-inf"), label=f"scan {campaigns_from_scan} (known from the start)",
                                      campaigns=verdicts_from_scan(campaigns_from_scan, suspect_score=suspect_score)))
    elif scan_every:
        work = scan_work or Path(tempfile.mkdtemp(prefix="replay-scans-"))
        verdicts = scan_schedule(directory, every_s=scan_every * 3600, delay_s=scan_delay * 3600, work=work,
                                 suspect_score=suspect_score, hold_s=lift_after * 3600, progress=say)
    labels = pq.read_table(directory / "labels.parquet", columns=["account_id", "campaign_id"]).to_pylist()
    gw = Gateway(config, events=None if keep_events else DiscardLog())
    try:
        runner = InProcessReplay(gateway=gw, campaigns=campaign_labels(labels),
                                 personas=personas, verdicts=verdicts, progress=say)
        report = runner.run(stream_rows(directory, work_dir=state_dir))
    finally:
        gw.events.close()
    for path, rows in ((accounts_out, runner.account_rows), (end_users_out, runner.end_user_rows)):
        if path is not None:
            _write_rows(path, rows())
    out = report.to_dict()
    out["policy_version"] = gw.enforcer.policy.version
    out["scan_every_hours"], out["scan_delay_hours"] = scan_every, scan_delay if scan_every else None
    out["lift_after_hours"] = lift_after if scan_every else None
    out["suspect_score"] = suspect_score
    return out


def _write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["account_id"])
        writer.writeheader()
        writer.writerows(rows)
