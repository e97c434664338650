# ruff: noqa: E501, RUF005
"""AWS Bedrock model-invocation log records (schemaType ModelInvocationLog, schemaVersion 1.0).

One record per runtime API call (Converse, ConverseStream, InvokeModel, InvokeModelWithResponseStream),
including failed calls (``errorCode`` set, no ``output``).  The log owner is one AWS account; every customer
of the fictional provider is one IAM principal in it, and ``identity.arn`` is that customer's identity.
"""

from __future__ import annotations

import base64
import calendar
import json
import math
import time
from dataclasses import dataclass, field

from .textgen import est_tokens

ACCOUNT_ID = "482915730614"  # the log owner's single AWS account (fictional)
WEEK_START = calendar.timegm((2026, 9, 7, 0, 0, 0))  # Monday 2026-09-07 00:00:00Z
DAYS = 7
WEEK_END = WEEK_START + DAYS * 86400
RELEASE = WEEK_START + 3 * 86400 + 16 * 3600  # Thursday 2026-09-10 16:00Z: atlas-4 goes live

MODELS = {
    "atlas3": "meridian.atlas-3-v1:0",
    "flash": "meridian.atlas-3-flash-v1:0",
    "atlas4": "meridian.atlas-4-v1:0",
}
MODEL_SHORT = {"atlas3": "atlas-3", "flash": "atlas-3-flash", "atlas4": "atlas-4"}
REASONING_MODELS = {"atlas3", "atlas4"}
MS_PER_TOKEN = {"atlas3": 14.0, "flash": 5.5, "atlas4": 17.0}

REGIONS = ("us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1")
PROFILE = {"us-east-1": ("us", ("us-east-1", "us-east-2", "us-west-2")),
           "us-west-2": ("us", ("us-west-2", "us-east-1", "us-east-2")),
           "eu-central-1": ("eu", ("eu-central-1", "eu-west-1", "eu-west-3")),
           "ap-northeast-1": ("apac", ("ap-northeast-1", "ap-northeast-3", "ap-southeast-1"))}

ERROR_RETRYABLE = {"ThrottlingException": True, "ServiceUnavailableException": True,
                   "ModelTimeoutException": False, "ValidationException": False}

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def uuid4(rnd) -> str:
    v = rnd.getrandbits(128)
    v = (v & ~(0xF000 << 64)) | (0x4000 << 64)
    v = (v & ~(0xC000 << 48)) | (0x8000 << 48)
    h = f"{v:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def b62(rnd, n: int) -> str:
    return "".join(_B62[rnd.getrandbits(6) % 62] for _ in range(n))


def signature(rnd) -> str:
    return base64.b64encode(rnd.getrandbits(8 * 96).to_bytes(96, "big")).decode()


def iso(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(ts)))


@dataclass
class Account:
    arn: str
    campaign_id: str | None
    archetype: str
    region: str
    xregion: bool = False  # calls through a cross-region inference profile ("us." / "eu." / "apac.")
    throttle_p: float = 0.004
    validation_p: float = 0.001
    retries: int = 2  # SDK retries after a retryable error (botocore standard mode: 3 attempts)
    n: int = 0
    n_err: int = 0
    last_cache: float = -1e18


@dataclass
class Reply:
    text: str = ""
    reasoning: str | None = None
    tool_uses: list = field(default_factory=list)  # [(name, input_dict)]
    stop: str | None = None


