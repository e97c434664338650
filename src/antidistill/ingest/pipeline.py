"""Reading many paths into a store: directory expansion, format detection, strict mode, progress.

:func:`ingest_paths` is what the scan calls. :func:`read_paths` is the same stream without a store
(for tools that only need normalised batches).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from tqdm import tqdm

from antidistill.errors import ConfigError, InputError, RefusedFile
from antidistill.ingest import correlate as C
from antidistill.ingest import delta
from antidistill.ingest.base import DEFAULT_BATCH_SIZE, READERS, Reader, is_parquet
from antidistill.ingest.correlate import CONTEXT_SAMPLE, Join, sample_of, with_neighbours
from antidistill.ingest.directory import SNIFF_RECORDS, looks_like_directory, read_directory, to_table
from antidistill.ingest.fields import DEFAULT_TIME_RANGE, TimeRange
from antidistill.ingest.generic import (
    CUSTOMER_FIELDS,
    SAMPLE,
    about_a_call,
    customer_join,
    discover,
    get,
    holds_calls,
    norm,
    own_join,
    parse_field_map,
    plan_join,
    talks,
    walk,
)
from antidistill.ingest.jsonlines import (
    READ_ERRORS,
    elements_of,
    first_object,
    log_name,
    open_bytes,
    table_kind,
    uncompressed_name,
)
from antidistill.ingest.parallel import FileResult, default_workers, parallel_worth, read_files, replay
from antidistill.ingest.prefetch import read_ahead
from antidistill.ingest.quarantine import QuarantineWriter
from antidistill.ingest.report import DirectoryReport, FileReport, IngestReport, SkippedFile
from antidistill.store.base import ExchangeStore

AUTO = "auto"


@dataclass(frozen=True, slots=True)
class Source:
    """One file to read and the reader that will read it."""

    path: Path
    format: str
    #: how the ``generic`` reader puts this file's calls together (rows merged, another file joined)
    join: Join | None = None


def known_suffixes() -> tuple[str, ...]:
    return tuple(sorted({s for _, cls in READERS.items() for s in cls.suffixes}))


#: A text file's format is judged on its first object about a model call among its first ``SNIFF_OBJECTS``
#: (:func:`antidistill.ingest.generic.about_a_call`). Real logs open with records that are no call at all (a
#: load balancer's health check, ``GET /v1/models``, an unauthenticated probe) or with a call whose body the
#: logger cut short: judged on those, a whole log was left unread. A trace's root span, which no reader reads
#: alone, still decides, so such a file is still joined to what completes it.
SNIFF_OBJECTS = 50
#: Why a file is not read as a log when it is an account directory (read after the logs, into the store).
DIRECTORY_REASON = "account directory: organisations, accounts and keys, read into the store beside the calls"


def _deciding(path: Path) -> Mapping[str, Any] | None:
    """What readers sniff: the first object about a call among a text file's first objects, else its first object;
    for Parquet, None when its columns make it an Exchange table (decoding a row of a large file costs seconds),
    else its first row (a table export of a JSON format)."""
    if is_parquet(path):
        return None if READERS.get("canonical").sniff(path, None) else first_object(path)
    objects = sample_of(path, SNIFF_OBJECTS)
    return next((o for o in objects if about_a_call(o)), objects[0] if objects else None)


def detect_format(path: Path) -> str:
    """Name of the registered reader whose ``sniff`` accepts ``path`` (Parquet by magic bytes and
    columns, text formats by their first object about a call). Raises ``InputError`` naming the file when
    none does."""
    first = _deciding(path)
    for name, cls in sorted(READERS.items(), key=lambda item: item[1].fallback):  # the fallbacks last
        if cls.auto_detect and cls.sniff(path, first):
            return name
    if is_parquet(path):
        what = "Parquet without Exchange columns" + (f", first row has columns {sorted(first)[:12]}" if first else "")
    elif first is not None and about_a_call(first):
        what = f"first object about a model call has keys {sorted(first)[:12]}"
    elif first is not None:
        what = f"first object has keys {sorted(first)[:12]}, and none of its first objects is about a model call"
    else:
        what = "no JSON object in its first lines"
    raise InputError(f"matches no known log format ({what}); known: {', '.join(READERS.names())}; "
                     "name one with --format, or, for request logs of another shape, say where the time, the "
                     "account and the prompt are with --map FIELD=PATH (e.g. --map account_id=auth.principal)",
                     file=str(path))


def _matches(path: Path, format: str, options: Mapping[str, Any]) -> str:
    """``format`` if a file found in a directory looks like it, else ``InputError`` saying why not."""
    if format == AUTO:
        format = detect_format(path)
    elif not READERS.get(format).accepts(path, _deciding(path), options):
        raise InputError(f"does not look like the {format!r} format", file=str(path))
    why = READERS.get(format).refusal(path, options)
    if why is not None:
        raise InputError(why, file=str(path))
    return format


def resolve_sources(paths: Iterable[Path | str], format: str = AUTO, *, exclude: Iterable[Path] = (),
                    options: Mapping[str, Any] | None = None) -> tuple[list[Source], list[SkippedFile]]:
    """Expand directories (recursively, sorted) and pick a reader per file (``options``: what a named format's
    reader is created with, which may decide what it accepts).

    A file named explicitly is always read, and one that matches no format is an ``InputError``.
    Inside directories, hidden files, files without a log suffix, a Delta table's log and the data files it no
    longer holds (:mod:`antidistill.ingest.delta`), Parquet files that declare another
    antidistill schema and files that match no format (the traffic lab's ``labels.parquet`` and
    ``scenario.json``, notes) are skipped and listed in the report, never read as bad rows.
    """
    if format != AUTO and format not in READERS:
        raise ConfigError("format", f"unknown log format; known: {AUTO}, {', '.join(READERS.names())}", value=format)
    excluded = {p.resolve() for p in exclude}
    tables: list[delta.DeltaTable] = []
    sources: list[Source] = []
    skipped: list[SkippedFile] = []
    unread: dict[Path, InputError | None] = {}  # files no reader reads alone: the named one's error, else None
    named_generic: list[Path] = []  # named with --format generic, not accepted alone: a join may still read them
    suffixes = known_suffixes()
    for given in map(Path, paths):
        if not given.exists():
            raise InputError("no such file or directory", file=str(given))
        if not given.is_dir():
            if model_files([given]):
                # a models table named beside the logs is loaded by ingest_paths (release times), not read as rows
                skipped.append(SkippedFile(str(given), "antidistill models table, loaded into the models table"))
                continue
            if format == "generic":
                try:  # a file of calls whose caller is in another table named beside it is read through a join
                    sources.append(Source(given, _matches(given, format, options or {})))
                except InputError:
                    unread[given] = None
                    named_generic.append(given)
                continue
            if format != AUTO:
                sources.append(Source(given, format))
                continue
            try:
                sources.append(Source(given, _matches(given, format, {})))
            except InputError as exc:
                if is_directory_file(given):
                    skipped.append(SkippedFile(str(given), DIRECTORY_REASON))
                else:
                    unread[given] = exc
            continue
        here = delta.tables_under(given)
        tables.extend(here)
        for p in sorted(q for q in given.rglob("*") if q.is_file()):
            if p.resolve() in excluded or any(part.startswith(".") for part in p.relative_to(given).parts):
                continue
            table = delta.table_of(p, here) if here else None
            reason = table.skip_reason(p) if table is not None else None
            reason = reason if reason is not None else _skip_reason(p, suffixes)
            if reason is None:
                try:
                    sources.append(Source(p, _matches(p, format, options or {})))
                except InputError as exc:
                    if format == AUTO and is_directory_file(p):
                        reason = DIRECTORY_REASON
                    else:
                        reason = exc.reason
                        unread[p] = None
            if reason is not None:
                skipped.append(SkippedFile(str(p), reason))
    if unread and format in (AUTO, "generic"):
        _join_named(unread, sources, skipped, options or {})
    if unread and format in (AUTO, "generic"):
        _join_unread(unread, sources, skipped, options or {})
        _join_front_doors(unread, sources, skipped, options or {})
        # a file named on the command line that no reader reads and no join reads or takes as context: its error
        done = {s.path for s in sources} | {Path(s.path) for s in skipped if s.reason.startswith("context of")}
        for path, error in unread.items():
            if error is not None and path not in done:
                raise error
    if len(tables) > 1 and format in (AUTO, "generic"):
        _join_tables(tables, sources, skipped)
    if format in (AUTO, "generic"):
        _join_parents(sources, skipped)
    _otel_neighbours(sources)
    # a file named with ``--format generic`` (or a field map) is read as named when no join reads it
    done = {s.path for s in sources} | {Path(s.path) for s in skipped}
    sources.extend(Source(path, "generic") for path in named_generic if path not in done)
    return sources, skipped


#: Records read from each file to tell whether it names other files (a manifest: a batch object per file, or a
#: JSON-lines file of them, read whole once it does).
NAMING_PROBE = 5
#: Records of a group's other files sampled to find the join of its calls file: all of a batch's requests (the
#: Batch API's limit per batch), since its answers come back in the order they finished, not the order asked.
NAMED_CONTEXT_SAMPLE = 50_000


def _join_named(unread: dict[Path, InputError | None], sources: list[Source], skipped: list[SkippedFile],
                options: Mapping[str, Any]) -> None:
    """Read the files that a record of another file names, with that record as the context of each of their calls.

    A Batch API archive keeps each batch's requests and answers in files of their own (an input file of requests by
    ``custom_id``; an output file of answers, each with its time but no request; an error file) and names them by
    id in the batch's own record, which alone says whose batch it is (its organisation, project, key, user). The
    files' records name neither the batch nor each other's file, so no join on the records' keys finds the caller;
    and an archive of thousands of batches made every calls file be tried against every other file. Here each
    record naming two or more files of the scan by their name without suffixes (``correlate.file_id``, under an id
    key: ``input_file_id``, ``output_file_id``) makes a group: each calls file of the group (``holds_calls``) is
    joined to the other files of its group only (``plan_join``), with the naming record merged into every call
    (``Join.named_by``). The naming file is then context (no calls of its own: a batch object is not a call), and
    so are the group's files its calls file was joined to; the group's other files (the error file: requests that
    never ran, with no time) are listed as skipped with the reason."""
    candidates = [p for p in unread if not is_parquet(p)] + [
        s.path for s in sources if s.format == "generic" and s.join is None and not is_parquet(s.path)]
    by_id: dict[str, list[Path]] = {}
    for p in candidates:
        by_id.setdefault(C.file_id(p), []).append(p)
    ids = {k: v[0] for k, v in by_id.items() if len(v) == 1 and len(k) >= C.MIN_ID_LENGTH}
    if len(ids) < 2:
        return
    groups: list[tuple[Path, dict[Path, tuple[str, ...]]]] = []  # (naming file, {named file: key path naming it})
    for p in candidates:
        if not _names_files(sample_of(p, NAMING_PROBE), ids, p):
            continue
        for obj in C.first_values(elements_of(p), 1 << 30):
            named = {ids[v]: k for k, values in C._id_values([obj]).items() for v in values
                     if v in ids and ids[v] != p}
            if len(named) >= 2:
                groups.append((p, named))
    if not groups:
        return
    joins: dict[Path, Join] = {}
    context: dict[Path, str] = {}
    aside: dict[Path, str] = {}
    naming: dict[Path, int] = {}
    # An archive's groups come in a few shapes (a batch's input and output files look alike from batch to batch):
    # whether a file holds calls, and how a calls file joins its siblings, is worked out once per shape and then
    # only checked (its key values found in the context's) for each further group of that shape.
    holds: set[tuple[Any, ...]] = set()
    plans: dict[tuple[Any, ...], tuple[Join, tuple[Any, ...] | None]] = {}
    for p, named in groups:
        shapes = {f: (named[f], _shape(f)) for f in named}
        calls = []
        for f in named:
            # only a shape found to hold calls is taken on trust: a file of a shape that held none (an output file
            # of failed lines only) says nothing of the next file of that shape
            if f in unread and (shapes[f] in holds or holds_calls(f, options)):
                holds.add(shapes[f])
                calls.append(f)
        done = False
        for f in calls:
            siblings = [q for q in named if q != f and q in unread]
            memo = (shapes[f], tuple(sorted(shapes[q] for q in siblings)))
            join = _reuse_plan(f, siblings, shapes, plans.get(memo), (p, named[f]))
            if join is None:
                pool = {q: sample_of(q, NAMED_CONTEXT_SAMPLE) for q in siblings}
                join = plan_join(f, pool, options, named=(p, named[f]))
                if join is not None:
                    ctx = shapes[join.context] if join.context is not None and join.context in shapes else None
                    if ctx is None or sum(1 for q in siblings if shapes[q] == ctx) == 1:
                        plans[memo] = (join, ctx)
            if join is None:
                continue
            joins[f], done = join, True
            if join.context is not None and join.context != f:
                context[join.context] = f"context of {f.name}: {join.describe()}"
        if done:
            naming[p] = naming.get(p, 0) + 1
            for q in named:
                if q not in joins and q not in context:
                    aside[q] = (f"named beside {', '.join(sorted(f.name for f in named if f in joins))} by a "
                                f"record of {p.name} ({'.'.join(named[q])}), but holds no calls a join reads")
    for p, n in naming.items():
        context.setdefault(p, f"names the files of {n} group(s) of calls, read as their context")
    reasons = {f: why for f, why in (*context.items(), *aside.items()) if f not in joins}
    handled = {str(f) for f in (*joins, *reasons)}
    for name in handled:
        unread.pop(Path(name), None)
    sources[:] = [x for x in sources if str(x.path) not in handled]
    skipped[:] = [x for x in skipped if str(Path(x.path)) not in handled]
    sources.extend(Source(f, "generic", join) for f, join in joins.items())
    skipped.extend(SkippedFile(str(f), why) for f, why in reasons.items())


def _shape(path: Path) -> tuple[Any, ...]:
    """A file's shape: the key paths of its first record down to three keys deep (an answer's ``response.body.choices``
    and an embedding's ``response.body.data`` apart), and its suffixes."""
    return (tuple(path.suffixes), _key_paths(path))


