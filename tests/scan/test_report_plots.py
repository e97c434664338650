"""The report's plots: timelines dated on UTC midnights, bar labels that fit, indicator values as shown."""

from __future__ import annotations

import datetime as dt
import re

from antidistill.linkage.campaigns import Indicator
from antidistill.report import svg
from antidistill.scan_campaigns import _shown

UTC = dt.UTC


def _hour(ts: str) -> int:
    return int(dt.datetime.fromisoformat(ts).replace(tzinfo=UTC).timestamp()) // 3600


def test_day_lines_fall_on_utc_midnights_and_carry_the_date() -> None:
    start = _hour("2026-03-02T13:00:00")  # the strip opens in the afternoon
    out = svg.timeline([1] * 60, start_hour=start, width=600)
    bw = 600 / 60
    lines = [float(x) for x in re.findall(r'<line x1="([\d.]+)"', out)]
    assert lines == [11 * bw, 35 * bw, 59 * bw]  # midnights of 03-03, 03-04 and 03-05
    dates = re.findall(r'fill="#666">([\d-]+)</text>', out)
    assert dates == ["03-03", "03-04"]  # the third would sit under the strip's last 30 px
    # without a start the lines are every 24 bars from the first, and nothing is dated
    plain = svg.timeline([1] * 60, width=600)
    assert [float(x) for x in re.findall(r'<line x1="([\d.]+)"', plain)] == [0.0, 24 * bw, 48 * bw]
    assert "#666" not in plain


def test_dates_thin_out_when_days_would_crowd() -> None:
    start = _hour("2026-03-01T00:00:00")
    out = svg.timeline([1] * (24 * 60), start_hour=start, width=640)  # 60 days, 10.7 px a day
    dates = re.findall(r'fill="#666">([\d-]+)</text>', out)
    assert dates[:3] == ["03-01", "03-05", "03-09"]  # every fourth day: at least 36 px apart
    assert len(re.findall("<line ", out)) == 60


def test_a_long_bar_label_ends_in_an_ellipsis_and_keeps_the_whole_value_as_its_title() -> None:
    value = "payment: 12b5e091f3c3739ec7552702a110601d"
    out = svg.bars([(value, 0.51), ("math", 0.3)])
    assert f"<title>{value}</title>{value[:31]}\u2026</text>" in out
    assert "<title>math</title>math</text>" in out


def test_a_closing_is_shown_from_its_first_whole_word() -> None:
    def ind(attribute: str, value: str) -> Indicator:
        return Indicator(attribute, value, 10, 10, 5.0)

    assert _shown(ind("closing", "ry step, then the final answer."), 60) == "\u2026step, then the final answer."
    assert _shown(ind("closing", "给出完整的思考过程"), 60) == "\u2026给出完整的思考过程"  # no spaces: cut as it is
    assert _shown(ind("wrapper", "rewrite the following question so that it can be answered"), 20) == (
        "rewrite the followi\u2026")
    assert _shown(ind("network", "194.40.238"), 60) == "194.40.238"
