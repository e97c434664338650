"""The simulated provider: accounts, model serving, errors, retries, rate limits.

Actors (personas and campaigns) call `World.call(...)` with a request body and
the text the model "answers"; the engine turns that into one or more log
records (errors, retries, 429s) with realistic usage, latency and cost.
"""

from __future__ import annotations

import json
import re

import numpy as np

from .common import RELEASE, T0, T_END, b62, hex32, rng_for, uuid4
from .kong import ALIAS_LATEST, MODELS, RPM, Account, Call, error_body
from .textgen import ntok

_TOKEN_RE = re.compile(r"\s*\w+|\s*[^\w\s]")
_ALT_VOCAB = [" the", " a", " to", " of", " and", " is", " in", " that", " it", " for", " this", " you",
              " with", " on", " as", " be", " can", " are", " we", " an", ",", ".", ":", "\n", " I",
              " not", " or", " by", " from", " at", " which", " one", " will", " has", " more", " also",
              " but", " so", " if", " first", " each", " there", " these", " step", " answer", " example"]


def _fingerprint(model: str) -> str:
    return "fp_" + {"aria-2-flash": "3b1e0c9a5d", "aria-2-pro": "a7f20c11e4", "aria-2-think": "5d9e44b0c2",
                    "aria-3": "c0ffee7a19"}[model]


