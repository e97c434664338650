"""The fictional provider "Ostrala": period, models, directory (organisations, users, projects, API keys, billing),
the request record of both API shapes, and the consumer chat app's documents.

Every actor draws from its own ``random.Random`` seeded by a string (the standard library hashes string seeds with
SHA-512), so output does not depend on PYTHONHASHSEED; nothing iterates over a set. Times are integer microseconds
since the Unix epoch, UTC.
"""

from __future__ import annotations

import hashlib
import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from .corpus import Corpus

US = 1_000_000
SEC = US
MIN = 60 * US
HOUR = 3600 * US
DAY = 86400 * US
START = int(datetime(2026, 10, 5, tzinfo=UTC).timestamp()) * US  # Mon 2026-10-05 00:00 UTC
END = START + 14 * DAY  # Mon 2026-10-19 00:00 UTC
RELEASE = START + 8 * DAY + 17 * HOUR  # Tue 2026-10-13 17:00 UTC: ostra-r3 goes live

GEN, MINI, R2, R3 = "ostra-4", "ostra-4-mini", "ostra-r2", "ostra-r3"
SNAPSHOT = {GEN: "ostra-4-2026-07-22", MINI: "ostra-4-mini-2026-07-22", R2: "ostra-r2-2026-05-30",
            R3: "ostra-r3-2026-10-13"}
REASONING = (R2, R3)
SPEED = {GEN: 75.0, MINI: 160.0, R2: 55.0, R3: 62.0}  # output tokens per second
LIMIT_RPM = {"free": 20, "tier-1": 60, "tier-2": 300, "tier-3": 1000, "tier-4": 3000, "enterprise": 10000,
             "edu": 60, "startup": 300}

SDK_UAS = ("OpenAI/Python 1.107.0", "OpenAI/Python 1.99.9", "OpenAI/Python 1.82.1", "OpenAI/JS 5.20.1",
           "OpenAI/JS 4.104.0", "AsyncOpenAI/Python 1.107.0", "python-httpx/0.28.1", "python-requests/2.32.5",
           "curl/8.14.1", "Go-http-client/2.0", "axios/1.12.2", "okhttp/4.12.0")
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
HEX = "0123456789abcdef"

#: country -> UTC offset (hours) and residential first octets
COUNTRY = {"US": (-5, (24, 67, 71, 98, 174)), "CA": (-4, (70, 142)), "BR": (-3, (177, 189)), "MX": (-6, (187,)),
           "CN": (8, (36, 58, 112, 116)), "JP": (9, (60, 126, 153)), "KR": (9, (110, 121, 211)),
           "SG": (8, (116, 175)), "IN": (5.5, (49, 106, 117)), "HK": (8, (42, 112)), "TW": (8, (36, 114)),
           "VN": (7, (14, 113)), "TH": (7, (49, 171)), "BD": (6, (103, 114)), "DE": (2, (79, 84, 91)),
           "FR": (2, (82, 90)), "GB": (1, (81, 86)), "NL": (2, (77, 145)), "PL": (2, (83, 178)), "ES": (2, (79, 88)),
           "SE": (2, (78, 90)), "IT": (2, (79, 93)), "NG": (1, (102, 197)), "KE": (3, (41, 105)),
           "TR": (3, (78, 88)), "RU": (3, (95, 176)), "IL": (3, (79, 109)), "AU": (10, (101, 120))}
CLOUD_OCTETS = (3, 13, 18, 34, 35, 44, 52, 104, 134, 146, 159, 5, 23, 46, 51, 78, 88, 95, 135, 185, 47, 119, 8, 43)

#: weights per local hour
OFFICE = (.04, .03, .03, .03, .03, .05, .1, .3, .8, 1, 1, .9, .7, .9, 1, 1, .9, .6, .3, .2, .15, .1, .08, .05)
EVENING = (.3, .15, .06, .03, .02, .02, .05, .15, .3, .35, .4, .45, .5, .5, .45, .5, .6, .7, .85, 1, 1, .9, .7, .5)
FLAT = (1.0,) * 24
CONSUMER = (.4, .25, .15, .1, .08, .1, .2, .4, .6, .75, .85, .9, .9, .9, .9, .9, .9, .95, 1, 1, 1, .9, .75, .55)
STUDY = (.15, .05, .02, .01, .01, .02, .05, .1, .2, .3, .35, .4, .45, .5, .7, .9, 1, .9, .8, 1, 1, .9, .6, .3)


