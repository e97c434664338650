"""Out-of-simulator traffic probe: a week of gateway logs written independently of the traffic lab.

The scan's detection numbers elsewhere come from ``antidistill.lab.simulator``; this generator shares no
code or parameters with it. Personas and campaigns are designed from the public reports only
(``/work/shared/REFERENCES.md``): hydra clusters behind reseller proxies with banned accounts replaced at
once, chain-of-thought reconstruction, grading prompts that turn the model into a reward model, forcing
the reasoning language and translating it, replaying reasoning from other sessions, agentic-coding
trajectories pivoting to a new model on release day. Benign accounts include the hard look-alikes: eval
suites, CI jobs, enterprise apps, aggregators, researchers, students and translators. Prompts are real
(``/work/shared/data``); responses are synthetic.

Outputs under ``--out``: ``litellm/`` (LiteLLM ``StandardLoggingPayload`` JSON lines, one file per day,
including failed calls and embedding calls), ``openai/`` (the same chat traffic as OpenAI-style
request/response logs), ``labels.parquet`` (the columns ``antidistill eval`` reads), ``models.parquet``
(release times, kept out of the log folders: gateway logs do not carry them) and ``manifest.json``.

    nice -n 19 .venv/bin/python bench/foreign_traffic.py --out /tmp/foreign --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
import foreign_campaigns  # noqa: E402,F401  (registers the campaigns)
import foreign_personas  # noqa: E402,F401  (registers the personas)
from antidistill.records import MODEL_SCHEMA  # noqa: E402
from foreign_actors import BENIGN, CAMPAIGNS, DAY, MODELS, START, Account, Call, Ctx, World  # noqa: E402
from foreign_prompts import load_pools  # noqa: E402

# ---------------------------------------------------------------- writers


def _tokens(text: str) -> int:
    cjk = sum(1 for ch in text if ord(ch) > 0x2E80)
    return max(1, (len(text) - cjk) // 4 + cjk)


def litellm_row(c: Call, i: int) -> dict[str, Any]:
    """The call as a LiteLLM ``StandardLoggingPayload``."""
    a = c.acct
    latency = 0.4 + (len(c.response) + len(c.reasoning or "")) / 900.0 + (i % 7) * 0.05
    pt = sum(_tokens(str(m.get("content") or "")) for m in c.messages)
    rt = _tokens(c.reasoning) if c.reasoning else 0
    ct = 0 if c.failed else _tokens(c.response) + rt
    call_id = hashlib.sha1(f"{a.key_hash}:{i}".encode()).hexdigest()
    response: Any
    if c.failed:
        response = None
    else:
        msg: dict[str, Any] = {"role": "assistant", "content": c.response, "tool_calls": None}
        if c.reasoning:
            msg["reasoning_content"] = c.reasoning
        response = {"id": f"chatcmpl-{call_id[:24]}", "object": "chat.completion", "created": int(c.ts),
                    "model": c.model, "system_fingerprint": None,
                    "choices": [{"index": 0, "finish_reason": "stop", "message": msg}],
                    "usage": {"prompt_tokens": pt, "completion_tokens": ct, "total_tokens": pt + ct,
                              "completion_tokens_details": {"reasoning_tokens": rt}}}
    params: dict[str, Any] = {"stream": bool(i % 3 == 0)}
    if c.max_tokens:
        params["max_tokens"] = c.max_tokens
    if c.temperature is not None:
        params["temperature"] = c.temperature
    if c.tools:
        params["tools"] = c.tools
    meta: dict[str, Any] = {
            "user_api_key_hash": a.key_hash, "user_api_key_alias": a.key_alias, "user_api_key_org_id": None,
            "user_api_key_team_id": a.team_id, "user_api_key_user_id": a.user_id, "user_api_key_user_email": None,
            "user_api_key_team_alias": None, "user_api_key_end_user_id": c.end_user, "spend_logs_metadata": None,
            "requester_ip_address": c.ip, "requester_metadata": {}, "applied_guardrails": [],
            "requester_custom_headers": {"user-agent": c.ua} if c.ua else {}, "prompt_management_metadata": None,
            "mcp_tool_call_metadata": None, "usage_object": None}
    cost = round((pt * 1.1 + ct * 4.4) / 1e6, 8)
    row: dict[str, Any] = {
        "id": call_id, "trace_id": hashlib.sha1(call_id.encode()).hexdigest()[:32], "call_type": c.call_type,
        "stream": params["stream"], "response_cost": 0.0 if c.failed else cost,
        "response_cost_failure_debug_info": None, "status": "failure" if c.failed else "success",
        "total_tokens": pt + ct, "prompt_tokens": pt, "completion_tokens": ct,
        "startTime": round(c.ts, 6), "endTime": round(c.ts + latency, 6),
        "completionStartTime": round(c.ts + min(latency, 0.35), 6), "response_time": round(latency, 6),
        "model_map_information": {"model_map_key": c.model, "model_map_value": None},
        "model": c.model, "model_id": hashlib.md5(c.model.encode()).hexdigest(), "model_group": c.model,
        "api_base": "https://upstream-eu.orion.example/v1" if i % 2 else "https://upstream-us.orion.example/v1",
        "metadata": meta, "cache_hit": None if i % 11 else False, "cache_key": None, "saved_cache_cost": 0.0,
        "request_tags": [], "end_user": c.end_user or "", "requester_ip_address": c.ip,
        "messages": c.messages, "response": response, "error_str": None, "error_information": None,
        "model_parameters": params,
        "hidden_params": {"model_id": hashlib.md5(c.model.encode()).hexdigest(), "cache_key": None,
                          "api_base": "https://upstream-us.orion.example/v1", "response_cost": cost,
                          "additional_headers": {}, "litellm_overhead_time_ms": round(1.5 + (i % 5) * 0.3, 2),
                          "batch_models": None, "litellm_model_name": f"openai/{c.model}"},
        "guardrail_information": None, "standard_built_in_tools_params": None,
    }
    if c.failed:
        code, cls = ("429", "RateLimitError") if i % 3 else ("500", "InternalServerError")
        row["error_str"] = f"litellm.{cls}: OpenAIException - upstream returned {code}"
        row["error_information"] = {"error_code": code, "error_class": cls, "llm_provider": "openai",
                                    "traceback": "Traceback (most recent call last): ...", "error_message": cls}
    return row


def embedding_row(acct: Account, ts: float, text: str, i: int) -> dict[str, Any]:
    """A LiteLLM embedding call (RAG apps log these too): the scan quarantines them by ``call_type``."""
    return {"id": hashlib.sha1(f"emb:{acct.key_hash}:{i}".encode()).hexdigest(), "call_type": "aembedding",
            "status": "success", "startTime": round(ts, 6), "endTime": round(ts + 0.08, 6),
            "model": "orion-embed", "model_group": "orion-embed", "messages": [text[:200]],
            "response": {"object": "list", "data": [{"object": "embedding", "index": 0}], "model": "orion-embed"},
            "prompt_tokens": _tokens(text[:200]), "completion_tokens": 0, "total_tokens": _tokens(text[:200]),
            "metadata": {"user_api_key_hash": acct.key_hash, "user_api_key_user_id": acct.user_id,
                         "user_api_key_team_id": acct.team_id, "requester_ip_address": acct.ips[0]},
            "requester_ip_address": acct.ips[0], "api_base": "https://upstream-us.orion.example/v1",
            "cache_hit": None, "response_cost": 1e-6, "hidden_params": {}, "model_parameters": {}}


def openai_row(c: Call, lite: dict[str, Any]) -> dict[str, Any]:
    """The same chat call as an OpenAI-style request/response log line."""
    a = c.acct
    req: dict[str, Any] = {"model": c.model, "messages": c.messages}
    if c.max_tokens:
        req["max_completion_tokens"] = c.max_tokens
    if c.end_user:
        req["user"] = c.end_user
    if c.tools:
        req["tools"] = c.tools
    meta: dict[str, Any] = {"account_id": a.account_id, "api_key_id": a.key_hash, "org_id": a.org_id or a.team_id,
                            "client_ip": c.ip, "user_agent": c.ua, "latency_ms": round(lite["response_time"] * 1e3, 1),
                            "timestamp": dt.datetime.fromtimestamp(c.ts, dt.UTC).isoformat().replace("+00:00", "Z"),
                            "request_id": lite["id"], "status": 200}
    out: dict[str, Any] = {"request": req, "response": lite["response"], "metadata": meta}
    if c.failed:
        meta["status"] = int(lite["error_information"]["error_code"])
        out["error"] = {"type": lite["error_information"]["error_class"], "message": lite["error_str"]}
    return out


def write_all(ctx: Ctx, out: Path, embeddings: list[tuple[Account, float, str]]) -> dict[str, int]:
    """Write both log copies (one file per UTC day, time-ordered), labels and models; return counts."""
    (out / "litellm").mkdir(parents=True, exist_ok=True)
    (out / "openai").mkdir(parents=True, exist_ok=True)
    calls = sorted((c for c in ctx.calls if c.ts < ctx.world.end), key=lambda c: c.ts)
    emb = sorted(embeddings, key=lambda e: e[1])
    per_acct: dict[str, int] = {}
    counts = {"chat": 0, "failed": 0, "embedding": len(emb)}
    for d in range(ctx.world.days):
        lo, hi = START + d * DAY, START + (d + 1) * DAY
        day = dt.datetime.fromtimestamp(lo, dt.UTC).date().isoformat()
        with (out / "litellm" / f"spend-{day}.jsonl").open("w", encoding="utf-8") as fl, \
                (out / "openai" / f"requests-{day}.jsonl").open("w", encoding="utf-8") as fo:
            for i, c in enumerate(calls):
                if not lo <= c.ts < hi:
                    continue
                lite = litellm_row(c, i)
                fl.write(json.dumps(lite, ensure_ascii=False) + "\n")
                fo.write(json.dumps(openai_row(c, lite), ensure_ascii=False) + "\n")
                per_acct[c.acct.account_id] = per_acct.get(c.acct.account_id, 0) + 1
                counts["chat"] += 1
                counts["failed"] += int(c.failed)
            for j, (a, ts, text) in enumerate(emb):
                if lo <= ts < hi:
                    fl.write(json.dumps(embedding_row(a, ts, text, j), ensure_ascii=False) + "\n")
    write_labels(ctx.accounts, per_acct, out / "labels.parquet")
    # The provider knows its own release times; gateway logs do not, so this file sits outside the log folders.
    released = [int((START - 200 * DAY) * 1e6), int((START - 90 * DAY) * 1e6), int(ctx.world.release * 1e6)]
    models = pa.table({"model": list(MODELS), "family": ["orion"] * 3,
                       "released_at": pa.array(released, pa.timestamp("us", tz="UTC")),
                       "reasoning": list(MODELS.values())}, schema=MODEL_SCHEMA)
    pq.write_table(models, out / "models.parquet")
    return counts


def write_labels(accounts: list[Account], per_acct: dict[str, int], path: Path) -> None:
    """``labels.parquet`` as ``antidistill eval`` reads it; accounts that sent no chat call are left out."""
    ts = pa.timestamp("us", tz="UTC")
    rows = [a for a in accounts if per_acct.get(a.account_id)]

    def us(x: float | None) -> int | None:
        return None if x is None else int(x * 1e6)

    pq.write_table(pa.table({
        "account_id": pa.array([a.account_id for a in rows], pa.string()),
        "campaign_id": pa.array([a.campaign_id for a in rows], pa.string()),
        "archetype": pa.array([a.archetype for a in rows], pa.string()),
        "replaced_account_id": pa.array([a.replaced for a in rows], pa.string()),
        "banned_at": pa.array([us(a.banned_at) for a in rows], ts),
        "created_at": pa.array([us(a.created_at) for a in rows], ts),
        "access_path": pa.array([a.access_path for a in rows], pa.string()),
        "tier": pa.array([a.tier for a in rows], pa.string()),
        "exchanges": pa.array([per_acct[a.account_id] for a in rows], pa.int64()),
    }), path)


def generate(world: World, out: Path, data_dir: Path) -> dict[str, Any]:
    """Generate the whole probe into ``out``; returns the manifest (also written as ``manifest.json``)."""
    root = np.random.default_rng(world.seed)
    pools = load_pools(data_dir)
    ctx = Ctx(root, world, pools)
    embeddings: list[tuple[Account, float, str]] = []
    for k, (_name, (count, fn)) in enumerate(sorted(BENIGN.items())):
        n = max(1, round(count * world.benign_scale))
        for _ in range(n):
            ctx.rng = np.random.default_rng([world.seed, 1, k, len(ctx.accounts)])
            fn(ctx)
    chosen = world.campaigns or tuple(sorted(CAMPAIGNS))
    for k, name in enumerate(chosen):
        ctx.rng = np.random.default_rng([world.seed, 2, k])
        CAMPAIGNS[name](ctx)
    ctx.rng = np.random.default_rng([world.seed, 3])
    for c in ctx.calls:  # RAG apps embed documents around their chat calls
        if c.acct.archetype in ("benign:enterprise_app", "benign:aggregator") and ctx.rng.random() < 0.04:
            embeddings.append((c.acct, c.ts - 0.5, str(c.messages[-1].get("content") or "")))
    counts = write_all(ctx, out, embeddings)
    manifest = {"seed": world.seed, "days": world.days, "start": START, "release": world.release,
                "benign_scale": world.benign_scale, "campaign_scale": world.campaign_scale,
                "campaigns": list(chosen), "counts": counts,
                "accounts": {"benign": sum(a.campaign_id is None for a in ctx.accounts),
                             "campaign": sum(a.campaign_id is not None for a in ctx.accounts)}}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: Sequence[str] | None = None) -> None:
    """CLI: ``python bench/foreign_traffic.py --out DIR --seed N``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--benign-scale", type=float, default=1.0, help="multiplies every persona's account count")
    ap.add_argument("--campaign-scale", type=float, default=1.0, help="multiplies every campaign's account count")
    ap.add_argument("--campaigns", default="", help="comma-separated archetypes (default: all)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args(argv)
    world = World(seed=args.seed, days=args.days, benign_scale=args.benign_scale, campaign_scale=args.campaign_scale,
                  campaigns=tuple(c for c in args.campaigns.split(",") if c))
    manifest = generate(world, args.out, args.data)
    print(json.dumps(manifest, indent=2))


if __name__ == "__main__":
    main()
