"""The client to the upstream model: a thin layer over aiohttp with errors sorted into three kinds.

aiohttp rather than httpx on this hot path: measured on the project machine, an httpx
request cost about 1.1 ms of CPU against 0.27 ms for aiohttp (same server, same loop), and
the gateway's latency budget is 1 ms at p50.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp


class UpstreamError(Exception):
    """The upstream could not be reached or did not answer; ``kind`` is timeout, connect or protocol."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


def _classify(exc: BaseException) -> UpstreamError:
    if isinstance(exc, TimeoutError | aiohttp.ServerTimeoutError):
        return UpstreamError("timeout", type(exc).__name__)
    if isinstance(exc, aiohttp.ClientConnectorError | ConnectionRefusedError):
        return UpstreamError("connect", str(exc))
    return UpstreamError("protocol", f"{type(exc).__name__}: {exc}")


class UpstreamStream:
    """An open streaming response: ``status``, then ``batches()``; always ``close()`` or ``release()`` it."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response
        self.status = response.status

    async def read(self) -> bytes:
        """The whole body (used for error statuses)."""
        try:
            return await self._response.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _classify(exc) from exc

    async def batches(self) -> AsyncIterator[list[bytes]]:
        """Complete body lines (without line ends) grouped by network read.

        Relaying a whole read at once means one write to the client per read instead of one per
        line: under load several SSE events arrive together and go out together.
        """
        buf = b""
        try:
            async for piece in self._response.content.iter_any():
                buf += piece
                *complete, buf = buf.split(b"\n")
                if complete:
                    yield [line.rstrip(b"\r") for line in complete]
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _classify(exc) from exc
        if buf:
            yield [buf]

    def release(self) -> None:
        """Done reading: give the connection back to the pool."""
        self._response.release()

    def close(self) -> None:
        """Abandon the response: closes the connection, which cancels the upstream request."""
        self._response.close()


class Upstream:
    """One pooled aiohttp session to ``base_url``; create it inside the running event loop (``start``)."""

    def __init__(self, *, base_url: str, api_key: str | None, timeout_s: float, connect_timeout_s: float,
                 max_connections: int) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout_s, sock_read=timeout_s)
        self.max_connections = max_connections
        self.headers = {"content-type": "application/json"}
        if api_key:
            self.headers["authorization"] = f"Bearer {api_key}"
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        connector = aiohttp.TCPConnector(limit=self.max_connections, ttl_dns_cache=300)
        self._session = aiohttp.ClientSession(connector=connector, timeout=self.timeout, headers=self.headers)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            raise RuntimeError("upstream client not started")
        return self._session

    async def get(self, path: str) -> tuple[int, bytes]:
        """GET ``path``: (status, body)."""
        try:
            async with self.session.get(self.base_url + path) as resp:
                return resp.status, await resp.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _classify(exc) from exc

    async def post(self, path: str, body: dict[str, Any]) -> tuple[int, bytes]:
        """POST JSON to ``path`` and read the whole answer: (status, body)."""
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            async with self.session.post(self.base_url + path, data=data) as resp:
                return resp.status, await resp.read()
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _classify(exc) from exc

    async def stream(self, path: str, body: dict[str, Any]) -> UpstreamStream:
        """POST JSON to ``path`` and return once the response headers arrived."""
        data = json.dumps(body, ensure_ascii=False).encode()
        try:
            resp = await self.session.post(self.base_url + path, data=data)
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise _classify(exc) from exc
        return UpstreamStream(resp)
