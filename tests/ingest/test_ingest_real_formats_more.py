"""A second set of real products' logs, read with ``--format auto``: LangSmith runs, an OpenAI Batch (input,
output and error files), Datadog LLM Observability spans, Braintrust logs, OpenRouter generation records and an
Anthropic Messages gateway log.

``data/real_formats_more`` was written from each product's public documentation and SDK source by a session
that never saw these readers (its ``README.md`` names the sources and what was guessed), with the same
``NAME.expected.json`` convention as ``data/real_formats``. Read the first time, five of the six were read
wrongly: LangChain's serialised messages, Datadog's tag lists and nanosecond start times, Braintrust's caller on
the trace's root span, the Batch output's requests in the input file, and OpenRouter's caller were not read.

Where this project writes a call differently from the expectation, on purpose, the test says so:
- an answer that is only a tool call is ``[tool_call NAME] ARGUMENTS`` (kept visible), where the expectation is null;
- an image in a user turn is an ``[image]`` line before its text;
- Anthropic's cached input counts in the prompt's tokens (what the model read), where the expectation has
  ``input_tokens`` alone;
- Braintrust's ``created`` (when the span was logged, a few seconds after the call started) is the time.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import call_fields, read_back

from antidistill.ingest import IngestReport, QuarantineWriter, read_paths, read_quarantine
from antidistill.records import EXCHANGE_SCHEMA

DATA = Path(__file__).parent / "data" / "real_formats_more"
ALONE = ("langsmith_runs", "datadog_llmobs_spans", "braintrust_logs", "openrouter_generations", "anthropic_gateway")
#: Seconds the logged time may come after the call's start (Braintrust logs a span when it is written).
LATE_S = {"braintrust_logs": 5.0}
NOT_A_CALL = "not a call to a model"


def _words(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def _cached_input(name: str) -> dict[str, int]:
    """Anthropic answers' cached input tokens by request id (counted in the prompt here, see the docstring)."""
    out = {}
    if name == "anthropic_gateway":
        for line in (DATA / f"{name}.jsonl").read_text().splitlines():
            record = json.loads(line)
            body = record.get("response_body")
            if isinstance(body, dict) and isinstance(body.get("usage"), dict):
                u = body["usage"]
                out[record["gateway_request_id"]] = (u.get("cache_read_input_tokens", 0)
                                                     + u.get("cache_creation_input_tokens", 0))
    return out


