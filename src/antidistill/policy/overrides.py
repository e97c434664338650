"""Operator overrides: allow-list, block-list, and appeals that clear an account.

Kept in memory and, when a path is given, saved as a small JSON file after every change so
that overrides survive a restart.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from antidistill.errors import ConfigError

ListName = Literal["allow", "block"]


class Overrides:
    """Per-account allow/block lists. An account is on at most one list."""

    def __init__(self, *, path: Path | None = None) -> None:
        self.path = path
        self._lists: dict[str, ListName] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text())
            except json.JSONDecodeError as exc:
                raise ConfigError(f"line {exc.lineno}", f"invalid JSON: {exc.msg}", source=str(path)) from exc
            for name in ("allow", "block"):
                for account in data.get(name, []):
                    self._lists[str(account)] = "allow" if name == "allow" else "block"

    def lookup(self, account_id: str) -> ListName | None:
        """Which list the account is on, if any."""
        return self._lists.get(account_id)

    def set(self, account_id: str, list_name: ListName) -> None:
        """Put the account on ``list_name`` (moving it off the other list)."""
        if list_name not in ("allow", "block"):
            raise ValueError(f"list must be 'allow' or 'block', got {list_name!r}")
        self._lists[account_id] = list_name
        self._save()

    def clear(self, account_id: str) -> bool:
        """Remove the account from both lists; True when it was on one."""
        found = self._lists.pop(account_id, None) is not None
        self._save()
        return found

    def snapshot(self) -> dict[str, list[str]]:
        """Both lists, sorted."""
        return {name: sorted(a for a, n in self._lists.items() if n == name) for name in ("allow", "block")}

    def _save(self) -> None:
        if self.path is None:
            return
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.snapshot(), indent=1))
        os.replace(tmp, self.path)  # atomic: a crash never leaves half a file
