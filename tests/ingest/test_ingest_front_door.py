"""A service whose own log names no caller, joined to its front door's access log across files.

Behind an ingress whose auth hook checks the key, an API server logs each call with the conversation and the request
id the ingress passed on (``X-Request-ID``), and at most the end user the customer put in the body. The ingress
access line has the same id with a fingerprint of the key, the organisation, the client's address and user agent.
Both logs are written by several replicas and rotated on size, so the calls of one server file are spread over
every ingress file, and the first records of an ingress file are hours before a later server file's. Before
session 45 these server files were read with the body's end user as the account, or not at all when their first
calls named none (the fourteenth probe's second region: 7,358 calls read under end users, 19 files unread)."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import read_back

T0 = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
CALLS = 600
KEYS = {f"{k:016x}": f"org_{k % 4}" for k in (0xA1B2C3D4E5F60718, 0x0FEDCBA987654321, 0x1122334455667788,
                                              0x99AABBCCDDEEFF00, 0x5A5A5A5A12345678, 0x7E7E7E7E87654321)}


@pytest.fixture(scope="module")
def traffic(shared_data: Path) -> list[dict[str, Any]]:
    """``CALLS`` calls, one every two minutes: GSM8K questions from six keys of four organisations; the customers
    of two keys pass their end users in the body, and only after their first hours."""
    questions = [json.loads(x)["question"] for x in
                 (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()[:CALLS]]
    rng = random.Random(45)
    keys = sorted(KEYS)
    out = []
    for k, q in enumerate(questions):
        key = keys[rng.randrange(len(keys))]
        out.append({"k": k, "ts": T0 + dt.timedelta(minutes=2 * k), "rid": f"{rng.getrandbits(128):032x}",
                    "key": key, "org": KEYS[key], "ip": f"198.51.100.{keys.index(key) + 10}",
                    "ua": f"client-{keys.index(key)}/1.0", "question": q,
                    "user": f"u-{k % 7}" if key in keys[:2] and k > 200 else None, "pod": rng.randrange(3),
                    "door": rng.randrange(2)})
    return out


def _cri(ts: dt.datetime, line: str) -> str:
    return f"{(ts + dt.timedelta(hours=8)).isoformat().replace('+00:00', '.5+08:00')} stdout F {line}\n"


def _server_record(c: dict[str, Any]) -> str:
    request: dict[str, Any] = {"messages": [{"role": "user", "content": c["question"]}]}
    if c["user"]:
        request["user"] = c["user"]
    return json.dumps({"ts": c["ts"].isoformat().replace("+00:00", "Z"), "level": "info",
                       "msg": "POST /v1/chat/completions 200", "event": "chat.completion", "request_id": c["rid"],
                       "status": 200, "model": "heron-4", "request": request,
                       "response": {"id": f"chatcmpl-{c['k']:05d}", "choices": [
                           {"index": 0, "finish_reason": "stop", "message": {"role": "assistant",
                                                                             "content": f"It is {c['k']}."}}]},
                       "usage": {"prompt_tokens": 50, "completion_tokens": 4}})


def _access_line(c: dict[str, Any], key: str | None = None, org: str | None = None) -> str:
    return json.dumps({"time": c["ts"].isoformat(timespec="seconds"), "req_id": c["rid"], "remote_addr": c["ip"],
                       "request_method": "POST", "uri": "/v1/chat/completions", "status": 200,
                       "request_time": 1.2, "http_user_agent": c["ua"], "auth_key_fp": key or c["key"],
                       "auth_org": org or c["org"], "limit_req_status": "PASSED"})


def _write(logs: Path, traffic: list[dict[str, Any]], *, door: tuple[str, str] | None = None,
           doors: bool = True) -> None:
    """Three server pods and two ingress pods, as kubelet leaves them: each container's log rotated (the server's
    every 100 calls, the ingress's once, at the middle), plus the auth sidecar's text lines (``doors``: the
    ingress pods too)."""
    pods = logs / "var" / "log" / "pods"
    for pod in range(3):
        mine = [c for c in traffic if c["pod"] == pod]
        for part in range(0, len(mine), 100):
            name = "0.log" if part + 100 >= len(mine) else f"0.log.2026060{1 + part // 100}-000000"
            f = pods / f"api_api-server-{pod}_uid{pod}" / "api" / name
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text("".join(_cri(c["ts"], _server_record(c)) for c in mine[part:part + 100]))
    for replica in range(2 if doors else 0):
        mine = [c for c in traffic if c["door"] == replica]
        half = len(mine) // 2
        folder = pods / f"ingress_controller-{replica}_uid{replica}"
        for name, chunk in (("0.log.20260601-120000", mine[:half]), ("0.log", mine[half:])):
            f = folder / "controller" / name
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text("".join(_cri(c["ts"], _access_line(c, *(door or (None, None)))) for c in chunk))
        sidecar = folder / "keyauth" / "0.log"
        sidecar.parent.mkdir(parents=True, exist_ok=True)
        sidecar.write_text("".join(_cri(T0 + dt.timedelta(minutes=5 * i),
                                        f'time={T0.isoformat()} level=INFO msg="key cache refreshed" keys=6 took_ms=4')
                                   for i in range(50)))


def test_server_calls_take_their_caller_from_the_front_doors_access_log(traffic: list[dict[str, Any]],
                                                                         tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    _write(logs, traffic)
    table, report, quarantined = read_back(tmp_path, logs)
    rows = sorted(table.to_pylist(), key=lambda r: r["ts_start"])
    assert [r["exchange_id"] for r in rows] == [c["rid"] for c in traffic]
    # the customer is the key the ingress accepted; its organisation, address and user agent come with it
    assert [r["account_id"] for r in rows] == [c["key"] for c in traffic]
    assert [r["org_id"] for r in rows] == [c["org"] for c in traffic]
    assert [r["end_user"] for r in rows] == [c["user"] for c in traffic]
    assert [(r["client_ip"], r["user_agent"]) for r in rows] == [(c["ip"], c["ua"]) for c in traffic]
    assert [r["ts_start"] for r in rows] == [c["ts"] for c in traffic]  # the server's time, not the ingress's
    assert [r["messages"][0]["content"] for r in rows] == [c["question"] for c in traffic]
    # the ingress files are context, named with the join; the sidecar's text is no call and no context
    skipped = {str(Path(s.path).relative_to(logs)): s.reason for s in report.skipped}
    doors = {k: v for k, v in skipped.items() if "/controller/" in k}
    servers = len(list(logs.rglob("api/0.log*")))
    assert len(doors) == 4 and all(f"context of {servers} calls files" in v and "request_id = req_id" in v
                                   for v in doors.values())
    sidecars = {k: v for k, v in skipped.items() if "/keyauth/" in k}
    assert len(sidecars) == 2 and not any("context" in v for v in sidecars.values())
    assert quarantined == []


def test_another_services_access_log_is_no_front_door_of_these_calls(traffic: list[dict[str, Any]],
                                                                   tmp_path: Path) -> None:
    """An access log that names callers by key, of requests the server never logged (another service's ingress):
    its ids are not the calls', so it completes nothing. The server's files are read alone as before: by the end user
    the body names, the calls that name none quarantined without a caller, and the files whose first calls name none
    left unread and listed; the access log stays unread, not context."""
    logs = tmp_path / "logs"
    rng = random.Random(7)
    _write(logs, [{**c, "rid": f"{rng.getrandbits(128):032x}"} if c["door"] >= 0 else c for c in traffic])
    for f in logs.rglob("api/0.log*"):  # the server's own records keep their ids: those of ``traffic``
        f.unlink()
    _write(logs, traffic, doors=False)
    table, report, quarantined = read_back(tmp_path, logs)
    assert set(table.column("account_id").to_pylist()) == {f"u-{i}" for i in range(7)}
    assert {q.reason for q in quarantined} == {"required field is missing (the caller: request.user)"}
    unread = [s for s in report.skipped if "/api/" in s.path]
    assert unread and all("matches no known log format" in s.reason for s in unread)
    in_unread = sum(len(Path(s.path).read_text().splitlines()) for s in unread)
    assert table.num_rows + len(quarantined) + in_unread == len(traffic)
    doors = [s for s in report.skipped if "/controller/" in s.path]
    assert len(doors) == 4 and not any("context" in s.reason for s in doors)


def test_a_file_refused_when_read_is_listed_and_the_scan_reads_on(traffic: list[dict[str, Any]],
                                                                  tmp_path: Path) -> None:
    """One key and organisation on every access line (a reseller's own, in front of its users): the front door
    names no callers, so no table of it is joined. The joins of one file to another still take an ingress file as
    the context of a server file on their samples, and read whole, some of those files name only that key: such a
    file is refused when read. Before session 45 that stopped the scan; now it is listed among the skipped files with
    the reason and the field, and every other file is read."""
    logs = tmp_path / "logs"
    _write(logs, traffic, door=("f00dfeedf00dfeed", "org_proxy"))
    table, report, quarantined = read_back(tmp_path, logs)
    assert not any("more files of its shape" in s.reason for s in report.skipped)
    refused = [s for s in report.skipped if s.reason.startswith("refused when read:")]
    assert refused and all("auth_key_fp = 'f00dfeedf00dfeed'" in s.reason and "/api/" in s.path for s in refused)
    in_refused = sum(len(Path(s.path).read_text().splitlines()) for s in refused)
    assert table.num_rows + len(quarantined) + in_refused == len(traffic)  # every call is somewhere


def test_the_files_named_one_by_one_join_the_same_way(traffic: list[dict[str, Any]], tmp_path: Path) -> None:
    """Each server and ingress file named on the command line (a named file that no reader reads alone is an error
    unless a join reads it or takes it as context): the same join, and no error for the ingress files; the sidecar's
    file, named too, still stops the scan with its own error."""
    from antidistill.errors import InputError
    from antidistill.ingest.pipeline import resolve_sources

    logs = tmp_path / "logs"
    _write(logs, traffic)
    named = sorted(p for p in logs.rglob("*.log*") if "/keyauth/" not in str(p))
    sources, skipped = resolve_sources(named)
    servers = [s for s in sources if "/api/" in str(s.path)]
    assert len(servers) == len(sources) == sum(1 for p in named if "/api/" in str(p))
    assert all(s.join is not None and len(s.join.context_files) == 4 for s in servers)
    assert sorted(Path(s.path) for s in skipped) == sorted(p for p in named if "/controller/" in str(p))
    with pytest.raises(InputError, match="matches no known log format"):
        resolve_sources([*named, *logs.rglob("keyauth/0.log")])


def test_named_ingress_files_that_only_the_front_doors_join_reads_are_no_error(traffic: list[dict[str, Any]],
                                                                              tmp_path: Path) -> None:
    """Every call names its end user, so each server file is read alone (by the end user) and no join of one file
    to another takes an ingress file as context. Named on the command line, the ingress files stopped the scan as
    files no reader reads, before the front door's join could take them; now the join reads the calls under their
    keys and the ingress files are its context."""
    from antidistill.ingest.pipeline import resolve_sources

    logs = tmp_path / "logs"
    _write(logs, [{**c, "user": f"u-{c['k'] % 7}"} for c in traffic])
    named = sorted(p for p in logs.rglob("*.log*") if "/keyauth/" not in str(p))
    sources, skipped = resolve_sources(named)
    assert all(s.join is not None and len(s.join.context_files) == 4 for s in sources) and sources
    assert sorted(Path(s.path) for s in skipped) == sorted(p for p in named if "/controller/" in str(p))
