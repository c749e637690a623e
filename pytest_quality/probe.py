"""What we learn about the endpoint once per run: model id, /props, thinking control, decode speed.

Runs on the controller only; workers receive the result (see plugin.py) so a parallel run
probes once.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx

from pytest_quality.client import normalize_base_url, redact
from pytest_quality.request import DEFAULT_CONTROL, ENABLE_THINKING, REASONING_EFFORT

AUTODETECT_PORTS = (8000, 8080, 30000, 11434)
_TPS_PROMPT = "Count upward from 1 to 400 as digits separated by single spaces. Output only the numbers."


class EndpointUnreachable(Exception):
    """The endpoint does not answer at all; the message is one line naming the URL."""


@dataclass
class ProbeResult:
    base_url: str
    model: str | None = None
    model_ids: list[str] = field(default_factory=list)
    thinking_control: str = DEFAULT_CONTROL
    thinking_control_source: str = "default"
    server: dict[str, Any] = field(default_factory=dict)  # /props extracts: template, defaults, slots
    server_reasoning: bool | None = None  # the template can think (so forcing matters)
    decode_tps: float | None = None
    decode_tps_source: str = "not measured"
    decode_detail: dict[str, Any] = field(default_factory=dict)
    # Whether a streamed request came back as server-sent events with deltas (None: not asked); --stream's
    # default follows it (stream.resolve).
    streams: bool | None = None
    fingerprint: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "ProbeResult":
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


def _headers(api_key: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"} if api_key else {}


def autodetect_endpoint(timeout_s: float = 0.5) -> str | None:
    """The first loopback port of AUTODETECT_PORTS whose /v1/models answers."""
    for port in AUTODETECT_PORTS:
        url = f"http://127.0.0.1:{port}"
        try:
            response = httpx.get(url + "/v1/models", timeout=timeout_s)
        except httpx.HTTPError:
            continue
        if response.status_code < 500:
            return url
    return None


def resolve_thinking_control(template: str | None) -> tuple[str, str]:
    """(control, source) from a chat template's text: enable_thinking wins over reasoning_effort."""
    if template and "enable_thinking" in template:
        return ENABLE_THINKING, "template names enable_thinking"
    if template and "reasoning_effort" in template:
        return REASONING_EFFORT, "template names reasoning_effort"
    return DEFAULT_CONTROL, "default (template names neither)" if template else "default (no /props template)"


def run_probe(
    endpoint: str,
    api_key: str | None = None,
    model: str | None = None,
    measure_tps: bool = True,
    timeout_s: float = 8.0,
    check_stream: bool = False,
) -> ProbeResult:
    """`check_stream`: without `measure_tps`, still send one short streamed request to learn `streams`."""
    base = normalize_base_url(endpoint)
    result = ProbeResult(base_url=base)
    with httpx.Client(headers=_headers(api_key), timeout=timeout_s) as http:
        try:
            response = http.get(base + "/v1/models")
        except httpx.HTTPError as exc:
            raise EndpointUnreachable(
                f"endpoint {base} does not answer ({type(exc).__name__}: {redact(str(exc), api_key)})"
            ) from None
        if response.status_code in (401, 403):
            raise EndpointUnreachable(f"endpoint {base} refused the credentials (HTTP {response.status_code})")
        result.model_ids = _model_ids(response)
        result.model = model or (result.model_ids[0] if result.model_ids else None)
        if model and result.model_ids and model not in result.model_ids:
            result.warnings.append(f"model {model!r} is not among the served ids {result.model_ids}")
        _read_props(http, base, result)
        if measure_tps:
            _measure_decode_tps(http, base, result)
        elif check_stream:
            _measure_decode_tps(http, base, result, max_tokens=8, keep_tps=False)
    result.fingerprint = hashlib.sha256(
        json.dumps(
            [result.model, result.server.get("build_info"), result.server.get("chat_template_sha256")], sort_keys=True
        ).encode()
    ).hexdigest()[:16]
    return result


def _model_ids(response: httpx.Response) -> list[str]:
    try:
        data = response.json()
    except ValueError:
        return []
    items = data.get("data") if isinstance(data, dict) else None
    return [m["id"] for m in items or [] if isinstance(m, dict) and isinstance(m.get("id"), str)]


