"""The teacher: trained from scratch on the teacher split, cached, and answering prompts.

Weights live in ``<cache>/teacher-<key>`` where the key hashes everything that determines them
(task seed, word lists, model size, training settings), so a changed recipe never reuses stale
weights and a missing folder is regenerated bit-for-bit from the seeds.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from transformers import GPT2LMHeadModel, LogitsProcessorList

from antidistill.lab.distill.decoding import DecodeConfig, generate
from antidistill.lab.distill.model import TEACHER, TEACHER_QUICK, ModelSpec, load_model, save_model
from antidistill.lab.distill.sequences import (
    Completion,
    Example,
    decode_completion,
    encode_completion,
    encode_prompt,
    prompt_text,
)
from antidistill.lab.distill.task import ELICIT_INSTRUCTIONS, HONEST_INSTRUCTIONS, TaskFamily, template_words
from antidistill.lab.distill.tokenizer import WordTokenizer
from antidistill.lab.distill.training import TrainConfig, train_model

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path.home() / ".cache" / "antidistill" / "lab"


@dataclass(frozen=True)
class TeacherRecipe:
    """Everything that determines the teacher's weights."""

    spec: ModelSpec
    train: TrainConfig
    n_problems: int
    task_seed: int = 0
    # Share of training problems behind an elicitation / an honest instruction line (the rest have none).
    # The attacker always prompts behind elicitation templates, so this decides how well the teacher
    # answers the harvest (format 1 had 4/26 elicit and 4/26 honest: 56% exact match behind elicitation
    # against 68% for honest users).
    elicit_share: float = 4 / 26
    honest_share: float = 4 / 26

    def key(self, tok: WordTokenizer, task: TaskFamily) -> str:
        """Short hash of the recipe, the vocabulary and the task generator's output."""
        blob = json.dumps({"spec": asdict(self.spec), "train": asdict(self.train), "n": self.n_problems,
                           "task_seed": self.task_seed, "task": task.fingerprint(), "vocab": list(tok.vocab),
                           "elicit_share": self.elicit_share, "honest_share": self.honest_share,
                           "format": 2}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


# 5,000 steps and a third of the problems behind elicitation lines (docs/lab-results.md, "Teacher"): at
# equal wall time more steps of 3 x 64 beat a 4 x 128 model, and the elicitation share lifted accuracy
# behind the attacker's templates from 56% to 66% at 1,200 steps.
FULL_RECIPE = TeacherRecipe(spec=TEACHER, train=TrainConfig(steps=5000, batch_size=32, lr=3e-3, seed=1),
                            n_problems=20000, elicit_share=0.35, honest_share=0.3)
QUICK_RECIPE = TeacherRecipe(spec=TEACHER_QUICK, train=TrainConfig(steps=300, batch_size=32, lr=3e-3, seed=1),
                             n_problems=2000)


def build_tokenizer(task: TaskFamily) -> WordTokenizer:
    """The lab's shared tokenizer: task word lists plus template words."""
    return WordTokenizer.build(task.words.all_words() | template_words())


def teacher_examples(task: TaskFamily, tok: WordTokenizer, n: int, seed: int, *, elicit_share: float = 4 / 26,
                     honest_share: float = 4 / 26) -> list[Example]:
    """Ground-truth worked solutions for the first ``n`` teacher-split problems, behind random instructions.

    Each problem gets an elicitation line with probability ``elicit_share``, an honest one with
    ``honest_share``, and none otherwise (the teacher must learn to ignore instructions).
    """
    if elicit_share < 0 or honest_share < 0 or elicit_share + honest_share > 1:
        raise ValueError(f"instruction shares must be >= 0 and sum to <= 1, got elicit_share={elicit_share} "
                         f"honest_share={honest_share}")
    rng = np.random.default_rng(seed)
    out = []
    for p in task.take("teacher", n):
        u = rng.random()
        pool = ELICIT_INSTRUCTIONS if u < elicit_share else HONEST_INSTRUCTIONS[1:] if u < elicit_share + honest_share \
            else ("",)
        out.append(Example(encode_prompt(tok, prompt_text(p, str(rng.choice(pool)))),
                           encode_completion(tok, p.reasoning, p.final)))
    return out


@dataclass
class Teacher:
    """A loaded teacher model with its tokenizer; :meth:`answer` is what the server calls."""

    model: GPT2LMHeadModel
    tok: WordTokenizer
    folder: Path

    def answer(self, messages: Sequence[str], *, cfg: DecodeConfig | None = None,
               processors: LogitsProcessorList | None = None,
               generator: torch.Generator | None = None) -> list[Completion]:
        """Completions for a batch of user messages (all decoded with the same processors)."""
        prompts = [encode_prompt(self.tok, m) for m in messages]
        outs = generate(self.model, self.tok, prompts, cfg or DecodeConfig(), processors=processors,
                        generator=generator)
        return [decode_completion(self.tok, ids) for ids in outs]


def load_or_train_teacher(*, cache: Path = DEFAULT_CACHE, quick: bool = False, task: TaskFamily | None = None,
                          recipe: TeacherRecipe | None = None) -> Teacher:
    """The cached teacher for ``recipe``; trains and saves it first when the cache lacks it."""
    recipe = recipe or (QUICK_RECIPE if quick else FULL_RECIPE)
    task = task or TaskFamily(seed=recipe.task_seed)
    if task.seed != recipe.task_seed:
        raise ValueError(f"task seed {task.seed} differs from the recipe's task_seed {recipe.task_seed}")
    tok = build_tokenizer(task)
    folder = cache / f"teacher-{recipe.key(tok, task)}"
    if (folder / "model.safetensors").is_file():
        model, saved_tok = load_model(folder)
        if saved_tok.vocab != tok.vocab:
            raise ValueError(f"{folder}/vocab.json does not match the task family's vocabulary")
        return Teacher(model=model, tok=tok, folder=folder)
    log.info("event=teacher_train folder=%s steps=%d", folder, recipe.train.steps)
    examples = teacher_examples(task, tok, recipe.n_problems, seed=recipe.train.seed,
                                elicit_share=recipe.elicit_share, honest_share=recipe.honest_share)
    model, result = train_model(recipe.spec, tok, examples, recipe.train)
    tmp = folder.with_name(folder.name + ".tmp")
    save_model(model, tok, tmp)
    (tmp / "train.json").write_text(json.dumps({**asdict(result), "recipe": asdict(recipe)}))
    tmp.rename(folder)  # atomic: a half-written folder is never mistaken for a cached teacher
    return Teacher(model=model, tok=tok, folder=folder)
