"""Shared machinery: deterministic RNGs, ids, time profiles, and the gateway record builder."""
from __future__ import annotations

import datetime as dt
import hashlib
import json

import numpy as np

from .text import signature, tok

UTC = dt.timezone.utc
T0 = int(dt.datetime(2026, 10, 3, 0, 0, tzinfo=UTC).timestamp() * 1000)  # Saturday
DAYS = 5
T_END = T0 + DAYS * 86400_000
HOUR = 3600_000
MIN = 60_000

# model -> (available from, tokens/sec, base ttft ms)
MODELS = {
    "claude-haiku-4-5-20251001": (None, 150, 350),
    "claude-sonnet-4-5-20250929": (None, 75, 600),
    "claude-opus-4-1-20250805": (None, 38, 900),
    "claude-opus-5-20261005": (T0 + 2 * 86400_000 + 17 * HOUR, 55, 800),  # released Mon 2026-10-05 17:00 UTC
}
HAIKU, SONNET, OPUS, NEW = list(MODELS)
RELEASE = MODELS[NEW][0]
# provider-wide incidents: (start, end, extra 529 probability)
OUTAGES = [(T0 + 3 * 86400_000 + 14 * HOUR + 10 * MIN, T0 + 3 * 86400_000 + 14 * HOUR + 38 * MIN, 0.35),
           (RELEASE + 20 * MIN, RELEASE + 70 * MIN, 0.12)]

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def rng_for(seed: int, name: str) -> np.random.Generator:
    h = hashlib.sha256(f"probe3/{seed}/{name}".encode()).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(h[:16], "little")))


def rid(rng, prefix, n=24):
    return prefix + "".join(ALNUM[i] for i in rng.integers(0, 62, n))


def iso(ms: int) -> str:
    d = dt.datetime.fromtimestamp(ms / 1000, tz=UTC)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


