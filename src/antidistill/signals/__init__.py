"""Per-exchange signals: one detector per module, all found through :data:`SIGNALS`.

>>> from antidistill.signals import SIGNALS, create
>>> for name in SIGNALS:
...     batch = create(name).score_batch(prompts)

Importing this package registers the built-ins (``reasoning_elicitation``, ``prompt_template``,
``topic``, ``language``) through the same registry that extensions use. None of them imports
torch or a web framework; the optional embedding variant lives in ``embedding`` and is not
imported here.
"""

from __future__ import annotations

from antidistill.signals import language, reasoning, template, topic  # noqa: F401  (registers built-ins)
from antidistill.signals.base import SIGNALS, Signal, SignalBatch, SignalResult

__all__ = ["SIGNALS", "Signal", "SignalBatch", "SignalResult", "available", "create"]


def available() -> list[str]:
    """Names of all registered signals, sorted."""
    return SIGNALS.names()


def create(name: str, **params: object) -> Signal:
    """Build the signal registered as ``name`` with keyword ``params`` and load its assets."""
    return SIGNALS.create(name, **params).load()
