from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data sets beside the repository (../shared/data)."""
    if not SHARED_DATA.is_dir():
        pytest.fail(f"real data folder missing: {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def arena_gsm8k_prompts(shared_data: Path) -> list[str]:
    """Real prompts: every Arena-Hard prompt, then every GSM8K test question."""
    arena = [json.loads(line)["prompt"] for f in sorted((shared_data / "arena-hard").glob("*.jsonl"))
             for line in f.read_text().split("\n") if line]
    gsm = [json.loads(line)["question"] for line in (shared_data / "gsm8k" / "test.jsonl").read_text().split("\n")
           if line]
    return arena + gsm
