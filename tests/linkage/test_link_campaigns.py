"""Campaign assembly: linked groups are confirmed only by distillation-specific evidence."""

from __future__ import annotations

import numpy as np

from antidistill.linkage.campaigns import CampaignAssembler, LinkageInputs


def _facts_only(accounts: np.ndarray, evidence: np.ndarray, fa: list[int], fattr: list[str],
                fval: list[str]) -> LinkageInputs:
    """Linkage inputs with shared-attribute facts and no synchronisation actions."""
    empty = np.array([], dtype=np.int64)
    return LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                         np.array(fval, dtype=object), empty, np.array([], dtype=np.float64), empty)


def _ordinary_population(seed: int, n: int = 2_000) -> tuple[np.ndarray, np.ndarray]:
    """Account ids and specific evidence of an ordinary population (everyone below one robust unit)."""
    rng = np.random.default_rng(seed)
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    evidence[evidence >= 1.0] = 0.9
    return accounts, evidence


def _ring_facts(ring: list[int]) -> tuple[list[int], list[str], list[str]]:
    """A harvesting ring's shared card and network."""
    fa, fattr, fval = [], [], []
    for i in ring:
        fa += [i, i]
        fattr += ["payment", "network"]
        fval += ["card-ring", "net-ring"]
    return fa, fattr, fval


def _wrapper_actions(senders: list[int], acts_a: list[int], acts_t: list[float], acts_c: list[int]) -> None:
    """Each sender: mostly the campaign's three wrappers, some everyday prompts of its own."""
    for i in senders:
        for j in range(30):
            acts_a.append(i)
            acts_t.append(float(1000 * i + j * 3600))
            acts_c.append(100 + j % 3 if j % 5 else 10_000 + 100 * i + j)


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
    inputs = _facts_only(accounts, evidence, fa, fattr, fval)
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


def test_widely_shared_value_is_tested_as_a_group() -> None:
    """A card behind 80 harvesting accounts (above the pair cap) is a campaign; a campus network behind
    80 students is not, and a value most of the population holds is never a group."""
    rng = np.random.default_rng(6)
    n = 3_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    proxy, campus = list(range(0, 80)), list(range(500, 580))
    evidence[proxy] = rng.uniform(1.5, 3.5, len(proxy))
    fa, fattr, fval = [], [], []
    for i in range(n):
        fa += [i, i]
        fattr += ["payment", "user_agent"]
        fval += ["card-proxy" if i in proxy else f"card-{i}", "sdk/1.0"]
    for i in campus:
        fa.append(i)
        fattr.append("network")
        fval.append("net-campus")
    inputs = _facts_only(accounts, evidence, fa, fattr, fval)
    found = CampaignAssembler(alpha=1e-3, attribute_cap=50).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1 and set(confirmed[0].members) == {f"a{i}" for i in proxy}
    assert confirmed[0].indicators[0].value == "card-proxy" and confirmed[0].indicators[0].accounts_in_campaign == 80
    assert any(set(c.members) == {f"a{i}" for i in campus} and not c.confirmed for c in found)
    assert all(len(c.members) < n for c in found)  # the SDK everyone uses is no candidate


def test_mixed_widely_shared_value_keeps_only_members_with_evidence() -> None:
    """A proxy /24 carrying a ring and honest resold users: confirmed, but only the ring becomes members,
    and a user agent shared by the same crowd forms no group at all."""
    rng = np.random.default_rng(7)
    n = 3_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    evidence[evidence >= 1.0] = 0.9
    ring, resold = list(range(0, 60)), list(range(60, 90))
    evidence[ring] = rng.uniform(1.5, 3.5, len(ring))
    fa, fattr, fval = [], [], []
    for i in ring + resold:
        fa += [i, i]
        fattr += ["network", "user_agent"]
        fval += ["net-proxy", "langchain/0.2"]
    inputs = _facts_only(accounts, evidence, fa, fattr, fval)
    found = CampaignAssembler(alpha=1e-3, attribute_cap=50).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1 and set(confirmed[0].members) == {f"a{i}" for i in ring}
    assert confirmed[0].indicators[0].accounts_total == 90
    assert all(i.attribute != "user_agent" for c in found for i in c.indicators)


def test_large_group_needs_a_large_mean_not_just_significance() -> None:
    """With 1,000 members a tiny shift of the mean is 'significant'; it must also be substantial."""
    rng = np.random.default_rng(9)
    n = 20_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    big = np.arange(1_000)
    evidence[big] += 0.15  # slightly above ordinary, far below one robust unit
    fa = big.tolist()
    inputs = LinkageInputs(accounts, evidence, np.array(fa), np.array(["network"] * len(fa), dtype=object),
                           np.array(["egress"] * len(fa), dtype=object), np.array([], dtype=np.int64),
                           np.array([], dtype=np.float64), np.array([], dtype=np.int64))
    found = CampaignAssembler(alpha=1e-3, attribute_cap=50).assemble(inputs, null_mean=0.2, null_sd=0.5)
    assert found and not any(c.confirmed for c in found)


