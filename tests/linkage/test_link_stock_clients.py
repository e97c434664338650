"""Stock clients' user agents are no linkage attribute; a custom client string still is."""

from __future__ import annotations

import duckdb
import pytest

from antidistill.lab.simulator.infra import USER_AGENTS
from antidistill.linkage.duckdb_inputs import ATTRIBUTES

USER_AGENT_SQL = dict(ATTRIBUTES)["user_agent"]


def linkage_value(ua: str | None) -> str | None:
    con = duckdb.connect()
    row = con.execute(f"SELECT {USER_AGENT_SQL} FROM (SELECT CAST(? AS VARCHAR) AS user_agent)", [ua]).fetchall()
    return row[0][0]


@pytest.mark.parametrize("ua", [ua for ua, _ in USER_AGENTS] + [
    "OpenAI/JS 4.77.0", "anthropic-typescript/0.32.1", "python-urllib3/2.2.3", "node-fetch/1.0 (+https://github.com)",
    "Wget/1.21.4", "PostmanRuntime/7.42.0", "Dart:io", "ai-sdk/openai 1.0.5", "LlamaIndex/0.11.20",
    "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"])
def test_stock_clients_tie_no_one(ua: str) -> None:
    """Every client of the traffic lab's pool (everybody draws from it) and other public SDKs and tools."""
    assert linkage_value(ua) is None


@pytest.mark.parametrize("ua", ["HarvestKit/0.3 (build 4411)", "acme-internal-bot/2.1", "OpenAIProxy-Custom/1",
                                "nodejs-scraper/1", "gotham/1.0", "reseller-gateway/5.2 tenant=77"])
def test_custom_clients_remain_linkage_values(ua: str) -> None:
    assert linkage_value(ua) == ua


def test_missing_user_agent_stays_missing() -> None:
    assert linkage_value(None) is None
