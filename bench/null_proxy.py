"""A pass-through proxy on the gateway's own stack, and nothing else: the floor of any gateway's overhead.

``bench/gateway.py`` measures ``antidistill serve`` against the upstream called directly. The difference holds
two costs: the extra hop (one more HTTP server and one more HTTP client between the caller and the model) and
the gateway's own work (keys, signals, policy, event log, metrics). This proxy pays only the first: the same
ASGI server (uvicorn, uvloop, httptools) and the same upstream client (one pooled aiohttp session), forwarding
the body, the status and the streamed bytes as they come, with no key check, no parsing, no decision and no
log. Measured beside the gateway in the same run, it says how much of the overhead is the hop on this machine,
and so what any Python gateway of this shape can reach here.

    python bench/null_proxy.py --upstream http://127.0.0.1:PORT --port PORT   # 127.0.0.1 only
"""

from __future__ import annotations

import argparse
from typing import Any

import aiohttp
import uvicorn

Scope = dict[str, Any]


class NullProxy:
    """ASGI app: every request goes to ``upstream`` with its method, path, body and auth header."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.session: aiohttp.ClientSession | None = None

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1024))
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if self.session is not None:
                        await self.session.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        assert self.session is not None
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        headers = {k.decode(): v.decode() for k, v in scope["headers"] if k in (b"authorization", b"content-type")}
        async with self.session.request(scope["method"], self.upstream + scope["path"], data=body,
                                        headers=headers) as r:
            out = [(b"content-type", r.headers.get("content-type", "application/json").encode())]
            await send({"type": "http.response.start", "status": r.status, "headers": out})
            async for piece in r.content.iter_any():
                await send({"type": "http.response.body", "body": piece, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    uvicorn.run(NullProxy(args.upstream), host="127.0.0.1", port=args.port, log_level="warning", access_log=False,
                loop="uvloop", http="httptools")


if __name__ == "__main__":
    main()
