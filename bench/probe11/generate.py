"""python -m bench.probe11.generate --out DIR --seed S

Writes DIR/logs/ (the Langfuse blob-storage export), DIR/labels.parquet, DIR/labels_end_users.parquet and
DIR/manifest.json. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from datetime import UTC, datetime

import numpy as np

from . import benign, campaigns, corpus, export, labels
from .core import MODELS, WEEK_END, WEEK_START, Exchange, Ids
from .population import World
from .rows import RowBuilder

INC_START = datetime(2026, 3, 5, 19, 10, tzinfo=UTC).timestamp()  # Langfuse ingestion queue stalls
INC_END = datetime(2026, 3, 5, 23, 40, tzinfo=UTC).timestamp()  # processing resumes
DRAIN_END = datetime(2026, 3, 6, 1, 30, tzinfo=UTC).timestamp()  # backlog drained
TPS = {"lyra-3": 75.0, "lyra-3-flash": 190.0, "lyra-3-coder": 120.0, "lyra-3.5": 85.0}
ERRORS = {
    "rate": "litellm.RateLimitError: LiteLLM Rate Limit Handler for rate limit type = key. Crossed TPM / RPM / Max "
    "Parallel Request Limit. current rpm: {a}, rpm limit: {b}, current tpm: {c}, tpm limit: {d}",
    "context": "litellm.ContextWindowExceededError: litellm.BadRequestError: ContextWindowExceededError: "
    "Hosted_vllmException - This model's maximum context length is 131072 tokens. However, you requested "
    "{c} tokens. Please reduce the length of the messages or completion.",
    "timeout": "litellm.Timeout: APITimeoutError - Request timed out. Error_str: Request timed out.",
    "server": "litellm.InternalServerError: InternalServerError: Hosted_vllmException - upstream connect error or "
    "disconnect/reset before headers. reset reason: connection termination",
}


def inject_errors(w: World, exs: list[Exchange]) -> None:
    rng = w.rng
    draws = rng.random(len(exs)).tolist()
    for e, d in zip(exs, draws, strict=True):
        if e.error or e.source != "api":
            continue
        rate_p = {"synchronized_agentic_template": 0.03, "hydra_proxy_cot": 0.015, "aggregator": 0.01}.get(
            e.kind, 0.003
        )
        if d < rate_p:
            e.error = ERRORS["rate"].format(a=int(60 + d * 1000), b=60, c=int(200000 + d * 9e5), d=200000)
        elif d < rate_p + 0.002:
            e.error = ERRORS["server"]
        elif d < rate_p + 0.0035:
            e.error = ERRORS["timeout"]
        elif d < rate_p + 0.0045 and len(e.messages) > 3:
            e.error = ERRORS["context"].format(c=131072 + int(d * 1e6) % 40000)
        if e.error:
            e.reply = None


def timing(w: World, exs: list[Exchange]) -> None:
    rng = w.rng
    n = len(exs)
    base_ttft = rng.lognormal(np.log(0.45), 0.45, n).tolist()
    think = rng.lognormal(np.log(3.0), 0.7, n).tolist()
    speed = rng.uniform(0.75, 1.3, n).tolist()
    lag = (1.0 + rng.lognormal(np.log(2.5), 0.6, n)).tolist()
    for i, e in enumerate(exs):
        if e.error:
            e.ttft = 0.0
            e.dur = (
                600.0 if "Timeout" in e.error else float(0.03 + base_ttft[i] * (0.2 if "RateLimit" in e.error else 3))
            )
        else:
            rp = e.reply or {}
            out_chars = (
                len(rp.get("content") or "") + len(rp.get("reasoning") or "") * 3 + 60 * len(rp.get("tool_calls") or [])
            )
            e.ttft = float(base_ttft[i] + (think[i] if MODELS[e.model][3] else 0.0))
            e.dur = e.ttft + out_chars / 4.0 * e.n / (TPS[e.model] * speed[i])
        done = e.ts + e.dur
        lg = float(lag[i])
        if INC_START <= done <= DRAIN_END:
            avail = INC_END + (done - INC_START) * (DRAIN_END - INC_END) / (DRAIN_END - INC_START)
            lg = max(lg, avail - done + lg)
        e.lag = lg


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.time()
    w = World(args.seed, corpus.load())
    extra = benign.run(w)
    campaigns.run(w, extra["aggregators"])
    benign.staging_qa(w)
    w.ex = sorted((e for e in w.ex if WEEK_START <= e.ts < WEEK_END), key=lambda e: e.ts)
    inject_errors(w, w.ex)
    timing(w, w.ex)
    prod = [e for e in w.ex if e.acct.kind != "staging_qa"]
    stage = [e for e in w.ex if e.acct.kind == "staging_qa"]
    for e in w.ex:
        e.acct.exchanges += 1
    t_gen = time.time() - t0

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    logs = os.path.join(args.out, "logs")
    os.makedirs(logs)
    ids = Ids(args.seed + 1000)
    files = []
    t_refs = 0.0
    for project, env, exs, wins, messy in (
        (export.PROD_PROJECT, "production", prod, export.windows_prod(w.rng), True),
        (export.STAGING_PROJECT, "staging", stage, export.windows_daily(), False),
    ):
        t1 = time.time()
        refs = export.build_refs(exs, RowBuilder(project, env, ids), ids, w.rng)
        t_refs += time.time() - t1
        files += export.write_project(
            logs, project, refs, wins, messy, parallel=messy and os.environ.get("PROBE11_SERIAL") is None
        )
    labels.write(args.out, w, files, args.seed, time.time() - t0, t_gen)
    print(
        json.dumps(
            {
                "seed": args.seed,
                "accounts": len(w.accounts),
                "exchanges": len(w.ex),
                "files": len(files),
                "bytes": sum(f["bytes"] for f in files),
                "seconds": round(time.time() - t0, 1),
                "simulate_s": round(t_gen, 1),
                "rows_s": round(t_refs, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
