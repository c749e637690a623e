"""noise.py: per-scenario flip rates from repeated runs, the noise file, and its validation."""

from __future__ import annotations

import json

import pytest

from pytest_quality import noise


def _run(outcomes: dict[str, list[bool]], pack: str = "p") -> dict:
    records = [
        {"id": sid, "passed": ok, "skipped": False, "failure_mode": None if ok else "wrong_answer"}
        for sid, runs in outcomes.items()
        for ok in runs
    ]
    return {"model": "m", "repeat": 4, "packs": [{"pack_id": pack, "scenarios": records}]}


@pytest.mark.parametrize(
    "passes, runs, expected",
    [
        (4, 4, 0.0),
        (0, 4, 0.0),
        (2, 4, 2 * 2 * 2 / 12),  # 4 of the 6 pairs of runs disagree
        (1, 4, 2 * 1 * 3 / 12),  # 3 of 6
        (1, 2, 1.0),
        (1, 1, None),
    ],
)
def test_flip_rate_counts_disagreeing_pairs(passes, runs, expected):
    assert noise.flip_rate(passes, runs) == (None if expected is None else pytest.approx(expected))


def test_measure_one_repeat_run_and_several_single_runs_agree():
    outcomes = {"A": [True] * 4, "B": [True, False, True, False], "C": [False, False, False, True]}
    one = noise.measure([_run(outcomes)], ["r.json"])
    singles = [_run({sid: [runs[k]] for sid, runs in outcomes.items()}) for k in range(4)]
    many = noise.measure(singles, ["1", "2", "3", "4"])
    assert one["scenarios"] == many["scenarios"]
    rates = {s["id"]: s["flip_rate"] for s in one["scenarios"]}
    assert rates == {"A": 0.0, "B": pytest.approx(0.6667, abs=1e-4), "C": 0.5}
    assert one["total"] == {
        "scenarios": 3,
        "measured": 3,
        "flaky": 2,
        "mean_flip_rate": pytest.approx((0 + 2 / 3 + 0.5) / 3, abs=1e-4),
    }
    assert one["repeat"] == 4 and one["packs"][0]["pack_id"] == "p"
    assert "2 of 3 scenarios flip on their own" in "\n".join(noise.summary_lines(one))


def test_load_rejects_what_is_not_a_noise_file(tmp_path):
    (tmp_path / "r.json").write_text(json.dumps({"packs": []}))
    with pytest.raises(ValueError, match="not a noise file"):
        noise.load(str(tmp_path / "r.json"))
    doc = noise.measure([_run({"A": [True, False]})], ["r.json"])
    (tmp_path / "n.json").write_text(json.dumps(doc))
    assert noise.load(str(tmp_path / "n.json"))["source"] == str(tmp_path / "n.json")


def test_noise_main_needs_two_runs(tmp_path, capsys):
    (tmp_path / "one.json").write_text(json.dumps(_run({"A": [True]})))
    assert noise.noise_main([str(tmp_path / "one.json"), "-o", str(tmp_path / "n.json")]) == 2
    assert "2 or more scored runs" in capsys.readouterr().err
    assert noise.noise_main(["--endpoint", "http://127.0.0.1:9", "--repeat", "1"]) == 2
