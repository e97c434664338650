"""Generate probe 6: `python -m bench.probe6.generate --out DIR --seed N`."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .campaigns import CAMPAIGNS
from .infra import END, RELEASE, START
from .personas import PERSONAS
from .writer import Writer, bq_ts

WORKERS = 4  # fixed, so the shard layout does not depend on the machine
CUSTOMER_FIELD = "metadata.caller.project_number"
KEY_FIELD = "metadata.caller.api_key_uid (API-key calls) / metadata.caller.principal_email (OAuth calls)"


def units() -> list[tuple[str, str, int]]:
    out = [("campaign", cp.id, 0) for cp in CAMPAIGNS]
    out += [("persona", name, i) for name, (n, _) in PERSONAS.items() for i in range(n)]
    return out


def _work(args: tuple[str, int, int]) -> dict:
    out, seed, worker = args
    w = Writer(Path(out), worker)
    camps = {cp.id: cp for cp in CAMPAIGNS}
    for j, (kind, name, i) in enumerate(units()):
        if j % WORKERS != worker:
            continue
        rng = random.Random(f"probe6:{seed}:{kind}:{name}:{i}")
        if kind == "campaign":
            camps[name].run(w, rng, camps[name])
        else:
            PERSONAS[name][1](w, rng, i)
    w.close()
    return {"labels": w.labels, "calls": dict(w.calls), "rows": dict(w.rows), "malformed": dict(w.malformed),
            "stats": dict(w.stats)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    t0 = time.time()
    if (a.out / "logs").exists():
        shutil.rmtree(a.out / "logs")
    a.out.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(WORKERS) as ex:
        parts = list(ex.map(_work, [(str(a.out), a.seed, k) for k in range(WORKERS)]))
    labels: dict[str, tuple] = {}
    calls: Counter[str] = Counter()
    rows: Counter[str] = Counter()
    malformed: Counter[str] = Counter()
    stats: Counter[str] = Counter()
    for p in parts:
        labels.update(p["labels"])
        calls.update(p["calls"])
        rows.update(p["rows"])
        malformed.update(p["malformed"])
        stats.update(p["stats"])
    acc = sorted(labels)
    table = pa.table({"account_id": pa.array(acc, pa.string()),
                      "campaign_id": pa.array([labels[x][0] for x in acc], pa.string()),
                      "archetype": pa.array([labels[x][1] for x in acc], pa.string()),
                      "exchanges": pa.array([calls.get(x, 0) for x in acc], pa.int64())})
    pq.write_table(table, a.out / "labels.parquet")
    per_arch: dict[str, dict[str, int]] = {}
    for x in acc:
        d = per_arch.setdefault(labels[x][1], {"accounts": 0, "exchanges": 0, "rows": 0})
        d["accounts"] += 1
        d["exchanges"] += calls.get(x, 0)
        d["rows"] += rows.get(x, 0)
    files = sorted(str(p.relative_to(a.out)) for p in (a.out / "logs").rglob("*.json.gz"))
    size = sum((a.out / f).stat().st_size for f in files)
    manifest = {
        "probe": 6, "seed": a.seed, "format": "BigQuery request_response_logging export (NDJSON, gzip)",
        "window": [bq_ts(START), bq_ts(END)], "new_model_release": {"model": "gemini-x-pro-002", "at": bq_ts(RELEASE)},
        "customer_field": CUSTOMER_FIELD, "key_field": KEY_FIELD, "time_field": "logging_time",
        "accounts": len(acc), "campaign_accounts": sum(1 for x in acc if labels[x][0]),
        "exchanges": sum(calls.values()), "rows_written": sum(rows.values()),
        "duplicate_rows": stats.get("duplicate_rows", 0), "malformed_lines": dict(sorted(malformed.items())),
        "malformed_lines_total": sum(malformed.values()),
        "inner_truncated_full_response": stats.get("inner_truncated", 0),
        "by_method": {k[7:]: v for k, v in sorted(stats.items()) if k.startswith("method:")},
        "by_outcome": {k[8:]: v for k, v in sorted(stats.items()) if k.startswith("outcome:")},
        "by_archetype": dict(sorted(per_arch.items())),
        "campaigns": {cp.id: {"archetype": cp.archetype, "accounts": cp.accounts, "summary": cp.summary}
                      for cp in CAMPAIGNS},
        "files": len(files), "bytes": size, "seconds": round(time.time() - t0, 1),
    }
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"probe6 seed={a.seed}: {manifest['accounts']} accounts, {manifest['exchanges']} exchanges, "
          f"{manifest['rows_written'] + manifest['malformed_lines_total']} lines in {len(files)} files, "
          f"{size / 1e6:.1f} MB, {manifest['seconds']} s -> {a.out}")


if __name__ == "__main__":
    main()
