"""python -m bench.probe3.generate --out DIR --seed N

Writes DIR/logs/YYYY/MM/DD/api-requests-YYYY-MM-DDTHH.jsonl.gz, DIR/labels.parquet, DIR/manifest.json.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import time
from collections import defaultdict

import pyarrow as pa
import pyarrow.parquet as pq

from . import campaigns as C
from . import personas as P
from .core import HOUR, MODELS, NEW, OUTAGES, RELEASE, T0, T_END, iso


def build_actors(seed):
    A = []
    # ---------------- benign (about 75-80% of calls)
    A.append(P.IDEVendor(seed, "devpilot-ide", "ide_vendor", volume=20000))
    A.append(P.SupportSaaS(seed, "helpdeskly-support", "support_saas", volume=11000))
    A.append(P.Labeller(seed, "annotate-prelabel", "labelling_company", volume=11000))
    A.append(P.UnivBenchmark(seed, "uni-eval-sweep", "university_benchmark", volume=5000))
    A.append(P.CINightly(seed, "ci-nightly", "ci_smoke_test", volume=0))
    A.append(P.Translation(seed, "lingua-translation", "translation_agency", volume=6000))
    A.append(P.AgentVendor(seed, "agentforge-hosted", "agent_vendor", volume=11000))
    A.append(P.RedTeam(seed, "safeguard-redteam", "redteam_vendor", volume=3000))
    A.append(P.Reseller(seed, "routerhub-reseller", "reseller_aggregator", volume=14000))
    A.append(P.SmallUsers(seed, "students", "student", volume=6200, n_accounts=172, kind="student"))
    A.append(P.SmallUsers(seed, "hobbyists", "hobbyist", volume=4600, n_accounts=122, kind="hobbyist"))
    A.append(P.VisibleReasoningTutor(seed, "mathmentor-tutor", "visible_reasoning_tutor", volume=7000))
    A.append(P.Startups(seed, "startups", "startup_product", volume=10000, n_accounts=25))
    A.append(P.Enterprise(seed, "enterprise-internal", "enterprise_assistant", volume=6000))
    A.append(P.ZhApp(seed, "zh-consumer-app", "zh_consumer_app", volume=4500))
    A.append(P.ArenaPlatform(seed, "pairwise-arena", "model_comparison_site", volume=4000))
    # ---------------- campaigns (about 20% of calls)
    A.append(C.UserSimDialogue(seed, "cmp-usersim", "usersim_dialogue_synthesis", 40, 6500))
    A.append(C.LongDocDigest(seed, "cmp-digest", "longdoc_summary_harvest", 25, 2400, tiers=("build_t2", "build_t3")))
    A.append(C.PairwisePreference(seed, "cmp-pairs", "pairwise_preference_sampling", 30, 5500))
    A.append(C.SelfInstructExpansion(seed, "cmp-selfinstruct", "self_instruct_expansion", 20, 4500, tiers=("free", "build_t1")))
    A.append(C.SchemaReasoning(seed, "cmp-schema", "schema_reasoning_extraction", 35, 5500))
    A.append(C.CodeRepair(seed, "cmp-repair", "code_repair_trajectories", 20, 4200))
    A.append(C.CovertCoverage(seed, "cmp-covert", "covert_coverage_harvest", 40, 5500, tiers=("free", "build_t1", "build_t2")))
    return A


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t_start = time.time()
    out = args.out
    if os.path.isdir(os.path.join(out, "logs")):
        shutil.rmtree(os.path.join(out, "logs"))
    os.makedirs(out, exist_ok=True)

    actors = build_actors(args.seed)
    hours = defaultdict(list)
    label_rows = []
    per_arch = defaultdict(lambda: {"accounts": 0, "records": 0, "campaign_id": None})
    seen_orgs = set()
    for a in actors:
        ta = time.time()
        a.run()
        if os.environ.get('PROBE3_VERBOSE'):
            print(f'{a.name}: {len(a.out)} records {time.time() - ta:.1f}s', flush=True)
        counts = defaultdict(int)
        nbytes = 0
        for (t, rq, org, rec) in a.out:
            counts[org] += 1
            line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
            nbytes += len(line)
            hours[(t - T0) // HOUR].append((t, rq, line))
        if os.environ.get('PROBE3_VERBOSE'):
            print(f'   {nbytes / 1e6:.0f} MB', flush=True)
        a.out = []
        for acct in a.accounts:
            n = counts.get(acct.org_id, 0)
            if n == 0:
                continue
            assert acct.org_id not in seen_orgs
            seen_orgs.add(acct.org_id)
            label_rows.append((acct.org_id, a.campaign_id, a.archetype, n))
            pa_ = per_arch[a.archetype]
            pa_["accounts"] += 1
            pa_["records"] += n
            pa_["campaign_id"] = a.campaign_id

    files = []
    total = 0
    for h in sorted(hours):
        rows = sorted(hours[h], key=lambda x: (x[0], x[1]))
        ts = T0 + h * HOUR
        stamp = iso(ts)
        y, m, d, hh = stamp[0:4], stamp[5:7], stamp[8:10], stamp[11:13]
        rel = f"logs/{y}/{m}/{d}/api-requests-{y}-{m}-{d}T{hh}.jsonl.gz"
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = ("\n".join(r[2] for r in rows) + "\n").encode("utf-8")
        with open(path, "wb") as f:
            with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=5) as gz:
                gz.write(data)
        files.append({"path": rel, "records": len(rows)})
        total += len(rows)

    label_rows.sort(key=lambda r: (r[2], r[0]))
    tbl = pa.table({
        "account_id": pa.array([r[0] for r in label_rows], pa.string()),
        "campaign_id": pa.array([r[1] for r in label_rows], pa.string()),
        "archetype": pa.array([r[2] for r in label_rows], pa.string()),
        "exchanges": pa.array([r[3] for r in label_rows], pa.int64()),
    })
    pq.write_table(tbl, os.path.join(out, "labels.parquet"))
    camp_recs = sum(v["records"] for v in per_arch.values() if v["campaign_id"])
    manifest = {
        "generator": "bench.probe3.generate",
        "seed": args.seed,
        "period": {"start": iso(T0), "end": iso(T_END), "days": (T_END - T0) // 86400_000},
        "account_field": "organization_id",
        "models": {m: {"available_from": iso(v[0]) if v[0] else "before period"} for m, v in MODELS.items()},
        "new_model": {"model": NEW, "released_at": iso(RELEASE)},
        "incidents": [{"start": iso(a), "end": iso(b), "extra_overloaded_prob": p} for a, b, p in OUTAGES],
        "records_total": total,
        "accounts_total": len(label_rows),
        "campaign_record_share": round(camp_recs / max(1, total), 4),
        "archetypes": {k: dict(v) for k, v in sorted(per_arch.items())},
        "files": files,
    }
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=False)
    print(f"wrote {total} records, {len(label_rows)} accounts, {len(files)} files, campaign share {manifest['campaign_record_share']:.3f} "
          f"in {time.time() - t_start:.1f}s -> {out}")


if __name__ == "__main__":
    main()
