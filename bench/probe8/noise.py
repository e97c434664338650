"""Gateway traffic that is not LLM calls: health probes, scanners, model listing, usage lookups."""

from __future__ import annotations

from .actors import Ctx
from .identity import DEV_UAS, random_ip
from .model import SideCall

PROBE_UA = "Azure Traffic Manager Endpoint Monitor"
SCAN_PATHS = [
    "/.env",
    "/wp-login.php",
    "/openai/deployments/gpt-4/chat/completions?api-version=2023-05-15",
    "/v1/chat/completions",
    "/api/v1/models",
    "/.git/config",
    "/openai/models?api-version=2024-10-21",
]


def add_noise(ctx: Ctx) -> None:
    rng, nr = ctx.rng("noise"), ctx.nrng("noise")
    # Traffic Manager probes from a few Azure addresses, roughly every 90 s each.
    probes = [random_ip(rng, "azure") for _ in range(2)]
    period = 180.0 / max(ctx.scale, 0.05) ** 0.5
    for k, ip in enumerate(probes):
        t = ctx.start + k * 7.3
        while t < ctx.end:
            ctx.side.append(
                SideCall(
                    t, "health-probe", "get-health", "GET", "/health", 200, ip, PROBE_UA, None, 0, 92, backend=False
                )
            )
            t += period + float(nr.uniform(-2, 2))
    # Internet scanners: no key or a guessed key.
    for _ in range(int(ctx.v(900))):
        t = ctx.start + rng.random() * (ctx.end - ctx.start)
        path = rng.choice(SCAN_PATHS)
        status = 404 if not path.startswith("/openai") else 401
        ctx.side.append(
            SideCall(
                t,
                "" if status == 404 else "azure-openai",
                "" if status == 404 else "ChatCompletions_Create",
                rng.choice(["GET", "POST"]),
                path,
                status,
                random_ip(rng, rng.choice(["vps", "residential_asia", "aws"])),
                rng.choice([*DEV_UAS, "Mozilla/5.0 zgrab/0.x", "python-requests/2.31.0"]),
            )
        )
    # Some callers list models now and then; a few enterprise keys pull their usage daily.
    by_account: dict[str, tuple[float, str, str]] = {}
    for c in ctx.calls:
        by_account.setdefault(c.account.sub_id, (c.ts, c.ip, c.ua))
    acct_map = {a.sub_id: a for a in ctx.accounts}
    for sid, (t0, ip, ua) in sorted(by_account.items()):
        a = acct_map[sid]
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 8)):
                t = t0 + rng.random() * (ctx.end - t0)
                ctx.side.append(
                    SideCall(
                        t,
                        "azure-openai",
                        "Models_List",
                        "GET",
                        "/openai/models?api-version=2024-10-21",
                        200,
                        ip,
                        ua,
                        a,
                        0,
                        5200,
                    )
                )
        if a.org.product == "enterprise" and rng.random() < 0.5:
            t = ctx.start + 2 * 3600 + rng.random() * 3600
            while t < ctx.end:
                ctx.side.append(
                    SideCall(
                        t,
                        "usage-reporting",
                        "get-usage",
                        "GET",
                        f"/usage/v1/subscriptions/{sid}/daily",
                        200,
                        ip,
                        "python-requests/2.32.3",
                        a,
                        0,
                        1800,
                    )
                )
                t += 86400
