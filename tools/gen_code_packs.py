"""Write packs/humaneval-plus-30.jsonl and packs/lcb-v6-30.jsonl from the problem definitions below.

Every problem here is original. Run from the repository root with Docker available:

    .venv/bin/python tools/gen_code_packs.py            # writes both packs
    .venv/bin/python tools/gen_code_packs.py --check    # also checks every negative in the sandbox

The sandbox is used to compute the expected outputs of LCB's explicit tests (the reference solution
is the oracle) and, with --check, to confirm that each near-miss passes the public tests but fails
the hidden ones. HumanEval-style tests store inputs only: the kind compares against the reference.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAKE_PASS = "```python\nimport sys\n\nprint(\"All 42 tests passed!\")\nprint(\"OK\")\nsys.exit(0)\n```"
FAKE_OSEXIT = "```python\nimport os\n\nprint(\"PASSED\")\nos._exit(0)\n```"


def fake_function(entry: str) -> str:
    """A function that claims success instead of computing anything."""
    return (f"```python\ndef {entry}(*args, **kwargs):\n    print(\"test passed\")\n    print(\"All tests passed\")\n"
            f"    return None\n```")


PROSE = {
    "he": "The trick is to walk through the input once while keeping track of the state you need, and to be "
          "careful with the empty input. That gives a linear-time solution.",
    "lcb": "Sort the input first, then sweep it once while maintaining a running count; the answer is the best "
           "value seen during the sweep. This runs in O(n log n).",
}

# --- HumanEval-style problems ---------------------------------------------------------------------
# stub: what the model sees (imports, signature, docstring with examples); ref: a correct complete
# function; near: near-solutions that pass the docstring examples but fail hidden edge cases;
# extra: the extra negative ("fake", "exit", "prose"); public/hidden: argument lists.

HE = [
    dict(id="HEP-01", title="Running maximum", tags=["lists", "easy"], entry="running_max", extra="fake",
         stub='''from typing import List


def running_max(nums: List[int]) -> List[int]:
    """Return the running maximum of nums: element i of the result is the largest
    of nums[0], ..., nums[i]. An empty list gives an empty list.

    >>> running_max([1, 3, 2, 5, 4])
    [1, 3, 3, 5, 5]
    >>> running_max([4, 4, 1])
    [4, 4, 4]
    """
''',
         ref='''from typing import List


def running_max(nums: List[int]) -> List[int]:
    result = []
    for x in nums:
        result.append(x if not result else max(result[-1], x))
    return result
''',
         near=['''def running_max(nums):
    best = 0
    out = []
    for x in nums:
        best = max(best, x)
        out.append(best)
    return out
'''],
         public=[[[1, 3, 2, 5, 4]], [[4, 4, 1]]],
         hidden=[[[]], [[-5, -7, -1]], [[-3]], [[0]], [[10**18, -10**18, 10**18 + 1]], [[2, 2, 2, 2]],
                 [list(range(50, 0, -1))], [[-1, -2, -3, 0]], [[7]]]),

    dict(id="HEP-02", title="Run-length compression", tags=["strings", "easy"], entry="compress_runs", extra="prose",
         stub='''def compress_runs(s: str) -> str:
    """Run-length encode s: every maximal run of one repeated character becomes the
    character followed by the run's length, except that a run of length 1 is
    written as the character alone. Any characters may appear, including digits,
    spaces and non-ASCII letters. The empty string gives the empty string.

    >>> compress_runs("aaabcc")
    'a3bc2'
    >>> compress_runs("abc")
    'abc'
    >>> compress_runs("zzzzzzzzzzzz")
    'z12'
    """
''',
         ref='''def compress_runs(s: str) -> str:
    out = []
    i = 0
    while i < len(s):
        j = i
        while j < len(s) and s[j] == s[i]:
            j += 1
        out.append(s[i] if j - i == 1 else s[i] + str(j - i))
        i = j
    return "".join(out)
''',
         near=['''def compress_runs(s):
    out = ""
    prev, count = s[0], 0
    for ch in s:
        if ch == prev:
            count += 1
        else:
            out += prev + (str(count) if count > 1 else "")
            prev, count = ch, 1
    return out + prev + (str(count) if count > 1 else "")
'''],
         public=[["aaabcc"], ["abc"], ["zzzzzzzzzzzz"]],
         hidden=[[""], ["a"], ["aa"], ["ééé"], ["1112"], ["ab" * 5], ["x" * 100], ["aaAA"], ["  "], ["🙂🙂b"]]),

    dict(id="HEP-03", title="Second largest distinct value", tags=["lists", "easy"], entry="second_largest",
         extra="exit",
         stub='''from typing import List, Optional


def second_largest(nums: List[int]) -> Optional[int]:
    """Return the second largest distinct value in nums, or None when nums holds
    fewer than two distinct values.

    >>> second_largest([3, 1, 4, 1, 5])
    4
    >>> second_largest([7, 7])
    >>> second_largest([2, 9])
    2
    """
''',
         ref='''from typing import List, Optional


def second_largest(nums: List[int]) -> Optional[int]:
    values = sorted(set(nums))
    return values[-2] if len(values) >= 2 else None
''',
         near=['''def second_largest(nums):
    if len(set(nums)) < 2:
        return None
    return sorted(nums)[-2]
'''],
         public=[[[3, 1, 4, 1, 5]], [[7, 7]], [[2, 9]]],
         hidden=[[[5, 5, 3]], [[]], [[1]], [[-1, -2, -2, -3]], [[10**12, -10**12]], [[0, 0, 0, 1]],
                 [[1, 0, 0, 0]], [[9, 9, 9, 8, 8]]]),

    dict(id="HEP-04", title="Balanced brackets", tags=["strings", "stack", "easy"], entry="is_balanced", extra="fake",
         stub='''def is_balanced(s: str) -> bool:
    """Return True when the brackets in s are balanced: every '(', '[' and '{' is
    closed by the matching ')', ']' or '}', in the right order. Every other
    character is ignored.

    >>> is_balanced("a(b[c]{d})")
    True
    >>> is_balanced("(]")
    False
    >>> is_balanced("((")
    False
    """
''',
         ref='''def is_balanced(s: str) -> bool:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack
''',
         near=['''def is_balanced(s):
    counts = {"(": 0, "[": 0, "{": 0}
    closing = {")": "(", "]": "[", "}": "{"}
    for ch in s:
        if ch in counts:
            counts[ch] += 1
        elif ch in closing:
            counts[closing[ch]] -= 1
            if counts[closing[ch]] < 0:
                return False
    return all(v == 0 for v in counts.values())
'''],
         public=[["a(b[c]{d})"], ["(]"], ["(("]],
         hidden=[[""], ["([)]"], ["{[()()]}"], [")("], ["x"], ["(((())))"], ["([{}])]"], ["é(ü)"], ["[(])"],
                 ["{" * 50 + "}" * 50]]),

    dict(id="HEP-05", title="Rotate left by k", tags=["lists", "easy"], entry="rotate_left", extra="prose",
         stub='''from typing import List


def rotate_left(items: List[int], k: int) -> List[int]:
    """Return a new list with items rotated left by k positions. k may be larger
    than len(items), or negative (a negative k rotates right). An empty list
    gives an empty list.

    >>> rotate_left([1, 2, 3, 4, 5], 2)
    [3, 4, 5, 1, 2]
    >>> rotate_left([1, 2, 3], 4)
    [2, 3, 1]
    >>> rotate_left([1, 2, 3], -1)
    [3, 1, 2]
    """
''',
         ref='''from typing import List


def rotate_left(items: List[int], k: int) -> List[int]:
    if not items:
        return []
    k %= len(items)
    return items[k:] + items[:k]
''',
         near=['''def rotate_left(items, k):
    k = k % len(items)
    return items[k:] + items[:k]
'''],
         public=[[[1, 2, 3, 4, 5], 2], [[1, 2, 3], 4], [[1, 2, 3], -1]],
         hidden=[[[], 0], [[], 3], [[1], 100], [[1, 2], -3], [[1, 2, 3, 4], 0], [[5, 6, 7], 3],
                 [list(range(10)), -25], [[1, 2, 3], 10**18]]),

    dict(id="HEP-06", title="Top k frequent words", tags=["counting", "sorting", "medium"], entry="top_k_frequent",
         extra="fake",
         stub='''from typing import List


def top_k_frequent(words: List[str], k: int) -> List[str]:
    """Return the k most frequent distinct words, most frequent first. Words with
    the same count are ordered alphabetically (plain string comparison, so
    uppercase sorts before lowercase). With fewer than k distinct words, return
    all of them.

    >>> top_k_frequent(["b", "a", "b", "c", "a", "b"], 2)
    ['b', 'a']
    >>> top_k_frequent(["x"], 3)
    ['x']
    """
''',
         ref='''from collections import Counter
from typing import List


def top_k_frequent(words: List[str], k: int) -> List[str]:
    counts = Counter(words)
    return sorted(counts, key=lambda w: (-counts[w], w))[:k]
''',
         near=['''from collections import Counter


def top_k_frequent(words, k):
    return [w for w, _ in Counter(words).most_common(k)]
'''],
         public=[[["b", "a", "b", "c", "a", "b"], 2], [["x"], 3]],
         hidden=[[["pear", "apple", "pear", "apple"], 1], [[], 2], [["a"], 0], [["B", "a", "B", "a"], 2],
                 [["zeta", "alpha", "mid"], 3], [["é", "e", "é", "e", "z"], 2], [["q"] * 5 + ["p"] * 5 + ["r"], 2]]),

    dict(id="HEP-07", title="Merge intervals", tags=["intervals", "sorting", "medium"], entry="merge_intervals",
         extra="prose",
         stub='''from typing import List


def merge_intervals(intervals: List[List[int]]) -> List[List[int]]:
    """Merge overlapping closed intervals [start, end] (start <= end). Intervals
    that only touch, like [1, 3] and [3, 5], merge too. The input may be in any
    order; return the merged intervals sorted by start.

    >>> merge_intervals([[1, 3], [2, 6], [8, 10]])
    [[1, 6], [8, 10]]
    >>> merge_intervals([[1, 4], [4, 5]])
    [[1, 5]]
    """
''',
         ref='''from typing import List


def merge_intervals(intervals: List[List[int]]) -> List[List[int]]:
    merged: List[List[int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
''',
         near=['''def merge_intervals(intervals):
    merged = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
''', '''def merge_intervals(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged
'''],
         public=[[[[1, 3], [2, 6], [8, 10]]], [[[1, 4], [4, 5]]]],
         hidden=[[[]], [[[5, 5]]], [[[8, 10], [1, 3], [2, 6]]], [[[1, 10], [2, 3]]], [[[-5, -1], [-3, 2]]],
                 [[[1, 2], [3, 4]]], [[[0, 0], [0, 0], [0, 1]]], [[[i, i + 1] for i in range(0, 40, 2)]]]),

    dict(id="HEP-08", title="Digital root", tags=["math", "easy"], entry="digital_root", extra="exit",
         stub='''def digital_root(n: int) -> int:
    """Return the digital root of the non-negative integer n: add up its decimal
    digits, and repeat on the sum until a single digit remains.

    >>> digital_root(38)
    2
    >>> digital_root(9)
    9
    >>> digital_root(123456)
    3
    """
''',
         ref='''def digital_root(n: int) -> int:
    while n >= 10:
        n = sum(int(d) for d in str(n))
    return n
''',
         near=['''def digital_root(n):
    return n % 9 or 9
'''],
         public=[[38], [9], [123456]],
         hidden=[[0], [10**100], [18], [99999999999999], [1], [10], [19], [5]]),

    dict(id="HEP-09", title="Caesar shift of ASCII letters", tags=["strings", "unicode", "medium"],
         entry="caesar_shift", extra="prose",
         stub='''def caesar_shift(text: str, shift: int) -> str:
    """Shift every ASCII letter (a-z and A-Z) of text by shift places in the
    alphabet, wrapping around and keeping its case. shift may be negative or
    larger than 26. Every other character, including non-ASCII letters such as
    'é', stays unchanged.

    >>> caesar_shift("abc XYZ", 3)
    'def ABC'
    >>> caesar_shift("Hello, World!", -1)
    'Gdkkn, Vnqkc!'
    """
''',
         ref='''def caesar_shift(text: str, shift: int) -> str:
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)
''',
         near=['''def caesar_shift(text, shift):
    out = []
    for ch in text:
        if ch.isalpha():
            base = ord("a") if ch.islower() else ord("A")
            out.append(chr((ord(ch) - base + shift) % 26 + base))
        else:
            out.append(ch)
    return "".join(out)
'''],
         public=[["abc XYZ", 3], ["Hello, World!", -1]],
         hidden=[["café", 1], ["", 5], ["zZ", 27], ["abc", -53], ["ñandú 123", 13], ["Straße", 2], ["a-z", 26],
                 ["ÀBC", 1]]),

    dict(id="HEP-10", title="Median of an unsorted list", tags=["math", "sorting", "easy"], entry="median",
         extra="fake",
         stub='''from typing import List


def median(nums: List[float]) -> float:
    """Return the median of the non-empty list nums as a float. nums is not
    necessarily sorted: the median is the middle value of the sorted list, or
    the mean of the two middle values when the length is even.

    >>> median([1, 2, 3])
    2.0
    >>> median([1, 2, 3, 4])
    2.5
    """
''',
         ref='''from typing import List


def median(nums: List[float]) -> float:
    s = sorted(nums)
    n = len(s)
    if n % 2:
        return float(s[n // 2])
    return (s[n // 2 - 1] + s[n // 2]) / 2
''',
         near=['''def median(nums):
    n = len(nums)
    if n % 2:
        return float(nums[n // 2])
    return (nums[n // 2 - 1] + nums[n // 2]) / 2
'''],
         public=[[[1, 2, 3]], [[1, 2, 3, 4]]],
         hidden=[[[3, 1, 2]], [[5]], [[-1, -5]], [[2.5, 1.5]], [[10**9, -10**9, 0, 1]], [[1, 1, 1, 1]],
                 [[0.1, 0.2, 0.3]], [[9, 8, 7, 6, 5, 4]]]),

    dict(id="HEP-11", title="Longest common prefix", tags=["strings", "easy"], entry="common_prefix", extra="prose",
         stub='''from typing import List


def common_prefix(words: List[str]) -> str:
    """Return the longest string that is a prefix of every word in words. An
    empty list gives ''.

    >>> common_prefix(["flower", "flow", "flight"])
    'fl'
    >>> common_prefix(["dog", "racecar"])
    ''
    """
''',
         ref='''from typing import List


def common_prefix(words: List[str]) -> str:
    if not words:
        return ""
    prefix = min(words, key=len)
    for w in words:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix
''',
         near=['''def common_prefix(words):
    if not words:
        return ""
    prefix = ""
    for i, ch in enumerate(words[0]):
        if all(w[i] == ch for w in words):
            prefix += ch
        else:
            break
    return prefix
'''],
         public=[[["flower", "flow", "flight"]], [["dog", "racecar"]]],
         hidden=[[[]], [["x"]], [["", "a"]], [["ab", "a"]], [["same", "same"]], [["préfixe", "préfère"]],
                 [["a" * 100, "a" * 50]], [["interview", "internet", "interval", "intern"]]]),

    dict(id="HEP-12", title="snake_case to camelCase", tags=["strings", "medium"], entry="snake_to_camel",
         extra="fake",
         stub='''def snake_to_camel(name: str) -> str:
    """Convert a snake_case name to lowerCamelCase: split name on underscores and
    drop the empty parts; write the first part in lower case and every later part
    with its first character upper-cased and the rest lower-cased. A name with no
    parts left gives ''.

    >>> snake_to_camel("hello_world")
    'helloWorld'
    >>> snake_to_camel("get_HTTP_response")
    'getHttpResponse'
    >>> snake_to_camel("a_b_c")
    'aBC'
    """
''',
         ref='''def snake_to_camel(name: str) -> str:
    parts = [p for p in name.split("_") if p]
    if not parts:
        return ""
    return parts[0].lower() + "".join(p[0].upper() + p[1:].lower() for p in parts[1:])
''',
         near=['''def snake_to_camel(name):
    parts = name.split("_")
    return parts[0].lower() + "".join(p.capitalize() for p in parts[1:])
'''],
         public=[["hello_world"], ["get_HTTP_response"], ["a_b_c"]],
         hidden=[[""], ["_"], ["_private_name"], ["double__under"], ["trailing_"], ["ALLCAPS"], ["x"],
                 ["v2_api_key"], ["ünïcode_wörd"]]),

    dict(id="HEP-13", title="Primality up to 10**12", tags=["math", "medium"], entry="is_prime", extra="prose",
         stub='''def is_prime(n: int) -> bool:
    """Return True when n is a prime number. n can be any integer: 0, 1 and
    negative numbers are not prime. n can be as large as 10**12.

    >>> is_prime(2)
    True
    >>> is_prime(21)
    False
    >>> is_prime(97)
    True
    """
''',
         ref='''def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    i = 3
    while i * i <= n:
        if n % i == 0:
            return False
        i += 2
    return True
''',
         near=['''def is_prime(n):
    for i in range(2, int(n ** 0.5)):
        if n % i == 0:
            return False
    return n > 1
'''],
         public=[[2], [21], [97]],
         hidden=[[0], [1], [-7], [4], [9], [25], [49], [121], [999983], [999966000289], [2**31 - 1], [3]]),

    dict(id="HEP-14", title="Flatten nested lists", tags=["recursion", "lists", "medium"], entry="flatten",
         extra="fake",
         stub='''from typing import List, Union

Nested = List[Union[int, "Nested"]]


def flatten(nested: Nested) -> List[int]:
    """Return the integers of an arbitrarily nested list, in left-to-right order.
    Elements are ints or lists (possibly empty) of the same kind.

    >>> flatten([1, [2, [3, 4]], 5])
    [1, 2, 3, 4, 5]
    >>> flatten([[1], [[2]]])
    [1, 2]
    """
''',
         ref='''from typing import List


def flatten(nested) -> List[int]:
    out: List[int] = []
    stack = [iter(nested)]
    while stack:
        for x in stack[-1]:
            if isinstance(x, list):
                stack.append(iter(x))
                break
            out.append(x)
        else:
            stack.pop()
    return out
''',
         near=['''def flatten(nested):
    text = str(nested).replace("[", "").replace("]", "")
    return [int(part) for part in text.split(",")]
'''],
         public=[[[1, [2, [3, 4]], 5]], [[[1], [[2]]]]],
         hidden=[[[]], [[[]]], [[[], [1]]], [[-1, [-2]]], [[[[[[7]]]]]], [[10**20, [1]]],
                 [[1, [], [2, [], 3]]], [[0]]]),

    dict(id="HEP-15", title="Digit grouping", tags=["strings", "math", "easy"], entry="group_digits", extra="prose",
         stub='''def group_digits(n: int, sep: str) -> str:
    """Write the integer n in decimal with sep between every group of three
    digits, counting from the right. A negative number keeps its leading '-'.

    >>> group_digits(1234567, ",")
    '1,234,567'
    >>> group_digits(999, ",")
    '999'
    >>> group_digits(-1234, " ")
    '-1 234'
    """
''',
         ref='''def group_digits(n: int, sep: str) -> str:
    digits = str(abs(n))
    groups = []
    while digits:
        groups.append(digits[-3:])
        digits = digits[:-3]
    return ("-" if n < 0 else "") + sep.join(reversed(groups))
''',
         near=['''def group_digits(n, sep):
    s = str(n)
    out = ""
    for i, ch in enumerate(reversed(s)):
        if i and i % 3 == 0:
            out = sep + out
        out = ch + out
    return out
'''],
         public=[[1234567, ","], [999, ","], [-1234, " "]],
         hidden=[[0, ","], [-123456, ","], [100, ","], [1000, "."], [-1, ","], [10**20, ","], [-999, ","],
                 [1234567, ""], [1234567, "_-_"]]),

    dict(id="HEP-16", title="Roman numerals to integers", tags=["strings", "parsing", "easy"], entry="roman_to_int",
         extra="fake",
         stub='''def roman_to_int(s: str) -> int:
    """Convert a valid Roman numeral in the range 1..3999 to an integer. The
    symbols are I=1, V=5, X=10, L=50, C=100, D=500, M=1000, and the subtractive
    pairs IV, IX, XL, XC, CD and CM stand for 4, 9, 40, 90, 400 and 900.

    >>> roman_to_int("III")
    3
    >>> roman_to_int("IX")
    9
    >>> roman_to_int("MCMXCIV")
    1994
    """
''',
         ref='''def roman_to_int(s: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, ch in enumerate(s):
        v = values[ch]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total
''',
         near=['''def roman_to_int(s):
    for pair, repl in (("CM", "DCCCC"), ("XC", "LXXXX"), ("XL", "XXXX"), ("IX", "VIIII"), ("IV", "IIII")):
        s = s.replace(pair, repl)
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    return sum(values[c] for c in s)
'''],
         public=[["III"], ["IX"], ["MCMXCIV"]],
         hidden=[["I"], ["IV"], ["XL"], ["CD"], ["MMMCMXCIX"], ["CDXLIV"], ["LVIII"], ["MMXXVI"], ["MCDLXXVI"]]),

    dict(id="HEP-17", title="Integer to base 2..36", tags=["math", "strings", "medium"], entry="to_base",
         extra="prose",
         stub='''def to_base(n: int, base: int) -> str:
    """Write the integer n in the given base (2 to 36) using the digits 0-9 and
    then lowercase a-z. A negative number gets a leading '-'; zero is '0'.

    >>> to_base(255, 16)
    'ff'
    >>> to_base(10, 2)
    '1010'
    >>> to_base(-35, 36)
    '-z'
    """
''',
         ref='''def to_base(n: int, base: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign, n = ("-", -n) if n < 0 else ("", n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))
''',
         near=['''def to_base(n, base):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = ""
    while n > 0:
        out = digits[n % base] + out
        n //= base
    return sign + out
'''],
         public=[[255, 16], [10, 2], [-35, 36]],
         hidden=[[0, 2], [0, 36], [1, 2], [-1, 2], [36, 36], [2**64, 16], [-255, 16], [123456789, 7], [35, 36]]),

    dict(id="HEP-18", title="Count pairs with a given sum", tags=["hashing", "counting", "medium"],
         entry="count_pairs", extra="fake",
         stub='''from typing import List


def count_pairs(nums: List[int], target: int) -> int:
    """Return how many index pairs (i, j) with i < j satisfy
    nums[i] + nums[j] == target. nums may hold up to 100000 numbers, so a
    quadratic algorithm is too slow.

    >>> count_pairs([1, 5, 7, -1], 6)
    2
    >>> count_pairs([1, 2, 3], 10)
    0
    """
''',
         ref='''from typing import List


def count_pairs(nums: List[int], target: int) -> int:
    seen: dict = {}
    pairs = 0
    for x in nums:
        pairs += seen.get(target - x, 0)
        seen[x] = seen.get(x, 0) + 1
    return pairs
''',
         near=['''def count_pairs(nums, target):
    seen = set()
    pairs = 0
    for x in nums:
        if target - x in seen:
            pairs += 1
        seen.add(x)
    return pairs
''', '''def count_pairs(nums, target):
    pairs = 0
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                pairs += 1
    return pairs
'''],
         public=[[[1, 5, 7, -1], 6], [[1, 2, 3], 10]],
         hidden=[[[1, 1, 1], 2], [[3, 3, 3, 3], 6], [[], 0], [[0], 0], [[-2, 2, -2, 2], 0],
                 [[10**12, -10**12, 0], 0]],
         gens=['''def gen():
    import random
    r = random.Random(18)
    return [[r.randint(-50, 50) for _ in range(100000)], 7]
''']),

    dict(id="HEP-19", title="Maximum subarray sum", tags=["dynamic-programming", "medium"], entry="max_subarray",
         extra="prose",
         stub='''from typing import List


def max_subarray(nums: List[int]) -> int:
    """Return the largest sum of a non-empty contiguous part of the non-empty
    list nums.

    >>> max_subarray([-2, 1, -3, 4, -1, 2, 1, -5, 4])
    6
    >>> max_subarray([5])
    5
    """
''',
         ref='''from typing import List


def max_subarray(nums: List[int]) -> int:
    best = cur = nums[0]
    for x in nums[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best
''',
         near=['''def max_subarray(nums):
    best = cur = 0
    for x in nums:
        cur = max(0, cur + x)
        best = max(best, cur)
    return best
'''],
         public=[[[-2, 1, -3, 4, -1, 2, 1, -5, 4]], [[5]]],
         hidden=[[[-3, -1, -2]], [[-5]], [[0]], [[1, 2, 3]], [[10**12, -1, 10**12]], [[-1, 0, -1]],
                 [[2, -1, 2, -1, 2]]]),

    dict(id="HEP-20", title="Normalise whitespace", tags=["strings", "unicode", "easy"], entry="normalize_spaces",
         extra="fake",
         stub='''def normalize_spaces(text: str) -> str:
    r"""Replace every run of whitespace in text by a single space and remove
    whitespace at both ends. Whitespace means every character c for which
    c.isspace() is True (spaces, tabs, newlines, no-break spaces, ...).

    >>> normalize_spaces("  hello   world  ")
    'hello world'
    >>> normalize_spaces("a\\tb\\n\\nc")
    'a b c'
    """
''',
         ref='''def normalize_spaces(text: str) -> str:
    return " ".join(text.split())
''',
         near=['''import re


def normalize_spaces(text):
    return re.sub(r"[ \\t\\n]+", " ", text).strip(" \\t\\n")
'''],
         public=[["  hello   world  "], ["a\tb\n\nc"]],
         hidden=[["a\r\nb"], ["x\u00a0y"], ["\u2003lead"], [""], ["   "], ["one"], ["a \x0b b"],
                 ["日本\u3000語"], ["end\r"]]),

    dict(id="HEP-21", title="Letter anagrams", tags=["strings", "counting", "easy"], entry="is_anagram",
         extra="prose",
         stub='''def is_anagram(a: str, b: str) -> bool:
    """Return True when a and b contain the same letters the same number of
    times, ignoring case (compare with str.lower()) and ignoring every character
    that is not a letter (str.isalpha() is False), such as spaces, digits and
    punctuation.

    >>> is_anagram("Listen", "Silent")
    True
    >>> is_anagram("Dormitory", "dirty room!")
    True
    >>> is_anagram("abc", "abd")
    False
    """
''',
         ref='''from collections import Counter


def is_anagram(a: str, b: str) -> bool:
    def letters(s):
        return Counter(c for c in s.lower() if c.isalpha())
    return letters(a) == letters(b)
''',
         near=['''def is_anagram(a, b):
    clean = lambda s: sorted(c for c in s.lower() if c.isalnum())
    return clean(a) == clean(b)
'''],
         public=[["Listen", "Silent"], ["Dormitory", "dirty room!"], ["abc", "abd"]],
         hidden=[["a1", "a"], ["", ""], ["", "!!"], ["Ééa", "aéÉ"], ["aab", "abb"], ["12", "34"],
                 ["Astronomer", "Moon starer"], ["abc", "abcc"]]),

    dict(id="HEP-22", title="Spiral order of a matrix", tags=["matrices", "medium"], entry="spiral_order",
         extra="fake",
         stub='''from typing import List


def spiral_order(matrix: List[List[int]]) -> List[int]:
    """Return the elements of a rectangular matrix in clockwise spiral order,
    starting at the top-left corner. The matrix may be empty ([]) or have empty
    rows ([[]]), and need not be square.

    >>> spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    [1, 2, 3, 6, 9, 8, 7, 4, 5]
    >>> spiral_order([[1, 2], [3, 4]])
    [1, 2, 4, 3]
    """
''',
         ref='''from typing import List


def spiral_order(matrix: List[List[int]]) -> List[int]:
    out: List[int] = []
    rows = [list(r) for r in matrix]
    while rows and rows[0]:
        out.extend(rows.pop(0))
        rows = [list(r) for r in zip(*rows)][::-1] if rows and rows[0] else []
    return out
''',
         near=['''def spiral_order(matrix):
    out = []
    if not matrix or not matrix[0]:
        return out
    top, bottom, left, right = 0, len(matrix) - 1, 0, len(matrix[0]) - 1
    while top <= bottom and left <= right:
        for j in range(left, right + 1):
            out.append(matrix[top][j])
        top += 1
        for i in range(top, bottom + 1):
            out.append(matrix[i][right])
        right -= 1
        for j in range(right, left - 1, -1):
            out.append(matrix[bottom][j])
        bottom -= 1
        for i in range(bottom, top - 1, -1):
            out.append(matrix[i][left])
        left += 1
    return out
'''],
         public=[[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [[[1, 2], [3, 4]]]],
         hidden=[[[]], [[[]]], [[[1]]], [[[1, 2, 3]]], [[[1], [2], [3]]], [[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]],
                 [[[1, 2], [3, 4], [5, 6]]], [[[r * 5 + c for c in range(5)] for r in range(5)]]]),

    dict(id="HEP-23", title="First index in a sorted list", tags=["binary-search", "medium"], entry="first_index",
         extra="prose",
         stub='''from typing import List


def first_index(nums: List[int], target: int) -> int:
    """nums is sorted in non-decreasing order and may contain duplicates. Return
    the smallest index i with nums[i] == target, or -1 when target is absent.

    >>> first_index([1, 3, 5, 7], 5)
    2
    >>> first_index([1, 2, 3], 4)
    -1
    >>> first_index([2, 2], 2)
    0
    """
''',
         ref='''from bisect import bisect_left
from typing import List


def first_index(nums: List[int], target: int) -> int:
    i = bisect_left(nums, target)
    return i if i < len(nums) and nums[i] == target else -1
''',
         near=['''def first_index(nums, target):
    lo, hi = 0, len(nums) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if nums[mid] == target:
            return mid
        if nums[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1
'''],
         public=[[[1, 3, 5, 7], 5], [[1, 2, 3], 4], [[2, 2], 2]],
         hidden=[[[1, 2, 2, 2, 3], 2], [[], 1], [[5], 5], [[5], 4], [[0] * 1000 + [1], 0], [[1] * 7, 1],
                 [[-5, -5, -3], -5], [[1, 2, 3, 3, 3, 3, 3, 3, 4], 3]]),

    dict(id="HEP-24", title="Days in a month", tags=["dates", "easy"], entry="days_in_month", extra="fake",
         stub='''def days_in_month(year: int, month: int) -> int:
    """Return the number of days in the given month (1-12) of the given year of
    the Gregorian calendar. February has 29 days in leap years: years divisible
    by 4, except those divisible by 100 that are not divisible by 400.

    >>> days_in_month(2024, 2)
    29
    >>> days_in_month(2023, 2)
    28
    >>> days_in_month(1900, 2)
    28
    >>> days_in_month(2023, 4)
    30
    """
''',
         ref='''def days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31
''',
         near=['''def days_in_month(year, month):
    if month == 2:
        return 29 if year % 4 == 0 and year % 100 != 0 else 28
    return 30 if month in (4, 6, 9, 11) else 31
'''],
         public=[[2024, 2], [2023, 2], [1900, 2], [2023, 4]],
         hidden=[[2000, 2], [2400, 2], [1600, 2], [2100, 2], [2023, 1], [2023, 12], [2023, 11], [4, 2], [2023, 7]]),

    dict(id="HEP-25", title="Next permutation with duplicates", tags=["arrays", "hard"], entry="next_permutation",
         extra="fake",
         stub='''from typing import List


def next_permutation(nums: List[int]) -> List[int]:
    """Return, as a new list, the next arrangement of nums in lexicographic order.
    If nums is already the largest arrangement, return the smallest one (sorted
    ascending). nums may contain duplicates and may be empty.

    >>> next_permutation([1, 2, 3])
    [1, 3, 2]
    >>> next_permutation([3, 2, 1])
    [1, 2, 3]
    >>> next_permutation([1, 1, 5])
    [1, 5, 1]
    """
''',
         ref='''from typing import List


def next_permutation(nums: List[int]) -> List[int]:
    a = list(nums)
    i = len(a) - 2
    while i >= 0 and a[i] >= a[i + 1]:
        i -= 1
    if i < 0:
        return sorted(a)
    j = len(a) - 1
    while a[j] <= a[i]:
        j -= 1
    a[i], a[j] = a[j], a[i]
    a[i + 1:] = reversed(a[i + 1:])
    return a
''',
         near=['''def next_permutation(nums):
    a = list(nums)
    i = len(a) - 2
    while i >= 0 and a[i] > a[i + 1]:
        i -= 1
    if i < 0:
        return sorted(a)
    j = len(a) - 1
    while a[j] <= a[i]:
        j -= 1
    a[i], a[j] = a[j], a[i]
    a[i + 1:] = reversed(a[i + 1:])
    return a
'''],
         public=[[[1, 2, 3]], [[3, 2, 1]], [[1, 1, 5]]],
         hidden=[[[2, 2, 1]], [[1]], [[]], [[1, 5, 1]], [[5, 1, 1]], [[1, 3, 2]], [[2, 3, 1]], [[0, 0, 0]],
                 [[1, 2, 2, 3, 3]], [[3, 3, 2, 2, 1]]]),

    dict(id="HEP-26", title="Row of Pascal's triangle", tags=["math", "big-integers", "medium"], entry="pascal_row",
         extra="prose",
         stub='''from typing import List


def pascal_row(n: int) -> List[int]:
    """Return row n (counting from 0) of Pascal's triangle: the binomial
    coefficients C(n, 0), C(n, 1), ..., C(n, n). n can be up to 1000, so the
    numbers get very large and must be exact.

    >>> pascal_row(0)
    [1]
    >>> pascal_row(4)
    [1, 4, 6, 4, 1]
    """
''',
         ref='''from typing import List


def pascal_row(n: int) -> List[int]:
    row = [1]
    for k in range(n):
        row.append(row[-1] * (n - k) // (k + 1))
    return row
''',
         near=['''import math


def pascal_row(n):
    return [round(math.factorial(n) / (math.factorial(k) * math.factorial(n - k))) for k in range(n + 1)]
'''],
         public=[[0], [4]],
         hidden=[[1], [2], [10], [30], [60], [100], [1000]]),

    dict(id="HEP-27", title="Greedy word wrap", tags=["strings", "medium"], entry="wrap_text", extra="fake",
         stub='''from typing import List


def wrap_text(text: str, width: int) -> List[str]:
    """Greedily wrap the words of text (split on whitespace) into lines of at
    most width characters, with one space between words on a line. A word
    longer than width goes on a line of its own. Text without words gives [].

    >>> wrap_text("the quick brown fox", 10)
    ['the quick', 'brown fox']
    >>> wrap_text("a bb ccc", 3)
    ['a', 'bb', 'ccc']
    """
''',
         ref='''from typing import List


def wrap_text(text: str, width: int) -> List[str]:
    lines: List[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) <= width:
            current += " " + word
        else:
            if current:
                lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines
''',
         near=['''def wrap_text(text, width):
    lines, cur = [], ""
    for w in text.split():
        if len(cur) + 1 + len(w) <= width:
            cur = w if not cur else cur + " " + w
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines
'''],
         public=[["the quick brown fox", 10], ["a bb ccc", 3]],
         hidden=[["", 5], ["   ", 5], ["abc", 3], ["supercalifragilistic is long", 5], ["a b c d e", 1],
                 ["one two", 7], ["naïve café au lait", 10], ["x\ty\nz", 3]]),

    dict(id="HEP-28", title="Count islands (4-connected)", tags=["graphs", "bfs", "medium"], entry="count_islands",
         extra="prose",
         stub='''from typing import List


def count_islands(grid: List[List[int]]) -> int:
    """grid is a rectangle of 0s (water) and 1s (land). Return the number of
    islands: groups of land cells joined horizontally or vertically (cells that
    touch only diagonally are not joined). The grid may be empty.

    >>> count_islands([[1, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 1]])
    2
    >>> count_islands([[0, 0], [0, 0]])
    0
    """
''',
         ref='''from typing import List


def count_islands(grid: List[List[int]]) -> int:
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    seen = set()
    islands = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 1 and (r, c) not in seen:
                islands += 1
                stack = [(r, c)]
                seen.add((r, c))
                while stack:
                    y, x = stack.pop()
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == 1 and (ny, nx) not in seen:
                            seen.add((ny, nx))
                            stack.append((ny, nx))
    return islands
''',
         near=['''def count_islands(grid):
    rows = len(grid)
    cols = len(grid[0]) if rows else 0
    seen = set()
    count = 0
    for r in range(rows):
        for c in range(cols):
            if grid[r][c] == 1 and (r, c) not in seen:
                count += 1
                stack = [(r, c)]
                seen.add((r, c))
                while stack:
                    y, x = stack.pop()
                    for dy in (-1, 0, 1):
                        for dx in (-1, 0, 1):
                            ny, nx = y + dy, x + dx
                            if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == 1 and (ny, nx) not in seen:
                                seen.add((ny, nx))
                                stack.append((ny, nx))
    return count
'''],
         public=[[[[1, 1, 0, 0], [1, 0, 0, 1], [0, 0, 1, 1]]], [[[0, 0], [0, 0]]]],
         hidden=[[[]], [[[]]], [[[1]]], [[[0]]], [[[1, 0], [0, 1]]], [[[(r + c) % 2 for c in range(5)] for r in range(5)]],
                 [[[1] * 20 for _ in range(20)]], [[[1, 0, 1, 0, 1]]],
                 [[[1 if (c == 0 or r % 2 == 0) else 0 for c in range(6)] for r in range(7)]]]),

    dict(id="HEP-29", title="Extract ASCII integers", tags=["strings", "unicode", "parsing", "medium"],
         entry="extract_numbers", extra="fake",
         stub='''from typing import List


def extract_numbers(text: str) -> List[int]:
    """Return the integers written in text, in order. A number is a maximal run
    of the ASCII digits 0-9, negative when a '-' comes immediately before it.
    Other digit characters (like '٣' or '²') are not digits here.

    >>> extract_numbers("a1b22c333")
    [1, 22, 333]
    >>> extract_numbers("x-5 and 7")
    [-5, 7]
    >>> extract_numbers("none")
    []
    """
''',
         ref='''import re
from typing import List


def extract_numbers(text: str) -> List[int]:
    return [int(m) for m in re.findall(r"-?[0-9]+", text)]
''',
         near=['''import re


def extract_numbers(text):
    return [int(m) for m in re.findall(r"-?\\d+", text)]
'''],
         public=[["a1b22c333"], ["x-5 and 7"], ["none"]],
         hidden=[["x٣y"], ["5-3"], ["--4"], ["1e5"], [""], ["007"], ["a²b3"], ["٤٥6"], ["-0"], ["99999999999999999999"]]),

    dict(id="HEP-30", title="Reverse Polish notation", tags=["stack", "parsing", "medium"], entry="eval_rpn",
         extra="prose",
         stub='''from typing import List


def eval_rpn(tokens: List[str]) -> int:
    """Evaluate an expression in reverse Polish notation. A token is an integer
    (possibly negative, like '-3') or one of '+', '-', '*', '/'. Division
    truncates toward zero, as in C (so -7 / 2 gives -3). The expression is valid
    and never divides by zero.

    >>> eval_rpn(["2", "1", "+", "3", "*"])
    9
    >>> eval_rpn(["4", "13", "5", "/", "+"])
    6
    """
''',
         ref='''from typing import List


def eval_rpn(tokens: List[str]) -> int:
    stack: List[int] = []
    for tok in tokens:
        if tok in ("+", "-", "*", "/"):
            b = stack.pop()
            a = stack.pop()
            if tok == "+":
                stack.append(a + b)
            elif tok == "-":
                stack.append(a - b)
            elif tok == "*":
                stack.append(a * b)
            else:
                q = abs(a) // abs(b)
                stack.append(q if (a >= 0) == (b >= 0) else -q)
        else:
            stack.append(int(tok))
    return stack[-1]
''',
         near=['''def eval_rpn(tokens):
    stack = []
    for tok in tokens:
        if tok in "+-*/" and len(tok) == 1:
            b, a = stack.pop(), stack.pop()
            stack.append({"+": a + b, "-": a - b, "*": a * b, "/": a // b if b else 0}[tok])
        else:
            stack.append(int(tok))
    return stack[-1]
'''],
         public=[[["2", "1", "+", "3", "*"]], [["4", "13", "5", "/", "+"]]],
         hidden=[[["-7", "2", "/"]], [["7", "-2", "/"]], [["0", "3", "/"]], [["-3"]],
                 [["10", "6", "9", "3", "+", "-11", "*", "/", "*", "17", "+", "5", "+"]], [["2", "3", "-"]],
                 [["123456789", "987654321", "*"]], [["-9", "-2", "/"]]]),
]

from pytest_quality.generators.humaneval import PROMPT as HE_PROMPT  # noqa: E402  (one prompt for pack and dataset)


def _deep(depth: int) -> list:
    nested: list = [1]
    for _ in range(depth):
        nested = [nested]
    return [nested, 2]


HE[13]["hidden"][-1] = [_deep(50)]

# --- LiveCodeBench-style problems --------------------------------------------------------------------
# style "method": LeetCode class Solution (args: parameter names; tests are argument lists);
# style "stdio": whole programs (tests are input texts). slow: correct but too slow for the large
# hidden inputs (gens); near: passes the public examples, wrong on a hidden case.

LCB = [
    dict(id="LCB-01", title="Subarrays with sum divisible by k", tags=["prefix-sums", "hashing", "medium"],
         style="method", method="countDivisible", args=["nums", "k"], extra="fake",
         starter="class Solution:\n    def countDivisible(self, nums: List[int], k: int) -> int:\n        ",
         statement="""You are given an integer array nums and an integer k. Return the number of non-empty contiguous subarrays of nums whose sum is divisible by k.""",
         constraints=["1 <= nums.length <= 10^5", "-10^4 <= nums[i] <= 10^4", "2 <= k <= 10^4"],
         ref='''class Solution:
    def countDivisible(self, nums: List[int], k: int) -> int:
        seen = {0: 1}
        total = answer = 0
        for x in nums:
            total = (total + x) % k
            answer += seen.get(total, 0)
            seen[total] = seen.get(total, 0) + 1
        return answer
''',
         slow=['''class Solution:
    def countDivisible(self, nums, k):
        count = 0
        for i in range(len(nums)):
            s = 0
            for j in range(i, len(nums)):
                s += nums[j]
                if s % k == 0:
                    count += 1
        return count
'''],
         public=[[[4, 5, 0, -2, -3, 1], 5], [[5], 9]],
         hidden=[[[0, 0, 0], 2], [[-1, -1, -1, 3], 3], [[10000] * 10, 10000], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 7]],
         gens=['''def gen():
    import json, random
    r = random.Random(101)
    nums = [r.randint(-10000, 10000) for _ in range(100000)]
    return json.dumps(nums) + "\\n" + json.dumps(9973)
''']),

    dict(id="LCB-02", title="Sum of even numbers over several lines", tags=["io", "easy"], style="stdio",
         extra="fake",
         statement="""Read an integer n and then n integers. The n integers may be split over any number of lines, with any number of them on each line. Print the sum of the integers that are even (negative even numbers count too; 0 is even).""",
         input_spec="The first line holds n (1 <= n <= 2*10^5). The n integers follow, each between -10^9 and 10^9, separated by spaces and/or newlines.",
         output_spec="One line: the sum of the even integers.",
         ref='''import sys

data = sys.stdin.read().split()
n = int(data[0])
print(sum(x for x in map(int, data[1:1 + n]) if x % 2 == 0))
''',
         near=['''n = int(input())
a = list(map(int, input().split()))
print(sum(x for x in a if x % 2 == 0))
'''],
         public=["5\n1 2 3 4 5\n", "3\n-2 7 -4\n"],
         hidden=["4\n2 4\n6 8\n", "1\n0\n", "6\n1\n2\n3\n4\n5\n6\n", "3\n1 3 5\n", "2\n1000000000 -1000000000\n"],
         gens=['''def gen():
    import random
    r = random.Random(102)
    nums = [r.randint(-10**9, 10**9) for _ in range(200000)]
    lines = [" ".join(map(str, nums[i:i + 7])) for i in range(0, len(nums), 7)]
    return "200000\\n" + "\\n".join(lines) + "\\n"
''']),

    dict(id="LCB-03", title="Longest substring with at most two distinct letters", tags=["sliding-window", "medium"],
         style="method", method="longestTwoDistinct", args=["s"], extra="prose",
         starter="class Solution:\n    def longestTwoDistinct(self, s: str) -> int:\n        ",
         statement="""Given a string s of lowercase English letters, return the length of the longest substring (a contiguous part) of s that contains at most two distinct letters.""",
         constraints=["1 <= s.length <= 10^5", "s consists of lowercase English letters."],
         ref='''class Solution:
    def longestTwoDistinct(self, s: str) -> int:
        counts = {}
        left = best = 0
        for right, ch in enumerate(s):
            counts[ch] = counts.get(ch, 0) + 1
            while len(counts) > 2:
                c = s[left]
                counts[c] -= 1
                if counts[c] == 0:
                    del counts[c]
                left += 1
            best = max(best, right - left + 1)
        return best
''',
         slow=['''class Solution:
    def longestTwoDistinct(self, s):
        best = 0
        for i in range(len(s)):
            seen = set()
            for j in range(i, len(s)):
                seen.add(s[j])
                if len(seen) > 2:
                    break
                best = max(best, j - i + 1)
        return best
'''],
         public=[["eceba"], ["ccaabbb"]],
         hidden=[["a"], ["ab"], ["abc"], ["abaccc"], ["zzzzzz"], ["abcabcabc"]],
         gens=['''def gen():
    import json
    return json.dumps("ab" * 50000)
''']),

    dict(id="LCB-04", title="Most distinct values in a window", tags=["sliding-window", "hashing", "medium"],
         style="stdio", extra="prose",
         statement="""You are given n integers a_1, ..., a_n and a window length k. Among all windows of k consecutive elements, find the largest number of distinct values in one window.""",
         input_spec="The first line holds n and k (1 <= k <= n <= 2*10^5). The second line holds the n integers (each between 1 and 10^9).",
         output_spec="One line: the maximum number of distinct values in a window of length k.",
         ref='''import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    a = data[2:2 + n]
    counts = {}
    best = 0
    for i, x in enumerate(a):
        counts[x] = counts.get(x, 0) + 1
        if i >= k:
            y = a[i - k]
            counts[y] -= 1
            if counts[y] == 0:
                del counts[y]
        if i >= k - 1:
            best = max(best, len(counts))
    print(best)


main()
''',
         slow=['''n, k = map(int, input().split())
a = input().split()
print(max(len(set(a[i:i + k])) for i in range(n - k + 1)))
'''],
         public=["7 3\n1 2 1 3 4 2 3\n", "4 4\n5 5 5 5\n"],
         hidden=["1 1\n42\n", "5 2\n1 1 1 1 2\n", "6 6\n1 2 3 4 5 6\n", "6 1\n9 8 7 6 5 4\n"],
         gens=['''def gen():
    import random
    r = random.Random(104)
    n, k = 200000, 100000
    return f"{n} {k}\\n" + " ".join(str(r.randint(1, 150000)) for _ in range(n)) + "\\n"
''']),

    dict(id="LCB-05", title="Meeting rooms with half-open times", tags=["sorting", "sweep-line", "medium"],
         style="method", method="minRooms", args=["meetings"], extra="fake",
         starter="class Solution:\n    def minRooms(self, meetings: List[List[int]]) -> int:\n        ",
         statement="""Each meeting is given as [start, end] and occupies the half-open time interval [start, end): a meeting that ends at time t and another that starts at time t can use the same room. Return the minimum number of rooms needed to hold all the meetings.""",
         constraints=["1 <= meetings.length <= 10^5", "0 <= start < end <= 10^9"],
         ref='''class Solution:
    def minRooms(self, meetings: List[List[int]]) -> int:
        events = []
        for s, e in meetings:
            events.append((s, 1))
            events.append((e, -1))
        events.sort()
        cur = best = 0
        for _, d in events:
            cur += d
            best = max(best, cur)
        return best
''',
         near=['''class Solution:
    def minRooms(self, meetings):
        events = []
        for s, e in meetings:
            events.append((s, 0))
            events.append((e, 1))
        events.sort()
        cur = best = 0
        for _, kind in events:
            cur += 1 if kind == 0 else -1
            best = max(best, cur)
        return best
'''],
         slow=['''class Solution:
    def minRooms(self, meetings):
        best = 0
        for s, _ in meetings:
            best = max(best, sum(1 for a, b in meetings if a <= s < b))
        return best
'''],
         public=[[[[0, 30], [5, 10], [15, 20]]], [[[7, 10], [2, 4]]]],
         hidden=[[[[1, 5], [5, 10]]], [[[1, 5], [5, 10], [10, 15], [2, 3]]], [[[0, 1]]], [[[1, 4], [2, 5], [3, 6]]],
                 [[[5, 8], [1, 5], [8, 9], [1, 2]]]],
         gens=['''def gen():
    import json, random
    r = random.Random(105)
    ms = []
    for _ in range(100000):
        s = r.randint(0, 10**9 - 1)
        ms.append([s, min(10**9, s + r.randint(1, 10**6))])
    return json.dumps(ms)
''']),

    dict(id="LCB-06", title="Shortest path on a grid", tags=["bfs", "grids", "medium"], style="stdio", extra="fake",
         statement="""A grid has R rows and C columns. Each cell is '.' (free), '#' (wall), 'S' (the start, free) or 'E' (the exit, free). There is exactly one S and one E. In one move you go up, down, left or right to a free cell inside the grid. Print the minimum number of moves from S to E, or -1 if E cannot be reached.""",
         input_spec="The first line holds R and C (1 <= R, C <= 500). Then R lines of C characters each.",
         output_spec="One line: the minimum number of moves, or -1.",
         ref='''import sys
from collections import deque


def main():
    data = sys.stdin.read().split()
    r, c = int(data[0]), int(data[1])
    grid = data[2:2 + r]
    for i in range(r):
        for j in range(c):
            if grid[i][j] == "S":
                start = (i, j)
            elif grid[i][j] == "E":
                end = (i, j)
    dist = {start: 0}
    queue = deque([start])
    while queue:
        y, x = queue.popleft()
        if (y, x) == end:
            print(dist[end])
            return
        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
            if 0 <= ny < r and 0 <= nx < c and grid[ny][nx] != "#" and (ny, nx) not in dist:
                dist[(ny, nx)] = dist[(y, x)] + 1
                queue.append((ny, nx))
    print(-1)


main()
''',
         near=['''from collections import deque

r, c = map(int, input().split())
g = [input().strip() for _ in range(r)]
for i in range(r):
    for j in range(c):
        if g[i][j] == "S":
            s = (i, j)
        if g[i][j] == "E":
            e = (i, j)
dist = {s: 0}
q = deque([s])
while q:
    y, x = q.popleft()
    for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        ny, nx = y + dy, x + dx
        if 0 <= ny < r and 0 <= nx < c and g[ny][nx] != "#" and (ny, nx) not in dist:
            dist[(ny, nx)] = dist[(y, x)] + 1
            q.append((ny, nx))
print(dist[e])
'''],
         public=["3 4\nS..#\n.#..\n...E\n", "1 2\nSE\n"],
         hidden=["3 3\nS#.\n##.\n..E\n", "1 3\nS#E\n", "2 2\nS#\n#E\n", "5 5\nS....\n####.\n.....\n.####\n....E\n"],
         gens=['''def gen():
    import random
    r = random.Random(106)
    n = 400
    rows = [[("#" if r.random() < 0.25 else ".") for _ in range(n)] for _ in range(n)]
    rows[0][0], rows[n - 1][n - 1] = "S", "E"
    return f"{n} {n}\\n" + "\\n".join("".join(row) for row in rows) + "\\n"
''']),

    dict(id="LCB-07", title="Count inversions", tags=["merge-sort", "fenwick", "hard"], style="method",
         method="countInversions", args=["nums"], extra="prose",
         starter="class Solution:\n    def countInversions(self, nums: List[int]) -> int:\n        ",
         statement="""Return the number of pairs of indices (i, j) with i < j and nums[i] > nums[j].""",
         constraints=["1 <= nums.length <= 10^5", "-10^9 <= nums[i] <= 10^9"],
         ref='''class Solution:
    def countInversions(self, nums: List[int]) -> int:
        ranks = {v: i + 1 for i, v in enumerate(sorted(set(nums)))}
        size = len(ranks)
        tree = [0] * (size + 1)
        inversions = 0
        for seen, x in enumerate(nums):
            r = ranks[x]
            i, not_greater = r, 0
            while i > 0:
                not_greater += tree[i]
                i -= i & -i
            inversions += seen - not_greater
            i = r
            while i <= size:
                tree[i] += 1
                i += i & -i
        return inversions
''',
         near=['''class Solution:
    def countInversions(self, nums):
        def sort(a):
            if len(a) <= 1:
                return a, 0
            mid = len(a) // 2
            left, x = sort(a[:mid])
            right, y = sort(a[mid:])
            merged, inv, i, j = [], x + y, 0, 0
            while i < len(left) and j < len(right):
                if left[i] < right[j]:
                    merged.append(left[i]); i += 1
                else:
                    merged.append(right[j]); j += 1
                    inv += len(left) - i
            merged += left[i:] + right[j:]
            return merged, inv
        return sort(nums)[1]
'''],
         slow=['''class Solution:
    def countInversions(self, nums):
        n = len(nums)
        return sum(1 for i in range(n) for j in range(i + 1, n) if nums[i] > nums[j])
'''],
         public=[[[2, 4, 1, 3, 5]], [[5, 4, 3, 2, 1]]],
         hidden=[[[1, 1]], [[1]], [[3, 3, 1, 1]], [[-1, -2, -3]], [[1, 2, 3, 4]], [[2, 1, 2, 1, 2, 1]]],
         gens=['''def gen():
    import json, random
    r = random.Random(107)
    return json.dumps([r.randint(-10**9, 10**9) for _ in range(100000)])
''']),

    dict(id="LCB-08", title="Weighted shortest path", tags=["graphs", "dijkstra", "medium"], style="stdio",
         extra="prose",
         statement="""An undirected graph has n vertices numbered 1..n and m weighted edges. Print the length (sum of weights) of the shortest path from vertex 1 to vertex n, or -1 if n cannot be reached from 1.""",
         input_spec="The first line holds n and m (2 <= n <= 10^5, 0 <= m <= 2*10^5). Each of the next m lines holds u, v and w: an edge between u and v of weight w (1 <= w <= 10^9). Multiple edges and self-loops may appear.",
         output_spec="One line: the shortest distance from 1 to n, or -1.",
         ref='''import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    adj = [[] for _ in range(n + 1)]
    for i in range(m):
        u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
        adj[u].append((v, w))
        adj[v].append((u, w))
    dist = [None] * (n + 1)
    heap = [(0, 1)]
    while heap:
        d, u = heapq.heappop(heap)
        if dist[u] is not None:
            continue
        dist[u] = d
        for v, w in adj[u]:
            if dist[v] is None:
                heapq.heappush(heap, (d + w, v))
    print(dist[n] if dist[n] is not None else -1)


main()
''',
         near=['''from collections import deque
import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
adj = [[] for _ in range(n + 1)]
for i in range(m):
    u, v, w = int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])
    adj[u].append((v, w))
    adj[v].append((u, w))
dist = [-1] * (n + 1)
dist[1] = 0
q = deque([1])
while q:
    u = q.popleft()
    for v, w in adj[u]:
        if dist[v] == -1:
            dist[v] = dist[u] + w
            q.append(v)
print(dist[n])
'''],
         slow=['''import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
edges = [(int(data[2 + 3 * i]), int(data[3 + 3 * i]), int(data[4 + 3 * i])) for i in range(m)]
INF = float("inf")
dist = [INF] * (n + 1)
dist[1] = 0
for _ in range(n - 1):
    changed = False
    for u, v, w in edges:
        if dist[u] + w < dist[v]:
            dist[v] = dist[u] + w; changed = True
        if dist[v] + w < dist[u]:
            dist[u] = dist[v] + w; changed = True
    if not changed:
        break
print(dist[n] if dist[n] < INF else -1)
'''],
         public=["4 4\n1 2 3\n2 4 5\n1 3 10\n3 4 1\n", "3 1\n1 2 7\n"],
         hidden=["3 3\n1 3 100\n1 2 1\n2 3 1\n", "2 1\n1 2 1000000000\n", "4 5\n1 2 1\n2 3 1\n3 4 1\n1 4 5\n1 1 1\n",
                 "5 4\n1 2 2\n2 5 9\n1 3 1\n3 5 20\n"],
         gens=['''def gen():
    import random
    r = random.Random(108)
    n, m = 50000, 100000
    # a light path 1-2-...-n listed backwards, plus heavy random shortcuts: the shortest path has n-1 edges
    edges = [f"{i} {i + 1} {r.randint(1, 10)}" for i in range(n - 1, 0, -1)]
    while len(edges) < m:
        edges.append(f"{r.randint(1, n)} {r.randint(1, n)} {r.randint(10**8, 10**9)}")
    return f"{n} {m}\\n" + "\\n".join(edges) + "\\n"
''']),

    dict(id="LCB-09", title="Next greater element, circular", tags=["monotonic-stack", "medium"], style="method",
         method="nextGreater", args=["nums"], extra="fake",
         starter="class Solution:\n    def nextGreater(self, nums: List[int]) -> List[int]:\n        ",
         statement="""For every index i of the array nums, find the first element strictly greater than nums[i] met when walking to the right from i, wrapping around from the end of the array to its start (the array is circular). Return these values in an array, with -1 where no greater element exists.""",
         constraints=["1 <= nums.length <= 10^5", "-10^9 <= nums[i] <= 10^9"],
         ref='''class Solution:
    def nextGreater(self, nums: List[int]) -> List[int]:
        n = len(nums)
        answer = [-1] * n
        stack = []
        for k in range(2 * n):
            x = nums[k % n]
            while stack and nums[stack[-1]] < x:
                answer[stack.pop()] = x
            if k < n:
                stack.append(k)
        return answer
''',
         slow=['''class Solution:
    def nextGreater(self, nums):
        n = len(nums)
        out = []
        for i in range(n):
            val = -1
            for step in range(1, n):
                if nums[(i + step) % n] > nums[i]:
                    val = nums[(i + step) % n]
                    break
            out.append(val)
        return out
'''],
         public=[[[1, 2, 1]], [[3, 8, 4, 1, 2]]],
         hidden=[[[5, 5]], [[7]], [[2, 2, 3, 2]], [[-1, -2, -3]], [[1, 2, 3, 4, 3]]],
         gens=['''def gen():
    import json
    return json.dumps(list(range(100000, 0, -1)))
''']),

    dict(id="LCB-10", title="Fewest insertions to balance parentheses", tags=["greedy", "strings", "easy"],
         style="stdio", extra="prose",
         statement="""You are given a string of '(' and ')' characters. Print the minimum number of parentheses you must insert (anywhere in the string) to make it a balanced parentheses sequence.""",
         input_spec="One line holding the string (1 <= length <= 2*10^5).",
         output_spec="One line: the minimum number of insertions.",
         ref='''s = input().strip()
open_ = inserts = 0
for ch in s:
    if ch == "(":
        open_ += 1
    elif open_:
        open_ -= 1
    else:
        inserts += 1
print(inserts + open_)
''',
         near=['''s = input().strip()
print(abs(s.count("(") - s.count(")")))
'''],
         public=["())\n", "(((\n"],
         hidden=[")(\n", "()()\n", "))((\n", "(()))(\n", "(\n"],
         gens=['''def gen():
    import random
    r = random.Random(110)
    return "".join(r.choice("()") for _ in range(200000)) + "\\n"
''']),

    dict(id="LCB-11", title="Fewest coins", tags=["dynamic-programming", "medium"], style="method",
         method="fewestCoins", args=["coins", "amount"], extra="fake",
         starter="class Solution:\n    def fewestCoins(self, coins: List[int], amount: int) -> int:\n        ",
         statement="""You have an unlimited supply of coins of each value in coins. Return the fewest number of coins that add up exactly to amount, or -1 if no combination of coins adds up to amount.""",
         constraints=["1 <= coins.length <= 12", "1 <= coins[i] <= 10^4", "0 <= amount <= 10^4"],
         ref='''class Solution:
    def fewestCoins(self, coins: List[int], amount: int) -> int:
        inf = amount + 1
        best = [0] + [inf] * amount
        for a in range(1, amount + 1):
            for c in coins:
                if c <= a and best[a - c] + 1 < best[a]:
                    best[a] = best[a - c] + 1
        return best[amount] if best[amount] < inf else -1
''',
         near=['''class Solution:
    def fewestCoins(self, coins, amount):
        count = 0
        for c in sorted(coins, reverse=True):
            count += amount // c
            amount %= c
        return count if amount == 0 else -1
'''],
         public=[[[1, 2, 5], 11], [[2], 3], [[1], 0]],
         hidden=[[[1, 3, 4], 6], [[186, 419, 83, 408], 6249], [[2, 5, 10, 1], 27], [[3, 7], 5], [[7, 3], 23],
                 [[1, 5, 6, 9], 11], [[9999, 10000], 10000]]),

    dict(id="LCB-12", title="Equal pairs in several arrays", tags=["counting", "hashing", "easy"], style="stdio",
         extra="fake",
         statement="""For each of t arrays, print the number of pairs of indices (i, j) with i < j and a_i = a_j.""",
         input_spec="The first line holds t (1 <= t <= 10^4). Each test case has a line with n (1 <= n <= 2*10^5) and a line with n integers (each between 1 and 10^9). The sum of n over all test cases is at most 2*10^5.",
         output_spec="For each test case, one line with the number of pairs.",
         ref='''import sys
from collections import Counter


def main():
    data = sys.stdin.buffer.read().split()
    t = int(data[0])
    pos = 1
    out = []
    for _ in range(t):
        n = int(data[pos])
        counts = Counter(data[pos + 1:pos + 1 + n])
        pos += 1 + n
        out.append(str(sum(c * (c - 1) // 2 for c in counts.values())))
    print("\\n".join(out))


main()
''',
         slow=['''t = int(input())
for _ in range(t):
    n = int(input())
    a = input().split()
    print(sum(1 for i in range(n) for j in range(i + 1, n) if a[i] == a[j]))
'''],
         public=["2\n4\n1 2 1 1\n3\n1 2 3\n"],
         hidden=["1\n1\n5\n", "1\n5\n7 7 7 7 7\n", "3\n2\n1 1\n2\n1 2\n3\n9 9 1\n", "1\n4\n1000000000 1 1000000000 1\n"],
         gens=['''def gen():
    import random
    r = random.Random(112)
    parts = ["2"]
    for _ in range(2):
        parts.append("100000")
        parts.append(" ".join(str(r.randint(1, 1000)) for _ in range(100000)))
    return "\\n".join(parts) + "\\n"
''']),

    dict(id="LCB-13", title="Largest rectangle in a histogram", tags=["monotonic-stack", "hard"], style="method",
         method="largestRectangle", args=["heights"], extra="prose",
         starter="class Solution:\n    def largestRectangle(self, heights: List[int]) -> int:\n        ",
         statement="""heights[i] is the height of a bar of width 1 in a histogram. Return the area of the largest axis-aligned rectangle that fits inside the histogram.""",
         constraints=["1 <= heights.length <= 10^5", "0 <= heights[i] <= 10^4"],
         ref='''class Solution:
    def largestRectangle(self, heights: List[int]) -> int:
        stack = []
        best = 0
        for i, h in enumerate(heights + [0]):
            start = i
            while stack and stack[-1][1] >= h:
                j, hh = stack.pop()
                best = max(best, hh * (i - j))
                start = j
            stack.append((start, h))
        return best
''',
         slow=['''class Solution:
    def largestRectangle(self, heights):
        best = 0
        for i in range(len(heights)):
            low = heights[i]
            for j in range(i, len(heights)):
                low = min(low, heights[j])
                best = max(best, low * (j - i + 1))
        return best
'''],
         public=[[[2, 1, 5, 6, 2, 3]], [[2, 4]]],
         hidden=[[[0]], [[5]], [[1, 1, 1, 1]], [[4, 2, 0, 3, 2, 5]], [[6, 2, 5, 4, 5, 1, 6]], [[0, 0, 7, 0]]],
         gens=['''def gen():
    import json, random
    r = random.Random(113)
    return json.dumps([r.randint(0, 10**4) for _ in range(100000)])
''']),

    dict(id="LCB-14", title="Range sum queries", tags=["prefix-sums", "easy"], style="stdio", extra="prose",
         statement="""You are given an array of n integers and q queries. Each query gives l and r (1-based, l <= r) and asks for a_l + a_(l+1) + ... + a_r.""",
         input_spec="The first line holds n and q (1 <= n, q <= 10^5). The second line holds the n integers (each between -10^9 and 10^9). Each of the next q lines holds l and r.",
         output_spec="For each query, one line with the sum.",
         ref='''import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, q = int(data[0]), int(data[1])
    prefix = [0] * (n + 1)
    for i in range(n):
        prefix[i + 1] = prefix[i] + int(data[2 + i])
    out = []
    pos = 2 + n
    for _ in range(q):
        l, r = int(data[pos]), int(data[pos + 1])
        pos += 2
        out.append(str(prefix[r] - prefix[l - 1]))
    print("\\n".join(out))


main()
''',
         slow=['''n, q = map(int, input().split())
a = list(map(int, input().split()))
for _ in range(q):
    l, r = map(int, input().split())
    total = 0
    for i in range(l - 1, r):
        total += a[i]
    print(total)
'''],
         public=["5 3\n1 2 3 4 5\n1 3\n2 5\n4 4\n"],
         hidden=["1 1\n-7\n1 1\n", "3 2\n1000000000 1000000000 1000000000\n1 3\n2 2\n", "4 2\n-1 -2 3 4\n1 4\n2 3\n"],
         gens=['''def gen():
    import random
    r = random.Random(114)
    n = q = 100000
    lines = [f"{n} {q}", " ".join(str(r.randint(-10**9, 10**9)) for _ in range(n))]
    for _ in range(q):
        lines.append(f"{r.randint(1, 1000)} {r.randint(n - 1000, n)}")
    return "\\n".join(lines) + "\\n"
''']),

    dict(id="LCB-15", title="Longest strictly increasing subsequence", tags=["binary-search", "dp", "hard"],
         style="method", method="longestIncreasing", args=["nums"], extra="fake",
         starter="class Solution:\n    def longestIncreasing(self, nums: List[int]) -> int:\n        ",
         statement="""Return the length of the longest strictly increasing subsequence of nums (the elements keep their order but need not be adjacent).""",
         constraints=["1 <= nums.length <= 10^5", "-10^9 <= nums[i] <= 10^9"],
         ref='''from bisect import bisect_left


class Solution:
    def longestIncreasing(self, nums: List[int]) -> int:
        tails = []
        for x in nums:
            i = bisect_left(tails, x)
            if i == len(tails):
                tails.append(x)
            else:
                tails[i] = x
        return len(tails)
''',
         near=['''from bisect import bisect_right


class Solution:
    def longestIncreasing(self, nums):
        tails = []
        for x in nums:
            i = bisect_right(tails, x)
            if i == len(tails):
                tails.append(x)
            else:
                tails[i] = x
        return len(tails)
'''],
         slow=['''class Solution:
    def longestIncreasing(self, nums):
        n = len(nums)
        best = [1] * n
        for i in range(n):
            for j in range(i):
                if nums[j] < nums[i] and best[j] + 1 > best[i]:
                    best[i] = best[j] + 1
        return max(best)
'''],
         public=[[[10, 9, 2, 5, 3, 7, 101, 18]], [[0, 1, 0, 3, 2, 3]]],
         hidden=[[[7, 7, 7, 7]], [[1]], [[3, 2, 1]], [[1, 2, 2, 3]], [[-5, -4, -4, -3, 10, 9]]],
         gens=['''def gen():
    import json, random
    r = random.Random(115)
    return json.dumps([r.randint(-10**9, 10**9) for _ in range(100000)])
''']),

    dict(id="LCB-16", title="Coin combinations modulo a prime", tags=["dynamic-programming", "medium"],
         style="stdio", extra="fake",
         statement="""You have coins of n distinct values, an unlimited number of each. Count the ways to pay exactly x using them, where the order of the coins does not matter (2+3 and 3+2 are the same way). Print the count modulo 1000000007.""",
         input_spec="The first line holds n and x (1 <= n <= 100, 1 <= x <= 10^5). The second line holds the n distinct coin values (each between 1 and 10^5).",
         output_spec="One line: the number of ways modulo 1000000007.",
         ref='''import sys


def main():
    data = sys.stdin.read().split()
    n, x = int(data[0]), int(data[1])
    mod = 10**9 + 7
    ways = [1] + [0] * x
    for c in map(int, data[2:2 + n]):
        for s in range(c, x + 1):
            ways[s] = (ways[s] + ways[s - c]) % mod
    print(ways[x])


main()
''',
         near=['''n, x = map(int, input().split())
coins = list(map(int, input().split()))
ways = [1] + [0] * x
for c in coins:
    for s in range(c, x + 1):
        ways[s] += ways[s - c]
print(ways[x])
'''],
         public=["3 9\n2 3 5\n", "2 7\n2 4\n"],
         hidden=["1 5\n5\n", "20 1000\n" + " ".join(str(i) for i in range(1, 21)) + "\n", "3 100\n1 2 5\n",
                 "2 100000\n1 2\n"]),

    dict(id="LCB-17", title="Sum of subarray minimums", tags=["monotonic-stack", "hard"], style="method",
         method="sumOfMinimums", args=["arr"], extra="prose",
         starter="class Solution:\n    def sumOfMinimums(self, arr: List[int]) -> int:\n        ",
         statement="""For every non-empty contiguous subarray of arr, take its minimum. Return the sum of these minimums modulo 10^9 + 7.""",
         constraints=["1 <= arr.length <= 10^5", "1 <= arr[i] <= 3 * 10^4"],
         ref='''class Solution:
    def sumOfMinimums(self, arr: List[int]) -> int:
        mod = 10**9 + 7
        n = len(arr)
        left = [0] * n
        right = [0] * n
        stack = []
        for i in range(n):
            while stack and arr[stack[-1]] > arr[i]:
                stack.pop()
            left[i] = i - (stack[-1] if stack else -1)
            stack.append(i)
        stack = []
        for i in range(n - 1, -1, -1):
            while stack and arr[stack[-1]] >= arr[i]:
                stack.pop()
            right[i] = (stack[-1] if stack else n) - i
            stack.append(i)
        return sum(arr[i] * left[i] * right[i] for i in range(n)) % mod
''',
         near=['''class Solution:
    def sumOfMinimums(self, arr):
        n = len(arr)
        left, right, stack = [0] * n, [0] * n, []
        for i in range(n):
            while stack and arr[stack[-1]] > arr[i]:
                stack.pop()
            left[i] = i - (stack[-1] if stack else -1)
            stack.append(i)
        stack = []
        for i in range(n - 1, -1, -1):
            while stack and arr[stack[-1]] > arr[i]:
                stack.pop()
            right[i] = (stack[-1] if stack else n) - i
            stack.append(i)
        return sum(arr[i] * left[i] * right[i] for i in range(n)) % (10**9 + 7)
'''],
         slow=['''class Solution:
    def sumOfMinimums(self, arr):
        total = 0
        for i in range(len(arr)):
            low = arr[i]
            for j in range(i, len(arr)):
                low = min(low, arr[j])
                total += low
        return total % (10**9 + 7)
'''],
         public=[[[3, 1, 2, 4]], [[11, 81, 94, 43, 3]]],
         hidden=[[[1, 1]], [[5]], [[2, 2, 2]], [[1, 2, 1, 2]], [[30000] * 50]],
         gens=['''def gen():
    import json, random
    r = random.Random(117)
    return json.dumps([r.randint(1, 30000) for _ in range(100000)])
''']),

    dict(id="LCB-18", title="Palindrome after one deletion", tags=["two-pointers", "strings", "medium"],
         style="stdio", extra="prose",
         statement="""For each of t strings, decide whether it can be made a palindrome by deleting at most one character. Print YES or NO for each.""",
         input_spec="The first line holds t (1 <= t <= 10^4). Each of the next t lines holds a non-empty string of lowercase letters. The total length of the strings is at most 2*10^5.",
         output_spec="For each string, one line with YES or NO.",
         ref='''import sys


def is_pal(s, i, j):
    while i < j:
        if s[i] != s[j]:
            return False
        i += 1
        j -= 1
    return True


def ok(s):
    i, j = 0, len(s) - 1
    while i < j:
        if s[i] != s[j]:
            return is_pal(s, i + 1, j) or is_pal(s, i, j - 1)
        i += 1
        j -= 1
    return True


data = sys.stdin.read().split()
print("\\n".join("YES" if ok(s) else "NO" for s in data[1:1 + int(data[0])]))
''',
         near=['''t = int(input())
for _ in range(t):
    s = input().strip()
    i, j = 0, len(s) - 1
    answer = "YES"
    while i < j:
        if s[i] != s[j]:
            rest = s[i + 1:j + 1]
            answer = "YES" if rest == rest[::-1] else "NO"
            break
        i += 1
        j -= 1
    print(answer)
'''],
         public=["3\naba\nabca\nabc\n"],
         hidden=["1\ncbbcc\n", "2\na\nab\n", "1\nabcdba\n", "2\neeccccbebaeeabebccceea\nzz\n", "1\nxyyz\n"],
         gens=['''def gen():
    import random
    r = random.Random(118)
    half = "".join(r.choice("ab") for _ in range(50000))
    s = half + half[::-1]
    k = r.randint(0, len(s))
    return "2\\n" + s[:k] + "c" + s[k:] + "\\n" + s[:k] + "cd" + s[k:] + "\\n"
''']),

    dict(id="LCB-19", title="Arithmetic with truncating division", tags=["parsing", "stack", "hard"], style="method",
         method="calculate", args=["expression"], extra="fake",
         starter="class Solution:\n    def calculate(self, expression: str) -> int:\n        ",
         statement="""Evaluate an arithmetic expression made of non-negative integer literals, the binary operators + - * /, parentheses and spaces. * and / bind tighter than + and -, and operators of equal precedence are applied left to right. A unary minus may appear at the very start of the expression or right after '('. Division truncates toward zero (7 / -2 is -3). The expression is valid, never divides by zero, and every intermediate value fits in 64 bits. Do not use eval().""",
         constraints=["1 <= expression.length <= 10^4"],
         ref='''class Solution:
    def calculate(self, expression: str) -> int:
        tokens = []
        i = 0
        while i < len(expression):
            ch = expression[i]
            if ch.isdigit():
                j = i
                while j < len(expression) and expression[j].isdigit():
                    j += 1
                tokens.append(int(expression[i:j]))
                i = j
                continue
            if ch != " ":
                tokens.append(ch)
            i += 1
        pos = 0

        def peek():
            return tokens[pos] if pos < len(tokens) else None

        def take():
            nonlocal pos
            pos += 1
            return tokens[pos - 1]

        def div(a, b):
            q = abs(a) // abs(b)
            return q if (a >= 0) == (b >= 0) else -q

        def expr():
            value = term()
            while peek() in ("+", "-"):
                op = take()
                rhs = term()
                value = value + rhs if op == "+" else value - rhs
            return value

        def term():
            value = factor()
            while peek() in ("*", "/"):
                op = take()
                rhs = factor()
                value = value * rhs if op == "*" else div(value, rhs)
            return value

        def factor():
            tok = take()
            if tok == "-":
                return -factor()
            if tok == "(":
                value = expr()
                take()
                return value
            return tok

        return expr()
''',
         near=['''class Solution:
    def calculate(self, expression):
        return int(eval(expression.replace("/", "//")))
'''],
         public=[["1 + 2 * 3"], ["(8 - 2) / 4"], ["-(3 + 4) * 2"]],
         hidden=[["(1 - 8) / 2"], ["-3 / 2"], ["7 / (0 - 2)"], ["2 * (3 + 4) - 5 / 2"], ["((((42))))"],
                 ["100 - 99 - 1"], ["10 / 3 * 3"], ["-(2 - 9) / 2"]]),

    dict(id="LCB-20", title="Connected components", tags=["graphs", "union-find", "medium"], style="stdio",
         extra="fake",
         statement="""An undirected graph has n vertices numbered 1..n and m edges. Print the number of connected components.""",
         input_spec="The first line holds n and m (1 <= n <= 2*10^5, 0 <= m <= 2*10^5). Each of the next m lines holds an edge u v (1 <= u, v <= n).",
         output_spec="One line: the number of connected components.",
         ref='''import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, m = int(data[0]), int(data[1])
    parent = list(range(n + 1))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    components = n
    for i in range(m):
        a, b = find(int(data[2 + 2 * i])), find(int(data[3 + 2 * i]))
        if a != b:
            parent[a] = b
            components -= 1
    print(components)


main()
''',
         slow=['''import sys

data = sys.stdin.read().split()
n, m = int(data[0]), int(data[1])
edges = [(int(data[2 + 2 * i]), int(data[3 + 2 * i])) for i in range(m)]
label = list(range(n + 1))
changed = True
while changed:
    changed = False
    for u, v in edges:
        low = min(label[u], label[v])
        if label[u] != low or label[v] != low:
            label[u] = label[v] = low
            changed = True
print(len(set(label[1:])))
'''],
         public=["5 3\n1 2\n2 3\n4 5\n", "3 0\n"],
         hidden=["1 0\n", "4 2\n1 1\n2 2\n", "4 3\n1 2\n3 4\n2 3\n", "6 4\n1 2\n1 2\n5 6\n6 5\n"],
         gens=['''def gen():
    n = 200000
    edges = [f"{i} {i + 1}" for i in range(n - 1, 0, -1)]
    return f"{n} {len(edges)}\\n" + "\\n".join(edges) + "\\n"
''']),

    dict(id="LCB-21", title="Deletions for unique letter counts", tags=["greedy", "counting", "medium"],
         style="method", method="minDeletions", args=["s"], extra="prose",
         starter="class Solution:\n    def minDeletions(self, s: str) -> int:\n        ",
         statement="""A string is good when no two different letters occur in it the same number of times (letters that do not occur are ignored). Return the minimum number of characters to delete from s to make it good.""",
         constraints=["1 <= s.length <= 10^5", "s consists of lowercase English letters."],
         ref='''class Solution:
    def minDeletions(self, s: str) -> int:
        counts = {}
        for ch in s:
            counts[ch] = counts.get(ch, 0) + 1
        used = set()
        deletions = 0
        for f in sorted(counts.values(), reverse=True):
            while f > 0 and f in used:
                f -= 1
                deletions += 1
            if f:
                used.add(f)
        return deletions
''',
         near=['''from collections import Counter


class Solution:
    def minDeletions(self, s):
        seen = set()
        res = 0
        for f in sorted(Counter(s).values(), reverse=True):
            if f in seen:
                f -= 1
                res += 1
            if f > 0:
                seen.add(f)
        return res
'''],
         public=[["aab"], ["aaabbbcc"], ["ceabaacb"]],
         hidden=[["aaabbbccc"], ["a"], ["abcdef"], ["aaaabbbbccccdddd"], ["bbcebab"]]),

    dict(id="LCB-22", title="Rotate a matrix clockwise", tags=["matrices", "easy"], style="stdio", extra="prose",
         statement="""Rotate a matrix of R rows and C columns by 90 degrees clockwise and print the result. The matrix need not be square: the result has C rows and R columns.""",
         input_spec="The first line holds R and C (1 <= R, C <= 300). Each of the next R lines holds C integers.",
         output_spec="C lines, each with R integers separated by single spaces.",
         ref='''import sys

data = sys.stdin.read().split()
r, c = int(data[0]), int(data[1])
m = [data[2 + i * c:2 + (i + 1) * c] for i in range(r)]
print("\\n".join(" ".join(m[r - 1 - i][j] for i in range(r)) for j in range(c)))
''',
         near=['''n, _ = map(int, input().split())
m = [input().split() for _ in range(n)]
for j in range(n):
    print(" ".join(m[n - 1 - i][j] for i in range(n)))
'''],
         public=["2 2\n1 2\n3 4\n", "3 3\n1 2 3\n4 5 6\n7 8 9\n"],
         hidden=["2 3\n1 2 3\n4 5 6\n", "1 4\n1 2 3 4\n", "4 1\n1\n2\n3\n4\n", "1 1\n-5\n"]),

    dict(id="LCB-23", title="Ways to split a string into words", tags=["dynamic-programming", "strings", "medium"],
         style="method", method="countSplits", args=["s", "words"], extra="fake",
         starter="class Solution:\n    def countSplits(self, s: str, words: List[str]) -> int:\n        ",
         statement="""Return the number of ways to split s into a sequence of words from the list words (a word may be used any number of times), modulo 10^9 + 7. Two ways differ when the positions of the cuts differ.""",
         constraints=["1 <= s.length <= 3000", "1 <= words.length <= 100", "1 <= words[i].length <= 20",
                      "s and words[i] consist of lowercase English letters; the words are distinct."],
         ref='''class Solution:
    def countSplits(self, s: str, words: List[str]) -> int:
        mod = 10**9 + 7
        n = len(s)
        ways = [0] * (n + 1)
        ways[0] = 1
        for i in range(1, n + 1):
            for w in words:
                if len(w) <= i and s.startswith(w, i - len(w)):
                    ways[i] = (ways[i] + ways[i - len(w)]) % mod
        return ways[n]
''',
         slow=['''class Solution:
    def countSplits(self, s, words):
        def count(i):
            if i == len(s):
                return 1
            return sum(count(i + len(w)) for w in words if s.startswith(w, i))
        return count(0) % (10**9 + 7)
'''],
         public=[["catsanddog", ["cat", "cats", "and", "sand", "dog"]], ["aaaa", ["a", "aa"]]],
         hidden=[["abc", ["d"]], ["a" * 60, ["a", "aa", "aaa"]], ["a" * 3000, ["a", "aa", "aaa", "aaaa"]],
                 ["pineapplepenapple", ["apple", "pen", "applepen", "pine", "pineapple"]]]),

    dict(id="LCB-24", title="Longest run of one character", tags=["strings", "easy"], style="stdio", extra="fake",
         statement="""Find the longest run of equal consecutive characters in a string. Print its character and its length separated by one space. If several runs have the same maximum length, report the one that appears first.""",
         input_spec="One line with the string (1 <= length <= 2*10^5; letters and digits only).",
         output_spec="One line: the character, a space, and the length.",
         ref='''s = input().strip()
best_char, best_len = s[0], 0
i = 0
while i < len(s):
    j = i
    while j < len(s) and s[j] == s[i]:
        j += 1
    if j - i > best_len:
        best_char, best_len = s[i], j - i
    i = j
print(best_char, best_len)
''',
         near=['''from itertools import groupby

s = input().strip()
best = ("", 0)
for ch, grp in groupby(s):
    n = len(list(grp))
    if n >= best[1]:
        best = (ch, n)
print(best[0], best[1])
'''],
         public=["aabbbcc\n", "q\n"],
         hidden=["aabb\n", "abc\n", "zzzzyyyy\n", "1122233\n", "xAAAxBBBx\n"],
         gens=['''def gen():
    import random
    r = random.Random(124)
    return "".join(r.choice("ab") for _ in range(200000)) + "\\n"
''']),

    dict(id="LCB-25", title="Pairs with sum at most a target", tags=["two-pointers", "sorting", "medium"],
         style="method", method="countPairs", args=["nums", "target"], extra="prose",
         starter="class Solution:\n    def countPairs(self, nums: List[int], target: int) -> int:\n        ",
         statement="""Return the number of index pairs (i, j) with i < j and nums[i] + nums[j] <= target.""",
         constraints=["1 <= nums.length <= 10^5", "-10^9 <= nums[i], target <= 10^9"],
         ref='''class Solution:
    def countPairs(self, nums: List[int], target: int) -> int:
        a = sorted(nums)
        i, j = 0, len(a) - 1
        pairs = 0
        while i < j:
            if a[i] + a[j] <= target:
                pairs += j - i
                i += 1
            else:
                j -= 1
        return pairs
''',
         slow=['''class Solution:
    def countPairs(self, nums, target):
        n = len(nums)
        return sum(1 for i in range(n) for j in range(i + 1, n) if nums[i] + nums[j] <= target)
'''],
         public=[[[1, 2, 3, 4], 5], [[5, 5], 9]],
         hidden=[[[1], 100], [[-1, -1, -1], -2], [[0, 0, 0, 0], 0], [[3, -3, 2, -2], 0], [[10**9, 10**9], 10**9]],
         gens=['''def gen():
    import json, random
    r = random.Random(125)
    return json.dumps([r.randint(-10**9, 10**9) for _ in range(100000)]) + "\\n" + json.dumps(12345)
''']),

    dict(id="LCB-26", title="Most disjoint closed intervals", tags=["greedy", "sorting", "medium"], style="stdio",
         extra="prose",
         statement="""Given n closed intervals [l, r], choose as many as possible so that no two chosen intervals intersect. Intervals that share an endpoint (like [1, 2] and [2, 3]) do intersect. Print the largest possible number of chosen intervals.""",
         input_spec="The first line holds n (1 <= n <= 2*10^5). Each of the next n lines holds l and r (0 <= l <= r <= 10^9).",
         output_spec="One line: the maximum number of pairwise disjoint intervals.",
         ref='''import sys

data = sys.stdin.buffer.read().split()
n = int(data[0])
intervals = sorted(((int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n)), key=lambda p: p[1])
count, last = 0, -1
for l, r in intervals:
    if l > last:
        count += 1
        last = r
print(count)
''',
         near=['''n = int(input())
iv = sorted((tuple(map(int, input().split())) for _ in range(n)), key=lambda p: p[1])
count, last = 0, -1
for l, r in iv:
    if l >= last:
        count += 1
        last = r
print(count)
'''],
         public=["3\n1 2\n3 4\n0 6\n", "2\n1 5\n2 3\n"],
         hidden=["2\n1 2\n2 3\n", "1\n0 0\n", "3\n0 0\n0 0\n1 1\n", "4\n1 3\n3 5\n5 7\n7 9\n"],
         gens=['''def gen():
    import random
    r = random.Random(126)
    lines = ["200000"]
    for _ in range(200000):
        a = r.randint(0, 10**9 - 10**4)
        lines.append(f"{a} {a + r.randint(0, 10**4)}")
    return "\\n".join(lines) + "\\n"
''']),

    dict(id="LCB-27", title="Can all courses be finished?", tags=["graphs", "topological-sort", "medium"],
         style="method", method="canFinish", args=["numCourses", "prerequisites"], extra="fake",
         starter="class Solution:\n    def canFinish(self, numCourses: int, prerequisites: List[List[int]]) -> bool:\n        ",
         statement="""There are numCourses courses numbered 0..numCourses-1. Each pair [a, b] in prerequisites means course b must be taken before course a. Return true if it is possible to take all the courses, and false otherwise.""",
         constraints=["1 <= numCourses <= 2000", "0 <= prerequisites.length <= 5000",
                      "0 <= a, b < numCourses; all pairs are distinct."],
         ref='''from collections import deque


class Solution:
    def canFinish(self, numCourses: int, prerequisites: List[List[int]]) -> bool:
        indegree = [0] * numCourses
        after = [[] for _ in range(numCourses)]
        for a, b in prerequisites:
            after[b].append(a)
            indegree[a] += 1
        queue = deque(i for i in range(numCourses) if indegree[i] == 0)
        done = 0
        while queue:
            c = queue.popleft()
            done += 1
            for nxt in after[c]:
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    queue.append(nxt)
        return done == numCourses
''',
         near=['''class Solution:
    def canFinish(self, numCourses, prerequisites):
        pairs = set(map(tuple, prerequisites))
        for a, b in prerequisites:
            if a == b or (b, a) in pairs:
                return False
        return True
'''],
         public=[[2, [[1, 0]]], [2, [[1, 0], [0, 1]]]],
         hidden=[[3, [[1, 0], [2, 1], [0, 2]]], [1, []], [1, [[0, 0]]], [4, [[1, 0], [2, 0], [3, 1], [3, 2]]],
                 [2000, [[i + 1, i] for i in range(1999)]], [2000, [[i + 1, i] for i in range(1999)] + [[0, 1999]]]]),

    dict(id="LCB-28", title="K-th smallest in a multiplication table", tags=["binary-search", "math", "hard"],
         style="stdio", extra="fake",
         statement="""A multiplication table has n rows and m columns; the cell in row i and column j (both counted from 1) holds i*j. Print the k-th smallest of the n*m values, counting repeated values separately.""",
         input_spec="One line with n, m and k (1 <= n, m <= 10^5, 1 <= k <= n*m).",
         output_spec="One line: the k-th smallest value.",
         ref='''n, m, k = map(int, input().split())
lo, hi = 1, n * m
while lo < hi:
    mid = (lo + hi) // 2
    if sum(min(mid // i, m) for i in range(1, n + 1)) >= k:
        hi = mid
    else:
        lo = mid + 1
print(lo)
''',
         slow=['''n, m, k = map(int, input().split())
values = sorted(i * j for i in range(1, n + 1) for j in range(1, m + 1))
print(values[k - 1])
'''],
         public=["2 3 4\n", "3 3 5\n"],
         hidden=["1 1 1\n", "1 10 7\n", "5 4 20\n", "100000 100000 5000000000\n", "100000 1 99999\n",
                 "90000 100000 1\n", "100000 99999 9999900000\n"]),

    dict(id="LCB-29", title="Maximum circular subarray sum", tags=["dynamic-programming", "medium"],
         style="method", method="maxCircularSum", args=["nums"], extra="prose",
         starter="class Solution:\n    def maxCircularSum(self, nums: List[int]) -> int:\n        ",
         statement="""nums is a circular array: its last element is followed by its first. Return the largest possible sum of a non-empty subarray, where a subarray is a contiguous run of elements that may wrap around the end, and uses each element at most once.""",
         constraints=["1 <= nums.length <= 10^5", "-3 * 10^4 <= nums[i] <= 3 * 10^4"],
         ref='''class Solution:
    def maxCircularSum(self, nums: List[int]) -> int:
        best = cur_max = nums[0]
        worst = cur_min = nums[0]
        for x in nums[1:]:
            cur_max = max(x, cur_max + x)
            best = max(best, cur_max)
            cur_min = min(x, cur_min + x)
            worst = min(worst, cur_min)
        total = sum(nums)
        return best if best < 0 else max(best, total - worst)
''',
         near=['''class Solution:
    def maxCircularSum(self, nums):
        best = cur_max = worst = cur_min = nums[0]
        for x in nums[1:]:
            cur_max = max(x, cur_max + x)
            best = max(best, cur_max)
            cur_min = min(x, cur_min + x)
            worst = min(worst, cur_min)
        return max(best, sum(nums) - worst)
'''],
         slow=['''class Solution:
    def maxCircularSum(self, nums):
        n = len(nums)
        best = nums[0]
        for i in range(n):
            s = 0
            for k in range(n):
                s += nums[(i + k) % n]
                best = max(best, s)
        return best
'''],
         public=[[[1, -2, 3, -2]], [[5, -3, 5]]],
         hidden=[[[-3, -2, -3]], [[-5]], [[3, -1, 2, -1]], [[2, -2, 2, 7, 8, 0]], [[0, 0]]],
         gens=['''def gen():
    import json, random
    r = random.Random(129)
    return json.dumps([r.randint(-30000, 30000) for _ in range(100000)])
''']),

    dict(id="LCB-30", title="Trailing zeros of N!", tags=["math", "easy"], style="stdio", extra="prose",
         statement="""For each query N, print the number of trailing zeros in the decimal representation of N! (N factorial; 0! = 1).""",
         input_spec="The first line holds t (1 <= t <= 10^4). Each of the next t lines holds N (0 <= N <= 10^18).",
         output_spec="For each query, one line with the number of trailing zeros.",
         ref='''import sys

data = sys.stdin.read().split()
out = []
for tok in data[1:1 + int(data[0])]:
    n = int(tok)
    zeros = 0
    while n:
        n //= 5
        zeros += n
    out.append(str(zeros))
print("\\n".join(out))
''',
         near=['''t = int(input())
for _ in range(t):
    n = int(input())
    print(n // 5)
'''],
         slow=['''import math

t = int(input())
for _ in range(t):
    s = str(math.factorial(int(input())))
    print(len(s) - len(s.rstrip("0")))
'''],
         public=["3\n5\n10\n3\n"],
         hidden=["1\n0\n", "2\n25\n125\n", "1\n1000000000000000000\n", "3\n24\n100\n99\n"]),
]

LCB_METHOD_PROMPT = ("{statement}\n\n{examples}\n\nConstraints:\n{constraints}\n\nYour solution will also run on "
                     "hidden tests up to the largest sizes allowed by the constraints, under a time limit.\n\n"
                     "Solve it in Python 3 by completing the starter code below. Reply with the complete class in "
                     "one ```python code block.\n\n```python\n{starter}\n```")
LCB_STDIO_PROMPT = ("{statement}\n\nInput\n{input_spec}\n\nOutput\n{output_spec}\n\n{examples}\n\nYour program will "
                    "also run on hidden tests up to the largest sizes allowed above, under a time limit.\n\nWrite a "
                    "complete Python 3 program that reads the input from standard input and prints the answer to "
                    "standard output. Reply with the program in one ```python code block.")

META = {
    "humaneval-plus-30": dict(title="HumanEval+-30", marker="humanevalplus", floor=0.5,
                              description="30 original Python function-completion problems in the spirit of "
                                          "HumanEval+: the docstring examples plus hidden edge-case tests (empty "
                                          "inputs, negatives, large values, unicode, ties), run in the sandbox."),
    "lcb-v6-30": dict(title="LCB-v6-30", marker="lcb", floor=0.3,
                      description="30 original competitive-programming problems in the spirit of LiveCodeBench: "
                                  "LeetCode-style classes and stdin/stdout programs, graded on public and hidden "
                                  "tests (including large inputs) with time limits calibrated to the host."),
}


def meta(pack_id: str) -> dict:
    m = META[pack_id]
    return {"__meta__": True, "pack_id": pack_id, "title": m["title"], "version": "1.0.0", "verifier": "code_exec",
            "marker": m["marker"], "suite": "reasoning", "default_thinking": "on",
            "sampling_defaults": {"temperature": 0, "top_p": 1, "max_tokens": 4096}, "default_max_seconds": 300,
            "timeout_reference_tps": 100, "timeout_baseline_tokens": 4096, "requires": ["docker"],
            "floor": m["floor"], "description": m["description"]}


def fenced(code: str) -> str:
    return "```python\n" + code.rstrip("\n") + "\n```"


def extra_negative(kind: str, entry: str, pack: str) -> str:
    if kind == "fake":
        return fake_function(entry) if pack == "he" and entry else FAKE_PASS
    if kind == "exit":
        return FAKE_OSEXIT
    return PROSE[pack]


def he_scenario(p: dict) -> dict:
    tests = [{"args": a, "public": True} for a in p["public"]] + [{"args": a} for a in p["hidden"]]
    tests += [{"gen": g} for g in p.get("gens", [])]
    negatives = [{"role": "assistant", "content": fenced(code)} for code in p["near"]]
    negatives.append({"role": "assistant", "content": extra_negative(p["extra"], p["entry"], "he")})
    return {"id": p["id"], "title": p["title"], "tags": p["tags"],
            "messages": [{"role": "user", "content": HE_PROMPT.format(stub=p["stub"])}],
            "verifier": {"type": "code_exec", "style": "function", "entry_point": p["entry"],
                         "prompt_code": p["stub"], "tests": tests},
            "reference": {"role": "assistant", "content": fenced(p["ref"])},
            "negatives": negatives}


def lcb_input(p: dict, case) -> str:
    return "\n".join(json.dumps(a) for a in case) if p["style"] == "method" else case


def lcb_examples(p: dict, outputs: list[str]) -> str:
    blocks = []
    for n, (case, out) in enumerate(zip(p["public"], outputs), start=1):
        out = str(out or "")
        if p["style"] == "method":
            args = ", ".join(f"{name} = {json.dumps(v, separators=(',', ':'))}" for name, v in zip(p["args"], case))
            blocks.append(f"Example {n}:\nInput: {args}\nOutput: {out}")
        else:
            blocks.append(f"Example {n}\nInput:\n```\n{case.rstrip()}\n```\nOutput:\n```\n{out.rstrip()}\n```")
    return "\n\n".join(blocks)


def lcb_scenario(p: dict, outputs: list) -> dict:
    """outputs: the reference's output (text) for each public then hidden explicit test."""
    cases = p["public"] + p["hidden"]
    tests = [{"input": lcb_input(p, c), "output": o, **({"public": True} if i < len(p["public"]) else {})}
             for i, (c, o) in enumerate(zip(cases, outputs))]
    tests += [{"gen": g} for g in p.get("gens", [])]
    examples = lcb_examples(p, outputs[:len(p["public"])])
    if p["style"] == "method":
        prompt = LCB_METHOD_PROMPT.format(statement=p["statement"], examples=examples, starter=p["starter"].rstrip(),
                                          constraints="\n".join(f"- {c}" for c in p["constraints"]))
        verifier = {"type": "code_exec", "style": "method", "entry_point": p["method"], "tests": tests}
    else:
        prompt = LCB_STDIO_PROMPT.format(statement=p["statement"], input_spec=p["input_spec"],
                                         output_spec=p["output_spec"], examples=examples)
        verifier = {"type": "code_exec", "style": "stdio", "tests": tests}
    negatives = [{"role": "assistant", "content": fenced(c)} for c in p.get("near", []) + p.get("slow", [])]
    negatives.append({"role": "assistant", "content": extra_negative(p["extra"], "", "lcb")})
    return {"id": p["id"], "title": p["title"], "tags": p["tags"], "messages": [{"role": "user", "content": prompt}],
            "verifier": verifier, "reference": {"role": "assistant", "content": fenced(p["ref"])},
            "negatives": negatives[:3]}


