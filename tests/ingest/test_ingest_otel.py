"""OpenTelemetry traces of LLM calls (OTLP JSON, GenAI semantic conventions), on real prompts: every content
convention reads back the same exchanges, spans that are not model calls are quarantined and counted."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pytest
from ingest_samples import read_back, real_exchanges
from otel_convert import OTEL_CARRIED, to_otel_span, write_otel_jsonl

from antidistill.ingest import IngestReport, detect_format
from antidistill.ingest.quarantine import QuarantinedRow


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    return real_exchanges(shared_data, 120, seed=8)


def _read(tmp_path: Path, path: Path) -> tuple[pa.Table, IngestReport, list[QuarantinedRow]]:
    return read_back(tmp_path, path, batch_size=40)


@pytest.mark.parametrize("style", ["attributes", "events", "openllmetry"])
def test_each_content_convention_reads_back_the_exchanges(table: pa.Table, tmp_path: Path, style: str) -> None:
    path = write_otel_jsonl(table, tmp_path / f"traces-{style}.jsonl", per_line=25, style=style)
    assert detect_format(path) == "otel"
    back, report, bad = _read(tmp_path, path)
    lines = path.read_bytes().count(b"\n")
    # Every span is a row: the exchanges, plus one HTTP span per line that is not a model call (quarantined).
    assert report.rows_read == table.num_rows + lines and report.rows_quarantined == lines
    assert {(b.field, b.reason) for b in bad} == {
        ("gen_ai.operation.name", "span 'POST /v1/chat/completions' is not a GenAI call")}
    assert back.num_rows == table.num_rows
    order = {x: i for i, x in enumerate(table.column("exchange_id").to_pylist())}
    back = back.take(sorted(range(back.num_rows), key=lambda i: order[back.column("exchange_id")[i].as_py()]))
    ok = [s in (None, "ok") for s in table.column("status").to_pylist()]
    for col in OTEL_CARRIED:
        got, want = back.column(col).to_pylist(), table.column(col).to_pylist()
        if col in ("response_text", "reasoning_text", "reasoning_tokens"):
            want = [w if k else None for w, k in zip(want, ok, strict=True)]  # a failed span records no answer
        if col in ("ts_start", "ts_end"):
            assert all(abs((g - w).total_seconds()) < 1e-6 for g, w in zip(got, want, strict=True)), col
            continue
        if style != "attributes" and col == "reasoning_tokens":
            continue
        assert got == want, col
    assert back.column("status").to_pylist() == ["ok" if k else "error" for k in ok]


def test_spans_that_are_not_chat_exchanges_are_quarantined_with_the_reason(table: pa.Table, tmp_path: Path) -> None:
    row = table.to_pylist()[0]
    embedding = to_otel_span(row)
    embedding["attributes"] = [a for a in embedding["attributes"] if a["key"] != "gen_ai.operation.name"] + [
        {"key": "gen_ai.operation.name", "value": {"stringValue": "embeddings"}}]
    no_content = to_otel_span({**row, "exchange_id": "nc"})
    no_content["attributes"] = [a for a in no_content["attributes"]
                                if a["key"] not in ("gen_ai.input.messages", "gen_ai.system_instructions")]
    no_user = to_otel_span({**row, "exchange_id": "nu"})
    doc = {"resourceSpans": [
        {"resource": {"attributes": [{"key": "user.id", "value": {"stringValue": "acct-1"}}]},
         "scopeSpans": [{"spans": [embedding, no_content, to_otel_span({**row, "exchange_id": "fine"})]}]},
        {"resource": {"attributes": []}, "scopeSpans": [{"spans": [no_user]}]},
    ]}
    f = tmp_path / "mixed.jsonl"
    f.write_text(json.dumps(doc) + "\n")
    back, report, bad = _read(tmp_path, f)
    # A chat span recorded with content capture off is a content-free exchange (its tokens, model and times
    # kept); spans that are no chat call, or have no account, are quarantined.
    assert back.column("exchange_id").to_pylist() == ["nc", "fine"]
    assert back.column("account_id").to_pylist() == ["acct-1", "acct-1"]
    assert back.column("messages").to_pylist()[0] == [] and back.column("messages").to_pylist()[1]
    assert back.column("prompt_tokens").to_pylist()[0] == row["prompt_tokens"]
    assert report.rows_read == 4 and report.rows_quarantined == 2
    reasons = {b.field: b.reason for b in bad}
    assert reasons["gen_ai.operation.name"] == "operation 'embeddings' carries no chat exchange"
    assert reasons["user.id"].startswith("required field is missing")
    assert all(b.line == 1 for b in bad)


def test_malformed_trace_documents_are_quarantined_not_fatal(table: pa.Table, tmp_path: Path) -> None:
    """Each malformed level of an OTLP document is one quarantined row (found by fuzzing: these used to raise
    and stop the whole scan); levels OTLP JSON leaves out hold nothing."""
    span = to_otel_span(table.to_pylist()[0])
    user = {"attributes": [{"key": "user.id", "value": {"stringValue": "acct-1"}}]}
    docs = [
        {"resourceSpans": [{"resource": user, "scopeSpans": [{"spans": [span]}]}]},
        {"resourceSpans": {"not": "a list"}},
        {"resourceSpans": [7, {"resource": ["x"], "scopeSpans": []}, {"resource": user, "scopeSpans": "x"}]},
        {"resourceSpans": [{"resource": user, "scopeSpans": [3, {"spans": {}}, {"spans": [None, {**span,
                                                                                                "status": 5}]}]}]},
        {"resourceSpans": [{"resource": user}]},  # no scopes: an empty export, no row
    ]
    f = tmp_path / "broken.jsonl"
    f.write_text("".join(json.dumps(d) + "\n" for d in docs))
    back, report, bad = _read(tmp_path, f)
    assert back.num_rows == 1 and back.column("account_id").to_pylist() == ["acct-1"]
    assert [(b.line, b.field) for b in bad] == [
        (2, "resourceSpans"), (3, "resourceSpans[0]"), (3, "resourceSpans[1].resource"),
        (3, "resourceSpans[2].scopeSpans"), (4, "resourceSpans[0].scopeSpans[0]"),
        (4, "resourceSpans[0].scopeSpans[1].spans"), (4, "resourceSpans[0].scopeSpans[2].spans[0]"), (4, "status")]
    assert report.rows_quarantined == 8


def _openinference_span(k: int, kind: str, question: str) -> dict[str, object]:
    """A span as OpenInference instrumentations (Arize Phoenix) export it over OTLP: flattened, indexed
    attributes; the second user message a multimodal one (text parts beside an image)."""
    attrs: dict[str, object] = {"openinference.span.kind": kind, "llm.model_name": "gpt-4o-mini",
                                "user.id": f"user-{k % 3}", "session.id": f"s-{k}",
                                "llm.invocation_parameters": json.dumps({"temperature": 0, "max_tokens": 300}),
                                "llm.input_messages.0.message.role": "system",
                                "llm.input_messages.0.message.content": "Answer briefly.",
                                "llm.input_messages.1.message.role": "user",
                                "llm.input_messages.1.message.contents.0.message_content.type": "text",
                                "llm.input_messages.1.message.contents.0.message_content.text": question,
                                "llm.input_messages.1.message.contents.1.message_content.type": "image",
                                "llm.output_messages.0.message.role": "assistant",
                                "llm.output_messages.0.message.content": f"<think>count</think>It is {k}.",
                                "llm.token_count.prompt": 30 + k, "llm.token_count.completion": 7,
                                "llm.token_count.completion_details.reasoning": 2}
    values = [{"key": key, "value": {"stringValue": v} if isinstance(v, str) else {"intValue": str(v)}}
              for key, v in attrs.items()]
    start = 1_777_852_800_000_000_000 + k * 60_000_000_000
    return {"traceId": f"{k:032x}", "spanId": f"{k:016x}", "name": "ChatCompletion" if kind == "LLM" else kind,
            "kind": 1, "startTimeUnixNano": str(start), "endTimeUnixNano": str(start + 2_000_000_000),
            "attributes": values, "status": {"code": 1}}


def test_openinference_spans_are_read_and_its_other_kinds_counted(shared_data: Path, tmp_path: Path) -> None:
    questions = [json.loads(line)["question"] for line in
                 (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")[:6]]
    spans = [_openinference_span(k, "LLM", q) for k, q in enumerate(questions)]
    spans.append(_openinference_span(99, "RETRIEVER", "a query"))
    path = tmp_path / "phoenix.jsonl"
    path.write_text(json.dumps({"resourceSpans": [{"resource": {"attributes": []}, "scopeSpans": [
        {"scope": {"name": "openinference.instrumentation.openai"}, "spans": spans}]}]}) + "\n")
    got, _, bad = _read(tmp_path, path)
    assert got.column("account_id").to_pylist() == [f"user-{k % 3}" for k in range(6)]
    assert got.column("model").to_pylist() == ["gpt-4o-mini"] * 6
    assert [m[-1]["content"] for m in got.column("messages").to_pylist()] == questions
    assert [m[0]["content"] for m in got.column("messages").to_pylist()] == ["Answer briefly."] * 6
    assert got.column("response_text").to_pylist() == [f"It is {k}." for k in range(6)]
    assert got.column("reasoning_text").to_pylist() == ["count"] * 6
    assert got.column("prompt_tokens").to_pylist() == [30 + k for k in range(6)]
    assert got.column("reasoning_tokens").to_pylist() == [2] * 6
    assert got.column("max_tokens").to_pylist() == [300] * 6
    assert [(b.field, b.reason) for b in bad] == [("openinference.span.kind",
                                                   "span kind 'RETRIEVER' carries no chat exchange")]


def _http_root(trace: str, span: str, attrs: dict[str, object]) -> dict[str, object]:
    """The HTTP server span a service's front door writes around a call, with who called in its own namespace."""
    from otel_convert import _attrs

    return {"traceId": trace, "spanId": span, "name": "POST /v1/chat/completions", "kind": 2,
            "startTimeUnixNano": "1778061627000000000", "endTimeUnixNano": "1778061631000000000",
            "attributes": _attrs({"http.request.method": "POST", "http.response.status_code": 200, **attrs}),
            "status": {"code": 1}}


