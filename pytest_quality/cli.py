"""`pytest-quality` console script: the offline tools around the pytest plugin.

Each subcommand lives in its own module; this file only dispatches, so adding one is one line.
"""

from __future__ import annotations

import importlib
import sys

# name -> (module, function taking argv and returning an exit status, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str, str]] = {
    "list": ("pytest_quality.cli_list", "list_main", "list the available packs"),
    "serve-reference": ("pytest_quality.reference", "serve_reference_main", "serve the bundled reference model"),
    "sandbox": ("pytest_quality.sandbox.cli", "sandbox_main", "build or inspect the sandbox images"),
    "diff": ("pytest_quality.compare", "diff_main", "compare two results files: fixes, regressions, significance"),
    "baseline": ("pytest_quality.baseline", "baseline_main", "capture or diff against an n>=3 regression baseline"),
    "noise": ("pytest_quality.noise", "noise_main", "measure how often an unchanged endpoint flips per scenario"),
    "inspect": ("pytest_quality.inspect_results", "inspect_main", "show prompt, reply and trace behind verdicts"),
    "rescore": ("pytest_quality.rescore", "rescore_main", "re-grade a saved results file with today's verifiers"),
    "html": ("pytest_quality.html_report", "html_main", "render a saved results file as one HTML page"),
    "merge": ("pytest_quality.merge", "merge_main", "combine the results files of a --shard I/N run into one"),
    "export": ("pytest_quality.cli_export", "export_main", "write the materialised generated packs (--pack-seed N)"),
}


def usage() -> str:
    width = max(len(n) for n in SUBCOMMANDS)
    lines = ["usage: pytest-quality <command> [options]", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {help_}" for name, (_, _, help_) in SUBCOMMANDS.items()]
    lines += ["", "Runs themselves are pytest: pytest --quality=quick --endpoint=URL"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in SUBCOMMANDS:
        print(f"pytest-quality: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module_name, func_name, _ = SUBCOMMANDS[name]
    func = getattr(importlib.import_module(module_name), func_name)
    return int(func(rest) or 0)
