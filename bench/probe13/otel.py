"""Turn exchanges into OTLP/JSON trace exports, as the Collector's `file` exporter writes them.

One trace per request: a SERVER span `POST /v1/chat/completions` (scope corvid.edge.http), an optional
INTERNAL moderation span, a CLIENT GenAI inference span `chat <model>` (scope corvid.inference.genai) and,
for built-in tools, INTERNAL `execute_tool <tool>` spans under the chat span.
"""

from __future__ import annotations

import gzip
import io
import json
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from .world import RESPONSE_MODEL, SERVICES, Ex, Text, tok

SCHEMA = "https://opentelemetry.io/schemas/1.37.0"
SCOPES = [("corvid.edge.http", "3.2.0"), ("corvid.inference.genai", "0.9.4")]
PODS = 4
COLLECTORS = 2
DEPLOY = int(datetime(2026, 5, 7, 9, 30, tzinfo=timezone.utc).timestamp())  # edge release 2026.05.2


def _v(x):
    if isinstance(x, bool):
        return {"boolValue": x}
    if isinstance(x, int):
        return {"intValue": str(x)}
    if isinstance(x, float):
        return {"doubleValue": x}
    if isinstance(x, (list, tuple)):
        return {"arrayValue": {"values": [_v(i) for i in x]}}
    return {"stringValue": str(x)}


def attrs(d: dict) -> list:
    return [{"key": k, "value": _v(v)} for k, v in d.items() if v is not None]


def _cut(s: str, limit: int) -> tuple[str, bool]:
    if len(s) <= limit:
        return s, False
    return s[:limit], True


