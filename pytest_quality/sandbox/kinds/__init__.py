"""Sandboxed scenario kinds: how each sandboxed verifier type drives the model and the sandbox.

A kind module (one per verifier type) exposes:

    MULTI_TURN: bool
    def run(scenario: Scenario, model: ModelTurn, sandbox: Sandbox) -> SandboxOutcome
    def regrade(scenario: Scenario, reply: Reply, sandbox: Sandbox) -> Verdict   # single-turn kinds only

`run` makes every model request through `model` (the plugin's client, sampling, thinking and
timeout), executes in `sandbox` (a reset, hardened container with an empty /workspace), and
grades from what it can observe: files, exit codes, output, the tool trace. Nothing in a reply
can force a pass: graders never look for pass markers in model output.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from pytest_quality.client import Exchange
from pytest_quality.scenario import SANDBOXED_TYPES
from pytest_quality.verdict import Verdict

# One module per sandboxed verifier type, named after it.
KIND_MODULES = {name: f"pytest_quality.sandbox.kinds.{name}" for name in SANDBOXED_TYPES}


@dataclass
class SandboxOutcome:
    verdict: Verdict
    exchanges: list[Exchange] = field(default_factory=list)  # every model request, in order
    transcript: list[dict[str, Any]] = field(default_factory=list)  # the conversation incl. tool results
    trace: dict[str, Any] = field(default_factory=dict)  # tool trace, commands run, test output


def get_kind(verifier_type: str) -> ModuleType:
    return importlib.import_module(KIND_MODULES[verifier_type])


def failed_turn(exchange: Exchange, exchanges: list[Exchange], transcript: list[dict[str, Any]]) -> SandboxOutcome:
    """The outcome when a model request failed: its failure mode (serving problem or timeout) wins."""
    return SandboxOutcome(Verdict.fail(exchange.detail, exchange.failure_mode or "server_error"), exchanges, transcript)
