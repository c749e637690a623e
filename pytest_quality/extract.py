"""Code extraction from a reply's answer channel (pure: no I/O, never raises).

`extract_code(content, language, entry_point)` -> `Extracted(code, method)`, method one of
fence-lang / fence-plain / fence-unterminated / bare / none. Only `reply.content` is passed in:
reasoning text is never a source of code (`<think>` blocks are already split off by Reply).

Choice, in order: complete fenced blocks tagged with the wanted language, then untagged complete
blocks, then a final unterminated block (a reply cut off mid-code); within a tier, the last block
that defines the entry point wins (a solution followed by a usage example keeps the solution).
Without fences, the whole reply (or its code-looking tail) is taken when it parses.
"""

from __future__ import annotations

import ast
import re
from typing import NamedTuple

FENCE_LANG = "fence-lang"
FENCE_PLAIN = "fence-plain"
FENCE_UNTERMINATED = "fence-unterminated"
BARE = "bare"
NONE = "none"

MAX_CHARS = 200_000  # longer replies are cut: extraction must stay fast on hostile input
MAX_PARSE = 100_000  # longer code is never parsed here (a parse costs ~1 s per 300 KB)
MAX_BARE = 40_000  # a reply without fences longer than this is not searched for code
BARE_PARSE_BUDGET = 120  # ast.parse attempts when looking for code in a reply without fences
_ALIASES = {
    "python": {"python", "py", "python3", "py3", "pycon", "python-3", "ipython"},
    "javascript": {"javascript", "js", "node", "mjs"},
    "go": {"go", "golang"},
    "rust": {"rust", "rs"},
    "cpp": {"cpp", "c++", "cc", "cxx", "hpp"},
    "java": {"java"},
}
_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_CODE_START = re.compile(r"^(def |class |import |from \S+ import |@|async def |if __name__|[A-Za-z_]\w*\s*=)")


class Extracted(NamedTuple):
    code: str
    method: str


class _Block(NamedTuple):
    code: str
    lang: str  # lower-cased first word of the info string ("" when untagged)
    closed: bool


def _blocks(lines: list[str]) -> tuple[list[_Block], bool]:
    """Fenced blocks in order, and whether any fence line was seen at all."""
    blocks: list[_Block] = []
    seen = False
    i = 0
    while i < len(lines):
        m = _OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        seen = True
        fence, info, indent = m.group("fence"), m.group("info").strip(), len(m.group("indent"))
        lang = info.split()[0].lower().strip("{}.") if info else ""
        body: list[str] = []
        j = i + 1
        closed = False
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                closed = True
                break
            line = lines[j]
            # A fence indented inside a list item: its body carries the same indentation.
            cut = min(indent, len(line) - len(line.lstrip(" \t")))
            body.append(line[cut:])
            j += 1
        blocks.append(_Block("\n".join(body), lang, closed))
        i = j + 1
    return blocks, seen


def _clean(code: str) -> str:
    """Drop blank leading/trailing lines but keep the first line's indentation (a body-only reply)."""
    lines = code.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    last = next((i for i in range(len(lines) - 1, first - 1, -1) if lines[i].strip()), first - 1)
    return "\n".join(line.rstrip() for line in lines[first : last + 1])


def _parses(code: str) -> bool:
    if len(code) > MAX_PARSE:
        return False
    try:
        ast.parse(code)
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        pass
    if code[:1] not in (" ", "\t"):
        return False
    try:  # an indented body (completion style) parses once placed under a def
        ast.parse("def _f():\n" + "\n".join("    " + ln for ln in code.split("\n")))
        return True
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return False


def defines(code: str, entry_point: str | None) -> bool:
    if not entry_point:
        return True
    return re.search(rf"^[ \t]*(async[ \t]+def|def|class)[ \t]+{re.escape(entry_point)}\b", code, re.M) is not None


def _wanted(code: str, entry_point: str | None, pattern: str | None) -> bool:
    if entry_point:
        return defines(code, entry_point)
    try:
        return pattern is not None and bool(pattern) and re.search(pattern, code) is not None
    except re.error:
        return False