def test_confirmed_slices_sharing_a_rare_value_merge_and_nothing_else_joins() -> None:
    """Two harvesting rings on different cards behind one proxy /24 are one campaign; an honest office
    behind the same /24 stays out of it."""
    rng = np.random.default_rng(11)
    n = 2_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    ring1, ring2, office = list(range(0, 6)), list(range(10, 16)), list(range(20, 26))
    evidence[ring1 + ring2] = rng.uniform(2.0, 4.0, 12)
    evidence[office] = 0.0
    fa, fattr, fval = [], [], []
    for i in range(n):
        fa.append(i)
        fattr.append("payment")
        fval.append(f"card-{i}")
    for group, tag in ((ring1, "r1"), (ring2, "r2"), (office, "office")):
        for i in group:
            fa += [i, i]
            fattr += ["payment", "network"]
            fval += [f"card-{tag}", f"net-{tag}"]
    for i in (ring1[0], ring2[0], office[0]):  # one member of each behind the same proxy block
        fa.append(i)
        fattr.append("network")
        fval.append("net-proxy")
    inputs = _facts_only(accounts, evidence, fa, fattr, fval)
    found = CampaignAssembler(alpha=1e-3).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1
    assert set(confirmed[0].members) == {f"a{i}" for i in ring1 + ring2}


def test_unlinked_suspects_attributed_by_the_campaigns_templates() -> None:
    """Members on cards of their own join the campaign whose templates carry their traffic; an account
    with evidence but other templates, and an ordinary account with the same templates, do not."""
    accounts, evidence = _ordinary_population(12)
    rng = np.random.default_rng(12)
    ring, loose, other, ordinary = list(range(0, 8)), list(range(8, 14)), 14, 15
    evidence[ring + loose + [other]] = rng.uniform(2.0, 4.0, len(ring) + len(loose) + 1)
    fa, fattr, fval = _ring_facts(ring)
    acts_a: list[int] = []
    acts_t: list[float] = []
    acts_c: list[int] = []
    _wrapper_actions(ring + loose + [ordinary], acts_a, acts_t, acts_c)
    for j in range(30):
        acts_a.append(other)
        acts_t.append(float(j * 7200))
        acts_c.append(500 + j % 4)
    inputs = LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                           np.array(fval, dtype=object), np.array(acts_a), np.array(acts_t),
                           np.array(acts_c, dtype=np.uint64))
    found = CampaignAssembler(alpha=1e-3, sync_threshold=0.99).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1
    assert set(confirmed[0].members) == {f"a{i}" for i in ring + loose}
    assert "shared_templates" in confirmed[0].sources


def test_watch_account_attributed_by_harvest_templates_not_ordinary_or_other_templates() -> None:
    """An account in the tail of the score without specific evidence (a volume harvester asking for answers)
    joins the confirmed campaign whose harvest wrappers carry its traffic; an ordinary account sending the same
    wrappers does not, nor does a tail account sending other templates; and tail accounts never feed
    synchronisation (a group of them alone confirms nothing)."""
    accounts, evidence = _ordinary_population(13)
    n = len(accounts)
    rng = np.random.default_rng(13)
    ring, harvester, ordinary, busy_other = list(range(0, 8)), 20, 21, 22
    volume_ring = list(range(30, 36))  # tail accounts synchronised among themselves on their own wrappers
    evidence[ring] = rng.uniform(2.0, 4.0, len(ring))
    evidence[[harvester, ordinary, busy_other, *volume_ring]] = 0.0
    fa, fattr, fval = _ring_facts(ring)
    acts_a: list[int] = []
    acts_t: list[float] = []
    acts_c: list[int] = []
    _wrapper_actions([*ring, harvester, ordinary], acts_a, acts_t, acts_c)
    for i in [busy_other, *volume_ring]:
        for j in range(30):
            acts_a.append(i)
            acts_t.append(float(j * 3600 + i))
            acts_c.append(700 + j % 3)
    associates = np.zeros(n, dtype=bool)
    associates[[harvester, busy_other, *volume_ring]] = True
    flagged = evidence >= 1.0
    order = np.argsort(np.array(acts_a), kind="stable")
    inputs = LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                           np.array(fval, dtype=object), np.array(acts_a)[order], np.array(acts_t)[order],
                           np.array(acts_c, dtype=np.uint64)[order], flagged=flagged, associates=associates)
    found = CampaignAssembler(alpha=1e-3, sync_threshold=0.5).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1
    assert set(confirmed[0].members) == {f"a{i}" for i in [*ring, harvester]}
    assert not any(f"a{i}" in c.members for c in found for i in volume_ring)


