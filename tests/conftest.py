from __future__ import annotations

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
