"""``antidistill serve`` builds its config: flags, then the config file, then settings."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.gateway


def test_serve_takes_addresses_from_the_flag_then_the_config_file_then_settings(tmp_path: Path) -> None:
    from antidistill.commands.serve import gateway_config
    from antidistill.settings import Settings

    cfg = tmp_path / "gw.yaml"
    cfg.write_text("upstream: http://127.0.0.1:18000\nport: 18088\nscan_every_s: 3600\n")
    env = Settings.load(environ={"ANTIDISTILL_GATEWAY_PORT": "9000", "ANTIDISTILL_ADMIN_PORT": "9001"},
                        dotenv=tmp_path / "none.env")
    from_file = gateway_config(cfg, state_dir=tmp_path / "s", settings=env)
    assert (from_file.port, from_file.admin_port, from_file.scan_every_s) == (18088, 9001, 3600.0)
    assert gateway_config(cfg, port=18090, state_dir=tmp_path / "s", settings=env).port == 18090
    assert gateway_config(None, upstream="http://127.0.0.1:1", settings=env).port == 9000