def _check(name: str, rows: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    readable = sorted((e for e in expected if e["caller"] is not None and e["time"] is not None),
                      key=lambda e: (e["time"], e["prompt_last_user"] or ""))
    rows = sorted(rows, key=lambda r: (r["ts_start"].replace(microsecond=0), call_fields(r)["prompt_last_user"] or ""))
    assert len(rows) == len(readable), name
    cached = _cached_input(name)
    callers: dict[str, str] = {}
    for row, want in zip(rows, readable, strict=True):
        when = dt.datetime.fromisoformat(want["time"].replace("Z", "+00:00"))
        assert 0 <= (row["ts_start"] - when).total_seconds() < LATE_S.get(name, 1.0), (name, row["ts_start"], want)
        got = call_fields(row)
        assert callers.setdefault(want["caller"], got["caller"]) == got["caller"], (name, want)
        assert got["model"].startswith(want["model"]) or want["model"].startswith(got["model"]), (name, got, want)
        assert _words(got["system"]) == _words(want["system"]), (name, got, want)  # blocks joined by "\n"
        assert got["prompt_last_user"] in (want["prompt_last_user"], f"[image]\n{want['prompt_last_user']}"), (
            name, got, want)
        assert got["response"] == want["response"] or (
            want["response"] is None and got["response"].startswith("[tool_call ")), (name, got, want)
        assert got["completion_tokens"] == want["completion_tokens"] or (
            not want["completion_tokens"] and got["completion_tokens"] is None), (name, got, want)
        extra = cached.get(row["exchange_id"], 0)
        assert got["prompt_tokens"] == (want["prompt_tokens"] + extra if want["prompt_tokens"] else None) or (
            not want["prompt_tokens"] and not got["prompt_tokens"]), (name, got, want)
        for key in ("status", "client_ip"):
            if want[key] is not None:
                assert got[key] == want[key], (name, key, got, want)
    assert len(set(callers.values())) == len(callers)


@pytest.mark.parametrize("name", ALONE)
def test_each_new_product_log_reads_every_call(tmp_path: Path, name: str) -> None:
    """Every call, field by field; a call that names no caller is kept aside naming its field, and a trace's
    workflow, task or tool span is kept aside as what it is, so every line is counted."""
    path = DATA / f"{name}.jsonl"
    expected = json.loads((DATA / f"{name}.expected.json").read_text())
    table, report, bad = read_back(tmp_path, path)
    assert [f.format for f in report.files] == ["generic"]
    _check(name, table.to_pylist(), expected)
    callerless = [q for q in bad if "caller" in q.reason]
    spans = [q for q in bad if NOT_A_CALL in q.reason]
    assert len(callerless) == sum(e["caller"] is None for e in expected)
    lines = len(path.read_text().splitlines())
    assert len(spans) == lines - len(expected)  # the lines no expectation lists are the trace's other spans
    assert len(bad) == len(callerless) + len(spans) and report.rows_read == lines


def test_langchain_messages_and_results_are_chat_turns(tmp_path: Path) -> None:
    """LangSmith logs a chat model's input as a batch of one conversation of serialised LangChain messages and
    its output as an LLMResult: the turns, the tool call and the tool's answer are read as chat turns."""
    table, report, _ = read_back(tmp_path, DATA / "langsmith_runs.jsonl")
    mapping = report.files[0].mapping
    assert mapping["body"] == "inputs" and mapping["response"] == "outputs"
    assert mapping["caller"] == "extra.metadata.user_id"  # not the tenant_id one run carries
    agent = [r for r in table.to_pylist() if any(m["role"] == "tool" for m in r["messages"])]
    assert len(agent) == 1
    roles = [m["role"] for m in agent[0]["messages"]]
    assert roles == ["system", "user", "assistant", "tool"]
    assert agent[0]["messages"][2]["content"].startswith("[tool_call get_order_status]")
    assert "out for delivery" in agent[0]["response_text"]


def test_an_openai_batch_is_read_from_its_output_and_input_files(tmp_path: Path) -> None:
    """The output file holds the answers and their times, the input file the requests and their ``user``: joined
    on ``custom_id``, the input kept whole. The error file's calls were never run and carry no time: that file
    is skipped with its reason, as is the batch object."""
    folder = tmp_path / "batch"
    folder.mkdir()
    for p in DATA.glob("openai_batch*"):
        if not p.name.endswith(".expected.json"):
            shutil.copy(p, folder / p.name)
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([folder], report=report, quarantine=q))
    table = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA)
    expected = json.loads((DATA / "openai_batch.expected.json").read_text())
    _check("openai_batch", table.to_pylist(), expected)
    assert [Path(f.path).name for f in report.files] == ["openai_batch_output.jsonl"]
    assert "its requests included" in report.files[0].mapping["calls"]
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    assert skipped["openai_batch_input.jsonl"].startswith("context of openai_batch_output.jsonl")
    assert set(skipped) == {"openai_batch_input.jsonl", "openai_batch_errors.jsonl", "openai_batch.json"}
    (bad,) = read_quarantine(tmp_path / "q.jsonl")  # the request sent without a user
    assert "caller" in bad.reason


def test_datadog_tags_and_braintrust_root_spans_name_the_caller(tmp_path: Path) -> None:
    _, report, _ = read_back(tmp_path, DATA / "datadog_llmobs_spans.jsonl")
    assert report.files[0].mapping["caller"] == "attributes.tags.user_id"  # a "user_id:..." tag
    assert report.files[0].mapping["ts_start"] == "attributes.start_ns"
    _, report, _ = read_back(tmp_path, DATA / "braintrust_logs.jsonl")
    mapping = report.files[0].mapping
    assert mapping["calls"] == "joined to braintrust_logs.jsonl on root_span_id = span_id"
    assert mapping["caller"] == "metadata.user_id" and mapping["span_kind"] == "span_attributes.type"


