"""The ECS service that writes the logs: tasks (= CloudWatch log streams) and their non-request noise."""
from __future__ import annotations

import json
import random

from . import world as W
from .world import DAY, END, HOUR, START


class Task:
    __slots__ = ("crash", "end", "idx", "ip", "pid", "start", "stream", "task_id", "version")

    def __init__(self, idx, task_id, start, end, version, ip):
        self.idx = idx
        self.task_id = task_id
        self.start = start
        self.end = end
        self.version = version
        self.stream = f"api/inference-api/{task_id}"
        self.pid = 1
        self.ip = ip
        self.crash = False


class Infra:
    def __init__(self, seed: int):
        rng = W.sub_rng(seed, "infra")
        self.rng = rng
        self.tasks: list[Task] = []

        def add(start, end, version):
            t = Task(len(self.tasks), W.hexid(rng, 32), start, end, version,
                     f"10.20.{rng.randint(0, 63)}.{rng.randint(2, 250)}")
            self.tasks.append(t)
            return t

        # six long-running tasks of the old version, replaced one by one at the deploy
        for i in range(4):
            add(START - rng.randint(1, 4) * DAY - rng.randint(0, DAY), W.DEPLOY + 150 * i + 90, "2026.03.1")
        for i in range(4):
            add(W.DEPLOY + 150 * i, END + DAY, "2026.03.2")
        # weekday afternoon scale-out (autoscaling on CPU)
        for d in range(W.DAYS):
            if d in (5, 6):
                continue
            for j in range(2 if d != 2 else 3):
                s = START + d * DAY + 13 * HOUR + rng.randint(0, 40 * 60) + j * 600
                e = START + d * DAY + 22 * HOUR + rng.randint(0, 90 * 60)
                version = "2026.03.1" if s < W.DEPLOY else "2026.03.2"
                if s < W.DEPLOY < e:   # the deploy drains scale-out tasks too
                    e = W.DEPLOY + 60 * (j + 7)
                    add(W.DEPLOY + 60 * (j + 7) - 40, START + d * DAY + 22 * HOUR + rng.randint(0, 5400), "2026.03.2")
                add(s, e, version)
        # one OOM crash on Friday night; ECS replaces the task
        victim = self.tasks[4 + rng.randint(0, 3)]
        crash_t = START + 4 * DAY + 3 * HOUR + 12 * 60 + rng.randint(0, 600)
        victim.end = crash_t
        victim.crash = True
        add(crash_t + 45, END + DAY, "2026.03.2")
        # bucketed active lists
        self.bucket = 60
        nb = (END - START) // self.bucket + 1
        self.active = [[] for _ in range(nb)]
        for t in self.tasks:
            b0 = max(0, int((t.start - START) // self.bucket) + 1)
            b1 = min(nb - 1, int((t.end - START) // self.bucket) - 1)
            for b in range(b0, b1 + 1):
                self.active[b].append(t.idx)

    def pick(self, t: float, rng: random.Random) -> Task:
        b = int((t - START) // self.bucket)
        b = min(max(b, 0), len(self.active) - 1)
        lst = self.active[b] or self.active[min(b + 5, len(self.active) - 1)] or [0]
        return self.tasks[rng.choice(lst)]


# --------------------------------------------------------------------------- noise lines
def _j(d):
    return json.dumps(d)


TRACEBACKS = [
    ("Traceback (most recent call last):\n"
     "  File \"/app/.venv/lib/python3.12/site-packages/uvicorn/protocols/http/h11_impl.py\", line 403, in run_asgi\n"
     "    result = await app(  # type: ignore[func-returns-value]\n"
     "  File \"/app/.venv/lib/python3.12/site-packages/starlette/middleware/base.py\", line 189, in __call__\n"
     "    with collapse_excgroups():\n"
     "  File \"/app/inference_api/streaming.py\", line 141, in sse_iterator\n"
     "    async for chunk in engine_stream:\n"
     "  File \"/app/inference_api/engine/client.py\", line 288, in stream\n"
     "    raise EngineTimeout(f\"no token for {self.idle_timeout}s\")\n"
     "inference_api.engine.errors.EngineTimeout: no token for 30.0s"),
    ("Task exception was never retrieved\n"
     "future: <Task finished name='Task-{n}' coro=<UsageReporter.flush() done, defined at /app/inference_api/billing/usage.py:77> "
     "exception=ClientError('An error occurred (ThrottlingException) when calling the PutRecords operation: Rate exceeded')>\n"
     "Traceback (most recent call last):\n"
     "  File \"/app/inference_api/billing/usage.py\", line 92, in flush\n"
     "    await self._kinesis.put_records(Records=batch, StreamName=self.stream)\n"
     "  File \"/app/.venv/lib/python3.12/site-packages/aiobotocore/client.py\", line 412, in _make_api_call\n"
     "    raise error_class(parsed_response, operation_name)\n"
     "botocore.errorfactory.ThrottlingException: An error occurred (ThrottlingException) when calling the PutRecords operation: Rate exceeded"),
    ("ERROR:    Exception in ASGI application\n"
     "Traceback (most recent call last):\n"
     "  File \"/app/.venv/lib/python3.12/site-packages/anyio/streams/memory.py\", line 111, in receive\n"
     "    return self.receive_nowait()\n"
     "anyio.WouldBlock\n\n"
     "During handling of the above exception, another exception occurred:\n\n"
     "Traceback (most recent call last):\n"
     "  File \"/app/.venv/lib/python3.12/site-packages/starlette/middleware/base.py\", line 159, in call_next\n"
     "    message = await recv_stream.receive()\n"
     "  File \"/app/.venv/lib/python3.12/site-packages/anyio/streams/memory.py\", line 126, in receive\n"
     "    raise EndOfStream\n"
     "anyio.EndOfStream"),
]

EXC_500 = ("Traceback (most recent call last):\n"
           "  File \"/app/inference_api/routes/{route}.py\", line {ln}, in create\n"
           "    result = await self.engine.generate(req, timeout=deadline)\n"
           "  File \"/app/inference_api/engine/client.py\", line 201, in generate\n"
           "    resp = await self._rpc.call(\"Generate\", payload)\n"
           "  File \"/app/inference_api/engine/rpc.py\", line 96, in call\n"
           "    raise EngineUnavailable(f\"{{self.target}}: {{status.details}}\")\n"
           "inference_api.engine.errors.EngineUnavailable: gpu-pool-{pool}.internal:50051: {detail}")


def task_noise(infra: Infra, rng: random.Random) -> list[tuple[int, int, str, str]]:
    """Startup / shutdown / health / stats / warnings / tracebacks for each task."""
    out = []

    def add(t, task, line, kind="noise"):
        if START <= t < END:
            out.append((int(t * 1000), task.idx, line, kind))

    for task in infra.tasks:
        s = task.start
        base = dict(service="inference-api", version=task.version)
        # startup sequence: plain uvicorn text mixed with structured app lines
        add(s + 1.2, task, "INFO:     Started server process [1]", "startup")
        add(s + 1.21, task, "INFO:     Waiting for application startup.", "startup")
        add(s + 2.8, task, _j({"timestamp": W.iso(s + 2.8), "level": "info", "logger": "inference_api.app",
                               "event": "config.loaded", **base, "region": "us-east-1",
                               "engine_pool": "gpu-pool-a.internal:50051",
                               "models": [m for m in W.MODELS if m != W.NEW_MODEL or task.version >= "2026.03.2"]}), "startup")
        add(s + 3.4, task, _j({"timestamp": W.iso(s + 3.4), "level": "warning", "logger": "py.warnings",
                               "event": "/app/.venv/lib/python3.12/site-packages/pydantic/_internal/_config.py:345: "
                                        "UserWarning: Valid config keys have changed in V2:\n* 'schema_extra' has been renamed to 'json_schema_extra'",
                               **base}), "startup")
        add(s + 4.1, task, "INFO:     Application startup complete.", "startup")
        add(s + 4.11, task, "INFO:     Uvicorn running on http://0.0.0.0:8080 (Press CTRL+C to quit)", "startup")
        # shutdown
        if task.crash:
            add(task.end - 0.5, task, _j({"timestamp": W.iso(task.end - 0.5), "level": "critical",
                                          "logger": "inference_api.app", "event": "memory.pressure",
                                          "rss_mb": 7860, "limit_mb": 8192, **base}), "crash")
        elif task.end < END:
            add(task.end - 20, task, "INFO:     Shutting down", "shutdown")
            add(task.end - 19.5, task, "INFO:     Waiting for background tasks to complete. (CTRL+C to force quit)", "shutdown")
            add(task.end - 12, task, "INFO:     Waiting for application shutdown.", "shutdown")
            add(task.end - 11.9, task, "INFO:     Application shutdown complete.", "shutdown")
            add(task.end - 11.8, task, "INFO:     Finished server process [1]", "shutdown")
        # ALB health checks (every 60 s logged by middleware) and engine stats (every 5 min)
        t = max(s + 10, START) + rng.random() * 60
        while t < min(task.end, END):
            add(t, task, _j({"timestamp": W.iso(t), "level": "info", "logger": "inference_api.access",
                             "event": "healthcheck", "path": "/healthz", "status": 200,
                             "client_ip": f"10.20.{rng.randint(0, 63)}.{rng.randint(2, 250)}",
                             "user_agent": "ELB-HealthChecker/2.0", "latency_ms": round(rng.uniform(0.4, 3.5), 2)}), "healthcheck")
            t += 60 + rng.uniform(-0.05, 0.05)
        t = max(s + 30, START) + rng.random() * 300
        while t < min(task.end, END):
            add(t, task, _j({"timestamp": W.iso(t), "level": "info", "logger": "inference_api.engine",
                             "event": "engine.stats", **base, "inflight": rng.randint(0, 48),
                             "queued": rng.choice([0, 0, 0, 1, 2, 5]), "kv_cache_util": round(rng.uniform(0.1, 0.93), 3),
                             "tokens_per_s": rng.randint(800, 9000)}), "engine_stats")
            if rng.random() < 0.03:
                add(t + 1, task, _j({"timestamp": W.iso(t + 1), "level": "warning", "logger": "inference_api.engine",
                                     "event": "engine.slow_batch", "batch_ms": rng.randint(4000, 20000), **base}), "engine_warning")
            if rng.random() < 0.006:
                tb = rng.choice(TRACEBACKS).replace("{n}", str(rng.randint(1000, 99999)))
                add(t + 2, task, tb, "traceback")
            t += 300 + rng.uniform(-1, 1)
    return out