def _key_paths(path: Path) -> tuple[tuple[str, ...], ...]:
    """The key paths of a file's first readable record, down to three keys deep: the files of one log, written by
    several replicas and rotated (``0.log``, ``0.log.20260609-020811``), share them whatever their suffixes."""
    return tuple(sorted({p for o in sample_of(path, 1) for p, _ in walk(o) if len(p) <= 3}))


def _reuse_plan(path: Path, siblings: list[Path], shapes: Mapping[Path, tuple[Any, ...]],
                plan: tuple[Join, tuple[Any, ...] | None] | None, named: tuple[Path, tuple[str, ...]]
                ) -> Join | None:
    """The join a calls file of an earlier group of the same shapes got, for ``path``: with this group's context
    file (the sibling of the context's shape) and naming record, when at least ``correlate.MIN_OVERLAP`` of the
    file's first key values are keys of that context; else None (planned afresh)."""
    if plan is None:
        return None
    join, ctx_shape = plan
    ctx = None
    if ctx_shape is not None:
        matching = [q for q in siblings if shapes[q] == ctx_shape]
        if len(matching) != 1:
            return None
        ctx = matching[0]
        mine = {str(v) for o in sample_of(path, SAMPLE) if (v := get(o, join.key)) is not None}
        assert join.context_key is not None
        theirs = {str(v) for o in sample_of(ctx, NAMED_CONTEXT_SAMPLE) if (v := get(o, join.context_key)) is not None}
        if not mine or len(mine & theirs) < C.MIN_OVERLAP * len(mine):
            return None
    return replace(join, context=ctx, named_by=named[0], named_key=named[1])


