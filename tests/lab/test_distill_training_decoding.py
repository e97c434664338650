from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
from transformers import LogitsProcessor, LogitsProcessorList  # noqa: E402

from antidistill.lab.distill.decoding import DecodeConfig, generate  # noqa: E402
from antidistill.lab.distill.model import ModelSpec, load_model, save_model  # noqa: E402
from antidistill.lab.distill.sequences import Example, encode_completion, encode_prompt  # noqa: E402
from antidistill.lab.distill.task import TaskFamily  # noqa: E402
from antidistill.lab.distill.teacher import build_tokenizer  # noqa: E402
from antidistill.lab.distill.training import TrainConfig, collate, completion_loss, train_model  # noqa: E402

pytestmark = pytest.mark.ml
TINY = ModelSpec(n_layer=1, n_embd=32, n_head=2)


@pytest.fixture(scope="module")
def setup():  # type: ignore[no-untyped-def]
    task = TaskFamily()
    tok = build_tokenizer(task)
    problems = task.take("teacher", 64)
    examples = [Example(encode_prompt(tok, p.question), encode_completion(tok, p.reasoning, p.final))
                for p in problems]
    model, result = train_model(TINY, tok, examples, TrainConfig(steps=60, batch_size=8, warmup=10, seed=5))
    return task, tok, examples, model, result


def test_training_lowers_loss_and_is_seeded(setup) -> None:  # type: ignore[no-untyped-def]
    _, tok, examples, _model, result = setup
    assert result.final_loss < 5.0  # starts at ln(vocab) ~ 7.0
    again, _ = train_model(TINY, tok, examples, TrainConfig(steps=5, batch_size=8, warmup=2, seed=5))
    same, _ = train_model(TINY, tok, examples, TrainConfig(steps=5, batch_size=8, warmup=2, seed=5))
    other, _ = train_model(TINY, tok, examples, TrainConfig(steps=5, batch_size=8, warmup=2, seed=6))
    pa, pb, pc = (torch.cat([p.flatten() for p in m.parameters()]) for m in (again, same, other))
    assert torch.equal(pa, pb)
    assert not torch.equal(pa, pc)
    with pytest.raises(ValueError, match="zero examples"):
        train_model(TINY, tok, [], TrainConfig(steps=1))


def test_completion_loss_scores_completion_tokens_only_and_matches_the_full_output(setup) -> None:  # type: ignore[no-untyped-def]
    _, tok, examples, model, _ = setup
    batch = [examples[0], examples[1], Example(examples[2].prompt, examples[2].completion[:3])]  # unequal lengths
    ids, attn, mask = collate(batch, tok.pad_id)
    # the reference: every position through the full model, then masked
    logits = model(input_ids=ids, attention_mask=attn).logits[:, :-1]
    every = torch.nn.functional.cross_entropy(logits.transpose(1, 2), ids[:, 1:], reduction="none")
    reference = every[mask[:, 1:]].mean()
    got = completion_loss(model, ids, attn, mask)
    assert torch.allclose(got.detach(), reference.detach(), atol=1e-5)
    # prompts and padding are not scored: one target per completion token
    assert int(mask[:, 1:].sum()) == sum(len(e.completion) for e in batch)
    # gradients flow only through what was scored, and a batch without completion tokens gives zero
    empty = torch.zeros_like(mask)
    zero = completion_loss(model, ids, attn, empty)
    assert zero.detach().item() == 0.0 and zero.requires_grad


def test_batched_greedy_equals_one_by_one(setup) -> None:  # type: ignore[no-untyped-def]
    _, tok, examples, model, _ = setup
    prompts = [e.prompt for e in examples[:6]]
    assert len({len(p) for p in prompts}) > 1  # left padding is exercised
    cfg = DecodeConfig(max_new_tokens=20)
    batched = generate(model, tok, prompts, cfg)
    single = [generate(model, tok, [p], cfg)[0] for p in prompts]
    assert batched == single


class StopAfter(LogitsProcessor):
    """Forces <eos> once a row has ``n`` new tokens; records the widths it saw."""

    def __init__(self, prompt_width: int, n: int, eos: int) -> None:
        self.prompt_width, self.n, self.eos, self.widths = prompt_width, n, eos, []

    def __call__(self, input_ids, scores):  # type: ignore[no-untyped-def]
        self.widths.append(input_ids.shape[1])
        if input_ids.shape[1] - self.prompt_width >= self.n:
            scores = torch.full_like(scores, float("-inf"))
            scores[:, self.eos] = 0.0
        return scores


def test_processors_see_the_whole_sequence_and_steer_decoding(setup) -> None:  # type: ignore[no-untyped-def]
    _, tok, examples, model, _ = setup
    prompts = [e.prompt for e in examples[:3]]
    width = max(len(p) for p in prompts)
    stop = StopAfter(width, 4, tok.eos_id)
    outs = generate(model, tok, prompts, DecodeConfig(max_new_tokens=30), processors=LogitsProcessorList([stop]))
    assert all(len(o) <= 5 and (len(o) == 5) == (o[-1] == tok.eos_id) for o in outs)
    assert stop.widths[0] == width and stop.widths[1] == width + 1


def test_sampling_needs_a_generator_and_is_reproducible(setup) -> None:  # type: ignore[no-untyped-def]
    _, tok, examples, model, _ = setup
    prompts = [e.prompt for e in examples[:4]]
    cfg = DecodeConfig(max_new_tokens=12, sample=True)
    with pytest.raises(ValueError, match="Generator"):
        generate(model, tok, prompts, cfg)
    a = generate(model, tok, prompts, cfg, generator=torch.Generator().manual_seed(3))
    b = generate(model, tok, prompts, cfg, generator=torch.Generator().manual_seed(3))
    assert a == b


def test_save_and_load_round_trip(setup, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, tok, examples, model, _ = setup
    save_model(model, tok, tmp_path / "m")
    loaded, tok2 = load_model(tmp_path / "m")
    assert tok2 == tok
    cfg = DecodeConfig(max_new_tokens=10)
    prompts = [examples[0].prompt]
    assert generate(loaded, tok, prompts, cfg) == generate(model, tok, prompts, cfg)
