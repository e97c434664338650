"""``antidistill audit-model``: was a suspect model trained on our watermarked outputs?"""

from __future__ import annotations

import json
from pathlib import Path

import click

from antidistill.commands.watermark import build, spec_options
from antidistill.errors import ConfigError
from antidistill.watermark.documents import load_tokenizer, read_documents
from antidistill.watermark.radioactivity import lift_pairs, lift_test, reading_mode_test, sampling_mode_test


@click.command("audit-model")
@click.option("--model-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Open-weights suspect (Hugging Face directory): reading mode.")
@click.option("--reference-dir", "reference_dirs", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="With --model-dir: lift mode against this reference model (ours, never trained on the marked "
                   "texts, e.g. a student trained on our unmarked answers). Repeat it to average several "
                   "(their mean log-probability): less of one reference's own training noise in every lift.")
@click.option("--source-dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Lift mode: our model that wrote the marked texts (same tokenizer). Only the tokens the "
                   "watermark could have made it choose greedily are scored (within --delta of its top logit).")
@click.option("--delta", type=float, default=None,
              help="With --source-dir: the watermark's logit bias (default: the --spec file's delta).")
@click.option("--effect-weights", is_flag=True,
              help="With --source-dir: weigh each scored token by how much its colour moved its chance of being "
                   "chosen greedily (the session-11 test; weaker on the lab's students than the plain selection).")
@click.option("--min-prob", type=float, default=0.02, show_default=True,
              help="Lift mode: score the tokens the suspect or the reference gives at least this probability.")
@click.option("--endpoint", help="OpenAI-compatible base URL of a closed suspect: sampling mode.")
@click.option("--model", "model_name", default="suspect", show_default=True, help="Model name sent to --endpoint.")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="JSONL: watermarked texts (reading mode) or prompts (sampling mode), as 'text' or 'tokens'.")
@click.option("--key-id", required=True, help="Key id our outputs were marked with (e.g. global).")
@click.option("--top-k", type=int, default=1, show_default=True,
              help="Reading mode: score the suspect's k most likely tokens after each context.")
@click.option("--controls", type=int, default=100, show_default=True, help="Unused control keys tested alike.")
@click.option("--alpha", type=float, default=1e-3, show_default=True, help="Significance level of the verdict.")
@click.option("--max-tokens", type=int, default=200, show_default=True, help="Tokens per sample (sampling mode).")
@click.option("--samples-per-prompt", type=int, default=1, show_default=True, help="Samples per prompt.")
@spec_options
def audit_model(model_dir: Path | None, reference_dirs: tuple[Path, ...], source_dir: Path | None,
                delta: float | None,
                effect_weights: bool, min_prob: float, endpoint: str | None,
                model_name: str, corpus: Path, key_id: str, top_k: int, controls: int, alpha: float,
                max_tokens: int, samples_per_prompt: int,
                spec_file: Path | None, scheme: str, gamma: float, context_width: int, secret_file: Path | None,
                tokenizer: Path | None) -> None:
    """Test a suspect model for radioactivity; prints a JSON verdict with p_value and control p-values.

    --model-dir runs reading mode (the suspect's top-1 predictions on our watermarked texts; needs
    torch); with --reference-dir, lift mode (every plausible token weighted by the suspect's
    log-probability over the reference's; with --source-dir, only where our watermark could have changed
    the source's greedy choice, each weighted by how much its colour moved its chance of being emitted);
    --endpoint samples the suspect with the corpus rows as prompts.
    """
    if (model_dir is None) == (endpoint is None):
        raise ConfigError("--model-dir/--endpoint", "give exactly one suspect")
    if reference_dirs and model_dir is None:
        raise ConfigError("--reference-dir", "lift mode reads the suspect's weights: give --model-dir too")
    if source_dir is not None and not reference_dirs:
        raise ConfigError("--source-dir", "only lift mode uses the source model: give --reference-dir too")
    if effect_weights and source_dir is None:
        raise ConfigError("--effect-weights", "the effects are read from the source model: give --source-dir")
    if source_dir is not None and delta is None and spec_file is None:
        raise ConfigError("--delta", "with --source-dir, give the watermark's delta (or a --spec file carrying it)")
    det = build(spec_file, scheme, gamma, context_width, secret_file)
    tok = load_tokenizer(tokenizer) if tokenizer else None
    if tok is None and model_dir is not None and (model_dir / "tokenizer.json").is_file():
        tok = load_tokenizer(model_dir)  # the suspect's own tokenizer, for corpus rows given as text
    if model_dir is not None:
        from transformers import AutoModelForCausalLM

        from antidistill.watermark.adapters.hf import ReferenceEnsemble, lift_candidates, topk_predictions

        docs = read_documents(corpus, tok)
        model = AutoModelForCausalLM.from_pretrained(model_dir)
        texts = [d.tokens for d in docs]
        if not reference_dirs:
            preds = topk_predictions(model, texts, k=top_k)
            res = reading_mode_test(det, texts, preds, key_id, alpha=alpha, controls=controls)
        else:
            refs = [AutoModelForCausalLM.from_pretrained(d) for d in reference_dirs]
            reference = refs[0] if len(refs) == 1 else ReferenceEnsemble(refs)
            source = AutoModelForCausalLM.from_pretrained(source_dir) if source_dir is not None else None
            margin = float(delta if delta is not None else det.spec.delta)
            greedy_gamma = det.spec.gamma if source is not None and effect_weights else None
            cands, lifts, effects = lift_candidates(model, reference, texts, min_prob=min_prob, source=source,
                                                    margin=margin, gamma=greedy_gamma)
            pairs, weights = lift_pairs(texts, cands, lifts, det.spec.context_width, effects)
            res = lift_test(det, pairs, weights, key_id, documents=len(texts), alpha=alpha, controls=controls)
    else:
        from antidistill.watermark.endpoint import sample_completions

        if tok is None:
            raise ConfigError("--tokenizer", "sampling mode needs the tokenizer our outputs were marked with")
        rows = [json.loads(s) for s in corpus.read_text().split("\n") if s.strip()]
        prompts = [str(r.get("text") or r.get("prompt") or "") for r in rows]
        samples = sample_completions(str(endpoint), model_name, prompts, max_tokens=max_tokens,
                                     samples_per_prompt=samples_per_prompt)
        outs = [tok.encode(text) for _, text in samples]
        ptoks = [tok.encode(prompts[i]) for i, _ in samples]
        res = sampling_mode_test(det, outs, ptoks, key_id, alpha=alpha, controls=controls)
    click.echo(json.dumps(res.to_dict()))
