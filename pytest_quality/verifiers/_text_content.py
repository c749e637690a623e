"""Text analysis behind instruct_follow's content checks: sentences, language, placeholders, repetition.

Pure functions, deterministic, bounded in time on any input. The two libraries are loaded lazily:
pysbd (rule-based sentence segmentation that knows abbreviations such as "M. Dupont" and "etc.")
and lingua (language detection from n-gram models). Both are slow on some inputs (pysbd is
quadratic in the number of candidate boundaries, lingua in word length), so their input is cut
down first; the cuts only affect replies far longer than any count the packs ask for.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Any

_ALNUM = re.compile(r"[^\W_]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})

# --- sentences --------------------------------------------------------------------------------

SEGMENTER_LANGS = ("en", "fr", "de", "es", "it", "ru", "nl", "pl", "da", "bg", "el", "ja", "zh")
_CHUNK = 500  # pysbd input size, so its worst case (a line of "1. 2. 3. ...") stays near 0.1 s per chunk
_BUDGET = 4000  # characters segmented by pysbd per text; the rest uses the rule-based splitter
# Boundaries every segmenter agrees on: a line break, a CJK full stop, "!" or "?", or "." after a
# lowercase word of 4+ letters that is no known abbreviation, before a capital. Cutting there
# first keeps pysbd's chunks short without taking any ambiguous decision away from it.
_SAFE_CUT = re.compile(
    r"(?<=[。！？])"  # after a CJK full stop
    r"|(?:(?<=[!?])|(?<=[!?][\"'”’)]))\s+(?=[\"'“(]?[^\W\d_])"  # after ! or ?, before a word
    r"|(?<=[^\W\d_]{4}\.)\s+(?=[\"'“(]?[A-ZÀ-ÖØ-ÞА-Я])"  # after "word." before a capital; see _safe_pieces
)
_LOWER_ABBREV = {"approx", "incl", "excl", "resp", "dept", "corp", "assn", "univ", "esp", "fig", "vol", "nos"}

# The rule-based fallback for text past the budget (and when pysbd fails): a sentence ends at
# . ! ? … followed by whitespace, except after a few common abbreviations and "2." list markers.
_FALLBACK_ABBREV = {"e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "vs", "st", "jr", "sr", "m", "mme", "etc", "cf"}
_SENT_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+")


def _fallback(text: str) -> list[str]:
    out: list[str] = []
    pending: list[str] = []  # pieces of the sentence being built (a list: joining per piece is quadratic)
    pieces = _SENT_END.split(text)
    for i, piece in enumerate(pieces):
        pending.append(piece)
        words = piece.split()
        last = words[-1].lower().rstrip(".") if words else ""
        after = pieces[i + 1][:1] if i + 1 < len(pieces) else ""
        if piece.rstrip().endswith(".") and (
            last in _FALLBACK_ABBREV
            or re.fullmatch(r"\d{1,3}|[a-z]", last)
            or (re.fullmatch(r"(?:[a-z]\.)+[a-z]", last) and after.islower())
        ):
            continue  # "Dr. Lee", a "2." list marker and "5 p.m. today" do not end a sentence
        sentence = " ".join(pending).strip()
        if _ALNUM.search(sentence):
            out.append(sentence)
        pending = []
    sentence = " ".join(pending).strip()
    if _ALNUM.search(sentence):
        out.append(sentence)
    return out


@functools.lru_cache(maxsize=None)
def _segmenter(lang: str) -> Any:
    import pysbd  # lazily: only scenarios that count sentences pay for the import

    return pysbd.Segmenter(language=lang, clean=False)


def _safe_pieces(line: str) -> list[str]:
    pieces, start = [], 0
    for m in _SAFE_CUT.finditer(line):
        before = line[max(start, m.start() - 80) : m.start()].rstrip("\"'”’) ").split()  # last word only
        last = before[-1].rstrip(".") if before else ""
        if line[m.start() - 1 : m.start()] == "." and (not last.islower() or last in _LOWER_ABBREV):
            continue  # "Prof. Smith" or "approx. Five": not safe, leave it to pysbd
        pieces.append(line[start : m.start()])
        start = m.end()
    pieces.append(line[start:])
    return [p for p in pieces if p.strip()]


def _chunks(line: str) -> list[str]:
    """Pack the safe pieces of one line into chunks of at most _CHUNK characters where possible."""
    if len(line) <= _CHUNK:
        return [line]
    out: list[str] = []
    for piece in _safe_pieces(line):
        if out and len(out[-1]) + 1 + len(piece) <= _CHUNK:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def sentences(text: str, lang: str = "en") -> list[str]:
    """Sentences of `text`: a line break always ends one; within a line pysbd decides."""
    budget = _BUDGET
    out: list[str] = []
    for line in text.splitlines():
        if not _ALNUM.search(line):
            continue
        for chunk in _chunks(line):
            found: list[str] | None = None
            if len(chunk) <= min(_CHUNK, budget):
                budget -= len(chunk)
                try:
                    found = [str(s) for s in _segmenter(lang).processor(chunk).process()]
                except Exception:  # noqa: BLE001 - a segmenter bug must not take the verdict down
                    found = None
            out += [s.strip() for s in (found if found is not None else _fallback(chunk)) if _ALNUM.search(s)]
    return out


# --- language ---------------------------------------------------------------------------------

LANGS = {
    "en": "ENGLISH",
    "fr": "FRENCH",
    "de": "GERMAN",
    "es": "SPANISH",
    "it": "ITALIAN",
    "pt": "PORTUGUESE",
    "ru": "RUSSIAN",
    "uk": "UKRAINIAN",
}
_SAMPLE = 10_000  # characters given to the detector
_LONG_WORD = re.compile(r"\S{41,}")  # lingua is quadratic in word length; no real word is this long


@functools.lru_cache(maxsize=2)
def detector(accurate: bool = False) -> Any:
    """A detector over a fixed set of languages (the packs' targets and their closest rivals), built
    once per process. The default low-accuracy mode uses trigram models only: about 12 MB and 0.1 s
    to build instead of about 200 MB and 2 s. It is right on paragraphs and on the question "does
    this sentence read as English?", but on replies of two or three short sentences it sometimes
    takes French for Portuguese; so a mismatch is confirmed with the accurate models (see
    is_language), which are loaded only when a reply is not detected as its target at first."""
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGS.values()))
    return (builder if accurate else builder.with_low_accuracy_mode()).build()


def _sample(text: str) -> str:
    return _LONG_WORD.sub(lambda m: m.group(0)[:40], text[:_SAMPLE])


def language_of(text: str, accurate: bool = False) -> str | None:
    """ISO code of the language `text` is written in, among LANGS; None when undecided."""
    found = detector(accurate).detect_language_of(_sample(text))
    return next((code for code, name in LANGS.items() if found is not None and found.name == name), None)


def is_language(text: str, lang: str) -> tuple[bool, str | None]:
    """Whether `text` reads as `lang`, and the language found. A mismatch is confirmed with the
    accurate models, except on scraps such as "(no answer)" that fail other checks anyway: loading
    those models for them would cost every run their memory."""
    found = language_of(text)
    if found != lang and len(re.findall(r"[^\W\d_]", text[:_SAMPLE])) >= 20:
        found = language_of(text, accurate=True)
    return found == lang, found


def english_sentence(text: str, lang: str, limit: int = 40) -> str | None:
    """The first sentence of 3+ words that reads as English (confidence >= 0.5), if any."""
    from lingua import Language

    for sent in sentences(_sample(text), lang if lang in SEGMENTER_LANGS else "en")[:limit]:
        if (
            len(re.findall(r"[^\W\d_]{2,}", sent)) >= 3
            and detector().compute_language_confidence(sent, Language.ENGLISH) >= 0.5
        ):
            return sent
    return None


# --- placeholders -----------------------------------------------------------------------------

PLACEHOLDERS = [
    # [Candidate Name], [Subject]; not [1], a [x] check box, or a markdown [link](url)
    ("bracket", re.compile(r"\[(?![ xX]?\])[^\[\]\n]{0,80}?[^\W\d_][^\[\]\n]{0,80}\](?!\()")),
    ("brace", re.compile(r"\{\{?[ \t]*[^\W\d][\w .-]{0,40}\}\}?")),  # {name}, {{first_name}}
    # <Candidate Name>, <insert date>, <NAME>; not the <<title>> markup, not lowercase html tags
    (
        "angle",
        re.compile(
            r"(?<!<)<[ \t]*(?:(?:insert|enter|add|your)\b[^<>\n]{0,60}"
            r"|[A-Z][A-Za-z]+(?:[ _-][A-Za-z]+)*)[ \t]*>(?!>)"
        ),
    ),
    (
        "paren",
        re.compile(
            r"\((?:insert|enter|add)[ \t][^()\n]{1,60}\)"
            r"|\(your (?:name|title|company|signature|e-?mail|phone)\)",
            re.I,
        ),
    ),
    ("marker", re.compile(r"\b(?:TODO|TBD|TBA|FIXME|XXX)\b")),
    ("lorem ipsum", re.compile(r"\blorem ipsum\b|\bdolor sit amet\b", re.I)),
    ("blank", re.compile(r"_{3,}")),
]


def placeholder(text: str) -> tuple[str, str] | None:
    """(kind, matched text) of the first placeholder or template marker in `text`, if any."""
    hits = [(m.start(), kind, m.group(0)) for kind, rx in PLACEHOLDERS if (m := rx.search(text))]
    if not hits:
        return None
    _, kind, found = min(hits)
    return kind, found


# --- repetition -------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def repetition(text: str, min_distinct: float, n: int, max_repeats: int) -> str | None:
    """Why `text` reads as degenerate repetition, or None. Good prose of a few hundred words keeps
    well over 40% distinct words and repeats no 3-word sequence more than 3 times."""
    words = tokens(text)
    if len(words) >= 4:
        ratio = len(set(words)) / len(words)
        if ratio < min_distinct:
            return f"only {ratio:.0%} of the {len(words)} words are distinct (need {min_distinct:.0%})"
    if len(words) >= n:
        gram, count = Counter(zip(*(words[i:] for i in range(n)))).most_common(1)[0]
        if count > max_repeats:
            return f'"{" ".join(gram)}" repeated {count} times (max {max_repeats})'
    return None


# --- matching items -------------------------------------------------------------------------

_SEP = r"[\s\-‐‑‒–—]+"  # spaces and dashes of any kind


def alternative_re(alt: str) -> re.Pattern[str]:
    """Regex for one alternative: "re:<pattern>", "stem*" (any ending), or a phrase in which
    spaces and hyphens are interchangeable ("same day" matches "same-day"); always ignoring case
    and on word boundaries ("ten" does not match "often")."""
    if alt.startswith("re:"):
        return re.compile(alt[3:], re.I)
    stem = alt.endswith("*")
    phrase = " ".join(alt.rstrip("*").translate(_QUOTES).split())
    parts = [re.escape(p) for p in re.split(_SEP, phrase) if p]
    body = _SEP.join(parts)
    left = r"(?<![^\W_])" if _ALNUM.match(phrase[:1]) else ""
    right = r"[^\W_]*" if stem else (r"(?![^\W_])" if _ALNUM.match(phrase[-1:]) else "")
    return re.compile(left + body + right, re.I)


@functools.lru_cache(maxsize=4096)
def _compiled(alts: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(alternative_re(a) for a in alts)


def find_any(text: str, alts: list[str] | tuple[str, ...]) -> str | None:
    """The first alternative found in `text` (quotes normalised, markdown emphasis ignored)."""
    plain = text.translate(_QUOTES).replace("*", "").replace("`", "")
    for alt, rx in zip(alts, _compiled(tuple(alts))):
        if rx.search(plain):
            return alt
    return None


def clauses(text: str) -> list[str]:
    """Pieces of text between sentence punctuation, colons, semicolons, dashes and line breaks."""
    return [c for c in re.split(r"[.!?…:;\n]+|\s[—–-]\s|—", text) if _ALNUM.search(c)]


# What introduces an attempt after a refusal ("IMPOSSIBLE: ... Here is my best try: ..."); "here is
# why" and "any attempt would fail" are explanations, not attempts.
ATTEMPT_CUES = [
    re.compile(p, re.I)
    for p in (
        r"\bhere(?:'s|’s| is| are)\b"
        r"(?!\s+(?:why|the (?:reason|problem|issue|catch|conflict|two|constraints?|requirements?|numbers?)\b))",
        r"\b(?:my|best|closest|nearest) (?:attempt|try|effort|approximation)\b",
        r"\b(?:attempt|try):",
        r"\b(?:try|attempt) anyway\b",
        r"\bthe (?:closest|nearest|best) (?:i|we) (?:can|could)\b",
        r"\bas follows\b",
        r"\bbelow is\b",
        r"\bthe following\b",
        r"\bfor (?:instance|example):",
        r"\bexample:",
        r"\bnevertheless\b",
        r"\bnonetheless\b",
    )
]


def attempt_cue(text: str) -> str | None:
    """The first words that introduce an attempt, if any."""
    hits = [m for rx in ATTEMPT_CUES if (m := rx.search(text))]
    return min(hits, key=lambda m: m.start()).group(0) if hits else None
