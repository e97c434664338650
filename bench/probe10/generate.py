"""Entry point: ``python -m bench.probe10.generate --out DIR --seed S [--data-dir PATH]``."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

# Importing the actor modules registers them, in this order (resellers before C06, which uses R1).
from . import (  # noqa: F401
    benign_apps,
    benign_people,
    benign_pipelines,
    benign_platforms,
    campaigns_invented,
    campaigns_reported,
    campaigns_resale,
)
from .actors import REGISTRY, Context
from .corpus import DEFAULT_DATA_DIR, load
from .export import LOG_SUBDIR, write_labels, write_logs, write_manifest
from .helicone import Renderer, Row
from .world import WEEK_END, WEEK_START, stable_seed


def generate(out: Path, seed: int, data_dir: Path = DEFAULT_DATA_DIR) -> dict[str, object]:
    """Build every actor's calls, render them, and write logs, labels and manifest under ``out``."""
    t0 = time.time()
    ctx = Context.create(seed, load(data_dir), data_dir)
    calls = []
    per_actor: dict[str, int] = {}
    for name, cls in REGISTRY.items():
        made = [c for c in cls().build(ctx) if WEEK_START <= c.ts < WEEK_END]
        per_actor[name] = len(made)
        calls += made
    calls.sort(key=lambda c: (c.ts, c.account.account_id))
    renderer = Renderer(stable_seed(seed, "render"))
    rows: list[Row] = []
    for call in calls:
        rows += [r for r in renderer.render(call) if r.ts < WEEK_END]
    if (out / LOG_SUBDIR).exists():
        shutil.rmtree(out / LOG_SUBDIR)
    out.mkdir(parents=True, exist_ok=True)
    files = write_logs(out, rows)
    kinds, eu_kinds = write_labels(out, ctx.accounts, rows)
    labels = Counter(a.label for a in ctx.accounts if kinds.get(a.kind))
    kind_of = {a.account_id: a.kind for a in ctx.accounts}
    exchanges = Counter(kind_of[r.account_id] for r in rows if not r.duplicate)
    harvest_eu = Counter(r.end_user_truth.kind for r in rows
                         if not r.duplicate and r.end_user_truth and r.end_user_truth.label == "campaign")
    manifest: dict[str, object] = {
        "seed": seed,
        "format": "helicone-export-jsonl (npx @helicone/export --format jsonl --include-body), gzip per UTC day",
        "logs": LOG_SUBDIR,
        "files": files,
        "rows": len(rows),
        "duplicate_rows": sum(r.duplicate for r in rows),
        "client_calls": len(calls),
        "calls_per_actor": per_actor,
        "accounts": sum(kinds.values()),
        "accounts_per_label": dict(labels),
        "accounts_per_kind": dict(sorted(kinds.items())),
        "exchanges_per_kind": dict(sorted(exchanges.items())),
        "campaign_end_user_exchanges_per_kind": dict(sorted(harvest_eu.items())),
        "end_users_per_kind": dict(sorted(eu_kinds.items())),
        "campaigns": sorted({a.campaign_id for a in ctx.accounts if a.campaign_id} | {"C06"}),
    }
    write_manifest(out, manifest)
    manifest["seconds"] = round(time.time() - t0, 1)  # reported, not written: the manifest stays deterministic
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="output directory (logs/, labels, manifest)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; output is deterministic per seed")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the shared public data folder")
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.seed, args.data_dir)
    print(f"wrote {manifest['rows']} rows, {manifest['accounts']} accounts in {manifest['seconds']}s to {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
