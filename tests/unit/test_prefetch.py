"""prefetch.LimitedClient: the AIMD limiter hears every HTTP status, whatever wraps the ChatClient."""

from pytest_quality.aimd import AIMDLimiter
from pytest_quality.cache import CachingClient
from pytest_quality.client import ChatClient
from pytest_quality.prefetch import LimitedClient
from pytest_quality.stream import StreamingClient


def test_the_429_hook_reaches_the_chat_client_through_stream_and_cache(tmp_path):
    for wrap in (lambda c: c, StreamingClient, lambda c: CachingClient(c, tmp_path, "fp"),
                 lambda c: StreamingClient(CachingClient(c, tmp_path, "fp"))):
        chat = ChatClient("http://127.0.0.1:9")
        limiter = AIMDLimiter(8)
        LimitedClient(wrap(chat), limiter)
        assert chat.on_status == limiter.on_status  # not set on a wrapper, where the client never calls it
        chat.on_status(429)
        assert limiter.cuts == 1 and limiter.limit == 4
        chat.close()
