"""Read several log files at once, in worker processes, and hand their chunks over in file order.

Parsing JSON lines is Python work that holds the GIL, so a second thread gains nothing; a folder of many files
(a cloud provider's hourly dumps) is read by ``workers`` processes instead, each file by one of them, the way
:func:`antidistill.ingest.pipeline.read_paths` reads it alone. A worker writes its file's batches to an Arrow
IPC file in a spool folder and returns each chunk's counts and quarantined rows; the caller replays the chunks
file by file, in the order the files were given, so what comes out (batches, counts, quarantine, the field
mapping, the error strict mode raises and where) is what one process would have produced. At most
``workers + 1`` files are ahead of the one being replayed, so the spool holds a few files' batches at most.

Only built-in readers are sent to workers: a reader an application registered in its own process is unknown to
a fresh interpreter (workers are spawned, never forked from a process that holds DuckDB's threads).
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Generator, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from antidistill.ingest.base import READERS, Chunk, is_parquet
from antidistill.ingest.correlate import Join
from antidistill.ingest.fields import TimeRange
from antidistill.ingest.quarantine import QuarantinedRow

#: Text logs smaller than this in all are read in this process: starting workers costs about a second.
MIN_PARALLEL_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class _ChunkMeta:
    quarantined: tuple[QuarantinedRow, ...]
    rows_read: int
    rows_merged: int
    has_batch: bool


@dataclass(frozen=True, slots=True)
class FileResult:
    """One file read by a worker: its chunks' counts, the spool file holding their batches, the reader's field
    mapping, and the exception that stopped the file (raised after its chunks are replayed), if any."""

    metas: tuple[_ChunkMeta, ...]
    spool: str | None
    mapping: dict[str, str] | None
    error: BaseException | None


def default_workers() -> int:
    """Worker processes for reading files: the CPUs this process may use, at most 4."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def parallel_worth(paths: list[tuple[Path, str]], workers: int, min_bytes: int | None = None) -> bool:
    """Whether to read these (path, format) sources in workers: two or more workers, two or more text files of
    built-in formats, at least ``min_bytes`` (default :data:`MIN_PARALLEL_BYTES`) of them. Parquet is decoded by
    Arrow, which already uses every core."""
    min_bytes = MIN_PARALLEL_BYTES if min_bytes is None else min_bytes
    if workers < 2:
        return False
    text = [(p, f) for p, f in paths if not is_parquet(p)]
    if len(text) < 2 or not all(_builtin(f) for _, f in text):
        return False
    size = 0
    for p, _ in text:
        try:
            size += p.stat().st_size
        except OSError:
            continue
    return size >= min_bytes


def _builtin(format: str) -> bool:
    if format not in READERS:  # an unknown name: the sequential path reports it
        return False
    return READERS.get(format).__module__.startswith("antidistill.")


def read_file(path: str, format: str, join: Join | None, options: Mapping[str, Any], batch_size: int,
              time_range: TimeRange, strict: bool, spool_dir: str) -> FileResult:
    """Read one file as ``read_paths`` would (run in a worker process)."""
    reader = READERS.create(format, batch_size=batch_size, time_range=time_range, **options)
    if join is not None and hasattr(reader, "joins"):
        reader.joins[path] = join
    metas: list[_ChunkMeta] = []
    spool: str | None = None
    writer: ipc.RecordBatchFileWriter | None = None
    error: BaseException | None = None
    try:
        for chunk in reader.read(Path(path)):
            metas.append(_ChunkMeta(chunk.quarantined, chunk.rows_read, chunk.rows_merged, chunk.batch is not None))
            if chunk.batch is not None:
                if writer is None:
                    fd, spool = tempfile.mkstemp(suffix=".arrow", dir=spool_dir)
                    os.close(fd)
                    writer = ipc.new_file(spool, chunk.batch.schema)
                writer.write_batch(chunk.batch)
            if strict and chunk.quarantined:
                break  # the caller raises it; nothing after it is read, as in one process
    except Exception as exc:  # replayed in the caller after the chunks before it
        error = exc
    finally:
        if writer is not None:
            writer.close()
    mapping = getattr(reader, "mappings", {}).get(path)
    return FileResult(tuple(metas), spool, mapping, error)


def replay(result: FileResult) -> Iterator[Chunk]:
    """The chunks of a worker's file, in order, batches read back from its spool file (removed afterwards)."""
    try:
        source = ipc.open_file(pa.memory_map(result.spool)) if result.spool else None
        k = 0
        for meta in result.metas:
            batch = None
            if meta.has_batch:
                assert source is not None
                batch = source.get_batch(k)
                k += 1
            yield Chunk(batch, meta.quarantined, meta.rows_read, meta.rows_merged)
    finally:
        if result.spool:
            Path(result.spool).unlink(missing_ok=True)


def read_files(sources: list[tuple[str, str, Join | None]], *, workers: int, options: Mapping[str, Any],
               batch_size: int, time_range: TimeRange, strict: bool
               ) -> Generator[tuple[int, FileResult], None, None]:
    """(index into ``sources``, its :class:`FileResult`) in the order of ``sources``, read by ``workers``
    spawned processes at most ``workers + 1`` files ahead. The caller must :func:`replay` each result (which
    removes its spool file) before asking for the next; the spool folder goes when the iteration ends."""
    ctx = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="antidistill-ingest-") as spool_dir, \
            ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[tuple[int, Future[FileResult]]] = deque()
        nxt = 0

        def submit() -> None:
            nonlocal nxt
            while nxt < len(sources) and len(pending) < workers + 1:
                path, format, join = sources[nxt]
                pending.append((nxt, pool.submit(read_file, path, format, join, dict(options), batch_size,
                                                 time_range, strict, spool_dir)))
                nxt += 1

        submit()
        try:
            while pending:
                i, future = pending.popleft()
                result = future.result()
                submit()
                yield i, result
        finally:
            for _, future in pending:
                future.cancel()
