"""Synthetic reply text of plausible shape and length (the provider's model is fictional).

Replies start from the source's real reference answer where one exists and are padded with
generated sentences that reuse the prompt's own words, so replies stay on topic and in the
prompt's language. Only the first ``MAX_TEXT`` characters are ever built because the edge
service truncates logged bodies anyway; token counts in ``usage`` reflect the full length.
"""
from __future__ import annotations

import functools
import math
import re

import numpy as np

from .corpus import Prompt
from .rng import pick

MAX_TEXT = 2600

_GLUE = ["the", "a", "this", "that", "each", "every", "its", "our", "your", "their", "which", "when", "because", "so", "then", "also", "however", "therefore", "first", "next", "finally", "instead", "rather", "than", "with", "without", "for", "from", "into", "over", "under", "between", "after", "before", "is", "are", "was", "be", "can", "should", "could", "would", "will", "may", "might", "must", "not", "only", "more", "less", "most"]
_VERBS = ["consider", "compute", "check", "note", "use", "apply", "define", "return", "keep", "compare", "combine", "split", "handle", "verify", "describe", "explain", "choose", "assume", "update", "build", "test", "map", "reduce", "add", "remove", "convert", "simplify", "estimate"]
_NOUNS = ["value", "result", "step", "case", "function", "input", "output", "list", "number", "total", "answer", "approach", "example", "method", "condition", "constraint", "pattern", "structure", "section", "idea", "reason", "point", "option", "detail", "rule", "error", "edge", "solution", "problem", "term", "factor", "variable", "item", "string", "array", "loop", "table", "query", "record", "field", "version"]
_HEADINGS = ["Clarifying the request", "Breaking down the problem", "Checking the constraints", "Working through the numbers",
             "Evaluating options", "Drafting the answer", "Verifying the result", "Considering edge cases",
             "Structuring the response", "Reviewing assumptions", "Planning the implementation", "Refining the explanation"]
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\-']{3,}")


def est_tokens(text: str) -> int:
    """Rough tokenizer-free token estimate: ~4 ASCII chars or ~1 CJK char per token."""
    if not text:
        return 0
    extra = len(text.encode("utf-8")) - len(text)
    wide = extra // 2
    return max(1, int((len(text) - wide) / 4.0 + wide * 0.9))


def topic_words(prompt: Prompt, k: int = 12) -> list[str]:
    return _topic(prompt.text, k)


@functools.cache
def _topic(text: str, k: int) -> list[str]:
    words = _WORD_RE.findall(text[:1500])
    seen: list[str] = []
    for w in words:
        lw = w.lower()
        if lw not in seen and lw not in _GLUE:
            seen.append(lw)
        if len(seen) >= k:
            break
    return seen or ["topic"]


_BANK_CUM = np.array([0.25, 0.4, 0.65])