def _names_files(sample: Iterable[Mapping[str, Any]], ids: Mapping[str, Path], path: Path) -> bool:
    """Whether a record of ``sample`` names two or more other files of the scan (``ids``: file id -> file)."""
    for obj in sample:
        values = {v for vals in C._id_values([obj]).values() for v in vals}
        if sum(1 for v in values if v in ids and ids[v] != path) >= 2:
            return True
    return False


def _join_unread(unread: Mapping[Path, InputError | None], sources: list[Source], skipped: list[SkippedFile],
                 options: Mapping[str, Any]) -> None:
    """Read the files no reader reads alone whose calls another file of the scan completes (``correlate``):
    each becomes a ``generic`` source with its join, and the file that completes it is context, not a log (it
    leaves ``sources`` and is listed in ``skipped`` with the join). A named file that stays unread, after the front
    door's join too (:func:`_join_front_doors`), raises its error (``resolve_sources``)."""
    calls = [path for path in unread if holds_calls(path, options)]
    # What may complete a call file: another file no reader reads alone, or one read by field names (Langfuse's
    # traces read alone); never the files of a named format (canonical shards, LiteLLM days), nor ones skipped
    # for another reason (not a log suffix, another antidistill table). Sampled once for every call file.
    pool = [s.path for s in sources if s.format == "generic"] + list(unread)
    samples = {p: sample_of(p, CONTEXT_SAMPLE) for p in dict.fromkeys(pool)
               if log_name(p).endswith(known_suffixes())} if calls else {}
    joins = with_neighbours({path: plan_join(path, {q: s for q, s in samples.items() if q != path}, options)
                             for path in calls})
    # What each joined file does to the lists, in order, kept by path (the last change to a path wins, and a path
    # changed again moves to the end): the lists are rebuilt once, not once per joined file.
    added: dict[Path, Source | None] = {}  # None: the path leaves ``sources``
    listed: dict[Path, SkippedFile | None] = {}  # None: the path leaves ``skipped``

    def change(book: dict[Path, Any], path: Path, value: Any) -> None:
        book.pop(path, None)
        book[path] = value

    for path in unread:
        join = joins.get(path)
        if join is None:
            continue
        change(listed, path, None)
        change(added, path, Source(path, "generic", join))
        if join.context is not None and join.context != path:  # a file joined to its own records stays a log
            change(added, join.context, None)
            change(listed, join.context, SkippedFile(str(join.context), f"context of {path.name}: {join.describe()}"))
    if added or listed:
        sources[:] = [s for s in sources if s.path not in added] + [s for s in added.values() if s is not None]
        skipped[:] = ([s for s in skipped if Path(s.path) not in listed]
                      + [s for s in listed.values() if s is not None])


