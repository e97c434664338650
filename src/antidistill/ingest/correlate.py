"""Calls spread over several records, put back together for the ``generic`` reader.

Some products log one call as several records:

- **rows of one file**: a request line and its response line sharing a request id, or Azure API Management's
  LLM table, which writes a call's token counts, its request messages and its response messages as separate
  rows with one ``CorrelationId`` and ``RequestId``;
- **two tables**: the records with the conversation name no caller, which is in another table keyed by the same
  value: Azure's gateway log (``ApiManagementGatewayLogs``, the subscription, address and status, by
  ``CorrelationId``) or Langfuse's traces (the user, by the observation's ``traceId``).

**Rows of one file** are one call when they share a key (a name of :data:`GROUP_KEYS`) and at most one of them
carries the conversation: the request line and the response line are merged; two generations of one trace,
each with its own conversation, are not. Rows are merged as they come, within a window of ``WINDOW`` open keys
(a call whose rows are further apart than that stays in parts). Merging keeps, for each key, the first value
that is not empty (``None``, ``""``, ``0``, ``[]``, ``{}``), objects merged key by key.

**Two tables** are joined when a file that no reader can read alone (no caller, or only its owner's) shares an
id-like value with another file of the scan: for a key path of the call file and a key path of the other file
whose values are unique there (one record per value), at least half of the call file's sampled values are found
among the other file's. The other file is read whole into an index (its records without long texts) and each
call takes its record's fields, its own winning where both have one. The other file is then context, not
exchanges: it is listed among the skipped files with the join.

**Two exported tables** (Delta tables handed over as folders) are joined the same way, table to table
(:func:`table_join`): a table of calls with conversations (an inference table) and a table without any (a front
door's access log with each call's key, organisation, address and user agent) whose key holds at least half of the
calls' sampled ids, all of its records looked at. The calls then carry the other table's fields, and the other
table is context: its files are skipped with the join, and its calls are not read a second time under another
identity. A third table may then complete the joined record (``Join.then``): a key registry with each key's plan,
sign-up programme, payment method and creation time, on the key id the access log gave the call.
"""

from __future__ import annotations

import functools
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from antidistill.ingest.base import is_parquet
from antidistill.ingest.jsonlines import READ_ERRORS, Element, elements_of, parquet_objects

Path_ = tuple[str, ...]

#: Key names (normalised) that tie the rows of one call in one file.
GROUP_KEYS = ("correlationid", "exchangeid", "requestid", "callid", "logid", "eventid", "generationid", "spanid",
              "id")
#: Keys a file may hold open while their rows come in; the oldest is closed beyond it.
WINDOW = 10_000
#: Records of a candidate context file sampled to find a join.
CONTEXT_SAMPLE = 500
#: Share of the call file's sampled key values the context file's sample must hold.
MIN_OVERLAP = 0.5
#: Shortest id-like value a join is made on (short numbers and words coincide by chance).
MIN_ID_LENGTH = 8
#: Longest text kept from a context record (its ids and names, not its bodies).
MAX_CONTEXT_TEXT = 512
#: Longest list of texts kept from a context record, and its longest text (tags: ``"User-Agent: ..."``).
MAX_CONTEXT_TAGS = 64
MAX_CONTEXT_TAG = 256


