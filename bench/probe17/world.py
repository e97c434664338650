"""The simulated provider (Vireo): period, models, clock, identities, networks and the request path that turns one
client call into log rows (rate limits, errors, retries, streaming, token counts, latency)."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import json
import random
import string
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from .corpus import Corpus

MIN = 60_000
HOUR = 60 * MIN
DAY = 24 * HOUR
START = int(dt.datetime(2026, 10, 19, tzinfo=dt.UTC).timestamp() * 1000)
END = START + 14 * DAY
RELEASE = int(dt.datetime(2026, 10, 28, 16, tzinfo=dt.UTC).timestamp() * 1000)
GEO_COLUMN_FROM = int(dt.datetime(2026, 10, 22, 10, 40, tzinfo=dt.UTC).timestamp() * 1000)
SERVER_TZ = "Europe/Amsterdam"
NEW = "vireo-4-reason"
SNAPSHOT = {"vireo-3": "vireo-3-2026-06-10", "vireo-3-mini": "vireo-3-mini-2026-08-04",
            "vireo-3-reason": "vireo-3-reason-2026-07-22", NEW: "vireo-4-reason-2026-10-28"}
REASONING = ("vireo-3-reason", NEW)
RPM = {"free": 20, "trial": 20, "tier-1": 60, "edu": 60, "tier-2": 300, "startup": 300, "tier-3": 1000,
       "tier-4": 3000, "enterprise": 5000}
TZ = {"US": "America/New_York", "US-W": "America/Los_Angeles", "CA": "America/Toronto", "BR": "America/Sao_Paulo",
      "MX": "America/Mexico_City", "GB": "Europe/London", "DE": "Europe/Berlin", "FR": "Europe/Paris",
      "NL": "Europe/Amsterdam", "ES": "Europe/Madrid", "PL": "Europe/Warsaw", "RU": "Europe/Moscow",
      "TR": "Europe/Istanbul", "NG": "Africa/Lagos", "KE": "Africa/Nairobi", "EG": "Africa/Cairo",
      "IN": "Asia/Kolkata", "BD": "Asia/Dhaka", "TH": "Asia/Bangkok", "VN": "Asia/Ho_Chi_Minh",
      "ID": "Asia/Jakarta", "SG": "Asia/Singapore", "CN": "Asia/Shanghai", "HK": "Asia/Hong_Kong",
      "TW": "Asia/Taipei", "JP": "Asia/Tokyo", "KR": "Asia/Seoul", "AU": "Australia/Sydney"}
LANG_OF = {"DE": "de", "FR": "fr", "ES": "es", "MX": "es", "RU": "ru", "CN": "zh", "TW": "zh", "HK": "zh",
           "JP": "ja", "TH": "th", "BD": "bn", "KE": "sw", "IN": "en"}
POP = {"America": "IAD", "Europe": "AMS", "Africa": "FRA", "Asia": "SIN", "Australia": "SYD"}
_ZI: dict[str, ZoneInfo] = {}


def zone(name: str) -> ZoneInfo:
    z = _ZI.get(name)
    if z is None:
        z = _ZI[name] = ZoneInfo(name)
    return z


def rng_for(seed: int, name: str) -> random.Random:
    return random.Random(int(hashlib.sha256(f"probe17/{seed}/{name}".encode()).hexdigest()[:16], 16))


def local_ms(country: str, day: int, hour: float) -> int:
    """UTC epoch ms of ``hour`` (local wall clock, may exceed 24) on day ``day`` (0 = Mon 2026-10-19) in the
    country's zone."""
    base = dt.datetime(2026, 10, 19) + dt.timedelta(days=day)
    h = int(hour)
    m = (hour - h) * 60
    local = base + dt.timedelta(hours=h, minutes=m)
    aware = local.replace(tzinfo=zone(TZ.get(country, "UTC")))
    return int(aware.timestamp() * 1000)


