"""Services that log ``key=value`` lines (logfmt: Go's ``slog`` text handler, logrus, Heroku's router) instead of
JSON. Before session 44 every such line was quarantined as invalid JSON and nothing was read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import read_back

T0 = dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def calls(shared_data: Path) -> list[dict[str, Any]]:
    """Twenty calls of four accounts, their prompts real GSM8K questions (quotes, newlines and dollar signs in
    them), as a Go service's ``slog.TextHandler`` writes them."""
    lines = (shared_data / "gsm8k" / "test.jsonl").read_text().splitlines()[:20]
    return [{"time": (T0 + dt.timedelta(seconds=37 * k)).isoformat().replace("+00:00", "Z"), "level": "INFO",
             "msg": "chat completion", "request_id": f"req-{k:04d}", "account_id": f"acct-{k % 4}",
             "model": "heron-2", "prompt_tokens": 40 + k, "completion_tokens": 7 + k,
             "prompt": json.loads(line)["question"] + '\n"quoted" line'} for k, line in enumerate(lines)]


def _slog(record: dict[str, Any]) -> str:
    """One record as ``slog.TextHandler`` writes it: bare values where they need no quotes, else Go-quoted."""
    def value(v: Any) -> str:
        text = str(v)
        return text if text and not any(c in text for c in ' "=\n\\') else json.dumps(text, ensure_ascii=False)
    return " ".join(f"{k}={value(v)}" for k, v in record.items())


def test_slog_text_records_are_read_as_calls(calls: list[dict[str, Any]], tmp_path: Path) -> None:
    path = tmp_path / "inference-api.log"
    path.write_text('time=2026-05-04T09:59:58Z level=INFO msg="listening" addr=:8080\n'
                    + "".join(_slog(c) + "\n" for c in calls)
                    + "panic: runtime error: the value a=b is no record\n")
    table, report, quarantined = read_back(tmp_path, path)
    assert table.column("exchange_id").to_pylist() == [c["request_id"] for c in calls]
    assert table.column("account_id").to_pylist() == [c["account_id"] for c in calls]
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == [c["prompt"] for c in calls]
    assert table.column("prompt_tokens").to_pylist() == [c["prompt_tokens"] for c in calls]
    assert table.column("ts_start").to_pylist()[1] == T0 + dt.timedelta(seconds=37)
    assert report.rows_quarantined == 2  # the start-up line (no caller) and the panic (no record)
    assert [q.line for q in quarantined] == [1, len(calls) + 2]
    assert quarantined[1].reason.startswith("invalid JSON")


def test_a_shippers_prefix_and_dotted_keys(calls: list[dict[str, Any]], tmp_path: Path) -> None:
    """A syslog header before the pairs; ``http.status`` and ``caller.account`` nest as a CSV header's dots do."""
    path = tmp_path / "router.log"
    path.write_text("".join(
        f"May  4 10:{k:02d}:00 api-1 heron-api[2211]: "
        + _slog({"at": "info", "time": c["time"], "http.status": 200, "caller.account": c["account_id"],
                 "model": c["model"], "usage.prompt_tokens": c["prompt_tokens"], "prompt": c["prompt"]}) + "\n"
        for k, c in enumerate(calls)))
    table, report, _ = read_back(tmp_path, path)
    assert report.rows_quarantined == 0 and table.num_rows == len(calls)
    assert table.column("account_id").to_pylist() == [c["account_id"] for c in calls]
    assert table.column("http_status").to_pylist() == [200] * len(calls)


def test_lines_with_a_few_pairs_or_unparsed_text_are_no_records(tmp_path: Path) -> None:
    from antidistill.ingest.jsonlines import _logfmt

    assert _logfmt("set x=1 and y=2 then model=heron-2") is None  # words between the pairs
    assert _logfmt("x=1 y=2") is None  # fewer than three pairs
    assert _logfmt('a="unterminated b=2 c=3') is None
    assert _logfmt("a=1 b= c=3") == {"a": "1", "b": None, "c": "3"}


def test_logfmt_from_a_container_is_read(calls: list[dict[str, Any]], tmp_path: Path) -> None:
    """The same service in Kubernetes: each line inside containerd's CRI format."""
    path = tmp_path / "0.log"
    path.write_text("".join(f"{c['time']} stdout F {_slog(c)}\n" for c in calls))
    table, report, _ = read_back(tmp_path, path)
    assert report.rows_quarantined == 0
    assert [m[-1]["content"] for m in table.column("messages").to_pylist()] == [c["prompt"] for c in calls]
