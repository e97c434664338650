"""Realistic Exchange tables built from the real public data in ../shared/data, for ingest tests.

Prompts and answers are real: GSM8K questions with their step-by-step rationales as the reasoning
and the final number as the answer; multi-turn HH-RLHF dialogues (the last assistant turn is the
response); Japanese MGSM problems; Self-Instruct tasks behind a system prompt. Identity, timing and
token fields are drawn from a seeded generator. Some exchanges fail (no response, HTTP 429/500).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from antidistill.records import EXCHANGE_SCHEMA

T0 = dt.datetime(2026, 2, 3, 8, 0, tzinfo=dt.UTC)
_TURN = re.compile(r"\n\n(Human|Assistant): ")


def _gsm8k(data: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with (data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        for line, _ in zip(fh, range(n), strict=False):
            item = json.loads(line)
            rationale, _, answer = item["answer"].rpartition("####")
            out.append({"messages": [{"role": "user", "content": item["question"]}],
                        "response_text": f"The answer is {answer.strip()}.", "reasoning_text": rationale.strip()})
    return out


def _hh(data: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with gzip.open(data / "hh-rlhf" / "harmless-base-test.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = _TURN.split(json.loads(line)["chosen"])[1:]
            turns = [{"role": "user" if who == "Human" else "assistant", "content": text.strip()}
                     for who, text in zip(parts[::2], parts[1::2], strict=True)]
            if len(turns) >= 3 and turns[-1]["role"] == "assistant":
                out.append({"messages": turns[:-1], "response_text": turns[-1]["content"], "reasoning_text": None})
            if len(out) >= n:
                break
    return out


def _mgsm_ja(data: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with (data / "mgsm" / "mgsm_ja.tsv").open(encoding="utf-8") as fh:
        for line, _ in zip(fh, range(n), strict=False):
            question, answer = line.rstrip("\n").split("\t")
            out.append({"messages": [{"role": "user", "content": question}], "response_text": f"答えは{answer}です。",
                        "reasoning_text": None})
    return out


def _self_instruct(data: Path, n: int) -> list[dict[str, Any]]:
    out = []
    with (data / "self-instruct" / "seed_tasks.jsonl").open(encoding="utf-8") as fh:
        for line, _ in zip(fh, range(n), strict=False):
            task = json.loads(line)
            inst = task["instances"][0]
            user = task["instruction"] + ("\n\n" + inst["input"] if inst["input"] else "")
            out.append({"messages": [{"role": "system", "content": "You are a helpful assistant."},
                                     {"role": "user", "content": user}],
                        "response_text": inst["output"], "reasoning_text": None})
    return out


def real_exchanges(data: Path, n: int = 200, *, seed: int = 0) -> pa.Table:
    """Up to ``n`` exchanges (about a quarter from each source; at most 1,425, the sources' sizes) in
    ``EXCHANGE_SCHEMA``, deterministic for ``seed``. Tile the table for larger volumes."""
    rng = np.random.default_rng(seed)
    per = -(-n // 4)
    pool = _gsm8k(data, per) + _hh(data, per) + _mgsm_ja(data, per) + _self_instruct(data, per)
    order = rng.permutation(len(pool))[:n]
    accounts = [f"acct-{i:03d}" for i in range(12)]
    rows = []
    t = T0
    for k, idx in enumerate(order):
        base = pool[int(idx)]
        t = t + dt.timedelta(microseconds=int(rng.integers(1_000_000, 90_000_000)))
        acct = int(rng.integers(len(accounts)))
        # Quarter milliseconds are exact in float32, so ts_end == ts_start + latency_ms survives the schema.
        latency = float(np.round(rng.uniform(200, 9000) * 4) / 4)
        fail = rng.random() < 0.08
        prompt_tokens = sum(len(m["content"]) for m in base["messages"]) // 4 + 3
        reasoning_tokens = len(base["reasoning_text"]) // 4 if base["reasoning_text"] and not fail else None
        completion = None if fail else len(base["response_text"]) // 4 + 1 + (reasoning_tokens or 0)
        rows.append({
            "exchange_id": f"chatcmpl-{seed:02d}{k:06d}",
            "ts_start": t, "ts_end": t + dt.timedelta(milliseconds=latency),
            "account_id": accounts[acct], "api_key_id": f"key-{acct:03d}-{int(rng.integers(2))}",
            "org_id": f"org-{acct % 4}", "end_user": f"user-{int(rng.integers(50))}" if rng.random() < 0.3 else None,
            "client_ip": f"203.0.113.{int(rng.integers(1, 255))}",
            "user_agent": ["OpenAI/Python 1.40.0", "curl/8.5.0", "litellm/1.52.0"][acct % 3],
            "model": ["gpt-4o-mini", "o3-mini", "deepseek-r1"][int(rng.integers(3))],
            "messages": base["messages"],
            "response_text": None if fail else base["response_text"],
            "reasoning_text": None if fail else base["reasoning_text"],
            "prompt_tokens": prompt_tokens, "completion_tokens": completion, "reasoning_tokens": reasoning_tokens,
            "max_tokens": [None, 1024, 4096][int(rng.integers(3))],
            "status": "error" if fail else "ok", "http_status": int(rng.choice([429, 500])) if fail else 200,
            "latency_ms": latency, "source_format": "canonical",
        })
    return pa.Table.from_pylist(rows, schema=EXCHANGE_SCHEMA)


def read_back(tmp_path: Path, path: Path, *, format: str = "auto", batch_size: int | None = None,
              ) -> tuple[pa.Table, Any, list[Any]]:
    """Read one log file as a scan would: (the Exchange table, the ``IngestReport``, the quarantined rows)."""
    from antidistill.ingest import IngestReport, QuarantineWriter, read_paths, read_quarantine

    report = IngestReport()
    q_path = tmp_path / f"q-{path.name}.jsonl"
    extra = {} if batch_size is None else {"batch_size": batch_size}
    with QuarantineWriter(q_path) as q:
        batches = list(read_paths([path], format=format, report=report, quarantine=q, **extra))
    return (pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA), report,
            read_quarantine(q_path) if q_path.exists() else [])


def call_fields(row: dict[str, Any]) -> dict[str, Any]:
    """One read call's fields under the names of the product samples' ``NAME.expected.json`` (``data/real_formats``
    and ``data/real_formats_more``): caller, model, last user message, first system turn, answer, tokens, HTTP
    status, address."""
    msgs = row["messages"] or []
    return {"caller": row["account_id"], "model": row["model"],
            "prompt_last_user": next((m["content"] for m in reversed(msgs) if m["role"] == "user"), None),
            "system": next((m["content"] for m in msgs if m["role"] == "system"), None),
            "response": row["response_text"], "prompt_tokens": row["prompt_tokens"],
            "completion_tokens": row["completion_tokens"], "status": row["http_status"],
            "client_ip": row["client_ip"]}


def generate_probe(name: str, out: Path, *args: str) -> Path:
    """Write an out-of-simulator probe (``bench/<name>``, seed 1) into ``out`` with its own generator, as a user
    would run it from the repository root; ``args`` are extra generator options."""
    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-m", f"bench.{name}.generate", "--out", str(out), "--seed", "1", *args],
                   cwd=repo, check=True, timeout=900, capture_output=True)
    return out
