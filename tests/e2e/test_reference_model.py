"""End to end against the real reference model: llama-server + Qwen2.5-Coder-0.5B on loopback.

The build and the model come from the cache (`bash .ci/prepare-reference.sh` fills it); without
them these tests skip, naming what is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import jsonschema
import pytest

from pytest_quality.reference import cache_root
from pytest_quality.results import results_schema
from tests.support.runner import run_quality

pytestmark = [pytest.mark.e2e]


def _cached() -> str | None:
    root = cache_root()
    if not list(root.glob("llama-server/*/.complete")):
        return f"no cached llama-server build under {root}/llama-server (run: bash .ci/prepare-reference.sh)"
    if not list(root.glob("models/*.gguf")):
        return f"no cached reference model under {root}/models (run: bash .ci/prepare-reference.sh)"
    return None


def _llama_pids() -> set[int]:
    out = subprocess.run(["pgrep", "-f", "llama-server"], capture_output=True, text=True).stdout
    return {int(p) for p in out.split()}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    reason = _cached()
    if reason:
        pytest.skip(reason)
    workdir = tmp_path_factory.mktemp("e2e")
    before = _llama_pids()
    run = run_quality(workdir, "--quality=quick", "--endpoint=local", "-n", "2", timeout=1800)
    return run, before


def test_quick_run_completes_with_a_verdict_for_every_scenario(quick_run):
    run, _ = quick_run
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    data = run.data
    scenarios = [s for p in data["packs"] for s in p["scenarios"]]
    assert len(scenarios) == 30
    for s in scenarios:
        assert isinstance(s["passed"], bool)
        assert s["passed"] or s["failure_mode"] in {"verifier_fail", "wrong_answer", "token_limit", "timeout"}
        assert s["response"]["choices"], s["id"]  # the real reply, as received
    assert data["complete"] is True and data["totals"]["errors"] == 0
    assert data["model"] == "qwen2.5-coder-0.5b-instruct"
    assert "Quality:   ToolCall-15 " in run.stdout


def test_results_json_validates(quick_run):
    run, _ = quick_run
    jsonschema.validate(run.data, results_schema())


def test_probe_speed_matches_the_servers_own_timing(quick_run):
    probe = quick_run[0].data["probe"]
    measured = probe["decode_tps"]
    server = probe["decode_detail"]["server_predicted_per_second"]
    assert measured and server
    assert abs(measured - server) / server <= 0.25, (measured, server)


def test_thinking_control_comes_from_the_servers_template(quick_run):
    probe = quick_run[0].data["probe"]
    # llama.cpp's /props served the Qwen2.5 template: it was read, and it names neither control.
    assert probe["server"]["props"] is True and probe["server"]["chat_template_sha256"]
    assert (
        "<tool_call>" in probe["server"]["chat_template_excerpt"] or "tools" in probe["server"]["chat_template_excerpt"]
    )
    assert probe["thinking_control_source"] == "default (template names neither)"
    assert probe["thinking_control"] == "enable_thinking"


def test_no_server_is_left_behind(quick_run):
    run, before = quick_run
    time.sleep(0.5)
    assert _llama_pids() <= before, "a llama-server outlived its run"


def test_a_second_run_starts_fast_from_the_cache(tmp_path):
    reason = _cached()
    if reason:
        pytest.skip(reason)
    before = _llama_pids()
    env = {k: v for k, v in os.environ.items() if not k.startswith("QUALITY_")}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--quality=quick",
        "--endpoint=local",
        "-k",
        "TC-01",
        f"--quality-json={tmp_path / 'r.json'}",
    ]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    first_result = None
    assert proc.stderr is not None
    for line in proc.stderr:
        if line.startswith("[1/1]"):
            first_result = time.monotonic() - start
    proc.wait(timeout=300)
    assert proc.returncode == 0 and first_result is not None
    latency = json.loads((tmp_path / "r.json").read_text())["packs"][0]["scenarios"][0]["latency_s"]
    started = first_result - latency  # server up, probe done, first request sent
    assert started < 30, (first_result, latency)
    assert _llama_pids() <= before
