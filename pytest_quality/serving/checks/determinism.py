"""Determinism: temperature 0 gives one reply, alone or under concurrent load; a seed repeats a sample."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from pytest_quality.serving.registry import bad, check, ok

ASK = [{"role": "user", "content": "Write one short sentence about a lighthouse."}]
MAX = 12
REPEAT_HINT = "a non-deterministic server needs --repeat N for stable scores"


def _distinct(replies) -> tuple[int, list[str]]:
    texts = [r.content if r.ok else f"<error {r.describe()}>" for r in replies]
    return len(set(texts)), texts


def _sequential(ctx):
    return ctx.endpoint.memo("determinism:sequential", lambda: [ctx.ask(ASK, max_tokens=MAX) for _ in range(5)])


@check(
    "determinism.sequential",
    "temperature 0, five requests in a row agree",
    "non-deterministic kernels or prefix caching (vLLM --enable-prefix-caching, batch invariance)",
)
def sequential(ctx):
    n, texts = _distinct(_sequential(ctx))
    if n > 1:
        return bad(f"{n} distinct replies in 5: {texts[:3]}; {REPEAT_HINT}", distinct=n, requests=5)
    return ok("1 distinct reply in 5", distinct=1, requests=5)


@check(
    "determinism.concurrent",
    "temperature 0, eight requests at once agree",
    "batch-size dependent kernels (llama.cpp --parallel/-np with unified KV, vLLM batch invariance off)",
)
def concurrent(ctx):
    with ThreadPoolExecutor(max_workers=8) as pool:
        replies = list(pool.map(lambda _: ctx.ask(ASK, max_tokens=MAX), range(8)))
    # One sequential reply to compare with: the sequential check's, when this process ran it.
    alone = (ctx.endpoint.peek("determinism:sequential") or [ctx.ask(ASK, max_tokens=MAX)])[0]
    n, texts = _distinct([*replies, alone])
    if n > 1:
        return bad(
            f"{n} distinct replies among 8 concurrent and 1 sequential: {texts[:3]}; {REPEAT_HINT}",
            distinct=n,
            requests=9,
        )
    return ok("1 distinct reply among 8 concurrent and 1 sequential", distinct=1, requests=9)


@check(
    "determinism.seed",
    "with a seed at temperature 0.8, repeated requests agree",
    "seed support (vLLM: per-request seed; llama.cpp: seed with one slot or deterministic sampling)",
)
def seed(ctx):
    replies = [
        ctx.endpoint.chat({"messages": ASK, "temperature": 0.8, "seed": 1234, "max_tokens": MAX}) for _ in range(3)
    ]
    n, texts = _distinct(replies)
    if n > 1:
        return bad(f"{n} distinct replies in 3 with seed 1234: {texts}", distinct=n, requests=3)
    return ok("1 distinct reply in 3 with seed 1234", distinct=1, requests=3)
