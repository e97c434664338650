"""An hour of a provider's own API gateway logs written by ``bench/probe3`` (a generator written without reading
this project's code): the raw Anthropic Messages request and response bodies beside the gateway's own fields
(``received_at``, organisation, workspace and key ids, address, user agent, tier), read call by call.

Its first scan read nothing: the ``openai`` reader claimed the files (each line has a ``request`` body) and
found no time it reads. Marked ``slow``: generating the probe takes about a minute (``make test-slow``).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from ingest_samples import generate_probe, read_back

from antidistill.ingest import detect_format

HOUR = "2026/10/05/api-requests-2026-10-05T17.jsonl.gz"  # the new model's release hour

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_probe("probe3", tmp_path_factory.mktemp("probe3"))


def test_every_call_of_the_gateway_log_is_read(probe: Path, tmp_path: Path) -> None:
    path = probe / "logs" / HOUR
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        raw = [json.loads(line) for line in fh]
    assert detect_format(path) == "generic"
    table, report, bad = read_back(tmp_path, path)
    assert not bad and table.num_rows == report.rows_read == len(raw)
    mapping = report.files[0].mapping
    assert (mapping["ts_start"], mapping["caller"], mapping["org_id"]) == ("received_at", "api_key_id",
                                                                          "organization_id")
    assert mapping["account_tier"] == "rate_limit_tier"
    rows = {r["exchange_id"]: r for r in table.to_pylist()}
    by_id: dict[str, dict[str, Any]] = {r["request_id"]: r for r in raw}
    assert set(rows) == set(by_id)
    forced = 0
    for rid, row in rows.items():
        rec = by_id[rid]
        assert row["account_id"] == rec["api_key_id"] and row["org_id"] == rec["organization_id"]
        assert row["account_tier"] == rec["rate_limit_tier"] and row["model"] == rec["request"]["model"]
        assert (row["status"] == "error") == (rec["status"] >= 400)
        tools = [m for m in row["messages"] if m["content"].startswith("[tools]")]
        assert bool(tools) == bool(rec["request"].get("tools")), rid
        if rec["request"].get("tool_choice", {}).get("type") == "tool":
            forced += 1
            assert tools[0]["content"].endswith(f"[tool_choice {rec['request']['tool_choice']['name']}]")
    assert forced > 0  # the hour holds forced-tool calls (the schema harvest)
