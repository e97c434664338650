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