def _read_props(http: httpx.Client, base: str, result: ProbeResult) -> None:
    try:
        response = http.get(base + "/props")
        props = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        props = None
    template = props.get("chat_template") if isinstance(props, dict) else None
    result.thinking_control, result.thinking_control_source = resolve_thinking_control(
        template if isinstance(template, str) else None
    )
    if not isinstance(props, dict):
        return
    settings = props.get("default_generation_settings") or {}
    params = settings.get("params", settings) if isinstance(settings, dict) else {}
    result.server = {
        "props": True,
        "build_info": props.get("build_info"),
        "total_slots": props.get("total_slots"),
        "n_ctx": settings.get("n_ctx") if isinstance(settings, dict) else None,
        "chat_template_sha256": hashlib.sha256(template.encode()).hexdigest() if isinstance(template, str) else None,
        "chat_template_excerpt": template[:400] if isinstance(template, str) else None,
        "defaults": {
            k: params.get(k)
            for k in ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "n_predict", "max_tokens")
            if k in params
        },
    }
    result.server_reasoning = bool(
        template and ("enable_thinking" in template or "<think>" in template or "reasoning_effort" in template)
    )


def _measure_decode_tps(
    http: httpx.Client, base: str, result: ProbeResult, max_tokens: int = 64, keep_tps: bool = True
) -> None:
    """tokens / (wall - time to first token) over one short streamed generation (kept with `keep_tps`);
    `result.streams` says whether the server answered it as an event stream with deltas."""
    body: dict[str, Any] = {
        "messages": [{"role": "user", "content": _TPS_PROMPT}],
        "max_tokens": max_tokens,
        "temperature": 0,
        "stream": True,
        "stream_options": {"include_usage": True},
        "chat_template_kwargs": {"enable_thinking": False},
    }
    if result.model:
        body["model"] = result.model
    start = time.monotonic()
    first: float | None = None
    chunks = 0
    usage_tokens = None
    server_tps = None
    try:
        with http.stream("POST", base + "/v1/chat/completions", json=body, timeout=60) as response:
            if response.status_code != 200:
                if keep_tps:
                    result.warnings.append(
                        f"decode-speed probe got HTTP {response.status_code}; timeouts use pack defaults"
                    )
                return
            result.streams = False  # until an event with a delta arrives
            if "text/event-stream" not in response.headers.get("content-type", ""):
                response.read()
                if keep_tps:
                    result.warnings.append("decode-speed probe: the server did not stream; timeouts use pack defaults")
                return
            for line in response.iter_lines():
                if not line.startswith("data:") or line.strip() == "data: [DONE]":
                    continue
                try:
                    event = json.loads(line[5:])
                except ValueError:
                    continue
                delta = (event.get("choices") or [{}])[0].get("delta") or {} if event.get("choices") else {}
                if any(delta.get(k) for k in ("content", "reasoning_content", "reasoning")):
                    result.streams = True
                    chunks += 1
                    if first is None:
                        first = time.monotonic()
                if isinstance(event.get("usage"), dict):
                    usage_tokens = event["usage"].get("completion_tokens")
                if isinstance(event.get("timings"), dict):
                    server_tps = event["timings"].get("predicted_per_second")
    except httpx.HTTPError as exc:
        result.streams = False  # a stream that breaks is no stream to grade from
        if keep_tps:
            result.warnings.append(f"decode-speed probe failed ({type(exc).__name__}); timeouts use pack defaults")
        return
    if not keep_tps:
        return
    wall = time.monotonic() - start
    tokens = usage_tokens if isinstance(usage_tokens, int) and usage_tokens > 0 else chunks
    if first is None or tokens < 2 or wall - (first - start) <= 0:
        result.warnings.append("decode-speed probe produced too few tokens to measure")
        return
    decode_s = wall - (first - start)
    # The first token arrives at `first`; the remaining tokens-1 are decoded after it.
    result.decode_tps = round((tokens - 1) / decode_s, 2)
    result.decode_tps_source = "measured"
    result.decode_detail = {
        "tokens": tokens,
        "wall_s": round(wall, 3),
        "ttft_s": round(first - start, 3),
        "server_predicted_per_second": server_tps,
    }
