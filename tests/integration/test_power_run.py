"""What a comparison can see, end to end against the FakeServer: four-way verdicts in the terminal, JSON,
HTML and junit properties; --fail-on-underpowered; `pytest-quality noise` against a seeded flaky server."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from pytest_quality.merge import load_part, merge
from pytest_quality.rescore import rescore
from tests.support.fake_openai import FakeServer, FlakyAnswer, answer_negative, answer_reference
from tests.support.runner import run_cli, run_quality

SEVEN = {"TC-03", "TC-09", "IF-07", "SO-11", "RM-05", "DE-02", "DE-14"}  # over the five medium packs


def flipping(ids: set[str]):
    def answer(scenario, request):
        return (
            answer_negative(scenario, request)
            if scenario and scenario.id in ids
            else answer_reference(scenario, request)
        )

    return answer


def test_seven_one_way_flips_are_a_regression_everywhere(workdir):
    with FakeServer(answer_reference) as server:
        a = run_quality(workdir, "--quality=medium", f"--endpoint={server.url}", json_name="a.json")
    assert a.returncode == 0 and a.data["totals"]["passed"] == 75
    with FakeServer(flipping(SEVEN)) as server:
        b = run_quality(
            workdir,
            "--quality=medium",
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            "--exit-on-regression",
            f"--junitxml={workdir / 'junit.xml'}",
            f"--quality-html={workdir / 'r.html'}",
            json_name="b.json",
        )
    assert b.returncode == 3, b.stdout[-3000:]
    cmp = b.data["comparison"]
    assert cmp["total"]["verdict"] == "regression" and cmp["total"]["p"] == pytest.approx(2 / 128)
    assert {p["pack_id"]: p["verdict"] for p in cmp["packs"]} == dict.fromkeys(
        ["toolcall-15", "instructfollow-15", "structoutput-15", "reasonmath-15", "dataextract-15"], "underpowered"
    )
    assert all(p["p_holm"] == 1.0 for p in cmp["packs"]) and cmp["power"]["detect"] == 0.1
    assert "→ regression" in b.stdout and "Statistics: scenarios as independent units" in b.stdout
    props = {p.get("name"): p.get("value") for p in ET.parse(workdir / "junit.xml").getroot().iter("property")}
    assert props["quality_comparison"] == "significant regression"
    assert props["quality_comparison_total_verdict"] == "regression"
    assert props["quality_comparison_toolcall-15_verdict"] == "underpowered"
    assert float(props["quality_comparison_toolcall-15_mde"]) == pytest.approx(0.4756, abs=5e-4)
    assert props["quality_comparison_total_p"] == str(cmp["total"]["p"])
    html = (workdir / "r.html").read_text()
    assert "Holm p" in html and 'data-field="verdict"><span class="status bad">regression' in html
    assert "47.6 pp" in html  # a pack's MDE


def test_fail_on_underpowered_is_opt_in_and_separate_from_the_regression_gate(workdir):
    pack = "--pack=dataextract-15"
    with FakeServer(answer_reference) as server:
        a = run_quality(workdir, pack, f"--endpoint={server.url}", json_name="a.json")
    with FakeServer(flipping({"DE-02", "DE-14"})) as server:
        gated = run_quality(
            workdir,
            pack,
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            "--exit-on-regression",
            json_name="b1.json",
        )
        blind = run_quality(
            workdir,
            pack,
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            "--fail-on-underpowered",
            json_name="b2.json",
        )
        asked_50 = run_quality(
            workdir,
            pack,
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            "--fail-on-underpowered",
            "--detect=0.5",
            json_name="b3.json",
        )
        bad = run_quality(workdir, pack, f"--endpoint={server.url}", "--detect=0.5", json_name="b4.json")
        hot = run_quality(
            workdir,
            pack,
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            "--fail-on-underpowered",
            "--temperature=0.5",
            json_name="b5.json",
        )
    assert gated.returncode == 0, gated.stdout[-2000:]  # 2 flips of 15 are no regression
    assert gated.data["comparison"]["total"]["verdict"] == "underpowered" and "UNDERPOWERED" in gated.stdout
    assert blind.returncode == 1 and "--fail-on-underpowered" in blind.stderr
    assert asked_50.returncode == 0 and asked_50.data["comparison"]["total"]["verdict"] == "no change detected"
    assert bad.returncode == 2 and "--detect needs --previous-result" in bad.stdout + bad.stderr
    assert hot.returncode == 4 and "non-canonical" in hot.stdout + hot.stderr  # a gate: canonical runs only


def _flip_rate(outcomes: list[bool]) -> float:
    n, c = len(outcomes), sum(outcomes)
    return 2 * c * (n - c) / (n * (n - 1))


def test_noise_reproduces_a_seeded_flaky_server(workdir):
    flaky = FlakyAnswer(p_wrong=0.3, seed=7)
    with FakeServer(flaky) as server:
        run = run_quality(
            workdir, "--pack=dataextract-15", "--repeat=6", f"--endpoint={server.url}", json_name="rep.json"
        )
    assert run.returncode in (0, 1), run.stdout[-2000:]
    out = run_cli("noise", str(run.json_path), "-o", "noise.json", cwd=workdir)
    assert out.returncode == 0, out.stderr
    doc = json.loads((workdir / "noise.json").read_text())
    measured = {s["id"]: s for s in doc["scenarios"]}
    assert set(measured) == set(flaky.served) and all(len(v) == 6 for v in flaky.served.values())
    for sid, served in flaky.served.items():  # exactly what the server did, scenario by scenario
        assert measured[sid]["passes"] == sum(served)
        assert measured[sid]["flip_rate"] == pytest.approx(_flip_rate(served), abs=1e-4)
    expected = sum(_flip_rate(s) for s in flaky.served.values()) / len(flaky.served)
    assert doc["total"]["mean_flip_rate"] == pytest.approx(expected, abs=1e-4)
    assert abs(doc["total"]["mean_flip_rate"] - 2 * 0.3 * 0.7) < 0.1  # and near the server's true rate
    # printed from the file's (4-place) figure: rounding `expected` itself can land on the other side of .x5
    assert f"mean flip rate {doc['total']['mean_flip_rate'] * 100:.1f}%" in out.stdout

    # A comparison given the noise file leaves the self-flipping scenarios out of its tests and says so.
    with FakeServer(answer_reference) as server:
        a = run_quality(workdir, "--pack=dataextract-15", f"--endpoint={server.url}", json_name="a.json")
    with FakeServer(FlakyAnswer(p_wrong=0.3, seed=8)) as server:
        b = run_quality(
            workdir,
            "--pack=dataextract-15",
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            f"--noise={workdir / 'noise.json'}",
            "--detect=0.2",
            json_name="b.json",
        )
    cmp = b.data["comparison"]
    flaky_ids = {s["id"] for s in doc["scenarios"] if s["flip_rate"]}
    assert {d["id"] for d in cmp["noise"]["discounted"]} == flaky_ids
    assert cmp["total"]["paired"] == 15 - len(flaky_ids)
    assert "flip on their own" in b.stdout
    assert cmp["power"]["detect"] == 0.2

    # Finished again (rescore, merge), the comparison is the same one: its --detect and --noise are reused.
    for again in (rescore(b.data), merge([load_part(b.json_path)], out=workdir / "merged.json")):
        assert again["comparison"]["power"]["detect"] == 0.2
        assert again["comparison"]["noise"]["discounted"] == cmp["noise"]["discounted"]
        assert again["comparison"]["total"] == cmp["total"]


def test_noise_runs_the_endpoint_itself(workdir):
    flaky = FlakyAnswer(p_wrong=0.5, seed=11)
    with FakeServer(flaky) as server:
        out = run_cli(
            "noise",
            "--endpoint",
            server.url,
            "--repeat",
            "3",
            "-o",
            "n.json",
            "--",
            "--pack=structoutput-15",
            "-p",
            "no:cacheprovider",
            cwd=workdir,
            timeout=600,
        )
    assert out.returncode == 0, out.stderr[-2000:]
    doc = json.loads((workdir / "n.json").read_text())
    assert doc["repeat"] == 3 and doc["total"]["scenarios"] == 15
    expected = sum(_flip_rate(s) for s in flaky.served.values()) / len(flaky.served)
    assert doc["total"]["mean_flip_rate"] == pytest.approx(expected, abs=1e-4)
    assert run_cli("noise", cwd=workdir).returncode == 2  # neither files nor --endpoint
