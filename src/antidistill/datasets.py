"""Reading the real public data sets in ``../shared/data`` (one reader shared by the lab, signals and watermark)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from antidistill.errors import InputError


def read_jsonl(path: Path) -> list[dict[str, object]]:
    """Rows of a JSON Lines file (``.gz`` allowed); a bad line raises ``InputError`` naming file and line.

    Splits on ``"\\n"`` only: some real prompts contain U+2028, which ``str.splitlines`` would break on.
    """
    opener = gzip.open if path.suffix == ".gz" else open
    rows: list[dict[str, object]] = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for lineno, line in enumerate(fh.read().split("\n"), 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg}", file=str(path), line=lineno) from exc
    return rows
