"""The lab loop: teacher -> served on loopback -> campaign harvest per defence variant -> students.

``run_lab`` measures, for each defence variant, what honest users still get from the teacher and
what the attacker's students learned, against each student's no-distillation baseline. It writes
nothing itself; :mod:`antidistill.lab.distill.report` turns the typed result into results.json and a plot.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from antidistill.lab.distill.antidistill_sampling import PerturbedProxy, perturb_proxy
from antidistill.lab.distill.defences import DEFENCES, DefenceSettings, Variant
from antidistill.lab.distill.harvest import CampaignConfig, chat, check_loopback, plan_campaign, run_campaign
from antidistill.lab.distill.metrics import Accuracy, exact_match
from antidistill.lab.distill.model import STUDENT, STUDENT_QUICK, TEACHER, TEACHER_QUICK, ModelSpec
from antidistill.lab.distill.sequences import Example, encode_completion, encode_prompt, parse_answer, prompt_text
from antidistill.lab.distill.server import ServerThread, TeacherWorker, create_app
from antidistill.lab.distill.students import MODES, Mode, StudentResult, evaluate, seed_set, train_student
from antidistill.lab.distill.task import HONEST_INSTRUCTIONS, Problem, TaskFamily
from antidistill.lab.distill.teacher import DEFAULT_CACHE, FULL_RECIPE, QUICK_RECIPE, Teacher, load_or_train_teacher
from antidistill.lab.distill.training import TrainConfig, train_model

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LabConfig:
    """Sizes of one lab run (:meth:`quick_size` for CI, :meth:`full_size` for the reported numbers)."""

    quick: bool
    n_harvest: int
    n_eval: int
    n_honest: int
    seed_size: int
    student: ModelSpec
    student_train: TrainConfig
    proxy_traces: int
    proxy_heldout: int
    proxy_train: TrainConfig
    n_keys: int = 24
    task_seed: int = 0
    defence_settings: DefenceSettings = field(default_factory=DefenceSettings)

    @classmethod
    def full_size(cls) -> LabConfig:
        """The sizes behind docs/lab-results.md."""
        return cls(quick=False, n_harvest=2000, n_eval=300, n_honest=200, seed_size=100, student=STUDENT,
                   student_train=TrainConfig(steps=1200, batch_size=32, lr=3e-3, seed=2), proxy_traces=300,
                   proxy_heldout=128, proxy_train=TrainConfig(steps=300, batch_size=32, lr=3e-3, seed=3))

    @classmethod
    def quick_size(cls) -> LabConfig:
        """Small enough for CI; checks the machinery, not the numbers."""
        return cls(quick=True, n_harvest=120, n_eval=60, n_honest=40, seed_size=20, student=STUDENT_QUICK,
                   student_train=TrainConfig(steps=60, batch_size=16, lr=3e-3, warmup=10, seed=2),
                   proxy_traces=32, proxy_heldout=16,
                   proxy_train=TrainConfig(steps=20, batch_size=16, lr=3e-3, warmup=5, seed=3), n_keys=6,
                   defence_settings=DefenceSettings(temperatures=(1.0,), lambdas=(1.0,)))

    def to_dict(self) -> dict[str, Any]:
        return {"quick": self.quick, "n_harvest": self.n_harvest, "n_eval": self.n_eval, "n_honest": self.n_honest,
                "seed_size": self.seed_size, "student": self.student.to_dict(),
                "teacher": (TEACHER_QUICK if self.quick else TEACHER).to_dict(),
                "student_steps": self.student_train.steps, "n_keys": self.n_keys,
                "defence_settings": asdict(self.defence_settings)}


@dataclass(frozen=True)
class VariantResult:
    """One harvest: what honest users got, what was collected, and the students trained on it."""

    defence: str
    variant: Variant
    honest: Accuracy
    harvest: dict[str, Any]
    students: dict[Mode, StudentResult]
    seconds: float


@dataclass
class LabResult:
    """Everything one ``lab run`` measured."""

    config: LabConfig
    teacher_folder: str
    teacher_accuracy: Accuracy
    baselines: dict[Mode, StudentResult]
    variants: list[VariantResult]
    target: str
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)


def honest_accuracy(base_url: str, problems: Sequence[Problem], options: dict[str, Any], *,
                    concurrency: int = 16) -> Accuracy:
    """Exact match of plain users (honest phrasing, their own keys) through ``base_url``; refusals count as wrong."""
    base = check_loopback(base_url)

    def ask(item: tuple[int, Problem]) -> int | None:
        i, p = item
        msg = prompt_text(p, HONEST_INSTRUCTIONS[i % len(HONEST_INSTRUCTIONS)])
        status, body = chat(base, f"sk-lab-honest-{i % 50:03d}", msg, extra=options)
        return parse_answer(body["choices"][0]["message"].get("content") or "") if status == 200 else None

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        predicted = list(pool.map(ask, enumerate(problems)))
    return exact_match(predicted, [p.answer for p in problems])


def build_proxy(teacher: Teacher, task: TaskFamily, cfg: LabConfig, eps: float) -> PerturbedProxy:
    """A student-sized proxy trained on teacher traces, moved along its held-out loss gradient."""
    # after the teacher's own training problems: the proxy must see traces, not the teacher's training set
    offset = (QUICK_RECIPE if cfg.quick else FULL_RECIPE).n_problems
    problems = task.take("teacher", cfg.proxy_traces + cfg.proxy_heldout, offset=offset)
    outs = teacher.answer([p.question for p in problems])
    examples = [Example(encode_prompt(teacher.tok, p.question),
                        encode_completion(teacher.tok, o.reasoning, o.content)) for p, o in zip(problems, outs,
                                                                                               strict=True)]
    proxy, _ = train_model(cfg.student, teacher.tok, examples[: cfg.proxy_traces], cfg.proxy_train)
    return perturb_proxy(proxy, examples[cfg.proxy_traces:], pad_id=teacher.tok.pad_id, eps=eps)


def run_lab(cfg: LabConfig, defences: Sequence[str], *, cache: Path | None = None, gateway_url: str | None = None,
            port: int = 0) -> LabResult:
    """Run every variant of every named defence and return the typed result."""
    start = time.perf_counter()
    defence_objs = [DEFENCES.create(name) for name in defences]
    task = TaskFamily(seed=cfg.task_seed)
    teacher = load_or_train_teacher(cache=cache or DEFAULT_CACHE, quick=cfg.quick, task=task)
    eval_problems = task.take("eval", cfg.n_eval)
    honest_problems = task.take("eval", cfg.n_honest, offset=cfg.n_eval)
    teacher_acc = evaluate(teacher.model, teacher.tok, eval_problems)
    log.info("event=teacher_accuracy value=%s", teacher_acc)
    proxy = None
    if any(d.needs_proxy for d in defence_objs):
        proxy = build_proxy(teacher, task, cfg, cfg.defence_settings.eps)
    seeds = seed_set(task, cfg.seed_size)
    # a baseline only for the student modes some variant trains (the curve defences train reasoning students only)
    needed = {m for d in defence_objs for v in d.variants(cfg.defence_settings) for m in v.modes}
    baselines = {mode: train_student(cfg.student, teacher.tok, seeds, mode, cfg.student_train, eval_problems)
                 for mode in MODES if mode in needed}
    log.info("event=baselines %s", " ".join(f"{m}={r.accuracy}" for m, r in baselines.items()))
    requests = plan_campaign(task, CampaignConfig(n_exchanges=cfg.n_harvest, n_keys=cfg.n_keys))
    worker = TeacherWorker(teacher=teacher, proxy=proxy)
    variants: list[VariantResult] = []
    try:
        with ServerThread(create_app(worker), port=port) as server:
            target = gateway_url or server.url
            for defence in defence_objs:
                for variant in defence.variants(cfg.defence_settings):
                    t0 = time.perf_counter()
                    harvest = run_campaign(target, requests, extra=variant.options)
                    honest = honest_accuracy(target, honest_problems, variant.options)
                    students: dict[Mode, StudentResult] = {}
                    for mode in variant.modes:
                        students[mode] = train_student(cfg.student, teacher.tok, [*seeds, *harvest.exchanges],
                                                       mode, cfg.student_train, eval_problems)
                    variants.append(VariantResult(defence=defence.name, variant=variant, honest=honest,
                                                  harvest=harvest.to_dict(), students=students,
                                                  seconds=time.perf_counter() - t0))
                    log.info("event=variant label=%r honest=%s %s", variant.label, honest,
                             " ".join(f"{m}={r.accuracy}" for m, r in students.items()))
    finally:
        worker.close()
    missing = [f"defence {n!r} needs the gateway/watermark wiring" for n in
               ("gateway-detection", "throttle-block", "watermark") if n not in DEFENCES]
    return LabResult(config=cfg, teacher_folder=str(teacher.folder), teacher_accuracy=teacher_acc,
                     baselines=baselines, variants=variants, target="gateway" if gateway_url else "direct",
                     seconds=time.perf_counter() - start, missing=missing)


def mode_gain(result: LabResult, variant: VariantResult, mode: Mode) -> float | None:
    """Student accuracy minus its baseline, in points (None when that student was not trained)."""
    student = variant.students.get(mode)
    if student is None or mode not in result.baselines:
        return None
    return 100 * (student.accuracy.value - result.baselines[mode].accuracy.value)
