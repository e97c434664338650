"""Scenario files: shipped ones load; broken ones fail with a ConfigError naming the key path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from antidistill.errors import ConfigError
from antidistill.lab.simulator import ARCHETYPES, PERSONAS, load_scenario, parse_scenario
from antidistill.lab.simulator.scenario import builtin_scenarios


def _tiny() -> dict[str, Any]:
    text = (Path(__file__).resolve().parents[2] / "src/antidistill/lab/scenarios/tiny.yaml").read_text()
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def test_shipped_scenarios_load_and_cover_everything() -> None:
    assert {"tiny", "demo", "default", "large"} <= set(builtin_scenarios())
    for name in ("tiny", "demo", "default", "large"):
        sc = load_scenario(name)
        assert {p.persona for p in sc.benign} == set(PERSONAS.names()), name
        assert {c.archetype for c in sc.campaigns} == set(ARCHETYPES.names()), name
    default = load_scenario("default")
    assert sum(p.accounts for p in default.benign) >= 20_000
    assert default.days >= 14


def test_load_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(_tiny()))
    assert load_scenario(path).name == "tiny"
    assert load_scenario(str(path)).campaigns[0].camouflage == 1.0


@pytest.mark.parametrize(("mutate", "key", "reason"), [
    (lambda d: d.update(colour="red"), "colour", "unknown key"),
    (lambda d: d["benign"].update(wizard={"accounts": 3}), "benign.wizard", "unknown persona"),
    (lambda d: d["campaigns"][1].update(archetype="telepathy"), "campaigns[1].archetype", "unknown archetype"),
    (lambda d: d["benign"]["individual"].update(accounts=-5), "benign.individual.accounts", "negative"),
    (lambda d: d["benign"]["team"].update(accounts="many"), "benign.team.accounts", "integer"),
    (lambda d: d["benign"]["enterprise"].update(requests_per_day="lots"), "benign.enterprise.requests_per_day",
     "number"),
    (lambda d: d["benign"]["ci"].update(cadence=3), "benign.ci.cadence", "unknown key"),
    (lambda d: d["campaigns"][0].update(camouflage=-1.0), "campaigns[0].camouflage", "negative"),
    (lambda d: d["campaigns"][0].update(shared_infrastructure=1.5), "campaigns[0].shared_infrastructure",
     "between 0 and 1"),
    (lambda d: d["campaigns"][2].pop("accounts"), "campaigns[2].accounts", "required"),
    (lambda d: d["campaigns"][3].update(id="c-sync"), "campaigns[3].id", "duplicate"),
    (lambda d: d.update(days=0), "days", "positive"),
    (lambda d: d.update(start="next tuesday"), "start", "ISO-8601"),
    (lambda d: d["models"][3].update(released_day=-1), "models", "mid-scenario"),
    (lambda d: d["models"][0].update(reasoning="yes"), "models[0].reasoning", "true or false"),
])
def test_bad_scenarios_fail_clearly(mutate: Any, key: str, reason: str) -> None:
    data = _tiny()
    mutate(data)
    with pytest.raises(ConfigError) as err:
        parse_scenario(data, source="bad.yaml")
    assert err.value.key == key
    assert reason in str(err.value)
    assert "bad.yaml" in str(err.value)


def test_unknown_scenario_name_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such scenario"):
        load_scenario("no-such-scenario")
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_scenario(bad)


def test_every_persona_archetype_and_parameter_is_documented() -> None:
    import dataclasses

    doc = (Path(__file__).resolve().parents[2] / "docs" / "traffic-lab.md").read_text()
    for registry in (PERSONAS, ARCHETYPES):
        for name, cls in registry.items():
            assert f"`{name}`" in doc, f"{name} is not documented in docs/traffic-lab.md"
            assert cls.__doc__ and cls.source, f"{name} needs a docstring and a source"
            for f in dataclasses.fields(cls.Params):
                assert f"`{f.name}`" in doc, f"{name}.{f.name} is not documented in docs/traffic-lab.md"


def test_a_folder_named_like_a_shipped_scenario_does_not_shadow_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``simulate --scenario tiny --out tiny``, then ``--scenario tiny`` again from the same folder: the earlier
    output folder ``./tiny`` is no scenario file. A folder of any other name still is no scenario."""
    (tmp_path / "tiny").mkdir()
    (tmp_path / "runs").mkdir()
    monkeypatch.chdir(tmp_path)
    assert load_scenario("tiny").name == "tiny"
    with pytest.raises(ConfigError, match="file not found"):
        load_scenario("runs")
