"""`pytest-quality sandbox build [--from-registry]` and `pytest-quality sandbox status`."""

from __future__ import annotations

import argparse
import sys

from pytest_quality.sandbox import cleanup, images


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="pytest-quality sandbox", description="Docker sandbox images")
    sub = p.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="build the sandbox images (skipped when up to date)")
    build.add_argument(
        "--from-registry",
        action="store_true",
        help=f"build from {images.REGISTRY_BASE} with a Dockerfile instead of debootstrap",
    )
    build.add_argument("--base", default=images.REGISTRY_BASE, help="registry base image (with --from-registry)")
    sub.add_parser("status", help="which images exist and whether they match this version")
    sub.add_parser("cleanup", help="remove every container labelled pytest-quality")
    return p


def sandbox_main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "cleanup":
        print(f"removed {cleanup.cleanup()} container(s)")
        return 0
    ok, reason = cleanup.engine_available()
    if not ok:
        print(f"error: {reason}", file=sys.stderr)
        return 2
    if args.command == "build":
        try:
            tags = images.build_images(from_registry=args.from_registry, base=args.base)
        except Exception as exc:  # a failed build must say why in one line, not a traceback
            print(f"error: sandbox image build failed: {exc}", file=sys.stderr)
            return 1
        print("\n".join(tags))
        return 0
    rows = images.image_status()
    for row in rows:
        state = "up to date" if row["matches"] else ("outdated" if row["exists"] else "missing")
        print(f"{row['name']}: {row['tag']} {state}")
        for tag in row["present_tags"]:
            if tag != row["tag"]:
                print(f"  older build present: {tag}")
    return 0 if all(r["matches"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(sandbox_main())
