"""The radioactivity test on lab students (reading mode: we hold the student's weights).

The gateway asks the teacher to mark each account's outputs with that account's key
(``acct:<account>``). To test a student, we feed it the texts served to each campaign account
(prompt, then the served completion) and score its top-1 prediction after every completion
context with that account's key (:func:`antidistill.watermark.radioactivity.reading_mode_pairs`:
first occurrence of a context per document, each (context, prediction) pair once per key).
Under the null (a student that never saw text marked with these keys) every scored draw is a fresh
uniform, and draws under different keys are independent, so the green count summed over the
accounts' keys is Binomial(pairs, gamma): one exact p-value for the campaign.

Control trials repeat the same test with key ids that never marked anything (``control:<t>:<account>``
in place of each account's key): for any student these p-values are uniform, and for a never-exposed
student the test with the real keys is one more draw from the same null.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from transformers import GPT2LMHeadModel

from antidistill.lab.distill.sequences import encode_completion, encode_prompt
from antidistill.lab.distill.students import Exchange
from antidistill.lab.distill.tokenizer import WordTokenizer
from antidistill.watermark.adapters.hf import lift_candidates
from antidistill.watermark.detect import Detector
from antidistill.watermark.hashing import U64
from antidistill.watermark.pvalues import WeightedBernoulliNull, binomial_tail, integer_weights
from antidistill.watermark.radioactivity import lift_pairs, reading_mode_pairs


@dataclass(frozen=True)
class RadioactivityTrial:
    """The campaign-level test of one student with one set of keys."""

    p_value: float
    green: int
    pairs: int


@dataclass(frozen=True)
class LiftOptions:
    """How the lift test scores a student (``account_lift_pairs``, ``lift_trials``)."""

    min_reference: float = 0.02  # candidates: tokens the reference or the student gives at least this
    m: int = 16  # from each model's top m
    clip: float | None = 3.0  # lifts clipped to +-clip nats
    student_tokens: bool = True  # the student's top tokens are candidates too, not only the reference's
    levels: int = 1000  # integer levels of the weights in the exact law
    # with a source, weigh each candidate by how far its colour moved its emission. Off since session 12: against
    # three shadows it was weaker on 26 of 39 fresh students and missed 1e-5 on 2 of 32 5%-marked ones against 1
    # (docs/lab-results.md, "Session 12")
    effect_weights: bool = False
    # texts per forward pass (right-padded): 16 gave the same p-values, pairs and weights as 1 on session 12's
    # saved students, 2.3x faster on 2,000 texts (docs/lab-results.md, "Session 12")
    batch_size: int = 16


@dataclass(frozen=True)
class LiftTrial:
    """The lift test of one student with the campaign's keys (``watermark.radioactivity.lift_pairs``)."""

    p_value: float
    pairs: int
    green_weight: int  # rounded lift weight of the green pairs
    expected_weight: float  # its mean under the null


