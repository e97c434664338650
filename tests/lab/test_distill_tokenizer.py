from __future__ import annotations

from pathlib import Path

import pytest

from antidistill.errors import InputError
from antidistill.lab.distill.sequences import decode_completion, encode_completion, parse_answer
from antidistill.lab.distill.task import TaskFamily, template_words
from antidistill.lab.distill.tokenizer import SPECIALS, WordTokenizer


@pytest.fixture(scope="module")
def tok() -> WordTokenizer:
    task = TaskFamily()
    return WordTokenizer.build(task.words.all_words() | template_words())


def test_round_trip_of_problems_and_solutions(tok: WordTokenizer) -> None:
    task = TaskFamily()
    for i in range(200):
        p = task.problem(i)
        assert tok.unk_id not in tok.encode(p.question), p.question
        assert tok.decode(tok.encode(p.question)) == p.question
        assert tok.decode(tok.encode(p.reasoning)) == p.reasoning


def test_numbers_are_digits_and_unknown_words_are_unk(tok: WordTokenizer) -> None:
    ids = tok.encode("Zyxwv has 105")
    assert ids[0] == tok.unk_id
    assert [tok.vocab[i] for i in ids[2:]] == ["1", "0", "5"]


def test_completion_format_round_trip(tok: WordTokenizer) -> None:
    ids = encode_completion(tok, "12 + 5 = 17; 17 - 3 = 14", "The answer is 14.")
    out = decode_completion(tok, ids[1:])  # generation starts after <think>
    assert out.reasoning == "12 + 5 = 17; 17 - 3 = 14"
    assert out.content == "The answer is 14." and out.answer == 14
    answers_only = decode_completion(tok, encode_completion(tok, None, "The answer is 7.")[1:])
    assert answers_only.reasoning == "" and answers_only.answer == 7
    truncated = decode_completion(tok, tok.encode("12 + 5 ="))
    assert truncated.content == "" and truncated.answer is None
    assert parse_answer("no number here") is None


def test_save_load_and_bad_files(tok: WordTokenizer, tmp_path: Path) -> None:
    tok.save(tmp_path / "vocab.json")
    assert WordTokenizer.load(tmp_path / "vocab.json") == tok
    assert tok.vocab[: len(SPECIALS)] == SPECIALS
    (tmp_path / "bad.json").write_text('{"a": 1}')
    with pytest.raises(InputError, match=r"bad\.json"):
        WordTokenizer.load(tmp_path / "bad.json")
    with pytest.raises(ValueError, match="special tokens"):
        WordTokenizer(vocab=("a", "b"))
