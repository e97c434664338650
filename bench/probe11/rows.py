"""Exchanges -> Langfuse rows (traces, observations, scores) as the legacy blob-storage export writes them.

Column sets and order follow the langfuse-docs field reference for the legacy `traces/`, `observations/` and
`scores/` tables. Gateway traffic is shaped by LiteLLM's Langfuse logger (litellm/integrations/langfuse/
langfuse.py): trace input {"messages": ...}, output = the assistant message, generation id
"time-%H-%M-%S-%f_<response id>", name "litellm:<key alias>", key/user/team/org in metadata, and
"key:value" default tags. Console playground traffic comes from the Langfuse JS SDK instead.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from .core import CHANNELS, MODEL_DEF_IDS, MODELS, Exchange, Ids, fmt_ts, tokens

LITELLM_VERSION = "1.74.9"
# The gateway's Langfuse client has a mask function: it drops (nulls) an input longer than MASK_LIMIT characters
# of JSON, and any input that contains an e-mail address.
MASK_LIMIT = 3500
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _meta(d: dict) -> dict:
    """ClickHouse stores metadata as Map(String, String): non-strings arrive JSON-encoded, nulls dropped."""
    return {k: (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)) for k, v in d.items() if v is not None}


def release_at(t: float) -> str:
    return "gw-2026.02.4" if t < datetime(2026, 3, 4, 6, tzinfo=UTC).timestamp() else "gw-2026.03.1"


# per model: deployment name and per-token prices as the decimal strings Langfuse exports
_MODEL_ROW = {
    m: (d, f"{pi / 1e6:.10f}".rstrip("0"), f"{po / 1e6:.10f}".rstrip("0")) for m, (d, pi, po, _) in MODELS.items()
}


class Usage:
    """Token counts and cost of one exchange, computed on first use (in the writer processes)."""

    __slots__ = ("_done", "cached", "completion", "cost", "e", "hidden", "prompt")

    def __init__(self, e: Exchange, hidden: int) -> None:
        self.e, self.hidden, self._done = e, hidden, False

    def ready(self) -> Usage:
        if not self._done:
            e = self.e
            text = "".join(m.get("content") or "" for m in e.messages if isinstance(m.get("content"), str))
            self.prompt = tokens(text) + (tokens(_dumps(e.tools)) if e.tools else 0) + 4 * len(e.messages)
            rp = e.reply or {}
            visible = tokens(rp.get("content") or "") + tokens(rp.get("reasoning") or "")
            visible += sum(tokens(tc["function"]["arguments"]) + 8 for tc in rp.get("tool_calls") or [])
            self.completion = (visible + self.hidden) * e.n
            self.cached = 0
            _, pin, pout, _ = MODELS[e.model]
            self.cost = round((self.prompt * pin + self.completion * pout) / 1e6, 8)
            self._done = True
        return self


class RowBuilder:
    def __init__(self, project_id: str, env: str, ids: Ids) -> None:
        self.pid, self.env, self.ids = project_id, env, ids

    # ---- gateway (LiteLLM) ----------------------------------------------------------------------------
    def io(self, e: Exchange) -> tuple[str | None, str | None]:
        if e.io_cache is None:
            e.io_cache = self._io(e)
        return e.io_cache

    def _io(self, e: Exchange) -> tuple[str | None, str | None]:
        if e.acct.zdr:
            return None, None
        msgs = e.messages
        if e.acct.redact:
            msgs = [{"role": "user", "content": "redacted-by-litellm"}]
        prompt = {"messages": msgs}
        if e.tools:
            prompt["tools"] = e.tools
        inp = _dumps(prompt)
        if len(inp) > MASK_LIMIT or ("@" in inp and _EMAIL.search(inp)):
            inp = None
        if e.error:
            return inp, e.error
        rp = e.reply or {}
        out = {
            "content": "redacted-by-litellm" if e.acct.redact else rp.get("content"),
            "role": "assistant",
            "tool_calls": rp.get("tool_calls"),
            "function_call": None,
        }
        if rp.get("reasoning") and not e.acct.redact:
            out["reasoning_content"] = rp["reasoning"]
        return inp, _dumps(out)

    def tags(self, e: Exchange) -> list[str]:
        t = list(e.req_tags or [])
        t += [f"User-Agent: {e.ua}", f"User-Agent: {e.ua.split('/')[0]}"]
        t += [
            f"user_api_key_alias:{e.key.alias}",
            f"user_api_key_user_id:{e.acct.account_id}",
            f"user_api_key_team_alias:{e.acct.channel}",
            "cache_hit:False",
        ]
        return list(dict.fromkeys(t))

    def trace(
        self,
        e: Exchange,
        trace_id: str,
        t_trace: float,
        created: float,
        updated: float,
        bookmarked: bool,
        partial: bool = False,
    ) -> dict:
        inp, out = self.io(e)
        return {
            "id": trace_id,
            "timestamp": fmt_ts(t_trace),
            "name": e.trace_name or "litellm-acompletion",
            "environment": self.env,
            "project_id": self.pid,
            "metadata": {},
            "user_id": e.end_user,
            "session_id": e.session,
            "release": release_at(t_trace),
            "version": None,
            "public": False,
            "bookmarked": bookmarked,
            "tags": self.tags(e),
            "input": inp,
            "output": None if (e.error or partial) else out,
            "created_at": fmt_ts(created),
            "updated_at": fmt_ts(updated),
        }

    def generation(self, e: Exchange, obs_id: str, trace_id: str, u: Usage, created: float, updated: float) -> dict:
        u = u.ready()
        deploy, pin, pout = _MODEL_ROW[e.model]
        inp, out = self.io(e)
        end = e.ts + e.dur
        rp = e.reply or {}
        calls = rp.get("tool_calls") or []
        cost = "null" if e.error else repr(u.cost)
        md = {
            "user_api_key": e.key.token_hash,
            "user_api_key_alias": e.key.alias,
            "user_api_key_user_id": e.acct.account_id,
            "user_api_key_org_id": e.acct.org_id,
            "user_api_key_team_id": CHANNELS[e.acct.channel],
            "user_api_key_team_alias": e.acct.channel,
            "user_api_key_end_user_id": e.end_user,
            "requester_ip_address": e.ip,
            "litellm_api_version": LITELLM_VERSION,
            "model_group": e.model,
            "deployment": deploy,
            "hidden_params": f'{{"model_id":"{MODEL_DEF_IDS[e.model][2:18]}","response_cost":{cost}}}',
            "requester_metadata": "{}",
            "litellm_response_cost": cost,
            "cache_hit": "false",
        }
        md = {k: v for k, v in md.items() if v is not None}
        params = dict(e.params)
        if not e.error:
            params["system_fingerprint"] = "fp_" + MODEL_DEF_IDS[e.model][-10:]
        usage = (
            {}
            if e.error
            else {
                "input": u.prompt,
                "output": u.completion,
                "total": u.prompt + u.completion,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": u.cached,
            }
        )
        return {
            "id": obs_id,
            "trace_id": trace_id,
            "project_id": self.pid,
            "environment": self.env,
            "type": "GENERATION",
            "parent_observation_id": None,
            "start_time": fmt_ts(e.ts),
            "end_time": fmt_ts(end),
            "name": e.gen_name or (f"litellm:{e.key.alias}" if e.key.alias else "litellm-acompletion"),
            "metadata": md,
            "level": "ERROR" if e.error else "DEFAULT",
            "status_message": e.error,
            "version": None,
            "input": inp,
            "output": out,
            "provided_model_name": deploy,
            "model_parameters": _dumps(params),
            "usage_details": usage,
            "cost_details": {} if e.error else {"total": u.cost},
            "completion_start_time": None if e.error else fmt_ts(e.ts + e.ttft if e.stream else end),
            "prompt_name": None,
            "prompt_version": None,
            "total_cost": None if e.error else u.cost,
            "latency": round(e.dur, 3),
            "time_to_first_token": None if e.error else round(e.ttft if e.stream else e.dur, 3),
            "model_id": MODEL_DEF_IDS[e.model],
            "created_at": fmt_ts(created),
            "updated_at": fmt_ts(updated),
            "prompt_id": None,
            "tool_calls": [_dumps(c) for c in calls],
            "tool_call_names": [c["function"]["name"] for c in calls],
            "tool_definitions": {t["function"]["name"]: _dumps(t["function"]) for t in e.tools or []},
            "usage_pricing_tier_name": "Standard",
            "input_price": pin,
            "output_price": pout,
            "total_price": None,
        }

    def guardrail_span(self, e: Exchange, obs_id: str, trace_id: str, created: float) -> dict:
        start = e.ts - 0.05 - (e.lag % 0.2)
        last = next((m["content"] for m in reversed(e.messages) if m["role"] == "user"), "") or ""
        return self._obs(
            obs_id,
            trace_id,
            "SPAN",
            None,
            start,
            start + 0.03 + (e.lag % 0.05),
            "guardrail",
            _meta(
                {"guardrail_name": "prompt-shield", "guardrail_mode": "pre_call", "guardrail_masked_entity_count": {}}
            ),
            None if e.acct.zdr else _dumps({"text": last[:500]}),
            None if e.acct.zdr else '{"action":"NONE","categories":[]}',
            created,
        )

    def _obs(self, obs_id, trace_id, typ, parent, start, end, name, md, inp, out, created, level="DEFAULT") -> dict:
        return {
            "id": obs_id,
            "trace_id": trace_id,
            "project_id": self.pid,
            "environment": self.env,
            "type": typ,
            "parent_observation_id": parent,
            "start_time": fmt_ts(start),
            "end_time": None if end is None else fmt_ts(end),
            "name": name,
            "metadata": md,
            "level": level,
            "status_message": None,
            "version": None,
            "input": inp,
            "output": out,
            "provided_model_name": None,
            "model_parameters": None,
            "usage_details": {},
            "cost_details": {},
            "completion_start_time": None,
            "prompt_name": None,
            "prompt_version": None,
            "total_cost": None,
            "latency": None if end is None else round(end - start, 3),
            "time_to_first_token": None,
            "model_id": None,
            "created_at": fmt_ts(created),
            "updated_at": fmt_ts(created),
            "prompt_id": None,
            "tool_calls": [],
            "tool_call_names": [],
            "tool_definitions": {},
            "usage_pricing_tier_name": None,
            "input_price": None,
            "output_price": None,
            "total_price": None,
        }

    # ---- console playground (Langfuse JS SDK) ---------------------------------------------------------
    def pg_trace(self, e: Exchange, trace_id: str, created: float, updated: float, partial: bool) -> dict:
        rp = e.reply or {}
        return {
            "id": trace_id,
            "timestamp": fmt_ts(e.ts - 0.02),
            "name": e.trace_name,
            "environment": self.env,
            "project_id": self.pid,
            "metadata": _meta({"org_id": e.acct.org_id, "surface": "console"}),
            "user_id": e.acct.account_id,
            "session_id": f"pg-{trace_id[:12]}",
            "release": "console@2026.02.27",
            "version": None,
            "public": False,
            "bookmarked": False,
            "tags": ["playground"],
            "input": _dumps(e.messages),
            "output": None if partial else _dumps(rp.get("content")),
            "created_at": fmt_ts(created),
            "updated_at": fmt_ts(updated),
        }

    def pg_generation(
        self,
        e: Exchange,
        obs_id: str,
        parent: str,
        trace_id: str,
        u: Usage,
        created: float,
        updated: float,
        partial: bool,
    ) -> dict:
        deploy, pin, pout, _ = MODELS[e.model]
        u = u.ready()
        row = self._obs(
            obs_id,
            trace_id,
            "GENERATION",
            parent,
            e.ts,
            None if partial else e.ts + e.dur,
            "chat-completion",
            _meta({"model_group": e.model}),
            _dumps(e.messages),
            None if partial else _dumps((e.reply or {}).get("content")),
            created,
        )
        row["updated_at"] = fmt_ts(updated)
        row["provided_model_name"] = deploy
        row["model_parameters"] = _dumps(e.params)
        row["model_id"] = MODEL_DEF_IDS[e.model]
        row["usage_pricing_tier_name"] = "Standard"
        row["input_price"] = f"{pin / 1e6:.10f}".rstrip("0")
        row["output_price"] = f"{pout / 1e6:.10f}".rstrip("0")
        if not partial:
            ci, co = round(u.prompt * pin / 1e6, 8), round(u.completion * pout / 1e6, 8)
            row.update(
                usage_details={"input": u.prompt, "output": u.completion, "total": u.prompt + u.completion},
                cost_details={"input": ci, "output": co, "total": round(ci + co, 8)},
                total_cost=round(ci + co, 8),
                completion_start_time=fmt_ts(e.ts + e.ttft),
                time_to_first_token=round(e.ttft, 3),
            )
        return row

    def pg_span(self, e: Exchange, obs_id: str, trace_id: str, created: float, partial: bool) -> dict:
        return self._obs(
            obs_id,
            trace_id,
            "SPAN",
            None,
            e.ts - 0.02,
            None if partial else e.ts + e.dur + 0.01,
            "playground-run",
            {},
            None,
            None,
            created,
        )

    def pg_event(self, e: Exchange, obs_id: str, parent: str, trace_id: str, name: str, created: float) -> dict:
        at = e.ts + e.dur + 2 + (e.lag % 20)
        return self._obs(obs_id, trace_id, "EVENT", parent, at, None, name, {}, None, None, created)

    # ---- scores -------------------------------------------------------------------------------------
    def score(
        self,
        sid: str,
        t: float,
        trace_id: str,
        obs_id: str | None,
        session: str | None,
        name: str,
        value: float,
        source: str,
        data_type: str,
        string_value: str | None,
        comment: str | None,
        created: float,
    ) -> dict:
        return {
            "id": sid,
            "timestamp": fmt_ts(t),
            "project_id": self.pid,
            "environment": self.env,
            "trace_id": trace_id,
            "observation_id": obs_id,
            "session_id": session,
            "dataset_run_id": None,
            "name": name,
            "value": value,
            "source": source,
            "comment": comment,
            "data_type": data_type,
            "string_value": string_value,
            "created_at": fmt_ts(created),
            "updated_at": fmt_ts(created),
        }


def litellm_generation_id(ts: float, resp_id: str) -> str:
    d = datetime.fromtimestamp(ts, tz=UTC)
    return "time-" + d.strftime("%H-%M-%S-%f") + "_" + resp_id
