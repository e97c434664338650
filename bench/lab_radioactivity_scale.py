"""How radioactive a student trained with a small share of marked data is, as the harvest grows.

A sweep behind docs/lab-results.md ("Run 6", radioactivity at 5%): the teacher's answers to up to
``--max-harvest`` campaign prompts are generated once unmarked and once per context width with the
provider-wide key (delta 4, gamma 0.25), in ``--workers`` processes; then each job trains the
lab's student (``STUDENT``, seed set + harvest, ``steps`` x 32) on a harvest of ``n`` exchanges of
which ``share`` are marked, and runs the lab's reading-mode test on the marked texts (all of them, or
with ``"fed": "trained"`` only those the student trained on), scoring every position
(``max_top1`` 1.01) and only the student's real choices (0.95, 0.8), with 100 control trials.

    python bench/lab_radioactivity_scale.py --max-harvest 20000 --workers 14 --out OUT \\
        --jobs '[{"n": 2000, "share": 1.0, "h": 3, "steps": 1200}, {"n": 20000, "share": 0.05, "h": 3, "steps": 1200}]'

Results are appended to ``OUT/results.jsonl`` as each job ends. CPU only (one torch thread per
process): the numbers in the docs come from a 16-core machine, where 8 jobs took 9 minutes.
"""

from __future__ import annotations

import argparse
import json
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

GEN_DIR = Path("/tmp/antidistill-radio-scale")


def _setup(teacher_dir: str | None) -> tuple[Any, Any]:
    import torch

    torch.set_num_threads(1)
    _compat_transformers()
    from antidistill.lab.distill.model import load_model
    from antidistill.lab.distill.task import TaskFamily
    from antidistill.lab.distill.teacher import Teacher, build_tokenizer, load_or_train_teacher

    task = TaskFamily(seed=0)
    if teacher_dir is None:
        return task, load_or_train_teacher(task=task)
    model, _ = load_model(Path(teacher_dir))
    return task, Teacher(model=model, tok=build_tokenizer(task), folder=Path(teacher_dir))


def _compat_transformers() -> None:
    """Older transformers (5.17) name the decoding cache ``past_key_values``; the lab passes ``cache``."""
    from transformers import GPT2LMHeadModel
    from transformers.modeling_outputs import CausalLMOutputWithCrossAttentions as Output

    if hasattr(Output, "cache"):
        return
    Output.cache = property(lambda self: self.past_key_values)  # type: ignore[attr-defined]
    forward = GPT2LMHeadModel.forward

    def with_cache(self: Any, *args: Any, cache: Any = None, **kwargs: Any) -> Any:
        if cache is not None:
            kwargs["past_key_values"] = cache
        return forward(self, *args, **kwargs)

    GPT2LMHeadModel.forward = with_cache  # type: ignore[method-assign]


def _generate(args: tuple[int, int, int, int, str | None]) -> tuple[int, int, int]:
    h, lo, hi, max_harvest, teacher_dir = args  # h = 0: unmarked
    from transformers import LogitsProcessorList

    from antidistill.lab.distill.decoding import DecodeConfig
    from antidistill.lab.distill.harvest import CampaignConfig, plan_campaign
    from antidistill.watermark.adapters.hf import WatermarkLogitsProcessor
    from antidistill.watermark.keys import GLOBAL_KEY_ID, KeyRing
    from antidistill.watermark.spec import WatermarkSpec

    task, teacher = _setup(teacher_dir)
    reqs = plan_campaign(task, CampaignConfig(n_exchanges=max_harvest, n_keys=24))[lo:hi]
    ring = KeyRing(master=b"m" * 32)
    outs = []
    for b in range(0, len(reqs), 250):
        chunk = reqs[b:b + 250]
        procs = None
        if h:
            spec = WatermarkSpec(gamma=0.25, delta=4.0, context_width=h, vocab_size=len(teacher.tok.vocab))
            procs = LogitsProcessorList([WatermarkLogitsProcessor(spec=spec,
                                                                  keys=ring.keys([GLOBAL_KEY_ID] * len(chunk)))])
        outs += teacher.answer([r.message for r in chunk], processors=procs, cfg=DecodeConfig(batch_size=250))
    rows = [(r.key_id, r.message, o.reasoning, o.content) for r, o in zip(reqs, outs, strict=True)]
    (GEN_DIR / f"h{h}_{lo}.pkl").write_bytes(pickle.dumps(rows))
    return h, lo, sum(o.answer == r.answer for r, o in zip(reqs, outs, strict=True))