class Exporter:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng([seed, 9999])
        self.text = Text.__new__(Text)
        self.text.rng = self.rng
        self.entries = defaultdict(list)  # (service, collector) -> [(export_ns, pod, scope, json)]
        self.counts = defaultdict(int)

    def _id(self, n):
        return self.rng.bytes(n).hex()

    def _parts_in(self, ex: Ex, limit: int):
        cut = False
        msgs = []
        for role, payload in ex.msgs:
            if isinstance(payload, str):
                c, t = _cut(payload, limit)
                cut |= t
                msgs.append({"role": role, "parts": [{"type": "text", "content": c}]})
            else:
                parts = []
                for p in payload:
                    p = dict(p)
                    for k in ("content", "response"):
                        if isinstance(p.get(k), str):
                            p[k], t = _cut(p[k], limit)
                            cut |= t
                    parts.append(p)
                msgs.append({"role": role, "parts": parts})
        return msgs, cut

    def _parts_out(self, ex: Ex, limit: int, finish: str):
        cut = False
        parts = []
        if ex.reasoning:
            c, cut = _cut(ex.reasoning, limit)
            parts.append({"type": "reasoning", "content": c})
        if ex.out:
            c, t = _cut(ex.out, limit)
            cut |= t
            parts.append({"type": "text", "content": c})
        for tc in ex.tool_calls or []:
            parts.append({"type": "tool_call", "id": tc[0], "name": tc[1], "arguments": tc[2]})
        return [{"role": "assistant", "parts": parts, "finish_reason": finish}], cut

    def add(self, ex: Ex) -> None:
        r = self.rng
        svc = ex.service
        region, limit, _ = SERVICES[svc]
        legacy = svc == "edge-eu-west"  # older instrumentation: gen_ai.system + content as span events
        a = ex.acct
        pod = int(r.integers(PODS))
        coll = pod % COLLECTORS
        trace = self._id(16)
        root_id, chat_id = self._id(8), self._id(8)
        t0 = int(ex.ts * 1e9)
        rid = "req_" + self._id(12)
        root = {
            "http.request.method": "POST",
            "url.path": "/v1/chat/completions",
            "url.scheme": "https",
            "http.route": "/v1/chat/completions",
            "server.address": "api.corvid.ai",
            "server.port": 443,
            "network.protocol.version": "2",
            "client.address": ex.ip,
            "user_agent.original": ex.ua,
            "http.response.status_code": ex.status,
            "corvid.request.id": rid,
            "corvid.account.id": a.account_id,
            "corvid.org.id": a.org_id,
            "corvid.api_key.id": ex.key,
            "enduser.id": ex.end_user,
        }
        in_text = sum(len(p if isinstance(p, str) else json.dumps(p)) for _, p in ex.msgs) + len(ex.system or "")
        root["http.request.body.size"] = in_text + 120 + int(r.integers(0, 200))
        spans = []
        if ex.status != 200:
            dur = int(r.integers(2, 30) * 1e6)
            root["error.type"] = str(ex.status)
            root["http.response.body.size"] = 180
            spans.append(
                (
                    0,
                    root_id,
                    "",
                    "POST /v1/chat/completions",
                    2,
                    t0,
                    t0 + dur,
                    attrs(root),
                    [],
                    {"code": 2, "message": "upstream error"} if ex.status >= 500 else {},
                )
            )
            self._emit(svc, coll, pod, spans, trace)
            self.counts["error_traces"] += 1
            return
        # ---- timings
        itok = (
            tok(ex.system) + sum(tok(p if isinstance(p, str) else json.dumps(p)) for _, p in ex.msgs) + 8 * len(ex.msgs)
        )
        otok = max(1, tok(ex.out) + 24 * len(ex.tool_calls or []))
        rtok = 0
        if ex.model == "corvid-5-think":
            rtok = int(tok(ex.reasoning or ex.out) * float(r.uniform(3, 12))) + 64
        edge = int(r.integers(2, 14) * 1e6)
        cur = t0 + edge
        mod_span = None
        if a.tier in ("free", "tier-1") or r.random() < 0.12:
            md = int(r.integers(15, 70) * 1e6)
            flagged = bool(ex.msgs and isinstance(ex.msgs[-1][1], str) and r.random() < 0.002)
            mod_span = (
                0,
                self._id(8),
                root_id,
                "moderation corvid-guard-2",
                1,
                cur,
                cur + md,
                attrs(
                    {
                        "corvid.moderation.model": "corvid-guard-2",
                        "corvid.moderation.flagged": flagged,
                        "corvid.moderation.categories": ["harassment"] if flagged else [],
                    }
                ),
                [],
                {},
            )
            cur += md
        ttft = float(r.uniform(0.15, 1.2)) + (float(r.uniform(1, 6)) if rtok else 0)
        gen = (otok + rtok) * float(r.uniform(0.006, 0.018))
        tool_spans = []
        tcur = cur + int(ttft * 1e9)
        for name, args, result in ex.builtin or []:
            td = int(float(r.uniform(0.3, 4.0)) * 1e9)
            ta = {
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": name,
                "gen_ai.tool.type": "extension",
                "gen_ai.tool.call.id": "call_" + self._id(8),
            }
            if limit:
                ta["gen_ai.tool.call.arguments"] = _cut(args, limit)[0]
                ta["gen_ai.tool.call.result"] = _cut(result, limit)[0]
            tool_spans.append((1, self._id(8), chat_id, f"execute_tool {name}", 1, tcur, tcur + td, attrs(ta), [], {}))
            tcur += td + int(float(r.uniform(0.2, 1.5)) * 1e9)
        chat_end = tcur + int(gen * 1e9)
        root_end = chat_end + int(r.integers(1, 9) * 1e6)
        finish = ex.finish or ("tool_call" if ex.tool_calls else "stop")
        ca = {"gen_ai.operation.name": "chat"}
        ca["gen_ai.system" if legacy else "gen_ai.provider.name"] = "corvid"
        ca.update(
            {
                "gen_ai.request.model": ex.model,
                "gen_ai.response.model": RESPONSE_MODEL[ex.model],
                "gen_ai.response.id": "chatcmpl-" + self._id(12),
                "gen_ai.request.max_tokens": ex.max_tokens,
                "gen_ai.request.temperature": ex.temperature,
                "gen_ai.request.top_p": ex.top_p,
                "gen_ai.request.seed": ex.seed,
                "gen_ai.request.choice.count": ex.n if ex.n > 1 else None,
                "gen_ai.output.type": "json" if ex.json_mode else None,
                "gen_ai.conversation.id": ex.conv,
                "gen_ai.response.finish_reasons": [finish] * max(1, ex.n),
                "gen_ai.usage.input_tokens": itok,
                "gen_ai.usage.output_tokens": (otok + rtok) * max(1, ex.n),
                "gen_ai.usage.reasoning.output_tokens": rtok * max(1, ex.n) if rtok else None,
                "server.address": f"inference.{region}.corvid.internal",
                "server.port": 8443,
                "corvid.request.stream": ex.stream,
            }
        )
        events = []
        if limit:
            msgs, cut1 = self._parts_in(ex, limit)
            out, cut2 = self._parts_out(ex, limit, finish)
            sys_c, cut3 = _cut(ex.system, limit) if ex.system else (None, False)
            if legacy:
                et = cur + int(r.integers(0, 3) * 1e5)
                if sys_c:
                    events.append(
                        {
                            "timeUnixNano": str(et),
                            "name": "gen_ai.system.message",
                            "attributes": attrs({"gen_ai.system": "corvid", "content": sys_c}),
                        }
                    )
                for m in msgs:
                    events.append(
                        {
                            "timeUnixNano": str(et),
                            "name": f"gen_ai.{m['role']}.message",
                            "attributes": attrs(
                                {"gen_ai.system": "corvid", "content": json.dumps(m["parts"], ensure_ascii=False)}
                            ),
                        }
                    )
                events.append(
                    {
                        "timeUnixNano": str(chat_end),
                        "name": "gen_ai.choice",
                        "attributes": attrs(
                            {
                                "gen_ai.system": "corvid",
                                "index": 0,
                                "finish_reason": finish,
                                "message": json.dumps(out[0], ensure_ascii=False),
                            }
                        ),
                    }
                )
            else:
                if sys_c:
                    ca["gen_ai.system_instructions"] = json.dumps(
                        [{"type": "text", "content": sys_c}], ensure_ascii=False
                    )
                ca["gen_ai.input.messages"] = json.dumps(msgs, ensure_ascii=False)
                ca["gen_ai.output.messages"] = json.dumps(out, ensure_ascii=False)
            if ex.tools:
                ca["gen_ai.tool.definitions"] = json.dumps(ex.tools, ensure_ascii=False)
            ca["corvid.content.truncated"] = cut1 or cut2 or cut3
        root["http.response.body.size"] = len(ex.out or "") + len(ex.reasoning or "") + 260
        spans.append((0, root_id, "", "POST /v1/chat/completions", 2, t0, root_end, attrs(root), [], {}))
        if mod_span:
            spans.append(mod_span)
        spans.append((1, chat_id, root_id, f"chat {ex.model}", 3, cur, chat_end, attrs(ca), events, {}))
        spans.extend(tool_spans)
        self._emit(svc, coll, pod, spans, trace)
        self.counts["traces"] += 1

    def _emit(self, svc, coll, pod, spans, trace):
        r = self.rng
        for scope, sid, parent, name, kind, s, e, at, ev, st in spans:
            d = {"traceId": trace, "spanId": sid}
            if parent:
                d["parentSpanId"] = parent
            d.update(
                {
                    "flags": 257,
                    "name": name,
                    "kind": kind,
                    "startTimeUnixNano": str(s),
                    "endTimeUnixNano": str(e),
                    "attributes": at,
                }
            )
            if ev:
                d["events"] = ev
            d["status"] = st
            # batch processor delay; now and then a collector backlog delays one span by minutes
            delay = float(r.uniform(0.2, 5.0))
            if r.random() < 0.012:
                delay += float(r.uniform(60, 1500))
            self.entries[(svc, coll)].append(
                (e + int(delay * 1e9), pod, scope, json.dumps(d, ensure_ascii=False, separators=(",", ":")))
            )
            self.counts["spans"] += 1

    def write(self, logs: Path) -> list[str]:
        files = []
        for svc, coll in sorted(self.entries):
            region, _, gz = SERVICES[svc]
            ent = self.entries[(svc, coll)]
            ent.sort(key=lambda x: (x[0], x[1], x[2], x[3]))
            by_file = defaultdict(list)
            i = 0
            r = self.rng
            while i < len(ent):
                cap = int(r.choice([1, 2, 4, 8, 16, 64, 512], p=[0.1, 0.15, 0.2, 0.2, 0.15, 0.1, 0.1]))
                j = i + 1
                while j < len(ent) and j - i < cap and ent[j][0] - ent[i][0] < 5_000_000_000:
                    j += 1
                batch = ent[i:j]
                # the exporter does not keep order inside a batch
                order = r.permutation(len(batch))
                batch = [batch[k] for k in order]
                hour = datetime.fromtimestamp(ent[j - 1][0] / 1e9, timezone.utc).strftime("%Y/%m/%d/%H")
                by_file[hour].append(self._line(svc, region, batch))
                i = j
            for hour, lines in sorted(by_file.items()):
                stamp = hour.replace("/", "")
                name = f"otelcol-{coll}-{stamp}.jsonl" + (".gz" if gz else "")
                rel = f"otel/{svc}/{hour}/{name}"
                path = logs / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                data = ("\n".join(lines) + "\n").encode("utf-8")
                if gz:
                    buf = io.BytesIO()
                    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=5) as g:
                        g.write(data)
                    data = buf.getvalue()
                path.write_bytes(data)
                files.append("logs/" + rel)
                self.counts["export_lines"] += len(lines)
        return files

    def _line(self, svc, region, batch):
        by_pod = defaultdict(lambda: defaultdict(list))
        for exp, pod, scope, js in batch:
            by_pod[pod][scope].append(js)
        rs = []
        ver = "2026.05.2" if batch and min(b[0] for b in batch) >= DEPLOY * 1_000_000_000 else "2026.05.1"
        for pod in sorted(by_pod):
            res = attrs(
                {
                    "service.name": svc,
                    "service.namespace": "corvid-inference",
                    "service.version": ver,
                    "service.instance.id": f"{svc}-{pod:02d}",
                    "deployment.environment.name": "production",
                    "cloud.region": region,
                    "telemetry.sdk.name": "opentelemetry",
                    "telemetry.sdk.language": "python",
                    "telemetry.sdk.version": "1.33.1",
                }
            )
            res_js = json.dumps({"attributes": res}, separators=(",", ":"))
            ss = []
            for scope in sorted(by_pod[pod]):
                nm, v = SCOPES[scope]
                ss.append(
                    '{"scope":{"name":"%s","version":"%s"},"spans":[%s],"schemaUrl":"%s"}'
                    % (nm, v, ",".join(by_pod[pod][scope]), SCHEMA)
                )
            rs.append('{"resource":%s,"scopeSpans":[%s],"schemaUrl":"%s"}' % (res_js, ",".join(ss), SCHEMA))
        return '{"resourceSpans":[%s]}' % ",".join(rs)
