"""The edge service's side: rate limits, faults, SDK retries, host routing and extra traffic."""
from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np

from .render import LLM_ROUTES, Call, Outcome, rpm_of
from .rng import ALNUM, pick, token
from .world import DAYS, HOSTING_PREFIXES, ISP_PREFIXES, RELEASE, T0, T_END, Client, Key, ip_in, subnet

HOSTS = {"use1": ["edge-gw-use1-01", "edge-gw-use1-02", "edge-gw-use1-03"],
         "euw1": ["edge-gw-euw1-01", "edge-gw-euw1-02"],
         "apse1": ["edge-gw-apse1-01", "edge-gw-apse1-02"]}
ALL_HOSTS = [h for hs in HOSTS.values() for h in hs]


def add_noise(rng: np.random.Generator, calls: list[Call]) -> list[Call]:
    """Model listings by SDK clients, and unauthenticated probes with bad or missing keys."""
    extra: list[Call] = []
    for c in calls:
        if c.client.sdk is not None and c.route in LLM_ROUTES and rng.random() < 0.01:
            extra.append(dataclasses.replace(c, t=c.t - float(rng.uniform(0.2, 2.0)), route="/v1/models", method="GET",
                                             body=None, status=0))
    for t in rng.uniform(T0, T_END, size=700):
        bad = Key("", pick(rng, ["sk-proj-", "sk-", "sk-svcacct-"]) + "..." + token(rng, 4, ALNUM), "", None, "unknown")
        ip = ip_in(subnet(rng, ISP_PREFIXES + HOSTING_PREFIXES), rng)
        client = Client(pick(rng, ["python-requests/2.31.0", "curl/7.88.1", "Mozilla/5.0 zgrab/0.x", "OpenAI/Python 1.40.0"]), None)
        route = pick(rng, ["/v1/chat/completions", "/v1/models", "/v1/responses"], [0.6, 0.3, 0.1])
        body = {"model": pick(rng, ["halo-2", "gpt-4o", "halo-3"]), "messages": [{"role": "user", "content": "hi"}]}
        extra.append(Call(float(t), None, bad if rng.random() < 0.8 else None, ip, client, route,
                          body if route != "/v1/models" else None, method="POST" if route != "/v1/models" else "GET",
                          status=401, region=pick(rng, list(HOSTS))))
    return calls + extra


def fault_rates(t: float) -> dict[int, float]:
    """Per-request probabilities of fleet-side failures; capacity is tight in the hours after the release."""
    surge = RELEASE <= t < RELEASE + 6 * 3600
    return {500: 0.0025, 502: 0.0015, 503: 0.02 if surge else 0.003, 504: 0.0012, 400: 0.001}


def decide(rng: np.random.Generator, calls: list[Call]) -> list[tuple[Call, Outcome]]:
    """Assign outcomes in time order and append client retries; returns the final, time-sorted list."""
    order = sorted(range(len(calls)), key=lambda i: (calls[i].t, i))
    buckets: Counter = Counter()
    out: list[tuple[Call, Outcome]] = []
    for i in order:
        c = calls[i]
        out.extend(_one(rng, c, buckets, 0))
    out.sort(key=lambda co: co[0].t)
    return out


def _one(rng: np.random.Generator, c: Call, buckets: Counter, depth: int) -> list[tuple[Call, Outcome]]:
    if c.status:
        return [(c, Outcome(c.status, "forced"))]
    if c.key is not None and c.key.revoked_at <= c.t:
        return [(c, Outcome(401, "revoked"))]
    if c.org is not None and c.t >= c.org.deactivated_at:
        return [(c, Outcome(403, "deactivated"))]
    if c.route not in LLM_ROUTES or c.org is None:
        return [(c, Outcome(200))]
    rpm = rpm_of(c.org)
    b = (c.org.org_id, int(c.t // 60))
    buckets[b] += 1
    status = 200
    if buckets[b] > rpm and depth == 0:
        status = 429
    else:
        r = rng.random()
        acc = 0.0
        for s, p in fault_rates(c.t).items():
            acc += p
            if r < acc:
                status = s
                break
        if status == 200 and c.body and c.body.get("stream") and rng.random() < 0.006:
            status = 499
    res = [(c, Outcome(status, "", rpm))]
    if status in (429, 500, 502, 503) and depth < 2:
        if c.client.sdk is not None:
            delay = (float(rng.uniform(2, 30)) if status == 429 else 0.5 * 2 ** c.retry) + float(rng.uniform(0, 0.5))
            res += _one(rng, dataclasses.replace(c, t=c.t + delay, retry=c.retry + 1), buckets, depth + 1)
        elif rng.random() < 0.5:
            res += _one(rng, dataclasses.replace(c, t=c.t + float(rng.uniform(1, 20))), buckets, depth + 1)
    return res


def route_host(rng: np.random.Generator, c: Call) -> str:
    return pick(rng, HOSTS.get(c.region, ALL_HOSTS))


def health_checks() -> list[tuple[str, float]]:
    """(host, time) of load-balancer health probes: one per host per minute."""
    out = []
    for k, h in enumerate(ALL_HOSTS):
        for m in range(DAYS * 24 * 60):
            out.append((h, T0 + m * 60.0 + 7.0 + k * 3.1))
    return out
