"""The junk control: which of a benchlocal pack's scenarios pass the reply "(no answer)".

Their scorers are kept as they are (the pack decides, so numbers stay comparable), but several of
their checks accept any non-empty text (`format_regex ".+"`). This runs their scoring on the junk
reply offline, at load, and the run reports the scenarios that pass it.
"""

from __future__ import annotations

from typing import Any

from pytest_quality.packs import NO_ANSWER
from pytest_quality.reply import Reply


def control(pack: Any) -> dict[str, Any] | None:
    """{"reply", "checked", "passed": [node names]} over the pack's pure scenarios; None for a native pack."""
    if pack.native:
        return None
    from pytest_quality import compat

    junk = Reply.from_message(NO_ANSWER)
    pure = [s for s in pack.scenarios if s.foreign and not s.sandboxed and s.verifier_type in compat.SCORERS]
    passing = [s.node_name for s in pure if compat.verify(s, junk).passed]
    return {"reply": NO_ANSWER, "checked": len(pure), "passed": passing}


def warning(pack: Any, found: dict[str, Any]) -> str | None:
    passing = found["passed"]
    if not passing:
        return None
    names = ", ".join(passing[:12]) + (f" and {len(passing) - 12} more" if len(passing) > 12 else "")
    return (f"junk control: {len(passing)}/{found['checked']} {pack.pack_id} scenarios pass the reply "
            f"\"{NO_ANSWER}\" ({names}): their checks accept any such text; scored as the pack says")