# ---------------------------------------------------------------- time profiles
def hour_weights(tz: float, kind: str, weekend=None) -> np.ndarray:
    """Weights for each UTC hour of the period. kind: office | consumer | student | flat | night."""
    w = np.zeros(DAYS * 24)
    for h in range(DAYS * 24):
        local = (h + tz) % 24
        day = int(((h + tz) // 24)) % 7  # 0 = Saturday (period starts on a Saturday)
        is_we = day in (0, 1)
        if kind == "office":
            v = np.exp(-((local - 13.5) / 3.2) ** 2) + 0.03
            v *= (weekend if weekend is not None else 0.12) if is_we else 1.0
        elif kind == "consumer":
            v = 0.15 + np.exp(-((local - 20.5) / 3.0) ** 2) + 0.6 * np.exp(-((local - 12.5) / 2.5) ** 2)
            v *= (weekend if weekend is not None else 1.3) if is_we else 1.0
        elif kind == "student":
            v = 0.05 + np.exp(-((local - 21.5) / 2.8) ** 2) + 0.5 * np.exp(-((local - 15) / 2.5) ** 2)
            if local < 3:
                v += 0.4
            v *= (weekend if weekend is not None else 0.9) if is_we else 1.0
        elif kind == "flat":
            v = 1.0
        else:
            raise ValueError(kind)
        w[h] = v
    return w / w.sum()


def sample_times(rng, n: int, weights: np.ndarray, start=T0, end=T_END) -> np.ndarray:
    counts = rng.multinomial(n, weights)
    ts = []
    for h, c in enumerate(counts):
        if c:
            ts.append(T0 + h * HOUR + rng.integers(0, HOUR, c))
    ts = np.sort(np.concatenate(ts)) if ts else np.zeros(0, dtype=np.int64)
    return ts[(ts >= start) & (ts < end)]


def gmt_tz_choice(rng, zones):
    return zones[int(rng.integers(0, len(zones)))]


# ---------------------------------------------------------------- accounts & infrastructure
class Account:
    def __init__(self, rng, tier, n_ws=1, n_keys=1, ws_names=None):
        self.org_id = "org_" + rid(rng, "", 22)
        self.tier = tier
        self.workspaces = ["wrkspc_" + rid(rng, "", 22) for _ in range(n_ws)]
        self.keys = [("apikey_" + rid(rng, "", 24), self.workspaces[i % n_ws]) for i in range(n_keys)]

    def key(self, rng, i=None):
        return self.keys[int(rng.integers(0, len(self.keys))) if i is None else i % len(self.keys)]


def ip_block(rng, first_octets=None):
    a = first_octets or int(rng.choice([3, 13, 18, 34, 35, 44, 52, 54, 104, 146, 159, 165, 178, 185, 188, 195, 212]))
    return f"{a}.{int(rng.integers(1, 255))}.{int(rng.integers(0, 255))}"


def residential_ip(rng):
    a = int(rng.choice([24, 47, 67, 68, 71, 73, 76, 82, 86, 88, 90, 92, 98, 99, 101, 109, 112, 114, 117, 121, 123, 174, 176, 180, 183, 187, 189, 201]))
    return f"{a}.{int(rng.integers(0, 256))}.{int(rng.integers(0, 256))}.{int(rng.integers(1, 255))}"


PY_VERS = ["0.39.0", "0.42.0", "0.45.2", "0.49.0", "0.52.2", "0.54.0", "0.57.1", "0.60.0"]
TS_VERS = ["0.32.1", "0.37.0", "0.39.0", "0.50.4", "0.52.0", "0.56.0", "0.60.0"]


def sdk_ua(rng, lang=None):
    lang = lang or ("python" if rng.random() < 0.65 else "typescript")
    if lang == "python":
        return f"anthropic-python/{rng.choice(PY_VERS)}"
    return f"anthropic-typescript/{rng.choice(TS_VERS)}"


# ---------------------------------------------------------------- actor / record building
ERR_MSG = {
    429: ("rate_limit_error", "This request would exceed the rate limit for your organization ({org}) of {lim} output tokens per minute. "
          "For details, refer to: https://docs.example-llm.com/en/api/rate-limits."),
    529: ("overloaded_error", "Overloaded"),
    500: ("api_error", "Internal server error"),
    400: ("invalid_request_error", "{msg}"),
}
BAD_REQ = [
    "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \"user\" roles in a row",
    "max_tokens: {mt} > {cap}, which is the maximum allowed number of output tokens for {model}",
    "messages.{i}.content.0.image.source.base64: image exceeds 5 MB maximum: 6291456 bytes > 5242880 bytes",
    "prompt is too long: {n} tokens > 200000 maximum",
    "temperature: range: 0..1",
    "messages: text content blocks must be non-empty",
]


class Actor:
    """Base class for a benign persona or a campaign. Subclasses implement run()."""

    err_rate = 0.010
    retries = 3
    human = False

    def __init__(self, seed, name, archetype, campaign_id=None, volume=1000):
        self.seed = seed
        self.name = name
        self.archetype = archetype
        self.campaign_id = campaign_id
        self.rng = rng_for(seed, name)
        self.accounts: list[Account] = []
        self.volume = int(volume)
        self.out = []  # (received_ms, request_id, org_id, record)
        self._cache_seen = {}

    def new_account(self, tier, n_ws=1, n_keys=1):
        a = Account(self.rng, tier, n_ws, n_keys)
        self.accounts.append(a)
        return a

    # ------------------------------------------------------------------
    def emit(self, t, acct, key, ip, ua, body, content, stop_reason=None, cache_key=None, cache_tokens=0, beta=None,
             failover=None, attempt=0, version="2023-06-01"):
        """Log one call (plus error/retry records). Returns the time the client has the final answer (ms)."""
        rng = self.rng
        t = int(t)
        if t >= T_END or t < T0:
            return t
        model = body["model"]
        avail = MODELS[model][0]
        p_err = self.err_rate
        extra_529 = sum(p for (a, b, p) in OUTAGES if a <= t < b)
        status = 200
        if avail is not None and t < avail:
            status = 404
        else:
            r = rng.random()
            if r < extra_529:
                status = 529
            elif r < extra_529 + p_err:
                status = int(rng.choice([429, 429, 429, 529, 529, 500, 400]))
        n_in = _req_tokens(body)
        if status != 200:
            lat = int(rng.integers(40, 400)) if status in (429, 400, 404) else int(rng.integers(300, 9000))
            if status == 404:
                err = ("not_found_error", f"model: {model}")
            elif status == 400:
                msg = str(rng.choice(BAD_REQ)).format(mt=body.get("max_tokens", 0) * 4, cap=64000, model=model, i=0, n=n_in + 200000)
                err = ("invalid_request_error", msg)
            else:
                e, m = ERR_MSG[status]
                err = (e, m.format(org=acct.org_id, lim=int(rng.choice([8000, 16000, 40000, 80000]))))
            self._log(t, t + lat, acct, key, ip, ua, body, status, {"type": "error", "error": {"type": err[0], "message": err[1]}},
                      beta, version, None)
            if status in (429, 529, 500) and attempt < self.retries:
                back = int(1000 * (2 ** attempt) * (0.5 + rng.random())) + (int(rng.integers(1000, 20000)) if status == 429 else 0)
                if failover is not None and status == 429:
                    acct, key, ip, ua = failover()
                    back = int(rng.integers(50, 900))
                return self.emit(t + lat + back, acct, key, ip, ua, body, content, stop_reason, cache_key, cache_tokens, beta,
                                 failover, attempt + 1, version)
            return t + lat
        # success
        out_tok = 0
        content = [dict(b) for b in content]
        max_t = body.get("max_tokens", 4096)
        for b in content:
            if b["type"] == "text":
                out_tok += tok(b["text"])
            elif b["type"] == "thinking":
                out_tok += tok(b["thinking"])
            elif b["type"] == "tool_use":
                out_tok += tok(json.dumps(b["input"])) + 12
        if out_tok > max_t:
            # truncate the last text block
            for b in reversed(content):
                if b["type"] == "text":
                    keep = max(0, len(b["text"]) - (out_tok - max_t) * 4)
                    b["text"] = b["text"][:keep]
                    break
            out_tok = max_t
            stop_reason = "max_tokens"
        if stop_reason is None:
            stop_reason = "tool_use" if any(b["type"] == "tool_use" for b in content) else "end_turn"
        cache_read = cache_create = 0
        if cache_key and cache_tokens >= 1024:
            k = (acct.org_id, cache_key)
            last = self._cache_seen.get(k)
            if last is not None and t - last < 5 * MIN:
                cache_read = min(cache_tokens, n_in)
            else:
                cache_create = min(cache_tokens, n_in)
            self._cache_seen[k] = t
        usage = {"input_tokens": max(1, n_in - cache_read - cache_create), "cache_creation_input_tokens": cache_create,
                 "cache_read_input_tokens": cache_read, "output_tokens": max(1, out_tok)}
        _, tps, base = MODELS[model]
        ttft = int(base * (0.6 + 0.8 * rng.random()) + n_in * 0.012 * (0.2 if cache_read else 1.0))
        dur = ttft + int(1000 * out_tok / (tps * (0.75 + 0.5 * rng.random())))
        resp = {"id": rid(rng, "msg_01", 22), "type": "message", "role": "assistant", "model": model, "content": content,
                "stop_reason": stop_reason, "stop_sequence": None, "usage": usage}
        if stop_reason == "stop_sequence" and body.get("stop_sequences"):
            resp["stop_sequence"] = body["stop_sequences"][0]
        self._log(t, t + dur, acct, key, ip, ua, body, 200, resp, beta, version, ttft if body.get("stream") else None)
        return t + dur

    def _log(self, t0, t1, acct, key, ip, ua, body, status, resp, beta, version, ttft):
        rng = self.rng
        rec = {
            "request_id": rid(rng, "req_01", 22),
            "received_at": iso(t0),
            "completed_at": iso(t1),
            "duration_ms": t1 - t0,
            "ttft_ms": ttft,
            "method": "POST",
            "path": "/v1/messages",
            "status": status,
            "organization_id": acct.org_id,
            "workspace_id": key[1],
            "api_key_id": key[0],
            "rate_limit_tier": acct.tier,
            "client_ip": ip,
            "user_agent": ua,
            "anthropic_version": version,
            "anthropic_beta": beta,
            "request": body,
            "response": resp,
        }
        self.out.append((t0, rec["request_id"], acct.org_id, rec))

    def think_gap(self, human=None):
        """Client-side delay before the next call of a session (ms)."""
        rng = self.rng
        if human if human is not None else self.human:
            return int(rng.lognormal(np.log(35_000), 0.9))
        return int(rng.integers(80, 1500))


def _req_tokens(body):
    n = 8
    s = body.get("system")
    if isinstance(s, str):
        n += tok(s)
    elif isinstance(s, list):
        n += sum(tok(b.get("text", "")) for b in s)
    for m in body.get("messages", []):
        c = m["content"]
        if isinstance(c, str):
            n += tok(c) + 4
        else:
            for b in c:
                ty = b["type"]
                if ty == "text":
                    n += tok(b["text"])
                elif ty == "image":
                    n += 1100
                elif ty == "tool_use":
                    n += tok(json.dumps(b["input"])) + 10
                elif ty == "tool_result":
                    cc = b.get("content", "")
                    n += tok(cc if isinstance(cc, str) else " ".join(x.get("text", "") for x in cc)) + 6
                elif ty == "thinking":
                    n += tok(b["thinking"])
    if body.get("tools"):
        n += 300 + tok(json.dumps(body["tools"]))
    return n


def thinking_block(rng, text):
    return {"type": "thinking", "thinking": text, "signature": signature(rng)}


def text_block(text):
    return {"type": "text", "text": text}
