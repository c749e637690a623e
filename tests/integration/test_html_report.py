"""The HTML report: self-contained, and showing the JSON's numbers in a real browser (headless Chromium).

The screenshot is kept as an artifact: reports/html-report.png (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pytest_quality.html_report import render, wilson
from tests.support.fake_openai import FakeServer, answer_reference, find_scenario
from tests.support.fake_serving import ServingFake
from tests.support.runner import run_cli, run_quality

ARTIFACTS = Path(__file__).resolve().parents[2] / "reports"
URL_ATTRS = {"src", "href", "action", "srcset", "poster", "data", "xlink:href", "formaction", "background"}


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed: apt-get install -y chromium")
    return found


def browser(html: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        *extra,
        html.resolve().as_uri(),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class Cells(HTMLParser):
    """data-pack rows -> {data-field: text}; plus every URL-bearing attribute and tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict[str, str]] = {}
        self.tables: dict[str, dict[str, dict[str, str]]] = {}
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self.details = 0
        self._table: str | None = None
        self._row: str | None = None
        self._field: str | None = None
        self._ids: dict[str, str] = {}
        self._id: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        self.urls += [v for k, v in attrs if k in URL_ATTRS and v]
        if tag == "table":
            self._table = a.get("id")
        if tag == "tr" and ("data-pack" in a or "data-check" in a):
            self._row = a.get("data-pack") or a["data-check"]
            self.tables.setdefault(self._table or "", {})[self._row] = {}
        if "data-field" in a and self._row is not None:
            self._field = a["data-field"]
            self.tables[self._table or ""][self._row][self._field] = ""
        if a.get("id"):
            self._id = a["id"]
            self._ids[self._id] = ""
        if tag == "details" and a.get("data-mode") is not None:
            self.details += 1

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
        if tag in ("span", "td"):
            self._field = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._field and self._row is not None:
            self.tables[self._table or ""][self._row][self._field] += data.strip()
        if self._id:
            self._ids[self._id] += data.strip()
            self._id = None

    def text_of(self, element_id: str) -> str:
        return self._ids.get(element_id, "")


def parse(html: str) -> Cells:
    cells = Cells()
    cells.feed(html)
    return cells


def assert_self_contained(html: str) -> None:
    cells = parse(html)
    external = [u for u in cells.urls if not u.startswith("#")]
    assert external == [], external
    assert not cells.tags & {"link", "iframe", "object", "embed", "img", "base"}
    assert "@import" not in html and not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert not re.search(r"<script[^>]+src=", html)


def _pct(score) -> str:
    return "—" if score is None else f"{round(score * 100)}%"


@pytest.fixture
def ab_runs(workdir):
    """Run A (every reference), then run B with 4 scenarios broken and one served a 400, compared to A."""
    broken = {"TC-02", "TC-05", "IF-03", "IF-07"}

    def answer_b(scenario, request):
        if scenario is not None and scenario.id in broken:
            return "(no answer)"
        return answer_reference(scenario, request)

    with FakeServer(answer_reference) as server:
        a = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", json_name="a.json")
    with FakeServer(answer_b) as server:

        def fault(handler, request):
            scenario = find_scenario(server.index, request.get("messages") or [])
            if scenario is not None and scenario.id == "IF-09":
                handler._json(400, {"error": "context length exceeded"})
                return True
            return False

        server.fault = fault
        html = workdir / "b.html"
        b = run_quality(
            workdir,
            "--quality=quick",
            f"--endpoint={server.url}",
            f"--previous-result={a.json_path}",
            f"--quality-html={html}",
            json_name="b.json",
        )
    assert a.returncode == 0 and b.returncode == 0, b.stdout[-3000:]
    return b, html


