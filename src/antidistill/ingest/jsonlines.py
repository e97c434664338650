"""Shared machinery of line-oriented JSON readers: decoding, parsing, batching and quarantine.

The file is read as bytes line by line (decompressed when it ends in ``.gz``, ``.zst``, ``.bz2`` or ``.xz``),
so one bad byte spoils one line and memory stays bounded. Blank lines are skipped; every other line either
becomes a row or a :class:`QuarantinedRow` with a reason: not UTF-8, invalid JSON, a truncated last line, not
an object, or whatever the format's :meth:`JsonLinesReader.convert` rejected.

A file whose first non-blank character is ``[`` is a JSON array document instead (what export APIs and
"download as JSON" buttons write, e.g. LiteLLM's ``/spend/logs``), and a file of pretty-printed objects one
after another (``jq .`` output) is read the same way (:func:`json_document` tells them from JSON lines): the
elements are decoded one at a time from a sliding buffer (memory bounded by the largest element,
:data:`MAX_ELEMENT_CHARS`), each element is one row, and a quarantined element is named by the line it starts
on. Invalid JSON inside such a document cannot be resynchronised: the rest of the file becomes one quarantine
entry saying where it stopped.

A ``.csv`` or ``.tsv`` file (database and spreadsheet exports) is a table with a header row: each record
becomes the object a JSON line would, so every JSON format reads CSV exports too. An empty cell is null, and
so is ``\\N`` (NULL in ClickHouse's and MySQL's CSV); any other cell is :class:`~antidistill.ingest.fields.
UntypedText`, read as a number, a time or JSON only by fields that want one (so a prompt that looks like a JSON
list stays text); a dotted header such as ``metadata.user_api_key_hash`` nests. A TSV file whose second row
names ClickHouse types is that database's ``TSVWithNamesAndTypes`` export, read by its own rules
(:mod:`antidistill.ingest.clickhouse`).
"""

from __future__ import annotations

import bz2
import codecs
import csv
import datetime as dt
import decimal
import gzip
import io
import json
import lzma
import re
import sys
import zlib
from abc import abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.errors import InputError
from antidistill.ingest.base import PARQUET_SUFFIXES, Chunk, Reader, is_parquet
from antidistill.ingest.containers import cri_lines, cri_stream, envelope
from antidistill.ingest.fields import RowError, UntypedText
from antidistill.ingest.messages import decode, payloads
from antidistill.ingest.quarantine import QuarantinedRow, truncate_raw
from antidistill.records import EXCHANGE_SCHEMA

COMPRESSIONS = (".gz", ".zst", ".bz2", ".xz")
CSV_SUFFIXES = tuple(base + c for base in (".csv", ".tsv") for c in ("", *COMPRESSIONS))
#: pg_dump's plain-format files (``pg_dump -f db.sql``, gzip'd by the job that copies them): ``ingest.pgdump``
SQL_SUFFIXES = tuple(".sql" + c for c in ("", *COMPRESSIONS))
TEXT_SUFFIXES = (*(base + c for base in (".jsonl", ".ndjson", ".json", ".log") for c in ("", *COMPRESSIONS)),
                 *CSV_SUFFIXES, *SQL_SUFFIXES)
#: Binary table exports read row by row like Parquet: ORC (Athena, Hive, Firehose record conversion) and Avro
#: object container files (BigQuery's default export, Kafka Connect's S3 sink).
TABLE_SUFFIXES = (".orc", ".avro")
_ORC_MAGIC = b"ORC"
_AVRO_MAGIC = b"Obj\x01"
#: What reading a damaged or cut-off compressed file raises.
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, EOFError, zlib.error, lzma.LZMAError, pa.ArrowException)
PARQUET_ROWS_PER_READ = 10_000
SNIFF_LINES = 20
ARRAY_READ_CHARS = 1 << 20
MAX_ELEMENT_CHARS = 64 << 20
_WS = " \t\r\n"


def open_bytes(path: Path) -> IO[bytes]:
    """Open a log file for binary line reading, decompressing ``*.gz``, ``*.zst`` (through Arrow's zstd codec),
    ``*.bz2`` and ``*.xz``."""
    name = log_name(path)
    try:
        if name.endswith(".gz"):
            return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
        if name.endswith(".bz2"):
            return bz2.BZ2File(path, "rb")
        if name.endswith(".xz"):
            return lzma.LZMAFile(path, "rb")
        if name.endswith(".zst"):
            return io.BufferedReader(pa.CompressedInputStream(pa.OSFile(str(path)), "zstd"))
        return path.open("rb")
    except (OSError, pa.ArrowException) as exc:
        raise InputError(f"cannot open: {getattr(exc, 'strerror', None) or exc}", file=str(path)) from exc


#: A rotated log's name: the log suffix, then a rotation mark (logrotate's ``.1``/``.2`` or its ``dateext``
#: ``-20260302``, a ``.2026-03-02`` or ``-2026-03-02T14`` stamp), then maybe a compression suffix
#: (``access.log-20260302.gz``, ``app.jsonl.1``). Groups: the name up to its log suffix, and the compression.
ROTATED = re.compile(r"^(.+?\.(?:jsonl|ndjson|json|log|csv|tsv))[.-][0-9][0-9_:tT-]*(\.(?:gz|zst|bz2|xz))?$")


