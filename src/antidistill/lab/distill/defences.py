"""Defences the lab measures, behind a registry keyed by ``name``.

A defence says how the provider serves the campaign (and honest users): each of its *variants* is
one harvest, a point on the curve "teacher accuracy for honest users vs student accuracy". The
provider-side decoding options travel in the ``antidistill`` request field, which is what the
gateway sets on upstream requests; in the direct (gateway-less) setting the lab's harvest client
adds the field itself, standing in for the gateway.

Registered now: ``none`` and ``antidistill-sampling``. Still to come, once the gateway is wired in
front of the teacher: ``gateway-detection`` (reasoning protection for flagged accounts),
``throttle-block`` and ``watermark`` (with the radioactivity test on the student). Each will be a
subclass here whose variants name the gateway policy instead of (or besides) decoding options.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from antidistill.lab.distill.students import MODES, Mode
from antidistill.registry import Registry


@dataclass(frozen=True)
class Variant:
    """One served configuration: a label, the provider's request options and which students to train."""

    label: str
    options: dict[str, Any] = field(default_factory=dict)  # merged into every request body
    modes: tuple[Mode, ...] = ("reasoning",)
    family: str = ""  # curve the point belongs to (e.g. "temperature", "antidistill")


@dataclass(frozen=True)
class DefenceSettings:
    """Knobs of the built-in defences (sizes come from the lab config)."""

    # lam = 4 took the full-size teacher to 1% (docs/lab-results.md): the useful range is well below 1
    temperatures: tuple[float, ...] = (0.3, 0.6, 1.0)
    lambdas: tuple[float, ...] = (0.1, 0.3, 1.0)
    tau: float = 0.5
    eps: float = 1e-2


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
