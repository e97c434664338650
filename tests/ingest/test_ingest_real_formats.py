"""Logs in the record shapes real LLM gateways and clouds write, read with ``--format auto``.

``data/real_formats`` holds small samples of nine products' logs (Kong AI Gateway, AWS Bedrock invocation
logging, Cloudflare AI Gateway, Azure API Management, Vertex AI request-response logging, Helicone in two export
shapes, Langfuse, Portkey, Envoy AI Gateway). They were written from each product's public documentation and
source by a session that never saw these readers; its ``README.md`` names the sources and what was guessed.
Beside each sample, ``NAME.expected.json`` says what every call in it holds: its time, caller, model, last user
message, system prompt, answer, token counts, status and client address. The readers must recover each of them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import call_fields, read_back

from antidistill.errors import InputError
from antidistill.ingest import IngestReport, QuarantineWriter, detect_format, read_paths
from antidistill.ingest.pipeline import resolve_sources
from antidistill.records import EXCHANGE_SCHEMA

DATA = Path(__file__).parent / "data" / "real_formats"
#: Products whose records are read on their own.
ON_THEIR_OWN = ("bedrock_invocation_logs", "cloudflare_ai_gateway", "envoy_ai_gateway_access", "helicone",
                "helicone_export", "kong_ai_gateway", "portkey_logs_export", "vertex_ai_request_response")
#: Products that spread a call over two tables: the file with the conversation, and the one with its caller.
TWO_TABLES = {"azure_apim_llm": "azure_apim_gateway.jsonl", "langfuse": "langfuse_traces.jsonl"}
#: Seconds between the time a product logs and the request's start: Vertex AI logs a call when it is written
#: (``logging_time``), after the answer; the answer's own ``createTime`` is inside the response.
LATE_S = {"vertex_ai_request_response": 10.0}


def _data_file(name: str) -> Path:
    return next(p for p in sorted(DATA.glob(f"{name}.*")) if not p.name.endswith(".expected.json"))


@pytest.mark.parametrize("name", ON_THEIR_OWN + tuple(TWO_TABLES))
def test_each_product_log_reads_every_call(tmp_path: Path, name: str) -> None:
    """Every call of each product's log, field by field; a product that spreads a call over two tables (Azure
    API Management, Langfuse) is scanned with both files named, as a folder of its exports would be."""
    path = _data_file(name)
    expected = json.loads((DATA / f"{name}.expected.json").read_text())
    if name in TWO_TABLES:
        report = IngestReport()
        with QuarantineWriter(tmp_path / "q.jsonl") as q:
            batches = list(read_paths([path, DATA / TWO_TABLES[name]], report=report, quarantine=q))
        table, bad = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA), []
        assert [Path(f.path).name for f in report.files] == [path.name]  # the other table is context
        (context,) = report.skipped
        assert context.reason.startswith(f"context of {path.name}")
        # every line of the call file is counted: a call, or a part of one (Azure: 3 rows a call, 2 if refused)
        assert report.rows_read + report.rows_merged == len(path.read_text().splitlines())
        assert report.rows_merged == (15 if name == "azure_apim_llm" else 0)
    else:
        assert detect_format(path) == "generic"
        table, report, bad = read_back(tmp_path, path)
    rows = sorted(table.to_pylist(), key=lambda r: r["ts_start"])
    callers: dict[str, str] = {}
    readable = [e for e in expected if e["caller"] is not None]
    # A call that names no caller at all (Vertex AI without request labels) is kept aside, naming the field.
    assert len(bad) == len(expected) - len(readable)
    assert all("caller" in q.reason for q in bad)
    assert len(rows) == len(readable) and report.rows_quarantined == len(bad)
    for row, want in zip(rows, sorted(readable, key=lambda e: e["time"]), strict=True):
        when = dt.datetime.fromisoformat(want["time"].replace("Z", "+00:00"))
        assert 0 <= (row["ts_start"] - when).total_seconds() < LATE_S.get(name, 1.0), (row["ts_start"], want)
        got = call_fields(row)
        # One account per caller: a product may name it by id where the expectation used its display name.
        assert callers.setdefault(want["caller"], got["caller"]) == got["caller"], want
        # The model as the request named it or as the answer did (``gpt-4o`` or ``gpt-4o-2024-08-06``).
        assert got["model"].startswith(want["model"]) or want["model"].startswith(got["model"]), (got, want)
        for key in ("prompt_last_user", "system", "response", "status", "client_ip"):
            assert got[key] == want[key], (key, got, want)
        for key in ("prompt_tokens", "completion_tokens"):  # a refused call may log 0 tokens or none
            assert got[key] == want[key] or (want[key] == 0 and got[key] is None and want["status"] >= 400), (
                key, got, want)
    assert len(set(callers.values())) == len(callers)


def test_a_caller_shared_by_every_record_is_the_logs_owner(tmp_path: Path) -> None:
    """Bedrock records name the AWS account (one for the whole log) and the IAM principal that called: the
    principal is the account read; Langfuse traces name the project (one) and the user."""
    table, report, _ = read_back(tmp_path, DATA / "bedrock_invocation_logs.jsonl")
    assert report.files[0].mapping["caller"] == "identity.arn"
    assert all(a.startswith("arn:aws:") for a in table.column("account_id").to_pylist())
    table, report, _ = read_back(tmp_path, DATA / "langfuse_traces.jsonl")
    assert report.files[0].mapping["caller"] == "userId"
    assert set(table.column("account_id").to_pylist()) == {"nadia.h", "tomas.k", "ravi.p"}


def test_streamed_answers_logged_as_events_are_assembled(tmp_path: Path) -> None:
    """Cloudflare keeps a streamed answer as its server-sent events, Bedrock and Vertex AI as a list of events
    or chunks: each is read as the whole answer, with its token counts."""
    for name, marker in (("cloudflare_ai_gateway", '"data: {'), ("bedrock_invocation_logs", "ResponseStream"),
                         ("vertex_ai_request_response", "streamGenerateContent")):
        path = _data_file(name)
        expected = json.loads((DATA / f"{name}.expected.json").read_text())  # one call per line, in order
        streamed = [want for line, want in zip(path.read_text().splitlines(), expected, strict=True)
                    if marker in line]
        table, _, _ = read_back(tmp_path, path)
        by_prompt = {call_fields(r)["prompt_last_user"]: r for r in table.to_pylist()}
        assert streamed, name
        for want in streamed:
            row = by_prompt[want["prompt_last_user"]]
            assert row["response_text"] == want["response"] and len(row["response_text"]) > 40, name
            assert row["completion_tokens"] == want["completion_tokens"], name


def test_a_log_that_names_no_caller_is_refused_not_guessed(tmp_path: Path) -> None:
    """Azure API Management's LLM table and Langfuse's observations carry no caller: the caller is in another
    table (the gateway log by ``CorrelationId``, the trace by ``traceId``). Named alone, without that table,
    the scan says so instead of inventing accounts."""
    with pytest.raises(InputError, match="matches no known log format"):  # no caller under any name
        read_back(tmp_path, DATA / "langfuse.jsonl")
    # Azure's rows all name one tenant (``TenantId``): the log's owner, read as one account it would make every
    # verdict about the whole log.
    with pytest.raises(InputError, match=r"same caller \(TenantId = .*--map account_id=PATH"):
        read_back(tmp_path, DATA / "azure_apim_llm.jsonl")


def _apim_joined(path: Path) -> list[dict[str, Any]]:
    """The Azure API Management export ``docs/log-formats.md`` gives (its KQL done here in Python): one row per
    ``CorrelationId`` of the LLM table, the gateway log's subscription, address and status joined on."""
    calls: dict[str, dict[str, Any]] = {}
    for line in (DATA / "azure_apim_llm.jsonl").read_text().splitlines():
        r = json.loads(line)
        c = calls.setdefault(r["CorrelationId"], {"CorrelationId": r["CorrelationId"], "TimeGenerated": None,
                                                  "ModelName": "", "DeploymentName": "", "PromptTokens": 0,
                                                  "CompletionTokens": 0, "RequestMessages": None,
                                                  "ResponseMessages": None})
        c["TimeGenerated"] = min(filter(None, (c["TimeGenerated"], r["TimeGenerated"])))
        for key in ("ModelName", "DeploymentName", "PromptTokens", "CompletionTokens"):
            c[key] = max(c[key], r[key])
        for key in ("RequestMessages", "ResponseMessages"):
            c[key] = c[key] or r[key] or None
    gateway = {g["CorrelationId"]: g for g in map(json.loads, (DATA / "azure_apim_gateway.jsonl").read_text()
                                                    .splitlines())}
    rows = [{**c, **{k: gateway[cid][k] for k in ("ApimSubscriptionId", "CallerIpAddress", "ResponseCode")}}
            for cid, c in calls.items()]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


