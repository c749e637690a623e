"""benchlocal's own sandbox images, driven over their HTTP protocol.

Where the user has built `benchlocal-sandbox-<name>` images (their tools/build-sandboxes.sh; images
are never pulled), one container per image is started per process with the Docker SDK, labelled as
ours so every exit path removes it. Every request goes through `docker exec`: a small stdlib client
inside the container talks to the verifier on 127.0.0.1:9000, so no host port is published (two
runs never collide) and an isolated container needs no network at all.

Isolated packs (BugFind, CLI, code reasoning) run with `--network none`. Packs whose container calls
the model itself (Hermes, Aider) get the default network, plus the host gateway when the endpoint is
on loopback (its host rewritten to host.docker.internal); a preflight from inside the container must
reach the model first, or every scenario of the pack is a `sandbox_unavailable` error with the reason.
An image that is not built (or no Docker engine) skips the pack's scenarios as `sandbox_unavailable`.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pytest_quality.benchlocal.request import build_request
from pytest_quality.request import thinking_for
from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.cleanup import LABEL, LABEL_SESSION
from pytest_quality.sandbox.container import Sandbox, SandboxError
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, VERIFIER_NOT_IMPLEMENTED, Verdict

PORT = 9000
TAG_ENV = "QUALITY_BENCHLOCAL_IMAGE_TAG"  # their --sandbox-image-tag (default "latest")
HEALTH_WAIT_S = 30.0
LOOPBACK = ("localhost", "0.0.0.0", "::", "::1")


@dataclass(frozen=True)
class Entry:
    image: str  # repository; the tag comes from QUALITY_BENCHLOCAL_IMAGE_TAG
    isolated: bool  # --network none (driven through docker exec either way)
    multi_turn: bool | str  # True, False, or "multiround": only scenarios whose raw_scenario.kind says so
    needs_model: bool  # the container makes the model calls itself
    read_timeout_s: float
    max_turns: int = 15


# Their registry of sandbox images, with one deliberate change: BugFind runs model-written code and
# never calls the model, so it is isolated here (theirs gives it network egress).
REGISTRY = {
    "bugfind-15": Entry("benchlocal-sandbox-bugfind", True, False, False, 60),
    "cli-40": Entry("benchlocal-sandbox-cli", True, "multiround", False, 60),
    "hermesagent-20": Entry("benchlocal-sandbox-hermes", False, True, True, 900, max_turns=20),
    "aider-polyglot-30": Entry("benchlocal-sandbox-aider-polyglot", False, True, True, 3900),
    "humaneval-plus-30": Entry("benchlocal-sandbox-code-reasoning", True, False, False, 300),
    "lcb-v6-30": Entry("benchlocal-sandbox-code-reasoning", True, False, False, 300),
}


def entry_for(meta: dict[str, Any]) -> Entry | None:
    """The registry entry of a pack, or the meta's own `benchlocal_sandbox` object (our extension, for
    packs their registry does not name): {"image", "network_isolated", "multi_turn", "needs_model",
    "read_timeout_s", "max_turns"}."""
    own = meta.get("benchlocal_sandbox")
    if isinstance(own, dict) and isinstance(own.get("image"), str):
        return Entry(
            own["image"],
            bool(own.get("network_isolated", True)),
            own.get("multi_turn", False),
            bool(own.get("needs_model", False)),
            float(own.get("read_timeout_s", 300)),
            int(own.get("max_turns", 15)),
        )
    return REGISTRY.get(str(meta.get("pack_id")))


def image_ref(entry: Entry) -> str:
    return entry.image if ":" in entry.image else f"{entry.image}:{os.environ.get(TAG_ENV) or 'latest'}"


def is_multi_turn(entry: Entry, scenario: Any) -> bool:
    if entry.multi_turn == "multiround":
        raw = scenario.raw.get("raw_scenario")
        return isinstance(raw, dict) and str(raw.get("kind", "")).lower() in (
            "multiround",
            "multi_round",
            "multi-round",
        )
    return bool(entry.multi_turn)


def container_endpoint(endpoint: str) -> tuple[str, bool]:
    """(the endpoint as the container sees it, whether it needs the host gateway)."""
    parts = urlsplit(endpoint if "://" in endpoint else f"http://{endpoint}")
    host = parts.hostname or ""
    if host in LOOPBACK or host.startswith("127."):
        netloc = "host.docker.internal" + (f":{parts.port}" if parts.port else "")
        if parts.username:
            netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), True
    return endpoint, False


# --- the container ---------------------------------------------------------------------------------------

# Runs inside the container: one HTTP request to the verifier; the reply as a {status, body} envelope.
CLIENT = r"""
import json, sys, urllib.error, urllib.request
method, url, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
data = sys.stdin.buffer.read() if method == "POST" else None
headers = {"Content-Type": "application/json"}
key = __import__("os").environ.get("PQ_BEARER")
if key:
    headers["Authorization"] = "Bearer " + key
try:
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers),
                                timeout=timeout) as r:
        status, body = r.status, r.read()
except urllib.error.HTTPError as e:
    status, body = e.code, e.read()
except Exception as e:
    status, body = 0, (type(e).__name__ + ": " + str(e)).encode()
sys.stdout.write(json.dumps({"status": status, "body": body.decode("utf-8", "replace")}))
"""


class ProtocolError(Exception):
    """The sandbox did not answer as the protocol says."""


class ImageContainer(Sandbox):
    """A running benchlocal sandbox container (its image's own command: the verifier on :9000)."""

    def __init__(
        self, entry: Entry, extra_hosts: dict[str, str] | None = None, session: str | None = None, client: Any = None
    ):
        self.entry, self.extra_hosts = entry, extra_hosts or {}
        super().__init__(image=image_ref(entry), session=session, client=client)

    def _start(self) -> None:
        import docker
        from docker.types import LogConfig

        if cleanup.stopping():
            raise SandboxError("this process is exiting: no new sandbox container is started")
        cleanup.track(self.session)
        name = self.entry.image.rsplit("/", 1)[-1].replace(":", "-")
        kwargs: dict[str, Any] = dict(
            image=self.image,
            name=f"pytest-quality-{name}-{self.session}-{uuid.uuid4().hex[:6]}",
            labels={LABEL: "1", LABEL_SESSION: self.session},
            security_opt=["no-new-privileges"],
            pids_limit=4096,
            extra_hosts=self.extra_hosts or None,
            # A verifier that runs the model's code may print without end: a capped log on the host (1 MB)
            # still shows why a container exited, and cannot fill the host's disk.
            log_config=LogConfig(type=LogConfig.types.JSON, config={"max-size": "1m", "max-file": "1"}),
        )
        if self.entry.isolated:
            kwargs["network_mode"] = "none"
        try:  # create + start, never run: run would pull a missing image from a registry
            self.container = container = self.client.containers.create(**kwargs)
        except docker.errors.ImageNotFound as exc:
            raise SandboxError(f"image {self.image} is not built") from exc
        except docker.errors.APIError as exc:
            raise SandboxError(f"cannot create a {self.image} container: {exc.explanation or exc}") from exc
        try:
            container.start()
        except docker.errors.APIError as exc:
            self.remove()
            raise SandboxError(f"cannot start a {self.image} container: {exc.explanation or exc}") from exc

    def reset(self) -> bool:  # the verifier keeps its own per-scenario state: nothing to reset
        return True

    def http(
        self, method: str, url: str, body: Any = None, timeout: float = 60.0, bearer: str | None = None
    ) -> tuple[int, str]:
        data = json.dumps(body).encode() if method == "POST" else None
        res = self.exec(
            ["python3", "-c", CLIENT, method, url, f"{timeout:g}"],
            stdin=data,
            timeout=timeout + 10,
            env={"PQ_BEARER": bearer} if bearer else None,
            workdir="/",
            output_limit=32 * 1024 * 1024,
        )
        if res.timed_out:
            raise ProtocolError(f"{method} {urlsplit(url).path}: no answer within {timeout:g}s")
        try:
            envelope = json.loads(res.stdout.decode("utf-8", "replace"))
            return int(envelope["status"]), str(envelope["body"])
        except (ValueError, KeyError, TypeError):
            why = (res.stderr or res.stdout).decode("utf-8", "replace").strip()[-300:]
            raise ProtocolError(
                f"{method} {urlsplit(url).path}: the in-container client failed ({res.status}): {why}"
            ) from None

    def call(self, path: str, body: Any = None, timeout: float = 60.0) -> dict[str, Any]:
        """POST (or GET without a body) to the verifier; the JSON object it answers."""
        status, text = self.http("POST" if body is not None else "GET", f"http://127.0.0.1:{PORT}{path}", body, timeout)
        if status != 200:
            raise ProtocolError(f"{path}: HTTP {status or 'failure'}: {text.strip()[:300]}")
        try:
            data = json.loads(text)
        except ValueError:
            raise ProtocolError(f"{path}: the answer is not JSON: {text.strip()[:200]}") from None
        if not isinstance(data, dict):
            raise ProtocolError(f"{path}: the answer is not a JSON object")
        return data

    def wait_healthy(self, wait_s: float = HEALTH_WAIT_S) -> dict[str, Any]:
        deadline, last = time.monotonic() + wait_s, "no answer"
        while time.monotonic() < deadline:
            if not self.alive():
                logs = self.container.logs(tail=20).decode("utf-8", "replace").strip()[-400:] if self.container else ""
                raise SandboxError(f"the {self.image} container exited: {logs or 'no output'}")
            try:
                health = self.call("/health", timeout=5)
                if str(health.get("status", "ok")).lower() == "ok":
                    return health
                last = f"status {health.get('status')!r}"
            except (ProtocolError, SandboxError) as exc:
                last = str(exc)
            time.sleep(0.25)
        raise SandboxError(f"the {self.image} verifier did not become healthy within {wait_s:g}s ({last})")

    def reaches_model(self, endpoint: str, api_key: str | None) -> str | None:
        """None when the container reaches `endpoint`'s model list; else why not."""
        url = endpoint.rstrip("/")
        url = url if url.endswith("/v1") else url + "/v1"
        try:
            status, text = self.http("GET", url + "/models", timeout=5, bearer=api_key)
        except (ProtocolError, SandboxError) as exc:
            return str(exc)
        return None if 0 < status < 500 else (f"HTTP {status}" if status else text.strip()[:200])


# --- one container per image and process ------------------------------------------------------------------

_LOCK = threading.Lock()
_STARTED: dict[tuple[str, str], ImageContainer | str] = {}  # (image, endpoint) -> container or why it failed
_PREFLIGHT: dict[tuple[str, str], str | None] = {}


def _get(
    entry: Entry, endpoint: str | None, api_key: str | None
) -> tuple[ImageContainer | None, str | None, str | None]:
    """(container, endpoint as the container sees it, why it cannot be used)."""
    seen, gateway = container_endpoint(endpoint) if (entry.needs_model and endpoint) else (None, False)
    key = (image_ref(entry), seen or "")
    with _LOCK:
        if key not in _STARTED:
            try:
                started = ImageContainer(
                    entry,
                    {"host.docker.internal": "host-gateway"} if gateway else None,
                    session=cleanup.default_session(),
                )
                try:
                    started.wait_healthy()
                except SandboxError:
                    started.remove()
                    raise
                _STARTED[key] = started
            except SandboxError as exc:
                _STARTED[key] = str(exc)
        box = _STARTED[key]
        if isinstance(box, str):
            return None, seen, box
        if entry.needs_model and key not in _PREFLIGHT:
            why = box.reaches_model(seen, api_key) if seen else "no model endpoint to hand to the sandbox"
            _PREFLIGHT[key] = (
                None
                if why is None
                else (
                    f"the {image_ref(entry)} container cannot reach the model at {seen} ({why})"
                    + (
                        "; a server on loopback must also listen where the Docker bridge reaches it (e.g. --host 0.0.0.0)"
                        if gateway
                        else ""
                    )
                )
            )
        return box, seen, _PREFLIGHT.get(key)


def close_all() -> None:
    """Remove every benchlocal container this process started (exit handlers do this too)."""
    with _LOCK:
        boxes = [b for b in _STARTED.values() if isinstance(b, ImageContainer)]
        _STARTED.clear()
        _PREFLIGHT.clear()
    for box in boxes:
        box.remove()


def precheck(run: Any, pack: Any, scenario: Any) -> Verdict | None:
    entry = entry_for(pack.meta)
    if entry is None:
        return Verdict.fail(
            f"no verifier for {pack.pack_id}: benchlocal scores it in a sandbox this version "
            "does not know (not scored)",
            VERIFIER_NOT_IMPLEMENTED,
        )
    ok, reason = cleanup.engine_available()
    if not ok:
        return Verdict.fail(reason, SANDBOX_UNAVAILABLE)
    import docker

    ref = image_ref(entry)
    try:
        docker.from_env(timeout=10).images.get(ref)
    except docker.errors.ImageNotFound:
        return Verdict.fail(
            f"benchlocal's image {ref} is not built (build it from a benchlocal-cli checkout with "
            f"tools/build-sandboxes.sh, or set {TAG_ENV})",
            SANDBOX_UNAVAILABLE,
        )
    except Exception as exc:  # noqa: BLE001 - the engine answered oddly: say so, do not guess
        return Verdict.fail(f"cannot inspect image {ref}: {exc}", SANDBOX_UNAVAILABLE)
    return None  # a built image that fails to start, or cannot reach the model, is an error: see Handle.problem


@dataclass
class Handle:
    """What image_kind needs: the container and the run's model settings."""

    box: ImageContainer
    entry: Entry
    endpoint: str | None  # as the container sees it (needs_model packs)
    model: str | None
    api_key: str | None
    sampling: dict[str, Any]
    thinking: bool
    thinking_budget: int
    problem: str | None = None  # the container failed to start or cannot reach the model: every scenario errors


def handle_for(run: Any, pack: Any, scenario: Any, model: str | None) -> Handle:
    """`run`: the worker-side runner.Runner (its settings and target)."""
    entry = entry_for(pack.meta)
    assert entry is not None, "precheck runs first"
    box, seen, why = _get(entry, run.described.endpoint, run.settings.api_key)
    control = run.described.thinking_control
    body = build_request(pack, scenario, run.settings, model, control)
    sampling = {k: v for k, v in body.items() if k not in ("model", "messages", "tools", "stream")}
    thinking = thinking_for(pack, run.settings)
    return Handle(
        box,  # type: ignore[arg-type]  # None only together with `why`: every scenario then errors
        entry,
        seen,
        model,
        run.settings.api_key,
        sampling,
        thinking,
        run.settings.thinking_max_tokens if thinking else 0,
        why,
    )
