"""Distillation-lab side measurements quoted in docs/lab-results.md (the cached full teacher, one thread).

    nice -n 10 .venv/bin/python bench/lab.py watermark-curve   # honest cost vs mark strength at the teacher
    nice -n 10 .venv/bin/python bench/lab.py student-seeds 2 3 4  # baseline + undefended reasoning student per seed
    nice -n 10 .venv/bin/python bench/lab.py teacher-recipe --steps 5000 --elicit-share 0.35 --honest-share 0.3
    nice -n 15 .venv/bin/python bench/lab.py teacher-curve --temperature 0.5 --lam 0.3  # honest accuracy only
    nice -n 15 .venv/bin/python bench/lab.py curve --out out/lab-curve --temperature 0.5 --lam 0.1 --honest 1000
    nice -n 15 .venv/bin/python bench/lab.py radioactivity --mode global --mode account  # top-1 and mass tests
    .venv/bin/python bench/lab.py compare out/lab-curve/results.json out/lab-curve-seed3/results.json

``watermark-curve``: for each (h, delta), honest-phrased eval problems answered unmarked and marked
with each honest account's key (paired: answers lost and gained), and the text-level p-value of
the 2,000 campaign answers marked with the 24 campaign accounts' keys, green counts summed over
keys (the upper bound of what a radioactivity test on a student can show).
``student-seeds``: the undefended harvest (direct, greedy) and, per given seed (seed 2 is the lab's
default), the no-distillation baseline and the reasoning student trained on it: the gain per seed, its
mean, spread and t interval over seeds (the spread a student's seed alone causes). ``--harvest``,
``--steps``, ``--layers``, ``--width`` vary the lab's harvest size and student; ``--no-baseline``
trains reasoning students only.
``teacher-recipe``: trains one teacher recipe (model size, steps, lr, instruction shares; cached
under its key like the lab's teacher, so the recipe that becomes ``FULL_RECIPE`` is not retrained) and
scores it as the lab does: behind elicitation templates (300 eval problems) and honest-phrased (200),
with the step diagnostics of ``teacher-curve``.
``teacher-curve``: the teacher's exact match for honest-phrased eval problems (the lab's honest set
first) under temperature sampling and antidistillation sampling (the lab's proxy, tau and eps), in
process, without students: where each point of the antidistill-sampling curve lands in teacher
accuracy, measured on more problems than the lab's 200, and where the errors are: the share of
reasoning steps ``a op b = c`` with right arithmetic, of completions whose steps copy the problem's
operations and operands, and of answers that equal the last step's result.
``radioactivity``: the 2,000 campaign answers marked in process (the lab's h, delta, gamma) with
one provider-wide key (``global``, the gateway's ``watermark: global``) or each account's key
(``account``, the lab's ``watermark`` defence), a reasoning student on seed set + marked answers,
and both reading-mode tests on it and on the never-exposed baseline: top-1 (the lab's) and the
probability-mass test (``radioactive.mass_trial``), each with control trials; plus honest users'
accuracy unmarked vs marked (paired) and the text-level p-value of the marked answers.
``compare``: the equal-accuracy comparison of several curve runs (replicates with other student
seeds): each run's ``report.equal_accuracy`` rows, then ``report.curve_shift``: one least-squares
fit over every curve student of every run (each training seed one row), student = a + b * honest
(+ c * honest^2) + d * [antidistillation], whose d is the antidistillation students' shift at equal
honest accuracy; its standard error comes from the residuals, so it includes the student-seed
spread and the harvests' draws.
``curve``: ``antidistill lab run --defence antidistill-sampling`` with more honest problems (the x
axis of the equal-accuracy comparison; the lab's 200 give +-7 points), same outputs.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import re
import time
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import torch
from transformers import LogitsProcessorList

from antidistill.lab.distill.decoding import DecodeConfig
from antidistill.lab.distill.experiment import LabConfig, _train
from antidistill.lab.distill.front import account_of
from antidistill.lab.distill.harvest import CampaignConfig, plan_campaign, run_campaign
from antidistill.lab.distill.metrics import exact_match
from antidistill.lab.distill.sequences import Completion, encode_completion, prompt_text
from antidistill.lab.distill.server import ServerThread, TeacherWorker, create_app
from antidistill.lab.distill.students import Exchange, seed_set
from antidistill.lab.distill.task import EQUALS, HONEST_INSTRUCTIONS, TaskFamily
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


def campaign_answers(task: TaskFamily, teacher: Teacher, ring: KeyRing,
                     spec: WatermarkSpec) -> tuple[list[Any], list[Exchange], list[Exchange]]:
    """The lab's 2,000 campaign requests, the teacher's answers marked with the provider-wide key, and unmarked."""
    from antidistill.watermark.keys import GLOBAL_KEY_ID

    reqs = plan_campaign(task, CampaignConfig(n_exchanges=2000, n_keys=24))
    msgs = [r.message for r in reqs]
    marked = [Exchange(r.key_id, r.message, o.reasoning, o.content)
              for r, o in zip(reqs, _answer(teacher, msgs, [GLOBAL_KEY_ID] * len(msgs), ring, spec), strict=True)]
    plain = [Exchange(r.key_id, r.message, o.reasoning, o.content)
             for r, o in zip(reqs, _answer(teacher, msgs, [""] * len(msgs), ring, None), strict=True)]
    return reqs, marked, plain


def shadow_file(folder: Any, k: int) -> Any:
    """Where a ``--save`` run of ``lab_radioactivity_lift.py`` keeps shadow student ``k`` (from 1)."""
    return folder / ("shadow.pt" if k == 1 else f"shadow{k}.pt")


def load_student(cfg: LabConfig, teacher: Teacher, path: Any) -> Any:
    """A lab student (``cfg.student``) with the weights saved at ``path``, in eval mode."""
    from antidistill.lab.distill.model import new_model

    model = new_model(cfg.student, teacher.tok)
    model.load_state_dict(torch.load(path))
    return model.eval()


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


def student_seeds(seeds: list[int], n_harvest: int | None = None, steps: int | None = None,
                  layers: int | None = None, width: int | None = None, baseline: bool = True) -> dict[str, Any]:
    """Baseline and reasoning student per training seed on one undefended harvest: gain mean, spread, 95% interval.

    ``baseline=False`` skips the baselines (they do not depend on the harvest size) and reports no gain.
    """
    from scipy import stats

    from antidistill.lab.distill.model import ModelSpec

    cfg = LabConfig.full_size()
    if n_harvest is not None:
        cfg = dataclasses.replace(cfg, n_harvest=n_harvest)
    if steps is not None:
        cfg = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train, steps=steps))
    if layers is not None or width is not None:
        cfg = dataclasses.replace(cfg, student=ModelSpec(n_layer=layers or cfg.student.n_layer,
                                                         n_embd=width or cfg.student.n_embd, n_head=4))
    task = TaskFamily(seed=cfg.task_seed)
    teacher = load_or_train_teacher(task=task)
    eval_problems = task.take("eval", cfg.n_eval)
    requests = plan_campaign(task, CampaignConfig(n_exchanges=cfg.n_harvest, n_keys=cfg.n_keys))
    worker = TeacherWorker(teacher=teacher)
    t0 = time.perf_counter()
    with ServerThread(create_app(worker)) as server:
        harvest = run_campaign(server.url, requests)
    worker.close()
    served_right = harvest.correct
    print(f"teacher {teacher.folder.name}; harvest {len(harvest.exchanges)} exchanges in "
          f"{time.perf_counter() - t0:.0f} s, served right {served_right}; student {cfg.student}, "
          f"{cfg.student_train.steps} steps", flush=True)
    seeds_set = seed_set(task, cfg.seed_size)
    rows: list[dict[str, Any]] = []
    for seed in seeds:
        c = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train, seed=seed))
        t0 = time.perf_counter()
        base = _train(c, teacher, seeds_set, "reasoning", eval_problems)[0].accuracy if baseline else None
        t1 = time.perf_counter()
        res, _ = _train(c, teacher, [*seeds_set, *harvest.exchanges], "reasoning", eval_problems)
        gain = 100 * (res.accuracy.value - base.value) if base is not None else float("nan")
        rows.append({"seed": seed, "baseline": base.to_dict() if base else None, "reasoning": res.accuracy.to_dict(),
                     "gain": round(gain, 1), "baseline_seconds": round(t1 - t0),
                     "seconds": round(time.perf_counter() - t1)})
        print(f"seed {seed}: baseline {base} ({t1 - t0:.0f} s), reasoning {res.accuracy} "
              f"({time.perf_counter() - t1:.0f} s), gain {gain:+.1f}", flush=True)
    if not baseline:
        print(json.dumps({"rows": rows}), flush=True)
        return {"rows": rows}
    gains = np.array([r["gain"] for r in rows])
    summary: dict[str, Any] = {"seeds": seeds, "gain_mean": round(float(gains.mean()), 1),
                               "gain_min": float(gains.min()), "gain_max": float(gains.max())}
    for name in ("baseline", "reasoning"):
        vals = np.array([100 * r[name]["value"] for r in rows])
        summary[f"{name}_mean"] = round(float(vals.mean()), 1)
        summary[f"{name}_range"] = [round(float(vals.min()), 1), round(float(vals.max()), 1)]
    if len(rows) > 1:  # t interval over seeds: the seed-to-seed spread, not the evaluation sample
        sd = float(gains.std(ddof=1))
        half = float(stats.t.ppf(0.975, len(rows) - 1)) * sd / len(rows) ** 0.5
        summary.update(gain_sd=round(sd, 1), gain_ci95=[round(float(gains.mean()) - half, 1),
                                                        round(float(gains.mean()) + half, 1)])
    print(json.dumps({"rows": rows, "summary": summary}), flush=True)
    return summary


# a worked step in any of the task's wordings ("9 + 4 = 13", "9 + 4 makes 13")
_STEP = re.compile(r"(-?\d+) ([+\-*]) (\d+) (?:" + "|".join(re.escape(w) for w in EQUALS) + r") (-?\d+)")


def _trace_diagnostics(problems: list[Any], outs: list[Completion]) -> dict[str, float]:
    """Where a decoding's errors are: step arithmetic, the plan (operations and operands), the final answer."""
    ops = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}
    steps = arith_ok = plan_ok = answer_follows = 0
    for p, o in zip(problems, outs, strict=True):
        got = _STEP.findall(o.reasoning)
        want = _STEP.findall(p.reasoning)
        steps += len(got)
        arith_ok += sum(ops[op](int(a), int(b)) == int(c) for a, op, b, c in got)
        plan_ok += [(op, b) for _, op, b, _ in got] == [(op, b) for _, op, b, _ in want]
        answer_follows += bool(got) and o.answer == int(got[-1][3])
    n = max(len(outs), 1)
    return {"steps_arith_ok": round(100 * arith_ok / max(steps, 1), 1), "plan_ok": round(100 * plan_ok / n, 1),
            "answer_follows_steps": round(100 * answer_follows / n, 1)}


