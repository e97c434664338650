"""Write the week as Langfuse's scheduled blob-storage export (legacy traces / observations / scores, JSONL).

Mechanics reproduced from langfuse/langfuse worker/src/features/blobstorage/handleBlobStorageIntegrationProjectJob.ts:
- object key `{prefix}{projectId}/{table}/{maxTimestamp ISO, ':'->'-', first 19 chars}.jsonl`;
- each run exports one window [min, max] with both ends inclusive, filtered on traces.timestamp,
  observations.start_time and scores.timestamp, and runs once `max` is 20 minutes in the past;
- a run sees the latest version of each row ingested by then (FINAL / LIMIT 1 BY id), so rows ingested late
  are missing, and rows whose update event came late are exported without the update;
- resetting the sync position re-scans history from a custom date on a new window grid.
Rows inside a file follow the table's sort key, not time.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import UTC, datetime
from functools import partial

import numpy as np

from .core import DAY, HOUR, WEEK_END, WEEK_START, Exchange, Ids, fmt_ts
from .rows import RowBuilder, Usage, litellm_generation_id

PREFIX = "langfuse-export/"
PROD_PROJECT = "cm7qz1v0k000208l4e6w2h9ab"
STAGING_PROJECT = "cm7qz3b5x000a08l4c1m0p7tn"
LAG = 20 * 60
RESET_AT = datetime(2026, 3, 6, 9, 12, tzinfo=UTC).timestamp()  # an admin switches History to a custom date
RESCAN_FROM = datetime(2026, 3, 5, 12, 30, tzinfo=UTC).timestamp()
# local copies damaged by an interrupted sync: (table, file) -> share of bytes kept (cut mid-line)
TRUNCATED = {("observations", "2026-03-04T15-00-00"): 0.61, ("traces", "2026-03-08T17-30-00"): 0.83}
RESUMED = ("traces", "2026-03-07T04-30-00")  # sync tool appended a full copy to a partial one
_ENC = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _key(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%dT%H-%M-%S")


class Ref:
    """One exported row with its versions: [(ingested_at, build-thunk)]. key = the table's time column."""

    __slots__ = ("key", "order", "versions")

    def __init__(self, key: float, order: tuple, versions: list) -> None:
        self.key, self.order, self.versions = int(key * 1000 + 0.5), order, versions

    def at(self, run: float):
        best = None
        for avail, thunk in self.versions:
            if avail <= run:
                best = thunk
        return best


