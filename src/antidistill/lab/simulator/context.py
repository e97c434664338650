"""Everything generators share during one simulation: corpus, calibration, infrastructure, models.

Also the helpers every generator uses to plan an account (identifiers, creation time, addresses) and
to choose a model per request (with gradual adoption of a model released mid-scenario, by benign
accounts too, so that using the new model is not by itself a campaign marker).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.compute as pc

from antidistill.lab.simulator import elicitation as el
from antidistill.lab.simulator import phrasing as ph
from antidistill.lab.simulator.base import DAY_US, AccountPlan
from antidistill.lab.simulator.calibration import Calibration, load_calibration
from antidistill.lab.simulator.corpus import Corpus, load_corpus
from antidistill.lab.simulator.infra import Infrastructure, hashed_id
from antidistill.lab.simulator.scenario import Scenario


@dataclass
class SimContext:
    """Shared, read-only state of one simulation run."""

    scenario: Scenario
    seed: int
    corpus: Corpus
    cal: Calibration
    infra: Infrastructure
    model_names: list[str]
    model_release_us: np.ndarray  # (k,) int64
    model_reasoning: np.ndarray  # (k,) bool
    books: dict[str, ph.Phrasebook] = field(default_factory=dict)
    strings: dict[str, np.ndarray] = field(default_factory=dict)
    specs: list[Any] = field(default_factory=list)  # PopulationSpec then CampaignSpec, by population index
    pool_bytes: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))  # UTF-8 size of each pool string

    @property
    def scenario_params(self) -> list[Any]:
        """Resolved generator parameters by population index."""
        return [s.params for s in self.specs]

    @property
    def start_us(self) -> int:
        """Scenario start, microseconds since the epoch."""
        return self.scenario.start_us

    @property
    def end_us(self) -> int:
        """Scenario end, microseconds since the epoch."""
        return self.scenario.end_us

    @property
    def new_model(self) -> int:
        """Index of the first model released mid-scenario (the pivot target)."""
        mid = np.flatnonzero(self.model_release_us > self.start_us)
        return int(mid[np.argmin(self.model_release_us[mid])])

    def book(self, name: str) -> ph.Phrasebook:
        """A compiled phrasebook by name."""
        return self.books[name]

    # -- planning helpers --------------------------------------------------------------------------------
    def new_account(self, rng: np.random.Generator, *, population: int, index: int, persona: str, org_id: str,
                    access_path: str, tier: str, payment: str | None, ips: list[tuple[str, int]],
                    user_agents: list[str],
                    age_days: tuple[float, float], keys: int = 1, active_from_us: int | None = None,
                    active_to_us: int | None = None, campaign_id: str | None = None) -> AccountPlan:
        """An AccountPlan with opaque ids; creation time ``age_days`` (min, max) before it becomes active."""
        active_from = self.start_us if active_from_us is None else active_from_us
        age = rng.uniform(*age_days)
        acct = hashed_id("acct_", self.seed, population, index)
        return AccountPlan(
            account_id=acct, population=population, index=index, persona=persona,
            api_key_ids=[hashed_id("key_", self.seed, population, index, k) for k in range(max(1, keys))],
            org_id=org_id, access_path=access_path, created_at_us=int(active_from - age * DAY_US), tier=tier,
            payment_fingerprint=payment, ips=[ip for ip, _ in ips], asns=[a for _, a in ips],
            user_agents=user_agents, active_from_us=active_from,
            active_to_us=self.end_us if active_to_us is None else active_to_us, campaign_id=campaign_id)

    def org(self, population: int, index: int) -> str:
        """An opaque organisation id."""
        return hashed_id("org_", self.seed, population, index)

    def egress(self, rng: np.random.Generator, n: int) -> list[tuple[str, int]]:
        """``n`` shared egress addresses (NAT / cloud) that unrelated accounts also use."""
        idx = rng.choice(len(self.infra.shared_egress), size=min(n, len(self.infra.shared_egress)), replace=False)
        return [self.infra.shared_egress[int(i)] for i in idx]

    # -- per-request helpers ---------------------------------------------------------------------------
    def models_for(self, rng: np.random.Generator, ts: np.ndarray, *, reasoning_share: float,
                   adoption: float, adoption_days: float = 4.0) -> np.ndarray:
        """Model per request: reasoning or not, and the newest released model with gradual adoption."""
        n = ts.shape[0]
        reasoning = np.less(rng.random(n), reasoning_share)
        out = np.empty(n, np.int16)
        new = self.new_model
        for want in (False, True):
            cands = np.flatnonzero((self.model_reasoning == want) & (self.model_release_us <= self.start_us))
            if cands.size == 0:
                cands = np.flatnonzero(self.model_release_us <= self.start_us)
            sel = reasoning == want
            out[sel] = rng.choice(cands, size=int(sel.sum()))
        since = (ts - self.model_release_us[new]) / DAY_US
        p_new = np.where(since > 0, adoption * (1 - np.exp(-np.maximum(since, 0) / adoption_days)), 0.0)
        switch = np.less(rng.random(n), p_new)
        out[switch] = new
        return out


def build_context(scenario: Scenario, seed: int, data_dir: Path) -> SimContext:
    """Load data, compile phrasebooks and draw the shared infrastructure."""
    corpus = load_corpus(Path(data_dir))
    pool = corpus.pool
    books = {
        "plain": ph.compile_book(pool, "plain", ph.PLAIN),
        "eval": ph.compile_book(pool, "eval", ph.EVAL_HARNESS),
        "education": ph.compile_book(pool, "education", ph.EDUCATION),
        "researcher": ph.compile_book(pool, "researcher", ph.RESEARCHER),
        "reconstruct": ph.compile_book(pool, "reconstruct", el.RECONSTRUCT_REASONING),
        "rubric": ph.compile_book(pool, "rubric", el.RUBRIC_GRADING),
        "rewrite": ph.compile_book(pool, "rewrite", el.CENSORSHIP_REWRITE),
        "agentic_user": ph.compile_book(pool, "agentic_user", el.AGENTIC_USER),
        "print_reasoning": ph.compile_book(pool, "print_reasoning", el.PRINT_REASONING),
        "coercion": ph.compile_book(pool, "coercion", el.COERCION),
        "enterprise": ph.compile_book(pool, "enterprise", [a.template for a in ph.ENTERPRISE_APPS]),
    }
    strings = {
        **{f"follow_ups_{lang}": pool.add_many(texts) for lang, texts in ph.FOLLOW_UPS.items()},
        "ci_system": pool.add_many(ph.CI_SYSTEM),
        "aggregator_system": pool.add_many(ph.AGGREGATOR_SYSTEM),
        "chat_system": pool.add_many(ph.CHAT_SYSTEM),
        "generic_reasoning": pool.add_many(ph.GENERIC_REASONING),
        "openers": pool.add_many(ph.RESPONSE_OPENERS),
        "enterprise_system": pool.add_many([a.system for a in ph.ENTERPRISE_APPS]),
        "agentic_system": pool.add_many(el.AGENTIC_SYSTEM),
        "tool_results": pool.add_many(el.AGENT_TOOL_RESULTS),
        "attachment": pool.add_many(["\n\n[attached file]", "\n\n[attached document]", "\n\n[image]",
                                     "\n\n[pasted code omitted]"]),
        "ev_open": pool.add_many(el.EVASIVE_OPENERS),
        "ev_ask": pool.add_many([a + (": " if i % 2 else "?\n\n") for i, a in enumerate(el.EVASIVE_ASKS)]),
        "ev_close": pool.add_many(el.EVASIVE_CLOSERS),
    }
    sc = scenario
    pool_bytes = np.asarray(pc.binary_length(pool.arrow).to_numpy(zero_copy_only=False), np.int64)
    return SimContext(pool_bytes=pool_bytes, specs=[*sc.benign, *sc.campaigns],
        scenario=sc, seed=seed, corpus=corpus, cal=load_calibration(Path(data_dir)),
        infra=Infrastructure(seed=seed, shared_egress_ips=sc.infrastructure.shared_egress_ips),
        model_names=[m.model for m in sc.models],
        model_release_us=np.array([sc.start_us + int(m.released_day * DAY_US) for m in sc.models], np.int64),
        model_reasoning=np.array([m.reasoning for m in sc.models], bool), books=books, strings=strings)
