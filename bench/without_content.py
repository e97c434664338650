"""Scan traffic whose logs kept no conversation, and count verdicts per labelled archetype and persona.

Two ways to remove the content, as real logs lose it:

- ``--lab DIR``: a traffic-lab output folder; its Exchange Parquet is rewritten with ``messages`` ``[]`` and no
  answer or reasoning (a canonical table exported without content).
- ``--litellm DIR --labels FILE``: LiteLLM ``StandardLoggingPayload`` JSON lines (the out-of-simulator probe's
  ``litellm/``); every message and answer is replaced by ``redacted-by-litellm``, as LiteLLM writes them under
  ``turn_off_message_logging``.

    python bench/without_content.py --lab /tmp/demo7 --work /tmp/wc-demo
    python bench/without_content.py --litellm /tmp/foreign/litellm --labels /tmp/foreign/labels.parquet \
        --work /tmp/wc-probe

Prints the scan's stage timings and, per label, how many accounts got each verdict (``docs/detection-quality.md``,
"Logs without content"). Labels are read only here, after the scan.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import duckdb

from antidistill.scan import ScanConfig, run_scan

REDACTED = "redacted-by-litellm"


def strip_lab(src: Path, dst: Path) -> Path:
    (dst / "exchanges").mkdir(parents=True, exist_ok=True)
    duckdb.execute(f"""
        COPY (SELECT * REPLACE (CAST([] AS STRUCT(role VARCHAR, content VARCHAR)[]) AS messages,
                                NULL::VARCHAR AS response_text, NULL::VARCHAR AS reasoning_text)
              FROM read_parquet('{src}/exchanges/*.parquet'))
        TO '{dst}/exchanges/part-0.parquet' (FORMAT parquet)""")
    shutil.copy(src / "models.parquet", dst / "models.parquet")
    return dst


def redact_litellm(src: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for f in sorted(src.glob("*.jsonl")):
        with f.open(encoding="utf-8") as fi, (dst / f.name).open("w", encoding="utf-8") as fo:
            for line in fi:
                o = json.loads(line)
                if o.get("messages"):
                    o["messages"] = [{"role": "user", "content": REDACTED}]
                for choice in (o.get("response") or {}).get("choices") or []:
                    if isinstance(choice.get("message"), dict):
                        choice["message"] = {"role": "assistant", "content": REDACTED}
                fo.write(json.dumps(o) + "\n")
    return dst


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--lab", type=Path, help="traffic-lab output folder")
    src.add_argument("--litellm", type=Path, help="folder of LiteLLM payload JSON lines")
    ap.add_argument("--labels", type=Path, help="labels.parquet (default: the lab folder's)")
    ap.add_argument("--work", type=Path, required=True, help="scratch folder (replaced)")
    args = ap.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    if args.lab is not None:
        logs = strip_lab(args.lab, args.work / "logs")
        labels = args.labels or args.lab / "labels.parquet"
    else:
        if args.labels is None:
            ap.error("--litellm needs --labels")
        logs = redact_litellm(args.litellm, args.work / "logs")
        labels = args.labels
    t = time.perf_counter()
    result = run_scan(ScanConfig([logs], args.work / "scan", progress=False))
    wall = time.perf_counter() - t
    s = result.summary
    print(f"scan {wall:.1f} s wall; stages {s['stage_seconds']}; exchanges {s['exchanges_total']}, "
          f"quarantined {s['quarantined_rows']}, content coverage {s['field_coverage'].get('messages')}")
    print(f"verdicts {s['verdicts']}; campaigns {s['campaigns']}")
    con = duckdb.connect()
    rows = con.execute(f"""
        SELECT l.archetype, count(*), count(*) FILTER (WHERE s.verdict = 'suspect'),
               count(*) FILTER (WHERE s.verdict = 'campaign'), count(*) FILTER (WHERE s.verdict = 'watch')
        FROM read_csv_auto('{args.work / "scan" / "accounts.csv"}') s JOIN read_parquet('{labels}') l
             USING (account_id) GROUP BY ALL ORDER BY 1""").fetchall()
    print(f"{'label':32s} {'accounts':>8s} {'suspect':>8s} {'campaign':>8s} {'watch':>6s}")
    for label, n, sus, camp, watch in rows:
        print(f"{label:32s} {n:8d} {sus:8d} {camp:8d} {watch:6d}")


if __name__ == "__main__":
    main()