@dataclass(frozen=True, slots=True)
class Join:
    """How the records of one file make calls: rows sharing ``key`` merged (``group``), and each call's
    ``key`` value looked up in ``context`` under ``context_key``."""

    key: Path_
    group: bool = False
    context: Path | None = None
    context_key: Path_ | None = None
    #: the context records are kept whole, conversations included: the calls file holds none of its own (an
    #: OpenAI Batch output file, whose requests are in the input file); else only their ids and names
    whole: bool = False
    #: the contexts of the calls files next to this one (in path order) that join the same way: a record of the
    #: other table delivered late (or early) lands in the previous or next hour's file; looked up after ``context``
    neighbours: tuple[Path, ...] = ()
    #: when ``context`` is a table's folder (:func:`table_join`), the data files it holds, all read into the index;
    #: or, when ``context`` is the first of them, the files of one log of its shape (a front door's access log
    #: written by several replicas and rotated, ``pipeline._join_front_doors``)
    context_files: tuple[Path, ...] = ()
    #: further tables joined after this one, on keys of the record this join made (a key registry by the key
    #: id the front door's log gave the call)
    then: tuple[Join, ...] = ()
    #: a file whose record names this file (by its name without suffixes, under ``named_key``): that record is
    #: the context of every call of the file (a Batch API's batch object, which names its input and output
    #: files and whose owner is the caller of every request in them)
    named_by: Path | None = None
    named_key: Path_ | None = None
    #: whether the naming record's times are merged too (only for calls without a time of their own)
    named_times: bool = True

    def describe(self) -> str:
        rows = f"rows sharing {'.'.join(self.key)} merged" if self.group else ""
        name = self.context.name if self.context is not None else ""
        if self.context is not None and self.context_files:
            many = len(self.context_files)
            name = (f"table {self.context.name}" if self.context not in self.context_files else  # a table's folder
                    f"{self.context.name}" + (f" and {many - 1} more files of its shape" if many > 1 else ""))
        other = (f"joined to {name} on {'.'.join(self.key)} = {'.'.join(self.context_key or ())}"
                 + (", its requests included" if self.whole else "")
                 + (" (and its neighbours)" if self.neighbours else "") if self.context is not None else "")
        named = (f"with the record of {self.named_by.name} whose {'.'.join(self.named_key or ())} names the file"
                 if self.named_by is not None else "")
        return "; ".join(p for p in (rows, other, *(f"then {j.describe()}" for j in self.then), named) if p)


def empty(value: Any) -> bool:
    return value is None or value == "" or value == 0 or value == [] or value == {}


def _cut_json(value: Any) -> bool:
    """Whether ``value`` is the start of a JSON text that goes on in another row (a chunk of a long message)."""
    if not isinstance(value, str) or value.lstrip()[:1] not in ("{", "["):
        return False
    try:
        json.loads(value)
    except json.JSONDecodeError:
        return True
    return False


def delivered(e: Element) -> bytes:
    """What a row repeats when it is delivered again (storage archives and log shippers deliver at least once):
    its bytes, surrounding whitespace aside. Rows alike in these are one row."""
    return e.source.strip()


def merge(objs: Sequence[Mapping[str, Any]], *, chunks: bool = False) -> dict[str, Any]:
    """One object from ``objs``: per key the first value that is not empty (objects merged key by key). With
    ``chunks`` (rows numbered by a sequence key), a JSON text cut into chunks over the rows (Azure splits
    messages over 32 KB) is put back together in row order."""
    out: dict[str, Any] = {}
    for obj in objs:
        for key, value in obj.items():
            have = out.get(key)
            if isinstance(have, Mapping) and isinstance(value, Mapping):
                out[key] = merge([have, value], chunks=chunks)
            elif key not in out or (empty(have) and not empty(value)):
                out[key] = value
            elif chunks and isinstance(have, str) and isinstance(value, str) and _cut_json(have):
                out[key] = have + value
    return out


#: Names (normalised) of a row's place among the rows of its call, by which they are put in order.
SEQUENCE_KEYS = ("sequencenumber", "sequence", "seq", "chunkindex", "chunk", "part")


def _sequence(e: Element) -> float | None:
    """A row's place among the rows of its call (a ``SEQUENCE_KEYS`` number at the top level, else in an object
    one level down: Azure's Log Analytics rows have ``SequenceNumber`` at the top, the diagnostic records it archives
    to a storage account have it under ``properties``), or None."""
    from antidistill.ingest.generic import norm

    def number(obj: Mapping[str, Any]) -> float | None:
        for key, value in obj.items():
            if norm(str(key)) in SEQUENCE_KEYS and isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
        return None

    found = number(e.value)
    if found is None:
        found = next((n for v in e.value.values() if isinstance(v, Mapping) and (n := number(v)) is not None), None)
    return found


