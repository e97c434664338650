"""``antidistill watermark``: keygen, detect, attribute (thin: parse, build, call, print)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from antidistill.errors import ConfigError
from antidistill.watermark import Detector, KeyRing, WatermarkSpec, attribute_pairs
from antidistill.watermark.documents import load_tokenizer, read_documents
from antidistill.watermark.keys import check_key_id, generate_master_secret


def spec_options(f: click.decorators.FC) -> click.decorators.FC:
    """Options shared by every watermark command: the spec and where the master secret is."""
    for opt in reversed([
        click.option("--spec", "spec_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="JSON file with the WatermarkSpec (overrides the options below)."),
        click.option("--scheme", type=click.Choice(["redgreen", "gumbel"]), default="redgreen", show_default=True,
                     help="Watermark scheme."),
        click.option("--gamma", type=float, default=0.25, show_default=True, help="Green-list fraction."),
        click.option("--context-width", type=int, default=2, show_default=True,
                     help="Previous tokens (h) that seed each draw."),
        click.option("--secret-file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Master secret file (default: ANTIDISTILL_MASTER_SECRET_FILE / ANTIDISTILL_MASTER_SECRET)."),
        click.option("--tokenizer", type=click.Path(exists=True, path_type=Path),
                     help="Tokenizer of the generating model, for documents given as text."),
    ]):
        f = opt(f)
    return f


def build(spec_file: Path | None, scheme: str, gamma: float, context_width: int, secret_file: Path | None,
          dedup: bool = True) -> Detector:
    """The detector from command-line options."""
    if spec_file is not None:
        spec = WatermarkSpec.from_dict(json.loads(spec_file.read_text()), source=str(spec_file))
    else:  # vocab_size does not enter detection (the hash is per token id), so the default is fine
        spec = WatermarkSpec(scheme=scheme, gamma=gamma, context_width=context_width)
    ring = KeyRing.from_file(secret_file) if secret_file is not None else KeyRing.from_settings()
    return Detector(spec=spec, keyring=ring, dedup=dedup)


@click.group("watermark")
def watermark() -> None:
    """Watermark keys, detection and attribution of leaked model outputs."""


@watermark.command("keygen")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to create with a new master secret (mode 0600; never printed).")
def keygen(out: Path) -> None:
    """Create a new master secret file (refuses to overwrite one)."""
    if out.exists():
        raise ConfigError("--out", "file exists; rotation keeps old secrets, see docs/watermark.md", value=str(out))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(generate_master_secret() + b"\n")
    click.echo(json.dumps({"written": str(out), "mode": "0600"}))


@watermark.command("detect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key-id", required=True, help="Key id to test, e.g. global or acct:42.")
@click.option("--per-document", is_flag=True, help="One JSON line per document instead of one pooled test.")
@click.option("--no-dedup", is_flag=True, help="Score repeated (context, token) pairs again (invalid p-values; "
              "for demonstrations only).")
@spec_options
def detect(file: Path, key_id: str, per_document: bool, no_dedup: bool, spec_file: Path | None, scheme: str,
           gamma: float, context_width: int, secret_file: Path | None, tokenizer: Path | None) -> None:
    """Test FILE (text, or JSONL of texts / token ids) for the watermark of KEY_ID; prints JSON with p_value.

    Several documents are pooled into one test with pairs de-duplicated across documents.
    """
    det = build(spec_file, scheme, gamma, context_width, secret_file, dedup=not no_dedup)
    docs = read_documents(file, load_tokenizer(tokenizer) if tokenizer else None)
    check_key_id(key_id)
    if per_document:
        for d in docs:
            click.echo(json.dumps({"source": d.source, **det.detect(d.tokens, key_id, prompt=d.prompt).to_dict()}))
        return
    res = det.detect_corpus([d.tokens for d in docs], key_id, prompts=[d.prompt for d in docs])
    click.echo(json.dumps(res.to_dict()))


@watermark.command("attribute")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key-id", "key_ids", multiple=True, help="Candidate key id (repeatable).")
@click.option("--key-ids-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File with one candidate key id per line.")
@click.option("--top", type=int, default=5, show_default=True, help="Best candidates to list.")
@spec_options
def attribute_cmd(file: Path, key_ids: tuple[str, ...], key_ids_file: Path | None, top: int, spec_file: Path | None,
                  scheme: str, gamma: float, context_width: int, secret_file: Path | None,
                  tokenizer: Path | None) -> None:
    """Which candidate key marked FILE? Prints the best key id with a Bonferroni-corrected p_value."""
    ids = list(key_ids)
    if key_ids_file is not None:
        ids += [s.strip() for s in key_ids_file.read_text().split("\n") if s.strip()]
    if not ids:
        raise ConfigError("--key-id", "give candidate key ids with --key-id or --key-ids-file")
    for k in ids:
        check_key_id(k)
    det = build(spec_file, scheme, gamma, context_width, secret_file)
    docs = read_documents(file, load_tokenizer(tokenizer) if tokenizer else None)
    pairs = det.corpus_pairs([d.tokens for d in docs], prompts=[d.prompt for d in docs])
    click.echo(json.dumps(attribute_pairs(det, pairs.pairs, ids, top=top).to_dict()))
