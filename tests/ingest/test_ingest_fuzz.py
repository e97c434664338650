"""Seeded fuzzing of every reader on real prompts: valid rows of each format with values replaced at random
(wrong types, huge numbers, cut-off JSON, empty containers), in JSON lines, JSON arrays and CSV. Reading
must never raise: every row becomes an exchange or a quarantine entry. This found two crashes (a huge
latency overflowing a time, OTLP levels of the wrong type), both fixed. The ``generic`` reader's shapes are
fuzzed too, with the field paths chosen on the mutated rows themselves."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from generic_convert import SHAPES
from ingest_samples import real_exchanges
from litellm_convert import to_litellm_payload, to_spend_log
from openai_convert import to_openai_log
from otel_convert import to_otel_span

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths
from fuzzing import mutate


def _otel(row: dict[str, Any]) -> dict[str, Any]:
    user = {"attributes": [{"key": "user.id", "value": {"stringValue": row["account_id"]}}]}
    return {"resourceSpans": [{"resource": user, "scopeSpans": [{"spans": [to_otel_span(row)]}]}]}


MAKERS: dict[str, tuple[str, Callable[[dict[str, Any]], dict[str, Any]]]] = {
    "canonical": ("canonical", lambda r: {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()}),
    "openai": ("openai", to_openai_log),
    "litellm": ("litellm", to_litellm_payload),
    "spend_logs": ("litellm", to_spend_log),
    "otel": ("otel", _otel),
    **{f"generic_{shape}": ("generic", make) for shape, make in SHAPES.items()},
}


def _write(path: Path, objs: list[dict[str, Any]], container: str, rng: random.Random) -> None:
    if container == "jsonl":
        path.write_text("".join(json.dumps(o, default=str) + "\n" for o in objs))
    elif container == "array":
        path.write_text(json.dumps(objs, default=str, indent=1))
    else:
        keys = sorted({k for o in objs for k in o})
        with path.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(keys)
            for i, o in enumerate(objs):
                cells = ["" if o.get(k) is None else json.dumps(o[k], default=str)
                         if isinstance(o[k], dict | list | bool) else str(o[k]) for k in keys]
                if i == 0:  # the unmutated row stays whole
                    writer.writerow(cells)
                    continue
                if rng.random() < 0.1:
                    cells = cells[:-1]  # a record cut short
                if rng.random() < 0.2:
                    cells[rng.randrange(len(cells))] = rng.choice(["", "x", "[1,", "{", "1e400", "nan", "9" * 40])
                writer.writerow(cells)


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_readers_never_raise_and_never_drop(shared_data: Path, tmp_path: Path, name: str) -> None:
    fmt, make = MAKERS[name]
    rows = real_exchanges(shared_data, 20, seed=2).to_pylist()
    rng = random.Random(f"fuzz-{name}")
    for trial in range(25):
        objs = [make(rows[0]), *(mutate(make(rng.choice(rows)), rng) for _ in range(4))]
        for container in ("jsonl", "array", "csv"):
            if name == "otel" and container == "csv":
                continue  # OTLP documents are nested, never tables
            path = tmp_path / f"{trial}-{container}.{'json' if container == 'array' else container}"
            _write(path, objs, container, rng)
            report = IngestReport()
            with QuarantineWriter(tmp_path / f"q-{trial}-{container}.jsonl") as q:
                stored = sum(b.num_rows for b in read_paths([path], format=fmt, report=report, quarantine=q))
            assert stored >= 1, (name, container, trial)  # the unmutated first row always reads
            if name != "otel":  # an OTLP level may be legitimately empty (no spans), so it holds no row
                # a row may be read as part of another's call (same request id, no conversation of its own)
                assert stored + report.rows_quarantined + report.rows_merged >= len(objs), (name, container, trial)


def test_exchange_parquet_with_columns_of_any_type(shared_data: Path, tmp_path: Path) -> None:
    """Exchange Parquet whose columns hold the wrong types or absurd values (times past year 9999, all-null
    required columns, JSON text, lists, structs): never a crash, every row stored or quarantined. Fuzzing
    found two crashes here, both in code older than this test: a quarantined time past year 9999 could not
    be shown, and a null ``ts_start`` matched none of the kept masks."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = real_exchanges(shared_data, 12, seed=4)
    n = table.num_rows
    rng = random.Random("fuzz-parquet")
    alternatives = [
        lambda: pa.array([rng.choice(["x", "", "[1,", "2026-99-99", "9" * 30, '{"a": 1}']) for _ in range(n)]),
        lambda: pa.array([rng.randint(-5, 10**12) for _ in range(n)], pa.int64()),
        lambda: pa.array([rng.random() * 1e20 for _ in range(n)]),
        lambda: pa.array([None] * n, pa.string()),
        lambda: pa.array([[1, 2]] * n),
        lambda: pa.array([{"a": 1}] * n),
        lambda: pa.array([True] * n),
    ]
    for trial in range(60):
        cols = {c: table.column(c) for c in table.column_names}
        for _ in range(rng.randint(1, 3)):
            cols[rng.choice(table.column_names)] = rng.choice(alternatives)()
        path = tmp_path / f"{trial}.parquet"
        pq.write_table(pa.table(cols), path)
        report = IngestReport()
        with QuarantineWriter(tmp_path / f"q-{trial}.jsonl") as q:
            stored = sum(b.num_rows for b in read_paths([path], format="canonical", report=report, quarantine=q))
        assert stored + report.rows_quarantined >= n, (trial, list(cols))
