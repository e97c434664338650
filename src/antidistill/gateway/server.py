"""Running the apps with uvicorn: both gateway ports in one process, or any app in a thread (tests, benchmarks).

uvloop and httptools are used when installed (the ``gateway`` extra pulls them in); they cut
the gateway's added latency noticeably against the pure-Python loop and parser.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import json
import logging
import os
import signal
import threading
import time
from collections.abc import Generator
from types import FrameType
from typing import Any

import uvicorn

log = logging.getLogger(__name__)


def fast_options() -> dict[str, str]:
    """uvicorn ``loop``/``http`` options: uvloop and httptools when importable."""
    opts = {}
    if importlib.util.find_spec("uvloop") is not None:
        opts["loop"] = "uvloop"
    if importlib.util.find_spec("httptools") is not None:
        opts["http"] = "httptools"
    return opts


class _Server(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its owner (two servers share one process)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def bound_port(server: uvicorn.Server) -> int:
    """The port a started server listens on (useful with port 0)."""
    return int(server.servers[0].sockets[0].getsockname()[1])


def _config(app: Any, host: str, port: int, **kwargs: Any) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                          timeout_graceful_shutdown=5, **{**fast_options(), **kwargs})


def serve_pair(public_app: Any, admin_app: Any, *, host: str, port: int, admin_host: str, admin_port: int,
               ready_file: str | None = None) -> None:
    """Serve both apps until SIGINT/SIGTERM. Writes ``{"public": url, "admin": url}`` to ``ready_file``."""
    servers = [_Server(_config(public_app, host, port)), _Server(_config(admin_app, admin_host, admin_port))]

    def stop(sig: int, frame: FrameType | None) -> None:
        for s in servers:
            s.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)

    async def main() -> None:
        tasks = [asyncio.create_task(s.serve()) for s in servers]
        while not all(s.started for s in servers):
            if any(t.done() for t in tasks):
                break
            await asyncio.sleep(0.01)
        if all(s.started for s in servers):
            urls = {"public": f"http://{host}:{bound_port(servers[0])}",
                    "admin": f"http://{admin_host}:{bound_port(servers[1])}"}
            log.warning("event=listening public=%s admin=%s", urls["public"], urls["admin"])
            if ready_file:  # written whole, then renamed: a watcher never reads a half-written file
                tmp = f"{ready_file}.tmp"
                with open(tmp, "w") as fh:
                    json.dump(urls, fh)
                os.replace(tmp, ready_file)
        else:
            for s in servers:
                s.should_exit = True
        await asyncio.gather(*tasks)

    loop_factory = _loop_factory()
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        runner.run(main())


def _loop_factory() -> Any:
    if importlib.util.find_spec("uvloop") is not None:
        import uvloop

        return uvloop.new_event_loop
    return None


class ServerThread:
    """Serve one ASGI app on 127.0.0.1 in a background thread; ``url`` is set once it listens."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0, **kwargs: Any) -> None:
        self.server = _Server(_config(app, host, port, **kwargs))
        self.host = host
        self.thread = threading.Thread(target=self.server.run, name="uvicorn", daemon=True)
        self.url = ""

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("server thread failed to start")
            time.sleep(0.01)
        self.url = f"http://{self.host}:{bound_port(self.server)}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)
