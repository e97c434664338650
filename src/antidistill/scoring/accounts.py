"""Combine per-account features into a calibrated risk, a verdict and its reasons.

Each feature is read as evidence only in the direction a campaign pushes it (see
``FeatureDef.direction``) and as a robust deviation from the population: ``z = (x - median) /
max(1.4826 * MAD, min_scale)``, less a ``deadzone`` of one
robust unit (ordinary variation is not evidence), clipped to ``[0, clip - deadzone]``. Correlated features share a
``group`` and a group counts once (its strongest feature), so a heavy but honest user who is
extreme on volume alone, or on volume and templating (an evaluation runner), does not add up
to a campaign. A feature with a ``gate`` is evidence only as far as its gate feature is too (the smaller
deviation of the two: a young account counts only when it is also heavy). Groups are pooled into kinds:
the distillation-specific group (reasoning elicitation) and each context group (model pivot, which honest
evaluation runners show on release day; lifecycle, which every honest account shows in the week it signs
up) is a kind of its own; every scale/automation group
together is one kind, because honest heavy users show all of them at once. ``suspect`` takes at least
``min_groups`` kinds of evidence, one of them distillation-specific. The sum over kinds is calibrated
to a false-positive rate by ``NullModel`` (a Monte Carlo null of ordinary robust z-scores). No labels are used.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pyarrow as pa

from antidistill.features.definitions import CONTEXT_GROUPS, FEATURES, SPECIFIC_GROUPS, UNGRADED, FeatureDef
from antidistill.scoring.null import NullModel


class Verdict(StrEnum):
    CLEAR = "clear"
    WATCH = "watch"
    SUSPECT = "suspect"
    CAMPAIGN = "campaign"


@dataclass(frozen=True, slots=True)
class Reason:
    """One piece of evidence: a feature's value, its deviation, and where it sits among benign accounts."""

    feature: str
    group: str
    value: float
    deviation: float  # clipped robust z in the suspicious direction
    benign_percentile: float  # share of presumed-benign accounts with a less extreme value, in %
    description: str

    def text(self) -> str:
        return f"{self.feature}={self.value:.3g} (benign p{self.benign_percentile:.1f}, +{self.deviation:.1f} MAD)"


@dataclass(slots=True)
class AccountScore:
    account_id: str
    score: float
    p_null: float  # estimated share of benign accounts scoring at least this high
    risk: float  # 1 - p_null
    verdict: Verdict
    reasons: list[Reason] = field(default_factory=list)
    n_exchanges: int = 0
    campaign_id: str | None = None
    specific_evidence: float = 0.0  # sum of the distillation-specific kinds (used by campaign linkage)
    #: the same sum with the grading prompts taken out of the elicitation share (None: the same as
    #: ``specific_evidence``); linkage tests groups tied only by what they send on it
    specific_evidence_ungraded: float | None = None

    def reasons_text(self) -> str:
        """The reasons as ``accounts.csv`` writes them (``feature=value (benign pNN, +k MAD); ...``)."""
        return "; ".join(r.text() for r in self.reasons)


@dataclass(frozen=True, slots=True)
class FeatureStats:
    name: str
    center: float
    scale: float
    n_used: int


def _kind(group: str) -> str:
    """The kind of evidence a feature group feeds: itself if specific or context, else pooled automation."""
    return group if group in SPECIFIC_GROUPS or group in CONTEXT_GROUPS else "automation"


