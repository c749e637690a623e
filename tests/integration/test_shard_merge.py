"""`--shard I/N` and `pytest-quality merge`: shards run against a real loopback server and merged equal
the unsharded run; merge refuses parts of different runs and names what is missing or duplicated."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from pytest_quality.results import results_schema
from pytest_quality.shard import shard_of
from tests.support.fake_openai import FakeServer, answer_reference
from tests.support.runner import run_cli, run_quality

N = 4
REPEAT = 2


def mixed(scenario, request):
    """A fixed half of the scenarios pass, the rest fail: the same on every run."""
    if scenario is None:
        return "(no answer)"
    return answer_reference(scenario, request) if int(scenario.id[-2:]) % 3 else "(no answer)"


def _comparable(data: dict) -> dict:
    """What an unsharded run and the merge must agree on (timings and timestamps aside)."""
    packs = [{k: v for k, v in p.items() if k not in ("latency", "ttft", "scenarios")} for p in data["packs"]]
    verdicts = {
        s["node_id"]: (s["passed"], s["failure_mode"], s["detail"], s["repeat_index"])
        for p in data["packs"]
        for s in p["scenarios"]
    }
    return {
        "packs": packs,
        "verdicts": verdicts,
        "totals": data["totals"],
        "quality_line": data["quality_line"],
        "repeat_stats": data.get("repeat_stats"),
        "complete": data["complete"],
        "selection": data["selection"],
        "warnings": data["warnings"],
        "thinking_validity": data["thinking_validity"],
        "run_fingerprint": data["run_fingerprint"],
        "model": data["model"],
        "mode": data["mode"],
    }


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One unsharded run and its N shards (shard 1 under xdist) against the same server."""
    workdir = tmp_path_factory.mktemp("shards")
    with FakeServer(mixed) as server:
        common = ("--quality=quick", f"--endpoint={server.url}", f"--repeat={REPEAT}", "--no-progress")
        full = run_quality(workdir, *common, json_name="full.json")
        assert full.returncode == 0, full.stdout[-2000:]  # the default gate ("report") exits 0 on misses
        shards = []
        for i in range(1, N + 1):
            extra = ("-n", "2") if i == 1 else ()
            shards.append(run_quality(workdir, *common, f"--shard={i}/{N}", *extra, json_name=f"shard{i}.json"))
        sampled = run_quality(workdir, *common, "--shard=2/4", "--temperature=0.3", json_name="other-sampling.json")
    return workdir, full, shards, sampled


def test_shards_are_disjoint_and_cover_the_selection(runs):
    _, full, shards, _ = runs
    seen: dict[str, int] = {}
    for i, shard in enumerate(shards, 1):
        assert shard.data["shard"] == {"index": i, "count": N, "spec": f"{i}/{N}"}
        for node in shard.verdicts():
            assert node not in seen, f"{node} in shard {seen[node]} and {i}"
            seen[node] = i
    assert set(seen) == set(full.verdicts())
    assert len(seen) == 30 * REPEAT
    sizes = [len(s.verdicts()) for s in shards]
    assert min(sizes) > 0, sizes
    for shard in shards:  # the split follows the documented hash
        for p in shard.data["packs"]:
            for s in p["scenarios"]:
                assert shard_of(p["pack_id"], s["id"], s["repeat_index"], N) == shard.data["shard"]["index"]


def test_every_shard_carries_the_same_fingerprint(runs):
    _, full, shards, sampled = runs
    fp = full.data["run_fingerprint"]
    assert {s.data["run_fingerprint"]["sha256"] for s in shards} == {fp["sha256"]}
    assert fp["model"] == "fake-model" and fp["server_fingerprint"] == full.data["probe"]["fingerprint"]
    assert [p["pack_id"] for p in fp["packs"]] == ["toolcall-15", "instructfollow-15"]
    assert all(len(p["sha256"]) == 16 and p["version"] for p in fp["packs"])
    assert fp["selection"]["repeat"] == REPEAT and fp["mode"] == "--quick"
    assert sampled.data["run_fingerprint"]["sampling"]["explicit"] == {"temperature": 0.3}
    assert sampled.data["run_fingerprint"]["sha256"] != fp["sha256"]


