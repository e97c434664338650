"""Engine-neutral definitions of the per-account features.

Every feature is one SQL aggregate expression over a standard input relation, written in the
subset of SQL that DuckDB and Spark SQL share (count, sum, avg, min, max, stddev_samp,
count(DISTINCT ...), CASE, arithmetic, sqrt, greatest). Engines only differ in how they build the inputs:

- ``ex``: one row per exchange with derived columns (see ``BASE_COLUMNS``);
- ``acct_day``: one row per (account, UTC day) (see ``DAY_COLUMNS``);
- ``acct_topic``: one row per (account, topic) with ``topic_n`` exchanges.

``level`` says which relation the expression aggregates over, grouped by ``account_id``.
``direction`` is the side a distillation campaign pushes the feature toward, as the public
reports describe it (volume concentrated on one capability, templated prompts, round-the-clock
use, new accounts at full usage immediately, one credential from many IPs, reasoning
elicitation, fast pivots to new models). ``min_scale`` is the smallest difference that is
meaningful for the feature; it floors the robust scale so that a feature that is zero for
almost everyone does not turn a tiny value into a huge deviation. ``group`` ties correlated
features together so that scoring counts each kind of evidence once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Columns of ``ex`` every engine must provide.
BASE_COLUMNS: dict[str, str] = {
    "account_id": "account the exchange is billed to",
    "t": "request time, seconds since the epoch (double)",
    "day": "UTC day index, floor(t / 86400)",
    "hour_idx": "UTC hour index, floor(t / 3600)",
    "gap": "seconds since the account's previous request (null for its first)",
    "prompt_tokens": "prompt tokens",
    "completion_tokens": "completion tokens",
    "reasoning_tokens": "reasoning tokens",
    "max_tokens": "requested output length",
    "top_logprobs": "alternatives per output token asked for with their log-probabilities (0: none; null: not logged)",
    "tools_hash": "hash of the request's tool catalogue (its ``[tools]`` turn), lower-cased with numbers and ids "
                  "masked (null: the request declared no tools)",
    "skim": "1 when the client ended the exchange (status aborted) after visible reasoning had arrived, 0 for any "
            "other exchange that returned visible reasoning, null when none was returned",
    "forged": "1 when the request's conversation history holds an assistant turn the account was never sent as a "
              "response (and that no more than ``HISTORY_REUSE_MAX`` of its requests carry after the same turn: a "
              "fixed few-shot example is the same answer after the same question), 0 when every earlier assistant "
              "turn was one of its responses, null when the request resends no assistant turn",
    "net": "client network (IPv4 /24, IPv6 /48, or the address as logged)",
    "asn": "client autonomous system",
    "user_agent": "client user agent",
    "model": "model requested",
    "tier": "account tier",
    "created_t": "account creation time, seconds since the epoch",
    "model_release_t": "release time of the requested model when it was released inside the scanned period",
    "first_release_t": "release time of the first model released inside the scanned period (null if none)",
    "re_flag": "1 when the reasoning-elicitation signal flagged the prompt, else 0 (null: no prompt logged)",
    "template_id": "prompt template fingerprint (null: no prompt logged)",
    "topic": "capability/topic tag of the prompt (null: no prompt logged)",
    "language": "language of the prompt (null: no prompt logged)",
    "prompt_hash": "hash of the exact prompt text (null when the log kept no prompt for the exchange)",
    "wrapper_id": "the prompt's opening when it is a shared wrapper of the population (see the engine), else null",
    "wrapper_family": "the shared wrapper's family: its opening with names, numbers and quoted strings masked as "
                      "slots (one template with parameters; see the engine), else null",
}

#: Columns of ``acct_day``.
DAY_COLUMNS: dict[str, str] = {
    "account_id": "account",
    "day": "UTC day index",
    "n": "requests that day",
    "tokens": "prompt + completion tokens that day",
    "hours": "distinct UTC hours with activity that day",
    "max_gap": "longest gap (seconds) between consecutive requests ending that day, capped at one day",
    "peak_n": "the account's busiest day's request count",
    "tier_median_n": "median daily requests of accounts on the same tier (a tier's normal use)",
}

#: What a prompt's ends (its opening and closing: shared wrappers, harvest templates) mask: a run of letters, digits,
#: ``_`` and ``-`` that holds a digit (a number, or an id: ``conv_b94ee6c1``, a UUID, ``ticket-4411``), so that one
#: template's openings are one opening whatever id or number they start with (masking digits alone left
#: ``conv_#a#`` and ``conv_b#ee#c#``: one wrapper per id). A regular expression for both DuckDB and Python.
MASK_RE = "[a-z0-9_-]*[0-9][a-z0-9_-]*"

#: Evidence groups that are specific to distillation in the public reports (what the harvest is for):
#: reasoning elicitation. Every other group describes scale and automation, which honest heavy users
#: (evaluation runners, CI, enterprise apps, aggregators) show too; scoring counts those together as one
#: kind of evidence.
SPECIFIC_GROUPS: frozenset[str] = frozenset({"elicitation"})

#: Evidence groups that count as a kind of their own but are not specific to distillation. A fast pivot to a
#: newly released model is what harvesters did (MiniMax within 24 hours), and exactly what honest
#: evaluation runners do on release day. A new account at full use at once (lifecycle) is what a hydra's
#: replacement account looks like, and also what every honest team, researcher or CI job looks like in the
#: week it signs up: the reports' evidence is the *replacement* (a banned account's work carried on by a
#: new one), which is a property of a cluster, not of one account. A large share of completion tokens spent
#: on reasoning (``reasoning``) is what a reasoning harvest collects, and what every honest user of a
#: reasoning model gets: it measures the model an account picked more than what the account asked for, and in
#: a population mostly on models without reasoning every honest user of one stands out on it. All three add
#: to the score but never make an account suspect alone, and none is distillation-specific evidence.
CONTEXT_GROUPS: frozenset[str] = frozenset({"pivot", "lifecycle", "reasoning"})

#: Lower end of the one-sided 95% Wilson score interval of a proportion k / n (z = 1.645), in shared SQL.
WILSON_LOWER = ("(({k}) * 1.0 / ({n}) + 1.353 / ({n}) - 1.645 * sqrt(greatest(({k}) * 1.0 / ({n}) * "
                "(1 - ({k}) * 1.0 / ({n})) / ({n}) + 0.6765 / (({n}) * ({n})), 0))) / (1 + 2.706 / ({n}))")

#: The shortest answer whose per-token alternatives are a soft-label harvest rather than a label: a multiple-choice
#: letter, a class name or a short answer scored for confidence takes a few tokens; a generation longer than this
#: is a sequence of next-token distributions, what logit distillation trains on.
SOFT_LABEL_MIN_TOKENS = 32

#: Requests declaring tools an account needs before its tool catalogue churn is read (a few requests say nothing
#: about how often a catalogue changes).
TOOL_CHURN_MIN_REQUESTS = 20

#: Requests resending earlier assistant turns an account needs before its forged-history share is read.
FORGED_HISTORY_MIN_REQUESTS = 20
#: Share of a customer's answered requests logged with their conversation whose response the log keeps, below which
#: its forged-history share is not read: a log that keeps only some responses (sampled, or dropped past a size) makes
#: every resent turn look foreign.
FORGED_HISTORY_KEPT_MIN = 0.9

#: An assistant turn never returned to the account that more requests than this resend after the same turn is a fixed
#: example (few-shot prompting, a prefilled persona, a conversation continued from before the scanned period), not a
#: forgery. The same canned turn after a new task each time (a fabricated tool call) is no example.
HISTORY_REUSE_MAX = 2
#: A client that cuts the answers it sends back (a display limit, a context budget) may cut one shorter than the
#: 256 characters a resent turn is matched on: such a turn matches a response that begins with its first
#: ``TURN_PREFIX_CHARS`` (a forger's short turn would have to begin as one of the customer's answers does).
TURN_PREFIX_CHARS = 64
#: The white space a turn is matched without (a client re-serialising a tool call's arguments or re-wrapping an
#: answer changes only these): space, tab, line feed, carriage return, vertical tab, form feed. Removed by plain
#: replacement in SQL (a regular expression over every response cost the scan 20 seconds on ``default``) and by
#: ``str.translate`` in the gateway, the same characters in both.
TURN_SPACE_CHARS = " \t\n\r\x0b\x0c"

#: Requests of the account in the 48 hours after the first release inside the period.
_RELEASE_WINDOW_N = "sum(CASE WHEN t >= first_release_t AND t < first_release_t + 172800 THEN 1 ELSE 0 END)"

Direction = Literal["high", "low"]
Level = Literal["exchange", "day", "topic"]
Transform = Literal["identity", "log1p"]


@dataclass(frozen=True, slots=True)
class FeatureDef:
    """One per-account feature: an aggregate expression plus how to read it as evidence."""

    name: str
    sql: str
    level: Level
    group: str
    direction: Direction
    description: str
    transform: Transform = "identity"
    min_scale: float = 0.1
    requires: tuple[str, ...] = ()
    min_support: int = 1  # fewest exchanges for the value to count as evidence
    #: another feature this one is only evidence together with: the deviation used is the smaller of the two
    #: (an AND), e.g. a young account is only evidence when it is also used heavily
    gate: str | None = None
    #: the value an ordinary account has by the detector's design (None: none known). When more than half the
    #: population sits above it, the population is no reference for ordinary accounts (a campaign of thousands
    #: of accounts in a log with fewer honest ones) and the scorer measures from it, on ``min_scale``, instead
    design_center: float | None = None
    #: what ``min_support`` counts: every exchange (``n_exchanges``), only those that carried a prompt
    #: (``n_prompts``), for the features read from prompt content (a log may keep no content for some rows), or
    #: the distinct prompts among them (``n_distinct_prompts``), for a share counted over distinct prompts
    support: Literal["n_exchanges", "n_prompts", "n_distinct_prompts"] = "n_exchanges"


FEATURES: tuple[FeatureDef, ...] = (
    # -- volume --------------------------------------------------------------------------------------------
    FeatureDef("requests", "count(*)", "exchange", "volume", "high",
               "Exchanges in the scanned period.", transform="log1p", min_scale=0.5),
    FeatureDef("requests_per_active_day", "avg(n)", "day", "volume", "high",
               "Mean requests per active day.", transform="log1p", min_scale=0.5),
    FeatureDef("tokens_per_active_day", "avg(tokens)", "day", "volume", "high",
               "Mean prompt+completion tokens per active day.", transform="log1p", min_scale=0.5,
               requires=("prompt_tokens",)),
    FeatureDef("tier_volume_ratio", "max(n) / max(tier_median_n)", "day", "volume", "high",
               "Busiest day against the median day of accounts on the same tier (usage beyond the tier).",
               transform="log1p", min_scale=0.5, requires=("account_tier",)),
    # -- tempo ---------------------------------------------------------------------------------------------
    FeatureDef("active_hour_fraction", "sum(hours) / (24.0 * count(*))", "day", "tempo", "high",
               "Share of the hours of its active days in which the account was active (24/7 use).",
               min_scale=0.1, min_support=50),
    FeatureDef("median_daily_max_gap_h", "median(max_gap) / 3600.0", "day", "tempo", "low",
               "Median over active days of the longest idle gap, in hours (no human pause).",
               min_scale=1.0, min_support=50),
    FeatureDef("active_days", "count(*)", "day", "tempo", "high",
               "Days with at least one request.", transform="log1p", min_scale=0.5),
    # -- lifecycle -----------------------------------------------------------------------------------------
    FeatureDef("hours_to_full_usage",
               "(min(CASE WHEN n >= 0.5 * peak_n THEN day END) * 86400.0 - min(created_t)) / 3600.0",
               "day", "lifecycle", "low",
               "Hours from account creation to its first day at half its peak volume (new accounts at full use); "
               "evidence only as far as the account is also heavy (gated by requests_per_active_day).",
               transform="log1p", min_scale=0.5, requires=("account_created_at",), min_support=20,
               gate="requests_per_active_day"),
    # -- content -------------------------------------------------------------------------------------------
    FeatureDef("reasoning_elicitation_share",
               WILSON_LOWER.format(k="sum(re_flag) * 1.0 / count(re_flag) * count(DISTINCT prompt_hash)",
                                   n="nullif(count(DISTINCT prompt_hash), 0)"),
               "exchange",
               "elicitation", "high",
               "Share of the account's prompts the reasoning-elicitation classifier flagged: the lower end of its "
               "one-sided 95% Wilson interval, so a handful of flagged prompts in a small account is not read as a "
               "high share. The interval's sample size is the account's distinct prompts, not its requests: the "
               "flag is a function of the text, so a prompt sent again is the same observation again, and a test "
               "suite that re-sends its six prompts a thousand times (one of them asking for step-by-step "
               "reasoning) has six observations, not a thousand. A harvest's prompts are distinct (the same prompt "
               "sent again buys the same answer), so its value is the same either way; the share itself stays the "
               "share of requests (weighing distinct prompts equally would raise it for every account that repeats "
               "its unflagged prompts more than its flagged ones).",
               min_scale=0.05, min_support=5, requires=("reasoning_elicitation",), design_center=0.0,
               support="n_distinct_prompts"),
    FeatureDef("reasoning_token_share",
               "sum(reasoning_tokens) / nullif(sum(completion_tokens), 0)", "exchange", "reasoning", "high",
               "Share of completion tokens spent on reasoning (context: mostly the model the account picked).",
               min_scale=0.1, requires=("reasoning_tokens",), min_support=5),
    FeatureDef("wrapper_rotation", "count(DISTINCT wrapper_family)", "exchange", "elicitation", "high",
               "Distinct shared wrappers the account rotates through: openings that other accounts also put in "
               "front of many different payloads. A templated harvest disguised by paraphrasing draws its "
               "wrappers from one shared generator and cycles through dozens of them; an honest user has their "
               "own phrasing or one tool's template, an evaluation runner one harness format. The scale is wide: "
               "a person's habits or a tool's few templates account for a handful of wrappers (about twelve "
               "make one robust unit of evidence, three make none). Wrappers are counted by family: one template "
               "whose slots hold names (a translation service's language pairs, an application's customers) is "
               "one wrapper however many values fill it.",
               transform="log1p", min_scale=1.25, min_support=20, requires=("prompt",), support="n_prompts"),
    FeatureDef("soft_label_share",
               WILSON_LOWER.format(k=f"sum(CASE WHEN top_logprobs >= 2 AND coalesce(completion_tokens, max_tokens, 0) "
                                     f">= {SOFT_LABEL_MIN_TOKENS} THEN 1 ELSE 0 END)",
                                   n="nullif(count(top_logprobs), 0)"),
               "exchange", "elicitation", "high",
               "Share of requests asking for the teacher's distribution over whole generations: at least two "
               "alternatives per output token with their log-probabilities (top_logprobs) on an answer of "
               f"{SOFT_LABEL_MIN_TOKENS} tokens or more, the soft labels of logit distillation. Honest uses of "
               "log-probabilities read one label or a short answer (multiple-choice evaluation, classification, "
               "confidence), or only the chosen tokens' own. The lower end of its one-sided 95% Wilson interval, "
               "as for the elicitation share.",
               min_scale=0.05, min_support=5, requires=("top_logprobs",), design_center=0.0),
    FeatureDef("reasoning_skim_share",
               WILSON_LOWER.format(k="sum(skim)", n="nullif(count(skim), 0)"),
               "exchange", "elicitation", "high",
               "Share of the responses with visible reasoning (thought summaries, reasoning_content) that the client "
               "cut off itself once the reasoning had arrived: the stream ended by the caller before the answer was "
               "complete. A reasoning harvest wants the reasoning, and the answer tokens after it are only cost; an "
               "honest user stops a response now and then (a wrong question, an answer already seen in the "
               "thoughts), an honest program reads the answer it asked for. Counted over responses that returned "
               "visible reasoning only (a model that hides its reasoning offers nothing to skim), as the lower end "
               "of its one-sided 95% Wilson interval, as for the elicitation share. Logs that mark no cancelled "
               "calls (every status ok) give every account 0.",
               min_scale=0.1, min_support=5, requires=("reasoning_text",), design_center=0.0),
    FeatureDef("tool_catalogue_churn",
               f"CASE WHEN count(tools_hash) >= {TOOL_CHURN_MIN_REQUESTS} "
               "THEN count(DISTINCT tools_hash) * 1.0 / count(tools_hash) END",
               "exchange", "elicitation", "high",
               "Distinct tool catalogues per request that declares tools (numbers and ids masked; from "
               f"{TOOL_CHURN_MIN_REQUESTS} such requests). An application, an agent or a gateway's customers each "
               "declare their own fixed set of tools, sent again with every request and every round of a task, so "
               "the ratio is the number of applications over their requests: near 0. Synthetic function-calling "
               "data is made by sampling a fresh catalogue of plausible tools for every request and keeping the "
               "call the model chooses: a new catalogue nearly every time. A developer revising a tool schema, or "
               "an application that writes each end user's records into an enum, stays well under half.",
               min_scale=0.2, requires=("prompt",), design_center=0.0, support="n_prompts"),
    FeatureDef("forged_history_share",
               f"CASE WHEN count(forged) >= {FORGED_HISTORY_MIN_REQUESTS} THEN "
               + WILSON_LOWER.format(k="sum(forged)", n="count(forged)") + " END",
               "exchange", "elicitation", "high",
               "Share of the requests resending a conversation (earlier assistant turns) whose history holds an "
               "assistant turn the model never gave this account: the lower end of its one-sided 95% Wilson "
               f"interval, from {FORGED_HISTORY_MIN_REQUESTS} such requests. An honest client sends back what the "
               "model answered it (a chat, an agent's loop, a regenerated reply), so every earlier assistant turn is "
               "one of the account's own responses. Agent-trajectory, preference and reasoning harvests write the "
               "history themselves: fabricated tool calls with made-up results asking only for the next action, "
               "reasoning replayed from other sessions or accounts, answers in a coerced language, put in the "
               "model's mouth to make it continue. A turn counts when it matches no response of the account (the "
               "first 256 characters, case and white space aside, reasoning blocks dropped) and at most "
               f"{HISTORY_REUSE_MAX} requests carry it after the same turn: a few-shot example is the same answer to "
               "the same question in every request, a canned tool call written after each new task is not. Its "
               "support is every exchange, not the prompts: a forged trajectory ends with a tool's output, a tool "
               "round, which carries no prompt of its own. It is read only for a customer whose log keeps the "
               f"responses of at least {FORGED_HISTORY_KEPT_MIN:.0%} of its answered requests. Its ordinary value is "
               "then 0 by design (an honest client resends only what it was answered), so it is measured from 0 "
               "wherever the median of the accounts that resend turns is above it: in a log where few accounts "
               "resend conversations, those few may all be one harvest's.",
               min_scale=0.2, requires=("prompt", "response_text"), design_center=0.0),
    FeatureDef("template_diversity", "count(DISTINCT template_id) / nullif(count(template_id), 0)", "exchange",
               "concentration", "low", "Distinct prompt templates per exchange (templated harvesting).",
               min_scale=0.1, min_support=20, requires=("prompt_template",), support="n_prompts"),
    FeatureDef("prompt_diversity", "count(DISTINCT prompt_hash) / nullif(count(prompt_hash), 0)", "exchange",
               "concentration", "low", "Distinct exact prompts per exchange.", min_scale=0.1, min_support=20,
               requires=("prompt",), support="n_prompts"),
    FeatureDef("mean_requested_output", "avg(max_tokens)", "exchange", "output", "high",
               "Mean requested output length (max_tokens).", transform="log1p", min_scale=0.3,
               requires=("max_tokens",), min_support=5),
    FeatureDef("mean_completion_tokens", "avg(completion_tokens)", "exchange", "output", "high",
               "Mean completion tokens returned.", transform="log1p", min_scale=0.3,
               requires=("completion_tokens",), min_support=5),
    FeatureDef("top_topic_share", "max(topic_n) / sum(topic_n)", "topic", "concentration", "high",
               "Share of the account's prompts on its most frequent capability/topic.", min_scale=0.1,
               min_support=20, requires=("topic",), support="n_prompts"),
    FeatureDef("languages", "count(DISTINCT language)", "exchange", "volume", "high",
               "Distinct prompt languages.", min_scale=1.0, min_support=10, requires=("language",),
               support="n_prompts"),
    # -- infrastructure ------------------------------------------------------------------------------------
    FeatureDef("network_fanout", "count(DISTINCT net)", "exchange", "infrastructure", "high",
               "Distinct client networks (/24) using the account.", transform="log1p", min_scale=0.5,
               requires=("client_ip",)),
    FeatureDef("user_agent_fanout", "count(DISTINCT user_agent)", "exchange", "infrastructure", "high",
               "Distinct user agents using the account.", transform="log1p", min_scale=0.5,
               requires=("user_agent",)),
    # -- model pivot ---------------------------------------------------------------------------------------
    FeatureDef("new_model_first_use_h", "min(CASE WHEN model_release_t IS NOT NULL THEN t - model_release_t END)"
               " / 3600.0", "exchange", "tempo", "low",
               "Hours from a model's release (inside the period) to the account's first request to it.",
               transform="log1p", min_scale=0.5),
    FeatureDef("new_model_share_48h",
               "sum(CASE WHEN model_release_t IS NOT NULL AND t - model_release_t < 172800 THEN 1 ELSE 0 END)"
               f" / nullif(CASE WHEN {_RELEASE_WINDOW_N} >= 20 THEN {_RELEASE_WINDOW_N} END, 0)",
               "exchange", "pivot", "high",
               "Share of the account's requests in the 48 h after a release that went to the new model "
               "(null below 20 requests in that window).",
               min_scale=0.1, min_support=20),
)

#: Columns computed beside the features and never scored on their own: the scorer reads them to qualify a verdict
#: (``scoring.accounts``). ``reasoning_elicitation_share_ungraded`` is the elicitation share without the prompts
#: whose deciding instruction asks for a grade, a label or a preference (the classifier's grading head): an
#: LLM-as-judge product sends nothing else, and so does a reward-model harvest, so on its own a grading share
#: leaves an account at ``watch`` and it is the cluster (campaign linkage) that tells the harvest.
AUX_FEATURES: tuple[FeatureDef, ...] = (
    FeatureDef("reasoning_elicitation_share_ungraded",
               WILSON_LOWER.format(k="sum(re_ungraded) * 1.0 / count(re_ungraded) * count(DISTINCT prompt_hash)",
                                   n="nullif(count(DISTINCT prompt_hash), 0)"),
               "exchange", "elicitation", "high",
               "reasoning_elicitation_share counted without the prompts that ask for a grade (LLM-as-judge and "
               "reward-model prompts); qualifies the suspect verdict, never scored itself.",
               min_scale=0.05, min_support=5, requires=("reasoning_elicitation",), design_center=0.0,
               support="n_distinct_prompts"),
)
#: scored feature -> the auxiliary column that stands in for it when the suspect verdict is qualified
UNGRADED: dict[str, str] = {"reasoning_elicitation_share": "reasoning_elicitation_share_ungraded"}


def feature_names() -> list[str]:
    return [f.name for f in FEATURES]


def get_feature(name: str) -> FeatureDef:
    for f in FEATURES:
        if f.name == name:
            return f
    raise KeyError(f"unknown feature {name!r}; known: {', '.join(feature_names())}")
