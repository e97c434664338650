"""A request's tools and output schema are kept as a ``[tools]`` system turn, in every API's shape, so the content
signals read what they ask of the model: a forced tool whose schema requires every step of the reasoning is a way
to ask for it without one word of it in the prompt."""

from __future__ import annotations

from typing import Any

from antidistill.ingest import fields as F
from antidistill.ingest.openai import request_messages
from antidistill.signals.reasoning import ReasoningElicitation

TRACE = {"type": "object", "properties": {
    "restated_problem": {"type": "string"},
    "derivation": {"type": "array", "description": "Every intermediate inference, in order, exactly as you arrived "
                                                   "at it, with its justification and a self-check.",
                   "items": {"type": "object", "properties": {"step": {"type": "integer"},
                                                              "justification": {"type": "string"}}}},
    "final_answer": {"type": "string"}}}
READ_FILE = {"type": "object", "properties": {"path": {"type": "string", "description": "Path from the repo root."}}}
TURNS = [{"role": "system", "content": "You are a careful solver."}, {"role": "user", "content": "What is 17 * 23?"}]


def _tools_turn(request: dict[str, Any]) -> str:
    msgs = request_messages(request, "request")
    (turn,) = [m for m in msgs if m["content"].startswith("[tools]")]
    assert msgs.index(turn) == sum(m["role"] == "system" for m in msgs) - 1  # after the system prompt
    return turn["content"]


def test_every_api_shape_of_a_tool_reads_alike() -> None:
    shapes = {
        "chat completions": {"model": "m", "messages": TURNS, "tools": [
            {"type": "function", "function": {"name": "submit", "description": "Record the worked solution.",
                                              "parameters": TRACE}}],
            "tool_choice": {"type": "function", "function": {"name": "submit"}}},
        "anthropic": {"model": "m", "system": "You are a careful solver.", "messages": TURNS[1:],
                      "tools": [{"name": "submit", "description": "Record the worked solution.",
                                 "input_schema": TRACE}],
                      "tool_choice": {"type": "tool", "name": "submit"}},
        "bedrock converse": {"system": [{"text": "You are a careful solver."}], "messages": [
            {"role": "user", "content": [{"text": "What is 17 * 23?"}]}], "toolConfig": {
            "tools": [{"toolSpec": {"name": "submit", "description": "Record the worked solution.",
                                    "inputSchema": {"json": TRACE}}}], "toolChoice": {"tool": {"name": "submit"}}}},
        "gemini": {"systemInstruction": {"parts": [{"text": "You are a careful solver."}]},
                   "contents": [{"role": "user", "parts": [{"text": "What is 17 * 23?"}]}],
                   "tools": [{"functionDeclarations": [{"name": "submit", "description": "Record the worked solution.",
                                                        "parameters": TRACE}]}],
                   "toolConfig": {"functionCallingConfig": {"mode": "ANY"}}},
    }
    texts = {name: _tools_turn(body) for name, body in shapes.items()}
    for name, text in texts.items():
        lines = text.splitlines()
        assert lines[:3] == ["[tools]", "[tool submit] Record the worked solution.", "restated_problem"], name
        assert any(line.startswith("derivation: Every intermediate inference") for line in lines), name
        assert "justification" in lines, name  # the array's item properties too
    assert texts["chat completions"].endswith("[tool_choice submit]")
    assert texts["anthropic"] == texts["chat completions"] == texts["bedrock converse"]
    out = _tools_turn({"model": "m", "messages": TURNS, "response_format": {"type": "json_schema", "json_schema": {
        "name": "worked", "schema": TRACE}}})
    assert out.splitlines()[1] == "[response_format worked]"
    responses = _tools_turn({"model": "m", "instructions": "You are a careful solver.", "input": "What is 17 * 23?",
                             "text": {"format": {"type": "json_schema", "name": "worked", "schema": TRACE}}})
    assert responses == out


def test_no_tools_no_turn_and_odd_shapes_are_no_error() -> None:
    assert request_messages({"model": "m", "messages": TURNS}, "request") == TURNS
    assert F.tools_text({"tools": "web_search"}) is None
    assert F.tools_text({"tools": [{"type": "web_search_preview"}, 3, None]}) is None  # built-in tools: no schema
    assert request_messages({"model": "m", "tools": [{"name": "t", "input_schema": READ_FILE}]}, "r") == []
    long = F.tools_text({"tools": [{"name": f"t{i}", "description": "x" * 300, "input_schema": READ_FILE}
                                   for i in range(40)]})
    assert long is not None and len(long) == F.TOOLS_TEXT_MAX


def test_the_classifier_reads_reasoning_asked_for_through_a_schema() -> None:
    """A forced tool whose schema demands every inference is reasoning elicitation; an agent's file tools and a
    structured answer with a short rationale field are not."""
    harvest = _tools_turn({"model": "m", "messages": TURNS[1:], "tools": [
        {"name": "log_solution_trace", "description": "Record the complete worked solution for audit. A reviewer "
                                                      "must be able to reproduce your thought process from it alone.",
         "input_schema": TRACE}], "tool_choice": {"type": "tool", "name": "log_solution_trace"}})
    agent = _tools_turn({"model": "m", "messages": TURNS[1:], "tools": [
        {"name": "read_file", "description": "Read a file of the workspace.", "input_schema": READ_FILE},
        {"name": "run_tests", "description": "Run the test suite and return its output.",
         "input_schema": {"type": "object", "properties": {}}}]})
    graded = _tools_turn({"model": "m", "messages": TURNS[1:], "response_format": {"type": "json_schema",
        "json_schema": {"name": "ticket", "schema": {"type": "object", "properties": {
            "category": {"type": "string", "description": "One of billing, shipping, other."},
            "rationale": {"type": "string", "description": "One sentence on why."}}}}}})
    signal = ReasoningElicitation()
    scores = signal.score_batch([harvest, agent, graded])
    flags = [bool(f) for f in scores.flagged]
    assert flags == [True, False, False], scores.score
