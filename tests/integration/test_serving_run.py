"""`pytest --quality=serving` and `--serving-checks` as a user runs them, against the loopback fake."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import jsonschema
import pytest

from pytest_quality.results import results_schema
from tests.support.fake_serving import ServingFake
from tests.support.runner import run_quality

FAST = ("--measured-tps=50", "--serving-min-context=4096")


@pytest.fixture()
def good():
    with ServingFake() as fake:
        yield fake


def test_serving_mode_on_a_good_server(tmp_path, good):
    junit = tmp_path / "junit.xml"
    run = run_quality(tmp_path, "--quality=serving", f"--endpoint={good.url}", *FAST, f"--junitxml={junit}")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    data = run.data
    jsonschema.validate(data, results_schema())
    serving = data["serving"]
    assert serving["failed"] == 0 and serving["passed"] >= 20 and serving["passed"] + serving["skipped"] == 27
    assert serving["chat_template_sha256"] and serving["needs_repeat"] is False
    assert data["packs"] == []
    out = run.stdout
    assert out.index("Serving checks:") < out.index("Quality:") < out.index("Serving:   ")
    assert "limits.max_tokens" in out and "[serving] tools.parallel ✓" in run.stderr
    props = {(p.get("name"), p.get("value")) for p in ET.parse(junit).iter("property")}
    assert ("serving_check", "tools.in_tool_calls") in props and ("serving_verdict", "pass") in props


def test_serving_mode_fails_and_names_the_flag(tmp_path):
    with ServingFake({"tool_as_text", "nondeterministic"}) as fake:
        run = run_quality(tmp_path, "--quality=serving", f"--endpoint={fake.url}", *FAST)
    assert run.returncode == 1, run.stdout[-3000:]
    serving = run.data["serving"]
    verdicts = {c["name"]: c["verdict"] for c in serving["checks"]}
    assert verdicts["tools.in_tool_calls"] == "fail" and verdicts["determinism.sequential"] == "fail"
    assert verdicts["template.special_tokens"] == "pass"
    assert serving["needs_repeat"] is True and "use --repeat N" in serving["line"]
    assert "--tool-call-parser" in run.stdout and "as text in content" in run.stdout


def test_serving_checks_next_to_packs_warn_on_the_packs_they_undermine(tmp_path):
    with ServingFake({"tool_as_text"}) as fake:
        run = run_quality(
            tmp_path,
            "--quality=quick",
            "--serving-checks",
            f"--endpoint={fake.url}",
            *FAST,
            "-k",
            "serving or tc-01 or if-01",
        )
    data = run.data
    jsonschema.validate(data, results_schema())
    packs = {p["pack_id"]: p for p in data["packs"]}
    assert "tools.in_tool_calls" in packs["toolcall-15"]["serving_warning"]
    assert "serving_warning" not in packs["instructfollow-15"]  # it sends no tools
    assert "⚠ serving" in run.stdout and "toolcall-15: score reflects the serving config" in run.stdout
    assert run.stdout.index("Serving checks:") < run.stdout.index("TOTAL")


def test_serving_checks_alone_runs_the_suite(tmp_path, good):
    run = run_quality(tmp_path, "--serving-checks", f"--endpoint={good.url}", *FAST, "-k", "accounting")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert [c["name"] for c in run.data["serving"]["checks"]] == ["accounting.usage", "accounting.model_id"]


def test_a_bad_serving_option_exits_2_naming_the_flag(tmp_path):
    run = run_quality(tmp_path, "--quality=serving", "--endpoint=http://127.0.0.1:9", "--serving-min-context=lots")
    assert run.returncode == 2 and "--serving-min-context" in run.stdout + run.stderr


def test_serving_mode_under_xdist_collects_every_check_on_the_controller(tmp_path, good):
    run = run_quality(tmp_path, "--quality=serving", f"--endpoint={good.url}", *FAST, "-n", "2")
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    serving = run.data["serving"]
    assert serving["passed"] + serving["skipped"] == 27 and serving["failed"] == 0
    assert [c["name"] for c in serving["checks"]][:2] == ["streaming.content", "streaming.tool_calls"]


def test_a_model_verdict_is_shown_apart_and_fails_nothing(tmp_path):
    # the server renders the tools and the <tool_call> format; the model writes bare JSON calls instead
    with ServingFake({"model_bare_json"}) as fake:
        run = run_quality(tmp_path, "--quality=serving", f"--endpoint={fake.url}", *FAST, "-k", "tools")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    jsonschema.validate(run.data, results_schema())
    serving = run.data["serving"]
    verdicts = {c["name"]: c["verdict"] for c in serving["checks"]}
    assert serving["failed"] == 0 and serving["model"] == 4, verdicts
    assert {n for n, v in verdicts.items() if v == "model"} == {
        "tools.in_tool_calls",
        "tools.choice_required",
        "tools.choice_named",
        "tools.parallel",
    }
    assert "4 model (the server did its part: tools.in_tool_calls" in serving["line"]
    assert "⚠ model" in run.stdout and "[serving] tools.in_tool_calls ~" in run.stderr


def test_resume_keeps_the_serving_options_of_the_saved_run(tmp_path):
    # a minimum context above the fake's 8192 turns limits.context_size red: the resumed run must agree
    with ServingFake() as fake:
        first = run_quality(
            tmp_path,
            "--quality=quick",
            "--serving-checks",
            f"--endpoint={fake.url}",
            "--measured-tps=50",
            "--serving-min-context=16384",
            "--serving-needle-tokens=600",
            "-k",
            "serving or tc-01",
            json_name="first.json",
        )
        assert first.data["serving"]["options"] == {"min_context": 16384, "needle_max_tokens": 600}
        assert first.data["settings"]["serving"]["enabled"] is True
        resumed = run_quality(
            tmp_path, f"--resume={first.json_path}", f"--endpoint={fake.url}", json_name="resumed.json"
        )
        clash = run_quality(
            tmp_path,
            f"--resume={first.json_path}",
            f"--endpoint={fake.url}",
            "--serving-min-context=4096",
            json_name="clash.json",
        )
    serving = resumed.data["serving"]
    assert serving["options"] == {"min_context": 16384, "needle_max_tokens": 600}, resumed.stdout[-2000:]
    verdicts = {c["name"]: c for c in serving["checks"]}
    assert len(verdicts) == 27 and verdicts["limits.context_size"]["verdict"] == "fail"
    assert "16384" in verdicts["limits.context_size"]["detail"]
    assert [p["pack_id"] for p in resumed.data["packs"]] == [p["pack_id"] for p in first.data["packs"]]
    assert clash.returncode == 2 and "--serving-min-context (4096, saved run: 16384)" in clash.stdout + clash.stderr


def test_resume_of_a_serving_only_run_runs_the_suite_again(tmp_path, good):
    first = run_quality(
        tmp_path, "--quality=serving", f"--endpoint={good.url}", *FAST, "-k", "accounting", json_name="first.json"
    )
    resumed = run_quality(tmp_path, f"--resume={first.json_path}", f"--endpoint={good.url}", json_name="again.json")
    assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-2000:]
    assert resumed.data["serving"]["options"]["min_context"] == 4096 and resumed.data["packs"] == []
