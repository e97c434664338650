"""The same scan on a scenario written as canonical Parquet and as LiteLLM payloads (issue 3).

Converts a traffic-lab folder's exchanges to LiteLLM ``StandardLoggingPayload`` JSON lines with the test
suite's converter (``tests/ingest/litellm_convert.py``), scans that file, scans the canonical Parquet
restricted to the fields the LiteLLM payloads carried, and compares every account's verdict and score.
Linkage runs on both sides (on the fields both carry). The test suite does the same on ``tiny``.

    python bench/litellm_equivalence.py --data /tmp/demo7
    python bench/litellm_equivalence.py --data /tmp/demo7 --spend-logs   # the proxy's spend logs, one JSON array
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "ingest"))
from litellm_convert import write_litellm_jsonl, write_spend_logs_json  # noqa: E402

from antidistill.scan import ScanConfig, run_scan  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="traffic-lab output folder")
    ap.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    ap.add_argument("--spend-logs", action="store_true",
                    help="write LiteLLM spend-log rows as one JSON array instead of callback payloads")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-litellm-"))
    try:
        t0 = time.perf_counter()
        table = pa.concat_tables(pq.read_table(p) for p in sorted((args.data / "exchanges").glob("*.parquet")))
        litellm = (write_spend_logs_json(table, work / "spend-logs.json") if args.spend_logs
                   else write_litellm_jsonl(table, work / "litellm.jsonl"))
        t_convert = time.perf_counter() - t0
        scan_l = run_scan(ScanConfig(paths=[litellm], out=work / "scan-l", progress=False))
        carried = [c for c, share in scan_l.summary["field_coverage"].items() if share > 0]
        keep = ["exchange_id", "ts_start", "account_id", "model", "messages", *carried]
        stripped = table.select([c for c in table.column_names if c in keep])
        ok = pc.fill_null(pc.equal(stripped.column("status"), "ok"), True)  # failures carry no response usage
        for col in ("reasoning_tokens", "response_text", "reasoning_text"):
            if col in stripped.column_names:
                i = stripped.column_names.index(col)
                nulls = pa.nulls(len(stripped), stripped.schema.field(col).type)
                stripped = stripped.set_column(i, col, pc.if_else(ok, stripped.column(col), nulls))
        (work / "canon").mkdir(exist_ok=True)
        pq.write_table(stripped, work / "canon" / "part-0.parquet")
        scan_c = run_scan(ScanConfig(paths=[work / "canon"], out=work / "scan-c", progress=False))
        v_l = {s.account_id: (s.verdict.value, round(s.score, 6), s.campaign_id is not None) for s in scan_l.scores}
        v_c = {s.account_id: (s.verdict.value, round(s.score, 6), s.campaign_id is not None) for s in scan_c.scores}
        differ = sorted(a for a in v_l.keys() | v_c.keys() if v_l.get(a) != v_c.get(a))
        print(json.dumps({
            "format": "spend logs (JSON array)" if args.spend_logs else "StandardLoggingPayload (JSON lines)",
            "exchanges": table.num_rows, "quarantined": scan_l.summary.get("quarantined_rows"),
            "accounts": len(v_c), "litellm_bytes": litellm.stat().st_size,
            "convert_s": round(t_convert, 1), "scan_litellm_s": scan_l.summary["seconds_total"],
            "scan_canonical_s": scan_c.summary["seconds_total"], "fields_carried": sorted(carried),
            "verdicts_differ": len(differ), "examples": [(a, v_l.get(a), v_c.get(a)) for a in differ[:5]],
            "verdict_counts": scan_c.summary.get("verdicts"),
        }, indent=2))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
