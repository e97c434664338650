"""Linkage benchmarks: Fraudar at 1M edges, SynchroTrap and the attribute graph at 20k accounts.

Each detector is timed against a baseline measured in the same run, on the same data:

* Fraudar: one scipy pass that computes the column degrees, the 1/log(degree + 5) weights and the
  weighted row sums (the least any weighted dense-subgraph method must do). Peak memory of each
  is measured with tracemalloc in a second pass (numpy buffers included).
* SynchroTrap: one ``np.lexsort`` of all actions by (constraint, time), the sort its bucketing needs.
* Attribute graph: building the accounts x values incidence matrix (factorise + CSR).

It also prints recovery (precision/recall/F1 of rows and columns) of an injected 20 x 20 block under
each camouflage mode on a 3,000 x 1,500 power-law graph. Run:

    nice -n 10 .venv/bin/python bench/linkage.py            # about 3 minutes on 2 busy cores
    nice -n 10 .venv/bin/python bench/linkage.py --quick    # 10x smaller, for a smoke run
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp

from antidistill.linkage.attribute_graph import AttributeLinker
from antidistill.linkage.fraudar import Fraudar, column_weights
from antidistill.linkage.inject import CAMOUFLAGE_MODES, inject_block, powerlaw_bipartite, recovery
from antidistill.linkage.synchro import SynchroTrap


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Best wall seconds over ``repeat`` calls, and the last result (repeat cheap baselines: less noise)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def peak_mib(fn: Callable[[], Any]) -> float:
    """Peak traced allocation (MiB) while ``fn`` runs."""
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2 ** 20


def fraudar_baseline(m: sp.csr_matrix) -> np.ndarray:
    """Column degrees, Fraudar weights and weighted row sums in one scipy pass."""
    w = column_weights(m, 5.0)
    return np.asarray(m @ w)


def bench_fraudar(scale: float, exponent: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    rows, cols, edges = int(100_000 * scale), int(50_000 * scale), int(1_050_000 * scale)
    graph = inject_block(powerlaw_bipartite(rows, cols, edges, rng, exponent=exponent), 20, 20, rng,
                         camouflage="random")
    m = graph.matrix
    t_base, _ = timed(lambda: fraudar_baseline(m), repeat=5)
    mem_base = peak_mib(lambda: fraudar_baseline(m))
    print(f"fraudar  graph={rows}x{cols} edges={m.nnz} degree_exponent={exponent}")
    print(f"  baseline (degrees+weights+row sums): {t_base:.3f} s, peak {mem_base:.1f} MiB")
    for queue in ("heap", "blocked"):
        t_fr, blocks = timed(lambda q=queue: Fraudar(queue=q).detect(m))
        mem_fr = peak_mib(lambda q=queue: Fraudar(queue=q).detect(m))
        b = blocks[0]
        r, c = recovery(b.rows, graph.rows), recovery(b.cols, graph.cols)
        print(f"  fraudar queue={queue:7s} (1 block): {t_fr:.2f} s, peak {mem_fr:.1f} MiB"
              f"  -> {t_fr / t_base:.0f}x time, {mem_fr / mem_base:.1f}x memory of baseline")
        print(f"    top block {len(b.rows)}x{len(b.cols)} density {b.density:.2f}; injected 20x20:"
              f" rows P/R/F1 {r.precision:.2f}/{r.recall:.2f}/{r.f1:.2f},"
              f" cols {c.precision:.2f}/{c.recall:.2f}/{c.f1:.2f}")


def bench_camouflage(seeds: int) -> None:
    print("camouflage recovery: 3000x1500 power-law graph (exponent 2.5, 12k edges), 20x20 block, "
          f"mean over {seeds} seeds")
    for exponent in (2.5, 2.0):
        for mode in CAMOUFLAGE_MODES:
            stats = []
            for s in range(seeds):
                rng = np.random.default_rng(1000 + s)
                g = inject_block(powerlaw_bipartite(3000, 1500, 12000, rng, exponent=exponent), 20, 20, rng,
                                 camouflage=mode)
                b = Fraudar().detect(g.matrix)[0]
                r, c = recovery(b.rows, g.rows), recovery(b.cols, g.cols)
                stats.append([r.precision, r.recall, r.f1, c.precision, c.recall, c.f1])
            mean = np.mean(stats, axis=0)
            print(f"  exponent {exponent} {mode:13s} rows P/R/F1 {mean[0]:.2f}/{mean[1]:.2f}/{mean[2]:.2f}"
                  f"  cols P/R/F1 {mean[3]:.2f}/{mean[4]:.2f}/{mean[5]:.2f}")


def synchro_actions(rng: np.random.Generator, n_acc: int, per_acc: int,
                    n_bad: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, set[int]]:
    """Benign accounts at random times over 2 days on 5,000 Zipf-popular templates, plus a lockstep campaign."""
    counts = rng.poisson(per_acc, n_acc)
    acc = np.repeat(np.arange(n_acc), counts)
    t = rng.uniform(0, 2 * 86400, len(acc))
    con = rng.zipf(1.3, len(acc)) % 5000
    jobs_t, jobs_c = np.sort(rng.uniform(0, 2 * 86400, 200)), rng.zipf(1.3, 200) % 5000
    bad = set(range(n_acc, n_acc + n_bad))
    acc = np.concatenate([acc, np.repeat(np.arange(n_acc, n_acc + n_bad), 200)])
    t = np.concatenate([t, np.tile(jobs_t, n_bad) + rng.uniform(0, 10, 200 * n_bad)])
    con = np.concatenate([con, np.tile(jobs_c, n_bad)])
    return acc, t, con, bad


def bench_synchro(scale: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_acc = int(20_000 * scale)
    acc, t, con, bad = synchro_actions(rng, n_acc, 150, 50)
    t_base, _ = timed(lambda: np.lexsort((t, con)), repeat=3)
    trap = SynchroTrap(tolerance_s=30, fanout_cap=200)
    t_sy, res = timed(lambda: trap.detect(acc, t, con))
    found = set(res.groups[0].members) if res.groups else set()
    print(f"synchrotrap  accounts={n_acc + len(bad)} actions={len(acc)}")
    print(f"  baseline (lexsort by constraint, time): {t_base:.2f} s")
    print(f"  synchrotrap: {t_sy:.2f} s -> {t_sy / t_base:.1f}x baseline; candidate pairs {res.candidate_pairs},"
          f" constraint-slices over cap {res.skipped_constraints}")
    print(f"  groups {len(res.groups)}; campaign of {len(bad)}: recall {len(found & bad) / len(bad):.2f},"
          f" benign accounts linked {sum(len(set(g.members) - bad) for g in res.groups)}")


def bench_attributes(scale: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_acc = int(20_000 * scale)
    # Request-level facts: ~100 requests per account from 2-8 distinct /24 prefixes (home, office, mobile),
    # 30% of accounts behind one of 20 carrier NATs; prefixes Zipf-popular over a pool of 400k.
    n_prefixes = rng.integers(2, 9, n_acc)
    owner = np.repeat(np.arange(n_acc), n_prefixes)
    prefix = np.char.add("10.", (rng.zipf(1.2, len(owner)) % 400_000).astype(str))
    nat = np.repeat(rng.random(n_acc) < 0.3, n_prefixes) & (rng.random(len(owner)) < 0.5)
    prefix = np.where(nat, np.char.add("nat-", rng.integers(0, 20, len(owner)).astype(str)), prefix)
    reqs = rng.poisson(100 / n_prefixes.mean(), len(owner)) + 1
    acc = [np.repeat(owner, reqs)]
    attr = [np.full(int(reqs.sum()), "ip_prefix")]
    val = [np.repeat(prefix, reqs)]
    for name, pool in (("payment", None), ("org", 4000), ("user_agent", 6)):
        acc.append(np.arange(n_acc))
        attr.append(np.full(n_acc, name))
        val.append(np.arange(n_acc).astype(str) if pool is None else rng.integers(0, pool, n_acc).astype(str))
    ring = np.arange(n_acc, n_acc + 30)
    for name, values in (("payment", (ring % 6).astype(str)), ("ip_prefix", np.full(30, "203.0.113")),
                         ("user_agent", np.full(30, "harvest-bot/0.3"))):
        acc.append(ring)
        attr.append(np.full(30, name))
        val.append(np.char.add("ring-", values))
    a, k, v = np.concatenate(acc), np.concatenate(attr), np.concatenate(val)

    def baseline() -> sp.csr_matrix:
        _, ac = np.unique(a, return_inverse=True)
        _, kc = np.unique(k, return_inverse=True)
        vl, vc = np.unique(v, return_inverse=True)
        _, tc = np.unique(kc * len(vl) + vc, return_inverse=True)
        return sp.csr_matrix((np.ones(len(ac)), (ac, tc)))

    t_base, _ = timed(baseline, repeat=3)
    linker = AttributeLinker(cap=50, min_edge_weight=1.0)
    t_ag, res = timed(lambda: linker.detect(a, k, v))
    in_ring = set(ring.tolist())
    found = set().union(*(set(g.members) for g in res.groups)) if res.groups else set()
    print(f"attribute graph  accounts={n_acc + 30} facts={len(a)}")
    print(f"  baseline (incidence matrix): {t_base:.2f} s")
    print(f"  attribute graph: {t_ag:.2f} s -> {t_ag / t_base:.1f}x baseline; edges {res.graph.adjacency.nnz // 2},"
          f" values over cap {res.graph.skipped_values}")
    print(f"  groups {len(res.groups)}; ring of 30 in groups: {len(found & in_ring)},"
          f" other accounts in groups: {len(found - in_ring)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10x smaller inputs")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    for exponent in (3.0, 2.5):
        bench_fraudar(scale, exponent, args.seed)
    bench_camouflage(2 if args.quick else 5)
    bench_synchro(scale, args.seed)
    bench_attributes(scale, args.seed)


if __name__ == "__main__":
    main()
