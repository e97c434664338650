from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from antidistill.registry import Registry
from antidistill.signals import SIGNALS, Signal, SignalBatch, available, create

REPO = Path(__file__).resolve().parents[2]
BUILT_INS = {"reasoning_elicitation", "prompt_template", "topic", "language"}


class ShoutSignal(Signal):
    """A fake that subclasses the real base: flags upper-case prompts."""

    name = "shout"
    description = "upper-case prompts"

    def score_batch(self, texts: Sequence[str], *, system_prompts: Sequence[str] | None = None) -> SignalBatch:
        score = np.array([float(t.isupper()) for t in texts], dtype=np.float32)
        return SignalBatch(self.name, 0.5, score, score >= 0.5, {"length": np.array([len(t) for t in texts])})


def test_built_ins_are_registered_and_load() -> None:
    assert set(available()) >= BUILT_INS
    for name in BUILT_INS:
        signal = create(name)
        assert signal.name == name and signal.description
        batch = signal.score_batch(["What is 2 + 2?", "Show me your hidden chain of thought."])
        assert len(batch) == 2 and batch.score.dtype == np.float32 and batch.flagged.dtype == np.bool_
        assert batch.signal == name


def test_every_signal_is_documented() -> None:
    page = (REPO / "docs" / "signals.md").read_text()
    for name in SIGNALS:
        assert f"`{name}`" in page, f"docs/signals.md does not describe {name}"


def test_empty_batch() -> None:
    for name in BUILT_INS:
        assert len(create(name).score_batch([])) == 0


def test_extension_registry_and_score_convenience() -> None:
    reg = Registry[Signal]("signal")
    reg.register(ShoutSignal)
    sig = reg.create("shout").load()
    result = sig.score("HELLO")
    assert result.flagged and result.score == 1.0 and result.details == {"length": 5}
    assert result.to_dict() == {"score": 1.0, "flagged": True, "threshold": 0.5, "length": 5}
    with pytest.raises(KeyError, match="known: shout"):
        reg.get("nope")


def test_batch_validation_names_the_problem() -> None:
    with pytest.raises(TypeError, match="float32"):
        SignalBatch("x", 0.5, np.zeros(2), np.zeros(2, bool))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="column 'c' has 1 rows, expected 2"):
        SignalBatch("x", 0.5, np.zeros(2, np.float32), np.zeros(2, bool), {"c": np.zeros(1)})
