"""compare.py and baseline.aggregate: classes, exact McNemar, the paired bootstrap, the verdict."""

from __future__ import annotations

import json
import math

import pytest

from pytest_quality import baseline, compare
from pytest_quality.compare import Side, classify, mcnemar_exact, paired_bootstrap, paired_test


@pytest.mark.parametrize(
    "b, c, expected",
    [
        (4, 0, 0.125),  # 2 * (1/2)^4: four flips all one way are NOT significant at 0.05
        (0, 4, 0.125),
        (5, 0, 0.0625),  # 2 / 32
        (6, 0, 0.03125),  # 2 / 64: the fewest one-way flips that are significant
        (8, 0, 0.0078125),  # 2 / 256
        (5, 1, 0.21875),  # 2 * (C(6,0) + C(6,1)) / 64 = 2 * 7 / 64
        (3, 3, 1.0),  # capped at 1
        (0, 0, 1.0),  # nothing discordant
    ],
)
def test_mcnemar_exact_known_values(b, c, expected):
    assert mcnemar_exact(b, c) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ((1, 1), (0, 1), "regression"),
        ((0, 1), (1, 1), "fix"),
        ((1, 1), (1, 1), "stable_pass"),
        ((0, 1), (0, 1), "stable_fail"),
        (None, (1, 1), "new"),
        ((1, 1), None, "dropped"),
        ((2, 3), (1, 3), "regression"),  # majority vote: 67% passes, 33% fails
        ((2, 4), (3, 4), "stable_pass"),  # 50% counts as passing
    ],
)
def test_classify(a, b, expected):
    assert classify(a, b) == expected


def _side(label, outcomes, version="1.0.0", runs=1, **meta):
    """outcomes: {pack_id: {scenario_id: passes}} with `runs` runs per scenario."""
    side = Side(label, meta={"mode": "--medium", "thinking_mode": "pack-defaults", "canonical": True, **meta})
    for pid, scen in outcomes.items():
        side.packs[pid] = {"title": pid, "version": version, "counts": {s: (c, runs) for s, c in scen.items()}}
    return side


def _medium(flipped=(), runs=1, new_passes=None):
    """75 scenarios over 5 packs, all passing, except `flipped` (scenario ids) which fail."""
    packs = {f"pack{p}": {f"S{p}-{i:02d}": runs for i in range(1, 16)} for p in range(5)}
    for scen in packs.values():
        for sid in scen:
            if sid in flipped:
                scen[sid] = 0 if new_passes is None else new_passes
    return packs


FOUR = ("S0-01", "S1-02", "S2-03", "S3-04")
EIGHT = FOUR + ("S0-05", "S1-06", "S2-07", "S4-08")


def test_four_flips_are_listed_and_not_significant():
    cmp = compare.compare(_side("A", _medium()), _side("B", _medium(FOUR)))
    total = cmp["total"]
    assert sorted(total["regressions"]) == sorted(FOUR) and total["fixes"] == []
    assert total["counts"] == {"fix": 0, "regression": 4, "stable_pass": 71, "stable_fail": 0, "new": 0, "dropped": 0}
    assert total["method"] == "mcnemar_exact" and total["p"] == pytest.approx(0.125)
    assert total["delta"] == pytest.approx(-4 / 75, abs=1e-4)
    assert cmp["significant_regression"] is False and cmp["verdict"] == "no significant regression"
    assert [e["id"] for e in cmp["scenarios"] if e["class"] == "regression"] == list(FOUR)


def test_eight_flips_are_a_significant_regression():
    cmp = compare.compare(_side("A", _medium()), _side("B", _medium(EIGHT)))
    assert cmp["total"]["p"] == pytest.approx(0.0078125)
    assert cmp["total"]["significant_regression"] and cmp["significant_regression"]
    assert cmp["verdict"] == "significant regression"
    # no single pack has enough flips on its own (at most 2 of 15, p = 0.5)
    assert not any(p["significant_regression"] for p in cmp["packs"])
    assert "SIGNIFICANT REGRESSION" in "\n".join(compare.summary_lines(cmp))


def test_a_pack_alone_can_be_significant_after_holm():
    eight = tuple(f"S2-{i:02d}" for i in range(1, 9))
    cmp = compare.compare(_side("A", _medium()), _side("B", _medium(eight)))
    pack2 = next(p for p in cmp["packs"] if p["pack_id"] == "pack2")
    # 2 / 2^8 unadjusted; Holm multiplies the smallest of 5 pack p's by 5: 0.039 < 0.05
    assert pack2["p"] == pytest.approx(0.0078125) and pack2["p_holm"] == pytest.approx(5 * 0.0078125)
    assert pack2["significant_regression"] and pack2["verdict"] == "regression" and cmp["significant_regression"]


