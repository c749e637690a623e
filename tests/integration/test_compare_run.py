"""Comparisons, baselines, repeats and floors end to end: `pytest --quality` runs against the FakeServer."""

from __future__ import annotations

import json

import pytest

from tests.support.fake_openai import FakeServer, answer_negative, answer_reference, is_probe_request
from tests.support.runner import run_cli, run_quality

FOUR = {"TC-03", "IF-07", "SO-11", "DE-02"}
EIGHT = FOUR | {"TC-09", "IF-12", "RM-05", "DE-14"}


def flipping(ids: set[str]):
    """Every scenario gets its reference reply, except `ids`, which get their first (wrong) negative."""

    def answer(scenario, request):
        return (
            answer_negative(scenario, request)
            if scenario and scenario.id in ids
            else answer_reference(scenario, request)
        )

    return answer


@pytest.fixture(scope="module")
def run_a(tmp_path_factory):
    """Run A: --quality=medium, all 75 scenarios pass."""
    folder = tmp_path_factory.mktemp("a")
    with FakeServer(answer_reference) as server:
        run = run_quality(folder, "--quality=medium", f"--endpoint={server.url}", json_name="a.json")
    assert run.returncode == 0 and run.data["totals"]["passed"] == 75
    return run.json_path


def test_four_flips_listed_not_significant(workdir, run_a):
    with FakeServer(flipping(FOUR)) as server:
        b = run_quality(
            workdir,
            "--quality=medium",
            f"--endpoint={server.url}",
            f"--previous-result={run_a}",
            "--exit-on-regression",
            json_name="b.json",
        )
    assert b.returncode == 0, b.stdout[-3000:]  # exact McNemar p = 0.125 for 4 discordant pairs: not significant
    cmp = b.data["comparison"]
    assert sorted(cmp["total"]["regressions"]) == sorted(FOUR)
    assert sorted(e["id"] for e in cmp["scenarios"] if e["class"] == "regression") == sorted(FOUR)
    assert cmp["total"]["counts"]["stable_pass"] == 71 and cmp["total"]["fixes"] == []
    assert cmp["total"]["method"] == "mcnemar_exact" and cmp["total"]["p"] == 0.125
    assert cmp["significant_regression"] is False
    assert "Δ vs prev" in b.stdout and "Verdict: no significant regression (TOTAL Δ -5pp, p=0.125)" in b.stdout
    # The schema's fields are untouched; repeat_stats sits beside them.
    assert b.data["totals"] == {"passed": 71, "total": 75, "errors": 0, "score": round(71 / 75, 4)}
    assert b.data["repeat_stats"]["pass_at_k"] == {"1": round(71 / 75, 4)}
    # The offline diff says the same, and its gate does not fire either.
    offline = run_cli("diff", str(run_a), str(b.json_path), "--exit-on-regression", "--json", "cmp.json", cwd=workdir)
    assert offline.returncode == 0, offline.stderr
    assert "TOTAL: 4 regressions" in offline.stdout
    assert json.loads((workdir / "cmp.json").read_text())["total"]["regressions"] == cmp["total"]["regressions"]


def test_eight_flips_significant_exits_3(workdir, run_a):
    with FakeServer(flipping(EIGHT)) as server:
        b = run_quality(
            workdir,
            "--quality=medium",
            f"--endpoint={server.url}",
            f"--previous-result={run_a}",
            "--exit-on-regression",
            json_name="b8.json",
        )
        refused = run_quality(
            workdir,
            "--quality=medium",
            f"--endpoint={server.url}",
            f"--previous-result={run_a}",
            "--exit-on-regression",
            "--temperature=0.5",
            json_name="b8t.json",
        )
    assert b.returncode == 3, b.stdout[-3000:]
    cmp = b.data["comparison"]
    assert sorted(cmp["total"]["regressions"]) == sorted(EIGHT)
    assert cmp["total"]["p"] == pytest.approx(0.0078125) and cmp["significant_regression"]
    assert "SIGNIFICANT REGRESSION" in b.stdout
    assert refused.returncode == 4 and "non-canonical" in refused.stdout + refused.stderr
    offline = run_cli("diff", str(run_a), str(b.json_path), "--exit-on-regression", cwd=workdir)
    assert offline.returncode == 3 and "Verdict: significant regression" in offline.stdout
    assert run_cli("diff", str(run_a), str(b.json_path), cwd=workdir).returncode == 0  # without the flag: report only


