"""Throughput of each per-exchange signal on real prompts, against baselines in the same run.

    nice -n 10 .venv/bin/python bench/signals.py [--repeat 3] [--copies 2]

Texts: every real benign prompt of shared/data (arena-hard, self-instruct, belle-zh, mgsm, gsm8k,
humaneval, hh-rlhf first turns), ``--copies`` times over. Baselines: ``len()`` over the texts
(the floor of any Python pass) and one precompiled regex search per text (what a keyword filter
costs). Prints prompts/second per signal (best of ``--repeat``, one process, one core) and the
ratio to the regex baseline. A second table repeats this for the long prompts only (at least
1,000 characters, clipped to head 3,000 + tail 1,000 characters as the scan clips them), where
time is linear in characters and the per-character costs show.

To compare two versions under the same load, run the old tree's copy right after (or interleaved
with) this one: ``git archive <rev> src bench | tar -x -C /tmp/old`` then
``PYTHONPATH=/tmp/old/src python bench/signals.py``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence

import click

from antidistill.settings import Settings
from antidistill.signals import available, create
from antidistill.signals.corpus.benign import load_benign

_REGEX = re.compile(r"chain[- ]of[- ]thought|reasoning|思考", re.I)


def best_rate(fn: Callable[[Sequence[str]], object], texts: Sequence[str], repeat: int) -> float:
    """Prompts per second, best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - t0)
    return len(texts) / best


@click.command()
@click.option("--repeat", default=3, show_default=True)
@click.option("--copies", default=2, show_default=True)
@click.option("--batch", default=20_000, show_default=True, help="Batch size passed to score_batch.")
def main(repeat: int, copies: int, batch: int) -> None:
    """Print the throughput table (markdown)."""
    texts = [t.text for t in load_benign(Settings.load().data_dir)] * copies
    long_texts = [t if len(t) <= 4000 else t[:3000] + t[-1000:] for t in texts if len(t) >= 1000]
    for title, subset in (("all prompts", texts), ("long prompts, clipped as the scan clips them", long_texts)):
        table(title, subset, repeat, batch)


def table(title: str, texts: list[str], repeat: int, batch: int) -> None:
    """One markdown table of rates for ``texts``."""
    chars = sum(map(len, texts)) / len(texts)

    def batched(score: Callable[[Sequence[str]], object]) -> Callable[[Sequence[str]], object]:
        return lambda xs: [score(xs[i:i + batch]) for i in range(0, len(xs), batch)]

    rows = [("baseline: len()", best_rate(lambda xs: [len(x) for x in xs], texts, repeat)),
            ("baseline: one regex search", best_rate(lambda xs: [_REGEX.search(x) for x in xs], texts, repeat))]
    for name in available():
        sig = create(name)
        rows.append((name, best_rate(batched(sig.score_batch), texts, repeat)))
    regex_rate = rows[1][1]
    click.echo(f"\n{title}: {len(texts)} prompts, mean {chars:.0f} characters, batch {batch}, best of {repeat}\n")
    click.echo("| what | prompts/s | x regex baseline |\n|---|---|---|")
    for name, rate in rows:
        click.echo(f"| {name} | {rate:,.0f} | {rate / regex_rate:.3f} |")


if __name__ == "__main__":
    main()
