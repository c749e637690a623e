"""`--concurrency C` from one process against a loopback server with C slots, side by side with `-n C`.

The server holds each chat request for a latency drawn from a lognormal with p50 8 s and p95 12 s
(a large model's scenario), at most C at once. limit = max(sum of latencies / C, longest latency):
no client can finish sooner. Work is --medium with --repeat so N >= R C (--rounds R, default 4: the
last round's tail weighs 1/R of the run, so R sets how close to the limit any in-order client can get). Reported per row: wall / limit
(wall: from the run's first request taking a slot to its last reply, as the server saw it; start-up,
i.e. interpreter, collection, probe, workers, is the rest of `wall_s`), harness CPU per scenario
(user + system of the pytest process tree, start-up excluded), and the peak of the summed RSS of the
run's processes (sampled every 0.2 s).

`--growth`: zero latency, N from 75 to 10,000, cost per scenario (time, CPU, RSS).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import emit, run_pytest
from tests.support.fake_openai import FakeServer, answer_reference

P50_S, P95_S = 8.0, 12.0
SIGMA = math.log(P95_S / P50_S) / 1.6449  # lognormal: p95 = p50 * exp(1.645 sigma)


class SlotServer(FakeServer):
    """C slots; each request sleeps a lognormal latency drawn from a seeded stream (same run, same draws)."""

    def __init__(self, slots: int, scale: float = 1.0, seed: int = 0):
        super().__init__(answer_reference)
        # socketserver listens with a backlog of 5: 256 clients connecting at once would see SYNs dropped
        # (1 s retransmits) or resets, a limit of this test server, not of the client or a real one.
        self.httpd.socket.listen(4096)
        self.slots = threading.BoundedSemaphore(slots)
        self.scale = scale
        self.draws: list[float] = []
        self.spans: list[tuple[float, float]] = []  # (slot taken, reply built) per request
        self._seed = seed
        self.original_completion = self.completion
        self.completion = self._slow_completion  # called inside the slot, after the semaphore is held

    def _latency(self) -> float:
        with self._lock:
            k = len(self.draws)
            u = (int(hashlib.sha256(f"{self._seed}:{k}".encode()).hexdigest()[:12], 16) + 0.5) / 16**12
            z = _probit(u)
            latency = self.scale * P50_S * math.exp(SIGMA * z)
            self.draws.append(latency)
        return latency

    def _slow_completion(self, request):
        start = time.monotonic()
        if self.scale:
            time.sleep(self._latency())
        reply = self.original_completion(request)
        with self._lock:
            self.spans.append((start, time.monotonic()))
        return reply

    def busy_s(self, skip: int = 0) -> float:
        """From the first request of the run taking a slot to its last reply: the run's model phase."""
        spans = self.spans[skip:]
        return max(e for _, e in spans) - min(s for s, _ in spans) if spans else 0.0

    def limit(self, slots: int, skip: int = 0) -> float:
        draws = self.draws[skip:]
        return max(sum(draws) / slots, max(draws)) if draws else 0.0


def _probit(p: float) -> float:
    """Inverse standard normal CDF (Acklam's rational approximation; |error| < 1.2e-9)."""
    a = [
        -3.969683028665376e01,
        2.209460984245205e02,
        -2.759285104469687e02,
        1.383577518672690e02,
        -3.066479806614716e01,
        2.506628277459239e00,
    ]
    b = [
        -5.447609879822406e01,
        1.615858368580409e02,
        -1.556989798598866e02,
        6.680131188771972e01,
        -1.328068155388521e01,
    ]
    c = [
        -7.784894002430293e-03,
        -3.223964580411365e-01,
        -2.400758277161838e00,
        -2.549732539343734e00,
        4.374664141464968e00,
        2.938163982698783e00,
    ]
    d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00]
    if p < 0.02425:
        q = math.sqrt(-2 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
        )
    if p > 1 - 0.02425:
        return -_probit(1 - p)
    q = p - 0.5
    r = q * q
    return (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    )


def _tree_rss_kib(cwd: Path) -> int:
    """Summed VmRSS of every process whose working directory is `cwd`: the run's whole tree (xdist
    workers inherit the folder; nothing else on the machine works there)."""
    total = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(proc, "cwd").resolve() != cwd:
                continue
            for line in Path(proc, "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _measured(args: list[str]) -> tuple[float, float, float, dict]:
    """(wall s, CPU s of the pytest tree, peak RSS MiB of the tree sampled every 0.2 s, results) of one run."""
    cwd = Path(tempfile.mkdtemp(prefix="pq-bench-")).resolve()
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss_kib(cwd))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        wall, proc, data = run_pytest([*args, "--no-progress"], cwd=cwd)
    finally:
        done.set()
        sampler.join()
    assert data is not None, proc.stdout[-3000:] + proc.stderr[-3000:]
    return wall, proc.cpu_s, peak[0] / 1024, data


