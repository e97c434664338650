"""Region B: the self-managed cluster ``heron-sg1`` (Singapore colo). What ships is the node's own
``/var/log/pods`` tree: containerd's CRI log files and kubelet's rotations of them.

* CRI line: ``<RFC3339Nano, node-local time> <stdout|stderr> <P|F> <bytes>``; containerd cuts a line longer than
  16384 bytes (``max_container_log_line_size``) into 16384-byte ``P`` pieces and a final ``F`` piece, on bytes (a
  UTF-8 character may straddle two pieces).
* kubelet rotates ``N.log`` when it passes ``containerLogMaxSize`` (10 MiB; checked every 10 s) to
  ``N.log.YYYYMMDD-HHMMSS`` (node-local time) and gzips every older rotation (``.gz``), keeping the newest plain.
* The nodes run with TZ=Asia/Singapore (+08:00); the containers log in UTC.
"""

from __future__ import annotations

import gzip
import heapq
import json
import os
import random
import time
from pathlib import Path

from . import appschema
from .k8s import Deployment, Pod, k8s_suffix
from .world import DAY, END, HOUR, RELEASE, START, Req

MAX_LINE = 16384
MAX_FILE = 10 * 1024 * 1024
NODE_TZ = 8 * 3600
NS_API = "heron-api"
NS_ING = "ingress-nginx"


def cri_ts(t: float) -> bytes:
    """Go's time.RFC3339Nano in the node's zone: trailing zeros of the fraction trimmed."""
    ns = round(t * 1e9) + NODE_TZ * 1_000_000_000
    sec, frac = divmod(ns, 1_000_000_000)
    s = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec))
    if frac:
        s += "." + f"{frac:09d}".rstrip("0")
    return (s + "+08:00").encode()