def teacher_curve(temperatures: list[float], lambdas: list[float], n_honest: int,
                  seed: int) -> list[dict[str, float | int | str]]:
    from transformers import TemperatureLogitsWarper

    from antidistill.lab.distill.antidistill_sampling import AntidistillationProcessor, AntidistillParams
    from antidistill.lab.distill.experiment import build_proxy

    cfg = LabConfig.full_size()
    settings = cfg.defence_settings
    task = TaskFamily(seed=cfg.task_seed)
    teacher = load_or_train_teacher(task=task)
    honest = task.take("eval", n_honest, offset=cfg.n_eval)  # the lab's honest set, then more
    gold = [p.answer for p in honest]
    msgs = [prompt_text(p, HONEST_INSTRUCTIONS[i % len(HONEST_INSTRUCTIONS)]) for i, p in enumerate(honest)]
    t0 = time.perf_counter()
    proxy = build_proxy(teacher, task, cfg, settings.eps) if lambdas else None
    if proxy is not None:
        print(f"proxy built in {time.perf_counter() - t0:.0f} s", flush=True)
    points: list[tuple[str, LogitsProcessorList]] = [
        (f"temperature={t:g}", LogitsProcessorList([TemperatureLogitsWarper(t)])) for t in temperatures]
    if proxy is not None:
        points += [(f"antidistill lam={lam:g} tau={settings.tau:g}", LogitsProcessorList([AntidistillationProcessor(
            proxy=proxy, params=AntidistillParams(lam=lam, tau=settings.tau, eps=settings.eps),
            pad_id=teacher.tok.pad_id)])) for lam in lambdas]
    rows: list[dict[str, float | int | str]] = []
    for label, procs in points:
        t0 = time.perf_counter()
        gen = torch.Generator().manual_seed(seed)
        outs = teacher.answer(msgs, cfg=DecodeConfig(sample=True, batch_size=250), processors=procs, generator=gen)
        acc = exact_match([o.answer for o in outs], gold)
        diag = _trace_diagnostics(honest, outs)
        first = exact_match([o.answer for o in outs[:cfg.n_honest]], gold[:cfg.n_honest])
        row: dict[str, float | int | str] = {
            "label": label, "n": acc.n, "honest": round(100 * acc.value, 1), "low": round(100 * acc.low, 1),
            "high": round(100 * acc.high, 1), f"honest_first_{cfg.n_honest}": round(100 * first.value, 1),
            **diag, "seconds": round(time.perf_counter() - t0, 1)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def teacher_recipe(layers: int, width: int, steps: int, lr: float, n_problems: int, elicit_share: float,
                   honest_share: float, batch: int) -> dict[str, Any]:
    """Train (or load from the cache) one teacher recipe and score it the way the lab does."""
    from antidistill.lab.distill.model import ModelSpec
    from antidistill.lab.distill.students import evaluate
    from antidistill.lab.distill.teacher import TeacherRecipe
    from antidistill.lab.distill.training import TrainConfig

    cfg = LabConfig.full_size()
    task = TaskFamily(seed=cfg.task_seed)
    recipe = TeacherRecipe(spec=ModelSpec(n_layer=layers, n_embd=width, n_head=4),
                           train=TrainConfig(steps=steps, batch_size=batch, lr=lr, seed=1), n_problems=n_problems,
                           elicit_share=elicit_share, honest_share=honest_share)
    t0 = time.perf_counter()
    teacher = load_or_train_teacher(task=task, recipe=recipe)
    trained = json.loads((teacher.folder / "train.json").read_text())
    elicit = evaluate(teacher.model, teacher.tok, task.take("eval", cfg.n_eval))
    honest = task.take("eval", cfg.n_honest, offset=cfg.n_eval)
    msgs = [prompt_text(p, HONEST_INSTRUCTIONS[i % len(HONEST_INSTRUCTIONS)]) for i, p in enumerate(honest)]
    outs = teacher.answer(msgs, cfg=DecodeConfig(batch_size=250))
    honest_acc = exact_match([o.answer for o in outs], [p.answer for p in honest])
    row = {"folder": teacher.folder.name, "layers": layers, "width": width, "steps": steps, "lr": lr,
           "n_problems": n_problems, "elicit_share": elicit_share, "honest_share": honest_share,
           "train_seconds": round(trained["seconds"], 1), "final_loss": round(trained["final_loss"], 4),
           "elicit": elicit.to_dict(), "honest": honest_acc.to_dict(), **_trace_diagnostics(honest, outs),
           "seconds": round(time.perf_counter() - t0, 1)}
    print(json.dumps(row), flush=True)
    return row


def curve(out: str, temperatures: list[float], lambdas: list[float], n_honest: int, student_seed: int | None) -> None:
    import logging
    from pathlib import Path

    from antidistill.lab.distill.experiment import run_lab
    from antidistill.lab.distill.report import result_dict, write_plot, write_results, write_summary

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    cfg = LabConfig.full_size()
    ds = cfg.defence_settings
    if student_seed is not None:  # baseline and students alike
        cfg = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train, seed=student_seed))
    cfg = dataclasses.replace(cfg, n_honest=n_honest, defence_settings=dataclasses.replace(
        ds, temperatures=tuple(temperatures) or ds.temperatures, lambdas=tuple(lambdas) or ds.lambdas))
    result = run_lab(cfg, ["antidistill-sampling"])
    folder = Path(out)
    write_results(result, folder)
    write_plot(result, folder)
    write_summary(result_dict(result), folder)
    for v in result.variants:
        print(f"{v.variant.label}: honest {v.honest} reasoning {v.students['reasoning'].accuracy} "
              f"({v.seconds:.0f} s)", flush=True)
    print(f"wrote {folder} in {result.seconds:.0f} s", flush=True)