def test_azure_api_management_joined_as_documented_reads_every_call(tmp_path: Path) -> None:
    """The two Azure tables joined as the docs say: the request's turns and the answer's assistant turns (its
    own list, not a conversation) read, the subscription as the account."""
    path = tmp_path / "apim.jsonl"
    _apim_joined(path)
    expected = json.loads((DATA / "azure_apim_llm.expected.json").read_text())
    table, report, bad = read_back(tmp_path, path)
    assert not bad and report.files[0].mapping["caller"] == "ApimSubscriptionId"
    rows = sorted(table.to_pylist(), key=lambda r: r["ts_start"])
    assert len(rows) == len(expected)
    for row, want in zip(rows, sorted(expected, key=lambda e: e["time"]), strict=True):
        got = call_fields(row)
        for key in ("caller", "prompt_last_user", "system", "response", "status", "client_ip"):
            assert got[key] == want[key], (key, got, want)
        assert got["prompt_tokens"] == want["prompt_tokens"] or want["status"] >= 400


def test_a_redacted_authorization_header_is_no_identity(tmp_path: Path) -> None:
    """Kong logs ``authorization: REDACTED``: not one key shared by every consumer."""
    table, _, _ = read_back(tmp_path, DATA / "kong_ai_gateway.jsonl")
    assert set(table.column("api_key_id").to_pylist()) == {None}
    assert len(set(table.column("account_id").to_pylist())) == 3