def _merged(elements: list[Element]) -> Element:
    """The rows of one call as one element: in the order their sequence numbers give, when every row has one
    (and then a JSON text cut over them is joined), else as they came. A row delivered twice, byte for byte, is
    merged once (a chunk of a cut message taken twice would corrupt the text) and still counted as a part."""
    if len(elements) == 1:
        return elements[0]
    parts = sum(e.parts for e in elements)
    first: dict[bytes, Element] = {}
    for e in elements:
        first.setdefault(delivered(e), e)
    elements = list(first.values())
    places = [_sequence(e) for e in elements]
    numbered = all(p is not None for p in places)
    if numbered:
        elements = [e for _, e in sorted(zip(places, elements, strict=True), key=lambda pe: pe[0] or 0.0)]
    return Element(elements[0].line, "\n".join(e.text for e in elements),
                   merge([e.value for e in elements], chunks=numbered), raw=b"".join(e.source for e in elements),
                   parts=parts)


def grouped(elements: Iterable[Element], key: Path_, conversation: Any) -> Iterator[Element]:
    """``elements`` with the rows of one call (same ``key`` value, at most one with ``conversation(obj)``)
    merged into one element, within ``WINDOW`` open keys; unreadable rows and rows without the key as they are."""
    from antidistill.ingest.generic import get

    pending: OrderedDict[str, tuple[list[Element], bool]] = OrderedDict()
    for element in elements:
        value = None if element.error is not None or not isinstance(element.value, Mapping) else get(
            element.value, key)
        if value is None or value == "" or isinstance(value, Mapping | list):
            yield element
            continue
        k = str(value)
        talks = bool(conversation(element.value))
        open_ = pending.get(k)
        if (open_ is not None and talks and open_[1]  # a second conversation under the key: another call,
                and all(delivered(e) != delivered(element) for e in open_[0])):  # not one row delivered twice
            yield _merged(pending.pop(k)[0])
            open_ = None
        if open_ is None:
            pending[k] = ([element], talks)
        else:
            open_[0].append(element)
            pending[k] = (open_[0], open_[1] or talks)
        if len(pending) > WINDOW:
            yield _merged(pending.popitem(last=False)[1][0])
    for rows, _ in pending.values():
        yield _merged(rows)


