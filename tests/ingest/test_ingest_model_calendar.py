"""The provider's model calendar (``antidistill scan --models FILE``, ``ingest.models``).

Real logs say which model a request named, not when it came out, so the release-timing features are unavailable
without a calendar. Given one, a scan measures how soon each account moved to the model released inside the
period. Bad rows are errors naming file, line and field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from antidistill.cli import app
from antidistill.errors import InputError
from antidistill.ingest.models import read_model_calendar
from antidistill.records import Exchange, Message, exchanges_to_table

T0 = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
RELEASE = T0 + dt.timedelta(days=3, hours=16)


def test_a_calendar_lists_aliases_and_snapshots_in_utc(tmp_path: Path) -> None:
    f = tmp_path / "models.csv"
    f.write_text("model,released_at,family,reasoning\n"
                 "halo-3,2026-03-05T16:00:00Z,halo,true\n"
                 "halo-3-2026-03-05,2026-03-05T17:00:00+01:00,halo,\n"
                 "halo-2,2025-12-09 00:00:00,,false\n")
    t = read_model_calendar(f).to_pylist()
    assert [r["model"] for r in t] == ["halo-3", "halo-3-2026-03-05", "halo-2"]
    assert t[0]["released_at"] == t[1]["released_at"] == dt.datetime(2026, 3, 5, 16, tzinfo=dt.UTC)
    assert t[2]["released_at"] == dt.datetime(2025, 12, 9, tzinfo=dt.UTC)  # no offset: UTC
    assert [r["reasoning"] for r in t] == [True, None, False]
    assert t[2]["family"] is None
    pq.write_table(read_model_calendar(f), tmp_path / "models.parquet")
    assert read_model_calendar(tmp_path / "models.parquet").to_pylist() == t


@pytest.mark.parametrize(("text", "line", "field", "what"), [
    ("name,when\nhalo-3,2026-03-05\n", 1, None, "model, released_at"),
    ("model,released_at\nhalo-3,2026-03-05\nhalo-4,next tuesday\n", 3, "released_at", "next tuesday"),
    ("model,released_at\nhalo-3,\n", 2, "released_at", "required"),
    ("model,released_at\n,2026-03-05\n", 2, "model", "required"),
    ("model,released_at\nhalo-3,2026-03-05\nhalo-3,2026-03-06\n", 3, "model", "listed twice"),
    ("model,released_at,reasoning\nhalo-3,2026-03-05,maybe\n", 2, "reasoning", "maybe"),
    ("model,released_at\n", None, None, "lists no model"),
])
def test_a_bad_calendar_row_names_file_line_and_field(tmp_path: Path, text: str, line: int | None,
                                                      field: str | None, what: str) -> None:
    f = tmp_path / "models.csv"
    f.write_text(text)
    with pytest.raises(InputError, match=what) as err:
        read_model_calendar(f)
    assert err.value.file == str(f) and err.value.line == line and err.value.field == field


def _log(path: Path) -> None:
    """30 people all week, a third of whom try the new model a day or two after its release; 12 accounts that
    wake at the release and send everything to the new one."""
    rows = []
    for a in range(42):
        early = a >= 30
        for k in range(40):
            t = (RELEASE + dt.timedelta(minutes=5 + 9 * k)) if early else T0 + dt.timedelta(hours=4 * k + a % 4)
            new = early or (a % 3 == 0 and t > RELEASE + dt.timedelta(hours=20 + a))
            rows.append(Exchange(exchange_id=f"{a}-{k}", ts_start=t, account_id=f"acct-{a}",
                                 model="halo-3" if new else "halo-2", prompt_tokens=20, completion_tokens=50,
                                 messages=[Message("user", f"Question {k} from {a}: what is a monad?")]))
    pq.write_table(exchanges_to_table(rows), path)


def test_with_a_calendar_the_scan_measures_how_soon_accounts_moved_to_the_new_model(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    _log(logs / "exchanges.parquet")
    calendar = tmp_path / "models.csv"
    calendar.write_text("model,released_at\nhalo-2,2025-12-09\nhalo-3,2026-03-05T16:00:00Z\n")
    runner = CliRunner()
    without = runner.invoke(app, ["scan", str(logs), "--out", str(tmp_path / "a"), "--no-progress"])
    assert without.exit_code == 0, without.output
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert "new_model_first_use_h" in summary["signals_unavailable"]
    given = runner.invoke(app, ["scan", str(logs), "--out", str(tmp_path / "b"), "--models", str(calendar),
                                "--no-progress"])
    assert given.exit_code == 0, given.output
    summary = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert "new_model_first_use_h" not in summary["signals_unavailable"]
    assert summary["exchanges_total"] == 42 * 40
    bad = tmp_path / "bad.csv"
    bad.write_text("model,released_at\nhalo-3,soon\n")
    failed = runner.invoke(app, ["scan", str(logs), "--out", str(tmp_path / "c"), "--models", str(bad)])
    assert isinstance(failed.exception, InputError)
    assert "bad.csv: line 2: field 'released_at': cannot read 'soon'" in str(failed.exception)
