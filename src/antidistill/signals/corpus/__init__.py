"""Training and evaluation text for the reasoning-elicitation classifier.

``positives`` generates attack phrasings by family (many paraphrases, slot fillers and
languages), ``negatives`` generates hard benign phrasings, and ``benign`` loads real benign
prompts from the shared data with fixed hash-based train/val/test splits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

Split = Literal["train", "val", "test"]


@dataclass(frozen=True)
class LabeledText:
    """One example: ``label`` 1 for an elicitation attempt, 0 for benign; ``family`` is the
    phrasing family (generated) or dataset name (real); ``lang`` an ISO 639-1 code or ``""``."""

    text: str
    label: int
    family: str
    source: str
    split: Split
    lang: str = ""
    core: str = ""  # for generated attacks: the instruction alone, without the task around it
    phrasing: str = ""  # for generated attacks: which half of the family's templates it came from
    frame: str = ""  # for generated attacks: the instruction with its task/response slots left empty


def split_of(text: str, *, salt: str = "antidistill-signals-v1") -> Split:
    """A fixed split from a hash of the text: 60% train, 20% val, 20% test.

    Hashing the text (not a row number) keeps the splits disjoint and stable when a
    data set is re-ordered or extended, and puts exact duplicates in the same split.
    """
    bucket = int.from_bytes(hashlib.sha1((salt + "\x00" + text).encode()).digest()[:4], "big") % 100
    if bucket < 60:
        return "train"
    return "val" if bucket < 80 else "test"
