"""``antidistill classify``: run the per-exchange signals over prompts and print JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

import click

from antidistill.errors import InputError

if TYPE_CHECKING:
    from antidistill.signals.base import Signal

BATCH = 2048


def read_prompts(fh: IO[str], name: str) -> Iterator[str]:
    """Prompts from plain lines, or JSON lines with a ``prompt`` field (any line starting with ``{``).

    A JSON line that does not parse, is not an object, or lacks a string ``prompt`` is an error
    naming the file and line.
    """
    for lineno, line in enumerate(fh, 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if not line.lstrip().startswith("{"):
            yield line
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"bad JSON: {exc.msg}", file=name, line=lineno) from exc
        if not isinstance(row, dict) or not isinstance(row.get("prompt"), str):
            raise InputError("JSON line needs a string 'prompt' field", file=name, line=lineno, field="prompt")
        yield row["prompt"]


@click.command(help="Score prompts with the per-exchange signals (reasoning elicitation, template, topic, "
                    "language). Reads plain lines or JSONL with a 'prompt' field from --file or standard input; "
                    "prints one JSON line per prompt: {\"prompt\", \"signals\": {NAME: {score, flagged, ...}}}.")
@click.option("--file", "file_", type=click.File("r", encoding="utf-8"), default="-", show_default="stdin",
              help="Input file: plain lines or JSONL with a 'prompt' field.")
@click.option("--signal", "names", multiple=True, metavar="NAME",
              help="Signal to run (repeatable); default: all registered signals.")
def classify(file_: IO[str], names: tuple[str, ...]) -> None:
    """Thin entry point: parse input, build the signals, print their results."""
    from antidistill.signals import SIGNALS, create

    chosen = list(names) or SIGNALS.names()
    for name in chosen:
        if name not in SIGNALS:
            raise click.BadParameter(f"unknown signal {name!r}; known: {', '.join(SIGNALS.names())}",
                                     param_hint="--signal")
    detectors = {name: create(name) for name in chosen}
    batch: list[str] = []
    for prompt in read_prompts(file_, getattr(file_, "name", "<stdin>")):
        batch.append(prompt)
        if len(batch) >= BATCH:
            _emit(batch, detectors)
            batch = []
    if batch:
        _emit(batch, detectors)


def _emit(prompts: list[str], detectors: dict[str, Signal]) -> None:
    results = {name: det.score_batch(prompts) for name, det in detectors.items()}
    for i, prompt in enumerate(prompts):
        signals = {name: res.explain(i).to_dict() for name, res in results.items()}
        click.echo(json.dumps({"prompt": prompt, "signals": signals}, ensure_ascii=False))