@dataclass(frozen=True)
class StudentRadioactivity:
    """A student's test with the campaign's real keys, and its control trials."""

    student: str
    exposed: bool  # trained on watermarked exchanges
    keys: int
    documents: int
    real: RadioactivityTrial
    control_p_values: list[float]
    marked_share: float | None = None  # share of the student's harvest that was marked, when diluted on purpose
    accuracy: float | None = None  # the student's held-out accuracy, for students trained only for this test
    lift: LiftTrial | None = None  # the lift test against a reference model (the lab: its shadow student), when run
    lift_control_p_values: list[float] = field(default_factory=list)

    @property
    def control_share_ge_001(self) -> float:
        return float(np.mean(np.asarray(self.control_p_values) >= 0.01)) if self.control_p_values else 1.0

    @property
    def lift_control_share_ge_001(self) -> float:
        return float(np.mean(np.asarray(self.lift_control_p_values) >= 0.01)) if self.lift_control_p_values else 1.0

    @property
    def combined_p_value(self) -> float | None:
        """Both tests as one verdict: twice the smaller p-value (Bonferroni, valid whatever their dependence).

        The top-1 test is the stronger on a student that memorised marked texts outright, the lift test on
        one that met the mark in a small share of its data; the provider reports this one number."""
        return None if self.lift is None else min(1.0, 2.0 * min(self.real.p_value, self.lift.p_value))

    @property
    def combined_control_p_values(self) -> list[float]:
        """The same combination over the control trials (trial t of each test uses the same unused keys)."""
        return [min(1.0, 2.0 * min(a, b)) for a, b in zip(self.control_p_values, self.lift_control_p_values,
                                                           strict=False)]

    def to_dict(self) -> dict[str, Any]:
        ctrl = np.asarray(self.control_p_values)
        return {"student": self.student, "exposed": self.exposed, "marked_share": self.marked_share,
                "accuracy": self.accuracy, "keys": self.keys, "documents": self.documents,
                "p_value": self.real.p_value, "green": self.real.green, "pairs": self.real.pairs,
                "green_share": self.real.green / self.real.pairs if self.real.pairs else None,
                "control_trials": int(ctrl.size), "control_share_p_ge_0.01": self.control_share_ge_001,
                "control_min_p": float(ctrl.min()) if ctrl.size else None,
                "explanation": (f"{self.real.pairs} de-duplicated (context, prediction) pairs over {self.keys} account "
                                f"keys, {self.real.green} green: exact binomial p={self.real.p_value:.3g}; "
                                f"{ctrl.size} control trials with unused keys, "
                                f"{self.control_share_ge_001:.1%} at p >= 0.01"),
                **({} if self.lift is None else {
                    "lift_p_value": self.lift.p_value, "lift_pairs": self.lift.pairs,
                    "lift_green_weight": self.lift.green_weight, "lift_expected_weight": self.lift.expected_weight,
                    "lift_control_trials": len(self.lift_control_p_values),
                    "lift_control_share_p_ge_0.01": self.lift_control_share_ge_001,
                    "lift_control_min_p": min(self.lift_control_p_values, default=1.0),
                    "combined_p_value": self.combined_p_value,
                    "combined_control_share_p_ge_0.01": float(np.mean(np.asarray(
                        self.combined_control_p_values) >= 0.01)) if self.combined_control_p_values else 1.0})}


def account_pairs(model: GPT2LMHeadModel, tok: WordTokenizer, served: Sequence[Exchange], width: int,
                  key_id_of: dict[str, str], *, max_top1: float = 1.0) -> dict[str, tuple[U64, int]]:
    """Reading-mode pairs of ``model`` on each account's served completions: key id -> (pairs, documents).

    ``max_top1 < 1`` scores only positions where the student's top token has probability below it:
    where it has a real choice (the wording of a step), not where the text is forced (the arithmetic).
    Which positions are scored then depends on the student alone, never on the key, so the test
    stays exact; it drops the forced positions that can only add null draws.
    """
    by_key: dict[str, list[Exchange]] = {}
    for ex in served:
        if ex.key_id in key_id_of and ex.content:
            by_key.setdefault(key_id_of[ex.key_id], []).append(ex)
    result: dict[str, tuple[U64, int]] = {}
    for key_id, exchanges in by_key.items():
        prompts = [encode_prompt(tok, ex.prompt) for ex in exchanges]
        seqs = [p + encode_completion(tok, ex.reasoning or None, ex.content) for p, ex in zip(prompts, exchanges,
                                                                                             strict=True)]
        dists = topm_distributions(model, seqs, 1)
        # each text starts ``width`` tokens before the completion, so the first completion token has a full context
        texts = [s[len(p) - width:] for p, s in zip(prompts, seqs, strict=True)]
        cut = [ids[len(p) - width:, 0] for p, (ids, _) in zip(prompts, dists, strict=True)]
        keep = [pr[len(p) - width:, 0] < max_top1 for p, (_, pr) in zip(prompts, dists, strict=True)]
        result[key_id] = (reading_mode_pairs(texts, cut, width, keep=keep), len(exchanges))
    return result


