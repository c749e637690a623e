"""Run settings: the command-line options (docs/INTERFACE.md), read once from pytest's config and validated.

Bad options become a `UsageError` naming the flag; the plugin turns it into exit status 2.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

# The packs each --quality mode runs.
MODES: dict[str, tuple[str, ...]] = {
    "quick": ("toolcall-15", "instructfollow-15"),
    "medium": ("toolcall-15", "instructfollow-15", "structoutput-15", "dataextract-15", "reasonmath-15"),
    "full": (
        "toolcall-15",
        "instructfollow-15",
        "structoutput-15",
        "dataextract-15",
        "reasonmath-15",
        "bugfind-15",
        "hermesagent-20",
        "cli-40",
    ),
    "reasoning": ("humaneval-plus-30", "lcb-v6-30", "gsm-symbolic-30", "gpqa-diamond"),
    "serving": (),  # no packs: the serving check suite (pytest_quality.serving) alone
}
# The seed generated packs are committed with (pytest_quality.generators; --pack-seed re-materialises).
DEFAULT_SEED = 20260509


SAMPLING_FLAGS = {  # CLI option dest -> request key
    "temperature": "temperature",
    "top_p": "top_p",
    "top_k": "top_k",
    "min_p": "min_p",
    "repeat_penalty": "repeat_penalty",
    "max_tokens": "max_tokens",
}
GATES = ("report", "floors", "strict")
# Settings naming a user's copy of a dataset: they decide a run's scenarios, so resume and rescore restore them.
DATASET_PATHS = ("gpqa_path", "humaneval_path", "lcb_path")
DEFAULT_THINKING_MAX_TOKENS = 16384


class UsageError(Exception):
    """A bad command-line option; the message names the flag."""


@dataclass
class Settings:
    mode: str | None = None
    packs: list[str] = field(default_factory=list)
    pack_paths: list[str] = field(default_factory=list)
    endpoint: str | None = None
    model: str | None = None
    api_key: str | None = None
    thinking: bool | None = None  # None: each pack's default_thinking
    thinking_max_tokens: int = DEFAULT_THINKING_MAX_TOKENS
    thinking_max_tokens_explicit: bool = False
    sampling_from_server: bool = False
    sampling: dict[str, float | int] = field(default_factory=dict)
    timeout_per_case: float | None = None
    measured_tps: float | None = None
    reference_tps: float | None = None
    retry_on_timeout: bool = False
    repeat: int = 1
    no_sandboxed: bool = False
    sandboxed_only: bool = False
    quality_json: str | None = None
    quality_html: str | None = None
    previous_result: str | None = None
    gate: str = "report"
    exit_on_regression: bool = False
    floors: dict[str, float] = field(default_factory=dict)  # --floor PACK=X: overrides the pack meta floor
    progress: bool = True
    resume: str | None = None  # --resume: journal or results file of the run to finish
    cache: str | None = None  # --cache: response cache folder (opt-in)
    pack_seed: int | None = None  # --pack-seed: re-materialise generated packs with this seed
    gpqa_path: str | None = None  # --gpqa-path: the user's own copy of the gated GPQA dataset
    humaneval_path: str | None = None  # --humaneval-path: official HumanEval+ file replacing humaneval-plus-30
    lcb_path: str | None = None  # --lcb-path: LiveCodeBench release file replacing lcb-v6-30

    @property
    def active(self) -> bool:
        return bool(self.mode or self.packs)

    @property
    def mode_label(self) -> str:
        return f"--{self.mode}" if self.mode and not self.packs else "--pack " + ",".join(self.packs)

    @property
    def thinking_mode(self) -> str:
        return {True: "force-on", False: "force-off", None: "pack-defaults"}[self.thinking]

    @property
    def non_canonical_reasons(self) -> list[str]:
        reasons = [f"{k}={v}" for k, v in sorted(self.sampling.items())]
        if self.sampling_from_server:
            reasons.append("sampling-from-server")
        if self.thinking_max_tokens_explicit:
            reasons.append(f"thinking-max-tokens={self.thinking_max_tokens}")
        if self.pack_seed is not None and self.pack_seed != DEFAULT_SEED:
            reasons.append(f"pack-seed={self.pack_seed}")
        return reasons

    @property
    def canonical(self) -> bool:
        return not self.non_canonical_reasons

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("api_key")  # secrets never leave the process
        serving = getattr(self, "serving", None)  # the serving suite's own options (serving.configure)
        if serving is not None:
            data["serving"] = serving.to_json()  # saved so that --resume brings them back
        return data


def _env(*names: str) -> str | None:
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return None


def whole_number(raw: Any, flag: str, least: int, most: int) -> int:
    """An option's whole number from `least` to `most`; else a UsageError naming the flag and the range."""
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = least - 1
    if not least <= value <= most:
        raise UsageError(f"{flag}: expected a whole number from {least} to {most}, got {raw!r}")
    return value


def _number(flag: str, value: Any, kind: type = float, positive: bool = True) -> Any:
    """Parse a numeric option; a bad value is a UsageError naming the flag."""
    if value is None:
        return None
    try:
        number = kind(value)
    except (TypeError, ValueError):
        what = "an integer" if kind is int else "a number"
        raise UsageError(f"{flag}: {value!r} is not {what}") from None
    if positive and number <= 0:
        raise UsageError(f"{flag} must be positive, got {value}")
    return number


def _floors(values: list[str] | None) -> dict[str, float]:
    """--floor PACK=0.85 (repeatable): a pass-rate floor in 0..1 per pack id."""
    floors = {}
    for value in values or []:
        pack_id, sep, number = str(value).partition("=")
        try:
            floor = float(number)
        except ValueError:
            floor = -1.0
        if not sep or not pack_id.strip() or not 0 <= floor <= 1:
            raise UsageError(
                f"--floor: {value!r} must be PACK=FRACTION, a fraction from 0 to 1 (e.g. toolcall-15=0.85)"
            )
        floors[pack_id.strip()] = floor
    return floors


