"""SIGINT and SIGTERM stop a run as Ctrl-C does, and the stop is remembered, not only raised.

A signal handler raises at whatever bytecode the main thread is on. Where that is an object's `__del__`,
a weakref or garbage-collection callback, Python reports the KeyboardInterrupt as "ignored" and the run
goes on; a run stopped that way could then end with the status and results of a finished one. So the
handler also sets `session.shouldstop` (pytest stops after the item at hand and exits "interrupted") and
notes the signal, which the controller reads when it writes the results: a signalled run is recorded as
interrupted whatever happened to the exception.

Once the items are over, the first signal is let pass: the results being written are whole and take a
moment. A second one raises, for a finish that hangs.
"""

from __future__ import annotations

import signal
import sys
from typing import Any

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupt:
    def __init__(self) -> None:
        self.signum: int | None = None  # the first signal received while items ran
        self.finishing = False
        self._let_pass = 1  # signals let pass while finishing
        self._session: Any = None
        self._previous: dict[int, Any] = {}

    def install(self, session: Any) -> None:
        """From the main thread, at session start (signal handlers can only be set there)."""
        if sys.platform == "win32":
            return
        self._session = session
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        for signum, previous in self._previous.items():
            if signal.getsignal(signum) == self._handle:  # only our own: a later handler chained to us stays
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        self._previous = {}

    @property
    def interrupted(self) -> bool:
        return self.signum is not None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.finishing and self._let_pass > 0:
            self._let_pass -= 1
            return
        if self.signum is None:
            self.signum = signum
        if self._session is not None:
            self._session.shouldstop = f"interrupted by signal {signum}"
        raise KeyboardInterrupt(f"signal {signum}")
