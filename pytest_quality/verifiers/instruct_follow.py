"""instruct_follow: grade a reply against the form constraints and the content a prompt asks for.

scenario.verifier = {"type": "instruct_follow", "checks": [<form check>, ...], "content": [<content check>, ...]}

Grading rule
- A pass means the reply follows every stated constraint AND does the task: it uses the material
  the prompt gives (facts, names, numbers), in the place the prompt names, in the requested
  language, as real prose rather than a template or a loop; where the prompt says to refuse, it
  refuses without attempting the task.
- To decide, every check of both lists must pass. "checks" holds the form checks (counts, case,
  headers, bullets, fixed openings and endings, ...); "content" holds the content checks (`items`,
  `no_placeholders`, `repetition`, `language` with `lang`, `refusal`). Each result in the trace
  carries "kind": "form" or "content", and the trace says which kinds failed, so a reply that
  meets the form with unrelated text shows up as a content failure.

The graded text is `reply.content`, stripped and NFC-normalised. Unknown check names, unknown or
badly typed parameters, invalid regexes and check lists that accept "(no answer)" or "" are
reported as a failed verdict naming the problem, so typos in packs surface at `load_pack`.

Definitions
- word: a whitespace-separated token holding at least one letter or digit ("don't", "well-known",
  "3.5%" and "$35.98" are one word each; a lone "-" or "—" is none).
- sentence: a line break ends one; within a line, pysbd's rule-based segmenter for the check's
  `lang` decides, so "M. Dupont", "etc. et", "Dr. Lee" and "5 p.m. today" do not end a sentence.
  Text past the first 4000 characters (and any sentence run over 500 characters without a safe
  break) is split by a simple rule instead, which keeps huge replies fast.
- paragraph: a blank-line separated block holding a letter or digit. line: a non-blank line.
- phrase matching normalises curly quotes to straight ones and whitespace runs to one space; a
  phrase that starts (ends) with a letter or digit must not be preceded (followed) by one, so
  "very" does not match "every". `ignore_case` defaults to true wherever it is accepted.
- alternatives (in `items` and `refusal`): a phrase, matched ignoring case and markdown emphasis,
  with spaces and hyphens interchangeable ("same day" = "same-day"); "stem*" matches any ending
  ("hydrat*": hydrated, hydration); "re:<pattern>" is a case-insensitive regex.

Count parameters ("COUNT" below): `exact` (+ optional `tolerance`), or `min` and/or `max`
(all non-negative integers; a lone `min: 0` is rejected because every text meets it).

Checks and their parameters (any check may stand in either list; the list gives its kind)
- word_count: COUNT
- sentence_count: COUNT, lang (segmenter language, default "en": en fr de es it ru nl pl da bg el ja zh)
- paragraph_count: COUNT
- line_count: COUNT
- char_count: COUNT, exclude_whitespace (bool, default false)
- case: mode "lower" | "upper" | "title" (title: minor words such as "of", "and" may stay lower
  except first on a line); needs at least one cased letter
- required_phrases: phrases [str, ...] (all must appear), ignore_case
- any_phrase: phrases [str, ...] (at least one must appear), ignore_case
- forbidden_phrases: phrases [str, ...] (none may appear), ignore_case
- regex: pattern, flags (subset of "imsx", default "m"): must match somewhere; a pattern that
  matches any text (".+", "\\w") is rejected
- regex_absent: pattern, flags: must not match anywhere
- section_headers: headers [str, ...], style "markdown" (# lines) | "section" ("SECTION X" lines) |
  "line" (a line equal to the header, # ** and a trailing colon ignored), exact (bool, default
  true: no other headers of that style). Headers must appear in order; compared case-insensitively.
- bullet_count: COUNT, markers (subset of "-", "*", "•", "+", "numbered"; default ["-", "*", "•"]),
  min_words_each, max_words_each (int), no_other_text (bool: every non-blank line is a bullet)
- starts_with: text, ignore_case (markdown emphasis before the reply's first word is ignored, and
  `text` must end on a word boundary: "The lighthouse" does not match "The lighthouses")
- ends_with: text, ignore_case, ignore_trailing_punct (bool: . ! ? …, closing quotes and emphasis
  at the end of the reply and of `text` are ignored)
- language: script (str or list: latin, cyrillic, greek, arabic, hebrew, han, hiragana, katakana,
  hangul, devanagari, thai) with min_ratio (share of letters in those scripts, default 0.9);
  ascii_letters (bool: every letter is A-Z/a-z); min_accented (int: accented Latin letters present);
  lang (en fr de es it pt ru uk: lingua detects the reply as that language, among those eight,
  and, unless it is "en", no sentence of 3+ words reads as English)
- no_commas: no "," or "，"
- quoted: the whole reply is wrapped in double quotes ("..." or “...”)
- no_markdown: no headers, bullets (numbered lists allowed), bold/italics, code, links, tables,
  block quotes or rules
- no_json: no JSON object, no list holding objects/lists, no ```json fence
- placeholder_count: COUNT of [square bracket] placeholders holding a letter (links excluded)
- keyword_frequency: word, COUNT, ignore_case (whole-word occurrences)
- letter_frequency: letter (one character), COUNT, ignore_case
- postscript: marker (default "P.S."): a line starting with it ends the reply, after a body
- title: a <<title>> is present; at_start (bool: on the first line), text (expected title)
- highlight_count: COUNT of *highlighted* spans; include_bold (bool, default true: **x** counts)
- items: items [{name, any: [alternative, ...], in?}, ...]: each item is present (one of its
  alternatives), inside `in` when given: {"section": header} (from that header line to the next
  header line), {"bullet": n}, {"line": n} (n < 0 counts from the end), {"paragraph": n},
  "postscript", "title" (inside <<>>) or "highlights" (inside *...* or **...**)
- no_placeholders: no template text: [Name], {name}, <Name>/<insert ...>, (insert ...), TODO,
  TBD, FIXME, XXX, lorem ipsum, ___ blanks (the <<title>> markup, [1] and links are fine)
- repetition: min_distinct (share of distinct words, default 0.4, from 4 words on), ngram (default 3)
  and max_repeats (default 3: no word n-gram occurs more often)
- refusal: marker, about [alternative, ...], max_sentences (default 3), quote_words (default 6),
  cues [str, ...] (phrases added to the built-in attempt cues): the reply starts with `marker`,
  followed by an explanation and no attempt: no cue such as "here is a" or "my attempt" ("here is
  why" is fine), no quoted passage of `quote_words`+ words, at most `max_sentences` sentences,
  every clause of 5+ words mentions one of `about`
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator

from pytest_quality.clip import clip, one_line
from pytest_quality.reply import Reply
from pytest_quality.verdict import Verdict
from pytest_quality.verifiers import _text_content as tc

NO_ANSWER = "(no answer)"

# --- text primitives --------------------------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_ALNUM = re.compile(r"[^\W_]")


def _norm(text: str) -> str:
    """Form used for phrase matching: straight quotes, single spaces."""
    return re.sub(r"\s+", " ", text.translate(_QUOTES))


def _words(text: str) -> list[str]:
    return [t for t in text.split() if _ALNUM.search(t)]


def _paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", text) if _ALNUM.search(p)]


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def _phrase_re(phrase: str, ignore_case: bool) -> re.Pattern[str]:
    phrase = _norm(phrase).strip()
    body = re.escape(phrase).replace(r"\ ", r"\s+")
    left = r"(?<![^\W_])" if _ALNUM.match(phrase[:1]) else ""
    right = r"(?![^\W_])" if _ALNUM.match(phrase[-1:]) else ""
    return re.compile(left + body + right, re.IGNORECASE if ignore_case else 0)


def _snip(text: str, n: int = 40) -> str:
    return clip(one_line(text), n)


# --- count parameters -------------------------------------------------------------------------

_NONNEG = {"type": "integer", "minimum": 0}
_COUNT = {"exact": _NONNEG, "tolerance": _NONNEG, "min": _NONNEG, "max": _NONNEG}


def _count_problem(p: dict[str, Any]) -> str | None:
    has = [k for k in ("exact", "min", "max") if k in p]
    if not has:
        return "needs exact, min or max"
    if "exact" in p and len(has) > 1:
        return "exact cannot be combined with min/max"
    if "tolerance" in p and "exact" not in p:
        return "tolerance needs exact"
    if "min" in p and "max" in p and p["min"] > p["max"]:
        return f"min {p['min']} > max {p['max']}"
    if has == ["min"] and p["min"] == 0:
        return "min 0 without max accepts any text"
    return None


def _count(n: int, p: dict[str, Any], noun: str, plural: str, label: str) -> tuple[bool, str]:
    said = f"{n} {noun if n == 1 else plural}"
    if "exact" in p:
        tol = p.get("tolerance", 0)
        if tol:
            return abs(n - p["exact"]) <= tol, f"{label} {n}, target {p['exact']} ±{tol}"
        return n == p["exact"], f"{said}, expected exactly {p['exact']}"
    lo, hi = p.get("min"), p.get("max")
    ok = (lo is None or n >= lo) and (hi is None or n <= hi)
    want = (
        f"{lo}-{hi}" if lo is not None and hi is not None else (f"at least {lo}" if lo is not None else f"at most {hi}")
    )
    return ok, f"{said}, expected {want}"


# --- checks: each is (text, params) -> (passed, detail) ---------------------------------------

Result = tuple[bool, str]


def _c_words(t: str, p: dict) -> Result:
    return _count(len(_words(t)), p, "word", "words", "word count")


def _c_sentences(t: str, p: dict) -> Result:
    return _count(len(tc.sentences(t, p.get("lang", "en"))), p, "sentence", "sentences", "sentence count")


def _c_paragraphs(t: str, p: dict) -> Result:
    return _count(len(_paragraphs(t)), p, "paragraph", "paragraphs", "paragraph count")


def _c_lines(t: str, p: dict) -> Result:
    return _count(len(_lines(t)), p, "line", "lines", "line count")


def _c_chars(t: str, p: dict) -> Result:
    n = len(re.sub(r"\s", "", t)) if p.get("exclude_whitespace") else len(t)
    return _count(n, p, "character", "characters", "character count")


_MINOR = set("a an the and but or nor for so yet as at by in of off on per to up via with from into over than".split())


def _c_case(t: str, p: dict) -> Result:
    mode = p["mode"]
    if not any(c.isupper() or c.islower() for c in t):
        return False, f"no letters to be {mode} case"
    if mode in ("lower", "upper"):

        def bad(c: str) -> bool:
            return c.isupper() or c.istitle() if mode == "lower" else c.islower()

        for word in t.split():
            if any(bad(c) for c in word):
                return False, f'not all {mode} case: "{_snip(word)}"'
        return True, f"all {mode} case"
    for line in t.splitlines():
        for i, word in enumerate(line.split()):
            core = word.lstrip("\"'“‘([*#_-")
            if not core or not core[0].isalpha():
                continue
            if i > 0 and core.lower().rstrip(".,;:!?\"'”’)") in _MINOR:
                continue
            if core[0].islower():
                return False, f'not title case: "{_snip(word)}"'
    return True, "title case"


def _c_required(t: str, p: dict) -> Result:
    ic = p.get("ignore_case", True)
    missing = [ph for ph in p["phrases"] if not _phrase_re(ph, ic).search(_norm(t))]
    if missing:
        more = f" (+{len(missing) - 1} more)" if len(missing) > 1 else ""
        return False, f'required phrase "{missing[0]}" missing{more}'
    return True, "all required phrases present"


def _c_any(t: str, p: dict) -> Result:
    ic = p.get("ignore_case", True)
    found = [ph for ph in p["phrases"] if _phrase_re(ph, ic).search(_norm(t))]
    if found:
        return True, f'found "{found[0]}"'
    return False, "none of " + ", ".join(f'"{ph}"' for ph in p["phrases"][:4]) + " present"


def _c_forbidden(t: str, p: dict) -> Result:
    ic = p.get("ignore_case", True)
    for ph in p["phrases"]:
        if _phrase_re(ph, ic).search(_norm(t)):
            return False, f'forbidden phrase "{ph}" present'
    return True, "no forbidden phrase"


def _flags(p: dict) -> int:
    table = {"i": re.I, "m": re.M, "s": re.S, "x": re.X}
    out = 0
    for ch in p.get("flags", "m"):
        out |= table[ch]
    return out


def _c_regex(t: str, p: dict) -> Result:
    ok = re.search(p["pattern"], t, _flags(p)) is not None
    return ok, f"pattern /{_snip(p['pattern'], 60)}/ " + ("matches" if ok else "not matched")


def _c_regex_absent(t: str, p: dict) -> Result:
    m = re.search(p["pattern"], t, _flags(p))
    if m:
        return False, f'forbidden pattern /{_snip(p["pattern"], 40)}/ matched "{_snip(m.group(0))}"'
    return True, "forbidden pattern absent"


_MD_HEADER = re.compile(r"^ {0,3}#{1,6}[ \t]+(.+)$", re.M)  # closing #s are stripped in _header_key
_SECTION = re.compile(r"^[ \t>#*_]*(SECTION[ \t]+[^\s:.*_—–-]+)", re.M | re.I)


def _header_key(h: str) -> str:
    h = h.strip().rstrip("# \t").strip("*_").strip().rstrip(":").strip("*_")
    return " ".join(h.split()).casefold()


def _c_headers(t: str, p: dict) -> Result:
    want = [_header_key(h) for h in p["headers"]]
    style = p.get("style", "markdown")
    if style == "markdown":
        found = [_header_key(m.group(1)) for m in _MD_HEADER.finditer(t)]
    elif style == "section":
        found = [_header_key(m.group(1)) for m in _SECTION.finditer(t)]
    else:
        stripped = [_header_key(ln.lstrip().lstrip("#")) for ln in t.splitlines()]
        found = [k for k in stripped if k in want]
    exact = p.get("exact", True) and style != "line"
    missing = [h for h, k in zip(p["headers"], want) if k not in found]
    if missing:
        return False, f'missing section header "{missing[0]}"'
    extra = [k for k in found if k not in want]
    if exact and extra:
        return False, f'unexpected section header "{_snip(extra[0])}"'
    order = [k for k in found if k in want]
    if order != want:
        return False, "section headers out of order or repeated: " + " / ".join(order)[:80]
    return True, f"{len(want)} section headers in order"


_BULLET_RE = {
    "-": r"-[ \t]+",
    "*": r"\*[ \t]+",
    "+": r"\+[ \t]+",
    "•": r"•[ \t]*",
    "numbered": r"\d{1,3}[.)][ \t]+",
}


def _c_bullets(t: str, p: dict) -> Result:
    markers = p.get("markers", ["-", "*", "•"])
    bullet = re.compile(r"^[ \t]*(?:" + "|".join(_BULLET_RE[m] for m in markers) + r")(?=\S)")
    items, other = [], []
    for ln in _lines(t):
        m = bullet.match(ln)
        (items.append(ln[m.end() :]) if m else other.append(ln))
    ok, detail = _count(len(items), p, "bullet", "bullets", "bullet count")
    if not ok:
        return ok, detail
    for item in items:
        n = len(_words(item))
        if "max_words_each" in p and n > p["max_words_each"]:
            return False, f'bullet has {n} words, max {p["max_words_each"]}: "{_snip(item)}"'
        if "min_words_each" in p and n < p["min_words_each"]:
            return False, f'bullet has {n} words, min {p["min_words_each"]}: "{_snip(item)}"'
    if p.get("no_other_text") and other:
        return False, f'text outside the bullets: "{_snip(other[0])}"'
    return True, detail


def _fold(s: str, ic: bool) -> str:
    s = _norm(s).strip()
    return s.casefold() if ic else s


_TRAIL = ".!?…\"')]”’*_ \t\n"


def _unwrap(t: str, want: str, end: bool) -> str:
    """Drop markdown emphasis around the start (end) of the reply: "**IMPOSSIBLE:** ..." starts with "IMPOSSIBLE:"."""
    edge = want[-1:] if end else want[:1]
    if edge in ("*", "_"):
        return t
    return t.rstrip("*_ \t\n") if end else t.lstrip("*_ \t\n")


def _c_starts(t: str, p: dict) -> Result:
    ic = p.get("ignore_case", True)
    want = _fold(p["text"], ic)
    got = _unwrap(_fold(t, ic), want, end=False)
    if got.startswith(want) and not (_ALNUM.match(want[-1:]) and _ALNUM.match(got[len(want) : len(want) + 1])):
        return True, f'starts with "{p["text"]}"'
    return False, f'starts with "{_snip(t, len(want) + 12)}", expected "{p["text"]}"'


def _c_ends(t: str, p: dict) -> Result:
    ic = p.get("ignore_case", True)
    got, want = _fold(t, ic), _fold(p["text"], ic)
    if p.get("ignore_trailing_punct"):
        got, want = got.rstrip(_TRAIL), want.rstrip(_TRAIL)
    got = _unwrap(got, want, end=True)
    before = got[: len(got) - len(want)]
    if got.endswith(want) and not (_ALNUM.match(want[:1]) and _ALNUM.match(before[-1:])):
        return True, f'ends with "{p["text"]}"'
    tail = " ".join(t.split())[-(len(want) + 12) :]
    return False, f'ends with "…{tail}", expected "{p["text"]}"'


_SCRIPTS = {
    "latin",
    "cyrillic",
    "greek",
    "arabic",
    "hebrew",
    "han",
    "hiragana",
    "katakana",
    "hangul",
    "devanagari",
    "thai",
}


@functools.lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if name.startswith("FULLWIDTH LATIN"):
        return "latin"
    if name.startswith("CJK"):
        return "han"
    if name.startswith("KATAKANA-HIRAGANA"):
        return "kana"  # the prolonged sound mark belongs to both kana scripts
    return name.split(" ")[0].lower()


def _c_language(t: str, p: dict) -> Result:
    letters = [c for c in t if unicodedata.category(c).startswith("L")]
    if not letters:
        return False, "no letters"
    if "script" in p:
        scripts = {p["script"]} if isinstance(p["script"], str) else set(p["script"])
        if scripts & {"hiragana", "katakana"}:
            scripts.add("kana")
        share = sum(_script_of(c) in scripts for c in letters) / len(letters)
        need = p.get("min_ratio", 0.9)
        if share < need:
            return False, f"{share:.0%} of letters are {'/'.join(sorted(scripts - {'kana'}))}, need ≥{need:.0%}"
    if p.get("ascii_letters"):
        bad = next((c for c in letters if not ("a" <= c.lower() <= "z")), None)
        if bad:
            return False, f'non-ASCII letter "{bad}"'
    if "min_accented" in p:
        n = sum(not c.isascii() and _script_of(c) == "latin" for c in letters)
        if n < p["min_accented"]:
            return False, f"{n} accented letters, expected at least {p['min_accented']}"
    if "lang" in p:
        ok, found = tc.is_language(t, p["lang"])
        if not ok:
            return False, f"reads as {found or 'no clear language'}, expected {p['lang']}"
        if p["lang"] != "en" and (sent := tc.english_sentence(t, p["lang"])):
            return False, f'English sentence in a {p["lang"]} reply: "{_snip(sent)}"'
    return True, "language ok"


def _c_no_commas(t: str, p: dict) -> Result:
    n = t.count(",") + t.count("，")
    return n == 0, "no commas" if n == 0 else f"{n} comma{'s' if n > 1 else ''} present"


def _c_quoted(t: str, p: dict) -> Result:
    ok = len(t) >= 2 and t[0] in '"“' and t[-1] in '"”' and bool(_ALNUM.search(t[1:-1]))
    return ok, "wrapped in double quotes" if ok else f'not wrapped in double quotes: "{_snip(t, 20)}"'


_MARKDOWN = [
    ("header", re.compile(r"^ {0,3}#{1,6}[ \t]", re.M)),
    ("bullet", re.compile(r"^[ \t]*[-*+•][ \t]+\S", re.M)),
    ("bold", re.compile(r"\*\*[^*\n]+\*\*|__[^_\n]+__")),
    ("italics", re.compile(r"(?<![\w*])\*(?![\s*])[^*\n]+?(?<![\s*])\*(?![\w*])")),
    ("code", re.compile(r"```|`[^`\n]+`")),
    ("link", re.compile(r"\[[^\[\]\n]+\]\((?:[^()\s]|\([^()\s]*\))+\)")),  # no "[" inside: keeps "[[[[" linear
    ("table", re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)),
    ("block quote", re.compile(r"^[ \t]*>[ \t]", re.M)),
    ("rule", re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.M)),
]


def _c_no_markdown(t: str, p: dict) -> Result:
    for name, rx in _MARKDOWN:
        if m := rx.search(t):
            line = t[t.rfind("\n", 0, m.start()) + 1 :].split("\n", 1)[0]
            return False, f'markdown {name}: "{_snip(line)}"'
    return True, "no markdown"


def _c_no_json(t: str, p: dict) -> Result:
    if re.search(r"```\s*json", t, re.I):
        return False, "```json block present"
    decoder = json.JSONDecoder()
    for i, m in enumerate(re.finditer(r"[\[{]", t)):
        if i >= 200:  # bound the work on brace-heavy text
            break
        try:
            value, _ = decoder.raw_decode(t, m.start())
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)):
            return False, f'JSON present: "{_snip(t[m.start() :], 30)}"'
    return True, "no JSON"


_PLACEHOLDER = re.compile(r"\[([^\[\]\n]{1,80})\](?!\()")


def _c_placeholders(t: str, p: dict) -> Result:
    n = sum(1 for m in _PLACEHOLDER.finditer(t) if re.search(r"[^\W\d_]", m.group(1)))
    return _count(n, p, "[placeholder]", "[placeholders]", "placeholder count")


def _c_keyword(t: str, p: dict) -> Result:
    n = len(_phrase_re(p["word"], p.get("ignore_case", True)).findall(_norm(t)))
    w = p["word"]
    return _count(n, p, f'occurrence of "{w}"', f'occurrences of "{w}"', f'"{w}" count')


def _c_letter(t: str, p: dict) -> Result:
    ic = p.get("ignore_case", True)
    letter = p["letter"].casefold() if ic else p["letter"]
    n = (t.casefold() if ic else t).count(letter)
    return _count(n, p, f'letter "{p["letter"]}"', f'letters "{p["letter"]}"', f'"{p["letter"]}" count')


def _postscript(t: str, marker: str) -> re.Match[str] | None:
    """The last line that starts with the marker ("P.S.", "P. S.", "**P.S.**")."""
    body = re.escape(marker).replace(r"\.", r"\.[ \t]?")
    hits = list(re.finditer(r"^[ \t>*_]*" + body, t, re.M | re.I))
    return hits[-1] if hits else None


def _c_postscript(t: str, p: dict) -> Result:
    marker = p.get("marker", "P.S.")
    m = _postscript(t, marker)
    if not m:
        return False, f"no {marker} line"
    if not _ALNUM.search(t[: m.start()]):
        return False, f"{marker} has no message before it"
    blocks = [b for b in re.split(r"\n[ \t]*\n", t[m.end() :]) if b.strip()]
    if not blocks or not _ALNUM.search(blocks[0]):
        return False, f"{marker} is empty"
    if any(not re.match(r"[ \t>*_]*P\.?[ \t]?P\.?[ \t]?S", b, re.I) for b in blocks[1:]):
        return False, f'text after the {marker}: "{_snip(blocks[1])}"'
    return True, f"ends with a {marker}"


_TITLE = re.compile(r"<<([^<>\n]+)>>")


def _c_title(t: str, p: dict) -> Result:
    m = next((m for m in _TITLE.finditer(t) if _ALNUM.search(m.group(1))), None)
    if not m:
        return False, "no <<title>>"
    first = _lines(t)[0].strip().lstrip("#").strip().strip("*_").strip()
    if p.get("at_start") and not first.startswith("<<"):
        return False, f'first line is not the <<title>>: "{_snip(first)}"'
    if "text" in p and _fold(m.group(1), True) != _fold(p["text"], True):
        return False, f"title <<{_snip(m.group(1))}>>, expected <<{p['text']}>>"
    return True, f"title <<{_snip(m.group(1))}>>"


_BOLD = re.compile(r"\*\*(?![\s*])[^*\n]+?(?<![\s*])\*\*")
_ITALIC = re.compile(r"(?<!\*)\*(?![\s*])[^*\n]+?(?<![\s*])\*(?!\*)")


def _c_highlights(t: str, p: dict) -> Result:
    bold = len(_BOLD.findall(t))
    rest = _BOLD.sub(" ", t)
    n = len(_ITALIC.findall(rest)) + (bold if p.get("include_bold", True) else 0)
    return _count(n, p, "highlighted section", "highlighted sections", "highlight count")


# --- content checks ---------------------------------------------------------------------------


def _header_kind(line: str) -> tuple[str, int] | None:
    """("section", 0) for a SECTION line, ("md", level) for a markdown header, ("bold", 0) for a bold-only line."""
    if _SECTION.match(line):
        return "section", 0
    if m := re.match(r" {0,3}(#{1,6})[ \t]+\S", line):
        return "md", len(m.group(1))
    return ("bold", 0) if re.fullmatch(r"(\*\*|__)[^*_]+\1:?", line.strip()) else None


def _ends(start: tuple[str, int] | None, line: str) -> bool:
    """Whether `line` closes a section opened by a header of kind `start`: a SECTION part runs to
    the next SECTION line and a markdown one to the next header of its level or above, so a
    "### Details" or "**Action items**" line inside a section does not cut it short."""
    kind = _header_kind(line)
    if kind is None or start is None:
        return kind is not None
    if start[0] == "section":
        return kind[0] == "section"
    if start[0] == "md":
        return kind[0] == "section" or (kind[0] == "md" and kind[1] <= start[1])
    return True


def _section_text(t: str, header: str) -> str | None:
    """From the line that names `header` ("## Decision", "**Decision:**", "SECTION 2: Learning",
    a line "Decision"), that line included, to the line that closes it (see _ends)."""
    want, lines = _header_key(header), t.splitlines()
    for i, line in enumerate(lines):
        key = _header_key(line.lstrip().lstrip("#"))
        named = key == want or (key.startswith(want) and not _ALNUM.match(key[len(want) :][:1]))
        kind = _header_kind(line)
        if named and (key == want or kind is not None):
            end = next((j for j in range(i + 1, len(lines)) if _ends(kind, lines[j])), len(lines))
            return "\n".join(lines[i:end])
    return None


_ANY_BULLET = re.compile(r"^[ \t]*(?:" + "|".join(_BULLET_RE.values()) + r")(?=\S)")


def _located(t: str, where: Any) -> tuple[str | None, str]:
    """(text of the place an item must be in, its name for details); text None when it is absent."""
    if where is None:
        return t, ""
    if where == "postscript":
        m = _postscript(t, "P.S.")
        return (t[m.start() :] if m else None), "in the P.S."
    if where == "title":
        m = next((m for m in _TITLE.finditer(t) if _ALNUM.search(m.group(1))), None)
        return (m.group(1) if m else None), "in the <<title>>"
    if where == "highlights":
        spans = _BOLD.findall(t) + _ITALIC.findall(_BOLD.sub(" ", t))
        return (" | ".join(spans) if spans else None), "in a highlighted phrase"
    ((kind, value),) = where.items()
    if kind == "section":
        return _section_text(t, value), f'under "{value}"'
    parts = {
        "bullet": lambda: [ln[m.end() :] for ln in _lines(t) if (m := _ANY_BULLET.match(ln))],
        "line": lambda: _lines(t),
        "paragraph": lambda: _paragraphs(t),
    }[kind]()
    index = value - 1 if value > 0 else len(parts) + value
    return (parts[index] if 0 <= index < len(parts) else None), f"in {kind} {value}"


def _c_items(t: str, p: dict) -> Result:
    missing = []
    for item in p["items"]:
        place, where = _located(t, item.get("in"))
        if place is None or not tc.find_any(place, item["any"]):
            elsewhere = where and tc.find_any(t, item["any"])
            missing.append(
                f'"{item["name"]}" '
                + (
                    f"is not {where}"
                    if elsewhere
                    else (f"missing {where}".rstrip() + f' (e.g. "{item["any"][0].removeprefix("re:")}")')
                )
            )
    if missing:
        more = f" (+{len(missing) - 1} more)" if len(missing) > 1 else ""
        return False, f"{missing[0]}{more}"
    return True, f"all {len(p['items'])} items present"


def _c_no_placeholders(t: str, p: dict) -> Result:
    found = tc.placeholder(t)
    if found:
        return False, f'template text ({found[0]}): "{_snip(found[1])}"'
    return True, "no placeholders"


def _c_repetition(t: str, p: dict) -> Result:
    why = tc.repetition(t, p.get("min_distinct", 0.4), p.get("ngram", 3), p.get("max_repeats", 3))
    return (False, f"degenerate repetition: {why}") if why else (True, "no degenerate repetition")


def _c_refusal(t: str, p: dict) -> Result:
    marker = p["marker"]
    head = t.lstrip("*_ \t\n")
    if not head.casefold().startswith(marker.casefold()):
        return False, f'no refusal: does not start with "{marker}"'
    rest = head[len(marker) :].lstrip("*_ \t")
    if not _ALNUM.search(rest):
        return False, f'nothing explains the "{marker}"'
    norm = _norm(rest)
    cue = tc.attempt_cue(norm) or next((c for c in p.get("cues", []) if _phrase_re(c, True).search(norm)), None)
    if cue:
        return False, f'attempts the task anyway ("{cue}")'
    for quoted in re.findall(r'"([^"\n]*)"', norm):
        if len(_words(quoted)) >= p.get("quote_words", 6):
            return False, f'quotes an attempt: "{_snip(quoted)}"'
    n = len(tc.sentences(rest))
    if n > p.get("max_sentences", 3):
        return False, f"{n} sentences after {marker}, max {p.get('max_sentences', 3)}: more than an explanation"
    for clause in tc.clauses(rest):
        if len(_words(clause)) >= 5 and not tc.find_any(clause, p["about"]):
            return False, f'text that is not about the request: "{_snip(clause)}"'
    return True, "refuses without attempting"


# --- check table: function and parameter schema -----------------------------------------------

_B = {"type": "boolean"}
_STR = {"type": "string", "pattern": r"\S"}
_PHRASES = {"phrases": {"type": "array", "items": _STR, "minItems": 1}, "ignore_case": _B}
_REGEX = {"pattern": _STR, "flags": {"type": "string", "pattern": "^[imsx]*$"}}
_ALTS = {"type": "array", "items": _STR, "minItems": 1}
_PLACE = {
    "oneOf": [
        {"enum": ["postscript", "title", "highlights"]},
        {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": False,
            "properties": {
                "section": _STR,
                "bullet": {"type": "integer", "minimum": 1},
                "paragraph": {"type": "integer", "minimum": 1},
                "line": {"type": "integer", "not": {"const": 0}},
            },
        },
    ]
}
_ITEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "any"],
    "properties": {"name": _STR, "any": _ALTS, "in": _PLACE},
}

# name -> (function, properties, required, takes COUNT parameters)
CHECKS: dict[str, tuple[Callable[[str, dict], Result], dict, list[str], bool]] = {
    "word_count": (_c_words, {}, [], True),
    "sentence_count": (_c_sentences, {"lang": {"enum": list(tc.SEGMENTER_LANGS)}}, [], True),
    "paragraph_count": (_c_paragraphs, {}, [], True),
    "line_count": (_c_lines, {}, [], True),
    "char_count": (_c_chars, {"exclude_whitespace": _B}, [], True),
    "case": (_c_case, {"mode": {"enum": ["lower", "upper", "title"]}}, ["mode"], False),
    "required_phrases": (_c_required, _PHRASES, ["phrases"], False),
    "any_phrase": (_c_any, _PHRASES, ["phrases"], False),
    "forbidden_phrases": (_c_forbidden, _PHRASES, ["phrases"], False),
    "regex": (_c_regex, _REGEX, ["pattern"], False),
    "regex_absent": (_c_regex_absent, _REGEX, ["pattern"], False),
    "section_headers": (
        _c_headers,
        {
            "headers": {"type": "array", "items": _STR, "minItems": 1},
            "style": {"enum": ["markdown", "section", "line"]},
            "exact": _B,
        },
        ["headers"],
        False,
    ),
    "bullet_count": (
        _c_bullets,
        {
            "markers": {"type": "array", "items": {"enum": list(_BULLET_RE)}, "minItems": 1, "uniqueItems": True},
            "min_words_each": _NONNEG,
            "max_words_each": _NONNEG,
            "no_other_text": _B,
        },
        [],
        True,
    ),
    "starts_with": (_c_starts, {"text": _STR, "ignore_case": _B}, ["text"], False),
    "ends_with": (_c_ends, {"text": _STR, "ignore_case": _B, "ignore_trailing_punct": _B}, ["text"], False),
    "language": (
        _c_language,
        {
            "script": {
                "oneOf": [
                    {"enum": sorted(_SCRIPTS)},
                    {"type": "array", "items": {"enum": sorted(_SCRIPTS)}, "minItems": 1},
                ]
            },
            "min_ratio": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "ascii_letters": {"const": True},
            "min_accented": {"type": "integer", "minimum": 1},
            "lang": {"enum": sorted(tc.LANGS)},
        },
        [],
        False,
    ),
    "no_commas": (_c_no_commas, {}, [], False),
    "quoted": (_c_quoted, {}, [], False),
    "no_markdown": (_c_no_markdown, {}, [], False),
    "no_json": (_c_no_json, {}, [], False),
    "placeholder_count": (_c_placeholders, {}, [], True),
    "keyword_frequency": (_c_keyword, {"word": _STR, "ignore_case": _B}, ["word"], True),
    "letter_frequency": (
        _c_letter,
        {"letter": {"type": "string", "minLength": 1, "maxLength": 1}, "ignore_case": _B},
        ["letter"],
        True,
    ),
    "postscript": (_c_postscript, {"marker": _STR}, [], False),
    "title": (_c_title, {"at_start": _B, "text": _STR}, [], False),
    "highlight_count": (_c_highlights, {"include_bold": _B}, [], True),
    "items": (_c_items, {"items": {"type": "array", "items": _ITEM, "minItems": 1}}, ["items"], False),
    "no_placeholders": (_c_no_placeholders, {}, [], False),
    "repetition": (
        _c_repetition,
        {
            "min_distinct": {"type": "number", "minimum": 0, "maximum": 1},
            "ngram": {"type": "integer", "minimum": 1, "maximum": 8},
            "max_repeats": {"type": "integer", "minimum": 1},
        },
        [],
        False,
    ),
    "refusal": (
        _c_refusal,
        {
            "marker": _STR,
            "about": _ALTS,
            "max_sentences": {"type": "integer", "minimum": 1},
            "quote_words": {"type": "integer", "minimum": 2},
            "cues": _ALTS,
        },
        ["marker", "about"],
        False,
    ),
}

_VALIDATORS = {
    name: Draft202012Validator(
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"check": {}, **props, **(_COUNT if counted else {})},
            "required": required,
        }
    )
    for name, (_, props, required, counted) in CHECKS.items()
}
# Texts any "must match" regex has to reject at least one of, so ".+" cannot stand in for a check.
_JUNK = ("(no answer)", "x", "42", "Lorem ipsum dolor sit amet, consectetur adipiscing elit.")


def _alternatives_problem(c: dict) -> str | None:
    alts = [a for item in c.get("items", []) for a in item["any"]] + list(c.get("about", []))
    for alt in alts:
        try:
            rx = tc.alternative_re(alt)
        except re.error as exc:
            return f"invalid alternative {alt!r}: {exc}"
        if rx.search("") or rx.search("\u2063"):  # empty, or any character at all
            return f"alternative {alt!r} matches any text"
    return None


def _check_problem(c: Any, label: str) -> str | None:
    if not isinstance(c, dict) or not isinstance(c.get("check"), str):
        return f'{label} has no "check" name'
    name = c["check"]
    if name not in CHECKS:
        return f"unknown check {name!r} ({label})"
    errors = sorted(_VALIDATORS[name].iter_errors(c), key=lambda e: list(e.path))
    if errors:
        return f"{label} ({name}): {errors[0].message}"
    if CHECKS[name][3] and (problem := _count_problem(c)):
        return f"{label} ({name}): {problem}"
    if name in ("starts_with", "ends_with") and not _ALNUM.search(c["text"]):
        return f"{label} ({name}): text needs a letter or digit"
    if name == "language" and not set(c) - {"check", "min_ratio"}:
        return f"{label} (language): needs script, ascii_letters, min_accented or lang"
    if name in ("items", "refusal") and (problem := _alternatives_problem(c)):
        return f"{label} ({name}): {problem}"
    if name.startswith("regex"):
        try:
            rx = re.compile(c["pattern"], _flags(c))
        except re.error as exc:
            return f"{label} ({name}): invalid pattern: {exc}"
        if name == "regex" and all(rx.search(j) for j in _JUNK):
            return f"{label} (regex): pattern /{c['pattern']}/ matches any text"
    return None


def _config_problem(checks: Any, content: Any = None) -> str | None:
    if not isinstance(checks, list) or not checks:
        return '"checks" must be a non-empty list'
    if content is not None and (not isinstance(content, list) or not content):
        return '"content", when given, must be a non-empty list'
    labelled = [(c, f"check {i}") for i, c in enumerate(checks, 1)]
    labelled += [(c, f"content check {i}") for i, c in enumerate(content or [], 1)]
    return next((p for c, label in labelled if (p := _check_problem(c, label))), None)


def _run(text: str, checks: list[dict], kind: str = "form") -> list[dict[str, Any]]:
    results = []
    for c in checks:
        passed, detail = CHECKS[c["check"]][0](text, c)
        results.append({"check": c["check"], "kind": kind, "passed": passed, "detail": detail})
    return results


def _run_all(text: str, checks: list[dict], content: list[dict] | None) -> list[dict[str, Any]]:
    return _run(text, checks, "form") + _run(text, content or [], "content")


_CONFIG_ERRORS: dict[str, str | None] = {}  # a scenario's checks are validated once, not per reply


def _config_error(checks: Any, content: Any = None) -> str | None:
    try:
        key = json.dumps([checks, content], sort_keys=True)
    except (TypeError, ValueError):
        key = None
    if key is not None and key in _CONFIG_ERRORS:
        return _CONFIG_ERRORS[key]
    problem = _config_problem(checks, content)
    if problem is None:
        for probe in (NO_ANSWER, ""):
            if all(r["passed"] for r in _run_all(probe, checks, content)):
                problem = f"checks accept {probe!r}"
                break
    if key is not None and len(_CONFIG_ERRORS) < 10_000:
        _CONFIG_ERRORS[key] = problem
    return problem


def verify(scenario: Any, reply: Reply) -> Verdict:
    config = getattr(scenario, "verifier", None)
    config = config if isinstance(config, dict) else {}
    checks, content_checks = config.get("checks"), config.get("content")
    if problem := _config_error(checks, content_checks):
        return Verdict.fail(f"bad instruct_follow config: {problem}", config_error=True)
    content = getattr(reply, "content", "")
    text = unicodedata.normalize("NFC", content if isinstance(content, str) else "").strip()
    if not text or text == NO_ANSWER:
        return Verdict.fail("empty reply" if not text else "no answer", checks=[], failed_kinds=[])
    results = _run_all(text, checks or [], content_checks)
    failed = [r for r in results if not r["passed"]]
    kinds = [k for k in ("form", "content") if any(r["kind"] == k for r in failed)]
    if not failed:
        return Verdict.ok(f"{len(results)} checks passed", checks=results, failed_kinds=kinds)
    said = [("content: " if r["kind"] == "content" else "") + r["detail"] for r in failed[:2]]
    detail = "; ".join(said) + (f" (+{len(failed) - 2} more)" if len(failed) > 2 else "")
    return Verdict.fail(detail, checks=results, failed_kinds=kinds)