def _looks_like_python(code: str, entry_point: str | None) -> bool:
    """Parses, and is more than a lone word or number (prose like "None" or "42" is not code)."""
    if not code.strip() or not _parses(code):
        return False
    if entry_point:
        return defines(code, entry_point) or code[:1] in (" ", "\t")
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return code[:1] in (" ", "\t")
    statement = (
        ast.FunctionDef,
        ast.AsyncFunctionDef,
        ast.ClassDef,
        ast.Import,
        ast.ImportFrom,
        ast.Assign,
        ast.AugAssign,
        ast.For,
        ast.While,
        ast.If,
        ast.With,
        ast.Try,
    )
    return any(
        isinstance(n, statement) or (isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)) for n in tree.body
    )


def _pick(blocks: list[_Block], python: bool, strict: bool) -> _Block | None:
    """The last block that is code; `strict` (untagged blocks, which may be sample input or
    output) refuses a block that is not Python, otherwise the last non-empty one is the fallback."""
    usable = [b for b in blocks if b.code.strip()]
    if not python:
        return usable[-1] if usable else None
    code = [b for b in usable if _looks_like_python(b.code, None)]
    if code:
        return code[-1]
    return None if strict or not usable else usable[-1]


def _bare(text: str, entry_point: str | None, python: bool) -> str:
    """The reply itself, or its code-looking region after a line of prose ("Here is the code:")."""
    if not python or len(text) > MAX_BARE:
        return ""
    if _looks_like_python(text, entry_point):
        return text
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _CODE_START.match(line)][:5]
    budget = BARE_PARSE_BUDGET // max(1, len(text) // 4_000)  # parsing is linear: fewer tries on long text
    for start in starts:
        # Trailing prose ("This runs in O(n).") is cut line by line until the rest parses.
        for end in range(len(lines), max(start, len(lines) - 40), -1):
            budget -= 1
            if budget < 0:
                return ""
            chunk = _clean("\n".join(lines[start:end]))
            if chunk and _looks_like_python(chunk, entry_point):
                return chunk
    return ""


def extract_code(
    content: str, language: str = "python", entry_point: str | None = None, pattern: str | None = None
) -> Extracted:
    """The code to run from a reply's content, and how it was found.

    `entry_point`: a function/class name the wanted block defines. `pattern`: without an entry point,
    a regex the wanted block contains (e.g. reading stdin for a whole program)."""
    if not isinstance(content, str) or not content.strip():
        return Extracted("", NONE)
    text = content[:MAX_CHARS].replace("\r\n", "\n")
    language = language.lower()
    aliases = _ALIASES.get(language, {language})
    python = language == "python"
    blocks, fenced = _blocks(text.split("\n"))
    complete = [b for b in blocks if b.closed]
    tagged = [b for b in complete if b.lang in aliases]
    plain = [b for b in complete if not b.lang]
    open_tail = [b for b in blocks if not b.closed and (b.lang in aliases or not b.lang)]
    tiers = ((tagged, FENCE_LANG), (plain, FENCE_PLAIN), (open_tail, FENCE_UNTERMINATED))
    if entry_point or pattern:  # first pass: only blocks that define the entry point, best tier first
        for group, method in tiers:
            hits = [b for b in group if b.code.strip() and _wanted(b.code, entry_point, pattern)]
            if hits:
                return Extracted(_clean(hits[-1].code), method)
    for group, method in tiers:
        block = _pick(group, python, strict=method == FENCE_PLAIN)
        if block is not None:
            return Extracted(_clean(block.code), method)
    if fenced:
        # Fences were there but gave nothing usable (a stray fence, another language): the text
        # around them may still be the code, e.g. "def f(): ...\n```" with only a closing fence.
        others = [b for b in blocks if b.lang and b.lang not in aliases and b.code.strip()]
        if others:
            return Extracted("", NONE)
        text = "\n".join(line for line in text.split("\n") if not _OPEN.match(line))
    code = _bare(_clean(text), entry_point, python)
    return Extracted(code, BARE) if code else Extracted("", NONE)