#: The key paths of a file's first record (:func:`_key_paths`).
Shape = tuple[tuple[str, ...], ...]


def _varies(sample: Sequence[Mapping[str, Any]], path: tuple[str, ...]) -> bool:
    return len({str(v) for o in sample if (v := get(o, path)) not in (None, "")}) >= 2


def _front_doors(candidates: Mapping[Shape, list[Path]]) -> dict[Shape, list[Path]]:
    """Of files no reader reads, grouped by shape (:func:`_key_paths`), those that look like a front door's
    access log, judged on the first ``SAMPLE`` records of a group's first file: none with a conversation or an
    answer, a customer's identity (``generic.CUSTOMER_FIELDS``) that takes several values (one value in every record
    is the log's owner, a project or a tenant, not its callers), and an id-like key that names one record each."""
    groups: dict[Shape, list[Path]] = {}
    for shape, paths in candidates.items():
        sample = sample_of(paths[0], SAMPLE)
        found = discover(list(sample)).paths
        if not shape or {"body", "turns", "response"} & set(found):
            continue
        if not any(_varies(sample, found[f]) for f in CUSTOMER_FIELDS if f in found):
            continue
        if any(len(v) >= 2 and len(set(v)) == len(v) for v in sample.ids.values()):
            groups[shape] = paths
    return groups