def test_kong_consumer_sign_up_is_read_and_its_workspace_is_no_organisation(tmp_path: Path) -> None:
    """Kong logs the consumer record with each call: its ``created_at`` is when the account was made (not the
    call's time, which is ``started_at``), and ``workspace`` is the gateway's configuration partition that every
    consumer of a route shares, so it is not read as their organisation."""
    table, _, _ = read_back(tmp_path, DATA / "kong_ai_gateway.jsonl")
    assert set(table.column("org_id").to_pylist()) == {None}
    created = {r["account_id"]: r["account_created_at"] for r in table.to_pylist()}
    assert len(created) == 3
    assert set(created.values()) == {dt.datetime(2026, 1, 2, tzinfo=dt.UTC)}  # consumer.created_at 1767312000
    assert min(table.column("ts_start").to_pylist()) > dt.datetime(2026, 3, 12, tzinfo=dt.UTC)  # started_at


def test_a_folder_of_product_logs_joins_the_tables_of_one_call() -> None:
    """In a folder of every product's export, Azure's LLM table is joined to its gateway table and Langfuse's
    observations to their traces; the tables that complete them are listed as context, not read as calls."""
    sources, skipped = resolve_sources([DATA])
    joins = {s.path.name: s.join.describe() for s in sources if s.join is not None}
    assert joins["azure_apim_llm.jsonl"] == ("rows sharing CorrelationId merged; joined to azure_apim_gateway.jsonl "
                                             "on CorrelationId = CorrelationId")
    assert joins["langfuse.jsonl"] == "joined to langfuse_traces.jsonl on traceId = id"
    why = {Path(s.path).name: s.reason for s in skipped}
    assert why["azure_apim_gateway.jsonl"].startswith("context of azure_apim_llm.jsonl")
    assert why["langfuse_traces.jsonl"].startswith("context of langfuse.jsonl")
    read = {s.path.name for s in sources}
    assert read >= {_data_file(n).name for n in ON_THEIR_OWN} | {"azure_apim_llm.jsonl", "langfuse.jsonl"}