def test_value_too_weak_for_an_edge_is_still_a_candidate_group() -> None:
    """A /24 behind 20 harvesting accounts and nothing else ties no pair in the graph (1/ln 21 < 1), but its
    holders are tested as a group and confirmed; an office of 20 behind one network is not."""
    rng = np.random.default_rng(14)
    n = 2_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    proxy, office = list(range(0, 20)), list(range(100, 120))
    evidence[proxy] = rng.uniform(1.5, 3.0, len(proxy))
    evidence[office] = 0.0
    fa, fattr, fval = [], [], []
    for i in range(n):
        fa.append(i)
        fattr.append("payment")
        fval.append(f"card-{i}")
    for group, tag in ((proxy, "proxy"), (office, "office")):
        for i in group:
            fa.append(i)
            fattr.append("network")
            fval.append(f"net-{tag}")
    found = CampaignAssembler(alpha=1e-3).assemble(_facts_only(accounts, evidence, fa, fattr, fval),
                                                   null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert [set(c.members) for c in confirmed] == [{f"a{i}" for i in proxy}]
    assert any(set(c.members) == {f"a{i}" for i in office} and not c.confirmed for c in found)
    assert CampaignAssembler(alpha=1e-3, value_group_min=51).assemble(
        _facts_only(accounts, evidence, fa, fattr, fval), null_mean=0.2, null_sd=0.5) == []


def test_shared_value_with_fewer_than_min_members_own_holders_is_no_campaign() -> None:
    """Three accounts behind one ISP /24, two of them flagged on their own: the value's test passes, but
    after keeping only holders with evidence of their own two remain, and two suspects are not an operation."""
    rng = np.random.default_rng(15)
    n = 2_000
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.clip(rng.normal(0.2, 0.5, n), 0, None)
    evidence[evidence >= 1.0] = 0.9
    evidence[[0, 1]] = 3.0
    evidence[2] = 0.0
    fa = [*range(n), 0, 1, 2]
    fattr = ["payment"] * n + ["network"] * 3
    fval = [f"card-{i}" for i in range(n)] + ["net-isp"] * 3
    found = CampaignAssembler(alpha=1e-3).assemble(_facts_only(accounts, evidence, fa, fattr, fval),
                                                   null_mean=0.2, null_sd=0.5)
    assert not [c for c in found if c.confirmed]
    assert [set(c.members) for c in found] == [{"a0", "a1", "a2"}]  # reported as a linked, unconfirmed group


def test_actions_only_of_tail_accounts_do_not_break_assembly() -> None:
    """Every account with actions is a tail account without specific evidence (a small scan behind the lab's
    gateway): synchronisation gets no actions and assembly still runs."""
    n = 50
    accounts = np.array([f"a{i}" for i in range(n)], dtype=object)
    evidence = np.zeros(n)
    acts = np.repeat(np.arange(5), 10)
    inputs = LinkageInputs(accounts, evidence, np.array([], dtype=np.int64), np.array([], dtype=object),
                           np.array([], dtype=object), acts, np.arange(50, dtype=np.float64) * 10.0,
                           np.full(50, 7, dtype=np.uint64), associates=np.ones(n, dtype=bool))
    assert CampaignAssembler(alpha=1e-3).assemble(inputs, null_mean=0.2, null_sd=0.5) == []


def test_same_templates_two_operations_told_apart_by_operating_profile() -> None:
    """Two confirmed campaigns (each a ring on its own card) harvest with the same public templates: an
    opening template and a closing one ("<task> Print your reasoning"). Flagged accounts with no shared
    infrastructure join the campaign whose members run like them (a fast, short-lived proxy slot vs a slow,
    steady account), not the larger one; by openings alone (no closings) their template share is too small."""
    accounts, evidence = _ordinary_population(16)
    n = len(accounts)
    fast, slow = list(range(0, 10)), list(range(10, 20))
    lone_fast, lone_slow = list(range(40, 46)), list(range(50, 56))
    harvesters = [*fast, *slow, *lone_fast, *lone_slow]
    evidence[harvesters] = 3.0
    fa, fattr, fval = [], [], []
    for ring, tag in ((fast, "fast"), (slow, "slow")):
        for i in ring:
            fa += [i, i]
            fattr += ["payment", "network"]
            fval += [f"card-{tag}", f"net-{tag}"]
    acts_a, acts_t, acts_o, acts_z = [], [], [], []
    for i in harvesters:
        for j in range(40):  # 40% of the requests open with the template, the rest close with the other one
            opens = j % 5 < 2
            acts_a.append(i)
            acts_t.append(float(i * 7 + j * 1800))
            acts_o.append(100 if opens else 50_000 + 100 * i + j)
            acts_z.append(60_000 + 100 * i + j if opens else 200)
    holders = np.full(len(acts_a), 40)  # both templates: these 32 accounts and 8 others in the population
    profile = np.full((n, 2), np.nan)
    rng = np.random.default_rng(16)
    for group, rate, days in (((*fast, *lone_fast), 5.0, 1.0), ((*slow, *lone_slow), 3.5, 2.6)):
        for i in group:
            profile[i] = (rate + rng.normal(0, 0.1), days + rng.normal(0, 0.1))
    flagged = evidence >= 1.0
    base = dict(action_holders=holders, flagged=flagged, profile=profile)
    inputs = LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                           np.array(fval, dtype=object), np.array(acts_a), np.array(acts_t),
                           np.array(acts_o, dtype=np.uint64), action_closing=np.array(acts_z, dtype=np.uint64),
                           closing_holders=holders, **base)  # type: ignore[arg-type]
    found = [c for c in CampaignAssembler(alpha=1e-3).assemble(inputs, null_mean=0.2, null_sd=0.5) if c.confirmed]
    by_ring = {("fast" if "a0" in c.members else "slow"): set(c.members) for c in found}
    want = {"fast": {f"a{i}" for i in (*fast, *lone_fast)}, "slow": {f"a{i}" for i in (*slow, *lone_slow)}}
    assert by_ring == want, {k: " ".join(sorted(v)) for k, v in by_ring.items()}
    openings_only = LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                                  np.array(fval, dtype=object), np.array(acts_a), np.array(acts_t),
                                  np.array(acts_o, dtype=np.uint64), **base)  # type: ignore[arg-type]
    found = [c for c in CampaignAssembler(alpha=1e-3).assemble(openings_only, null_mean=0.2, null_sd=0.5)
             if c.confirmed]
    assert sorted(len(c.members) for c in found) == [10, 10]