class World:
    """Collects serialized records.  Sorting and writing happen in generate.py."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rows: list[tuple[int, int, str]] = []  # (ts, seq, json line)
        self.accounts: dict[str, Account] = {}
        self._seq = 0
        self._arns: set[str] = set()

    # ---------------------------------------------------------------- accounts
    def new_account(self, rnd, archetype: str, channel: str, campaign_id: str | None = None,
                    region: str | None = None, style: str = "user", xregion: float = 0.2, **kw) -> Account:
        region = region or rnd.choices(REGIONS, weights=(50, 15, 18, 17))[0]
        while True:
            slug = f"t-{rnd.getrandbits(40):010x}"
            if style == "role":
                sess = rnd.choice(["prod-api", "svc-invoke", "app-backend", "ecs-task", "lambda-invoker"])
                arn = f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{slug}-bedrock-invoke/{sess}"
            else:
                arn = f"arn:aws:iam::{ACCOUNT_ID}:user/tenants/{channel}/{slug}"
            if arn not in self._arns:
                break
        self._arns.add(arn)
        acct = Account(arn=arn, campaign_id=campaign_id, archetype=archetype, region=region,
                       xregion=rnd.random() < xregion, **kw)
        self.accounts[arn] = acct
        return acct

    # ---------------------------------------------------------------- records
    def emit(self, acct: Account, ts: float, rec: dict) -> None:
        line = json.dumps(rec, ensure_ascii=False, separators=(",", ":"))
        if "\u2028" in line or "\u2029" in line:  # keep one record per physical line for every reader
            line = line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        self.rows.append((int(ts), self._seq, line))
        self._seq += 1
        acct.n += 1
        if "errorCode" in rec:
            acct.n_err += 1

    def draw_error(self, acct: Account, model: str, ts: float, rnd, in_tokens: int) -> str | None:
        p = acct.throttle_p
        if model == "atlas4" and ts - RELEASE < 36 * 3600:
            p += 0.06 * math.exp(-(ts - RELEASE) / (10 * 3600))  # launch-day capacity crunch
        r = rnd.random()
        if r < p:
            return "ThrottlingException"
        r -= p
        if r < acct.validation_p or in_tokens > 190_000:
            return "ValidationException"
        r -= acct.validation_p
        if r < 0.0006:
            return "ServiceUnavailableException"
        if r < 0.0009:
            return "ModelTimeoutException"
        return None


def _native_block(b: dict) -> dict:
    if "text" in b:
        return {"type": "text", "text": b["text"]}
    if "toolUse" in b:
        tu = b["toolUse"]
        return {"type": "tool_use", "id": tu["toolUseId"], "name": tu["name"], "input": tu["input"]}
    if "toolResult" in b:
        tr = b["toolResult"]
        c = tr["content"][0]
        return {"type": "tool_result", "tool_use_id": tr["toolUseId"],
                "content": c["text"] if "text" in c else json.dumps(c["json"], ensure_ascii=False)}
    if "reasoningContent" in b:
        rt = b["reasoningContent"]["reasoningText"]
        return {"type": "thinking", "thinking": rt["text"], "signature": rt["signature"]}
    return b


def _native_msg(m: dict) -> dict:
    c = m["content"]
    if len(c) == 1 and "text" in c[0]:
        return {"role": m["role"], "content": c[0]["text"]}
    return {"role": m["role"], "content": [_native_block(b) for b in c]}


class Conv:
    """One conversation of one account.  ``send`` logs one call (plus SDK retries) and extends the history."""

    def __init__(self, w: World, acct: Account, rnd, *, model: str = "atlas3", op: str = "Converse",
                 system: str | None = None, cache_system: bool = False, tools: list | None = None,
                 tool_choice: dict | None = None, infer: dict | None = None, thinking: int | None = None,
                 meta: dict | None = None, keep_reasoning: bool = False):
        self.w, self.acct, self.rnd = w, acct, rnd
        self.model, self.op = model, op
        self.system, self.cache_system = system, cache_system
        self.tools, self.tool_choice = tools, tool_choice
        self.infer = infer if infer is not None else {}
        self.thinking = thinking
        self.meta = meta
        self.keep_reasoning = keep_reasoning
        self.messages: list[dict] = []
        self.msg_tok: int = 0
        self.sys_tok = est_tokens(system) if system else 0
        self.tools_tok = est_tokens(json.dumps(tools)) if tools else 0
        self.pending_tool_ids: list[str] = []

    # ---------------------------------------------------------------- helpers
    def tool_results(self, results: list) -> list[dict]:
        """User content blocks answering the previous turn's tool calls. ``results``: list of dict|str."""
        blocks = []
        for tid, res in zip(self.pending_tool_ids, results, strict=False):
            c = {"json": res} if isinstance(res, (dict, list)) else {"text": str(res)}
            blocks.append({"toolResult": {"toolUseId": tid, "content": [c], "status": "success"}})
        return blocks

    def _model_id(self, model: str) -> tuple[str, str | None]:
        mid = MODELS[model]
        if self.acct.xregion:
            prefix, dests = PROFILE[self.acct.region]
            return f"{prefix}.{mid}", self.rnd.choice(dests)
        return mid, None

    def _body(self, msgs: list[dict], model: str) -> dict:
        if self.op in ("Converse", "ConverseStream"):
            body: dict = {"messages": msgs}
            if self.system:
                body["system"] = [{"text": self.system}] + ([{"cachePoint": {"type": "default"}}] if self.cache_system else [])
            if self.infer:
                body["inferenceConfig"] = self.infer
            if self.tools:
                tc: dict = {"tools": self.tools}
                if self.tool_choice:
                    tc["toolChoice"] = self.tool_choice
                body["toolConfig"] = tc
            if self.thinking and model in REASONING_MODELS:
                body["additionalModelRequestFields"] = {"thinking": {"type": "enabled", "budget_tokens": self.thinking}}
            return body
        # native provider body for InvokeModel / InvokeModelWithResponseStream
        body = {"max_tokens": 0}
        body["max_tokens"] = self.infer.get("maxTokens", 4096)
        if self.system:
            body["system"] = self.system
        body["messages"] = [_native_msg(m) for m in msgs]
        if "temperature" in self.infer:
            body["temperature"] = self.infer["temperature"]
        if "topP" in self.infer:
            body["top_p"] = self.infer["topP"]
        if self.thinking and model in REASONING_MODELS:
            body["thinking"] = {"type": "enabled", "budget_tokens": self.thinking}
        if self.tools:
            body["tools"] = [{"name": t["toolSpec"]["name"], "description": t["toolSpec"]["description"],
                              "input_schema": t["toolSpec"]["inputSchema"]["json"]} for t in self.tools]
        return body

    # ---------------------------------------------------------------- the call
    def send(self, ts: float, content, reply: Reply, *, model: str | None = None, meta: dict | None = None,
             keep: bool = True) -> float | None:
        """Log one call at ``ts``.  Returns the time the answer finished, or None when the call failed."""
        rnd, acct, w = self.rnd, self.acct, self.w
        model = model or self.model
        if model == "atlas4" and ts < RELEASE:
            model = "atlas3"
        if ts >= WEEK_END:
            return None
        blocks = [{"text": content}] if isinstance(content, str) else content
        user_msg = {"role": "user", "content": blocks}
        u_tok = sum(est_tokens(b["text"]) if "text" in b else est_tokens(json.dumps(b, ensure_ascii=False)) // 1
                    for b in blocks)
        msgs = self.messages + [user_msg]
        in_tok = self.sys_tok + self.tools_tok + self.msg_tok + u_tok + 4 * len(msgs) + 6
        body = self._body(msgs, model)
        model_id, inf_region = self._model_id(model)
        meta = meta if meta is not None else self.meta

        def base(t: float) -> dict:
            r = {"schemaType": "ModelInvocationLog", "schemaVersion": "1.0", "timestamp": iso(t),
                 "accountId": ACCOUNT_ID, "identity": {"arn": acct.arn}, "region": acct.region,
                 "requestId": uuid4(rnd), "operation": self.op, "modelId": model_id}
            if inf_region:
                r["inferenceRegion"] = inf_region
            return r

        t = ts
        attempt = 0
        while True:
            err = w.draw_error(acct, model, t, rnd, in_tok)
            if err is None:
                break
            rec = base(t)
            rec["errorCode"] = err
            rec["input"] = {"inputContentType": "application/json", "inputBodyJson": body, "inputTokenCount": in_tok}
            if meta and self.op in ("Converse", "ConverseStream"):
                rec["requestMetadata"] = meta
            w.emit(acct, t, rec)
            if not ERROR_RETRYABLE[err] or attempt >= acct.retries:
                return None
            attempt += 1
            t += rnd.uniform(0.05, min(20.0, 2.0 ** attempt)) + 0.1

        # ---- success
        reasoning = reply.reasoning if (reply.reasoning and self.thinking and model in REASONING_MODELS) else None
        out_tok = est_tokens(reply.text) + (est_tokens(reasoning) if reasoning else 0)
        tool_blocks = []
        for name, inp in reply.tool_uses:
            tool_blocks.append({"toolUse": {"toolUseId": "tooluse_" + b62(rnd, 22), "name": name, "input": inp}})
            out_tok += est_tokens(json.dumps(inp, ensure_ascii=False)) + 8
        stop = reply.stop or ("tool_use" if tool_blocks else "end_turn")
        max_t = self.infer.get("maxTokens")
        if max_t and out_tok > max_t:
            out_tok, stop = max_t, "max_tokens"
        latency = int(rnd.uniform(250, 900) + out_tok * MS_PER_TOKEN[model] * rnd.uniform(0.7, 1.4))

        cache_read = cache_write = 0
        if self.cache_system and self.sys_tok >= 1024:
            if t - acct.last_cache < 300:
                cache_read = self.sys_tok
            else:
                cache_write = self.sys_tok
            acct.last_cache = t
        billed_in = in_tok - cache_read - cache_write

        a_content = []
        if reasoning:
            a_content.append({"reasoningContent": {"reasoningText": {"text": reasoning, "signature": signature(rnd)}}})
        if reply.text:
            a_content.append({"text": reply.text})
        a_content += tool_blocks

        rec = base(t)
        inp = {"inputContentType": "application/json", "inputBodyJson": body, "inputTokenCount": billed_in,
               "cacheReadInputTokenCount": cache_read, "cacheWriteInputTokenCount": cache_write}
        rec["input"] = inp
        if self.op in ("Converse", "ConverseStream"):
            usage = {"inputTokens": billed_in, "outputTokens": out_tok, "totalTokens": in_tok + out_tok}
            if self.cache_system:
                usage["cacheReadInputTokens"] = cache_read
                usage["cacheWriteInputTokens"] = cache_write
            obody = {"output": {"message": {"role": "assistant", "content": a_content}}, "stopReason": stop,
                     "metrics": {"latencyMs": latency}, "usage": usage}
            if meta:
                rec["requestMetadata"] = meta
        elif self.op == "InvokeModel":
            obody = {"id": "msg_bdrk_" + b62(rnd, 24), "type": "message", "role": "assistant",
                     "model": MODEL_SHORT[model], "content": [_native_block(b) for b in a_content],
                     "stop_reason": stop, "stop_sequence": None,
                     "usage": {"input_tokens": billed_in, "output_tokens": out_tok}}
        else:  # InvokeModelWithResponseStream: the log holds the list of streamed chunks
            obody = self._chunks(a_content, model, stop, billed_in, out_tok, latency)
        rec["output"] = {"outputContentType": "application/json", "outputBodyJson": obody, "outputTokenCount": out_tok}
        w.emit(acct, t, rec)

        if keep:
            a_hist = [b for b in a_content if self.keep_reasoning or "reasoningContent" not in b]
            self.messages = msgs + [{"role": "assistant", "content": a_hist or [{"text": ""}]}]
            self.msg_tok += u_tok + out_tok
        self.pending_tool_ids = [b["toolUse"]["toolUseId"] for b in tool_blocks]
        return t + latency / 1000.0

    def _chunks(self, a_content, model, stop, in_tok, out_tok, latency) -> list:
        rnd = self.rnd
        mid = "msg_bdrk_" + b62(rnd, 24)
        ev = [{"type": "message_start", "message": {"id": mid, "type": "message", "role": "assistant",
                                                    "model": MODEL_SHORT[model], "content": [], "stop_reason": None,
                                                    "usage": {"input_tokens": in_tok, "output_tokens": 1}}}]
        for i, b in enumerate(a_content):
            nb = _native_block(b)
            if nb["type"] == "thinking":
                ev.append({"type": "content_block_start", "index": i, "content_block": {"type": "thinking", "thinking": ""}})
                for piece in _split(nb["thinking"], rnd):
                    ev.append({"type": "content_block_delta", "index": i, "delta": {"type": "thinking_delta", "thinking": piece}})
                ev.append({"type": "content_block_delta", "index": i, "delta": {"type": "signature_delta", "signature": nb["signature"]}})
            elif nb["type"] == "text":
                ev.append({"type": "content_block_start", "index": i, "content_block": {"type": "text", "text": ""}})
                for piece in _split(nb["text"], rnd):
                    ev.append({"type": "content_block_delta", "index": i, "delta": {"type": "text_delta", "text": piece}})
            else:
                ev.append({"type": "content_block_start", "index": i,
                           "content_block": {"type": "tool_use", "id": nb["id"], "name": nb["name"], "input": {}}})
                ev.append({"type": "content_block_delta", "index": i,
                           "delta": {"type": "input_json_delta", "partial_json": json.dumps(nb["input"], ensure_ascii=False)}})
            ev.append({"type": "content_block_stop", "index": i})
        ev.append({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                   "usage": {"output_tokens": out_tok}})
        ev.append({"type": "message_stop", "amazon-bedrock-invocationMetrics": {
            "inputTokenCount": in_tok, "outputTokenCount": out_tok, "invocationLatency": latency,
            "firstByteLatency": int(rnd.uniform(180, 700))}})
        return ev


def _split(text: str, rnd) -> list[str]:
    out, i = [], 0
    while i < len(text):
        n = rnd.randint(24, 90)
        out.append(text[i:i + n])
        i += n
    return out or [""]


def tool_spec(name: str, description: str, props: dict, required: list[str] | None = None) -> dict:
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return {"toolSpec": {"name": name, "description": description, "inputSchema": {"json": schema}}}
