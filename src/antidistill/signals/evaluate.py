"""Measure the reasoning-elicitation classifier; prints the tables of docs/detection-quality.md.

    python -m antidistill.signals.evaluate [--seed 7] [--embedding]

* in-distribution: the shipped-style model (all families) on the test split;
* leave-one-family-out: for each attack family F, train without F, keep the threshold set on
  benign validation, and measure recall on every phrasing of F;
* false positives per real data set (test split), per hard-negative family, and the flag rate on
  neighbouring attacks (system-prompt extraction, jailbreak templates) for information;
* ``--embedding``: the same leave-one-family-out protocol with a logistic regression on
  all-MiniLM-L6-v2 sentence embeddings (needs the ``embed`` extra).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

import click
import numpy as np
import numpy.typing as npt

from antidistill.settings import Settings
from antidistill.signals.corpus import LabeledText
from antidistill.signals.corpus.benign import other_attacks
from antidistill.signals.corpus.positives import FAMILIES
from antidistill.signals.hashing import NgramHasher
from antidistill.signals.reasoning import LinearNgramModel, ReasoningElicitation
from antidistill.signals.train import TARGET_FPR, Corpus, FamilyTrainer, build_corpus, threshold_per_source

Scorer = Callable[[Sequence[str]], npt.NDArray[np.float32]]


def ngram_scorer(model: LinearNgramModel) -> Scorer:
    """Probability scores of a trained n-gram model, through the real signal class."""
    signal = ReasoningElicitation()
    signal.model_, signal.threshold_ = model, model.threshold
    return lambda texts: signal.score_batch(texts).score


def rate(scores: npt.NDArray[np.float32], threshold: float) -> str:
    """'flagged/total (pct%)'."""
    k = int((scores >= threshold).sum())
    return f"{k}/{len(scores)} ({100.0 * k / max(len(scores), 1):.2f}%)"


def grouped(items: list[LabeledText], split: str | None) -> dict[str, list[str]]:
    """Texts by family (or data set), optionally one split only."""
    out: dict[str, list[str]] = defaultdict(list)
    for t in items:
        if split is None or t.split == split:
            out[t.family].append(t.text)
    return dict(sorted(out.items()))


def report_fixed(corpus: Corpus, score: Scorer, threshold: float, others: list[LabeledText]) -> list[str]:
    """Per-family recall and per-data-set false positives on the test split."""
    lines = [f"threshold {threshold:.4f} (per-source benign validation FPR target {TARGET_FPR:.1%})", "",
             "| test split | group | flagged |", "|---|---|---|"]
    for kind, items in (("attack family (recall)", corpus.positives), ("real benign (FPR)", corpus.benign),
                        ("hard negative (FPR)", corpus.hard_negatives)):
        all_scores = []
        for name, texts in grouped(items, "test").items():
            s = score(texts)
            all_scores.append(s)
            lines.append(f"| {kind} | {name} | {rate(s, threshold)} |")
        lines.append(f"| {kind} | **all** | {rate(np.concatenate(all_scores), threshold)} |")
    for name, texts in grouped(others, None).items():
        lines.append(f"| other attacks (info) | {name} | {rate(score(texts), threshold)} |")
    return lines


def report_lofo(corpus: Corpus, train: Callable[[frozenset[str]], tuple[Scorer, float]], label: str, *,
                by_phrasing: bool = False, only: Sequence[str] = ()) -> list[str]:
    """Leave-one-out recall per attack family (or per phrasing half ``<family>/a|b`` when
    ``by_phrasing``), with the benign test FPR of each reduced model beside it. Each line is
    echoed as soon as it is measured (a full run takes minutes)."""
    lines: list[str] = []

    def emit(line: str) -> None:
        click.echo(line)
        lines.append(line)

    emit(f"| held-out {'phrasing' if by_phrasing else 'family'} | {label} recall | benign test FPR | threshold |")
    emit("|---|---|---|---|")
    benign_test = [t.text for t in corpus.benign if t.split == "test"]
    recalls = []
    families = [f for f in FAMILIES if not only or f in only]
    groups = [f"{f}/{h}" for f in families for h in "ab"] if by_phrasing else families
    for family in groups:
        score, thr = train(frozenset({family}))
        held = [t.text for t in corpus.positives if (t.phrasing if by_phrasing else t.family) == family]
        s = score(held)
        recalls.append(float((s >= thr).mean()))
        emit(f"| {family} | {rate(s, thr)} | {rate(score(benign_test), thr)} | {thr:.3f} |")
    emit(f"| **mean** | {100 * np.mean(recalls):.2f}% (min {100 * min(recalls):.2f}%) | | |")
    return lines


def embedding_subset(corpus: Corpus, *, per_family: int = 100, benign_train: int = 1500, seed: int = 0) -> Corpus:
    """A smaller corpus for the embedding variant (sentence embeddings cost ~1000x the n-grams on
    a CPU): ``per_family`` phrasings of each family, all hard negatives, a sample of the benign
    train split and all of benign validation and test."""
    rng = np.random.default_rng(seed)
    positives: list[LabeledText] = []
    for family in FAMILIES:
        items = [t for t in corpus.positives if t.family == family]
        positives += [items[i] for i in sorted(rng.choice(len(items), min(per_family, len(items)), replace=False))]
    train = [t for t in corpus.benign if t.split == "train"]
    keep = {int(i) for i in rng.choice(len(train), min(benign_train, len(train)), replace=False)}
    benign = [t for i, t in enumerate(train) if i in keep] + [t for t in corpus.benign if t.split != "train"]
    return Corpus(positives, corpus.hard_negatives, benign)


def embedding_trainer(corpus: Corpus) -> Callable[[frozenset[str]], tuple[Scorer, float]]:
    """LOFO trainer over sentence embeddings (computed once for every text of ``corpus``)."""
    from sklearn.linear_model import LogisticRegression

    from antidistill.signals.embedding import SentenceEmbedder

    everything = corpus.positives + corpus.hard_negatives + corpus.benign
    embedder = SentenceEmbedder().load()
    vectors = embedder.encode([t.text for t in everything])  # (N, 384)
    index = {t.text: i for i, t in enumerate(everything)}
    val: dict[str, list[str]] = {}
    for t in corpus.hard_negatives + corpus.benign:
        if t.split == "val":
            val.setdefault(t.family if t.source == "real" else "hard", []).append(t.text)

    def train(exclude: frozenset[str]) -> tuple[Scorer, float]:
        rows = [i for i, t in enumerate(everything)
                if t.split == "train" and t.family not in exclude and t.phrasing not in exclude]
        y = np.array([everything[i].label for i in rows])
        wts = np.array([3.0 if everything[i].source == "real" else 1.0 for i in rows])
        clf = LogisticRegression(C=10.0, max_iter=3000).fit(vectors[rows], y, sample_weight=wts)

        def score(texts: Sequence[str]) -> npt.NDArray[np.float32]:
            vec = np.stack([vectors[index[t]] if t in index else embedder.encode([t])[0] for t in texts])
            return clf.predict_proba(vec)[:, 1].astype(np.float32)

        return score, threshold_per_source({k: score(v) for k, v in val.items()}, TARGET_FPR)

    return train


@click.command()
@click.option("--seed", type=int, default=7, show_default=True)
@click.option("--embedding/--no-embedding", default=False, help="Also evaluate the MiniLM embedding variant.")
@click.option("--concepts/--no-concepts", default=True, show_default=True,
              help="Concept features beside the n-grams (--no-concepts: the n-gram-only model).")
@click.option("--only", default="", help="Comma-separated families: leave-one-out runs for these only (faster).")
@click.option("--fixed/--no-fixed", default=True, show_default=True, help="The all-families test-split table.")
@click.option("--lofo/--no-lofo", default=True, show_default=True, help="The leave-one-family-out table.")
def main(seed: int, embedding: bool, concepts: bool, only: str, fixed: bool, lofo: bool) -> None:
    """Print the detection-quality tables."""
    data_dir = Settings.load().data_dir
    corpus = build_corpus(data_dir, seed=seed)
    trainer = FamilyTrainer(corpus, hasher=NgramHasher(), concepts=concepts)
    label = "concept+n-gram" if concepts else "n-gram"
    if fixed:
        full = trainer.train()
        click.echo(f"### {label} model, all families, test split\n")
        click.echo("\n".join(report_fixed(corpus, ngram_scorer(full), full.threshold, other_attacks(data_dir))))

    def ngram_train(exclude: frozenset[str]) -> tuple[Scorer, float]:
        model = trainer.train(exclude)
        return ngram_scorer(model), model.threshold

    chosen = [f for f in only.split(",") if f]
    click.echo(f"\n### leave-one-phrasing-out (half of a family's templates held out), {label} model\n")
    report_lofo(corpus, ngram_train, label, by_phrasing=True, only=chosen)
    if lofo:
        click.echo(f"\n### leave-one-family-out (a whole attack intent held out), {label} model\n")
        report_lofo(corpus, ngram_train, label, only=chosen)
    if embedding:
        small = embedding_subset(corpus)
        click.echo("\n### the same on a subset (100 phrasings per family, 1,500 benign train prompts), both models "
                   "trained on the same rows: n-gram vs MiniLM embedding")
        embed_train = embedding_trainer(small)
        small_trainer = FamilyTrainer(small, hasher=NgramHasher())  # same training rows as the embedding

        def small_ngram_train(exclude: frozenset[str]) -> tuple[Scorer, float]:
            model = small_trainer.train(exclude)
            return ngram_scorer(model), model.threshold

        for by_phrasing in (True, False):
            click.echo("")
            report_lofo(small, small_ngram_train, "n-gram", by_phrasing=by_phrasing)
            click.echo("")
            report_lofo(small, embed_train, "embedding", by_phrasing=by_phrasing)


if __name__ == "__main__":
    main()
