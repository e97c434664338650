from __future__ import annotations

from pathlib import Path

import pytest

from antidistill.errors import ConfigError
from antidistill.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def test_precedence_init_over_env_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("ANTIDISTILL_FPR=0.01\nANTIDISTILL_THREADS=3\n")
    s = Settings.load(environ={"ANTIDISTILL_FPR": "0.02"}, dotenv=dotenv)
    assert s.fpr == 0.02 and s.threads == 3
    s = Settings.load(environ={"ANTIDISTILL_FPR": "0.02"}, dotenv=dotenv, fpr=0.05)
    assert s.fpr == 0.05


@pytest.mark.parametrize("env,key", [
    ({"ANTIDISTILL_FPR": "1.5"}, "fpr"),
    ({"ANTIDISTILL_FPR": "abc"}, "fpr"),
    ({"ANTIDISTILL_THREADS": "0"}, "threads"),
    ({"ANTIDISTILL_GATEWAY_PORT": "70000"}, "gateway_port"),
])
def test_bad_values_fail_with_the_setting_name(env: dict[str, str], key: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        Settings.load(environ=env, dotenv=tmp_path / "none")
    assert info.value.key == key


def test_secret_never_in_repr(tmp_path: Path) -> None:
    s = Settings.load(environ={"ANTIDISTILL_MASTER_SECRET": "s3cret-s3cret-s3cret"}, dotenv=tmp_path / "x")
    assert "s3cret" not in repr(s)
    assert s.read_master_secret() == b"s3cret-s3cret-s3cret"


def test_missing_secret_fails_loudly(tmp_path: Path) -> None:
    s = Settings.load(environ={}, dotenv=tmp_path / "x")
    with pytest.raises(ConfigError, match="master_secret"):
        s.read_master_secret()


def test_every_setting_is_documented() -> None:
    doc = (REPO / "docs" / "settings.md").read_text()
    for name in Settings.help():
        assert f"`{name}`" in doc, f"setting {name} missing from docs/settings.md"


def test_default_data_dir_is_the_shared_folder() -> None:
    assert (Settings.load(environ={}).data_dir / "gsm8k" / "test.jsonl").is_file()


def test_memory_limit_must_be_a_size(tmp_path: Path) -> None:
    s = Settings.load(environ={"ANTIDISTILL_MEMORY_LIMIT": "512MiB"}, dotenv=tmp_path / "none")
    assert s.memory_limit == "512MiB"
    with pytest.raises(ConfigError, match="memory_limit"):
        Settings.load(environ={"ANTIDISTILL_MEMORY_LIMIT": "lots"}, dotenv=tmp_path / "none")