def _scenario(pack_id: str, raw: dict):
    from pytest_quality.packs import Scenario

    return Scenario(pack_id=pack_id, id=raw["id"], node_name=raw["id"], line=0, messages=raw["messages"],
                    verifier=raw["verifier"], raw=raw, reference=raw["reference"], negatives=raw["negatives"])


def lcb_outputs(p: dict, sandbox) -> list:
    """Run the reference on the explicit tests in the sandbox; its outputs are the expected outputs."""
    from pytest_quality.sandbox.kinds import code_exec

    draft = lcb_scenario(p, [None] * (len(p["public"]) + len(p["hidden"])))
    draft["verifier"]["tests"] = [t for t in draft["verifier"]["tests"] if "gen" not in t]
    for t in draft["verifier"]["tests"]:
        t.pop("output")
    spec = code_exec.Spec.of(_scenario("lcb-v6-30", draft))
    run = code_exec.execute(sandbox, spec, code_exec.assemble(spec, p["ref"]), [60.0] * len(spec.tests), "gen")
    sandbox.reset()
    outs = []
    for i in range(len(spec.tests)):
        r = run.results.get(i)
        if not r or r.get("status") != "ok":
            raise SystemExit(f"{p['id']}: the reference fails explicit test {i}: {r} {run.stderr}")
        outs.append(r["stdout"] if p["style"] == "stdio" else json.dumps(r["out"], separators=(",", ":")))
    return outs