def _join_front_doors(unread: Mapping[Path, InputError | None], sources: list[Source], skipped: list[SkippedFile],
                      options: Mapping[str, Any]) -> None:
    """Join a service's calls to its front door's access log, across files. A service behind an ingress, a load
    balancer or an API gateway that checks the key (an auth sidecar) often logs no caller of its own: its record
    has the conversation and the request id the front door passed on (``X-Request-ID``), and names at most the end
    user the customer put in the body (``user``). The front door's access line has the same id with the key, the
    organisation, the client's address and user agent. Both logs are written by several replicas and rotated on
    size, so a file of calls does not match one file of the front door: its calls are spread over every front door
    replica's files, whose first records may be days earlier (the join of one file to another,
    :func:`_join_unread`, compares first records, and finds no join or one that covers a part).

    So the front door's files of one shape (:func:`_front_doors`, at least two) are one table, every id of it read
    (``correlate.table_join``). A calls file is joined to it when at least ``correlate.MIN_OVERLAP`` of its sampled
    ids are the table's keys and the joined calls read with a customer as their caller
    (``generic.customer_join``): a file no reader reads alone, one read with an end user or an address as its
    caller, or one joined to a file of the table whose join (that file and its neighbours) misses some of the
    sampled records the table holds (an hourly archive's file and its neighbours find them all, and keep their
    join, which holds less in memory). The table's files are then context, listed among the skipped
    files with the join. Files are judged by shape, on each shape's first file: a scan of a thousand hourly files
    asks a few questions, not a thousand."""
    read_now = {s.path for s in sources}
    lone: dict[Shape, list[Path]] = {}
    for path in unread:
        if path not in read_now and log_name(path).endswith(known_suffixes()):
            lone.setdefault(_key_paths(path), []).append(path)
    tables = {files[0]: files for files in _front_doors(lone).values() if len(files) > 1}
    if not tables:
        return
    in_table = {f for files in tables.values() for f in files}
    given = parse_field_map(options.get("field_map") or {})
    alone: dict[Shape, list[Path]] = {}
    for s in sources:
        if s.format == "generic" and s.join is None and not is_parquet(s.path):
            alone.setdefault(_key_paths(s.path), []).append(s.path)
    calls = [p for paths in lone.values() if paths[0] not in in_table and holds_calls(paths[0], options)
             for p in paths]
    calls += [p for paths in alone.values()
              if discover(sample_of(paths[0], SAMPLE), given).caller_field not in CUSTOMER_FIELDS for p in paths]
    had = {s.path: s.join for s in sources if s.join is not None and s.join.context in in_table}
    calls += list(had)
    if not calls:
        return
    by_file = {f: C.table_ids([f]) for f in in_table}
    ids: dict[Path, dict[tuple[str, ...], list[str]]] = {}
    for first, files in tables.items():
        ids[first] = {}
        for f in files:
            for q, values in by_file[f].items():
                ids[first].setdefault(q, []).extend(values)
    joins: dict[Path, Join] = {}
    for path in calls:
        sample = sample_of(path, C.TABLE_SAMPLE)
        found = C.table_join(sample, tables, ids)
        if found is None:
            continue
        first, key, other_key = found
        before = had.get(path)
        if before is not None:
            mine = {str(v) for o in sample if (v := get(o, key)) is not None}
            covered = set().union(*(by_file[f].get(other_key, ()) for f in (before.context, *before.neighbours)
                                    if f in by_file))
            if mine & set(ids[first].get(other_key, ())) <= covered:
                continue
        own = own_join(list(sample[:SAMPLE]))
        join = Join(key, own is not None and own.group, first, other_key, context_files=tuple(tables[first]))
        if customer_join(path, join, options):
            joins[path] = join
    if not joins:
        return
    context_of: dict[Path, list[Path]] = {}
    for path, join in joins.items():
        for f in join.context_files:
            context_of.setdefault(f, []).append(path)
    reasons = {f: (f"context of {paths[0].name}" if len(paths) == 1 else
                   f"context of {len(paths)} calls files ({paths[0].name}, ...)") + f": {joins[paths[0]].describe()}"
               for f, paths in context_of.items()}
    kept = [s for s in sources if s.path not in joins and s.path not in reasons]
    sources[:] = kept + [Source(path, "generic", join) for path, join in joins.items()]
    skipped[:] = ([s for s in skipped if Path(s.path) not in joins and Path(s.path) not in reasons]
                  + [SkippedFile(str(f), why) for f, why in reasons.items()])


#: Keys (normalised) by which a record names the record that holds it: a Langfuse observation its trace.
PARENT_KEYS = frozenset({"traceid"})
#: Records of each file looked at for a parent key before any file is sampled for a join.
PARENT_PROBE = 20


def _parent_keys(sample: Iterable[Mapping[str, Any]]) -> set[tuple[str, ...]]:
    return {p for o in sample for p, v in walk(o) if norm(p[-1]) in PARENT_KEYS and isinstance(v, str) and v}


def _join_parents(sources: list[Source], skipped: list[SkippedFile]) -> None:
    """Read the parents of calls as their context, not as calls of their own. A trace export writes a table of
    traces beside its table of observations (Langfuse's blob-storage export: ``traces/`` and ``observations/``,
    one file per hour each). A model call is an observation of type ``GENERATION`` naming its trace
    (``trace_id``); its trace repeats the call's input and output and adds the end user (``user_id``) and the
    client's tags (its user agent). Both read alone, every call was read twice, once under each table's names
    for the caller. A file whose records name another file's records by a parent key (``PARENT_KEYS``; at least
    ``correlate.MIN_OVERLAP`` of its sampled values found there, ``correlate.find_context``) is joined to it (and to
    the parents' files of its neighbours, for a trace written in the hour before); the parents' files the calls
    are joined to, and the other files of their folders, are context, listed among the skipped files with the
    join."""
    generic = [s.path for s in sources if s.format == "generic" and s.join is None and not is_parquet(s.path)]
    if len(generic) < 2:
        return
    probes = {p: _parent_keys(sample_of(p, PARENT_PROBE)) for p in generic}
    children = [p for p in generic if probes[p]]
    parents = {p: sample_of(p, CONTEXT_SAMPLE) for p in generic if not probes[p]} if children else {}
    if not parents:
        return
    joins: dict[Path, Join | None] = {}
    for path in children:
        sample = sample_of(path, CONTEXT_SAMPLE)
        keys = _parent_keys(sample)
        found = [f for f in C.find_context(sample, parents) if f[1] in keys]
        if found:
            _, key, other, other_key = found[0]
            joins[path] = Join(key, context=other, context_key=other_key)
    if not joins:
        return
    joins = with_neighbours(joins)
    context_of: dict[Path, set[str]] = {}
    for path, join in joins.items():
        assert join is not None and join.context is not None
        for f in (join.context, *join.neighbours):
            context_of.setdefault(f, set()).add(f"{path.name}: {join.describe()}")
    reasons = {f: "parents of the calls in " + "; ".join(sorted(how)[:3])
               + (f" and {len(how) - 3} more" if len(how) > 3 else "") for f, how in context_of.items()}
    # The parents' table is a folder: its files no call file was joined to (an hour whose calls matched the hour
    # before better) hold parents too, and read alone would count their calls again.
    tables = {f.parent for f in context_of}
    for f in parents:
        if f.parent in tables and f not in reasons:
            reasons[f] = f"parents of calls: a file of the parents' table {f.parent.name}"
    sources[:] = [replace(s, join=joins[s.path]) if s.path in joins else s for s in sources if s.path not in reasons]
    skipped.extend(SkippedFile(str(f), why) for f, why in sorted(reasons.items()))


