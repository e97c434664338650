"""The lift test against the top-1 test on students with 5% of their harvest marked.

Behind docs/lab-results.md ("Session 9: the lift test"). The teacher answers the lab's 2,000 campaign
prompts twice, unmarked and with a fresh provider-wide key (the shipped watermark: h 3, delta 4, gamma
0.25). For each ``--seeds`` value a student (the lab's full-size config, that training seed) trains on
the seed set plus the harvest with ``--share`` of it marked (the teacher's unmarked answers for the
rest); a negative seed trains the same student with nothing marked (never exposed). Each student is
fed the marked texts of its positive seed's draw, as the provider would, and tested by the lab's own
``radioactive.student_radioactivity``: the top-1 test, and the lift test against the provider's shadow
student (``experiment.shadow_student``: trained once on the teacher's unmarked answers to the same
prompts, seed + 1000) as the lab runs it (``lift``: only the tokens within the watermark's delta of the
teacher's top logit, where at least two are: those the watermark could have made the greedy teacher
choose, each weighted by how much its colour moved its chance of being chosen), and for comparison the
same tokens unweighted (``lift_unweighted``, the session-10 test) and every position
(``lift_all_positions``, the session-9 test); ``--controls`` control trials under never-used keys for
each test.

    python bench/lab_radioactivity_lift.py --seeds 12,13,14,15,-12,-13 --share 0.05 --controls 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time

import numpy as np
import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="2,3,-2")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--controls", type=int, default=1000)
    parser.add_argument("--levels", type=int, default=1000, help="integer levels of the lift weights")
    parser.add_argument("--save", help="folder for each student's weights, the marked texts and the secret")
    args = parser.parse_args()
    torch.set_num_threads(1)

    from antidistill.lab.distill.experiment import LabConfig, _train, shadow_student
    from antidistill.lab.distill.radioactive import LiftOptions, student_radioactivity
    from antidistill.lab.distill.students import seed_set
    from antidistill.lab.distill.task import TaskFamily
    from antidistill.lab.distill.teacher import load_or_train_teacher
    from antidistill.watermark.detect import Detector
    from antidistill.watermark.keys import GLOBAL_KEY_ID, KeyRing, generate_master_secret
    from antidistill.watermark.spec import WatermarkSpec
    from lab import campaign_answers  # bench/lab.py

    cfg = LabConfig.full_size()
    settings = cfg.defence_settings
    task = TaskFamily(seed=0)
    teacher = load_or_train_teacher(task=task)
    master = generate_master_secret()
    ring = KeyRing(master=master)
    spec = WatermarkSpec(gamma=settings.watermark_gamma, delta=settings.watermark_delta,
                         context_width=settings.watermark_context_width, vocab_size=len(teacher.tok.vocab))
    det = Detector(spec=spec, keyring=ring)
    reqs, marked, plain = campaign_answers(task, teacher, ring, spec)
    key_id_of = dict.fromkeys({r.key_id for r in reqs}, GLOBAL_KEY_ID)
    t0 = time.perf_counter()
    shadow = shadow_student(cfg, teacher, [r.message for r in reqs], seed_set(task, 100), task.take("eval", 300))
    print(json.dumps({"shadow_train_s": round(time.perf_counter() - t0)}), flush=True)
    if args.save:
        from pathlib import Path

        save = Path(args.save)
        save.mkdir(parents=True, exist_ok=True)
        (save / "marked.json").write_text(json.dumps([dataclasses.asdict(e) for e in marked]))
        (save / "secret.hex").write_text(master.hex())
        torch.save(shadow.state_dict(), save / "shadow.pt")  # bench/lab_radioactivity_calibration.py reads it

    for seed in (int(s) for s in args.seeds.split(",")):
        exposed = seed > 0
        pick = sorted(np.random.default_rng(abs(seed)).choice(2000, size=round(2000 * args.share),
                                                              replace=False).tolist())
        chosen = set(pick) if exposed else set()
        data = [*seed_set(task, 100), *[marked[i] if i in chosen else plain[i] for i in range(2000)]]
        c = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train, seed=abs(seed)))
        t0 = time.perf_counter()
        res, model = _train(c, teacher, data, "reasoning", task.take("eval", 300))
        t1 = time.perf_counter()
        if args.save:
            torch.save(model.state_dict(), save / f"student{seed}.pt")
        out = {"seed": seed, "marked_share": args.share if exposed else 0.0,
               "accuracy": round(100 * res.accuracy.value, 1), "train_s": round(t1 - t0)}
        for name, flippable, weighted in (("lift", True, True), ("lift_unweighted", True, False),
                                          ("lift_all_positions", False, False)):
            test = student_radioactivity(det, model, teacher.tok, [marked[i] for i in pick], key_id_of,
                                         name=f"seed {seed}", exposed=exposed, controls=args.controls,
                                         max_top1=settings.radioactivity_max_top1, reference=shadow,
                                         lift_options=LiftOptions(levels=args.levels, effect_weights=weighted),
                                         source=teacher.model if flippable else None)
            d = test.to_dict()
            if "top1" not in out:
                out["top1"] = {k: d[k] for k in ("pairs", "green", "p_value", "control_share_p_ge_0.01")}
            out[name] = {k.removeprefix("lift_"): v for k, v in d.items() if k.startswith("lift_")}
        out["test_s"] = round(time.perf_counter() - t1)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