def log_name(path: Path) -> str:
    """The file name, lower case, without a rotation mark (``access.log-20260302.gz`` -> ``access.log.gz``,
    ``app.jsonl.1`` -> ``app.jsonl``): what its log and compression suffixes are read from."""
    name = path.name.lower()
    m = ROTATED.match(name)
    return m.group(1) + (m.group(2) or "") if m else name


def uncompressed_name(path: Path) -> str:
    """The file name without a rotation mark or compression suffix, lower case (``a.tsv.zst`` -> ``a.tsv``,
    ``a.log-20260302.gz`` -> ``a.log``)."""
    name = log_name(path)
    for suffix in COMPRESSIONS:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def json_document(path: Path) -> str | None:
    """``"array"`` for a JSON array document, ``"values"`` for JSON objects written one after another across
    lines (pretty-printed, as ``jq .`` writes them), else None (JSON lines, or not JSON).

    A file is ``values`` only when its first non-blank line starts an object without being one and its second
    non-blank line is not one either: JSON lines whose first line is damaged stay JSON lines, so one bad line
    still costs one row."""
    with open_bytes(path) as fh:
        try:
            head = fh.read(1 << 16)
        except READ_ERRORS:
            return None
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if text[:1] == b"[":
        return "array"
    if text[:1] != b"{":
        return None
    if _concatenated(path, text, len(head) < 1 << 16):
        return "values"
    pieces = text.split(b"\n")
    whole = pieces if len(head) < 1 << 16 else pieces[:-1]  # the last piece may be cut by the head's end
    lines = [line for line in whole if line.strip()][:2]
    if len(lines) < 2:
        return None
    return None if any(_is_object(line) for line in lines) else "values"


def _concatenated(path: Path, head: bytes, whole: bool) -> bool:
    """Whether the file's first JSON value is followed on the same line by another object: values written back to
    back with no separator (``}{``), as Kinesis Data Firehose delivers CloudWatch Logs subscription records to S3.
    Read on past ``head`` (up to :data:`MAX_ELEMENT_CHARS`) only while the first line has not ended."""
    decoder = json.JSONDecoder()
    data = head
    if not whole and b"\n" not in head:  # one long first line: read it on until its first value ends
        data = b""
        with open_bytes(path) as fh:
            try:
                while b"\n" not in data and len(data) < MAX_ELEMENT_CHARS:
                    more = fh.read(ARRAY_READ_CHARS)
                    if not more:
                        break
                    data += more
                    try:
                        decoder.raw_decode(data.decode("utf-8", errors="ignore").lstrip("\ufeff" + _WS))
                        break
                    except json.JSONDecodeError:
                        continue
            except READ_ERRORS:
                return False
    text = data.decode("utf-8", errors="ignore").lstrip("\ufeff" + _WS)
    try:
        _, end = decoder.raw_decode(text)
    except json.JSONDecodeError:
        return False
    rest = text[end:]
    gap = rest[:len(rest) - len(rest.lstrip(_WS))]
    return "\n" not in gap and rest.lstrip(_WS)[:1] == "{"


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False


@dataclass(frozen=True, slots=True)
class Element:
    """One row of input (a JSON line, an element of a JSON array document, a CSV record): the line it starts on,
    its source text and decoded value, or the reason it could not be decoded."""

    line: int | None  # None: the whole file
    text: str
    value: Any = None
    error: str | None = None
    fatal: bool = False  # an error after which the rest of the file cannot be read
    raw: bytes | None = None  # the input bytes when they are not ``text`` encoded (a JSON line's own bytes)
    parts: int = 1  # input rows this element stands for (the rows of one call merged, ``correlate``)

    @property
    def source(self) -> bytes:
        """The bytes a content-hash id is derived from and the quarantine file shows."""
        return self.raw if self.raw is not None else self.text.encode()


def iter_json_lines(path: Path) -> Iterator[Element]:
    """The non-blank lines of a JSON-lines file, decoded; a line that is not UTF-8 or not JSON is an error
    element of its own (the next line reads normally). A container runtime's partial lines (CRI's ``P`` tag) are
    joined first (:func:`antidistill.ingest.containers.cri_lines`): one element, numbered by its first part."""
    with open_bytes(path) as fh:
        for lineno, raw, parts, cut in cri_lines(enumerate(fh, 1)):
            if not raw.strip():
                continue  # blank lines carry nothing: skipped, not counted
            try:
                # A byte-order mark (Windows exports) is not JSON whitespace: drop it rather than quarantine line 1.
                text = raw.decode("utf-8").removeprefix("\ufeff")
            except UnicodeDecodeError as exc:
                yield Element(lineno, "", error=f"not valid UTF-8 at byte {exc.start}", raw=raw, parts=parts)
                continue
            if cut is not None:
                yield Element(lineno, text, error=cut, raw=raw, parts=parts)
                continue
            try:
                yield Element(lineno, text, json.loads(text), raw=raw, parts=parts)
            except json.JSONDecodeError as exc:
                prefixed = _record_of(text)
                if prefixed is not None:
                    yield Element(lineno, text, prefixed, raw=raw, parts=parts)
                    continue
                reason = (f"truncated last line (no newline, invalid JSON: {exc.msg})" if not raw.endswith(b"\n")
                          else f"invalid JSON: {exc.msg} at column {exc.colno}")
                runtime = cri_stream(raw)
                if runtime is not None:  # a server's plain-text warning or traceback line, in the runtime's format
                    cut_by = f"cut by the runtime into {parts} parts, " if parts > 1 else ""
                    reason = f"a container's log line ({cut_by}{runtime}) that is no JSON record"
                yield Element(lineno, text, error=reason, raw=raw, parts=parts)


