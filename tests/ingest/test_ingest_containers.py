"""API logs collected from containers: a CRI runtime's log files, Docker's ``json-file`` driver, and shippers that keep
the envelope (Fluent Bit with its CRI parser and Kubernetes filter, Vector). Both runtimes cut a line longer than 16
KiB into partial lines; before session 44 every such call (a long conversation, an agent's tool round) was
quarantined as two or more lines of invalid JSON, and a Docker log was read as a generic record under ``log.``."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import read_back
from openai_convert import to_openai_log

from antidistill.records import Exchange, Message

CHUNK = 16 * 1024  # what Docker and containerd/CRI-O cut a line at
T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def calls(shared_data: Path) -> list[dict[str, Any]]:
    """Thirty OpenAI-style call records of three accounts: GSM8K questions, and every third call an agent's round
    that sends back HumanEval sources as tool output, 27-60 KiB (two to four runtime parts)."""
    gsm8k = (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()
    questions = [json.loads(x)["question"] for x in gsm8k[:30]]
    sources = [json.loads(x)["prompt"] for x in
               gzip.decompress((shared_data / "humaneval" / "HumanEval.jsonl.gz").read_bytes()).decode().splitlines()]
    out = []
    for k, q in enumerate(questions):
        messages = [Message("user", q)]
        if k % 3 == 0:
            code = "\n\n".join(sources[(k + j) % len(sources)] for j in range(60 + 30 * (k % 4)))
            messages += [Message("assistant", "Reading the repository."), Message("tool", code),
                         Message("user", "Fix the failing test.")]
        ex = Exchange(f"chatcmpl-{k:04d}", T0 + dt.timedelta(minutes=k), f"acct-{k % 3}", "prov-chat-2", messages,
                      response_text=f"The answer is {k}.", prompt_tokens=40 + k, completion_tokens=6,
                      api_key_id=f"key-{k % 3}")
        out.append(to_openai_log(ex.to_row()))
    assert sum(len(json.dumps(c)) > CHUNK for c in out) == 10
    return out


def _pieces(line: str) -> list[str]:
    return [line[i:i + CHUNK] for i in range(0, len(line), CHUNK)]


def _cri(ts: dt.datetime, stream: str, line: str) -> list[str]:
    parts = _pieces(line)
    stamp = ts.isoformat().replace("+00:00", ".123456789Z")
    return [f"{stamp} {stream} {'F' if j == len(parts) - 1 else 'P'} {p}\n" for j, p in enumerate(parts)]


def _check(calls: list[dict[str, Any]], path: Path, tmp_path: Path) -> tuple[Any, list[Any]]:
    table, report, quarantined = read_back(tmp_path, path)
    assert table.column("exchange_id").to_pylist() == [c["response"]["id"] for c in calls]
    assert table.column("account_id").to_pylist() == [c["metadata"]["account_id"] for c in calls]
    assert [[m["content"] for m in msgs] for msgs in table.column("messages").to_pylist()] == \
        [[m["content"] for m in c["request"]["messages"]] for c in calls]
    assert report.by_format()["openai"].rows_ok == len(calls)
    return report, quarantined


def test_a_cri_log_joins_each_streams_partial_lines(calls: list[dict[str, Any]], tmp_path: Path) -> None:
    """containerd's log of an API server (rotated and compressed by the kubelet): stderr lines between the parts
    of a long stdout line; every call is read whole, numbered by its first part; the stderr text is quarantined."""
    lines: list[str] = []
    warnings = 0
    for k, c in enumerate(calls):
        parts = _cri(T0 + dt.timedelta(minutes=k), "stdout", json.dumps(c))
        lines.append(parts[0])
        if len(parts) > 1:  # the server's own warning lands between the parts
            lines.append(_cri(T0 + dt.timedelta(minutes=k), "stderr", "WARNING: slow upstream")[0])
            warnings += 1
        lines += parts[1:]
    path = tmp_path / "0.log.20260504-101500.gz"
    path.write_bytes(gzip.compress("".join(lines).encode()))
    report, quarantined = _check(calls, path, tmp_path)
    assert report.rows_quarantined == warnings == 10
    # named as what they are (the server's plain text on stderr), not as JSON gone wrong ("Extra data at column 5")
    assert {q.reason for q in quarantined} == {"a container's log line (stderr) that is no JSON record"}
    assert report.rows_merged == len(lines) - len(calls) - warnings  # every part counted, none as a row


def test_a_cri_line_whose_last_part_never_came_is_quarantined_at_its_first_part(calls: list[dict[str, Any]],
                                                                               tmp_path: Path) -> None:
    lines = [x for k, c in enumerate(calls) for x in _cri(T0 + dt.timedelta(minutes=k), "stdout", json.dumps(c))]
    cut = _cri(T0, "stdout", json.dumps(calls[0]))[:-1]  # the file was rotated between the parts
    path = tmp_path / "0.log"
    path.write_text("".join(lines + cut))
    table, report, quarantined = read_back(tmp_path, path)
    assert table.num_rows == len(calls) and report.rows_quarantined == 1
    assert quarantined[0].line == len(lines) + 1 and "never" in quarantined[0].reason


def test_a_docker_json_file_log_joins_its_parts_and_reads_the_application_record(calls: list[dict[str, Any]],
                                                                                tmp_path: Path) -> None:
    """Docker's ``json-file`` driver: only a line's last part ends in a newline. Records without a time of their
    own take the runtime's."""
    lines = []
    for k, c in enumerate(calls):
        if k % 5 == 4:
            c = {**c, "metadata": {key: v for key, v in c["metadata"].items() if key != "timestamp"},
                 "response": {key: v for key, v in c["response"].items() if key != "created"}}
        stamp = (T0 + dt.timedelta(minutes=k, seconds=1)).isoformat().replace("+00:00", ".5Z")
        lines += [json.dumps({"log": p, "stream": "stdout", "time": stamp})
                  for p in _pieces(json.dumps(c) + "\n")]
        if k == 7:
            lines.append(json.dumps({"log": "INFO:     10.0.0.7:5123 - \"GET /health HTTP/1.1\" 200 OK\n",
                                     "stream": "stderr", "time": stamp}))
    lines.append(json.dumps({"log": json.dumps(calls[3])[:CHUNK], "stream": "stdout", "time": "2026-05-04T11:00:00Z"}))
    path = tmp_path / "4f2a9c-json.log"
    path.write_text("\n".join(lines) + "\n")
    table, report, quarantined = read_back(tmp_path, path)
    assert table.num_rows == len(calls) and report.by_format()["openai"].rows_ok == len(calls)
    assert [q.reason.startswith("a container's log line") for q in quarantined] == [True, True]
    assert "never came" in quarantined[-1].reason and quarantined[-1].line == len(lines)
    starts = table.column("ts_start").to_pylist()
    assert starts[4] == T0 + dt.timedelta(minutes=4, seconds=1.5)  # the runtime's time
    assert starts[5] == T0 + dt.timedelta(minutes=5)  # its own