def weekday(t: int) -> int:
    return ((t - START) // DAY) % 7


@functools.lru_cache(maxsize=1 << 16)
def tok(text: str) -> int:
    """Token estimate: ~4 ASCII characters or ~1.4 other characters a token (other characters counted from the
    UTF-8 length, as if 2-3 bytes each)."""
    n = len(text)
    extra = len(text.encode("utf-8")) - n
    other = min(n, extra // 2 + (extra % 2))
    return max(1, int((n - other) / 4 + other / 1.4))


def ids(rng: random.Random, n: int, alphabet: str = string.ascii_lowercase + string.digits) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid4(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


# ---------------------------------------------------------------------------------------------------- networks
HOSTING = ("5.161.{}.{}", "65.108.{}.{}", "135.181.{}.{}", "43.153.{}.{}", "47.242.{}.{}", "8.219.{}.{}",
           "34.82.{}.{}", "3.231.{}.{}", "104.248.{}.{}", "159.223.{}.{}")
RESIDENTIAL = {"US": ("73.{}.{}.{}", "98.{}.{}.{}", "174.{}.{}.{}"), "GB": ("86.{}.{}.{}", "81.{}.{}.{}"),
               "DE": ("84.{}.{}.{}", "93.{}.{}.{}"), "FR": ("90.{}.{}.{}", "92.{}.{}.{}"),
               "CN": ("116.{}.{}.{}", "123.{}.{}.{}"), "JP": ("126.{}.{}.{}", "60.{}.{}.{}"),
               "IN": ("49.{}.{}.{}", "117.{}.{}.{}"), "BR": ("177.{}.{}.{}", "189.{}.{}.{}"),
               "RU": ("95.{}.{}.{}", "178.{}.{}.{}"), "KR": ("121.{}.{}.{}", "211.{}.{}.{}")}


def res_ip(rng: random.Random, country: str) -> str:
    pat = rng.choice(RESIDENTIAL.get(country, ("100.{}.{}.{}", "188.{}.{}.{}", "41.{}.{}.{}")))
    return pat.format(rng.randrange(1, 255), rng.randrange(0, 256), rng.randrange(1, 255))


def v6(rng: random.Random) -> str:
    a, b, c, d = (rng.randrange(0x100, 0xffff), rng.randrange(0, 0xffff), rng.randrange(0, 0xffff),
                  rng.randrange(1, 0xffff))
    return f"2a02:{a:x}:{b:x}:{c:x}::{d:x}"


def host_ip(rng: random.Random, block: str | None = None) -> str:
    b = block or rng.choice(HOSTING).format(rng.randrange(0, 256), "{}")
    return b.format(rng.randrange(2, 254))


def host_block(rng: random.Random) -> str:
    return rng.choice(HOSTING).format(rng.randrange(0, 256), "{}")


#: the provider's PrivateLink NLB source addresses: every enterprise PrivateLink request shows one of these
PRIVATELINK = ("10.40.12.17", "10.40.12.93", "10.40.13.4", "10.40.13.201")

UA_SDK = ("OpenAI/Python 1.51.2", "OpenAI/Python 1.54.4", "OpenAI/Python 1.58.1", "OpenAI/Python 1.61.0",
          "OpenAI/JS 4.73.1", "OpenAI/JS 4.77.0", "OpenAI/JS 4.85.4")
UA_RAW = ("python-requests/2.32.3", "python-httpx/0.27.2", "curl/8.5.0", "Go-http-client/2.0", "axios/1.7.7",
          "okhttp/4.12.0", "PostmanRuntime/7.42.0")
UA_BROWSER = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
              "Safari/537.36",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/18.0 Safari/605.1.15",
              "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0")


def sdk(ua: str) -> bool:
    return ua.startswith("OpenAI/")


# ---------------------------------------------------------------------------------------------------- identities
@dataclass
class Key:
    id: str
    project_id: str
    hint: str
    name: str
    created_at: int
    revoked_at: int | None = None
    last_used_at: int | None = None


@dataclass
class Account:
    account_id: str
    label: str
    kind: str
    campaign_id: str | None
    plan: str
    country: str
    created_at: int
    name: str
    email_domain: str
    signup_ip: str
    program: str = "none"
    payment_fp: str | None = None
    suspended_at: int | None = None
    projects: list[str] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    times: list[int] = field(default_factory=list)
    requests: int = 0
    exchanges: int = 0
    end_users: dict = field(default_factory=dict)
    sys_seen: dict = field(default_factory=dict)

    @property
    def rpm(self) -> int:
        return RPM[self.plan]


@dataclass
class Reply:
    text: str = ""
    reasoning: str = ""
    tool_calls: list[dict] | None = None
    out_tokens: int | None = None


@dataclass
class Row:
    t: int
    rid: str
    cols: list
    stub: list | None = None


class World:
    def __init__(self, seed: int, corpus: Corpus) -> None:
        self.seed = seed
        self.c = corpus
        self.accounts: list[Account] = []
        self.rows: list[Row] = []
        self.counts: dict[str, int] = {}
        self._idr = rng_for(seed, "ids")
        self._hints: set[str] = set()
        self.incident = (START + 2 * DAY + 13 * HOUR + 5 * MIN, START + 2 * DAY + 13 * HOUR + 41 * MIN)

    def rng(self, name: str) -> random.Random:
        return rng_for(self.seed, name)

    # ------------------------------------------------------------------ directory
    def account(self, label: str, kind: str, *, campaign_id: str | None = None, plan: str = "tier-1",
                country: str = "US", created_at: int | None = None, name: str = "", email_domain: str = "gmail.com",
                signup_ip: str = "", program: str = "none", payment_fp: str | None = None, projects: int = 1,
                keys_per_project: int = 1, rng: random.Random | None = None) -> Account:
        r = self._idr
        created = created_at if created_at is not None else START - r.randrange(3 * DAY, 400 * DAY)
        a = Account("org_" + ids(r, 20), label, kind, campaign_id, plan, country, created, name or "Personal",
                    email_domain, signup_ip or res_ip(r, country), program, payment_fp)
        for p in range(projects):
            self.add_key(a, created + p * r.randrange(HOUR, 9 * DAY) // max(1, projects), new_project=True)
            for _ in range(keys_per_project - 1):
                self.add_key(a, a.keys[-1].created_at + r.randrange(MIN, 20 * DAY))
        self.accounts.append(a)
        return a

    def add_key(self, a: Account, at: int, new_project: bool = False, name: str = "") -> Key:
        r = self._idr
        if new_project or not a.projects:
            a.projects.append("proj_" + ids(r, 14))
        hint = ""
        while not hint or hint in self._hints:  # the sample keeps hints unique, so a hint names one key
            hint = "vk-" + ("live" if a.plan != "trial" else "test") + "-…" + ids(r, 4, string.ascii_letters +
                                                                                string.digits)
        self._hints.add(hint)
        k = Key("key_" + ids(r, 18), a.projects[-1], hint, name or r.choice(
                    ("default", "prod", "dev", "backend", "server", "my-key", "test", "worker", "api")), at)
        a.keys.append(k)
        return k

    def payment(self, rng: random.Random) -> str:
        return "fp_" + ids(rng, 16, string.ascii_letters + string.digits)

    # ------------------------------------------------------------------ the request path
    def call(self, a: Account, t: int, model: str, messages: list[dict], reply: Reply, *, key: Key, ip: str, ua: str,
             params: dict | None = None, tools: list[dict] | None = None, stream: bool = False,
             end_user: str | None = None, eu: tuple | None = None, rng: random.Random,
             retries: int | None = None) -> tuple[int, int]:
        """One client call (with the client's own retries). Returns (final status, time the client got its answer).
        ``eu`` = (label, kind, campaign_id) of the end user, counted in ``a.end_users``."""
        params = dict(params or {})
        tries = (2 if sdk(ua) else 1) if retries is None else retries
        status, t_done = 0, t
        for attempt in range(tries + 1):
            status, t_done = self._one(a, t, model, messages, reply, key, ip, ua, params, tools, stream, end_user,
                                       rng, attempt)
            if status == 200 or status in (400, 403, 404) or attempt == tries:
                break
            if status == 429 and not sdk(ua) and rng.random() < 0.5:
                break
            t = t_done + int((500 * 2 ** attempt) * (1 + rng.random())) + (rng.randrange(2000, 20000)
                                                                             if status == 429 else 0)
        if end_user is not None:
            e = a.end_users.setdefault(end_user, [*(eu or (a.label, a.kind, a.campaign_id)), 0])
            if status == 200:
                e[3] += 1
        return status, t_done

    def _one(self, a: Account, t: int, model: str, messages: list[dict], reply: Reply, key: Key, ip: str, ua: str,
             params: dict, tools: list[dict] | None, stream: bool, end_user: str | None, rng: random.Random,
             attempt: int) -> tuple[int, int]:
        if t >= END or t < START:
            return 599, t
        rid = uuid4(rng)
        reasoning = model in REASONING
        in_tok = sum(tok(m.get("content") or "") + tok(m.get("tool_calls") or "") // 2 + 4 for m in messages)
        in_tok += sum(tok(json.dumps(x)) for x in tools or ())
        status, err = 200, ""
        pos = bisect.bisect_left(a.times, t - MIN)
        recent = bisect.bisect_left(a.times, t) - pos
        new_window = RELEASE <= t < RELEASE + 3 * HOUR and model == NEW
        if a.suspended_at is not None and t >= a.suspended_at:
            status, err = 403, "account_suspended"
        elif key.revoked_at is not None and t >= key.revoked_at:
            status, err = 401, "invalid_api_key"
        elif model == NEW and t < RELEASE:
            status, err = 404, "model_not_found"
        elif reasoning and "temperature" in params and params["temperature"] not in ("1", "1.0"):
            status, err = 400, "unsupported_parameter"
        elif recent >= a.rpm or (new_window and rng.random() < 0.02):
            status, err = 429, "rate_limit_exceeded"
        elif self.incident[0] <= t < self.incident[1] and model == "vireo-3" and rng.random() < 0.3:
            status, err = 503, "overloaded"
        else:
            x = rng.random()
            if x < 0.0012:
                status, err = 500, "internal_error"
            elif x < 0.0035 + (0.03 if new_window else 0):
                status, err = 503, "overloaded"
            elif reasoning and x < 0.0045 + (0.03 if new_window else 0):
                status, err = 504, "upstream_timeout"
        if status != 429:
            bisect.insort(a.times, t)
        out_text, out_reason, calls, finish = "", "", [], ""
        out_tok = r_tok = cached = 0
        ttft: int | None = None
        if status == 200:
            out_text, out_reason, calls = reply.text, reply.reasoning if params.get("include_reasoning") == "true" \
                else "", reply.tool_calls or []
            out_tok = reply.out_tokens or (tok(out_text) + sum(tok(json.dumps(c)) for c in calls))
            if reasoning:
                eff = params.get("reasoning_effort", "medium")
                lo, hi = {"low": (60, 700), "medium": (300, 2600), "high": (1200, 9000)}.get(eff, (300, 2600))
                r_tok = max(rng.randrange(lo, hi), int(tok(reply.reasoning or "x") * rng.uniform(2.5, 7)))
            cap = int(params.get("max_tokens", params.get("max_completion_tokens", "0")) or 0)
            finish = "tool_calls" if calls else "stop"
            if cap and out_tok > cap:
                keep = max(1, int(len(out_text) * cap / out_tok))
                out_text, out_tok, finish, calls = out_text[:keep], cap, "length", []
            sys_txt = messages[0].get("content", "") if messages and messages[0]["role"] == "system" else ""
            if sys_txt and tok(sys_txt) >= 1024:
                last = a.sys_seen.get(sys_txt)
                if last is not None and t - last < 10 * MIN:
                    cached = tok(sys_txt) // 128 * 128
                a.sys_seen[sys_txt] = t
            base = {"vireo-3-mini": 180, "vireo-3": 320, "vireo-3-reason": 450, NEW: 600}[model]
            speed = {"vireo-3-mini": 6, "vireo-3": 14, "vireo-3-reason": 11, NEW: 16}[model]
            ttft_v = int(base + in_tok * 0.04 + r_tok * speed * rng.uniform(0.8, 1.3) + rng.expovariate(1 / 150))
            latency = int(ttft_v + out_tok * speed * rng.uniform(0.8, 1.25))
            if latency > 600_000:
                status, err, latency = 504, "upstream_timeout", 600_000
                out_text, out_reason, calls, finish, out_tok, r_tok = "", "", [], "", 0, 0
            ttft = ttft_v if stream and status == 200 else None
        else:
            latency = {401: 8, 403: 12, 404: 15, 400: 20, 429: 9}.get(status, 0) or int(rng.uniform(800, 30_000))
            if status == 503:
                latency = int(rng.uniform(30, 2500))
            elif status == 504:
                latency = 600_000
        trunc = False
        mroles, mcont, mtc, mtid = [], [], [], []
        for m in messages:
            c = m.get("content") or ""
            if len(c) > 24_000:
                c, trunc = c[:24_000] + "…[truncated]", True
            mroles.append(m["role"])
            mcont.append(c)
            mtc.append(m.get("tool_calls") or "")
            mtid.append(m.get("tool_call_id") or "")
        geo = a.country if t >= GEO_COLUMN_FROM and not ip.startswith("10.") else ""
        if geo == "US-W":
            geo = "US"
        pop = POP[TZ.get(a.country, "Europe/x").split("/")[0]]
        pmap = {k: params[k] for k in sorted(params)}
        cols = [t, rid, (t + latency) * 1000 + rng.randrange(1000), a.account_id, key.project_id, key.id, key.hint,
                end_user, ip, ua, pop, geo, "/v1/chat/completions", model,
                SNAPSHOT[model] if status not in (404,) else "", status, err, stream, pmap, mroles, mcont, mtc, mtid,
                [json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in tools or ()],
                out_text, out_reason, [json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in calls],
                finish, in_tok if status in (200, 400, 429, 500, 503, 504) else 0, cached if status == 200 else 0,
                out_tok, r_tok, latency, ttft, trunc]
        stub = None
        if stream and status == 200:
            stub = cols[:]
            stub[2] = t * 1000 + rng.randrange(1000)
            stub[15], stub[24], stub[25], stub[26], stub[27] = 0, "", "", [], ""
            stub[29] = stub[30] = stub[31] = stub[32] = 0
            stub[33] = None
        self.rows.append(Row(t, rid, cols, stub))
        a.requests += 1
        key.last_used_at = max(key.last_used_at or 0, t)
        self.counts[status] = self.counts.get(status, 0) + 1
        if status == 200:
            a.exchanges += 1
        return status, t + latency
