"""The traffic lab: realistic benign populations and distillation campaigns, with ground-truth labels.

Public API::

    from antidistill.lab.simulator import load_scenario, simulate
    summary = simulate(load_scenario("demo"), seed=7, out=Path("out/demo"))

See docs/traffic-lab.md for the generation recipe, every persona and every campaign archetype.
"""

from antidistill.lab.simulator.base import ARCHETYPES, PERSONAS, AccountPlan, Population, Rows, load_builtins
from antidistill.lab.simulator.engine import LABEL_SCHEMA, SimulationSummary, simulate
from antidistill.lab.simulator.scenario import CampaignSpec, PopulationSpec, Scenario, load_scenario, parse_scenario

load_builtins()

__all__ = [
    "ARCHETYPES", "LABEL_SCHEMA", "PERSONAS", "AccountPlan", "CampaignSpec", "Population", "PopulationSpec", "Rows",
    "Scenario", "SimulationSummary", "load_scenario", "parse_scenario", "simulate",
]
