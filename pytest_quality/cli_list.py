"""`pytest-quality list`: the packs this installation can run, as a markdown table."""

from __future__ import annotations

import argparse

from pytest_quality.packs import MODES, PackError, available_packs, load_pack


def list_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="pytest-quality list", description="List the available packs.")
    parser.add_argument("--pack-path", action="append", default=[], metavar="DIR", help="extra pack folder")
    args = parser.parse_args(argv)
    modes_of: dict[str, list[str]] = {}
    for mode, ids in MODES.items():
        for pack_id in ids:
            modes_of.setdefault(pack_id, []).append(mode)
    print("| Pack | Version | Scenarios | Verifier | Thinking | Modes | Needs |")
    print("|---|---|---|---|---|---|---|")
    status = 0
    for pack_id, path in sorted(available_packs(args.pack_path).items()):
        try:
            pack = load_pack(path, check_references=False)
        except PackError as exc:
            print(f"| {pack_id} | invalid: {exc} | | | | | |")
            status = 1
            continue
        verifier = pack.meta.get("verifier") or pack.meta.get("verifier_module") or "?"
        needs = "docker" if pack.sandboxed else ""
        print(
            f"| {pack.title} (`{pack_id}`) | {pack.version} | {len(pack.scenarios)} | {verifier} | "
            f"{'on' if pack.default_thinking else 'off'} | {', '.join(modes_of.get(pack_id, ['--pack']))} | {needs} |"
        )
    return status
