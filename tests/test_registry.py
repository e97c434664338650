from __future__ import annotations

import pytest

from antidistill.registry import Registry


class Base:
    name = ""


def test_register_and_lookup() -> None:
    reg: Registry[Base] = Registry("detector")

    @reg.register
    class A(Base):
        name = "a"

    assert reg.get("a") is A
    assert "a" in reg and len(reg) == 1
    with pytest.raises(KeyError, match="unknown detector 'b'; known: a"):
        reg.get("b")


def test_duplicate_and_nameless_rejected() -> None:
    reg: Registry[Base] = Registry("detector")

    @reg.register
    class A(Base):
        name = "a"

    class A2(Base):
        name = "a"

    with pytest.raises(ValueError, match="already registered"):
        reg.register(A2)
    with pytest.raises(TypeError, match="name"):
        reg.register(Base)
