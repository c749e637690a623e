"""`--quality=full` in real containers: references score 150/150, `(no answer)` 0/150."""

from __future__ import annotations

import uuid

import pytest

from pytest_quality.packs import MODES
from pytest_quality.sandbox.cleanup import LABEL, docker_available
from tests.support.fake_openai import FakeServer, answer_reference, answer_text
from tests.support.runner import run_quality

pytestmark = [pytest.mark.docker]


@pytest.fixture(scope="module", autouse=True)
def _needs_docker():
    ok, reason = docker_available()
    if not ok:
        pytest.skip(reason)


def _run_containers(prefix: str) -> list[str]:
    """Containers with our label from the run whose session ids start with `prefix`."""
    import docker

    from pytest_quality.sandbox.cleanup import LABEL_SESSION

    found = docker.from_env().containers.list(all=True, filters={"label": LABEL})
    return [c.id for c in found if (c.labels.get(LABEL_SESSION) or "").startswith(prefix)]


@pytest.mark.parametrize(
    "answer, expected", [(answer_reference, 150), (answer_text("(no answer)"), 0)], ids=["references", "no-answer"]
)
def test_full_mode_scores(workdir, answer, expected):
    prefix = f"full{uuid.uuid4().hex[:6]}-"
    with FakeServer(answer) as server:
        run = run_quality(
            workdir,
            "--quality=full",
            f"--endpoint={server.url}",
            "-n",
            "2",
            timeout=3000,
            env={"PYTEST_QUALITY_SESSION_PREFIX": prefix},
        )
    data = run.data
    assert [p["pack_id"] for p in data["packs"]] == list(MODES["full"])
    assert data["totals"]["total"] == 150 and data["totals"]["errors"] == 0, run.stdout[-4000:]
    assert data["totals"]["passed"] == expected, run.stdout[-4000:]
    assert _run_containers(prefix) == [], "the run left containers with our label behind"


def test_without_docker_the_sandboxed_packs_skip_loudly(workdir, fake_server):
    env = {"DOCKER_HOST": "unix:///nonexistent/docker.sock"}
    run = run_quality(
        workdir, "--quality=full", f"--endpoint={fake_server.url}", "-k", "TC-01 or BF-01 or CLI-01", env=env
    )
    assert run.returncode == 0, run.stdout[-3000:]
    data = run.data
    by_pack = {p["pack_id"]: p for p in data["packs"]}
    assert by_pack["bugfind-15"]["status"] == "skipped" and by_pack["cli-40"]["status"] == "skipped"
    assert by_pack["toolcall-15"]["passed"] == 1
    header = run.stdout[run.stdout.index("=== pytest-quality") :]
    assert "sandboxed" in header.split("Pack")[0].lower(), header[:800]  # said at the top, before the table
    assert "SKIPPED" in run.stdout and "Docker" in run.stdout
