"""Calibration of timing and token lengths on real serving traces, and the fit report.

Sources (``../shared/data``): ServeGen (Alibaba Bailian) per-client 10-minute rate/CV series and
DeepSeek-R1 output-length and reasoning-ratio PMFs; the Azure LLM inference trace 2023 (conversation
and code token lengths); Mooncake (Kimi) conversation lengths. The simulator samples from these
empirical distributions; ``python -m antidistill.lab.simulator.fit`` generates a scenario and prints
Kolmogorov-Smirnov statistics between generated and real distributions (docs/traffic-lab.md).
"""

from __future__ import annotations

import ast
import csv
import functools
import json
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
        """One account's burstiness: a ServeGen per-window CV, clipped to [0.4, 8]."""
        return float(np.clip(rng.choice(self.cv), 0.4, 8.0))

    def r1_output(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` reasoning-model output lengths (tokens) from the DeepSeek-R1 PMF."""
        return self.r1_output_values[np.searchsorted(self.r1_output_cdf, rng.random(n))].astype(np.int32)

    def r1_ratio(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` reasoning shares of the output from the DeepSeek-R1 PMF."""
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