def context_fields(obj: Mapping[str, Any]) -> dict[str, Any]:
    """``obj`` without long texts (a context record's ids and names, not its bodies) and lists, but for a short list
    of short texts (``MAX_CONTEXT_TAGS``): a trace's tags, where Langfuse keeps the client's user agent."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, Mapping):
            out[key] = context_fields(value)
        elif isinstance(value, list):
            if len(value) <= MAX_CONTEXT_TAGS and all(isinstance(v, str) and len(v) <= MAX_CONTEXT_TAG
                                                      for v in value):
                out[key] = value
        elif not (isinstance(value, str) and len(value) > MAX_CONTEXT_TEXT):
            out[key] = value
    return out


#: The context files' indexes built last, by file (its size and time), key and wholeness: hourly calls files joined
#: to their hour's parents and its neighbours' read each parents' file three times over without it.
_FILE_INDEX: OrderedDict[tuple[str, int, int, Path_, bool], dict[str, dict[str, Any]]] = OrderedDict()
#: File indexes kept at once.
FILE_INDEXES_KEPT = 4


def context_index(path: Path, key: Path_, *, whole: bool = False) -> dict[str, dict[str, Any]]:
    """The records of a context file by their ``key`` value (the first record of a value kept), without long
    texts and lists (``context_fields``) unless ``whole``. Shared with later callers (``FILE_INDEXES_KEPT``):
    never changed in place."""
    try:
        st = path.stat()
    except OSError:
        return _context_index(path, key, whole=whole)
    cache_key = (str(path), st.st_size, st.st_mtime_ns, key, whole)
    if cache_key not in _FILE_INDEX:
        while len(_FILE_INDEX) >= FILE_INDEXES_KEPT:
            _FILE_INDEX.popitem(last=False)
        _FILE_INDEX[cache_key] = _context_index(path, key, whole=whole)
    _FILE_INDEX.move_to_end(cache_key)
    return _FILE_INDEX[cache_key]


def _context_index(path: Path, key: Path_, *, whole: bool = False) -> dict[str, dict[str, Any]]:
    from antidistill.ingest.generic import get

    index: dict[str, dict[str, Any]] = {}
    objects: Iterable[Any] = (parquet_objects(path) if is_parquet(path) else
                              (e.value for e in elements_of(path) if e.error is None))
    try:
        for obj in objects:
            if isinstance(obj, Mapping):
                value = get(obj, key)
                if value is not None and value != "":
                    index.setdefault(str(value), dict(obj) if whole else context_fields(obj))
    except READ_ERRORS:
        pass  # a context file cut short: what came before it
    return index


#: The table indexes built last (a table's folder joined to each of its calls table's files is read once).
_TABLE_INDEX: OrderedDict[tuple[tuple[Path, ...], Path_], dict[str, dict[str, Any]]] = OrderedDict()
#: Table indexes kept at once (a calls table joined to a log, then to a key registry, is two).
TABLE_INDEXES_KEPT = 4


def join_index(join: Join) -> dict[str, dict[str, Any]]:
    """The context records of ``join`` by key: its context file's, then its neighbours' for keys not found there;
    for a table, those of every file it holds (built once for all the calls files joined to it)."""
    assert join.context is not None and join.context_key is not None
    if join.context_files:
        cache_key = (join.context_files, join.context_key)
        if cache_key not in _TABLE_INDEX:
            while len(_TABLE_INDEX) >= TABLE_INDEXES_KEPT:
                _TABLE_INDEX.popitem(last=False)
            index: dict[str, dict[str, Any]] = {}
            for f in join.context_files:
                for key, record in _context_index(f, join.context_key).items():  # the table is cached whole
                    index.setdefault(key, record)
            _TABLE_INDEX[cache_key] = index
        _TABLE_INDEX.move_to_end(cache_key)
        return _TABLE_INDEX[cache_key]
    index = dict(context_index(join.context, join.context_key, whole=join.whole))
    for other in join.neighbours:
        for key, record in context_index(other, join.context_key, whole=join.whole).items():
            index.setdefault(key, record)
    return index


def file_id(path: Path) -> str:
    """The name a record gives a file: its name without suffixes (``file-abc123.jsonl``: ``file-abc123``)."""
    return path.name.split(".", 1)[0]


#: Records of the files that name other files, by (file, key path), kept for the files read after them.
_NAMING: OrderedDict[tuple[str, Path_], dict[str, dict[str, Any]]] = OrderedDict()
NAMING_INDEXES_KEPT = 64


def named_record(join: Join, path: Path) -> Mapping[str, Any] | None:
    """The record of ``join.named_by`` whose ``join.named_key`` is ``path``'s :func:`file_id` (None if none)."""
    from antidistill.ingest.generic import get

    if join.named_by is None or join.named_key is None:
        return None
    cache_key = (str(join.named_by), join.named_key)
    if cache_key not in _NAMING:
        while len(_NAMING) >= NAMING_INDEXES_KEPT:
            _NAMING.popitem(last=False)
        index: dict[str, dict[str, Any]] = {}
        for obj in first_values(elements_of(join.named_by), 1 << 30):
            value = get(obj, join.named_key)
            if isinstance(value, str):
                index.setdefault(value, dict(obj))
        _NAMING[cache_key] = index
    _NAMING.move_to_end(cache_key)
    record = _NAMING[cache_key].get(file_id(path))
    return record if record is None or join.named_times else _without_times(record)


def _without_times(obj: Mapping[str, Any]) -> dict[str, Any]:
    """``obj`` without the values that are times under a time's name (at any depth)."""
    from antidistill.ingest.generic import _is_time, _time_like

    out: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, Mapping):
            out[key] = _without_times(value)
        elif not (_time_like(key) and _is_time(value)):
            out[key] = value
    return out


#: Where a call's file's naming record (``Join.named_by``) is put in each of its calls: the record's identities are
#: the file owner's (``generic`` never reads an end user there) and read under this key in the field mappings.
NAMED_FIELD = "named_by"


def with_record(elements: Iterable[Element], record: Mapping[str, Any]) -> Iterator[Element]:
    """Each call with the record naming its file under ``NAMED_FIELD``."""
    for element in elements:
        if element.error is None and isinstance(element.value, Mapping):
            element = Element(element.line, element.text, {**element.value, NAMED_FIELD: record}, raw=element.raw,
                              parts=element.parts)
        yield element


