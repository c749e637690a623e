"""`pytest-quality serve-reference`: run the reference endpoint in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys

from ._common import ReferenceEndpointError, default_progress
from .build import ensure_llama_server
from .model import ensure_model
from .server import ReferenceServer


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="pytest-quality serve-reference",
        description="Serve Qwen2.5-Coder-0.5B-Instruct with llama.cpp's llama-server on 127.0.0.1 "
        "(built and downloaded into the cache on first use).",
    )
    p.add_argument("--port", type=int, default=None, help="port on 127.0.0.1 (default: a free one)")
    p.add_argument("--parallel", type=int, default=2, help="concurrent request slots (default 2)")
    p.add_argument("--ctx-size", type=int, default=None, help="total context size (default 8192 per slot)")
    p.add_argument("--prepare", action="store_true", help="only build the server and fetch the model, then exit")
    return p


def serve_reference_main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.parallel < 1:
        _parser().error("--parallel must be >= 1")
    server = ReferenceServer(port=args.port, ctx_size=args.ctx_size)
    previous = None
    try:
        binary, model = ensure_llama_server(), ensure_model()
        if args.prepare:
            default_progress(f"ready: {binary}")
            default_progress(f"ready: {model}")
            return 0
        url = server.start(parallel=args.parallel)
        print(url, flush=True)
        default_progress(f"serving at {url} (pid {server.pid}, log {server.log_path}); Ctrl-C to stop")
        try:  # SIGTERM stops as cleanly as Ctrl-C (only possible from the main thread)
            previous = signal.signal(signal.SIGTERM, _raise_interrupt)
        except ValueError:
            pass
        code = server.wait()
        default_progress(f"llama-server exited with code {code}; log: {server.log_path}")
        return 1
    except KeyboardInterrupt:
        default_progress("stopping")
        return 0
    except ReferenceEndpointError as exc:
        print(f"[pytest-quality] error: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt
