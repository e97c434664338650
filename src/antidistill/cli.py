"""The ``antidistill`` command line.

Commands are loaded lazily from ``antidistill.commands.*`` so that ``antidistill --help`` and
the core commands never import the web server or torch. To add a command, add one entry to
``COMMANDS``; its module defines a ``click.Command`` (or group) named in the entry.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click

from antidistill import __version__
from antidistill.errors import AntidistillError

# command name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "classify": "antidistill.commands.classify:classify",
    "serve": "antidistill.commands.serve:serve",
    "keys": "antidistill.commands.keys:keys",
    "mock-upstream": "antidistill.commands.mock_upstream:mock_upstream",
    "replay": "antidistill.commands.replay:replay",
    "scan": "antidistill.commands.scan:scan",
    "eval": "antidistill.commands.eval:eval_",
    "watermark": "antidistill.commands.watermark:watermark",
    "audit-model": "antidistill.commands.audit_model:audit_model",
    "simulate": "antidistill.commands.simulate:simulate_command",
    "lab": "antidistill.commands.lab:lab",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        module = importlib.import_module(module_name)
        cmd = getattr(module, attr)
        if not isinstance(cmd, click.Command):
            raise TypeError(f"{target} is not a click command")
        return cmd


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="antidistill")
@click.option("--log-level", default="WARNING", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), help="Structured log verbosity.")
def app(log_level: str) -> None:
    """antidistill: find and stop distillation attacks on an LLM API."""
    logging.basicConfig(level=log_level, format="%(asctime)s level=%(levelname)s logger=%(name)s %(message)s",
                        stream=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point: runs the app and turns expected errors into a one-line message and exit code 2."""
    try:
        app.main(args=argv, prog_name="antidistill", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except AntidistillError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
