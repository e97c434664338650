"""Validate a probe-8 output directory.

    python -m bench.probe8.check DIR

Parses every blob line, de-duplicates deliveries, joins GatewayLlmLogs to GatewayLogs by correlationId, reassembles
chunked messages, and checks labels.parquet's exchange counts against the logs. Exit 0 when valid.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq

PATH_RE = re.compile(
    r"(insights-logs-gatewaylogs|insights-logs-gatewayllmlogs)/resourceId=/SUBSCRIPTIONS/[0-9A-F-]{36}/"
    r"RESOURCEGROUPS/[^/]+/PROVIDERS/MICROSOFT\.APIMANAGEMENT/SERVICE/[^/]+/"
    r"y=(\d{4})/m=(\d{2})/d=(\d{2})/h=(\d{2})/m=00/PT1H\.json$"
)
TOP = {"time", "resourceId", "operationName", "category", "correlationId", "location", "properties"}
LLM_PROPS = {
    "apiVersion",
    "deploymentName",
    "modelName",
    "requestId",
    "isStreamCompletion",
    "promptTokens",
    "completionTokens",
    "totalTokens",
    "sequenceNumber",
}


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def err(self, msg: str) -> None:
        if len(self.errors) < 50:
            self.errors.append(msg)
        self.counts["errors"] += 1


@dataclass
class LlmCall:
    seqs: dict[int, tuple[str, object]] = field(default_factory=dict)
    tokens: tuple[int, int, int] = (0, 0, 0)


def _reassemble(parts: list[tuple[str, object]], name: str) -> list[dict[str, object]] | None:
    pieces = [p for f, p in parts if f == name]
    if len(pieces) == 1 and isinstance(pieces[0], list):
        return [m for m in pieces[0] if isinstance(m, dict)]
    if pieces and all(isinstance(p, str) for p in pieces):
        try:
            out = json.loads("".join(pieces))  # type: ignore[arg-type]
        except json.JSONDecodeError:
            return None
        return out if isinstance(out, list) else None
    return None


def check(root: Path) -> Report:
    rep = Report()
    gw_seen: set[str] = set()
    cid_sub: dict[str, str] = {}
    cid_status: dict[str, int] = {}
    llm: dict[str, LlmCall] = defaultdict(LlmCall)
    logs = root / "logs"
    files = sorted(p for p in logs.rglob("PT1H.json"))
    for path in files:
        rel = path.relative_to(logs).as_posix()
        m = PATH_RE.search(rel)
        if not m:
            rep.err(f"bad blob path {rel}")
            continue
        rep.counts["blobs"] += 1
        hour = f"{m.group(2)}-{m.group(3)}-{m.group(4)}T{m.group(5)}"
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rep.counts["lines"] += 1
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    rep.counts["corrupt_lines"] += 1
                    continue
                if not rec.keys() >= TOP:
                    rep.err(f"{rel}: missing top-level keys {TOP - rec.keys()}")
                    continue
                if rec["time"][:13] > hour:
                    rep.err(f"{rel}: record from the future of its blob: {rec['time']}")
                if rec["time"][:13] < hour:
                    rep.counts["late_records"] += 1
                props = rec["properties"]
                cid = rec["correlationId"]
                if rec["category"] == "GatewayLogs":
                    if line in gw_seen:
                        rep.counts["duplicate_lines"] += 1
                        continue
                    gw_seen.add(line)
                    if cid in cid_status:
                        rep.err(f"correlationId reused in GatewayLogs: {cid}")
                    cid_status[cid] = int(props["responseCode"])
                    rep.counts["gateway_records"] += 1
                    rep.counts[f"status_{props['responseCode']}"] += 1
                    if props.get("apimSubscriptionId"):
                        cid_sub[cid] = props["apimSubscriptionId"]
                elif rec["category"] == "GatewayLlmLogs":
                    if not props.keys() >= LLM_PROPS:
                        rep.err(f"{rel}: LLM record lacks {LLM_PROPS - props.keys()}")
                        continue
                    seq = int(props["sequenceNumber"])
                    call = llm[cid]
                    if seq in call.seqs:
                        rep.counts["duplicate_lines"] += 1
                        continue
                    fname = "requestMessages" if "requestMessages" in props else "responseMessages"
                    call.seqs[seq] = (fname, props.get(fname))
                    tok = (props["promptTokens"], props["completionTokens"], props["totalTokens"])
                    if call.tokens not in ((0, 0, 0), tok):
                        rep.err(f"token fields differ across records of {cid}")
                    call.tokens = tok
                    if tok[0] + tok[1] != tok[2]:
                        rep.err(f"totalTokens mismatch in {cid}")
                    rep.counts["llm_records"] += 1
                else:
                    rep.err(f"{rel}: unknown category {rec['category']}")
    per_sub: Counter[str] = Counter()
    for cid, call in llm.items():
        seqs = sorted(call.seqs)
        if list(range(len(seqs))) != seqs:
            rep.err(f"{cid}: sequence numbers not contiguous: {seqs}")
            continue
        parts = [call.seqs[s] for s in seqs]
        req, resp = _reassemble(parts, "requestMessages"), _reassemble(parts, "responseMessages")
        if req is None or resp is None or not req or not all("role" in m for m in req):
            rep.err(f"{cid}: messages do not reassemble")
            continue
        if len(parts) > 2:
            rep.counts["chunked_calls"] += 1
        if cid_status.get(cid) != 200 or cid not in cid_sub:
            rep.err(f"{cid}: LLM record without a successful, keyed GatewayLogs record")
            continue
        per_sub[cid_sub[cid]] += 1
        rep.counts["llm_calls"] += 1
    labels = pq.read_table(root / "labels.parquet").to_pylist()
    seen = set()
    for row in labels:
        seen.add(row["account_id"])
        if per_sub.get(row["account_id"], 0) != row["exchanges"]:
            rep.err(
                f"exchanges mismatch for {row['account_id']}: labels {row['exchanges']} logs "
                f"{per_sub.get(row['account_id'], 0)}"
            )
        rep.counts[f"label_{row['label']}"] += 1
    for sub in set(per_sub) - seen:
        rep.err(f"account {sub} has LLM calls but no label")
    if rep.counts["corrupt_lines"] > 0.005 * rep.counts["lines"]:
        rep.err("too many corrupt lines")
    return rep


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    rep = check(root)
    manifest = json.loads((root / "manifest.json").read_text())
    if manifest.get("llm_calls") != rep.counts["llm_calls"]:
        rep.err(f"manifest llm_calls {manifest.get('llm_calls')} != logs {rep.counts['llm_calls']}")
    for k, v in sorted(rep.counts.items()):
        print(f"{k:24s} {v}")
    labels = pq.read_table(root / "labels.parquet").to_pylist()
    by: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in labels:
        agg = by[(row["label"], row["kind"])]
        agg[0] += 1
        agg[1] += row["exchanges"]
    for (label, kind), (n_acct, n_ex, _) in sorted(by.items()):
        orgs = len({r["org_id"] for r in labels if r["kind"] == kind})
        print(f"{label:9s} {kind:28s} orgs={orgs:4d} accounts={n_acct:4d} exchanges={n_ex:7d}")
    for e in rep.errors:
        print("ERROR", e)
    print("VALID" if not rep.errors else f"INVALID ({rep.counts['errors']} errors)")
    sys.exit(0 if not rep.errors else 1)


if __name__ == "__main__":
    main()
