"""benchlocal-cli's own pack files, scored the way benchlocal scores them.

pytest_quality.formats.benchlocal plugs this format into the engine; this package holds its parts:

- `tool_call`, `instruct_follow`, `struct_output`, `reason_math`, `data_extract`, `answer_match`:
  pure scorers with their semantics, leniencies included (`verify`);
- code_reasoning.py: a HumanEval+ / LiveCodeBench `raw_problem` in our own code sandbox (`benchlocal_code`);
- images.py + image_kind.py: any other sandboxed scenario in benchlocal's own sandbox image over its HTTP
  protocol, when the user has built it (`benchlocal_image`), else `sandbox_unavailable`; a pack no image
  is known for is `verifier_not_implemented`;
- request.py (their request order and time budget), discovery.py (finding and naming their packs),
  junk.py (which scenarios pass "(no answer)").

docs/BENCHLOCAL_COMPAT.md lists every known difference from their scoring.
"""

from __future__ import annotations

import importlib

from pytest_quality.benchlocal.text import Unsupported, not_implemented
from pytest_quality.reply import Reply
from pytest_quality.scenario import Scenario
from pytest_quality.verdict import VERIFIER_FAIL, Verdict

SCORERS = ("tool_call", "instruct_follow", "struct_output", "reason_math", "data_extract", "answer_match")
CODE, IMAGE = "benchlocal_code", "benchlocal_image"


def verify(scenario: Scenario, reply: Reply) -> Verdict:
    """The benchlocal-compatible verdict for a pure (non-sandboxed) scenario of theirs. Never raises."""
    vtype = scenario.verifier_type
    if vtype not in SCORERS:
        return not_implemented(f"no benchlocal scorer for verifier type {scenario.verifier.get('benchlocal_type')!r}")
    try:
        return importlib.import_module(f"pytest_quality.benchlocal.{vtype}").score(scenario, reply)
    except Unsupported as exc:
        return not_implemented(f"{vtype}: {exc}")
    except Exception as exc:  # noqa: BLE001 - a scorer bug must not take the run down
        return Verdict.fail(
            f"benchlocal {vtype} scorer crashed: {type(exc).__name__}: {exc}", VERIFIER_FAIL, crashed=True
        )
