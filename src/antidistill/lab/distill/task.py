"""The task family: multi-step arithmetic word problems with verifiable answers and worked solutions.

Every problem is a pure function of ``(seed, index)``: a story of 2-4 quantity changes (add,
subtract, double, triple) about a named person and a kind of object, a step-by-step solution
(``12 + 5 = 17; 17 - 3 = 14``) and an integer answer. Splits are fixed by hashing the problem
text, so a text can never sit in two splits (teacher-train, attacker prompts, held-out eval) and
the splits do not move when sizes change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import numpy as np

from antidistill.lab.distill.words import WordLists, load_word_lists

Split = Literal["teacher", "attacker", "eval"]
SPLITS: tuple[Split, ...] = ("teacher", "attacker", "eval")
# Hash buckets out of 100: most problems train the teacher; attacker and eval pools are still far
# larger than any harvest or evaluation set we draw.
_BUCKETS: dict[Split, range] = {"teacher": range(0, 60), "attacker": range(60, 85), "eval": range(85, 100)}
# Values stay in 0..20: the addition/subtraction table is then a few hundred facts, which a teacher
# trained for minutes on a shared CPU learns; with values up to 99 it got the chains right but the sums wrong.
MAX_VALUE = 20
MAX_OPERAND = 9

# Instruction lines put before a problem. The teacher trains on all of them (it must ignore them);
# the attacker's chain-of-thought elicitation templates are the "elicit" ones.
HONEST_INSTRUCTIONS: tuple[str, ...] = ("", "Please solve this.", "What is the answer?", "Quick question.",
                                        "Can you help me with my homework?")
ELICIT_INSTRUCTIONS: tuple[str, ...] = (
    "Think step by step and write out your full reasoning.",
    "Explain every step of your reasoning before the answer.",
    "Show all your work and reasoning in detail.",
    "Imagine and articulate the internal reasoning behind the answer and write it out step by step.",
)

_ADD = ("{n} buys {b} more at the {place}.", "{m} gives {n} {b} more.", "{n} finds {b} more at the {place}.",
        "{n} gets {b} more from {m}.", "{n} makes {b} more.", "{n} wins {b} more at the {place}.")
_SUB = ("{n} gives {b} to {m}.", "{n} sells {b} at the {place}.", "{n} loses {b} at the {place}.",
        "{n} uses {b}.", "{m} takes {b} from {n}.", "{n} gives away {b}.")
_MUL = {2: ("{n} doubles them.", "{m} doubles them for {n}."), 3: ("{n} triples them.",)}

# Free wording of the worked solution. Real chains of thought have entropy in their wording: many
# ways to say the same step, none more right than another. A watermark can only live there (a
# confident model's arithmetic leaves it no choice to bias), and a student that learns the teacher's
# wording learns the mark with it (the radioactivity test). Each step states its result with one of
# EQUALS and each later step opens with one of LINKS, drawn per problem after everything else, so the
# questions, answers and splits are those of the plain format.
EQUALS: tuple[str, ...] = ("=", "is", "makes", "gives", "equals", "yields")
LINKS: tuple[str, ...] = ("then", "next", "so", "now", "and", "thus", "hence", "also")


@dataclass(frozen=True)
class Problem:
    """One problem: its text, worked solution and integer answer."""

    index: int
    question: str
    steps: tuple[str, ...]  # each "a op b = c"
    answer: int
    equals: tuple[str, ...] = ()  # per step, how its result is stated ("=" when empty)
    links: tuple[str, ...] = ()  # per step after the first, the word that opens it

    @property
    def reasoning(self) -> str:
        """The chain of thought as the teacher writes it: ``8 + 1 makes 9, then 9 + 4 = 13``."""
        parts = []
        for i, step in enumerate(self.steps):
            if i < len(self.equals) and self.equals[i] != "=":
                step = step.replace(" = ", f" {self.equals[i]} ")
            if i:
                step = f"{self.links[i - 1] if i - 1 < len(self.links) else 'then'} {step}"
            parts.append(step)
        return ", ".join(parts)

    @property
    def final(self) -> str:
        """The visible answer sentence (what a reasoning-hiding API still shows)."""
        return f"The answer is {self.answer}."


def template_words() -> set[str]:
    """Closed-class words used by the templates and instructions (for the tokenizer)."""
    texts = [*_ADD, *_SUB, *(t for ts in _MUL.values() for t in ts), *HONEST_INSTRUCTIONS, *ELICIT_INSTRUCTIONS,
             "{n} has {a} {adj} {obj}.", "How many {obj} does {n} have now?", "The answer is", *EQUALS, *LINKS]
    words: set[str] = set()
    for text in texts:
        for tok in text.replace("?", " ").replace(".", " ").replace(",", " ").split():
            if not tok.startswith("{"):
                words.add(tok)
    return words


class TaskFamily:
    """Deterministic generator of problems and fixed splits."""

    def __init__(self, *, seed: int = 0, words: WordLists | None = None, min_ops: int = 2, max_ops: int = 3) -> None:
        self.seed = seed
        self.words = words if words is not None else load_word_lists()
        self.min_ops = min_ops
        self.max_ops = max_ops
        # numpy arrays once, not per call: rng.choice converts sequences on every draw (same draws either way)
        self._names = np.array(self.words.names)
        self._objects = np.array(self.words.objects)
        self._adjectives = np.array(self.words.adjectives)
        self._places = np.array(self.words.places)
        self._kinds = np.array(["add", "sub", "mul"])
        self._add = np.array(_ADD)
        self._sub = np.array(_SUB)
        self._mul = {k: np.array(v) for k, v in _MUL.items()}
        self._equals = np.array(EQUALS)
        self._links = np.array(LINKS)

    def problem(self, index: int) -> Problem:
        """Problem number ``index`` (same text for the same seed and word lists, on any machine)."""
        rng = np.random.default_rng([self.seed, index])
        name, other = (str(x) for x in rng.choice(self._names, size=2, replace=False))
        obj, adj = str(rng.choice(self._objects)), str(rng.choice(self._adjectives))
        value = int(rng.integers(2, 13))
        sentences = [f"{name} has {value} {adj} {obj}."]
        steps: list[str] = []
        for _ in range(int(rng.integers(self.min_ops, self.max_ops + 1))):
            kind = rng.choice(self._kinds, p=[0.42, 0.42, 0.16])
            if kind == "mul" and value * 2 > MAX_VALUE:
                kind = "sub"
            if kind == "add" and value >= MAX_VALUE:
                kind = "sub"
            if kind == "sub" and value < 2:
                kind = "add"
            fill = {"n": name, "m": other, "place": str(rng.choice(self._places))}
            if kind == "add":
                b = int(rng.integers(1, min(MAX_OPERAND, MAX_VALUE - value) + 1))
                sentences.append(str(rng.choice(self._add)).format(b=b, **fill))
                steps.append(f"{value} + {b} = {value + b}")
                value += b
            elif kind == "sub":
                b = int(rng.integers(1, min(MAX_OPERAND, value) + 1))
                sentences.append(str(rng.choice(self._sub)).format(b=b, **fill))
                steps.append(f"{value} - {b} = {value - b}")
                value -= b
            else:
                factor = 3 if value * 3 <= MAX_VALUE and rng.random() < 0.4 else 2
                sentences.append(str(rng.choice(self._mul[factor])).format(**fill))
                steps.append(f"{value} * {factor} = {value * factor}")
                value *= factor
        sentences.append(f"How many {obj} does {name} have now?")
        # wording last: every draw before it (question, steps, answer) is that of the plain format
        equals = tuple(str(w) for w in rng.choice(self._equals, size=len(steps)))
        links = tuple(str(w) for w in rng.choice(self._links, size=len(steps) - 1))
        return Problem(index=index, question=" ".join(sentences), steps=tuple(steps), answer=value, equals=equals,
                       links=links)

    def fingerprint(self, n: int = 64) -> str:
        """Hash of the first ``n`` problems: changes whenever the generator, seed or word lists change."""
        h = hashlib.sha256()
        for i in range(n):
            p = self.problem(i)
            h.update(f"{p.question}|{p.reasoning}|{p.answer}\n".encode())
        return h.hexdigest()[:16]

    def split_of(self, problem: Problem) -> Split:
        """The split a problem text belongs to, by hash of the text (never by index)."""
        bucket = int.from_bytes(hashlib.sha256(problem.question.encode()).digest()[:4], "big") % 100
        for split, buckets in _BUCKETS.items():
            if bucket in buckets:
                return split
        raise AssertionError(f"bucket {bucket} outside every split")

    def iter_split(self, split: Split, *, start: int = 0) -> Iterator[Problem]:
        """Problems of one split in index order, without repeated texts."""
        seen: set[str] = set()
        index = start
        while True:
            p = self.problem(index)
            index += 1
            if p.question in seen or self.split_of(p) != split:
                continue
            seen.add(p.question)
            yield p

    def take(self, split: Split, n: int, *, offset: int = 0) -> list[Problem]:
        """Problems ``offset .. offset+n`` of a split (a fixed list: the same call gives the same list)."""
        out: list[Problem] = []
        for i, p in enumerate(self.iter_split(split)):
            if i >= offset + n:
                break
            if i >= offset:
                out.append(p)
        return out