def rng_for(seed: int, name: str) -> random.Random:
    return random.Random(f"probe16/{seed}/{name}")


def tokens(text: str | None) -> int:
    if not text:
        return 0
    n_ascii = len(text.encode("ascii", "ignore"))
    return max(1, int(n_ascii / 4 + (len(text) - n_ascii) / 1.4))


_TABLES: dict[str, bytes] = {}


def rstr(rng: random.Random, n: int, alphabet: str = B62) -> str:
    """``n`` random characters of ``alphabet`` (one random byte each, reduced modulo the alphabet's length)."""
    table = _TABLES.get(alphabet)
    if table is None:
        table = _TABLES[alphabet] = bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))
    return rng.getrandbits(8 * n).to_bytes(n, "little").translate(table).decode("ascii")


def ruuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    k, p, lim = 0, 1.0, math.exp(-lam)
    while True:
        p *= rng.random()
        if p <= lim:
            return k
        k += 1


def hourly_times(rng: random.Random, per_day: float, weights: tuple[float, ...], tz: float, start: int = START,
                 end: int = END, weekend: float = 1.0) -> list[int]:
    """Request start times of a Poisson process with a local-hour profile; ``per_day`` at full weight on average."""
    mean_w = sum(weights) / 24
    out: list[int] = []
    first = START + max(0, (start - START) // HOUR) * HOUR
    for h0 in range(first, end, HOUR):
        local = (h0 // HOUR + round(tz)) % 24
        wd = datetime.fromtimestamp((h0 + int(tz * HOUR)) / US, UTC).weekday()
        lam = per_day / 24 * weights[local] / mean_w * (weekend if wd >= 5 else 1.0)
        for _ in range(poisson(rng, lam)):
            t = h0 + rng.randrange(HOUR)
            if start <= t < end:
                out.append(t)
    out.sort()
    return out


def day_of(t: int) -> str:
    return datetime.fromtimestamp(t // US, UTC).strftime("%Y_%m_%d")


@dataclass
class Key:
    id: str
    project_id: str
    created_by: str | None
    prefix: str
    sha256: str
    name: str
    created_at: int
    revoked_at: int | None = None
    last_used_at: int | None = None


@dataclass
class Account:
    """A labelled account: an API organisation, or a chat-app user without one."""
    account_id: str
    kind: str
    label: str
    campaign_id: str
    country: str
    created_at: int
    org_public_id: str = ""
    name: str = ""
    plan: str = "tier-1"
    status: str = "active"
    projects: list[str] = field(default_factory=list)
    project_public: list[str] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    users: list[str] = field(default_factory=list)  # console user uuids
    chat_users: list[str] = field(default_factory=list)  # chat-app ObjectIds
    payment_fp: str = ""
    email_domain: str = ""
    exchanges: int = 0
    requests: int = 0
    chat_turns: int = 0
    end_users: dict[str, list] = field(default_factory=dict)  # end user -> [label, kind, campaign_id, exchanges]
    suspended_at: int | None = None


@dataclass
class Row:
    """One api_requests row before it is written."""
    insert_at: int
    created_at: int
    cols: list  # in table column order, python values


class World:
    def __init__(self, seed: int, corpus: Corpus) -> None:
        self.seed = seed
        self.c = corpus
        self.rng = rng_for(seed, "world")
        self.accounts: list[Account] = []
        self.orgs: list[dict] = []
        self.users: list[dict] = []
        self.members: list[dict] = []
        self.projects: list[dict] = []
        self.payments: list[dict] = []
        self.grants: list[dict] = []
        self.rows: list[Row] = []
        self.chat_user_docs: list[dict] = []
        self.conversations: list[dict] = []
        self._oid_counter = self.rng.randrange(1 << 24)
        self._oid_machine = bytes(self.rng.randrange(256) for _ in range(5))
        self.counts: dict[str, int] = {}
        self._cu: dict[str, dict] = {}

    # ---------------------------------------------------------------- directory
    def ip(self, rng: random.Random, country: str = "US", cloud: bool = False) -> str:
        if cloud:
            return f"{rng.choice(CLOUD_OCTETS)}.{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        first = rng.choice(COUNTRY[country][1])
        return f"{first}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"

    def subnet(self, rng: random.Random) -> str:
        return f"{rng.choice(CLOUD_OCTETS)}.{rng.randrange(1, 255)}.{rng.randrange(256)}"

    def new_org(self, rng: random.Random, *, kind: str, label: str = "benign", campaign_id: str = "", name: str,
                country: str, created_at: int, plan: str, email_domain: str, n_projects: int = 1,
                keys_per_project: int = 1, members: int = 1, payment_fp: str | None = None,
                card: tuple[str, str] = ("visa", "US"), credit: tuple[str, int] | None = None,
                tax_id: str | None = None) -> Account:
        oid = ruuid(rng)
        pub = "org-" + rstr(rng, 24)
        a = Account(oid, kind, label, campaign_id, country, created_at, org_public_id=pub, name=name, plan=plan,
                    email_domain=email_domain)
        self.orgs.append({"id": oid, "public_id": pub, "name": name, "plan": plan, "country": country,
                          "created_at": created_at, "billing_email_domain": email_domain, "tax_id": tax_id,
                          "status": "active", "acct": a})
        first_names = ("alex", "sam", "li", "wei", "maria", "jon", "ana", "kim", "yuki", "ivan", "lea", "omar",
                       "noah", "mia", "raj", "chen", "sara", "tom", "eva", "leo", "hana", "ali", "zoe", "ken")
        for i in range(members):
            uid = ruuid(rng)
            email = f"{rng.choice(first_names)}{rng.choice(('', '.', '_'))}{rstr(rng, 4, B36)}@{email_domain}"
            ut = created_at - (0 if i == 0 else -rng.randrange(DAY, 20 * DAY))
            self.users.append({"id": uid, "email": email, "created_at": min(ut, END - DAY),
                               "mfa": rng.random() < 0.4, "ip": self.ip(rng, country)})
            self.members.append({"org": oid, "user": uid, "role": "owner" if i == 0 else
                                 rng.choice(("member", "member", "reader")), "created_at": min(ut, END - DAY)})
            a.users.append(uid)
        for p in range(n_projects):
            pid = ruuid(rng)
            ppub = "proj_" + rstr(rng, 24)
            pname = "Default project" if p == 0 else rng.choice(("prod", "staging", "batch", "eval", "agents",
                                                                 "research", "internal", "pipeline")) + f"-{p}"
            pcreated = created_at + (0 if p == 0 else rng.randrange(HOUR, 10 * DAY))
            self.projects.append({"id": pid, "public_id": ppub, "org": oid, "name": pname, "created_at": pcreated})
            a.projects.append(pid)
            a.project_public.append(ppub)
            for _ in range(keys_per_project):
                self.new_key(rng, a, pid, pcreated + rng.randrange(0, 2 * HOUR))
        fp = payment_fp if payment_fp is not None else rstr(rng, 16)
        a.payment_fp = fp
        if fp:
            self.payments.append({"org": oid, "fp": fp, "brand": card[0], "last4": f"{rng.randrange(10000):04d}",
                                  "country": card[1], "created_at": created_at + rng.randrange(60 * SEC, HOUR)})
        if credit:
            self.grants.append({"org": oid, "program": credit[0], "cents": credit[1],
                                "created_at": created_at + rng.randrange(MIN, 6 * HOUR),
                                "expires_at": created_at + 365 * DAY})
        self.accounts.append(a)
        return a

    def new_key(self, rng: random.Random, a: Account, project_id: str | None, created_at: int) -> Key:
        secret = "osk-" + ("proj-" if rng.random() < 0.8 else "svc-") + rstr(rng, 40)
        pid = project_id or a.projects[0]
        k = Key(ruuid(rng), pid, rng.choice(a.users) if a.users else None, secret[:12],
                hashlib.sha256(secret.encode()).hexdigest(),
                rng.choice(("default", "prod", "backend", "worker", "ci", "local dev", "server", "my key", "")),
                created_at)
        a.keys.append(k)
        return k

    def new_chat_user(self, rng: random.Random, acct: Account | None, *, kind: str = "", label: str = "benign",
                      campaign_id: str = "", country: str, created_at: int, plan: str = "free",
                      locale: str = "en-US", email_domain: str = "gmail.com", card_fp: str | None = None,
                      signup_ip: str | None = None, signup_ua: str | None = None) -> tuple[Account, str]:
        """A chat-app user; linked to ``acct`` (an API organisation) when given, else its own account."""
        oid = self.object_id(created_at)
        if acct is None:
            acct = Account(oid, kind, label, campaign_id, country, created_at, plan=plan)
            self.accounts.append(acct)
        acct.chat_users.append(oid)
        doc = {"_id": oid, "createdAt": created_at,
               "emailHash": hashlib.sha256(f"{oid}@{email_domain}".encode()).hexdigest(),
               "emailDomain": email_domain, "locale": locale, "plan": plan,
               "apiOrgId": acct.org_public_id or None, "signup": {
                   "method": rng.choice(("google", "email", "apple", "email")),
                   "ip": signup_ip or self.ip(rng, country),
                   "userAgent": signup_ua or rng.choice(WEB_UAS)},
               "billing": None if plan == "free" else {"customerId": "cus_" + rstr(rng, 14),
                                                       "cardFingerprint": card_fp or rstr(rng, 16)},
               "acct": acct, "messages": 0, "last": created_at}
        self.chat_user_docs.append(doc)
        self._cu[oid] = doc
        return acct, oid

    def object_id(self, t: int) -> str:
        self._oid_counter = (self._oid_counter + 1) % (1 << 24)
        return (t // US).to_bytes(4, "big").hex() + self._oid_machine.hex() + f"{self._oid_counter:06x}"

    # ---------------------------------------------------------------- requests
    def status_for(self, rng: random.Random, a: Account, model: str, t: int, p429: float, big: bool) -> int:
        if a.suspended_at is not None and t >= a.suspended_at:
            return 403
        if model == R3 and t < RELEASE:
            return 404
        r = rng.random()
        if r < p429:
            return 429
        if r < p429 + 0.0025:
            return 500
        if r < p429 + 0.0025 + (0.004 if big else 0.0008):
            return 504
        if r > 0.9994:
            return 400
        return 200

    def _error(self, a: Account, status: int, model: str) -> dict:
        if status == 429:
            lim = LIMIT_RPM.get(a.plan, 60)
            return _err(f"Rate limit reached for {model} in organization {a.org_public_id} on "
                              f"requests per min (RPM): Limit {lim}, Used {lim}, Requested 1. Please try again in "
                              f"{1 + len(a.keys) % 7}s.", "requests", None, "rate_limit_exceeded")
        if status == 404:
            return _err(f"The model `{model}` does not exist or you do not have access to it.",
                              "invalid_request_error", "model", "model_not_found")
        if status == 403:
            return _err("Your organization has been disabled. If you believe this is an error, "
                              "contact support@ostrala.ai.", "invalid_request_error", None, "account_deactivated")
        if status == 400:
            return _err("Invalid request body: a value could not be validated against the schema "
                              "(see https://platform.ostrala.ai/docs/api-reference).",
                              "invalid_request_error", None, "invalid_value")
        return _err("The server had an error while processing your request. Sorry about that!",
                          "server_error", None, None)

    def _row(self, rng: random.Random, a: Account, key: Key, t: int, *, endpoint: str, model: str, status: int,
             stream: bool, ip: str, ua: str, end_user: str | None, response_id: str | None, prev: str | None,
             body: dict, resp: dict | None, tin: int, tout: int, treason: int, cached: int) -> int:
        if status == 200:
            gen_s = (tout + treason) / SPEED[model]
            latency = int((0.25 + tin / 9000 + gen_s) * (0.8 + 0.5 * rng.random()) * 1000)
            ttft = int((0.2 + tin / 12000 + treason / SPEED[model]) * (0.8 + 0.4 * rng.random()) * 1000) \
                if stream else None
        elif status == 504:
            latency, ttft = 600_000, None
        else:
            latency, ttft = int((0.02 + 0.2 * rng.random()) * 1000) if status != 500 else rng.randrange(800, 30000), \
                None
        done = t + latency * 1000
        key.last_used_at = max(key.last_used_at or 0, t)
        a.requests += 1
        if status == 200:
            a.exchanges += 1
            if end_user is not None:
                e = a.end_users.setdefault(end_user, [a.label, a.kind, a.campaign_id, 0])
                e[3] += 1
        ok = status == 200
        cols = [ruuid(rng), t, None if status == 504 else done, key.project_id, key.id, endpoint, model,
                SNAPSHOT[model] if status != 404 else None, status, stream, ip, ua, end_user, response_id, prev,
                body, resp, tin, cached if ok else None, tout if ok else None, treason if ok else None,
                latency if status != 504 else None, ttft, None if ok else (resp or {}).get("error", {}).get("code")
                or ("upstream_timeout" if status == 504 else None)]
        self.rows.append(Row(done, t, cols))
        self.counts[f"status_{status}"] = self.counts.get(f"status_{status}", 0) + 1
        return done

    def chat(self, rng: random.Random, a: Account, t: int, *, model: str, messages: list[dict], answer: str,
             ip: str, ua: str, key: Key | None = None, params: dict | None = None, user: str | None = None,
             stream: bool = False, tools: list | None = None, tool_call: dict | None = None, p429: float = 0.003,
             n: int = 1, reasoning_tokens: int | None = None, retry: bool = True) -> tuple[int, bool]:
        """One Chat Completions request (with SDK retries on 429/500); returns (end time, answered)."""
        key = key or a.keys[0]
        body: dict = {"model": model, "messages": messages}
        if params:
            body.update(params)
        if stream:
            body["stream"] = True
            if rng.random() < 0.7:
                body["stream_options"] = {"include_usage": True}
        if tools:
            body["tools"] = tools
        if user is not None:
            body["user"] = user
        tin = sum(tokens(m.get("content") if isinstance(m.get("content"), str) else str(m.get("content")))
                  for m in messages) + 4 * len(messages) + (60 * len(tools) if tools else 0)
        big = tin > 20000
        for _attempt in range(3):
            status = self.status_for(rng, a, model, t, p429, big)
            if status == 200:
                treason = (reasoning_tokens if reasoning_tokens is not None else
                           int(tokens(answer) * rng.uniform(2, 6))) if model in REASONING else 0
                choices = []
                for i in range(n):
                    tc = bool(tool_call and i == 0)
                    msg: dict = {"role": "assistant", "content": None if tc else answer, "refusal": None}
                    if tc:
                        msg["tool_calls"] = [{"id": "call_" + rstr(rng, 24), "type": "function",
                                              "function": tool_call}]
                    msg["annotations"] = []
                    choices.append({"index": i, "message": msg, "logprobs": None,
                                    "finish_reason": "tool_calls" if tc else "stop"})
                tout = (tokens(answer) if not tool_call else tokens(str(tool_call)) + 8) * n
                cached = (tin // 128) * 128 if tin > 1024 and rng.random() < 0.5 else 0
                usage = {"total_tokens": tin + tout + treason, "prompt_tokens": tin,
                         "completion_tokens": tout + treason,
                         "prompt_tokens_details": {"audio_tokens": 0, "cached_tokens": cached},
                         "completion_tokens_details": {"audio_tokens": 0, "reasoning_tokens": treason,
                                                       "accepted_prediction_tokens": 0,
                                                       "rejected_prediction_tokens": 0}}
                rid = "chatcmpl-" + rstr(rng, 29)
                resp = {"id": rid, "object": "chat.completion", "created": t // US, "model": SNAPSHOT[model],
                        "choices": choices, "usage": usage, "service_tier": "default",
                        "system_fingerprint": "fp_" + FP[model]}
                done = self._row(rng, a, key, t, endpoint="/v1/chat/completions", model=model, status=200,
                                 stream=stream, ip=ip, ua=ua, end_user=user, response_id=rid, prev=None, body=body,
                                 resp=resp, tin=tin, tout=tout, treason=treason, cached=cached)
                return done, True
            resp = None if status == 504 else self._error(a, status, model)
            done = self._row(rng, a, key, t, endpoint="/v1/chat/completions", model=model, status=status,
                             stream=stream, ip=ip, ua=ua, end_user=user, response_id=None, prev=None, body=body,
                             resp=resp, tin=tin, tout=0, treason=0, cached=0)
            if not retry or status not in (429, 500):
                return done, False
            t = done + int(rng.uniform(0.5, 8) * SEC)
        return t, False

    def respond(self, rng: random.Random, a: Account, t: int, *, model: str, input: str | list, answer: str,
                ip: str, ua: str, key: Key | None = None, instructions: str | None = None, prev: str | None = None,
                effort: str | None = None, summary_mode: str | None = None, summary: list[str] | None = None,
                params: dict | None = None, user: str | None = None, stream: bool = False,
                tools: list | None = None, function_call: dict | None = None, p429: float = 0.003,
                store: bool = True, ctx_tokens: int = 0, retry: bool = True) -> tuple[int, str | None]:
        """One Responses API request; returns (end time, response id or None when it failed)."""
        key = key or a.keys[0]
        body: dict = {"model": model, "input": input}
        if instructions is not None:
            body["instructions"] = instructions
        if prev is not None:
            body["previous_response_id"] = prev
        if effort is not None or summary_mode is not None:
            r: dict = {}
            if effort is not None:
                r["effort"] = effort
            if summary_mode is not None:
                r["summary"] = summary_mode
            body["reasoning"] = r
        if params:
            body.update(params)
        if tools:
            body["tools"] = tools
        if not store:
            body["store"] = False
        if stream:
            body["stream"] = True
        if user is not None:
            body["safety_identifier"] = user
        if isinstance(input, str):
            tin = tokens(input)
        else:
            tin = sum(tokens(str(x.get("content") or x.get("output") or x.get("arguments") or "")) + 4
                      for x in input)
        tin += tokens(instructions) + ctx_tokens + (50 * len(tools) if tools else 0)
        big = tin > 20000
        for _attempt in range(3):
            status = self.status_for(rng, a, model, t, p429, big)
            if status == 200:
                rid = "resp_" + rstr(rng, 48, HEX)
                output: list[dict] = []
                treason = 0
                if model in REASONING:
                    eff = effort or "medium"
                    lo, hi = {"minimal": (0, 80), "low": (150, 900), "medium": (500, 3500),
                              "high": (1800, 14000)}[eff]
                    treason = rng.randrange(lo, hi + 1)
                    item: dict = {"id": "rs_" + rstr(rng, 48, HEX), "type": "reasoning", "summary": []}
                    if summary_mode and summary:
                        item["summary"] = [{"text": s, "type": "summary_text"} for s in summary]
                    output.append(item)
                if function_call:
                    output.append({"id": "fc_" + rstr(rng, 48, HEX), "name": function_call["name"],
                                   "type": "function_call", "status": "completed", "call_id": "call_" + rstr(rng, 24),
                                   "arguments": function_call["arguments"]})
                    tout = tokens(function_call["arguments"]) + 10
                if answer:
                    output.append({"id": "msg_" + rstr(rng, 48, HEX), "role": "assistant", "type": "message",
                                   "status": "completed", "content": [{"text": answer, "type": "output_text",
                                                                       "logprobs": [], "annotations": []}]})
                    tout = tokens(answer) if not function_call else tout + tokens(answer)
                cached = (tin // 128) * 128 if prev and tin > 1024 else 0
                resp = {"id": rid, "object": "response", "created_at": t // US, "status": "completed",
                        "background": False, "error": None, "incomplete_details": None,
                        "instructions": instructions, "max_output_tokens": (params or {}).get("max_output_tokens"),
                        "model": SNAPSHOT[model], "output": output, "parallel_tool_calls": True,
                        "previous_response_id": prev,
                        "reasoning": {"effort": effort if model in REASONING else None,
                                      "summary": summary_mode if model in REASONING else None},
                        "service_tier": "default", "store": store, "temperature": (params or {}).get("temperature",
                                                                                                   1.0),
                        "text": {"format": {"type": "text"}, "verbosity": "medium"}, "tool_choice": "auto",
                        "tools": tools or [], "top_p": 1.0, "truncation": "disabled",
                        "usage": {"input_tokens": tin, "total_tokens": tin + tout + treason,
                                  "output_tokens": tout + treason,
                                  "input_tokens_details": {"cached_tokens": cached},
                                  "output_tokens_details": {"reasoning_tokens": treason}},
                        "safety_identifier": user, "metadata": {}}
                self._row(rng, a, key, t, endpoint="/v1/responses", model=model, status=200, stream=stream, ip=ip,
                          ua=ua, end_user=user, response_id=rid, prev=prev, body=body, resp=resp, tin=tin, tout=tout,
                          treason=treason, cached=cached)
                return self.rows[-1].insert_at, rid
            resp = None if status == 504 else self._error(a, status, model)
            done = self._row(rng, a, key, t, endpoint="/v1/responses", model=model, status=status, stream=stream,
                             ip=ip, ua=ua, end_user=user, response_id=None, prev=prev, body=body, resp=resp, tin=tin,
                             tout=0, treason=0, cached=0)
            if not retry or status not in (429, 500):
                return done, None
            t = done + int(rng.uniform(0.5, 8) * SEC)
        return t, None

    # ---------------------------------------------------------------- chat app
    def conversation(self, rng: random.Random, acct: Account, user_oid: str, t: int, turns: list[tuple[str, str,
                     list[str] | None]], *, model: str, thinking: bool, platform: str, ip: str, ua: str,
                     gap: tuple[float, float] = (20, 240), title: str | None = None) -> int:
        """One chat-app conversation; ``turns`` holds (user text, assistant text, reasoning summary or None)."""
        doc_turns = []
        cur = t
        served = R3 if (thinking and t >= RELEASE and rng.random() < 0.7) else (R2 if thinking else model)
        for i, (q, ans, summ) in enumerate(turns):
            if i:
                cur += int(rng.uniform(*gap) * SEC)
            if cur >= END:
                break
            doc_turns.append({"turnId": ruuid(rng), "role": "user", "content": q, "createdAt": cur})
            out = tokens(ans)
            rt = int(out * rng.uniform(2, 5)) if thinking else 0
            dur = int((out + rt) / SPEED[served] * 1000 * rng.uniform(0.8, 1.3)) + 300
            cur += dur * 1000
            a_turn: dict = {"turnId": ruuid(rng), "role": "assistant", "content": ans, "model": SNAPSHOT[served],
                            "createdAt": cur}
            if thinking:
                a_turn["reasoning"] = {"summary": summ or [], "durationMs": dur}
            a_turn["usage"] = {"inputTokens": tokens(q) + sum(tokens(x["content"]) for x in doc_turns[:-1]),
                               "outputTokens": out + rt, "reasoningTokens": rt}
            a_turn["feedback"] = rng.choice(("up", "down")) if rng.random() < 0.06 else None
            doc_turns.append(a_turn)
            acct.chat_turns += 1
            acct.exchanges += 1
        if not doc_turns:
            return t
        first_q = doc_turns[0]["content"]
        doc = {"_id": self.object_id(t), "userId": user_oid,
               "title": title or (first_q.split("\n")[0][:48].strip() or "New chat"),
               "createdAt": t, "updatedAt": cur, "model": served if thinking else model,
               "client": {"platform": platform, "appVersion": rng.choice(APP_VERSIONS[platform]) if platform == "web"
                          else ua.split("/", 1)[1].split(" ", 1)[0], "ip": ip,
                          "userAgent": ua},
               "settings": {"thinking": thinking, "showReasoning": thinking, "memory": rng.random() < 0.3},
               "turns": doc_turns, "turnCount": len(doc_turns), "shared": rng.random() < 0.03,
               "archived": rng.random() < 0.05}
        self.conversations.append(doc)
        u = self._cu[user_oid]
        u["messages"] += len(doc_turns) // 2
        u["last"] = max(u["last"], cur)
        return cur


def _err(message: str, type_: str, param: str | None, code: str | None) -> dict:
    return {"error": {"code": code, "type": type_, "param": param, "message": message}}


FP = {GEN: "b7c41e09aa", MINI: "3f2d9c0b71", R2: "e04a1d7c55", R3: "91c0f3ab2e"}
WEB_UAS = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 "
           "Safari/537.36",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 "
           "Safari/605.1.15",
           "Mozilla/5.0 (X11; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0",
           "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
           "Chrome/140.0.0.0 Safari/537.36",
           "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 "
           "Safari/537.36 Edg/141.0.0.0")
APP_UAS = {"ios": "OstralaChat/{v} (iPhone; iOS 26.0.1; Scale/3.00)",
           "android": "OstralaChat/{v} (Android 15; Pixel 8)"}
APP_VERSIONS = {"web": ("web-2026.10.02", "web-2026.10.09", "web-2026.10.15"),
                "ios": ("3.18.2", "3.19.0"), "android": ("3.18.1", "3.19.0")}