@functools.lru_cache(maxsize=4096)
def _bank(topic: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All words as one object array plus each bank's size and offset (topic, verbs, nouns, glue)."""
    banks = [list(topic), _VERBS, _NOUNS, _GLUE]
    sizes = np.array([len(b) for b in banks])
    offs = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    return np.array([w for b in banks for w in b], dtype=object), sizes, offs


def _words(rng: np.random.Generator, topic: list[str], n: int) -> list[str]:
    """``n`` words drawn from the topic (25%), verb, noun and glue banks (vectorised)."""
    allw, sizes, offs = _bank(tuple(topic))
    b = np.searchsorted(_BANK_CUM, rng.random(n))
    k = (rng.random(n) * sizes[b]).astype(np.int64) + offs[b]
    return allw[k].tolist()


def _join(words: list[str], lengths: list[int], para: int = 3) -> str:
    """Capitalise and punctuate ``words`` into sentences of ``lengths``, a paragraph break every ``para``."""
    pos, n = 0, len(words)
    for i, length in enumerate(lengths):
        if pos >= n:
            break
        words[pos] = words[pos].capitalize()
        end = min(n, pos + length) - 1
        words[end] += ".\n\n" if i % para == para - 1 else "."
        pos = end + 1
    return " ".join(words).replace("\n\n ", "\n\n").strip()


_TEMPLATES = ["{A} matters here, so we {v} the {b} before the {n}.", "First {v} the {a}; then the {b} follows from the {n}.",
              "The key {n} is how {a} relates to {b}.", "To {v} this, look at {a} and {b} together.",
              "{A} and {b} are the main parts of the {n}.", "Note that the {a} depends on the {b}, which we {v} next."]


def sentence(rng: np.random.Generator, topic: list[str]) -> str:
    """One templated sentence that mentions two of the topic words (a single random draw)."""
    r = rng.random(4).tolist()
    a = topic[int(r[1] * len(topic))]
    return _TEMPLATES[int(r[0] * len(_TEMPLATES))].format(
        A=a.capitalize(), a=a, b=topic[int(r[2] * len(topic))], v=_VERBS[int(r[3] * len(_VERBS))],
        n=_NOUNS[int(r[3] * 997) % len(_NOUNS)])


@functools.lru_cache(maxsize=1)
def _pool() -> tuple[str, ...]:
    """A fixed pool of generic filler sentences (built once from a constant stream)."""
    rng = np.random.Generator(np.random.PCG64(20260302))
    words = _words(rng, _NOUNS, 8192 * 12)
    lengths = (7 + rng.random(8192) * 12).astype(np.int64).tolist()
    out, pos = [], 0
    for length in lengths:
        out.append(" ".join(words[pos:pos + length]).capitalize() + ".")
        pos += length
    return tuple(out)


def prose(rng: np.random.Generator, prompt: Prompt, n_chars: int) -> str:
    """About ``n_chars`` of filler prose on the prompt's topic, in its language."""
    n_chars = max(1, min(n_chars, MAX_TEXT))
    foreign = prompt.lang != "en" and not prompt.text[:400].isascii()
    if foreign:
        frags = _frags(prompt.text)
        n = max(2, n_chars // 8)
        idx = (rng.random(n) * len(frags)).astype(np.int64).tolist()
        stop = "。" if "\u4e00" <= prompt.text[0] <= "\u9fff" else ". "
        parts = [frags[i] + (stop if j % 5 == 4 else " ") for j, i in enumerate(idx)]
        return "".join(parts)[:n_chars]
    pool = _pool()
    n = n_chars // 80 + 1
    idx = (rng.random(n) * len(pool)).astype(np.int64).tolist()
    sents = [sentence(rng, topic_words(prompt))] + [pool[i] for i in idx]
    for k in range(3, len(sents), 4):
        sents[k] = "\n\n" + sents[k]
    return " ".join(sents).replace(" \n\n", "\n\n")[:n_chars]


@functools.lru_cache(maxsize=2048)
def _frags(text: str) -> list[str]:
    return [f[:24] for f in re.split(r"[\s，。、,.!?？！；;:：]+", text[:2000]) if f] or [text[:40]]


def clean_reference(answer: str) -> str:
    return re.sub(r"<<[^>]*>>", "", answer).replace("\n#### ", "\nThe answer is ")


def reply(rng: np.random.Generator, prompt: Prompt, out_tokens: int, style: str = "chat") -> str:
    """Visible reply text for ``prompt`` whose full length would be ``out_tokens`` tokens."""
    budget = min(MAX_TEXT, out_tokens * (4 if prompt.text.isascii() else 2))
    head = ""
    if prompt.answer and rng.random() < 0.85:
        head = clean_reference(prompt.answer) + "\n\n"
    if style == "steps":
        steps = []
        for i in range(int(rng.integers(3, 8))):
            steps.append(f"**Step {i + 1}.** " + prose(rng, prompt, int(rng.integers(120, 320))))
        body = head + "\n\n".join(steps)
    elif style == "code":
        fn = pick(rng, _NOUNS)
        code = head if head else f"```python\ndef {fn}_{pick(rng, _VERBS)}(data):\n    result = []\n    for item in data:\n        result.append(item)\n    return result\n```\n\n"
        body = code + prose(rng, prompt, budget - len(code))
    else:
        body = head + prose(rng, prompt, budget - len(head))
    return body[:budget] if len(body) > budget else body


def summary(rng: np.random.Generator, prompt: Prompt, parts: int) -> list[str]:
    """Reasoning-summary paragraphs as the Responses API returns them (``summary_text`` items)."""
    start = int(rng.random() * len(_HEADINGS))
    lens = (150 + rng.random(parts) * 450).astype(np.int64).tolist()
    return [f"**{_HEADINGS[(start + 5 * k) % len(_HEADINGS)]}**\n\n" + prose(rng, prompt, lens[k])
            for k in range(min(parts, len(_HEADINGS)))]


def reply_tokens(rng: np.random.Generator, median: float, sigma: float = 0.6, lo: int = 8, hi: int = 16000) -> int:
    return int(min(hi, max(lo, median * math.exp(sigma * rng.standard_normal()))))