def campaign_trial(detector: Detector, pairs: dict[str, tuple[U64, int]],
                   key_ids: dict[str, str]) -> RadioactivityTrial:
    """Green count summed over accounts, each account's pairs scored under ``key_ids[its key]``."""
    green = n = 0
    for key_id, (p, docs) in pairs.items():
        res = detector.score_pairs(p, key_ids[key_id], tokens_total=int(p.shape[0]), documents=docs)
        green += int(res.score)
        n += int(res.tokens_scored)
    return RadioactivityTrial(p_value=binomial_tail(green, n, detector.spec.gamma) if n else 1.0, green=green, pairs=n)


def student_radioactivity(detector: Detector, model: GPT2LMHeadModel, tok: WordTokenizer, served: Sequence[Exchange],
                          key_id_of: dict[str, str], *, name: str, exposed: bool, controls: int,
                          max_top1: float = 1.0, reference: torch.nn.Module | None = None,
                          lift_options: LiftOptions | None = None,
                          source: GPT2LMHeadModel | None = None) -> StudentRadioactivity:
    """Reading-mode radioactivity of one student against the campaign's keys, with control trials.

    With a ``reference`` (a model that never saw the marked texts; the lab passes its shadow students
    averaged, ``experiment.shadow_reference``), the lift test runs too, with as many controls (``lift_options``:
    :class:`LiftOptions`, the defaults when None). ``source`` is the teacher that served the marked texts
    (run unmarked): the lift test then scores only the tokens its watermark could have chosen.
    """
    pairs = account_pairs(model, tok, served, detector.spec.context_width, key_id_of, max_top1=max_top1)
    real = campaign_trial(detector, pairs, {k: k for k in pairs})
    ctrl = [campaign_trial(detector, pairs, {k: f"control:{t}:{k}" for k in pairs}).p_value for t in range(controls)]
    lift: LiftTrial | None = None
    lift_ctrl: list[float] = []
    if reference is not None:
        options = lift_options or LiftOptions()
        groups = account_lift_pairs(model, reference, tok, served, detector.spec.context_width, key_id_of, options,
                                    source=source, margin=detector.spec.delta, gamma=detector.spec.gamma)
        lift, lift_ctrl = lift_trials(detector, groups, controls, levels=options.levels)
    return StudentRadioactivity(student=name, exposed=exposed, keys=len(pairs),
                                documents=sum(d for _, d in pairs.values()), real=real, control_p_values=ctrl,
                                lift=lift, lift_control_p_values=lift_ctrl)


# --- Lift test: the student's probabilities against a reference's ----------------------------------------
# The top-1 test sees the mark only where it flips the student's argmax; a student that met the mark in
# 5% of its harvest moves its probabilities towards the green tokens without flipping many. The lift
# test (``watermark.radioactivity.lift_pairs``) scores every token the reference or the student finds
# plausible (probability >= ``min_reference``) after each context, weighted by how far the student raised
# its log-probability above the reference's there, summed over the texts. The reference is the provider's
# own model (the lab's shadow students, trained on the teacher's unmarked answers, averaged); it never depends on
# the key, so the test stays exact.


