"""The lift test against the top-1 test on students with 5% of their harvest marked.

Behind docs/lab-results.md ("Session 9: the lift test", and later sessions). The teacher answers the
lab's 2,000 campaign prompts twice, unmarked and with a fresh provider-wide key (the shipped watermark:
h 3, delta 4, gamma 0.25). ``--shadows`` shadow students (``experiment.shadow_students``: the provider's
own students of the teacher's unmarked answers to the same prompts, seeds + 1000, + 2000, ...) train
first. For each ``--seeds`` value a student (the lab's full-size config, that training seed) trains on
the seed set plus the harvest with ``--share`` of it marked (the teacher's unmarked answers for the
rest); a negative seed trains the same student with nothing marked (never exposed). Each student is
fed the marked texts of its positive seed's draw, as the provider would, and tested by the lab's own
``radioactive.student_radioactivity``: the top-1 test, and the lift test as the lab runs it (``lift``:
against all the shadows averaged, ``experiment.shadow_reference``; only the tokens within the
watermark's delta of the teacher's top logit, where at least two are; ``LiftOptions.effect_weights``
as shipped). For comparison: the same against the first shadow alone (``lift_one_shadow``), the first
two (``lift_two_shadows``), and against all of them with the other weighting (``lift_weighted``: each
token weighted by how much its colour moved its chance of being chosen, the session-11 test; or
``lift_unweighted`` were that the default); ``--controls`` control trials under never-used keys for each.

    python bench/lab_radioactivity_lift.py --seeds 36,37,38,39,-36 --share 0.05 --controls 1000 --save DIR
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np
import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="2,3,-2")
    parser.add_argument("--share", type=float, default=0.05)
    parser.add_argument("--shadows", type=int, help="shadow students (default: the lab's, LabConfig.shadows)")
    parser.add_argument("--shadow-dir", help="load the shadows a --save run wrote (shadow.pt, shadow2.pt, ...) "
                        "instead of training them: they never see a key, and train deterministically at one thread")
    parser.add_argument("--controls", type=int, default=1000)
    parser.add_argument("--levels", type=int, default=1000, help="integer levels of the lift weights")
    parser.add_argument("--save", help="folder for each student's weights, the marked texts and the secret")
    args = parser.parse_args()
    torch.set_num_threads(1)

    from antidistill.lab.distill.experiment import LabConfig, _train, shadow_students
    from antidistill.lab.distill.radioactive import LiftOptions, student_radioactivity
    from antidistill.lab.distill.students import seed_set
    from antidistill.lab.distill.task import TaskFamily
    from antidistill.lab.distill.teacher import load_or_train_teacher
    from antidistill.watermark.adapters.hf import ReferenceEnsemble
    from antidistill.watermark.detect import Detector
    from antidistill.watermark.keys import GLOBAL_KEY_ID, KeyRing, generate_master_secret
    from antidistill.watermark.spec import WatermarkSpec
    from lab import campaign_answers, load_student, shadow_file  # bench/lab.py

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
    if args.shadow_dir:
        shadows = [load_student(cfg, teacher, shadow_file(Path(args.shadow_dir), k))
                   for k in range(1, (args.shadows or cfg.shadows) + 1)]
    else:
        shadows = shadow_students(cfg, teacher, [r.message for r in reqs], seed_set(task, 100),
                                  task.take("eval", 300), n=args.shadows)
    print(json.dumps({"shadows": len(shadows), "shadow_train_s": round(time.perf_counter() - t0)}), flush=True)
    references = {"lift": ReferenceEnsemble(shadows).eval(), "lift_one_shadow": shadows[0]}
    if len(shadows) >= 3:
        references["lift_two_shadows"] = ReferenceEnsemble(shadows[:2]).eval()
    shipped = LiftOptions().effect_weights  # each reference with the shipped weighting, the full one with the other
    tests = [(name, ref, shipped) for name, ref in references.items()]
    tests.append(("lift_unweighted" if shipped else "lift_weighted", references["lift"], not shipped))
    if args.save:
        save = Path(args.save)
        save.mkdir(parents=True, exist_ok=True)
        (save / "marked.json").write_text(json.dumps([dataclasses.asdict(e) for e in marked]))
        (save / "secret.hex").write_text(master.hex())
        for k, shadow in enumerate(shadows, 1):  # bench/lab_radioactivity_calibration.py reads them
            torch.save(shadow.state_dict(), shadow_file(save, k))

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
        for name, reference, weighted in tests:
            test = student_radioactivity(det, model, teacher.tok, [marked[i] for i in pick], key_id_of,
                                         name=f"seed {seed}", exposed=exposed, controls=args.controls,
                                         max_top1=settings.radioactivity_max_top1, reference=reference,
                                         lift_options=LiftOptions(levels=args.levels, effect_weights=weighted),
                                         source=teacher.model)
            d = test.to_dict()
            if "top1" not in out:
                out["top1"] = {k: d[k] for k in ("pairs", "green", "p_value", "control_share_p_ge_0.01")}
            out[name] = {k.removeprefix("lift_"): v for k, v in d.items() if k.startswith("lift_")}
        out["test_s"] = round(time.perf_counter() - t1)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
