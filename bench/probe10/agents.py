"""Tool-calling agent sessions, shared by honest agent platforms and agentic campaigns."""

from __future__ import annotations

import json
import random
from typing import Any

from . import textgen
from .calls import Call, GroundTruth, Message, Reply, assistant, make_call, system, tool_result, user
from .corpus import Item
from .world import Account, new_uuid


def _fn(name: str, desc: str, props: dict[str, str], required: list[str]) -> dict[str, Any]:
    return {"type": "function", "function": {
        "name": name, "description": desc,
        "parameters": {"type": "object", "properties": {k: {"type": v} for k, v in props.items()},
                       "required": required}}}


CODING_TOOLS = [
    _fn("read_file", "Read a file from the repository.", {"path": "string"}, ["path"]),
    _fn("search_code", "Search the repository with ripgrep.", {"pattern": "string", "glob": "string"}, ["pattern"]),
    _fn("edit_file", "Replace text in a file.", {"path": "string", "old": "string", "new": "string"},
        ["path", "old", "new"]),
    _fn("run_tests", "Run the test suite, optionally one test file.", {"target": "string"}, []),
    _fn("bash", "Run a shell command in the sandbox.", {"command": "string"}, ["command"]),
]
DATA_TOOLS = [
    _fn("run_sql", "Run a read-only SQL query on the warehouse.", {"query": "string"}, ["query"]),
    _fn("make_chart", "Render a chart from the last query result.", {"kind": "string", "x": "string",
                                                                      "y": "string"}, ["kind", "x", "y"]),
]
OPS_TOOLS = [
    _fn("lookup_order", "Find an order by id or email.", {"order_id": "string", "email": "string"}, []),
    _fn("issue_refund", "Issue a refund up to the policy limit.", {"order_id": "string", "amount": "number"},
        ["order_id", "amount"]),
    _fn("send_email", "Send an email to the customer.", {"to": "string", "subject": "string", "body": "string"},
        ["to", "subject", "body"]),
]
QUEUE_TOOLS = [
    _fn("fetch_task", "Fetch the next task from the work queue.", {"queue": "string"}, []),
    _fn("submit_answer", "Submit the answer for a task.", {"task_id": "string", "answer": "string"},
        ["task_id", "answer"]),
]

CODING_SYSTEMS = [
    "You are an autonomous coding agent working in a git repository. Use the tools to inspect files, make minimal "
    "edits and run the tests. When the tests pass, reply with a short summary of the change.",
    "You are Forge, a software engineering assistant. Plan briefly, then act with tools. Prefer small diffs. "
    "Never run destructive commands. Finish with a summary and the test result.",
    "You are a helpful AI pair programmer with access to the user's workspace through tools. Think about the "
    "root cause before editing. Keep the existing code style.",
]


def _tool_call(rnd: random.Random, name: str, args: dict[str, Any]) -> dict[str, Any]:
    return {"id": "call_" + new_uuid(rnd).replace("-", "")[:24], "type": "function",
            "function": {"name": name, "arguments": json.dumps(args)}}


def _file_for(item: Item, rnd: random.Random) -> str:
    if item.source == "humaneval":
        return item.text + (item.answer or "    pass\n")
    a, b = (w.replace("-", "_") for w in textgen.topic(item.text, rnd))
    return (f"import logging\n\nlog = logging.getLogger(__name__)\n\n\nclass {a.title()}Handler:\n"
            f"    def __init__(self, {b}=None):\n        self.{b} = {b}\n\n    def run(self, items):\n"
            f"        # TODO: {a}\n        for item in items:\n            log.debug(\"%s\", item)\n        pass\n")


def coding_task(item: Item, rnd: random.Random) -> str:
    if item.source == "humaneval":
        return rnd.choice([
            f"The tests for `{item.extra}` in src/utils.py are failing. Please fix the implementation.",
            f"Implement `{item.extra}` in src/utils.py according to its docstring and make the tests pass.",
            f"Can you add `{item.extra}`? The stub and docstring are already in src/utils.py.",
        ])
    return item.text[:1800]


def coding_session(
    acct: Account, rnd: random.Random, start: float, item: Item, model: str, *,
    steps: int, gap: tuple[float, float] = (2.0, 9.0), session_name: str = "coding-agent",
    sys_prompt: str | None = None, end_user: str = "", truth: GroundTruth | None = None,
    reasoning_effort: str | None = None, with_session: bool = True, temperature: float | None = 0.2,
) -> list[Call]:
    """One agent run: read, search, edit, test, summarise; one API call per step."""
    sess = new_uuid(rnd)
    history: list[Message] = [system(sys_prompt or rnd.choice(CODING_SYSTEMS)), user(coding_task(item, rnd))]
    egress, ua, key_index = rnd.choice(acct.egress), rnd.choice(acct.user_agents), rnd.randrange(len(acct.keys))
    plan = ["read_file", "search_code", "edit_file", "run_tests", "bash", "read_file", "edit_file", "run_tests"]
    out: list[Call] = []
    ts = start
    for i in range(steps):
        last = i == steps - 1
        if last:
            reply = Reply(f"Done. {textgen.generic_answer(item.text, rnd, 70)}\n\nAll tests pass (12 passed).")
        else:
            name = plan[i % len(plan)]
            args = {"read_file": {"path": "src/utils.py"}, "search_code": {"pattern": item.extra or "def "},
                    "edit_file": {"path": "src/utils.py", "old": "pass", "new": "return result"},
                    "run_tests": {"target": "tests/test_utils.py"}, "bash": {"command": "git diff --stat"}}[name]
            call_ = _tool_call(rnd, name, args)
            thought = textgen.generic_answer(item.text, rnd, 30).split("\n\n")[0] if rnd.random() < 0.6 else None
            reply = Reply(thought, tool_calls=[call_], finish="tool_calls")
        if reasoning_effort:
            reply.reasoning = textgen.reasoning(item, rnd, "en", rnd.randint(150, 700))
        call = make_call(acct, ts, model, list(history), reply, rnd, end_user=end_user, end_user_truth=truth,
                         key_index=key_index, egress=egress, ua=ua, tools=CODING_TOOLS, tool_choice="auto",
                         temperature=temperature, reasoning_effort=reasoning_effort)
        if with_session:
            call.session = (sess, f"/{session_name}/step-{i + 1}", session_name)
        call.cached_prefix_tokens = sum(textgen.tokens(str(m.get("content") or "")) for m in history[:-1]) + 400
        out.append(call)
        if last:
            break
        history.append(assistant(reply.content, reply.tool_calls))
        name = reply.tool_calls[0]["function"]["name"] if reply.tool_calls else ""
        result = {
            "read_file": _file_for(item, rnd)[:1400], "search_code": f"src/utils.py:12:def {item.extra or 'main'}(",
            "edit_file": "OK: 1 replacement", "bash": " src/utils.py | 6 ++++--\n 1 file changed",
            "run_tests": rnd.choice(["FAILED tests/test_utils.py::test_basic - AssertionError", "3 passed, 1 failed",
                                     "12 passed in 0.41s"]),
        }.get(name, "ok")
        history.append(tool_result(reply.tool_calls[0]["id"] if reply.tool_calls else "", result))
        ts += rnd.uniform(*gap) + (len(reply.content or "") + len(reply.reasoning or "")) / 70.0
    return out
