"""Endpoint pools: several --endpoint replicas, one killed mid-run, nothing lost; mixed pools refused.

Each replica is a FakeServer in its own process, so "killed" is a real SIGKILL: open connections reset,
new ones refused.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.support.fake_openai import FakeServer, is_probe_request
from tests.support.runner import run_quality

ROOT = Path(__file__).resolve().parents[2]
REPLICA = (
    "import sys, time\n"
    "from tests.support.fake_openai import FakeServer, answer_reference\n"
    "s = FakeServer(answer_reference); s.latency_s = float(sys.argv[1]); s.start()\n"
    "print(s.url, flush=True)\n"
    "while True: time.sleep(60)\n"
)


def _replica(latency: float) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", REPLICA, str(latency)], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    return proc, proc.stdout.readline().strip()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUALITY_", "PYTEST_ADDOPTS"))}
    return {**env, "QUALITY_RETRY_BACKOFF_S": "0.05"}


def test_a_replica_killed_mid_run_loses_nothing(workdir):
    replicas = [_replica(0.15) for _ in range(3)]
    victim_proc, victim = replicas[1]
    try:
        out = workdir / "pool.json"
        journal = workdir / "pool.json.partial.jsonl"
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "--quality=quick",
            "--no-progress",
            f"--quality-json={out}",
            *(f"--endpoint={url}" for _, url in replicas),
        ]
        run = subprocess.Popen(cmd, cwd=workdir, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # kill the second replica once a third of the run is done
            if journal.exists() and journal.read_text().count('"kind": "scenario"') >= 10:
                break
            time.sleep(0.02)
        victim_proc.send_signal(signal.SIGKILL)
        victim_proc.wait()
        stdout, stderr = run.communicate(timeout=300)
    finally:
        for proc, _ in replicas:
            proc.kill()
            proc.wait()
    assert run.returncode == 0, stdout[-3000:] + stderr[-2000:]
    data = json.loads(out.read_text())
    records = [s for p in data["packs"] for s in p["scenarios"]]
    assert len(records) == 30 and data["complete"] is True
    assert all(r["passed"] and r["failure_mode"] is None for r in records), [
        (r["id"], r["failure_mode"], r["detail"]) for r in records if not r["passed"]
    ]
    assert data["totals"] == {"passed": 30, "total": 30, "errors": 0, "score": 1.0}
    moved = [r for r in records if any(victim in note and "taken out of the pool" in note for note in r["retries"])]
    assert moved, "no scenario records the failover"
    assert [r["url"] for r in data["endpoint_pool"]["replicas"]] == [url for _, url in replicas]
    assert all(r["status"] == "ok" for r in data["endpoint_pool"]["replicas"])


def test_a_mixed_pool_is_refused_unless_allowed(workdir):
    with FakeServer() as a, FakeServer() as b:
        b.model_id = "another-model"
        refused = run_quality(workdir, "--quality=quick", f"--endpoint={a.url}", f"--endpoint={b.url}")
        assert refused.returncode == 2
        text = refused.stdout + refused.stderr
        assert "do not serve the same model and chat template" in text and "another-model" in text
        assert "--allow-mixed-pool" in text
        allowed = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={a.url}",
            f"--endpoint={b.url}",
            "--allow-mixed-pool",
            "--no-progress",
        )
        assert allowed.returncode == 0, allowed.stdout[-2000:]
        assert allowed.data["endpoint_pool"]["mixed"] is True
        assert any("MIXED replicas" in w for w in allowed.data["top_warnings"])
        assert a.requests and b.requests  # both replicas served chat requests


def test_endpoint_file_adds_replicas(workdir, tmp_path):
    with FakeServer() as a, FakeServer() as b:
        listing = tmp_path / "urls.txt"
        listing.write_text(f"# replicas\n{a.url}\n\n{b.url}  # second\n")
        run = run_quality(workdir, "--quality=quick", f"--endpoint-file={listing}", "--no-progress", "-n", "2")
        assert run.returncode == 0, run.stdout[-2000:]
        assert [r["url"] for r in run.data["endpoint_pool"]["replicas"]] == [a.url, b.url]
        chats = [sum(1 for r in s.requests if "messages" in r and not is_probe_request(r)) for s in (a, b)]
        assert min(chats) > 0 and sum(chats) >= 30, chats
        bad = tmp_path / "bad.txt"
        bad.write_text(f"{a.url} {b.url}\n")
        broken = run_quality(workdir, "--quality=quick", f"--endpoint-file={bad}")
        assert broken.returncode == 2 and f"--endpoint-file {bad}:1: one URL per line" in broken.stdout + broken.stderr
