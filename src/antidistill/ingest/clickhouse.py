"""ClickHouse exports in its tab-separated formats: ``TabSeparatedWithNamesAndTypes`` (``TSVWithNamesAndTypes``).

A provider that keeps its request log in ClickHouse hands over what ``clickhouse-client --query "SELECT ... FORMAT
TSVWithNamesAndTypes"`` (or ``INTO OUTFILE 'x.tsv.gz'``) writes: a row of column names, a row of their types
(``String``, ``DateTime64(3)``, ``Nullable(UInt32)``, ``Array(String)``, ``Map(LowCardinality(String), String)``...),
then one line per row. The types row is what tells this export from a spreadsheet's TSV, and it says how to read
each field:

- a field is text with backslash escapes (``\\n``, ``\\t``, ``\\\\``, ``\\'``, ``\\0``...); ``\\N`` is NULL;
- an ``Array``, a ``Map`` or a ``Tuple`` is written as a literal: ``['system','user']``, ``{'temperature':'0.3'}``,
  strings in single quotes with the same escapes; it is read as a list, an object or a list;
- a time column whose type names its zone (``DateTime64(3, 'Europe/Amsterdam')``) is that zone's wall clock and
  is read with the zone's offset (the first of a repeated hour when clocks go back); a bare ``DateTime`` prints the
  server's zone, which the export does not say, and is read as UTC;
- integers, floats and ``Bool`` are read as numbers and booleans; everything else (strings, times, UUIDs, IPv6
  addresses such as ``::ffff:1.2.3.4``) stays text for the readers to interpret (:class:`~antidistill.ingest.fields.
  UntypedText`: a string column may hold JSON);
- a ``Nested`` column is stored flattened, as one array per sub-column (``messages.role``, ``messages.content``):
  arrays of one parent are zipped back into its list of objects (``messages: [{role, content}, ...]``), an empty
  string in one of them meaning the sub-field is not set for that element;
- other dotted names nest, as a CSV header's do.

A row with more or fewer fields than the header is an error element with its line, as a CSV record's is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from antidistill.ingest.fields import UntypedText
from antidistill.ingest.jsonlines import READ_ERRORS, Element, _nest, open_bytes
from antidistill.ingest.pgdump import unescape_text

#: One ClickHouse data type, as a types row writes it (wrappers and parameters included).
_TYPE = re.compile(
    r"(?:Nullable|LowCardinality|Array|Map|Tuple|Nested|SimpleAggregateFunction|AggregateFunction|Variant|Object)"
    r"\(.*\)|U?Int(?:8|16|32|64|128|256)|Float(?:32|64)|BFloat16|Decimal(?:32|64|128|256)?(?:\(.*\))?|String|"
    r"FixedString\(\d+\)|UUID|Date|Date32|DateTime(?:64)?(?:\(.*\))?|Time(?:64)?(?:\(.*\))?|Bool|Boolean|IPv4|IPv6|"
    r"Enum(?:8|16)?\(.*\)|JSON(?:\(.*\))?|Dynamic(?:\(.*\))?|Nothing|Point|Ring|Polygon|MultiPolygon|Interval\w+")


def is_types_row(cells: list[str]) -> bool:
    """Whether a TSV file's second row is ClickHouse's types row (every cell a type name)."""
    return len(cells) >= 2 and all(_TYPE.fullmatch(c.strip()) for c in cells)


def _unwrap(type_: str) -> str:
    """The type without ``Nullable(...)`` and ``LowCardinality(...)`` around it."""
    t = type_.strip()
    while True:
        for wrapper in ("Nullable(", "LowCardinality("):
            if t.startswith(wrapper) and t.endswith(")"):
                t = t[len(wrapper):-1].strip()
                break
        else:
            return t


class LiteralError(ValueError):
    pass


def parse_literal(text: str) -> Any:
    """A ClickHouse value literal (an array, a map, a tuple, a quoted string, a number, ``NULL``) as Python."""
    value, end = _literal(text, _skip(text, 0))
    if _skip(text, end) != len(text):
        raise LiteralError(f"unexpected {text[end:end + 20]!r} after the value")
    return value


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\r\n":
        i += 1
    return i


_BARE = re.compile(r"[A-Za-z0-9_.+\-]+")


def _literal(text: str, i: int) -> tuple[Any, int]:
    if i >= len(text):
        raise LiteralError("value missing at the end")
    c = text[i]
    if c in "[(":
        close = "]" if c == "[" else ")"
        items: list[Any] = []
        i = _skip(text, i + 1)
        if i < len(text) and text[i] == close:
            return items, i + 1
        while True:
            item, i = _literal(text, i)
            items.append(item)
            i = _skip(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
                continue
            if i < len(text) and text[i] == close:
                return items, i + 1
            raise LiteralError(f"expected ',' or {close!r} at character {i}")
    if c == "{":
        out: dict[str, Any] = {}
        i = _skip(text, i + 1)
        if i < len(text) and text[i] == "}":
            return out, i + 1
        while True:
            key, i = _literal(text, i)
            i = _skip(text, i)
            if i >= len(text) or text[i] != ":":
                raise LiteralError(f"expected ':' at character {i}")
            value, i = _literal(text, _skip(text, i + 1))
            out[str(key)] = value
            i = _skip(text, i)
            if i < len(text) and text[i] == ",":
                i = _skip(text, i + 1)
                continue
            if i < len(text) and text[i] == "}":
                return out, i + 1
            raise LiteralError(f"expected ',' or '}}' at character {i}")
    if c == "'":
        j = i + 1
        chunk: list[str] = []
        while j < len(text):
            ch = text[j]
            if ch == "\\" and j + 1 < len(text):
                chunk.append(text[j:j + 2])
                j += 2
                continue
            if ch == "'":
                return unescape_text("".join(chunk)), j + 1
            chunk.append(ch)
            j += 1
        raise LiteralError("string not closed")
    m = _BARE.match(text, i)
    if m is None:
        raise LiteralError(f"unexpected {c!r} at character {i}")
    word = m.group(0)
    if word in ("NULL", "\\N"):
        return None, m.end()
    if word in ("true", "false"):
        return word == "true", m.end()
    try:
        return (float(word) if any(ch in word for ch in ".eEn") else int(word)), m.end()
    except ValueError:
        raise LiteralError(f"unexpected {word!r} at character {i}") from None


def reader(type_: str) -> Callable[[str], Any]:
    """How a non-NULL field of a column of type ``type_`` is read (see the module docstring), decided once per
    column; a literal that cannot be parsed raises ``LiteralError``, a number that does not read ``ValueError``."""
    t = _unwrap(type_)
    if t.startswith(("Array(", "Map(", "Tuple(")):
        return lambda field: _untyped(parse_literal(field))
    if re.fullmatch(r"U?Int\d+", t):
        return lambda field: int(unescape_text(field))
    if t.startswith(("Float", "BFloat")):
        return lambda field: float(unescape_text(field))
    if t in ("Bool", "Boolean"):
        return lambda field: unescape_text(field) in ("true", "1")
    zoned = _ZONED.fullmatch(t)
    if zoned is not None:
        zone = zoned.group(1)
        return lambda field: UntypedText(_in_zone(text, zone)) if (text := unescape_text(field)) else None
    return lambda field: UntypedText(text) if (text := unescape_text(field)) else None


def typed(field: str, type_: str) -> Any:
    """One TSV field of a column of type ``type_`` as a value (``\\N`` is None; see :func:`reader`)."""
    return None if field == "\\N" else reader(type_)(field)


#: A time column whose type names its zone (``DateTime('Europe/Amsterdam')``, ``DateTime64(3, 'UTC')``): ClickHouse
#: prints its values as that zone's wall clock, without an offset.
_ZONED = re.compile(r"DateTime(?:64)?\((?:\s*\d+\s*,)?\s*'([^']+)'\s*\)")


def _in_zone(text: str, zone: str) -> str:
    """A wall-clock time of ``zone`` as ISO 8601 with its offset (the first of a repeated hour when clocks go back);
    the text as it is when it or the zone cannot be read."""
    try:
        local = dt.datetime.fromisoformat(text)
        return local.replace(tzinfo=ZoneInfo(zone)).isoformat() if local.tzinfo is None else text
    except (ValueError, ZoneInfoNotFoundError):
        return text


def _untyped(value: Any) -> Any:
    """Strings of a literal as :class:`UntypedText` (a ``Map(String, String)`` keeps numbers and JSON as text)."""
    if isinstance(value, str):
        return UntypedText(value)
    if isinstance(value, list):
        return [_untyped(v) for v in value]
    if isinstance(value, dict):
        return {k: _untyped(v) for k, v in value.items()}
    return value


def _nested(header: list[str], types: list[str]) -> dict[str, list[str]]:
    """The array columns of each parent that has two or more (a ``Nested`` column's sub-columns), by parent."""
    groups: dict[str, list[str]] = {}
    for name, type_ in zip(header, types, strict=True):
        parent, _, leaf = name.rpartition(".")
        if parent and leaf and parent not in header and _unwrap(type_).startswith("Array("):
            groups.setdefault(parent, []).append(name)
    return {parent: names for parent, names in groups.items() if len(names) >= 2}


def _zip_nested(obj: dict[str, Any], groups: dict[str, list[str]]) -> None:
    """Arrays of one parent (``messages.role``, ``messages.content``; :func:`_nested`) zipped into the parent's list
    of objects, where they have one length."""
    for parent, names in groups.items():
        columns = [obj.get(n) or [] for n in names]
        if not all(isinstance(c, list) for c in columns) or len({len(c) for c in columns}) != 1:
            continue
        leaves = [n.rpartition(".")[2] for n in names]
        obj[parent] = [{leaf: v for leaf, v in zip(leaves, values, strict=True) if v not in ("", None)}
                       for values in zip(*columns, strict=True)]
        for n in names:
            del obj[n]


def iter_clickhouse_tsv(path: Path) -> Iterator[Element]:
    """The rows of a ``TSVWithNamesAndTypes`` export as objects (see the module docstring), each with its line."""
    line_no = 0
    header: list[str] = []
    types: list[str] = []
    readers: list[Callable[[str], Any]] = []
    groups: dict[str, list[str]] = {}
    try:
        with open_bytes(path) as fh:
            for raw in fh:
                line_no += 1
                # TSV escapes every newline and tab inside a value: a row is one line
                text = raw.decode("utf-8", "replace").rstrip("\n").removesuffix("\r")
                if line_no == 1:
                    header = [unescape_text(c) for c in text.lstrip("\ufeff").split("\t")]
                    continue
                if line_no == 2:
                    types = text.split("\t")
                    readers = [reader(t) for t in types]
                    groups = _nested(header, types)
                    continue
                if not text:
                    continue
                fields = text.split("\t")
                if len(fields) != len(header):
                    yield Element(line_no, text[:4096], error=f"expected {len(header)} fields as in the header, "
                                                                f"got {len(fields)}")
                    continue
                row: dict[str, Any] = {}
                try:
                    for name, read, field in zip(header, readers, fields, strict=True):
                        row[name] = None if field == "\\N" else read(field)
                except ValueError as exc:  # a literal (``LiteralError``) or a number that does not read
                    type_ = types[header.index(name)]
                    yield Element(line_no, text[:4096], error=f"field {name!r} ({type_}) unreadable: {exc}")
                    continue
                _zip_nested(row, groups)
                yield Element(line_no, text, _nest(iter(row.items())))
    except READ_ERRORS as exc:
        yield Element(line_no + 1, "", error=f"unreadable file: {exc}", fatal=True)
