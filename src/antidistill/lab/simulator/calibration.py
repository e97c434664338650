"""Calibration of timing and token lengths on real serving traces, and the fit report.

Sources (``../shared/data``): ServeGen (Alibaba Bailian) per-client 10-minute rate/CV series and
DeepSeek-R1 output-length and reasoning-ratio PMFs; the Azure LLM inference trace 2023 (conversation
and code token lengths); Mooncake (Kimi) conversation lengths. The simulator samples from these
empirical distributions; ``python -m antidistill.lab.simulator.calibration`` generates a scenario and
prints Kolmogorov-Smirnov statistics between generated and real distributions (docs/traffic-lab.md).
"""

from __future__ import annotations

import argparse
import ast
import csv
import functools
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Calibration:
    """Empirical distributions the generators sample from."""

    hourly: np.ndarray  # (24,) local-time share of traffic per hour (ServeGen, 14 days, 43 clients)
    cv: np.ndarray  # per-client per-window inter-arrival CVs (ServeGen, active windows)
    chat_prompt: np.ndarray  # Azure conv ContextTokens
    chat_output: np.ndarray  # Azure conv GeneratedTokens
    code_prompt: np.ndarray  # Azure code ContextTokens
    code_output: np.ndarray  # Azure code GeneratedTokens
    r1_output_values: np.ndarray  # DeepSeek-R1 output-token PMF support
    r1_output_cdf: np.ndarray
    r1_ratio_values: np.ndarray  # DeepSeek-R1 reasoning-ratio PMF support
    r1_ratio_cdf: np.ndarray

    def sample_cv(self, rng: np.random.Generator) -> float:
        return float(np.clip(rng.choice(self.cv), 0.4, 8.0))

    def r1_output(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.r1_output_values[np.searchsorted(self.r1_output_cdf, rng.random(n))].astype(np.int32)

    def r1_ratio(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return self.r1_ratio_values[np.searchsorted(self.r1_ratio_cdf, rng.random(n))].astype(np.float32)


def _pmf_mixture(files: list[Path], field: str) -> tuple[np.ndarray, np.ndarray]:
    acc: dict[float, float] = {}
    for path in files:
        data = json.loads(path.read_text())
        for window in data.values():
            pmf = ast.literal_eval(window[field])  # string-encoded Python dict (ServeGen's format)
            for k, p in pmf.items():
                acc[float(k)] = acc.get(float(k), 0.0) + float(p)
    values = np.array(sorted(acc))
    probs = np.array([acc[v] for v in values])
    cdf = np.cumsum(probs) / probs.sum()
    cdf[-1] = 1.0
    return values, cdf


def _azure(path: Path) -> tuple[np.ndarray, np.ndarray]:
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    return (np.array([int(r["ContextTokens"]) for r in rows]), np.array([int(r["GeneratedTokens"]) for r in rows]))


@functools.lru_cache(maxsize=2)
def load_calibration(data_dir: Path) -> Calibration:
    """Read the traces once per process (well under a second)."""
    sg = Path(data_dir) / "servegen-alibaba"
    hourly = np.zeros(24)
    cvs = []
    for path in sorted(sg.glob("*/chunk-*-trace.csv")):
        with path.open() as fh:
            for row in csv.reader(fh):
                if not row[3]:
                    continue
                cvs.append(float(row[2]))
                if "language" in path.parent.name:
                    hourly[(int(float(row[0])) // 3600) % 24] += float(row[1])
    chat_p, chat_o = _azure(Path(data_dir) / "azure-llm-2023" / "AzureLLMInferenceTrace_conv.csv")
    code_p, code_o = _azure(Path(data_dir) / "azure-llm-2023" / "AzureLLMInferenceTrace_code.csv")
    r1 = sorted((sg / "reason-deepseek-r1").glob("chunk-*-dataset.json"))
    ov, oc = _pmf_mixture(r1, "output_tokens")
    rv, rc = _pmf_mixture(r1, "reason_ratio")
    return Calibration(hourly=hourly / hourly.sum(), cv=np.array(cvs), chat_prompt=chat_p, chat_output=chat_o,
                       code_prompt=code_p, code_output=code_o, r1_output_values=ov, r1_output_cdf=oc,
                       r1_ratio_values=rv, r1_ratio_cdf=rc)


def fit_report(scenario_name: str = "demo", seed: int = 1,
               data_dir: Path | None = None) -> list[tuple[str, float, int, int]]:
    """Generate ``scenario_name`` and compare benign traffic with the real traces: (what, KS, n_gen, n_real)."""
    import duckdb
    from scipy import stats

    from antidistill.lab.simulator.engine import simulate
    from antidistill.lab.simulator.scenario import load_scenario
    from antidistill.lab.simulator.timing import per_window_cv
    from antidistill.settings import Settings

    data_dir = data_dir or Settings.load().data_dir
    cal = load_calibration(Path(data_dir))
    with tempfile.TemporaryDirectory() as tmp:
        simulate(load_scenario(scenario_name), seed, Path(tmp), data_dir=data_dir)
        con = duckdb.connect()
        ex = f"read_parquet('{tmp}/exchanges/*.parquet')"
        lab = f"read_parquet('{tmp}/labels.parquet')"
        benign = f"select e.* from {ex} e join {lab} l using (account_id) where l.campaign_id is null and e.status='ok'"
        chat = con.execute(f"select prompt_tokens, completion_tokens from ({benign}) where reasoning_tokens is null "
                       f"and end_user is null").fetchnumpy()
        reas = con.execute(f"select completion_tokens, reasoning_tokens from ({benign}) "
                           "where reasoning_tokens is not null").fetchnumpy()
        ts = con.execute(f"select account_id, epoch_us(ts_start) t from ({benign}) order by 1, 2").fetchnumpy()
    acc, t = ts["account_id"], ts["t"]
    bounds = np.flatnonzero(acc[1:] != acc[:-1]) + 1
    gen_cv = np.concatenate([per_window_cv(seg) for seg in np.split(t, bounds)] + [np.empty(0)])
    real_ratio = cal.r1_ratio(np.random.default_rng(0), 20_000)
    real_r1 = cal.r1_output(np.random.default_rng(1), 20_000)
    comp, rt = reas["completion_tokens"].astype(float), reas["reasoning_tokens"].astype(float)
    rows = [
        ("inter-arrival CV per 10-min window (vs ServeGen)", gen_cv, cal.cv),
        ("prompt tokens, non-reasoning chat (vs Azure conv)", chat["prompt_tokens"], cal.chat_prompt),
        ("output tokens, non-reasoning chat (vs Azure conv)", chat["completion_tokens"], cal.chat_output),
        ("output tokens, reasoning models (vs ServeGen DeepSeek-R1)", comp, real_r1),
        ("reasoning ratio (vs ServeGen DeepSeek-R1)", rt / np.maximum(comp, 1), real_ratio),
    ]
    return [(name, float(stats.ks_2samp(g, r).statistic), len(g), len(r)) for name, g, r in rows]


def main() -> None:
    """Print the calibration fit as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="demo")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print("| distribution | KS statistic | n generated | n real |\n|---|---|---|---|")
    for name, ks, ng, nr in fit_report(args.scenario, args.seed):
        print(f"| {name} | {ks:.3f} | {ng} | {nr} |")


if __name__ == "__main__":
    main()