@torch.no_grad()
def account_lift_pairs(model: GPT2LMHeadModel, reference: torch.nn.Module, tok: WordTokenizer,
                       served: Sequence[Exchange], width: int, key_id_of: dict[str, str],
                       options: LiftOptions = LiftOptions(), *, source: GPT2LMHeadModel | None = None,
                       margin: float = 4.0, gamma: float | None = None) -> dict[str, tuple[U64, np.ndarray, int]]:
    """Per key id: (pair keys, lift weights, documents) of the lift test on that key's served texts.

    Scored after each context: the reference's top ``m`` tokens and (``student_tokens``) the student's,
    those that either gives at least ``min_reference``. Lifts are clipped to +-``clip`` nats: a token one
    model finds impossible would otherwise outweigh every other (and round them to 0 in the exact law).
    (Fields of ``options``.) With ``source`` (the teacher that served the texts), only the tokens the
    watermark could have made it choose are scored: within ``margin`` (the watermark's delta) of its top
    logit, where at least two are (``adapters.hf.lift_candidates``); with ``gamma`` too (the watermark's
    green share) and ``options.effect_weights``, each weighted by how much its colour moved its chance of
    being served (``adapters.hf.greedy_watermark_effects``).
    """
    gamma = gamma if options.effect_weights else None
    by_key: dict[str, list[Exchange]] = {}
    for ex in served:
        if ex.key_id in key_id_of and ex.content:
            by_key.setdefault(key_id_of[ex.key_id], []).append(ex)
    out: dict[str, tuple[U64, np.ndarray, int]] = {}
    for key_id, exchanges in by_key.items():
        prompts = [encode_prompt(tok, ex.prompt) for ex in exchanges]
        seqs = [p + encode_completion(tok, ex.reasoning or None, ex.content) for p, ex in zip(prompts, exchanges,
                                                                                             strict=True)]
        cands, lifts, effects = lift_candidates(model, reference, seqs, m=options.m,
                                                min_prob=options.min_reference, clip=options.clip,
                                                student_tokens=options.student_tokens, source=source,
                                                margin=margin, gamma=gamma, batch_size=options.batch_size)
        cut = [len(p) - width for p in prompts]  # the first completion token gets a full context
        texts = [s[c:] for s, c in zip(seqs, cut, strict=True)]
        cands = [x[c:] for x, c in zip(cands, cut, strict=True)]
        lifts = [x[c:] for x, c in zip(lifts, cut, strict=True)]
        effects = [x[c:] for x, c in zip(effects, cut, strict=True)]
        keys, weights = lift_pairs(texts, cands, lifts, width, effects)
        out[key_id] = (keys, weights, len(exchanges))
    return out


def lift_trials(detector: Detector, groups: dict[str, tuple[U64, np.ndarray, int]],
                controls: int, *, levels: int = 1000) -> tuple[LiftTrial, list[float]]:
    """The lift test with the real keys (each group under its own key) and ``controls`` control trials.

    Distinct keys draw independently, so the null of the total green weight is one weighted-Bernoulli
    law over every group's pairs; the weights do not depend on the key, so one law serves every trial.
    """
    gamma = detector.spec.gamma
    order = sorted(groups)
    allw = np.concatenate([groups[k][1] for k in order]) if order else np.empty(0)
    wint = integer_weights(allw, levels)
    null = WeightedBernoulliNull(wint, gamma)
    bounds = np.cumsum([0, *(groups[k][0].shape[0] for k in order)])

    def green_weight(key_of: dict[str, str]) -> int:
        total = 0
        for i, k in enumerate(order):
            w = wint[bounds[i]: bounds[i + 1]]
            total += int(w[detector.uniforms(groups[k][0], detector.keyring.key(key_of[k]).k1) < gamma].sum())
        return total

    score = green_weight({k: k for k in order})
    real = LiftTrial(null.tail(score), int(wint.shape[0]), score, null.mean)
    ctrl = [null.tail(green_weight({k: f"control:{t}:{k}" for k in order})) for t in range(controls)]
    return real, ctrl


# --- Probability-mass reading test -------------------------------------------------------------------
# The top-1 test above sees the mark only where it flips the student's argmax. On this task the mark
# lives in a few digit flips, so the student's shift towards green tokens is mostly below its argmax.
# The mass test scores the student's whole next-token distribution (its top ``m`` tokens) instead:
# S = sum over de-duplicated contexts c and tokens v of p(v | c) * [v green under the key at c].
# Under the null (the key is independent of the student) every (context, token) pair is green
# independently with probability gamma (distinct pair keys get independent keyed draws), so
# E[S] = gamma * sum p and Var[S] = gamma (1 - gamma) * sum p^2 exactly; with thousands of contexts
# S is close to normal and the test reports z and its one-sided normal tail. Control trials with
# never-used keys check that calibration.


@dataclass(frozen=True)
class MassTrial:
    """The mass test of one student with one set of keys."""

    z: float
    p_value: float
    contexts: int


