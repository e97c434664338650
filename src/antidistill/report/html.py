"""The self-contained, offline ``report.html``: headline numbers, risk distribution, top accounts.

Everything is inline (CSS and SVG); the file opens from disk with no network and no JavaScript.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from antidistill.ingest.report import mapping_lines
from antidistill.report import svg
from antidistill.scoring.accounts import AccountScore, Verdict

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1100px;color:#222}
h1{font-size:22px} h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
.tiles{display:flex;gap:12px;flex-wrap:wrap}
.tile{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:120px}
.tile b{display:block;font-size:22px}.tile span{color:#666;font-size:12px}
table{border-collapse:collapse;font-size:13px;width:100%}
td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
.v-suspect,.v-campaign{color:#b00;font-weight:600}.v-watch{color:#b60}.acct{border:1px solid #ddd;border-radius:6px;
padding:10px;margin:12px 0}
code{background:#f4f4f4;padding:1px 3px;border-radius:3px;font-size:12px;white-space:pre-wrap}
.muted{color:#777;font-size:12px}
"""


@dataclass
class AccountDetail:
    """What the report shows for one top account: hourly activity and its main templates."""

    hourly: list[int]
    #: hour since the Unix epoch (UTC) of ``hourly[0]``; None when unknown (the strip then has no dates)
    start_hour: int | None = None
    templates: list[tuple[str, float]] = field(default_factory=list)  # (template text, share)
    topics: list[tuple[str, float]] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)


def _e(s: object) -> str:
    return html.escape(str(s))


def content_note(summary: Mapping[str, Any]) -> str | None:
    """What the scan could read of the prompts, when the logs did not keep all of them (None when they did)."""
    share = summary.get("field_coverage", {}).get("messages")
    if share is None or share >= 1.0:
        return None
    if share == 0.0:
        return ("these logs keep no prompts, so no content signal could run (reasoning elicitation, templates, "
                "topics, languages); verdicts rest on behaviour and linkage, and behaviour alone is what honest "
                "heavy users show too: no account is suspect without content, heavy ones are on watch.")
    return (f"{share:.1%} of the exchanges were logged with their conversation; the content features of each "
            "account are computed over the prompts among them (an agent's tool round carries none of its own).")


def account_note(summary: Mapping[str, Any]) -> str | None:
    """What was read as the account, when it is an API key of logs that also name organisations (None otherwise;
    see ``scan._keys_of_organisations``)."""
    keys = summary.get("accounts_are_keys")
    if not keys:
        return None
    return (f"the accounts are API keys ({keys['caller']}); these logs also name organisations "
            f"({keys['organisation']}): {keys['keys']} keys of {keys['organisations']} organisations. Where the "
            f"organisation is the customer billed and banned, scan with --map account_id={keys['organisation']} to "
            "judge organisations.")