def test_six_flips_in_one_pack_fire_only_the_total_after_holm():
    six = tuple(f"S2-{i:02d}" for i in range(1, 7))
    cmp = compare.compare(_side("A", _medium()), _side("B", _medium(six)))
    pack2 = next(p for p in cmp["packs"] if p["pack_id"] == "pack2")
    # unadjusted 2 / 64 would fire; with 5 packs in the family Holm gives 5 / 32 = 0.156
    assert pack2["p"] == pytest.approx(0.03125) and pack2["p_holm"] == pytest.approx(0.15625)
    assert not pack2["significant_regression"] and pack2["verdict"] == "underpowered"
    assert cmp["total"]["verdict"] == "regression" and cmp["significant_regression"]
    assert "p=0.0312 (Holm 0.156)" in "\n".join(compare.summary_lines(cmp))


def test_improvement_is_not_a_regression_and_fixes_are_listed():
    cmp = compare.compare(_side("A", _medium(EIGHT)), _side("B", _medium()))
    assert sorted(cmp["total"]["fixes"]) == sorted(EIGHT)
    assert cmp["significant_regression"] is False and cmp["verdict"] == "significant improvement"


def test_new_and_dropped_and_warnings():
    a = _side("A", {"p": {"X": 1, "Y": 1}}, version="1.0.0")
    b = _side("B", {"p": {"Y": 1, "Z": 0}, "q": {"W": 1}}, version="1.1.0", mode="--quick")
    cmp = compare.compare(a, b)
    classes = {(e["pack_id"], e["id"]): e["class"] for e in cmp["scenarios"]}
    assert classes == {("p", "X"): "dropped", ("p", "Y"): "stable_pass", ("p", "Z"): "new", ("q", "W"): "new"}
    assert cmp["total"]["paired"] == 1
    text = " | ".join(cmp["warnings"])
    assert "different pack versions 1.0.0 (A) vs 1.1.0 (B)" in text and "different pack sets" in text


def test_bootstrap_with_repeats_is_deterministic_and_conservative():
    a, b = _side("A", _medium(runs=3), runs=3), _side("B", _medium(FOUR, runs=3), runs=3)
    first, second = compare.compare(a, b)["total"], compare.compare(a, b)["total"]
    assert first == second  # fixed seed
    assert first["method"] == "paired_bootstrap"
    # The bootstrap alone calls 4 deterministic flips "significant"; the exact sign test keeps the verdict honest.
    assert first["p_bootstrap"] < 0.05 and first["p_sign"] == pytest.approx(0.125)
    assert first["p"] == pytest.approx(0.125) and not first["significant_regression"]
    assert first["ci95"][1] < 0


def test_bootstrap_large_drop_significant_and_no_change_p_one():
    twenty = tuple(f"S{p}-{i:02d}" for p in range(5) for i in range(1, 5))
    big = compare.compare(_side("A", _medium(runs=3), runs=3), _side("B", _medium(twenty, runs=3), runs=3))
    assert big["total"]["significant_regression"] and big["total"]["p"] < 0.001
    same = paired_test([(3, 3, 3, 3)] * 10 + [(0, 3, 0, 3)] * 5)
    assert same["p"] == 1.0 and same["delta"] == 0 and not same["significant_regression"]
    p, ci = paired_bootstrap([(2, 3, 2, 3)] * 20)  # flaky but unchanged: noise both ways
    assert p > 0.5 and ci[0] < 0 < ci[1]


def test_side_from_results_json_aggregates_repeats_and_skips_errors():
    data = {
        "model": "m",
        "mode": "--quick",
        "repeat": 2,
        "packs": [
            {
                "pack_id": "p",
                "title": "P",
                "version": "1",
                "scenarios": [
                    {"id": "A", "passed": True, "failure_mode": None},
                    {"id": "A", "passed": False, "failure_mode": "verifier_fail"},
                    {"id": "B", "passed": False, "failure_mode": "server_error"},
                ],
            }
        ],
    }
    side = compare.side_from_json(data, "x")
    assert side.packs["p"]["counts"] == {"A": (1, 2)}
    with pytest.raises(ValueError):
        compare.side_from_json({"nope": 1}, "bad")


def _results(passes: dict[str, bool], repeat=1, **meta):
    scen = [
        {"id": sid, "passed": ok, "failure_mode": None if ok else "verifier_fail", "repeat_index": r}
        for sid, ok in passes.items()
        for r in range(repeat)
    ]
    return {
        "model": "m",
        "mode": "--quick",
        "thinking_mode": "pack-defaults",
        "canonical": True,
        "repeat": repeat,
        "settings": {"repeat": repeat},
        **meta,
        "packs": [{"pack_id": "p", "title": "P", "version": "1.0.0", "floor": 0.8, "scenarios": scen}],
    }


