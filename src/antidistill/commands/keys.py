"""``antidistill keys``: create, list and revoke gateway API keys."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from antidistill.gateway.keys import KeyStore

_STATE = click.option("--state-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("gateway-state"),
                      show_default=True, help="The gateway's state folder (keys.sqlite lives there).")


def _store(state_dir: Path) -> KeyStore:
    from antidistill.gateway.keys import KeyStore

    state_dir.mkdir(parents=True, exist_ok=True)
    return KeyStore(path=state_dir / "keys.sqlite")


@click.group("keys")
def keys() -> None:
    """Manage the gateway's API keys (stored hashed; a key is shown once, at creation)."""


@keys.command("create")
@click.option("--account", required=True, help="Account the key belongs to.")
@click.option("--org", default=None, help="Organisation id.")
@click.option("--tier", default=None, help="Subscription tier (free, tier1..tier4, enterprise; docs/records.md).")
@click.option("--access-path", default=None, help="How the account reaches the model (direct_api, reseller, ...).")
@click.option("--payment", default=None, metavar="FINGERPRINT",
              help="The billing system's opaque fingerprint of the account's payment method (never a card "
                   "number): logged on each exchange and matched against confirmed campaigns' cards.")
@_STATE
def create(account: str, org: str | None, tier: str | None, access_path: str | None, payment: str | None,
           state_dir: Path) -> None:
    """Create a key and print it once (it cannot be shown again)."""
    from antidistill.errors import ConfigError

    store = _store(state_dir)
    try:
        key, info = store.create(account, org_id=org, tier=tier, access_path=access_path, payment_fingerprint=payment)
    except ConfigError as exc:
        raise click.BadParameter(exc.reason, param_hint=f"--{exc.key}") from None
    click.echo(key)
    click.echo(f"key_id={info.key_id} account={info.account_id} (store the key now: only its hash is kept)", err=True)


@keys.command("list")
@_STATE
def list_(state_dir: Path) -> None:
    """List keys by id and account (never the keys themselves)."""
    store = _store(state_dir)
    for a in store.accounts():
        click.echo(json.dumps({"key_id": a.key_id, "account_id": a.account_id, "org_id": a.org_id, "tier": a.tier,
                               "access_path": a.access_path, "payment_fingerprint": a.payment_fingerprint,
                               "created_at": a.created_at.isoformat(),
                               "revoked": a.revoked}))


@keys.command("revoke")
@click.argument("key_id")
@_STATE
def revoke(key_id: str, state_dir: Path) -> None:
    """Revoke a key by its id (the gateway refuses it within seconds)."""
    if not _store(state_dir).revoke(key_id):
        raise click.ClickException(f"no active key with id {key_id!r}")
    click.echo(f"revoked {key_id}")
