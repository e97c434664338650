"""Scanning logs that kept no conversation for some or all exchanges (``messages == []``).

Missing fields are normal: a log without prompts is scanned on what it has (volume, tempo, infrastructure,
tokens, model pivots), the content signals are reported unavailable, and exchanges without a prompt never
count as prompts (an empty prompt shared by every account would otherwise look like one template sent by a
whole population, and tie every account to every other).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from antidistill.features.definitions import FEATURES
from antidistill.features.duckdb_engine import compute_features
from antidistill.features.prompt_signals import compute_prompt_signals
from antidistill.scan import ScanConfig, run_scan
from antidistill.scoring.accounts import Verdict

#: Features read from content (support counted in prompts or distinct prompts, or read from the responses' text or
#: reasoning text), and the rest.
CONTENT = sorted(f.name for f in FEATURES if f.support in ("n_prompts", "n_distinct_prompts")
                 or {"reasoning_text", "response_text"} & set(f.requires))
METADATA = sorted(f.name for f in FEATURES if f.name not in CONTENT)
_EMPTY = "CAST([] AS STRUCT(role VARCHAR, content VARCHAR)[])"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from antidistill.lab.simulator import load_scenario, simulate

    out = tmp_path_factory.mktemp("tiny")
    simulate(load_scenario("tiny"), 3, out)
    return out


def _rewrite(src: Path, dst: Path, keep_content: str) -> Path:
    """The lab output ``src`` with the conversation (and answer) removed from rows where ``keep_content`` is
    false, as a log that does not keep content writes it."""
    (dst / "exchanges").mkdir(parents=True)
    duckdb.execute(f"""COPY (SELECT * REPLACE (
                        CASE WHEN {keep_content} THEN messages ELSE {_EMPTY} END AS messages,
                        CASE WHEN {keep_content} THEN response_text END AS response_text,
                        CASE WHEN {keep_content} THEN reasoning_text END AS reasoning_text)
                    FROM read_parquet('{src}/exchanges/*.parquet'))
                   TO '{dst}/exchanges/part-0.parquet' (FORMAT parquet)""")
    (dst / "models.parquet").write_bytes((src / "models.parquet").read_bytes())
    return dst


def _features(exchanges: str) -> pa.Table:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE exchanges AS SELECT * FROM read_parquet('{exchanges}')")
    compute_prompt_signals(con, progress=False, workers=1)
    return compute_features(con)


def test_logs_without_any_content_are_scanned_on_metadata(tiny: Path, tmp_path: Path) -> None:
    bare = _rewrite(tiny, tmp_path / "bare", "false")
    full = run_scan(ScanConfig([tiny], tmp_path / "full", progress=False, threads=1))
    res = run_scan(ScanConfig([bare], tmp_path / "scan", progress=False, threads=1))
    s = res.summary
    assert s["quarantined_rows"] == 0 and s["exchanges_total"] == full.summary["exchanges_total"]
    assert s["field_coverage"]["messages"] == 0.0 and full.summary["field_coverage"]["messages"] > 0.9
    assert s["prompts_scored"] == 0
    assert {"messages", *CONTENT} <= set(s["signals_unavailable"])
    # (every content feature is there in the full log, but the churn of tool catalogues: the lab declares no tools)
    assert not ({"messages", *CONTENT} - {"tool_catalogue_churn"}) & set(full.summary["signals_unavailable"])
    # The behaviour features are those of the full log, account by account; the content ones are absent.
    assert res.features is not None and full.features is not None
    assert res.features.column("account_id").equals(full.features.column("account_id"))
    for name in METADATA:
        np.testing.assert_allclose(res.features.column(name).to_numpy(zero_copy_only=False).astype(float),
                                   full.features.column(name).to_numpy(zero_copy_only=False).astype(float),
                                   rtol=1e-9, equal_nan=True, err_msg=name)
    for name in CONTENT:
        assert res.features.column(name).null_count == res.features.num_rows, name
    # Without content nothing is distillation-specific: heavy automation alone makes no account suspect.
    assert not [a for a in res.scores if a.verdict == Verdict.SUSPECT]
    assert {a.account_id for a in res.scores if a.verdict == Verdict.WATCH}
    # No empty prompt ties accounts together: no campaign is confirmed by a shared template or wrapper.
    campaigns = json.loads((tmp_path / "scan" / "campaigns.json").read_text())
    assert not [i for c in campaigns for i in c.get("indicators", [])
                if i["attribute"] in ("wrapper", "template", "closing")]
    assert "these logs keep no prompts" in (tmp_path / "scan" / "report.html").read_text()
    assert "Content:" not in (tmp_path / "full" / "report.html").read_text()


def test_partly_logged_content_counts_only_the_logged_prompts(tiny: Path, tmp_path: Path) -> None:
    """Every third exchange without its conversation: the content features equal those of the log with those
    exchanges left out, and the exchange counts are those of the whole log."""
    keep = "hash(exchange_id) % 3 <> 0"
    mixed = _features(str(_rewrite(tiny, tmp_path / "mixed", keep) / "exchanges" / "*.parquet"))
    kept = tmp_path / "kept.parquet"
    duckdb.execute(f"COPY (SELECT * FROM read_parquet('{tiny}/exchanges/*.parquet') WHERE {keep}) TO '{kept}'")
    subset = _features(str(kept))
    counts = dict(duckdb.execute(f"SELECT account_id, count(*) FROM read_parquet('{tiny}/exchanges/*.parquet') "
                                 "GROUP BY ALL").fetchall())
    assert mixed.column("n_exchanges").to_pylist() == [counts[a] for a in mixed.column("account_id").to_pylist()]
    by_account = {a: i for i, a in enumerate(subset.column("account_id").to_pylist())}
    rows = [by_account.get(a) for a in mixed.column("account_id").to_pylist()]
    # (an account of one or two exchanges may have lost the content of all of them)
    assert sum(r is not None for r in rows) > 0.9 * len(rows)
    for name in ["n_prompts", "n_distinct_prompts", *CONTENT]:
        got = mixed.column(name).to_pylist()
        want = subset.column(name).to_pylist()
        for a, g, r in zip(mixed.column("account_id").to_pylist(), got, rows, strict=True):
            if r is None:  # no prompt at all: below every content feature's support, whatever its value
                assert name not in ("n_prompts", "n_distinct_prompts") or g == 0
                continue
            w = want[r]
            assert (g is None) == (w is None) and (g is None or g == pytest.approx(w, rel=1e-9)), (name, a, g, w)
    assert mixed.column("n_prompts").to_pylist() != mixed.column("n_exchanges").to_pylist()
