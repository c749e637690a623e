"""The one step that turns run meta and scenario records into the finished results document.

A live run (aggregator.py), `rescore`, `merge` and `html` on a journal all finish through `finalise`, so
totals, pack status, the Quality line, the thinking check, repeat statistics and the comparison are
derived the same way wherever the document is written. Sections a run adds on top (the serving checks)
are added by their owner after this, and carried over unchanged in the meta when a saved file is
finished again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pytest_quality import compare, noise, report, stats
from pytest_quality.record import ScenarioRecord
from pytest_quality.results import PackInfo, RunResults, utc_now


@dataclass(frozen=True)
class Thinking:
    """What the thinking check needs: the run's forced thinking (None: each pack's default) and whether
    the server's chat template can reason."""

    forced: bool | None
    server_reasoning: bool | None


def thinking_check(
    packs: dict[str, PackInfo], records: list[ScenarioRecord], thinking: Thinking
) -> tuple[dict[str, Any], list[str]]:
    """Per pack, whether replies carried reasoning as its thinking setting expects (`thinking_validity`),
    and the warnings for the packs where they did not."""
    validity: dict[str, Any] = {}
    warnings = []
    if thinking.server_reasoning and thinking.forced is None:
        warnings.append(
            "the server's chat template can reason but thinking was not forced: each pack uses "
            "its default_thinking (pass --enable-thinking or --no-thinking to force)"
        )
    for info in packs.values():
        answered = [r for r in records if r.pack_id == info.pack_id and r.response]
        if not answered:
            continue
        with_reasoning = sum(1 for r in answered if r.had_reasoning)
        status = "ok"
        if info.thinking and with_reasoning == 0:
            status = "silent"
        elif not info.thinking and with_reasoning:
            status = "contaminated"
        validity[info.pack_id] = {
            "expected": "on" if info.thinking else "off",
            "responses": len(answered),
            "with_reasoning": with_reasoning,
            "status": status,
        }
        if status == "silent":
            warnings.append(f"{info.pack_id}: thinking expected on but no reply carried reasoning (silent)")
        elif status == "contaminated":
            warnings.append(
                f"{info.pack_id}: thinking expected off but {with_reasoning}/{len(answered)} "
                "replies carried reasoning (contaminated)"
            )
    return validity, warnings


def finalise(
    meta: dict[str, Any],
    packs: dict[str, PackInfo],
    records: list[ScenarioRecord],
    *,
    interrupted: bool,
    warnings: list[str],
    thinking: Thinking | None,
    previous: compare.Side | None = None,
    compare_kwargs: dict[str, Any] | None = None,
    finished_at: str | None = None,
) -> dict[str, Any]:
    """The results document (schemas/results.schema.json) of these records.

    `meta`: the run-level fields, carried over as given (a saved file's `serving`, `junk_control`...).
    `warnings`: the run's warnings; the thinking check's are added after them when `thinking` is given
    (None keeps `thinking_validity` from the meta: a rescore changes verdicts, not what replies carried).
    `previous`: the side to compare with (`comparison`), with `compare_kwargs` (--detect, --noise)."""
    results = RunResults(meta=meta, packs=packs, records=records, warnings=list(warnings), interrupted=interrupted)
    validity = None
    if thinking is not None:
        validity, thinking_warnings = thinking_check(packs, records, thinking)
        results.warnings += thinking_warnings
    doc = results.to_json(quality_line="")
    if finished_at:
        doc["finished_at"] = finished_at
    doc["quality_line"] = report.quality_line(doc, str(meta.get("started_at") or utc_now())[:10])
    if validity is not None:
        doc["thinking_validity"] = validity
    stats.annotate(doc)
    if previous is not None:
        doc["comparison"] = compare.compare(previous, compare.side_from_json(doc, "this run"), **(compare_kwargs or {}))
    return doc


def saved_previous(data: dict[str, Any]) -> compare.Side | None:
    """For a saved file finished again (rescore, merge): the side its comparison was made against, read
    again from `settings.previous_result`; None when it had no comparison or that file is gone."""
    if not isinstance(data.get("comparison"), dict):
        return None
    previous = (data.get("settings") or {}).get("previous_result")
    try:
        return compare.load_side(previous) if previous else None
    except ValueError:
        return None


def saved_compare_kwargs(data: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """For a saved file finished again: the --detect and --noise its comparison was made with, so that
    rescore and merge recompute the same comparison. A noise file gone since is said in `notes`."""
    cmp = data.get("comparison")
    if not isinstance(cmp, dict):
        return {}
    kwargs: dict[str, Any] = {}
    detect = (cmp.get("power") or {}).get("detect")
    if isinstance(detect, (int, float)) and not isinstance(detect, bool):
        kwargs["detect"] = float(detect)
    source = (cmp.get("noise") or {}).get("source")
    if source:
        try:
            kwargs["noise"] = noise.load(str(source))
        except ValueError:
            notes.append(f"comparison recomputed without the noise file {source}: it cannot be read any more")
    return kwargs