def _otel_neighbours(sources: list[Source]) -> None:
    """Give each OpenTelemetry file the files before and after it in its collector's stream: the files whose paths
    differ from its own only in their numbers of two digits or more (hours, dates, sequence numbers; a collector's
    or a pod's one-digit id stays), in path order. A trace whose spans were exported on both sides of a file's
    boundary is completed from them (``OtelReader``)."""
    streams: dict[str, list[int]] = {}
    for i, s in enumerate(sources):
        if s.format == "otel" and s.join is None and not is_parquet(s.path):
            streams.setdefault(re.sub(r"\d{2,}", "#", str(s.path)), []).append(i)
    for members in streams.values():
        members.sort(key=lambda i: str(sources[i].path))
        for k, i in enumerate(members):
            near = tuple(sources[j].path for j in members[max(0, k - 1):k] + members[k + 1:k + 2])
            if near:
                sources[i] = replace(sources[i], join=Join(("parentSpanId",), neighbours=near))


#: Files of a table of calls sampled to find the table that completes it.
TABLE_SAMPLE_FILES = 4
#: Tables joined to one table of calls, one after the other (a front door's log, then a key registry).
MAX_TABLE_JOINS = 3


def _join_tables(tables: list[delta.DeltaTable], sources: list[Source], skipped: list[SkippedFile]) -> None:
    """Join each exported table of calls with conversations to the table that completes it (``correlate.
    table_join``: a front door's log of the same calls, with their keys, organisations, addresses and user agents):
    its files read with the join, the other table's files listed as its context, so no call is read twice under
    two identities. Tables are the Delta tables found in the folders scanned; a table whose files merge rows of
    their own (``generic.own_join``) is left as it is."""
    members: dict[Path, list[Source]] = {}
    for s in sources:
        t = delta.table_of(s.path, tables)
        if t is not None and s.format == "generic" and s.join is None:
            members.setdefault(t.root, []).append(s)
    files = {t.root: delta.data_files(t) for t in tables}
    converses: dict[Path, bool] = {}
    samples: dict[Path, list[Mapping[str, Any]]] = {}
    for t in tables:
        sample: list[Mapping[str, Any]] = []
        for f in files[t.root][:TABLE_SAMPLE_FILES]:
            sample.extend(sample_of(f, C.TABLE_SAMPLE))
        samples[t.root] = sample[:C.TABLE_SAMPLE]
        converses[t.root] = any(talks(o) for o in samples[t.root])
    calls = [r for r in members if converses[r] and own_join(samples[r]) is None]
    others = {t.root: files[t.root] for t in tables if not converses[t.root] and files[t.root]}
    if not calls or not others:
        return
    ids = {other: C.table_ids(files) for other, files in others.items()}
    joined: dict[Path, list[C.Join]] = {}
    for root in calls:
        sample, left = samples[root], dict(others)
        while left and len(joined.get(root, [])) < MAX_TABLE_JOINS:
            found = C.table_join(sample, left, ids)
            if found is None:
                break
            context, key, context_key = found
            join = C.Join(key, context=context, context_key=context_key, context_files=tuple(others[context]))
            joined.setdefault(root, []).append(join)
            del left[context]
            index = C.join_index(join)  # the next table may be keyed by what this one gave the calls
            sample = [C.merge([o, index[str(v)]]) if (v := get(o, key)) is not None and str(v) in index else o
                      for o in sample]
    if not joined:
        return
    by_path = {s.path: s for s in sources}
    for root, joins in joined.items():
        join = replace(joins[0], then=tuple(joins[1:]))
        for s in members[root]:
            by_path[s.path] = Source(s.path, s.format, join)
    context_of: dict[Path, list[str]] = {}
    for root, joins in joined.items():
        for j in joins:
            for f in others[j.context] if j.context is not None else ():
                context_of.setdefault(f, []).append(f"{root.name}: {j.describe()}")
    sources[:] = [by_path[s.path] for s in sources if s.path.resolve() not in context_of]
    skipped[:] = [k for k in skipped if Path(k.path).resolve() not in context_of]
    for f, how in sorted(context_of.items()):
        skipped.append(SkippedFile(str(f), f"context of table {'; '.join(sorted(set(how)))}"))


