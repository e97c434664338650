from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from antidistill.cli import COMMANDS, app, main

REPO = Path(__file__).resolve().parents[1]


def test_every_command_loads_and_is_documented() -> None:
    index = (REPO / "docs" / "index.md").read_text()
    for name in COMMANDS:
        cmd = app.get_command(None, name)  # type: ignore[arg-type]
        assert cmd is not None and cmd.help, f"command {name} has no help text"
        page = REPO / "docs" / "commands" / f"{name}.md"
        assert page.is_file(), f"command {name} has no user guide page {page}"
        assert f"commands/{name}.md" in index, f"docs/index.md does not link {name}"


def test_help_lists_commands() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


def test_unknown_command_is_an_error() -> None:
    assert main(["no-such-command"]) != 0
