"""The pack model: a pack and its scenarios as plain data, and the errors that locate a problem in a file.

Loading them from files is pytest_quality.packs; how each is asked and graded is its pack format
(pytest_quality.formats).
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_quality.reply import Reply

NO_ANSWER = "(no answer)"

# Verifier types whose verdict needs a sandbox: the names of pytest_quality.sandbox.kinds (its registry
# of kind modules is built from this tuple).
SANDBOXED_TYPES = ("bugfind", "cli", "hermes_agent", "code_exec", "aider")


# What a negative attacks (its "attack" key): the ways a reply that does not do the task tries to pass.
ATTACKS = {
    "content_free": "meets the form, ignores the task's content",
    "placeholder": "template text, [brackets], TODO, lorem ipsum",
    "repetition": "degenerate repetition",
    "trap": "takes the value the scenario's difficulty is about",
    "null_field": "null or empty where the source states a value",
    "list_for_scalar": "several candidates where one value is asked",
    "hedge": "more than one answer",
    "wrong_type": "the right value in the wrong type",
    "extra_argument": "arguments the tool's schema does not define",
    "missing_argument": "a required argument left out",
    "wrong_tool": "the wrong function, a call where none is wanted, or none where one is",
    "wrong_value": "a plain wrong answer",
    "partial": "part of the answer",
    "form": "the right content with a stated form constraint broken",
    "attempt": "tries a task the prompt says to refuse",
    "false_claim": "claims an action that was not done",
}


class PackError(Exception):
    """A problem in a pack file, located at file:line."""

    def __init__(self, path: Path | str, line: int, reason: str):
        self.path, self.line, self.reason = Path(path), line, reason
        super().__init__(f"{path}:{line}: {reason}")


@dataclass
class Scenario:
    pack_id: str
    id: str
    node_name: str  # unique within the pack; equals id unless the format allows repeated ids
    line: int
    messages: list[dict[str, Any]]
    verifier: dict[str, Any]
    raw: dict[str, Any]
    title: str = ""
    tags: list[str] = field(default_factory=list)
    tools: list[dict[str, Any]] | None = None
    sampling_overrides: dict[str, Any] = field(default_factory=dict)
    reference: Any = None
    negatives: list[Any] = field(default_factory=list)
    positives: list[Any] = field(default_factory=list)  # fair-format variants that must pass, like the reference
    format: str = "native"  # the pack format it was loaded with (pytest_quality.formats)
    # Whether it runs in a sandbox; by default, when its verifier type is a sandbox kind (a format may say).
    sandboxed: bool = None  # type: ignore[assignment]  # set in __post_init__

    def __post_init__(self) -> None:
        if self.sandboxed is None:
            self.sandboxed = self.verifier_type in SANDBOXED_TYPES

    @property
    def verifier_type(self) -> str:
        return str(self.verifier.get("type", ""))

    @property
    def max_seconds(self) -> float | None:
        value = self.raw.get("max_seconds", self.raw.get("max_seconds_override"))
        return float(value) if isinstance(value, (int, float)) and value > 0 else None


@dataclass
class Pack:
    pack_id: str
    path: Path
    meta: dict[str, Any]
    scenarios: list[Scenario]
    format: str = "native"  # the pack format it was loaded with (pytest_quality.formats)

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.pack_id)

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    @property
    def marker(self) -> str:
        return str(self.meta.get("marker") or derive_marker(self.pack_id))

    @property
    def default_thinking(self) -> bool:
        return str(self.meta.get("default_thinking", "off")).lower() == "on"

    @property
    def sampling_defaults(self) -> dict[str, Any]:
        value = self.meta.get("sampling_defaults")
        return dict(value) if isinstance(value, dict) else {}

    @property
    def sandboxed(self) -> bool:
        return "docker" in (self.meta.get("requires") or []) or any(s.sandboxed for s in self.scenarios)

    @property
    def reasoning(self) -> bool:
        return self.meta.get("suite") == "reasoning"

    @property
    def floor(self) -> float | None:
        value = self.meta.get("floor")
        return float(value) if isinstance(value, (int, float)) else None


def derive_marker(pack_id: str) -> str:
    """`humaneval-plus-30` -> `humanevalplus`, `lcb-v6-30` -> `lcb`: drop parts holding digits."""
    parts = [p for p in re.split(r"[^a-zA-Z0-9]+", pack_id) if p and not any(c.isdigit() for c in p)]
    return "".join(parts).lower() or re.sub(r"\W", "", pack_id).lower()


def reply_of(message: Any) -> Reply:
    """The Reply a single-turn verifier grades, from a pack's reference/negative entry."""
    if isinstance(message, dict) and isinstance(message.get("turns"), list) and message["turns"]:
        message = message["turns"][-1]
    return Reply.from_message(message)


def bundled_pack_dir() -> Path:
    """The packs shipped with the plugin: package data when installed, `packs/` in a source tree."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "packs").is_dir():  # a source checkout
        return root / "packs"
    # The data folder is a namespace package (no __init__.py): take its one search location.
    spec = importlib.util.find_spec("pytest_quality.bundled_packs")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else root / "packs"
