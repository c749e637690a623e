"""benchlocal-format packs end to end: `--pack-path`, the automatic `benchlocal_cli` discovery, the
HumanEval+/LiveCodeBench problems in our sandbox, and a sandboxed pack driven over benchlocal's HTTP
protocol by a small image of our own (isolated exec transport, and the multi-turn loop on the host).

The fixture packs are ours (tests/fixtures/benchlocal). Docker tests skip with a reason when the engine
or our sandbox image is missing.
"""

from __future__ import annotations

import io
import json
import tarfile
import uuid
from pathlib import Path

import pytest

from pytest_quality.agent import replay_model
from pytest_quality.benchlocal import code_reasoning, images
from pytest_quality.packs import load_pack
from pytest_quality.sandbox import cleanup
from tests.support.fake_openai import FakeServer, answer_reference
from tests.support.runner import run_quality

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "benchlocal"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
PURE = ["bl-toolcall", "bl-instruct", "bl-struct", "bl-reason", "bl-extract", "bl-gsm"]
AVAILABLE, REASON = cleanup.docker_available()
docker_only = [pytest.mark.docker, pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")]


def first_expected(scenario, request):
    """Each foreign scenario gets the first reply its expected-verdict list names."""
    if scenario is None:
        return "(no scenario matched)"
    if scenario.format != "benchlocal":
        return answer_reference(scenario, request)
    pack = scenario.pack_id.split("/")[-1].replace("toolcall-15", "bl-toolcall")
    return EXPECTED[pack][scenario.node_name][0][0]


def _scenarios(run):
    return {s["node_id"]: s for p in run.data["packs"] for s in p["scenarios"]}


def test_pack_path_runs_their_format_with_their_verdicts(workdir):
    with FakeServer(first_expected, extra_dirs=[str(FIXTURES)]) as server:
        args = [
            f"--pack-path={FIXTURES}",
            *(f"--pack={p}" for p in PURE + ["bl-unknown-sandbox"]),
            f"--endpoint={server.url}",
        ]
        run = run_quality(workdir, *args)
        requests = list(server.requests)
    assert run.returncode == 0, run.stdout[-3000:]
    got = _scenarios(run)
    for pack in PURE:
        for node, cases in EXPECTED[pack].items():
            record = got[f"{pack}.jsonl::{node}"]
            assert (record["passed"], record["failure_mode"]) == (cases[0][1], cases[0][2]), (node, record["detail"])
    assert "bl-gsm.jsonl::GSM-X-0000#2" in got  # duplicate ids get unique node ids
    unknown = got["bl-unknown-sandbox.jsonl::UX-01"]
    assert unknown["skipped"] and unknown["failure_mode"] == "verifier_not_implemented"
    assert not any("Fix it." in json.dumps(r.get("messages")) for r in requests)  # no model call for it
    # The junk control: in the summary and in the JSON.
    assert 'junk control: 2/8 bl-instruct scenarios pass the reply "(no answer)" (IF-A2, IF-A8)' in run.stdout
    assert run.data["junk_control"]["bl-struct"]["passed"] == ["SO-A8"]
    # Their request order: the thinking sampler of a thinking-on pack, the reference date, tool_choice.
    chats = [r for r in requests if r.get("messages")]
    if1 = next(r for r in chats if "about rivers" in json.dumps(r["messages"]))
    assert (if1["temperature"], if1["top_p"], if1["max_tokens"]) == (0.6, 0.9, 16384)
    tc6 = next(r for r in chats if "Vega" in json.dumps(r["messages"]))
    assert tc6["messages"][0]["content"].endswith("Benchmark reference date: 2026-03-20 (Friday).")
    assert tc6["tool_choice"] == "auto" and tc6["max_tokens"] == 512
    tc6_record = got["bl-toolcall.jsonl::TC-A6"]
    assert tc6_record["timeout_s"] == 45 and tc6_record["timeout_detail"]["source"].startswith("benchlocal")


def _fake_benchlocal_cli(root: Path) -> Path:
    """A tiny stand-in for an installed benchlocal_cli: a package with packs/*.jsonl (never imported)."""
    pkg = root / "benchlocal_cli"
    (pkg / "packs").mkdir(parents=True)
    (pkg / "__init__.py").write_text("raise RuntimeError('pytest-quality must not import benchlocal_cli')\n")
    text = (FIXTURES / "bl-toolcall.jsonl").read_text(encoding="utf-8").replace('"bl-toolcall"', '"toolcall-15"', 1)
    (pkg / "packs" / "toolcall-15.jsonl").write_text(text, encoding="utf-8")
    return pkg / "packs"


def test_installed_benchlocal_cli_is_found_and_namespaced(workdir, tmp_path):
    packs = _fake_benchlocal_cli(tmp_path / "site")
    with FakeServer(first_expected, extra_dirs=[str(packs)]) as server:
        run = run_quality(
            workdir,
            "--pack=toolcall-15",
            "--pack=benchlocal/toolcall-15",
            f"--endpoint={server.url}",
            env={"PYTHONPATH": str(tmp_path / "site")},
        )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    got = _scenarios(run)
    ours = [n for n in got if n.startswith("toolcall-15.jsonl::")]
    theirs = [n for n in got if n.startswith("benchlocal/toolcall-15.jsonl::")]
    assert len(ours) == 15 and all(got[n]["passed"] for n in ours)  # ours is still ours, not replaced
    assert len(theirs) == 8 and got["benchlocal/toolcall-15.jsonl::TC-A1"]["passed"]
    assert got["benchlocal/toolcall-15.jsonl::TC-A8"]["failure_mode"] == "verifier_not_implemented"
    assert "benchlocal/toolcall-15 (v1.0.1)" in run.stdout
    assert {p["pack_id"] for p in run.data["packs"]} == {"toolcall-15", "benchlocal/toolcall-15"}
    # -k selects by the namespaced node id as usual.
    with FakeServer(first_expected, extra_dirs=[str(packs)]) as server:
        run = run_quality(
            workdir,
            "--pack=benchlocal/toolcall-15",
            "-k",
            "TC-A1 or TC-A2",
            f"--endpoint={server.url}",
            env={"PYTHONPATH": str(tmp_path / "site")},
            json_name="k.json",
        )
    assert sorted(_scenarios(run)) == ["benchlocal/toolcall-15.jsonl::TC-A1", "benchlocal/toolcall-15.jsonl::TC-A2"]


# --- sandboxes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("node", sorted(EXPECTED["bl-code"]))
@pytest.mark.docker
@pytest.mark.skipif(not AVAILABLE, reason=REASON or "docker available")
def test_code_problems_in_our_sandbox(node):
    from pytest_quality.sandbox.pool import SandboxPool

    scenario = next(s for s in load_pack(FIXTURES / "bl-code.jsonl").scenarios if s.node_name == node)
    with SandboxPool(size=1) as pool:
        for reply, passed, mode in EXPECTED["bl-code"][node]:
            with pool.acquire() as sandbox:
                verdict = code_reasoning.run(scenario, replay_model(reply), sandbox).verdict
            assert (verdict.passed, verdict.failure_mode) == (passed, mode), verdict.detail


SERVER = FIXTURES / "testproto_server.py"


@pytest.fixture(scope="module")
def testproto_tag():
    """benchlocal-sandbox-testproto:<tag>: our sandbox base image plus a stdlib server speaking the protocol."""
    if not AVAILABLE:
        pytest.skip(REASON)
    import docker

    from pytest_quality.sandbox.images import required_image

    tag = f"pqtest-{uuid.uuid4().hex[:8]}"
    ref = f"benchlocal-sandbox-testproto:{tag}"
    dockerfile = (
        f'FROM {required_image()}\nCOPY server.py /srv/server.py\nUSER 1000\nCMD ["python3", "/srv/server.py"]\n'
    ).encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in (("Dockerfile", dockerfile), ("server.py", SERVER.read_bytes())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    client = docker.from_env(timeout=120)
    client.images.build(fileobj=io.BytesIO(buf.getvalue()), custom_context=True, tag=ref, rm=True, network_mode="none")
    yield tag
    images.close_all()
    cleanup.cleanup(cleanup.default_session())
    client.images.remove(ref, force=True)


def proto_answer(final: str = "The value is 7731.", oneshot: str = "<answer>42</answer>"):
    def answer(scenario, request):
        if scenario is None:
            return "(no scenario matched)"
        if scenario.id == "TP-01":
            return oneshot
        if request["messages"][-1].get("role") == "tool":
            return final
        call = {
            "id": "call_1",
            "type": "function",
            "function": {"name": "vault_read", "arguments": '{"key": "orchid"}'},
        }
        return {"content": "", "tool_calls": [call]}

    return answer


def _proto_run(workdir, tag, answer, pack_dir=FIXTURES, json_name="out.json"):
    with FakeServer(answer, extra_dirs=[str(pack_dir)]) as server:
        run = run_quality(
            workdir,
            f"--pack-path={pack_dir}",
            "--pack=testproto-3",
            f"--endpoint={server.url}",
            env={images.TAG_ENV: tag},
            json_name=json_name,
        )
        chats = [r for r in server.requests if "orchid" in json.dumps(r) or "6 times 7" in json.dumps(r)]
    return run, chats  # the scenarios' model requests (not the probe's)


@pytest.mark.docker
def test_protocol_image_single_and_multi_turn(workdir, testproto_tag):
    run, chats = _proto_run(workdir, testproto_tag, proto_answer())
    got = _scenarios(run)
    assert got["testproto-3.jsonl::TP-01"]["passed"], got["testproto-3.jsonl::TP-01"]["detail"]
    tp2 = got["testproto-3.jsonl::TP-02"]
    assert tp2["passed"], tp2["detail"]
    assert len(tp2["turns"]) == 2 and tp2["verifier_trace"]["benchlocal"]["trace"] == {"turns": 2}
    second = next(r for r in chats if r["messages"][-1].get("role") == "tool")
    assert second["messages"][-1]["content"] == "value=7731"  # the sandbox's tool result came back to the model
    assert second["tools"][0]["function"]["name"] == "vault_read"  # the sandbox's tools were offered
    assert run.returncode == 0


@pytest.mark.docker
def test_protocol_image_failures_and_the_mock_marker(workdir, testproto_tag):
    run, _ = _proto_run(workdir, testproto_tag, proto_answer(final="The value is 1234.", oneshot="BENCHLOCAL_PASS"))
    got = _scenarios(run)
    tp1, tp2 = got["testproto-3.jsonl::TP-01"], got["testproto-3.jsonl::TP-02"]
    assert not tp1["passed"] and tp1["failure_mode"] == "verifier_fail" and "BENCHLOCAL_PASS" in tp1["detail"]
    assert tp1["verifier_trace"]["benchlocal_failure_mode"] == "passed"  # their sandbox did pass it
    assert not tp2["passed"] and tp2["failure_mode"] == "verifier_fail"


@pytest.mark.docker
def test_unbuilt_image_skips_as_sandbox_unavailable(workdir, testproto_tag):
    run, chats = _proto_run(workdir, "no-such-tag", proto_answer())
    got = _scenarios(run)
    for record in got.values():
        assert record["skipped"] and record["failure_mode"] == "sandbox_unavailable"
        assert "benchlocal-sandbox-testproto:no-such-tag is not built" in record["detail"]
    assert not chats


@pytest.mark.docker
def test_unreachable_model_fails_loudly_for_every_scenario(workdir, tmp_path, testproto_tag):
    """A pack whose container calls the model: the preflight from inside the container fails (it has no
    network here), so every scenario is a sandbox_unavailable error naming why; no model call is made."""
    folder = tmp_path / "packs"
    folder.mkdir()
    text = (FIXTURES / "testproto-3.jsonl").read_text(encoding="utf-8")
    lines = text.splitlines()
    meta = json.loads(lines[0])
    meta["benchlocal_sandbox"]["needs_model"] = True
    (folder / "testproto-3.jsonl").write_text("\n".join([json.dumps(meta), *lines[1:]]) + "\n", encoding="utf-8")
    run, chats = _proto_run(workdir, testproto_tag, proto_answer(), pack_dir=folder)
    got = _scenarios(run)
    assert len(got) == 2
    for record in got.values():
        assert not record["skipped"] and record["failure_mode"] == "sandbox_unavailable"
        assert "cannot reach the model at http://host.docker.internal:" in record["detail"]
    assert "2 errors" in run.stdout and "INCOMPLETE" in run.stdout
    assert not chats


@pytest.mark.docker
def test_isolated_container_has_no_network(testproto_tag, monkeypatch):
    monkeypatch.setenv(images.TAG_ENV, testproto_tag)
    entry = images.Entry("benchlocal-sandbox-testproto", True, "multiround", False, 30)
    box, seen, why = images._get(entry, "http://127.0.0.1:9", None)
    try:
        assert why is None and seen is None
        assert box.container.attrs["HostConfig"]["NetworkMode"] == "none"
        assert box.call("/health")["pack"] == "testproto-3"
        probe = box.exec(
            ["python3", "-c", "import socket; socket.create_connection(('1.1.1.1', 53), 2)"], timeout=10, workdir="/"
        )
        assert probe.exit_code != 0  # no route out
    finally:
        images.close_all()
    assert not box.alive()


@pytest.mark.docker
def test_container_log_on_the_host_is_capped(testproto_tag, monkeypatch):
    """Code run by a benchlocal verifier can print without end to the container's stdout; the host keeps
    at most a 1 MB log of it (json-file, one file), so a reply cannot fill the host's disk."""
    monkeypatch.setenv(images.TAG_ENV, testproto_tag)
    entry = images.Entry("benchlocal-sandbox-testproto", True, "multiround", False, 30)
    box, _, why = images._get(entry, "http://127.0.0.1:9", None)
    try:
        assert why is None
        box.container.reload()
        log = box.container.attrs["HostConfig"]["LogConfig"]
        assert log["Type"] == "json-file" and log["Config"] == {"max-size": "1m", "max-file": "1"}
        flood = box.exec(
            ["sh", "-c", "yes xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx | head -c 8000000 > /proc/1/fd/1"],
            timeout=60,
            workdir="/",
        )
        assert flood.exit_code == 0, flood.stderr
        box.container.reload()
        log_path = Path(box.container.attrs["LogPath"])  # with rotation the file may be between two lives
        on_disk = sum(p.stat().st_size for p in log_path.parent.glob(log_path.name + "*") if p.is_file())
        # 8 MB written; the engine rotates once the 1 MB cap is passed, so the log on disk stays within a
        # small multiple of the cap (JSON framing, the write in flight when it rotates), not the 8 MB written
        assert on_disk <= 3_000_000, on_disk
    finally:
        images.close_all()
