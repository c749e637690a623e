"""The API key never appears in the JSON, journal, HTML, junit XML, json-report, logs or exception text.

Every run uses a fresh canary key and then searches every file it wrote, its stdout and its stderr
for any 16-character piece of the key's random part.
"""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest

from tests.support.faulty_server import FaultyServer
from tests.support.runner import run_quality

OUTPUT_ARGS = (
    "-v",
    "-rA",
    "-l",
    "--junitxml=junit.xml",
    "--quality-html=report.html",
    "--json-report",
    "--json-report-file=report.json",
)


def _canary() -> tuple[str, str]:
    secret = uuid.uuid4().hex
    return f"sk-canary-{secret}", secret


def _pieces(secret: str) -> list[str]:
    return [secret[i : i + 16] for i in range(0, len(secret) - 15, 4)]


def _assert_no_leak(run, workdir: Path, secret: str) -> list[Path]:
    texts = {"stdout": run.stdout, "stderr": run.stderr}
    files = [p for p in workdir.rglob("*") if p.is_file()]
    for path in files:
        texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
    for where, text in texts.items():
        for piece in _pieces(secret):
            assert piece not in text, f"API key leaked into {where}"
    assert "Traceback" not in run.stdout + run.stderr and "INTERNALERROR" not in run.stdout + run.stderr
    return files


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Faults chosen so the key could leak through error texts: a 401 whose body quotes the Authorization
# header, a 500, a broken body, and the server dying (connection errors) after 20 good replies.
PLAN = {"TC-02": ["echo_key_401"], "TC-03": ["500"], "TC-04": ["malformed"], "TC-05": ["reset"]}


@pytest.mark.parametrize("how", ["option", "env"])
def test_canary_key_reaches_the_server_and_no_output(workdir, how):
    key, secret = _canary()
    with FaultyServer(PLAN, require_key=key, die_after=20) as server:
        args = [f"--api-key={key}"] if how == "option" else []
        env = {"QUALITY_RETRY_BACKOFF_S": "0.01", **({"QUALITY_API_KEY": key} if how == "env" else {})}
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", *args, *OUTPUT_ARGS, env=env)
    assert server.auth_ok and all(server.auth_ok)  # the key did arrive, on every request
    files = {p.name for p in _assert_no_leak(run, workdir, secret)}
    assert {"out.json", "out.json.partial.jsonl", "junit.xml", "report.json", "report.html"} <= files
    records = {s["id"]: s for p in run.data["packs"] for s in p["scenarios"]}
    assert len(records) == 30
    assert "Bearer ***" in records["TC-02"]["detail"]  # the echoed key was redacted, not dropped silently
    assert any(r["failure_mode"] == "model_endpoint_unreachable" for r in records.values())


def test_unreachable_endpoint_with_key(workdir):
    key, secret = _canary()
    run = run_quality(
        workdir, "--quality=quick", f"--endpoint=http://127.0.0.1:{_free_port()}", f"--api-key={key}", *OUTPUT_ARGS
    )
    assert run.returncode == 2
    _assert_no_leak(run, workdir, secret)


def test_401_server_with_key(workdir):
    key, secret = _canary()
    with FaultyServer(require_key="some-other-key") as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", f"--api-key={key}", *OUTPUT_ARGS)
    assert run.returncode == 2
    assert "refused the credentials (HTTP 401)" in run.stdout + run.stderr
    _assert_no_leak(run, workdir, secret)


def test_key_with_trailing_newline_is_stripped(workdir):
    """A key read from a file often ends in a newline: it used to break the header and leak in the error."""
    key, secret = _canary()
    with FaultyServer(require_key=key) as server:
        run = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            "-k",
            "TC-01",
            *OUTPUT_ARGS,
            env={"QUALITY_API_KEY": key + "\r\n"},
        )
    assert run.returncode == 0, run.stdout[-2000:]
    assert server.auth_ok and all(server.auth_ok)
    _assert_no_leak(run, workdir, secret)


@pytest.mark.parametrize("junk", ["\x07", "é", "\n"])
def test_key_a_header_cannot_carry_is_a_usage_error(workdir, junk):
    key, secret = _canary()
    bad = key[:20] + junk + key[20:]
    with FaultyServer() as server:
        run = run_quality(
            workdir, "--quality=quick", f"--endpoint={server.url}", *OUTPUT_ARGS, env={"QUALITY_API_KEY": bad}
        )
    assert run.returncode == 2
    assert "--api-key" in run.stdout + run.stderr and "not shown" in run.stdout + run.stderr
    _assert_no_leak(run, workdir, secret)
