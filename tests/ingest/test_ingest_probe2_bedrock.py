"""A day of AWS Bedrock invocation logs written by ``bench/probe2`` (a generator written without reading this
project's code), read call by call against its raw records.

The day is the one a new model is released on: Converse, ConverseStream, InvokeModel and streamed-chunk
records, agents' tool loops (``toolUse`` / ``toolResult`` blocks), reasoning blocks, cache checkpoints,
throttled and invalid calls logged with an ``errorCode`` and no output, and one AWS account (the log's owner)
on every record beside each customer's IAM principal.
"""

from __future__ import annotations

import collections
import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from ingest_samples import generate_probe, read_back

DAY = "2026-09-10"


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    return generate_probe("probe2", tmp_path_factory.mktemp("probe2"), "--quiet", "--data", str(shared_data))


@pytest.fixture(scope="module")
def day(probe: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], Any, Any, list[Any]]:
    path = probe / "logs" / f"bedrock-invocations-{DAY}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        raw = [json.loads(line) for line in fh]
    table, report, bad = read_back(tmp_path_factory.mktemp("read"), path)
    return raw, table, report, bad


def _blocks(turn: dict[str, Any]) -> list[dict[str, Any]]:
    content = turn.get("content")
    return content if isinstance(content, list) else []


def test_every_record_is_one_call_of_its_principal(day: Any, probe: Path) -> None:
    raw, table, report, bad = day
    assert not bad and report.rows_read == len(raw) == table.num_rows
    assert report.files[0].mapping["caller"] == "identity.arn"  # not the log owner's accountId
    labelled = set(pq.read_table(probe / "labels.parquet", columns=["account_id"]).column(0).to_pylist())
    got = collections.Counter(table.column("account_id").to_pylist())
    assert got == collections.Counter(r["identity"]["arn"] for r in raw) and set(got) <= labelled


def test_failed_calls_tool_rounds_and_reasoning(day: Any) -> None:
    raw, table, _, _ = day
    rows = {r["exchange_id"]: r for r in table.to_pylist()}
    seen = collections.Counter()
    for rec in raw:
        row = rows[rec["requestId"]]
        if "errorCode" in rec:
            assert row["status"] == "error" and row["response_text"] is None, rec["requestId"]
            seen["failed"] += 1
            continue
        assert row["status"] == "ok"
        body = rec["input"]["inputBodyJson"]
        last = body["messages"][-1]
        results = [b["toolResult"] for b in _blocks(last) if "toolResult" in b]
        if results:  # an agent's tool round: the tool's output is the tool's turn, not a prompt
            assert row["messages"][-1]["role"] == "tool"
            assert row["messages"][-1]["content"] == "\n".join(
                c["text"] if "text" in c else json.dumps(c["json"], ensure_ascii=False)
                for r in results for c in r["content"])
            seen["tool_round"] += 1
        out = rec["output"]["outputBodyJson"]
        if isinstance(out, dict) and "output" in out:  # Converse: reasoning, text and tool-use blocks
            blocks = out["output"]["message"]["content"]
            thoughts = [b["reasoningContent"]["reasoningText"]["text"] for b in blocks if "reasoningContent" in b]
            assert row["reasoning_text"] == ("\n".join(thoughts) if thoughts else None)
            uses = [b["toolUse"]["name"] for b in blocks if "toolUse" in b]
            assert all(f"[tool_use {name}]" in (row["response_text"] or "") for name in uses)
            seen["converse_reasoning"] += bool(thoughts)
            seen["converse_tool_use"] += bool(uses)
    # the day holds every kind checked above
    assert min(seen[k] for k in ("failed", "tool_round", "converse_reasoning", "converse_tool_use")) >= 20, seen


def test_many_small_files_of_one_product_print_one_mapping_and_its_variants(probe: Path, tmp_path: Path) -> None:
    """Bedrock writes one file per region and hour: the files' samples hold different optional fields (an end
    user, an error code), so their mappings differ a little. The run lists the most common mapping in full and
    the others by what differs, the caller included where it differs."""
    from antidistill.ingest import IngestReport, QuarantineWriter, read_paths
    from antidistill.ingest.report import MAPPING_VARIANTS_SHOWN, mapping_lines

    with gzip.open(probe / "logs" / f"bedrock-invocations-{DAY}.jsonl.gz", "rt", encoding="utf-8") as fh:
        by_hour: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        for line in fh:
            rec = json.loads(line)
            by_hour[(rec["region"], rec["timestamp"][11:13])].append(line)
    for (region, hour), lines in by_hour.items():
        folder = tmp_path / "AWSLogs" / "482915730614" / "BedrockModelInvocationLogs" / region / "2026/09/10" / hour
        folder.mkdir(parents=True, exist_ok=True)
        with gzip.open(folder / f"20260910T{hour}00Z_{region}.json.gz", "wt", encoding="utf-8") as out:
            out.writelines(lines)
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        rows = sum(b.num_rows for b in read_paths([tmp_path / "AWSLogs"], report=report, quarantine=q))
    assert rows == sum(len(v) for v in by_hour.values()) and report.rows_quarantined == 0
    mappings = {f.path: f.mapping for f in report.files}
    assert len(mappings) == len(by_hour) and {m["caller"] for m in mappings.values()} == {"identity.arn"}
    lines = mapping_lines(mappings)
    assert len({tuple(sorted(m.items())) for m in mappings.values()}) > 2  # the files' samples differ
    assert "caller=identity.arn" in lines[0] and all("caller" not in line for line in lines[1:])
    assert all(line.startswith(("otherwise ", "and ")) for line in lines[1:])
    assert len(lines) <= MAPPING_VARIANTS_SHOWN + 2
