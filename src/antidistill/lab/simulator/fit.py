"""The calibration fit report: generated benign traffic against the real traces (two-sample KS).

Run ``python -m antidistill.lab.simulator.fit --scenario demo --seed 1``; the table goes into
docs/traffic-lab.md. Each row compares the populations the real trace stands for: ServeGen clients are
API customers with steady programmatic traffic (compared with enterprise apps and aggregators) and,
separately, with people (individual, team, researcher, education, multilingual); the Azure
conversation trace is chat traffic (compared with the chat personas, excluding the fixed CI suites
and benchmark harnesses, whose prompts are short by design).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np

from antidistill.lab.simulator.calibration import load_calibration
from antidistill.lab.simulator.timing import per_window_cv

STEADY = ("benign:enterprise", "benign:aggregator")
HUMAN = ("benign:individual", "benign:team", "benign:researcher", "benign:education", "benign:multilingual")
CHAT = ("benign:individual", "benign:team", "benign:researcher", "benign:enterprise", "benign:aggregator",
        "benign:multilingual", "benign:education")


def _cv(account: np.ndarray, ts: np.ndarray) -> np.ndarray:
    bounds = np.flatnonzero(account[1:] != account[:-1]) + 1
    return np.concatenate([per_window_cv(seg) for seg in np.split(ts, bounds)] + [np.empty(0)])


def fit_report(scenario_name: str = "demo", seed: int = 1,
               data_dir: Path | None = None) -> list[tuple[str, float, int, int]]:
    """Generate ``scenario_name`` and compare it with the real traces: (what, KS, n generated, n real)."""
    import duckdb
    from scipy import stats

    from antidistill.lab.simulator.engine import simulate
    from antidistill.lab.simulator.scenario import load_scenario
    from antidistill.settings import Settings

    data_dir = Path(data_dir) if data_dir is not None else Settings.load().data_dir
    cal = load_calibration(data_dir)

    def among(labels: tuple[str, ...]) -> str:
        return "archetype in (" + ", ".join(f"'{x}'" for x in labels) + ")"

    with tempfile.TemporaryDirectory() as tmp:
        simulate(load_scenario(scenario_name), seed, Path(tmp), data_dir=data_dir)
        con = duckdb.connect()
        con.execute(f"create view j as select e.*, l.archetype from read_parquet('{tmp}/exchanges/*.parquet') e "
                    f"join read_parquet('{tmp}/labels.parquet') l using (account_id) where e.status = 'ok'")
        chat = con.execute(f"select prompt_tokens, completion_tokens from j where reasoning_tokens is null "
                           f"and {among(CHAT)}").fetchnumpy()
        reas = con.execute("select completion_tokens, reasoning_tokens from j where reasoning_tokens is not null "
                           "and archetype like 'benign:%'").fetchnumpy()
        steady = con.execute(f"select account_id, epoch_us(ts_start) from j where {among(STEADY)} "
                             "order by 1, 2").fetchall()
        human = con.execute(f"select account_id, epoch_us(ts_start) from j where {among(HUMAN)} "
                            "order by 1, 2").fetchall()
    rng = np.random.default_rng(0)
    comp, rt = reas["completion_tokens"].astype(float), reas["reasoning_tokens"].astype(float)
    rows = [
        ("inter-arrival CV per 10-min window, enterprise + aggregator (vs ServeGen clients)",
         _cv(np.array([a for a, _ in steady]), np.array([t for _, t in steady], np.int64)), cal.cv),
        ("inter-arrival CV per 10-min window, human personas (vs ServeGen clients)",
         _cv(np.array([a for a, _ in human]), np.array([t for _, t in human], np.int64)), cal.cv),
        ("prompt tokens, chat personas, non-reasoning (vs Azure conv)", chat["prompt_tokens"], cal.chat_prompt),
        ("output tokens, chat personas, non-reasoning (vs Azure conv)", chat["completion_tokens"], cal.chat_output),
        ("output tokens, reasoning models (vs ServeGen DeepSeek-R1)", comp, cal.r1_output(rng, 20_000)),
        ("reasoning ratio (vs ServeGen DeepSeek-R1)", rt / np.maximum(comp, 1), cal.r1_ratio(rng, 20_000)),
    ]
    return [(name, float(stats.ks_2samp(g, r).statistic), len(g), len(r)) for name, g, r in rows]


def main() -> None:
    """Print the calibration fit as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="demo")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("| distribution | KS statistic | n generated | n real |\n|---|---|---|---|")
    for name, ks, n_gen, n_real in fit_report(args.scenario, args.seed):
        print(f"| {name} | {ks:.3f} | {n_gen} | {n_real} |")


if __name__ == "__main__":
    main()
