"""The real antidistill gateway in front of the lab teacher, on loopback, with keys for every lab client.

:class:`LabGateway` builds :class:`antidistill.gateway.runtime.Gateway` from a
:class:`~antidistill.gateway.config.GatewayConfig` (a fresh state directory, free ports, the given
policy file and watermark mode) and serves its public and admin apps from background threads,
exactly as ``antidistill serve`` would. Nothing here changes the gateway: the lab only uses its
public API (``/v1/chat/completions``), its admin API (``POST /admin/campaigns``) and its event log.

Clients need identities the gateway can tell apart. Each lab key id (``sk-lab-attacker-0003``,
``sk-lab-honest-017``) gets a real key from the gateway's key store for account ``lab-<...>``;
the campaign's keys come from a few shared proxy addresses and a scripted user agent, each honest
user from its own address and a browser. Addresses reach the gateway in ``X-Forwarded-For``
(``trust_forwarded_for: true``: the lab stands in for the trusted proxy, as a replay does).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
import urllib.request
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError
from antidistill.lab.distill.harvest import check_loopback

log = logging.getLogger(__name__)
POLICIES = ("default", "protect")
ATTACKER_PROXIES = 6  # the campaign rotates its keys over this many proxy addresses


def policy_path(name: str) -> Path | None:
    """The lab policy file ``name`` (None: the gateway's shipped default policy)."""
    if name not in POLICIES:
        raise ConfigError("policy", f"must be one of {', '.join(POLICIES)}", value=name)
    if name == "default":
        return None
    return Path(str(files("antidistill.lab.distill") / "policies" / f"{name}.yaml"))


def account_of(lab_key_id: str) -> str:
    """The gateway account behind a lab key id (``sk-lab-attacker-0003`` -> ``lab-attacker-0003``)."""
    return "lab-" + lab_key_id.removeprefix("sk-lab-")


def client_headers(lab_key_id: str) -> dict[str, str]:
    """Where a lab client connects from: campaign keys share proxies and a script; honest users do not."""
    n = int(lab_key_id.rsplit("-", 1)[-1]) if lab_key_id.rsplit("-", 1)[-1].isdigit() else 0
    if "attacker" in lab_key_id:
        return {"X-Forwarded-For": f"203.0.113.{10 + n % ATTACKER_PROXIES}", "User-Agent": "python-requests/2.31.0"}
    return {"X-Forwarded-For": f"198.51.{100 + n // 200}.{1 + n % 200}",
            "User-Agent": f"Mozilla/5.0 (X11; Linux x86_64) Firefox/{120 + n % 12}.0"}


@dataclass(frozen=True)
class GatewayPlan:
    """How one variant uses the gateway: its policy, watermark mode and offline-scan cadence."""

    policy: str = "default"
    watermark: str = "off"  # off | account | org | global (the gateway's ``watermark`` setting)
    scan_every: int | None = None  # run the offline scan after every N campaign requests, feed verdicts back

    def to_dict(self) -> dict[str, Any]:
        return {"policy": self.policy, "watermark": self.watermark, "scan_every": self.scan_every}


class LabGateway:
    """Gateway + admin API on free loopback ports in front of ``upstream``; a context manager."""

    def __init__(self, *, upstream: str, state_dir: Path, plan: GatewayPlan) -> None:
        self.upstream = check_loopback(upstream)
        self.state_dir = state_dir
        self.plan = plan
        self.url = ""
        self.admin_url = ""
        self._keys: dict[str, str] = {}
        self._threads: list[Any] = []
        self._gateway: Any = None
        self._token = secrets.token_urlsafe(24)

    def __enter__(self) -> LabGateway:
        from antidistill.gateway.app import build_admin_app, build_public_app
        from antidistill.gateway.config import GatewayConfig
        from antidistill.gateway.runtime import Gateway
        from antidistill.gateway.server import ServerThread

        config = GatewayConfig(upstream=self.upstream, port=0, admin_port=0, state_dir=self.state_dir,
                               policy=policy_path(self.plan.policy), watermark=self.plan.watermark,
                               trust_forwarded_for=True, admin_token=self._token).validate()
        self._gateway = Gateway(config)
        public, admin = ServerThread(build_public_app(self._gateway)), ServerThread(build_admin_app(self._gateway))
        public.__enter__()
        self._threads.append(public)
        admin.__enter__()
        self._threads.append(admin)
        self.url, self.admin_url = public.url, admin.url
        log.info("event=lab_gateway url=%s policy=%s watermark=%s", self.url, self.plan.policy, self.plan.watermark)
        return self

    def __exit__(self, *exc: object) -> None:
        for thread in reversed(self._threads):
            thread.__exit__(None, None, None)
        self._threads.clear()

    @property
    def events_dir(self) -> Path:
        return Path(self._gateway.config.events_dir)

    def register(self, lab_key_ids: list[str], *, tier: str = "tier1") -> None:
        """Create a gateway key for every lab key id not seen yet (its account: :func:`account_of`)."""
        for key_id in lab_key_ids:
            if key_id not in self._keys:
                key, _ = self._gateway.keys.create(account_of(key_id), tier=tier, access_path="api")
                self._keys[key_id] = key

    def headers(self, lab_key_id: str) -> dict[str, str]:
        """Request headers for a lab client: its gateway key and where it connects from."""
        self.register([lab_key_id])
        return {"Authorization": f"Bearer {self._keys[lab_key_id]}", **client_headers(lab_key_id)}

    def post_campaigns(self, campaigns: list[dict[str, Any]]) -> int:
        """``POST /admin/campaigns``; returns the number of accounts updated."""
        return int(self._admin_post("/admin/campaigns", {"campaigns": campaigns})["accounts_updated"])

    def block(self, account_id: str) -> None:
        """``POST /admin/overrides``: put ``account_id`` on the block list."""
        self._admin_post("/admin/overrides", {"account_id": account_id, "list": "block"})

    def _admin_post(self, path: str, body: dict[str, Any]) -> Any:
        req = urllib.request.Request(f"{self.admin_url}{path}", method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {self._token}"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())

    def wait_logged(self, n_lines: int, timeout: float = 10.0) -> None:
        """Wait until the event log holds ``n_lines`` exchanges (responses are logged before they end)."""
        deadline = time.monotonic() + timeout
        while self._gateway.events.lines_written < n_lines and time.monotonic() < deadline:
            time.sleep(0.05)


# What the operator does with each scan verdict (antidistill.scoring.accounts.Verdict values):
# confirmed campaigns and suspects are blocked, watch-listed accounts are throttled.
WATCH_CAMPAIGN = "scan-watch"
WATCH_SCORE = 0.5  # the default policy's campaign-member rule (score >= 0.5) throttles, one shared bucket


@dataclass(frozen=True)
class ScanRound:
    """One offline scan of the event log so far and what it fed back to the gateway."""

    after_requests: int  # campaign requests sent when the scan ran
    exchanges_scanned: int
    campaigns_confirmed: int
    verdicts: dict[str, int]  # verdict -> accounts
    blocked: list[str]  # accounts sent to the gateway for blocking (campaign members, suspects)
    throttled: list[str]  # watch-listed accounts sent for throttling
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        honest = [a for a in self.blocked + self.throttled if "attacker" not in a]
        return {"after_requests": self.after_requests, "exchanges_scanned": self.exchanges_scanned,
                "campaigns_confirmed": self.campaigns_confirmed, "verdicts": self.verdicts,
                "blocked": len(self.blocked), "throttled": len(self.throttled), "honest_accounts_acted_on": honest,
                "seconds": round(self.seconds, 2)}


def scan_and_feed(front: LabGateway, out: Path, *, after_requests: int) -> ScanRound:
    """``antidistill scan`` (the library, :func:`antidistill.scan.run_scan`) over the event log so far.

    Its verdicts go back to the gateway through the admin API: a confirmed campaign as a campaign
    verdict with score ``1 - p`` (the default policy blocks at >= 0.9), a ``suspect`` account on the
    block list (``/admin/overrides``), ``watch`` accounts as one campaign verdict of score 0.5
    (throttled, sharing one token bucket).
    """
    from antidistill.gateway.scanloop import verdicts_from_scan
    from antidistill.scan import ScanConfig, run_scan

    t0 = time.perf_counter()
    result = run_scan(ScanConfig(paths=[front.events_dir], out=out, progress=False, threads=1))
    feed = verdicts_from_scan(out, suspect_score=None)["campaigns"]  # confirmed campaigns, score 1 - p
    confirmed = len(feed)
    blocked = sorted({a for c in feed for a in c["accounts"]}
                     | {s.account_id for s in result.scores if s.verdict.value == "suspect"})
    throttled = sorted(s.account_id for s in result.scores
                       if s.verdict.value == "watch" and s.account_id not in blocked)
    if throttled:
        feed.append({"campaign_id": WATCH_CAMPAIGN, "score": WATCH_SCORE, "accounts": throttled})
    if feed:
        front.post_campaigns(feed)
    for account in blocked:
        front.block(account)
    counts: dict[str, int] = {}
    for s in result.scores:
        counts[s.verdict.value] = counts.get(s.verdict.value, 0) + 1
    rnd = ScanRound(after_requests=after_requests, exchanges_scanned=int(result.summary["exchanges_total"]),
                    campaigns_confirmed=confirmed, verdicts=counts, blocked=blocked,
                    throttled=throttled, seconds=time.perf_counter() - t0)
    log.info("event=scan_round %s", " ".join(f"{k}={v}" for k, v in rnd.to_dict().items()))
    return rnd

