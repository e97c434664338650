"""Test helpers: a fake upstream and a gateway, both real servers on 127.0.0.1 ephemeral ports.

A uniquely named module (not ``conftest``) so test files can import it unambiguously.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antidistill.gateway.app import build_admin_app, build_public_app
from antidistill.gateway.config import GatewayConfig
from antidistill.gateway.mock_upstream import MockConfig, build_mock_app
from antidistill.gateway.runtime import Gateway
from antidistill.gateway.server import ServerThread

ADMIN_TOKEN = "admin-token-for-tests-0123456789"


@dataclass
class Stack:
    """A running upstream + gateway; ``url``/``admin`` are base URLs."""

    gateway: Gateway
    url: str
    admin: str
    upstream: str
    upstream_app: Any

    def key(self, account: str, **kwargs: Any) -> str:
        return self.gateway.keys.create(account, **kwargs)[0]


def make_stack(tmp_path: Path, *, mock: MockConfig | None = None, policy: str | None = None,
               **config: Any) -> Iterator[Stack]:
    upstream_app = build_mock_app(mock or MockConfig())
    with ServerThread(upstream_app) as up:
        policy_path = None
        if policy is not None:
            policy_path = tmp_path / "policy.yaml"
            policy_path.write_text(policy)
        settings: dict[str, Any] = {"upstream": up.url, "state_dir": tmp_path / "state", "admin_token": ADMIN_TOKEN,
                                    "policy": policy_path, "fsync_window_s": 0.05, **config}
        cfg = GatewayConfig(**settings)
        gw = Gateway(cfg)
        with ServerThread(build_public_app(gw)) as pub, ServerThread(build_admin_app(gw)) as adm:
            yield Stack(gw, pub.url, adm.url, up.url, upstream_app)


stack_with = contextlib.contextmanager(make_stack)


def admin_headers() -> dict[str, str]:
    return {"authorization": f"Bearer {ADMIN_TOKEN}"}
