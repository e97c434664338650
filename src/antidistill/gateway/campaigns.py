"""Campaign verdicts from offline linkage, fed into the online state.

Two ways in (both documented in ``docs/gateway.md``):

* a JSON file the gateway re-reads when its modification time changes
  (``{"campaigns": [{"campaign_id": "c1", "score": 0.97, "accounts": ["a", "b"]}]}``), which
  an offline ``scan``/linkage job can rewrite atomically (write, then rename);
* ``POST /admin/campaigns`` with the same body, merged into what is loaded.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from antidistill.errors import ConfigError


@dataclass(frozen=True, slots=True)
class CampaignVerdict:
    """One account's campaign: its id, linkage score in [0, 1] and member count."""

    campaign_id: str
    score: float
    size: int


class CampaignBook:
    """account -> CampaignVerdict, replaced wholesale on file reload, merged on admin updates."""

    def __init__(self, *, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._by_account: dict[str, CampaignVerdict] = {}
        self._mtime: float | None = None
        self.maybe_reload()

    def lookup(self, account_id: str) -> CampaignVerdict | None:
        return self._by_account.get(account_id)

    def remove_account(self, account_id: str) -> None:
        """Drop one account from its campaign (appeal)."""
        with self._lock:
            self._by_account.pop(account_id, None)

    def campaigns(self) -> dict[str, list[str]]:
        """campaign id -> its accounts."""
        out: dict[str, list[str]] = {}
        for account, v in self._by_account.items():
            out.setdefault(v.campaign_id, []).append(account)
        return out

    def update(self, data: Mapping[str, Any], *, source: str = "admin") -> int:
        """Merge verdicts from a ``{"campaigns": [...]}`` body; returns accounts updated."""
        parsed = parse_campaigns(data, source=source)
        with self._lock:
            self._by_account.update(parsed)
        return len(parsed)

    def replace(self, data: Mapping[str, Any], *, source: str = "scan") -> int:
        """Replace every verdict with those of a ``{"campaigns": [...]}`` body (a new scan's output)."""
        parsed = parse_campaigns(data, source=source)
        with self._lock:
            self._by_account = parsed
        return len(parsed)

    def maybe_reload(self) -> bool:
        """Re-read the file if it changed; True when reloaded. A bad file raises and keeps the old verdicts."""
        if self.path is None or not self.path.is_file():
            return False
        mtime = self.path.stat().st_mtime
        if mtime == self._mtime:
            return False
        try:
            data = json.loads(self.path.read_text())
        except json.JSONDecodeError as exc:
            raise ConfigError(f"line {exc.lineno}", f"invalid JSON: {exc.msg}", source=str(self.path)) from exc
        parsed = parse_campaigns(data, source=str(self.path))
        with self._lock:
            self._by_account = parsed
            self._mtime = mtime
        return True


def parse_campaigns(data: Any, *, source: str) -> dict[str, CampaignVerdict]:
    """Validate a campaigns document; errors name the entry and field."""
    if not isinstance(data, Mapping) or not isinstance(data.get("campaigns"), list):
        raise ConfigError("campaigns", "expected an object with a 'campaigns' list", source=source)
    out: dict[str, CampaignVerdict] = {}
    for i, c in enumerate(data["campaigns"]):
        key = f"campaigns[{i}]"
        if not isinstance(c, Mapping):
            raise ConfigError(key, "must be an object", source=source, value=c)
        cid, score, accounts = c.get("campaign_id"), c.get("score"), c.get("accounts")
        if not isinstance(cid, str) or not cid:
            raise ConfigError(f"{key}.campaign_id", "must be a non-empty string", source=source, value=cid)
        if isinstance(score, bool) or not isinstance(score, int | float) or not 0 <= score <= 1:
            raise ConfigError(f"{key}.score", "must be a number in [0, 1]", source=source, value=score)
        if not isinstance(accounts, list) or not all(isinstance(a, str) for a in accounts):
            raise ConfigError(f"{key}.accounts", "must be a list of account ids", source=source, value=accounts)
        verdict = CampaignVerdict(cid, float(score), len(accounts))
        for a in accounts:
            out[a] = verdict
    return out
