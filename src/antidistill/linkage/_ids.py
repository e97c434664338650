"""Small helpers shared by the linkage detectors: id factorisation and input checks."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray


def factorize(values: ArrayLike, *, field: str) -> tuple[NDArray[Any], NDArray[np.int64]]:
    """Map arbitrary labels to dense codes 0..k-1.

    Returns ``(uniques, codes)`` with ``uniques[codes] == values``. ``field`` names the input
    in the error raised for a non-1-D array, so a caller sees which argument was wrong.
    """
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{field}: expected a 1-D array, got shape {arr.shape}")
    uniques, codes = np.unique(arr, return_inverse=True)
    return uniques, codes.astype(np.int64, copy=False)


def check_same_length(**arrays: NDArray[Any]) -> int:
    """Length shared by all ``arrays``; raises naming the first one that differs."""
    names = list(arrays)
    n = len(arrays[names[0]])
    for name in names[1:]:
        if len(arrays[name]) != n:
            raise ValueError(f"{name}: length {len(arrays[name])} differs from {names[0]} length {n}")
    return n


def to_python(value: Any) -> Any:
    """A numpy scalar as the plain Python value (so results serialise to JSON as-is)."""
    return value.item() if isinstance(value, np.generic) else value
