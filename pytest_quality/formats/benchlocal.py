"""benchlocal-cli's pack format: the meta names a `verifier_module`; scenarios carry no reference or
negatives, may repeat ids, and are scored the way benchlocal scores them (pytest_quality.benchlocal).

Each scenario is routed at load (`prepare`): a pure scorer with their semantics for `tool_call`,
`instruct_follow`, `struct_output`, `reason_math`, `data_extract`, `answer_match`; our own code sandbox
for a HumanEval+ / LiveCodeBench `raw_problem` (`benchlocal_code`); benchlocal's own sandbox image over
its HTTP protocol for any other sandboxed scenario (`benchlocal_image`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from pytest_quality import benchlocal
from pytest_quality.benchlocal import code_reasoning, discovery, image_kind, images, junk
from pytest_quality.benchlocal import request as their_request
from pytest_quality.formats.base import PackNotes, empty_reply_note
from pytest_quality.reply import Reply
from pytest_quality.scenario import Pack, Scenario
from pytest_quality.settings import Settings
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, Verdict


class BenchlocalFormat:
    name = "benchlocal"

    # --- discovery and load-time hooks ---
    def pack_dirs(self) -> list[Path]:
        """An installed benchlocal_cli's packs."""
        return [d for d in [discovery.installed_benchlocal_dir()] if d is not None]

    def listing_id(self, path: Path) -> str | None:
        """Namespaced (`benchlocal/<id>`) when it came with benchlocal_cli or clashes with one of ours."""
        key = discovery.pack_key(path)
        return key if key != path.stem else None

    def claims(self, meta: dict[str, Any]) -> bool:
        return "verifier_module" in meta or "verifier" not in meta

    def pack_id(self, path: Path, declared: str) -> str:
        """`benchlocal/<id>` when installed with benchlocal_cli or clashing with one of ours."""
        return discovery.namespaced_id(path, declared)

    def default_verifier_type(self, meta: dict[str, Any]) -> Any:
        return meta.get("verifier_module")

    def duplicate_node_name(self, path: Path, lineno: int, sid: str, first_line: int, count: int) -> str:
        return f"{sid}#{count}"

    def prepare(self, path: Path, scenario: Scenario, meta: dict[str, Any], check_references: bool) -> None:
        """Pick how the scenario is graded (its verifier type); their original type is kept alongside."""
        original = scenario.verifier.get("type")
        scenario.verifier["benchlocal_type"] = original
        if code_reasoning.problem_kind(scenario.raw) is not None:
            scenario.verifier["type"] = benchlocal.CODE
        elif original not in benchlocal.SCORERS or (
            meta.get("supports_sandboxed_only") and images.entry_for(meta) is not None
        ):
            scenario.verifier["type"] = benchlocal.IMAGE  # their image, or verifier_not_implemented
        scenario.sandboxed = scenario.verifier_type in (benchlocal.CODE, benchlocal.IMAGE)

    def on_loaded(self, pack: Pack) -> PackNotes:
        """The junk control (which scenarios pass "(no answer)"), as a warning and in the JSON."""
        found = junk.control(pack)
        if found is None:
            return PackNotes()
        warning = junk.warning(pack, found)
        return PackNotes([warning] if warning else [], {"junk_control": found})

    # --- asking the model ---
    def request(
        self, pack: Pack, scenario: Scenario, settings: Settings, model: str | None, control: str
    ) -> dict[str, Any]:
        return their_request.build_request(pack, scenario, settings, model, control)

    def time_budget(
        self, pack: Pack, scenario: Scenario, settings: Settings, request: dict[str, Any], measured_tps: float | None
    ) -> tuple[float, dict[str, Any]]:
        return their_request.scenario_timeout(pack, scenario, settings, request, measured_tps)

    # --- grading ---
    def verify(self, scenario: Scenario, reply: Reply) -> Verdict:
        return benchlocal.verify(scenario, reply)

    def miss_detail(self, reply: Reply, detail: str) -> str:
        return empty_reply_note(reply, detail)  # no reasoning-only note: their scorers may read reasoning

    # --- sandboxed scenarios ---
    def kind(self, scenario: Scenario) -> ModuleType:
        return code_reasoning if scenario.verifier_type == benchlocal.CODE else image_kind

    def image(self, scenario: Scenario) -> str:
        return "sandbox"

    def precheck(self, runner: Any, pack: Pack, scenario: Scenario) -> Verdict | None:
        if scenario.verifier_type == benchlocal.CODE:
            reason = runner.sandbox_unavailable_reason()
            return Verdict.fail(reason, SANDBOX_UNAVAILABLE) if reason else None
        return images.precheck(runner, pack, scenario)

    @contextmanager
    def sandbox(self, runner: Any, pack: Pack, scenario: Scenario, model: str | None) -> Iterator[Any]:
        """Our pooled sandbox for code problems; a handle on benchlocal's container for the rest."""
        if scenario.verifier_type == benchlocal.CODE:
            with runner.sandbox_pool().acquire() as sandbox:
                yield sandbox
            return
        yield images.handle_for(runner, pack, scenario, model)


BENCHLOCAL = BenchlocalFormat()
