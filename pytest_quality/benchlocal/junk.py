"""The junk control: which of a benchlocal pack's scenarios pass the reply "(no answer)".

Their scorers are kept as they are (the pack decides, so numbers stay comparable), but several of
their checks accept any non-empty text (`format_regex ".+"`). This runs their scoring on the junk
reply offline, at load, and the run reports the scenarios that pass it.
"""

from __future__ import annotations

from typing import Any

from pytest_quality import benchlocal
from pytest_quality.reply import Reply
from pytest_quality.scenario import NO_ANSWER


def control(pack: Any) -> dict[str, Any] | None:
    """{"reply", "checked", "passed": [node names], "passed_empty": [...]} over the pack's pure scenarios
    ("passed_empty": those an empty reply passes too)."""
    pure = [s for s in pack.scenarios if not s.sandboxed and s.verifier_type in benchlocal.SCORERS]

    def passing(text: str) -> list[str]:
        reply = Reply.from_message(text)
        return [s.node_name for s in pure if benchlocal.verify(s, reply).passed]

    return {"reply": NO_ANSWER, "checked": len(pure), "passed": passing(NO_ANSWER), "passed_empty": passing("")}


def _names(ids: list[str]) -> str:
    return ", ".join(ids[:12]) + (f" and {len(ids) - 12} more" if len(ids) > 12 else "")


def warning(pack: Any, found: dict[str, Any]) -> str | None:
    passing, empty = found["passed"], found.get("passed_empty") or []
    if not passing and not empty:
        return None
    parts = []
    if passing:
        parts.append(
            f'{len(passing)}/{found["checked"]} {pack.pack_id} scenarios pass the reply "{NO_ANSWER}" '
            f"({_names(passing)})"
        )
    if empty:
        parts.append(f"{len(empty)} pass an empty reply ({_names(empty)})")
    return f"junk control: {'; '.join(parts)}: their checks accept such text; scored as the pack says"