def test_a_record_delivered_twice_does_not_undo_the_join_of_two_tables(tmp_path: Path) -> None:
    """Azure's diagnostic archives (and log shippers) deliver at least once: a gateway record repeated byte for byte
    still leaves ``CorrelationId`` a key of that table, so the LLM table is still joined to it and every call keeps
    its subscription. Before, the one repeat made the key look shared by several records and no join was made (an
    eighth-probe hour of calls unread)."""
    gateway = (DATA / "azure_apim_gateway.jsonl").read_text().splitlines()
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "gateway.jsonl").write_text("\n".join([*gateway, gateway[2]]) + "\n")
    (folder / "llm.jsonl").write_text((DATA / "azure_apim_llm.jsonl").read_text())
    sources, skipped = resolve_sources([folder])
    assert [(s.path.name, s.join.describe() if s.join else None) for s in sources] == [
        ("llm.jsonl", "rows sharing CorrelationId merged; joined to gateway.jsonl on CorrelationId = CorrelationId")]
    assert [Path(s.path).name for s in skipped] == ["gateway.jsonl"]
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        table = pa.Table.from_batches(list(read_paths([folder], report=report, quarantine=q)), schema=EXCHANGE_SCHEMA)
    expected = json.loads((DATA / "azure_apim_llm.expected.json").read_text())
    assert report.rows_quarantined == 0 and table.num_rows == len(expected)
    assert sorted(table.column("api_key_id").to_pylist()) == sorted(e["caller"] for e in expected)


def test_a_gateway_record_delivered_into_the_next_hours_file_still_gives_its_call_a_caller(tmp_path: Path) -> None:
    """An hourly archive puts a record in the hour it arrived: a call's gateway record may sit in the next hour's
    gateway file while its LLM rows are in this hour's. Each LLM file is joined to its own hour's gateway file and
    looks up what it misses in the files next to that one (before, such a call was quarantined for its caller:
    173 of the eighth probe's calls)."""
    llm = (DATA / "azure_apim_llm.jsonl").read_text().splitlines()
    gateway = (DATA / "azure_apim_gateway.jsonl").read_text().splitlines()
    moved = json.loads(gateway[3])["CorrelationId"]
    for hour in range(3):
        def tagged(line: str, h: int = hour) -> str:
            r = json.loads(line)
            r["CorrelationId"] = f"{r['CorrelationId'][:-2]}{h:02d}"
            return json.dumps(r)
        folder = tmp_path / "logs" / f"h={hour:02d}"
        folder.mkdir(parents=True)
        (folder / "llm.jsonl").write_text("\n".join(map(tagged, llm)) + "\n")
        kept = [g for g in gateway if not (hour == 1 and json.loads(g)["CorrelationId"] == moved)]
        late = [gateway[3]] if hour == 2 else []  # hour 1's record, delivered an hour late
        (folder / "gateway.jsonl").write_text("\n".join([*map(tagged, kept), *(tagged(g, 1) for g in late)]) + "\n")
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        table = pa.Table.from_batches(list(read_paths([tmp_path / "logs"], report=report, quarantine=q)),
                                      schema=EXCHANGE_SCHEMA)
    expected = json.loads((DATA / "azure_apim_llm.expected.json").read_text())
    assert report.rows_quarantined == 0 and table.num_rows == 3 * len(expected)
    assert all("(and its neighbours)" in f.mapping["calls"] for f in report.files)
    assert sorted(table.column("api_key_id").to_pylist()) == sorted(3 * [e["caller"] for e in expected])


def test_a_field_map_naming_a_field_of_the_other_table_keeps_the_join(tmp_path: Path) -> None:
    """``--map org_id=UserId`` on Azure's two tables: the field is in the gateway table, not in the LLM table the
    calls are read from. The LLM table must still be joined to the gateway table (before, the map's path counted
    as the LLM table's caller although none of its rows had it, the join was not made, and every call was
    quarantined for the missing field)."""
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([DATA / "azure_apim_llm.jsonl", DATA / "azure_apim_gateway.jsonl"],
                                  report=report, quarantine=q, field_map={"org_id": "UserId"}))
    table = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA)
    expected = json.loads((DATA / "azure_apim_llm.expected.json").read_text())
    assert report.rows_quarantined == 0 and table.num_rows == len(expected)
    assert set(table.column("org_id").to_pylist()) == {"1", "contoso-mobile-owner"}


