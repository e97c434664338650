from __future__ import annotations

import subprocess
import sys


def test_core_and_commands_import_neither_torch_nor_the_web_stack() -> None:
    code = ("import sys, antidistill.watermark, antidistill.watermark.radioactivity, antidistill.watermark.documents, "
            "antidistill.commands.watermark, antidistill.commands.audit_model; "
            "print(sorted(m for m in ('torch', 'transformers', 'fastapi', 'vllm', 'httpx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_every_scheme_is_registered_and_documented() -> None:
    from pathlib import Path

    from antidistill.watermark import SCHEMES

    doc = (Path(__file__).resolve().parents[2] / "docs" / "watermark.md").read_text()
    assert SCHEMES.names() == ["gumbel", "redgreen"]
    for name in SCHEMES.names():
        assert f"`{name}`" in doc
