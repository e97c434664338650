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
from dataclasses import dataclass
from typing import Any

import numpy as np
from transformers import GPT2LMHeadModel

from antidistill.lab.distill.sequences import encode_completion, encode_prompt
from antidistill.lab.distill.students import Exchange
from antidistill.lab.distill.tokenizer import WordTokenizer
from antidistill.watermark.adapters.hf import top1_predictions
from antidistill.watermark.detect import Detector
from antidistill.watermark.hashing import U64
from antidistill.watermark.pvalues import binomial_tail
from antidistill.watermark.radioactivity import reading_mode_pairs


@dataclass(frozen=True)
class RadioactivityTrial:
    """The campaign-level test of one student with one set of keys."""

    p_value: float
    green: int
    pairs: int


@dataclass(frozen=True)
class StudentRadioactivity:
    """A student's test with the campaign's real keys, and its control trials."""

    student: str
    exposed: bool  # trained on watermarked exchanges
    keys: int
    documents: int
    real: RadioactivityTrial
    control_p_values: list[float]

    @property
    def control_share_ge_001(self) -> float:
        return float(np.mean(np.asarray(self.control_p_values) >= 0.01)) if self.control_p_values else 1.0

    def to_dict(self) -> dict[str, Any]:
        ctrl = np.asarray(self.control_p_values)
        return {"student": self.student, "exposed": self.exposed, "keys": self.keys, "documents": self.documents,
                "p_value": self.real.p_value, "green": self.real.green, "pairs": self.real.pairs,
                "green_share": self.real.green / self.real.pairs if self.real.pairs else None,
                "control_trials": int(ctrl.size), "control_share_p_ge_0.01": self.control_share_ge_001,
                "control_min_p": float(ctrl.min()) if ctrl.size else None,
                "explanation": (f"{self.real.pairs} de-duplicated (context, prediction) pairs over {self.keys} account "
                                f"keys, {self.real.green} green: exact binomial p={self.real.p_value:.3g}; "
                                f"{ctrl.size} control trials with unused keys, "
                                f"{self.control_share_ge_001:.1%} at p >= 0.01")}


def account_pairs(model: GPT2LMHeadModel, tok: WordTokenizer, served: Sequence[Exchange], width: int,
                  key_id_of: dict[str, str]) -> dict[str, tuple[U64, int]]:
    """Reading-mode pairs of ``model`` on each account's served completions: key id -> (pairs, documents)."""
    by_key: dict[str, list[Exchange]] = {}
    for ex in served:
        if ex.key_id in key_id_of and ex.content:
            by_key.setdefault(key_id_of[ex.key_id], []).append(ex)
    result: dict[str, tuple[U64, int]] = {}
    for key_id, exchanges in by_key.items():
        prompts = [encode_prompt(tok, ex.prompt) for ex in exchanges]
        seqs = [p + encode_completion(tok, ex.reasoning or None, ex.content) for p, ex in zip(prompts, exchanges,
                                                                                             strict=True)]
        preds = top1_predictions(model, seqs, batch_size=64)
        # each text starts ``width`` tokens before the completion, so the first completion token has a full context
        texts = [s[len(p) - width:] for p, s in zip(prompts, seqs, strict=True)]
        cut = [pr[len(p) - width:] for p, pr in zip(prompts, preds, strict=True)]
        result[key_id] = (reading_mode_pairs(texts, cut, width), len(exchanges))
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
                 key_id_of: dict[str, str], *, name: str, exposed: bool, controls: int) -> StudentRadioactivity:
    """Reading-mode radioactivity of one student against the campaign's account keys, with control trials."""
    pairs = account_pairs(model, tok, served, detector.spec.context_width, key_id_of)
    real = campaign_trial(detector, pairs, {k: k for k in pairs})
    ctrl = [campaign_trial(detector, pairs, {k: f"control:{t}:{k}" for k in pairs}).p_value for t in range(controls)]
    return StudentRadioactivity(student=name, exposed=exposed, keys=len(pairs),
                                documents=sum(d for _, d in pairs.values()), real=real, control_p_values=ctrl)
