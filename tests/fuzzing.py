"""Seeded mutation of JSON bodies for the fuzz tests (tests/ingest/test_ingest_fuzz.py, tests/gateway/test_gw_fuzz.py):
replace one to three values, anywhere in the document, with awkward ones."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from typing import Any

#: Wrong types, empty containers, huge and non-finite numbers, cut-off JSON text, objects of unknown shape.
WEIRD: list[Any] = [None, 0, -1, 1.5, True, "", "x", [], {}, [1, 2], {"a": 1}, "[1,", '{"a":', 10**30,
                    float("nan"), "2026-13-40", [{}], [None], {"role": None}, {"type": "mystery"}, "9" * 40]


def value_paths(obj: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every key path into a JSON value (the first three items of long lists)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield (*prefix, k)
            yield from value_paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:3]):
            yield (*prefix, i)
            yield from value_paths(v, (*prefix, i))


def mutate(obj: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A copy of ``obj`` with one to three values replaced by :data:`WEIRD` ones."""
    obj = json.loads(json.dumps(obj, default=str))
    paths = list(value_paths(obj))
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(paths)
        node: Any = obj
        try:
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = copy.deepcopy(rng.choice(WEIRD))
        except (KeyError, IndexError, TypeError):
            pass  # an earlier replacement removed the path
    return obj
