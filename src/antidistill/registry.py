"""Registries for extension points.

Built-ins register through the same mechanism as third-party extensions: a registry is
keyed by each class's ``name`` attribute, and lookups of unknown names fail with the
list of known ones (never an ``if name == ...`` chain).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Name -> class mapping for one extension point (signals, readers, generators, ...)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, type[T]] = {}

    def register(self, cls: type[T]) -> type[T]:
        """Class decorator: register ``cls`` under ``cls.name``."""
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not name:
            raise TypeError(f"{cls.__qualname__} must define a non-empty class attribute 'name' to be a {self.kind}")
        existing = self._items.get(name)
        if existing is not None and existing is not cls:
            raise ValueError(f"{self.kind} {name!r} is already registered by {existing.__qualname__}")
        self._items[name] = cls
        return cls

    def get(self, name: str) -> type[T]:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "(none)"
            raise KeyError(f"unknown {self.kind} {name!r}; known: {known}") from None

    def create(self, name: str, **kwargs: object) -> T:
        return self.get(name)(**kwargs)

    def names(self) -> list[str]:
        return sorted(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> list[tuple[str, type[T]]]:
        return sorted(self._items.items())

    def decorator(self) -> Callable[[type[T]], type[T]]:
        return self.register