def test_watch_account_on_a_campaigns_own_proxies_joins_it_not_on_a_mixed_proxy_or_when_clear() -> None:
    """A hydra rotates its accounts over its own proxy /24s; some accounts harvest with wording the classifier
    misses (no specific evidence, but in the score's tail: ``watch``). Such an account joins the confirmed
    campaign when most of its networks are the campaign's own and it works the way the members do; not a
    ``watch`` account on a reseller /24 that mostly carries ordinary accounts, not a ``clear`` account on the
    campaign's proxies, not a ``watch`` account on them that runs far outside the members' profile."""
    accounts, evidence = _ordinary_population(21)
    n = len(accounts)
    rng = np.random.default_rng(21)
    ring = list(range(10))
    hidden, clear_on_proxies, off_profile, on_resold = [20, 21, 22], 23, 24, 25
    ordinary_resold = list(range(100, 120))
    evidence[ring] = rng.uniform(2.0, 4.0, len(ring))
    evidence[[*hidden, clear_on_proxies, off_profile, on_resold]] = 0.0
    proxies = [f"10.9.{k}" for k in range(6)]
    held: list[tuple[int, str, str]] = []  # (account, attribute, value)
    for i in ring:
        held.append((i, "payment", "card-ring"))
        held += [(i, "network", str(v)) for v in rng.choice(proxies, 5, replace=False)]
    # a reseller's /24: three members and twenty ordinary accounts
    held += [(i, "network", "10.77.1") for i in ring[:3] + ordinary_resold + [on_resold]]
    for i in [*hidden, clear_on_proxies, off_profile]:
        held += [(i, "network", str(v)) for v in rng.choice(proxies, 4, replace=False)]
        held.append((i, "network", f"own-{i}"))  # one home network of its own
    fa = [h[0] for h in held]
    fattr = [h[1] for h in held]
    fval = [h[2] for h in held]
    associates = np.zeros(n, dtype=bool)
    associates[[*hidden, off_profile, on_resold]] = True
    profile = np.full((n, 2), np.nan)
    profile[ring] = np.column_stack([rng.uniform(4.0, 6.0, len(ring)), rng.uniform(10.0, 14.0, len(ring))])
    profile[[*hidden, clear_on_proxies, on_resold]] = [5.0, 12.0]
    profile[off_profile] = [5.0, 40.0]
    empty = np.array([], dtype=np.int64)
    inputs = LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object),
                           np.array(fval, dtype=object), empty, np.array([], dtype=np.float64), empty,
                           flagged=evidence >= 1.0, associates=associates, profile=profile)
    # a pool of proxies shared by more accounts than make a pairwise tie (``attribute_cap``), as a hydra's are
    found = CampaignAssembler(alpha=1e-3, attribute_cap=5).assemble(inputs, null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1
    assert set(confirmed[0].members) == {f"a{i}" for i in ring + hidden}
    assert "shared_infrastructure" in confirmed[0].sources
    # without the associates' own anomaly, the infrastructure alone makes no one a member
    bare = CampaignAssembler(alpha=1e-3, attribute_cap=5).assemble(
        LinkageInputs(accounts, evidence, np.array(fa), np.array(fattr, dtype=object), np.array(fval, dtype=object),
                      empty, np.array([], dtype=np.float64), empty, flagged=evidence >= 1.0, profile=profile),
        null_mean=0.2, null_sd=0.5)
    assert [set(c.members) for c in bare if c.confirmed] == [{f"a{i}" for i in ring}]


def test_every_shared_proxy_range_of_a_hydra_is_an_indicator_and_the_report_shows_the_top_ones() -> None:
    """A hydra spread over 20 proxy ranges, three accounts on each, with one card: all 20 ranges are
    indicators (the gateway links a replacement on any of them), not only the top few; report.html shows
    the first ``REPORT_INDICATORS`` and says how many more campaigns.json holds."""
    from antidistill.scan_campaigns import REPORT_INDICATORS, campaign_json, html_section

    accounts, evidence = _ordinary_population(11)
    rng = np.random.default_rng(11)
    hydra = list(range(60))
    evidence[hydra] = rng.uniform(2.0, 4.0, len(hydra))
    fa, fattr, fval = [], [], []
    for i in range(len(accounts)):
        fa += [i, i]
        fattr += ["payment", "network"]
        fval += ["card-hydra" if i in hydra else f"card-{i}",
                 f"proxy-{i // 3}" if i in hydra else f"net-{rng.integers(0, 250)}"]
    found = CampaignAssembler(alpha=1e-3).assemble(_facts_only(accounts, evidence, fa, fattr, fval),
                                                   null_mean=0.2, null_sd=0.5)
    confirmed = [c for c in found if c.confirmed]
    assert len(confirmed) == 1 and set(confirmed[0].members) == {f"a{i}" for i in hydra}
    ranges = {i.value for i in confirmed[0].indicators if i.attribute == "network"}
    assert ranges == {f"proxy-{k}" for k in range(20)}
    assert all(i.accounts_in_campaign == i.accounts_total for i in confirmed[0].indicators)
    assert len(campaign_json(confirmed[0])["indicators"]) == 21  # 20 ranges and the card
    page = html_section(confirmed, len(found))
    assert page.count("<td>network</td>") + page.count("<td>payment</td>") == REPORT_INDICATORS
    assert f"and {21 - REPORT_INDICATORS} more in campaigns.json" in page


def _anomaly_population(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[tuple[int, str, str]]]:
    """An ordinary population with 2% of its accounts in the score's tail (``watch``) at random, each account its
    own organisation, and four groups on shared infrastructure, none with distillation-specific evidence:

    * a cluster (accounts 0-11): twelve sign-ups of twelve organisations on one card and one /24, eleven of
      them in the tail;
    * an enterprise (100-111): twelve keys of one organisation behind its egress /24, all in the tail;
    * a campus /24 (200-239): forty organisations, three of them in the tail;
    * a specific-evidence ring (300-309) on its own card, as the first route confirms it.
    """
    accounts, evidence = _ordinary_population(seed)
    n = len(accounts)
    rng = np.random.default_rng(seed)
    associates = np.zeros(n, dtype=bool)
    associates[rng.choice(np.arange(400, n), 40, replace=False)] = True
    org = np.array([f"org-{i}" for i in range(n)], dtype=object)
    cluster, enterprise, campus, ring = list(range(12)), list(range(100, 112)), list(range(200, 240)), list(
        range(300, 310))
    associates[cluster[:11]] = True
    associates[enterprise] = True
    associates[campus[:3]] = True
    org[enterprise] = "org-enterprise"
    evidence[ring] = rng.uniform(2.0, 4.0, len(ring))
    held = [(i, "payment", "card-cluster") for i in cluster] + [(i, "network", "10.1.1") for i in cluster]
    held += [(i, "network", "10.2.2") for i in enterprise] + [(i, "org", "org-enterprise") for i in enterprise]
    held += [(i, "network", "10.3.3") for i in campus] + [(i, "payment", "card-ring") for i in ring]
    return accounts, evidence, associates, org, held


def _anomaly_inputs(seed: int, *, with_org: bool = True) -> LinkageInputs:
    accounts, evidence, associates, org, held = _anomaly_population(seed)
    empty = np.array([], dtype=np.int64)
    return LinkageInputs(accounts, evidence, np.array([h[0] for h in held]),
                         np.array([h[1] for h in held], dtype=object), np.array([h[2] for h in held], dtype=object),
                         empty, np.array([], dtype=np.float64), empty, flagged=evidence >= 1.0,
                         associates=associates, org=org if with_org else None)


def test_anomalous_accounts_of_many_organisations_on_one_card_confirmed_as_coordinated_anomaly() -> None:
    """A cluster of fraudulent sign-ups harvesting answers (no reasoning elicitation) on one card and one /24 is
    confirmed by the second route, keeping only its tail members; one enterprise's keys behind its own egress
    (one organisation) and a campus /24 with a few anomalous students are not; the ring with specific evidence
    is confirmed by the first route."""
    found = CampaignAssembler(alpha=1e-3).assemble(_anomaly_inputs(5), null_mean=0.2, null_sd=0.5)
    confirmed = {tuple(c.confirmed_by): c for c in found if c.confirmed}
    assert set(confirmed) == {("coordinated_anomaly",), ("specific_evidence",)}
    cluster = confirmed[("coordinated_anomaly",)]
    assert set(cluster.members) == {f"a{i}" for i in range(11)}  # the twelfth holder is not in the tail
    assert {i.value for i in cluster.indicators} >= {"card-cluster", "10.1.1"}
    assert cluster.p_value < 1e-10
    assert set(confirmed[("specific_evidence",)].members) == {f"a{i}" for i in range(300, 310)}
    members = {a for c in confirmed.values() for a in c.members}
    assert not members & {f"a{i}" for i in range(100, 240)}  # the enterprise and the campus


def test_coordinated_anomaly_needs_organisation_ids() -> None:
    """Without organisation ids one customer's keys and a cluster of sign-ups look alike: the route is off."""
    found = CampaignAssembler(alpha=1e-3).assemble(_anomaly_inputs(5, with_org=False), null_mean=0.2, null_sd=0.5)
    assert [c.confirmed_by for c in found if c.confirmed] == [["specific_evidence"]]


def test_coordinated_anomaly_counts_no_organisation_for_accounts_without_an_id() -> None:
    """The cluster's sign-ups carry no organisation id while the rest of the log does (a LiteLLM log where only
    some keys have a team): eleven keys of unknown organisations could be one customer's, so the route does not
    confirm them; with three of them identified as three organisations it does."""
    base = _anomaly_inputs(5)
    assert base.org is not None
    org = base.org.copy()
    org[:12] = None
    found = CampaignAssembler(alpha=1e-3).assemble(LinkageInputs(**{**base.__dict__, "org": org}),
                                                   null_mean=0.2, null_sd=0.5)
    assert [c.confirmed_by for c in found if c.confirmed] == [["specific_evidence"]]
    org[:3] = ["org-x", "org-y", "org-z"]
    found = CampaignAssembler(alpha=1e-3).assemble(LinkageInputs(**{**base.__dict__, "org": org}),
                                                   null_mean=0.2, null_sd=0.5)
    assert _routes(found)["coordinated_anomaly"] == {f"a{i}" for i in range(11)}


def test_accounts_repeating_a_handful_of_prompts_are_no_coordinated_anomaly() -> None:
    """The cluster's eleven tail accounts are CI smoke tests of eleven customers on a hosted CI provider's /24:
    each sends the same three prompts every half hour, so none of them harvests anything and the route does not
    confirm them; an account's first requests, all different, are not read as repetition, nor an account that
    sent tool rounds only."""
    base = _anomaly_inputs(5)
    n = len(base.accounts)
    requests, distinct = np.full(n, 200), np.full(n, 150)
    requests[:12], distinct[:12] = 672, 3
    found = CampaignAssembler(alpha=1e-3).assemble(
        LinkageInputs(**{**base.__dict__, "requests": requests, "distinct_prompts": distinct}),
        null_mean=0.2, null_sd=0.5)
    assert [c.confirmed_by for c in found if c.confirmed] == [["specific_evidence"]]
    requests[:12], distinct[:12] = 8, 8  # young accounts: eight requests, eight prompts
    found = CampaignAssembler(alpha=1e-3).assemble(
        LinkageInputs(**{**base.__dict__, "requests": requests, "distinct_prompts": distinct}),
        null_mean=0.2, null_sd=0.5)
    assert _routes(found)["coordinated_anomaly"] == {f"a{i}" for i in range(11)}
    # every request a tool round (the last message a tool result): no prompt was sent, so none repeats; a harvest
    # of an agent's next steps from fabricated tool results is still a cluster (the fifth held-out probe's)
    requests[:12], distinct[:12] = 0, 0
    found = CampaignAssembler(alpha=1e-3).assemble(
        LinkageInputs(**{**base.__dict__, "requests": requests, "distinct_prompts": distinct}),
        null_mean=0.2, null_sd=0.5)
    assert _routes(found)["coordinated_anomaly"] == {f"a{i}" for i in range(11)}


def test_synchronisation_only_on_harvest_templates_not_on_a_popular_honest_one() -> None:
    """Ten harvest accounts send their wrappers in lockstep; forty students send a study app's template in the same
    evening minutes, eight of them with some evidence of their own. The students' template is mostly sent by
    accounts without evidence: their coincidences link no one. The harvest's template, sent only by accounts with
    evidence, still links its ring."""
    accounts, evidence = _ordinary_population(21)
    ring, students = list(range(10)), list(range(100, 140))
    evidence[ring] = 2.5
    evidence[students] = 0.3
    evidence[students[:8]] = 1.2
    acts_a, acts_t, acts_c = [], [], []
    for day in range(5):
        for i in ring:
            for j in range(6):
                acts_a.append(i)
                acts_t.append(float(day * 86_400 + j * 600 + i))
                acts_c.append(100 + j % 3)
        for i in students[:8]:  # the students with evidence of their own (the only ones in the actions)
            for j in range(6):
                acts_a.append(i)
                acts_t.append(float(day * 86_400 + 70_000 + j * 600 + 3 * i))
                acts_c.append(900)
    order = np.argsort(np.array(acts_a), kind="stable")
    acts_c_arr = np.array(acts_c, dtype=np.uint64)[order]
    holders = np.where(acts_c_arr == 900, 40, 10)
    own_holders = np.where(acts_c_arr == 900, 8, 10)
    empty = np.array([], dtype=np.int64)
    base = LinkageInputs(accounts, evidence, empty, np.array([], dtype=object), np.array([], dtype=object),
                         np.array(acts_a)[order], np.array(acts_t, dtype=np.float64)[order], acts_c_arr,
                         action_holders=holders)
    found = CampaignAssembler(alpha=1e-3).assemble(base, null_mean=0.2, null_sd=0.5)
    assert _routes(found)["specific_evidence"] == {f"a{i}" for i in [*ring, *students[:8]]}  # without holder counts
    with_own = LinkageInputs(**{**base.__dict__, "action_own_holders": own_holders})
    found = CampaignAssembler(alpha=1e-3).assemble(with_own, null_mean=0.2, null_sd=0.5)
    assert _routes(found)["specific_evidence"] == {f"a{i}" for i in ring}


def test_coordinated_anomaly_is_a_test_against_the_populations_tail_share() -> None:
    """The null rate is the population's own tail share: when half the population is in the tail, the route
    has no contrast to test against and is off."""
    base = _anomaly_inputs(5)
    assert base.associates is not None
    crowded = base.associates.copy()
    crowded[np.arange(400, 1_400)] = True  # half the population in the tail
    found = CampaignAssembler(alpha=1e-3).assemble(
        LinkageInputs(**{**base.__dict__, "associates": crowded}), null_mean=0.2, null_sd=0.5)
    assert [c.confirmed_by for c in found if c.confirmed] == [["specific_evidence"]]


def _harness_inputs(seed: int, *, agent_harness: str = "h-agent") -> LinkageInputs:
    """The ordinary population of ``_anomaly_population`` plus harnesses (system prompts) and networks:

    * an agentic harvest (accounts 1000-1039, forty organisations) on one harness ``agent_harness``, ten accounts
      on each of four proxy /24s, four of each ten in the tail: no /24 has half its holders in the tail;
    * a popular honest tool (2000-ish users, a tenth of the population) on ``h-public``, in the tail at the
      population's rate, and one office /24 of ten of its users, three of them in the tail;
    * an enterprise (100-111, one organisation) on its own harness, all in the tail, on its egress /24;
    * a campus /24 (200-239) where five students, three in the tail, run the agent harness too.
    """
    accounts, evidence, associates, org, held = _anomaly_population(seed)
    held = [h for h in held if h[1] == "payment" and h[2] == "card-ring"]  # keep only the specific ring
    agent = list(range(1000, 1040))
    for k in range(4):
        members = agent[10 * k: 10 * k + 10]
        associates[members] = False
        associates[members[:4]] = True
        held += [(i, "network", f"10.9.{k}") for i in members]
    rng = np.random.default_rng(seed + 1)
    public = [int(i) for i in rng.choice(np.arange(1100, len(accounts)), 200, replace=False)]
    office = public[:10]
    associates[office] = False
    associates[office[:3]] = True
    held += [(i, "network", "10.8.8") for i in office]
    enterprise, campus = list(range(100, 112)), list(range(200, 240))
    held += [(i, "network", "10.2.2") for i in enterprise] + [(i, "network", "10.3.3") for i in campus]
    associates[campus] = False
    associates[campus[:3]] = True
    runs = [(i, agent_harness) for i in agent + campus[:5]] + [(i, "h-public") for i in public]
    runs += [(i, "h-enterprise") for i in enterprise]
    empty = np.array([], dtype=np.int64)
    return LinkageInputs(accounts, evidence, np.array([h[0] for h in held]),
                         np.array([h[1] for h in held], dtype=object), np.array([h[2] for h in held], dtype=object),
                         empty, np.array([], dtype=np.float64), empty, flagged=evidence >= 1.0,
                         associates=associates, org=org, harness_account=np.array([r[0] for r in runs]),
                         harness_value=np.array([r[1] for r in runs], dtype=object),
                         harness_share=np.ones(len(runs)))


def test_tail_accounts_running_an_enriched_harness_on_shared_networks_confirmed_as_coordinated_harness() -> None:
    """An agentic harvest whose accounts are in the tail four times as often as anyone, on one harness and on
    proxy /24s where every holder runs it, is confirmed (its tail accounts only) although no /24 has half its
    holders in the tail; a popular honest tool's office, one enterprise's own harness and a campus where a few
    students run the harvest's harness are not."""
    found = CampaignAssembler(alpha=1e-3).assemble(_harness_inputs(5), null_mean=0.2, null_sd=0.5)
    by_route = _routes(found)
    tail_agents = {f"a{1000 + 10 * k + j}" for k in range(4) for j in range(4)}
    assert by_route.get("coordinated_harness") == tail_agents
    assert "coordinated_anomaly" not in by_route
    assert by_route["specific_evidence"] == {f"a{i}" for i in range(300, 310)}
    harvest = [c for c in found if c.confirmed and c.confirmed_by == ["coordinated_harness"]]
    assert {(i.attribute, i.value) for c in harvest for i in c.indicators} == {
        ("harness", "h-agent"), *{("network", f"10.9.{k}") for k in range(4)}}


def _routes(found: list) -> dict[str, set[str]]:
    by_route: dict[str, set[str]] = {}
    for c in found:
        if c.confirmed:
            for route in c.confirmed_by:
                by_route.setdefault(route, set()).update(c.members)
    return by_route


def test_harvest_on_a_popular_harness_found_and_the_tools_honest_office_is_not() -> None:
    """The harvest on the popular tool's harness: its sixteen tail accounts among two hundred and forty runners are
    still an excess, so the harness is enriched; each harvest /24 is an excess of its own (4 of 10 in the tail),
    the office of the tool's honest users (3 of 10, at a tail share of about 4%) is not, and stays out. Nor do the
    tool's other users in the tail join by the harness: it is mostly run by ordinary accounts, nobody's harvest
    harness."""
    found = CampaignAssembler(alpha=1e-3).assemble(_harness_inputs(5, agent_harness="h-public"),
                                                   null_mean=0.2, null_sd=0.5)
    assert _routes(found).get("coordinated_harness") == {f"a{1000 + 10 * k + j}" for k in range(4) for j in range(4)}


def test_coordinated_harness_needs_the_harness_to_be_enriched_in_the_tail() -> None:
    """One /24 of the popular tool's users with 4 of its 10 holders in the tail is an excess on its own, but the
    harness it runs is not enriched (eleven tail runners among two hundred and forty, about what the population's
    rate gives), so nothing is confirmed: the route needs both."""
    base = _harness_inputs(5, agent_harness="h-public")
    assert base.associates is not None
    calm = base.associates.copy()
    calm[np.arange(1010, 1040)] = False  # only the first harvest /24 keeps its four tail accounts
    found = CampaignAssembler(alpha=1e-3).assemble(LinkageInputs(**{**base.__dict__, "associates": calm}),
                                                   null_mean=0.2, null_sd=0.5)
    assert [c.confirmed_by for c in found if c.confirmed] == [["specific_evidence"]]


def test_tail_accounts_running_a_campaigns_harvest_harness_join_it_without_shared_infrastructure() -> None:
    """The sign-up cluster of ``_anomaly_population`` (confirmed by the second route on its card and /24) runs one
    agent harness, and so do twelve more accounts of the operation (1100-1111) on addresses of their own, each its
    own organisation: the ten of them in the tail join the campaign by its harness (a harvest harness: 22 of its 25
    runners are members or in the tail); the two ordinary ones do not; a tail account that runs the harness in a
    fifth of its requests does not; a tail account on a popular honest tool's harness does not."""
    accounts, evidence, associates, org, held = _anomaly_population(5)
    rng = np.random.default_rng(6)
    thin = list(range(1100, 1112))
    light, public_user = 1112, 1113
    associates[[*thin, light, public_user]] = False
    associates[[*thin[:10], light, public_user]] = True
    public = [int(i) for i in rng.choice(np.arange(1200, len(accounts)), 200, replace=False)] + [public_user]
    runs = [(i, "h-agent", 0.9) for i in list(range(12)) + thin] + [(light, "h-agent", 0.2)]
    runs += [(i, "h-public", 1.0) for i in public]
    empty = np.array([], dtype=np.int64)
    inputs = LinkageInputs(accounts, evidence, np.array([h[0] for h in held]),
                           np.array([h[1] for h in held], dtype=object), np.array([h[2] for h in held], dtype=object),
                           empty, np.array([], dtype=np.float64), empty, flagged=evidence >= 1.0,
                           associates=associates, org=org, harness_account=np.array([r[0] for r in runs]),
                           harness_value=np.array([r[1] for r in runs], dtype=object),
                           harness_share=np.array([r[2] for r in runs]))
    found = CampaignAssembler(alpha=1e-3).assemble(inputs, null_mean=0.2, null_sd=0.5)
    cluster = [c for c in found if c.confirmed and "coordinated_anomaly" in c.confirmed_by]
    assert len(cluster) == 1
    assert set(cluster[0].members) == {f"a{i}" for i in [*range(11), *thin[:10]]}
    assert "shared_harness" in cluster[0].sources
    members = {a for c in found if c.confirmed for a in c.members}
    assert not members & {f"a{i}" for i in [*thin[10:], light, public_user]}
    # without the run shares (a store that cannot say how much of an account's traffic a harness carries) no one
    # joins this way
    found = CampaignAssembler(alpha=1e-3).assemble(LinkageInputs(**{**inputs.__dict__, "harness_share": None}),
                                                   null_mean=0.2, null_sd=0.5)
    members = {a for c in found if c.confirmed for a in c.members}
    assert not members & {f"a{i}" for i in thin}


def test_grades_tie_no_campaign_by_what_is_sent_only_by_who_sends_it() -> None:
    """Three LLM-as-judge products on one published rubric share its opening: their only specific evidence is
    asking for grades, so the shared wrapper ties no campaign. The same three on one card are an operation (a
    reward-model harvest spread over accounts), and three accounts sharing a wrapper for the reasoning itself
    are confirmed on the wrapper alone."""
    accounts, evidence = _ordinary_population(11)
    graders, askers = [0, 1, 2], [10, 11, 12]
    evidence[graders + askers] = [3.1, 2.9, 3.0, 3.2, 2.8, 3.0]
    ungraded = evidence.copy()
    ungraded[graders] = [0.1, 0.0, 0.2]  # the grades taken out
    fa = graders + askers
    fattr = ["wrapper"] * 6
    fval = ["customer question:\nrate the agent reply"] * 3 + ["explain every hidden step before"] * 3
    plain = _facts_only(accounts, evidence, fa, fattr, fval)

    def confirmed(inputs: LinkageInputs) -> list[set[str]]:
        found = CampaignAssembler(alpha=1e-3).assemble(inputs, null_mean=0.2, null_sd=0.5)
        return [set(c.members) for c in found if c.confirmed]

    judges, harvest = {f"a{i}" for i in graders}, {f"a{i}" for i in askers}
    assert judges in confirmed(plain) and harvest in confirmed(plain)  # evidence with the grades: both confirmed
    without = LinkageInputs(**{**plain.__dict__, "specific_ungraded": ungraded})
    assert confirmed(without) == [harvest]
    on_a_card = _facts_only(accounts, evidence, fa + graders, fattr + ["payment"] * 3, fval + ["card-7"] * 3)
    on_a_card = LinkageInputs(**{**on_a_card.__dict__, "specific_ungraded": ungraded})
    assert judges in confirmed(on_a_card) and harvest in confirmed(on_a_card)
