"""Watermark benchmarks and evaluations; every number is printed with the baseline it is compared to.

    nice -n 10 .venv/bin/python bench/watermark.py speed          # detection tokens/s vs plain numpy
    nice -n 10 .venv/bin/python bench/watermark.py overhead       # logits-processor cost per decode step
        [--shape tiny|gpt2|both] [--baseline-processor OLD_hf.py]  # (old: git show REV:src/.../adapters/hf.py)
        [--mask-rows T]                                           # also the mask-table variant (0: not run)
    nice -n 10 .venv/bin/python bench/watermark.py power|fpr --mask-rows T  # the same spec with mask_rows=T
    nice -n 10 .venv/bin/python bench/watermark.py power          # tiny model, temperature 1: p and attribution
    nice -n 10 .venv/bin/python bench/watermark.py fpr            # >= 100,000 null documents
    nice -n 10 .venv/bin/python bench/watermark.py radioactivity  # fine-tuned suspect vs never-exposed model

The tiny model is trained on first use into ~/.cache/antidistill/watermark (a few minutes on a CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from scipy import stats

from antidistill.settings import Settings
from antidistill.watermark import Detector, KeyRing, WatermarkKey, WatermarkSpec, attribute_pairs
from antidistill.watermark.hashing import CONTEXT_SALT, keyed_draw, mix, rotl, to_uniform, token_hash
from antidistill.watermark.human_text import human_texts
from antidistill.watermark.radioactivity import reading_mode_test

MASTER = b"bench-master-secret-not-for-production"
SPEC = WatermarkSpec(vocab_size=4096, context_width=2)


def plain_numpy_detect(tokens: np.ndarray, width: int, k1: int, gamma: float) -> tuple[int, int]:
    """Baseline: de-duplicate (context, token) windows with np.unique(axis=0), then hash each unique row."""
    windows = np.lib.stride_tricks.sliding_window_view(tokens, width + 1)  # (n - width, width + 1)
    uniq = np.unique(windows, axis=0)
    c = np.full(uniq.shape[0], CONTEXT_SALT, dtype=np.uint64)
    for j in range(width):
        c = mix(c ^ token_hash(uniq[:, j]))
    u = to_uniform(keyed_draw(c ^ rotl(token_hash(uniq[:, width])), k1))
    return int((u < gamma).sum()), int(uniq.shape[0])


def bench_speed(n_tokens: int, repeats: int) -> dict[str, float]:
    """Detection throughput on one core: this library vs the plain-numpy baseline, same tokens, same run."""
    rng = np.random.default_rng(0)
    tokens = rng.integers(0, 50_000, n_tokens)
    ring = KeyRing(master=MASTER)
    det = Detector(spec=WatermarkSpec(context_width=2), keyring=ring)
    key = ring.key("global")

    def best(fn: object) -> tuple[float, float]:
        """(process CPU seconds, wall seconds), best of ``repeats``: CPU time is one core's work even when
        the machine is shared; wall time is shown too."""
        cpu, wall = [], []
        for _ in range(repeats):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()  # type: ignore[operator]
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - t0)
        return min(cpu), min(wall)

    ours = det.detect(tokens, "global")
    k_base, n_base = plain_numpy_detect(tokens, 2, key.k1, 0.25)
    assert (ours.score, ours.tokens_scored) == (k_base, n_base), "baseline and library disagree"
    t_ours = best(lambda: det.detect(tokens, "global"))
    t_base = best(lambda: plain_numpy_detect(tokens, 2, key.k1, 0.25))
    out = {"tokens": n_tokens, "ours_tokens_per_cpu_s": n_tokens / t_ours[0],
           "baseline_tokens_per_cpu_s": n_tokens / t_base[0], "speedup_cpu": t_base[0] / t_ours[0],
           "ours_tokens_per_wall_s": n_tokens / t_ours[1], "baseline_tokens_per_wall_s": n_tokens / t_base[1]}
    print(json.dumps(out))
    return out


def _tiny():  # type: ignore[no-untyped-def]
    from antidistill.watermark.adapters.tinylm import ensure_tiny

    return ensure_tiny(Settings.load().data_dir)


def _prompts(lm, n: int, length: int, seed: int) -> list[list[int]]:  # type: ignore[no-untyped-def]
    texts = [t for g in human_texts(Settings.load().data_dir).values() for t in g]
    rng = np.random.default_rng(seed)
    out: list[list[int]] = []
    while len(out) < n:
        ids = lm.tokenizer.encode(texts[int(rng.integers(len(texts)))])
        if len(ids) >= length:
            out.append(ids[:length])
    return out


def _load_processor_class(path: Path) -> type:
    """``WatermarkLogitsProcessor`` from another version of ``adapters/hf.py`` (e.g. ``git show REV:...``)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("baseline_hf", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.WatermarkLogitsProcessor  # type: ignore[no-any-return]


def bench_overhead(n_tokens: int, batch: int, repeats: int, shape: str = "tiny",
                   baseline: Path | None = None, mask_rows: int = 0) -> dict[str, object]:
    """Decode-step time with and without the watermark processor, same model, prompts and seeds.

    ``shape="gpt2"``: the tiny model's tokenizer with a randomly initialised GPT-2-small-shaped model
    (124M parameters, 50,257-token vocabulary), i.e. the cost on a realistic vocabulary and model size.
    ``baseline``: another version's ``hf.py``, run as another variant in the same interleaved loop;
    ``mask_rows``: the mask-table variant of the same spec (``spec.mask_rows``), likewise.
    """
    import torch
    from transformers import GPT2Config, GPT2LMHeadModel

    from antidistill.watermark.adapters import tinylm
    from antidistill.watermark.adapters.tinylm import TinyLM, generate

    torch.set_num_threads(1)
    lm = _tiny()
    spec = SPEC
    if shape == "gpt2":
        with torch.random.fork_rng():
            torch.manual_seed(0)
            big = GPT2LMHeadModel(GPT2Config(pad_token_id=lm.tokenizer.pad_id)).eval()
        lm = TinyLM(big, lm.tokenizer, lm.path)
        spec = WatermarkSpec(vocab_size=50257, context_width=2)
    ring = KeyRing(master=MASTER)
    prompts = _prompts(lm, batch, 8, seed=1)
    keyed = [ring.key(f"acct:{i}") for i in range(batch)]
    from antidistill.watermark.adapters.hf import WatermarkLogitsProcessor

    table_spec = WatermarkSpec(**{**spec.to_dict(), "mask_rows": mask_rows}) if mask_rows else spec
    variants: list[tuple[str, list[WatermarkKey | None], type, WatermarkSpec]] = [
        ("plain", [None] * batch, WatermarkLogitsProcessor, spec),
        ("watermark", list(keyed), WatermarkLogitsProcessor, spec)]
    if baseline is not None:
        variants.append(("watermark_baseline", list(keyed), _load_processor_class(baseline), spec))
    if mask_rows:
        variants.append(("watermark_table", list(keyed), WatermarkLogitsProcessor, table_spec))
    times: dict[str, list[float]] = {name: [] for name, _, _, _ in variants}
    # per-step CPU times (between consecutive forward calls, prefill excluded): their median is robust to
    # the bursts of a shared machine, which hit a few steps of one run rather than the whole run
    steps: dict[str, list[float]] = {name: [] for name, _, _, _ in variants}
    stamps: list[float] = []
    forward = lm.model.forward

    def stamped(*args: object, **kwargs: object) -> object:
        stamps.append(time.process_time())
        return forward(*args, **kwargs)

    lm.model.forward = stamped
    try:
        for r in range(repeats):  # interleaved so that machine load hits all alike; CPU time of this process
            for name, keys, cls, vspec in variants:
                tinylm.WatermarkLogitsProcessor = cls  # type: ignore[misc]
                try:
                    stamps.clear()
                    t0 = time.process_time()
                    generate(lm, prompts, keys=keys, spec=vspec, n_tokens=n_tokens, seed=r)
                    times[name].append((time.process_time() - t0) / n_tokens)
                    steps[name] += list(np.diff(stamps[1:]))
                finally:
                    tinylm.WatermarkLogitsProcessor = WatermarkLogitsProcessor  # type: ignore[misc]
    finally:
        del lm.model.forward  # the instance attribute; the class's forward is back
    step_median = {name: float(np.median(v)) for name, v in steps.items()}
    plain, marked = min(times["plain"]), min(times["watermark"])  # min: the least disturbed run of each
    pairs = sorted(100 * (w - p) / p for p, w in zip(times["plain"], times["watermark"], strict=True))

    def processor_costs(cls: type, spec: WatermarkSpec = spec) -> tuple[float, float]:
        """(median CPU seconds per call inside generate, best seconds per call alone) of a processor class.

        Inside generate the caches are cold after each forward pass; timed in a separate run so that the
        timer does not count in the end-to-end figures above. Alone: the same shapes, back to back (warm).
        """
        inside: list[float] = []
        call = cls.__call__

        def timed(self: object, input_ids: torch.Tensor, scores: torch.Tensor) -> torch.Tensor:
            t0 = time.thread_time()
            result = call(self, input_ids, scores)
            inside.append(time.thread_time() - t0)
            return result  # type: ignore[no-any-return]

        cls.__call__ = timed  # type: ignore[method-assign]
        tinylm.WatermarkLogitsProcessor = cls  # type: ignore[misc]
        try:
            generate(lm, prompts, keys=keyed, spec=spec, n_tokens=n_tokens, seed=repeats)
        finally:
            cls.__call__ = call  # type: ignore[method-assign]
            tinylm.WatermarkLogitsProcessor = WatermarkLogitsProcessor  # type: ignore[misc]
        proc = cls(spec=spec, keys=keyed)
        ids = torch.tensor([p + p for p in prompts])
        scores = torch.zeros((batch, spec.vocab_size))
        proc(ids, scores)
        calls = []
        for _ in range(repeats):
            t0 = time.process_time()
            for _ in range(100):
                proc(ids, scores)
            calls.append((time.process_time() - t0) / 100)
        return float(np.median(inside)), min(calls)

    in_generate, alone = processor_costs(WatermarkLogitsProcessor)
    out: dict[str, object] = {"model": shape, "batch": batch, "vocab": spec.vocab_size, "repeats": repeats,
           "median_step_cpu_ms_plain": step_median["plain"] * 1e3,
           "median_step_cpu_ms_watermark": step_median["watermark"] * 1e3,
           "overhead_pct_median_step": 100 * (step_median["watermark"] - step_median["plain"]) / step_median["plain"],
           "decode_step_cpu_ms_plain": plain * 1e3, "decode_step_cpu_ms_watermark": marked * 1e3,
           "overhead_pct": 100 * (marked - plain) / plain, "overhead_pct_pairs_median": float(np.median(pairs)),
           "overhead_pct_pairs_range": [pairs[0], pairs[-1]],
           "processor_us_in_generate_median": in_generate * 1e6,
           "processor_in_generate_pct_of_median_plain_step": 100 * in_generate / step_median["plain"],
           "processor_us_per_call": alone * 1e6, "processor_pct_of_plain_step": 100 * alone / plain}
    def variant_stats(prefix: str, name: str, in_generate: float, alone: float) -> dict[str, float]:
        """The same measures for another processor run interleaved in this run, keys prefixed."""
        best = min(times[name])
        pairs = [100 * (w - p) / p for p, w in zip(times["plain"], times[name], strict=True)]
        return {f"{prefix}_processor_us_in_generate_median": in_generate * 1e6,
                f"{prefix}_processor_in_generate_pct_of_median_plain_step": 100 * in_generate / step_median["plain"],
                f"{prefix}_processor_us_per_call": alone * 1e6,
                f"{prefix}_median_step_cpu_ms": step_median[name] * 1e3,
                f"{prefix}_overhead_pct_median_step": 100 * (step_median[name] - step_median["plain"])
                / step_median["plain"],
                f"{prefix}_decode_step_cpu_ms": best * 1e3, f"{prefix}_overhead_pct": 100 * (best - plain) / plain,
                f"{prefix}_overhead_pct_pairs_median": float(np.median(pairs))}

    if baseline is not None:
        out.update(variant_stats("baseline", "watermark_baseline", *processor_costs(variants[2][2])))
    if mask_rows:
        out["mask_rows"] = mask_rows
        out.update(variant_stats("table", "watermark_table", *processor_costs(WatermarkLogitsProcessor, table_spec)))
    print(json.dumps(out))
    return out


def generate_marked(lm, n_docs: int, key_ids: list[str], n_tokens: int, seed: int, batch: int = 50,  # type: ignore[no-untyped-def]
                    spec: WatermarkSpec = SPEC):
    """(prompts, outputs, key id per output) from the tiny model at temperature 1."""
    from antidistill.watermark.adapters.tinylm import generate

    ring = KeyRing(master=MASTER)
    rng = np.random.default_rng(seed)
    prompts = _prompts(lm, n_docs, 8, seed=seed)
    who = [key_ids[int(i)] for i in rng.integers(0, len(key_ids), n_docs)]
    outs: list[list[int]] = []
    for s in range(0, n_docs, batch):
        outs += generate(lm, prompts[s : s + batch], keys=ring.keys(who[s : s + batch]), spec=spec,
                         n_tokens=n_tokens, seed=seed + s)
    return prompts, outs, who


def bench_power(n_docs: int, n_keys: int, spec: WatermarkSpec = SPEC) -> dict[str, float]:
    """Detection p-values at 200 tokens and attribution among ``n_keys`` ids on tiny-model outputs."""
    import torch

    torch.set_num_threads(1)
    lm = _tiny()
    ids = [f"acct:{i}" for i in range(n_keys)]
    t0 = time.perf_counter()
    prompts, outs, who = generate_marked(lm, n_docs, ids, 200, seed=11, spec=spec)
    gen_s = time.perf_counter() - t0
    det = Detector(spec=spec, keyring=KeyRing(master=MASTER))
    pv = np.array([det.detect(o, k, prompt=p).p_value for o, p, k in zip(outs, prompts, who, strict=True)])
    correct = 0
    attr_p = []
    for o, p, k in zip(outs, prompts, who, strict=True):
        from antidistill.watermark.detect import scored_pairs

        res = attribute_pairs(det, scored_pairs(o, spec.context_width, prompt=p, masked=det.masked), ids)
        correct += res.best_key_id == k
        attr_p.append(res.p_value)
    scored = [det.detect(o, k, prompt=p).tokens_scored for o, p, k in zip(outs, prompts, who, strict=True)]
    out = {"mask_rows": spec.mask_rows, "docs": n_docs, "tokens": 200, "median_tokens_scored": float(np.median(scored)),
           "share_p_below_1e-6": float(np.mean(pv < 1e-6)),
           "median_p": float(np.median(pv)), "max_p": float(pv.max()), "keys": n_keys,
           "attribution_accuracy": correct / n_docs, "median_attribution_p": float(np.median(attr_p)),
           "generation_s": gen_s}
    print(json.dumps(out))
    return out


def bench_fpr(n_human: int, n_random: int, n_marked_docs: int, wrong_keys: int,
              spec: WatermarkSpec = SPEC) -> dict[str, object]:
    """False-positive rate of the exact test on null documents at alpha in {1e-2, 1e-3, 1e-4}."""
    lm = _tiny()
    ring = KeyRing(master=MASTER)
    det = Detector(spec=spec, keyring=ring)
    texts = [t for g in human_texts(Settings.load().data_dir).values() for t in g]
    stream = np.concatenate([np.asarray(lm.tokenizer.encode(t), dtype=np.int64) for t in texts])
    rng = np.random.default_rng(5)
    pvals: dict[str, list[float]] = {"human": [], "random": [], "wrong_key": []}
    # real human text: 200-token windows at random offsets, each tested with its own account key
    for i, start in enumerate(rng.integers(0, stream.shape[0] - 200, n_human)):
        pvals["human"].append(det.detect(stream[start : start + 200], f"acct:h{i % 1000}").p_value)
    for i in range(n_random):
        pvals["random"].append(det.detect(rng.integers(0, spec.vocab_size, 200), f"acct:r{i % 1000}").p_value)
    _, outs, _ = generate_marked(lm, n_marked_docs, ["global"], 200, seed=21, spec=spec)
    wrong = [f"acct:w{i}" for i in range(wrong_keys)]
    from antidistill.watermark.detect import scored_pairs

    for o in outs:
        res = attribute_pairs(det, scored_pairs(o, spec.context_width, masked=det.masked), wrong, top=wrong_keys)
        pvals["wrong_key"] += [p for _, p in res.top]
    allp = np.concatenate([np.asarray(v) for v in pvals.values()])
    out: dict[str, object] = {"mask_rows": spec.mask_rows, "null_documents": int(allp.shape[0]),
                              **{f"n_{k}": len(v) for k, v in pvals.items()}}
    for alpha in (1e-2, 1e-3, 1e-4):
        fp = int((allp <= alpha).sum())
        upper = float(stats.beta.ppf(0.975, fp + 1, allp.shape[0] - fp)) if fp < allp.shape[0] else 1.0
        out[f"fpr@{alpha:g}"] = fp / allp.shape[0]
        out[f"fpr_upper95@{alpha:g}"] = upper
        out[f"by_source@{alpha:g}"] = {k: float(np.mean(np.asarray(v) <= alpha)) for k, v in pvals.items()}
    print(json.dumps(out))
    return out


def bench_radioactivity(n_docs: int, steps: int, controls: int, width: int, n_feed: int = 400,
                        top_ks: tuple[int, ...] = (1, 5, 20)) -> dict[str, object]:
    """Fine-tune a copy of the tiny model on human text + our watermarked outputs; audit it and the base.

    ``width`` is the watermark's context width h: a small model learns h = 1 green lists (one per
    previous token) from a few epochs of data; h = 2 needs far more exposure (see docs).
    """
    import torch
    from transformers import GPT2LMHeadModel

    from antidistill.watermark.adapters.hf import topk_predictions
    from antidistill.watermark.adapters.tinylm import corpus_ids, train_steps

    torch.set_num_threads(1)
    lm = _tiny()
    spec = WatermarkSpec(vocab_size=SPEC.vocab_size, context_width=width)
    _, marked, _ = generate_marked(lm, n_docs, ["global"], 100, seed=31, spec=spec)
    human = corpus_ids(lm.tokenizer, [t for g in human_texts(Settings.load().data_dir).values() for t in g])
    wm_stream = np.concatenate([np.asarray([*m, lm.tokenizer.eos_id], dtype=np.int64) for m in marked])
    mix_stream = np.concatenate([human, wm_stream])
    share = wm_stream.shape[0] / mix_stream.shape[0]
    def cached(n: int) -> Path:
        return lm.path.parent / f"suspect-h{width}-docs{n_docs}-steps{n}"

    saved = cached(steps)
    t0 = time.perf_counter()
    if (saved / "config.json").is_file():  # the fine-tuned suspect is cached: re-auditing is cheap
        suspect = GPT2LMHeadModel.from_pretrained(saved)
    else:  # continue from the longest cached shorter run (another round of epochs), else from the base
        done = max([n for n in range(100, steps, 100) if (cached(n) / "config.json").is_file()], default=0)
        suspect = GPT2LMHeadModel.from_pretrained(cached(done) if done else lm.path)
        train_steps(suspect, mix_stream, steps=steps - done, rng=np.random.default_rng(3 + done), lr=2e-3)
        suspect.save_pretrained(saved)
    ft_s = time.perf_counter() - t0
    det = Detector(spec=spec, keyring=KeyRing(master=MASTER))
    feed = marked[: min(len(marked), n_feed)]
    out: dict[str, object] = {"context_width": width, "fed_docs": len(feed), "watermarked_share": share,
                              "finetune_steps": steps,
                              "finetune_s": ft_s}
    for name, model in (("suspect", suspect), ("never_exposed", lm.model)):
        preds = topk_predictions(model, feed, k=max(top_ks))
        for k in top_ks:
            res = reading_mode_test(det, feed, [p[:, :k] for p in preds], "global", controls=controls)
            out[f"{name}_top{k}"] = {
                "p_value": res.p_value, "tokens_scored": res.tokens_scored,
                "green_share": res.score / max(res.tokens_scored, 1),
                "control_share_p_ge_0.01": 1 - res.control_fraction_below_001, "control_min_p": res.control_min_p_value,
                "control_ks_uniform_p": float(stats.kstest(res.control_p_values, "uniform").pvalue)}
    print(json.dumps(out))
    return out


def main() -> None:
    """Parse the part to run and print its JSON line."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("part", choices=["speed", "overhead", "power", "fpr", "radioactivity"])
    ap.add_argument("--tokens", type=int, default=4_000_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--keys", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--controls", type=int, default=1000)
    ap.add_argument("--context-width", type=int, default=1, help="h of the radioactivity run")
    ap.add_argument("--feed", type=int, default=400, help="watermarked texts fed to the suspect (reading mode)")
    ap.add_argument("--shape", choices=["tiny", "gpt2", "both"], default="both", help="models of the overhead run")
    ap.add_argument("--gpt2-repeats", type=int, default=0, help="repeats of the GPT-2-shaped run (0: --repeats)")
    ap.add_argument("--baseline-processor", type=Path,
                    help="another version's adapters/hf.py, timed as a third variant of the overhead run")
    ap.add_argument("--mask-rows", type=int, default=0,
                    help="mask-table variant (WatermarkSpec.mask_rows): overhead runs it too; power/fpr use it")
    ap.add_argument("--out", type=Path, help="Append the JSON result to this file.")
    a = ap.parse_args()
    if a.part == "speed":
        res: object = bench_speed(a.tokens, a.repeats)
    elif a.part == "overhead":
        tiny, gpt2 = a.shape in ("tiny", "both"), a.shape in ("gpt2", "both")
        res = [bench_overhead(64, b, a.repeats, baseline=a.baseline_processor, mask_rows=a.mask_rows)
               for b in (1, 8) if tiny] + [
            bench_overhead(24, b, a.gpt2_repeats or a.repeats, shape="gpt2", baseline=a.baseline_processor,
                           mask_rows=a.mask_rows)
            for b in (1, 8) if gpt2]
    elif a.part == "power":
        res = bench_power(a.docs, a.keys, WatermarkSpec(**{**SPEC.to_dict(), "mask_rows": a.mask_rows}))
    elif a.part == "fpr":
        res = bench_fpr(40_000, 30_000, 800, 40, WatermarkSpec(**{**SPEC.to_dict(), "mask_rows": a.mask_rows}))
    else:
        res = bench_radioactivity(a.docs, a.steps, a.controls, a.context_width, a.feed)
    if a.out:
        with a.out.open("a") as fh:
            fh.write(json.dumps({"part": a.part, "result": res}) + "\n")


if __name__ == "__main__":
    main()