def model_files(paths: Iterable[Path | str]) -> list[Path]:
    """Parquet files under ``paths`` that declare the antidistill ``model`` schema (``models.parquet``)."""
    found = []
    for given in map(Path, paths):
        candidates = sorted(q for q in given.rglob("*.parquet") if q.is_file()) if given.is_dir() else [given]
        for p in candidates:
            if is_parquet(p):
                try:
                    meta = pq.read_schema(p).metadata or {}
                except (OSError, pa.ArrowException):
                    continue
                if meta.get(b"antidistill.schema") == b"model":
                    found.append(p)
    return found


def _skip_reason(path: Path, suffixes: tuple[str, ...]) -> str | None:
    if not log_name(path).endswith(suffixes) and not _json_without_suffix(path) and not _table_without_suffix(path):
        return "not a log file suffix"
    if is_parquet(path):
        try:
            schema = pq.read_schema(path)
        except (OSError, pa.ArrowException):
            return None  # unreadable: let the reader quarantine it, so it is counted
        kind = (schema.metadata or {}).get(b"antidistill.schema")
        if kind is not None and kind != b"exchange":
            return f"Parquet of antidistill schema {kind.decode(errors='replace')!r}, not exchanges"
        if set(schema.names) >= _LAB_LABEL_COLUMNS:  # written before the labels carried a schema tag
            return "Parquet of antidistill schema 'labels', not exchanges"
    return None


#: The traffic lab's ground truth (``labels.parquet``), by its columns: never read as calls or as an account
#: directory (its creation times, plans and access paths would fill the calls' missing fields from the answers).
_LAB_LABEL_COLUMNS = frozenset({"account_id", "campaign_id", "archetype", "replaced_account_id", "banned_at"})


#: A file that cannot be opened, or a compressed one cut short.
_UNREADABLE: tuple[type[BaseException], ...] = (InputError, *READ_ERRORS)


def _table_without_suffix(path: Path) -> bool:
    """A file without a suffix that is a Parquet, ORC or Avro table by its magic bytes (Kinesis Data Firehose's
    record format conversion writes Parquet and ORC objects under generated names)."""
    return "." not in uncompressed_name(path) and (is_parquet(path) or table_kind(path) is not None)


