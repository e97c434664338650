"""Region A: GKE cluster ``heron-prod-usc1`` (us-central1). Container output goes through the GKE logging agent to
Cloud Logging; a log sink routes it to a Cloud Storage bucket, which writes hourly, sharded JSON-lines files:
``<log_id>/YYYY/MM/DD/HH:00:00_HH:59:59_S<n>.json``, each line one ``LogEntry``. The GKE Ingress (an external
Application Load Balancer) writes its own request log under the ``requests`` log id.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path

from . import appschema
from .k8s import Deployment, Pod, k8s_suffix
from .world import END, HOUR, RELEASE, START, Req

PROJECT = "heron-prod"
PROJECT_NUMBER = "486205913377"
CLUSTER = "heron-prod-usc1"
LOCATION = "us-central1"
NS = "heron-api"
HOST = "api.heron.ai"
_LB = {
    "backend_service_name": "k8s1-5c2e7a1d-heron-api-api-server-8080-9b4f1c0e",
    "forwarding_rule_name": "k8s2-fs-0x7hq3mz-heron-api-api-ingress-c4u8wz1k",
    "project_id": PROJECT,
    "target_proxy_name": "k8s2-ts-0x7hq3mz-heron-api-api-ingress-c4u8wz1k",
    "url_map_name": "k8s2-um-0x7hq3mz-heron-api-api-ingress-c4u8wz1k",
    "zone": "global",
}
_ID36 = "0123456789abcdefghijklmnopqrstuvwxyz"
SHARD_MAX = 300  # the sink spreads a busy hour over more shards (S0, S1, ...): about one per 300 entries


def rfc3339_nano(t: float, nanos: int | None = None) -> str:
    ns = round(t * 1e9) if nanos is None else nanos
    s = datetime.fromtimestamp(ns // 1_000_000_000, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{s}.{ns % 1_000_000_000:09d}Z"


class GkeWriter:
    def __init__(self, seed: int, out: Path) -> None:
        self.rng = random.Random(f"p14|{seed}|gke")
        self.out = out
        rng = self.rng
        self.nodes = [f"gke-{CLUSTER}-pool-2-{rng.getrandbits(32):08x}-{k8s_suffix(rng, 4)}" for _ in range(5)]
        self.dep = Deployment(
            rng,
            "api-server",
            6,
            self.nodes,
            f"10.8.{rng.randrange(0, 250)}",
            [
                (START - 3.2 * 86400, "2026.05.4"),
                (START + 8 * 86400 + 10.2 * HOUR, "2026.06.2"),
                (RELEASE - 35 * 60, "2026.06.3"),
            ],
            END,
        )
        self.buckets: dict[tuple[str, int], list[tuple[float, int, str]]] = {}
        self.files: list[str] = []
        self.n_entries = 0
        self._seq = 0
        self.flushed_upto = -1

    # ---------------------------------------------------------------- entries
    def _insert_id(self) -> str:
        return "".join(self.rng.choice(_ID36) for _ in range(16))

    def _resource(self, pod: Pod, container: str = "api") -> dict:
        return {
            "type": "k8s_container",
            "labels": {
                "project_id": PROJECT,
                "location": LOCATION,
                "cluster_name": CLUSTER,
                "namespace_name": NS,
                "pod_name": pod.name,
                "container_name": container,
            },
        }

    def _labels(self, pod: Pod) -> dict:
        return {
            "compute.googleapis.com/resource_name": pod.node,
            "k8s-pod/app": "api-server",
            "k8s-pod/pod-template-hash": pod.template_hash,
        }

    def _emit(self, log_id: str, t: float, entry: dict) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        hour = int((t - START) // HOUR)
        self._seq += 1
        self.buckets.setdefault((log_id, hour), []).append((t, self._seq, line))
        self.n_entries += 1
        if self.rng.random() < 0.0007:  # the sink delivers the same entry twice now and then
            self._seq += 1
            self.buckets[(log_id, hour)].append((t + self.rng.uniform(0, 30), self._seq, line))

    def _container_entry(
        self,
        pod: Pod,
        t: float,
        stream: str,
        payload: dict | None,
        text: str | None,
        severity: str,
        http: dict | None = None,
        trace: str | None = None,
        span: str | None = None,
    ) -> None:
        e: dict = {}
        if text is not None:
            e["textPayload"] = text
        e["insertId"] = self._insert_id()
        if payload is not None:
            e["jsonPayload"] = payload
        if http:
            e["httpRequest"] = http
        e["resource"] = self._resource(pod)
        e["timestamp"] = rfc3339_nano(t)
        e["severity"] = severity
        e["labels"] = self._labels(pod)
        e["logName"] = f"projects/{PROJECT}/logs/{stream}"
        if trace:
            e["trace"] = trace
        e["receiveTimestamp"] = rfc3339_nano(t + self.rng.uniform(0.4, 4.0))
        if span:
            e["spanId"] = span
            e["traceSampled"] = True
        self._emit(stream, t, e)

    # ---------------------------------------------------------------- requests
    def add(self, r: Req) -> None:
        rng = self.rng
        pod = self.dep.pick(rng, r.t)
        trace_id = f"{rng.getrandbits(128):032x}"
        span = f"{rng.getrandbits(64):016x}"
        trace = f"projects/{PROJECT}/traces/{trace_id}"
        t_end = r.t + r.lat
        with_body = r.status != 401
        body = appschema.body_fields(r, rng, with_body)
        rid = "req_" + "".join(rng.choice(_ID36) for _ in range(24))
        payload = {
            "message": f"POST {r.path} {r.status} {int(r.lat * 1000)}ms",
            "event": "chat.completion",
            "request_id": rid,
            "route": r.path,
            "status": r.status,
        }
        if r.status == 401:
            payload["key_prefix"] = r.key.prefix
        else:
            payload.update({"tenant": r.acct.org.org_id, "key_id": r.key.key_id, "key_prefix": r.key.prefix})
        payload.update(body)
        payload["build"] = pod.build
        payload = appschema.guard_size(payload)
        req_size = (
            len(json.dumps({"model": r.model, "messages": r.messages, "tools": r.tools}, ensure_ascii=False).encode())
            + 40
            if with_body
            else 310
        )
        resp_size = 420 + (
            len((r.content or "").encode()) + len((r.reasoning or "").encode()) if r.status == 200 else 0
        )
        if r.stream and r.status == 200:
            resp_size = int(resp_size * 2.6)  # SSE framing of many small chunks
        ip = r.xff.split(",")[0].strip() if r.xff else r.ip
        http = {
            "requestMethod": "POST",
            "requestUrl": f"https://{HOST}{r.path}",
            "requestSize": str(req_size),
            "status": r.status,
            "responseSize": str(resp_size),
            "userAgent": r.ua,
            "remoteIp": ip,
            "latency": f"{r.lat:.6f}".rstrip("0").rstrip(".") + "s",
            "protocol": "HTTP/1.1",
        }
        sev = "INFO" if r.status < 400 else "WARNING" if r.status < 500 else "ERROR"
        self._container_entry(pod, t_end, "stdout", payload, None, sev, http, trace, span)
        if r.status >= 500:
            self._traceback(pod, t_end - 0.002)
        # the load balancer's own entry
        lb_http = {
            "requestMethod": "POST",
            "requestUrl": f"https://{HOST}{r.path}",
            "requestSize": str(req_size + 180),
            "status": r.status,
            "responseSize": str(resp_size + 240),
            "userAgent": r.ua,
            "remoteIp": ip,
            "serverIp": pod.ip,
            "latency": f"{r.lat + rng.uniform(0.001, 0.02):.6f}s",
            "protocol": "HTTP/1.1",
        }
        lb = {
            "insertId": f"{k8s_suffix(rng, 6)}{rng.getrandbits(24):x}",
            "jsonPayload": {
                "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
                "backendTargetProjectNumber": f"projects/{PROJECT_NUMBER}",
                "statusDetails": "response_sent_by_backend",
                "remoteIp": ip,
            },
            "httpRequest": lb_http,
            "resource": {"type": "http_load_balancer", "labels": _LB},
            "timestamp": rfc3339_nano(r.t - rng.uniform(0.001, 0.01)),
            "severity": "INFO" if r.status < 500 else "ERROR",
            "logName": f"projects/{PROJECT}/logs/requests",
            "trace": trace,
            "receiveTimestamp": rfc3339_nano(t_end + rng.uniform(1, 20)),
            "spanId": span,
        }
        self._emit("requests", r.t, lb)
        self.maybe_flush(r.t)

    def _traceback(self, pod: Pod, t: float) -> None:
        lines = [
            "Traceback (most recent call last):",
            '  File "/app/heron/gateway/routes/chat.py", line 212, in create_chat_completion',
            "    result = await backend.generate(plan, deadline=deadline)",
            '  File "/app/heron/gateway/backend.py", line 88, in generate',
            "    raise UpstreamOverloaded(pool=plan.pool, queue_depth=depth)",
            f"heron.gateway.errors.UpstreamOverloaded: pool saturated (queue_depth={self.rng.randint(60, 200)})",
        ]
        for k, ln in enumerate(lines):
            self._container_entry(pod, t + k * 1e-5, "stderr", None, ln, "ERROR")

    # ---------------------------------------------------------------- background noise
    def noise(self) -> None:
        rng = self.rng
        for pod in self.dep.all_pods():
            if pod.start >= START:
                t = pod.start
                for k, ln in enumerate((f"heron-gateway {pod.build} starting (LOG_FORMAT=gcp, workers=4)",)):
                    self._container_entry(pod, t + k * 0.01, "stdout", None, ln, "INFO")
                for k, ln in enumerate(
                    (
                        "INFO:     Started server process [1]",
                        "INFO:     Waiting for application startup.",
                        "INFO:     Application startup complete.",
                        "INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)",
                    )
                ):
                    self._container_entry(pod, t + 1.2 + k * 0.05, "stderr", None, ln, "ERROR")
            if pod.end < END:
                for k, ln in enumerate(
                    (
                        "INFO:     Shutting down",
                        "INFO:     Waiting for application shutdown.",
                        "INFO:     Application shutdown complete.",
                        "INFO:     Finished server process [1]",
                    )
                ):
                    self._container_entry(pod, pod.end - 3 + k * 0.1, "stderr", None, ln, "ERROR")
            t = max(pod.start + 20, START) + rng.uniform(0, 300)
            while t < min(pod.end, END):
                self._container_entry(
                    pod,
                    t,
                    "stdout",
                    {
                        "message": "GET /healthz 200",
                        "event": "probe",
                        "route": "/healthz",
                        "status": 200,
                        "ua": "kube-probe/1.30",
                        "build": pod.build,
                    },
                    None,
                    "DEBUG",
                )
                t += 600 + rng.uniform(-0.5, 0.5)
            t = max(pod.start, START) + rng.expovariate(1 / (5 * HOUR))
            while t < min(pod.end, END):
                ln = rng.choice(
                    (
                        f"WARNING:heron.pool:inference pool heron-4 queue depth {rng.randint(30, 90)} above soft limit",
                        "/app/heron/gateway/tokenize.py:61: UserWarning: falling back to byte-level estimate for "
                        "unknown script",
                        f"WARNING:heron.ratelimit:redis latency {rng.randint(80, 900)}ms, using local bucket",
                        "WARNING:heron.gateway.stream:client disconnected before [DONE]",
                    )
                )
                self._container_entry(pod, t, "stderr", None, ln, "ERROR")
                t += rng.expovariate(1 / (5 * HOUR))
        # scanners and SDK probes that only the load balancer sees (the default backend answers)
        t = START
        while True:
            t += rng.expovariate(1 / 420.0)
            if t >= END:
                break
            path, st, ua = rng.choice(
                (
                    ("/", 404, "Mozilla/5.0 (compatible; CensysInspect/1.1)"),
                    ("/.env", 404, "Mozilla/5.0 zgrab/0.x"),
                    ("/wp-login.php", 404, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"),
                    ("/v1/models", 401, "curl/8.7.1"),
                    ("/favicon.ico", 404, "Mozilla/5.0"),
                )
            )
            ip = (
                f"{rng.choice((45, 64, 89, 162, 185, 198))}.{rng.randrange(256)}.{rng.randrange(256)}."
                f"{rng.randrange(2, 254)}"
            )
            self._emit(
                "requests",
                t,
                {
                    "insertId": f"{k8s_suffix(rng, 6)}{rng.getrandbits(24):x}",
                    "jsonPayload": {
                        "@type": "type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry",
                        "backendTargetProjectNumber": f"projects/{PROJECT_NUMBER}",
                        "statusDetails": "response_sent_by_backend",
                        "remoteIp": ip,
                    },
                    "httpRequest": {
                        "requestMethod": "GET",
                        "requestUrl": f"https://{HOST}{path}",
                        "requestSize": "96",
                        "status": st,
                        "responseSize": "212",
                        "userAgent": ua,
                        "remoteIp": ip,
                        "latency": f"{rng.uniform(0.001, 0.01):.6f}s",
                        "protocol": "HTTP/1.1",
                    },
                    "resource": {"type": "http_load_balancer", "labels": _LB},
                    "timestamp": rfc3339_nano(t),
                    "severity": "INFO",
                    "logName": f"projects/{PROJECT}/logs/requests",
                    "receiveTimestamp": rfc3339_nano(t + rng.uniform(1, 20)),
                },
            )

    # ---------------------------------------------------------------- files
    def maybe_flush(self, now: float, force: bool = False) -> None:
        limit = int((now - START) // HOUR) - 2
        if force:
            limit = 10**6
        if limit <= self.flushed_upto:
            return
        for key in sorted(k for k in self.buckets if k[1] <= limit):
            self._write(key, self.buckets.pop(key))
        self.flushed_upto = limit

    def _write(self, key: tuple[str, int], items: list[tuple[float, int, str]]) -> None:
        log_id, hour = key
        t0 = START + hour * HOUR
        d = datetime.fromtimestamp(t0, UTC)
        folder = self.out / "gcs" / log_id / d.strftime("%Y/%m/%d")
        folder.mkdir(parents=True, exist_ok=True)
        n_shards = min(4, 1 + len(items) // SHARD_MAX)
        shards: list[list[tuple[float, int, str]]] = [[] for _ in range(n_shards)]
        for it in items:
            shards[self.rng.randrange(n_shards)].append(it)
        for s, lst in enumerate(shards):
            lst.sort()
            name = f"{d:%H}:00:00_{d:%H}:59:59_S{s}.json"
            with open(folder / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write("".join(x[2] + "\n" for x in lst))
            self.files.append(str((folder / name).relative_to(self.out.parent)))
