"""Sandboxed scenarios on a second Docker engine, reached through its own socket (--sandbox-host).

The test starts that engine itself (its own socket, data root, exec root and pid file, so the main engine
is untouched), lets the run copy the sandbox image into it, and stops and removes it at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from pytest_quality.sandbox.cleanup import docker_available
from tests.support.fake_openai import FakeServer, answer_reference
from tests.support.runner import run_quality

AVAILABLE, REASON = docker_available()
PICK = "HEP-01 or HEP-02 or HEP-03 or HEP-04"

pytestmark = [
    pytest.mark.docker,
    pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available"),
    pytest.mark.skipif(shutil.which("dockerd") is None, reason="no dockerd binary on this machine"),
    pytest.mark.skipif(os.geteuid() != 0, reason="starting a second dockerd needs root"),
]


@pytest.fixture(scope="module")
def second_engine():
    # A short path: unix socket paths are limited to ~100 bytes.
    root = Path(subprocess.check_output(["mktemp", "-d", "/tmp/pq-engine-XXXX"], text=True).strip())
    sock, pidfile = root / "docker.sock", root / "docker.pid"
    log = open(root / "dockerd.log", "w")
    proc = subprocess.Popen(
        [
            "dockerd",
            "--bridge=none",
            "--iptables=false",
            "-H",
            f"unix://{sock}",
            "--data-root",
            str(root / "data"),
            "--exec-root",
            str(root / "exec"),
            "--pidfile",
            str(pidfile),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    host = f"unix://{sock}"
    import docker

    deadline = time.monotonic() + 60
    while True:
        try:
            docker.DockerClient(base_url=host, timeout=5).ping()
            break
        except Exception:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"second dockerd did not start: {(root / 'dockerd.log').read_text()[-2000:]}")
            time.sleep(0.5)
    try:
        yield host
    finally:
        proc.send_signal(signal.SIGTERM)  # dockerd stops its containerd and unmounts its layers
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        subprocess.run(["umount", "-R", str(root / "exec")], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _creates(host: str, since: float) -> list[dict]:
    import docker

    client = docker.DockerClient(base_url=host, timeout=30)
    events = client.events(
        since=int(since), until=int(time.time()) + 1, decode=True, filters={"type": "container", "event": "create"}
    )
    return [e for e in events if "pytest-quality" in (e.get("Actor", {}).get("Attributes") or {})]


def test_sandboxed_scenarios_run_on_a_second_engine(workdir, second_engine):
    with FakeServer(answer_reference, pack_ids=["humaneval-plus-30"]) as server:
        # Two engines, two workers: the image is copied into the new engine, each worker takes one.
        started = time.time()
        both = run_quality(
            workdir,
            "--pack=humaneval-plus-30",
            "-k",
            PICK,
            f"--endpoint={server.url}",
            "--sandbox-host=unix:///var/run/docker.sock",
            f"--sandbox-host={second_engine}",
            "-n",
            "2",
            json_name="both.json",
            timeout=900,
        )
        assert both.returncode == 0, both.stdout[-3000:] + both.stderr[-2000:]
        assert sorted(both.verdicts().values()) == [(True, None)] * 4
        engines = both.data["sandbox_engines"]
        assert [e["host"] for e in engines["hosts"]] == ["unix:///var/run/docker.sock", second_engine]
        image = next(iter(engines["hosts"][0]["images"]))
        assert engines["hosts"][0]["images"][image] == "present"
        assert engines["hosts"][1]["images"][image] in ("present", "copied from unix:///var/run/docker.sock")
        assert len(_creates(second_engine, started)) >= 1  # worker gw1's sandbox lived there

        # The second engine alone, with DOCKER_HOST pointing nowhere: it can only have run there.
        started = time.time()
        only = run_quality(
            workdir,
            "--pack=humaneval-plus-30",
            "-k",
            PICK,
            f"--endpoint={server.url}",
            f"--sandbox-host={second_engine}",
            json_name="only.json",
            env={"DOCKER_HOST": "unix:///tmp/pq-no-engine-here.sock"},
        )
        assert only.returncode == 0, only.stdout[-3000:] + only.stderr[-2000:]
        assert sorted(only.verdicts().values()) == [(True, None)] * 4
        assert only.data["sandbox_engines"]["hosts"][0]["images"][image] == "present"
        assert len(_creates(second_engine, started)) >= 1


def test_an_engine_that_does_not_answer_is_a_usage_error(workdir, fake_server):
    run = run_quality(
        workdir,
        "--pack=humaneval-plus-30",
        "-k",
        "HEP-01",
        f"--endpoint={fake_server.url}",
        "--sandbox-host=unix:///tmp/pq-no-engine-here.sock",
    )
    assert run.returncode == 2
    assert "--sandbox-host unix:///tmp/pq-no-engine-here.sock: no Docker engine answers" in run.stdout + run.stderr
    bad = run_quality(workdir, "--pack=humaneval-plus-30", f"--endpoint={fake_server.url}", "--sandbox-host=/tmp/x")
    assert bad.returncode == 2 and "--sandbox-host '/tmp/x'" in bad.stdout + bad.stderr