def test_four_shards_merged_equal_the_unsharded_run(runs):
    workdir, full, shards, _ = runs
    out, html = workdir / "merged.json", workdir / "merged.html"
    merged = run_cli("merge", str(out), *(str(s.json_path) for s in shards), "--html", str(html))
    assert merged.returncode == 0, merged.stderr
    data = json.loads(out.read_text())
    assert _comparable(data) == _comparable(full.data)
    # Streamed by default: the merged packs' TTFT is computed over every shard's scenarios.
    assert all(p["ttft"]["n"] == len(p["scenarios"]) for p in data["packs"]), [p.get("ttft") for p in data["packs"]]
    assert data["quality_line"] in merged.stdout
    assert [s["shard"] for s in data["merged"]["shards"]] == ["1/4", "2/4", "3/4", "4/4"]
    assert data["merged"]["missing"] == [] and "shard" not in data
    jsonschema.validate(data, results_schema())
    jsonschema.validate(shards[0].data, results_schema())
    assert "<html" in html.read_text().lower() and data["quality_line"].split("(")[0].strip()[:20] in html.read_text()


def test_merge_is_idempotent_and_order_free(runs):
    workdir, _, shards, _ = runs
    paths = [str(s.json_path) for s in shards]
    copy = workdir / "shard3-copy.json"
    shutil.copy(shards[2].json_path, copy)
    once, twice = workdir / "once.json", workdir / "twice.json"
    assert run_cli("merge", str(once), *paths).returncode == 0
    again = run_cli("merge", str(twice), *reversed(paths), paths[0], str(copy))
    assert again.returncode == 0, again.stderr
    assert _comparable(json.loads(once.read_text())) == _comparable(json.loads(twice.read_text()))
    assert "merged once" in again.stdout


def test_merge_refuses_another_sampling(runs):
    workdir, _, shards, sampled = runs
    bad = run_cli(
        "merge",
        str(workdir / "bad.json"),
        str(shards[0].json_path),
        str(sampled.json_path),
        str(shards[2].json_path),
        str(shards[3].json_path),
    )
    assert bad.returncode == 2
    assert "not part of the same run" in bad.stderr and "sampling.explicit" in bad.stderr
    assert "temperature" in bad.stderr and not (workdir / "bad.json").exists()


def test_merge_refuses_another_pack_version(workdir, tmp_path):
    """Two shards of a --pack-path pack whose version changed in between."""
    meta = {
        "__meta__": True,
        "pack_id": "mypack",
        "title": "Mine",
        "version": "1.0.0",
        "verifier": "reason_math",
        "default_thinking": "off",
        "sampling_defaults": {"temperature": 0, "max_tokens": 64},
    }
    lines = [
        {
            "id": f"X-{i:02d}",
            "messages": [{"role": "user", "content": f"What is {i}+{i}? ANSWER: <n>"}],
            "verifier": {"type": "reason_math", "answer": str(2 * i), "kind": "number"},
            "reference": {"role": "assistant", "content": f"ANSWER: {2 * i}"},
            "negatives": [{"role": "assistant", "content": f"ANSWER: {2 * i + 1}"}],
        }
        for i in range(1, 7)
    ]
    for version, folder in (("1.0.0", tmp_path / "v1"), ("1.1.0", tmp_path / "v2")):
        folder.mkdir()
        (folder / "mypack.jsonl").write_text("\n".join(json.dumps(x) for x in [{**meta, "version": version}, *lines]))
    with FakeServer(answer_reference, extra_dirs=[str(tmp_path / "v1")]) as server:
        a = run_quality(
            workdir,
            f"--pack-path={tmp_path / 'v1'}",
            "--pack=mypack",
            f"--endpoint={server.url}",
            "--shard=1/2",
            json_name="a.json",
        )
        b = run_quality(
            workdir,
            f"--pack-path={tmp_path / 'v2'}",
            "--pack=mypack",
            f"--endpoint={server.url}",
            "--shard=2/2",
            json_name="b.json",
        )
    assert a.returncode == 0 and b.returncode == 0, a.stdout[-1500:] + b.stdout[-1500:]
    bad = run_cli("merge", str(workdir / "m.json"), str(a.json_path), str(b.json_path))
    assert bad.returncode == 2
    assert "not part of the same run" in bad.stderr and "pack mypack version 1.0.0 vs 1.1.0" in bad.stderr


