"""The policy and the gateway's core modules import no web framework and no torch."""

from __future__ import annotations

import subprocess
import sys

CORE = ["antidistill.policy", "antidistill.gateway.keys", "antidistill.gateway.eventlog", "antidistill.gateway.online",
        "antidistill.gateway.detectors", "antidistill.gateway.campaigns", "antidistill.gateway.enforce",
        "antidistill.gateway.transforms", "antidistill.gateway.config", "antidistill.commands.keys",
        "antidistill.commands.serve", "antidistill.commands.replay", "antidistill.commands.mock_upstream"]
HEAVY = ["fastapi", "starlette", "uvicorn", "aiohttp", "httpx", "torch", "transformers"]


def test_core_imports_no_web_stack_or_torch() -> None:
    code = (f"import sys\nfor m in {CORE!r}: __import__(m)\n"
            f"print(','.join(sorted(h for h in {HEAVY!r} if h in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at module level: {out.stdout.strip()}"
