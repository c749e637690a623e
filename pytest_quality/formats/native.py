"""This project's own pack format: the meta names a `verifier`; every scenario carries a `reference` its
verifier passes and `negatives` it fails, checked at load (docs/PACKS.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from pytest_quality import verifiers
from pytest_quality.formats.base import PackNotes, empty_reply_note
from pytest_quality.reply import Reply
from pytest_quality.request import build_request
from pytest_quality.sandbox.kinds import get_kind
from pytest_quality.scenario import ATTACKS, SANDBOXED_TYPES, Pack, PackError, Scenario, reply_of
from pytest_quality.settings import Settings
from pytest_quality.timeouts import scenario_timeout
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, Verdict


class NativeFormat:
    name = "native"

    # --- discovery and load-time hooks ---
    def pack_dirs(self) -> list[Path]:
        return []

    def listing_id(self, path: Path) -> str | None:
        return None  # its file name

    def claims(self, meta: dict[str, Any]) -> bool:
        return "verifier" in meta and "verifier_module" not in meta

    def pack_id(self, path: Path, declared: str) -> str:
        return declared

    def default_verifier_type(self, meta: dict[str, Any]) -> Any:
        return meta.get("verifier")

    def duplicate_node_name(self, path: Path, lineno: int, sid: str, first_line: int, count: int) -> str:
        raise PackError(path, lineno, f"duplicate scenario id {sid!r} (first on line {first_line})")

    def prepare(self, path: Path, scenario: Scenario, meta: dict[str, Any], check_references: bool) -> None:
        vtype = scenario.verifier.get("type")
        if not isinstance(vtype, str) or not (verifiers.is_known(vtype) or vtype in SANDBOXED_TYPES):
            raise PackError(path, scenario.line, f"{scenario.id}: unknown verifier type {vtype!r}")
        _check_reference_fields(path, scenario)
        if check_references and not scenario.sandboxed:
            _check_against_verifier(path, scenario)

    def on_loaded(self, pack: Pack) -> PackNotes:
        return PackNotes()

    # --- asking the model ---
    def request(
        self, pack: Pack, scenario: Scenario, settings: Settings, model: str | None, control: str
    ) -> dict[str, Any]:
        return build_request(pack, scenario, settings, model, control)

    def time_budget(
        self, pack: Pack, scenario: Scenario, settings: Settings, request: dict[str, Any], measured_tps: float | None
    ) -> tuple[float, dict[str, Any]]:
        return scenario_timeout(pack, scenario, settings, request, measured_tps)

    # --- grading ---
    def verify(self, scenario: Scenario, reply: Reply) -> Verdict:
        return verifiers.verify(scenario, reply)

    def miss_detail(self, reply: Reply, detail: str) -> str:
        if not reply.content.strip() and not reply.tool_calls and reply.reasoning.strip():
            return f"answer left only in reasoning_content (not graded); {detail}"
        return empty_reply_note(reply, detail)

    # --- sandboxed scenarios ---
    def kind(self, scenario: Scenario) -> ModuleType:
        return get_kind(scenario.verifier_type)

    def image(self, scenario: Scenario) -> str:
        """The image recipe of the scenario's kind: its module-level IMAGE ("sandbox" if none)."""
        try:
            return str(getattr(get_kind(scenario.verifier_type), "IMAGE", "sandbox"))
        except (ImportError, KeyError):
            return "sandbox"

    def precheck(self, runner: Any, pack: Pack, scenario: Scenario) -> Verdict | None:
        reason = runner.sandbox_unavailable_reason(self.image(scenario))
        return Verdict.fail(reason, SANDBOX_UNAVAILABLE) if reason else None

    @contextmanager
    def sandbox(self, runner: Any, pack: Pack, scenario: Scenario, model: str | None) -> Iterator[Any]:
        with runner.sandbox_pool(self.image(scenario)).acquire() as sandbox:
            yield sandbox


NATIVE = NativeFormat()


def _check_reference_fields(path: Path, s: Scenario) -> None:
    if "reference" not in s.raw or s.reference in (None, "", {}):
        raise PackError(path, s.line, f'{s.id}: missing "reference" (a known-good reply)')
    if not s.negatives:
        raise PackError(path, s.line, f'{s.id}: "negatives" must list at least one wrong reply')
    for key in ("negatives", "positives"):
        if key in s.raw and not isinstance(s.raw[key], list):
            raise PackError(path, s.line, f'{s.id}: "{key}" must be a list of replies')
    for index, negative in enumerate(s.negatives):
        attack = negative.get("attack") if isinstance(negative, dict) else None
        if attack is not None and attack not in ATTACKS:
            raise PackError(
                path,
                s.line,
                f'{s.id}: negatives[{index}] has unknown "attack" {attack!r} (one of: {", ".join(ATTACKS)})',
            )


def _check_against_verifier(path: Path, s: Scenario) -> None:
    verdict = verifiers.verify(s, reply_of(s.reference))
    if not verdict.passed:
        raise PackError(path, s.line, f"{s.id}: reference fails its own verifier: {verdict.detail}")
    for index, negative in enumerate(s.negatives):
        if verifiers.verify(s, reply_of(negative)).passed:
            raise PackError(path, s.line, f"{s.id}: negatives[{index}] passes the verifier")
    for index, positive in enumerate(s.positives):
        verdict = verifiers.verify(s, reply_of(positive))
        if not verdict.passed:
            raise PackError(path, s.line, f"{s.id}: positives[{index}] fails its own verifier: {verdict.detail}")
