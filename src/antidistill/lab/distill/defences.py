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
* ``watermark``: per-account watermark keys (gateway ``watermark: account``), then the
  radioactivity test on the student;
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

    # lam = 4 took the full-size teacher to 1% (docs/lab-results.md): the useful range is well below 1
    temperatures: tuple[float, ...] = (0.3, 0.6, 1.0)
    lambdas: tuple[float, ...] = (0.1, 0.3, 1.0)
    tau: float = 0.5
    eps: float = 1e-2
    scan_every: int = 250  # campaign requests between offline scans (gateway-enforce, all)
    # Watermark: this teacher's greedy arithmetic has almost no entropy, so the mark lives only where
    # the bias flips a token (often a digit). h=1 gives no signal at all (few distinct pairs after
    # de-duplication); h=4, delta=1 marks the 2,000 campaign answers at p=1.9e-3 to 3.7e-6 for 2-5
    # points of honest accuracy, depending on the secret (docs/lab-results.md, bench/lab.py).
    watermark_gamma: float = 0.25
    watermark_delta: float = 1.0
    watermark_context_width: int = 4
    radioactivity_controls: int = 1000


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
    """Per-account watermark keys; the radioactivity test on the student afterwards."""

    name = "watermark"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        return [Variant(label="watermark", family="gateway",
                        gateway=GatewayPlan(policy="default", watermark="account"))]


@DEFENCES.register
class AllDefences(Defence):
    """Reasoning protection, scan-driven enforcement and watermarking together."""

    name = "all"

    def variants(self, settings: DefenceSettings) -> list[Variant]:
        # with and without the watermark: on this low-entropy task the mark costs honest users accuracy
        return [Variant(label="protect+enforce", family="gateway",
                        gateway=GatewayPlan(policy="protect", scan_every=settings.scan_every)),
                Variant(label="all (protect+enforce+watermark)", family="gateway",
                        gateway=GatewayPlan(policy="protect", watermark="account", scan_every=settings.scan_every))]
