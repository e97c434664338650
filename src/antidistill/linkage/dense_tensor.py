"""Dense blocks in N-way tensors, in the spirit of M-Zoom / D-Cube (Shin et al.).

A tensor such as account x template x hour (x IP prefix) is given as one coordinate per
mode per entry plus a nonnegative mass (request count). A block picks a subset of values in
every mode; its mass M(B) is the total mass of entries whose coordinates all lie in the block.
Density measures (registered by name):

- ``ari``: arithmetic average mass, ``M(B) / ((1/N) * sum_n |B_n|)``. The greedy below is a
  1/N-approximation of the densest block for it (M-Zoom, Theorem 1); the default.
- ``geo``: geometric average mass, ``M(B) / (prod_n |B_n|) ** (1/N)``: rewards blocks that are
  small in every mode rather than one that is thin in one mode; no approximation guarantee.

Greedy removal: start from the whole tensor; in each mode keep the value with the least
remaining mass (a heap with lazy deletion); remove whichever of those N candidates leaves the
highest density; keep the densest prefix. To find k blocks, the entries of a found block are
removed and the search repeats, so a later block may reuse an account through other entries.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from antidistill.linkage._ids import factorize, to_python
from antidistill.registry import Registry


class DensityMeasure:
    """Base class: density of a block from its mass and its size in each mode."""

    name: ClassVar[str] = ""

    def __call__(self, mass: float, sizes: NDArray[np.int64]) -> float:
        """Density; only called with every size >= 1."""
        raise NotImplementedError


DENSITY_MEASURES: Registry[DensityMeasure] = Registry("density measure")


@DENSITY_MEASURES.register
class ArithmeticDensity(DensityMeasure):
    """rho_ari = M(B) / mean(|B_n|)."""

    name = "ari"

    def __call__(self, mass: float, sizes: NDArray[np.int64]) -> float:
        """See the class docstring."""
        return float(mass / np.mean(sizes))


@DENSITY_MEASURES.register
class GeometricDensity(DensityMeasure):
    """rho_geo = M(B) / geometric mean(|B_n|)."""

    name = "geo"

    def __call__(self, mass: float, sizes: NDArray[np.int64]) -> float:
        """See the class docstring."""
        return float(mass / np.exp(np.mean(np.log(sizes))))


@dataclass(frozen=True)
class ModeValue:
    """One attribute value inside a block and the block mass that runs through it."""

    mode: str
    value: Any
    mass: float


@dataclass(frozen=True)
class TensorBlock:
    """A dense block: the chosen values per mode (``values[n]`` are labels, ``indices[n]`` codes).

    ``members`` are the labels of the account mode; ``evidence`` ranks the other modes' values
    (templates, hours, prefixes) by the block mass they carry, i.e. what ties the accounts.
    """

    modes: tuple[str, ...]
    indices: tuple[NDArray[np.int64], ...]
    values: tuple[tuple[Any, ...], ...]
    members: tuple[Any, ...]
    mass: float
    density: float
    measure: str
    n_entries: int
    evidence: tuple[ModeValue, ...]


class DenseTensorBlocks:
    """Find up to ``n_blocks`` dense blocks with the registered ``measure`` ("ari" or "geo")."""

    def __init__(self, *, measure: str = "ari", n_blocks: int = 1, account_mode: int = 0,
                 min_members: int = 2) -> None:
        if n_blocks < 1:
            raise ValueError(f"n_blocks: must be at least 1, got {n_blocks}")
        self.measure = measure
        self.n_blocks = n_blocks
        self.account_mode = account_mode
        self.min_members = min_members
        self._density = DENSITY_MEASURES.create(measure)

    def detect(self, coords: Sequence[ArrayLike], mass: ArrayLike | None = None, *,
               modes: Sequence[str] | None = None) -> list[TensorBlock]:
        """Dense blocks of the tensor with one label array per mode in ``coords``; densest first."""
        if len(coords) < 2:
            raise ValueError(f"coords: need at least 2 modes, got {len(coords)}")
        names = tuple(modes) if modes is not None else tuple(f"mode{n}" for n in range(len(coords)))
        if len(names) != len(coords):
            raise ValueError(f"modes: {len(names)} names for {len(coords)} coordinate arrays")
        if not 0 <= self.account_mode < len(coords):
            raise ValueError(f"account_mode: {self.account_mode} is not a mode index below {len(coords)}")
        labels, codes = zip(*(factorize(c, field=f"coords[{n}] ({names[n]})") for n, c in enumerate(coords)),
                            strict=True)
        n_entries = len(codes[0])
        for n, c in enumerate(codes):
            if len(c) != n_entries:
                raise ValueError(f"coords[{n}] ({names[n]}): length {len(c)} differs from coords[0] length {n_entries}")
        m = np.ones(n_entries) if mass is None else np.asarray(mass, dtype=np.float64)
        if m.shape != (n_entries,):
            raise ValueError(f"mass: shape {m.shape}, expected ({n_entries},)")
        if np.any(m < 0) or not np.all(np.isfinite(m)):
            raise ValueError("mass: every entry must be finite and nonnegative")
        code_arr = np.stack(codes, axis=1)  # (entries, modes)
        shape = tuple(len(lab) for lab in labels)
        alive_mass = m.copy()
        blocks: list[TensorBlock] = []
        for _ in range(self.n_blocks):
            if not np.any(alive_mass > 0):
                break
            keep, density = self._peel(code_arr, alive_mass, shape)
            inside = np.all([keep[n][code_arr[:, n]] for n in range(len(shape))], axis=0) & (alive_mass > 0)
            indices = tuple(np.flatnonzero(k).astype(np.int64) for k in keep)
            if len(indices[self.account_mode]) < self.min_members:
                break
            blocks.append(self._block(names, labels, indices, code_arr[inside], alive_mass[inside], density))
            alive_mass = np.where(inside, 0.0, alive_mass)
        return blocks

    def _peel(self, codes: NDArray[np.int64], mass: NDArray[np.float64],
              shape: tuple[int, ...]) -> tuple[list[NDArray[np.bool_]], float]:
        n_modes = len(shape)
        live = mass > 0
        codes, mass = codes[live], mass[live]
        # Values with no remaining mass are dropped up front: they can only lower the density.
        value_mass = [np.bincount(codes[:, n], weights=mass, minlength=shape[n]) for n in range(n_modes)]
        alive = [vm > 0 for vm in value_mass]
        sizes = np.array([int(a.sum()) for a in alive], dtype=np.int64)
        # Entries grouped by value in each mode, CSR-style, so removing a value touches only its entries.
        order = [np.argsort(codes[:, n], kind="stable") for n in range(n_modes)]
        ptr = [np.concatenate([[0], np.cumsum(np.bincount(codes[:, n], minlength=shape[n]))]) for n in range(n_modes)]
        entry_alive = np.ones(len(mass), dtype=bool)
        heaps = [[(float(value_mass[n][v]), int(v)) for v in np.flatnonzero(alive[n])] for n in range(n_modes)]
        for h in heaps:
            heapq.heapify(h)
        total = float(mass.sum())
        best, best_step = self._density(total, sizes), 0
        removed: list[tuple[int, int]] = []
        while np.any(sizes > 1):
            candidates = []
            for n in range(n_modes):
                if sizes[n] == 1:
                    continue  # a block keeps at least one value in every mode
                h = heaps[n]
                while h and (not alive[n][h[0][1]] or h[0][0] != value_mass[n][h[0][1]]):
                    heapq.heappop(h)  # stale: removed, or its mass dropped since the push
                after = sizes.copy()
                after[n] -= 1
                candidates.append((self._density(total - h[0][0], after), n))
            _, n = max(candidates)
            vm, v = heapq.heappop(heaps[n])
            alive[n][v] = False
            sizes[n] -= 1
            total -= vm
            removed.append((n, v))
            entries = order[n][ptr[n][v]:ptr[n][v + 1]]
            entries = entries[entry_alive[entries]]
            entry_alive[entries] = False
            for k in range(n_modes):
                if k == n or not len(entries):
                    continue
                touched = codes[entries, k]
                np.subtract.at(value_mass[k], touched, mass[entries])
                for u in np.unique(touched).tolist():
                    if alive[k][u]:
                        heapq.heappush(heaps[k], (float(value_mass[k][u]), u))
            density = self._density(total, sizes)
            if density > best:
                best, best_step = density, len(removed)
        keep = [np.bincount(codes[:, n], weights=mass, minlength=shape[n]) > 0 for n in range(n_modes)]
        for n, v in removed[:best_step]:
            keep[n][v] = False
        return keep, best

    def _block(self, names: tuple[str, ...], labels: tuple[NDArray[Any], ...], indices: tuple[NDArray[np.int64], ...],
               codes: NDArray[np.int64], mass: NDArray[np.float64], density: float) -> TensorBlock:
        evidence: list[ModeValue] = []
        for n, name in enumerate(names):
            if n == self.account_mode:
                continue
            per_value = np.bincount(codes[:, n], weights=mass, minlength=len(labels[n]))
            for v in sorted(indices[n].tolist(), key=lambda v: -per_value[v]):
                evidence.append(ModeValue(mode=name, value=to_python(labels[n][v]), mass=float(per_value[v])))
        values = tuple(tuple(to_python(labels[n][i]) for i in idx) for n, idx in enumerate(indices))
        return TensorBlock(modes=names, indices=indices, values=values, members=values[self.account_mode],
                           mass=float(mass.sum()), density=density, measure=self.measure,
                           n_entries=len(mass), evidence=tuple(evidence))
