"""`pytest-quality inspect RESULTS.json|JOURNAL`: the evidence behind each verdict.

For each matching scenario: the prompt sent, the reply (answer, tool calls, reasoning) and the
verifier trace. Long text is cut unless --full. `--diff PREV.json` classifies each scenario
against an earlier run (fix / regression / stable / new) and, unless a scenario is named, shows
only what changed. Exit status 2 when nothing matches, so scripts can tell.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from pytest_quality.clip import clip_counted
from pytest_quality.reply import Reply
from pytest_quality.resume import read_saved

# Default cuts (--full lifts them): enough to see what went wrong without scrolling a novel.
LIMITS = {"message": 800, "messages": 6, "content": 2000, "reasoning": 600, "arguments": 600, "trace_lines": 60}


def _cut(text: str, limit: int, full: bool) -> str:
    return text if full else clip_counted(text, limit, "; --full shows all")


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "" if content is None else json.dumps(content, ensure_ascii=False)


def reply_view(record: dict[str, Any], full: bool) -> dict[str, Any] | None:
    body = record.get("response")
    if not isinstance(body, dict) or not body.get("choices"):
        return None
    try:
        reply = Reply.from_completion(body)
    except (KeyError, IndexError, TypeError, AttributeError):
        return {
            "content": _cut(json.dumps(body, ensure_ascii=False), LIMITS["content"], full),
            "tool_calls": [],
            "reasoning": "",
            "finish_reason": None,
        }
    return {
        "content": _cut(reply.content, LIMITS["content"], full),
        "tool_calls": [
            {
                "name": c.name,
                "arguments": _cut(c.arguments_raw, LIMITS["arguments"], full),
                **({"error": c.error} if c.error else {}),
            }
            for c in reply.tool_calls
        ],
        "reasoning": _cut(reply.reasoning, LIMITS["reasoning"], full),
        "finish_reason": reply.finish_reason,
    }


def prompt_view(record: dict[str, Any], full: bool) -> list[dict[str, str]]:
    messages = (record.get("request") or {}).get("messages") or []
    shown = messages if full else messages[-LIMITS["messages"] :]
    out = (
        [{"role": "…", "content": f"[{len(messages) - len(shown)} earlier messages; --full shows all]"}]
        if len(shown) < len(messages)
        else []
    )
    for m in shown:
        if not isinstance(m, dict):
            continue
        text = _text(m.get("content"))
        if m.get("tool_calls"):
            text += ("\n" if text else "") + "tool_calls: " + json.dumps(m["tool_calls"], ensure_ascii=False)
        out.append({"role": str(m.get("role")), "content": _cut(text, LIMITS["message"], full)})
    return out


def trace_text(trace: Any, full: bool) -> str:
    lines = json.dumps(trace or {}, indent=2, ensure_ascii=False, default=str).splitlines()
    if not full and len(lines) > LIMITS["trace_lines"]:
        hidden = len(lines) - LIMITS["trace_lines"]
        lines = lines[: LIMITS["trace_lines"]] + [f"… [{hidden} more lines; --full shows all]"]
    return "\n".join(lines)


def diff_status(record: dict[str, Any] | None, prev: dict[str, Any] | None) -> str:
    if record is None:
        return "dropped"
    if prev is None:
        return "new"
    now, before = bool(record.get("passed")), bool(prev.get("passed"))
    return {
        (True, True): "stable_pass",
        (False, False): "stable_fail",
        (True, False): "fix",
        (False, True): "regression",
    }[(now, before)]


def _key(record: dict[str, Any]) -> str:
    return str(record.get("node_id") or f"{record.get('pack_id')}.jsonl::{record.get('id')}")


def matches(record: dict[str, Any], args: argparse.Namespace) -> bool:
    if args.failed and (record.get("passed") or record.get("skipped")):
        return False
    if args.pack and args.pack.lower() not in (
        str(record.get("pack_id")).lower(),
        str(record.get("title", "")).lower(),
    ):
        return False
    if args.mode and record.get("failure_mode") != args.mode:
        return False
    if args.scenario:
        wanted = args.scenario.lower()
        names = {
            str(record.get("id")).lower(),
            _key(record).lower(),
            f"{record.get('pack_id')}/{record.get('id')}".lower(),
        }
        if wanted not in names:
            return False
    return True


def scenario_view(record: dict[str, Any], full: bool) -> dict[str, Any]:
    keep = (
        "pack_id",
        "id",
        "node_id",
        "repeat_index",
        "passed",
        "failure_mode",
        "detail",
        "latency_s",
        "timeout_s",
        "tokens",
        "cached",
        "skipped",
    )
    view = {k: record.get(k) for k in keep if k in record}
    view["prompt"] = prompt_view(record, full)
    view["reply"] = reply_view(record, full)
    view["verifier_trace"] = record.get("verifier_trace") or {}
    return view


def render_text(view: dict[str, Any], full: bool) -> list[str]:
    verdict = "PASS" if view.get("passed") else ("SKIP" if view.get("skipped") else "FAIL")
    facts = []
    if isinstance(view.get("latency_s"), (int, float)):
        s = view["latency_s"]
        facts.append(f"latency {s * 1000:.0f} ms" if s < 1 else f"latency {s:.1f}s")
    tokens = view.get("tokens") or {}
    if tokens.get("completion") is not None:
        facts.append(f"tokens {tokens.get('prompt')} in / {tokens['completion']} out")
    if view.get("timeout_s"):
        facts.append(f"timeout {view['timeout_s']:.0f}s")
    if view.get("cached"):
        facts.append("cached")
    head = f"== {view.get('pack_id')} {view.get('id')}"
    if view.get("repeat_index"):
        head += f" [r{view['repeat_index'] + 1}]"
    head += f"  {verdict}" + (f" {view['failure_mode']}" if view.get("failure_mode") else "")
    lines = [head + (f"  ({' · '.join(facts)})" if facts else "")]
    if "diff" in view:
        d = view["diff"]
        lines.append(f"   vs previous: {d['status'].upper()}" + (f" (was {d['was']})" if d.get("was") else ""))
    if view.get("detail"):
        lines.append(f"   detail: {view['detail']}")
    lines.append("   prompt:")
    for m in view["prompt"]:
        lines += _indent(f"[{m['role']}] {m['content']}", 6)
    lines.append("   reply:")
    reply = view["reply"]
    if reply is None:
        lines.append("      (no reply received)")
    else:
        lines += _indent("content: " + (reply["content"] if reply["content"] else "(empty)"), 6)
        for call in reply["tool_calls"]:
            lines += _indent(
                f"tool_call: {call['name']}({call['arguments']})"
                + (f"  ! {call['error']}" if call.get("error") else ""),
                6,
            )
        if reply["reasoning"]:
            lines += _indent("reasoning: " + reply["reasoning"], 6)
        lines.append(f"      finish_reason: {reply['finish_reason']}")
    lines.append("   verifier trace:")
    lines += _indent(trace_text(view["verifier_trace"], full), 6)
    return lines


def _indent(text: str, n: int) -> list[str]:
    return [" " * n + line for line in text.splitlines() or [""]]


def inspect_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="pytest-quality inspect", description="Show the prompt, reply and verifier trace behind verdicts."
    )
    parser.add_argument("path", help="results JSON or its .partial.jsonl journal")
    parser.add_argument("--failed", action="store_true", help="only failures (model misses and errors)")
    parser.add_argument("--scenario", metavar="ID", help="one scenario: ID, PACK/ID or its node id")
    parser.add_argument("--pack", metavar="P", help="only this pack (id or title)")
    parser.add_argument("--mode", metavar="FAILURE_MODE", help="only this failure_mode, e.g. timeout")
    parser.add_argument("--full", action="store_true", help="no truncation")
    parser.add_argument("--diff", metavar="PREV.json", help="compare each scenario with an earlier run")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    try:
        saved = read_saved(args.path)
        prev = {_key(r): r for r in read_saved(args.diff).records} if args.diff else None
    except ValueError as exc:
        print(f"pytest-quality inspect: {exc}", file=sys.stderr)
        return 1
    views = []
    for record in saved.records:
        if not matches(record, args):
            continue
        view = scenario_view(record, args.full)
        if prev is not None:
            before = prev.get(_key(record))
            status = diff_status(record, before)
            if status.startswith("stable") and not args.scenario:
                continue  # a diff shows what moved; name a scenario to see a stable one
            view["diff"] = {
                "status": status,
                "was": None if before is None else ("pass" if before.get("passed") else before.get("failure_mode")),
                "previous_detail": (before or {}).get("detail"),
                "latency_delta_s": _delta(record.get("latency_s"), (before or {}).get("latency_s")),
            }
        views.append(view)
    dropped = sorted(set(prev) - {_key(r) for r in saved.records}) if prev is not None else []
    if args.format == "json":
        print(
            json.dumps(
                {
                    "file": str(saved.path),
                    "count": len(views),
                    "scenarios": views,
                    **({"dropped": dropped} if prev is not None else {}),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        meta = saved.meta
        totals = meta.get("totals") or {}
        print(
            f"{saved.path}: model {meta.get('model')}, {meta.get('mode')}, endpoint {meta.get('endpoint')}"
            + (f", {totals.get('passed')}/{totals.get('total')} passed" if totals else " (journal)")
        )
        print(f"{len(views)} scenario(s) match\n")
        for view in views:
            print("\n".join(render_text(view, args.full)))
            print()
        if dropped:
            print(f"dropped since {args.diff}: {', '.join(dropped)}")
    if not views:
        print("pytest-quality inspect: no scenario matches", file=sys.stderr)
        return 2
    return 0


def _delta(now: Any, before: Any) -> float | None:
    if isinstance(now, (int, float)) and isinstance(before, (int, float)):
        return round(now - before, 3)
    return None