def _api_key(value: str | None) -> str | None:
    """Strip the stray newline a key read from a file brings; refuse what no HTTP header can carry.

    The error never shows the key (secrets stay out of every output).
    """
    if value is None:
        return None
    key = value.strip()
    if not key:
        return None
    if not all(" " <= c <= "~" for c in key):
        raise UsageError(
            "--api-key (or QUALITY_API_KEY / OPENAI_API_KEY): the key holds non-ASCII or control "
            "characters, which an HTTP header cannot carry (the key is not shown)"
        )
    return key


def from_config(config: Any) -> Settings:
    """Build Settings from a pytest Config (options, with their environment-variable fallbacks)."""
    opt = config.getoption
    s = Settings()
    s.mode = opt("quality") or _env("QUALITY_MODE")
    if s.mode is not None and s.mode not in MODES:
        raise UsageError(f"--quality: unknown mode {s.mode!r} (choose from {', '.join(MODES)})")
    s.packs = list(opt("quality_pack") or [])
    s.pack_paths = list(opt("pack_path") or [])
    endpoints = opt("endpoint") or []  # repeatable: the first here, the pool in pool.py
    s.endpoint = (endpoints[0] if isinstance(endpoints, list) and endpoints else endpoints or None) or _env(
        "QUALITY_ENDPOINT", "URL"
    )
    s.model = opt("model") or _env("QUALITY_MODEL", "MODEL")
    s.api_key = _api_key(opt("api_key") or _env("QUALITY_API_KEY", "OPENAI_API_KEY"))
    if opt("enable_thinking") and opt("no_thinking"):
        raise UsageError("--enable-thinking and --no-thinking cannot be combined")
    s.thinking = True if opt("enable_thinking") else False if opt("no_thinking") else None
    if opt("thinking_max_tokens") is not None:
        s.thinking_max_tokens = _number("--thinking-max-tokens", opt("thinking_max_tokens"), int)
        s.thinking_max_tokens_explicit = s.thinking_max_tokens != DEFAULT_THINKING_MAX_TOKENS
    s.sampling_from_server = bool(opt("sampling_from_server")) or _env("SAMPLING_FROM_SERVER") == "1"
    for dest, key in SAMPLING_FLAGS.items():
        flag = "--" + dest.replace("_", "-")
        kind = int if dest in ("top_k", "max_tokens") else float
        value = _number(flag, opt(dest), kind, positive=dest in ("top_k", "max_tokens"))
        if value is not None:
            if value < 0:
                raise UsageError(f"{flag} must not be negative, got {value}")
            s.sampling[key] = value
    if s.sampling_from_server and s.sampling:
        flags = ", ".join("--" + k.replace("_", "-") for k in s.sampling)
        raise UsageError(f"--sampling-from-server cannot be combined with {flags}")
    timeout = opt("timeout_per_case") if opt("timeout_per_case") is not None else _env("TIMEOUT_PER_CASE")
    s.timeout_per_case = _number("--timeout-per-case", timeout)
    s.measured_tps = _number("--measured-tps", opt("measured_tps"))
    s.reference_tps = _number("--reference-tps", opt("reference_tps"))
    s.retry_on_timeout = bool(opt("retry_on_timeout"))
    s.repeat = _number("--repeat", opt("repeat"), int, positive=False) if opt("repeat") is not None else 1
    if s.repeat < 1:
        raise UsageError(f"--repeat must be at least 1, got {s.repeat}")
    s.no_sandboxed, s.sandboxed_only = bool(opt("no_sandboxed")), bool(opt("sandboxed_only"))
    if s.no_sandboxed and s.sandboxed_only:
        raise UsageError("--no-sandboxed and --sandboxed-only cannot be combined")
    s.quality_json, s.quality_html = opt("quality_json"), opt("quality_html")
    s.previous_result = opt("previous_result")
    s.gate = opt("quality_gate") or "report"
    if s.gate not in GATES:
        raise UsageError(f"--quality-gate: unknown gate {s.gate!r} (choose from {', '.join(GATES)})")
    s.exit_on_regression = bool(opt("exit_on_regression"))
    if s.exit_on_regression and not s.previous_result:
        raise UsageError("--exit-on-regression needs --previous-result=PATH")
    if s.previous_result and not os.path.exists(s.previous_result):
        raise UsageError(f"--previous-result: no such file {s.previous_result!r}")
    s.floors = _floors(opt("floor"))
    s.progress = not opt("no_progress") and os.environ.get("PROGRESS", "1") != "0"
    if opt("pack_seed") is not None:
        s.pack_seed = _number("--pack-seed", opt("pack_seed"), int, positive=False)
        if s.pack_seed < 0:
            raise UsageError(f"--pack-seed must not be negative, got {s.pack_seed}")
    s.gpqa_path = opt("gpqa_path") or _env("QUALITY_GPQA_PATH")
    if s.gpqa_path and not os.path.isfile(s.gpqa_path):
        raise UsageError(f"--gpqa-path: no such file {s.gpqa_path!r}")
    for flag, dest in (("--humaneval-path", "humaneval_path"), ("--lcb-path", "lcb_path")):
        setattr(s, dest, opt(dest))
        if getattr(s, dest) and not os.path.isfile(getattr(s, dest)):
            raise UsageError(f"{flag}: no such file {getattr(s, dest)!r}")
    s.cache = opt("cache")
    s.resume = opt("resume")
    return s  # with --resume, the caller then lets the saved run's settings replace these (resume.py)
