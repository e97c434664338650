"""A provider's archive of Batch API jobs: one record per batch (the public batch object with its owner, as the
provider keeps it) naming its input, output and error files by id, and the files under their ids. Requests are
numbered ``0``, ``1``... in each input file, answers come back in the order they finished, and only the batch's
record says whose batch it is."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from antidistill.ingest import IngestReport, QuarantineWriter, pipeline, read_paths
from antidistill.records import EXCHANGE_SCHEMA

T0 = 1_775_486_735  # 2026-04-06 14:45 UTC


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def _batch(root: Path, rng: random.Random, n: int, batch: int, owner: dict[str, str], *, users: bool = False,
           failed: bool = False, errors: int = 0) -> dict[str, Any]:
    """One batch of ``n`` requests; returns what the test expects of it."""
    ids = {k: f"file-{batch:02d}{k[0]}{rng.randrange(16 ** 8):08x}" for k in ("input", "output", "error")}
    created = T0 + 3600 * batch
    requests = [{"custom_id": str(i), "method": "POST", "url": "/v1/chat/completions",
                 "body": {"model": "m-4", "messages": [{"role": "user", "content": f"batch {batch} question {i}"}],
                          "max_tokens": 256, **({"user": f"end-user-{i % 3}"} if users else {})}}
                for i in range(n)]
    _write_jsonl(root / "files" / f"{ids['input']}.jsonl", requests)
    finished = {i: created + 300 + rng.randrange(3000) for i in range(n)}
    answered = [i for i in range(n) if i >= errors]
    if not failed:
        _write_jsonl(root / "files" / f"{ids['output']}.jsonl", [
            {"id": f"batch_req_{batch}_{i}", "custom_id": str(i), "error": None,
             "response": {"status_code": 200, "request_id": f"req-{batch}-{i}", "body": {
                 "id": f"chatcmpl-{batch}-{i}", "object": "chat.completion", "created": finished[i], "model": "m-4",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": f"answer {batch}.{i}"},
                              "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 20, "completion_tokens": 5, "total_tokens": 25}}}}
            for i in sorted(answered, key=finished.__getitem__)])
    if errors and not failed:
        _write_jsonl(root / "files" / f"{ids['error']}.jsonl", [
            {"id": f"batch_req_{batch}_{i}", "custom_id": str(i), "response": None,
             "error": {"code": "invalid_request", "message": "max_tokens is too large"}} for i in range(errors)])
    record = {"batch": {"id": f"batch_{batch:04d}", "object": "batch", "endpoint": "/v1/chat/completions",
                        "input_file_id": ids["input"], "output_file_id": None if failed else ids["output"],
                        "error_file_id": ids["error"] if errors and not failed else None,
                        "status": "failed" if failed else "completed", "created_at": created,
                        "completed_at": None if failed else created + 4000},
              "owner": owner, "request_context": {"create": {"ip": "203.0.113.7", "user_agent": "OpenAI/Python 1.66"}}}
    (root / "batches").mkdir(parents=True, exist_ok=True)
    (root / "batches" / f"batch_{batch:04d}.json").write_text(json.dumps(record))
    return {"ids": ids, "answered": answered, "finished": finished, "owner": owner, "failed": failed}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path_factory.mktemp("archive") / "logs"
    rng = random.Random(4)
    owners = [{"organization_id": f"org-{k}", "project_id": f"proj_{k}{k}{k}", "user_id": f"user-{k}",
               "api_key_id": f"key_{k}"} for k in "abc"]
    made = [_batch(root, rng, 40, 0, owners[0]), _batch(root, rng, 25, 1, owners[1], errors=3),
            _batch(root, rng, 30, 2, owners[2], users=True), _batch(root, rng, 12, 3, owners[0], failed=True),
            _batch(root, rng, 60, 4, owners[1])]
    return root, made


def test_each_answer_is_read_once_with_its_request_and_its_batch_owner(archive: tuple[Path, list[dict[str, Any]]],
                                                                    tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root, made = archive
    planned: list[str] = []
    plan = pipeline.plan_join
    monkeypatch.setattr(pipeline, "plan_join", lambda path, *a, **k: planned.append(path.name) or plan(path, *a, **k))
    report = IngestReport()
    with QuarantineWriter(tmp_path / "q.jsonl") as q:
        rows = pa.Table.from_batches(list(read_paths([root], report=report, quarantine=q)),
                                     schema=EXCHANGE_SCHEMA).to_pylist()
    expected = {f"req-{b}-{i}": (m, i) for b, m in enumerate(made) if not m["failed"] for i in m["answered"]}
    assert sorted(r["exchange_id"] for r in rows) == sorted(expected)
    for r in rows:
        m, i = expected[r["exchange_id"]]
        b = int(r["exchange_id"].split("-")[1])
        # the account, its organisation and key are the batch record's owner's; the batch's creator is no end user
        assert (r["account_id"], r["org_id"], r["api_key_id"]) == (
            m["owner"]["project_id"], m["owner"]["organization_id"], m["owner"]["api_key_id"]), r
        assert r["end_user"] == (f"end-user-{i % 3}" if b == 2 else None), r
        # the request is the input file's line of the same custom_id; the time is the answer's, not the batch's
        assert r["messages"][-1]["content"] == f"batch {b} question {i}" and r["response_text"] == f"answer {b}.{i}"
        assert int(r["ts_start"].timestamp()) == m["finished"][i]
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    for b, m in enumerate(made):
        record = skipped[f"batch_{b:04d}.json"]
        if m["failed"]:  # it names only its input file, which holds no answers: nothing reads either
            assert "matches no known log format" in record and f"{m['ids']['input']}.jsonl" in skipped
            continue
        assert record.startswith("names the files of 1 group")
        assert skipped[f"{m['ids']['input']}.jsonl"].startswith(f"context of {m['ids']['output']}.jsonl")
    errors = skipped[f"{made[1]['ids']['error']}.jsonl"]
    assert errors.startswith(f"named beside {made[1]['ids']['output']}.jsonl by a record of batch_0001.json")
    assert {Path(f.path).name for f in report.files} == {f"{m['ids']['output']}.jsonl" for m in made
                                                         if not m["failed"]}
    # batches 0 and 4 are groups of one shape: planned once, the plan checked and reused for the second (batch 1
    # has an error file beside them, batch 2's requests carry a user: groups of other shapes)
    assert sorted(planned) == sorted(f"{made[b]['ids']['output']}.jsonl" for b in (0, 1, 2)), planned
