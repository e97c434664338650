"""Several log files read by worker processes give what one process gives: the same batches in the same order,
the same counts, quarantine, field mappings, and the same error at the same place in strict mode."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from ingest_samples import real_exchanges
from litellm_convert import to_litellm_payload
from openai_convert import to_openai_log

from antidistill.errors import InputError
from antidistill.ingest import IngestReport, QuarantineWriter, read_paths
from antidistill.ingest import parallel as P

REAL = Path(__file__).parent / "data" / "real_formats"


@pytest.fixture()
def always_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(P, "MIN_PARALLEL_BYTES", 0)  # the samples are small: read them in workers anyway


def _logs(shared_data: Path, folder: Path) -> Path:
    """Three products' logs and three files of the project's converters, bad lines among them."""
    folder.mkdir()
    for name in ("bedrock_invocation_logs.jsonl", "azure_apim_llm.jsonl", "azure_apim_gateway.jsonl",
                 "langfuse.jsonl", "langfuse_traces.jsonl", "kong_ai_gateway.jsonl"):
        shutil.copy(REAL / name, folder / name)
    rows = real_exchanges(shared_data, 120, seed=5).to_pylist()
    lines = [json.dumps(to_openai_log(r), default=str) for r in rows[:60]]
    lines.insert(7, "{not json")
    lines.insert(30, json.dumps({"request": {"model": "m", "messages": "oops"}, "response": {}, "user": "u"}))
    (folder / "openai-a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "openai-b.jsonl").write_text("\n".join(json.dumps(to_openai_log(r), default=str) for r in rows[60:90])
                                           + "\n", encoding="utf-8")
    (folder / "litellm.jsonl").write_text("\n".join(json.dumps(to_litellm_payload(r), default=str)
                                                    for r in rows[90:]) + "\n", encoding="utf-8")
    return folder


def _read(paths: list[Path], workers: int, quarantine: Path, **kw: Any) -> tuple[list[pa.RecordBatch], IngestReport]:
    report = IngestReport()
    with QuarantineWriter(quarantine) as writer:
        batches = list(read_paths(paths, workers=workers, report=report, quarantine=writer, **kw))
    return batches, report


def _files(report: IngestReport) -> list[tuple[Any, ...]]:
    return [(Path(f.path).name, f.format, f.rows_read, f.rows_ok, f.rows_quarantined, f.rows_merged,
             json.dumps(f.mapping, sort_keys=True)) for f in report.files]


def test_workers_read_a_folder_as_one_process_does(shared_data: Path, tmp_path: Path, always_parallel: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    logs = _logs(shared_data, tmp_path / "logs")
    spools = tmp_path / "tmp"
    spools.mkdir()
    monkeypatch.setattr(P.tempfile, "tempdir", str(spools))  # where this test's spool folder goes
    one, rep1 = _read([logs], 1, tmp_path / "q1.jsonl", batch_size=16)
    two, rep2 = _read([logs], 2, tmp_path / "q2.jsonl", batch_size=16)
    assert len(one) > 8  # several batches per file, in order
    assert [b.num_rows for b in two] == [b.num_rows for b in one]
    assert pa.Table.from_batches(two).equals(pa.Table.from_batches(one))
    assert _files(rep2) == _files(rep1)
    formats = {f[1] for f in _files(rep1)}
    assert {"openai", "litellm", "generic"} <= formats
    assert sum(f.rows_quarantined for f in rep1.files) == 2
    assert sum(f.rows_merged for f in rep1.files) > 0  # Azure's rows of one call were merged in the worker too
    assert any("calls" in (f.mapping or {}) for f in rep1.files)  # and Langfuse's two tables joined
    assert (tmp_path / "q2.jsonl").read_text() == (tmp_path / "q1.jsonl").read_text()
    assert [s.path for s in rep2.skipped] == [s.path for s in rep1.skipped]
    assert not list(spools.iterdir())  # the spool folder is gone


def test_strict_mode_stops_at_the_same_row_with_workers(shared_data: Path, tmp_path: Path,
                                                        always_parallel: None) -> None:
    logs = _logs(shared_data, tmp_path / "logs")
    seen: dict[int, tuple[int, str]] = {}
    for workers in (1, 2):
        got = 0
        with pytest.raises(InputError) as err:
            for batch in read_paths([logs], workers=workers, strict=True, batch_size=4):
                got += batch.num_rows
        seen[workers] = (got, str(err.value))
        assert err.value.file is not None and err.value.file.endswith("openai-a.jsonl")
        assert err.value.line == 8
    assert seen[2] == seen[1]


def test_an_error_a_worker_meets_is_raised_as_the_readers_own(shared_data: Path, tmp_path: Path) -> None:
    """Azure's LLM table read without its gateway table names one caller (the log's owner): the reader refuses it.
    Read in a worker, the same InputError (file, field, message) comes back after the chunks before it."""
    from antidistill.ingest.base import READERS
    from antidistill.ingest.fields import DEFAULT_TIME_RANGE

    logs = _logs(shared_data, tmp_path / "logs")
    llm = logs / "azure_apim_llm.jsonl"
    with pytest.raises(InputError) as own:
        list(READERS.create("generic", batch_size=8).read(llm))
    sources = [(str(logs / "openai-b.jsonl"), "openai", None), (str(llm), "generic", None)]
    results, rows = [], []
    for i, result in P.read_files(sources, workers=2, options={}, batch_size=8, time_range=DEFAULT_TIME_RANGE,
                                  strict=False):
        results.append((i, result))
        rows.append(sum(c.batch.num_rows for c in P.replay(result) if c.batch is not None))  # before the next
    assert [i for i, _ in results] == [0, 1] and rows == [30, 0]
    first, refused = results[0][1], results[1][1]
    assert first.error is None and sum(m.rows_read for m in first.metas) == 30
    assert not Path(first.spool).exists()  # replayed, then removed
    assert isinstance(refused.error, InputError) and not refused.metas and refused.spool is None
    err = refused.error
    assert (str(err), err.file, err.field) == (str(own.value), own.value.file, own.value.field)
    assert err.file is not None and err.file.endswith("azure_apim_llm.jsonl")


def test_small_inputs_and_single_files_stay_in_this_process(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.parquet"
    a.write_text("{}\n")
    b.write_bytes(b"PAR1")
    assert not P.parallel_worth([(a, "openai"), (a, "openai")], workers=2)  # under MIN_PARALLEL_BYTES
    assert P.parallel_worth([(a, "openai"), (a, "litellm")], workers=2, min_bytes=0)
    assert not P.parallel_worth([(a, "openai"), (a, "openai")], workers=1, min_bytes=0)
    assert not P.parallel_worth([(a, "openai"), (b, "canonical")], workers=2, min_bytes=0)  # one text file
    assert not P.parallel_worth([(a, "openai"), (a, "no-such-format")], workers=2, min_bytes=0)


def test_errors_cross_processes_with_their_fields() -> None:
    import pickle

    from antidistill.errors import ConfigError

    for err in (InputError("bad value", file="a.jsonl", line=3, field="model"),
                ConfigError("policy.rules[0]", "unknown action", source="p.yaml", value="nuke")):
        back = pickle.loads(pickle.dumps(err))
        assert type(back) is type(err) and str(back) == str(err) and back.__dict__ == err.__dict__