def test_a_request_and_its_response_logged_as_two_lines_are_one_call(tmp_path: Path) -> None:
    """A gateway that writes the request when it arrives and the response when it completes, two lines sharing a
    request id (the second without the conversation), gives one call each: nothing counted twice."""
    calls = [json.loads(line) for line in (DATA / "helicone.jsonl").read_text().splitlines()]
    lines = []
    for i, c in enumerate(calls):
        head = {"request_id": c["request_id"], "api_key_id": f"key-{c['request_user_id']}"}
        lines.append({**head, "timestamp": c["request_created_at"], "request": c["request_body"]})
        if i % 3 != 2:  # a few responses come later, after other calls' lines
            lines.append({**head, "timestamp": c["response_created_at"], "response": c["response_body"]})
    lines += [{"request_id": c["request_id"], "api_key_id": f"key-{c['request_user_id']}",
               "timestamp": c["response_created_at"], "response": c["response_body"]}
              for i, c in enumerate(calls) if i % 3 == 2]
    path = tmp_path / "two_lines.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert detect_format(path) == "openai"
    table, _, bad = read_back(tmp_path, path)
    assert not bad and table.num_rows == len(calls)
    got = {call_fields(r)["prompt_last_user"]: r for r in table.to_pylist()}
    expected = json.loads((DATA / "helicone.expected.json").read_text())  # one call per line, in order
    for c, want in zip(calls, expected, strict=True):
        row = got[want["prompt_last_user"]]
        assert (row["response_text"], row["completion_tokens"]) == (want["response"], want["completion_tokens"])
        assert row["api_key_id"] == f"key-{c['request_user_id']}" and row["ts_start"].isoformat()[:19] == want[
            "time"][:19]


def test_a_key_that_only_ends_like_an_identity_must_hold_one_word() -> None:
    """``prompt_last_user`` ends with ``user`` but holds a sentence: not a caller; ``request_user_id`` holds one."""
    from antidistill.ingest.generic import discover

    row = {"time": "2026-03-12T10:00:00Z", "model": "m", "prompt_last_user": "What is the derivative of x^3?"}
    assert "caller" not in discover([row] * 5).paths
    assert discover([{**row, "request_user_id": "maria@example.com"}] * 5).paths["caller"] == ("request_user_id",)


@pytest.mark.parametrize("name", tuple(n for n in ON_THEIR_OWN if n != "helicone_export") + tuple(TWO_TABLES))
def test_product_logs_with_values_replaced_never_raise(tmp_path: Path, name: str) -> None:
    """Each product's records with one to three values replaced by awkward ones (wrong types, cut-off JSON,
    streams of unknown events): reading never raises, and every line is a call, a part of one, or quarantined."""
    import random

    from fuzzing import mutate

    source = _data_file(name)  # JSON lines (the CSV container is fuzzed by test_ingest_fuzz)
    objs = [json.loads(line) for line in source.read_text().splitlines()]
    rng = random.Random(f"real-{name}")
    for trial in range(15):
        mutated = [objs[0], *(mutate(o, rng) for o in objs[1:])]  # the first record decides the format
        path = tmp_path / f"{trial}-{source.name}"
        path.write_text("".join(json.dumps(o, default=str) + "\n" for o in mutated))
        paths = [path] + ([DATA / TWO_TABLES[name]] if name in TWO_TABLES else [])
        report = IngestReport()
        with QuarantineWriter(tmp_path / f"q-{trial}.jsonl") as q:
            try:
                stored = sum(b.num_rows for b in read_paths(paths, report=report, quarantine=q))
            except InputError as exc:  # a join or a format no longer found: said, not a crash
                assert "format" in str(exc) or "caller" in str(exc), exc
                continue
        calls = [f for f in report.files if Path(f.path) == path]
        assert calls and stored + calls[0].rows_quarantined + calls[0].rows_merged >= len(mutated), (name, trial)


