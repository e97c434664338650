from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from antidistill.errors import InputError
from antidistill.lab.distill.task import EQUALS, LINKS, MAX_VALUE, SPLITS, Problem, TaskFamily, template_words
from antidistill.lab.distill.words import WORDS_FILE, build_word_lists, load_word_lists

_STEP = re.compile(r"^(\d+) ([+\-*]) (\d+) = (\d+)$")


@pytest.fixture(scope="module")
def task() -> TaskFamily:
    return TaskFamily(seed=0)


def test_problems_are_deterministic_and_seed_dependent(task: TaskFamily) -> None:
    assert TaskFamily(seed=0).problem(17) == task.problem(17)
    assert TaskFamily(seed=1).problem(17) != task.problem(17)


def test_worked_solutions_are_correct_chains(task: TaskFamily) -> None:
    for i in range(400):
        p = task.problem(i)
        assert 2 <= len(p.steps) <= 3
        value = None
        for step in p.steps:
            m = _STEP.match(step)
            assert m, step
            a, op, b, c = int(m.group(1)), m.group(2), int(m.group(3)), int(m.group(4))
            assert value is None or a == value, f"step {step!r} does not continue from {value}"
            assert c == {"+": a + b, "-": a - b, "*": a * b}[op]
            assert 0 <= c <= MAX_VALUE
            value = c
            if op != "*":  # the operand is stated in the question
                assert re.search(rf"\b{b}\b", p.question)
        assert p.answer == value
        assert p.final == f"The answer is {value}."
        assert p.question.startswith(p.question.split()[0] + " has ")


def test_vocabulary_has_at_least_1000_word_types(task: TaskFamily) -> None:
    words: set[str] = set()
    for i in range(4000):
        words.update(re.findall(r"[A-Za-z']+", task.problem(i).question))
    assert len(words) >= 1000


def test_splits_are_disjoint_fixed_and_deduplicated(task: TaskFamily) -> None:
    texts = {s: [p.question for p in task.take(s, 150)] for s in SPLITS}
    for s in SPLITS:
        assert len(set(texts[s])) == 150
        assert all(task.split_of(p) == s for p in task.take(s, 50))
    assert not set(texts["teacher"]) & set(texts["attacker"])
    assert not set(texts["teacher"]) & set(texts["eval"])
    assert not set(texts["attacker"]) & set(texts["eval"])
    assert [p.question for p in task.take("eval", 20, offset=130)] == texts["eval"][130:]


def test_shipped_word_lists_match_gsm8k(shared_data: Path) -> None:
    mined = build_word_lists(shared_data / "gsm8k" / "test.jsonl")
    shipped = load_word_lists()
    assert mined == shipped
    assert len(shipped.names) > 400 and len(shipped.objects) > 300
    assert "apples" in shipped.objects and "Janet" in shipped.names
    assert not {"Monday", "less", "times"} & shipped.all_words()


def test_template_words_are_closed_class() -> None:
    words = template_words()
    assert {"has", "buys", "gives", "How", "answer"} <= words
    assert not any("{" in w for w in words)


def test_bad_word_list_names_file_and_key(tmp_path: Path) -> None:
    data = json.loads(WORDS_FILE.read_text())
    data["objects"] = []
    bad = tmp_path / "words.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(InputError, match="objects"):
        load_word_lists(bad)
    (tmp_path / "rows.jsonl").write_text('{"question": "A has 2."}\nnot json\n')
    with pytest.raises(InputError, match="line 2"):
        build_word_lists(tmp_path / "rows.jsonl")


def test_fingerprint_tracks_the_generator(task: TaskFamily) -> None:
    # the teacher cache key includes it, so a changed generator never reuses stale weights
    assert task.fingerprint() == TaskFamily(seed=0).fingerprint()
    assert task.fingerprint() != TaskFamily(seed=1).fingerprint()


def test_reasoning_words_each_step_freely_and_keeps_the_arithmetic(task: TaskFamily) -> None:
    equals: Counter[str] = Counter()
    links: Counter[str] = Counter()
    for i in range(2000):
        p = task.problem(i)
        assert len(p.equals) == len(p.steps) and len(p.links) == len(p.steps) - 1
        equals.update(p.equals)
        links.update(p.links)
        # the worded chain says the same arithmetic, step by step, in order
        parts = p.reasoning.split(", ")
        assert len(parts) == len(p.steps)
        for k, (part, step, eq) in enumerate(zip(parts, p.steps, p.equals, strict=True)):
            words = part.split()
            if k:
                assert words[0] == p.links[k - 1]
                words = words[1:]
            assert " ".join(words) == step.replace(" = ", f" {eq} ")
    # every wording is used, none dominates: the free choice a watermark can bias without changing an answer
    assert set(equals) == set(EQUALS) and set(links) == set(LINKS)
    assert max(equals.values()) < 1.3 * min(equals.values())
    assert max(links.values()) < 1.4 * min(links.values())
    assert set(EQUALS) | set(LINKS) <= template_words() | {"="}


def test_plain_format_is_the_worded_one_without_wording(task: TaskFamily) -> None:
    p = task.problem(2)
    plain = Problem(index=p.index, question=p.question, steps=p.steps, answer=p.answer)
    assert plain.reasoning == ", then ".join(p.steps)
