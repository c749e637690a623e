"""Generated and dataset packs end to end: GSM-Symbolic seeds, GPQA dataset-unavailable and user copies.

The GPQA files here are written by the tests in the official formats, with made-up easy questions
(never real GPQA data).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from pytest_quality.generators import DEFAULT_SEED, gpqa
from pytest_quality.generators import gsm_symbolic as gsm
from pytest_quality.packs import PackError, available_packs, load_pack
from pytest_quality.settings import Settings
from tests.support.fake_openai import FakeServer, find_scenario
from tests.support.runner import run_cli, run_quality

PACKS = Path(__file__).resolve().parents[2] / "packs"
GPQA_PACK = PACKS / "gpqa-diamond.jsonl"
GSM_PACK = PACKS / "gsm-symbolic-30.jsonl"

# Record ID, question, correct answer, three incorrect answers: original toy questions.
RECORDS = [
    (
        "rec001",
        "Which gas makes up the largest share of dry air at sea level?",
        "Nitrogen",
        "Oxygen",
        "Argon",
        "Carbon dioxide",
    ),
    (
        "rec002",
        "A stone is dropped from rest and falls freely for 2 s, with g = 10 m/s^2. How far does it fall?",
        "20 m",
        "10 m",
        "40 m",
        "5 m",
    ),
    (
        "rec003",
        "Which particle carries no electric charge?\nChoose one, ignoring antiparticles.",
        "Neutron",
        "Proton",
        "Electron",
        "Muon",
    ),
    ("rec004", "What is the pH of pure water at 25 °C, to the nearest whole number?", "7", "0", "14", "1"),
    (
        "rec005",
        "Which organelle makes most of a cell's ATP, in eukaryotes?",
        "Mitochondrion",
        "Ribosome",
        "Golgi apparatus",
        "Lysosome",
    ),
    ("rec006", "How many covalent bonds does a carbon atom usually form?", "4", "2", "3", "6"),
]
CSV_COLUMNS = [
    "Pre-Revision Question",
    "Question",
    "Correct Answer",
    "Incorrect Answer 1",
    "Incorrect Answer 2",
    "Incorrect Answer 3",
    "Explanation",
    "Record ID",
    "High-level domain",
]


def write_csv(path: Path, records=RECORDS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for rid, q, right, w1, w2, w3 in records:
            writer.writerow(
                {
                    "Pre-Revision Question": "draft, " + q,
                    "Question": q,
                    "Correct Answer": right,
                    "Incorrect Answer 1": w1,
                    "Incorrect Answer 2": w2,
                    "Incorrect Answer 3": w3,
                    "Explanation": 'because, "quoted"',
                    "Record ID": rid,
                    "High-level domain": "Physics",
                }
            )
    return path


def write_jsonl(path: Path, records=RECORDS) -> Path:
    rows = [
        {
            "Question": q,
            "Correct Answer": right,
            "Incorrect Answer 1": w1,
            "Incorrect Answer 2": w2,
            "Incorrect Answer 3": w3,
            "Record ID": rid,
            "High-level domain": "Physics",
        }
        for rid, q, right, w1, w2, w3 in records
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def built(dataset: Path):
    return gpqa.pack_for_run(load_pack(GPQA_PACK), Settings(gpqa_path=str(dataset)))


def options_of(content: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-D])\) (.*)$", content, re.M))


def scenario_requests(server: FakeServer) -> list:
    """The messages of the GSM scenario requests a server saw (the probe's own requests left out)."""
    return [r["messages"] for r in server.requests if "ANSWER: <number>" in json.dumps(r["messages"])]


def solver(scenario, request) -> str:
    """Answers a GPQA prompt by finding the correct option's text: independent of the loader's shuffle."""
    content = request["messages"][-1]["content"]
    for _, q, right, *_ in RECORDS:
        if content.startswith(q):
            letter = next(k for k, v in options_of(content).items() if v == right)
            return f"Thinking it over.\n\nANSWER: {letter}"
    return "(no scenario matched)"


# --- the GPQA loader ------------------------------------------------------------------------------


def test_gpqa_csv_builds_shuffled_letter_scenarios(tmp_path):
    pack = built(write_csv(tmp_path / "gpqa_diamond.csv"))
    assert [s.id for s in pack.scenarios] == [f"GPQA-{r[0]}" for r in RECORDS]
    letters = []
    for s, (_rid, q, right, *wrong) in zip(pack.scenarios, RECORDS):
        content = s.messages[0]["content"]
        assert content.startswith(q) and "ANSWER: <letter>" in content
        options = options_of(content)
        assert sorted(options) == list("ABCD") and sorted(options.values()) == sorted([right, *wrong])
        assert s.verifier == {"type": "answer_match", "kind": "letter", "answer": s.verifier["answer"]}
        assert options[s.verifier["answer"]] == right
        letters.append(s.verifier["answer"])
    assert len(set(letters)) >= 2  # the options really are shuffled
    assert pack.meta["count"] == len(RECORDS) and pack.path == GPQA_PACK


def test_gpqa_jsonl_matches_csv_and_shuffle_is_per_record(tmp_path):
    from_csv = built(write_csv(tmp_path / "a.csv")).scenarios
    from_jsonl = built(write_jsonl(tmp_path / "a.jsonl")).scenarios
    assert [(s.id, s.messages, s.verifier) for s in from_csv] == [(s.id, s.messages, s.verifier) for s in from_jsonl]
    reversed_ = {s.id: s.messages for s in built(write_csv(tmp_path / "r.csv", RECORDS[::-1])).scenarios}
    assert all(reversed_[s.id] == s.messages for s in from_csv)
    alone = built(write_jsonl(tmp_path / "one.jsonl", RECORDS[2:3])).scenarios
    assert alone[0].messages == from_csv[2].messages


def test_gpqa_bad_files_name_the_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Question,Correct Answer\nq,a\n", encoding="utf-8")
    with pytest.raises(PackError, match="missing column.*Incorrect Answer 1"):
        built(bad)
    dup = write_csv(tmp_path / "dup.csv", [RECORDS[0], RECORDS[1], RECORDS[0]])
    with pytest.raises(PackError, match="duplicate Record ID") as exc:
        built(dup)
    assert exc.value.line == 4
    empty = write_jsonl(tmp_path / "empty.jsonl", [RECORDS[0], ("rec9", "q?", " ", "x", "y", "z")])
    with pytest.raises(PackError, match="Correct Answer") as exc:
        built(empty)
    assert exc.value.line == 2
    (tmp_path / "none.csv").write_text(",".join(CSV_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(PackError, match="no records"):
        built(tmp_path / "none.csv")


def test_gpqa_ships_metadata_only():
    pack = load_pack(GPQA_PACK)
    assert pack.scenarios == [] and pack.meta["requires_dataset"] is True
    assert pack.meta["dataset_env"] == "QUALITY_GPQA_PATH" and pack.meta["verifier"] == "answer_match"
    placeholder = gpqa.pack_for_run(pack, Settings()).scenarios
    assert [s.id for s in placeholder] == ["dataset-unavailable"]
    assert placeholder[0].raw["unavailable"]["status"] == "dataset-unavailable"


# --- runs -----------------------------------------------------------------------------------------


def test_reasoning_mode_reports_gpqa_dataset_unavailable(workdir, fake_server):
    # --stream=off: the row layout checked below has no TTFT column (a streamed run adds one)
    run = run_quality(
        workdir, "--quality=reasoning", "--no-sandboxed", f"--endpoint={fake_server.url}", "-rs", "--stream=off"
    )
    assert run.returncode == 0, run.stdout[-3000:]
    packs = {p["pack_id"]: p for p in run.data["packs"]}
    gsm_row, gpqa_row = packs["gsm-symbolic-30"], packs["gpqa-diamond"]
    assert (gsm_row["passed"], gsm_row["total"], gsm_row["status"]) == (30, 30, "ok")
    assert gpqa_row["status"] == "dataset-unavailable"
    assert (gpqa_row["passed"], gpqa_row["total"], gpqa_row["errors"], gpqa_row["skipped"]) == (0, 0, 0, 1)
    [record] = gpqa_row["scenarios"]
    assert record["node_id"] == "gpqa-diamond.jsonl::dataset-unavailable" and record["skipped"]
    assert record["request"] is None and "--gpqa-path" in record["detail"]
    assert run.data["totals"]["total"] == sum(p["total"] for p in run.data["packs"] if p["pack_id"] != "gpqa-diamond")
    assert re.search(r"^GPQA-Diamond \(v1\.0\.0\) +\| +0 / 0 +\|.*\| *dataset-unavailable$", run.stdout, re.M)
    assert re.search(r"SKIPPED \[1\] .*dataset-unavailable: GPQA-Diamond is a gated dataset", run.stdout)
    assert "failed" not in run.stdout.splitlines()[-1]


def test_gpqa_alone_is_one_skipped_item(workdir, fake_server):
    run = run_quality(workdir, "--pack=gpqa-diamond", f"--endpoint={fake_server.url}")
    assert run.returncode == 0, run.stdout[-2000:]
    assert "1 skipped" in run.stdout.splitlines()[-1] and run.data["totals"]["total"] == 0
    listed = run_quality(workdir, "--quality=reasoning", "--collect-only", "-q", "-m", "gpqa", "--endpoint=x:1")
    assert [line for line in listed.stdout.splitlines() if ".jsonl::" in line] == [
        "gpqa-diamond.jsonl::dataset-unavailable"
    ]


def test_gpqa_with_the_users_copy(workdir, tmp_path):
    csv_path, jsonl_path = write_csv(tmp_path / "diamond.csv"), write_jsonl(tmp_path / "diamond.jsonl")
    with FakeServer(solver) as server:
        run = run_quality(workdir, "--pack=gpqa-diamond", f"--gpqa-path={csv_path}", f"--endpoint={server.url}")
        by_env = run_quality(
            workdir, "--pack=gpqa-diamond", f"--endpoint={server.url}", env={"QUALITY_GPQA_PATH": str(jsonl_path)}
        )
    for result in (run, by_env):
        assert result.returncode == 0, result.stdout[-2000:]
        [row] = result.data["packs"]
        assert (row["passed"], row["total"], row["status"]) == (len(RECORDS), len(RECORDS), "ok")
        assert {s["node_id"] for s in row["scenarios"]} == {f"gpqa-diamond.jsonl::GPQA-{r[0]}" for r in RECORDS}
    expected_a = sum(s.verifier["answer"] == "A" for s in built(csv_path).scenarios)
    with FakeServer(lambda scenario, request: "ANSWER: A") as server:
        always_a = run_quality(workdir, "--pack=gpqa-diamond", f"--gpqa-path={csv_path}", f"--endpoint={server.url}")
    [row] = always_a.data["packs"]
    assert row["passed"] == expected_a < len(RECORDS)
    assert {s["failure_mode"] for s in row["scenarios"] if not s["passed"]} == {"wrong_answer"}


def test_pack_seed_runs_fresh_instances_and_the_default_does_not(workdir, fake_server):
    shipped = [s.messages for s in load_pack(GSM_PACK).scenarios]
    run = run_quality(workdir, "--pack=gsm-symbolic-30", f"--endpoint={fake_server.url}")
    assert run.data["canonical"] and run.data["totals"]["passed"] == 30
    # the shipped instances, each once (their order at the server varies with --concurrency)
    assert sorted(map(json.dumps, scenario_requests(fake_server))) == sorted(map(json.dumps, shipped))

    fresh = gsm.materialise(seed=7)
    index = {json.dumps(s["messages"], sort_keys=True): s for s in fresh}
    with FakeServer(
        lambda scenario, request: (find_scenario(index, request["messages"]) or {"reference": "(no scenario matched)"})[
            "reference"
        ]
    ) as server:
        seeded = run_quality(workdir, "--pack=gsm-symbolic-30", "--pack-seed=7", f"--endpoint={server.url}")
        sent = scenario_requests(server)
    assert seeded.returncode == 0, seeded.stdout[-2000:]
    assert seeded.data["totals"]["passed"] == 30  # the run really graded the seed-7 instances
    assert sorted(map(json.dumps, sent)) == sorted(json.dumps(s["messages"]) for s in fresh)
    assert sum(m not in shipped for m in sent) >= 25
    assert not seeded.data["canonical"] and "pack-seed=7" in seeded.data["non_canonical_reasons"]
    assert "NON-CANONICAL (pack-seed=7)" in seeded.stdout
    assert {s["node_id"] for s in seeded.data["packs"][0]["scenarios"]} == {
        s["node_id"] for s in run.data["packs"][0]["scenarios"]
    }

    same = run_quality(
        workdir, "--pack=gsm-symbolic-30", f"--pack-seed={DEFAULT_SEED}", f"--endpoint={fake_server.url}"
    )
    assert same.data["canonical"] and same.data["totals"]["passed"] == 30


def test_resume_and_rescore_rebuild_the_seeded_and_dataset_instances(workdir, tmp_path):
    """A --pack-seed / --gpqa-path run resumed or rescored must see the same scenarios it was run on: graded
    against the shipped seed, seed-7 replies would fail, and GPQA would fall back to dataset-unavailable."""
    fresh = gsm.materialise(seed=7)
    index = {json.dumps(s["messages"], sort_keys=True): s for s in fresh}
    dataset = write_csv(tmp_path / "diamond.csv")

    def answer(scenario, request):
        if "ANSWER: <number>" in json.dumps(request["messages"]):
            return (find_scenario(index, request["messages"]) or {"reference": "(no scenario matched)"})["reference"]
        return solver(scenario, request)

    with FakeServer(answer) as server:
        full = run_quality(
            workdir,
            "--pack=gsm-symbolic-30",
            "--pack=gpqa-diamond",
            "--pack-seed=7",
            f"--gpqa-path={dataset}",
            f"--endpoint={server.url}",
            json_name="full.json",
        )
        lines = (workdir / "full.json.partial.jsonl").read_text().splitlines()
        (workdir / "part.json.partial.jsonl").write_text("\n".join(lines[:11]) + "\n")  # meta + 10 verdicts
        resumed = run_quality(
            workdir,
            f"--resume={workdir / 'part.json.partial.jsonl'}",
            f"--endpoint={server.url}",
            json_name="part.json",
        )
    total = 30 + len(RECORDS)
    assert full.data["totals"]["passed"] == total, full.stdout[-2000:]
    assert resumed.returncode == 0, resumed.stdout[-2000:]
    assert resumed.data["totals"]["passed"] == total and resumed.verdicts() == full.verdicts()
    assert "pack-seed=7" in resumed.data["non_canonical_reasons"]

    out = workdir / "rescored.json"
    done = run_cli("rescore", str(workdir / "full.json"), "--output", str(out), cwd=workdir)
    assert done.returncode == 0, done.stderr
    rescored = json.loads(out.read_text())
    assert rescored["totals"]["passed"] == total and rescored["rescored"]["changed"] == []
    assert rescored["rescored"]["regraded"] == total


@pytest.mark.parametrize(
    "args, flag",
    [
        (["--pack-seed=abc"], "--pack-seed"),
        (["--pack-seed=1.5"], "--pack-seed"),
        (["--pack-seed=-3"], "--pack-seed"),
        (["--gpqa-path=/nonexistent/gpqa.csv"], "--gpqa-path"),
    ],
)
def test_bad_options_are_usage_errors(workdir, args, flag):
    run = run_quality(workdir, "--quality=reasoning", "--endpoint=x:1", *args)
    assert run.returncode == 2 and flag in run.stdout + run.stderr


def test_export_writes_the_materialised_packs(tmp_path):
    def export(*args):
        return run_cli("export", *args)

    out = tmp_path / "out"
    done = export("--out", str(out))
    assert done.returncode == 0, done.stderr
    assert (out / "gsm-symbolic-30.jsonl").read_text(encoding="utf-8") == GSM_PACK.read_text(encoding="utf-8")
    assert {p.name for p in out.iterdir()} == {
        f"{pid}.jsonl"
        for pid, path in available_packs().items()
        if json.loads(path.read_text().splitlines()[0]).get("generator")
    }
    done = export("--pack-seed", "7", "--out", str(out), "gsm-symbolic-30")
    assert done.returncode == 0 and "seed 7" in done.stdout
    pack = load_pack(out / "gsm-symbolic-30.jsonl")
    assert pack.meta["seed"] == 7 and [s.messages for s in pack.scenarios] == [
        s["messages"] for s in gsm.materialise(7)
    ]
    assert export("gpqa-diamond").returncode == 2
    assert export("--pack-seed", "x").returncode == 2
    assert export("--out", str(PACKS), "--pack-seed", "3").returncode == 2  # never overwrites the shipped pack