def test_baseline_aggregate_and_compare():
    runs = [_results({"A": True, "B": True}), _results({"A": True, "B": False}), _results({"A": True, "B": True})]
    doc, warnings = baseline.aggregate(runs, "vllm/x", "no-thinking", ["1.json", "2.json", "3.json"])
    assert warnings == []
    assert doc["kind"] == compare.BASELINE_KIND and doc["n"] == 3
    assert doc["packs"][0]["per_scenario"] == [
        {"id": "A", "passes": 3, "runs": 3, "pass_rate": 1.0},
        {"id": "B", "passes": 2, "runs": 3, "pass_rate": 0.6667},
    ]
    side = compare.side_from_json(doc, "baseline")
    assert side.kind == "baseline" and side.packs["p"]["counts"] == {"A": (3, 3), "B": (2, 3)}
    cmp = compare.compare(side, compare.side_from_json(_results({"A": False, "B": True}), "new"))
    assert cmp["total"]["regressions"] == ["A"] and cmp["total"]["method"] == "paired_bootstrap"


def test_baseline_needs_three_runs_and_warns_on_mixing():
    with pytest.raises(baseline.BaselineError, match="n >= 3"):
        baseline.aggregate([_results({"A": True})] * 2, "s", "no-thinking", ["1", "2"])
    doc, _ = baseline.aggregate([_results({"A": True}, repeat=3)], "s", "no-thinking", ["r3.json"])
    assert doc["n"] == 3 and doc["packs"][0]["per_scenario"][0]["runs"] == 3
    _, warnings = baseline.aggregate(
        [_results({"A": True}), _results({"A": True}, model="other"), _results({"A": True}, canonical=False)],
        "s",
        "enable-thinking",
        ["1", "2", "3"],
    )
    text = " | ".join(warnings)
    assert "differ in model" in text and "non-canonical" in text and "unexpected for --mode enable-thinking" in text
    with pytest.raises(baseline.BaselineError, match="--slug"):
        baseline.baseline_path(baseline.DEFAULT_ROOT, "../etc", "no-thinking")
    with pytest.raises(baseline.BaselineError, match="--mode"):
        baseline.baseline_path(baseline.DEFAULT_ROOT, "ok", "thinking")


def test_major_pack_versions_are_not_compared():
    """A 1.x result against a 2.x one: the grading rule changed, so that pack's flips say nothing of the model."""
    a = _side("A", {"old": {"X": 1, "Y": 1}, "same": {"Z": 1}}, version="1.0.0")
    b = _side("B", {"old": {"X": 0, "Y": 0}, "same": {"Z": 1}}, version="2.0.0")
    b.packs["same"]["version"] = a.packs["same"]["version"] = "1.2.0"
    cmp = compare.compare(a, b)
    assert [p["pack_id"] for p in cmp["packs"]] == ["same"]  # "old" is left out of every test
    assert cmp["total"]["paired"] == 1 and cmp["total"]["regressions"] == []
    assert cmp["incomparable"] == [
        {
            "pack_id": "old",
            "a_version": "1.0.0",
            "b_version": "2.0.0",
            "reason": compare.incomparable_packs(a, b)["old"],
        }
    ]
    assert any(w.startswith("NOT COMPARED old: pack v1.0.0 (A) and v2.0.0 (B)") for w in cmp["warnings"])
    only_old = compare.compare(
        _side("A", {"old": {"X": 1}}, version="1.0.0"), _side("B", {"old": {"X": 0}}, version="2.0.0")
    )
    assert only_old["verdict"] == "not comparable: major pack versions differ"
    minor = compare.compare(_side("A", {"p": {"X": 1}}, version="2.0.0"), _side("B", {"p": {"X": 0}}, version="2.1.0"))
    assert minor["incomparable"] == [] and minor["total"]["regressions"] == ["X"]


def test_baseline_refuses_to_mix_major_pack_versions():
    v2 = _results({"A": True})
    v2["packs"][0]["version"] = "2.0.0"
    with pytest.raises(baseline.BaselineError, match="major versions differ"):
        baseline.aggregate([_results({"A": True}), _results({"A": True}), v2], "s", "no-thinking", ["1", "2", "3"])


# --- what a comparison can see: MDE, four-way verdicts, clusters, noise ------------------------------