@torch.no_grad()
def topm_distributions(model: GPT2LMHeadModel, sequences: Sequence[Sequence[int]], m: int, *,
                       batch_size: int = 64) -> list[tuple[np.ndarray, np.ndarray]]:
    """The model's ``m`` most likely next tokens and their probabilities after every prefix: (len - 1, m) each."""
    model.eval()
    out: list[tuple[np.ndarray, np.ndarray]] = []
    for start in range(0, len(sequences), batch_size):
        batch = [list(s) for s in sequences[start: start + batch_size]]
        width = max(len(s) for s in batch)
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        mask = torch.zeros_like(ids)
        for i, s in enumerate(batch):
            ids[i, : len(s)] = torch.tensor(s)
            mask[i, : len(s)] = 1
        probs = torch.softmax(model(input_ids=ids, attention_mask=mask).logits.float(), dim=-1)
        top = probs.topk(m, dim=-1)
        for i, s in enumerate(batch):
            out.append((top.indices[i, : len(s) - 1].numpy(), top.values[i, : len(s) - 1].double().numpy()))
    return out


def mass_contexts(model: GPT2LMHeadModel, tok: WordTokenizer, served: Sequence[Exchange], width: int,
                  key_id_of: dict[str, str], *, m: int = 16) -> dict[str, tuple[U64, np.ndarray]]:
    """Per key id: (pair keys (contexts, m), probabilities (contexts, m)) of the student's top ``m`` tokens.

    Contexts as in reading mode (the served completions, each context at its first occurrence in a
    text), then each context once per key (its first text's distribution).
    """
    from antidistill.watermark.hashing import context_hashes, rotl, token_hash

    by_key: dict[str, list[Exchange]] = {}
    for ex in served:
        if ex.key_id in key_id_of and ex.content:
            by_key.setdefault(key_id_of[ex.key_id], []).append(ex)
    result: dict[str, tuple[U64, np.ndarray]] = {}
    for key_id, exchanges in by_key.items():
        prompts = [encode_prompt(tok, ex.prompt) for ex in exchanges]
        seqs = [p + encode_completion(tok, ex.reasoning or None, ex.content) for p, ex in zip(prompts, exchanges,
                                                                                             strict=True)]
        dists = topm_distributions(model, seqs, m)
        ctxs, toks, probs = [], [], []
        for p, s, (ids, pr) in zip(prompts, seqs, dists, strict=True):
            x = np.asarray(s[len(p) - width:], dtype=np.int64)
            if x.shape[0] <= width:
                continue
            ctx = context_hashes(x[:-1], width)  # the context ending at position width - 1 + j
            _, first = np.unique(ctx, return_index=True)
            ctxs.append(ctx[first])
            toks.append(ids[len(p) - width:][width - 1:][first])
            probs.append(pr[len(p) - width:][width - 1:][first])
        if not ctxs:
            continue
        c = np.concatenate(ctxs)
        _, keep = np.unique(c, return_index=True)  # each context once per key
        t = np.concatenate(toks)[keep]
        result[key_id] = (c[keep][:, None] ^ rotl(token_hash(t)), np.concatenate(probs)[keep])
    return result


def mass_trial(detector: Detector, groups: dict[str, tuple[U64, np.ndarray]], key_ids: dict[str, str]) -> MassTrial:
    """z and one-sided p of the green probability mass, summed over keys, each group under ``key_ids[its key]``."""
    import math

    if detector.spec.mask_rows:
        raise ValueError("the mass test is for the plain red/green scheme (mask_rows = 0)")
    gamma = detector.spec.gamma
    s = mean = var = 0.0
    contexts = 0
    for key_id, (pairs, probs) in groups.items():
        k1 = detector.keyring.key(key_ids[key_id]).k1
        green = detector.uniforms(pairs.ravel(), k1).reshape(pairs.shape) < gamma
        s += float((probs * green).sum())
        mean += gamma * float(probs.sum())
        var += gamma * (1 - gamma) * float((probs ** 2).sum())
        contexts += int(pairs.shape[0])
    if var <= 0:
        return MassTrial(z=0.0, p_value=1.0, contexts=contexts)
    z = (s - mean) / math.sqrt(var)
    return MassTrial(z=z, p_value=0.5 * math.erfc(z / math.sqrt(2)), contexts=contexts)