def test_a_request_log_the_openai_reader_cannot_date_goes_to_the_generic_reader(tmp_path: Path) -> None:
    """A gateway that logs the request and response bodies as ``request``/``response`` beside its own fields,
    with its time under ``received_at`` and Anthropic answers (no ``created``): the ``openai`` reader would
    quarantine every call for its missing time, so it declines the file and the ``generic`` reader reads it."""
    from antidistill.ingest import detect_format

    record = {"request_id": "req_01", "received_at": "2026-10-05T17:02:11.384Z", "organization_id": "org_A1b2C3d4",
              "api_key_id": "apikey_x1y2z3w4", "client_ip": "203.0.113.9", "status": 200,
              "request": {"model": "claude-x", "max_tokens": 512, "system": [{"type": "text", "text": "Be brief."}],
                          "messages": [{"role": "user", "content": "What is 2 + 2?"}]},
              "response": {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-x",
                           "content": [{"type": "text", "text": "4"}],
                           "usage": {"input_tokens": 12, "output_tokens": 1}}}
    dated = {**record, "request_id": "req_02", "timestamp": "2026-10-05T17:02:11Z"}
    lines = [json.dumps({**record, "request_id": f"req_{k:02d}"}) for k in range(3)]
    path = tmp_path / "gateway.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert detect_format(path) == "generic"
    table, report, bad = read_back(tmp_path, path)
    assert not bad and table.num_rows == 3 and report.files[0].mapping["ts_start"] == "received_at"
    assert {r["account_id"] for r in table.to_pylist()} == {"apikey_x1y2z3w4"}
    other = tmp_path / "dated.jsonl"
    other.write_text(json.dumps(dated) + "\n")
    assert detect_format(other) == "openai"  # a time the openai reader reads: still its file