def test_html_shows_the_json_numbers_in_headless_chromium(ab_runs, tmp_path):
    run, html = ab_runs
    data = run.data
    assert f"html report: {html}" in run.stdout
    assert_self_contained(html.read_text())

    dom = browser(html, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    cells = parse(dom.stdout)
    packs = cells.tables["packs"]
    assert list(packs) == [p["pack_id"] for p in data["packs"]] + ["TOTAL"]
    for p in data["packs"]:
        row = packs[p["pack_id"]]
        assert (int(row["passed"]), int(row["total"]), row["score"]) == (p["passed"], p["total"], _pct(p["score"]))
        lo, hi = wilson(p["passed"], p["total"])
        assert row["ci"] == f"{round(lo * 100)}%–{round(hi * 100)}%"
        assert row["status"] == p["status"]
    t = data["totals"]
    assert (int(packs["TOTAL"]["passed"]), int(packs["TOTAL"]["total"]), packs["TOTAL"]["score"]) == (
        t["passed"],
        t["total"],
        _pct(t["score"]),
    )
    assert (t["passed"], t["total"], t["errors"]) == (25, 29, 1)
    assert cells.text_of("total-score") == _pct(t["score"]) and cells.text_of("total-errors") == "1"
    assert cells.text_of("quality-line") == data["quality_line"]
    # Every failure and error has an expandable evidence block; the INCOMPLETE tag is shown.
    assert cells.details == sum(1 for p in data["packs"] for s in p["scenarios"] if not s["passed"]) == 5
    assert "INCOMPLETE" in dom.stdout and 'data-tag="INCOMPLETE"' in dom.stdout
    # The comparison view: the 4 regressions, per pack and in the scenario list.
    cmp = data["comparison"]
    shown = re.findall(r'<tr data-class="regression">.*?data-scenario="([^"]+)"', dom.stdout, re.S)
    assert sorted(shown) == sorted(s["id"] for s in cmp["scenarios"] if s["class"] == "regression")
    assert sorted(shown) == ["IF-03", "IF-07", "TC-02", "TC-05"]
    rows = cells.tables["comparison-packs"]
    for p in cmp["packs"]:
        assert rows[p["pack_id"]]["regressions"] == str(p["counts"]["regression"])
    assert rows["TOTAL"]["regressions"] == "4" and cmp["verdict"] in dom.stdout
    assert 'id="latency-histogram"' in dom.stdout and 'id="latency-boxplot"' in dom.stdout

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    shot.unlink(missing_ok=True)
    done = browser(html, tmp_path, f"--screenshot={shot}", "--window-size=1280,2000", "--hide-scrollbars")
    assert done.returncode == 0 and shot.stat().st_size > 20_000, done.stderr[-2000:]


def test_serving_section_with_flags_and_the_pack_warning_in_headless_chromium(workdir, tmp_path):
    # tool calls left as <tool_call> text in content: tools.in_tool_calls fails and warns on the tool pack
    html = workdir / "serving.html"
    with ServingFake({"tool_as_text"}) as fake:
        run = run_quality(
            workdir,
            "--quality=quick",
            "--serving-checks",
            f"--endpoint={fake.url}",
            "--measured-tps=50",
            "--serving-min-context=4096",
            f"--quality-html={html}",
            "-k",
            "serving or tc-01 or if-01",
        )
    serving = run.data["serving"]
    assert serving["failed"] >= 1, run.stdout[-3000:]
    assert_self_contained(html.read_text())
    dom = browser(html, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    cells = parse(dom.stdout)
    rows = cells.tables["serving-checks"]
    assert list(rows) == [c["name"] for c in serving["checks"]]
    label = {"pass": "pass", "fail": "FAIL", "skip": "skipped", "model": "model"}
    for c in serving["checks"]:
        row = rows[c["name"]]
        assert (row["verdict"], row["detail"]) == (label[c["verdict"]], c["detail"].strip())
        assert row["flag"] == (c["flag"] if c["verdict"] == "fail" else "")
    assert (
        rows["tools.in_tool_calls"]["verdict"] == "FAIL" and "--tool-call-parser" in rows["tools.in_tool_calls"]["flag"]
    )
    assert cells.text_of("serving-line") == serving["line"]
    packs = cells.tables["packs"]
    assert "tools.in_tool_calls" in packs["toolcall-15"]["serving-warning"]
    assert "serving-warning" not in packs["instructfollow-15"]
    assert dom.stdout.index('id="serving"') < dom.stdout.index('id="packs"')


def test_non_canonical_tag_and_html_subcommand(workdir, fake_server, tmp_path):
    run = run_quality(
        workdir, "--quality=quick", f"--endpoint={fake_server.url}", "--temperature=0.3", "-k", "TC-01 or IF-02"
    )
    out = workdir / "saved.html"
    cli = run_cli("html", str(run.json_path), "-o", str(out), cwd=workdir)
    assert cli.returncode == 0, cli.stderr
    text = out.read_text()
    assert_self_contained(text)
    assert 'data-tag="NON-CANONICAL"' in text and "temperature=0.3" in text
    assert "No failures." in text
    journal = run_cli("html", f"{run.json_path}.partial.jsonl", "-o", str(tmp_path / "j.html"))
    assert journal.returncode == 0 and 'data-tag="INTERRUPTED"' in (tmp_path / "j.html").read_text()


def test_repeat_stats_intervals_and_flaky_list_are_shown(workdir):
    seen: dict[str, int] = {}

    def flaky(scenario, request):  # TC-01 alternates pass / fail; the rest pass
        seen[scenario.id] = seen.get(scenario.id, 0) + 1
        if scenario.id == "TC-01" and seen[scenario.id] % 2 == 0:
            return "(no answer)"
        return answer_reference(scenario, request)

    with FakeServer(flaky) as server:
        run = run_quality(workdir, "--quality=quick", f"--endpoint={server.url}", "-k", "TC-01 or TC-02", "--repeat=4")
    data = run.data
    text = render(data)
    assert_self_contained(text)
    cells = parse(text)
    stats = data["packs"][0]["repeat_stats"]
    lo, hi = stats["ci95"]
    assert cells.tables["packs"]["toolcall-15"]["ci"] == f"{round(lo * 100)}%–{round(hi * 100)}%"
    assert "flaky" in cells.tables or 'id="flaky"' in text
    assert re.search(r"<strong>TC-01</strong></td>\s*<td class=\"num\">2 / 4</td>", text)
    assert "REPEAT ×4" in text and "pass@4" in text


def test_renders_odd_and_hostile_content_safely():
    data = {
        "model": "<script>alert(1)</script>",
        "packs": [
            {
                "pack_id": "p",
                "title": "P",
                "version": "1",
                "passed": 0,
                "total": 1,
                "errors": 0,
                "score": 0.0,
                "status": "ok",
                "latency": {"p50": None, "p95": None},
                "scenarios": [
                    {
                        "id": "X-1",
                        "node_id": "p.jsonl::X-1",
                        "passed": False,
                        "failure_mode": "verifier_fail",
                        "detail": "<img src=http://example.com/x>",
                        "latency_s": None,
                        "request": {"messages": [{"role": "user", "content": "see https://example.com"}]},
                        "response": {"choices": [{"message": {"content": "x" * 50_000}, "finish_reason": "stop"}]},
                        "verifier_trace": {"deep": [[[["ok"]]]]},
                    }
                ],
            }
        ],
        "totals": {"passed": 0, "total": 1, "errors": 0, "score": 0.0},
    }
    text = render(data)
    assert "<script>alert" not in text and "&lt;img src=http://example.com/x&gt;" in text
    assert_self_contained(text)  # URLs in prompts are text, never links or sources
    assert "more chars]" in text and len(text) < 60_000
    assert json.dumps(render({"packs": [], "totals": {}}) is not None)


def test_a_serving_only_run_shows_model_verdicts_apart_and_no_pack_table():
    check = {"title": "t", "flag": "--jinja", "invalidates": "tool packs", "data": {}, "duration_s": 1.0}
    data = {
        "packs": [],
        "totals": {},
        "serving": {
            "line": "Serving:   1 pass · 0 fail · 0 skipped · 1 model (the server did its part: tools.parallel)",
            "checks": [
                {**check, "name": "accounting.usage", "verdict": "pass", "detail": "prompt=40"},
                {**check, "name": "tools.parallel", "verdict": "model", "detail": "bare <JSON> call"},
            ],
        },
    }
    text = render(data)
    cells = parse(text)
    rows = cells.tables["serving-checks"]
    assert rows["tools.parallel"] == {"verdict": "model", "detail": "bare <JSON> call", "flag": ""}
    assert rows["accounting.usage"]["verdict"] == "pass" and "&lt;JSON&gt;" in text
    assert 'id="packs"' not in text and cells.text_of("serving-line") == data["serving"]["line"]
    assert 'class="status warn" data-field="verdict">model' in text
