"""The ``generic`` reader: request logs of shapes no named reader knows, fields found by name.

Real prompts (the shared real-exchange sample) written in three shapes (``generic_convert``) read back field by
field; the paths chosen are reported; secrets are stored hashed; stray JSON is not read as exchanges.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from generic_convert import CARRIED, SHAPES, secret_key, write_shape
from ingest_samples import read_back, real_exchanges

from antidistill.errors import InputError
from antidistill.ingest import IngestReport, detect_format, read_paths
from antidistill.records import EXCHANGE_SCHEMA, hash_identifier


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    return real_exchanges(shared_data, 150, seed=21)


def _read(tmp_path: Path, path: Path) -> tuple[pa.Table, IngestReport, list[Any]]:
    return read_back(tmp_path, path, batch_size=64)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_each_shape_reads_back_the_exchanges(table: pa.Table, tmp_path: Path, shape: str) -> None:
    path = write_shape(table, tmp_path / f"{shape}.jsonl", shape)
    assert detect_format(path) == "generic"
    back, report, bad = _read(tmp_path, path)
    assert report.rows_quarantined == 0 and not bad
    assert back.num_rows == table.num_rows
    for name in CARRIED[shape]:
        got, want = back.column(name).to_pylist(), table.column(name).to_pylist()
        if name == "latency_ms":
            assert got == pytest.approx(want, abs=1e-3), name
            continue
        if name == "reasoning_tokens" and shape == "generation":  # written for answered calls only
            want = [w if s in (None, "ok") else None for w, s in zip(want, table.column("status").to_pylist(),
                                                                     strict=True)]
        assert got == want, name
    assert set(back.column("source_format").to_pylist()) == {"generic"}
    (mapping,) = [f.mapping for f in report.files]
    assert mapping is not None and mapping["caller"] == {"flat": "user_id", "nested": "metadata.account_id",
                                                         "generation": "userId"}[shape]
    assert report.to_summary()["field_mappings"] == {str(path): mapping}


def test_a_raw_api_key_is_stored_hashed(table: pa.Table, tmp_path: Path) -> None:
    path = write_shape(table, tmp_path / "nested.jsonl", "nested")
    back, report, _ = _read(tmp_path, path)
    keys = back.column("api_key_id").to_pylist()
    accounts = table.column("account_id").to_pylist()
    assert keys == ["hashed:" + hash_identifier(secret_key(a)) for a in accounts]
    assert report.files[0].mapping is not None and report.files[0].mapping["api_key_id"] == "api_key"
    stored = json.dumps(back.to_pylist(), default=str)
    assert "sk-live-" not in stored


def test_the_named_readers_keep_their_files(table: pa.Table, tmp_path: Path) -> None:
    """``generic`` is asked last: the OpenAI, LiteLLM and canonical shapes are still read by their own readers."""
    from litellm_convert import write_litellm_jsonl
    from openai_convert import write_openai_jsonl

    assert detect_format(write_openai_jsonl(table, tmp_path / "o.jsonl")) == "openai"
    assert detect_format(write_litellm_jsonl(table, tmp_path / "l.jsonl")) == "litellm"


def test_stray_json_is_not_read_as_exchanges(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"created_at": "2026-03-01T00:00:00Z", "seed": 1, "files": ["a", "b"],
                                    "accounts": {"benign": 3}}) + "\n")
    with pytest.raises(InputError, match="matches no known log format"):
        detect_format(manifest)
    # A directory skips it rather than failing.
    report = IngestReport()
    assert list(read_paths([tmp_path], report=report)) == []
    assert [s.path for s in report.skipped] == [str(manifest)]


def test_ids_shared_by_rows_are_not_taken_as_exchange_ids(table: pa.Table, tmp_path: Path) -> None:
    """A key named like an id whose value repeats (here a session id under ``id``) would merge rows in the
    store: the content hash is used instead."""
    rows = [{"id": "session-1", "timestamp": r["ts_start"].isoformat(), "account": r["account_id"],
             "model": r["model"], "messages": r["messages"]} for r in table.to_pylist()[:40]]
    f = tmp_path / "shared-id.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    back, report, _ = _read(tmp_path, f)
    ids = back.column("exchange_id").to_pylist()
    assert len(set(ids)) == len(rows) and "session-1" not in ids
    assert report.files[0].mapping is not None and "exchange_id" not in report.files[0].mapping


def test_bad_rows_are_quarantined_naming_the_source_field(table: pa.Table, tmp_path: Path) -> None:
    rows = [json.loads(json.dumps(SHAPES["flat"](r), default=str)) for r in table.to_pylist()[:30]]
    rows[4]["request_created_at"] = "last tuesday"
    rows[9]["user_id"] = None
    rows[14]["request_body"] = json.dumps({"model": "m", "messages": [{"content": "no role"}]})
    rows[19]["response_status"] = "maybe"
    f = tmp_path / "flat.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    back, report, bad = _read(tmp_path, f)
    assert back.num_rows == 26 and report.rows_quarantined == 4
    assert [(b.line, b.field) for b in bad] == [(5, "request_created_at"), (10, "user_id"),
                                                (15, "request_body.messages[0].role"), (20, "response_status")]


def test_an_invocation_record_with_anthropic_bodies(shared_data: Path, tmp_path: Path) -> None:
    """A cloud model-invocation record (request and response bodies in the Anthropic Messages shape, nested as
    JSON under ``input``/``output``, token counts beside them): found without a reader of its own."""
    with (shared_data / "gsm8k" / "test.jsonl").open(encoding="utf-8") as fh:
        q, a = (lambda o: (o["question"], o["answer"]))(json.loads(fh.readline()))
    record = {
        "schemaType": "ModelInvocationLog", "timestamp": "2026-03-02T10:00:00Z", "accountId": "123456789012",
        "region": "us-east-1", "requestId": "req-1", "operation": "InvokeModel", "modelId": "vendor.model-x",
        "input": {"inputContentType": "application/json", "inputTokenCount": 61, "inputBodyJson": {
            "max_tokens": 512, "system": "You are a math tutor.",
            "messages": [{"role": "user", "content": [{"type": "text", "text": q}]}]}},
        "output": {"outputContentType": "application/json", "outputTokenCount": 130, "outputBodyJson": {
            "id": "msg_1", "type": "message", "role": "assistant",
            "content": [{"type": "thinking", "thinking": "Work it out."}, {"type": "text", "text": a}],
            "usage": {"input_tokens": 60, "output_tokens": 120}}},
    }
    f = tmp_path / "invocations.json"
    f.write_text(json.dumps([record, record | {"requestId": "req-2"}], indent=2))
    back, report, bad = _read(tmp_path, f)
    assert not bad and back.num_rows == 2
    row = back.to_pylist()[0]
    assert row["messages"] == [{"role": "system", "content": "You are a math tutor."}, {"role": "user", "content": q}]
    assert (row["response_text"], row["reasoning_text"]) == (a, "Work it out.")
    assert (row["exchange_id"], row["account_id"], row["model"]) == ("req-1", "123456789012", "vendor.model-x")
    assert (row["prompt_tokens"], row["completion_tokens"], row["max_tokens"]) == (60, 120, 512)
    assert report.files[0].mapping is not None
    assert report.files[0].mapping["body"] == "input.inputBodyJson"


def test_ids_under_their_owner_are_named_by_it(table: pa.Table, tmp_path: Path) -> None:
    """An API-management record names its caller ``consumer.id``, its request ``request.id`` and the end user
    ``user.id``: a last key that names nothing alone (``id``) is read with its parent."""
    rows = table.to_pylist()[:60]
    records = []
    for i, r in enumerate(rows):
        log = SHAPES["nested"](r)
        records.append({
            "started_at": int(r["ts_start"].timestamp() * 1000), "client_ip": r["client_ip"],
            "consumer": {"id": f"consumer-{r['account_id']}", "username": "acme"},
            "user": {"id": f"u-{i % 7}"}, "metadata": {"id": "same-for-all"},
            "request": {"id": f"req-{i}", "headers": log["request"]["headers"], "body": log["request"]["body"]},
            "response": log["response"]})
    f = tmp_path / "gateway.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in records))
    back, report, bad = _read(tmp_path, f)
    assert not bad
    mapping = report.files[0].mapping
    assert mapping is not None
    assert (mapping["caller"], mapping["exchange_id"], mapping["end_user"]) == ("consumer.id", "request.id", "user.id")
    assert back.column("account_id").to_pylist() == [f"consumer-{r['account_id']}" for r in rows]
    assert back.column("end_user").to_pylist() == [f"u-{i % 7}" for i in range(len(rows))]


def test_gemini_bodies_are_found_by_their_shape(tmp_path: Path) -> None:
    record = {"logging_time": "2026-03-02T10:00:00.123456789Z", "project_id": "tenant-4", "request_id": "r-1",
              "full_request": json.dumps({"contents": [{"role": "user", "parts": [{"text": "Why is the sky blue?"}]}],
                                          "generationConfig": {"maxOutputTokens": 256}}),
              "full_response": json.dumps({"candidates": [{"content": {"role": "model", "parts": [
                  {"text": "Rayleigh scattering."}]}}], "modelVersion": "gemini-x-flash",
                  "usageMetadata": {"promptTokenCount": 7, "candidatesTokenCount": 4}})}
    f = tmp_path / "vertex.jsonl"
    f.write_text(json.dumps(record) + "\n" + json.dumps(record | {"request_id": "r-2"}) + "\n")
    back, report, bad = _read(tmp_path, f)
    assert not bad and back.num_rows == 2
    assert report.files[0].mapping is not None and report.files[0].mapping["ts_start"] == "logging_time"
    row = back.to_pylist()[0]
    assert row["messages"] == [{"role": "user", "content": "Why is the sky blue?"}]
    assert (row["response_text"], row["model"], row["account_id"]) == ("Rayleigh scattering.", "gemini-x-flash",
                                                                       "tenant-4")
    assert (row["prompt_tokens"], row["completion_tokens"], row["max_tokens"]) == (7, 4, 256)


def test_gemini_turns_without_a_role_are_the_users(tmp_path: Path) -> None:
    """The Gemini API's ``role`` is optional: a single-turn request often sends ``contents: [{parts: [...]}]``.
    Such a turn is the user's, in a file where every request leaves it out and in one where some do."""
    def record(i: int, role: bool) -> str:
        turn: dict[str, Any] = {"parts": [{"text": f"Question {i}: why is the sky blue?"}]}
        if role:
            turn["role"] = "user"
        return json.dumps({"logging_time": f"2026-03-02T10:00:{i:02d}Z", "project_id": "tenant-4",
                           "request_id": f"r-{i}", "full_request": json.dumps({"contents": [turn]}),
                           "full_response": json.dumps({"candidates": [{"content": {"role": "model", "parts": [
                               {"text": "Rayleigh scattering."}]}}], "modelVersion": "gemini-x-flash"})}) + "\n"

    for name, roles in (("none", [False] * 4), ("some", [True, False, True, False])):
        f = tmp_path / f"{name}.jsonl"
        f.write_text("".join(record(i, r) for i, r in enumerate(roles)))
        back, _, bad = _read(tmp_path, f)
        assert not bad and back.num_rows == 4, name
        assert [m["messages"] for m in back.to_pylist()] == [
            [{"role": "user", "content": f"Question {i}: why is the sky blue?"}] for i in range(4)], name


