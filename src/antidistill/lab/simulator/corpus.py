"""Text pools from the real public prompt sets, indexed so rows can reference text by integer.

Every string the simulator writes lives once in a :class:`TextPool`; rows carry int32 indices and the
engine turns them into Arrow strings with ``pyarrow.compute.take``. A :class:`Topic` is an aligned
set of prompts with their reference response and, where the data has one, a worked rationale that
serves as reasoning text (gsm8k rationales, also for the parallel mgsm problems in 11 languages).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from antidistill.datasets import read_jsonl

MGSM_LANGS = ("en", "de", "es", "fr", "ja", "ru", "zh", "bn", "sw", "te", "th")


class TextPool:
    """Interned strings; index 0 is the empty string."""

    def __init__(self) -> None:
        self._strings: list[str] = [""]
        self._index: dict[str, int] = {"": 0}
        self._arrow: pa.Array | None = None

    def add(self, text: str) -> int:
        """Index of ``text``, interning it if new."""
        idx = self._index.get(text)
        if idx is None:
            idx = len(self._strings)
            self._strings.append(text)
            self._index[text] = idx
            self._arrow = None
        return idx

    def add_many(self, texts: list[str]) -> np.ndarray:
        """Indices of ``texts`` (int32), interning new ones."""
        return np.fromiter((self.add(t) for t in texts), dtype=np.int32, count=len(texts))

    def __len__(self) -> int:
        return len(self._strings)

    def __getitem__(self, idx: int) -> str:
        return self._strings[idx]

    @property
    def arrow(self) -> pa.Array:
        """The pool as one Arrow string array (built once, reused by every block)."""
        if self._arrow is None:
            self._arrow = pa.array(self._strings, type=pa.string())
        return self._arrow


@dataclass(frozen=True)
class Topic:
    """Aligned prompt/response/rationale indices for one kind of task in one language."""

    name: str
    language: str
    prompts: np.ndarray  # (k,) int32 pool indices
    responses: np.ndarray  # (k,) int32, 0 = none in the data
    rationales: np.ndarray  # (k,) int32, 0 = none in the data

    def __len__(self) -> int:
        return int(self.prompts.shape[0])


def _rationale(answer: str) -> str:
    """gsm8k answers carry ``<<calc>>`` annotations and a ``#### n`` line; a reasoning trace has neither."""
    return re.sub(r"<<[^>]*>>", "", answer.split("####")[0]).strip()


class Corpus:
    """All topics used by the personas and campaigns, loaded from ``data_dir``."""

    def __init__(self, pool: TextPool, topics: dict[str, Topic]) -> None:
        self.pool = pool
        self.topics = topics

    def topic(self, name: str) -> Topic:
        """A topic by name; unknown names fail with the list of known ones."""
        try:
            return self.topics[name]
        except KeyError:
            raise KeyError(f"unknown topic {name!r}; known: {', '.join(sorted(self.topics))}") from None

    def texts(self, indices: np.ndarray) -> list[str]:
        """The strings at ``indices`` (for tests and debugging)."""
        return [self.pool[int(i)] for i in indices]


def _topic(pool: TextPool, name: str, lang: str, prompts: list[str], responses: list[str],
           rationales: list[str] | None = None) -> Topic:
    return Topic(name=name, language=lang, prompts=pool.add_many(prompts), responses=pool.add_many(responses),
                 rationales=pool.add_many(rationales if rationales is not None else [""] * len(prompts)))


