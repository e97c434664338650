"""Render jobs into the provider's batch archive (object-storage dump).

Layout under DIR/logs:
  batches/dt=YYYY-MM-DD/<batch_id>.json     one archive record per batch, by created_at day
  files/dt=YYYY-MM-DD/<file_id>.jsonl       raw file contents (input on upload, output/error on finalize)
  files/_index/dt=YYYY-MM-DD/files.jsonl    file objects (OpenAI shape) plus the owning project
  orgs/snapshot=YYYY-MM-DD/organizations.jsonl  billing/member snapshot of every org seen
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .world import DAY, FINGERPRINTS, MAX_COMPLETION, REASONING_MODELS, SNAPSHOTS, Job, Line, World

ERRORS = {
    "context_length_exceeded": (
        "This model's maximum context length is 128000 tokens. However, your "
        "messages resulted in {n} tokens. Please reduce the length of the messages.",
        "messages",
    ),
    "max_tokens_too_large": (
        "max_tokens is too large: {n}. This model supports at most {m} completion tokens, whereas you provided {n}.",
        "max_tokens",
    ),
    "invalid_value": ("Invalid value for 'temperature': must be between 0 and 2.", "temperature"),
    "content_policy": ("Your request was rejected as a result of our safety system.", None),
    "server_error": ("The server had an error while processing your request. Sorry about that!", None),
}


def tokens(text: str) -> int:
    """Rough token count: ~4 bytes per token for Latin text, ~1.5 bytes for CJK."""
    b = len(text.encode("utf-8"))
    return max(1, b // 4 if b <= len(text) * 1.5 else b // 2)


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def _variants(reply: str, n: int, rng: np.random.Generator) -> list[str]:
    if n <= 1:
        return [reply]
    parts = reply.split(". ")
    out = [reply]
    for _ in range(n - 1):
        if len(parts) > 2:
            k = int(rng.integers(1, len(parts)))
            out.append(". ".join(parts[k:] + parts[:k]))
        else:
            out.append(reply + ("" if rng.random() < 0.5 else "\n\nLet me know if you need more detail."))
    return out


def _logprobs(text: str, top: int, rng: np.random.Generator) -> dict:
    # Truncated to the first 64 tokens to bound file size (documented simplification).
    toks = text.split(" ")[:64]
    lps = -np.abs(rng.normal(0, 0.6, len(toks)))
    k = max(top - 1, 0)
    alts_lp = np.round(lps[:, None] - np.cumsum(1 + rng.random((len(toks), k)) * 3, axis=1), 5).tolist()
    lps_l = np.round(lps, 5).tolist()
    content = []
    for i, t in enumerate(toks):
        tok = t + " "
        stems = [(t[: max(1, len(t) - 1 - j)] or "the") + ("" if j % 2 else " ") for j in range(k)]
        alts = [{"token": tok, "logprob": lps_l[i]}] + [{"token": st, "logprob": v} for st, v in zip(stems, alts_lp[i])]
        content.append({"token": tok, "logprob": lps_l[i], "top_logprobs": alts[:top]})
    return {"content": content, "refusal": None}


class Archive:
    """Writes the archive and keeps counts for labels and the manifest."""

    def __init__(self, world: World, out: Path) -> None:
        self.w = world
        self.out = out
        self.logs = out / "logs"
        self.files: dict[str, list[str]] = defaultdict(list)  # relpath -> lines (or a single doc)
        self.n_requests = 0
        self.n_ok = 0
        self.status_counts: dict[str, int] = defaultdict(int)
        self.written: list[str] = []
        self._seen: set[str] = set()

    def _emit(self, rel: str, lines: list[str]) -> None:
        """Write one object now (each batch and file object is written exactly once)."""
        p = self.logs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        with open(p, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        self.written.append("logs/" + rel)

    # ---------------------------------------------------------------------
    def _file_obj(self, fid: str, purpose: str, created: int, nbytes: int, name: str, proj: str) -> dict:
        obj = {
            "id": fid,
            "object": "file",
            "bytes": nbytes,
            "created_at": created,
            "expires_at": None,
            "filename": name,
            "purpose": purpose,
            "status": "processed",
            "status_details": None,
        }
        self.files[f"files/_index/dt={iso(created)}/files.jsonl"].append(
            json.dumps({**obj, "project_id": proj}, ensure_ascii=False)
        )
        return obj

    def _chat_body(self, line: Line, created: int, rng: np.random.Generator) -> dict:
        b = line.body
        model = b["model"]
        n = int(b.get("n", 1))
        replies = _variants(line.reply, n, rng)
        ptoks = sum(tokens(m["content"]) if isinstance(m.get("content"), str) else 20 for m in b["messages"])
        if "tools" in b:
            ptoks += 60 * len(b["tools"])
        ctoks = sum(tokens(r) for r in replies)
        reasoning = 0
        if model in REASONING_MODELS:
            reasoning = int(ctoks * rng.uniform(1.5, 6.0)) + int(rng.integers(64, 512))
        choices = []
        for i, r in enumerate(replies):
            finish = "stop"
            mx = b.get("max_completion_tokens") or b.get("max_tokens")
            if mx and tokens(r) > mx:
                r = r[: mx * 4]
                finish = "length"
            ch = {
                "index": i,
                "message": {"role": "assistant", "content": r, "refusal": None, "annotations": []},
                "logprobs": _logprobs(r, int(b.get("top_logprobs", 0)), rng) if b.get("logprobs") else None,
                "finish_reason": finish,
            }
            choices.append(ch)
        cached = int(ptoks * rng.uniform(0.3, 0.9)) // 64 * 64 if ptoks > 1024 and rng.random() < 0.6 else 0
        return {
            "id": "chatcmpl-" + self.w.mint.b62("cmpl", 29),
            "object": "chat.completion",
            "created": created,
            "model": SNAPSHOTS[model],
            "choices": choices,
            "usage": {
                "prompt_tokens": ptoks,
                "completion_tokens": ctoks + reasoning,
                "total_tokens": ptoks + ctoks + reasoning,
                "prompt_tokens_details": {"cached_tokens": cached, "audio_tokens": 0},
                "completion_tokens_details": {
                    "reasoning_tokens": reasoning,
                    "audio_tokens": 0,
                    "accepted_prediction_tokens": 0,
                    "rejected_prediction_tokens": 0,
                },
            },
            "service_tier": "default",
            "system_fingerprint": FINGERPRINTS[model],
        }

    def _embed_body(self, line: Line, rng: np.random.Generator) -> dict:
        inp = line.body["input"]
        items = inp if isinstance(inp, list) else [inp]
        dim = int(line.body.get("dimensions", 256))
        data = []
        for i, _ in enumerate(items):
            vec = rng.standard_normal(dim).astype("<f4")
            vec /= np.linalg.norm(vec)
            data.append({"object": "embedding", "index": i, "embedding": base64.b64encode(vec.tobytes()).decode()})
        pt = sum(tokens(s) for s in items)
        return {
            "object": "list",
            "data": data,
            "model": SNAPSHOTS[line.body["model"]],
            "usage": {"prompt_tokens": pt, "total_tokens": pt},
        }

    def _line_error(self, line: Line, rng: np.random.Generator) -> dict:
        code = line.error
        msg, param = ERRORS[code]
        mx = line.body.get("max_completion_tokens") or line.body.get("max_tokens") or 0
        msg = msg.format(
            n=mx if code == "max_tokens_too_large" else int(rng.integers(128001, 300000)),
            m=MAX_COMPLETION.get(line.body.get("model", ""), 16384),
        )
        status = 500 if code == "server_error" else 400
        etype = "server_error" if status == 500 else "invalid_request_error"
        return {
            "status_code": status,
            "request_id": self.w.mint.hex("reqid", 32),
            "body": {
                "error": {
                    "message": msg,
                    "type": etype,
                    "param": param,
                    "code": None if code == "server_error" else code,
                }
            },
        }

    # ---------------------------------------------------------------------
    def render(self, job: Job) -> None:
        w, rng = self.w, self.w.rng
        acct, key = job.account, job.key
        n = len(job.lines)
        created = job.submit
        upload = created - int(rng.integers(2, 90))
        inp_lines = []
        for ln in job.lines:
            inp_lines.append(
                json.dumps(
                    {"custom_id": ln.custom_id, "method": "POST", "url": job.endpoint, "body": ln.body},
                    ensure_ascii=False,
                )
            )
        in_fid = "file-" + w.mint.b62("file", 22)
        in_bytes = sum(len(s.encode()) + 1 for s in inp_lines)
        self._emit(f"files/dt={iso(upload)}/{in_fid}.jsonl", inp_lines)
        in_obj = self._file_obj(in_fid, "batch", upload, in_bytes, job.filename, key.project_id)
        batch_id = "batch_" + w.mint.hex("batch", 32)
        rec = {
            "id": batch_id,
            "object": "batch",
            "endpoint": job.endpoint,
            "errors": None,
            "input_file_id": in_fid,
            "completion_window": "24h",
            "status": "completed",
            "output_file_id": None,
            "error_file_id": None,
            "created_at": created,
            "in_progress_at": None,
            "expires_at": created + DAY,
            "finalizing_at": None,
            "completed_at": None,
            "failed_at": None,
            "expired_at": None,
            "cancelling_at": None,
            "cancelled_at": None,
            "request_counts": {"total": 0, "completed": 0, "failed": 0},
            "metadata": job.metadata or None,
        }
        self.n_requests += n
        self.status_counts[job.fate] += 1
        files_out = {"input": in_obj, "output": None, "error": None}
        if job.fate == "failed":
            rec["status"] = "failed"
            rec["failed_at"] = created + int(rng.integers(3, 120))
            model = job.lines[0].body.get("model", "corvid-4")
            rec["errors"] = {
                "object": "list",
                "data": [
                    {
                        "code": "token_limit_exceeded",
                        "line": None,
                        "param": None,
                        "message": (
                            f"Enqueued token limit reached for {model} in organization {acct.org_id}. "
                            "Limit: 2,000,000 enqueued tokens. Please try again once some in_progress "
                            "batches have been completed."
                        ),
                    }
                ],
            }
        else:
            t0 = created + int(rng.integers(4, 240))
            rec["in_progress_at"] = t0
            dur = (300 + n * rng.uniform(0.4, 2.5)) * job.speed * rng.lognormal(0, 0.5)
            dur = min(dur, DAY - (t0 - created) - 60)
            done_frac = 1.0
            if job.fate == "expired":
                done_frac = float(rng.uniform(0.2, 0.9))
                dur = DAY - (t0 - created) - 30
            elif job.fate == "cancelled":
                done_frac = float(rng.uniform(0.0, 0.6))
            n_done = int(round(n * done_frac))
            order = rng.permutation(n)
            done_idx = np.sort(order[:n_done])
            times = np.sort(t0 + rng.uniform(0, dur * max(done_frac, 0.05), n_done)).astype(int)
            # completion order: lines finish in parallel workers, not in file order
            finish_order = rng.permutation(n_done)
            out_lines, err_lines = [], []
            ok = failed = 0
            for t, j in zip(times, finish_order):
                ln = job.lines[int(done_idx[j])]
                if not ln.error and rng.random() < 0.0015:
                    ln.error = "server_error"
                if ln.error:
                    resp = self._line_error(ln, rng)
                    err_lines.append(
                        json.dumps(
                            {
                                "id": "batch_req_" + w.mint.hex("breq", 32),
                                "custom_id": ln.custom_id,
                                "response": resp,
                                "error": None,
                            },
                            ensure_ascii=False,
                        )
                    )
                    failed += 1
                    continue
                body = (
                    self._embed_body(ln, rng) if job.endpoint == "/v1/embeddings" else self._chat_body(ln, int(t), rng)
                )
                out_lines.append(
                    json.dumps(
                        {
                            "id": "batch_req_" + w.mint.hex("breq", 32),
                            "custom_id": ln.custom_id,
                            "response": {"status_code": 200, "request_id": w.mint.hex("reqid", 32), "body": body},
                            "error": None,
                        },
                        ensure_ascii=False,
                    )
                )
                ok += 1
                acct.exchanges += 1
                if ln.end_user:
                    acct.eu_exchanges[ln.end_user] = acct.eu_exchanges.get(ln.end_user, 0) + 1
            done_set = set(int(i) for i in done_idx)
            code, msg = (
                ("batch_expired", "This request could not be executed before the completion window expired.")
                if job.fate == "expired"
                else ("batch_cancelled", "This request was not executed because the batch was cancelled.")
            )
            for i, ln in enumerate(job.lines):
                if i not in done_set:
                    err_lines.append(
                        json.dumps(
                            {
                                "id": "batch_req_" + w.mint.hex("breq", 32),
                                "custom_id": ln.custom_id,
                                "response": None,
                                "error": {"code": code, "message": msg},
                            }
                        )
                    )
                    failed += 1
            self.n_ok += ok
            last = int(times[-1]) if n_done else t0
            if job.fate == "expired":
                end = created + DAY + int(rng.integers(30, 900))
                rec["status"], rec["expired_at"] = "expired", end
                rec["finalizing_at"] = created + DAY + int(rng.integers(1, 30))
            elif job.fate == "cancelled":
                rec["cancelling_at"] = last + int(rng.integers(5, 300))
                end = rec["cancelling_at"] + int(rng.integers(20, 600))
                rec["status"], rec["cancelled_at"] = "cancelled", end
            else:
                rec["finalizing_at"] = last + int(rng.integers(1, 40))
                end = rec["finalizing_at"] + int(rng.integers(5, 20 + n // 20))
                rec["completed_at"] = end
            rec["request_counts"] = {"total": n, "completed": ok, "failed": failed}
            if out_lines:
                fid = "file-" + w.mint.b62("file", 22)
                self._emit(f"files/dt={iso(end)}/{fid}.jsonl", out_lines)
                rec["output_file_id"] = fid
                files_out["output"] = self._file_obj(
                    fid,
                    "batch_output",
                    end,
                    sum(len(s.encode()) + 1 for s in out_lines),
                    f"{batch_id}_output.jsonl",
                    key.project_id,
                )
            if err_lines:
                fid = "file-" + w.mint.b62("file", 22)
                self._emit(f"files/dt={iso(end)}/{fid}.jsonl", err_lines)
                rec["error_file_id"] = fid
                files_out["error"] = self._file_obj(
                    fid,
                    "batch_output",
                    end,
                    sum(len(s.encode()) + 1 for s in err_lines),
                    f"{batch_id}_error.jsonl",
                    key.project_id,
                )
        doc = {
            "batch": rec,
            "owner": {
                "organization_id": acct.org_id,
                "project_id": key.project_id,
                "user_id": acct.account_id,
                "api_key_id": key.key_id,
                "api_key_redacted": key.redacted,
                "api_key_sha256_32": key.sha,
                "service_account": key.service_account,
                "usage_tier": acct.tier,
            },
            "request_context": {
                "create": {"ip": job.ip, "user_agent": job.user_agent, "received_at": created},
                "upload": {"ip": job.ip, "user_agent": job.user_agent, "received_at": upload},
            },
            "files": files_out,
            "archived_at": (rec["completed_at"] or rec["expired_at"] or rec["cancelled_at"] or rec["failed_at"]) + 3600,
        }
        self._emit(f"batches/dt={iso(created)}/{batch_id}.json", [json.dumps(doc, ensure_ascii=False, indent=1)])

    def write_orgs(self, snapshot_day: int) -> None:
        rows = []
        for o in self.w.orgs:
            if not any(m.exchanges or m.account_id in self._seen for m in o.members):
                continue
            rows.append(
                json.dumps(
                    {
                        "id": o.org_id,
                        "object": "organization",
                        "name": o.name,
                        "created_at": o.created_at,
                        "usage_tier": o.tier,
                        "verified": o.verified,
                        "billing": {
                            "payment_method_fingerprint": o.payment_fingerprint,
                            "card_brand": o.card_brand,
                            "billing_country": o.billing_country,
                        },
                        "projects": [
                            {"id": p, "name": nm, "created_at": c, "status": "active"} for p, nm, c in o.projects
                        ],
                        "members": [
                            {
                                "user_id": m.account_id,
                                "role": m.role,
                                "email_domain": m.email_domain,
                                "added_at": m.created_at,
                                "signup_country": m.country,
                            }
                            for m in o.members
                        ],
                    },
                    ensure_ascii=False,
                )
            )
        self.files[f"orgs/snapshot={iso(snapshot_day)}/organizations.jsonl"] = rows

    def flush(self) -> list[str]:
        written = []
        for rel in sorted(self.files):
            p = self.logs / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            lines = self.files[rel]
            with open(p, "w", encoding="utf-8") as fh:
                if rel.endswith(".json"):
                    fh.write(lines[0] + "\n")
                else:
                    for s in lines:
                        fh.write(s)
                        fh.write("\n")
            written.append("logs/" + rel)
        return sorted(written + self.written)