def test_calls_take_their_caller_from_the_server_span_above_them(table: pa.Table, tmp_path: Path) -> None:
    """A provider instrumented at its front door: who called (account, organisation, key id, address, user agent,
    the reseller's end user) is on the HTTP server span, in the provider's own attribute namespace; the GenAI span
    is its child, written in another export line, spans out of order. Each call reads its caller from its ancestors
    (the nearest first); the server spans are the calls' context, counted as merged; a moderation span beside the
    call is quarantined; a call whose server span went to another file is quarantined, not read as the service."""
    rows = table.to_pylist()[:6]
    lines: list[list[dict[str, object]]] = [[], []]
    for i, row in enumerate(rows):
        call = to_otel_span(row)
        call["attributes"] = [a for a in call["attributes"]  # the call span carries no caller of its own
                              if a["key"] not in ("client.address", "user_agent.original", "api_key.id",
                                                  "organization.id")]
        trace, root = call["traceId"], f"{i:016x}"
        call["parentSpanId"] = root
        caller = {"acme.account.id": f"acct-{i % 2}", "acme.org.id": f"org-{i % 2}", "acme.api_key.id": f"key-{i}",
                  "client.address": f"203.0.113.{i}", "user_agent.original": "acme-sdk/1.2",
                  **({"enduser.id": f"eu-{i}"} if i == 5 else {})}
        lines[0].append(call)
        if i != 4:  # the fifth call's server span was exported to another file
            lines[1].append(_http_root(str(trace), root, caller))
        if i == 0:
            lines[1].append({**_http_root(str(trace), "ffffffffffffffff", {}), "parentSpanId": root,
                             "name": "moderation", "kind": 1})
    doc = [{"resourceSpans": [{"resource": {"attributes": [{"key": "service.name",
                                                            "value": {"stringValue": "edge-1"}}]},
                               "scopeSpans": [{"spans": spans[::-1]}]}]} for spans in lines]
    f = tmp_path / "edge.jsonl"
    f.write_text("".join(json.dumps(d) + "\n" for d in doc))
    back, report, bad = _read(tmp_path, f)
    got = {r["exchange_id"]: r for r in back.to_pylist()}
    assert sorted(got) == sorted(r["exchange_id"] for i, r in enumerate(rows) if i != 4)
    for i, row in enumerate(rows):
        if i == 4:
            continue
        r = got[row["exchange_id"]]
        assert (r["account_id"], r["org_id"], r["api_key_id"]) == (f"acct-{i % 2}", f"org-{i % 2}", f"key-{i}")
        assert (r["client_ip"], r["user_agent"]) == (f"203.0.113.{i}", "acme-sdk/1.2")
        assert r["end_user"] == ("eu-5" if i == 5 else None)
    assert report.rows_merged == 5  # the five server spans found above their calls
    assert {(b.field, b.reason.split(" ")[0]) for b in bad} == {("gen_ai.operation.name", "span"),
                                                               ("parentSpanId", "the")}
    assert report.rows_read == 5 + 2 and report.rows_quarantined == 2


