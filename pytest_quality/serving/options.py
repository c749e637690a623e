"""The serving suite's options for one run, and the check context each process builds from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from pytest_quality.serving.context import Context
from pytest_quality.serving.http import Endpoint


@dataclass
class ServingOptions:
    enabled: bool = False
    only: bool = False  # --quality=serving: the checks and no packs
    min_context: int = 8192
    needle_max_tokens: int = 1536
    records: list[dict[str, Any]] = field(default_factory=list)  # controller: one per finished check
    runner: Any = None  # this process's runner.Runner (bind): the target the checks talk to

    def to_json(self) -> dict[str, Any]:
        """What a run saves in its settings, for --resume."""
        return {
            "enabled": self.enabled,
            "only": self.only,
            "min_context": self.min_context,
            "needle_max_tokens": self.needle_max_tokens,
        }


OPTIONS_KEY: pytest.StashKey[Any] = pytest.StashKey()


def options(config: Any) -> ServingOptions | None:
    return config.stash.get(OPTIONS_KEY, None)


def bind(config: Any, runner: Any) -> None:
    """plugin.py, every process: the runner whose target the checks talk to."""
    opts = options(config)
    if opts is not None:
        opts.runner = runner


def context_for(config: Any) -> Any:
    """This process's check context (each xdist worker has its own), built on first use."""
    opts = options(config)
    assert opts is not None, "serving.configure runs in pytest_configure"
    runner = opts.runner
    ctx = runner.__dict__.get("_serving_context")
    if ctx is None:
        target = runner.target  # resolved and probed by the controller, handed to workers
        endpoint = Endpoint(
            target.endpoint if target else str(runner.settings.endpoint or ""),
            runner.settings.api_key,
            target.model if target else runner.settings.model,
        )
        ctx = Context(
            endpoint,
            thinking_control=target.thinking_control if target else "enable_thinking",
            server_reasoning=target.server_reasoning if target else None,
            min_context=opts.min_context,
            needle_max_tokens=opts.needle_max_tokens,
            model_ids=list(target.model_ids) if target else [],
        )
        runner.__dict__["_serving_context"] = ctx
    return ctx
