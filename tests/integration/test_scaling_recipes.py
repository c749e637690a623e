"""The recipes of docs/SCALING.md, run here as far as one machine allows: each file is parsed, its shard
command runs for N=2 against a loopback server exactly as the scheduler would start it (with the
scheduler's variables set by hand), and its merge step must reproduce the unsharded run.

Left out, because they need the scheduler itself: the package install lines, GitHub's artifact steps
(the files are already in place) and `sbatch`/`kubectl` submission.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.fake_openai import FakeServer, answer_reference
from tests.support.runner import run_quality

DOCS = Path(__file__).resolve().parents[2] / "docs"
RECIPES = DOCS / "scaling"
N = 2


def mixed(scenario, request):
    if scenario is None:
        return "(no answer)"
    return answer_reference(scenario, request) if int(scenario.id[-2:]) % 4 else "(no answer)"


@pytest.fixture(scope="module")
def server():
    with FakeServer(mixed) as s:
        yield s


@pytest.fixture(scope="module")
def unsharded(server, tmp_path_factory):
    run = run_quality(tmp_path_factory.mktemp("full"), "--quality=quick", f"--endpoint={server.url}", "--no-progress")
    assert run.returncode == 0, run.stdout[-2000:]
    return run.data


def _env(server, results: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALITY_", "PYTEST_ADDOPTS"))}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return {**env, "ENDPOINT": server.url, "SHARDS": str(N), "RESULTS": str(results), **extra}


def _sh(script: str, cwd: Path, env: dict[str, str], shell: str = "bash") -> None:
    proc = subprocess.run([shell, "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"{script}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"


def _same(merged: Path, full: dict) -> None:
    data = json.loads(merged.read_text())

    def verdicts(d: dict) -> dict:
        return {s["node_id"]: (s["passed"], s["failure_mode"]) for p in d["packs"] for s in p["scenarios"]}

    assert verdicts(data) == verdicts(full)
    assert data["totals"] == full["totals"] and data["quality_line"] == full["quality_line"]
    assert [s["shard"] for s in data["merged"]["shards"]] == [f"{i}/{N}" for i in range(1, N + 1)]


def test_github_actions_matrix(server, unsharded, tmp_path):
    wf = yaml.safe_load((RECIPES / "github-actions.yml").read_text())
    shard_job, merge_job = wf["jobs"]["shard"], wf["jobs"]["merge"]
    assert len(shard_job["strategy"]["matrix"]["shard"]) == int(wf["env"]["SHARDS"])
    assert merge_job["needs"] == "shard"
    run_step = next(s for s in shard_job["steps"] if s.get("name") == "run one shard")["run"]
    merge_step = next(s for s in merge_job["steps"] if s.get("name") == "merge the shards")["run"]
    for i in range(1, N + 1):  # what each matrix job runs, with GitHub's expression filled in
        _sh(re.sub(r"\$\{\{\s*matrix\.shard\s*\}\}", str(i), run_step), tmp_path, _env(server, tmp_path))
    _sh(merge_step, tmp_path, _env(server, tmp_path))
    _same(tmp_path / "quality.json", unsharded)
    assert (tmp_path / "quality.html").stat().st_size > 1000


def test_kubernetes_indexed_job(server, unsharded, tmp_path):
    shards_job, merge_job = list(yaml.safe_load_all((RECIPES / "k8s-indexed-job.yaml").read_text()))
    spec = shards_job["spec"]
    assert spec["completionMode"] == "Indexed" and spec["completions"] == spec["parallelism"]
    container = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e["value"] for e in container["env"]}
    assert int(env["SHARDS"]) == spec["completions"]
    script = container["command"][-1].replace("pip install -q pytest-quality &&", "")
    for index in range(N):  # Kubernetes sets JOB_COMPLETION_INDEX = 0..completions-1
        _sh(script, tmp_path, _env(server, tmp_path, JOB_COMPLETION_INDEX=str(index)), shell="sh")
    merge = merge_job["spec"]["template"]["spec"]["containers"][0]["command"][-1]
    _sh(merge.replace("pip install -q pytest-quality &&", ""), tmp_path, _env(server, tmp_path), shell="sh")
    _same(tmp_path / "quality.json", unsharded)


def test_slurm_array_job(server, unsharded, tmp_path):
    shards, merge = RECIPES / "slurm-shards.sbatch", RECIPES / "slurm-merge.sbatch"
    text = shards.read_text()
    assert "#SBATCH" in text and "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" in text
    for i in range(1, N + 1):  # sbatch --array=1-N sets these two for task i
        _sh(
            f"bash {shards}",
            tmp_path,
            _env(server, tmp_path / "results", SLURM_ARRAY_TASK_ID=str(i), SLURM_ARRAY_TASK_COUNT=str(N)),
        )
    _sh(f"bash {merge}", tmp_path, _env(server, tmp_path / "results"))
    _same(tmp_path / "results" / "quality.json", unsharded)


def test_scaling_doc_shows_the_recipe_files():
    doc = (DOCS / "SCALING.md").read_text()
    for name in ("github-actions.yml", "k8s-indexed-job.yaml", "slurm-shards.sbatch", "slurm-merge.sbatch"):
        assert f"docs/scaling/{name}" in doc
