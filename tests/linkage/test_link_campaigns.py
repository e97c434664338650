"""Campaign assembly: linked groups are confirmed only by distillation-specific evidence."""

from __future__ import annotations

import numpy as np

from antidistill.linkage.campaigns import CampaignAssembler, LinkageInputs


def _inputs(rng: np.random.Generator) -> tuple[LinkageInputs, list[str], list[str]]:
    n = 2_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    ring = list(range(0, 12))  # a harvesting ring: shared card and network, strong specific evidence
    office = list(range(100, 112))  # an honest company: shared card and network, no specific evidence
    evidence[ring] = rng.uniform(2.0, 4.0, len(ring))
    evidence[office] = 0.0
    fa, fattr, fval = [], [], []
    for i in range(n):  # everyone: an own card, a network shared by ~8 random accounts, a popular SDK
        fa += [i, i, i]
        fattr += ["payment", "network", "user_agent"]
        fval += [f"card-{i}", f"net-{rng.integers(0, n // 8)}", "sdk/1.0"]
    for group, tag in ((ring, "ring"), (office, "office")):
        for i in group:
            fa += [i, i]
            fattr += ["payment", "network"]
            fval += [f"card-{tag}", f"net-{tag}"]
    empty = np.array([], dtype=np.int64)
    inputs = LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                           np.array(fval, dtype=object), empty, np.array([], dtype=np.float64), empty)
    return inputs, [f"a{i}" for i in ring], [f"a{i}" for i in office]


def test_ring_confirmed_office_linked_but_not_confirmed() -> None:
    inputs, ring, office = _inputs(np.random.default_rng(5))
    found = CampaignAssembler(alpha=1e-3).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1 and set(confirmed[0].members) == set(ring)
    top = confirmed[0].indicators[0]
    assert top.attribute in ("payment", "network") and top.accounts_in_campaign == 12
    assert any(set(c.members) == set(office) and not c.confirmed for c in found)
    assert all(i.value != "sdk/1.0" for c in found for i in c.indicators)  # popular values say nothing