class CriLog:
    """One container's log file ``<dir>/<restart>.log`` with kubelet's rotation."""

    def __init__(self, root: Path, rel_dir: str, restart: int, rng: random.Random, files: list[str]) -> None:
        self.dir = root / rel_dir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.rel = rel_dir
        self.name = f"{restart}.log"
        self.path = self.dir / self.name
        self.fh = open(self.path, "wb")  # noqa: SIM115 - held open across writes, like containerd's
        self.size = 0
        self.rot_at: float | None = None
        self.rotated: list[Path] = []
        self.rng = rng
        self.files = files
        self.lines = 0
        self.partial_records = 0
        self.records = 0

    def write(self, t: float, stream: bytes, data: bytes) -> None:
        if self.rot_at is not None and t >= self.rot_at:
            self._rotate(self.rot_at)
        self.records += 1
        out = []
        if len(data) > MAX_LINE:
            self.partial_records += 1
            pieces = [data[i : i + MAX_LINE] for i in range(0, len(data), MAX_LINE)]
            for k, p in enumerate(pieces):
                tag = b"F" if k == len(pieces) - 1 else b"P"
                out.append(cri_ts(t + k * 2.1e-6) + b" " + stream + b" " + tag + b" " + p + b"\n")
        else:
            out.append(cri_ts(t) + b" " + stream + b" F " + data + b"\n")
        buf = b"".join(out)
        self.fh.write(buf)
        self.size += len(buf)
        self.lines += len(out)
        if self.size >= MAX_FILE and self.rot_at is None:
            self.rot_at = t + self.rng.uniform(0.5, 10.0)

    def _rotate(self, t: float) -> None:
        for old in self.rotated:
            if old.suffix != ".gz":
                self._gzip(old)
        self.rotated = [p if p.suffix == ".gz" else p.with_name(p.name + ".gz") for p in self.rotated]
        self.fh.close()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(int(t) + NODE_TZ))
        dst = self.dir / f"{self.name}.{stamp}"
        os.rename(self.path, dst)
        self.rotated.append(dst)
        self.fh = open(self.path, "wb")  # noqa: SIM115 - held open across writes
        self.size = 0
        self.rot_at = None

    @staticmethod
    def _gzip(p: Path) -> None:
        # Go's gzip.Writer: no name, zero mtime, default level
        with (
            open(p, "rb") as src,
            open(str(p) + ".gz", "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz,
        ):
            while True:
                b = src.read(1 << 20)
                if not b:
                    break
                gz.write(b)
        os.remove(p)

    def close(self) -> None:
        self.fh.close()


class NodeWriter:
    def __init__(self, seed: int, out: Path) -> None:
        self.rng = random.Random(f"p14|{seed}|nodes")
        rng = self.rng
        self.out = out
        self.root = out / "nodes"
        self.nodes = [f"sg1-worker-{i:02d}" for i in range(1, 7)]
        # region B skipped the 2026.06.2 build: it went from 2026.05.4 straight to the release build
        self.dep = Deployment(
            rng,
            "api-server",
            3,
            self.nodes[:5],
            f"10.244.{rng.randrange(1, 60)}",
            [(START - 5.4 * DAY, "2026.05.4"), (RELEASE - 22 * 60, "2026.06.3")],
            END,
        )
        h = k8s_suffix(rng, 10)
        import uuid

        self.ing = [
            Pod(
                f"ingress-nginx-controller-{h}-{k8s_suffix(rng, 5)}",
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                self.nodes[5 - i],
                f"10.244.61.{10 + i}",
                START - 40 * DAY,
                END + 1,
                h,
                "v1.12.1",
            )
            for i in range(2)
        ]
        # one API pod of the first ReplicaSet is OOM-killed and restarted by kubelet
        victim = self.dep.epochs[0][2]
        victim.restarts.append(START + 5 * DAY + 3 * HOUR + 17 * 60 + rng.uniform(0, 60))
        self.logs: dict[tuple[str, str, int], CriLog] = {}
        self.files: list[str] = []
        self.heap: list[tuple[float, int, tuple]] = []
        self._seq = 0
        self.stats = {"app_records": 0, "app_records_split": 0, "ingress_lines": 0}

    # ---------------------------------------------------------------- files
    def _log(self, pod: Pod, ns: str, container: str, t: float) -> CriLog:
        restart = sum(1 for x in pod.restarts if t >= x)
        key = (pod.name, container, restart)
        lg = self.logs.get(key)
        if lg is None:
            rel = f"{pod.node}/var/log/pods/{ns}_{pod.name}_{pod.uid}/{container}"
            lg = CriLog(self.root, rel, restart, self.rng, self.files)
            self.logs[key] = lg
        return lg

    def _push(self, t: float, item: tuple) -> None:
        self._seq += 1
        heapq.heappush(self.heap, (t, self._seq, item))

    def _drain(self, upto: float) -> None:
        while self.heap and self.heap[0][0] < upto:
            t, _, (pod, ns, container, stream, data, is_app) = heapq.heappop(self.heap)
            lg = self._log(pod, ns, container, t)
            before = lg.partial_records
            lg.write(t, stream, data)
            if is_app:
                self.stats["app_records"] += 1
                self.stats["app_records_split"] += lg.partial_records - before

    # ---------------------------------------------------------------- requests
    def add(self, r: Req) -> None:
        rng = self.rng
        self._drain(r.t)
        ing = self.ing[rng.randrange(2)]
        req_id = f"{rng.getrandbits(128):032x}"
        ip = r.ip
        req_len = (
            len(json.dumps({"model": r.model, "messages": r.messages, "tools": r.tools}, ensure_ascii=False).encode())
            + 60
        )
        at_edge = r.status in (401, 403, 429)
        t_app = r.t + r.lat
        fp = r.key.fp if r.status != 401 else "-"
        org = r.acct.org.org_id if r.status != 401 else "-"
        if at_edge:
            t_ing = r.t + rng.uniform(0.002, 0.012)
            upstream = ("-", "-", "-", "-")
            sent = 230
        else:
            pod = self.dep.pick(rng, r.t)
            body = appschema.body_fields(r, rng, True)
            level = "info" if r.status < 400 else "warn" if r.status < 500 else "error"
            rec = {
                "ts": appschema.iso_us(t_app),
                "level": level,
                "msg": f"POST {r.path} {r.status} {int(r.lat * 1000)}ms",
                "event": "chat.completion",
                "request_id": req_id,
                "route": r.path,
                "status": r.status,
                "peer": ing.ip,
                "xff": ", ".join(x for x in (r.xff, ip) if x),
            }
            rec.update(body)
            rec["build"] = pod.build
            data = json.dumps(rec, ensure_ascii=False, separators=(",", ":")).encode()
            t_cri = t_app + rng.uniform(3e-5, 4e-4)
            if r.status >= 500:
                for k, ln in enumerate(_TRACEBACK):
                    self._push(t_cri - 0.002 + k * 1e-5, (pod, NS_API, "api", b"stderr", ln.encode(), False))
            self._push(t_cri, (pod, NS_API, "api", b"stdout", data, True))
            t_ing = t_app + rng.uniform(0.0005, 0.003)
            resp = 400 + len((r.content or "").encode()) + len((r.reasoning or "").encode())
            if r.stream and r.status == 200:
                resp = int(resp * 2.6)
            sent = resp + 260
            upstream = (f"{pod.ip}:8080", str(r.status), f"{r.lat:.3f}", str(resp))
            if req_len > 65536:
                msg = (
                    f"{time.strftime('%Y/%m/%d %H:%M:%S', time.gmtime(int(r.t)))} [warn] 31#31: "
                    f"*{rng.randint(10**5, 10**7)} "
                    f"a client request body is buffered to a temporary file /tmp/nginx/client-body/"
                    f'{rng.randint(1, 9999999):010d}, client: {ip}, server: api.heron.ai, request: "POST '
                    f'{r.path} HTTP/1.1", host: "api.heron.ai"'
                )
                self._push(r.t + 0.01, (ing, NS_ING, "controller", b"stderr", msg.encode(), False))
        acc = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(int(t_ing))),
            "msec": f"{t_ing:.3f}",
            "req_id": req_id,
            "remote_addr": ip,
            "x_forwarded_for": r.xff or "",
            "request_method": "POST",
            "uri": r.path,
            "server_protocol": "HTTP/1.1",
            "status": r.status,
            "request_length": req_len + 380,
            "bytes_sent": sent,
            "request_time": round(t_ing - r.t, 3),
            "upstream_addr": upstream[0],
            "upstream_status": upstream[1],
            "upstream_response_time": upstream[2],
            "upstream_response_length": upstream[3],
            "http_user_agent": r.ua,
            "http_host": "api.heron.ai",
            "proxy_upstream_name": "heron-api-api-server-8080" if not at_edge else "",
            "auth_key_fp": fp,
            "auth_org": org,
            "limit_req_status": "REJECTED" if r.status == 429 else "PASSED",
        }
        self._push(
            t_ing,
            (
                ing,
                NS_ING,
                "controller",
                b"stdout",
                json.dumps(acc, ensure_ascii=False, separators=(",", ":")).encode(),
                False,
            ),
        )
        self.stats["ingress_lines"] += 1

    # ---------------------------------------------------------------- background noise
    def noise(self) -> None:
        rng = self.rng
        for pod in self.dep.all_pods():
            starts = ([pod.start] if pod.start >= START else []) + pod.restarts
            for t in starts:
                self._push(
                    t,
                    (
                        pod,
                        NS_API,
                        "api",
                        b"stdout",
                        f"heron-gateway {pod.build} starting (LOG_FORMAT=json, workers=4)".encode(),
                        False,
                    ),
                )
                for k, ln in enumerate(
                    (
                        "INFO:     Started server process [1]",
                        "INFO:     Waiting for application startup.",
                        "INFO:     Application startup complete.",
                        "INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)",
                    )
                ):
                    self._push(t + 1.1 + k * 0.04, (pod, NS_API, "api", b"stderr", ln.encode(), False))
            if pod.end < END:
                for k, ln in enumerate(
                    (
                        "INFO:     Shutting down",
                        "INFO:     Waiting for application shutdown.",
                        "INFO:     Application shutdown complete.",
                        "INFO:     Finished server process [1]",
                    )
                ):
                    self._push(pod.end - 3 + k * 0.1, (pod, NS_API, "api", b"stderr", ln.encode(), False))
            t = max(pod.start + 20, START) + rng.uniform(0, 300)
            while t < min(pod.end, END):
                if not any(x <= t < x + 30 for x in pod.restarts):
                    rec = {
                        "ts": appschema.iso_us(t),
                        "level": "debug",
                        "msg": "GET /healthz 200",
                        "event": "probe",
                        "route": "/healthz",
                        "status": 200,
                        "ua": "kube-probe/1.29",
                        "build": pod.build,
                    }
                    self._push(
                        t, (pod, NS_API, "api", b"stdout", json.dumps(rec, separators=(",", ":")).encode(), False)
                    )
                t += 600 + rng.uniform(-0.5, 0.5)
            t = max(pod.start, START) + rng.expovariate(1 / (4 * HOUR))
            while t < min(pod.end, END):
                ln = rng.choice(
                    (
                        f"WARNING:heron.pool:inference pool heron-4 queue depth {rng.randint(30, 90)} above soft limit",
                        "/app/heron/gateway/tokenize.py:61: UserWarning: falling back to byte-level estimate for "
                        "unknown script",
                        "WARNING:heron.gateway.stream:client disconnected before [DONE]",
                        f"WARNING:heron.ratelimit:redis latency {rng.randint(80, 900)}ms, using local bucket",
                    )
                )
                self._push(t, (pod, NS_API, "api", b"stderr", ln.encode(), False))
                t += rng.expovariate(1 / (4 * HOUR))
        for ing in self.ing:
            t = START + rng.uniform(0, 300)
            while t < END:
                msg = (
                    f"time={time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(int(t)))}.{int(t * 1000) % 1000:03d}Z "
                    f'level=INFO msg="key cache refreshed" keys={rng.randint(1800, 1900)} revoked='
                    f"{rng.randint(20, 40)} took_ms={rng.randint(12, 90)}"
                )
                self._push(t, (ing, NS_ING, "keyauth", b"stderr", msg.encode(), False))
                t += 300 + rng.uniform(-1, 1)
            for t in (START + 2.3 * DAY + rng.uniform(0, HOUR), START + 9.6 * DAY + rng.uniform(0, HOUR)):
                for k, ln in enumerate(
                    ('"Configuration changes detected, backend reload required"', '"Backend successfully reloaded"')
                ):
                    g = time.gmtime(int(t + k * 0.8))
                    frac = int((t + k * 0.8) * 1e6) % 1000000
                    klog = f"I{time.strftime('%m%d %H:%M:%S', g)}.{frac:06d}       7 controller.go:{193 + k * 21}] {ln}"
                    self._push(t + k * 0.8, (ing, NS_ING, "controller", b"stderr", klog.encode(), False))

    def finish(self) -> None:
        self._drain(float("inf"))
        for lg in self.logs.values():
            lg.close()
        for p in sorted(self.root.rglob("*")):
            if p.is_file():
                self.files.append(str(p.relative_to(self.out.parent)))


_TRACEBACK = (
    "Traceback (most recent call last):",
    '  File "/app/heron/gateway/routes/chat.py", line 212, in create_chat_completion',
    "    result = await backend.generate(plan, deadline=deadline)",
    '  File "/app/heron/gateway/backend.py", line 88, in generate',
    "    raise UpstreamOverloaded(pool=plan.pool, queue_depth=depth)",
    "heron.gateway.errors.UpstreamOverloaded: pool saturated",
)