def radioactivity(modes: list[str], controls: int, m: int, n_honest: int) -> None:
    from antidistill.lab.distill.radioactive import mass_contexts, mass_trial, student_radioactivity
    from antidistill.lab.distill.students import Exchange
    from antidistill.watermark.keys import GLOBAL_KEY_ID

    cfg = LabConfig.full_size()
    ds = cfg.defence_settings
    task = TaskFamily(seed=cfg.task_seed)
    teacher = load_or_train_teacher(task=task)
    tok = teacher.tok
    eval_problems = task.take("eval", cfg.n_eval)
    honest = task.take("eval", n_honest, offset=cfg.n_eval)
    gold = [p.answer for p in honest]
    hmsg = [prompt_text(p, HONEST_INSTRUCTIONS[i % len(HONEST_INSTRUCTIONS)]) for i, p in enumerate(honest)]
    reqs = plan_campaign(task, CampaignConfig(n_exchanges=cfg.n_harvest, n_keys=cfg.n_keys))
    spec = WatermarkSpec(gamma=ds.watermark_gamma, delta=ds.watermark_delta, context_width=ds.watermark_context_width,
                         vocab_size=len(tok.vocab))
    ring = KeyRing(master=generate_master_secret())
    detector = Detector(spec=spec, keyring=ring)
    seeds_set = seed_set(task, cfg.seed_size)
    t0 = time.perf_counter()
    base_res, base_model = _train(cfg, teacher, seeds_set, "reasoning", eval_problems)
    print(f"baseline student {base_res.accuracy} ({time.perf_counter() - t0:.0f} s)", flush=True)
    unmarked = [o.answer == g for o, g in zip(_answer(teacher, hmsg, [""] * len(hmsg), ring, None), gold,
                                             strict=True)]
    for mode in modes:
        t0 = time.perf_counter()
        if mode == "global":
            key_of = {r.key_id: GLOBAL_KEY_ID for r in reqs}
            hkeys = [GLOBAL_KEY_ID] * len(hmsg)
        else:
            key_of = {r.key_id: f"acct:{account_of(r.key_id)}" for r in reqs}
            hkeys = [f"acct:lab-honest-{i % 50:03d}" for i in range(len(hmsg))]
        marked_ok = [o.answer == g for o, g in zip(_answer(teacher, hmsg, hkeys, ring, spec), gold, strict=True)]
        outs = _answer(teacher, [r.message for r in reqs], [key_of[r.key_id] for r in reqs], ring, spec)
        served = [Exchange(key_id=r.key_id, prompt=r.message, reasoning=o.reasoning, content=o.content)
                  for r, o in zip(reqs, outs, strict=True)]
        green = pairs = 0
        for key in sorted(set(key_of.values())):
            docs = [encode_completion(tok, ex.reasoning, ex.content) for ex in served if key_of[ex.key_id] == key]
            res = detector.detect_corpus(docs, key)
            green += int(res.score)
            pairs += int(res.tokens_scored)
        print(json.dumps({"mode": mode, "honest_unmarked": round(100 * sum(unmarked) / len(gold), 1),
                          "honest_marked": round(100 * sum(marked_ok) / len(gold), 1),
                          "lost": sum(u and not k for u, k in zip(unmarked, marked_ok, strict=True)),
                          "gained": sum(k and not u for u, k in zip(unmarked, marked_ok, strict=True)),
                          "text_pairs": pairs, "text_green_share": round(green / pairs, 4),
                          "text_p": binomial_tail(green, pairs, spec.gamma)}), flush=True)
        student_res, model = _train(cfg, teacher, [*seeds_set, *served], "reasoning", eval_problems)
        print(f"{mode} student {student_res.accuracy} ({time.perf_counter() - t0:.0f} s)", flush=True)
        for name, student, exposed in ((f"{mode} student", model, True), ("baseline (never exposed)", base_model,
                                                                         False)):
            t1 = time.perf_counter()
            top1 = student_radioactivity(detector, student, tok, served, key_of, name=name, exposed=exposed,
                                         controls=controls)
            groups = mass_contexts(student, tok, served, spec.context_width, key_of, m=m)
            real = mass_trial(detector, groups, {k: k for k in groups})
            ctrl = np.array([mass_trial(detector, groups, {k: f"control:{t}:{k}" for k in groups}).z
                             for t in range(controls)])
            ctrl_p = np.array([0.5 * math.erfc(z / math.sqrt(2)) for z in ctrl])
            print(json.dumps({"mode": mode, "student": name, "exposed": exposed,
                              "top1": {k: v for k, v in top1.to_dict().items() if k != "explanation"},
                              "mass": {"contexts": real.contexts, "z": round(real.z, 3), "p": real.p_value,
                                       "control_z_mean": round(float(ctrl.mean()), 3),
                                       "control_z_sd": round(float(ctrl.std()), 3),
                                       "control_share_p_ge_0.01": float((ctrl_p >= 0.01).mean()),
                                       "control_min_p": float(ctrl_p.min())},
                              "seconds": round(time.perf_counter() - t1, 1)}), flush=True)


