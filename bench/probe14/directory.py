"""The account directory as the provider's admin database exports it: four tables written with PostgreSQL
``COPY ... TO ... WITH (FORMAT csv, HEADER)`` (timestamps ``YYYY-MM-DD HH:MM:SS.ffffff+00``, NULL as an empty
field). Card numbers never leave the payment processor: the export holds its fingerprint hashed with SHA-256."""

from __future__ import annotations

import csv
import hashlib
import random
from datetime import UTC, datetime
from pathlib import Path

from .world import DAY, EMAIL_FREE, END, START, World

SNAPSHOT_DIR = "admin/heron_admin_export_2026-06-15"


def pg_ts(t: float | None) -> str:
    if t is None:
        return ""
    return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d %H:%M:%S.%f") + "+00"


def sha(s: str) -> str:
    return hashlib.sha256(s.encode()).hexdigest()


def add_inactive(w: World, n: int) -> None:
    """Orgs that exist in the directory but send nothing in the period (trials, churned customers)."""
    rng = w.rng("inactive")
    countries = ("US", "DE", "GB", "IN", "SG", "JP", "BR", "FR", "KR", "AU", "CA", "NL")
    for _i in range(n):
        c = rng.choice(countries)
        created = START - rng.uniform(1, 700) * DAY
        org = w.new_org(
            rng.choice(("Personal", "Personal", "Personal", "Sandbox", "Team")),
            rng.choice(("free", "free", "payg_tier1", "payg_tier2")),
            created,
            c,
            cards=0 if rng.random() < 0.4 else 1,
        )
        for j in range(1 if rng.random() < 0.85 else rng.randint(2, 4)):
            w.new_account(
                org,
                "inactive",
                "benign",
                c,
                created + j * rng.uniform(0, 30) * DAY,
                email_domain=rng.choice(EMAIL_FREE),
                role="owner" if j == 0 else "member",
                card=org.cards[0] if org.cards else "",
            )


def write(w: World, logs: Path, last_used: dict[str, float]) -> list[str]:
    rng = random.Random(f"p14|{w.seed}|directory")
    d = logs / SNAPSHOT_DIR
    d.mkdir(parents=True, exist_ok=True)
    files = []

    def table(name: str, header: list[str], rows: list[list]) -> None:
        with open(d / name, "w", encoding="utf-8", newline="") as fh:
            wr = csv.writer(fh, lineterminator="\n")
            wr.writerow(header)
            wr.writerows(rows)
        files.append(f"logs/{SNAPSHOT_DIR}/{name}")

    orgs = sorted(w.orgs, key=lambda o: o.created_at)
    table(
        "orgs.csv",
        ["org_id", "name", "plan", "created_at", "billing_country", "status", "suspended_at"],
        [[o.org_id, o.name, o.plan, pg_ts(o.created_at), o.country, o.status, pg_ts(o.suspended_at)] for o in orgs],
    )
    users = sorted(w.accounts, key=lambda a: a.created_at)
    table(
        "users.csv",
        ["user_id", "org_id", "role", "email_domain", "email_sha256", "country", "signup_ip", "created_at", "status"],
        [
            [
                a.account_id,
                a.org.org_id,
                a.role,
                a.email_domain,
                sha(f"{a.account_id[-8:].lower()}@{a.email_domain}"),
                a.country,
                a.signup_ip,
                pg_ts(a.created_at),
                "suspended" if a.suspended_at is not None and a.suspended_at < END else "active",
            ]
            for a in users
        ],
    )
    keys = sorted((k for a in w.accounts for k in a.keys), key=lambda k: k.created_at)
    table(
        "api_keys.csv",
        [
            "key_id",
            "org_id",
            "created_by",
            "name",
            "display_prefix",
            "secret_sha256",
            "created_at",
            "revoked_at",
            "last_used_at",
        ],
        [
            [
                k.key_id,
                k.account.org.org_id,
                k.account.account_id,
                k.name,
                k.prefix + "…",
                k.sha256,
                pg_ts(k.created_at),
                pg_ts(k.revoked_at),
                pg_ts(last_used.get(k.key_id)),
            ]
            for k in keys
        ],
    )
    pm_rows = []
    seen: dict[tuple[str, str], int] = {}
    for o in orgs:
        for i, card in enumerate(o.cards):
            if (o.org_id, card) in seen:
                continue
            seen[(o.org_id, card)] = 1
            crng = random.Random(f"card|{card}")  # the same card shows the same brand and last4 everywhere
            pm_rows.append(
                [
                    f"pm_{rng.getrandbits(64):016x}",
                    o.org_id,
                    sha(card),
                    crng.choice(("visa", "mastercard", "amex", "unionpay")),
                    f"{crng.randrange(10000):04d}",
                    crng.choice(("credit", "debit", "prepaid")),
                    crng.choice(("US", "US", "GB", "SG", "HK", "DE", "IN", "JP")),
                    pg_ts(o.created_at + rng.uniform(60, 3600)),
                    "true" if i == 0 else "false",
                ]
            )
    table(
        "payment_methods.csv",
        [
            "payment_method_id",
            "org_id",
            "card_fingerprint_sha256",
            "brand",
            "last4",
            "funding",
            "issuer_country",
            "added_at",
            "is_default",
        ],
        pm_rows,
    )
    return files