def with_neighbours(joins: Mapping[Path, Join | None]) -> dict[Path, Join | None]:
    """``joins`` with each calls file's neighbours set: of the calls files joined on the same keys, sorted by path
    (an archive's hourly files sort in time order), the contexts of the one before and the one after."""
    out = dict(joins)
    groups: dict[tuple[Path_, Path_ | None, bool], list[Path]] = {}
    for path, join in joins.items():
        if join is not None and join.context is not None and join.context != path:
            groups.setdefault((join.key, join.context_key, join.whole), []).append(path)
    for paths in groups.values():
        paths.sort()
        for i, path in enumerate(paths):
            join = joins[path]
            assert join is not None
            near = [joins[q] for q in paths[max(0, i - 1):i] + paths[i + 1:i + 2]]
            found = tuple(dict.fromkeys(j.context for j in near if j is not None and j.context is not None
                                        and j.context != join.context))
            if found:
                out[path] = replace(join, neighbours=found)
    return out


def with_context(elements: Iterable[Element], key: Path_, index: Mapping[str, Mapping[str, Any]]
                 ) -> Iterator[Element]:
    """Each call merged with its context record (the call's own fields first)."""
    from antidistill.ingest.generic import get

    for element in elements:
        if element.error is None and isinstance(element.value, Mapping):
            value = get(element.value, key)
            extra = index.get(str(value)) if value is not None else None
            if extra is not None:
                element = Element(element.line, element.text, merge([element.value, extra]), raw=element.raw,
                                  parts=element.parts)
        yield element


def _id_values(sample: Sequence[Mapping[str, Any]], min_length: int = MIN_ID_LENGTH) -> dict[Path_, list[str]]:
    """Per key path named as an id (its last key ends in ``id``: ``CorrelationId``, ``traceId``, ``id``), the
    id-like values the sample holds there: text of ``MIN_ID_LENGTH`` characters or more, no spaces, not a
    time (two logs of the same calls share their times, which tie nothing)."""
    from antidistill.ingest.generic import _is_time, norm, walk

    out: dict[Path_, list[str]] = {}
    for obj in sample:
        for p, value in walk(obj):
            # a time has a colon (or is all digits: epoch seconds); parsing every id to be sure cost seconds a table
            if (norm(p[-1]).endswith("id") and isinstance(value, str) and min_length <= len(value) <= 200
                    and not any(c.isspace() for c in value)
                    and not ((":" in value or value.isdigit()) and _is_time(value))):
                out.setdefault(p, []).append(value)
    return out


def first_values(elements: Iterable[Element], n: int) -> list[Mapping[str, Any]]:
    """The first ``n`` readable objects of ``elements`` (of the first ``2 n`` rows), what came before a
    compressed stream cut short included. A record delivered twice, byte for byte, is taken once: storage archives
    and log shippers deliver at least once, and a re-delivered record must not make its id look like one that
    many records share (a file whose ``CorrelationId`` repeats is no table of calls to join on)."""
    out: list[Mapping[str, Any]] = []
    seen: set[bytes] = set()
    try:
        for e in islice(elements, n * 2):
            if e.error is None and isinstance(e.value, Mapping):
                source = delivered(e)
                if source in seen:
                    continue
                seen.add(source)
                out.append(e.value)
    except READ_ERRORS:
        pass  # the reader reports where the file stops
    return out[:n]


class Sample(list[Mapping[str, Any]]):
    """A file's first objects, with the id values :func:`find_context` reads from them computed once: a folder's
    files are each compared with every other, and walking 500 objects again for each pair made the planning of a
    folder of a thousand files take hours."""

    @functools.cached_property
    def ids(self) -> dict[Path_, list[str]]:
        return _id_values(self)


def sample_of(path: Path, n: int) -> Sample:
    """The first ``n`` readable objects of ``path``."""
    return Sample(first_values(elements_of(path), n))