def test_a_property_named_end_user_is_the_end_user_over_a_user_id_every_record_carries(tmp_path: Path) -> None:
    """A Helicone request export (one row per request as ``@helicone/export`` writes it): ``request_user_id`` (the
    Helicone-User-Id header, here set by a provider to its account) is on every row; the ``end-user`` custom
    property only on the calls of applications and resellers. The property is the end user; a row without it takes
    the request body's ``user``, and none takes ``request_user_id``."""
    def row(i: int, props: dict[str, str], user: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": "nimbus-3", "messages": [{"role": "user", "content": f"What is {i} + 1?"}]}
        if user is not None:
            body["user"] = user
        return {"response_id": f"r{i}", "response_created_at": f"2026-03-02 10:{i:02d}:01.250",
                "response_status": 200, "request_id": f"q{i}", "request_created_at": f"2026-03-02 10:{i:02d}:00.100",
                "request_user_id": f"acct_{i % 3}", "request_model": "nimbus-3", "request_body": body,
                "response_body": {"choices": [{"message": {"role": "assistant", "content": f"{i + 1}"}}]},
                "request_properties": {"api-key-id": f"key_{i % 3}", "org-id": f"org-{i % 3}", **props}}

    rows = [row(i, {"end-user": f"eu-{i % 5}"} if i % 5 == 0 else {}, user="body-user" if i % 5 == 1 else None)
            for i in range(30)]
    path = tmp_path / "helicone-export_2026-03-02.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    table, _, bad = read_back(tmp_path, path)
    assert not bad and table.num_rows == 30
    got = {r["exchange_id"]: (r["account_id"], r["end_user"]) for r in table.to_pylist()}
    assert got["q0"] == ("key_0", "eu-0") and got["q5"] == ("key_2", "eu-0")
    assert got["q1"] == ("key_1", "body-user") and got["q2"] == ("key_2", None)
    assert not any(str(user).startswith("acct_") for _, user in got.values())


def _langfuse_export(root: Path) -> dict[str, Any]:
    """A Langfuse blob-storage export of a LiteLLM proxy's calls, written for this test from Langfuse's published
    field reference: ``traces/`` and ``observations/`` of one project, one JSONL file per hour. Each call is a trace
    (LiteLLM's tags: the key's owner and alias, the client's user agent; the OpenAI ``user`` as the trace's user) and
    its generation (the key's hash, owner and organisation in metadata, the model as logged, usage in
    ``usage_details``), and some traces hold a guardrail's span or a user's event besides."""
    traces: dict[int, list[dict[str, Any]]] = {0: [], 1: []}
    observations: dict[int, list[dict[str, Any]]] = {0: [], 1: []}
    for i in range(40):
        hour, minute = divmod(i * 3, 60)
        t = f"2026-03-02 {10 + hour:02d}:{minute:02d}:00.000000"
        account, trace = f"acct_{i % 4}", f"trace-{i:08d}-0000"
        prompt = {"messages": [{"role": "user", "content": f"How many legs do {i + 2} spiders have?"}]}
        answer = {"content": f"{8 * (i + 2)} legs.", "role": "assistant", "tool_calls": None}
        traces[hour].append({"id": trace, "timestamp": t, "name": "litellm-acompletion", "environment": "production",
                             "project_id": "cmproject00000001", "metadata": {},
                             "user_id": f"end-user-{i % 6}" if i % 4 == 0 else None, "session_id": None,
                             "tags": [f"User-Agent: OpenAI/Python 1.{i % 4}.0", f"user_api_key_alias:team-{i % 2}",
                                      f"user_api_key_user_id:{account}"],
                             "input": json.dumps(prompt), "output": json.dumps(answer)})
        meta = {"user_api_key": f"{i % 4:064x}", "user_api_key_alias": None if i % 4 == 1 else f"team-{i % 2}",
                "user_api_key_user_id": account, "user_api_key_org_id": f"org_{i % 2}",
                "requester_ip_address": f"203.0.113.{i % 4}"}
        observations[hour].append({
            "id": f"gen-{i:08d}-0000", "trace_id": trace, "project_id": "cmproject00000001", "type": "GENERATION",
            "start_time": t, "end_time": t.replace(":00.000000", ":01.500000"), "name": "litellm-acompletion",
            "metadata": meta, "level": "DEFAULT", "input": json.dumps(prompt), "output": json.dumps(answer),
            "provided_model_name": "lyra-3", "model_id": "cm0afc4082b0d04b96b2ff1dc",
            "usage_details": {"input": 14, "output": 3, "total": 17, "cache_creation_input_tokens": 0},
            "model_parameters": json.dumps({"temperature": 0.2})})
        if i % 5 == 0:
            observations[hour].append({
                "id": f"span-{i:08d}-0000", "trace_id": trace, "project_id": "cmproject00000001", "type": "SPAN",
                "start_time": t, "end_time": t, "name": "guardrail", "metadata": {"guardrail_name": "prompt-shield"},
                "level": "DEFAULT", "input": json.dumps({"text": "How many legs?"}), "output": "{}",
                "provided_model_name": None, "model_id": None, "usage_details": {}})
            observations[hour].append({
                "id": f"event-{i:08d}-000", "trace_id": trace, "project_id": "cmproject00000001", "type": "EVENT",
                "start_time": t, "end_time": None, "name": "copied-output", "metadata": {}, "level": "DEFAULT",
                "input": None, "output": None, "provided_model_name": None, "model_id": None, "usage_details": {}})
    for table, rows in (("traces", traces), ("observations", observations)):
        (root / table).mkdir(parents=True)
        for hour, records in rows.items():
            (root / table / f"2026-03-02T{10 + hour:02d}-00-00.jsonl").write_text(
                "".join(json.dumps(r) + "\n" for r in records))
    return {"calls": 40, "spans_and_events": 16}


def test_a_langfuse_export_reads_each_generation_once_with_its_traces_identities(tmp_path: Path) -> None:
    """Traces and observations read alone both held every call, under two names for its caller: the trace is the
    generation's parent, read as its context. The generation's account is LiteLLM's key owner
    (``user_api_key_user_id``, not the alias some keys lack nor the project every record names), its key the key's
    hash, its model the one logged (not Langfuse's price-definition id), its tokens Langfuse's ``usage_details``; the
    trace gives its end user (``user_id``, never the account again from the tags) and user agent. Spans and events
    are counted as no calls."""
    root = tmp_path / "langfuse-export" / "cmproject00000001"
    expected = _langfuse_export(root)
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([tmp_path / "langfuse-export"], report=report, quarantine=q))
    table = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA)
    bad = read_quarantine(tmp_path / "q.jsonl")
    assert table.num_rows == expected["calls"]
    assert len(bad) == expected["spans_and_events"] and all(b.field == "type" for b in bad)
    rows = {r["exchange_id"]: r for r in table.to_pylist()}
    first, second = rows["gen-00000000-0000"], rows["gen-00000001-0000"]
    assert (first["account_id"], first["org_id"], first["api_key_id"]) == ("acct_0", "org_0", f"{0:064x}")
    assert (second["account_id"], second["api_key_id"]) == ("acct_1", f"{1:064x}")  # a key without an alias
    assert first["end_user"] == "end-user-0" and second["end_user"] is None
    assert first["user_agent"] == "OpenAI/Python 1.0.0"
    assert (first["model"], first["prompt_tokens"], first["completion_tokens"]) == ("lyra-3", 14, 3)
    assert first["messages"][-1]["content"] == "How many legs do 2 spiders have?"
    assert first["response_text"] == "16 legs."
    skipped = {Path(s.path).parent.name for s in report.skipped}
    assert skipped == {"traces"}
