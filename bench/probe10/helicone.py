"""Render calls as rows of a Helicone request export (``npx @helicone/export --format jsonl --include-body``).

Each row is one object of ``POST /v1/request/query-clickhouse`` (Helicone's ``getRequestsClickhouse``
select list over ``request_response_rmt``), with bodies parsed back to JSON as Helicone does for
rows stored in ClickHouse. ClickHouse's JSONEachRow output quotes 64-bit integers, so the token
counts, ``time_to_first_token`` and ``size_bytes`` are strings; timestamps are DateTime64(3)
strings in UTC without a zone suffix.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from . import bodies, textgen
from .calls import Call, GroundTruth
from .corpus import Item
from .world import EDGE_INCIDENT, MODELS, RELEASE_TS, TARGET_HOST, ZERO_UUID, fmt_ts, new_uuid, resolve_model

HELICONE_ORG = "5da3a1f0-7c2e-4f59-9d1b-2f8c6b0e4a17"  # the provider's own Helicone organisation
EDGE_REGION = {"US": "US", "CA": "US", "BR": "US", "GB": "DE", "DE": "DE", "FR": "DE", "ES": "DE", "NG": "DE",
               "KE": "DE", "RU": "DE", "IN": "SG", "TH": "SG", "VN": "SG", "CN": "SG", "SG": "SG", "JP": "SG",
               "KR": "SG", "AU": "SG"}
P429 = {"free": 0.012, "pay-as-you-go": 0.006, "scale": 0.003, "enterprise": 0.001}


@dataclass(slots=True)
class Row:
    """One exported line plus the ground truth needed for the label files."""

    ts: float
    line: str
    account_id: str
    end_user: str
    end_user_truth: GroundTruth | None
    duplicate: bool = False


def _preview(text: Any) -> str:
    """Helicone's S3-era ClickHouse preview: printable ASCII only, trimmed."""
    return "".join(ch for ch in str(text or "") if " " <= ch <= "~").strip()[:4000]