def test_merge_names_missing_shards_and_scenarios(runs):
    workdir, full, shards, _ = runs
    missing = run_cli("merge", str(workdir / "m3.json"), *(str(s.json_path) for s in shards[:3]))
    assert missing.returncode == 2 and "missing shard(s) 4/4" in missing.stderr
    partial = run_cli("merge", str(workdir / "m3.json"), *(str(s.json_path) for s in shards[:3]), "--partial")
    assert partial.returncode == 0, partial.stderr
    # A shard cut short: drop two of its records, as an interrupted shard would have written it.
    cut = json.loads(shards[1].json_path.read_text())
    dropped = [cut["packs"][0]["scenarios"].pop()["node_id"]]
    cut_path = workdir / "shard2-cut.json"
    cut_path.write_text(json.dumps(cut))
    res = run_cli(
        "merge",
        str(workdir / "mcut.json"),
        str(shards[0].json_path),
        str(cut_path),
        str(shards[2].json_path),
        str(shards[3].json_path),
    )
    assert res.returncode == 0, res.stderr
    data = json.loads((workdir / "mcut.json").read_text())
    assert data["merged"]["missing"] == dropped and dropped[0] in res.stdout
    assert data["complete"] is False and "INCOMPLETE" in data["quality_line"]
    assert data["totals"]["total"] == full.data["totals"]["total"] - 1
    # A scenario claimed by two shards (a shard file relabelled by hand) is named.
    forged = json.loads(shards[0].json_path.read_text())
    forged["shard"] = {"index": 2, "count": N, "spec": f"2/{N}"}
    forged_path = workdir / "relabelled.json"
    forged_path.write_text(json.dumps(forged))
    dup = run_cli(
        "merge",
        str(workdir / "mdup.json"),
        str(forged_path),
        str(shards[0].json_path),
        str(shards[2].json_path),
        str(shards[3].json_path),
        str(shards[1].json_path),
    )
    assert dup.returncode == 2 and "given twice with different results" in dup.stderr


def test_offline_tools_work_on_the_merged_file(runs):
    workdir, full, shards, _ = runs
    out = workdir / "tools.json"
    assert run_cli("merge", str(out), *(str(s.json_path) for s in shards)).returncode == 0
    diff = run_cli("diff", str(full.json_path), str(out), cwd=workdir)
    assert diff.returncode == 0, diff.stdout + diff.stderr
    assert "TOTAL: 0 regressions, 0 fixes" in diff.stdout and "no significant regression" in diff.stdout
    inspect = run_cli("inspect", str(out), "--failed", "--format", "json", cwd=workdir)
    assert inspect.returncode == 0, inspect.stderr
    failed = {(s["node_id"]) for s in json.loads(inspect.stdout)["scenarios"]}
    assert failed == {n for n, (ok, _) in full.verdicts().items() if not ok} and failed
    rescored = run_cli("rescore", str(out), "--output", str(workdir / "rescored.json"), cwd=workdir)
    assert rescored.returncode == 0, rescored.stderr
    after = json.loads((workdir / "rescored.json").read_text())
    assert after["totals"] == full.data["totals"] and after["rescored"]["changed"] == []
    cap = run_cli("baseline", "capture", "--slug", "fake/demo", "--from", str(out), str(out), str(out), cwd=workdir)
    assert cap.returncode == 0, cap.stdout + cap.stderr
    bdiff = run_cli("baseline", "diff", "--slug", "fake/demo", str(full.json_path), cwd=workdir)
    assert bdiff.returncode == 0, bdiff.stdout + bdiff.stderr


def test_bad_shard_spec_names_the_flag(workdir, fake_server):
    for spec in ("0/4", "5/4", "2", "a/b"):
        run = run_quality(workdir, "--quality=quick", f"--endpoint={fake_server.url}", f"--shard={spec}")
        assert run.returncode == 2 and "--shard" in (run.stdout + run.stderr), spec


def test_shard_hash_is_stable():
    """Pinned values: any change to the hash reshuffles every running deployment's shards."""
    assert [shard_of("toolcall-15", "TC-01", r, 4) for r in range(4)] == PINNED
    assert all(shard_of("p", f"s{i}", 0, 1) == 1 for i in range(20))


PINNED = [2, 2, 4, 1]  # sha256 of ["toolcall-15", "TC-01", r], first 8 bytes, mod 4, plus 1
