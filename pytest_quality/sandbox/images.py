"""Sandbox image recipes and building.

The default build is offline: `debootstrap` a Debian root filesystem from the mirror apt already
uses, `docker import` it, then add one layer (user `sandbox`, /workspace, environment). A
Dockerfile build from a registry base gives an equivalent image. Both tag the result
`<repo>:<hash>` (`pytest-quality-sandbox` for the base recipe, `pytest-quality-polyglot` for the
base plus C++ and Java), where the hash covers everything that decides the image's content, so a
changed recipe never reuses a stale image.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable

RECIPE_VERSION = 1
SUITE = "bookworm"
REPO = "pytest-quality-sandbox"
REGISTRY_BASE = "debian:bookworm-slim"
LABEL_RECIPE = "pytest-quality.recipe"
LABEL_BUILD = "pytest-quality.build"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Recipe:
    name: str
    packages: tuple[str, ...]
    # Commands of the layer added on top of the root filesystem (run as root at build time).
    layer: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    # Paths deleted from the root filesystem to keep the image lean.
    trim: tuple[str, ...]
    # Image repository; not part of the hash (a recipe's content alone decides its tag).
    repo: str = REPO

    @property
    def hash(self) -> str:
        doc = {
            "version": RECIPE_VERSION,
            "suite": SUITE,
            "packages": sorted(self.packages),
            "layer": list(self.layer),
            "env": list(self.env),
            "trim": list(self.trim),
        }
        return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()[:16]

    @property
    def tag(self) -> str:
        return f"{self.repo}:{self.hash}"


SANDBOX = Recipe(
    name="sandbox",
    packages=(
        "python3",
        "nodejs",
        "golang-go",
        "rustc",
        "bash",
        "coreutils",
        "findutils",
        "grep",
        "sed",
        "gawk",
        "tar",
        "gzip",
        "bzip2",
        "xz-utils",
        "zip",
        "unzip",
        "jq",
        "file",
        "procps",
        "diffutils",
        # The official HumanEval+ tests compare floats with numpy (np.allclose, np.isclose).
        "python3-numpy",
        # rustc needs a C toolchain; debootstrap cannot resolve its virtual `libc-dev`.
        "libc6-dev",
    ),
    layer=(
        "groupadd --gid 1000 sandbox",
        "useradd --uid 1000 --gid 1000 --no-create-home --home-dir /tmp --shell /bin/bash sandbox",
        "mkdir -p /workspace && chown 1000:1000 /workspace && chmod 0755 /workspace",
    ),
    # HOME and tool caches live in /tmp so compilers never drop dotfiles into the graded workspace.
    env=(
        ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        ("HOME", "/tmp"),
        ("LANG", "C.UTF-8"),
        ("GOCACHE", "/tmp/.cache/go-build"),
        ("GOPATH", "/tmp/go"),
        ("CARGO_HOME", "/tmp/.cargo"),
        ("PYTHONDONTWRITEBYTECODE", "1"),
        ("NODE_OPTIONS", "--max-old-space-size=256"),
    ),
    trim=(
        "/usr/share/doc/*",
        "/usr/share/man/*",
        "/usr/share/info/*",
        "/usr/share/lintian/*",
        "/var/cache/apt/archives/*.deb",
        "/var/cache/apt/*.bin",
        "/var/lib/apt/lists/*",
        "/var/log/*",
        "/usr/share/locale/*",
        "/usr/share/go-1.19/test",
        "/usr/share/go-1.19/doc",
        "/usr/share/go-1.19/api",
        "/usr/lib/gcc/*/12/lto1",
        "/usr/lib/*-linux-gnu/lib*san.so.*",
    ),
)

# The base plus C++ and Java toolchains, for the aider kind (a kind asks for it with IMAGE = "polyglot").
POLYGLOT = Recipe(
    name="polyglot",
    packages=SANDBOX.packages + ("g++", "make", "default-jdk-headless"),
    layer=SANDBOX.layer,
    env=SANDBOX.env,
    # jmods only serve jlink and the man pages nobody reads: neither is needed to compile and run.
    trim=SANDBOX.trim + ("/usr/lib/jvm/java-17-openjdk-*/jmods", "/usr/lib/jvm/java-17-openjdk-*/man"),
    repo="pytest-quality-polyglot",
)

RECIPES = {SANDBOX.name: SANDBOX, POLYGLOT.name: POLYGLOT}


def required_image(name: str = "sandbox") -> str:
    """The image tag a recipe (by name: "sandbox", "polyglot") needs for this version of it."""
    return RECIPES[name].tag


def _stderr(msg: str) -> None:
    print(f"[sandbox build] {msg}", file=sys.stderr, flush=True)


def apt_mirror(root: str = "/") -> str:
    """The Debian archive URI apt already uses for `bookworm` on this machine."""
    entries: list[tuple[str, list[str]]] = []  # (uri, suites)
    etc = os.path.join(root, "etc/apt")
    for path in [os.path.join(etc, "sources.list")] + sorted(glob.glob(os.path.join(etc, "sources.list.d/*.list"))):
        if not os.path.isfile(path):
            continue
        for line in open(path, encoding="utf-8", errors="replace"):
            line = line.split("#", 1)[0].strip()
            m = re.match(r"deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)", line)
            if m:
                entries.append((m.group(1), [m.group(2)]))
    for path in sorted(glob.glob(os.path.join(etc, "sources.list.d/*.sources"))):
        for stanza in re.split(r"\n\s*\n", open(path, encoding="utf-8", errors="replace").read()):
            fields = {}
            for line in stanza.splitlines():
                if line.startswith("#") or ":" not in line or line[:1].isspace():
                    continue
                key, value = line.split(":", 1)
                fields[key.strip().lower()] = value.strip()
            if "deb" in fields.get("types", "").split() and fields.get("enabled", "yes") != "no":
                for uri in fields.get("uris", "").split():
                    entries.append((uri, fields.get("suites", "").split()))
    for uri, suites in entries:
        if SUITE in suites:
            return uri.rstrip("/")
    raise RuntimeError(
        f"no apt source for Debian {SUITE} found in {etc}/sources.list(.d); "
        "use `pytest-quality sandbox build --from-registry`"
    )


def _client():
    import docker

    return docker.from_env(timeout=600)


def _image_exists(client, tag: str) -> bool:
    import docker

    try:
        client.images.get(tag)
        return True
    except docker.errors.ImageNotFound:
        return False


def _labels(recipe: Recipe, how: str) -> dict[str, str]:
    # Not the containers' "pytest-quality" label: cleanup must never match a build's containers.
    return {LABEL_RECIPE: recipe.hash, LABEL_BUILD: how}


def _layer_dockerfile(recipe: Recipe, base: str, prelude: tuple[str, ...] = ()) -> str:
    lines = [f"FROM {base}"]
    lines += [f"RUN {cmd}" for cmd in prelude]
    lines.append("RUN " + " && ".join(f"( {c} )" for c in recipe.layer))
    lines += [f"ENV {k}={json.dumps(v)}" for k, v in recipe.env]
    lines += ["WORKDIR /workspace", "USER 1000:1000", 'CMD ["sleep", "infinity"]']
    return "\n".join(lines) + "\n"


def _docker_build(client, dockerfile: str, tag: str, labels: dict, network_mode: str, progress: Progress) -> None:
    from docker.errors import BuildError

    stream = client.api.build(
        fileobj=io.BytesIO(dockerfile.encode()),
        tag=tag,
        labels=labels,
        rm=True,
        forcerm=True,
        network_mode=network_mode,
        decode=True,
    )
    for chunk in stream:
        if "stream" in chunk and chunk["stream"].strip():
            progress(chunk["stream"].rstrip())
        if "error" in chunk:
            raise BuildError(chunk["error"], [])


def _debootstrap_rootfs(recipe: Recipe, target: str, mirror: str, progress: Progress) -> None:
    if os.geteuid() != 0:
        raise RuntimeError("the offline build runs debootstrap, which needs root (or use --from-registry)")
    if shutil.which("debootstrap") is None:
        raise RuntimeError("debootstrap is not installed (apt-get install debootstrap, or run .ci/install-docker.sh)")
    cmd = ["debootstrap", "--variant=minbase", "--include=" + ",".join(recipe.packages), SUITE, target, mirror]
    progress("running " + " ".join(cmd))
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        assert proc.stdout is not None  # stdout=PIPE
        last = 0.0
        for line in proc.stdout:
            # debootstrap prints one line per package; echo a sample so progress stays readable.
            if line.startswith(("I: Retrieving Release", "I: Base system", "E:", "W:")) or time.monotonic() - last > 5:
                progress(line.rstrip())
                last = time.monotonic()
    if proc.returncode != 0:
        log = os.path.join(target, "debootstrap", "debootstrap.log")
        tail = open(log, errors="replace").read()[-1500:] if os.path.exists(log) else "(no debootstrap.log)"
        raise RuntimeError(f"debootstrap failed with exit code {proc.returncode}; end of its log:\n{tail}")
    for pattern in recipe.trim:
        for path in glob.glob(target + pattern):
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.unlink(path)


def _build_offline(client, recipe: Recipe, progress: Progress) -> None:
    mirror = apt_mirror()
    base_tag = f"{recipe.repo}-base:{recipe.hash}"
    if not _image_exists(client, base_tag):
        workdir = tempfile.mkdtemp(prefix="pq-rootfs-", dir="/var/tmp")
        try:
            rootfs = os.path.join(workdir, "rootfs")
            _debootstrap_rootfs(recipe, rootfs, mirror, progress)
            progress(f"importing root filesystem as {base_tag}")
            tar = subprocess.Popen(
                ["tar", "--numeric-owner", "--xattrs", "-C", rootfs, "-c", "."], stdout=subprocess.PIPE
            )
            assert tar.stdout is not None  # stdout=PIPE
            try:
                client.api.import_image_from_stream(tar.stdout, repository=base_tag.split(":")[0], tag=recipe.hash)
            finally:
                tar.stdout.close()
                if tar.wait() != 0:
                    raise RuntimeError("tar of the root filesystem failed")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    progress(f"adding the sandbox layer -> {recipe.tag}")
    _docker_build(
        client, _layer_dockerfile(recipe, base_tag), recipe.tag, _labels(recipe, "debootstrap"), "none", progress
    )
    client.images.remove(base_tag)  # only untags: the layer stays as the parent of recipe.tag


def _build_from_registry(client, recipe: Recipe, progress: Progress, base: str) -> None:
    trim = " ".join(recipe.trim)
    prelude = (
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "
        + " ".join(recipe.packages)
        + f" && rm -rf {trim}",
    )
    # apt-get needs the network during this build only; sandbox containers never get one.
    _docker_build(
        client, _layer_dockerfile(recipe, base, prelude), recipe.tag, _labels(recipe, "registry"), "host", progress
    )


def _prune_older(client, recipe: Recipe, progress: Progress) -> None:
    """Untag builds of older recipe versions (an image still used by a container stays)."""
    import docker

    for img in client.images.list(name=recipe.repo):
        for tag in img.tags:
            if tag.startswith(recipe.repo + ":") and tag != recipe.tag:
                try:
                    client.images.remove(tag)
                    progress(f"removed older build {tag}")
                except docker.errors.APIError:
                    pass


def build_images(progress: Progress | None = None, from_registry: bool = False, base: str = REGISTRY_BASE) -> list[str]:
    """Build every recipe's image unless an image with its tag exists. Returns the tags."""
    progress = progress or _stderr
    client = _client()
    tags = []
    for recipe in RECIPES.values():
        if _image_exists(client, recipe.tag):
            progress(f"{recipe.tag} is up to date")
        else:
            start = time.monotonic()
            if from_registry:
                _build_from_registry(client, recipe, progress, base)
            else:
                _build_offline(client, recipe, progress)
            size = client.images.get(recipe.tag).attrs.get("Size", 0)
            progress(f"built {recipe.tag} in {time.monotonic() - start:.0f} s ({size / 1e6:.0f} MB)")
            _prune_older(client, recipe, progress)
        tags.append(recipe.tag)
    return tags


def image_status(client=None) -> list[dict]:
    """One dict per recipe: name, tag, exists (any build of it), matches (this version's tag exists)."""
    client = client or _client()
    out = []
    for recipe in RECIPES.values():
        present = sorted(
            t for img in client.images.list(name=recipe.repo) for t in img.tags if t.startswith(recipe.repo + ":")
        )
        out.append(
            {
                "name": recipe.name,
                "tag": recipe.tag,
                "exists": bool(present),
                "matches": recipe.tag in present,
                "present_tags": present,
            }
        )
    return out
