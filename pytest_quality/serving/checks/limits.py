"""Limits: max_tokens honoured exactly, the served context as large as needed, over-context refused."""

from __future__ import annotations

from pytest_quality.serving.registry import ALL_PACKS, bad, check, ok, skip

CAP_FLAG = (
    "a server-side generation limit (llama.cpp -n/--n-predict; vLLM --max-model-len or "
    "--override-generation-config max_tokens; Ollama num_predict)"
)
CTX_FLAG = "the context size (llama.cpp -c/--ctx-size divided by --parallel; vLLM --max-model-len; Ollama num_ctx)"
ASKED = 32
FILLER = "The ferry left the harbour at dawn and the gulls followed it out past the grey stone pier. "
NEEDLE = "7351"


@check("limits.max_tokens", "max_tokens is honoured exactly", CAP_FLAG, ALL_PACKS)
def max_tokens(ctx):
    ask = [{"role": "user", "content": "Count from 1 to 500, the numbers separated by spaces."}]
    reply = ctx.ask(ask, max_tokens=ASKED)
    if not reply.ok:
        return bad(reply.describe())
    got = (reply.usage or {}).get("completion_tokens")
    if not isinstance(got, int):
        return skip("the reply reports no usage.completion_tokens to count")
    if got > ASKED:
        return bad(f"max_tokens={ASKED} was ignored: {got} tokens came back")
    if reply.finish_reason != "length" or got < ASKED - 2:
        return bad(
            f"asked max_tokens={ASKED} of a long answer, got {got} tokens and finish_reason "
            f"{reply.finish_reason!r}: the server stops generation earlier than asked",
            tokens=got,
        )
    # llama.cpp's -n (Ollama's num_predict) is a default, not a cap: it cuts only requests that give no
    # max_tokens, so the second leg sends none and asks for a short answer that must end by itself.
    short = ctx.ask([{"role": "user", "content": "Count from 1 to 20, the numbers separated by spaces."}])
    if not short.ok:
        return bad(f"without max_tokens: {short.describe()}", tokens=got)
    n = (short.usage or {}).get("completion_tokens")
    if short.finish_reason == "length":
        return bad(
            f"without max_tokens, a short answer was cut at {n} tokens (finish_reason 'length'): a "
            "server-side default limit",
            tokens=got,
            default_cut=n,
        )
    return ok(
        f"{got} tokens, finish_reason 'length'; without max_tokens the {n}-token answer ended by itself", tokens=got
    )


@check("limits.context_size", "the served context is as large as the packs need", CTX_FLAG, ALL_PACKS)
def context_size(ctx):
    served, source = ctx.served_context()
    trained = ctx.trained_context()
    if served is None:
        return skip("the server advertises no context size (/props n_ctx, /v1/models max_model_len)")
    note = f" (model trained for {trained})" if trained else ""
    if served < ctx.min_context:
        return bad(
            f"{served} tokens per request ({source}){note}, below the {ctx.min_context} the packs need "
            "(--serving-min-context)",
            served=served,
            trained=trained,
        )
    return ok(f"{served} tokens per request ({source}){note}", served=served, trained=trained)


def _filler(ctx, tokens: int) -> str:
    per = len(ctx.endpoint.tokenize(FILLER) or []) or len(FILLER) // 4
    return FILLER * max(1, tokens // per)


@check("limits.needle", "a prompt filling most of the context is answered, not truncated", CTX_FLAG, ALL_PACKS)
def needle(ctx):
    served, source = ctx.served_context()
    if served is None:
        return skip("the server advertises no context size to fill")
    target = min(int(served * 0.8), ctx.needle_max_tokens)
    text = (
        f"Remember this code: {NEEDLE}.\n\n"
        + _filler(ctx, target)
        + "\n\nWhat was the code to remember? Answer with the number only."
    )
    reply = ctx.ask([{"role": "user", "content": text}], max_tokens=8)
    prompt = (reply.usage or {}).get("prompt_tokens")
    capped = "" if target == int(served * 0.8) else f" (capped by --serving-needle-tokens={ctx.needle_max_tokens})"
    if not reply.ok:
        return bad(
            f"a {target}-token prompt within the advertised {served} ({source}) was refused: {reply.describe()}",
            prompt_tokens=prompt,
        )
    if isinstance(prompt, int) and prompt < target * 0.7:
        return bad(
            f"the server counted {prompt} prompt tokens for a ~{target}-token prompt: it was truncated",
            prompt_tokens=prompt,
        )
    if NEEDLE not in (reply.content or ""):
        return bad(
            f"the code at the start of a {prompt or target}-token prompt was not recalled "
            f"({reply.describe()}): the start of the prompt was likely dropped",
            prompt_tokens=prompt,
        )
    return ok(f"recalled from a {prompt or target}-token prompt of {served}{capped}", prompt_tokens=prompt)


@check(
    "limits.over_context",
    "a prompt over the context gets a clear error",
    CTX_FLAG + " and silent truncation (llama.cpp --context-shift; Ollama truncates by default)",
    ALL_PACKS,
)
def over_context(ctx):
    served, _ = ctx.served_context()
    if served is None:
        return skip("the server advertises no context size to exceed")
    text = f"Remember this code: {NEEDLE}.\n\n" + _filler(ctx, int(served * 1.25)) + "\n\nWhat was the code?"
    reply = ctx.ask([{"role": "user", "content": text}], max_tokens=4)
    if reply.status is not None and 400 <= reply.status < 500:
        return ok(f"HTTP {reply.status}: {reply.error[:120]}")
    if reply.ok:
        return bad(
            f"a prompt of ~{int(served * 1.25)} tokens over the {served}-token context was answered "
            f"(prompt_tokens {(reply.usage or {}).get('prompt_tokens')}): it was silently truncated"
        )
    return bad(f"an over-context prompt got no clear client error: {reply.describe()}")
