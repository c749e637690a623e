"""Pack files: loading, validation with file:line errors, pack sets (modes) and discovery.

A pack is data. `<pack_id>.jsonl`: line 1 is the meta object, each further line a scenario
(CONTRACT section 3). Files in benchlocal's format load too; they are "foreign": no
`reference`/`negatives` are required and duplicate ids get unique node ids.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
import importlib.util
from pathlib import Path
from typing import Any

MODES: dict[str, tuple[str, ...]] = {
    "quick": ("toolcall-15", "instructfollow-15"),
    "medium": ("toolcall-15", "instructfollow-15", "structoutput-15", "dataextract-15", "reasonmath-15"),
    "full": (
        "toolcall-15", "instructfollow-15", "structoutput-15", "dataextract-15", "reasonmath-15",
        "bugfind-15", "hermesagent-20", "cli-40",
    ),
    "reasoning": ("humaneval-plus-30", "lcb-v6-30", "gsm-symbolic-30", "gpqa-diamond"),
    "serving": (),  # no packs: the serving check suite (pytest_quality.serving) alone
}
NO_ANSWER = "(no answer)"

# Verifier types whose verdict needs a sandbox (the sandbox package implements them).
SANDBOXED_TYPES = frozenset({"bugfind", "cli", "hermes_agent", "code_exec", "aider"})
# The same for benchlocal-format ("foreign") scenarios: pytest_quality.compat assigns these at load.
COMPAT_SANDBOXED_TYPES = frozenset({"benchlocal_code", "benchlocal_image"})


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
    node_name: str  # unique within the pack; equals id for native packs
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
    foreign: bool = False  # from a benchlocal-format pack: graded by pytest_quality.compat

    @property
    def verifier_type(self) -> str:
        return str(self.verifier.get("type", ""))

    @property
    def sandboxed(self) -> bool:
        if self.foreign:
            return self.verifier_type in COMPAT_SANDBOXED_TYPES
        return self.verifier_type in SANDBOXED_TYPES

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
    native: bool

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


def _parse_line(path: Path, lineno: int, text: str) -> dict[str, Any]:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        raise PackError(path, lineno, f"invalid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise PackError(path, lineno, f"expected a JSON object, got {type(obj).__name__}")
    return obj


def load_pack(path: Path | str, check_references: bool = True, text: str | None = None) -> Pack:
    """Load and validate one pack file. Raises PackError naming file:line and the reason.

    `text`, when given, is used instead of the file's contents (a generated pack re-materialised
    in memory); `path` still names the pack.
    """
    from pytest_quality import verifiers  # local: the verifier modules import this one

    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PackError(path, 0, f"cannot read pack: {exc}") from None
    lines = [(n, t) for n, t in enumerate(text.splitlines(), start=1) if t.strip()]
    if not lines:
        raise PackError(path, 1, "empty pack file")
    meta_line, meta_text = lines[0]
    meta = _parse_line(path, meta_line, meta_text)
    if meta.get("__meta__") is not True:
        raise PackError(path, meta_line, 'line 1 must be the meta object with "__meta__": true')
    pack_id = str(meta.get("pack_id") or path.stem)
    if path.stem != pack_id and path.suffix == ".jsonl":
        raise PackError(path, meta_line, f"pack_id {pack_id!r} does not match the file name {path.name!r}")
    native = "verifier" in meta and "verifier_module" not in meta
    default_type = meta.get("verifier") if native else meta.get("verifier_module")
    if not native:  # benchlocal's packs: `benchlocal/<id>` when installed with benchlocal_cli or clashing with ours
        from pytest_quality.compat import discovery

        pack_id = discovery.namespaced_id(path, pack_id)

    scenarios: list[Scenario] = []
    seen: dict[str, int] = {}
    for lineno, line_text in lines[1:]:
        raw = _parse_line(path, lineno, line_text)
        sid = raw.get("id")
        if not isinstance(sid, str) or not sid:
            raise PackError(path, lineno, 'scenario has no string "id"')
        node_name = sid
        if sid in seen:
            if native:
                raise PackError(path, lineno, f"duplicate scenario id {sid!r} (first on line {seen[sid]})")
            node_name = f"{sid}#{sum(1 for s in scenarios if s.id == sid)}"
        seen.setdefault(sid, lineno)
        messages = raw.get("messages")
        if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
            raise PackError(path, lineno, f"{sid}: \"messages\" must be a non-empty list of message objects")
        verifier = raw.get("verifier")
        verifier = dict(verifier) if isinstance(verifier, dict) else {}
        verifier.setdefault("type", default_type)
        vtype = verifier.get("type")
        if not isinstance(vtype, str) or not (verifiers.is_known(vtype) or vtype in SANDBOXED_TYPES):
            if native:
                raise PackError(path, lineno, f"{sid}: unknown verifier type {vtype!r}")
        tools = raw.get("tools")
        overrides = raw.get("sampling_overrides")
        scenario = Scenario(
            pack_id=pack_id, id=sid, node_name=node_name, line=lineno, messages=messages,
            verifier=verifier, raw=raw, title=str(raw.get("title") or raw.get("description") or ""),
            tags=list(raw.get("tags") or []), tools=tools if isinstance(tools, list) else None,
            sampling_overrides=dict(overrides) if isinstance(overrides, dict) else {},
            reference=raw.get("reference"), negatives=_entries(raw, "negatives"),
            positives=_entries(raw, "positives"),
        )
        if native:
            _check_reference_fields(path, scenario)
            if check_references and not scenario.sandboxed:
                _check_against_verifier(path, scenario)
        else:
            from pytest_quality.compat import prepare_scenario

            prepare_scenario(scenario, meta)
        scenarios.append(scenario)
    return Pack(pack_id, path, meta, scenarios, native)


def _entries(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    return list(value) if isinstance(value, list) else []


def _check_reference_fields(path: Path, s: Scenario) -> None:
    if "reference" not in s.raw or s.reference in (None, "", {}):
        raise PackError(path, s.line, f"{s.id}: missing \"reference\" (a known-good reply)")
    if not s.negatives:
        raise PackError(path, s.line, f"{s.id}: \"negatives\" must list at least one wrong reply")
    for key in ("negatives", "positives"):
        if key in s.raw and not isinstance(s.raw[key], list):
            raise PackError(path, s.line, f"{s.id}: \"{key}\" must be a list of replies")
    for index, negative in enumerate(s.negatives):
        attack = negative.get("attack") if isinstance(negative, dict) else None
        if attack is not None and attack not in ATTACKS:
            raise PackError(path, s.line, f"{s.id}: negatives[{index}] has unknown \"attack\" {attack!r} "
                                          f"(one of: {', '.join(ATTACKS)})")


def _check_against_verifier(path: Path, s: Scenario) -> None:
    from pytest_quality import verifiers

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


def reply_of(message: Any):
    """The Reply a single-turn verifier grades, from a pack's reference/negative entry."""
    from pytest_quality.reply import Reply

    if isinstance(message, dict) and isinstance(message.get("turns"), list) and message["turns"]:
        message = message["turns"][-1]
    return Reply.from_message(message)


