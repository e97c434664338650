"""Read-ahead: order kept, producer errors surface in the consumer, early stops release the source."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_samples import real_exchanges
from openai_convert import to_openai_log

from antidistill.errors import InputError
from antidistill.ingest import ingest_paths
from antidistill.ingest.prefetch import read_ahead
from antidistill.store import DuckDBStore


@pytest.mark.parametrize("depth", [0, 1, 3])
def test_order_and_errors(depth: int) -> None:
    def source() -> Iterator[int]:
        yield from range(5)
        raise InputError("boom", file="f.jsonl", line=6)

    got: list[int] = []
    with pytest.raises(InputError, match=r"f\.jsonl: line 6: boom"):
        for x in read_ahead(source(), depth):
            got.append(x)
    assert got == [0, 1, 2, 3, 4]


def test_early_stop_closes_the_source() -> None:
    closed: list[bool] = []

    def source() -> Iterator[int]:
        try:
            yield from range(1000)
        finally:
            closed.append(True)

    stream = read_ahead(source(), 2)
    assert [next(stream), next(stream)] == [0, 1]
    stream.close()
    assert closed == [True]


def test_strict_ingest_stops_at_the_bad_row(shared_data: Path, tmp_path: Path) -> None:
    rows = [r for r in real_exchanges(shared_data, 60, seed=4).to_pylist() if r["status"] == "ok"][:40]
    lines = [json.dumps(to_openai_log(r)) for r in rows]
    lines[33] = lines[33].replace('"model": ', '"model_": ')  # request and response lose their model
    f = tmp_path / "x.jsonl"
    f.write_text("\n".join(lines) + "\n")
    store = DuckDBStore(":memory:", chunk_rows=10)  # insert every batch, to see exactly where it stopped
    with pytest.raises(InputError) as exc:
        ingest_paths([f], store, strict=True, batch_size=10, progress=False, quarantine_path=tmp_path / "q.jsonl")
    assert (exc.value.line, exc.value.field) == (34, "request.model")
    assert store.count() == 30  # the three batches before the bad one; the batch holding it is not stored
    assert not (tmp_path / "q.jsonl").exists()