def test_a_flat_csv_export_of_calls(table: pa.Table, tmp_path: Path) -> None:
    """A spreadsheet or warehouse export with one column per field, the prompt as plain text: every cell is text,
    and the numbers among them are still found (token counts, status codes)."""
    import csv

    rows = [r for r in table.to_pylist() if r["messages"][-1]["role"] == "user"][:80]
    f = tmp_path / "calls.csv"
    with f.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Timestamp", "Customer ID", "Model", "Prompt", "Completion", "Input Tokens", "Output Tokens",
                    "Status Code"])
        for r in rows:
            w.writerow([r["ts_start"].isoformat(), r["account_id"], r["model"], r["messages"][-1]["content"],
                        r["response_text"] or "", r["prompt_tokens"], r["completion_tokens"],
                        r["http_status"] or 200])
    back, report, bad = _read(tmp_path, f)
    assert not bad and back.num_rows == len(rows)
    assert report.files[0].mapping is not None and report.files[0].mapping["caller"] == "Customer ID"
    assert back.column("account_id").to_pylist() == [r["account_id"] for r in rows]
    assert [m[-1]["content"] for m in back.column("messages").to_pylist()] == [r["messages"][-1]["content"]
                                                                             for r in rows]
    assert back.column("prompt_tokens").to_pylist() == [r["prompt_tokens"] for r in rows]
    assert back.column("completion_tokens").to_pylist() == [r["completion_tokens"] for r in rows]
    assert back.column("ts_start").to_pylist() == [r["ts_start"] for r in rows]


