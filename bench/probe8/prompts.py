"""Benign prompt builders over the real corpora, plus the fixed system prompts benign apps use."""

from __future__ import annotations

import random

from .corpus import Corpus

FOLLOW_UPS = [
    "Can you make it shorter?",
    "Thanks! Can you give me an example?",
    "What about the edge cases?",
    "Can you explain that part again more simply?",
    "ok and how would I do this in JavaScript instead?",
    "Rewrite it in a more formal tone please.",
    "That doesn't look right, can you double check?",
    "great, now turn it into a bulleted list",
    "能再详细一点吗？",
    "Why?",
]

ENTERPRISE_APPS = [
    (
        "You are ClaimAssist, an internal assistant for insurance adjusters at a property & casualty insurer. "
        "Summarise the claim note provided by the adjuster in at most five bullet points, flag missing documents, "
        "and classify severity as LOW, MEDIUM or HIGH. Never give legal advice. Reply in JSON with keys "
        "summary, missing_documents, severity.",
        "Claim note #{n}:\n{text}",
    ),
    (
        "You are the support triage model for a SaaS helpdesk. Given a customer ticket, return a JSON object with "
        "fields category (billing|bug|how-to|account|other), priority (1-4), language, and a one-sentence "
        "suggested_reply. Do not include any other text.",
        "Ticket {n} from customer portal:\n\n{text}",
    ),
    (
        "You are a product-description writer for an online retailer. Write a 60-90 word description in a warm, "
        "concise tone for the product details given. Avoid superlatives and medical claims.",
        "SKU {n}\nProduct details: {text}",
    ),
    (
        "You extract structured fields from procurement e-mails. Output JSON with vendor, amount, currency, "
        "due_date (ISO 8601) and po_number; use null when a field is absent.",
        "E-mail body (message id {n}):\n{text}",
    ),
    (
        "You are HR Policy Helper for employees. Answer only from the company policy knowledge you were given; if "
        "unsure say you will route the question to HR. Keep answers under 120 words.",
        "Employee question (ticket {n}): {text}",
    ),
    (
        "You are a compliance reviewer for marketing copy at a bank. List any statements that may be misleading, "
        "unsubstantiated or missing required disclaimers, then propose a compliant rewrite.",
        "Copy to review (campaign {n}):\n{text}",
    ),
]

RUBRIC_SYSTEMS = [
    "You are grading answers produced by our customer-support bot. Use the rubric: 1 = wrong or unsafe, "
    "2 = partially correct, 3 = correct but unhelpful tone, 4 = correct and helpful, 5 = excellent. "
    'Return JSON {"score": int, "reason": str}.',
    "You evaluate whether the assistant answer is grounded in the provided knowledge-base excerpt. Output "
    "GROUNDED or NOT_GROUNDED followed by a one-line justification.",
    "Rate the summary for faithfulness, coverage and concision, each 1-5, and give a short explanation.",
]

LANGS = [
    "French",
    "German",
    "Spanish",
    "Japanese",
    "Chinese (Simplified)",
    "Portuguese (Brazil)",
    "Italian",
    "Korean",
    "Dutch",
    "Polish",
    "Turkish",
    "Arabic",
]


def dev_prompt(c: Corpus, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return rng.choice(c.arena)
    if r < 0.7:
        ins, inp, _ = rng.choice(c.instructions)
        return f"{ins}\n\n{inp}".strip()
    if r < 0.85:
        return "Complete this function:\n\n" + rng.choice(c.humaneval).prompt
    return rng.choice(c.unnatural)


def chat_opening(c: Corpus, rng: random.Random) -> str:
    r = rng.random()
    if r < 0.35:
        return rng.choice(c.arena)
    if r < 0.55:
        return rng.choice(c.hh_first_turns)
    if r < 0.75:
        ins, inp, _ = rng.choice(c.instructions)
        return f"{ins} {inp}".strip()
    if r < 0.9:
        return rng.choice(c.belle)[0]
    return rng.choice(c.gsm8k).question


def business_text(c: Corpus, rng: random.Random) -> str:
    """The variable part of an enterprise template: real instance inputs or instructions."""
    ins, inp, _ = rng.choice(c.instructions)
    return inp if len(inp) > 40 else f"{ins} {inp}".strip()
