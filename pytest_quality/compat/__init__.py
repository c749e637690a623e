"""Running benchlocal-cli's own pack files ("foreign" packs), scored the way benchlocal scores them.

A pack whose meta names a `verifier_module` (and no `verifier`) is benchlocal's format. At load,
each of its scenarios is marked `foreign` and routed (`prepare_scenario`):

- `tool_call`, `instruct_follow`, `struct_output`, `reason_math`, `data_extract`, `answer_match`:
  pure scorers in this package with their semantics, leniencies included (`verify`);
- a HumanEval+ / LiveCodeBench `raw_problem`: our own code sandbox (`benchlocal_code`, code_reasoning.py);
- any other sandboxed scenario: benchlocal's own sandbox image over its HTTP protocol, when the user
  has built it (`benchlocal_image`, images.py + image_kind.py), else `sandbox_unavailable`; a pack
  no image is known for is `verifier_not_implemented`.

The glue calls in here through a few thin hooks: packs.load_pack, verifiers.verify, execute.py
(request, timeout, kind), items.py (precheck, sandbox) and run.py (the junk control).
docs/BENCHLOCAL_COMPAT.md lists every known difference from their scoring.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from typing import Any, Iterator

from pytest_quality.reply import Reply
from pytest_quality.verdict import SANDBOX_UNAVAILABLE, VERIFIER_FAIL, Verdict

SCORERS = ("tool_call", "instruct_follow", "struct_output", "reason_math", "data_extract", "answer_match")
CODE, IMAGE = "benchlocal_code", "benchlocal_image"


def prepare_scenario(scenario: Any, meta: dict[str, Any]) -> None:
    """Mark a scenario of a benchlocal-format pack and pick how it is graded (its verifier type)."""
    from pytest_quality.compat import code_reasoning, images

    scenario.foreign = True
    original = scenario.verifier.get("type")
    scenario.verifier["benchlocal_type"] = original
    if code_reasoning.problem_kind(scenario.raw) is not None:
        scenario.verifier["type"] = CODE
    elif original not in SCORERS or (meta.get("supports_sandboxed_only") and images.entry_for(meta) is not None):
        scenario.verifier["type"] = IMAGE  # their image, or verifier_not_implemented when none is known


def verify(scenario: Any, reply: Reply) -> Verdict:
    """The benchlocal-compatible verdict for a pure (non-sandboxed) foreign scenario. Never raises."""
    from pytest_quality.compat.text import Unsupported, not_implemented

    vtype = scenario.verifier_type
    if vtype not in SCORERS:
        return not_implemented(f"no benchlocal scorer for verifier type {scenario.verifier.get('benchlocal_type')!r}")
    try:
        return importlib.import_module(f"pytest_quality.compat.{vtype}").score(scenario, reply)
    except Unsupported as exc:
        return not_implemented(f"{vtype}: {exc}")
    except Exception as exc:  # noqa: BLE001 - a scorer bug must not take the run down
        return Verdict.fail(f"benchlocal {vtype} scorer crashed: {type(exc).__name__}: {exc}", VERIFIER_FAIL,
                            crashed=True)


# --- hooks for the plugin glue ---------------------------------------------------------------------------


def request_and_timeout(pack: Any, scenario: Any, settings: Any, model: str | None, control: str,
                        measured_tps: float | None) -> tuple[dict[str, Any], float, dict[str, Any]]:
    from pytest_quality.compat import request

    body = request.build_request(pack, scenario, settings, model, control)
    seconds, how = request.scenario_timeout(pack, scenario, settings, body, measured_tps)
    return body, seconds, how


def kind_for(scenario: Any) -> Any:
    """The sandbox kind module running a foreign sandboxed scenario."""
    name = "code_reasoning" if scenario.verifier_type == CODE else "image_kind"
    return importlib.import_module(f"pytest_quality.compat.{name}")


def precheck(run: Any, pack: Any, scenario: Any) -> Verdict | None:
    """Why a foreign sandboxed scenario cannot run here (a verdict left out of the score), or None."""
    if scenario.verifier_type == CODE:
        reason = run.sandbox_unavailable_reason()
        return Verdict.fail(reason, SANDBOX_UNAVAILABLE) if reason else None
    from pytest_quality.compat import images

    return images.precheck(run, pack, scenario)


@contextmanager
def sandbox_for(run: Any, pack: Any, scenario: Any, model: str | None) -> Iterator[Any]:
    """Our pooled sandbox for code problems; a handle on benchlocal's container for the rest."""
    if scenario.verifier_type == CODE:
        with run.sandbox_pool().acquire() as sandbox:
            yield sandbox
        return
    from pytest_quality.compat import images

    yield images.handle_for(run, pack, scenario, model)


def note_pack(run: Any, pack: Any) -> None:
    """At load: the junk control (which scenarios pass "(no answer)"), as a warning and in the JSON."""
    from pytest_quality.compat import junk

    found = junk.control(pack)
    if found is None:
        return
    run.__dict__.setdefault("junk_control", {})[pack.pack_id] = found
    warning = junk.warning(pack, found)
    if warning and warning not in run.top_warnings:
        run.top_warnings.append(warning)
