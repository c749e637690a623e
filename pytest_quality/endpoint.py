"""Which server a run grades: `--endpoint=URL`, `--endpoint=local` (the reference server, started for the
run), or the first local server that answers; then probed once (probe.py)."""

from __future__ import annotations

import sys
from typing import Any

from pytest_quality import probe as probe_mod
from pytest_quality.probe import ProbeResult
from pytest_quality.settings import Settings


class EndpointError(Exception):
    """No endpoint to grade: the message says why (the plugin exits 2 with it)."""


def resolve(settings: Settings, workers: int) -> tuple[ProbeResult, Any]:
    """(the endpoint's probe, the reference server started for it or None). Raises EndpointError."""
    server = None
    if settings.endpoint == "local":
        # Imported here: the plugin loads in every pytest session, the reference server's machinery only
        # when --endpoint=local asks for it.
        from pytest_quality.reference import ReferenceEndpointError, ReferenceServer

        server = ReferenceServer()
        try:  # one server for the whole run, with a slot per xdist worker
            endpoint = server.start(parallel=max(2, workers))
        except ReferenceEndpointError as exc:
            server.stop()
            raise EndpointError(f"--endpoint=local: {exc}") from None
    elif settings.endpoint:
        endpoint = settings.endpoint
    else:
        found = probe_mod.autodetect_endpoint()
        if not found:
            ports = ", ".join(str(p) for p in probe_mod.AUTODETECT_PORTS)
            raise EndpointError(
                f"no endpoint given and no server answers on 127.0.0.1 ports {ports}; "
                "pass --endpoint=URL or --endpoint=local"
            )
        sys.stderr.write(f"[pytest-quality] no --endpoint given; found a server at {found}\n")
        endpoint = found
    try:
        probe = probe_mod.run_probe(
            endpoint, settings.api_key, settings.model, measure_tps=settings.measured_tps is None, check_stream=True
        )
    except probe_mod.EndpointUnreachable as exc:
        if server is not None:
            server.stop()
        raise EndpointError(str(exc)) from None
    return probe, server