#: The user message the chunk tests cut over rows: its JSON text is over 32 KB.
LONG_TEXT = " ".join(f"Paragraph {i}: the council minutes record every speaker's argument." for i in range(700))


def _cut_call() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The Azure LLM sample's first call with its request message replaced by ``LONG_TEXT`` cut into chunks of its
    JSON text, as Azure writes a message over 32 KB: (the request's chunk rows, numbered by ``SequenceNumber``, the
    call's other rows, the other calls' rows)."""
    rows = [json.loads(line) for line in (DATA / "azure_apim_llm.jsonl").read_text().splitlines()]
    first = rows[0]["CorrelationId"]
    call = [r for r in rows if r["CorrelationId"] == first]
    request = next(r for r in call if r["RequestMessages"])
    whole = json.dumps([{"role": "user", "content": LONG_TEXT}])
    assert len(whole) > 32_768
    chunks = [whole[i:i + 16_000] for i in range(0, len(whole), 16_000)]
    split = [{**request, "RequestMessages": c, "SequenceNumber": 10 + k} for k, c in enumerate(chunks)]
    return split, [r for r in call if not r["RequestMessages"]], [r for r in rows if r["CorrelationId"] != first]


def test_an_azure_message_over_32_kb_split_over_rows_is_put_back_together(tmp_path: Path) -> None:
    """Azure writes a message over 32 KB as chunks of its JSON text in rows numbered by ``SequenceNumber``: the
    call's rows are merged in that order (here written out of order) and the text read whole."""
    split, others, rest = _cut_call()
    mixed = [*others[:1], split[2], split[0], *others[1:], split[1], *split[3:]]
    path = tmp_path / "azure_apim_llm.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in mixed + rest))
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([path, DATA / "azure_apim_gateway.jsonl"], report=report, quarantine=q))
    table = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA)
    assert report.rows_quarantined == 0 and table.num_rows == 8
    (row,) = [r for r in table.to_pylist() if r["account_id"] == "bi-dashboard" and r["prompt_tokens"] == 72]
    assert row["messages"] == [{"role": "user", "content": LONG_TEXT}]
    assert row["response_text"].startswith("The city council voted 5-2")


def test_rows_of_a_call_delivered_twice_are_merged_once(tmp_path: Path) -> None:
    """At-least-once delivery repeats rows: a chunk of a message cut over rows taken twice would corrupt the text
    (one call of the eighth probe's second seed was quarantined so), and a request row repeated before its response
    would split the call in two. A row repeated byte for byte is merged once and still counted."""
    split, others, rest = _cut_call()
    second = next(r for r in rest if r["RequestMessages"])  # another call's request, repeated before its response
    at = rest.index(second) + 1
    lines = [*split[:2], split[0], *split[2:], *others, *rest[:at], second, *rest[at:]]
    path = tmp_path / "azure_apim_llm.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        batches = list(read_paths([path, DATA / "azure_apim_gateway.jsonl"], report=report, quarantine=q))
    table = pa.Table.from_batches(batches, schema=EXCHANGE_SCHEMA)
    assert report.rows_quarantined == 0 and table.num_rows == 8
    assert report.rows_read + report.rows_merged == len(lines)
    (row,) = [r for r in table.to_pylist() if r["account_id"] == "bi-dashboard" and r["prompt_tokens"] == 72]
    assert row["messages"] == [{"role": "user", "content": LONG_TEXT}]
    assert all(r["response_text"] for r in table.to_pylist() if r["status"] == "ok")


def _write_archive(folder: Path, llm: list[dict[str, Any]], gateway: list[dict[str, Any]]) -> Path:
    """The two categories' records as one hour's ``PT1H.json`` blobs of a storage-account archive."""
    for category, records in (("gatewayllmlogs", llm), ("gatewaylogs", gateway)):
        blob = folder / f"insights-logs-{category}" / "y=2026" / "m=03" / "d=12" / "h=11" / "m=00" / "PT1H.json"
        blob.parent.mkdir(parents=True)
        blob.write_text("".join(json.dumps(r) + "\n" for r in records))
    return folder