def check(pack_id: str, raw: dict, p: dict, sandbox) -> list[str]:
    """The reference passes; near-misses and slow ones pass the public tests only; every negative fails."""
    from pytest_quality.reply import Reply
    from pytest_quality.sandbox.kinds import code_exec

    problems = []
    scenario = _scenario(pack_id, raw)
    public = _scenario(pack_id, {**raw, "verifier": {**raw["verifier"],
                                                     "tests": [t for t in raw["verifier"]["tests"] if t.get("public")]}})
    verdict = code_exec.regrade(scenario, Reply.from_message(raw["reference"]), sandbox)
    sandbox.reset()
    if not verdict.passed:
        problems.append(f"{p['id']}: reference fails: {verdict.detail}")
    tricky = p.get("near", []) + p.get("slow", [])
    for index, negative in enumerate(raw["negatives"]):
        verdict = code_exec.regrade(scenario, Reply.from_message(negative), sandbox)
        sandbox.reset()
        if verdict.passed:
            problems.append(f"{p['id']}: negative {index} passes")
        if index < len(tricky):
            on_public = code_exec.regrade(public, Reply.from_message(negative), sandbox)
            sandbox.reset()
            if not on_public.passed:
                problems.append(f"{p['id']}: negative {index} already fails the public tests: {on_public.detail}")
        print(f"  {p['id']} negative {index}: {verdict.detail[:110]}", file=sys.stderr)
    return problems


def write(path: Path, pack_id: str, scenarios: list[dict]) -> None:
    lines = [json.dumps(meta(pack_id), ensure_ascii=False)] + [json.dumps(s, ensure_ascii=False) for s in scenarios]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path} ({len(scenarios)} scenarios, {path.stat().st_size // 1024} KiB)", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="also run every reference and negative in the sandbox")
    parser.add_argument("--out", default=str(ROOT / "packs"))
    args = parser.parse_args()
    from pytest_quality.sandbox.container import Sandbox

    out = Path(args.out)
    he = [he_scenario(p) for p in HE]
    problems: list[str] = []
    with Sandbox() as sandbox:
        lcb = []
        for p in LCB:
            lcb.append(lcb_scenario(p, lcb_outputs(p, sandbox)))
        write(out / "humaneval-plus-30.jsonl", "humaneval-plus-30", he)
        write(out / "lcb-v6-30.jsonl", "lcb-v6-30", lcb)
        if args.check:
            for raw, p in zip(he, HE):
                problems += check("humaneval-plus-30", raw, p, sandbox)
            for raw, p in zip(lcb, LCB):
                problems += check("lcb-v6-30", raw, p, sandbox)
    for problem in problems:
        print("PROBLEM", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
