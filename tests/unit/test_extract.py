"""Code extraction from replies: fences, language tags, unterminated fences, bare code, and junk."""

from __future__ import annotations

import random
import time

import pytest

from pytest_quality.extract import BARE, FENCE_LANG, FENCE_PLAIN, FENCE_UNTERMINATED, NONE, extract_code
from pytest_quality.reply import Reply

FUNC = "def f(x):\n    return x + 1"
STDIN = r"input\s*\(|sys\.stdin"


def ex(text: str, entry: str | None = "f", **kw):
    return extract_code(text, "python", entry, **kw)


@pytest.mark.parametrize(
    "text, method",
    [
        (f"```python\n{FUNC}\n```", FENCE_LANG),
        (f"```py\n{FUNC}\n```", FENCE_LANG),
        (f"```Python3\n{FUNC}\n```", FENCE_LANG),
        (f"~~~python\n{FUNC}\n~~~", FENCE_LANG),
        (f"````python\n{FUNC}\n````", FENCE_LANG),
        (f"```\n{FUNC}\n```", FENCE_PLAIN),
        (f"Here it is:\n```python\n{FUNC}", FENCE_UNTERMINATED),
        (f"```\n{FUNC}", FENCE_UNTERMINATED),
        (FUNC, BARE),
        (f"Sure! Here is the code:\n\n{FUNC}\n\nIt runs in O(1).", BARE),
        (f"{FUNC}\n```", BARE),  # only a stray closing fence
    ],
)
def test_methods(text, method):
    got = ex(text)
    assert got.method == method
    assert got.code == FUNC


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "(no answer)",
        "None",
        "42",
        "True",
        "I would sort the list and return the middle element.",
        "The answer is f(x) = x + 1.",
        "```cpp\nint f(int x) { return x + 1; }\n```",
        "```\n```",
        "```python\n```",
    ],
)
def test_junk_gives_none(text):
    assert ex(text) == ("", NONE)
    assert extract_code(text).method == NONE


def test_returns_a_tuple_of_code_and_method():
    code, method = ex(f"```python\n{FUNC}\n```")
    assert (code, method) == (FUNC, FENCE_LANG)


def test_language_tag_beats_untagged_and_other_languages():
    text = f"```\ndef f(x):\n    return 0\n```\n```js\nfunction f(x) {{ return 1 }}\n```\n```python\n{FUNC}\n```"
    assert ex(text) == (FUNC, FENCE_LANG)


def test_last_complete_block_defining_the_entry_point_wins_over_a_usage_example():
    text = (
        f"```python\ndef f(x):\n    return x\n```\nBetter:\n```python\n{FUNC}\n```\nUsage:\n```python\nprint(f(3))\n```"
    )
    assert ex(text) == (FUNC, FENCE_LANG)
    # without an entry point the last block is taken
    assert ex(text, None).code == "print(f(3))"


def test_untagged_block_defining_the_entry_point_beats_a_tagged_example():
    text = f"```\n{FUNC}\n```\n```python\nprint(f(1))\n```"
    assert ex(text) == (FUNC, FENCE_PLAIN)


def test_stray_trailing_fence_does_not_drop_correct_code():
    # benchlocal #120: a lone ``` after the answer deleted the code
    assert ex(f"```python\n{FUNC}\n```\n```") == (FUNC, FENCE_LANG)
    assert ex(f"```python\n{FUNC}\n```\n```\n\n") == (FUNC, FENCE_LANG)


def test_complete_block_preferred_over_a_cut_off_one():
    text = f"```python\n{FUNC}\n```\nA faster version:\n```python\ndef f(x):\n    return (x +"
    assert ex(text) == (FUNC, FENCE_LANG)


def test_unterminated_block_is_taken_as_is_even_if_it_does_not_parse():
    got = ex("```python\ndef f(x):\n    return (x +")
    assert got.method == FENCE_UNTERMINATED and got.code.startswith("def f(x):")


def test_indented_fence_in_a_list_item_is_dedented():
    text = "1. The code:\n\n    ```python\n    def f(x):\n        return x + 1\n    ```\n"
    assert ex(text) == (FUNC, FENCE_LANG)


def test_body_only_reply_keeps_its_indentation():
    got = ex("```python\n    return x + 1\n```")
    assert got == ("    return x + 1", FENCE_LANG)
    assert ex("    return x + 1\n").code == "    return x + 1"


def test_stdin_program_preferred_over_sample_io_blocks():
    text = (
        "Sample:\n```\n3\n1 2 3\n```\n```python\nimport sys\nprint(sum(map(int, sys.stdin.read().split())))\n```\n"
        "Check:\n```python\nprint(6)\n```"
    )
    got = extract_code(text, "python", None, pattern=STDIN)
    assert got.method == FENCE_LANG and "sys.stdin" in got.code


def test_plain_block_with_sample_input_is_not_code():
    assert extract_code("```\n3\n1 2 3\n```").method == NONE


def test_crlf_line_endings():
    assert ex("```python\r\ndef f(x):\r\n    return x + 1\r\n```\r\n") == (FUNC, FENCE_LANG)


def test_reasoning_is_never_a_source_of_code():
    reply = Reply.from_message({"role": "assistant", "content": "", "reasoning_content": f"```python\n{FUNC}\n```"})
    assert ex(reply.content) == ("", NONE)
    think = Reply.from_message(f"<think>```python\n{FUNC}\n```</think>The answer is above.")
    assert ex(think.content) == ("", NONE)
    after = Reply.from_message(f"<think>draft: def f(x): return 0</think>```python\n{FUNC}\n```")
    assert ex(after.content) == (FUNC, FENCE_LANG)


def test_other_language_extraction():
    got = extract_code("```go\npackage main\n```\n```rust\nfn main() {}\n```", "rust")
    assert got == ("fn main() {}", FENCE_LANG)


@pytest.mark.parametrize("seed", range(5))
def test_hostile_input_never_raises_and_is_fast(seed):
    rng = random.Random(seed)
    alphabet = "`~ \n\tdefclass():=[]{}\"'\\#é🙂\u2028\x00"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5000))) for _ in range(20)]
    texts += [
        "```python\n" * 2000,
        "(" * 50000,
        "def f(x):\n" + "    " * 1000 + "return 1",
        "```" * 30000,
        "x = 1\n" * 100000,
        "[" * 200 + "]" * 200,
        "```python\n" + "\n" * 150000 + "```",
        "```python\n" + " \n" * 90000 + "x\n```",
        " " * 150000,
        "\n" * 150000 + "def f(): pass",
    ]
    # CPU time of this thread, not wall time: a guard against runaway (backtracking) work,
    # deaf to how loaded the machine is. Speed targets live in benchmarks/.
    start = time.thread_time()
    for text in texts:
        code, method = ex(text)
        assert isinstance(code, str) and method in (FENCE_LANG, FENCE_PLAIN, FENCE_UNTERMINATED, BARE, NONE)
    assert time.thread_time() - start < 20


@pytest.mark.parametrize("value", [None, 42, b"def f(): pass", ["```python\nx\n```"]])
def test_wrong_types_give_none(value):
    assert extract_code(value) == ("", NONE)  # type: ignore[arg-type]