def test_event_messages_with_parts_and_reasoning_tokens(table: pa.Table, tmp_path: Path) -> None:
    """Conventions 1.36's events written with the newer message shape (the turn's parts as JSON text, the choice's
    message with parts), and reasoning tokens under ``gen_ai.usage.reasoning.output_tokens``."""
    from otel_convert import _attrs

    row = table.to_pylist()[0]
    span = to_otel_span(row)
    span["attributes"] = [a for a in span["attributes"] if not a["key"].startswith(("gen_ai.input", "gen_ai.output",
                                                                                     "gen_ai.system_inst"))]
    span["attributes"] += _attrs({"gen_ai.usage.reasoning.output_tokens": 77, "user.id": "acct-9"})
    span["events"] = [
        {"name": "gen_ai.user.message",
         "attributes": _attrs({"content": json.dumps([{"type": "text", "content": "What is 7 * 8?"}])})},
        {"name": "gen_ai.choice",
         "attributes": _attrs({"index": 0, "message": json.dumps(
             {"role": "assistant", "parts": [{"type": "reasoning", "content": "7 eights."},
                                             {"type": "text", "content": "56"}]})})}]
    f = tmp_path / "events.jsonl"
    f.write_text(json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [span]}]}]}) + "\n")
    back, _, bad = _read(tmp_path, f)
    assert not bad
    r = back.to_pylist()[0]
    assert r["messages"] == [{"role": "user", "content": "What is 7 * 8?"}]
    assert (r["response_text"], r["reasoning_text"], r["reasoning_tokens"]) == ("56", "7 eights.", 77)


