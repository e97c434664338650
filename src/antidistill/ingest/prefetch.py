"""Read ahead in a background thread, so parsing the next batch overlaps inserting the last one.

Arrow's Parquet decoding and DuckDB's insert both release the GIL, and JSON parsing only competes with
the insert for the GIL part of the insert, so a reader thread a couple of batches ahead of the store
hides most of the shorter of the two. The queue is bounded, so memory stays at ``depth`` batches.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator, Iterator
from typing import TypeVar

T = TypeVar("T")
_POLL_S = 0.1


class _Done:
    pass


def read_ahead(items: Iterator[T], depth: int = 2) -> Generator[T, None, None]:
    """Yield ``items`` produced by a background thread at most ``depth`` items ahead.

    An exception raised while producing (such as ``InputError`` in strict mode) is re-raised here, in
    the consumer, at the position where it happened. If the consumer stops early, the producer stops
    and ``items`` is closed (its files and progress bar are released).
    """
    if depth < 1:
        yield from items
        return
    q: queue.Queue[tuple[object, BaseException | None]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry: tuple[object, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                q.put(entry, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    break
            else:
                put((_Done(), None))
        except BaseException as exc:  # handed to the consumer, which re-raises it
            put((None, exc))
        finally:
            if isinstance(items, Generator):
                items.close()

    thread = threading.Thread(target=produce, name="ingest-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            item, exc = q.get()
            if exc is not None:
                raise exc
            if isinstance(item, _Done):
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
