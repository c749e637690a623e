"""How many model requests may be in flight: a ceiling that halves on HTTP 429 and creeps back up.

Additive increase, multiplicative decrease (the way TCP shares a link): every answered request adds
1/limit (about +1 per round of `limit` requests), a 429 halves the limit. Many 429s arriving together
are one signal, so a cut is followed by a short hold during which further 429s do not cut again.
"""

from __future__ import annotations

import threading
import time


class AIMDLimiter:
    def __init__(self, ceiling: int, hold_s: float = 0.5):
        self.ceiling = max(1, int(ceiling))
        self.limit = float(self.ceiling)
        self.hold_s = hold_s
        self.in_flight = 0
        self.cuts = 0  # how many times a 429 halved the limit
        self.lowest = self.ceiling
        self._last_cut = -1e9
        self._cond = threading.Condition()
        self._mine = threading.local()  # slots the current thread holds (0 for a caller outside acquire/release)

    def acquire(self) -> None:
        with self._cond:
            while self.in_flight >= max(1, int(self.limit)):
                self._cond.wait()
            self.in_flight += 1
        self._mine.n = getattr(self._mine, "n", 0) + 1

    def release(self) -> None:
        self._mine.n = getattr(self._mine, "n", 1) - 1
        with self._cond:
            self.in_flight -= 1
            self._cond.notify()

    def on_status(self, status: int | None) -> None:
        """Called for every HTTP response the client receives (retries included)."""
        with self._cond:
            if status == 429:
                now = time.monotonic()
                if now - self._last_cut >= self.hold_s:
                    self._last_cut = now
                    self.limit = max(1.0, self.limit / 2)
                    self.cuts += 1
                    self.lowest = min(self.lowest, int(self.limit))
                if getattr(self._mine, "n", 0):
                    # The client retries this request after Retry-After while holding its slot: give the slot
                    # back and queue for one under the new limit, or the retries alone keep the server full.
                    self.in_flight -= 1
                    self._cond.notify()
                    while self.in_flight >= max(1, int(self.limit)):
                        self._cond.wait()
                    self.in_flight += 1
            elif status is not None and status < 400 and self.limit < self.ceiling:
                self.limit = min(float(self.ceiling), self.limit + 1.0 / self.limit)
                self._cond.notify_all()

    def to_json(self) -> dict[str, int]:
        with self._cond:
            return {"ceiling": self.ceiling, "final": int(self.limit), "lowest": self.lowest, "cuts_on_429": self.cuts}