def _archived(row: dict[str, Any], top: tuple[str, ...]) -> dict[str, Any]:
    """A Log Analytics row of Azure API Management as its diagnostic setting archives it to a storage account:
    ``time``, ``correlationId`` and ``top`` at the top level, every other column camelCase under ``properties``."""
    camel = {k[:1].lower() + k[1:]: v for k, v in row.items() if k not in ("TenantId", "Type", "SourceSystem")}
    out = {"time": camel.pop("timeGenerated"), "correlationId": camel.pop("correlationId")}
    out.update({k: camel.pop(k) for k in top if k in camel})
    return {**out, "properties": camel}


def test_an_archived_azure_message_split_over_records_numbered_under_properties_is_put_back_together(
        tmp_path: Path) -> None:
    """In the storage-account archive Azure's ``sequenceNumber`` is under ``properties`` with the chunks: the
    call's records are still merged in that order and the message read whole (before, they were merged as they
    came and the cut JSON text quarantined: 47 calls of the eighth probe)."""
    split, others, rest = _cut_call()
    mixed = [*others[:1], split[2], split[0], *others[1:], split[1], *split[3:]]
    llm = [_archived(r, ("operationName", "category")) for r in mixed + rest]
    gateway = [_archived(json.loads(line), ("operationName", "category", "callerIpAddress"))
               for line in (DATA / "azure_apim_gateway.jsonl").read_text().splitlines()]
    folder = _write_archive(tmp_path / "archive", llm, gateway)
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        table = pa.Table.from_batches(list(read_paths([folder], report=report, quarantine=q)), schema=EXCHANGE_SCHEMA)
    assert report.rows_quarantined == 0 and table.num_rows == 8
    (row,) = [r for r in table.to_pylist() if r["account_id"] == "bi-dashboard" and r["prompt_tokens"] == 72]
    assert row["messages"] == [{"role": "user", "content": LONG_TEXT}]
    assert row["response_text"].startswith("The city council voted 5-2")
    # the subscription's owner (the portal user: "1" is the built-in administrator) is its organisation
    owners = {r["account_id"]: (r["org_id"], r["end_user"]) for r in table.to_pylist()}
    assert owners == {"bi-dashboard": ("1", None), "hr-copilot": ("1", None),
                      "contoso-mobile": ("contoso-mobile-owner", None)}


def test_an_end_user_header_beside_the_subscriptions_owner_is_the_end_user(tmp_path: Path) -> None:
    """Azure's ``UserId`` (the subscription's owner) is read as the organisation; the end user is then the one the
    gateway logged beside it, an application's ``X-End-User-Id`` header, set on some calls only (before, no end
    user was read: the owner had taken the end user's place, and the header was never a candidate)."""
    gateway = []
    for i, line in enumerate((DATA / "azure_apim_gateway.jsonl").read_text().splitlines()):
        record = _archived(json.loads(line), ("operationName", "category", "callerIpAddress"))
        if record["properties"].get("apimSubscriptionId") == "contoso-mobile":
            record["properties"]["requestHeaders"] = {"User-Agent": "contoso/2.1", "X-End-User-Id": f"mobile-user-{i}"}
        gateway.append(record)
    llm = [_archived(json.loads(line), ("operationName", "category"))
           for line in (DATA / "azure_apim_llm.jsonl").read_text().splitlines()]
    folder = _write_archive(tmp_path / "archive", llm, gateway)
    table = pa.Table.from_batches(list(read_paths([folder])), schema=EXCHANGE_SCHEMA)
    users = {(r["account_id"], r["org_id"], r["end_user"] is not None) for r in table.to_pylist()}
    assert users == {("bi-dashboard", "1", False), ("hr-copilot", "1", False),
                     ("contoso-mobile", "contoso-mobile-owner", True)}
    assert all(r["end_user"].startswith("mobile-user-") for r in table.to_pylist() if r["end_user"])


