"""Remote sandbox engines: `--sandbox-host URL` (repeatable) spreads sandboxed scenarios over Docker engines.

The sandbox backend talks to Docker through `docker.from_env()`, so it follows `DOCKER_HOST`
(unix://, tcp://, ssh://) everywhere: building, checking and running. With --sandbox-host, each
process gets one engine by setting DOCKER_HOST before its first sandbox: xdist worker gwK uses host
K mod N, the process without xdist uses the first. A process runs one scenario at a time, so run with
`-n` at least the number of hosts to use them all.

Before any scenario runs, the controller checks every engine: it must answer, and every image the
selected sandboxed packs need must be on it. A missing image is copied from an engine that has it
(`docker save` streamed into `docker load`: the same image id, so the same toolchains everywhere). An
engine that does not answer is a usage error naming it: a run must not silently lose half its sandboxes.
What was found and copied is recorded in the results file as `sandbox_engines`.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from pytest_quality import formats
from pytest_quality.sandbox.images import required_image

SCHEMES = ("unix://", "tcp://", "ssh://", "npipe://")


def add_options(group: Any) -> None:
    group.addoption(
        "--sandbox-host",
        action="append",
        metavar="URL",
        help="Docker engine for sandboxed "
        "scenarios, e.g. unix:///run/docker.sock or ssh://user@host (repeatable: xdist workers "
        "take them in turn; default: DOCKER_HOST or the local engine)",
    )


def _client(host: str, timeout: int = 600) -> Any:
    import docker

    return docker.DockerClient(base_url=host, timeout=timeout)


def needed_images(plan: Any) -> list[str]:
    """Tags of the images the selected sandboxed packs run in (benchlocal's own images aside)."""
    tags: list[str] = []
    for pid in plan.pack_ids:
        pack = plan.load(pid)
        if not plan.keep_pack(pack):
            continue
        for s in pack.scenarios:
            if s.sandboxed:  # a benchlocal pack's own verifier images are not ours to copy; its format names ours
                tag = required_image(formats.of(s).image(s))
                if tag not in tags:
                    tags.append(tag)
    return tags


def _has(client: Any, tag: str) -> bool:
    import docker

    try:
        client.images.get(tag)
        return True
    except docker.errors.ImageNotFound:
        return False


def copy_image(tag: str, source: Any, target: Any) -> None:
    """Stream `docker save` from one engine into `docker load` on another (no temporary file)."""
    target.images.load(source.images.get(tag).save(named=True))


def prepare(hosts: list[str], images: list[str]) -> list[dict[str, Any]]:
    """Check every engine and put the images on each; raises pytest.UsageError naming a dead engine."""
    clients = {}
    for host in hosts:
        try:
            client = _client(host)
            client.ping()
        except Exception as exc:  # docker raises several unrelated types for an unreachable engine
            raise pytest.UsageError(f"--sandbox-host {host}: no Docker engine answers ({type(exc).__name__})") from None
        clients[host] = client
    sources = dict(clients)
    local = _local_engine()
    if local is not None:  # the engine this machine uses without --sandbox-host can seed the others
        sources.setdefault("local engine", local)
    report = []
    for host, client in clients.items():
        status: dict[str, str] = {}
        for tag in images:
            if _has(client, tag):
                status[tag] = "present"
                continue
            source = next((h for h, c in sources.items() if h != host and _has(c, tag)), None)
            if source is None:  # nowhere to copy from: the run's own check reports it (sandbox_unavailable)
                status[tag] = "missing"
                continue
            sys.stderr.write(f"[pytest-quality] copying image {tag} from {source} to {host}\n")
            copy_image(tag, sources[source], client)
            status[tag] = f"copied from {source}"
        report.append({"host": host, "images": status})
    for client in sources.values():
        client.close()
    return report


def _local_engine() -> Any:
    try:
        import docker

        client = docker.from_env(timeout=600)
        client.ping()
        return client
    except Exception:
        return None


def configure(config: pytest.Config, plan: Any, aggregator: Any) -> None:
    """From pytest_configure: choose this process's engine; on the controller (which holds the aggregator),
    prepare them all and record them in the results (`sandbox_engines`)."""
    hosts = list(dict.fromkeys(config.getoption("sandbox_host", None) or []))
    if not hosts:
        return
    bad = [h for h in hosts if not h.startswith(SCHEMES)]
    if bad:
        pytest.exit(
            f"usage error: --sandbox-host {bad[0]!r}: give an engine address such as "
            "unix:///var/run/docker.sock, tcp://host:2376 or ssh://user@host",
            returncode=2,
        )
    worker = getattr(config, "workerinput", None)
    if worker is not None:
        index = int(str(worker.get("workerid", "gw0"))[2:] or 0)
        os.environ["DOCKER_HOST"] = hosts[index % len(hosts)]
        return
    if not plan.settings.no_sandboxed:
        try:
            engines = prepare(hosts, needed_images(plan))
        except pytest.UsageError as exc:
            pytest.exit(f"usage error: {exc}", returncode=2)
    else:
        engines = [{"host": h, "images": {}} for h in hosts]
    workers = getattr(config.option, "numprocesses", None)
    aggregator.sandbox_engines = {
        "hosts": engines,
        "assignment": "xdist worker gwK uses host K mod N" if workers else "one process: the first host only",
    }
    if not workers and len(hosts) > 1:
        plan.top_warnings.append(
            f"--sandbox-host given {len(hosts)} times without xdist: only {hosts[0]} is used "
            "(run with -n N to spread sandboxed scenarios over the engines)"
        )
    os.environ["DOCKER_HOST"] = hosts[0]  # the controller's own checks, and a run without xdist
