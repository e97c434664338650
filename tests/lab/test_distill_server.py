from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("starlette")

from antidistill.errors import ConfigError  # noqa: E402
from antidistill.lab.distill.decoding import DecodeConfig  # noqa: E402
from antidistill.lab.distill.harvest import CampaignConfig, chat, check_loopback, plan_campaign, run_campaign  # noqa: E402
from antidistill.lab.distill.model import ModelSpec, new_model  # noqa: E402
from antidistill.lab.distill.server import ServerThread, TeacherWorker, create_app, parse_options  # noqa: E402
from antidistill.lab.distill.task import ELICIT_INSTRUCTIONS, TaskFamily  # noqa: E402
from antidistill.lab.distill.teacher import Teacher, build_tokenizer  # noqa: E402

pytestmark = [pytest.mark.ml, pytest.mark.gateway]


@pytest.fixture(scope="module")
def served():  # type: ignore[no-untyped-def]
    task = TaskFamily()
    tok = build_tokenizer(task)
    torch.manual_seed(0)  # an untrained model: these tests check the protocol, not the answers
    teacher = Teacher(model=new_model(ModelSpec(n_layer=1, n_embd=32, n_head=2), tok).eval(), tok=tok,
                      folder=Path("untrained"))
    worker = TeacherWorker(teacher=teacher, max_new_tokens=12)
    with ServerThread(create_app(worker)) as server:
        yield task, teacher, server.url
    worker.close()


def test_models_and_chat_completion_shape(served) -> None:  # type: ignore[no-untyped-def]
    task, teacher, url = served
    with urllib.request.urlopen(f"{url}/v1/models") as resp:
        assert json.loads(resp.read())["data"][0]["id"] == "lab-teacher"
    msg = task.problem(0).question
    status, body = chat(url, "sk-test", msg)
    assert status == 200
    message = body["choices"][0]["message"]
    assert set(message) >= {"role", "content", "reasoning_content"}
    assert body["usage"]["total_tokens"] > body["usage"]["prompt_tokens"] > 0
    # the HTTP path gives the same greedy completion as calling the teacher directly
    direct = teacher.answer([msg], cfg=DecodeConfig(max_new_tokens=12))[0]
    assert (message["reasoning_content"], message["content"]) == (direct.reasoning, direct.content)


@pytest.mark.parametrize(("extra", "field"), [
    ({"temperature": -1}, "temperature"),
    ({"antidistill": {"antidistill_sampling": {"lam": 1.0}}}, "antidistill.antidistill_sampling"),
    ({"antidistill": {"watermark_key_id": "acct:1"}}, "antidistill.watermark_key_id"),
    ({"antidistill": {"watermark_key_id": "bad key with spaces"}}, "watermark.key_id"),
    ({"messages": []}, "messages"),
])
def test_bad_requests_are_400_naming_the_field(served, extra, field) -> None:  # type: ignore[no-untyped-def]
    task, _, url = served
    status, body = chat(url, "sk-test", task.problem(1).question, extra=extra)
    assert status == 400
    assert field in body["error"]["message"]


def test_campaign_harvests_through_http_from_many_keys(served) -> None:  # type: ignore[no-untyped-def]
    task, _, url = served
    requests = plan_campaign(task, CampaignConfig(n_exchanges=10, n_keys=4, seed=1))
    assert len({r.key_id for r in requests}) > 1
    assert all(r.message.startswith(ELICIT_INSTRUCTIONS) for r in requests)
    result = run_campaign(url, requests, concurrency=5, extra={"temperature": 0.8})
    assert result.sent == 10 and len(result.exchanges) == 10 and not result.refused
    assert [e.prompt for e in result.exchanges] == [r.message for r in requests]


def test_parse_options_and_loopback_guard() -> None:
    options, key = parse_options({"temperature": 0.7, "antidistill": {"watermark_key_id": "acct:7",
                                                                      "antidistill_sampling": {"lam": 2, "tau": 0.5}}})
    assert key == "acct:7" and options.sample and options.antidistill is not None
    assert options.antidistill.lam == 2.0 and options.antidistill.tau == 0.5
    assert not parse_options({})[0].sample
    for url in ("http://example.com", "https://127.0.0.1:1", "http://10.0.0.1:8080"):
        with pytest.raises(ConfigError, match="loopback"):
            check_loopback(url)


def test_per_request_watermark_keys_are_embedded_and_detected() -> None:
    from antidistill.watermark.detect import Detector
    from antidistill.watermark.keys import KeyRing
    from antidistill.watermark.spec import WatermarkSpec

    task = TaskFamily()
    tok = build_tokenizer(task)
    torch.manual_seed(1)  # untrained, so its samples are high-entropy and the mark is strong
    teacher = Teacher(model=new_model(ModelSpec(n_layer=1, n_embd=32, n_head=2), tok).eval(), tok=tok,
                      folder=Path("untrained"))
    spec = WatermarkSpec(scheme="redgreen", gamma=0.25, delta=3.0, context_width=2, vocab_size=len(tok))
    keyring = KeyRing(master=b"lab-test-master-secret-0123456789")
    worker = TeacherWorker(teacher=teacher, keyring=keyring, watermark=spec, max_new_tokens=24, seed=4)
    texts: dict[str, list[str]] = {"acct:a": [], "acct:b": []}
    try:
        with ServerThread(create_app(worker)) as server:
            for i in range(16):
                for key_id, out in texts.items():
                    status, body = chat(server.url, "sk-x", task.problem(i).question,
                                        extra={"temperature": 1.0, "antidistill": {"watermark_key_id": key_id}})
                    assert status == 200
                    message = body["choices"][0]["message"]
                    out.append(f"{message['reasoning_content']} {message['content']}")
    finally:
        worker.close()
    detector = Detector(spec=spec, keyring=keyring)
    docs_a = [tok.encode(t) for t in texts["acct:a"]]
    assert detector.detect_corpus(docs_a, "acct:a").p_value < 1e-6
    assert detector.detect_corpus(docs_a, "acct:b").p_value > 1e-3
