"""Accounts, exchanges, clocks and reply text. Everything random comes from seeded numpy generators."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import numpy as np

from .corpus import Corpus, clean_gsm

START = int(datetime(2026, 5, 4, tzinfo=timezone.utc).timestamp())  # Mon 2026-05-04 00:00 UTC
END = START + 14 * 86400  # Mon 2026-05-18 00:00 UTC
RELEASE = int(datetime(2026, 5, 12, 16, 0, tzinfo=timezone.utc).timestamp())  # corvid-5-think GA
DAY = 86400
RESPONSE_MODEL = {
    "corvid-5": "corvid-5-2026-02-10",
    "corvid-5-mini": "corvid-5-mini-2026-02-10",
    "corvid-4.5": "corvid-4.5-2025-11-04",
    "corvid-5-think": "corvid-5-think-2026-05-12",
}
SERVICES = {  # service.name -> (cloud.region, content capture limit in characters per part, 0 = off, gzip)
    "edge-us-east": ("us-east-1", 4000, False),
    "edge-eu-west": ("eu-west-1", 2000, True),
    "edge-ap-southeast": ("ap-southeast-1", 0, False),
}


class Account:
    __slots__ = (
        "account_id",
        "org_id",
        "label",
        "kind",
        "campaign_id",
        "tier",
        "created_at",
        "payment_fp",
        "email_domain",
        "country",
        "keys",
        "key_created",
        "ips",
        "uas",
        "service",
        "eu_labels",
        "idx",
    )

    def __init__(self, **kw):
        self.eu_labels = {}
        self.keys = []
        self.key_created = {}
        for k, v in kw.items():
            setattr(self, k, v)


class Ex:
    """One API request (one trace)."""

    __slots__ = (
        "ts",
        "acct",
        "key",
        "ip",
        "ua",
        "model",
        "system",
        "msgs",
        "out",
        "reasoning",
        "tool_calls",
        "builtin",
        "end_user",
        "conv",
        "max_tokens",
        "temperature",
        "top_p",
        "seed",
        "n",
        "json_mode",
        "status",
        "stream",
        "service",
        "tools",
        "finish",
    )

    def __init__(self, ts, acct, model, msgs, out, **kw):
        self.ts = float(ts)
        self.acct = acct
        self.model = model
        self.msgs = msgs  # list of (role, text) or (role, parts-list) for tool turns
        self.out = out
        self.key = acct.keys[-1] if acct.keys else ""
        self.ip = acct.ips[0]
        self.ua = acct.uas[0]
        self.service = acct.service
        self.system = None
        self.reasoning = None
        self.tool_calls = None
        self.builtin = None
        self.end_user = None
        self.conv = None
        self.max_tokens = None
        self.temperature = None
        self.top_p = None
        self.seed = None
        self.n = 1
        self.json_mode = False
        self.status = 200
        self.stream = False
        self.tools = None
        self.finish = None
        for k, v in kw.items():
            setattr(self, k, v)


class World:
    def __init__(self, seed: int, corpus: Corpus):
        self.seed = seed
        self.c = corpus
        self.rng = np.random.default_rng(seed)
        self.accounts: list[Account] = []
        self.exchanges: list[Ex] = []
        self.campaigns: list[dict] = []
        self._n = 0

    # ---------- ids ----------
    def hexid(self, n=12) -> str:
        return self.rng.bytes(n // 2 + 1).hex()[:n]

    def sub_rng(self) -> np.random.Generator:
        self._n += 1
        return np.random.default_rng([self.seed, self._n])

    def ip(self, prefix: str | None = None) -> str:
        r = self.rng
        if prefix:
            return f"{prefix}.{int(r.integers(2, 254))}"
        first = int(r.choice([23, 34, 44, 52, 63, 71, 81, 89, 91, 98, 104, 109, 145, 151, 176, 185, 188, 203, 213]))
        return f"{first}.{int(r.integers(0, 256))}.{int(r.integers(0, 256))}.{int(r.integers(2, 254))}"

    def ua(self, family: str | None = None) -> str:
        r = self.rng
        fams = ["py", "node", "curl", "go", "java", "lc", "browser"]
        f = family or fams[int(r.choice(len(fams), p=[0.42, 0.22, 0.05, 0.06, 0.05, 0.12, 0.08]))]
        if f == "py":
            return f"corvid-python/{int(r.integers(1, 3))}.{int(r.integers(0, 40))}.{int(r.integers(0, 6))} CPython/3.{int(r.integers(9, 14))}.{int(r.integers(0, 12))}"
        if f == "node":
            return f"corvid-node/{int(r.integers(3, 5))}.{int(r.integers(0, 30))}.{int(r.integers(0, 9))} node/v{int(r.integers(18, 24))}.{int(r.integers(0, 12))}.0"
        if f == "curl":
            return f"curl/8.{int(r.integers(0, 12))}.{int(r.integers(0, 2))}"
        if f == "go":
            return "Go-http-client/2.0"
        if f == "java":
            return f"okhttp/4.{int(r.integers(9, 13))}.0"
        if f == "lc":
            return f"langchain-corvid/0.{int(r.integers(1, 4))}.{int(r.integers(0, 30))} corvid-python/1.{int(r.integers(30, 60))}.0"
        return (
            f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            f"Chrome/{int(r.integers(122, 136))}.0.0.0 Safari/537.36"
        )

    def account(
        self,
        label,
        kind,
        campaign_id="",
        org_id=None,
        tier="tier-2",
        created_at=None,
        payment_fp=None,
        email_domain=None,
        country="US",
        service=None,
        n_keys=1,
        ips=None,
        uas=None,
    ) -> Account:
        r = self.rng
        if created_at is None:
            created_at = START - int(r.integers(20, 700)) * DAY - int(r.integers(0, DAY))
        if service is None:
            service = {
                "US": "edge-us-east",
                "CA": "edge-us-east",
                "BR": "edge-us-east",
                "DE": "edge-eu-west",
                "FR": "edge-eu-west",
                "GB": "edge-eu-west",
                "PL": "edge-eu-west",
                "NL": "edge-eu-west",
                "SG": "edge-ap-southeast",
                "JP": "edge-ap-southeast",
                "IN": "edge-ap-southeast",
                "KR": "edge-ap-southeast",
                "HK": "edge-ap-southeast",
            }.get(country, "edge-us-east")
        a = Account(
            account_id="acct_" + self.hexid(14),
            org_id=org_id or "org_" + self.hexid(12),
            label=label,
            kind=kind,
            campaign_id=campaign_id,
            tier=tier,
            created_at=int(created_at),
            payment_fp=payment_fp or hashlib.sha256(self.rng.bytes(16)).hexdigest()[:24],
            email_domain=email_domain
            or str(
                r.choice(
                    [
                        "gmail.com",
                        "outlook.com",
                        "proton.me",
                        "yahoo.com",
                        "icloud.com",
                        "qq.com",
                        "163.com",
                        "hotmail.com",
                    ]
                )
            ),
            country=country,
            ips=list(ips) if ips else [self.ip()],
            uas=list(uas) if uas else [self.ua()],
            service=service,
            idx=len(self.accounts),
        )
        for _ in range(n_keys):
            self.new_key(a, created_at + int(r.integers(60, 6 * 3600)))
        self.accounts.append(a)
        return a

    def new_key(self, a: Account, when: int) -> str:
        k = "key_" + self.hexid(16)
        a.keys.append(k)
        a.key_created[k] = int(when)
        return k

    def add(self, ex: Ex) -> Ex:
        if START <= ex.ts < END:
            self.exchanges.append(ex)
        return ex


# ---------------- clocks ----------------
_OFFICE = np.array(
    [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 7.5, 5, 6.5, 7.5, 7.5, 6.5, 4.5, 2.5, 2, 1.8, 1.4, 1, 0.5]
)
_OFFICE = _OFFICE / _OFFICE.sum()
_EVENING = np.array(
    [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.5, 2, 2.2, 2.2, 2.4, 2.5, 2.8, 3.5, 4.5, 5.5, 6.5, 7.5, 8, 6.5, 3.5, 1]
)
_EVENING = _EVENING / _EVENING.sum()
_FLAT = np.array(
    [
        0.8,
        0.7,
        0.65,
        0.6,
        0.6,
        0.65,
        0.75,
        0.9,
        1.1,
        1.25,
        1.3,
        1.3,
        1.25,
        1.25,
        1.3,
        1.3,
        1.25,
        1.2,
        1.15,
        1.1,
        1.05,
        1,
        0.95,
        0.9,
    ]
)
_FLAT = _FLAT / _FLAT.sum()


def daily(rng, per_day: float, tz: float, shape="office", weekend=0.25, start=START, end=END) -> list[float]:
    """Poisson arrivals with an hour-of-day profile in local time."""
    prof = {"office": _OFFICE, "evening": _EVENING, "flat": _FLAT}[shape]
    out = []
    d0 = (start - START) // DAY
    for d in range(int(d0), 14):
        day0 = START + d * DAY
        wd = datetime.fromtimestamp(day0, timezone.utc).weekday()
        lam = per_day * (weekend if wd >= 5 and shape != "flat" else 1.0)
        k = int(rng.poisson(lam))
        hrs = rng.choice(24, size=k, p=prof)
        ts = day0 + (hrs - tz) * 3600 + rng.random(k) * 3600
        out.extend(float(t) for t in ts if start <= t < end)
    return out


def sessions(
    rng, per_day: float, tz: float, size=(2, 12), gap=(20, 240), shape="office", weekend=0.25, start=START, end=END
) -> list[list[float]]:
    """Human sessions: a start time from `daily`, then a few requests seconds to minutes apart."""
    out = []
    for t0 in daily(rng, per_day, tz, shape, weekend, start, end):
        k = int(rng.integers(size[0], size[1] + 1))
        gaps = rng.uniform(gap[0], gap[1], size=k)
        gaps[0] = 0
        out.append([float(t) for t in t0 + np.cumsum(gaps)])
    return out


def ticks(start: float, period: float, jitter: float, rng, end=END) -> list[float]:
    out = []
    t = start
    while t < end:
        out.append(float(t + rng.uniform(0, jitter)))
        t += period
    return out


# ---------------- reply text ----------------
class Text:
    def __init__(self, c: Corpus, rng):
        self.c = c
        self.rng = rng

    def pick(self, pool):
        return pool[int(self.rng.integers(len(pool)))]

    def prose(self, k=(3, 8)) -> str:
        n = int(self.rng.integers(k[0], k[1] + 1))
        idx = self.rng.integers(len(self.c.sentences), size=n)
        paras, cur = [], []
        for i in idx:
            cur.append(self.c.sentences[int(i)])
            if len(cur) >= 3:
                paras.append(" ".join(cur))
                cur = []
        if cur:
            paras.append(" ".join(cur))
        return "\n\n".join(paras)

    def general(self) -> tuple[str, str]:
        """A mixed real prompt and a stitched reply."""
        u = self.rng.random()
        c = self.c
        if u < 0.28:
            p = self.pick(c.general)
        elif u < 0.50:
            ins, inp, out = self.pick(c.si)
            return (ins + ("\n\n" + inp if inp else "")), (out if len(out) > 40 else out + "\n\n" + self.prose((2, 4)))
        elif u < 0.62:
            p = self.pick(c.writing)
        elif u < 0.72:
            p = self.pick(c.unnatural)
        elif u < 0.84:
            q, a = self.pick(c.belle)
            return q, a or self.prose()
        elif u < 0.92:
            q, a = self.pick(c.gsm)
            body, fin = clean_gsm(a)
            return q, body + f"\n\nThe answer is {fin}."
        else:
            p = self.pick(c.code)
            return p, self.code_reply()
        return p, self.prose()

    def code_reply(self) -> str:
        _, pr, sol = self.pick(self.c.he)
        return (
            "Here is one way to do it:\n\n```python\n"
            + pr.strip()
            + "\n"
            + sol.rstrip()
            + "\n```\n\n"
            + self.prose((1, 3))
        )

    def math(self, i=None) -> tuple[str, str, str, str]:
        q, a = self.c.gsm[i] if i is not None else self.pick(self.c.gsm)
        body, fin = clean_gsm(a)
        return q, body, fin, body + f"\n\nThe answer is {fin}."

    def reasoning_for(self, prompt: str, answer: str) -> str:
        """A short reasoning summary for the reasoning model, built around the reply it precedes."""
        lines = [ln for ln in answer.splitlines() if ln.strip()][:6]
        head = prompt.strip().split("\n")[0][:160]
        opener = str(
            self.rng.choice(
                [
                    "Let me work through this.",
                    "Okay, the user asks:",
                    "First, restate the task:",
                    "I need to figure out what is being asked.",
                    "Breaking this down.",
                ]
            )
        )
        mid = "\n".join(f"- {ln[:220]}" for ln in lines)
        return f"{opener} {head}\n{mid}\nCheck: the result is consistent with the question, so I can answer."

    def think_tokens(self, text: str) -> int:
        return int(tok(text) * float(self.rng.uniform(3, 12)))


def tok(s: str | None) -> int:
    if not s:
        return 0
    b = len(s.encode("utf-8"))
    return max(1, int(b / (2.2 if b > len(s) * 1.8 else 4.0)))