def test_two_flips_in_a_15_scenario_pack_are_underpowered_with_their_mde():
    a = _side("A", {"toolcall-15": {f"TC-{i:02d}": 1 for i in range(1, 16)}})
    b = _side("B", {"toolcall-15": {f"TC-{i:02d}": int(i > 2) for i in range(1, 16)}})
    cmp = compare.compare(a, b)
    pack, total = cmp["packs"][0], cmp["total"]
    assert pack["p"] == pytest.approx(0.5) and not pack["significant_regression"]
    # 0 fixes: background 0, so 80% power needs P(Binomial(15, d) >= 6) = 0.8: d = 0.4756
    assert pack["mde"] == pytest.approx(0.4756, abs=5e-4) and pack["background"] == 0
    assert pack["verdict"] == total["verdict"] == "underpowered" and cmp["underpowered"]
    assert total["units_needed"] == 78  # scenarios needed to see the default 10pp drop
    text = "\n".join(compare.summary_lines(cmp))
    assert "MDE 47.6pp over 15 scenarios → underpowered" in text and "UNDERPOWERED" in text
    # A 50pp drop is within what it can see: the same comparison, asked for 50pp, is "no change detected".
    assert compare.compare(a, b, detect=0.5)["total"]["verdict"] == "no change detected"


def test_seven_one_way_flips_over_the_five_medium_packs_are_a_regression():
    seven = ("S0-01", "S1-02", "S2-03", "S3-04", "S4-05", "S0-06", "S1-07")
    cmp = compare.compare(_side("A", _medium()), _side("B", _medium(seven)))
    assert cmp["total"]["p"] == pytest.approx(2 / 2**7) and cmp["total"]["verdict"] == "regression"
    assert cmp["significant_regression"] and cmp["verdict"] == "significant regression"
    assert [p["verdict"] for p in cmp["packs"]] == ["underpowered"] * 5  # at most 2 of 15 per pack
    assert [p["p_holm"] for p in cmp["packs"]] == [1.0] * 5


def test_a_powered_no_change():
    big = {f"pack{p}": {f"S{p}-{i:03d}": 1 for i in range(100)} for p in range(3)}
    cmp = compare.compare(_side("A", big), _side("B", big))
    assert cmp["total"]["mde"] == pytest.approx(0.0262, abs=5e-4)  # 300 scenarios, deterministic
    assert cmp["total"]["verdict"] == "no change detected" and not cmp["underpowered"]


def test_gsm_symbolic_instances_cluster_by_template():
    ids = [f"GSM-T{t:02d}-{i:04d}" for t in range(1, 6) for i in range(t * 10, t * 10 + 3)]  # 5 templates x 3
    a = _side("A", {"gsm-symbolic-30": {s: 1 for s in ids}})
    # template T01 loses all three instances, T02 one: 4 scenarios worse, but only 2 independent units.
    b = _side("B", {"gsm-symbolic-30": {s: int(not (s.startswith("GSM-T01") or s == ids[3])) for s in ids}})
    total = compare.compare(a, b)["total"]
    assert total["method"] == "cluster_bootstrap" and total["clustering"]["by"] == ["template"]
    assert total["units"] == 5 and total["units_worse"] == 2 and total["worse"] == 4
    assert total["p_sign"] == pytest.approx(0.5)  # sign test over the 2 worse clusters, not the 4 scenarios
    assert total["mde"] is None  # 5 clusters can never reach p < 0.05
    # CR1 clustered standard error, by hand: cluster sums of (d - mean) with mean = -4/15
    sums = [-3 + 3 * 4 / 15, -1 + 3 * 4 / 15] + [3 * 4 / 15] * 3
    assert total["se_clustered"] == pytest.approx(math.sqrt(5 / 4 * sum(x * x for x in sums)) / 15, abs=1e-4)
    assert "clustered by template (5 independent units for 15 scenarios)" in "\n".join(
        compare.summary_lines(compare.compare(a, b))
    )


def test_aider_clusters_by_language_and_plain_packs_do_not_cluster():
    assert compare.cluster_of("aider-polyglot-30", "AP-cpp-01") == ("language", "aider-polyglot-30:language=cpp")
    assert compare.cluster_of("gsm-symbolic-30", "GSM-T07-0012") == ("template", "gsm-symbolic-30:template=T07")
    assert compare.cluster_of("toolcall-15", "TC-01") is None
    total = compare.compare(_side("A", _medium()), _side("B", _medium(FOUR)))["total"]
    assert total["clustering"] == {"by": ["scenario"], "units": 75, "scenarios": 75, "repeats_within_scenario": False}


