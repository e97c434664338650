"""Calibration of the lab's lift test: many control keys on students saved by ``lab_radioactivity_lift.py``.

Behind docs/lab-results.md ("Session 10", calibration). Each saved student (``student<seed>.pt`` in
``--dir``, with that run's ``marked.json`` and ``secret.hex``) is fed the marked texts of its seed's draw
and tested as the lab tests it (its shadows averaged as reference, the teacher as source), under its real key
and ``--controls`` never-used keys. An exact test puts about 1% of control p-values at or below 0.01 and
5% at or below 0.05, for exposed and never-exposed students alike.

    python bench/lab_radioactivity_lift.py --seeds 4,5,-4 --save DIR      # saves students and DIR/shadow*.pt
    python bench/lab_radioactivity_calibration.py --dir DIR --seeds 4,5,-4 --controls 10000
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, required=True, help="a --save folder of lab_radioactivity_lift.py")
    parser.add_argument("--seeds", required=True, help="saved students, e.g. 4,5,-4")
    parser.add_argument("--shadow", type=Path, action="append",
                        help="shadow student weights, repeatable: averaged (default: every DIR/shadow*.pt)")
    parser.add_argument("--controls", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.05, help="the marked share the students were trained with")
    args = parser.parse_args()
    torch.set_num_threads(1)

    from antidistill.lab.distill.experiment import LabConfig
    from antidistill.lab.distill.radioactive import LiftOptions, account_lift_pairs, lift_trials
    from antidistill.lab.distill.students import Exchange
    from antidistill.lab.distill.task import TaskFamily
    from antidistill.lab.distill.teacher import load_or_train_teacher
    from antidistill.watermark.adapters.hf import ReferenceEnsemble
    from antidistill.watermark.detect import Detector
    from antidistill.watermark.keys import GLOBAL_KEY_ID, KeyRing
    from antidistill.watermark.spec import WatermarkSpec
    from lab import load_student, shadow_file  # bench/lab.py

    cfg = LabConfig.full_size()
    settings = cfg.defence_settings
    teacher = load_or_train_teacher(task=TaskFamily(seed=0))
    tok = teacher.tok
    spec = WatermarkSpec(gamma=settings.watermark_gamma, delta=settings.watermark_delta,
                         context_width=settings.watermark_context_width, vocab_size=len(tok.vocab))
    det = Detector(spec=spec, keyring=KeyRing(master=bytes.fromhex((args.dir / "secret.hex").read_text())))
    marked = [Exchange(**e) for e in json.loads((args.dir / "marked.json").read_text())]
    key_id_of = dict.fromkeys({e.key_id for e in marked}, GLOBAL_KEY_ID)

    paths = args.shadow or []
    while not args.shadow and shadow_file(args.dir, len(paths) + 1).is_file():
        paths.append(shadow_file(args.dir, len(paths) + 1))
    if not paths:
        parser.error(f"no {shadow_file(args.dir, 1)} and no --shadow")
    shadow = ReferenceEnsemble([load_student(cfg, teacher, p) for p in paths]).eval()
    for seed in (int(s) for s in args.seeds.split(",")):
        pick = sorted(np.random.default_rng(abs(seed)).choice(len(marked), size=round(len(marked) * args.share),
                                                              replace=False).tolist())
        student = load_student(cfg, teacher, args.dir / f"student{seed}.pt")
        groups = account_lift_pairs(student, shadow, tok, [marked[i] for i in pick],
                                    spec.context_width, key_id_of, LiftOptions(), source=teacher.model,
                                    margin=spec.delta, gamma=spec.gamma)
        t0 = time.perf_counter()
        real, ctrl = lift_trials(det, groups, args.controls)
        c = np.asarray(ctrl)
        print(json.dumps({"seed": seed, "shadows": len(paths), "p_value": real.p_value, "pairs": real.pairs,
                          "controls": args.controls,
                          "share_p_ge_0.01": float(np.mean(c >= 0.01)), "share_p_le_0.05": float(np.mean(c <= 0.05)),
                          "share_p_le_0.001": float(np.mean(c <= 0.001)),
                          "seconds": round(time.perf_counter() - t0, 1)}), flush=True)


if __name__ == "__main__":
    main()
