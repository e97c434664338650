"""A scan says which files of its folders it did not read as logs, and says it loudly when it read nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from antidistill.cli import app


def test_a_folder_of_files_it_cannot_read_is_reported_not_silently_empty(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    for day in ("20260302", "20260303"):  # a rotation this scan does not know as a log name
        (logs / f"ai-proxy-access.txt-{day}").write_text('{"ts": 1}\n')
    (logs / "README.md").write_text("notes")
    out = tmp_path / "scan"
    result = CliRunner().invoke(app, ["scan", str(logs), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "scanned 0 exchanges" in result.output
    assert ("NOTHING WAS READ: not read as logs: 3 file(s) found in the folders (not a log file suffix 3), e.g. "
            f"{logs / 'README.md'}") in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["skipped_by_reason"] == {"not a log file suffix": 3} and len(summary["skipped_files"]) == 3