@functools.lru_cache(maxsize=2)
def load_corpus(data_dir: Path) -> Corpus:
    """Read the prompt sets once per process (a few MB; about a second)."""
    d = Path(data_dir)
    pool = TextPool()
    topics: dict[str, Topic] = {}

    def add(t: Topic) -> None:
        topics[t.name] = t

    gsm = read_jsonl(d / "gsm8k" / "test.jsonl")
    gsm_q = [str(r["question"]) for r in gsm]
    gsm_rat = [_rationale(str(r["answer"])) for r in gsm]
    gsm_final = [f"The answer is {str(r['answer']).split('####')[-1].strip()}." for r in gsm]
    add(_topic(pool, "math_word", "en", gsm_q, gsm_final, gsm_rat))
    by_question = {q.strip(): i for i, q in enumerate(gsm_q)}

    mgsm_en: list[str] = []
    for lang in MGSM_LANGS:
        path = d / "mgsm" / f"mgsm_{lang}.tsv"
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        if lang == "en":
            mgsm_en = [r[0] for r in rows]
        qs = [r[0] for r in rows]
        ans = [f"{r[1]}" for r in rows]
        # mgsm is a human translation of gsm8k test problems: reuse the English worked rationale.
        rat = [gsm_rat[by_question[q.strip()]] if q.strip() in by_question else "" for q in mgsm_en]
        add(_topic(pool, f"mgsm_{lang}", lang, qs, ans, rat))

    v1 = read_jsonl(d / "arena-hard" / "arena-hard-v0.1-question.jsonl")
    v2 = read_jsonl(d / "arena-hard" / "arena-hard-v2.0-question.jsonl")
    seed = read_jsonl(d / "self-instruct" / "seed_tasks.jsonl")
    user = read_jsonl(d / "self-instruct" / "user_oriented_instructions.jsonl")

    def task_text(r: dict[str, object]) -> tuple[str, str]:
        inst = r.get("instances") or [{}]
        first = inst[0] if isinstance(inst, list) and inst else {}
        inp = str(first.get("input", "") or "") if isinstance(first, dict) else ""
        out = str(first.get("output", "") or "") if isinstance(first, dict) else ""
        text = str(r["instruction"]) + (f"\n\n{inp}" if inp else "")
        return text, out

    si = [task_text(r) for r in seed + user]
    si_out = [o for _, o in si if o]
    chat_prompts = [str(r["prompt"]) for r in v1] + [t for t, _ in si]
    # Arena prompts have no reference answers: pair them with real human-written task outputs.
    chat_resp = [si_out[i % len(si_out)] for i in range(len(v1))] + [o for _, o in si]
    add(_topic(pool, "chat_en", "en", chat_prompts, chat_resp))
    he = read_jsonl(d / "humaneval" / "HumanEval.jsonl.gz")
    he_code = ["```python\n" + str(r["prompt"]) + str(r["canonical_solution"]) + "```" for r in he]
    add(_topic(pool, "code_fn", "en", [str(r["prompt"]) for r in he], he_code))
    # Arena v2 prompts have no reference answers: stand in real text of the same kind (code for coding,
    # worked GSM8K solutions for math, human-written task outputs for creative writing).
    stand_in = {"coding": he_code, "math": [f"{r}\n\n{a}" for r, a in zip(gsm_rat, gsm_final, strict=True)],
                "creative_writing": si_out}
    for sub in ("coding", "math", "creative_writing"):
        ps = [str(r["prompt"]) for r in v2 if r.get("subcategory") == sub]
        fill = stand_in[sub]
        add(_topic(pool, f"arena_{sub}", "mixed", ps, [fill[i % len(fill)] for i in range(len(ps))]))

    belle = read_jsonl(d / "belle-zh" / "eval_set.json")
    zh_seed = read_jsonl(d / "belle-zh" / "zh_seed_tasks.json")
    zh_pairs = [(str(r["question"]), str(r.get("std_answer") or "")) for r in belle] + [task_text(r) for r in zh_seed]
    zh_fill = [a for _, a in zh_pairs if a]
    add(_topic(pool, "chat_zh", "zh", [q for q, _ in zh_pairs],
               [a if a else zh_fill[i % len(zh_fill)] for i, (_, a) in enumerate(zh_pairs)]))
    return Corpus(pool, topics)