def container_records(elements: Iterable[Element]) -> Iterator[Element]:
    """``elements`` with each container log envelope (Docker's ``json-file`` driver, Fluent Bit, Fluentd, Vector:
    :func:`antidistill.ingest.containers.envelope`) replaced by the record the application logged: the parts of a
    line cut by the runtime are joined first (one element, the first part's line, counting every part), and the
    runtime's time is the record's ``logged_at`` when it has none of its own. A line that holds no JSON object (a
    plain-text startup line, a traceback) is an error element, and so are parts whose last part never came."""
    pending: dict[tuple[str, ...], tuple[Element, list[str], int]] = {}
    for el in elements:
        env = envelope(el.value) if el.error is None and isinstance(el.value, dict) else None
        if env is None:
            yield el
            continue
        first, texts, parts = pending.pop(env.key, (el, [], 0))
        texts.append(env.text)
        parts += el.parts
        if env.partial:
            pending[env.key] = (first, texts, parts)
            continue
        text = "".join(texts)
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            value = _record_of(text)
            if value is None:
                what = "cut by the runtime into " + str(len(texts)) + " parts, " if len(texts) > 1 else ""
                yield Element(first.line, text, error=f"a container's log line ({what}{env.key[1] or 'no stream'}) "
                                                      f"that is no JSON record: {exc.msg} at column {exc.colno}",
                              parts=parts)
                continue
        if isinstance(value, dict) and env.time is not None and "logged_at" not in value:
            value["logged_at"] = env.time
        yield Element(first.line, text, value, parts=parts)
    for first, texts, parts in sorted(pending.values(), key=lambda p: p[0].line or 0):
        yield Element(first.line, "".join(texts), parts=parts,
                      error=f"a container's log line cut by the runtime into parts: {len(texts)} read, the last "
                            "never came")


#: The longest text a log shipper puts before a JSON record on its line: a syslog header (``May  4 10:00:00 host
#: app[2211]: {...}``, RFC 5424's ``<134>1 2026-05-04T10:00:00Z host app 2211 - - {...}``), ``kubectl logs
#: --timestamps`` (``2026-05-04T10:00:00.123456789Z {...}``), a logging library's own format (``2026-05-04
#: 10:00:00,123 INFO access: {...}``).
PREFIX_MAX_CHARS = 256
_PREFIX_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def _after_prefix(text: str) -> dict[str, Any] | None:
    """The JSON object a line carries after a shipper's prefix (:data:`PREFIX_MAX_CHARS`, no quote in it), or None.
    The prefix's ISO 8601 time, when it has one, is the record's ``logged_at`` (unless it has that key): a record
    may carry no time of its own and count on the line's."""
    start = text.find("{", 0, PREFIX_MAX_CHARS)
    # a prefix holds no quote: the tail of a record cut in two (``..., "usage": {...}}``) is no record
    if start <= 0 or text.lstrip()[:1] in ("{", "[") or '"' in text[:start]:
        return None
    try:
        value = json.loads(text[start:])
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict):
        return None
    when = _PREFIX_TIME.search(text, 0, start)
    if when is not None and "logged_at" not in value:
        value["logged_at"] = when.group().replace(",", ".")
    return value


#: One ``key=value`` pair of a logfmt line: a key, then a bare value (no space or quote) or a double-quoted one.
_LOGFMT_PAIR = re.compile(r'([A-Za-z_@][\w.@/-]*)=("(?:[^"\\]|\\.)*"|[^\s"]*)(?:\s+|$)')
_LOGFMT_KEY = re.compile(r"(?:^|\s)[A-Za-z_@][\w.@/-]*=")
#: The fewest pairs a logfmt line holds: a time, a level and a message make three (a sentence with one ``a=b`` in
#: it is no record).
LOGFMT_MIN_PAIRS = 3


