"""One finaliser: the same records finished by the live run, `rescore`, `merge` and `html` (on a journal)
give the same totals, pack rows, Quality line and repeat statistics."""

from __future__ import annotations

import json

from pytest_quality.html_report import _from_journal
from pytest_quality.merge import load_part, merge
from pytest_quality.rescore import rescore
from pytest_quality.resume import read_saved
from tests.support.fake_openai import FakeServer, answer_reference
from tests.support.runner import run_quality


def flaky(scenario, request):
    """Some scenarios always pass, some never, and some pass on one repeat only (so flaky lists fill)."""
    if scenario is None:
        return "(no answer)"
    n = int(scenario.id[-2:])
    if n % 3 == 0:
        return "(no answer)"
    if n % 3 == 1:
        return answer_reference(scenario, request)
    flaky.calls[scenario.id] = flaky.calls.get(scenario.id, 0) + 1
    return answer_reference(scenario, request) if flaky.calls[scenario.id] % 2 else "(no answer)"


flaky.calls = {}


def _derived(data: dict) -> dict:
    packs = [
        {
            k: p.get(k)
            for k in ("pack_id", "passed", "total", "errors", "skipped", "missing", "score", "status", "repeat_stats")
        }
        for p in data["packs"]
    ]
    return {
        "totals": data["totals"],
        "packs": packs,
        "repeat_stats": data["repeat_stats"],
        "quality_line": data["quality_line"],
    }


def test_run_rescore_merge_and_html_finish_the_records_alike(workdir):
    with FakeServer(flaky) as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "--repeat=2", "--no-progress")
    assert run.returncode == 0, run.stdout[-2000:]
    data = run.data
    assert data["repeat_stats"]["flaky"], "the fixture must give flaky scenarios for the statistics to differ"
    assert 0 < data["totals"]["passed"] < data["totals"]["total"]
    want = _derived(data)

    rescored = rescore(data)
    assert rescored["rescored"]["regraded"] > 0 and rescored["rescored"]["changed"] == []
    assert _derived(rescored) == want

    merged = merge([load_part(run.json_path)], out=workdir / "merged.json")
    assert _derived(merged) == want
    assert merged["warnings"] == data["warnings"] and merged["thinking_validity"] == data["thinking_validity"]

    # html on a journal of the same records: the run line and one line per record, as the run writes it.
    journal = workdir / "again.json.partial.jsonl"
    meta = {k: v for k, v in data.items() if k not in ("packs", "totals", "quality_line", "repeat_stats")}
    lines = [{"journal_version": "1", "kind": "run", "run": meta}]
    lines += [
        {"kind": "scenario", "scenario": dict(s, pack_id=p["pack_id"])} for p in data["packs"] for s in p["scenarios"]
    ]
    journal.write_text("".join(json.dumps(line) + "\n" for line in lines))
    from_journal = _from_journal(read_saved(journal))
    got = _derived(from_journal)
    # A journal does not know each pack's floor or selection, so only the pack status may differ; the numbers
    # and the statistics (absent from this path before the finaliser was shared) must not.
    for pack in [*got["packs"], *want["packs"]]:
        pack.pop("status")
    assert got["packs"] == want["packs"]
    assert got["totals"] == want["totals"] and got["repeat_stats"] == want["repeat_stats"]