def slots_row(slots: int, how: str, scale: float, rounds: int = 4, stream: str = "off") -> dict:
    repeat = max(1, math.ceil(rounds * slots / 75))
    # --stream: off by default, as the first figures in BENCHMARKS.md were measured with plain requests
    # (streaming is on by default against a server that streams, as this one does); `on` measures its cost
    flags = ["--measured-tps=100", "--timeout-per-case=120", f"--stream={stream}"]
    flags += [f"--concurrency={slots}"] if how == "concurrency" else ["-n", str(slots), "--concurrency=1"]
    with SlotServer(slots, scale) as server:
        _, one_cpu, _, _ = _measured(["--quality=medium", f"--endpoint={server.url}", *flags, "-k", "TC-01"])
        skip = len(server.draws)
        wall, cpu, rss, data = _measured(["--quality=medium", f"--repeat={repeat}", f"--endpoint={server.url}", *flags])
        limit, busy = server.limit(slots, skip), server.busy_s(skip)
    n = data["totals"]["total"]
    assert data["totals"]["passed"] == n, data["totals"]
    return {
        "slots": slots,
        "how": (f"--concurrency {slots}" if how == "concurrency" else f"-n {slots}") + f" --stream={stream}",
        "scenarios": n,
        "wall_s": round(wall, 1),
        "model_phase_s": round(busy, 1),
        "limit_s": round(limit, 1),
        "wall_over_limit": round(busy / limit, 3),
        "cpu_ms_per_scenario": round(1000 * (cpu - one_cpu) / n, 1),
        "peak_rss_mib_tree": round(rss, 1),
    }


def ideal_row(slots: int, scale: float, rounds: int = 4) -> dict:
    """The best any in-order client can do: C bare threads posting the same N requests back to back, no
    pytest, no grading. Same seeded latency draws as the pytest rows, so its wall / limit is the floor
    that issuing requests in pytest's order (latencies unknown in advance) leaves above 1.0."""
    import httpx

    from pytest_quality.packs import available_packs, load_pack
    from pytest_quality.request import build_request
    from pytest_quality.settings import Settings

    repeat = max(1, math.ceil(rounds * slots / 75))
    medium = ("toolcall-15", "instructfollow-15", "structoutput-15", "dataextract-15", "reasonmath-15")
    packs = [load_pack(available_packs()[p], check_references=False) for p in medium]
    requests = [
        build_request(p, s, Settings(), "fake-model") for p in packs for s in p.scenarios for _ in range(repeat)
    ]
    with SlotServer(slots, scale) as server, httpx.Client(limits=httpx.Limits(max_connections=None)) as http:
        todo = list(reversed(requests))
        lock = threading.Lock()

        def worker() -> None:
            while True:
                with lock:
                    if not todo:
                        return
                    body = todo.pop()
                http.post(server.url + "/v1/chat/completions", json=body, timeout=120)

        threads = [threading.Thread(target=worker) for _ in range(slots)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        limit, busy = server.limit(slots), server.busy_s()
    return {
        "slots": slots,
        "how": "ideal in-order client (bare threads)",
        "scenarios": len(requests),
        "model_phase_s": round(busy, 1),
        "limit_s": round(limit, 1),
        "wall_over_limit": round(busy / limit, 3),
    }


def growth_row(repeat: int, concurrency: int) -> dict:
    with SlotServer(1024, scale=0.0) as server:
        wall, cpu, rss, data = _measured(
            [
                "--quality=medium",
                f"--repeat={repeat}",
                f"--endpoint={server.url}",
                "--measured-tps=100",
                f"--concurrency={concurrency}",
                "--stream=off",
            ]
        )
    n = data["totals"]["total"]
    assert data["totals"]["passed"] == n, data["totals"]
    return {
        "scenarios": n,
        "concurrency": concurrency,
        "wall_s": round(wall, 1),
        "ms_per_scenario": round(1000 * wall / n, 2),
        "cpu_ms_per_scenario": round(1000 * cpu / n, 2),
        "peak_rss_mib": round(rss, 1),
        "rss_kib_per_scenario": round(rss * 1024 / n, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--slots", type=int, nargs="*", default=[16, 64, 256])
    parser.add_argument("--xdist", type=int, nargs="*", default=[16], help="slot counts also run with -n C")
    parser.add_argument("--scale", type=float, default=1.0, help="latency scale (1 = p50 8 s, p95 12 s)")
    parser.add_argument("--rounds", type=int, default=4, help="N >= ROUNDS x C scenarios per row (default 4)")
    parser.add_argument("--stream", nargs="*", default=["off"], choices=["on", "off"], help="--stream values per row")
    parser.add_argument("--ideal", action="store_true", help="also run the bare-threads in-order floor per C")
    parser.add_argument("--growth", type=int, nargs="*", default=[], help="--repeat values of the zero-latency runs")
    args = parser.parse_args()
    rows = []
    for slots in args.slots:
        if args.ideal:
            rows.append(ideal_row(slots, args.scale, args.rounds))
            print(rows[-1], flush=True)
        for how in ["concurrency", *(["xdist"] if slots in args.xdist else [])]:
            for stream in args.stream:
                rows.append(slots_row(slots, how, args.scale, args.rounds, stream))
                print(rows[-1], flush=True)
    if rows:
        emit(
            "concurrency",
            {
                "latency": f"lognormal p50 {P50_S * args.scale:g}s p95 {P95_S * args.scale:g}s",
                "target_wall_over_limit": 1.10,
                "rounds": args.rounds,
                "rows": rows,
            },
        )
    growth = []
    for repeat in args.growth:
        growth.append(growth_row(repeat, 16))
        print(growth[-1], flush=True)
    if growth:
        emit("concurrency_growth", {"latency": "zero", "rows": growth})


if __name__ == "__main__":
    main()