class Renderer:
    """Stateful renderer (Helicone cache lookups need the earlier requests)."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self._cache: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}

    # -- outcome ------------------------------------------------------------------------------

    def render(self, call: Call) -> list[Row]:
        """The rows one client call produces: the call, and any retries after a transient error."""
        rows: list[Row] = []
        rnd = self.rnd
        ts = call.ts
        for attempt in range(4):
            status, code = call.status, call.error
            exists = resolve_model(call.body.get("model", ""), ts) is not None or call.path == "/v1/embeddings"
            if status == 200 and not exists:
                status, code = 404, "model_not_found"
            if status == 200:
                r = rnd.random()
                p429 = P429.get(call.account.plan, 0.004) * (3 if call.account.kind in (
                    "eval_runner", "hydra_cot_cluster", "agentic_coding_harvest") else 1)
                if r < p429:
                    status = 429
                elif r < p429 + 0.0025:
                    status = rnd.choice([500, 503, 503])
            rows += self._row(call, ts, status, code)
            if status not in (429, 500, 503) or rnd.random() > 0.85:
                break
            ts += rnd.uniform(0.4, 2.0) * (2 ** attempt)
        return rows

    # -- one row ------------------------------------------------------------------------------

    def _row(self, call: Call, ts: float, status: int, code: str) -> list[Row]:
        rnd = self.rnd
        acct, body = call.account, call.body
        request_id, response_id = new_uuid(rnd), new_uuid(rnd)
        if body.get("stream") and "stream_options" not in body and int(acct.org_id[-2:], 36) % 5 < 2:
            body["stream_options"] = {"include_usage": True}
        name = body.get("model", "")
        resolved = resolve_model(name, ts)
        snapshot = MODELS[resolved].snapshot if resolved else name
        spec = MODELS[resolved] if resolved else MODELS["nimbus-2-flash"]
        prompt_tokens = self._prompt_tokens(call)
        cached = cache_ref = None
        tokens = {"prompt": 0, "completion": 0, "reasoning": 0, "cached": 0}
        cache_enabled = body.get("temperature") == 0 and not body.get("stream") and call.path != "/v1/embeddings"
        ttft = latency = 0.0
        if status != 200:
            response = bodies.error(status, code, name, acct.org_id)
            latency = rnd.uniform(15, 120) if status in (403, 404, 429) else rnd.uniform(200, 30000)
            ttft = latency
            request_model = name
        else:
            request_model = snapshot
            key = (acct.account_id, json.dumps(body, sort_keys=True, ensure_ascii=False)) if cache_enabled else None
            if key and key in self._cache:
                cache_ref, response = self._cache[key]
                latency = ttft = rnd.uniform(12, 70)
            else:
                response, tokens, ttft, latency = self._response(call, ts, snapshot, spec, prompt_tokens)
                if key:
                    self._cache[key] = (request_id, response)
            cached = tokens["cached"]
        resp_ts = ts + latency / 1000.0
        props = self._properties(call)
        user_id = acct.account_id
        if EDGE_INCIDENT[0] <= ts < EDGE_INCIDENT[1]:
            user_id = str(body.get("user", ""))  # Helicone falls back to the body's `user` field
        storage = "s3" if rnd.random() < 0.01 else "clickhouse"
        req_body: Any = body
        resp_body: Any = response
        if storage == "s3" and rnd.random() < 0.2:  # signed-URL fetch failed during export: preview text only
            last = next((m.get("content") for m in reversed(body.get("messages", [])) if m.get("role") == "user"), "")
            req_body = _preview(last)
            choice = (response.get("choices") or [{}])[0]
            resp_body = _preview((choice.get("message") or {}).get("content"))
        size = sum(len(str(m.get("content") or "")) for m in body.get("messages", [])) + 600 + int(
            tokens["completion"] * 4.2)
        row: dict[str, Any] = {
            "response_id": response_id,
            "response_body": resp_body,
            "response_created_at": fmt_ts(resp_ts),
            "response_status": status,
            "request_id": request_id,
            "request_body": req_body,
            "request_created_at": fmt_ts(ts),
            "request_user_id": user_id,
            "request_properties": props,
            "provider": "CUSTOM",
            "delay_ms": int(latency),
            "request_model": request_model,
            "ai_gateway_body_mapping": "",
            "time_to_first_token": str(int(ttft)),
            "total_tokens": str(tokens["prompt"] - (cached or 0) + tokens["completion"]),
            "completion_tokens": str(tokens["completion"] - tokens["reasoning"]),
            "reasoning_tokens": str(tokens["reasoning"]),
            "prompt_tokens": str(tokens["prompt"] - (cached or 0)),
            "prompt_cache_read_tokens": str(cached or 0),
            "prompt_cache_write_tokens": "0",
            "country_code": EDGE_REGION.get(call.egress.country, "US"),
            "scores": {},
            "properties": props,
            "asset_ids": [],
            "target_url": TARGET_HOST + call.path,
            "cache_reference_id": cache_ref or ZERO_UUID,
            "request_referrer": acct.referrer,
            "cache_enabled": cache_enabled,
            "cost": 0,
            "prompt_id": "",
            "prompt_version": "",
            "updated_at": fmt_ts(resp_ts + rnd.uniform(0.8, 9.0)),
            "storage_location": storage,
            "size_bytes": str(size),
        }
        if storage == "s3":
            row["signed_body_url"] = (
                f"https://request-response-storage.s3.us-west-2.amazonaws.com/organizations/{HELICONE_ORG}/requests/"
                f"{request_id}/request_response_body?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256="
                f"UNSIGNED-PAYLOAD&X-Amz-Credential=ASIAEXAMPLEEXPORT0000%2F20260309%2Fus-west-2%2Fs3%2Faws4_request"
                f"&X-Amz-Date=20260309T0{rnd.randrange(10)}{rnd.randrange(60):02d}00Z&X-Amz-Expires=1800"
                f"&X-Amz-Signature={rnd.getrandbits(256):064x}&X-Amz-SignedHeaders=host&x-id=GetObject")
        line = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        out = [Row(ts, line, acct.account_id, call.end_user, call.end_user_truth)]
        if rnd.random() < 0.003:  # ReplacingMergeTree row not merged yet: same request, later updated_at
            row["updated_at"] = fmt_ts(resp_ts + rnd.uniform(120, 10800))
            dup = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
            out.append(Row(ts, dup, acct.account_id, call.end_user, call.end_user_truth, duplicate=True))
        return out

    def _properties(self, call: Call) -> dict[str, str]:
        acct = call.account
        props = {"org-id": acct.org_id, "api-key-id": call.key[0], "api-key-name": call.key[1], "plan": acct.plan,
                 "client-ip-hash": call.egress.ip_hash, "client-asn": call.egress.asn,
                 "client-country": call.egress.country, "user-agent": call.ua}
        if acct.client_app:
            props["client-app"] = acct.client_app
        if call.end_user and acct.end_user_via in ("property", "both"):
            props["end-user"] = call.end_user
        if call.session:
            props["Helicone-Session-Id"], props["Helicone-Session-Path"], props["Helicone-Session-Name"] = call.session
        return props

    @staticmethod
    def _prompt_tokens(call: Call) -> int:
        body = call.body
        if call.path == "/v1/embeddings":
            return sum(textgen.tokens(str(x)) for x in body.get("input", []))
        n = 3
        for m in body.get("messages", []):
            n += 4 + textgen.tokens(str(m.get("content") or ""))
            if m.get("tool_calls"):
                n += textgen.tokens(json.dumps(m["tool_calls"]))
        if body.get("tools"):
            n += 60 * len(body["tools"])
        return n

    def _response(
        self, call: Call, ts: float, snapshot: str, spec: Any, prompt_tokens: int
    ) -> tuple[dict[str, Any], dict[str, int], float, float]:
        rnd, body, reply = self.rnd, call.body, call.reply
        created = int(ts)
        if call.path == "/v1/embeddings":
            tok = {"prompt": prompt_tokens, "completion": 0, "reasoning": 0, "cached": 0}
            return {"helicone_message": "embeddings response omitted"}, tok, 40.0, rnd.uniform(30, 160)
        contents: list[str | None] = [reply.content, *list(reply.alternatives or [])]
        contents = contents[: int(body.get("n", 1) or 1)]
        reasoning = reply.reasoning if spec.reasoning else None
        if spec.reasoning and not reasoning and (spec.snapshot.startswith("nimbus-2-think") or
                                                 body.get("reasoning_effort")):
            last = str((body.get("messages") or [{}])[-1].get("content") or reply.content or "")
            reasoning = textgen.reasoning(Item(last, "request"), rnd, "en", rnd.randint(60, 220))
        if spec.snapshot.startswith("nimbus-3-pro") and not body.get("reasoning_effort") and rnd.random() < 0.5:
            reasoning = None
        r_tok = textgen.tokens(reasoning) if reasoning else 0
        c_tok = sum(textgen.tokens(c or "") for c in contents)
        if reply.tool_calls:
            c_tok += textgen.tokens(json.dumps(reply.tool_calls))
        finish = reply.finish
        limit = body.get("max_tokens")
        if limit and c_tok + r_tok > limit:
            keep = max(0.05, (limit - r_tok) / max(1, c_tok)) if r_tok < limit else 0.0
            contents = [(c or "")[: int(len(c or "") * keep)] for c in contents]
            if r_tok >= limit and reasoning:
                reasoning, r_tok = reasoning[: int(len(reasoning) * limit / r_tok)], limit
            c_tok, finish = min(limit - r_tok, c_tok), "length"
        completion_tokens = c_tok + r_tok
        cached = 0
        if call.cached_prefix_tokens >= 1024 and rnd.random() < 0.8:
            cached = min(prompt_tokens - 1, (call.cached_prefix_tokens // 128) * 128)
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens,
                 "prompt_tokens_details": {"cached_tokens": cached},
                 "completion_tokens_details": {"reasoning_tokens": r_tok}}
        load = 1.5 if snapshot.startswith("nimbus-3-pro") and ts < RELEASE_TS + 86_400 else 1.0
        ttft = spec.ttft_ms * rnd.uniform(0.6, 1.8) * load + prompt_tokens * 0.015
        gen = completion_tokens / spec.tokens_per_s * 1000.0 * rnd.uniform(0.8, 1.3) * load
        cid = bodies.completion_id(rnd)
        tok = {"prompt": prompt_tokens, "completion": completion_tokens, "reasoning": r_tok, "cached": cached}
        if body.get("stream"):
            with_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            resp = bodies.streamed(rnd, cid=cid, created=created, model=snapshot, reply=reply, content=contents[0],
                                   reasoning=reasoning, finish=finish, usage=usage if with_usage else None,
                                   completion_tokens=completion_tokens)
            if not with_usage:  # no usage chunk: Helicone records zero tokens
                tok = {"prompt": 0, "completion": 0, "reasoning": 0, "cached": 0}
            return resp, tok, ttft, ttft + gen
        top = body.get("top_logprobs", 0) if body.get("logprobs") else None
        resp = bodies.completion(rnd, cid=cid, created=created, model=snapshot, reply=reply, contents=contents,
                                 reasoning=reasoning, finish=finish, usage=usage, logprobs_top=top,
                                 max_tokens=int(limit or 4096))
        return resp, tok, gen + ttft * 0.9, ttft + gen