def build_refs(exs: list[Exchange], builder: RowBuilder, ids: Ids, rng: np.random.Generator) -> dict[str, list[Ref]]:
    """Turn exchanges into rows with their ingestion times; rows are built only when a file is written."""
    refs: dict[str, list[Ref]] = {"traces": [], "observations": [], "scores": []}
    obs, traces, scores = refs["observations"], refs["traces"], refs["scores"]
    groups: dict[str, list[Exchange]] = {}
    for e in exs:
        if e.trace_id:
            groups.setdefault(e.trace_id, []).append(e)
    draws = rng.random(len(exs)).tolist()
    audit: dict[int, list] = {}
    for e, d in zip(exs, draws, strict=True):
        u = Usage(e, int(len(e.reply.get("reasoning") or "") / 4 * (2 + 4 * d)) if e.reply else 0)
        date = fmt_ts(e.ts)[:10]
        done = e.ts + e.dur + e.lag
        if e.source == "playground":
            _playground(refs, builder, ids, e, u, done, d)
            continue
        tid = e.trace_id or ids.uuid4()  # LiteLLM uses its call id as the trace id
        gid = ids.uuid4() if e.error else litellm_generation_id(e.ts, "chatcmpl-" + ids.hexid(32))
        obs.append(
            Ref(e.ts, ("GENERATION", date, gid), [(done, partial(builder.generation, e, gid, tid, u, done, done))])
        )
        if e.guardrail:
            sid = ids.uuid4()
            obs.append(
                Ref(e.ts - 0.05, ("SPAN", date, sid), [(done, partial(builder.guardrail_span, e, sid, tid, done))])
            )
        grp = groups.get(e.trace_id) if e.trace_id else None
        t_trace = e.ts + e.dur + 0.04  # the logger creates the trace after the call returns
        if grp is None:
            traces.append(
                Ref(t_trace, (date, tid), [(done, partial(builder.trace, e, tid, t_trace, done, done, d > 0.9998))])
            )
        elif grp[0] is e:  # first call of a client-grouped trace; each later call upserts input/output
            last = grp[-1]
            last_done = last.ts + last.dur + last.lag
            traces.append(
                Ref(
                    t_trace,
                    (date, tid),
                    [
                        (done, partial(builder.trace, e, tid, t_trace, done, done, False)),
                        (last_done, partial(builder.trace, last, tid, t_trace, done, last_done, False)),
                    ],
                )
            )
        if not e.error and not e.acct.zdr and d < 0.015 and (grp is None or grp[-1] is e):
            ts = done + 120 + d * 20000  # the project's LLM-as-judge evaluator samples 1.5% of traces
            sid, val = ids.uuid4(), round(0.35 + 0.6 * ((d * 977) % 1), 2)
            comment = (
                "The answer addresses the request directly."
                if val > 0.6
                else "Partially helpful; it misses part of the question."
            )
            scores.append(
                Ref(
                    ts,
                    (fmt_ts(ts)[:10], "helpfulness", sid),
                    [
                        (
                            ts + 1,
                            partial(
                                builder.score,
                                sid,
                                ts,
                                tid,
                                gid,
                                e.session,
                                "helpfulness",
                                val,
                                "EVAL",
                                "NUMERIC",
                                None,
                                comment,
                                ts + 1,
                            ),
                        )
                    ],
                )
            )
        if not e.error and d > 0.995:
            audit.setdefault(int((e.ts - WEEK_START) // DAY), []).append((tid, e.session))
    for day, items in audit.items():  # nightly audit job stamps every score with the run's start, 02:00:00.000
        ts = WEEK_START + (day + 1) * DAY + 2 * HOUR
        if ts >= WEEK_END:
            continue
        for tid, session in items:
            sid = ids.uuid4()
            verdict = "review" if rng.random() < 0.06 else "pass"
            scores.append(
                Ref(
                    ts,
                    (fmt_ts(ts)[:10], "policy-audit", sid),
                    [
                        (
                            ts + 45,
                            partial(
                                builder.score,
                                sid,
                                ts,
                                tid,
                                None,
                                session,
                                "policy-audit",
                                float(verdict == "review"),
                                "API",
                                "CATEGORICAL",
                                verdict,
                                None,
                                ts + 45,
                            ),
                        )
                    ],
                )
            )
    return refs


def _playground(refs, builder: RowBuilder, ids: Ids, e: Exchange, u: Usage, done: float, draw: float) -> None:
    """Console playground: the JS SDK sends a create event while streaming and an update at the end."""
    tid, span_id, gen_id = ids.hexid(32), ids.hexid(16), ids.hexid(16)
    first = e.ts + 1.5 + e.lag % 3 + max(0.0, e.lag - 60)
    if 0.5 < draw < 0.62:  # the browser tab was suspended: the update is flushed when the user comes back
        done += 1800 + (draw - 0.5) * 3e5
    date = fmt_ts(e.ts)[:10]
    b = builder
    refs["traces"].append(
        Ref(
            e.ts - 0.02,
            (date, tid),
            [
                (first, partial(b.pg_trace, e, tid, first, first, True)),
                (done, partial(b.pg_trace, e, tid, first, done, False)),
            ],
        )
    )
    refs["observations"].append(
        Ref(
            e.ts - 0.02,
            ("SPAN", date, span_id),
            [
                (first, partial(b.pg_span, e, span_id, tid, first, True)),
                (done, partial(b.pg_span, e, span_id, tid, first, False)),
            ],
        )
    )
    refs["observations"].append(
        Ref(
            e.ts,
            ("GENERATION", date, gen_id),
            [
                (first, partial(b.pg_generation, e, gen_id, span_id, tid, u, first, first, True)),
                (done, partial(b.pg_generation, e, gen_id, span_id, tid, u, first, done, False)),
            ],
        )
    )
    if draw < 0.3:
        ev = ids.hexid(16)
        name = ["stream-stopped", "copied-output", "regenerate"][int(draw * 10)]
        refs["observations"].append(
            Ref(
                e.ts + e.dur + 2 + e.lag % 20,
                ("EVENT", date, ev),
                [(done + 25, partial(b.pg_event, e, ev, span_id, tid, name, done + 25))],
            )
        )
    if draw > 0.88:
        sid, ts = ids.uuid4(), done + 30
        val = float(draw > 0.93)
        refs["scores"].append(
            Ref(
                ts,
                (fmt_ts(ts)[:10], "user-feedback", sid),
                [
                    (
                        ts + 2,
                        partial(
                            b.score,
                            sid,
                            ts,
                            tid,
                            gen_id,
                            f"pg-{tid[:12]}",
                            "user-feedback",
                            val,
                            "API",
                            "BOOLEAN",
                            str(bool(val)),
                            None,
                            ts + 2,
                        ),
                    )
                ],
            )
        )


def windows_prod(rng: np.random.Generator) -> list[tuple[float, float, float]]:
    """(min, max, run time) of every export run the production integration made for the week."""
    out = []
    t = WEEK_START
    while t + HOUR + LAG <= RESET_AT:  # hourly schedule until the admin's change
        out.append((t, t + HOUR, t + HOUR + LAG + float(rng.uniform(5, 240))))
        t += HOUR
    t, k = RESCAN_FROM, 0
    while t < WEEK_END:  # re-scan from the custom date, catching up quickly, then hourly on the new grid
        due = t + HOUR + LAG
        run = RESET_AT + 60 + 40 * k if due <= RESET_AT else due + float(rng.uniform(5, 240))
        out.append((t, t + HOUR, run))
        t += HOUR
        k += 1
    return out


def windows_daily() -> list[tuple[float, float, float]]:
    return [
        (WEEK_START + d * DAY, WEEK_START + (d + 1) * DAY, WEEK_START + (d + 1) * DAY + LAG + 300) for d in range(7)
    ]


def _write_files(root: str, project: str, tables: dict, wins: list, messy: bool, part: int, parts: int) -> list[dict]:
    files = []
    for table, (rows, keys) in tables.items():
        folder = os.path.join(root, PREFIX + project, table)
        for k, (lo, hi, run) in enumerate(wins):
            if k % parts != part:
                continue
            a = int(np.searchsorted(keys, round(lo * 1000), "left"))
            b = int(np.searchsorted(keys, round(hi * 1000), "right"))
            chosen = [(r.order, thunk) for r in rows[a:b] if (thunk := r.at(run)) is not None]
            chosen.sort(key=lambda x: x[0])
            data = "".join(_ENC(th()) + "\n" for _, th in chosen).encode()
            name = _key(hi)
            if messy and (table, name) in TRUNCATED:
                data = data[: int(len(data) * TRUNCATED[(table, name)])]
            elif messy and (table, name) == RESUMED:
                data = data[: int(len(data) * 0.4)] + data
            path = os.path.join(folder, f"{name}.jsonl")
            with open(path, "wb") as fh:
                fh.write(data)
            files.append(
                {
                    "path": os.path.relpath(path, os.path.dirname(root)),
                    "project_id": project,
                    "table": table,
                    "window_min": fmt_ts(lo),
                    "window_max": fmt_ts(hi),
                    "run_at": fmt_ts(run),
                    "rows": len(chosen),
                    "bytes": len(data),
                }
            )
    return files


def _child(conn, *args) -> None:
    conn.send(_write_files(*args))
    conn.close()


def write_project(
    root: str, project: str, refs: dict[str, list[Ref]], wins: list, messy: bool, parallel: bool = False
) -> list[dict]:
    """Write every table of a project; with `parallel`, a forked process writes every other window."""
    tables = {}
    for table, rows in refs.items():
        rows.sort(key=lambda r: r.key)
        tables[table] = (rows, np.array([r.key for r in rows], dtype=np.int64))
        os.makedirs(os.path.join(root, PREFIX + project, table), exist_ok=True)
    if not parallel:
        files = _write_files(root, project, tables, wins, messy, 0, 1)
    else:
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, root, project, tables, wins, messy, 1, 2))
        proc.start()
        files = _write_files(root, project, tables, wins, messy, 0, 2)
        files += recv.recv()
        proc.join()
        if proc.exitcode:
            raise RuntimeError("export writer process failed")
    order = {t: i for i, t in enumerate(refs)}
    return sorted(files, key=lambda f: (order[f["table"]], f["run_at"], f["path"]))