def render(scores: Sequence[AccountScore], summary: Mapping[str, Any], details: Mapping[str, AccountDetail],
           *, threshold: float, watch_threshold: float, extra_sections: Sequence[str] = ()) -> str:
    n = len(scores)
    by_verdict = {v.value: sum(1 for s in scores if s.verdict == v) for v in Verdict}
    tiles = [
        ("accounts", n), ("exchanges", summary.get("exchanges_total", "?")),
        ("suspect", by_verdict["suspect"] + by_verdict["campaign"]), ("watch", by_verdict["watch"]),
        ("quarantined rows", summary.get("quarantined_rows", 0)),
        ("scan seconds", f"{summary.get('seconds_total', 0):.1f}"),
    ]
    values = np.array([s.score for s in scores]) if scores else np.zeros(1)
    hi = max(float(values.max()), threshold * 1.2, 1.0)
    edges = np.linspace(0.0, hi, 41)
    counts, _ = np.histogram(values, bins=edges)
    colours = ["#d62728" if e >= threshold else "#f2a541" if e >= watch_threshold else "#4c78a8" for e in edges[:-1]]
    hist = svg.histogram(list(map(int, counts)), list(map(float, edges)),
                         marks=[(watch_threshold, "watch"), (threshold, "suspect")],
                         x_label="combined evidence score (sum over evidence groups)", colours=colours)
    flagged = [s for s in scores if s.verdict in (Verdict.SUSPECT, Verdict.CAMPAIGN, Verdict.WATCH)]
    flagged.sort(key=lambda s: -s.score)
    unavailable = summary.get("signals_unavailable", [])
    out = [f"<!doctype html><html><head><meta charset='utf-8'><title>antidistill scan report</title>"
           f"<style>{_CSS}</style></head><body><h1>antidistill scan report</h1>",
           f"<p class='muted'>Scanned {_e(', '.join(map(str, summary.get('inputs', []))))} at "
           f"{_e(summary.get('finished_at', ''))}. Target benign false-positive rate {summary.get('fpr')}.</p>",
           "<div class='tiles'>" + "".join(f"<div class='tile'><b>{_e(v)}</b><span>{_e(k)}</span></div>"
                                          for k, v in tiles) + "</div>",
           "<h2>Risk distribution</h2>", hist,
           "<p class='muted'>Bars right of the red line are suspects; between the orange and red lines, watch. "
           "Thresholds come from a null model of ordinary accounts (robust z-scores of the scanned population); "
           "no labels are used.</p>"]
    if unavailable:
        out.append(f"<p><b>Signals unavailable in these logs:</b> {_e(', '.join(unavailable))}</p>")
    note = content_note(summary)
    if note:
        out.append(f"<p><b>Content:</b> {_e(note)}</p>")
    note = account_note(summary)
    if note:
        out.append(f"<p><b>Accounts:</b> {_e(note)}</p>")
    for text in mapping_lines(summary.get("field_mappings", {})):
        out.append(f"<p><b>Fields found by name</b> (logs of no known format, read by the generic reader; check "
                   f"what was read as the account): {_e(text)}</p>")
    out.extend(extra_sections)
    out.append(f"<h2>Top accounts ({len(flagged)} flagged; showing up to {len(details)})</h2>")
    for s in flagged:
        d = details.get(s.account_id)
        if d is None:
            continue
        # campaign membership is a finding of linkage, not a value benign accounts are ranked on
        reasons = "".join(f"<tr><td>{_e(r.feature)}</td><td>{r.value:.3g}</td><td>"
                          + ("linkage" if r.group == "linkage" else f"p{r.benign_percentile:.1f} of benign")
                          + f"</td><td>{_e(r.description)}</td></tr>" for r in s.reasons)
        attrs = " · ".join(f"{_e(k)}: {_e(v)}" for k, v in d.attributes.items())
        out.append(
            f"<div class='acct'><b>{_e(s.account_id)}</b> <span class='v-{s.verdict.value}'>{s.verdict.value}</span>"
            f" risk {s.risk:.4f} · score {s.score:.1f} · {s.n_exchanges} exchanges"
            f"{' · campaign ' + _e(s.campaign_id) if s.campaign_id else ''}<div class='muted'>{attrs}</div>"
            f"<div>{svg.timeline(d.hourly, start_hour=d.start_hour)}</div>"
            f"<table><tr><th>evidence</th><th>value</th><th>among benign</th>"
            f"<th>meaning</th></tr>{reasons}</table>"
        )
        if d.templates:
            out.append("<p class='muted'>Top templates (numbers, names and quoted text masked):</p><table>" + "".join(
                f"<tr><td>{share:.0%}</td><td><code>{_e(text[:300])}</code></td></tr>" for text, share in d.templates
            ) + "</table>")
        if d.topics:
            out.append(svg.bars(d.topics))
        out.append("</div>")
    timings = summary.get("stage_seconds", {})
    out.append("<h2>Run</h2><table>" + "".join(f"<tr><td>{_e(k)}</td><td>{v:.2f} s</td></tr>"
                                                for k, v in timings.items()) + "</table>")
    out.append("</body></html>")
    return "\n".join(out)


def write_report(path: Path, html_text: str) -> None:
    path.write_text(html_text, encoding="utf-8")
