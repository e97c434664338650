"""``--format auto``: detection by suffix and first line, directory expansion, unknown files are errors."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ingest_samples import real_exchanges
from litellm_convert import write_litellm_jsonl
from openai_convert import write_openai_jsonl

from antidistill.errors import ConfigError, InputError
from antidistill.ingest import IngestReport, detect_format, read_paths, resolve_sources


@pytest.fixture(scope="module")
def table(shared_data: Path) -> pa.Table:
    return real_exchanges(shared_data, 60, seed=8)


def test_each_format_is_detected(table: pa.Table, tmp_path: Path) -> None:
    pq.write_table(table, tmp_path / "data.bin")  # Parquet without a suffix: found by magic bytes
    lite = write_litellm_jsonl(table, tmp_path / "proxy.log")
    oai = write_openai_jsonl(table, tmp_path / "requests.ndjson")
    # Damaged first lines do not defeat sniffing: the first parsable object decides.
    text = oai.read_text()
    oai.write_text("\n{not json\n" + text)
    assert detect_format(tmp_path / "data.bin") == "canonical"
    assert detect_format(lite) == "litellm"
    assert detect_format(oai) == "openai"


def test_unknown_file_is_an_error_naming_it(tmp_path: Path, shared_data: Path) -> None:
    src = shared_data / "arena-hard" / "arena-hard-v0.1-question.jsonl"
    with pytest.raises(InputError, match=r"arena-hard-v0\.1-question\.jsonl: matches no known log format") as exc:
        detect_format(src)
    assert exc.value.file == str(src)
    binary = tmp_path / "x.jsonl"
    binary.write_bytes(b"\x00\x01\x02 garbage\n")
    with pytest.raises(InputError, match="no JSON object"):
        list(read_paths([binary]))
    with pytest.raises(InputError, match="no such file"):
        list(read_paths([tmp_path / "absent.jsonl"]))
    with pytest.raises(ConfigError, match="unknown log format"):
        list(read_paths([binary], format="splunk"))


def test_directory_expansion_skips_labels_and_notes(table: pa.Table, tmp_path: Path) -> None:
    """The traffic lab writes DIR/exchanges/*.parquet beside a labels file: reading DIR reads the exchanges."""
    (tmp_path / "exchanges").mkdir()
    pq.write_table(table.slice(0, 30), tmp_path / "exchanges" / "part-0.parquet")
    pq.write_table(table.slice(30), tmp_path / "exchanges" / "part-1.parquet")
    labels = pa.table({"account_id": ["acct-001"], "label": ["campaign"]}).replace_schema_metadata(
        {b"antidistill.schema": b"labels"})
    pq.write_table(labels, tmp_path / "labels.parquet")
    pq.write_table(labels.replace_schema_metadata(None), tmp_path / "truth.parquet")  # no metadata, no ids
    (tmp_path / "scenario.json").write_text(json.dumps({"seed": 3, "scenario": {"name": "tiny"}}, indent=2))
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / ".hidden.jsonl").write_text("{}")
    sources, skipped = resolve_sources([tmp_path])
    assert [s.path.name for s in sources] == ["part-0.parquet", "part-1.parquet"]
    reasons = {Path(s.path).name: s.reason for s in skipped}
    assert reasons["README.md"] == "not a log file suffix"
    assert reasons["labels.parquet"] == "Parquet of antidistill schema 'labels', not exchanges"
    assert reasons["truth.parquet"].startswith(
        "matches no known log format (Parquet without Exchange columns, first row has columns")
    assert reasons["scenario.json"].startswith("matches no known log format (first object has keys")
    report = IngestReport()
    assert sum(b.num_rows for b in read_paths([tmp_path], report=report)) == 60
    assert (len(report.skipped), report.rows_quarantined) == (4, 0)
    with pytest.raises(InputError, match="truth"):  # named explicitly, a non-log file is an error
        list(read_paths([tmp_path / "truth.parquet"]))
    # A named format applies to the directory's files that look like it; the rest are skipped.
    sources, skipped = resolve_sources([tmp_path], "gateway")
    assert [s.format for s in sources] == ["gateway", "gateway"] and len(skipped) == 4


def test_mixed_formats_counted_per_format(table: pa.Table, tmp_path: Path) -> None:
    write_litellm_jsonl(table.slice(0, 20), tmp_path / "a.jsonl")
    write_openai_jsonl(table.slice(20, 25), tmp_path / "b.jsonl")
    with (tmp_path / "b.jsonl").open("a") as fh:
        fh.write(json.dumps({"request": {"model": "x"}}) + "\n")
    report = IngestReport()
    list(read_paths([tmp_path], report=report))
    totals = report.by_format()
    assert (totals["litellm"].rows_ok, totals["openai"].rows_ok, totals["openai"].rows_quarantined) == (20, 25, 1)
    assert report.to_summary()["quarantined_rows"] == 1


def test_cut_gzip_keeps_what_was_read(table: pa.Table, tmp_path: Path) -> None:
    import gzip

    src = write_openai_jsonl(table, tmp_path / "x.jsonl")
    data = gzip.compress(src.read_bytes())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    report = IngestReport()
    got = sum(b.num_rows for b in read_paths([cut], report=report))
    assert 0 < got < table.num_rows
    assert any(e.line is None and "unreadable after" in e.reason for e in report.examples)


def test_bom_and_crlf_are_not_damage(table: pa.Table, tmp_path: Path) -> None:
    src = write_litellm_jsonl(table.slice(0, 10), tmp_path / "x.jsonl")
    windows = tmp_path / "export.jsonl"
    windows.write_bytes(b"\xef\xbb\xbf" + src.read_bytes().replace(b"\n", b"\r\n"))
    report = IngestReport()
    assert sum(b.num_rows for b in read_paths([windows], report=report)) == 10
    assert report.rows_quarantined == 0 and report.by_format()["litellm"].rows_ok == 10


def test_rotated_logs_in_a_folder_are_read(table: pa.Table, tmp_path: Path) -> None:
    """logrotate names its files ``access.log.1`` and ``access.log.2.gz``, or with ``dateext``
    ``access.log-20260302.gz`` (a Kong file-log's rotation): each is read, compressed or not, with the format
    its content says; a note beside them whose name merely contains a log suffix is not."""
    lite = write_litellm_jsonl(table.slice(0, 20), tmp_path / "src-a.jsonl")
    oai = write_openai_jsonl(table.slice(20, 20), tmp_path / "src-b.jsonl")
    logs = tmp_path / "logs"
    logs.mkdir()
    with lite.open("rb") as fi, gzip.open(logs / "ai-proxy-access.log-20260302.gz", "wb") as fo:
        shutil.copyfileobj(fi, fo)
    shutil.copy(oai, logs / "requests.jsonl.1")
    lines = write_litellm_jsonl(table.slice(40, 20), tmp_path / "src-c.jsonl").read_bytes()
    (logs / "proxy.log.2.gz").write_bytes(gzip.compress(lines))
    (logs / "notes.log-old").write_text("rotated by hand, do not read")
    sources, skipped = resolve_sources([logs])
    assert {(s.path.name, s.format) for s in sources} == {
        ("ai-proxy-access.log-20260302.gz", "litellm"), ("requests.jsonl.1", "openai"), ("proxy.log.2.gz", "litellm")}
    assert [(Path(s.path).name, s.reason) for s in skipped] == [("notes.log-old", "not a log file suffix")]
    report = IngestReport()
    assert sum(b.num_rows for b in read_paths([logs], report=report)) == 60
    assert report.rows_quarantined == 0
    assert report.to_summary()["skipped_by_reason"] == {"not a log file suffix": 1}


def test_a_call_whose_body_the_logger_cut_does_not_decide_the_format(tmp_path: Path) -> None:
    """An edge service logs bodies as JSON text cut at a size limit. A file whose first call is such a cut call
    (no body that parses, only its tokens and answer) is judged on the next call, not left unread."""
    def record(i: int, body: str) -> dict[str, object]:
        return {"time": f"2026-03-08T18:00:{i:02d}.5Z", "level": "INFO", "msg": "request completed",
                "request_id": f"req_{i:032x}",
                "http": {"method": "POST", "route": "/v1/responses", "status": 200, "client_ip": f"13.21.0.{i}"},
                "auth": {"org_id": f"org-{i % 3}", "project_id": f"proj_{i % 5}"},
                "llm": {"model_requested": "halo-3", "usage": {"input_tokens": 900, "output_tokens": 120}},
                "body": {"request": body, "response": json.dumps({"output_text": "Forty-two."})}}

    cut = json.dumps({"model": "halo-3", "input": "x" * 200})[:120] + "...[truncated 29013 bytes]"
    whole = [json.dumps({"model": "halo-3", "input": f"What is {i} squared?"}) for i in range(1, 30)]
    lines = [json.dumps({"time": "2026-03-08T18:00:00.1Z", "level": "INFO", "msg": "request completed",
                         "http": {"method": "GET", "route": "/healthz", "status": 200}}),
             json.dumps(record(0, cut))] + [json.dumps(record(i, b)) for i, b in enumerate(whole, 1)]
    path = tmp_path / "edge-gw.2026-03-08T18.log"
    path.write_text("\n".join(lines) + "\n")
    assert detect_format(path) == "generic"