def compare(paths: list[str]) -> None:
    from antidistill.lab.distill.report import curve_shift, equal_accuracy

    runs = []
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        runs.append(data)
        print(path)
        for r in equal_accuracy(data):
            print(json.dumps({k: _rounded(k, v) for k, v in r.items()}))
    for quadratic, run_effects, point_means in ((False, False, False), (True, False, False), (False, True, False),
                                                (False, True, True)):
        fit = curve_shift(runs, quadratic=quadratic, run_effects=run_effects, point_means=point_means)
        if fit is not None:
            print(json.dumps({k: _rounded(k, v) for k, v in fit.items()}))


def _rounded(key: str, value: Any) -> Any:
    """Four decimals; a p-value keeps three significant digits (a small one must not print as 0.0)."""
    if not isinstance(value, float):
        return value
    return float(f"{value:.3g}") if key.startswith("p_") else round(value, 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    wc = sub.add_parser("watermark-curve")
    wc.add_argument("--honest", type=int, default=1000, help="honest-phrased eval problems")
    ss = sub.add_parser("student-seeds")
    ss.add_argument("seeds", type=int, nargs="+")
    ss.add_argument("--harvest", type=int, default=None, help="exchanges harvested (default: the lab's 2,000)")
    ss.add_argument("--steps", type=int, default=None, help="student training steps (default: the lab's)")
    ss.add_argument("--layers", type=int, default=None, help="student layers (default: the lab's)")
    ss.add_argument("--width", type=int, default=None, help="student width (default: the lab's)")
    ss.add_argument("--no-baseline", action="store_true", help="reasoning students only (no gain reported)")
    tc = sub.add_parser("teacher-curve")
    tc.add_argument("--temperature", type=float, action="append", default=[])
    tc.add_argument("--lam", type=float, action="append", default=[])
    tc.add_argument("--honest", type=int, default=1000, help="honest-phrased eval problems")
    tc.add_argument("--seed", type=int, default=0, help="sampling seed")
    ra = sub.add_parser("radioactivity")
    ra.add_argument("--mode", choices=("global", "account"), action="append", default=[])
    ra.add_argument("--controls", type=int, default=1000)
    ra.add_argument("--top", type=int, default=16, help="tokens per context in the mass test")
    ra.add_argument("--honest", type=int, default=1000)
    tr = sub.add_parser("teacher-recipe")
    tr.add_argument("--layers", type=int, default=3)
    tr.add_argument("--width", type=int, default=64)
    tr.add_argument("--steps", type=int, default=1200)
    tr.add_argument("--lr", type=float, default=3e-3)
    tr.add_argument("--batch", type=int, default=32)
    tr.add_argument("--problems", type=int, default=20000, help="teacher-split training problems")
    tr.add_argument("--elicit-share", type=float, default=4 / 26)
    tr.add_argument("--honest-share", type=float, default=4 / 26)
    cp = sub.add_parser("compare")
    cp.add_argument("results", nargs="+", help="results.json of curve runs")
    cv = sub.add_parser("curve")
    cv.add_argument("--out", required=True)
    cv.add_argument("--temperature", type=float, action="append", default=[])
    cv.add_argument("--lam", type=float, action="append", default=[])
    cv.add_argument("--honest", type=int, default=1000, help="honest-phrased eval problems (the lab's default: 200)")
    cv.add_argument("--student-seed", type=int, default=None, help="training seed of baseline and students (default 2)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.cmd == "watermark-curve":
        watermark_curve(args.honest)
    elif args.cmd == "teacher-curve":
        teacher_curve(args.temperature, args.lam, args.honest, args.seed)
    elif args.cmd == "radioactivity":
        radioactivity(args.mode or ["global"], args.controls, args.top, args.honest)
    elif args.cmd == "teacher-recipe":
        teacher_recipe(args.layers, args.width, args.steps, args.lr, args.problems, args.elicit_share,
                       args.honest_share, args.batch)
    elif args.cmd == "compare":
        compare(args.results)
    elif args.cmd == "curve":
        curve(args.out, args.temperature, args.lam, args.honest, args.student_seed)
    else:
        student_seeds(args.seeds, args.harvest, args.steps, args.layers, args.width, not args.no_baseline)


if __name__ == "__main__":
    main()
