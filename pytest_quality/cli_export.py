"""`pytest-quality export`: write generated packs (GSM-Symbolic style), materialised, in the pack format.

With no PACK names, every available generated pack is exported. `--pack-seed N` materialises fresh
instances; without it each pack's own (default) seed reproduces the shipped file exactly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pytest_quality.generators import regenerate
from pytest_quality.packs import PackError, available_packs, load_pack


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {value}")
    return value


def export_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="pytest-quality export", description="Write the materialised generated packs in the pack format."
    )
    parser.add_argument("packs", nargs="*", metavar="PACK", help="pack ids (default: every generated pack)")
    parser.add_argument("--pack-seed", type=_seed, default=None, metavar="N", help="materialise with seed N")
    parser.add_argument("--out", default=".", metavar="DIR", help="folder to write into (default: .)")
    parser.add_argument("--pack-path", action="append", default=[], metavar="DIR", help="extra pack folder")
    args = parser.parse_args(argv)

    available = available_packs(args.pack_path)
    unknown = [p for p in args.packs if p not in available]
    if unknown:
        print(f"pytest-quality export: unknown pack {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        loaded = [load_pack(available[p], check_references=False) for p in args.packs or sorted(available)]
    except PackError as exc:
        print(f"pytest-quality export: {exc}", file=sys.stderr)
        return 2
    generated = [p for p in loaded if p.meta.get("generator")]
    if args.packs and len(generated) < len(loaded):
        names = ", ".join(p.pack_id for p in loaded if not p.meta.get("generator"))
        print(f"pytest-quality export: not a generated pack: {names}", file=sys.stderr)
        return 2
    if not generated:
        print("pytest-quality export: no generated pack found", file=sys.stderr)
        return 2

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for pack in generated:
        seed = args.pack_seed if args.pack_seed is not None else int(pack.meta.get("seed", 0))
        target = out / f"{pack.pack_id}.jsonl"
        if target.resolve() == pack.path.resolve() and seed != pack.meta.get("seed"):
            print(
                f"pytest-quality export: refusing to overwrite the shipped {target} with seed {seed}; "
                "choose another --out",
                file=sys.stderr,
            )
            return 2
        text = regenerate(pack, seed)
        try:
            check = load_pack(pack.path, text=text)  # every reference passes, every negative fails
        except PackError as exc:
            print(f"pytest-quality export: {pack.pack_id} with seed {seed} is invalid: {exc}", file=sys.stderr)
            return 1
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target} ({len(check.scenarios)} scenarios, seed {seed})")
    return 0
