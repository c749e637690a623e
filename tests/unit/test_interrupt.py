"""interrupt.Interrupt: a stop signal is remembered and stops the session, even when its exception is lost."""

from __future__ import annotations

import os
import signal
import time
from types import SimpleNamespace

import pytest

from pytest_quality.interrupt import Interrupt


@pytest.fixture
def installed():
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    session = SimpleNamespace(shouldstop=False)
    interrupt = Interrupt()
    interrupt.install(session)
    yield interrupt, session
    interrupt.uninstall()
    assert {s: signal.getsignal(s) for s in before} == before  # the handlers it replaced are back


def _signal_self(sig: int) -> bool:
    """True when the handler raised KeyboardInterrupt (swallowed here, as a `__del__` would)."""
    try:
        os.kill(os.getpid(), sig)
        time.sleep(5)
    except KeyboardInterrupt:
        return True
    return False


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_raises_and_is_remembered(installed, sig):
    interrupt, session = installed
    assert not interrupt.interrupted and not session.shouldstop
    assert _signal_self(sig)
    assert interrupt.interrupted and interrupt.signum == sig
    assert session.shouldstop == f"interrupted by signal {sig}"  # pytest stops after the item at hand


def test_while_finishing_the_first_signal_passes_and_a_second_raises(installed):
    interrupt, session = installed
    interrupt.finishing = True
    started = time.monotonic()
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.2)  # not interrupted: the sleep runs to its end
    except KeyboardInterrupt:
        pytest.fail("the first signal while the results are written must not raise")
    assert time.monotonic() - started >= 0.2
    assert not interrupt.interrupted and not session.shouldstop  # the run had finished: not an interrupted one
    assert _signal_self(signal.SIGTERM)  # a finish that hangs can still be stopped
