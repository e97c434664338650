"""The extension point for per-exchange signals: one base class, two typed results.

A :class:`Signal` scores a batch of prompts at once (the scan calls it over millions of
prompts, so every built-in is vectorised over the batch) and returns a :class:`SignalBatch`
of numpy columns. :meth:`Signal.score` is a convenience for one text that returns a
:class:`SignalResult`, which is also what :meth:`SignalBatch.explain` gives for one row.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Self

import numpy as np
import numpy.typing as npt

from antidistill.registry import Registry


@dataclass(frozen=True)
class SignalResult:
    """The verdict of one signal on one text.

    ``score`` is in [0, 1] (higher means more of what the signal looks for), ``flagged`` is
    ``score >= threshold``, and ``details`` holds the signal-specific values behind it
    (e.g. ``label``, ``template_id``, the strongest n-grams) so that every flag says why.
    """

    signal: str
    score: float
    flagged: bool
    threshold: float
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: score, flagged, threshold and the details flattened beside them."""
        out: dict[str, Any] = {"score": round(self.score, 6), "flagged": self.flagged,
                               "threshold": round(self.threshold, 6)}
        out.update(self.details)
        return out


@dataclass(frozen=True)
class SignalBatch:
    """Column-oriented results of one signal over ``n`` texts.

    ``score`` is float32[n] and ``flagged`` bool[n]; ``columns`` holds signal-specific
    arrays of the same length (``template_id`` int64[n], ``label`` object[n], ...), stored
    by the scan under ``<signal>_<column>``.
    """

    signal: str
    threshold: float
    score: npt.NDArray[np.float32]
    flagged: npt.NDArray[np.bool_]
    columns: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.score)
        if self.score.dtype != np.float32:
            raise TypeError(f"signal {self.signal}: score must be float32, got {self.score.dtype}")
        if self.flagged.dtype != np.bool_ or len(self.flagged) != n:
            raise TypeError(f"signal {self.signal}: flagged must be bool[{n}]")
        for key, col in self.columns.items():
            if len(col) != n:
                raise ValueError(f"signal {self.signal}: column {key!r} has {len(col)} rows, expected {n}")

    def __len__(self) -> int:
        return len(self.score)

    def explain(self, i: int) -> SignalResult:
        """The typed result for row ``i`` (columns become ``details`` as plain Python values)."""
        details = {key: _plain(col[i]) for key, col in self.columns.items()}
        return SignalResult(self.signal, float(self.score[i]), bool(self.flagged[i]), self.threshold, details)


def _plain(value: Any) -> Any:
    """numpy scalars -> Python scalars, so details serialise to JSON."""
    return value.item() if isinstance(value, np.generic) else value


class Signal(ABC):
    """Base class of a per-exchange detector. Subclasses register in :data:`SIGNALS` by ``name``.

    Construction only stores parameters; heavy assets (model weights, profiles) load in
    :meth:`load`, which returns ``self`` so that ``Cls().load()`` chains.
    """

    name: ClassVar[str]
    description: ClassVar[str]

    def load(self) -> Self:
        """Load heavy assets. The default has none to load."""
        return self

    @abstractmethod
    def score_batch(self, texts: Sequence[str], *, system_prompts: Sequence[str] | None = None) -> SignalBatch:
        """Score ``texts`` (user prompts); ``system_prompts``, if given, is parallel to them."""

    def score(self, text: str, *, system_prompt: str | None = None) -> SignalResult:
        """Score one text: a convenience over :meth:`score_batch`."""
        systems = None if system_prompt is None else [system_prompt]
        return self.score_batch([text], system_prompts=systems).explain(0)


SIGNALS: Registry[Signal] = Registry[Signal]("signal")
