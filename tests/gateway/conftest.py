"""Fixtures for the gateway tests (helpers live in gw_stack.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gw_stack import Stack, make_stack


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    """Gateway with the shipped default policy in front of a fake model that returns reasoning."""
    yield from make_stack(tmp_path)