def test_noise_file_discounts_self_flipping_scenarios():
    noise = {
        "kind": "pytest-quality-noise",
        "source": "noise.json",
        "repeat": 5,
        "total": {"scenarios": 75, "flaky": 2, "mean_flip_rate": 0.0128},
        "scenarios": [
            {"pack_id": "pack0", "id": "S0-01", "flip_rate": 0.4},
            {"pack_id": "pack1", "id": "S1-02", "flip_rate": 0.48},
            {"pack_id": "pack2", "id": "S2-03", "flip_rate": 0.0},
        ],
    }
    six = ("S0-01", "S1-02", "S2-03", "S3-04", "S4-05", "S0-06")
    plain = compare.compare(_side("A", _medium()), _side("B", _medium(six)))
    assert plain["total"]["p"] == pytest.approx(2 / 64) and plain["significant_regression"]
    cmp = compare.compare(_side("A", _medium()), _side("B", _medium(six)), noise=noise)
    # the two flaky ones are named but not tested: 4 one-way flips over 73 scenarios, p = 0.125
    assert cmp["total"]["paired"] == 73 and cmp["total"]["p"] == pytest.approx(0.125)
    assert not cmp["significant_regression"] and cmp["total"]["regressions"] == list(plain["total"]["regressions"])
    assert cmp["noise"]["discounted"] == [{"pack_id": "pack0", "id": "S0-01"}, {"pack_id": "pack1", "id": "S1-02"}]
    text = "\n".join(compare.summary_lines(cmp))
    assert "2 of 75 scenarios flip on their own, mean flip rate 1.3%" in text and "2 discounted" in text


def test_diff_cli_detect_and_fail_on_underpowered(tmp_path, capsys):
    import json as _json

    def results(outcomes):
        return {
            "model": "m",
            "mode": "--quick",
            "packs": [
                {
                    "pack_id": "toolcall-15",
                    "title": "ToolCall-15",
                    "version": "2.0.0",
                    "scenarios": [
                        {
                            "id": f"TC-{i:02d}",
                            "passed": bool(ok),
                            "skipped": False,
                            "failure_mode": None if ok else "wrong_answer",
                        }
                        for i, ok in enumerate(outcomes, 1)
                    ],
                }
            ],
        }

    (tmp_path / "a.json").write_text(_json.dumps(results([1] * 15)))
    (tmp_path / "b.json").write_text(_json.dumps(results([0, 0] + [1] * 13)))
    a, b = str(tmp_path / "a.json"), str(tmp_path / "b.json")
    assert compare.diff_main([a, b, "--exit-on-regression"]) == 0  # not a regression: the gate is unchanged
    assert compare.diff_main([a, b, "--fail-on-underpowered"]) == 1
    assert "--fail-on-underpowered" in capsys.readouterr().err
    assert compare.diff_main([a, b, "--fail-on-underpowered", "--detect", "0.5"]) == 0
    assert compare.diff_main([a, b, "--detect", "5"]) == 2 and "--detect" in capsys.readouterr().err
    (tmp_path / "junk.json").write_text("{}")
    assert compare.diff_main([a, b, "--noise", str(tmp_path / "junk.json")]) == 2
    assert "not a noise file" in capsys.readouterr().err


def test_baseline_diff_takes_the_power_options(tmp_path, capsys):
    def run(outcomes):
        return {
            "model": "m",
            "mode": "--quick",
            "thinking_mode": "force-off",
            "repeat": 3,
            "packs": [
                {
                    "pack_id": "toolcall-15",
                    "title": "ToolCall-15",
                    "version": "2.0.0",
                    "scenarios": [
                        {
                            "id": f"TC-{i:02d}",
                            "passed": bool(ok),
                            "skipped": False,
                            "failure_mode": None if ok else "wrong_answer",
                        }
                        for i, ok in enumerate(outcomes, 1)
                        for _ in range(3)
                    ],
                }
            ],
        }

    doc, _ = baseline.aggregate([run([1] * 15)], "lab/m", "no-thinking", ["r.json"])
    root = tmp_path / "baselines"
    (root / "lab" / "m").mkdir(parents=True)
    (root / "lab" / "m" / "no-thinking.json").write_text(json.dumps(doc))
    (tmp_path / "fresh.json").write_text(json.dumps(run([0] + [1] * 14)))
    argv = ["diff", "--slug", "lab/m", "--root", str(root), str(tmp_path / "fresh.json")]
    assert baseline.baseline_main(argv) == 0
    assert "→ underpowered" in capsys.readouterr().out
    assert baseline.baseline_main([*argv, "--fail-on-underpowered"]) == 1
    assert baseline.baseline_main([*argv, "--fail-on-underpowered", "--detect", "0.6"]) == 0
