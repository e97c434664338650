"""PostgreSQL dumps in pg_dump's plain format: the rows of every ``COPY ... FROM stdin;`` block.

A provider that keeps its request log in its own database hands the security team a dump, not a log export:
``pg_dump --data-only`` (or a whole-database dump) writes, per table, a ``COPY public.t (col, ...) FROM stdin;``
line, one line per row in PostgreSQL's text COPY format, and a ``\\.`` line. Everything else in the file (the
banner comments, ``SET`` statements, ``\\restrict`` lines of pg_dump 17.6 and later, ``CREATE`` statements of a
schema dump, ``SELECT pg_catalog.setval(...)``) is no data and is passed over.

A row is the object of its columns, named as the ``COPY`` line names them, with the table's name (schema and
quotes removed) under ``_table``: a directory dump holds several tables, and the name says what each row is (an
organisation, a project, an API key). Values are read as the text COPY format writes them: tab-separated, ``\\N``
for NULL, backslash escapes (``\\\\ \\n \\r \\t \\b \\f \\v``, octal ``\\ooo`` and ``\\xhh``). A value that is a JSON
object or array (a ``json``/``jsonb`` column: the request and response bodies) is decoded; an integer written
without leading zeros is a number; everything else (times, uuids, addresses, ``t``/``f``, arrays ``{a,b}``) stays
text for the readers to interpret. A row whose number of fields differs from the columns is an error element
naming the table, the line and both counts.

Rows are yielded as :class:`~antidistill.ingest.jsonlines.Element` s with the file's line numbers, so quarantined
rows point at the dump's own line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from antidistill.ingest.jsonlines import READ_ERRORS, SQL_SUFFIXES, Element, log_name, open_bytes

#: How far into a file its first ``COPY`` line or pg_dump's banner is looked for (a schema dump's DDL comes first).
SNIFF_BYTES = 1 << 16

_COPY = re.compile(r'^COPY\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s*(?:\((.*)\))?\s+FROM\s+stdin\s*;\s*$',
                   re.IGNORECASE)
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))")
_SIMPLE = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


def is_pg_dump(path: Path) -> bool:
    """A ``.sql`` file (compressed or not) holding pg_dump's banner or a ``COPY ... FROM stdin;`` line in its
    first :data:`SNIFF_BYTES`."""
    if not log_name(path).endswith(SQL_SUFFIXES):
        return False
    try:
        with open_bytes(path) as fh:
            head = fh.read(SNIFF_BYTES).decode("utf-8", "replace")
    except READ_ERRORS:
        return False
    return "PostgreSQL database dump" in head or any(_COPY.match(line) for line in head.splitlines())


def _name(part: str) -> str:
    return part[1:-1].replace('""', '"') if part.startswith('"') and part.endswith('"') else part


def _unescape(m: re.Match[str]) -> str:
    octal, hexa, char = m.groups()
    if octal is not None:
        return chr(int(octal, 8))
    if hexa is not None:
        return chr(int(hexa, 16))
    return _SIMPLE.get(char, char)


def unescape_text(field: str) -> str:
    """A field of a text-format COPY row (or of a ClickHouse ``TabSeparated`` row) with its backslash escapes read."""
    return _ESCAPE.sub(_unescape, field) if "\\" in field else field


def copy_value(field: str) -> Any:
    """One field of a text-format COPY row as a value (see the module's docstring)."""
    if field == "\\N":
        return None
    text = unescape_text(field)
    if text[:1] in ("{", "["):
        try:
            value = json.loads(text)
        except ValueError:
            return text  # a PostgreSQL array ({a,b}) or text that only starts like JSON
        if isinstance(value, (dict, list)):
            return value
    if _INT.fullmatch(text):
        return int(text)
    return text


def iter_pg_dump_rows(path: Path) -> Iterator[Element]:
    """The rows of every ``COPY`` block of a pg_dump plain-format file (see the module's docstring). A file that
    cannot be read, or is cut short inside a block, ends with an error element."""
    table: str | None = None
    columns: list[str] = []
    line_no = 0
    try:
        with open_bytes(path) as fh:
            for raw in fh:
                line_no += 1
                # COPY's text format escapes every newline and carriage return inside a value: a row is one line
                text = raw.decode("utf-8", "replace").rstrip("\n").removesuffix("\r")
                if table is None:
                    m = _COPY.match(text)
                    if m:
                        table = _name(m.group(1).rsplit(".", 1)[-1])
                        columns = [_name(c.strip()) for c in (m.group(2) or "").split(",") if c.strip()]
                    continue
                if text == "\\.":
                    table = None
                    continue
                fields = text.split("\t")
                if columns and len(fields) != len(columns):
                    yield Element(line_no, text[:4096], error=f"COPY row of table {table!r} has {len(fields)} "
                                  f"fields, its COPY line names {len(columns)} columns")
                    continue
                names = columns or [f"column{i + 1}" for i in range(len(fields))]
                obj: dict[str, Any] = {"_table": table}
                obj.update(zip(names, (copy_value(f) for f in fields), strict=True))
                yield Element(line_no, text, obj)
    except READ_ERRORS as exc:
        yield Element(line_no or None, "", error=f"unreadable pg_dump file: {exc}", fatal=True)
        return
    if table is not None:
        yield Element(line_no, "", error=f"the file ends inside the COPY block of table {table!r} (no \\. line)",
                      fatal=True)
