"""Defences the lab measures, behind a registry keyed by ``name``.

A defence says how the provider serves the campaign (and honest users): each of its *variants* is
one harvest, a point on the curve "teacher accuracy for honest users vs student accuracy". The
provider-side decoding options travel in the ``antidistill`` request field, which is what the
gateway sets on upstream requests; in the direct (gateway-less) setting the lab's harvest client
adds the field itself, standing in for the gateway.

Registered: ``none``, ``antidistill-sampling`` (decoding options only, harvested from the teacher
directly), and the gateway defences, whose variants carry a :class:`GatewayPlan`: the harvest then
goes through the real antidistill gateway in front of the teacher (:mod:`antidistill.lab.distill.front`):

* ``gateway-protect``: online detection, reasoning stripped for flagged accounts (lab policy
  ``protect``; plus the shipped default policy, harvest counts only);
* ``gateway-enforce``: the offline scan of the gateway's event log runs every ``scan_every``
  campaign requests and its verdicts go back to the gateway (block / throttle);
* ``watermark``: the provider-wide distillation key (gateway ``watermark: global``), then the
  radioactivity test on the student, and on students trained with only a small share of marked data;
* ``all``: the three together, and protection + enforcement without the watermark.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from antidistill.lab.distill.front import GatewayPlan
from antidistill.lab.distill.students import MODES, Mode
from antidistill.registry import Registry


@dataclass(frozen=True)
class Variant:
    """One served configuration: a label, the provider's request options and which students to train."""

    label: str
    options: dict[str, Any] = field(default_factory=dict)  # merged into every request body
    modes: tuple[Mode, ...] = ("reasoning",)
    family: str = ""  # curve the point belongs to (e.g. "temperature", "antidistill")
    gateway: GatewayPlan | None = None  # None: harvest the teacher directly


@dataclass(frozen=True)
class DefenceSettings:
    """Knobs of the built-in defences (sizes come from the lab config)."""

    # Both families over the same range of honest teacher accuracy, so that they can be compared at equal
    # accuracy: on the run-6 teacher (300 honest problems, `bench/lab.py teacher-curve`) temperature
    # 1.5 / 2 / 2.5 give 95 / 61 / 16% and lam 0.3 / 0.6 / 1 give 97 / 58 / 19%; temperature <= 1
    # serves the greedy answer (100%), so the earlier (0.3, 0.6, 1.0) had no point to compare with.
    temperatures: tuple[float, ...] = (1.5, 2.0, 2.5)
    lambdas: tuple[float, ...] = (0.3, 0.6, 1.0)
    tau: float = 0.5
    eps: float = 1e-2
    # Reasoning students per point of the two curves (temperature, antidistill), each with its own training
    # seed: the same harvest gives students 20-40 points apart with another seed (docs/lab-results.md,
    # "Session 12"), so one student per point cannot tell the two curves apart; the comparison uses their
    # mean and the spread between them (report.equal_accuracy).
    curve_students: int = 2
    scan_every: int = 250  # campaign requests between offline scans (gateway-enforce, all)
    # Watermark: the teacher's arithmetic is certain, so the mark lives in the free wording of its
    # worked steps (task.EQUALS, task.LINKS), where a bias changes no answer. The key is the
    # provider-wide distillation key (``global``): a student learns one consistent bias from a harvest
    # spread over many accounts, where per-account keys would each pull it a different way (their
    # average is no bias at all). h = 3, delta = 4: honest users 99.9% on 1,000 problems (one answer
    # lost; delta 3: none), and a student trained on the marked harvest detected far below 1e-5 in a
    # trial run (docs/lab-results.md, "Run 6"); h = 2 leaves too few distinct contexts, h = 4 too many
    # for a student to learn from 2,000 exchanges.
    watermark_gamma: float = 0.25
    watermark_delta: float = 4.0
    watermark_context_width: int = 3
    watermark_mode: str = "global"
    radioactivity_controls: int = 1000
    # the test scores only positions where the student's top token is below this probability (its
    # real choices); forced positions (the arithmetic) can only add null draws
    radioactivity_max_top1: float = 0.95
    # extra students trained on the same harvest with only this share of it marked (the rest the
    # teacher's unmarked answers to the same prompts): how little marked data the test still detects
    radioactivity_shares: tuple[float, ...] = (0.05,)


class Defence:
    """Base class: a defence turns into one or more served variants."""

    name: ClassVar[str] = ""
    needs_proxy: ClassVar[bool] = False

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        """The harvests to run for this defence."""
        raise NotImplementedError


DEFENCES: Registry[Defence] = Registry("defence")


@DEFENCES.register
class NoDefence(Defence):
    """The undefended teacher: greedy answers with full reasoning to everyone."""

    name = "none"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        return [Variant(label="none", modes=MODES, family="none")]


@DEFENCES.register
class AntidistillSampling(Defence):
    """Antidistillation sampling, as a curve against plain temperature sampling (Savani et al., 2025)."""

    name = "antidistill-sampling"
    needs_proxy = True

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        temps = [Variant(label=f"temperature={t:g}", options={"temperature": t}, family="temperature")
                 for t in settings.temperatures]
        tilts = [Variant(label=f"antidistill lam={lam:g} tau={settings.tau:g}", family="antidistill",
                         options={"antidistill": {"antidistill_sampling": {"lam": lam, "tau": settings.tau,
                                                                           "eps": settings.eps}}})
                 for lam in settings.lambdas]
        return temps + tilts


@DEFENCES.register
class GatewayProtect(Defence):
    """Online detection in the gateway; flagged accounts get answers without reasoning."""

    name = "gateway-protect"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        # the shipped default policy only for its harvest counts: when it strips nothing the student is "none"'s
        return [Variant(label="gateway default policy", modes=(), family="gateway",
                        gateway=GatewayPlan(policy="default")),
                Variant(label="gateway-protect", family="gateway", gateway=GatewayPlan(policy="protect"))]


@DEFENCES.register
class GatewayEnforce(Defence):
    """Offline scan of the event log partway through the harvest; its verdicts block or throttle accounts."""

    name = "gateway-enforce"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        return [Variant(label="gateway-enforce", family="gateway",
                        gateway=GatewayPlan(policy="default", scan_every=settings.scan_every))]


@DEFENCES.register
class Watermark(Defence):
    """The gateway watermarks every answer (``DefenceSettings.watermark_mode``); radioactivity test on the student."""

    name = "watermark"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        return [Variant(label="watermark", family="gateway",
                        gateway=GatewayPlan(policy="default", watermark=settings.watermark_mode))]


@DEFENCES.register
class AllDefences(Defence):
    """Reasoning protection, scan-driven enforcement and watermarking together."""

    name = "all"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        # with and without the watermark, so that the mark's own cost to honest users shows
        return [Variant(label="protect+enforce", family="gateway",
                        gateway=GatewayPlan(policy="protect", scan_every=settings.scan_every)),
                Variant(label="all (protect+enforce+watermark)", family="gateway",
                        gateway=GatewayPlan(policy="protect", watermark=settings.watermark_mode,
                                            scan_every=settings.scan_every))]