def _logfmt(text: str) -> dict[str, Any] | None:
    """The record a logfmt line holds (``time=2026-05-04T10:00:00Z level=INFO msg="chat done" account=acct_7
    prompt_tokens=412``: Go's ``slog`` text handler, logrus, Heroku's router), maybe after a shipper's prefix with no
    ``=`` or quote in it (:data:`PREFIX_MAX_CHARS`), or None. Every pair must parse, to the end of the line, and there
    must be :data:`LOGFMT_MIN_PAIRS` of them; a dotted key nests (``http.status=200``), as a CSV header does. Values
    stay text (:class:`UntypedText`: a field that wants a number or a time reads one); an empty value is null."""
    line = text.rstrip("\r\n")
    first = _LOGFMT_KEY.search(line, 0, PREFIX_MAX_CHARS + 64)
    if first is None:
        return None
    start = first.start() + (1 if line[first.start()].isspace() else 0)
    if '"' in line[:start]:
        return None
    pairs: list[tuple[str, Any]] = []
    pos = start
    while pos < len(line):
        m = _LOGFMT_PAIR.match(line, pos)
        if m is None:
            return None
        key, raw = m.group(1), m.group(2)
        if raw.startswith('"'):
            try:
                raw = json.loads(raw)
            except json.JSONDecodeError:  # an escape JSON does not know (Go's \x00): the text between the quotes
                raw = raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        pairs.append((key, UntypedText(raw) if raw != "" else None))
        pos = m.end()
    if len(pairs) < LOGFMT_MIN_PAIRS:
        return None
    value = _nest(iter(pairs))
    when = _PREFIX_TIME.search(line, 0, start) if start else None
    if when is not None and "logged_at" not in value:
        value["logged_at"] = when.group().replace(",", ".")
    return value


def _record_of(text: str) -> dict[str, Any] | None:
    """The record a line that is not JSON holds: a JSON object after a shipper's prefix, or a logfmt record."""
    value = _after_prefix(text)
    return value if value is not None else _logfmt(text)


def iter_json_document(path: Path, kind: str) -> Iterator[Element]:
    """Stream the elements of a JSON array document (``kind`` ``"array"``) or the objects of a file of JSON
    values one after another (``"values"``); see the module docstring. Stops after an error."""
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    buf, pos, eof = "", 0, False
    line, counted = 1, 0  # the line number at buf[counted]: newlines are counted once, as the cursor passes

    def line_at(i: int) -> int:
        nonlocal line, counted
        if i >= counted:
            line += buf.count("\n", counted, i)
            counted = i
            return line
        return line - buf.count("\n", i, counted)

    with open_bytes(path) as fh:

        def more() -> bool:
            nonlocal buf, pos, eof, counted
            if eof:
                return False
            data = fh.read(ARRAY_READ_CHARS)
            eof = not data
            try:
                text = utf8.decode(data, final=eof)
            except UnicodeDecodeError:
                raise ValueError(f"not valid UTF-8 at line {line_at(len(buf))}") from None
            line_at(pos)  # drop what was consumed, keeping the count
            buf, pos, counted = buf[pos:] + text, 0, 0
            if line == 1 and buf.startswith("\ufeff"):
                buf = buf[1:]
            return True

        def skip_ws() -> str:
            nonlocal pos
            while True:
                while pos < len(buf) and buf[pos] in _WS:
                    pos += 1
                if pos < len(buf) or not more():
                    return buf[pos] if pos < len(buf) else ""

        array = kind == "array"
        try:
            if array:
                if skip_ws() != "[":
                    yield Element(line_at(pos), "", error="expected a JSON array ('[')", fatal=True)
                    return
                pos += 1
            first = True
            while True:
                c = skip_ws()
                if not array and c == "":
                    return
                if c == "]" and array:
                    return
                if array and not first:
                    if c == "":
                        yield Element(line_at(pos), "", error="truncated JSON array (no closing ']')", fatal=True)
                        return
                    if c != ",":
                        yield Element(line_at(pos), "", error=f"invalid JSON array: expected ',' or ']', got {c!r}",
                                      fatal=True)
                        return
                    pos += 1
                    c = skip_ws()
                if c == "":
                    yield Element(line_at(pos), "", error="truncated JSON array (no closing ']')", fatal=True)
                    return
                first = False
                start = line_at(pos)
                while True:
                    try:
                        value, end = decoder.raw_decode(buf, pos)
                        # A number or literal cut by the buffer's end decodes short: read on and decode again.
                        if end == len(buf) and more():
                            continue
                        break
                    except json.JSONDecodeError as exc:
                        too_long = len(buf) - pos > MAX_ELEMENT_CHARS
                        if too_long or not more():
                            reason = (f"element over {MAX_ELEMENT_CHARS} characters" if too_long
                                      else f"invalid JSON: {exc.msg} at line {line_at(exc.pos)}")
                            yield Element(start, buf[pos:pos + 4096], error=reason, fatal=True)
                            return
                yield Element(start, buf[pos:end], value)
                pos = end
        except ValueError as exc:  # undecodable bytes
            yield Element(line_at(pos), "", error=str(exc), fatal=True)


def is_csv(path: Path) -> bool:
    return log_name(path).endswith(CSV_SUFFIXES)


def iter_csv(path: Path) -> Iterator[Element]:
    """The records of a CSV/TSV file with a header row as objects (see the module docstring), each with the
    line it starts on; a record with more or fewer fields than the header is an error element (its own row)."""
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    delimiter = "\t" if uncompressed_name(path).endswith(".tsv") else ","
    if delimiter == "\t" and _clickhouse_types(path):
        from antidistill.ingest.clickhouse import iter_clickhouse_tsv

        yield from iter_clickhouse_tsv(path)
        return
    with open_bytes(path) as raw_fh:
        fh = io.TextIOWrapper(raw_fh, encoding="utf-8-sig", newline="")
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader, None)
            if header is None:
                return
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(record):
                    continue  # a blank line
                text = delimiter.join(record)
                if len(record) != len(header):
                    yield Element(line, text, error=f"expected {len(header)} fields as in the header, "
                                                         f"got {len(record)}")
                    continue
                obj = _nest((name, UntypedText(cell) if cell not in ("", "\\N") else None)
                            for name, cell in zip(header, record, strict=True))
                yield Element(line, text, obj)
        except UnicodeDecodeError as exc:
            yield Element(reader.line_num + 1, "", error=f"not valid UTF-8 ({exc.reason})", fatal=True)
        except csv.Error as exc:
            yield Element(reader.line_num, "", error=f"unreadable CSV: {exc}", fatal=True)


