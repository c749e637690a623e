"""prefetch.LimitedClient: the AIMD limiter hears every HTTP status, whatever wraps the ChatClient."""

from pytest_quality.aimd import AIMDLimiter
from pytest_quality.cache import CachingClient
from pytest_quality.client import ChatClient
from pytest_quality.prefetch import LimitedClient
from pytest_quality.stream import StreamingClient


def test_the_429_hook_reaches_the_chat_client_through_stream_and_cache(tmp_path):
    for wrap in (
        lambda c: c,
        StreamingClient,
        lambda c: CachingClient(c, tmp_path, "fp"),
        lambda c: StreamingClient(CachingClient(c, tmp_path, "fp")),
    ):
        chat = ChatClient("http://127.0.0.1:9")
        limiter = AIMDLimiter(8)
        LimitedClient(wrap(chat), limiter)
        assert chat.on_status == limiter.on_status  # not set on a wrapper, where the client never calls it
        chat.on_status(429)
        assert limiter.cuts == 1 and limiter.limit == 4
        chat.close()


def test_a_steal_never_takes_an_item_fetched_ahead():
    """xdist's work stealing asks a worker for the tail of its queue; items this worker handed to its fetch
    threads stay (they would be asked twice), the rest go, and the controller is told exactly which."""
    import types

    import execnet
    from xdist.remote import TestQueue

    from pytest_quality.prefetch import ConcurrencyPlugin

    config = types.SimpleNamespace(workerinput={"quality_worksteal": True})
    plugin = ConcurrencyPlugin(config, runner=None, aggregator=None, explicit=4)
    sent = []
    interactor = types.SimpleNamespace(
        torun=TestQueue(execnet.gateway_base.get_execmodel("thread")),
        steal=None,
        sendevent=lambda name, **kw: sent.append((name, kw)),
    )
    for i in range(2, 12):
        interactor.torun.put(i)
    assert plugin._guard_steals(interactor) is True
    with interactor.torun.lock() as queued:  # as _upcoming does: the head half is claimed
        plugin.claimed.update(list(queued)[:4])
    interactor.steal([7, 8, 9, 10, 11])  # tail: none claimed -> all given
    assert sent[-1] == ("unscheduled", {"indices": [7, 8, 9, 10, 11]})
    interactor.steal([4, 5, 6])  # 4 and 5 claimed: only 6 goes
    assert sent[-1] == ("unscheduled", {"indices": [6]}) and plugin.kept_from_steal == 2
    with interactor.torun.lock() as queued:
        assert list(queued) == [2, 3, 4, 5]
    interactor.steal([2, 3])  # all claimed: nothing goes (xdist's own answer when nothing can be taken)
    assert sent[-1] == ("unscheduled", {"indices": []}) and plugin.kept_from_steal == 4
    with interactor.torun.lock() as queued:
        assert list(queued) == [2, 3, 4, 5]
    # Without work stealing there is nothing to guard.
    other = ConcurrencyPlugin(types.SimpleNamespace(workerinput={}), runner=None, aggregator=None, explicit=4)
    assert other._guard_steals(interactor) is False


def test_which_sandboxed_scenarios_run_ahead():
    """Whole sandboxed scenarios run ahead on the sandbox threads, but for benchlocal's own-image kind (one
    shared container per image): that one stays in its item. Plain scenarios are fetched, not run ahead."""
    import types
    from pathlib import Path

    from pytest_quality.packs import load_pack
    from pytest_quality.prefetch import _prefetchable, _runs_ahead_in_sandbox

    root = Path(__file__).resolve().parents[2]
    fixtures = root / "tests" / "fixtures" / "benchlocal"

    def first(path: Path):
        return types.SimpleNamespace(fetch_ahead=True, scenario=load_pack(path).scenarios[0])

    native, benchlocal_code = first(root / "packs" / "bugfind-15.jsonl"), first(fixtures / "bl-code.jsonl")
    their_image, plain = first(fixtures / "testproto-3.jsonl"), first(root / "packs" / "toolcall-15.jsonl")
    assert their_image.scenario.sandboxed and native.scenario.sandboxed and benchlocal_code.scenario.sandboxed
    assert _runs_ahead_in_sandbox(native) and _runs_ahead_in_sandbox(benchlocal_code)
    assert not _runs_ahead_in_sandbox(their_image) and not _prefetchable(their_image)
    assert not _runs_ahead_in_sandbox(plain) and _prefetchable(plain)
    assert not _runs_ahead_in_sandbox(types.SimpleNamespace(fetch_ahead=False, scenario=native.scenario))