def _json_without_suffix(path: Path) -> bool:
    """A file whose name, its compression suffix aside, has no suffix at all, and whose (decompressed) text opens
    with JSON: what object stores hold under generated names (Kinesis Data Firehose delivers
    ``stream-1-2026-03-09-14-05-12-<uuid>``, ``.gz`` when it compresses)."""
    if "." in uncompressed_name(path):
        return False
    try:
        with open_bytes(path) as fh:
            head = fh.read(256)
    except _UNREADABLE:
        return False
    return head.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")[:1] in (b"{", b"[")


def read_paths(paths: Iterable[Path | str], *, format: str = AUTO, strict: bool = False,
               batch_size: int = DEFAULT_BATCH_SIZE, time_range: TimeRange = DEFAULT_TIME_RANGE,
               quarantine: QuarantineWriter | None = None, report: IngestReport | None = None,
               progress: bool = False, field_map: Mapping[str, str] | None = None,
               workers: int | None = None) -> Iterator[pa.RecordBatch]:
    """Normalised Exchange batches from ``paths``; bad rows go to ``quarantine`` and into ``report``.

    ``workers``: processes that read text logs when there are several files and enough of them
    (:mod:`antidistill.ingest.parallel`; the same batches, counts and errors as one process); None: the CPUs
    this process may use, at most 4; 1: read here.

    ``field_map`` (Exchange field -> dotted key path) tells the ``generic`` reader where fields are, over what
    it finds by name; with ``format`` auto it makes every file ``generic`` (see :func:`generic_format`).

    With ``strict=True`` the first bad row raises ``InputError`` naming its file, line and field (the
    chunk holding it is not yielded).
    """
    report = report if report is not None else IngestReport()
    writer = quarantine if quarantine is not None else QuarantineWriter(None)
    format = generic_format(format, field_map)
    options = {"field_map": field_map} if field_map and format == "generic" else {}
    sources, skipped = resolve_sources(paths, format, exclude=[writer.path] if writer.path else [], options=options)
    report.skipped.extend(skipped)
    readers: dict[str, Reader] = {}
    workers = default_workers() if workers is None else workers
    # text logs of several files are parsed by worker processes; Parquet is read here (Arrow decodes it in threads)
    text = [s for s in sources if not is_parquet(s.path)]
    results = (read_files([(str(s.path), s.format, s.join) for s in text], workers=workers, options=options,
                          batch_size=batch_size, time_range=time_range, strict=strict)
               if parallel_worth([(s.path, s.format) for s in sources], workers) else None)
    by_worker = {s.path for s in text} if results is not None else set()
    try:
        with tqdm(total=None, unit="rows", disable=not progress, file=sys.stderr, desc="ingest") as bar:
            for src in sources:
                file_report = FileReport(path=str(src.path), format=src.format)
                report.files.append(file_report)
                done: FileResult | None = None
                if src.path in by_worker:  # read by a worker, replayed here in order
                    assert results is not None
                    _, done = next(results)
                    chunks = replay(done)
                else:
                    reader = readers.get(src.format)
                    if reader is None:
                        reader = readers[src.format] = READERS.create(src.format, batch_size=batch_size,
                                                                      time_range=time_range, **options)
                    joins = getattr(reader, "joins", None)
                    if src.join is not None and isinstance(joins, dict):
                        joins[str(src.path)] = src.join
                    chunks = reader.read(src.path)
                try:
                    for chunk in chunks:
                        if strict and chunk.quarantined:
                            raise chunk.quarantined[0].to_error()
                        file_report.rows_read += chunk.rows_read
                        file_report.rows_ok += chunk.rows_ok
                        file_report.rows_quarantined += chunk.rows_quarantined
                        file_report.rows_merged += chunk.rows_merged
                        report.add_quarantined(file_report, chunk.quarantined)
                        for row in chunk.quarantined:
                            writer.write(row)
                        bar.update(chunk.rows_read)
                        if chunk.batch is not None:
                            report.add_batch(chunk.batch)
                            yield chunk.batch
                    if done is not None and done.error is not None:
                        raise done.error
                except RefusedFile as exc:
                    # refused before its first row (a join planned on samples whose whole context names one
                    # caller): listed with the reason, as a file refused when its format was judged
                    if strict or file_report.rows_read:
                        raise
                    report.files.remove(file_report)
                    report.skipped.append(SkippedFile(str(src.path), f"refused when read: {exc.reason}"))
                    continue
                # a reader that chose where each field is read from (``generic``) says so
                file_report.mapping = (done.mapping if done is not None
                                       else getattr(readers[src.format], "mappings", {}).get(str(src.path)))
    finally:
        if results is not None:
            results.close()  # workers stopped and the spool folder removed, also when a file stopped the read


def generic_format(format: str, field_map: Mapping[str, str] | None) -> str:
    """The format to read with: a field map is the ``generic`` reader's, so it makes ``auto`` ``generic``, and
    naming another format beside it is an error."""
    if not field_map or format == "generic":
        return format
    if format == AUTO:
        return "generic"
    raise ConfigError("format", "a field map (--map) is read by the generic reader only; use --format generic "
                                "or auto", value=format)


def ingest_paths(paths: Iterable[Path | str], store: ExchangeStore, *, format: str = AUTO, strict: bool = False,
                 quarantine_path: Path | str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 time_range: TimeRange = DEFAULT_TIME_RANGE, progress: bool = True,
                 read_ahead_batches: int = 2, field_map: Mapping[str, str] | None = None,
                 workers: int | None = None) -> IngestReport:
    """Read ``paths`` (files or directories) into ``store`` and return what happened.

    ``format``: a registered reader name or ``"auto"`` (per file, by sniffing). ``quarantine_path``:
    JSONL file the bad rows are appended to (``None``: counted and sampled in the report only).
    ``read_ahead_batches``: batches a reader thread may prepare while the store inserts (0: none).
    ``workers``: processes reading text logs at once (see :func:`read_paths`).
    The run is recorded in the store's ``ingest_runs`` table.
    """
    names = [str(p) for p in paths]
    qpath = Path(quarantine_path) if quarantine_path is not None else None
    report = IngestReport(quarantine_path=str(qpath) if qpath else None)
    with QuarantineWriter(qpath) as writer:
        batches = read_paths(names, format=format, strict=strict, batch_size=batch_size, time_range=time_range,
                             quarantine=writer, report=report, progress=progress, field_map=field_map,
                             workers=workers)
        stream = read_ahead(batches, read_ahead_batches)
        try:
            result = store.append(stream)
        finally:
            stream.close()  # stop the reader thread before the quarantine file closes, even on error
        _read_directories(report, store, writer, strict=strict, time_range=time_range)
    report.calls_filled = store.apply_directory()
    for path in model_files(names):
        # The traffic lab writes models.parquet beside the exchanges: release times feed the
        # new-model-adoption feature, so load it into the models table rather than ignore it.
        report.models_upserted += store.upsert_models(pq.read_table(path))
    report.rows_inserted = result.rows_inserted
    report.rows_duplicate = result.rows_duplicate
    report.finished_at = dt.datetime.now(dt.UTC)
    store.record_run(report, paths=names, format=format)
    return report


#: What sampling a file for its shape may raise: it cannot be read, or it holds no records.
_SNIFF_ERRORS: tuple[type[BaseException], ...] = (*READ_ERRORS, InputError)


def is_directory_file(path: Path) -> bool:
    """Whether a file no log reader reads is an account directory (its first records all describe organisations,
    accounts or keys: :func:`antidistill.ingest.directory.looks_like_directory`)."""
    try:
        return looks_like_directory(sample_of(path, SNIFF_RECORDS))
    except _SNIFF_ERRORS:
        return False


def _read_directories(report: IngestReport, store: ExchangeStore, writer: QuarantineWriter, *, strict: bool,
                      time_range: TimeRange) -> None:
    """Read the account directories found among the inputs into the store (their unreadable lines quarantined),
    and list them as read rather than skipped."""
    for skip in [s for s in report.skipped if s.reason == DIRECTORY_REASON]:
        entities, records, bad = read_directory(Path(skip.path), time_range)
        if strict and bad:
            raise bad[0].to_error()
        found = DirectoryReport(skip.path, records=records, entities=len(entities), rows_quarantined=len(bad))
        report.add_quarantined(found, tuple(bad))
        for row in bad:
            writer.write(row)
        if entities:
            store.upsert_directory(to_table(entities))
        report.directories.append(found)
    report.skipped = [s for s in report.skipped if s.reason != DIRECTORY_REASON]