def test_a_field_map_places_what_names_do_not_find(table: pa.Table, tmp_path: Path) -> None:
    """A log whose fields have names the reader does not know (``when``, ``who``, ``llm``, ``q``, ``a``) is no
    known format; ``--map`` says where they are, and what the map leaves out is still found by name."""
    from click.testing import CliRunner

    from antidistill.cli import app
    from antidistill.errors import ConfigError

    rows = [r for r in table.to_pylist() if r["messages"][-1]["role"] == "user"][:40]
    f = tmp_path / "custom.jsonl"
    f.write_text("".join(json.dumps({"when": r["ts_start"].isoformat(), "who": {"principal": r["account_id"]},
                                     "llm": r["model"], "q": r["messages"][-1]["content"], "a": r["response_text"],
                                     "prompt_tokens": r["prompt_tokens"]}) + "\n" for r in rows))
    with pytest.raises(InputError, match="matches no known log format") as exc:
        detect_format(f)
    assert "--map FIELD=PATH" in str(exc.value)  # the error says how to read it
    field_map = {"ts_start": "when", "account_id": "who.principal", "model": "llm", "prompt": "q",
                 "response_text": "a"}
    report = IngestReport()
    back = pa.Table.from_batches(list(read_paths([f], report=report, field_map=field_map)), schema=EXCHANGE_SCHEMA)
    assert report.rows_quarantined == 0 and report.files[0].format == "generic"
    assert back.column("account_id").to_pylist() == [r["account_id"] for r in rows]
    assert [m[0]["content"] for m in back.column("messages").to_pylist()] == [r["messages"][-1]["content"]
                                                                            for r in rows]
    assert back.column("response_text").to_pylist() == [r["response_text"] for r in rows]
    assert back.column("prompt_tokens").to_pylist() == [r["prompt_tokens"] for r in rows]  # found by name
    mapping = report.files[0].mapping
    assert mapping is not None and (mapping["caller"], mapping["prompt"]) == ("who.principal", "q")
    # The command line, on a folder that also holds a labels table: it is skipped, not read as exchanges (it has
    # an account and a time, but not where the map says).
    (tmp_path / "logs").mkdir()
    f.rename(tmp_path / "logs" / f.name)
    f = tmp_path / "logs" / f.name
    (tmp_path / "logs" / "labels.jsonl").write_text(json.dumps(
        {"account_id": rows[0]["account_id"], "created_at": "2026-03-01T00:00:00Z", "model": "x"}) + "\n")
    out = tmp_path / "scan"
    args = ["scan", str(tmp_path / "logs"), "--out", str(out), "--no-progress"] + [
        x for k, v in field_map.items() for x in ("--map", f"{k}={v}")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["exchanges_total"] == len(rows) and summary["quarantined_rows"] == 0
    assert summary["skipped_files"] == [str(tmp_path / "logs" / "labels.jsonl")]
    with pytest.raises(ConfigError, match=r"map\.colour"):
        list(read_paths([f], field_map={"colour": "q"}))
    with pytest.raises(ConfigError, match="generic reader only"):
        list(read_paths([f], format="openai", field_map=field_map))
    bad = CliRunner().invoke(app, ["scan", str(f), "--out", str(tmp_path / "bad"), "--map", "account_id"])
    assert bad.exit_code != 0 and "FIELD=PATH" in bad.output


def test_an_answer_path_holding_text_in_some_rows_and_the_body_in_others_is_read(tmp_path: Path) -> None:
    """A gateway that logs a streamed answer as its stitched text and any other answer as the parsed body (the
    fourth probe's Kong AI proxy): an error body at the text's path is the failed call's response, not a bad row."""
    rows = []
    for k in range(12):
        failed = k % 4 == 3
        rows.append({"request_id": f"r{k}", "started_at": 1772496000000 + 1000 * k, "consumer": {"id": f"c{k % 3}"},
                     "status": 500 if failed else 200,
                     "payload": {"request": {"model": "m-1",
                                             "messages": [{"role": "user", "content": f"question {k}"}]},
                                 "response": ({"error": {"message": "upstream failed", "type": "server_error"}}
                                              if failed else f"stitched answer {k}")}})
    path = tmp_path / "gateway.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    table, report, _ = _read(tmp_path, path)
    assert report.rows_quarantined == 0 and table.num_rows == 12
    got = {r["exchange_id"]: r for r in table.to_pylist()}
    assert got["r0"]["response_text"] == "stitched answer 0" and got["r0"]["account_id"] == "c0"
    assert got["r3"]["response_text"] is None and got["r3"]["http_status"] == 500


def _with_health_checks(lines: list[str], every: int = 5, lead: int = 12) -> list[str]:
    """A gateway's log as it is written: the load balancer's health checks and ``GET /v1/models`` between the
    calls, and a dozen of them before the first call (a quiet hour, a restart)."""
    def check(i: int) -> str:
        route = "/healthz" if i % 3 else "/v1/models"
        return json.dumps({"time": f"2026-03-02T00:{i % 60:02d}:22.5Z", "level": "INFO", "msg": "request completed",
                           "http": {"method": "GET", "route": route, "status": 200, "latency_ms": 0.04,
                                    "client_ip": "10.40.5.2", "user_agent": "ELB-HealthChecker/2.0"}})

    out = [check(i) for i in range(lead)]
    for i, line in enumerate(lines):
        out.append(line)
        if i % every == every - 1:
            out.append(check(lead + i))
    return out


@pytest.mark.parametrize("shape", ["openai", "nested", "flat"])
def test_a_log_that_opens_with_health_checks_is_read_by_its_calls(table: pa.Table, tmp_path: Path,
                                                                   shape: str) -> None:
    """The format is judged on the first records that look like calls, not on the first record: a folder of
    hourly files that each open with a load balancer's health checks was left unread (the fifth held-out probe).
    The checks are counted and kept aside, never read as calls and never dropped silently."""
    from openai_convert import write_openai_jsonl

    src = (write_openai_jsonl(table, tmp_path / "src.jsonl") if shape == "openai"
           else write_shape(table, tmp_path / "src.jsonl", shape))
    calls = src.read_text().splitlines()
    folder = tmp_path / "logs"
    folder.mkdir()
    path = folder / "edge-gw.2026-03-02T00.log"
    lines = _with_health_checks(calls)
    path.write_text("\n".join(lines) + "\n")
    assert detect_format(path) == ("openai" if shape == "openai" else "generic")
    back, report, bad = _read(tmp_path, folder)
    assert back.num_rows == table.num_rows
    assert sorted(back.column("account_id").to_pylist()) == sorted(table.column("account_id").to_pylist())
    assert report.rows_quarantined == len(lines) - len(calls) == len(bad)


def test_an_export_clustered_by_caller_is_read_not_refused(table: pa.Table, tmp_path: Path) -> None:
    """A table clustered on the customer (a BigQuery export, its shards written per writer) opens with one
    customer's run of calls, whose end users vary within it. Judged on its first records alone, the project
    looks like the log's owner and the end users like the callers; read on, the file names three projects, so
    the project is the customer (each its own account, its users end users), and the file is read, not refused.
    A file with one project throughout, and one key, no user, alone in its folder, is still refused as its owner's
    log; a folder of such files, one per customer, is read."""
    rows = table.to_pylist()
    owners = ["project-a"] * 60 + ["project-b"] * 50 + ["project-c"] * (len(rows) - 110)

    def record(i: int, r: dict[str, Any], project: str, users: bool) -> str:
        log = SHAPES["nested"](r)
        log["metadata"] = {"project_id": project}  # the project is the customer here
        log["api_key"] = secret_key(project)
        log["request"]["body"].pop("user", None)
        if users:
            log["request"]["body"]["user"] = f"{project}-user-{i % 9}"
        return json.dumps(log) + "\n"

    clustered = tmp_path / "logs-000000000002.jsonl"
    clustered.write_text("".join(record(i, r, who, True) for i, (r, who) in enumerate(zip(rows, owners, strict=True))))
    back, report, bad = _read(tmp_path, clustered)
    assert not bad and back.num_rows == len(rows)
    mapping = report.files[0].mapping
    assert mapping is not None and (mapping["caller"], mapping["end_user"]) == ("metadata.project_id",
                                                                                "request.body.user")
    assert back.column("account_id").to_pylist() == owners
    assert back.column("end_user").to_pylist()[:3] == ["project-a-user-0", "project-a-user-1", "project-a-user-2"]
    (tmp_path / "one").mkdir()
    alone = tmp_path / "one" / "logs-000000000003.jsonl"
    alone.write_text("".join(record(i, r, "project-a", False) for i, r in enumerate(rows)))
    with pytest.raises(InputError, match=r"same caller \(metadata.project_id = 'project-a'\)"):
        _read(tmp_path, alone)
    # A folder of per-customer files, each one project's calls from start to end: the callers vary by file, so
    # each file is read (a file alone in its folder, above, is still its owner's log).
    (tmp_path / "by-customer").mkdir()
    for project in ("project-a", "project-b", "project-c"):
        (tmp_path / "by-customer" / f"{project}.jsonl").write_text(
            "".join(record(i, r, project, False) for i, r in enumerate(rows[:40])))
    back, report, _ = _read(tmp_path, tmp_path / "by-customer")
    assert not report.skipped and sorted(set(back.column("account_id").to_pylist())) == [
        "project-a", "project-b", "project-c"]
