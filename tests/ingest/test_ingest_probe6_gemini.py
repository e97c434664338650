"""A day of Gemini-style request-response logs exported from BigQuery, written by ``bench/probe6`` (a generator
written without reading this project's code), read call by call against its raw lines.

The request, the response and the caller are JSON-text columns (``full_request``, ``full_response``,
``metadata``); a shard's rows are clustered by project, a row may be exported twice, some lines are torn.
Its first scan read 20 of 56 shards: each opens with one project's run of calls, and the reader took that
project for the log's owner. Marked ``slow``: generating the probe takes about two minutes (``make test-slow``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import generate_probe

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths, read_quarantine

DAY = "2026-03-10"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_probe("probe6", tmp_path_factory.mktemp("probe6"))


def _lines(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The shard's lines that parse, and how many do not (the torn ones)."""
    good, torn = [], 0
    with gzip.open(path, "rb") as fh:
        for raw in fh:
            try:
                good.append(json.loads(raw))
            except (json.JSONDecodeError, UnicodeDecodeError):
                torn += 1
    return good, torn


def test_every_shard_of_a_day_is_read_by_project(probe: Path, tmp_path: Path) -> None:
    shards = sorted((probe / "logs" / DAY).glob("*.json.gz"))
    manifest = json.loads((probe / "manifest.json").read_text())
    raw: list[dict[str, Any]] = []
    torn = 0
    for shard in shards:
        good, bad = _lines(shard)
        raw += good
        torn += bad
        assert bad == manifest["malformed_lines"].get(f"logs/{DAY}/{shard.name}", 0), shard.name
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        rows = [r for b in read_paths([probe / "logs" / DAY], report=report, quarantine=q) for r in b.to_pylist()]
    quarantined = read_quarantine(tmp_path / "q.jsonl")
    # every shard read, by the project: none refused as one owner's log
    assert not report.skipped and len(report.files) == len(shards)
    assert {f.mapping["caller"] for f in report.files if f.mapping} == {"metadata.caller.project_id"}
    assert len(quarantined) == torn and all(q.field is None for q in quarantined)  # the torn lines, nothing else
    assert len(rows) == len(raw)  # a row exported twice is read twice; the store counts its id once
    meta = {r["request_id"]: json.loads(r["metadata"]) for r in raw}
    by_id = {r["exchange_id"]: r for r in rows}
    assert set(by_id) == set(meta)
    assert {r["account_id"] for r in rows} == {m["caller"]["project_id"] for m in meta.values()}
    untitled = 0
    for r in raw:
        row = by_id[r["request_id"]]
        assert row["account_id"] == meta[r["request_id"]]["caller"]["project_id"]
        turns = json.loads(r["full_request"]).get("contents") or []
        if turns and isinstance(turns, list) and "role" not in turns[0]:
            untitled += 1  # a single-turn request without a role: the user's
            assert row["messages"] and row["messages"][-1]["role"] == "user", r["request_id"]
    assert untitled > 0