class World:
    def __init__(self, seed: int, pools, data_dir: str):
        self.seed = seed
        self.pools = pools
        self.data_dir = data_dir
        self.accounts: list[Account] = []
        self.calls: list[Call] = []
        self._ids = set()

    # ---------------------------------------------------------------- accounts
    def new_account(self, rng, archetype, campaign_id, username, created_at, tier, signup,
                    n_keys=1, workspace="public-api", credit=None) -> Account:
        acct_id = "org_" + "".join(c for c in b62(rng, 24))
        acct = Account(acct_id, uuid4(rng), username, created_at, tier, signup, workspace,
                       archetype, campaign_id, [uuid4(rng) for _ in range(n_keys)], credit)
        self.accounts.append(acct)
        return acct

    # ---------------------------------------------------------------- serving
    @staticmethod
    def resolve(model: str, t: float) -> str | None:
        if model == ALIAS_LATEST:
            return "aria-3" if t >= RELEASE else "aria-2-pro"
        if model == "aria-3" and t < RELEASE:
            return None
        return model if model in MODELS else None

    def call(self, rng, acct, t, key, ip, client, body, content="", reasoning=None, tool_calls=None,
             stream=False, xff=None, origin=None, retry_policy=None, out_tokens_hint=None):
        """Emit the records of one logical request. Returns the successful Call or None."""
        if t >= T_END or t < T0:
            return None
        retries_left = 2 if client.family == "stainless" else (1 if retry_policy is None else retry_policy)
        attempt = 0
        while True:
            c = Call()
            c.ts = float(t)
            c.acct, c.key, c.ip, c.client, c.body = acct, key, ip, client, body
            c.stream = stream
            c.xff, c.origin = xff, origin
            c.rid = hex32(rng)
            c.retry = attempt
            c.req_model = body.get("model")
            ok = self._serve(rng, c, content, reasoning, tool_calls)
            self.calls.append(c)
            if ok:
                return c
            if c.err in ("quota", "not_found", "context", "logprobs") or retries_left <= 0:
                return None
            retries_left -= 1
            attempt += 1
            t = t + (c.llm_ms or 0) / 1000.0 + 0.5 * (2 ** attempt) * (1 + rng.random())
            if t >= T_END:
                return None

    def _serve(self, rng, c: Call, content, reasoning, tool_calls) -> bool:
        body = c.body
        model = self.resolve(c.req_model, c.ts)
        c.resp_model = MODELS[model]["resp"] if model else c.req_model
        if model is None:
            return self._fail(c, "not_found", model=c.req_model)
        m = MODELS[model]
        pt = self.prompt_tokens(body)
        if pt > m["ctx"]:
            return self._fail(c, "context", ctx=m["ctx"], pt=pt)
        if body.get("logprobs") and not m["logprobs"]:
            return self._fail(c, "logprobs", model=c.req_model)
        acct = c.acct
        if acct is not None and acct.credit is not None and acct.spent >= acct.credit:
            return self._fail(c, "quota")
        # transient upstream failures; the new model is overloaded for its first hours
        p_over = 0.0025
        if model == "aria-3" and c.ts < RELEASE + 8 * 3600:
            p_over = 0.04
        u = rng.random()
        if u < p_over:
            return self._fail(c, "overloaded", llm=int(rng.integers(20, 400)))
        if u < p_over + 0.0005:
            return self._fail(c, "internal", llm=int(rng.integers(200, 9000)))

        # ----------------------------------------------------------- success
        n = int(body.get("n", 1) or 1)
        contents = content if isinstance(content, list) else [content]
        reasonings = reasoning if isinstance(reasoning, list) else [reasoning] * len(contents)
        if not m["reasoning"]:
            reasonings = [None] * len(contents)
        max_tok = body.get("max_completion_tokens") or body.get("max_tokens")
        choices = []
        ct_total = 0
        rt_total = 0
        for i in range(n):
            text = contents[i % len(contents)]
            rsn = reasonings[i % len(reasonings)]
            finish = "stop"
            rt = ntok(rsn) if rsn else 0
            tct = 0
            if tool_calls and i == 0:
                finish = "tool_calls"
                tct = sum(ntok(tc["function"]["arguments"]) + 8 for tc in tool_calls)
            ct = (ntok(text) if text else 0) + rt + tct
            if max_tok and ct > max_tok:
                keep = max(0, max_tok - rt - tct)
                if keep <= 0 and rsn:
                    rsn = rsn[: int(len(rsn) * max_tok / max(rt, 1))]
                    rt = max_tok
                    text = ""
                elif text:
                    text = text[: max(1, int(len(text) * keep / max(ntok(text), 1)))]
                ct = max_tok
                finish = "length"
            msg = {"role": "assistant", "content": text if (text or not tool_calls) else None}
            if rsn:
                msg["reasoning_content"] = rsn
            if tool_calls and i == 0:
                msg["tool_calls"] = tool_calls
            ch = {"index": i, "message": msg, "logprobs": None, "finish_reason": finish}
            if body.get("logprobs"):
                ch["logprobs"] = {"content": self._logprobs(rng, text, int(body.get("top_logprobs") or 0),
                                                             float(body.get("temperature", 1.0)))}
            choices.append(ch)
            ct_total += ct
            rt_total += rt
        prefix = pt - ntok(_last_user(body))
        cached = (prefix // 128) * 128 if prefix >= 1024 and rng.random() < 0.85 else 0
        ttft = int(180 + pt * 0.05 + rng.gamma(2.0, 120 if model != "aria-2-flash" else 40))
        llm = int(ttft + ct_total / max(n, 1) * m["tpt"] * (0.8 + 0.4 * rng.random()))
        if model == "aria-3" and c.ts < RELEASE + 12 * 3600:
            llm = int(llm * 1.6)
        if llm > 600000 or (ct_total > 6000 and rng.random() < 0.03):
            c.source, c.status, c.err = "kong", 504, "timeout"
            c.llm_ms = min(llm, 600000)
            return False
        c.llm_ms = llm
        c.ttft_ms = ttft
        c.usage = (pt, ct_total)
        c.cost = (pt - cached) * m["cin"] / 1e6 + cached * m["cin"] * 0.1 / 1e6 + ct_total * m["cout"] / 1e6
        if c.acct is not None:
            c.acct.spent += c.cost
        if c.stream:
            c.resp = "".join(ch["message"]["content"] or "" for ch in choices[:1])
        else:
            resp = {"id": "chatcmpl-" + b62(rng, 24), "object": "chat.completion",
                    "created": int(c.ts + llm / 1000.0), "model": m["resp"], "choices": choices,
                    "usage": {"prompt_tokens": pt, "completion_tokens": ct_total, "total_tokens": pt + ct_total,
                              "prompt_tokens_details": {"cached_tokens": cached},
                              "completion_tokens_details": {"reasoning_tokens": rt_total}},
                    "system_fingerprint": _fingerprint(model)}
            c.resp = json.dumps(resp, ensure_ascii=False, separators=(",", ":"))
        return True

    def _fail(self, c, kind, model=None, ctx=0, pt=0, llm=None):
        status, txt = error_body(kind, model or c.req_model, ctx, pt)
        c.status, c.resp, c.err = status, txt, kind
        c.usage = (0, 0)
        c.llm_ms = llm if llm is not None else 15 + (int(c.rid[:3], 16) % 60)
        return False

    @staticmethod
    def prompt_tokens(body: dict) -> int:
        n = 3
        for msg in body.get("messages", []):
            n += 4
            cont = msg.get("content")
            if isinstance(cont, str):
                n += ntok(cont)
            elif isinstance(cont, list):
                n += sum(ntok(p.get("text", "")) for p in cont)
            for tc in msg.get("tool_calls") or []:
                n += ntok(tc["function"]["arguments"]) + 8
        if body.get("tools"):
            n += ntok(json.dumps(body["tools"])) + 10
        if body.get("response_format", {}).get("type") == "json_schema":
            n += ntok(json.dumps(body["response_format"]))
        return n

    def _logprobs(self, rng, text: str, top: int, temperature: float):
        toks = _TOKEN_RE.findall(text or "")[:4096]
        if not toks:
            return []
        k = len(toks)
        main = -np.abs(rng.normal(0, 0.9 if temperature > 0.3 else 0.45, size=k)) ** 1.5
        out = []
        alt_idx = rng.integers(0, len(_ALT_VOCAB), size=(k, max(top, 1)))
        gaps = rng.exponential(1.2, size=(k, max(top, 1))).cumsum(axis=1)
        for i, tok in enumerate(toks):
            lp = round(float(main[i]), 6)
            entry = {"token": tok, "logprob": lp, "bytes": list(tok.encode("utf-8"))}
            if top:
                alts = [{"token": tok, "logprob": lp, "bytes": entry["bytes"]}]
                used = {tok}
                for j in range(top - 1):
                    a = _ALT_VOCAB[alt_idx[i, j]]
                    if a in used:
                        a = a.strip() or a + " "
                        if a in used:
                            continue
                    used.add(a)
                    alts.append({"token": a, "logprob": round(lp - float(gaps[i, j]), 6),
                                 "bytes": list(a.encode("utf-8"))})
                entry["top_logprobs"] = alts
            out.append(entry)
        return out

    # ------------------------------------------------------------- rate limits
    def apply_rate_limits(self):
        """Kong rate-limiting (fixed one-minute windows per consumer): calls over the
        tier limit are answered 429 by Kong and retried by the client in the next window."""
        by_acct: dict = {}
        for c in self.calls:
            if c.acct is not None:
                by_acct.setdefault(c.acct.account_id, []).append(c)
        extra = []
        for aid, cs in by_acct.items():
            acct = cs[0].acct
            limit = RPM[acct.tier]
            if len(cs) <= limit:
                continue
            cs.sort(key=lambda c: (c.ts, c.rid))
            counts: dict = {}
            rng = rng_for(self.seed, "ratelimit", aid)
            for c in cs:
                minute = int(c.ts // 60)
                # Kong counts every request, including rejected ones
                while counts.get(minute, 0) >= limit:
                    counts[minute] = counts.get(minute, 0) + 1
                    rej = Call()
                    rej.ts, rej.acct, rej.key, rej.ip, rej.client = c.ts, c.acct, c.key, c.ip, c.client
                    rej.body, rej.stream, rej.rid, rej.retry = c.body, c.stream, hex32(rng), c.retry  # body sent, not logged
                    rej.source, rej.status, rej.req_model = "kong", 429, c.req_model
                    wait = 60 - int(c.ts % 60)
                    rej.err = wait
                    rej.usage = (0, 0)
                    extra.append(rej)
                    c.ts = (minute + 1) * 60 + rng.random() * 5
                    c.retry += 1
                    minute += 1
                counts[minute] = counts.get(minute, 0) + 1
        self.calls.extend(extra)
        self.calls = [c for c in self.calls if T0 <= c.ts < T_END]


def _last_user(body: dict) -> str:
    for msg in reversed(body.get("messages", [])):
        if msg.get("role") == "user" and isinstance(msg.get("content"), str):
            return msg["content"]
    return ""
