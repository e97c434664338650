"""Train the reasoning-elicitation n-gram classifier and write ``reasoning_model.npz``.

    python -m antidistill.signals.train [--out PATH] [--seed 7]

Data: generated attack phrasings (``corpus.positives``), generated hard negatives
(``corpus.negatives``) and the train split of the real benign prompts (``corpus.benign``).
The decision threshold is set on the validation split of benign data only (real and hard
negatives) to a target false-positive rate, never on held-out attack families.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from antidistill.settings import Settings
from antidistill.signals.concepts import ConceptMatcher
from antidistill.signals.corpus import LabeledText
from antidistill.signals.corpus.benign import load_benign
from antidistill.signals.corpus.negatives import generate_hard_negatives
from antidistill.signals.corpus.positives import generate_positives
from antidistill.signals.hashing import SEGMENT_SPLIT, NgramHasher
from antidistill.signals.reasoning import GRADING_FAMILIES, GRADING_PATH, MODEL_PATH, LinearNgramModel

TARGET_FPR = 0.005  # per benign validation source; leaves headroom under the 1% budget on held-out real data
# Generated attacks per family: the tables hold 130-340 templates per family in ten languages, and each
# template needs several fillings in the train split for the fit to learn its wording, not its fillers.
PER_FAMILY = 2000
BENIGN_WEIGHT = 3.0  # real benign prompts weigh more: a false flag on real traffic costs most
# Concept features enter the fit multiplied by this (their learned weights divided by it): at 1.0
# the fit leaned on single concepts ("thought" alone) and benign validation prompts that merely
# mention thinking scored 0.99+; 0.1 regularises them ten times harder than an n-gram bucket
# (measured 0.03, 0.1, 0.3, 1.0; see docs/detection-quality.md for what was looked at).
CONCEPT_SCALE = 0.03


@dataclass(frozen=True)
class Corpus:
    """Everything the classifier is trained and evaluated on."""

    positives: list[LabeledText]
    hard_negatives: list[LabeledText]
    benign: list[LabeledText]


def build_corpus(data_dir: Path, *, seed: int = 7, per_family: int = PER_FAMILY) -> Corpus:
    """Real benign prompts with their fixed splits, and generated texts whose fillers come
    from the benign *train* split only (no test text leaks into training through a slot)."""
    benign = load_benign(data_dir)
    fillers = [b.text for b in benign if b.split == "train"]
    return Corpus(generate_positives(fillers, seed=seed, per_family=per_family),
                  generate_hard_negatives(fillers, seed=seed + 1), benign)


def threshold_for_fpr(benign_scores: npt.NDArray[np.float32], target_fpr: float) -> float:
    """Smallest probability threshold that flags at most ``target_fpr`` of ``benign_scores``
    (never below 0.5, never above 0.99)."""
    q = float(np.quantile(benign_scores.astype(np.float64), 1.0 - target_fpr, method="higher"))
    return min(max(float(np.nextafter(q, 1.0)), 0.5), 0.99)


def threshold_per_source(scores_by_source: dict[str, npt.NDArray[np.float32]], target_fpr: float) -> float:
    """The strictest of the per-source thresholds, so that no single kind of benign traffic
    (long Arena prompts, code, Chinese chat) exceeds the target on validation.

    A source needs at least ``1 / target_fpr`` validation prompts for its own quantile to mean anything:
    on fewer it is "above its highest score", an order statistic of a handful of prompts, and one odd
    prompt sets the whole classifier's operating point (sessions 8 and 27: a paper abstract on prompt
    interpretation among 84 self-instruct prompts; retraining with unrelated tables moved it from 0.957 to
    0.965, and the threshold with it). Such small sources are pooled, and the pool (with every source
    besides) is held to the target instead. A pooled 0.5% target for *every* source, capped at 2% per
    source, was tried in session 8: it lowered the threshold from 0.957 to 0.912 and flagged 121 of 21,870
    benign `default` accounts (116 of them researchers asking for visible reasoning) against 6, so each
    source large enough keeps its own bound (docs/detection-quality.md)."""
    need = 1.0 / target_fpr
    large = [s for s in scores_by_source.values() if len(s) >= need]
    small = [s for s in scores_by_source.values() if len(s) < need]
    bounds = [threshold_for_fpr(s, target_fpr) for s in large]
    if small:
        bounds.append(threshold_for_fpr(np.concatenate(small + large), target_fpr))
    return max(bounds)


def training_views(items: Sequence[LabeledText], *, hasher: NgramHasher
                   ) -> tuple[list[str], npt.NDArray[np.int64], npt.NDArray[np.float64], list[str]]:
    """Rows the classifier learns from, matching how it scores (whole text and each segment).

    Inference takes the best of the whole text and its segments, so training shows it both:
    every segment of a benign prompt is a negative (else the max over the many sentences of a
    long benign text finds a spurious high one), and every attack appears whole and as its bare
    instruction (with and without its
    slot fillers). Segments of an attack's task filler are left out: their label is unknown.
    Returns texts, labels, weights and the phrasing group of each row (``<family>/a|b`` for
    generated attacks, the family or data set otherwise).
    """
    texts: list[str] = []
    families: list[str] = []
    labels: list[int] = []
    weights: list[float] = []
    for t in items:
        base = BENIGN_WEIGHT if t.source == "real" else 1.0
        texts.append(t.text)
        labels.append(t.label)
        weights.append(base)
        if t.label == 1:
            for view in dict.fromkeys(v for v in (t.core, t.frame) if v and v != t.text):
                texts.append(view)
                labels.append(1)
                weights.append(1.0)
        if t.label == 0:
            segments = [p for p in SEGMENT_SPLIT.split(hasher.prepare(t.text)) if len(p.strip()) >= 8]
            if len(segments) > 1:
                texts += segments
                labels += [0] * len(segments)
                weights += [base / len(segments) ** 0.5] * len(segments)
        families += [t.phrasing or t.family] * (len(texts) - len(families))
    return texts, np.array(labels, dtype=np.int64), np.array(weights), families


def train_model(corpus: Corpus, *, exclude_families: frozenset[str] = frozenset(), hasher: NgramHasher | None = None,
                target_fpr: float = TARGET_FPR, concepts: bool = True) -> LinearNgramModel:
    """Train on the train split minus ``exclude_families`` and set the threshold on benign validation."""
    trainer = FamilyTrainer(corpus, hasher=hasher or NgramHasher(), concepts=concepts)
    return trainer.train(exclude_families, target_fpr=target_fpr)


class FamilyTrainer:
    """Hashes the training views once, then trains any number of models that leave families out
    (the leave-one-family-out evaluation trains twelve)."""

    def __init__(self, corpus: Corpus, *, hasher: NgramHasher, concepts: bool = True,
                 concept_scale: float = CONCEPT_SCALE) -> None:
        self.corpus = corpus
        self.hasher = hasher
        self.concept_scale = concept_scale
        train = [t for t in corpus.positives + corpus.hard_negatives + corpus.benign if t.split == "train"]
        texts, self.labels, self.weights, groups = training_views(train, hasher=hasher)
        self.phrasings = np.array(groups, dtype=object)
        self.families = np.array([g.split("/")[0] for g in groups], dtype=object)
        self.x = hasher.matrix(texts)  # (rows, dim)
        self.n_concepts = 0
        if concepts:
            matcher = ConceptMatcher()
            dense = matcher.features(matcher.hits(hasher.grams(texts))[0]) * concept_scale  # (rows, n_features)
            self.x = sp.hstack([self.x, sp.csr_matrix(dense)], format="csr")  # (rows, dim + n_features)
            self.n_concepts = matcher.n_features
        self.val: dict[str, list[str]] = {}
        for t in corpus.hard_negatives + corpus.benign:
            if t.split == "val":
                self.val.setdefault(t.family if t.source == "real" else "hard", []).append(t.text)

    def train(self, exclude_families: frozenset[str] = frozenset(), *, target_fpr: float = TARGET_FPR,
              c: float = 16.0) -> LinearNgramModel:
        """Fit without ``exclude_families`` (family names, or ``<family>/a|b`` phrasing halves);
        the threshold comes from benign validation only."""
        from antidistill.signals.reasoning import ReasoningElicitation

        keep = np.ones(len(self.labels), bool)
        if exclude_families:
            excluded = list(exclude_families)
            keep = ~(np.isin(self.families, excluded) | np.isin(self.phrasings, excluded))
        clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
        clf.fit(self.x[keep], self.labels[keep], sample_weight=self.weights[keep])
        coef = clf.coef_[0]
        w, b = coef[:self.hasher.dim].astype(np.float32), float(clf.intercept_[0])
        v = (coef[self.hasher.dim:] * self.concept_scale).astype(np.float32) if self.n_concepts else None
        signal = ReasoningElicitation(threshold=0.5)
        signal.model_ = LinearNgramModel(self.hasher, w, b, threshold=0.5, concept_weights=v)
        signal.threshold_ = 0.5
        scores = {name: signal.score_batch(texts).score for name, texts in self.val.items()}
        return LinearNgramModel(self.hasher, w, b, threshold=threshold_per_source(scores, target_fpr),
                                concept_weights=v)


def train_grading_head(corpus: Corpus, *, hasher: NgramHasher | None = None, c: float = 16.0,
                       concept_scale: float = CONCEPT_SCALE) -> LinearNgramModel:
    """The second head: among prompts the classifier flags, which ask the model to *grade* (the reward-model
    families, ``GRADING_FAMILIES``) rather than to reveal, continue, translate or rebuild its reasoning.

    Trained on the attack phrasings of the train split only (every family's whole texts and bare instructions),
    grading families 1, the others 0, with the same n-gram and concept features as the classifier. It is only
    ever applied to a flagged prompt's deciding segment, so benign text is outside its domain and not in its
    data; its threshold is 0.5 (the two classes are balanced in kind, not chosen on any scan)."""
    hasher = hasher or NgramHasher()
    train = [t for t in corpus.positives if t.split == "train"]
    texts, _, weights, groups = training_views(train, hasher=hasher)
    labels = np.array([g.split("/")[0] in GRADING_FAMILIES for g in groups], dtype=np.int64)
    matcher = ConceptMatcher()
    dense = matcher.features(matcher.hits(hasher.grams(texts))[0]) * concept_scale
    x = sp.hstack([hasher.matrix(texts), sp.csr_matrix(dense)], format="csr")
    clf = LogisticRegression(C=c, max_iter=2000, solver="liblinear")
    clf.fit(x, labels, sample_weight=weights)
    coef = clf.coef_[0]
    return LinearNgramModel(hasher, coef[:hasher.dim].astype(np.float32), float(clf.intercept_[0]), threshold=0.5,
                            concept_weights=(coef[hasher.dim:] * concept_scale).astype(np.float32))


@click.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=MODEL_PATH, show_default=True)
@click.option("--grading-out", type=click.Path(dir_okay=False, path_type=Path), default=GRADING_PATH,
              show_default=True)
@click.option("--part", type=click.Choice(["all", "classifier", "grading"]), default="all", show_default=True,
              help="which model to (re)train: the classifier, its grading head, or both")
@click.option("--seed", type=int, default=7, show_default=True)
def main(out: Path, grading_out: Path, part: str, seed: int) -> None:
    """Train on all families and write the shipped model (and its grading head)."""
    corpus = build_corpus(Settings.load().data_dir, seed=seed)
    if part in ("all", "classifier"):
        model = train_model(corpus)
        model.save(out, trained_by="python -m antidistill.signals.train", seed=str(seed))
        click.echo(f"wrote {out} threshold={model.threshold:.4f} positives={len(corpus.positives)} "
                   f"hard_negatives={len(corpus.hard_negatives)} benign={len(corpus.benign)}")
    if part in ("all", "grading"):
        head = train_grading_head(corpus)
        head.save(grading_out, trained_by="python -m antidistill.signals.train --part grading", seed=str(seed))
        click.echo(f"wrote {grading_out} (grading head: {', '.join(sorted(GRADING_FAMILIES))} against the other "
                   "attack families)")


if __name__ == "__main__":
    main()
