"""``antidistill serve``: the gateway in front of an OpenAI-compatible upstream."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

import click

from antidistill.settings import Settings

if TYPE_CHECKING:
    from antidistill.gateway.config import GatewayConfig


@click.command("serve")
@click.option("--upstream", help="Base URL of the OpenAI-compatible model server (e.g. http://127.0.0.1:8000).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Gateway YAML config (docs/gateway.md lists every key).")
@click.option("--host", default=None, help="Bind address of the public API [settings: gateway_host, 127.0.0.1].")
@click.option("--port", type=int, default=None, help="Port of the public API [settings: gateway_port, 8088].")
@click.option("--admin-port", type=int, default=None, help="Port of the admin API [settings: admin_port, 8089].")
@click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for keys, event log and overrides [gateway-state].")
@click.option("--policy", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Policy YAML (default: the shipped policy, docs/policy.md).")
@click.option("--ready-file", type=click.Path(dir_okay=False), default=None,
              help="Write {\"public\": url, \"admin\": url} here once both ports listen (for scripts).")
def serve(upstream: str | None, config_file: Path | None, host: str | None, port: int | None,
          admin_port: int | None, state_dir: Path | None, policy: Path | None, ready_file: str | None) -> None:
    """Run the gateway: OpenAI-compatible API with online distillation defence, plus the admin API."""
    from antidistill.gateway.app import build_admin_app, build_public_app
    from antidistill.gateway.runtime import Gateway
    from antidistill.gateway.server import serve_pair

    config = gateway_config(config_file, upstream=upstream, host=host, port=port, admin_port=admin_port,
                            state_dir=state_dir, policy=policy)
    if config_file is None and upstream is None:
        raise click.UsageError("give --upstream or a --config with 'upstream'")
    logging.getLogger("antidistill").setLevel(logging.INFO)
    gateway = Gateway(config)
    serve_pair(build_public_app(gateway), build_admin_app(gateway), host=config.host, port=config.port,
               admin_host=config.admin_host, admin_port=config.admin_port, ready_file=ready_file)


def gateway_config(config_file: Path | None, *, upstream: str | None = None, host: str | None = None,
                   port: int | None = None, admin_port: int | None = None, state_dir: Path | None = None,
                   policy: Path | None = None, settings: Settings | None = None) -> GatewayConfig:
    """The gateway's config; for the addresses the flag wins, then the config file, then settings (environment)."""
    from antidistill.gateway.config import GatewayConfig

    settings = settings or Settings.load()
    return GatewayConfig.from_file(
        config_file, defaults={"host": settings.gateway_host, "port": settings.gateway_port,
                               "admin_port": settings.admin_port},
        upstream=upstream, host=host, port=port, admin_port=admin_port, admin_token=settings.admin_token,
        state_dir=state_dir, policy=policy)