class AccountScorer:
    """Fit robust feature statistics and the null score model on a population, then score it."""

    def __init__(self, *, fpr: float = 1e-3, watch_factor: float = 10.0, clip: float = 4.0, deadzone: float = 1.0,
                 min_groups: int = 2, features: tuple[FeatureDef, ...] = FEATURES, max_reasons: int = 5) -> None:
        if not 0 < fpr < 1:
            raise ValueError(f"fpr must be in (0, 1), got {fpr}")
        self.fpr = fpr
        self.watch_factor = watch_factor
        self.clip = clip
        self.deadzone = deadzone
        self.min_groups = min_groups
        self.features = features
        self.max_reasons = max_reasons

    # -- fitting -------------------------------------------------------------------------------------------
    def _values(self, table: pa.Table, f: FeatureDef) -> np.ndarray:
        if f.name not in table.column_names:
            return np.full(table.num_rows, np.nan)
        x = table.column(f.name).to_numpy(zero_copy_only=False).astype(np.float64)
        # Content features count only the exchanges logged with a prompt (tables from before that count: all).
        column = f.support if f.support in table.column_names else "n_exchanges"
        support = table.column(column).to_numpy(zero_copy_only=False).astype(np.float64)
        x = np.where(support >= f.min_support, x, np.nan)
        if f.transform == "log1p":
            x = np.log1p(np.maximum(x, 0.0))
        return x

    def fit(self, table: pa.Table) -> AccountScorer:
        self.stats_: dict[str, FeatureStats] = {}
        for f in self.features:
            x = self._values(table, f)
            ok = x[~np.isnan(x)]
            if ok.size < 10:
                if ok.size and f.design_center is not None:
                    # Too few accounts to calibrate on (a small log, one tenant's accounts): a detector with a
                    # known ordinary value is still read from it, as when most accounts are past it (below).
                    self.stats_[f.name] = FeatureStats(f.name, f.design_center, f.min_scale, int(ok.size))
                continue  # unavailable or too rare to calibrate: never evidence
            center = float(np.median(ok))
            mad = float(np.median(np.abs(ok - center)))
            scale = max(1.4826 * mad, f.min_scale)
            if f.design_center is not None and center > f.design_center:
                # most accounts show what ordinary ones do not: measure from the detector's design instead
                center, scale = f.design_center, f.min_scale
            self.stats_[f.name] = FeatureStats(f.name, center, scale, int(ok.size))
        kinds: dict[str, int] = {}
        centred: set[str] = set()
        for f in self.features:
            if f.name in self.stats_:
                if f.design_center is not None:
                    # Shares read from the detector's design value (the elicitation share, the soft-label share):
                    # an ordinary account sits at that value for all of them at once (it asks for neither), so
                    # they are one draw of the null per group, not one each. Counted apart, a share nobody in
                    # the log shows would raise the null's tail and the threshold for every account.
                    if f.group in centred:
                        continue
                    centred.add(f.group)
                kind = _kind(f.group)
                kinds[kind] = kinds.get(kind, 0) + 1
        self.null_ = NullModel.simulate(kinds, deadzone=self.deadzone, clip=self.clip)
        specific_null = NullModel.simulate({k: v for k, v in kinds.items() if k in SPECIFIC_GROUPS},
                                           deadzone=self.deadzone, clip=self.clip)
        self.specific_null_mean_ = float(specific_null.draws.mean())
        self.specific_null_sd_ = float(specific_null.draws.std())
        self.threshold_ = self.null_.threshold(self.fpr)
        self.watch_threshold_ = self.null_.threshold(min(self.fpr * self.watch_factor, 0.5))
        return self

    def _deviations(self, values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        out = {}
        for f in self.features:
            st = self.stats_.get(f.name)
            if st is None:
                continue
            z = (values[f.name] - st.center) / st.scale
            if f.direction == "low":
                z = -z
            out[f.name] = np.clip(np.nan_to_num(z, nan=0.0) - self.deadzone, 0.0, self.clip - self.deadzone)
        for f in self.features:
            if f.gate is not None and f.name in out:
                out[f.name] = np.minimum(out[f.name], out.get(f.gate, 0.0))
        return out

    def _groups(self, dev: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        groups: dict[str, np.ndarray] = {}
        for f in self.features:
            if f.name in dev:
                groups[f.group] = np.maximum(groups.get(f.group, 0.0), dev[f.name])
        return groups

    def _kinds(self, dev: dict[str, np.ndarray], n: int) -> dict[str, np.ndarray]:
        """Evidence per kind: each specific or context group on its own, all scale/automation groups as one."""
        kinds: dict[str, np.ndarray] = {"automation": np.zeros(n)}
        for group, e in self._groups(dev).items():
            kind = _kind(group)
            kinds[kind] = np.maximum(kinds.get(kind, 0.0), e)
        return kinds

    def _combine(self, dev: dict[str, np.ndarray], n: int) -> np.ndarray:
        total = np.zeros(n)
        for e in self._kinds(dev, n).values():
            total = total + e
        return total

    def _strong(self, dev: dict[str, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
        """Per account: kinds of evidence at one robust unit or more, and how many of them are specific."""
        count = np.zeros(n, dtype=np.int64)
        specific = np.zeros(n, dtype=np.int64)
        for kind, e in self._kinds(dev, n).items():
            count += e >= 1.0
            if kind in SPECIFIC_GROUPS:
                specific += e >= 1.0
        return count, specific

    @property
    def unavailable_(self) -> list[str]:
        """Features that could not be used (missing fields or signals, or too few accounts)."""
        return [f.name for f in self.features if f.name not in self.stats_]

    # -- scoring -------------------------------------------------------------------------------------------
    def score(self, table: pa.Table) -> list[AccountScore]:
        """Score the population the scorer was fitted on (or another with the same columns)."""
        values = {f.name: self._values(table, f) for f in self.features}
        dev = self._deviations(values)
        scores = self._combine(dev, table.num_rows)
        strong, specific = self._strong(dev, table.num_rows)
        by_name = {f.name: f for f in self.features}
        # The conjunction again with the grading prompts taken out of the elicitation share: an account whose
        # only distillation-specific evidence is asking for grades (an LLM-as-judge product, or one member of a
        # reward-model harvest, which linkage names by its cluster) stays at ``watch``.
        ungraded = {name: aux for name, aux in UNGRADED.items() if aux in table.column_names and name in dev}
        strong_u, specific_u, dev_u, values_u = strong, specific, dev, values
        if ungraded:
            values_u = dict(values)
            for name, aux in ungraded.items():
                x = self._values(table, dataclasses.replace(by_name[name], name=aux))
                values_u[name] = np.where(np.isnan(x), values[name], x)
            dev_u = self._deviations(values_u)
            strong_u, specific_u = self._strong(dev_u, table.num_rows)
        kinds = self._kinds(dev, table.num_rows)
        specific_sum = sum((e for k, e in kinds.items() if k in SPECIFIC_GROUPS), np.zeros(table.num_rows))
        specific_sum_u = None
        if ungraded:
            kinds_u = self._kinds(dev_u, table.num_rows)
            specific_sum_u = sum((e for k, e in kinds_u.items() if k in SPECIFIC_GROUPS), np.zeros(table.num_rows))
        p_null = self.null_.p_null(scores)
        ids = table.column("account_id").to_pylist()
        n_ex = table.column("n_exchanges").to_pylist()
        benign = scores < self.watch_threshold_
        percentile_refs = {name: np.sort(v[benign & ~np.isnan(v)]) for name, v in values.items()}
        out = []
        for i, account in enumerate(ids):
            graded_only = False
            if scores[i] >= self.threshold_ and strong[i] >= self.min_groups and specific[i] >= 1:
                graded_only = not (strong_u[i] >= self.min_groups and specific_u[i] >= 1)
                verdict = Verdict.WATCH if graded_only else Verdict.SUSPECT
            elif scores[i] >= self.watch_threshold_:
                verdict = Verdict.WATCH
            else:
                verdict = Verdict.CLEAR
            reasons = []
            ranked = sorted(((d[i], name) for name, d in dev.items() if d[i] > 0), reverse=True)
            for d, name in ranked[: self.max_reasons]:
                f = by_name[name]
                raw = values[name][i]
                ref = percentile_refs[name]
                below = np.searchsorted(ref, raw, side="left" if f.direction == "high" else "right")
                pct = 100.0 * (below / ref.size if f.direction == "high" else 1 - below / ref.size) if ref.size else 0
                shown = float(np.expm1(raw)) if f.transform == "log1p" else float(raw)
                reasons.append(Reason(name, f.group, shown, float(d), float(pct), f.description))
            if graded_only:
                for name, aux in ungraded.items():
                    raw = values_u[name][i]
                    ref = percentile_refs[name]
                    pct = 100.0 * np.searchsorted(ref, raw, side="left") / ref.size if ref.size else 0.0
                    reasons.append(Reason(aux, by_name[name].group, float(raw), float(dev_u[name][i]), float(pct),
                                          "elicitation share without grading prompts: the grades alone leave the "
                                          "account at watch"))
            out.append(AccountScore(account, float(scores[i]), float(p_null[i]), float(1 - p_null[i]), verdict,
                                    reasons, int(n_ex[i]), specific_evidence=float(specific_sum[i]),
                                    specific_evidence_ungraded=(None if specific_sum_u is None
                                                                else float(specific_sum_u[i]))))
        return out
