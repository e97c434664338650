from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner
from wm_helpers import MASTER, BigramLM

from antidistill.cli import app, main
from antidistill.watermark import KeyRing, Watermarker, WatermarkSpec
from antidistill.watermark.human_text import human_texts
from antidistill.watermark.tokenizer import WordTokenizer

V = 1000


def _marked_jsonl(tmp_path: Path, key_id: str, n_docs: int = 3) -> Path:
    spec = WatermarkSpec(vocab_size=V, context_width=2)
    wm = Watermarker(spec=spec, key=KeyRing(master=MASTER).key(key_id))
    rng = np.random.default_rng(3)
    path = tmp_path / "leak.jsonl"
    rows = [{"tokens": wm.generate(BigramLM(V, seed=2), [1, 2], 120, rng), "prompt_tokens": [1, 2]}
            for _ in range(n_docs)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def _secret(tmp_path: Path) -> Path:
    p = tmp_path / "secret"
    p.write_bytes(MASTER)
    return p


def test_detect_prints_json_with_exact_p_value(tmp_path: Path) -> None:
    leak, secret = _marked_jsonl(tmp_path, "acct:9"), _secret(tmp_path)
    run = CliRunner().invoke(app, ["watermark", "detect", str(leak), "--key-id", "acct:9",
                                   "--secret-file", str(secret)])
    assert run.exit_code == 0, run.output
    out = json.loads(run.output)
    assert out["p_value"] < 1e-10 and out["documents"] == 3 and out["key_id"] == "acct:9"
    wrong = CliRunner().invoke(app, ["watermark", "detect", str(leak), "--key-id", "acct:8",
                                     "--secret-file", str(secret), "--per-document"])
    lines = [json.loads(s) for s in wrong.output.splitlines()]
    assert len(lines) == 3 and all(r["p_value"] > 1e-4 for r in lines)


def test_attribute_names_the_account(tmp_path: Path) -> None:
    leak, secret = _marked_jsonl(tmp_path, "acct:77"), _secret(tmp_path)
    ids = tmp_path / "ids.txt"
    ids.write_text("\n".join(f"acct:{i}" for i in range(200)))
    run = CliRunner().invoke(app, ["watermark", "attribute", str(leak), "--key-ids-file", str(ids),
                                   "--secret-file", str(secret)])
    out = json.loads(run.output)
    assert out["best_key_id"] == "acct:77" and out["keys_tested"] == 200 and out["p_value"] < 1e-6


def test_detect_real_human_text_with_a_tokenizer_is_not_flagged(tmp_path: Path, shared_data: Path) -> None:
    texts = human_texts(shared_data)["gsm8k"][:50]
    tok = WordTokenizer.train(texts, vocab_size=500)
    tok.save(tmp_path / "tok.json")
    doc = tmp_path / "human.jsonl"
    doc.write_text("\n".join(json.dumps({"text": t}) for t in texts))
    run = CliRunner().invoke(app, ["watermark", "detect", str(doc), "--key-id", "global", "--secret-file",
                                   str(_secret(tmp_path)), "--tokenizer", str(tmp_path / "tok.json")])
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["p_value"] > 1e-3


def test_errors_name_the_file_line_and_field(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"tokens": [1, 2, 3]}\n{"tokens": [1, "x"]}\n')
    code = main(["watermark", "detect", str(bad), "--key-id", "global", "--secret-file", str(_secret(tmp_path))])
    assert code == 2
    assert "bad.jsonl: line 2: field 'tokens'" in capsys.readouterr().err
    code = main(["watermark", "detect", str(bad), "--key-id", "global", "--secret-file", str(tmp_path / "none")])
    assert code == 2 and "master_secret_file" in capsys.readouterr().err
    text = tmp_path / "t.jsonl"
    text.write_text('{"text": "hello"}\n')
    assert main(["watermark", "detect", str(text), "--key-id", "global", "--secret-file", str(_secret(tmp_path))]) == 2
    assert "needs --tokenizer" in capsys.readouterr().err


def test_keygen_writes_a_private_secret_and_never_prints_it(tmp_path: Path) -> None:
    out = tmp_path / "master.key"
    run = CliRunner().invoke(app, ["watermark", "keygen", "--out", str(out)])
    secret = out.read_bytes().strip()
    assert run.exit_code == 0 and len(secret) == 64 and secret.decode() not in run.output
    assert out.stat().st_mode & 0o077 == 0
    assert main(["watermark", "keygen", "--out", str(out)]) == 2  # never overwrites