def test_fluent_bit_records_of_two_pods_join_each_containers_parts(calls: list[dict[str, Any]],
                                                                   tmp_path: Path) -> None:
    """Fluent Bit's CRI parser (``logtag``) and Kubernetes filter, two replicas' parts interleaved in one file."""
    pods = [[], []]
    for k, c in enumerate(calls):
        parts = _pieces(json.dumps(c))
        for j, p in enumerate(parts):
            pods[k % 2].append({"time": (T0 + dt.timedelta(minutes=k)).isoformat(), "stream": "stdout",
                                "logtag": "F" if j == len(parts) - 1 else "P", "log": p,
                                "kubernetes": {"pod_name": f"inference-api-7d9f-{k % 2}", "namespace_name": "prod",
                                               "container_name": "api", "docker_id": f"c0ffee{k % 2}"}})
    mixed = []
    while pods[0] or pods[1]:  # one record of each replica in turn
        mixed += [pod.pop(0) for pod in pods if pod]
    path = tmp_path / "fluent-bit.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in mixed))
    table, report, _ = read_back(tmp_path, path)
    assert report.rows_quarantined == 0 and report.rows_ok == len(calls)
    got = {r: [m["content"] for m in msgs] for r, msgs in zip(table.column("exchange_id").to_pylist(),
                                                             table.column("messages").to_pylist(), strict=True)}
    assert got == {c["response"]["id"]: [m["content"] for m in c["request"]["messages"]] for c in calls}


def test_an_application_record_with_a_stream_key_is_not_an_envelope(tmp_path: Path) -> None:
    """A call record that itself says ``stream`` (a streamed request) is read as the call it is."""
    record = {"request": {"model": "prov-chat-2", "stream": True, "messages": [{"role": "user", "content": "hi"}]},
              "stream": True, "log": "request served", "metadata": {"account_id": "acct-1",
                                                                   "timestamp": "2026-05-04T10:00:00Z"}}
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(record) + "\n")
    table, report, _ = read_back(tmp_path, path)
    assert report.rows_ok == 1 and table.column("account_id").to_pylist() == ["acct-1"]


def test_vector_kubernetes_records_are_read_as_the_application_logged_them(calls: list[dict[str, Any]],
                                                                         tmp_path: Path) -> None:
    """Vector's ``kubernetes_logs`` source joins the parts itself and puts the line in ``message``."""
    path = tmp_path / "vector-2026-05-04.log.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(
        {"file": "/var/log/pods/prod_inference-api-7d9f_1b2c/api/0.log", "kubernetes": {"pod_name": "inference-api"},
         "message": json.dumps(c), "source_type": "kubernetes_logs", "stream": "stdout",
         "timestamp": "2026-05-04T10:00:00.5Z"}) + "\n" for c in calls).encode()))
    report, quarantined = _check(calls, path, tmp_path)
    assert report.rows_quarantined == 0 and quarantined == []


def test_health_probes_beside_the_calls_are_kept_aside_as_no_calls(calls: list[dict[str, Any]],
                                                                   tmp_path: Path) -> None:
    """The server logs kubelet's probes as records of their own (a time, a route, a status; no caller, no model):
    quarantined as no call, not as a call missing its caller or time."""
    probe = {"ts": "2026-05-04T10:00:00Z", "msg": "GET /healthz 200", "route": "/healthz", "status": 200,
             "ua": "kube-probe/1.29"}
    lines = [x for k, c in enumerate(calls) for x in _cri(T0 + dt.timedelta(minutes=k), "stdout", json.dumps(c))
             + (_cri(T0 + dt.timedelta(minutes=k), "stdout", json.dumps(probe)) if k % 10 == 9 else [])]
    path = tmp_path / "0.log"
    path.write_text("".join(lines))
    table, _, quarantined = read_back(tmp_path, path)
    assert table.num_rows == len(calls)
    assert [q.reason for q in quarantined] == ["not a call to a model (no model, conversation, answer or tokens)"] * 3
