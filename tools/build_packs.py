"""Build the committed packs (packs/*.jsonl) from their sources under packs/src/.

    .venv/bin/python tools/build_packs.py            # write every pack
    .venv/bin/python tools/build_packs.py --check    # build in memory, report packs that differ
    .venv/bin/python tools/build_packs.py --out DIR  # write them to DIR instead of packs/

The sources are files a person edits (see packs/src/README.md); the JSONL packs are what the plugin
loads. tests/unit/test_pack_sources.py runs the check in CI, so a pack edited by hand, or a source
edited without rebuilding, fails the suite. tools/check_packs.py recomputes in a sandbox the values the
sources store but a reference decides; the packs' integration tests (tests/integration/test_pack_*.py)
run every reference and negative in real sandboxes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

import aider_pack  # noqa: E402
import bugfind_pack  # noqa: E402
import scenario_pack  # noqa: E402

SRC = ROOT / "packs" / "src"
# Packs whose sources are generic scenario folders (tools/scenario_pack.py); aider and bugfind have their own.
SCENARIO_PACKS = ("cli-40", "hermesagent-20", "humaneval-plus-30", "lcb-v6-30")


def build_all(src: Path = SRC) -> dict[str, str]:
    """{pack file name: text} for every pack built from sources."""
    return {**aider_pack.build(src), **bugfind_pack.build(src), **scenario_pack.build(src, SCENARIO_PACKS)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed packs, write nothing")
    parser.add_argument("--out", type=Path, default=ROOT / "packs", help="folder to write the packs to")
    args = parser.parse_args(argv)
    packs = build_all()
    if args.check:
        stale = [
            name
            for name, text in packs.items()
            if not (ROOT / "packs" / name).exists() or (ROOT / "packs" / name).read_bytes() != text.encode("utf-8")
        ]
        for name in stale:
            print(f"packs/{name} differs from what its sources in packs/src build", file=sys.stderr)
        print("up to date" if not stale else f"{len(stale)} pack(s) out of date: run tools/build_packs.py")
        return 1 if stale else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in packs.items():
        (args.out / name).write_bytes(text.encode("utf-8"))
        print(f"wrote {args.out / name} ({text.count(chr(10)) - 1} scenarios)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
