"""The prompt-signal stage's stored values stay the same when the signals only get faster.

Digests of what the scan stores per distinct prompt (topic label, template id and text, language)
over every real benign prompt of shared/data plus generated prompts dense in the cases the fast
paths special-case (overlapping topic rules, URLs, e-mails, numbers, names, mixed scripts). The
expected digests were computed by the signal code of commit d3103e4, before the speed-up
(issue 3). A deliberate change of a signal's output changes them: recompute them with
``python tests/signals/test_signals_outputs.py`` and say why in the commit.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

from antidistill.features.prompt_signals import _score_texts, clip_text
from antidistill.signals.corpus.benign import load_benign

EXPECTED = {
    "topic": "9623d245203b28626b6533e97c40ad2c63ecc6193d0e0296d849b52850c4660b",
    "template_id": "3f9a520d63ab8824bc767746756e1cec24eba80e0fe22159cde1fa49327aeda7",
    "template_text": "edda9f4a60ab51206aa63f330183d6e63121c818496c309fcaa7cf9028d9759d",
    "language": "627f0220e856c16974d6a44d77d77202212f0982cfd87b871732e5233d51cfa9",
}

_FRAGMENTS = [
    "def f(x):", "return x", "3 + 4 = 7", "-12%", "$5abc(x):", "1,000.5", "x.5", "a1", " each ", "per ", "python",
    "c++", "```", '"""', "=>", ";", "\n", "  ", "\t", "(", ")", "{", "!", "![alt](", "<image>", "[[a]]", "rubric",
    "Score the answers", "tool_call", "Thought: ", "\tfrom os import path", "$x^2$", "\\frac", " Alice Smith",
    ", Paris", "see https://x.io/a?b=1", "www.Example.com", "WwW.x.org", "bob@example.com", "@decorator",
    '"quoted text"', "'single'", "«guillemets»", "「引用」", "<think>hidden</think>", "21st", "10:30", "多少",
    "計算", "代码", "图片", "Σ", "ΑΣ ", "İ", "Привет мир", "Привіт, як справи", "مرحبا", "こんにちは", "안녕하세요",
    "hola amigo", "bonjour", "Guten Tag", "tiananmen", "rewrite", "let x be", "find the", "é", "_", ".", ",", "7",
]


def generated(seed: int = 0, n: int = 2000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_FRAGMENTS) for _ in range(rng.randint(0, 60))) for _ in range(n)]


def digests(shared_data: Path) -> dict[str, str]:
    """sha256 per stored column over the real and generated prompts, scored in batches as the stage does."""
    texts = [clip_text(t.text) for t in load_benign(shared_data)] + generated()
    values: dict[str, list[str]] = {key: [] for key in EXPECTED}
    for lo in range(0, len(texts), 4000):
        columns, _ = _score_texts(["language", "prompt_template", "topic"], texts[lo:lo + 4000])
        for key in EXPECTED:
            values[key] += [str(v) for v in columns[key].tolist()]
    return {key: hashlib.sha256("\n".join(v).encode()).hexdigest() for key, v in values.items()}


def test_stored_signal_values_are_unchanged(shared_data: Path) -> None:
    assert digests(shared_data) == EXPECTED


def test_scoring_in_smaller_calls_stores_the_same_values(shared_data: Path) -> None:
    """The stage scores its batches in calls of ``SCORE_CHUNK`` prompts (faster); every stored column, the
    reasoning-elicitation classifier's included, is the same as from one call over the whole batch."""
    texts = [clip_text(t.text) for t in load_benign(shared_data)][:3000] + generated(n=500)
    names = ["language", "prompt_template", "reasoning_elicitation", "topic"]
    whole, _ = _score_texts(names, texts, chunk=len(texts))
    split, _ = _score_texts(names, texts, chunk=333)
    assert set(whole) == set(split) == {"re_flag", "re_grading", "re_score", "template_id", "template_text", "topic",
                                        "language"}
    for key in whole:
        assert whole[key].tolist() == split[key].tolist(), key
    assert 0 < int(whole["re_flag"].sum()) < len(texts)


if __name__ == "__main__":
    print(digests(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "shared" / "data"))
