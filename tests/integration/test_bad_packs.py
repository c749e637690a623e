"""A broken pack file (via --pack-path) is a collection error naming file:line and the reason.

The message must reach the user's terminal, the exit status must be non-zero, and nothing may
be scored from a pack that failed validation.
"""

from __future__ import annotations

import json

import pytest

from tests.support.runner import run_quality

META = {
    "__meta__": True,
    "pack_id": "mypack",
    "title": "My-2",
    "version": "0.1.0",
    "verifier": "reason_math",
    "default_thinking": "off",
    "sampling_defaults": {"temperature": 0, "max_tokens": 256},
    "default_max_seconds": 30,
    "floor": 0.5,
}


def _scenario(sid: str, a: int, b: int, **changes) -> dict:
    s = {
        "id": sid,
        "messages": [{"role": "user", "content": f"What is {a}+{b}? End with a line ANSWER: <n>."}],
        "verifier": {"type": "reason_math", "answer": str(a + b), "kind": "number"},
        "reference": {"role": "assistant", "content": f"ANSWER: {a + b}"},
        "negatives": [{"role": "assistant", "content": f"ANSWER: {a + b + 1}"}],
    }
    s.update(changes)
    return {k: v for k, v in s.items() if v is not None}


def _write(folder, line3: str | dict, name: str = "mypack.jsonl") -> None:
    folder.mkdir(exist_ok=True)
    lines = [
        json.dumps(META),
        json.dumps(_scenario("X-01", 2, 2)),
        line3 if isinstance(line3, str) else json.dumps(line3),
    ]
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


BAD = {
    "invalid JSON line": ('{"id": "X-02", "messages": [', "invalid JSON"),
    "duplicate id": (_scenario("X-01", 3, 3), "duplicate scenario id 'X-01' (first on line 2)"),
    "unknown verifier type": (
        _scenario("X-02", 3, 3, verifier={"type": "no_such_verifier"}),
        "X-02: unknown verifier type 'no_such_verifier'",
    ),
    "missing reference": (_scenario("X-02", 3, 3, reference=None), 'X-02: missing "reference"'),
    "reference fails its verifier": (
        _scenario("X-02", 3, 3, reference={"role": "assistant", "content": "ANSWER: 7"}),
        "X-02: reference fails its own verifier: expected 6, got 7",
    ),
    "negative passes its verifier": (
        _scenario("X-02", 3, 3, negatives=[{"role": "assistant", "content": "ANSWER: 6"}]),
        "X-02: negatives[0] passes the verifier",
    ),
    "no messages": (_scenario("X-02", 3, 3, messages=[]), 'X-02: "messages" must be a non-empty list'),
    "not an object": ("[1, 2, 3]", "expected a JSON object, got list"),
}


def test_the_good_pack_loads_and_runs(workdir, tmp_path, fake_server):
    """The control: the same file with a correct line 3 collects and runs both scenarios."""
    _write(tmp_path / "packs", _scenario("X-02", 3, 3))
    run = run_quality(
        workdir,
        f"--pack-path={tmp_path / 'packs'}",
        "--pack=mypack",
        f"--endpoint={fake_server.url}",
        "-W",
        "error::pytest.PytestUnknownMarkWarning",
    )  # a --pack-path pack's marker is registered
    assert run.returncode == 0, run.stdout[-2000:]
    assert len(run.verdicts()) == 2


XDIST_CASES = ("invalid JSON line", "reference fails its verifier")  # workers collect: same message


@pytest.mark.parametrize(
    "case, xdist",
    [(c, []) for c in BAD] + [(c, ["-n", "2"]) for c in XDIST_CASES],
    ids=[c for c in BAD] + [f"{c}-xdist" for c in XDIST_CASES],
)
def test_bad_pack_is_a_collection_error_naming_file_and_line(workdir, tmp_path, fake_server, case, xdist):
    line3, reason = BAD[case]
    packs = tmp_path / "packs"
    _write(packs, line3)
    run = run_quality(workdir, f"--pack-path={packs}", "--pack=mypack", f"--endpoint={fake_server.url}", *xdist)
    out = run.stdout + run.stderr
    assert run.returncode != 0, out[-2000:]
    assert f"{packs / 'mypack.jsonl'}:3: " in out, out[-2000:]
    assert reason in out, out[-2000:]
    assert "ERROR mypack.jsonl" in run.stdout
    assert "Traceback" not in out
    # Nothing was scored from the broken pack.
    if run.json_path.exists():
        assert run.data["totals"]["passed"] == 0 and run.data["totals"]["total"] == 0


def test_bad_meta_line(workdir, tmp_path, fake_server):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "mypack.jsonl").write_text(json.dumps(_scenario("X-01", 2, 2)) + "\n", encoding="utf-8")
    run = run_quality(workdir, f"--pack-path={packs}", "--pack=mypack", f"--endpoint={fake_server.url}")
    assert run.returncode != 0
    assert f"{packs / 'mypack.jsonl'}:1: line 1 must be the meta object" in run.stdout + run.stderr


def test_bad_pack_next_to_a_good_one_still_fails_the_run(workdir, tmp_path, fake_server):
    packs = tmp_path / "packs"
    _write(packs, _scenario("X-01", 3, 3))
    run = run_quality(
        workdir, f"--pack-path={packs}", "--pack=mypack", "--pack=toolcall-15", f"--endpoint={fake_server.url}"
    )
    assert run.returncode != 0
    assert "mypack.jsonl:3: duplicate scenario id" in run.stdout
