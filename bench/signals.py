"""Throughput of each per-exchange signal on real prompts, against baselines in the same run.

    nice -n 10 .venv/bin/python bench/signals.py [--repeat 3] [--copies 2] [--against /tmp/old/src]

Texts: every real benign prompt of shared/data (arena-hard, self-instruct, belle-zh, mgsm, gsm8k,
humaneval, hh-rlhf first turns), ``--copies`` times over. Baselines: ``len()`` over the texts
(the floor of any Python pass) and one precompiled regex search per text (what a keyword filter
costs). Prints prompts/second per signal (best of ``--repeat``, one process, one core) and the
ratio to the regex baseline. A second table repeats this for the long prompts only (at least
1,000 characters, clipped to head 3,000 + tail 1,000 characters as the scan clips them), where
time is linear in characters and the per-character costs show.

To compare two versions under the same load, give the old tree (``git archive <rev> src | tar -x -C
/tmp/old``) as ``--against /tmp/old/src``: each round then times the old code and this code in
turn, each in a child process, on the same texts, and the table adds old -> new and their ratio.
``--prompts FILE.parquet`` (a ``txt`` column, e.g. the distinct prompts of a scan) replaces the
benign texts; they are clipped as the scan clips them. Rows ``<signal> (scan stage)`` build the
signal with the parameters the scan's prompt-signal stage uses (``STAGE_PARAMS``). The two rows ``scan stage, 4
signals`` run what one worker of the stage runs on each fetched batch (``prompt_signals._score_texts``): the
whole batch in one call per signal, and in calls of ``SCORE_CHUNK`` prompts, the stage's way since session 19.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

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
@click.option("--prompts", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Parquet file with a txt column to use instead of the benign prompts.")
@click.option("--limit", default=0, show_default=True, help="Use the first N texts only (0: all).")
@click.option("--against", type=click.Path(exists=True, file_okay=False), default=None,
              help="The src folder of an older tree: time it too, in the same run, and print the ratio.")
@click.option("--rounds", default=2, show_default=True, help="Old/new rounds with --against (interleaved).")
@click.option("--json-out", is_flag=True, hidden=True, help="Child mode: print the rates as JSON.")
def main(repeat: int, copies: int, batch: int, prompts: str | None, limit: int, against: str | None,
         rounds: int, json_out: bool) -> None:
    """Print the throughput table (markdown)."""
    texts = load_texts(prompts, copies, limit)
    long_texts = [t if len(t) <= 4000 else t[:3000] + t[-1000:] for t in texts if len(t) >= 1000]
    subsets = [("all prompts", texts), ("long prompts, clipped as the scan clips them", long_texts)]
    if json_out:
        click.echo(json.dumps({title: rates(subset, repeat, batch) for title, subset in subsets}))
        return
    if against is None:
        for title, subset in subsets:
            table(title, subset, batch, repeat, [rates(subset, repeat, batch)], None)
        return
    args = ["--repeat", str(repeat), "--copies", str(copies), "--batch", str(batch), "--limit", str(limit),
            *(["--prompts", prompts] if prompts else []), "--json-out"]
    old_runs, new_runs = [], []
    for _ in range(rounds):
        old_runs.append(child(args, against))
        new_runs.append(child(args, None))
    for title, subset in subsets:
        table(title, subset, batch, repeat, [r[title] for r in new_runs], [r[title] for r in old_runs])


def load_texts(prompts: str | None, copies: int, limit: int) -> list[str]:
    if prompts is None:
        texts = [t.text for t in load_benign(Settings.load().data_dir)] * copies
    else:
        import pyarrow.parquet as pq

        from antidistill.features.prompt_signals import clip_text

        texts = [clip_text(t) for t in pq.read_table(prompts, columns=["txt"]).column("txt").to_pylist()]
    return texts[:limit] if limit else texts


def child(args: list[str], src: str | None) -> dict[str, dict[str, float]]:
    """Rates from this script run in a child process, on ``src`` (an older tree) or on this tree."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(Path(src).resolve())
    out = subprocess.run([sys.executable, __file__, *args], env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def rates(texts: list[str], repeat: int, batch: int) -> dict[str, float]:
    """Prompts per second of the baselines and of every signal (best of ``repeat``)."""
    def batched(score: Callable[[Sequence[str]], object]) -> Callable[[Sequence[str]], object]:
        return lambda xs: [score(xs[i:i + batch]) for i in range(0, len(xs), batch)]

    out = {"baseline: len()": best_rate(lambda xs: [len(x) for x in xs], texts, repeat),
           "baseline: one regex search": best_rate(lambda xs: [_REGEX.search(x) for x in xs], texts, repeat)}
    try:  # older trees have no stage parameters
        from antidistill.features.prompt_signals import STAGE_PARAMS
    except ImportError:
        STAGE_PARAMS = {}
    for name in available():
        out[name] = best_rate(batched(create(name).score_batch), texts, repeat)
        if name in ("prompt_template",):
            stage = create(name, **STAGE_PARAMS.get(name, {}))
            out[f"{name} (scan stage)"] = best_rate(batched(stage.score_batch), texts, repeat)
    try:  # the whole stage as one worker runs it: the four signals the features read, per fetched batch
        from antidistill.features.prompt_signals import FEATURE_INPUTS, SCORE_CHUNK, _score_texts
    except ImportError:  # older trees score each fetched batch in one call
        return out
    names = sorted({s for s, _ in FEATURE_INPUTS.values()})
    for label, chunk in (("one call per batch", batch), (f"calls of {SCORE_CHUNK}", SCORE_CHUNK)):
        out[f"scan stage, 4 signals, {label}"] = best_rate(
            batched(lambda xs, c=chunk: _score_texts(names, list(xs), chunk=c)), texts, repeat)
    return out


def table(title: str, texts: list[str], batch: int, repeat: int, new: list[dict[str, float]],
          old: list[dict[str, float]] | None) -> None:
    """One markdown table: rates per run (old -> new with ``old``), and the ratios of the last run."""
    chars = sum(map(len, texts)) / max(len(texts), 1)
    base = "baseline: one regex search"
    click.echo(f"\n{title}: {len(texts)} prompts, mean {chars:.0f} characters, batch {batch}, best of {repeat}\n")
    if old is None:
        click.echo("| what | prompts/s | x regex baseline |\n|---|---|---|")
        for name, rate in new[-1].items():
            click.echo(f"| {name} | {rate:,.0f} | {rate / new[-1][base]:.3f} |")
        return
    runs = " | ".join(f"run {i + 1}: old -> new" for i in range(len(new)))
    click.echo(f"| what | {runs} | new / old (each run) | x regex baseline, old -> new (last run) |")
    click.echo("|---" * (len(new) + 3) + "|")
    for name in new[-1]:
        cells = " | ".join(f"{o.get(name, float('nan')):,.0f} -> {n[name]:,.0f}" for o, n in zip(old, new, strict=True))
        ratio = ", ".join(f"{n[name] / o[name]:.2f}" if name in o else "n/a" for o, n in zip(old, new, strict=True))
        o_base = old[-1].get(name, float("nan")) / old[-1][base]
        click.echo(f"| {name} | {cells} | {ratio} | {o_base:.3f} -> {new[-1][name] / new[-1][base]:.3f} |")


if __name__ == "__main__":
    main()