def test_previous_result_must_be_a_results_file(workdir):
    (workdir / "junk.json").write_text('{"hello": 1}')
    run = run_quality(workdir, "--quality=quick", "--endpoint=http://127.0.0.1:9", "--previous-result=junk.json")
    assert run.returncode == 2 and "--previous-result" in run.stdout + run.stderr
    assert run_cli("diff", "junk.json", "nothere.json", cwd=workdir).returncode == 2


def test_baseline_capture_and_diff(workdir):
    with FakeServer(answer_reference) as server:
        files = [
            run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", json_name=f"r{i}.json").json_path
            for i in range(3)
        ]
    too_few = run_cli("baseline", "capture", "--slug", "vllm/demo", "--from", *map(str, files[:2]), cwd=workdir)
    assert too_few.returncode == 2 and "n >= 3" in too_few.stderr
    cap = run_cli("baseline", "capture", "--slug", "vllm/demo", "--from", *map(str, files), cwd=workdir)
    assert cap.returncode == 0, cap.stderr
    path = workdir / "results" / "baselines" / "vllm" / "demo" / "no-thinking.json"
    doc = json.loads(path.read_text())
    assert doc["n"] == 3 and doc["model"] == "fake-model" and doc["totals"]["total"] == 90
    assert all(s["pass_rate"] == 1.0 and s["runs"] == 3 for p in doc["packs"] for s in p["per_scenario"])
    again = run_cli("baseline", "capture", "--slug", "vllm/demo", "--from", *map(str, files), cwd=workdir)
    assert again.returncode == 1 and "--force" in again.stderr  # refreshing is deliberate
    six = {f"TC-{i:02d}" for i in range(1, 7)}
    with FakeServer(flipping(six)) as server:
        fresh = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            f"--previous-result={path}",
            "--exit-on-regression",
            json_name="fresh.json",
        )
    assert fresh.returncode == 3, fresh.stdout[-3000:]  # the baseline file is accepted by --previous-result
    assert fresh.data["comparison"]["a"]["kind"] == "baseline"
    assert fresh.data["comparison"]["total"]["method"] == "paired_bootstrap"
    diff = run_cli("baseline", "diff", "--slug", "vllm/demo", str(fresh.json_path), "--exit-on-regression", cwd=workdir)
    assert diff.returncode == 3 and "6 regressions" in diff.stdout
    ok = run_cli("baseline", "diff", "--slug", "vllm/demo", str(files[0]), "--exit-on-regression", cwd=workdir)
    assert ok.returncode == 0 and "0 regressions" in ok.stdout
    missing = run_cli("baseline", "diff", "--slug", "vllm/other", str(files[0]), cwd=workdir)
    assert missing.returncode == 1 and "no baseline" in missing.stderr


def test_repeat_stats_and_flaky_list(workdir):
    seen: dict[str, int] = {}

    def flaky(scenario, request):  # TC-05 fails its second request only; IF-02 always fails
        if scenario is None:
            return "(no answer)"
        seen[scenario.id] = seen.get(scenario.id, 0) + 1
        if scenario.id == "IF-02" or (scenario.id == "TC-05" and seen[scenario.id] == 2):
            return answer_negative(scenario, request)
        return answer_reference(scenario, request)

    with FakeServer(flaky) as server:
        # one request at a time: "TC-05's second request" must be its second repeat (r2)
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "--repeat=3", "--concurrency=1")
    data = run.data
    assert data["repeat_stats"]["flaky"] == [
        {"pack_id": "toolcall-15", "id": "TC-05", "passes": 2, "runs": 3, "pass_rate": 0.6667}
    ]
    tc = data["packs"][0]["repeat_stats"]
    assert tc["pass_at_k"]["1"] == round((14 + 2 / 3) / 15, 4) and tc["pass_at_k"]["3"] == 1.0
    inf = data["packs"][1]["repeat_stats"]
    assert inf["pass_at_k"]["3"] == round(14 / 15, 4) and inf["flaky"] == []
    assert "pass@3" in run.stdout and "95% CI" in run.stdout
    assert "- toolcall-15 TC-05: 2/3" in run.stdout
    assert "- toolcall-15 TC-05 [r2]: verifier_fail" in run.stdout  # labelled like its node id


