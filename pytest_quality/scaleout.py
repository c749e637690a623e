"""Entry points of the scale-out features for plugin.py and run.py: one call each, so those files
stay free of the details. --shard: shard.py; --sandbox-host: engines.py; endpoint pools: pool.py."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_quality import engines, pool, shard


def add_options(group: Any) -> None:
    shard.add_options(group)
    engines.add_options(group)
    pool.add_options(group)


def configure(config: pytest.Config, run: Any) -> None:
    shard.configure(config, run)
    engines.configure(config, run)
    pool.configure(config, run)


def session_start(run: Any) -> None:
    """Controller, once the endpoint is probed: probe the other replicas of an endpoint pool."""
    pool.check_replicas(run)


def meta_fields(run: Any, packs: list[Any]) -> dict[str, Any]:
    """Added to the run meta (so to the journal and the results file)."""
    fields = shard.meta_fields(run, packs)
    if getattr(run, "sandbox_engines", None):
        fields["sandbox_engines"] = run.sandbox_engines
    if getattr(run, "endpoint_pool", None):
        fields["endpoint_pool"] = run.endpoint_pool
    return fields
