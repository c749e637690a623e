"""The `Format` protocol every pack format implements, and what it reports about a loaded pack."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from pytest_quality.reply import Reply
from pytest_quality.scenario import Pack, Scenario
from pytest_quality.settings import Settings
from pytest_quality.verdict import Verdict


def empty_reply_note(reply: Reply, detail: str) -> str:
    """A failed verdict's detail, saying so first when the reply had neither content nor tool calls."""
    if reply.empty and not detail.startswith("empty reply"):
        return f"empty reply (no content, no tool calls); {detail}"
    return detail


class PackNotes:
    """What a format reports about a pack once it is loaded: warnings for the top of the summary and
    entries for the results document (`document[key][pack_id] = value`)."""

    def __init__(self, warnings: list[str] | None = None, document: dict[str, Any] | None = None):
        self.warnings = list(warnings or [])
        self.document = dict(document or {})


class Format(Protocol):
    name: str

    # --- discovery and load-time hooks ---
    def pack_dirs(self) -> list[Path]:
        """Folders this format contributes to pack discovery, after the bundled packs."""

    def listing_id(self, path: Path) -> str | None:
        """The id a pack file found in discovery is listed under, when this format decides it; else None."""

    def claims(self, meta: dict[str, Any]) -> bool:
        """Whether a pack whose meta line is `meta` is in this format."""

    def pack_id(self, path: Path, declared: str) -> str:
        """The id the pack runs under (benchlocal's packs may be namespaced)."""

    def default_verifier_type(self, meta: dict[str, Any]) -> Any:
        """The verifier type of scenarios that name none."""

    def duplicate_node_name(self, path: Path, lineno: int, sid: str, first_line: int, count: int) -> str:
        """The node name of the `count`-th repeat of scenario id `sid`, or a PackError."""

    def prepare(self, path: Path, scenario: Scenario, meta: dict[str, Any], check_references: bool) -> None:
        """Validate a freshly parsed scenario (PackError with file:line) and set how it is graded."""

    def on_loaded(self, pack: Pack) -> PackNotes:
        """Run-level notes about a loaded pack (warnings, results-document entries)."""

    # --- asking the model ---
    def request(
        self, pack: Pack, scenario: Scenario, settings: Settings, model: str | None, control: str
    ) -> dict[str, Any]:
        """The chat request for the scenario."""

    def time_budget(
        self, pack: Pack, scenario: Scenario, settings: Settings, request: dict[str, Any], measured_tps: float | None
    ) -> tuple[float, dict[str, Any]]:
        """(seconds, how they were computed) for the whole scenario."""

    # --- grading ---
    def verify(self, scenario: Scenario, reply: Reply) -> Verdict:
        """The verdict for a single-turn reply. Never raises."""

    def miss_detail(self, reply: Reply, detail: str) -> str:
        """A failed verdict's detail, with what the format wants said about the reply's shape."""

    # --- sandboxed scenarios ---
    def kind(self, scenario: Scenario) -> ModuleType:
        """The sandbox kind module that drives model and sandbox for the scenario."""

    def image(self, scenario: Scenario) -> str:
        """The image recipe the scenario's pooled sandbox runs (for the up-front availability check)."""

    def precheck(self, runner: Any, pack: Pack, scenario: Scenario) -> Verdict | None:
        """Why the sandboxed scenario cannot run here (a verdict left out of the score), or None."""

    def sandbox(self, runner: Any, pack: Pack, scenario: Scenario, model: str | None) -> AbstractContextManager[Any]:
        """The sandbox the scenario runs in, held for the duration of the `with`."""