# --- discovery -------------------------------------------------------------------------------


def bundled_pack_dir() -> Path:
    """The packs shipped with the plugin: package data when installed, `packs/` in a source tree."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "packs").is_dir():  # a source checkout
        return root / "packs"
    # The data folder is a namespace package (no __init__.py): take its one search location.
    spec = importlib.util.find_spec("pytest_quality.bundled_packs")
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else root / "packs"


def pack_dirs(extra: list[str] | None = None) -> list[Path]:
    """Bundled packs first, then an installed benchlocal_cli's packs, then `--pack-path` folders, then
    QUALITY_PACK_PATH (os.pathsep-separated)."""
    from pytest_quality.compat.discovery import installed_benchlocal_dir

    dirs = [bundled_pack_dir()]
    dirs += [d for d in [installed_benchlocal_dir()] if d is not None]
    dirs += [Path(p) for p in extra or []]
    env = os.environ.get("QUALITY_PACK_PATH", "")
    dirs += [Path(p) for p in env.split(os.pathsep) if p]
    return dirs


def available_packs(extra_dirs: list[str] | None = None) -> dict[str, Path]:
    """pack_id -> path. A later folder's pack with the same id replaces an earlier one (benchlocal-format
    packs are namespaced first, so they never replace ours: compat.discovery.pack_key)."""
    from pytest_quality.compat.discovery import pack_key

    found: dict[str, Path] = {}
    for folder in pack_dirs(extra_dirs):
        if folder.is_dir():
            for path in sorted(folder.glob("*.jsonl")):
                if not path.name.endswith(".partial.jsonl"):
                    found[pack_key(path)] = path
    return found


def resolve_pack_ids(mode: str | None, packs: list[str] | None) -> list[str]:
    if packs:
        return list(dict.fromkeys(packs))
    return list(MODES[mode or "medium"])