def test_declared_tools_are_a_tools_turn(table: pa.Table, tmp_path: Path) -> None:
    """``gen_ai.tool.definitions`` (the tools a request declared) is kept as the ``[tools]`` turn the other readers
    write from a request body's ``tools``: the tool-catalogue churn reads it."""
    from otel_convert import _attrs

    row = table.to_pylist()[0]
    span = to_otel_span(row)
    tools = [{"type": "function", "name": "run_sql", "description": "Run a read-only SQL query",
              "parameters": {"type": "object", "properties": {"query": {"type": "string"}}}}]
    span["attributes"] += _attrs({"gen_ai.tool.definitions": json.dumps(tools), "user.id": "acct-3"})
    f = tmp_path / "tools.jsonl"
    f.write_text(json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [span]}]}]}) + "\n")
    back, _, bad = _read(tmp_path, f)
    assert not bad
    turns = back.to_pylist()[0]["messages"]
    assert [t for t in turns if t["content"].startswith("[tools]")] == [
        {"role": "system", "content": "[tools]\n[tool run_sql] Run a read-only SQL query\nquery"}], turns


def test_a_trace_exported_across_the_hour_is_completed_from_the_next_file(table: pa.Table, tmp_path: Path) -> None:
    """A collector writes one file per hour, by export time. The fifth call's server span ended after the hour
    turned and was exported into the next hour's file of the same collector. Its call still reads its caller from
    there, and that server span is the call's context, not a quarantined row. A throttled request's lone server
    span (429, no call anywhere) is quarantined. A file of another collector is no neighbour: there the
    same split leaves the call quarantined."""
    from antidistill.ingest import ingest_paths, read_quarantine
    from antidistill.store.duckdb_store import DuckDBStore

    rows = table.to_pylist()[:6]
    hours: dict[str, list[dict[str, object]]] = {"00": [], "01": []}
    for i, row in enumerate(rows):
        call = to_otel_span(row)
        call["attributes"] = [a for a in call["attributes"] if a["key"] not in ("api_key.id", "organization.id")]
        root = f"{i:016x}"
        call["parentSpanId"] = root
        hours["00"].append(call)
        hours["01" if i == 4 else "00"].append(_http_root(str(call["traceId"]), root,
                                                          {"acme.account.id": f"acct-{i % 2}"}))
    hours["01"].append(_http_root("f" * 32, "e" * 16, {"acme.account.id": "acct-9", "error.type": "429"}))

    def write(folder: Path) -> None:
        for hour, spans in hours.items():
            d = folder / "otel" / "edge-1" / "2026" / "05" / "04" / hour
            d.mkdir(parents=True, exist_ok=True)
            doc = {"resourceSpans": [{"resource": {"attributes": [{"key": "service.name",
                                                                   "value": {"stringValue": "edge-1"}}]},
                                      "scopeSpans": [{"spans": spans}]}]}
            (d / f"otelcol-0-20260504{hour}.jsonl").write_text(json.dumps(doc) + "\n")

    write(tmp_path / "logs")
    with DuckDBStore(tmp_path / "db.duckdb") as db:
        report = ingest_paths([tmp_path / "logs"], db, progress=False, quarantine_path=tmp_path / "q.jsonl")
        got = dict(db.connection.execute("SELECT exchange_id, account_id FROM exchanges").fetchall())
    assert got == {r["exchange_id"]: f"acct-{i % 2}" for i, r in enumerate(rows)}
    assert report.rows_merged == 6  # every server span above its call, the one in the next hour's file too
    bad = read_quarantine(tmp_path / "q.jsonl")
    assert [(b.field, "01/otelcol" in b.file) for b in bad] == [("gen_ai.operation.name", True)]  # the 429

    # the next hour's file of another collector is no neighbour
    other = tmp_path / "split"
    write(other)
    (other / "otel/edge-1/2026/05/04/01/otelcol-0-2026050401.jsonl").rename(
        other / "otel/edge-1/2026/05/04/01/otelcol-1-2026050401.jsonl")
    with DuckDBStore(tmp_path / "db2.duckdb") as db:
        report = ingest_paths([other], db, progress=False)
        assert db.count() == 5
    assert report.quarantined_by_field() == {"gen_ai.operation.name": 2, "parentSpanId": 1}