def test_floor_override(workdir):
    three = {"TC-01", "TC-02", "TC-03"}  # toolcall 12/15 = 0.80: exactly at the pack's own floor
    with FakeServer(flipping(three)) as server:
        default = run_quality(
            workdir, "--quality=quick", f"--endpoint={server.url}", "--quality-gate=floors", json_name="default.json"
        )
        stricter = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            "--quality-gate=floors",
            "--floor",
            "toolcall-15=0.85",
            json_name="stricter.json",
        )
        looser = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            "--quality-gate=floors",
            "--floor=toolcall-15=0.85",
            "--floor=toolcall-15=0.5",
            json_name="looser.json",
        )
    assert default.returncode == 0, default.stdout[-2000:]
    assert stricter.returncode == 1 and stricter.data["packs"][0]["floor"] == 0.85
    assert stricter.data["packs"][0]["status"] == "below floor"
    assert looser.returncode == 0  # the last --floor for a pack wins
    for bad in ("toolcall-15", "toolcall-15=1.5", "toolcall-15=x", "=0.5", "nosuchpack=0.5"):
        run = run_quality(workdir, "--quality=quick", "--endpoint=http://127.0.0.1:9", f"--floor={bad}")
        assert run.returncode == 2 and "--floor" in run.stdout + run.stderr, bad


def test_baseline_capture_run(workdir, fake_server):
    cap = run_cli(
        "baseline",
        "capture",
        "--slug",
        "local/fake",
        "--mode",
        "enable-thinking",
        "--run",
        "--",
        "--quality=quick",
        f"--endpoint={fake_server.url}",
        "-k",
        "TC-01 or TC-02",
        "-p",
        "no:cacheprovider",
        cwd=workdir,
    )
    assert cap.returncode == 0, cap.stderr[-2000:]
    doc = json.loads((workdir / "results/baselines/local/fake/enable-thinking.json").read_text())
    assert doc["n"] == 3 and doc["thinking_mode"] == "force-on"
    assert [(s["id"], s["runs"]) for s in doc["packs"][0]["per_scenario"]] == [("TC-01", 3), ("TC-02", 3)]
    chats = [r for r in fake_server.requests if "messages" in r and not is_probe_request(r)]
    assert len(chats) == 6 and all(r["chat_template_kwargs"]["enable_thinking"] is True for r in chats)


def test_major_pack_version_mismatch_is_refused(workdir, run_a):
    """Results graded by 1.x packs are not compared with 2.x ones: diff refuses, a regression gate exits 4, and
    rescore says which pack version graded the re-scored file."""
    old = json.loads(run_a.read_text())
    for p in old["packs"]:
        if p["pack_id"] == "toolcall-15":
            p["version"] = "1.0.0"
    old_path = workdir / "old-v1.json"
    old_path.write_text(json.dumps(old))
    refused = run_cli("diff", str(old_path), str(run_a), cwd=workdir)
    assert refused.returncode == 2
    assert "toolcall-15: pack v1.0.0 (A) and v2.0.0 (B) differ in major version" in refused.stderr
    allowed = run_cli("diff", str(old_path), str(run_a), "--allow-major-mismatch", cwd=workdir)
    assert allowed.returncode == 0 and "NOT COMPARED toolcall-15" in allowed.stdout
    assert "- toolcall-15:" not in allowed.stdout and "- instructfollow-15:" in allowed.stdout
    with FakeServer(answer_reference) as server:
        gated = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            f"--previous-result={old_path}",
            "--exit-on-regression",
            json_name="gated.json",
        )
    assert gated.returncode == 4, gated.stdout[-2000:]
    assert "not comparable across major pack versions: toolcall-15 v1.0.0 vs v2.0.0" in gated.stderr
    assert gated.data["comparison"]["incomparable"][0]["pack_id"] == "toolcall-15"
    rescored = run_cli("rescore", str(old_path), "--pack", "toolcall-15", cwd=workdir)
    assert rescored.returncode == 0, rescored.stderr
    assert "- toolcall-15: run used v1.0.0, graded by v2.0.0" in rescored.stdout