def _clickhouse_types(path: Path) -> bool:
    """Whether a TSV file's second line is ClickHouse's types row (``TSVWithNamesAndTypes``)."""
    from antidistill.ingest.clickhouse import is_types_row

    try:
        with open_bytes(path) as fh:
            fh.readline()
            second = fh.readline(1 << 16).decode("utf-8", "replace").rstrip("\r\n")
    except READ_ERRORS:
        return False
    return is_types_row(second.split("\t"))


def _nest(pairs: Iterator[tuple[str, Any]]) -> dict[str, Any]:
    """Columns as an object; a dotted name (``metadata.user_api_key_hash``, a flattened export) nests."""
    obj: dict[str, Any] = {}
    for name, value in pairs:
        parent, _, leaf = name.rpartition(".")
        if parent and leaf:
            node: Any = obj
            for part in parent.split("."):
                node = node.setdefault(part, {}) if isinstance(node, dict) else None
            if isinstance(node, dict):
                node[leaf] = value
                continue
        obj[name] = value
    return obj


def exported_value(value: Any, top: bool) -> Any:
    """A Parquet value as the JSON value a log line would hold: times as ISO text, decimals as floats, nested
    values recursively; a top-level string column is :class:`UntypedText` (a warehouse exports JSON columns
    as strings)."""
    if isinstance(value, str):
        return UntypedText(value) if top else value
    if isinstance(value, dict):
        return {k: exported_value(v, False) for k, v in value.items()}
    if isinstance(value, list):
        return [exported_value(v, False) for v in value]
    if isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
        return UntypedText(text) if top else text
    if hasattr(value, "isoformat"):  # datetime, date, time
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def _row_object(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    """One exported table row (column name, value) as the object a log line would hold (:func:`exported_value`,
    dotted names nested)."""
    return _nest((str(n), exported_value(v, True)) for n, v in pairs)


def _row_text(obj: Mapping[str, Any]) -> str:
    """An exported row's text: what its content-hash id is derived from and the quarantine shows."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str)


def _batch_objects(batch: pa.RecordBatch) -> Iterator[dict[str, Any]]:
    names = batch.schema.names
    for values in zip(*(col.to_pylist() for col in batch.columns), strict=True):
        yield _row_object(zip(names, values, strict=True))


def batch_elements(batch: pa.RecordBatch, first_row: int) -> Iterator[Element]:
    """The rows of one Parquet record batch as objects (see :func:`exported_value`), each with its 1-based row
    number in the file (``first_row`` for the batch's first) as its line."""
    for i, obj in enumerate(_batch_objects(batch)):
        yield Element(first_row + i, _row_text(obj), obj)


def parquet_objects(path: Path, columns: Sequence[str] | None = None) -> Iterator[dict[str, Any]]:
    """The rows of a Parquet file as the objects :func:`batch_elements` makes, without their text (what a join's
    index or key scan needs, at a fraction of the cost); only ``columns`` when given. Raises on an unreadable
    file (``OSError``, ``pyarrow.ArrowException``)."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROWS_PER_READ, columns=columns):
        yield from _batch_objects(batch)


def iter_parquet_rows(path: Path) -> Iterator[Element]:
    """The rows of a Parquet table export (:func:`batch_elements`); a file that cannot be read is one fatal error
    element."""
    row = 1
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_ROWS_PER_READ):
            yield from batch_elements(batch, row)
            row += batch.num_rows
    except (OSError, pa.ArrowException) as exc:
        yield Element(None if row == 1 else row, "", error=f"unreadable Parquet: {exc}", fatal=True)


def table_kind(path: Path) -> str | None:
    """``"orc"`` or ``"avro"`` for those table exports (by suffix, else by magic bytes: an object store's
    generated names carry none), else None."""
    name = path.name.lower()
    for kind in ("orc", "avro"):
        if name.endswith("." + kind):
            return kind
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError:
        return None
    if head.startswith(_ORC_MAGIC):
        return "orc"
    return "avro" if head == _AVRO_MAGIC else None


def iter_orc_rows(path: Path) -> Iterator[Element]:
    """The rows of an ORC file, stripe by stripe, as :func:`iter_parquet_rows` reads Parquet."""
    import pyarrow.orc as orc

    row = 1
    try:
        f = orc.ORCFile(str(path))
        for i in range(f.nstripes):
            batch = f.read_stripe(i)
            yield from batch_elements(batch, row)
            row += batch.num_rows
    except (OSError, pa.ArrowException) as exc:
        yield Element(None if row == 1 else row, "", error=f"unreadable ORC: {exc}", fatal=True)


def iter_avro_rows(path: Path) -> Iterator[Element]:
    """The records of an Avro object container file (any codec fastavro reads: null, deflate, snappy, zstd...),
    each value as :func:`exported_value` makes it (logical types already decoded: times, decimals, uuids)."""
    import fastavro

    row = 1
    try:
        with path.open("rb") as fh:
            for record in fastavro.reader(fh):
                if isinstance(record, dict):
                    obj = _row_object(record.items())
                    yield Element(row, _row_text(obj), obj)
                else:
                    yield Element(row, json.dumps(record, default=str), error="an Avro record that is no object")
                row += 1
    except (OSError, ValueError, EOFError, StopIteration) as exc:
        yield Element(None if row == 1 else row, "", error=f"unreadable Avro: {exc}", fatal=True)


def elements_of(path: Path) -> Iterator[Element]:
    """The rows of any file a JSON format reads, by container: Parquet, ORC and Avro table exports, CSV/TSV, JSON
    array or pretty-printed documents (or values back to back), else JSON lines (a CRI runtime's partial lines
    joined); container log envelopes among them are opened to the application's records (:func:`container_records`),
    message-bus records (here and in ORC and Avro archives) to their payloads (:func:`bus_messages`), CloudWatch Logs
    subscription records to their log events (:func:`log_events`), and pages of records (an API's list response, a
    search result) to their records (:func:`pages`)."""
    if is_parquet(path):
        return iter_parquet_rows(path)
    table = table_kind(path)
    if table is not None:  # a message bus's archive (Event Hubs Capture, a Pub/Sub subscription) is Avro
        return pages(log_events(bus_messages(iter_orc_rows(path) if table == "orc" else iter_avro_rows(path))))
    if is_csv(path):
        return iter_csv(path)
    if log_name(path).endswith(SQL_SUFFIXES):
        from antidistill.ingest.pgdump import is_pg_dump, iter_pg_dump_rows

        if is_pg_dump(path):
            return iter_pg_dump_rows(path)
    kind = json_document(path)
    return pages(log_events(bus_messages(container_records(extended_json(
        iter_json_document(path, kind) if kind is not None else iter_json_lines(path))))))


#: MongoDB Extended JSON (v2, canonical and relaxed, as ``mongoexport`` writes it): the one-key wrappers of values
#: JSON has no type for, and how each reads as plain JSON.
_EJSON_TEXT = frozenset({"$oid", "$symbol", "$uuid", "$code"})
_EJSON_NUMBER = frozenset({"$numberLong", "$numberInt", "$numberDouble", "$numberDecimal"})
_EJSON_MARK = re.compile(r'"\$(?:oid|date|numberLong|numberInt|numberDouble|numberDecimal|symbol|uuid)"')


def _ejson_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_ejson_value(v) for v in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 1:
        ((key, inner),) = value.items()
        if key in _EJSON_TEXT and isinstance(inner, str):
            return inner
        if key in _EJSON_NUMBER and isinstance(inner, str):
            try:
                number = float(inner)
            except ValueError:
                return inner
            return int(number) if key in ("$numberLong", "$numberInt") and number.is_integer() else number
        if key == "$date":
            if isinstance(inner, dict):
                inner = _ejson_value(inner)  # canonical: {"$date": {"$numberLong": "<ms>"}}
            if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                return dt.datetime.fromtimestamp(inner / 1000, dt.UTC).isoformat().replace("+00:00", "Z")
            return inner
    return {k: _ejson_value(v) for k, v in value.items()}


def extended_json(elements: Iterable[Element]) -> Iterator[Element]:
    """``elements`` with MongoDB Extended JSON read as plain JSON: ``{"$oid": "65f..."}`` is the id's text, a
    ``$date`` an ISO time (canonical mode's milliseconds since the epoch included), ``$numberLong`` and its kin
    numbers. A ``mongoexport`` of a collection is otherwise JSON lines or a JSON array, and without this a user's
    ObjectId is an object no field reads as a caller, and every time a ``{"$date": ...}`` object. Only rows whose
    text holds such a wrapper are walked."""
    for el in elements:
        # a substring test first: every JSON row of every log passes here
        if el.error is None and isinstance(el.value, (dict, list)) and '"$' in el.text and _EJSON_MARK.search(el.text):
            yield replace(el, value=_ejson_value(el.value))
        else:
            yield el


#: Keys under which an API's list response or a search engine's answer holds its records: a paginated export
#: saved page by page (``{"object": "list", "data": [...], "has_more": true}``, ``{"data": [...], "meta":
#: {"page": 2}}``, ``{"items": [...], "next_cursor": ...}``) or an Elasticsearch/OpenSearch search result
#: (``{"hits": {"hits": [{"_id": ..., "_source": {...}}]}}``).
PAGE_KEYS = ("data", "items", "records", "results", "rows", "entries", "logs", "events", "requests", "hits")
#: What else a page holds beside its records (lower case, without ``_`` and ``-``): the list's kind, cursors, counts,
#: links, a search's timing. An object with any other key is a record (a LangSmith run lists its ``events``).
_PAGE_META = frozenset({"object", "type", "hasmore", "firstid", "lastid", "next", "nextcursor", "cursor", "prev",
                        "previous", "prevcursor", "meta", "page", "pagesize", "perpage", "pagenumber", "pages",
                        "total", "totalcount", "totalpages", "count", "limit", "offset", "took", "timedout",
                        "shards", "links", "pagination", "nextpage", "nextpagetoken", "pagetoken", "scrollid",
                        "success", "status", "ok", "errors", "requestid", "url", "maxscore"})


def _page_records(value: Any) -> list[dict[str, Any]] | None:
    """The records of one page, or None when ``value`` is no page: an object with one ``PAGE_KEYS`` key holding
    a non-empty list of objects (under ``hits.hits`` for a search result, each record its ``_source``) and
    nothing else but a page's own keys (:data:`_PAGE_META`). A list of chat turns (objects with a ``role``) is a
    conversation, not a page."""
    if not isinstance(value, dict) or any(re.sub(r"[_-]", "", k.lower()) not in _PAGE_META
                                          for k in value if k not in PAGE_KEYS):
        return None
    lists = [k for k, v in value.items() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
    hits = value.get("hits")
    if not lists and isinstance(hits, dict) and isinstance(hits.get("hits"), list) and hits["hits"] \
            and all(isinstance(x, dict) for x in hits["hits"]):
        return [x["_source"] if isinstance(x.get("_source"), dict) else x for x in hits["hits"]]
    if len(lists) != 1 or lists[0] not in PAGE_KEYS:
        return None
    records = value[lists[0]]
    if any("role" in x and ("content" in x or "parts" in x) for x in records[:5]):
        return None
    return records


def pages(elements: Iterable[Element]) -> Iterator[Element]:
    """``elements`` with each page of records (an API's list response saved as it came, a search result; see
    :data:`PAGE_KEYS`) replaced by its records, each an element of its own (the page's line)."""
    for el in elements:
        records = _page_records(el.value) if el.error is None else None
        if records is None:
            yield el
            continue
        for record in records:
            yield Element(el.line, json.dumps(record, default=str, ensure_ascii=False), record)


def bus_messages(elements: Iterable[Element]) -> Iterator[Element]:
    """``elements`` with each message-bus record (Pub/Sub, Event Hubs Capture, Kinesis:
    :func:`antidistill.ingest.messages.payloads`) replaced by what its payloads hold: one element per JSON value
    (a payload of JSON lines gives one per line), the record's line, the bus's time as ``logged_at`` where the value
    has none. A payload that does not decode or holds no JSON is an error element naming the field."""
    for el in elements:
        found = payloads(el.value) if el.error is None and isinstance(el.value, dict) else None
        if found is None:
            yield el
            continue
        for p in found:
            try:
                text = decode(p)
            except ValueError as exc:
                yield Element(el.line, el.text[:4096], error=str(exc))
                continue
            for value, error in _json_values(text, p.where):
                if error is not None:
                    yield Element(el.line, text[:4096], error=error)
                    continue
                if isinstance(value, dict) and p.time is not None:
                    # a batch of records (Azure's ``{"records": [...]}``) stays a page: its records take the time
                    for record in _page_records(value) or [value]:
                        record.setdefault("logged_at", p.time)
                yield Element(el.line, json.dumps(value, default=str, ensure_ascii=False), value)


def _json_values(text: str, where: str) -> Iterator[tuple[Any, str | None]]:
    """``(value, None)`` for the JSON value ``text`` is, else for each JSON line in it; ``(None, reason)`` for a
    line that is no JSON."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        pass
    else:
        yield whole, None
        return
    for part in text.splitlines():
        if part.strip():
            try:
                yield json.loads(part), None
            except json.JSONDecodeError as exc:
                yield None, f"{where}: a message whose payload is no JSON ({exc.msg} at column {exc.colno})"


#: The record types a CloudWatch Logs subscription delivers (to Kinesis, Data Firehose or Lambda).
CLOUDWATCH_MESSAGE_TYPES = ("DATA_MESSAGE", "CONTROL_MESSAGE")


def log_events(elements: Iterable[Element]) -> Iterator[Element]:
    """``elements`` with each CloudWatch Logs subscription record (``{"messageType": "DATA_MESSAGE", "logGroup":
    ..., "logEvents": [{"id", "timestamp", "message"}]}``) replaced by its log events: each event's ``message`` is
    the line the application logged, a row when it is JSON. A line that is not JSON (a plain-text startup line, a
    traceback, a line the log driver cut at CloudWatch's event size) and a control record (the subscription
    checking its destination, no logged line) are error elements, quarantined with the event that held them."""
    for el in elements:
        record = el.value
        if (el.error is not None or not isinstance(record, dict) or not isinstance(record.get("logEvents"), list)
                or record.get("messageType") not in CLOUDWATCH_MESSAGE_TYPES):
            yield el
            continue
        if record["messageType"] != "DATA_MESSAGE":
            yield Element(el.line, el.text, error=f"CloudWatch Logs {record['messageType']} record: no logged line")
            continue
        for i, event in enumerate(record["logEvents"]):
            message = event.get("message") if isinstance(event, dict) else None
            where = f"CloudWatch log event {i}" + (f" (id {event['id']})" if isinstance(event, dict)
                                                   and event.get("id") else "")
            if not isinstance(message, str):
                yield Element(el.line, json.dumps(event, default=str), error=f"{where}: no message")
                continue
            try:
                yield Element(el.line, message, json.loads(message))
            except json.JSONDecodeError as exc:
                yield Element(el.line, message,
                              error=f"{where}: the logged line is not JSON ({exc.msg} at column {exc.colno})")


def first_object(path: Path) -> Mapping[str, Any] | None:
    """The first row of ``path`` that decodes as an object, among its first few (:data:`SNIFF_LINES`), else None:
    what the readers' ``sniff`` looks at, whatever the container."""
    try:
        for i, element in enumerate(elements_of(path)):
            if isinstance(element.value, dict) and element.error is None:
                return element.value
            if element.fatal or i + 1 >= SNIFF_LINES:
                return None
    except READ_ERRORS:  # a compressed file cut off before its first whole row
        return None
    return None


class _Merged:
    """What :meth:`JsonLinesReader.rows_of` yields for an input row read into another row (a trace's span above a
    model call, the call's context): counted in ``Chunk.rows_merged``."""

    __slots__ = ()


MERGED = _Merged()


class JsonLinesReader(Reader):
    """Base of JSON-lines formats: subclasses implement :meth:`convert` for one decoded object."""

    suffixes: tuple[str, ...] = TEXT_SUFFIXES + PARQUET_SUFFIXES + TABLE_SUFFIXES

    @abstractmethod
    def convert(self, obj: Mapping[str, Any], raw: bytes) -> dict[str, Any]:
        """One decoded JSON object -> a row dict in ``EXCHANGE_SCHEMA`` (``source_format`` included).

        ``raw`` is the line's bytes, for deriving a content-hash id when the log has none.
        Raise :class:`~antidistill.ingest.fields.RowError` to quarantine the row.
        """

    def read(self, path: Path) -> Iterator[Chunk]:
        yield from self._read_elements(path, elements_of(path))

    def _read_elements(self, path: Path, elements: Iterator[Element]) -> Iterator[Chunk]:
        """Rows from the elements of one file, in batches; an element with an error is quarantined (a fatal one
        ends the file: the rest cannot be resynchronised); a file cut short (gzip) keeps what came before."""
        rows: list[dict[str, Any]] = []
        bad: list[QuarantinedRow] = []
        read = merged = 0
        file = str(path)
        try:
            for element in elements:
                merged += element.parts - 1
                if element.error is not None:
                    read += 1
                    where = f"file unreadable from here ({read - 1} rows before it): " if element.fatal else ""
                    bad.append(QuarantinedRow(file, element.line, where + element.error, None,
                                              truncate_raw(element.source)))
                    if element.fatal:
                        break
                    continue
                if not isinstance(element.value, dict):
                    results: Iterable[dict[str, Any] | RowError | _Merged] = [
                        RowError(None, f"expected a JSON object, got {type(element.value).__name__}")]
                else:
                    results = self.rows_of(element.value, element.source)  # the id of last resort hashes it
                for result in results:
                    if isinstance(result, _Merged):
                        merged += 1  # a row read into another: counted with the rows merged, not as read
                        continue
                    read += 1
                    if isinstance(result, RowError):
                        bad.append(QuarantinedRow(file, element.line, result.reason, result.field,
                                                  truncate_raw(element.source)))
                    else:
                        rows.append(result)
                if len(rows) >= self.batch_size:
                    yield self._chunk(rows, bad, read, file, merged)
                    rows, bad, read, merged = [], [], 0, 0
        except READ_ERRORS as exc:
            # A compressed stream cut short: everything before it was read; say where it stopped.
            bad.append(QuarantinedRow(file, None, f"file unreadable after {read} rows: {exc}", None, ""))
        if rows or bad or read:
            yield self._chunk(rows, bad, read, file, merged)

    def rows_of(self, obj: Mapping[str, Any], raw: bytes) -> Iterable[dict[str, Any] | RowError | _Merged]:
        """The rows one decoded object holds, each a row dict, the :class:`RowError` that quarantines it, or
        ``MERGED`` for a row read into another: one row (:meth:`convert`) for every format but ``otel``, whose
        documents hold many spans."""
        try:
            row = self.convert(obj, raw)
        except RowError as err:
            return [err]
        if row.get("source_format") is None:
            row["source_format"] = self.name
        return [row]

    def _chunk(self, rows: list[dict[str, Any]], bad: list[QuarantinedRow], read: int, file: str,
               merged: int = 0) -> Chunk:
        if not rows:
            return Chunk(None, tuple(bad), read, merged)
        try:
            batch = pa.RecordBatch.from_pylist(rows, schema=EXCHANGE_SCHEMA)
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            # The converters validate every field, so this is a safety net: find the culprit rows
            # one by one rather than lose the batch.
            good = []
            for row in rows:
                try:
                    pa.RecordBatch.from_pylist([row], schema=EXCHANGE_SCHEMA)
                    good.append(row)
                except (pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
                    bad.append(QuarantinedRow(file, None, f"not representable in the Exchange schema: {exc}",
                                              None, truncate_raw(json.dumps(row, default=str))))
            batch = pa.RecordBatch.from_pylist(good, schema=EXCHANGE_SCHEMA) if good else None
        return Chunk(batch, tuple(bad), read, merged)
