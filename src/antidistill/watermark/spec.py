"""The one parameter object shared by watermark embedding and detection.

Embedding (the logits processors in ``adapters/``) and detection (``detect.py``) both take a
:class:`WatermarkSpec`; nothing else decides gamma, delta, the context width or the hash version,
so the two sides cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from antidistill.errors import ConfigError
from antidistill.watermark.mask_table import MAX_TOKEN_ID, check_rows

#: Version tag of the integer hash in ``hashing.py``; bump it if the hash ever changes so that old
#: marks are still detected with the old hash.
HASH_VERSION = "splitmix64-v1"


@dataclass(frozen=True)
class WatermarkSpec:
    """Watermark parameters.

    ``scheme`` is a registered scheme name (``redgreen`` or ``gumbel``); ``gamma`` the green-list
    fraction and ``delta`` the logit bias of the red/green scheme (ignored by ``gumbel``);
    ``context_width`` (h) the number of previous tokens that seed each draw; ``vocab_size`` the
    model's vocabulary size (the logits width). ``mask_rows`` (T, default 0: off) switches red/green to
    the mask-table variant (``mask_table.py``): green lists are the rows of a public table of T rows
    (a power of two, ``gamma * T`` an integer) and the key picks a row per context; a decode step is
    then a table gather instead of a whole-vocabulary hash.
    """

    scheme: str = "redgreen"
    gamma: float = 0.25
    delta: float = 2.0
    context_width: int = 2
    vocab_size: int = 50257
    hash_version: str = HASH_VERSION
    mask_rows: int = 0

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
        if self.mask_rows:
            self._check_mask_rows()

    def _check_mask_rows(self) -> None:
        try:
            check_rows(self.mask_rows)
        except ValueError as exc:
            raise ConfigError("watermark.mask_rows", str(exc), value=self.mask_rows) from None
        if self.scheme != "redgreen":
            raise ConfigError("watermark.mask_rows", "the mask-table variant is a red/green scheme; "
                              "set scheme to redgreen or mask_rows to 0", value=self.mask_rows)
        if not (self.gamma * self.mask_rows).is_integer():
            raise ConfigError("watermark.mask_rows", f"gamma * mask_rows must be an integer (gamma={self.gamma}), "
                              "so that each pair is green with probability exactly gamma", value=self.mask_rows)
        if self.vocab_size > MAX_TOKEN_ID + 1:
            raise ConfigError("watermark.mask_rows", f"the mask-table variant supports vocabularies up to "
                              f"{MAX_TOKEN_ID + 1} tokens", value=self.vocab_size)

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
