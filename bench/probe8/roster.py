"""Which personas and campaigns exist and how many of each: the registry the generator walks."""

from __future__ import annotations

from collections.abc import Callable

from . import campaigns_cot, campaigns_ops, personas_apps, personas_people
from .actors import Ctx

# kind -> (number of organisations at scale 1, builder(ctx, index))
PERSONAS: dict[str, tuple[int, Callable[[Ctx, int], None]]] = {
    "indie_dev": (150, personas_people.indie_dev),
    "student": (45, personas_people.student),
    "researcher_cot": (12, personas_people.researcher_cot),
    "eval_runner": (8, personas_people.eval_runner),
    "ci_job": (10, personas_people.ci_job),
    "llm_judge": (8, personas_people.llm_judge),
    "chat_app": (14, personas_apps.chat_app),
    "enterprise_fixed": (10, personas_apps.enterprise_fixed),
    "aggregator": (4, personas_apps.aggregator),
    "rag_app": (12, personas_apps.rag_app),
    "agent_tools": (10, personas_apps.agent_tools),
    "translation": (6, personas_apps.translation),
    "startup_launch": (4, personas_apps.startup_launch),
}

CAMPAIGNS: dict[str, Callable[[Ctx], None]] = {
    "answer_key_rationalizer": campaigns_cot.answer_key_rationalizer,
    "pairwise_preference_farm": campaigns_cot.pairwise_preference_farm,
    "thinking_language_lock": campaigns_cot.thinking_language_lock,
    "edu_signup_swarm": campaigns_cot.edu_signup_swarm,
    "resale_blend": campaigns_ops.resale_blend,
    "release_pivot_agentic": campaigns_ops.release_pivot_agentic,
    "schema_sweep": campaigns_ops.schema_sweep,
    "best_of_n_sampler": campaigns_ops.best_of_n_sampler,
}


def build_all(ctx: Ctx) -> None:
    for count, persona in PERSONAS.values():
        for i in range(ctx.n(count)):
            persona(ctx, i)
    for campaign in CAMPAIGNS.values():
        campaign(ctx)
