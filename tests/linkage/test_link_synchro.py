from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from antidistill.linkage.rarity import RARITY_WEIGHTS
from antidistill.linkage.synchro import SynchroTrap


def _benign_and_campaign(rng: np.random.Generator, n_benign: int = 400, n_bad: int = 15,
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, set[str]]:
    """Benign accounts act at random times on shared templates; a campaign replays one schedule within seconds."""
    accounts, times, cons = [], [], []
    for a in range(n_benign):
        k = int(rng.integers(5, 60))
        accounts += [f"user-{a}"] * k
        times += rng.uniform(0, 2 * 86400, k).tolist()
        # 40 shared templates (Zipf-popular) plus a default template everyone uses.
        cons += [f"tpl-{x % 40}" for x in rng.zipf(1.5, k)]
        accounts.append(f"user-{a}")
        times.append(float(rng.uniform(0, 2 * 86400)))
        cons.append("tpl-default")
    schedule_t = np.sort(rng.uniform(0, 2 * 86400, 40))
    schedule_c = [f"tpl-{x % 40}" for x in rng.zipf(1.5, 40)]
    bad = {f"bot-{b}" for b in range(n_bad)}
    for b in sorted(bad):
        accounts += [b] * 40
        times += (schedule_t + rng.uniform(0, 8, 40)).tolist()  # the same jobs, fired within 8 s
        cons += schedule_c
    return np.array(accounts), np.array(times), np.array(cons), bad


def test_coordinated_group_links_and_independent_accounts_do_not() -> None:
    rng = np.random.default_rng(4)
    accounts, times, cons, bad = _benign_and_campaign(rng)
    result = SynchroTrap(tolerance_s=30, fanout_cap=100).detect(accounts, times, cons)
    assert len(result.groups) == 1
    [group] = result.groups
    assert set(group.members) == bad
    assert group.mean_similarity > 0.9
    assert group.slices == (0, 1)
    assert all(p.a in bad and p.b in bad for p in result.pairs)
    assert len(result.pairs) == len(bad) * (len(bad) - 1) // 2
    # Evidence names the templates the campaign replayed, each by all of its accounts.
    assert group.evidence[0].accounts == len(bad)
    # Each replayed job is one matched action per campaign account, counted once however many partners matched it.
    assert all(e.matched_actions % len(bad) == 0 and e.accounts == len(bad) for e in group.evidence)
    assert sum(e.matched_actions for e in group.evidence) <= 40 * len(bad)
    assert str(group.evidence[0].constraint).startswith("tpl-")
    # The default template (used by all 415 accounts) was over the fan-out cap and skipped.
    assert result.skipped_constraints >= 2


def test_bucketing_agrees_with_all_pairs_reference() -> None:
    """The bucketed, vectorised similarity equals a direct all-pairs computation of the definition."""
    rng = np.random.default_rng(9)
    n = 300
    acc = rng.integers(0, 12, n)
    t = rng.uniform(0, 3 * 3600, n)
    con = rng.integers(0, 6, n)
    trap = SynchroTrap(tolerance_s=120, slice_s=3600, threshold=1e-9, min_matched=1, fanout_cap=10)
    got = {(p.a, p.b): p.similarity for p in trap.detect(acc, t, con).pairs}
    expected: dict[tuple[int, int], float] = {}
    rarity = RARITY_WEIGHTS.create("inverse_log")
    for s in range(3):
        in_s = np.floor(t / 3600) == s
        fan = {c: len(set(acc[in_s & (con == c)])) for c in range(6)}
        weight = {c: (float(rarity.weights(np.array([fan[c]]), len(set(acc[in_s])))[0]) if fan[c] <= 10 else 0.0)
                  for c in range(6)}
        for a, b in itertools.combinations(sorted(set(acc[in_s])), 2):
            ia, ib = np.flatnonzero(in_s & (acc == a)), np.flatnonzero(in_s & (acc == b))

            def matched(xs: np.ndarray, ys: np.ndarray, weight: dict[int, float] = weight,
                        fan: dict[int, int] = fan) -> float:
                return sum(weight[con[x]] for x in xs if fan[con[x]] <= 10 and any(
                    con[y] == con[x] and abs(t[y] - t[x]) <= 120 for y in ys))
            den = sum(weight[con[x]] for x in ia) + sum(weight[con[x]] for x in ib)
            sim = (matched(ia, ib) + matched(ib, ia)) / den
            if sim > 0:
                expected[(a, b)] = max(expected.get((a, b), 0.0), sim)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key


def test_popular_constraint_above_cap_does_not_link() -> None:
    """Accounts that only ever share a hugely popular constraint stay unlinked, however close in time."""
    rng = np.random.default_rng(1)
    n_acc = 150
    acc = np.repeat(np.arange(n_acc), 10)
    t = np.tile(np.arange(10) * 600.0, n_acc) + rng.uniform(0, 5, n_acc * 10)
    con = np.full(n_acc * 10, "sdk-default-user-agent")
    assert SynchroTrap(fanout_cap=100).detect(acc, t, con).groups == ()
    # With the cap lifted, everyone links into one blob: that is what the cap is for.
    blob = SynchroTrap(fanout_cap=1000).detect(acc, t, con)
    assert len(blob.groups) == 1 and len(blob.groups[0].members) == n_acc


def test_real_arrival_times_do_not_link_independent_accounts(shared_data: Path) -> None:
    """Real Azure arrival times, dealt at random to 200 accounts with 20 shared templates, form no group;
    a campaign of 8 accounts replaying jobs within 2 s among them is found."""
    lines = (shared_data / "azure-llm-2023" / "AzureLLMInferenceTrace_conv.csv").read_text().split("\n")[1:]
    stamps = np.array([np.datetime64(x.split(",")[0][:26]) for x in lines if x], dtype="datetime64[us]")
    t = (stamps - stamps.min()).astype(np.float64) / 1e6
    rng = np.random.default_rng(3)
    acc = rng.integers(0, 200, len(t))
    con = rng.integers(0, 20, len(t))
    jobs_t, jobs_c = np.sort(rng.uniform(0, 3000, 30)), rng.integers(0, 20, 30)
    bad_acc = np.repeat(np.arange(1000, 1008), 30)
    bad_t = np.tile(jobs_t, 8) + rng.uniform(0, 2, 240)
    result = SynchroTrap(tolerance_s=5, fanout_cap=250).detect(
        np.concatenate([acc, bad_acc]), np.concatenate([t, bad_t]), np.concatenate([con, np.tile(jobs_c, 8)]))
    assert [set(g.members) for g in result.groups] == [set(range(1000, 1008))]


def test_bad_inputs_name_the_argument() -> None:
    with pytest.raises(ValueError, match="times: length 2 differs from accounts length 3"):
        SynchroTrap().detect(np.arange(3), np.arange(2), np.arange(3))
    with pytest.raises(ValueError, match="times: entry 1 is not a finite number"):
        SynchroTrap().detect(np.arange(3), np.array([0, np.nan, 1]), np.arange(3))
    with pytest.raises(KeyError, match="unknown rarity weight 'tfidf'"):
        SynchroTrap(rarity="tfidf")
    with pytest.raises(ValueError, match="fanout_cap"):
        SynchroTrap(fanout_cap=1)


def test_no_actions_gives_no_groups() -> None:
    """Campaign assembly passes an empty selection when no account has specific evidence (a scan of a few
    hundred exchanges behind the lab's gateway)."""
    empty = np.array([], dtype=np.int64)
    result = SynchroTrap().detect(empty, np.array([], dtype=np.float64), empty)
    assert result.groups == () and result.pairs == ()