def test_bedrock_converse_agent_turns_reasoning_and_error_codes(tmp_path: Path) -> None:
    """Converse content blocks are untyped, told by their one key: a tool call (``toolUse``), the tool's output
    sent back in a user turn (``toolResult``: the tool's turn, so the user's last prompt stays the task they
    wrote, as in chat-completions logs), reasoning (``reasoningContent``) and cache checkpoints. A record with
    an ``errorCode`` and no answer is a failed call."""
    task = "Fix the failing test in src/dates.py and tell me what was wrong."
    system = [{"text": "You are a coding agent working in /workspace."}, {"cachePoint": {"type": "default"}}]
    tools = {"tools": [{"toolSpec": {"name": "read_file", "inputSchema": {"json": {"type": "object"}}}}]}
    turns = [
        {"role": "user", "content": [{"text": task}]},
        {"role": "assistant", "content": [
            {"reasoningContent": {"reasoningText": {"text": "Read the file first.", "signature": "c2ln"}}},
            {"toolUse": {"toolUseId": "tooluse_1", "name": "read_file", "input": {"path": "src/dates.py"}}}]},
        {"role": "user", "content": [{"toolResult": {"toolUseId": "tooluse_1", "status": "success",
                                                      "content": [{"text": "def parse(s): return s[:10]"}]}}]},
    ]
    answer = [{"reasoningContent": {"reasoningText": {"text": "The slice drops the zone.", "signature": "c2ln"}}},
              {"reasoningContent": {"redactedContent": "ZW5jcnlwdGVk"}},
              {"text": "The parser cut the time zone off; I kept it."}]
    lines = (DATA / "bedrock_invocation_logs.jsonl").read_text().splitlines()
    principal = "arn:aws:iam::111122223333:user/agent-runner"
    record = {"schemaType": "ModelInvocationLog", "schemaVersion": "1.0", "timestamp": "2026-03-12T11:00:00Z",
              "accountId": "111122223333", "identity": {"arn": principal}, "region": "us-east-1",
              "requestId": "b7f0c1e2-0000-4000-8000-000000000001", "operation": "Converse",
              "modelId": "anthropic.claude-sonnet-4-20250514-v1:0",
              "input": {"inputContentType": "application/json", "inputTokenCount": 812,
                        "inputBodyJson": {"messages": turns, "system": system, "toolConfig": tools}},
              "output": {"outputContentType": "application/json", "outputTokenCount": 64,
                         "outputBodyJson": {"output": {"message": {"role": "assistant", "content": answer}},
                                            "stopReason": "end_turn", "usage": {"inputTokens": 812,
                                                                                "outputTokens": 64}}}}
    failed = {**record, "requestId": "b7f0c1e2-0000-4000-8000-000000000002", "timestamp": "2026-03-12T11:00:05Z",
              "errorCode": "ValidationException"}
    del failed["output"]
    path = tmp_path / "bedrock.jsonl"
    path.write_text("\n".join([*lines, json.dumps(record), json.dumps(failed)]) + "\n")
    table, report, bad = read_back(tmp_path, path)
    assert not bad and report.files[0].mapping["caller"] == "identity.arn"
    rows = {r["exchange_id"]: r for r in table.to_pylist()}
    ok, err = rows[record["requestId"]], rows[failed["requestId"]]
    assert ok["account_id"] == principal and ok["messages"] == [
        {"role": "system", "content": "You are a coding agent working in /workspace."},
        {"role": "system", "content": "[tools]\n[tool read_file]"},  # the Converse toolConfig's tool
        {"role": "user", "content": task},
        {"role": "assistant",
         "content": '<think>Read the file first.</think>\n[tool_use read_file] {"path": "src/dates.py"}'},
        {"role": "tool", "content": "def parse(s): return s[:10]"},
    ]
    assert (ok["response_text"], ok["reasoning_text"]) == ("[redacted_thinking]\n" + answer[2]["text"],
                                                           "The slice drops the zone.")
    assert (ok["status"], ok["prompt_tokens"], ok["completion_tokens"]) == ("ok", 812, 64)
    assert err["status"] == "error" and err["response_text"] is None and err["messages"] == ok["messages"]
    # the sample's own throttled InvokeModel record too
    assert [r["status"] for r in rows.values() if r["response_text"] is None] == ["error", "error"]
