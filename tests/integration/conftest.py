"""The Docker sandbox pool the sandboxed tests share.

A test module asks for `pool` and may set, at module level:
- `SESSION`: the container label session (default: one named after the module),
- `IMAGE`: the sandbox image (default: the pool's own),
- `POOL_SIZE`: how many sandboxes (default 1).
Without Docker (or the image) the module's tests are skipped with the reason. When the module is done the
pool is closed and no container of its session may be left behind.
"""

from __future__ import annotations

import pytest

from pytest_quality.sandbox import cleanup
from pytest_quality.sandbox.pool import SandboxPool


@pytest.fixture(scope="module")
def pool(request: pytest.FixtureRequest):
    module = request.module
    image = getattr(module, "IMAGE", None)
    ok, reason = cleanup.docker_available(image)
    if not ok:
        pytest.skip(reason or "docker unavailable")
    session = getattr(module, "SESSION", None) or cleanup.new_session_id(module.__name__.rsplit(".", 1)[-1])
    p = SandboxPool(size=getattr(module, "POOL_SIZE", 1), image=image, session=session)
    yield p
    p.close()
    assert cleanup.cleanup(session) == 0, f"pool.close() left labelled containers of session {session} behind"
