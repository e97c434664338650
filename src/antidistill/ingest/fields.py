"""Coercion of decoded JSON values to Exchange field types, shared by the JSON-lines readers.

Every helper raises :class:`RowError` naming the field when a value has the wrong type or is out of
range, so the row is quarantined with a precise reason instead of failing the whole batch later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
_INT_RANGES = {"int16": (-(2**15), 2**15 - 1), "int32": (-(2**31), 2**31 - 1)}
_THINK = re.compile(r"^\s*<think>(.*?)</think>\s*", re.DOTALL)


class RowError(Exception):
    """A row cannot be normalised: ``field`` (input or Exchange field, if known) and ``reason``."""

    def __init__(self, field: str | None, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Timestamps outside ``[lo, hi)`` are quarantined: they are almost always unit mistakes
    (epoch milliseconds read as seconds) or placeholder values, and would wreck time windows."""

    lo: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=UTC)
    hi: dt.datetime = dt.datetime(2100, 1, 1, tzinfo=UTC)

    def check(self, value: dt.datetime, field: str) -> dt.datetime:
        if not self.lo <= value < self.hi:
            raise RowError(field, f"timestamp {value.isoformat()} out of range [{self.lo.date()}, {self.hi.date()})")
        return value


DEFAULT_TIME_RANGE = TimeRange()


def timestamp(value: Any, field: str, rng: TimeRange = DEFAULT_TIME_RANGE) -> dt.datetime:
    """ISO-8601 string (naive means UTC) or epoch seconds (int or float) -> aware UTC datetime."""
    if isinstance(value, bool) or value is None:
        raise RowError(field, f"expected an ISO-8601 string or epoch seconds, got {_kind(value)}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise RowError(field, f"timestamp {value!r} is not finite")
        seconds = float(value)
        # Compare in seconds before building a datetime: far-off values would overflow datetime itself.
        if not rng.lo.timestamp() <= seconds < rng.hi.timestamp():
            hint = " (epoch milliseconds?)" if rng.lo.timestamp() * 1e3 <= seconds < rng.hi.timestamp() * 1e3 else ""
            raise RowError(field, f"epoch seconds {value!r} out of range [{rng.lo.date()}, {rng.hi.date()}){hint}")
        return _EPOCH + dt.timedelta(seconds=seconds)
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise RowError(field, f"not an ISO-8601 timestamp: {value[:64]!r}") from None
        parsed = parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
        return rng.check(parsed, field)
    raise RowError(field, f"expected an ISO-8601 string or epoch seconds, got {_kind(value)}")


def opt_timestamp(value: Any, field: str, rng: TimeRange = DEFAULT_TIME_RANGE) -> dt.datetime | None:
    return None if value is None else timestamp(value, field, rng)


def opt_str(value: Any, field: str) -> str | None:
    """A string field; numbers are accepted as their decimal text (ids are often logged as ints)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise RowError(field, f"expected a string, got {_kind(value)}")


def req_str(value: Any, field: str) -> str:
    text = opt_str(value, field)
    if not text:
        raise RowError(field, "required field is missing or empty")
    return text


def opt_int(value: Any, field: str, width: str = "int32") -> int | None:
    """An integer field; integral floats (``12.0``) pass, fractions, booleans and strings do not."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RowError(field, f"expected an integer, got {_kind(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise RowError(field, f"expected an integer, got {value!r}")
        value = int(value)
    lo, hi = _INT_RANGES[width]
    if not lo <= value <= hi:
        raise RowError(field, f"integer {value} out of {width} range")
    return value


def opt_float(value: Any, field: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise RowError(field, f"expected a finite number, got {_kind(value)}")
    return float(value)


def content_text(content: Any, field: str) -> str:
    """Message content as text: a string, or a list of parts whose text parts are joined with newlines.

    Non-text parts become placeholders (``[image]``, ``[audio]``, ``[file]``...) so that detectors see
    that a part was there without storing the payload.
    """
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for i, part in enumerate(content):
            if isinstance(part, str):
                texts.append(part)
                continue
            if not isinstance(part, Mapping):
                raise RowError(f"{field}[{i}]", f"expected a content part object, got {_kind(part)}")
            kind = str(part.get("type") or "text")
            if kind in ("text", "input_text", "output_text"):
                texts.append(opt_str(part.get("text"), f"{field}[{i}].text") or "")
            else:
                texts.append(f"[{kind.removeprefix('input_').removesuffix('_url')}]")
        return "\n".join(texts)
    raise RowError(field, f"expected a string or a list of content parts, got {_kind(content)}")


def messages(value: Any, field: str) -> list[dict[str, str]]:
    """A non-empty list of ``{role, content}`` turns (OpenAI chat shape) as Exchange messages."""
    if not isinstance(value, list):
        raise RowError(field, "required field is missing" if value is None else f"expected a list, got {_kind(value)}")
    if not value:
        raise RowError(field, "expected at least one message")
    out = []
    for i, msg in enumerate(value):
        if not isinstance(msg, Mapping):
            raise RowError(f"{field}[{i}]", f"expected a message object, got {_kind(msg)}")
        role = req_str(msg.get("role"), f"{field}[{i}].role")
        out.append({"role": role, "content": content_text(msg.get("content"), f"{field}[{i}].content")})
    return out


def split_think(text: str | None) -> tuple[str | None, str | None]:
    """Split a leading ``<think>...</think>`` block off a response: (answer, reasoning)."""
    if not text:
        return text, None
    m = _THINK.match(text)
    if m is None:
        return text, None
    return text[m.end():], m.group(1).strip()


def content_id(raw: bytes) -> str:
    """Exchange id for a log line that carries none: a hash of its bytes, so re-reading the same line
    (in the same or an overlapping file) yields the same id and the store counts it once."""
    return "sha256:" + hashlib.sha256(raw.strip()).hexdigest()[:32]


def mapping(value: Any, field: str) -> Mapping[str, Any]:
    """An optional JSON object (``None`` -> empty)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RowError(field, f"expected an object, got {_kind(value)}")
    return value


def first(obj: Mapping[str, Any], *keys: str) -> Any:
    """The first non-null value among ``keys``."""
    for key in keys:
        value = obj.get(key)
        if value is not None:
            return value
    return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "array"
    return {dict: "object", str: "string", int: "integer", float: "number"}.get(type(value), type(value).__name__)
