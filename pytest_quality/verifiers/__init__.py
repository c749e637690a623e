"""Verifier registry: one module per verifier type, each a pure `verify(scenario, reply) -> Verdict`.

No verifier does I/O. Sandboxed verifiers (which execute code) live in `pytest_quality.sandbox`
and are not in this registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pytest_quality.reply import Reply
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import VERIFIER_FAIL, VERIFIER_NOT_IMPLEMENTED, Verdict

VerifyFn = Callable[[Scenario, Reply], Verdict]


TYPES = ("tool_call", "instruct_follow", "struct_output", "data_extract", "reason_math", "answer_match")
IMPORT_ERRORS: dict[str, str] = {}


def _registry() -> dict[str, VerifyFn]:
    # Imported one by one so a broken verifier module names itself instead of breaking the plugin.
    found: dict[str, VerifyFn] = {}
    for name in TYPES:
        try:
            module = importlib.import_module(f"pytest_quality.verifiers.{name}")
        except Exception as exc:  # noqa: BLE001
            IMPORT_ERRORS[name] = f"{type(exc).__name__}: {exc}"
            continue
        found[name] = module.verify
    return found


_REGISTRY: dict[str, VerifyFn] | None = None


def registry() -> dict[str, VerifyFn]:
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = _registry()
    return _REGISTRY


def is_known(verifier_type: str) -> bool:
    return verifier_type in registry()


def verify(scenario: Scenario, reply: Reply) -> Verdict:
    """Grade `reply` with the scenario's verifier. Never raises: a verifier crash is a failed verdict."""
    fn = registry().get(scenario.verifier_type)
    if fn is None:
        why = IMPORT_ERRORS.get(scenario.verifier_type, "no such verifier")
        return Verdict.fail(f"verifier {scenario.verifier_type!r} unavailable: {why}", VERIFIER_NOT_IMPLEMENTED)
    try:
        verdict = fn(scenario, reply)
    except Exception as exc:  # noqa: BLE001 - a verifier bug must not take the run down
        return Verdict.fail(f"verifier crashed: {type(exc).__name__}: {exc}", VERIFIER_FAIL, crashed=True)
    if not verdict.passed and verdict.failure_mode is None:
        verdict = Verdict(False, VERIFIER_FAIL, verdict.detail, verdict.trace)
    return verdict
