"""Helpers shared by the benchmarks: run a Python snippet in a child process and read its time and peak RSS."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

#: A scan's verdicts that flag a unit.
FLAGGED = ("suspect", "campaign")

_WRAPPER = """
import json, resource, sys, time
t0 = time.perf_counter()
{body}
print("\\n@@BENCH@@" + json.dumps({{"seconds": time.perf_counter() - t0,
      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run_child(body: str) -> dict[str, float]:
    """Run ``body`` in a fresh interpreter; return its wall seconds and peak RSS in MiB."""
    code = _WRAPPER.format(body=textwrap.dedent(body))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr[-4000:]}")
    line = next(ln for ln in proc.stdout.splitlines() if ln.startswith("@@BENCH@@"))
    return json.loads(line[len("@@BENCH@@"):])  # type: ignore[no-any-return]


def print_probe_table(by: dict[tuple[bool, str], list[int]]) -> None:
    """A held-out probe's scores: ``by`` maps (is a campaign, archetype) to [accounts, flagged, watch only]; prints
    recall per campaign kind and flagged accounts per benign persona."""
    for campaign in (True, False):
        total = sum(v[0] for k, v in by.items() if k[0] == campaign)
        hits = sum(v[1] for k, v in by.items() if k[0] == campaign)
        print(f"{'campaign recall' if campaign else 'benign flagged'} {hits}/{total} = {hits / max(total, 1):.2%}")
        for (is_campaign, archetype), (n, flagged, watch) in sorted(by.items()):
            if is_campaign == campaign:
                print(f"   {archetype:32s} {flagged:4d}/{n:4d} flagged, {watch} watch")


def print_unit_table(labels: Sequence[Mapping[str, Any]], verdicts: Sequence[str], unit: str) -> None:
    """Scores per ``unit`` (a label column: the account, its organisation): each labelled row's scan verdict in
    ``verdicts`` (in the same order, "" when not scanned); a unit is flagged when any of its rows is ``suspect``
    or ``campaign``, ``watch`` counted apart (:func:`print_probe_table`)."""
    per: dict[str, list[str]] = defaultdict(list)
    kind: dict[str, tuple[bool, str]] = {}
    for r, v in zip(labels, verdicts, strict=True):
        per[r[unit]].append(v)
        kind[r[unit]] = (r["label"] == "campaign", r["kind"])
    by: dict[tuple[bool, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for u, vs in per.items():
        g = by[kind[u]]
        flagged = any(x in FLAGGED for x in vs)
        g[0] += 1
        g[1] += flagged
        g[2] += not flagged and "watch" in vs
    print_probe_table(by)


def print_served_table(title: str, groups: Mapping[str, Sequence[Mapping[str, str]]],
                       campaign: set[str] | frozenset[str] = frozenset()) -> None:
    """Per group of a replay's per-account or per-end-user rows (``--accounts-out``, ``--end-users-out``): units,
    requests, the share served before the first throttle-or-stronger decision (all of them when none came), the
    requests denied (403 or 429) and the units acted on; the ``campaign`` groups first."""
    print(f"\n{title}")
    print(f"{'kind':40} {'units':>6} {'requests':>9} {'served before action':>21} {'denied':>16} {'acted on':>10}")
    for kind in sorted(groups, key=lambda k: (k not in campaign, k)):
        rows = groups[kind]
        requests = sum(int(r["requests"]) for r in rows)
        served = sum(int(r["served_before_action"]) if r["first_action"] else int(r["requests"]) for r in rows)
        denied = sum(int(r["denied"]) for r in rows)
        acted = sum(1 for r in rows if r["first_action"])
        print(f"{kind:40} {len(rows):6} {requests:9} {served / max(1, requests):20.2%} {denied:8} "
              f"{denied / max(1, requests):7.2%} {acted:5}/{len(rows)}")
