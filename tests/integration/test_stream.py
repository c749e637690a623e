"""`--stream`: a streamed reply, put back together from its deltas, is graded exactly like the same reply
sent whole; every scenario gets time to first token and decode speed."""

from __future__ import annotations

import pytest

from pytest_quality import execute
from pytest_quality.client import ChatClient
from pytest_quality.packs import available_packs, load_pack
from pytest_quality.reply import Reply
from tests.integration.test_concurrency import _comparable
from tests.support.fake_openai import FakeServer, answer_negative, answer_reference
from tests.support.runner import run_quality


def _replies(scenario) -> list:
    """Every reply a pack ships for a scenario: reference, negatives, positives; each turn of multi-turn ones."""
    out = []
    for entry in [scenario.reference, *scenario.negatives, *scenario.positives]:
        if isinstance(entry, dict) and isinstance(entry.get("turns"), list):
            out.extend(entry["turns"])
        elif entry is not None:
            out.append(entry)
    return out


def _same(a: Reply, b: Reply) -> tuple:
    return (a.content, a.tool_calls, a.reasoning, a.finish_reason), (
        b.content,
        b.tool_calls,
        b.reasoning,
        b.finish_reason,
    )


def test_every_packs_replies_grade_the_same_streamed():
    """Through a real loopback server, once whole and once as events: same Reply, same verdict."""
    current: list = [None]
    checked = graded = 0
    with FakeServer(lambda scenario, request: current[0]) as server:
        client = ChatClient(server.url, backoff_s=0.01)
        for pack_id, path in sorted(available_packs().items()):
            pack = load_pack(path, check_references=False)
            for scenario in pack.scenarios:
                if scenario.raw.get("unavailable"):
                    continue
                for message in _replies(scenario):
                    current[0] = message
                    request = {"messages": scenario.messages}
                    whole = client.chat(request, 10)
                    streamed = client.chat({**request, "stream": True}, 10)
                    assert whole.ok and streamed.ok, (pack_id, scenario.id, whole.detail, streamed.detail)
                    assert streamed.stream and streamed.stream["complete"], (pack_id, scenario.id)
                    plain, events = Reply.from_completion(whole.body), Reply.from_completion(streamed.body)
                    left, right = _same(plain, events)
                    assert left == right, (pack_id, scenario.id)
                    checked += 1
                    if scenario.sandboxed:  # graded in a container from this same Reply
                        continue
                    verdicts = [
                        execute.grade(scenario, execute.Fetched(e, 10, {}, False))[0] for e in (whole, streamed)
                    ]
                    assert (verdicts[0].passed, verdicts[0].failure_mode, verdicts[0].detail) == (
                        verdicts[1].passed,
                        verdicts[1].failure_mode,
                        verdicts[1].detail,
                    ), (pack_id, scenario.id)
                    graded += 1
        client.close()
    assert checked > 500 and graded > 300, (checked, graded)


@pytest.mark.parametrize("answer", [answer_reference, answer_negative], ids=["references", "negatives"])
def test_stream_run_scores_like_a_plain_run(workdir, answer):
    with FakeServer(answer) as server:
        plain = run_quality(
            workdir,
            "--quality=full",
            "--no-sandboxed",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            "--stream=off",
            json_name="plain.json",
            timeout=900,
        )
        # The default: the fake server streams, so the run does too.
        streamed = run_quality(
            workdir,
            "--quality=full",
            "--no-sandboxed",
            f"--endpoint={server.url}",
            "--measured-tps=100",
            json_name="stream.json",
            timeout=900,
        )
    assert streamed.returncode == plain.returncode, streamed.stdout[-3000:]
    assert streamed.data["stream"]["on"] is True and plain.data["stream"] == {"on": False, "source": "--stream=off"}
    assert _comparable(streamed) == _comparable(plain)
    records = [s for p in streamed.data["packs"] for s in p["scenarios"]]
    assert records and all(r["request"]["stream"] is True for r in records)
    assert all(r["stream"]["ttft_s"] is not None and r["stream"]["ttft_s"] <= r["stream"]["total_s"] for r in records)
    assert all("stream" not in r for p in plain.data["packs"] for r in p["scenarios"])
    for pack in streamed.data["packs"]:
        assert pack["ttft"]["p50"] is not None and pack["ttft"]["p95"] >= pack["ttft"]["p50"]
    assert "TTFT" in streamed.stdout


def test_cut_stream_is_a_serving_error_not_a_graded_reply():
    """A stream that stops before [DONE] / finish_reason is not graded as a (shorter) reply."""
    with FakeServer(answer_reference) as server:

        def cut(handler, request):
            if request.get("method") != "POST":
                return False
            handler.send_response(200)
            handler.send_header("Content-Type", "text/event-stream")
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(b'data: {"choices": [{"index": 0, "delta": {"content": "The ans"}}]}\n\n')
            handler.close_connection = True
            return True

        server.fault = cut
        client = ChatClient(server.url, max_retries=0)
        exchange = client.chat({"messages": [{"role": "user", "content": "hi"}], "stream": True}, 5)
        client.close()
    assert not exchange.ok and exchange.failure_mode == "server_error" and "[DONE]" in exchange.detail


def _probe_streams(fault=None, **kwargs):
    from pytest_quality.probe import run_probe

    with FakeServer(answer_reference) as server:
        server.fault = fault
        return run_probe(server.url, **kwargs)


def test_probe_says_whether_the_server_streams():
    """--stream's default follows the probe: an event stream with deltas is 'streams', a plain JSON reply to
    a streamed request, an error status or a broken stream is not."""
    from pytest_quality.stream import resolve

    assert _probe_streams().streams is True
    assert _probe_streams(measure_tps=False, check_stream=True).streams is True  # --measured-tps: a short check
    assert _probe_streams(measure_tps=False).streams is None  # not asked (the pool's other replicas)

    def plain(handler, request):  # ignores "stream": answers with one JSON body
        if request.get("method") != "POST":
            return False
        handler._json(
            200,
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": "1 2 3"}, "finish_reason": "stop"}]},
        )
        return True

    def refuse(handler, request):
        if request.get("method") != "POST":
            return False
        handler._json(400, {"error": {"message": "stream not supported"}})
        return True

    ignored = _probe_streams(plain)
    assert ignored.streams is False and ignored.decode_tps is None
    assert _probe_streams(refuse).streams is None
    target = type("T", (), {})
    for streams, expected in ((True, True), (False, False), (None, False)):
        target.streams = streams
        assert resolve(None, target)[0] is expected and resolve("auto", target)[0] is expected
        assert resolve("on", target) == (True, "--stream") and resolve("off", target) == (False, "--stream=off")
    assert resolve(None, None) == (False, "default: streaming not probed")
