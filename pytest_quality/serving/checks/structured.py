"""Structured output: response_format json_object and json_schema give (schema-)valid JSON."""

from __future__ import annotations

import json

import jsonschema

from pytest_quality.serving.registry import bad, check, ok, skip

FLAG = "constrained decoding (llama.cpp: built in; vLLM --guided-decoding-backend / structured-outputs)"
ASK = [{"role": "user", "content": "Give a JSON object describing a 30 year old named Ann: name and age."}]
SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
    "additionalProperties": False,
}


def _unsupported(reply) -> bool:
    return reply.status in (400, 422, 501) and any(
        w in reply.error.lower() for w in ("response_format", "not supported", "unsupported")
    )


def _parse(reply):
    text = (reply.content or "").strip()
    try:
        return json.loads(text), None
    except ValueError:
        return None, f"content is not JSON: {text[:120]!r}"


@check("structured.json_object", 'response_format "json_object" gives valid JSON', FLAG)
def json_object(ctx):
    reply = ctx.ask(ASK, max_tokens=40, response_format={"type": "json_object"})
    if _unsupported(reply):
        return skip(f"the server does not support json_object: {reply.error[:120]}")
    if not reply.ok:
        return bad(reply.describe())
    data, error = _parse(reply)
    if error or not isinstance(data, dict):
        return bad(error or f"JSON but not an object: {data!r} (finish_reason {reply.finish_reason!r})")
    return ok(f"object with keys {sorted(data)}")


@check("structured.json_schema", 'response_format "json_schema" gives schema-valid JSON', FLAG)
def json_schema(ctx):
    fmt = {"type": "json_schema", "json_schema": {"name": "person", "strict": True, "schema": SCHEMA}}
    reply = ctx.ask(ASK, max_tokens=40, response_format=fmt)
    if _unsupported(reply):
        return skip(f"the server does not support json_schema: {reply.error[:120]}")
    if not reply.ok:
        return bad(reply.describe())
    data, error = _parse(reply)
    if error:
        return bad(error)
    problems = sorted(e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if problems:
        return bad(f"JSON violates the schema: {problems[:3]}")
    return ok(f"schema-valid {json.dumps(data)[:80]}")
