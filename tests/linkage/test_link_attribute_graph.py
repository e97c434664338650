from __future__ import annotations

import itertools

import numpy as np
import pytest

from antidistill.linkage.attribute_graph import AttributeLinker


def _population(rng: np.random.Generator) -> tuple[list[str], list[str], list[str], set[str]]:
    """2,000 ordinary accounts behind shared NATs, popular user agents and a few orgs; a ring of 12 chained
    by two payment fingerprints, a rare residential IP prefix and a rare user agent."""
    acc: list[str] = []
    attr: list[str] = []
    val: list[str] = []

    def add(a: str, k: str, v: str) -> None:
        acc.append(a)
        attr.append(k)
        val.append(v)

    for i in range(2000):
        a = f"user-{i}"
        add(a, "ip_prefix", f"nat-{rng.integers(0, 8)}" if rng.random() < 0.5 else f"10.{rng.integers(0, 3000)}.0/24")
        add(a, "user_agent", f"openai-python/1.{rng.integers(0, 5)}")
        add(a, "payment", f"card-{i}")  # everyone pays with their own card
        add(a, "org", f"org-{rng.integers(0, 400)}")  # small orgs: 5 accounts each on average
    ring = {f"ring-{i}" for i in range(12)}
    for i, a in enumerate(sorted(ring)):
        add(a, "payment", f"card-shared-{i % 2}")  # two cards, each behind six accounts
        add(a, "ip_prefix", "203.0.113.0/24" if i < 7 else "198.51.100.0/24")
        add(a, "user_agent", "harvest-bot/0.3")
        add(a, "org", f"org-{rng.integers(0, 400)}")  # blends into ordinary orgs
    return acc, attr, val, ring


def test_ring_is_found_and_popular_values_say_nothing() -> None:
    rng = np.random.default_rng(6)
    acc, attr, val, ring = _population(rng)
    result = AttributeLinker(cap=50, min_edge_weight=1.0).detect(acc, attr, val)
    # Ring accounts that share card, prefix and agent (1/log 7 + 1/log 8 or 1/log 6 + 1/log 13 >= 1) link;
    # sharing only two of them stays under the threshold. No ordinary account links at all.
    ring_sorted = sorted(ring)
    classes: dict[tuple[int, bool], set[str]] = {}
    for i, a in enumerate(ring_sorted):
        classes.setdefault((i % 2, i < 7), set()).add(a)
    assert sorted(map(sorted, (set(g.members) for g in result.groups))) == sorted(map(sorted, classes.values()))
    # Payment fingerprints are strong evidence: weighting them double joins each card's six accounts.
    by_card = AttributeLinker(cap=50, attribute_weights={"payment": 2.0}).detect(acc, attr, val)
    assert sorted(map(sorted, (set(g.members) for g in by_card.groups))) == [ring_sorted[0::2], ring_sorted[1::2]]
    group = by_card.groups[0]
    # Evidence is ranked by bits (how far each value narrows 2,012 accounts down), then by holders.
    bits = [e.bits for e in group.evidence]
    assert bits == sorted(bits, reverse=True)
    top = {(e.attribute, e.value) for e in group.evidence[:3]}
    assert ("payment", "card-shared-0") in top or ("payment", "card-shared-1") in top
    assert all(not e.value.startswith("nat-") and not e.value.startswith("openai-python") for e in group.evidence)
    assert result.graph.skipped_values >= 8 + 5  # every NAT and every SDK user agent is over the cap
    # A shared org (5 ordinary accounts on average) alone is below the edge threshold.
    assert all(e.holders_total <= 50 for e in group.evidence)


def test_edge_weights_match_the_definition() -> None:
    acc = ["a", "a", "b", "b", "c", "c", "d", "a", "b", "c", "d"]
    attr = ["ip", "ua", "ip", "ua", "ip", "card", "card", "org", "org", "org", "org"]
    val = ["p1", "x", "p1", "x", "p1", "k", "k", "o", "o", "o", "o"]
    graph = AttributeLinker(cap=3).build(acc, attr, val)
    index = {a: i for i, a in enumerate(graph.accounts.tolist())}
    holders = {("ip", "p1"): 3, ("ua", "x"): 2, ("card", "k"): 2, ("org", "o"): 4}
    held = {a: {(k, v) for x, k, v in zip(acc, attr, val, strict=True) if x == a} for a in index}
    dense = graph.adjacency.toarray()
    for u, v in itertools.combinations(index, 2):
        expected = sum(1 / np.log1p(holders[t]) for t in held[u] & held[v] if holders[t] <= 3)
        assert dense[index[u], index[v]] == pytest.approx(expected), (u, v)
    assert graph.skipped_values == 1  # the org held by 4 > cap 3
    assert np.allclose(dense, dense.T) and not dense.diagonal().any()
    # Groups: components of the edges at or over the threshold, with their edge count and weight.
    [group] = AttributeLinker(cap=3, min_edge_weight=1.0).detect(acc, attr, val).groups
    strong = np.triu(np.where(dense >= 1.0, dense, 0.0))
    assert set(group.members) == {"a", "b"}  # ip + ua: 1/log 4 + 1/log 3 = 1.63; c-d share only the card (0.91)
    assert group.n_edges == np.count_nonzero(strong) == 1
    assert group.weight == pytest.approx(strong.sum())


def test_idf_scheme_and_attribute_multipliers() -> None:
    acc = ["a", "b", "a", "b", "c"]
    attr = ["card", "card", "ip", "ip", "ip"]
    val = ["k", "k", "p", "p", "q"]
    plain = AttributeLinker(rarity="idf", min_edge_weight=0.1).build(acc, attr, val)
    assert plain.adjacency[0, 1] == pytest.approx(2 * np.log(3 / 2))
    boosted = AttributeLinker(rarity="idf", attribute_weights={"card": 3.0}).build(acc, attr, val)
    assert boosted.adjacency[0, 1] == pytest.approx(4 * np.log(3 / 2))
    with pytest.raises(ValueError, match="attribute_weights: no such attribute in the input: asn"):
        AttributeLinker(attribute_weights={"asn": 2.0}).build(acc, attr, val)


def test_bad_inputs_name_the_argument() -> None:
    with pytest.raises(ValueError, match="values: length 1 differs from accounts length 2"):
        AttributeLinker().build(["a", "b"], ["ip", "ip"], ["p"])
    with pytest.raises(ValueError, match="cap: must be at least 2"):
        AttributeLinker(cap=1)
