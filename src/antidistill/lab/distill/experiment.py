"""The lab loop: teacher -> served on loopback -> campaign harvest per defence variant -> students.

``run_lab`` measures, for each defence variant, what honest users still get from the teacher and
what the attacker's students learned, against each student's no-distillation baseline. It writes
nothing itself; :mod:`antidistill.lab.distill.report` turns the typed result into results.json and a plot.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError
from antidistill.lab.distill.antidistill_sampling import PerturbedProxy, perturb_proxy
from antidistill.lab.distill.defences import DEFENCES, DefenceSettings, Variant
from antidistill.lab.distill.front import LabGateway, ScanRound, account_of, scan_and_feed
from antidistill.lab.distill.harvest import (
    CampaignConfig,
    CampaignRequest,
    HarvestResult,
    Headers,
    chat,
    check_loopback,
    plan_campaign,
    run_campaign,
)
from antidistill.lab.distill.metrics import Accuracy, exact_match
from antidistill.lab.distill.model import STUDENT, STUDENT_QUICK, TEACHER, TEACHER_QUICK, ModelSpec
from antidistill.lab.distill.radioactive import StudentRadioactivity, student_radioactivity
from antidistill.lab.distill.sequences import Example, encode_completion, encode_prompt, parse_answer, prompt_text
from antidistill.lab.distill.server import ServerThread, TeacherWorker, create_app
from antidistill.lab.distill.students import (
    MODES,
    Exchange,
    Mode,
    StudentResult,
    evaluate,
    exchange_examples,
    seed_set,
)
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
    shadows: int = 3  # shadow students averaged as the lift test's reference (:func:`shadow_reference`)
    defence_settings: DefenceSettings = field(default_factory=DefenceSettings)

    @classmethod
    def full_size(cls) -> LabConfig:
        """The sizes behind docs/lab-results.md."""
        # The antidistillation proxy stands in for the attacker's student, so it gets a student's budget: as many
        # traces as a harvest and the student's steps (seed 3). Until session 13 it had 300 traces and 300 steps,
        # a student that had not learned the sums yet; its tilt cost honest users less per unit of lam and, at
        # equal honest accuracy, took nothing measurable from the students (docs/lab-results.md, "Session 13").
        return cls(quick=False, n_harvest=2000, n_eval=300, n_honest=200, seed_size=100, student=STUDENT,
                   student_train=TrainConfig(steps=1200, batch_size=32, lr=3e-3, seed=2), proxy_traces=2000,
                   proxy_heldout=300, proxy_train=TrainConfig(steps=1200, batch_size=32, lr=3e-3, seed=3))

    @classmethod
    def quick_size(cls) -> LabConfig:
        """Small enough for CI; checks the machinery, not the numbers."""
        return cls(quick=True, n_harvest=120, n_eval=60, n_honest=40, seed_size=20, student=STUDENT_QUICK,
                   student_train=TrainConfig(steps=60, batch_size=16, lr=3e-3, warmup=10, seed=2),
                   proxy_traces=32, proxy_heldout=16,
                   proxy_train=TrainConfig(steps=20, batch_size=16, lr=3e-3, warmup=5, seed=3), n_keys=6, shadows=2,
                   defence_settings=DefenceSettings(temperatures=(1.0,), lambdas=(1.0,), scan_every=40,
                                                    radioactivity_controls=100))

    def to_dict(self) -> dict[str, Any]:
        return {"quick": self.quick, "n_harvest": self.n_harvest, "n_eval": self.n_eval, "n_honest": self.n_honest,
                "seed_size": self.seed_size, "student": self.student.to_dict(),
                "teacher": (TEACHER_QUICK if self.quick else TEACHER).to_dict(),
                "student_steps": self.student_train.steps, "student_seed": self.student_train.seed,
                "n_keys": self.n_keys, "shadows": self.shadows, "proxy_traces": self.proxy_traces,
                "proxy_heldout": self.proxy_heldout, "proxy_steps": self.proxy_train.steps,
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
    honest_before: Accuracy | None = None  # through the gateway before the campaign (background traffic)
    scans: list[ScanRound] = field(default_factory=list)
    radioactivity: list[StudentRadioactivity] = field(default_factory=list)
    # curve points only: reasoning students on the same harvest with other training seeds (:func:`replicate_seed`)
    replicates: list[StudentResult] = field(default_factory=list)


#: Curve families whose points get ``DefenceSettings.curve_students`` reasoning students each.
CURVE_FAMILIES = ("temperature", "antidistill")
#: Replicate k (from 1) of a curve student trains with the lab student's seed plus k times this.
REPLICATE_SEED_OFFSET = 100


def replicate_seed(cfg: LabConfig, k: int) -> int:
    """Training seed of a curve point's replicate student ``k`` (k = 0 is the lab's own student)."""
    return cfg.student_train.seed + k * REPLICATE_SEED_OFFSET


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
                    concurrency: int = 16, headers: Headers | None = None) -> Accuracy:
    """Exact match of plain users (honest phrasing, their own keys) through ``base_url``; refusals count as wrong."""
    base = check_loopback(base_url)

    def ask(item: tuple[int, Problem]) -> int | None:
        i, p = item
        msg = prompt_text(p, HONEST_INSTRUCTIONS[i % len(HONEST_INSTRUCTIONS)])
        status, body = chat(base, f"sk-lab-honest-{i % 50:03d}", msg, extra=options, headers=headers)
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


def _train(cfg: LabConfig, teacher: Teacher, exchanges: Sequence[Exchange], mode: Mode,
           eval_problems: Sequence[Problem]) -> tuple[StudentResult, Any]:
    """One student and its model (kept for the radioactivity test)."""
    examples = exchange_examples(teacher.tok, exchanges, mode)
    model, train = train_model(cfg.student, teacher.tok, examples, cfg.student_train)
    return StudentResult(mode=mode, examples=len(examples), accuracy=evaluate(model, teacher.tok, eval_problems),
                         train=train), model


@dataclass
class _Harvested:
    harvest: HarvestResult
    honest: Accuracy
    honest_before: Accuracy | None = None
    scans: list[ScanRound] = field(default_factory=list)


def _harvest_through_gateway(variant: Variant, upstream: str, state_dir: Path, requests: Sequence[CampaignRequest],
                             honest_problems: Sequence[Problem]) -> _Harvested:
    """Honest background traffic, then the campaign (with offline scans between chunks), then honest users again."""
    plan = variant.gateway
    assert plan is not None
    with LabGateway(upstream=upstream, state_dir=state_dir, plan=plan) as front:
        front.register(sorted({r.key_id for r in requests}) + [f"sk-lab-honest-{i:03d}" for i in range(50)])
        before = honest_accuracy(front.url, honest_problems, variant.options, headers=front.headers)
        logged = len(honest_problems)
        scans: list[ScanRound] = []

        def scan(sent: int) -> None:
            front.wait_logged(logged + sent)
            scans.append(scan_and_feed(front, state_dir / f"scan-{sent:05d}", after_requests=sent))

        harvest = run_campaign(front.url, requests, extra=variant.options, headers=front.headers,
                               checkpoint_every=plan.scan_every, on_checkpoint=scan if plan.scan_every else None)
        if plan.scan_every:
            scan(len(requests))  # the verdicts honest users meet afterwards
        honest = honest_accuracy(front.url, honest_problems, variant.options, headers=front.headers)
    return _Harvested(harvest=harvest, honest=honest, honest_before=before, scans=scans)


def run_lab(cfg: LabConfig, defences: Sequence[str], *, cache: Path | None = None, gateway_url: str | None = None,
            port: int = 0, workdir: Path | None = None) -> LabResult:
    """Run every variant of every named defence and return the typed result.

    ``workdir`` holds the gateway state (keys, event logs, scan outputs) of gateway variants
    (default: a temporary folder).
    """
    start = time.perf_counter()
    defence_objs = [DEFENCES.create(name) for name in defences]
    settings = cfg.defence_settings
    plan_variants = [(d, v) for d in defence_objs for v in d.variants(settings)]
    task = TaskFamily(seed=cfg.task_seed)
    teacher = load_or_train_teacher(cache=cache or DEFAULT_CACHE, quick=cfg.quick, task=task)
    eval_problems = task.take("eval", cfg.n_eval)
    honest_problems = task.take("eval", cfg.n_honest, offset=cfg.n_eval)
    teacher_acc = evaluate(teacher.model, teacher.tok, eval_problems)
    log.info("event=teacher_accuracy value=%s", teacher_acc)
    proxy = None
    if any(d.needs_proxy for d in defence_objs):
        proxy = build_proxy(teacher, task, cfg, settings.eps)
    seeds = seed_set(task, cfg.seed_size)
    # a baseline only for the student modes some variant trains (the curve defences train reasoning students only)
    needed = {m for _, v in plan_variants for m in v.modes}
    base_models: dict[Mode, Any] = {}
    baselines: dict[Mode, StudentResult] = {}
    for mode in MODES:
        if mode in needed:
            baselines[mode], base_models[mode] = _train(cfg, teacher, seeds, mode, eval_problems)
    log.info("event=baselines %s", " ".join(f"{m}={r.accuracy}" for m, r in baselines.items()))
    requests = plan_campaign(task, CampaignConfig(n_exchanges=cfg.n_harvest, n_keys=cfg.n_keys))
    spec = keyring = None
    if any(v.gateway is not None and v.gateway.watermark != "off" for _, v in plan_variants):
        from antidistill.watermark.keys import KeyRing, generate_master_secret
        from antidistill.watermark.spec import WatermarkSpec

        spec = WatermarkSpec(gamma=settings.watermark_gamma, delta=settings.watermark_delta,
                             context_width=settings.watermark_context_width, vocab_size=len(teacher.tok.vocab))
        keyring = KeyRing(master=generate_master_secret())  # this run's secret, never written anywhere
    worker = TeacherWorker(teacher=teacher, proxy=proxy, keyring=keyring, watermark=spec)
    variants: list[VariantResult] = []
    # (variant index, served exchanges, watermarked?, reasoning student model): inputs of the radioactivity tests
    trained: list[tuple[int, list[Exchange], bool, Any]] = []
    tmp = None if workdir is not None else tempfile.TemporaryDirectory(prefix="antidistill-lab-")
    root = workdir or Path(tmp.name)  # type: ignore[union-attr]
    try:
        with ServerThread(create_app(worker), port=port) as server:
            for n, (defence, variant) in enumerate(plan_variants):
                t0 = time.perf_counter()
                if variant.gateway is not None:
                    if gateway_url:
                        raise ConfigError("gateway", f"defence {defence.name!r} starts its own gateway; drop --gateway")
                    got = _harvest_through_gateway(variant, server.url, root / f"gateway-{n:02d}", requests,
                                                   honest_problems)
                else:
                    target = gateway_url or server.url
                    got = _Harvested(harvest=run_campaign(target, requests, extra=variant.options),
                                     honest=honest_accuracy(target, honest_problems, variant.options))
                students: dict[Mode, StudentResult] = {}
                data = [*seeds, *got.harvest.exchanges]
                for mode in variant.modes:
                    students[mode], model = _train(cfg, teacher, data, mode, eval_problems)
                    if mode == "reasoning":
                        marked = variant.gateway is not None and variant.gateway.watermark != "off"
                        trained.append((len(variants), got.harvest.exchanges, marked, model))
                replicates = []
                if variant.family in CURVE_FAMILIES and "reasoning" in variant.modes:
                    for k in range(1, settings.curve_students):
                        c = dataclasses.replace(cfg, student_train=dataclasses.replace(cfg.student_train,
                                                                                       seed=replicate_seed(cfg, k)))
                        replicates.append(_train(c, teacher, data, "reasoning", eval_problems)[0])
                variants.append(VariantResult(defence=defence.name, variant=variant, honest=got.honest,
                                              harvest=got.harvest.to_dict(), students=students,
                                              seconds=time.perf_counter() - t0, honest_before=got.honest_before,
                                              scans=got.scans, replicates=replicates))
                log.info("event=variant label=%r honest=%s %s%s", variant.label, got.honest,
                         " ".join(f"{m}={r.accuracy}" for m, r in students.items()),
                         "".join(f" replicate_seed_{replicate_seed(cfg, k)}={r.accuracy}"
                                 for k, r in enumerate(replicates, start=1)))
    finally:
        worker.close()
        if tmp is not None:
            tmp.cleanup()
    if spec is not None and keyring is not None:
        shadow = (shadow_reference(cfg, teacher, [r.message for r in requests], seeds, eval_problems)
                  if any(marked for _, _, marked, _ in trained) else None)
        _radioactivity(variants, trained, base_models.get("reasoning"), teacher, spec, keyring, settings, shadow)
        _diluted_students(cfg, variants, trained, teacher, requests, seeds, eval_problems, spec, keyring, shadow)
    return LabResult(config=cfg, teacher_folder=str(teacher.folder), teacher_accuracy=teacher_acc,
                     baselines=baselines, variants=variants, target="gateway" if gateway_url else "direct",
                     seconds=time.perf_counter() - start, missing=[])


#: Shadow student k (from 1) trains with the lab student's seed plus k times this: other draws, as a
#: provider's would be.
SHADOW_SEED_OFFSET = 1000


def shadow_students(cfg: LabConfig, teacher: Teacher, prompts: Sequence[str], seeds: Sequence[Exchange],
                    eval_problems: Sequence[Problem], n: int | None = None) -> list[Any]:
    """``n`` (default ``cfg.shadows``) of the provider's own students on the teacher's unmarked answers.

    Each is what a student of the harvest would predict had the harvest carried no mark. The provider
    holds the prompts it served and the teacher, so it can train these itself; it never sees the key,
    so the test stays exact. They differ only in their training seed (``SHADOW_SEED_OFFSET``). Against
    the teacher as reference, the differences every student has from its teacher (sharper on greedy
    choices, a smaller model) swamp the mark's share in the lift (docs/lab-results.md, "Session 9").
    """
    plain = teacher.answer(list(prompts))
    unmarked = [Exchange(key_id="shadow", prompt=p, reasoning=o.reasoning, content=o.content)
                for p, o in zip(prompts, plain, strict=True)]
    models = []
    for k in range(1, (cfg.shadows if n is None else n) + 1):
        c = dataclasses.replace(cfg, student_train=dataclasses.replace(
            cfg.student_train, seed=cfg.student_train.seed + k * SHADOW_SEED_OFFSET))
        models.append(_train(c, teacher, [*seeds, *unmarked], "reasoning", eval_problems)[1])
    return models


def shadow_reference(cfg: LabConfig, teacher: Teacher, prompts: Sequence[str], seeds: Sequence[Exchange],
                     eval_problems: Sequence[Problem]) -> Any:
    """The lift test's reference: :func:`shadow_students` averaged (``hf.ReferenceEnsemble``).

    One shadow's own training noise enters every lift and can decide a verdict: on session 11's saved
    students a second shadow alone moved one student's p-value from 9.7e-7 to 2.6e-4, and the two
    averaged beat the first on 6 of 8 (docs/lab-results.md, "Session 12").
    """
    from antidistill.watermark.adapters.hf import ReferenceEnsemble

    return ReferenceEnsemble(shadow_students(cfg, teacher, prompts, seeds, eval_problems)).eval()


def _radioactivity(variants: list[VariantResult], trained: list[tuple[int, list[Exchange], bool, Any]],
                   baseline: Any, teacher: Teacher, spec: Any, keyring: Any, settings: DefenceSettings,
                   shadow: Any = None) -> None:
    """Test every watermarked variant's student, and every never-exposed student, on that variant's served texts.

    With a ``shadow`` reference (:func:`shadow_reference`) the lift test runs too, against it.
    """
    from antidistill.watermark.detect import Detector

    detector = Detector(spec=spec, keyring=keyring)
    unexposed = [("baseline (seed set only)", baseline)] if baseline is not None else []
    unexposed += [(variants[i].variant.label, m) for i, _, marked, m in trained if not marked]
    for i, served, marked, model in trained:
        if not marked:
            continue
        key_id_of = watermark_key_ids(variants[i].variant, served)
        test = functools.partial(student_radioactivity, detector, tok=teacher.tok, served=served, key_id_of=key_id_of,
                                 controls=settings.radioactivity_controls, max_top1=settings.radioactivity_max_top1,
                                 reference=shadow, source=teacher.model)
        tests = [test(model=model, name=variants[i].variant.label, exposed=True)]
        tests += [test(model=m, name=name, exposed=False) for name, m in unexposed]
        variants[i].radioactivity.extend(tests)
        for t in tests:
            log.info("event=radioactivity variant=%r student=%r %s", variants[i].variant.label, t.student,
                     t.to_dict()["explanation"])


def watermark_key_ids(variant: Variant, served: Sequence[Exchange]) -> dict[str, str]:
    """Lab key id of each campaign account -> the watermark key the gateway marked its answers with."""
    plan = variant.gateway
    mode = plan.watermark if plan is not None else "off"
    attackers = sorted({ex.key_id for ex in served if "attacker" in ex.key_id})
    if mode == "global":
        from antidistill.watermark.keys import GLOBAL_KEY_ID

        return dict.fromkeys(attackers, GLOBAL_KEY_ID)
    if mode in ("account", "org"):  # lab accounts have no organisation: the gateway keys them by account
        return {k: f"{'acct' if mode == 'account' else 'org'}:{account_of(k)}" for k in attackers}
    raise ConfigError("watermark", f"variant {variant.label!r} has no watermark to test", value=mode)


def _diluted_students(cfg: LabConfig, variants: list[VariantResult], trained: list[tuple[int, list[Exchange], bool,
                                                                                            Any]],
                      teacher: Teacher, requests: Sequence[CampaignRequest], seeds: Sequence[Exchange],
                      eval_problems: Sequence[Problem], spec: Any, keyring: Any, shadow: Any = None) -> None:
    """Students trained with only ``radioactivity_shares`` of their harvest marked, tested like the others.

    The first watermarked variant that served its whole campaign (the ``watermark`` defence) gives the
    marked answers (as served: the gateway may have stripped some reasoning); the rest of each
    student's harvest is the teacher's unmarked greedy answer to the same prompts (what the attacker
    would have got from an unmarked route). Which exchanges are marked is drawn with a fixed seed. The
    test is fed the marked exchanges only: a provider holds the texts it served with its mark, and the
    unmarked rest of such a harvest came from elsewhere (run 6 fed all 2,000 marked texts, 1,900 of
    which the student never saw: p = 0.91; fed only its 100, ten trial students gave p = 1.9e-5 to 0.45,
    docs/lab-results.md).
    """
    import numpy as np

    from antidistill.watermark.detect import Detector

    settings = cfg.defence_settings
    full = [(i, served) for i, served, marked, _ in trained if marked and len(served) == len(requests)]
    if not settings.radioactivity_shares or not full:
        return
    i, served = full[0]
    plain = teacher.answer([ex.prompt for ex in served])
    unmarked = [Exchange(key_id=ex.key_id, prompt=ex.prompt, reasoning=o.reasoning, content=o.content)
                for ex, o in zip(served, plain, strict=True)]
    detector = Detector(spec=spec, keyring=keyring)
    key_id_of = watermark_key_ids(variants[i].variant, served)
    rng = np.random.default_rng(cfg.student_train.seed)
    for share in settings.radioactivity_shares:
        n_marked = max(1, round(share * len(served)))
        pick = set(rng.choice(len(served), size=n_marked, replace=False).tolist())
        mix = [served[j] if j in pick else unmarked[j] for j in range(len(served))]
        label = f"{variants[i].variant.label} student, {100 * n_marked / len(mix):.0f}% of its harvest marked"
        result, model = _train(cfg, teacher, [*seeds, *mix], "reasoning", eval_problems)
        # the provider tests with what it served marked: here the marked share, not the texts it never sent
        marked_texts = [served[j] for j in sorted(pick)]
        test = student_radioactivity(detector, model, teacher.tok, marked_texts, key_id_of, name=label, exposed=True,
                                     controls=settings.radioactivity_controls, max_top1=settings.radioactivity_max_top1,
                                     reference=shadow, source=teacher.model)
        variants[i].radioactivity.append(dataclasses.replace(test, marked_share=n_marked / len(mix),
                                                             accuracy=result.accuracy.value))
        log.info("event=radioactivity variant=%r student=%r accuracy=%s %s", variants[i].variant.label, label,
                 result.accuracy, test.to_dict()["explanation"])


def mode_gain(result: LabResult, variant: VariantResult, mode: Mode) -> float | None:
    """Student accuracy minus its baseline, in points (None when that student was not trained)."""
    student = variant.students.get(mode)
    if student is None or mode not in result.baselines:
        return None
    return 100 * (student.accuracy.value - result.baselines[mode].accuracy.value)
