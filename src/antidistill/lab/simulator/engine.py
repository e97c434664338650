"""The simulation driver: plan every population, then stream accounts in blocks to Parquet.

Determinism: each account's generator is ``default_rng([seed, population, account_index])``; the
account order (shuffled so that files do not reveal which population an account belongs to) comes
from ``default_rng([seed, ORDER_STREAM])``. Same seed and scenario, byte-identical files.
Memory is bounded by ``Scenario.batch_rows``: rows are built into Arrow arrays directly from numpy
index arrays and written as one row group per batch.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from tqdm import tqdm

from antidistill.lab.simulator.base import ARCHETYPES, PERSONAS, ROLE_NAMES, STATUS_NAMES, AccountPlan, Rows
from antidistill.lab.simulator.context import SimContext, build_context
from antidistill.lab.simulator.scenario import Scenario
from antidistill.records import EXCHANGE_SCHEMA, MESSAGE_TYPE, MODEL_SCHEMA

ORDER_STREAM = 2**31 - 1
PLAN_STREAM = 2**30
_TS = pa.timestamp("us", tz="UTC")

LABEL_SCHEMA = pa.schema([
    pa.field("account_id", pa.string(), nullable=False),
    pa.field("campaign_id", pa.string()),
    pa.field("archetype", pa.string(), nullable=False),
    pa.field("replaced_account_id", pa.string()),
    pa.field("banned_at", _TS),
    pa.field("created_at", _TS),
    pa.field("access_path", pa.string()),
    pa.field("tier", pa.string()),
    pa.field("exchanges", pa.int64()),
], metadata={b"antidistill.schema": b"labels"})  # ground truth: the ingest never reads it as a log or a directory


@dataclass
class SimulationSummary:
    """What a simulation wrote."""

    out: Path
    accounts: int
    exchanges: int
    seconds: float
    files: list[Path] = field(default_factory=list)
    accounts_by_label: dict[str, int] = field(default_factory=dict)
    exchanges_by_label: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """A short human-readable summary."""
        out = [f"wrote {self.exchanges:,} exchanges from {self.accounts:,} accounts in {self.seconds:.1f}s "
               f"to {self.out}"]
        for label in sorted(self.accounts_by_label):
            out.append(f"  {label:<34} {self.accounts_by_label[label]:>7,} accounts "
                       f"{self.exchanges_by_label.get(label, 0):>11,} exchanges")
        out.append(f"  files: {', '.join(str(p.relative_to(self.out)) for p in self.files)}")
        return out


def plan_all(ctx: SimContext) -> list[AccountPlan]:
    """Plan every account of every population and campaign, in scenario order."""
    plans: list[AccountPlan] = []
    sc = ctx.scenario
    for pop, spec in enumerate(sc.benign):
        gen = PERSONAS.create(spec.persona)
        plans += gen.plan(ctx, spec, pop, np.random.default_rng([ctx.seed, pop, PLAN_STREAM]))
    for j, cspec in enumerate(sc.campaigns):
        pop = len(sc.benign) + j
        gen = ARCHETYPES.create(cspec.archetype)
        plans += gen.plan(ctx, cspec, pop, np.random.default_rng([ctx.seed, pop, PLAN_STREAM]))
    return plans


def _take(values: Sequence[str | None], idx: np.ndarray) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(idx))


def _pool_take(pool: pa.Array, idx: np.ndarray) -> pa.Array:
    mask = idx < 0
    return pool.take(pa.array(np.where(mask, 0, idx), mask=mask if mask.any() else None))


def build_table(ctx: SimContext, plans: list[AccountPlan], rows: list[Rows]) -> pa.Table:
    """One Arrow table in EXCHANGE_SCHEMA for a block of accounts."""
    pool = ctx.corpus.pool.arrow
    sizes = np.array([len(r) for r in rows])
    acct = np.repeat(np.arange(len(plans)), sizes)

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(r, name) for r in rows])

    def per_account(values: list[list[str]], local: np.ndarray) -> pa.Array:
        flat = [v for vs in values for v in vs]
        base = np.cumsum([0] + [len(vs) for vs in values[:-1]])
        return _take(flat, base[acct] + local)

    ts = cat("ts_us")
    latency = cat("latency_ms")
    account_ids = _take([p.account_id for p in plans], acct)
    within = np.concatenate([np.arange(s) for s in sizes])
    exchange_id = pc.binary_join_element_wise(account_ids, pc.cast(pa.array(within), pa.string()), "-")
    end_user_raw = cat("end_user")
    eu_mask = end_user_raw < 0
    end_user = pc.binary_join_element_wise(
        _take([p.account_id[-6:] for p in plans], acct),
        pc.cast(pa.array(end_user_raw, mask=eu_mask if eu_mask.any() else None), pa.string()), "-eu")
    counts = cat("msg_count")
    parts = np.concatenate([r.msg_parts for r in rows])
    content = pc.binary_join_element_wise(*(pool.take(pa.array(parts[:, k])) for k in range(4)), "")
    roles = _take(list(ROLE_NAMES), cat("msg_role").astype(np.int64))
    messages = pa.ListArray.from_arrays(pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)),
                                        pa.StructArray.from_arrays([roles, content], fields=list(MESSAGE_TYPE)))
    resp = np.concatenate([r.resp_parts for r in rows])
    response = pc.binary_join_element_wise(_pool_take(pool, resp[:, 0]), _pool_take(pool, resp[:, 1]), "")
    reasoning_tokens = cat("reasoning_tokens")
    max_tokens = cat("max_tokens")
    cols = {
        "exchange_id": exchange_id,
        "ts_start": pa.array(ts, _TS),
        "ts_end": pa.array(ts + (latency.astype(np.float64) * 1000).astype(np.int64), _TS),
        "account_id": account_ids,
        "api_key_id": per_account([p.api_key_ids for p in plans], cat("key")),
        "org_id": _take([p.org_id for p in plans], acct),
        "end_user": end_user,
        "access_path": _take([p.access_path for p in plans], acct),
        "account_created_at": pa.array(np.array([p.created_at_us for p in plans], np.int64)[acct], _TS),
        "account_tier": _take([p.tier for p in plans], acct),
        "payment_fingerprint": _take([p.payment_fingerprint for p in plans], acct),
        "client_ip": per_account([p.ips for p in plans], cat("ip")),
        "asn": pa.array(np.concatenate([np.array(p.asns, np.int32)[r.ip] for p, r in zip(plans, rows, strict=True)]),
                        pa.int32()),
        "user_agent": per_account([p.user_agents for p in plans], cat("ua")),
        "model": _take(ctx.model_names, cat("model").astype(np.int64)),
        "messages": messages,
        "response_text": response,
        "reasoning_text": _pool_take(pool, cat("reasoning")),
        "prompt_tokens": pa.array(cat("prompt_tokens"), pa.int32()),
        "completion_tokens": pa.array(cat("completion_tokens"), pa.int32()),
        "reasoning_tokens": pa.array(reasoning_tokens, pa.int32(), mask=reasoning_tokens < 0),
        "max_tokens": pa.array(max_tokens, pa.int32(), mask=max_tokens < 0),
        "status": _take(list(STATUS_NAMES), cat("status").astype(np.int64)),
        "http_status": pa.array(cat("http_status"), pa.int16()),
        "latency_ms": pa.array(latency, pa.float32()),
        "source_format": pa.array(np.full(len(ts), "simulator", dtype=object), pa.string()),
        # the lab's personas and campaigns do not model log-probability requests: not logged, not "none asked"
        "top_logprobs": pa.nulls(len(ts), pa.int16()),
    }
    return pa.Table.from_arrays([cols[f.name] for f in EXCHANGE_SCHEMA], schema=EXCHANGE_SCHEMA)


def simulate(scenario: Scenario, seed: int, out: Path, *, data_dir: Path | None = None,
             progress: bool = False) -> SimulationSummary:
    """Generate ``scenario`` with ``seed`` into ``out`` (exchanges/, labels.parquet, models.parquet, scenario.json)."""
    from antidistill.settings import Settings

    t0 = time.perf_counter()
    data_dir = Path(data_dir) if data_dir is not None else Settings.load().data_dir
    out = Path(out)
    (out / "exchanges").mkdir(parents=True, exist_ok=True)
    for old in (out / "exchanges").glob("part-*.parquet"):
        old.unlink()  # a rerun into the same folder must not leave parts of a bigger earlier run
    ctx = build_context(scenario, seed, data_dir)
    plans = plan_all(ctx)
    order = np.random.default_rng([seed, ORDER_STREAM]).permutation(len(plans))
    generators = {name: PERSONAS.create(name) for name in PERSONAS.names()}
    generators.update({name: ARCHETYPES.create(name) for name in ARCHETYPES.names()})

    files: list[Path] = []
    writer: pq.ParquetWriter | None = None
    rows_in_file = 0
    n_rows: dict[str, int] = {}
    block_plans: list[AccountPlan] = []
    block_rows: list[Rows] = []
    pending = 0

    def flush() -> None:
        nonlocal writer, rows_in_file, pending
        if not block_rows:
            return
        table = build_table(ctx, block_plans, block_rows)
        if writer is None or rows_in_file >= scenario.rows_per_file:
            if writer is not None:
                writer.close()
            path = out / "exchanges" / f"part-{len(files):05d}.parquet"
            files.append(path)
            writer = pq.ParquetWriter(path, EXCHANGE_SCHEMA, compression="zstd", compression_level=1,
                                        use_compliant_nested_type=False)  # keep the list item name "item"
            rows_in_file = 0
        writer.write_table(table, row_group_size=max(1, table.num_rows))
        rows_in_file += table.num_rows
        block_plans.clear()
        block_rows.clear()
        pending = 0

    with tqdm(total=len(plans), unit="acct", disable=not progress, file=None, mininterval=1.0) as bar:
        for i in order:
            plan = plans[int(i)]
            rows = generators[plan.persona].generate(ctx, plan, np.random.default_rng([seed, plan.population,
                                                                                       plan.index]))
            if len(rows) == 0:
                raise RuntimeError(f"generator {plan.persona!r} produced no rows for account {plan.account_id}")
            n_rows[plan.account_id] = len(rows)
            block_plans.append(plan)
            block_rows.append(rows)
            pending += len(rows)
            if pending >= scenario.batch_rows:
                flush()
            bar.update(1)
        flush()
    if writer is not None:
        writer.close()

    labels = sorted(plans, key=lambda p: p.account_id)
    pq.write_table(pa.Table.from_pylist([{
        "account_id": p.account_id, "campaign_id": p.campaign_id, "archetype": p.label,
        "replaced_account_id": p.replaced_account_id,
        "banned_at": None if p.banned_at_us is None else p.banned_at_us, "created_at": p.created_at_us,
        "access_path": p.access_path, "tier": p.tier, "exchanges": n_rows[p.account_id]} for p in labels],
        schema=LABEL_SCHEMA), out / "labels.parquet", compression="zstd")
    pq.write_table(pa.table({
        "model": ctx.model_names, "family": [m.family for m in scenario.models],
        "released_at": pa.array(ctx.model_release_us, _TS), "reasoning": [m.reasoning for m in scenario.models]},
        schema=MODEL_SCHEMA), out / "models.parquet")
    resolved = {"seed": seed, "scenario": scenario.to_dict(), "data_dir": "shared/data",
                "generators": {name: type(g).__module__ for name, g in sorted(generators.items())}}
    (out / "scenario.json").write_text(json.dumps(resolved, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    acc_by: Counter[str] = Counter(p.label for p in plans)
    ex_by: Counter[str] = Counter()
    for p in plans:
        ex_by[p.label] += n_rows[p.account_id]
    return SimulationSummary(out=out, accounts=len(plans), exchanges=sum(n_rows.values()),
                             seconds=time.perf_counter() - t0, files=[*files, out / "labels.parquet",
                                                                        out / "models.parquet", out / "scenario.json"],
                             accounts_by_label=dict(acc_by), exchanges_by_label=dict(ex_by))
