"""The serving checks against the real reference llama-server: clean on the correct config, and each
deliberately broken config turns the check named for it red. The tests start those servers themselves
from the cached build on free loopback ports (one at a time: the 0.5B model on two shared cores is slow).
"""

from __future__ import annotations

import pytest

from pytest_quality import probe as probe_mod
from pytest_quality.reference import ReferenceServer
from pytest_quality.serving.checks import by_name
from pytest_quality.serving.context import Context
from pytest_quality.serving.http import Endpoint
from tests.e2e.test_reference_model import _cached

pytestmark = [pytest.mark.e2e]


class _Server(ReferenceServer):
    """The reference server with `--jinja` swapped for other flags (the base command always adds it)."""

    def __init__(self, swap_jinja: list[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.swap_jinja = swap_jinja

    def command(self, parallel: int) -> list[str]:
        cmd = super().command(parallel)
        if self.swap_jinja is not None:
            i = cmd.index("--jinja")
            cmd[i : i + 1] = self.swap_jinja
        return cmd


def _verdicts(server: ReferenceServer, names: list[str], parallel: int = 1) -> dict[str, object]:
    reason = _cached()
    if reason:
        pytest.skip(reason)
    checks = [by_name(n) for n in names]
    url = server.start(parallel=parallel)
    try:
        probe = probe_mod.run_probe(url, measure_tps=False)
        endpoint = Endpoint(url, model=probe.model, timeout_s=300)
        ctx = Context(
            endpoint,
            thinking_control=probe.thinking_control,
            server_reasoning=probe.server_reasoning,
            model_ids=probe.model_ids,
        )
        outcomes = {c.name: c.run(ctx) for c in checks}
        endpoint.close()
        return outcomes
    finally:
        server.stop()


def _show(outcomes) -> str:
    return "\n".join(f"{n}: {o.verdict}: {o.detail}" for n, o in outcomes.items())


# The checks each broken config below must turn red; on the correct config every one of them passes.
TARGETED = [
    "tools.choice_none",
    "tools.result_round_trip",
    "template.special_tokens",
    "template.chat_template",
    "limits.max_tokens",
    "limits.context_size",
    "limits.over_context",
]
# The tool checks whose verdict on the correct config depends on what the model writes.
TOOLS = ["tools.in_tool_calls", "tools.choice_required", "tools.choice_named", "tools.parallel"]


def test_correct_config_passes_the_targeted_checks():
    outcomes = _verdicts(ReferenceServer(), TARGETED, parallel=2)  # as --endpoint=local starts it
    assert all(o.verdict == "pass" for o in outcomes.values()), _show(outcomes)
    assert len(outcomes["template.chat_template"].data["chat_template_sha256"]) == 64


def test_correct_config_fails_no_tool_check_for_what_the_model_wrote():
    # the 0.5B model writes bare JSON calls where its template asks for <tool_call> tags, and this build
    # enforces neither tool_choice "required" nor a named one: the server's part is done, so no red verdict
    outcomes = _verdicts(ReferenceServer(), TOOLS, parallel=2)
    assert not [n for n, o in outcomes.items() if o.verdict == "fail"], _show(outcomes)
    assert all(o.verdict in ("pass", "model") for n, o in outcomes.items() if n != "tools.choice_named"), _show(
        outcomes
    )


def test_no_jinja_turns_the_tool_checks_red():
    outcomes = _verdicts(_Server(swap_jinja=["--no-jinja"]), ["tools.choice_none", "tools.result_round_trip", *TOOLS])
    assert all(o.verdict == "fail" for o in outcomes.values()), _show(outcomes)
    assert "--jinja" in outcomes["tools.choice_none"].detail  # llama.cpp's own refusal, quoted


def test_a_template_of_another_family_turns_the_template_checks_red():
    # llama.cpp's built-in llama3 template on a Qwen (ChatML) model: <|eot_id|> is no token of this model
    server = _Server(swap_jinja=["--no-jinja"], extra_args=["--chat-template", "llama3"])
    outcomes = _verdicts(server, ["template.chat_template", "template.special_tokens"])
    assert all(o.verdict == "fail" for o in outcomes.values()), _show(outcomes)
    assert "<|eot_id|>" in outcomes["template.chat_template"].detail


def test_a_too_small_context_turns_the_context_check_red_and_over_context_still_errors():
    outcomes = _verdicts(ReferenceServer(ctx_size=1024), ["limits.context_size", "limits.over_context"])
    assert outcomes["limits.context_size"].verdict == "fail", _show(outcomes)
    assert "1024" in outcomes["limits.context_size"].detail
    assert outcomes["limits.over_context"].verdict == "pass", _show(outcomes)  # llama.cpp refuses with a 400


def test_a_server_side_n_predict_cap_turns_max_tokens_red():
    outcomes = _verdicts(ReferenceServer(extra_args=["--n-predict", "12"]), ["limits.max_tokens"])
    assert outcomes["limits.max_tokens"].verdict == "fail", _show(outcomes)
    # llama.cpp's -n is a default, not a cap (a request's max_tokens wins): it cuts requests that send none
    assert "without max_tokens, a short answer was cut at 12 tokens" in outcomes["limits.max_tokens"].detail
