"""Entry points of the scale-out features for plugin.py and aggregator.py: one call each, so those files
stay free of the details. --shard: shard.py; --sandbox-host: engines.py; endpoint pools: pool.py."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_quality import engines, pool, shard


def add_options(group: Any) -> None:
    shard.add_options(group)
    engines.add_options(group)
    pool.add_options(group)


def configure(config: pytest.Config, plan: Any, aggregator: Any) -> None:
    """Every process (the aggregator is None on xdist workers): shard and pool on the plan, the engines."""
    shard.configure(config, plan, is_controller=aggregator is not None)
    engines.configure(config, plan, aggregator)
    pool.configure(config, plan, is_controller=aggregator is not None)


def session_start(aggregator: Any) -> None:
    """Controller, once the endpoint is probed: probe the other replicas of an endpoint pool."""
    pool.check_replicas(aggregator)


def meta_fields(aggregator: Any, packs: list[Any]) -> dict[str, Any]:
    """Added to the run meta (so to the journal and the results file)."""
    fields = shard.meta_fields(aggregator, packs)
    if aggregator.sandbox_engines:
        fields["sandbox_engines"] = aggregator.sandbox_engines
    if aggregator.endpoint_pool:
        fields["endpoint_pool"] = aggregator.endpoint_pool
    return fields
