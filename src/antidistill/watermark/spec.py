"""The one parameter object shared by watermark embedding and detection.

Embedding (the logits processors in ``adapters/``) and detection (``detect.py``) both take a
:class:`WatermarkSpec`; nothing else decides gamma, delta, the context width or the hash version,
so the two sides cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from antidistill.errors import ConfigError

#: Version tag of the integer hash in ``hashing.py``; bump it if the hash ever changes so that old
#: marks are still detected with the old hash.
HASH_VERSION = "splitmix64-v1"


@dataclass(frozen=True)
class WatermarkSpec:
    """Watermark parameters.

    ``scheme`` is a registered scheme name (``redgreen`` or ``gumbel``); ``gamma`` the green-list
    fraction and ``delta`` the logit bias of the red/green scheme (ignored by ``gumbel``);
    ``context_width`` (h) the number of previous tokens that seed each draw; ``vocab_size`` the
    model's vocabulary size (the logits width).
    """

    scheme: str = "redgreen"
    gamma: float = 0.25
    delta: float = 2.0
    context_width: int = 2
    vocab_size: int = 50257
    hash_version: str = HASH_VERSION

    def __post_init__(self) -> None:
        if not 0.0 < self.gamma < 1.0:
            raise ConfigError("watermark.gamma", "must be strictly between 0 and 1", value=self.gamma)
        if self.delta < 0.0:
            raise ConfigError("watermark.delta", "must be non-negative", value=self.delta)
        if not 1 <= self.context_width <= 8:
            raise ConfigError("watermark.context_width", "must be between 1 and 8", value=self.context_width)
        if self.vocab_size < 2:
            raise ConfigError("watermark.vocab_size", "must be at least 2", value=self.vocab_size)
        if self.hash_version != HASH_VERSION:
            raise ConfigError("watermark.hash_version", f"unsupported; this build knows {HASH_VERSION!r}",
                              value=self.hash_version)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready), the inverse of :meth:`from_dict`."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> WatermarkSpec:
        """Build from a dict (e.g. a model directory's ``watermark.json``); unknown keys are an error."""
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"watermark.{unknown[0]}", f"unknown field; known: {', '.join(sorted(known))}",
                              source=source)
        return cls(**data)