def find_context(sample: Sequence[Mapping[str, Any]], others: Mapping[Path, Sequence[Mapping[str, Any]]],
                 itself: Path | None = None, *, min_length: int = MIN_ID_LENGTH
                 ) -> list[tuple[float, Path_, Path, Path_]]:
    """Joins of a call file's ``sample`` to the samples of ``others``, best first: (share of the call file's
    sampled values found, its key path, the other file, the other file's key path). The other file's key must
    be unique in its sample, the call file's must vary. ``others`` may hold the call file itself (``itself``: a
    trace export whose model-call spans name their root span, which carries the caller): then a key is never
    joined to itself. ``min_length``: the shortest id value read (shorter for files a record names together,
    whose requests may be numbered ``0``, ``1``...: nothing outside the group can coincide with them)."""
    mine = {p: set(v) for p, v in _id_values(sample, min_length).items() if len(set(v)) >= 2}
    found = []
    for path, theirs in others.items():
        cached = isinstance(theirs, Sample) and min_length == MIN_ID_LENGTH
        ids = theirs.ids if cached and isinstance(theirs, Sample) else _id_values(theirs, min_length)
        for q, values in ids.items():
            if len(values) < 2 or len(set(values)) < len(values):
                continue  # not a key of the other file: one record per value
            pool = set(values)
            for p, vals in mine.items():
                if path == itself and p == q:
                    continue  # every record is its own record
                share = len(vals & pool) / len(vals)
                if share >= MIN_OVERLAP:
                    found.append((share, p, path, q))
    return sorted(found, key=lambda f: (-f[0], len(f[1]), str(f[2]), f[3]))


#: Records sampled from a table of calls (its first files) to find the table that completes it.
TABLE_SAMPLE = 300
#: Share of a key's values that may repeat in a context table and still make it the table's key: an export job
#: or a log shipper delivers a few rows twice.
TABLE_KEY_REPEATS = 0.02


def table_ids(files: Sequence[Path]) -> dict[Path_, list[str]]:
    """Every id-like value of a table's files (:func:`_id_values`), per key path. Of a Parquet file only the
    columns named as ids are read (a table's bodies and maps are most of its bytes)."""
    from antidistill.ingest.generic import norm

    out: dict[Path_, list[str]] = {}
    for f in files:
        if is_parquet(f):
            try:
                names = [n for n in pq.read_schema(f).names if norm(n.rsplit(".", 1)[-1]).endswith("id")]
                rows: list[Mapping[str, Any]] = list(parquet_objects(f, names))
            except (OSError, pa.ArrowException):
                continue  # the reader quarantines what it cannot read
        else:
            rows = first_values(elements_of(f), 1 << 30)
        for p, values in _id_values(rows).items():
            out.setdefault(p, []).extend(values)
    return out


def table_join(calls: Sequence[Mapping[str, Any]], tables: Mapping[Path, Sequence[Path]],
               ids: Mapping[Path, Mapping[Path_, list[str]]]) -> tuple[Path, Path_, Path_] | None:
    """The table (of ``tables``: folder -> its data files; ``ids``: :func:`table_ids` of each) that completes a
    table of calls sampled as ``calls``: a key path of the calls and a key path of the table whose values are
    the table's key (each on one record, but for ``TABLE_KEY_REPEATS`` of them) and hold at least ``MIN_OVERLAP``
    of the calls' sampled values. Unlike a file's join (:func:`find_context`), every record of the other table
    is looked at, so tables written in different orders (a front door's log by day, a payload table clustered
    another way) are still joined. Returns (table folder, calls key, table key), the best overlap first; None."""
    mine = {p: set(v) for p, v in _id_values(calls).items() if len(set(v)) >= 2}
    best: tuple[float, int, str, Path, Path_, Path_] | None = None
    for folder in tables:
        for q, values in ids[folder].items():
            pool = set(values)
            if len(pool) < 2 or len(values) - len(pool) > TABLE_KEY_REPEATS * len(values):
                continue
            for p, vals in mine.items():
                share = len(vals & pool) / len(vals)
                cand = (-share, len(p), str(folder), folder, p, q)
                if share >= MIN_OVERLAP and (best is None or cand[:3] < best[:3]):
                    best = cand
    return None if best is None else (best[3], best[4], best[5])
