"""The keyed hash of ``watermark/hashing.py`` mirrored in torch int64 ops (bit-for-bit).

torch has no general uint64 arithmetic, so values are held as int64 (two's complement, same bits);
multiplication wraps modulo 2**64 as in numpy uint64, and logical right shifts are an arithmetic
shift followed by a mask. Tests check equality with the numpy reference on random contexts. The
mask-table variant's table (``mask_table.py``) is held here as a tensor, shared by every request.
"""

from __future__ import annotations

import functools

import numpy as np
import torch

from antidistill.watermark import hashing, mask_table
from antidistill.watermark.spec import WatermarkSpec


def _i64(v: int) -> int:
    v = int(v) & 0xFFFFFFFFFFFFFFFF
    return v - (1 << 64) if v >= 1 << 63 else v


M1 = _i64(int(hashing.MIX_M1))
M2 = _i64(int(hashing.MIX_M2))
TOKEN_SALT = _i64(int(hashing.TOKEN_SALT))
CONTEXT_SALT = _i64(int(hashing.CONTEXT_SALT))
_INV53 = 1.0 / float(1 << 53)
ROW_SALT, CONTEXT_PART = _i64(int(mask_table.ROW_SALT)), _i64(int(mask_table.CONTEXT_PART))
#: a mask table is held prescaled in the logits' dtype up to this size, else as bool (added with alpha=delta)
PRESCALED_TABLE_BYTES = 64 << 20
_MIN = -(1 << 63)


def srl(x: torch.Tensor, s: int) -> torch.Tensor:
    """Logical right shift of int64 bits."""
    return (x >> s) & ((1 << (64 - s)) - 1)


def mix(x: torch.Tensor) -> torch.Tensor:
    """splitmix64 finaliser on int64 tensors (in-place after the first op: fewer allocations per decode step)."""
    x = x ^ srl(x, 30)
    x.mul_(M1)
    x.bitwise_xor_(srl(x, 27))
    x.mul_(M2)
    return x.bitwise_xor_(srl(x, 31))


def token_hash(tokens: torch.Tensor) -> torch.Tensor:
    """Per-token hash, same shape."""
    return mix(tokens.to(torch.int64) + TOKEN_SALT)


def rotl(x: torch.Tensor) -> torch.Tensor:
    """Rotate left by ``hashing.ROT`` bits (multiplication instead of << to stay in defined behaviour)."""
    return (x * (1 << hashing.ROT)) | srl(x, 64 - hashing.ROT)


def context_hash(windows: torch.Tensor) -> torch.Tensor:
    """Hash of each row of a (batch, h) window of token ids, shape (batch,)."""
    th = token_hash(windows)
    c = torch.full((windows.shape[0],), CONTEXT_SALT, dtype=torch.int64, device=windows.device)
    for j in range(windows.shape[1]):
        c = mix(c ^ th[:, j])
    return c


def context_id(windows: torch.Tensor) -> torch.Tensor:
    """``mask_table.context_ids`` of each row of a (batch, h) window: the context hash without its last mix."""
    th = token_hash(windows)
    c = torch.full((windows.shape[0],), CONTEXT_SALT, dtype=torch.int64, device=windows.device)
    for j in range(windows.shape[1] - 1):
        c = mix(c ^ th[:, j])
    return c ^ th[:, -1]


def keyed_draw(pairs: torch.Tensor, k1: torch.Tensor) -> torch.Tensor:
    """Keyed int64 draws of int64 pair keys under a broadcastable key."""
    return mix(pairs ^ k1)


def to_uniform(draws: torch.Tensor) -> torch.Tensor:
    """Uniforms in [0, 1) (float64), as ``hashing.to_uniform``."""
    return srl(draws, 11).to(torch.float64) * _INV53


def keyed_uniforms(pairs: torch.Tensor, k1: torch.Tensor) -> torch.Tensor:
    """Uniforms in [0, 1) (float64) of int64 pair keys under a broadcastable key."""
    return to_uniform(keyed_draw(pairs, k1))


def is_green(draws: torch.Tensor, gamma: float) -> torch.Tensor:
    """``to_uniform(draws) < gamma`` without floats: an unsigned comparison done on int64 by flipping the sign bit."""
    threshold = _i64(hashing.green_threshold(gamma) ^ (1 << 63))
    return (draws ^ _MIN) < threshold


def key_tensor(k: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """A 64-bit key half as an int64 scalar tensor."""
    return torch.tensor(_i64(k), dtype=torch.int64, device=device)


@functools.lru_cache(maxsize=8)
def mask_tensor(spec: WatermarkSpec, vocab: int, dtype: torch.dtype, device: str) -> torch.Tensor:
    """The variant's (mask_rows, vocab) green table on ``device``: ``delta * green`` in ``dtype`` when it
    takes at most ``PRESCALED_TABLE_BYTES`` (added as is), else bool (added with ``alpha=delta``).

    Built once per process and shared by every processor, i.e. every request (e.g. 16 MiB of float32
    for 1,024 rows of 4,096 tokens).
    """
    green = torch.from_numpy(mask_table.green_table(spec.mask_rows, spec.gamma, vocab).astype(np.uint8))  # a copy
    if spec.mask_rows * vocab * torch.finfo(dtype).bits // 8 <= PRESCALED_TABLE_BYTES:
        return (green.to(dtype) * spec.delta).to(device)
    return green.to(device=device, dtype=torch.bool)
