"""Write one synthetic week of APIM diagnostic logs plus ground truth.

python -m bench.probe8.generate --out DIR --seed N [--scale F]
"""

from __future__ import annotations

import argparse
import calendar
import json
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .actors import NEW_DEPLOYMENT, Ctx
from .azure import Renderer, Service, iso
from .blobs import write_blobs
from .corpus import load_corpus
from .identity import guid
from .noise import add_noise
from .roster import build_all
from .text import Writer

WINDOW_START = calendar.timegm((2026, 4, 13, 0, 0, 0))  # Monday 00:00 UTC
WINDOW_END = WINDOW_START + 7 * 86400
RELEASE = WINDOW_START + 3 * 86400 + 16 * 3600  # Thursday 16:00 UTC


def _parse() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True, help="output directory (created)")
    ap.add_argument("--seed", type=int, default=1, help="random seed; output is a function of seed and scale")
    ap.add_argument("--scale", type=float, default=1.0, help="volume scale (0.05 for a quick test)")
    return ap.parse_args()


def generate(out: Path, seed: int, scale: float) -> dict[str, object]:
    t_wall = time.time()
    corpus = load_corpus()
    ctx = Ctx(
        seed=seed,
        corpus=corpus,
        writer=Writer(corpus),
        start=WINDOW_START,
        end=WINDOW_END,
        release=RELEASE,
        scale=scale,
    )
    build_all(ctx)
    ctx.calls = [c for c in ctx.calls if ctx.start <= c.ts < ctx.end and c.ts < (c.account.revoked_at or 1e18)]
    ctx.calls.sort(key=lambda c: c.ts)
    add_noise(ctx)
    ctx.side = [s for s in ctx.side if ctx.start <= s.ts < ctx.end]
    ctx.side.sort(key=lambda s: s.ts)

    svc = Service(subscription_guid=guid(ctx.rng("service")))
    rend = Renderer(svc, ctx.rng("render"))
    per_acct = Counter(c.account.sub_id for c in ctx.calls)
    for c in ctx.calls:
        rend.render_call(c, busy=per_acct[c.account.sub_id] > 2500)
    for s in ctx.side:
        rend.render_side(s)
    rend.out.lines[:] = [x for x in rend.out.lines if ctx.start <= x[0] < ctx.end]
    stats = write_blobs(out / "logs", svc.resource_id, rend.out.lines, ctx.rng("blobs"), ctx.end)

    accounts = [a for a in ctx.accounts if rend.out.llm_calls.get(a.sub_id, 0) > 0]
    table = pa.table(
        {
            "org_id": [a.org.user_id for a in accounts],
            "account_id": [a.sub_id for a in accounts],
            "label": [a.label for a in accounts],
            "kind": [a.kind for a in accounts],
            "campaign_id": [a.campaign_id for a in accounts],
            "product_id": [a.org.product for a in accounts],
            "exchanges": pa.array([rend.out.llm_calls[a.sub_id] for a in accounts], pa.int64()),
            "revoked_at": [iso(a.revoked_at) if a.revoked_at and a.revoked_at < ctx.end else "" for a in accounts],
        }
    )
    pq.write_table(table, out / "labels.parquet")

    kinds: dict[str, dict[str, int]] = {}
    for a in accounts:
        k = kinds.setdefault(a.kind, {"accounts": 0, "orgs": 0, "exchanges": 0})
        k["accounts"] += 1
        k["exchanges"] += rend.out.llm_calls[a.sub_id]
    for kind in kinds:
        kinds[kind]["orgs"] = len({a.org.user_id for a in accounts if a.kind == kind})
    manifest: dict[str, object] = {
        "generator": "bench.probe8",
        "seed": seed,
        "scale": scale,
        "format": "Azure Monitor diagnostic-settings archive of Azure API Management (GatewayLogs, GatewayLlmLogs)",
        "resource_id": svc.resource_id,
        "window_start": iso(WINDOW_START),
        "window_end": iso(WINDOW_END),
        "model_release": {"deployment": NEW_DEPLOYMENT, "time": iso(RELEASE)},
        "llm_calls": len(ctx.calls),
        "side_requests": len(ctx.side),
        "failed_requests": rend.out.failures,
        "chunked_calls": rend.out.chunked_calls,
        "orgs": len({a.org.user_id for a in accounts}),
        "accounts": len(accounts),
        "campaign_accounts": sum(a.label == "campaign" for a in accounts),
        "blobs": stats.blobs,
        "lines": stats.lines,
        "bytes": stats.bytes,
        "duplicate_lines": stats.duplicates,
        "corrupt_lines": stats.corrupt,
        "late_lines": stats.late,
        "by_kind": dict(sorted(kinds.items())),
        "wall_seconds": round(time.time() - t_wall, 1),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main() -> None:
    args = _parse()
    args.out.mkdir(parents=True, exist_ok=True)
    m = generate(args.out, args.seed, args.scale)
    print(json.dumps({k: v for k, v in m.items() if k != "by_kind"}, indent=2))
    by_kind = m["by_kind"]
    assert isinstance(by_kind, dict)
    for kind, v in by_kind.items():
        print(f"{kind:28s} orgs={v['orgs']:4d} accounts={v['accounts']:4d} exchanges={v['exchanges']:7d}")


if __name__ == "__main__":
    main()