def _load(h: int, n: int) -> list[Any]:
    from antidistill.lab.distill.students import Exchange

    rows: list[Any] = []
    for f in sorted(GEN_DIR.glob(f"h{h}_*.pkl"), key=lambda p: int(p.stem.split("_")[1])):
        rows += pickle.loads(f.read_bytes())
    return [Exchange(*r) for r in rows[:n]]


def _student(args: tuple[dict[str, Any], str | None, str]) -> dict[str, Any]:
    job, teacher_dir, out = args
    import numpy as np

    from antidistill.lab.distill.model import STUDENT
    from antidistill.lab.distill.radioactive import student_radioactivity
    from antidistill.lab.distill.students import evaluate, exchange_examples, seed_set
    from antidistill.lab.distill.training import TrainConfig, train_model
    from antidistill.watermark.detect import Detector
    from antidistill.watermark.keys import GLOBAL_KEY_ID, KeyRing
    from antidistill.watermark.spec import WatermarkSpec

    t0 = time.time()
    n, share, h, steps = job["n"], job["share"], job["h"], job["steps"]
    task, teacher = _setup(teacher_dir)
    tok = teacher.tok
    marked, plain = _load(h, n), _load(0, n)
    pick = set(np.random.default_rng(0).choice(n, size=round(share * n), replace=False).tolist())
    mix = [marked[i] if i in pick else plain[i] for i in range(n)]
    model, trained = train_model(STUDENT, tok, exchange_examples(tok, [*seed_set(task, 100), *mix], "reasoning"),
                                 TrainConfig(steps=steps, batch_size=32, lr=3e-3, seed=2))
    acc = evaluate(model, tok, task.take("eval", 300))
    det = Detector(spec=WatermarkSpec(gamma=0.25, delta=4.0, context_width=h, vocab_size=len(tok.vocab)),
                   keyring=KeyRing(master=b"m" * 32))
    texts = [marked[i] for i in sorted(pick)] if job.get("fed") == "trained" else marked
    key_of = {ex.key_id: GLOBAL_KEY_ID for ex in texts}
    res: dict[str, Any] = {**job, "acc": round(100 * acc.value, 1), "train_s": round(trained.seconds)}
    for thr in (1.01, 0.95, 0.8):
        r = student_radioactivity(det, model, tok, texts, key_of, name="s", exposed=True, controls=100, max_top1=thr)
        res[f"thr{thr}"] = {"p": r.real.p_value, "green": r.real.green, "pairs": r.real.pairs,
                            "ctrl_ge_001": r.control_share_ge_001}
    res["s"] = round(time.time() - t0)
    with open(Path(out) / "results.jsonl", "a") as f:
        f.write(json.dumps(res) + "\n")
    print(json.dumps(res), flush=True)
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-harvest", type=int, required=True)
    parser.add_argument("--jobs", required=True, help="JSON list of {n, share, h, steps[, fed]}")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--teacher", default=None, help="teacher folder (default: the lab's cached full teacher)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    jobs = json.loads(args.jobs)
    Path(args.out).mkdir(parents=True, exist_ok=True)
    GEN_DIR.mkdir(exist_ok=True)
    t0 = time.time()
    per = -(-args.max_harvest // args.workers)
    tasks = [(h, lo, min(args.max_harvest, lo + per), args.max_harvest, args.teacher)
             for h in sorted({0, *(j["h"] for j in jobs)}) for lo in range(0, args.max_harvest, per)]
    with ProcessPoolExecutor(args.workers) as pool:
        right = sum(r for _, _, r in pool.map(_generate, tasks))
    print(f"generated {len(tasks)} chunks ({right} right answers) in {time.time() - t0:.0f} s", flush=True)
    with ProcessPoolExecutor(min(args.workers, len(jobs))) as pool:
        list(pool.map(_student, [(j, args.teacher, args.out) for j in jobs]))
    print(f"done in {time.time() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
