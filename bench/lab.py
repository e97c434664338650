"""Distillation-lab side measurements quoted in docs/lab-results.md (the cached full teacher, one thread).

    nice -n 10 .venv/bin/python bench/lab.py watermark-curve   # honest cost vs mark strength at the teacher
    nice -n 10 .venv/bin/python bench/lab.py student-seeds 2 3 4  # undefended reasoning student, other seeds

``watermark-curve``: for each (h, delta), honest-phrased eval problems answered unmarked and marked
with each honest account's key (paired: answers lost and gained), and the text-level p-value of
the 2,000 campaign answers marked with the 24 campaign accounts' keys, green counts summed over
keys (the upper bound of what a radioactivity test on a student can show).
``student-seeds``: the undefended harvest (direct, greedy) and reasoning students trained on it
with the given seeds (seed 2 is the lab's default), to see the spread a student's seed alone causes.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch
from transformers import LogitsProcessorList

from antidistill.lab.distill.decoding import DecodeConfig
from antidistill.lab.distill.experiment import LabConfig, _train
from antidistill.lab.distill.front import account_of
from antidistill.lab.distill.harvest import CampaignConfig, plan_campaign, run_campaign
from antidistill.lab.distill.metrics import exact_match
from antidistill.lab.distill.sequences import Completion, encode_completion, prompt_text
from antidistill.lab.distill.server import ServerThread, TeacherWorker, create_app
from antidistill.lab.distill.students import seed_set
from antidistill.lab.distill.task import HONEST_INSTRUCTIONS, TaskFamily
from antidistill.lab.distill.teacher import Teacher, load_or_train_teacher
from antidistill.watermark.adapters.hf import WatermarkLogitsProcessor
from antidistill.watermark.detect import Detector
from antidistill.watermark.keys import KeyRing, generate_master_secret
from antidistill.watermark.pvalues import binomial_tail
from antidistill.watermark.spec import WatermarkSpec


def _answer(teacher: Teacher, msgs: list[str], keys: list[str], ring: KeyRing,
            spec: WatermarkSpec | None) -> list[Completion]:
    outs: list[Completion] = []
    for b in range(0, len(msgs), 250):
        procs = (LogitsProcessorList([WatermarkLogitsProcessor(spec=spec, keys=ring.keys(keys[b:b + 250]))])
                 if spec else None)
        outs += teacher.answer(msgs[b:b + 250], processors=procs, cfg=DecodeConfig(batch_size=250))
    return outs


def watermark_curve(n_honest: int) -> list[dict[str, float]]:
    task = TaskFamily(seed=0)
    teacher = load_or_train_teacher(task=task)
    tok = teacher.tok
    honest = task.take("eval", n_honest)
    gold = [p.answer for p in honest]
    hmsg = [prompt_text(p, HONEST_INSTRUCTIONS[i % len(HONEST_INSTRUCTIONS)]) for i, p in enumerate(honest)]
    hkeys = [f"acct:lab-honest-{i % 50:03d}" for i in range(len(hmsg))]
    reqs = plan_campaign(task, CampaignConfig(n_exchanges=2000, n_keys=24))
    amsg = [r.message for r in reqs]
    akeys = [f"acct:{account_of(r.key_id)}" for r in reqs]
    ring = KeyRing(master=generate_master_secret())
    base_ok = [o.answer == g for o, g in zip(_answer(teacher, hmsg, hkeys, ring, None), gold, strict=True)]
    rows = []
    for h in (2, 3, 4):
        for delta in (0.5, 1.0, 1.5, 2.0, 3.0):
            spec = WatermarkSpec(gamma=0.25, delta=delta, context_width=h, vocab_size=len(tok.vocab))
            outs = _answer(teacher, hmsg, hkeys, ring, spec)
            ok = [o.answer == g for o, g in zip(outs, gold, strict=True)]
            aouts = _answer(teacher, amsg, akeys, ring, spec)
            detector = Detector(spec=spec, keyring=ring)
            green = pairs = 0
            for key in sorted(set(akeys)):
                docs = [encode_completion(tok, o.reasoning, o.content) for o, k in zip(aouts, akeys, strict=True)
                        if k == key]
                res = detector.detect_corpus(docs, key)
                green += int(res.score)
                pairs += int(res.tokens_scored)
            row = {"h": h, "delta": delta,
                   "honest": round(100 * exact_match([o.answer for o in outs], gold).value, 1),
                   "honest_unmarked": round(100 * sum(base_ok) / len(gold), 1),
                   "lost": sum(b and not o for b, o in zip(base_ok, ok, strict=True)),
                   "gained": sum(o and not b for b, o in zip(base_ok, ok, strict=True)),
                   "campaign_pairs": pairs, "green_share": round(green / pairs, 4),
                   "text_p": binomial_tail(green, pairs, spec.gamma)}
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def student_seeds(seeds: list[int]) -> dict[int, dict[str, float | int]]:
    cfg = LabConfig.full_size()
    task = TaskFamily(seed=cfg.task_seed)
    teacher = load_or_train_teacher(task=task)
    eval_problems = task.take("eval", cfg.n_eval)
    requests = plan_campaign(task, CampaignConfig(n_exchanges=cfg.n_harvest, n_keys=cfg.n_keys))
    worker = TeacherWorker(teacher=teacher)
    with ServerThread(create_app(worker)) as server:
        harvest = run_campaign(server.url, requests)
    worker.close()
    seeds_set = seed_set(task, cfg.seed_size)
    out: dict[int, dict[str, float | int]] = {}
    for seed in seeds:
        t0 = time.perf_counter()
        c = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train, seed=seed))
        res, _ = _train(c, teacher, [*seeds_set, *harvest.exchanges], "reasoning", eval_problems)
        out[seed] = res.accuracy.to_dict()
        print(f"seed {seed}: {res.accuracy} ({time.perf_counter() - t0:.0f} s)", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    wc = sub.add_parser("watermark-curve")
    wc.add_argument("--honest", type=int, default=1000, help="honest-phrased eval problems")
    ss = sub.add_parser("student-seeds")
    ss.add_argument("seeds", type=int, nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.cmd == "watermark-curve":
        watermark_curve(args.honest)
    else:
        student_seeds(args.seeds)


if __name__ == "__main__":
    main()
