"""instruct_follow verifier: every check passes and fails, config validation, edge cases, the pack.

The red-team replies and the generated form-only replies are in
test_instructfollow_content_free.py; here each check on its own, and the pack's labelled entries."""

from __future__ import annotations

import json
import time
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import pytest

from pytest_quality import verifiers
from pytest_quality.packs import load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verifiers import _text_content as tc
from pytest_quality.verifiers import instruct_follow as iff

PACK = Path(__file__).resolve().parents[2] / "packs" / "instructfollow-15.jsonl"
# Checks that alone reject both "(no answer)" and "", so single-check scenarios are valid configs.
ANCHOR = {"check": "word_count", "min": 3}


def verdict(text, *checks):
    scenario = SimpleNamespace(verifier={"type": "instruct_follow", "checks": list(checks)})
    return iff.verify(scenario, Reply(content=text))


def run(text: str, check: dict) -> tuple[bool, str]:
    """One check on one text, after the same config validation verify() does."""
    assert iff._config_problem([check]) is None, iff._config_problem([check])
    text = unicodedata.normalize("NFC", text).strip()
    return iff.CHECKS[check["check"]][0](text, check)


def passes(text: str, /, **check) -> bool:
    return run(text, check)[0]


def detail(text: str, /, **check) -> str:
    return run(text, check)[1]


# --- counts -----------------------------------------------------------------------------------


def test_word_definition():
    assert iff._words("don't stop — it's 3.5% of $35.98, well-known. - e.g.") == [
        "don't",
        "stop",
        "it's",
        "3.5%",
        "of",
        "$35.98,",
        "well-known.",
        "e.g.",
    ]
    assert iff._words("") == [] and iff._words(" — – - * ") == []


def test_word_count_exact_tolerance_and_detail():
    text = " ".join(["word"] * 247)
    assert not passes(text, check="word_count", exact=250, tolerance=2)
    assert detail(text, check="word_count", exact=250, tolerance=2) == "word count 247, target 250 ±2"
    assert passes(text, check="word_count", exact=250, tolerance=3)
    assert passes(text, check="word_count", exact=247)
    assert not passes(text, check="word_count", exact=248)


def test_word_count_min_max():
    assert passes("one two three", check="word_count", min=3, max=3)
    assert not passes("one two", check="word_count", min=3)
    assert not passes("one two three four", check="word_count", max=3)
    assert detail("one two three four", check="word_count", max=3) == "4 words, expected at most 3"
    assert detail("one", check="word_count", min=2, max=5) == "1 word, expected 2-5"


def test_sentence_count():
    text = "Dr. Lee arrived at 3.30 p.m. today. He said hi! Did you see him? Yes… e.g. this is one."
    assert tc.sentences(text) == [
        "Dr. Lee arrived at 3.30 p.m. today.",
        "He said hi!",
        "Did you see him?",
        "Yes… e.g. this is one.",
    ]
    assert tc.sentences("He left at 5 p.m. The rest stayed. Mr. Smith vs. Mrs. Jones won.") == [
        "He left at 5 p.m.",
        "The rest stayed.",
        "Mr. Smith vs. Mrs. Jones won.",
    ]
    assert passes("One. Two! Three?", check="sentence_count", exact=3)
    assert not passes("One. Two! Three? Four.", check="sentence_count", exact=3)
    assert passes("1. First item\n2. Second item", check="sentence_count", exact=2)  # list markers are no sentences
    assert passes("これは本です。あれはペンです。", check="sentence_count", exact=2)
    assert passes('He said "stop." Then he left.', check="sentence_count", exact=2)
    assert passes(
        "Il parle à M. Dupont. Il lit des BD, des romans, etc. et rentre.", check="sentence_count", exact=2, lang="fr"
    )
    assert not passes("Il parle à M. Dupont. Il rentre.", check="sentence_count", exact=3, lang="fr")


def test_sentences_of_long_and_pathological_text_stay_fast_and_sane():
    prose = "The keeper climbed the stairs slowly. " * 200 + "Prof. Smith came at 5 p.m. today. Did he? Yes."
    found = tc.sentences(prose)
    assert len(found) == 203 and found[-3:] == ["Prof. Smith came at 5 p.m. today.", "Did he?", "Yes."]
    for text in ("1. 2. 3. " * 20_000, "Dr. " * 50_000, "e.g. " * 40_000, "a. " * 60_000):
        # CPU time of this thread, not wall time: a guard against runaway (backtracking) work,
        # deaf to how loaded the machine is. Speed targets live in benchmarks/.
        start = time.thread_time()
        tc.sentences(text)
        assert time.thread_time() - start < 5, text[:10]


def test_paragraph_and_line_count():
    text = "First para line one.\nline two.\n\n  \nSecond para.\n\n---\n"
    assert passes(text, check="paragraph_count", exact=2)  # a rule alone is no paragraph
    assert not passes(text, check="paragraph_count", exact=3)
    assert passes(text, check="line_count", exact=4)
    assert not passes("a\nb\n\nc", check="line_count", max=2)


def test_char_count():
    assert passes('"Fixed today."', check="char_count", max=14)
    assert not passes('"Fixed today."', check="char_count", max=13)
    assert passes("a b\nc", check="char_count", exact=3, exclude_whitespace=True)
    assert detail("abcd", check="char_count", max=3) == "4 characters, expected at most 3"


# --- case and phrases -------------------------------------------------------------------------


def test_case_lower_upper():
    assert passes("all lower, 42 too.", check="case", mode="lower")
    assert not passes("all lower except Here.", check="case", mode="lower")
    assert detail("fine Here", check="case", mode="lower") == 'not all lower case: "Here"'
    assert passes("CAUTION: WET FLOOR 2", check="case", mode="upper")
    assert not passes("CAUTION: wet FLOOR", check="case", mode="upper")
    assert not passes("123 --", check="case", mode="lower")  # no letters at all
    assert passes("привет мир", check="case", mode="lower") and not passes("Привет", check="case", mode="lower")


def test_case_title():
    assert passes("The Lord of the Rings\nAnd Then There Were None", check="case", mode="title")
    assert passes('"Gone With the Wind" (1939)', check="case", mode="title")
    assert not passes("The lord of the Rings", check="case", mode="title")
    assert not passes("the Lord of the Rings", check="case", mode="title")  # minor word first on a line


def test_required_phrases():
    text = "Best regards, Ana. We’ll   see you soon."
    assert passes(text, check="required_phrases", phrases=["best regards,", "we'll see you"])
    assert not passes(text, check="required_phrases", phrases=["best regards,", "we'll see you"], ignore_case=False)
    assert detail(text, check="required_phrases", phrases=["cheers", "thanks"]) == (
        'required phrase "cheers" missing (+1 more)'
    )
    assert not passes("concatenate", check="required_phrases", phrases=["cat"])  # whole words only


def test_any_phrase():
    assert passes("It needs fifteen words.", check="any_phrase", phrases=["15", "fifteen"])
    assert not passes("It needs 150 words.", check="any_phrase", phrases=["15", "fifteen"])
    assert "none of" in detail("nothing here", check="any_phrase", phrases=["15", "fifteen"])


def test_forbidden_phrases():
    assert not passes("As an AI, I cannot.", check="forbidden_phrases", phrases=["as an AI"])
    assert detail("As an AI, I cannot.", check="forbidden_phrases", phrases=["as an AI"]) == (
        'forbidden phrase "as an AI" present'
    )
    assert passes("Every day is new.", check="forbidden_phrases", phrases=["very"])
    assert passes("As an AI.", check="forbidden_phrases", phrases=["as an ai"], ignore_case=False)
    assert not passes("Wow!", check="forbidden_phrases", phrases=["!"])


# --- regex ------------------------------------------------------------------------------------


def test_regex_and_regex_absent():
    assert passes("Subject: Hi\nBody", check="regex", pattern=r"^Subject: \S", flags="")
    assert not passes("Body\nSubject: Hi", check="regex", pattern=r"\ASubject: \S", flags="")
    assert passes("Body\nSubject: Hi", check="regex", pattern=r"^Subject: \S")  # default flags "m"
    assert passes("HELLO", check="regex", pattern="hello", flags="i")
    assert passes("no digits", check="regex_absent", pattern=r"\d")
    assert not passes("1 digit", check="regex_absent", pattern=r"\d")
    assert detail("1 digit", check="regex_absent", pattern=r"\d").endswith('matched "1"')


@pytest.mark.parametrize("pattern", [".+", ".*", "^", r"\S", "(?s).", "[\\s\\S]"])
def test_regex_that_matches_any_text_is_rejected(pattern):
    v = verdict("anything at all", {"check": "regex", "pattern": pattern})
    assert not v.passed and "matches any text" in v.detail and v.trace["config_error"]


def test_invalid_regex_is_rejected():
    v = verdict("text", {"check": "regex", "pattern": "(unclosed"})
    assert not v.passed and "invalid pattern" in v.detail


# --- structure --------------------------------------------------------------------------------

MEMO = "## Background\nText.\n\n## Decision\nText.\n\n### Next Steps:\nText."


def test_section_headers_markdown():
    check = dict(check="section_headers", headers=["Background", "Decision", "Next Steps"])
    assert passes(MEMO, **check)
    assert passes(MEMO.replace("## Decision", "## **decision**"), **check)
    assert detail(MEMO.replace("## Decision", "**Decision**"), **check) == 'missing section header "Decision"'
    swapped = "## Decision\nx\n## Background\nx\n## Next Steps\nx"
    assert "out of order" in detail(swapped, **check)
    assert "unexpected section header" in detail("# Memo\n" + MEMO, **check)
    assert passes("# Memo\n" + MEMO, **check, exact=False)
    assert not passes(MEMO + "\n## Decision\nagain", **check, exact=False)  # repeated header


def test_section_headers_section_and_line_styles():
    text = "SECTION 1: Setup\nx\n\n**SECTION 2** – Learn\nx\n\n## Section 3\nx"
    check = dict(check="section_headers", headers=["SECTION 1", "SECTION 2", "SECTION 3"], style="section")
    assert passes(text, **check)
    assert detail(text.replace("SECTION 1", "Part 1"), **check) == 'missing section header "SECTION 1"'
    assert not passes(text + "\nSECTION 4\ny", **check)
    lines = "Background:\nx\n\n**Plan**\ny"
    assert passes(lines, check="section_headers", headers=["Background", "Plan"], style="line")
    assert not passes(lines, check="section_headers", headers=["Plan", "Background"], style="line")


BULLETS = "- one two\n* three four five\n• six\n+ seven"


def test_bullet_count_markers():
    assert passes(BULLETS, check="bullet_count", exact=3)  # default markers: - * •
    assert passes(BULLETS, check="bullet_count", exact=4, markers=["-", "*", "•", "+"])
    assert passes(BULLETS, check="bullet_count", exact=1, markers=["-"])
    assert passes("1. a\n2) b\n10. c", check="bullet_count", exact=3, markers=["numbered"])
    assert detail("- a\n- b\n- c", check="bullet_count", exact=5) == "3 bullets, expected exactly 5"
    assert passes("*emphasis* is not a bullet\n**bold** neither", check="bullet_count", max=0, min=0)
    assert passes("---\n-no space", check="bullet_count", max=0, min=0)


def test_bullet_words_each_and_no_other_text():
    assert not passes(BULLETS, check="bullet_count", exact=3, max_words_each=2)
    assert "bullet has 3 words, max 2" in detail(BULLETS, check="bullet_count", exact=3, max_words_each=2)
    assert not passes(BULLETS, check="bullet_count", exact=3, min_words_each=2)
    assert passes("- a\n- b", check="bullet_count", exact=2, no_other_text=True)
    assert not passes("Tips:\n- a\n- b", check="bullet_count", exact=2, no_other_text=True)
    assert passes("Tips:\n- a\n- b", check="bullet_count", exact=2)


def test_starts_with_and_ends_with():
    assert passes("  The lighthouse stands.", check="starts_with", text="the lighthouse")
    assert not passes("The lighthouse stands.", check="starts_with", text="the lighthouse", ignore_case=False)
    assert not passes("The lighthouses stand.", check="starts_with", text="The lighthouse")
    assert passes("**IMPOSSIBLE:** no.", check="starts_with", text="IMPOSSIBLE:", ignore_case=False)
    assert passes("He waited for dawn.  \n", check="ends_with", text="for dawn.")
    assert not passes("He waited for dawn!", check="ends_with", text="dawn")
    assert passes("He waited for **dawn**!", check="ends_with", text="dawn.", ignore_trailing_punct=True)
    assert not passes("He waited for sundawn.", check="ends_with", text="dawn", ignore_trailing_punct=True)
    assert passes("Let’s go.", check="ends_with", text="let's go.")
    assert passes("Any questions? **Ask me.**", check="ends_with", text="Ask me.")  # emphasis around the end
    assert 'expected "dawn"' in detail("for the morning.", check="ends_with", text="dawn")


# --- language ---------------------------------------------------------------------------------

FRENCH = "La bibliothèque est un endroit calme où tu peux lire des romans et des journaux."
ENGLISH = "The library is a quiet place where you can read novels and the newspapers."


def test_language_scripts():
    assert passes("Привет, как дела?", check="language", script="cyrillic", min_ratio=1.0)
    assert not passes("Привет, how are you?", check="language", script="cyrillic")
    assert "of letters are cyrillic" in detail("hello", check="language", script="cyrillic")
    assert passes("こんにちは、げんきですか。", check="language", script="hiragana")
    assert passes("コーヒーを飲みます。", check="language", script=["hiragana", "katakana", "han"])
    assert not passes("Hello there", check="language", script="hiragana")
    assert passes("Γειά σου κόσμε", check="language", script="greek")
    assert passes("Ｈｅｌｌｏ", check="language", script="latin")  # fullwidth Latin is Latin
    assert not passes("12345 !!", check="language", script="latin")  # no letters


def test_language_lang_uses_the_detector():
    french = (
        "La bibliothèque Jules-Verne est ouverte le mercredi et le samedi. La carte est gratuite pour les "
        "moins de 18 ans. Le club manga de M. Dupont t'attend le samedi !"
    )
    assert passes(french, check="language", lang="fr")
    assert detail(french + " See you there, it will be great!", check="language", lang="fr").startswith(
        'English sentence in a fr reply: "See you there'
    )
    assert "expected fr" in detail(
        "Il giovane legge un libro nella biblioteca comunale ogni sabato mattina.", check="language", lang="fr"
    )
    russian = "1. Тридцать минут ходьбы снижают давление.\n2. Прогулка после еды снижает сахар."
    assert passes(russian, check="language", lang="ru")
    assert not passes(
        "1. Тридцять хвилин ходьби знижують тиск.\n2. Прогулянка покращує сон.", check="language", lang="ru"
    )
    assert not passes("bla bla 123", check="language", lang="fr")
    assert tc.detector() is tc.detector()  # built once per process


def test_language_ascii_accents_and_lang():
    assert passes(ENGLISH + " It’s “great” — really.", check="language", ascii_letters=True)
    assert not passes("A naïve café.", check="language", ascii_letters=True)
    assert passes(FRENCH, check="language", min_accented=2)
    assert not passes(ENGLISH, check="language", min_accented=1)
    assert passes(unicodedata.normalize("NFD", "é è"), check="language", min_accented=2)  # NFC first
    assert passes(FRENCH, check="language", lang="fr")
    assert not passes(ENGLISH + " Un café, s'il vous plaît.", check="language", lang="fr")
    assert passes(ENGLISH, check="language", lang="en")
    assert not passes(FRENCH, check="language", lang="en")
    assert passes("Der Hund und die Katze sind nicht im Haus.", check="language", lang="de")
    assert passes("El perro y la gata están en la casa con su familia.", check="language", lang="es")


# --- format checks ----------------------------------------------------------------------------


def test_no_commas():
    assert passes("no commas here.", check="no_commas")
    assert detail("one, two, three", check="no_commas") == "2 commas present"
    assert not passes("中文，逗号", check="no_commas")


def test_quoted():
    assert passes('"Fixed today, riding tomorrow."', check="quoted")
    assert passes("“Fixed today.”", check="quoted")
    assert not passes("Fixed today.", check="quoted")
    assert not passes('"Fixed today."  Extra.', check="quoted")
    assert not passes('""', check="quoted") and not passes('"', check="quoted")


@pytest.mark.parametrize(
    "text",
    [
        "# Title\nbody",
        "- item",
        "* item",
        "This is **bold**.",
        "This is *italic* text.",
        "Run `ls` now.",
        "```\ncode\n```",
        "See [docs](http://x.y).",
        "| a | b |",
        "> quoted",
        "text\n---\nmore",
        "__under__",
    ],
)
def test_no_markdown_fails(text):
    assert not passes(text, check="no_markdown")


def test_no_markdown_passes_plain_text():
    text = "Plain text with 5 * 3 = 15, a #hashtag, a - dash and a list:\n1. first\n2. second"
    assert passes(text, check="no_markdown")


def test_no_json():
    assert passes("Plain text [1] with {braces} and a list [a, b].", check="no_json")
    assert not passes('Here: {"a": 1}', check="no_json")
    assert not passes('[{"a": 1}, {"a": 2}]', check="no_json")
    assert not passes("```json\nnot even valid\n```", check="no_json")
    assert passes("[1, 2, 3] are numbers", check="no_json")


def test_placeholders():
    text = "Dear [Candidate Name], start on [Start Date]. See [docs](http://x). Cite [1]. [ ]"
    assert passes(text, check="placeholder_count", exact=2)
    assert not passes(text, check="placeholder_count", min=3)
    assert detail(text, check="placeholder_count", min=3) == "2 [placeholders], expected at least 3"


def test_keyword_frequency():
    text = "The zebra and the Zebra's friend met zebras."
    assert passes(text, check="keyword_frequency", word="zebra", exact=2)
    assert passes(text, check="keyword_frequency", word="zebra", exact=1, ignore_case=False)
    assert not passes(text, check="keyword_frequency", word="zebra", min=3)
    assert detail(text, check="keyword_frequency", word="zebra", min=3) == (
        '2 occurrences of "zebra", expected at least 3'
    )
    assert passes("la bibliothèque et la bibliothèque", check="keyword_frequency", word="bibliothèque", min=2)


def test_letter_frequency():
    assert passes("Zany zebras zoom", check="letter_frequency", letter="z", exact=3)
    assert passes("Zany zebras zoom", check="letter_frequency", letter="z", exact=2, ignore_case=False)
    assert not passes("Zany", check="letter_frequency", letter="z", min=2)
    assert detail("Zany", check="letter_frequency", letter="z", min=2) == '1 letter "z", expected at least 2'


def test_postscript():
    body = "Hi Ana,\n\nSee you Monday.\n\nBest,\nBo\n\n"
    assert passes(body + "P.S. Bring snacks.", check="postscript")
    assert passes(body + "**P.S.** Bring snacks.\n\nP.P.S. And water.", check="postscript")
    assert passes(body + "p. s. bring snacks.", check="postscript")
    assert passes(body + "P.S. Bring snacks.\n\np.p.s. and water.", check="postscript")
    assert not passes(body, check="postscript")
    assert not passes(body + "P.S.", check="postscript")  # empty postscript
    assert not passes("P.S. Only a postscript.", check="postscript")  # no body
    assert "text after the P.S." in detail(body + "P.S. Snacks.\n\nBest,\nBo", check="postscript")
    assert passes(body + "PS: snacks", check="postscript", marker="PS:")


def test_title():
    assert passes("<<Green Tea>>\nBody", check="title", at_start=True)
    assert passes("# **<<Green Tea>>**\nBody", check="title", at_start=True)
    assert passes("Intro\n<<Green Tea>>", check="title")
    assert not passes("Intro\n<<Green Tea>>", check="title", at_start=True)
    assert not passes("<< >> and <<\nx>>", check="title")
    assert passes("<<green  tea>>", check="title", text="Green Tea")
    assert not passes("<<Black Tea>>", check="title", text="Green Tea")


def test_highlight_count():
    text = "Use *fresh water* and **good leaves**. Avoid * spaces * and 2 * 3 * 4.\n* bullet item"
    assert passes(text, check="highlight_count", exact=2)
    assert passes(text, check="highlight_count", exact=1, include_bold=False)
    assert detail(text, check="highlight_count", min=3) == "2 highlighted sections, expected at least 3"


# --- content checks ---------------------------------------------------------------------------


def item(name, *alts, where=None):
    return {"name": name, "any": list(alts), **({"in": where} if where else {})}


def test_items_alternatives():
    text = "Our *Same-Day* repairs cost £58,000… no: 58k. It’s the Zürich shop, open 10:00am."
    assert passes(text, check="items", items=[item("same day", "same day"), item("shop", "Zurich", "Zürich")])
    assert passes(text, check="items", items=[item("salary", "re:58 ?k\\b"), item("quote", "it's")])
    assert passes(text, check="items", items=[item("repair", "repair*"), item("time", "re:\\b10[:.]00")])
    assert not passes(text, check="items", items=[item("time", "10:00")])  # "10:00am": no word boundary
    assert not passes("It happens often.", check="items", items=[item("ten", "ten")])  # whole words only
    assert detail("nothing", check="items", items=[item("price", "$29", "29"), item("name", "Aqua")]) == (
        '"price" missing (e.g. "$29") (+1 more)'
    )


MEMO2 = (
    "**To: the team**\n\n## Background\nIt ran 25 minutes.\n\n## Decision\nWritten updates from 3 March.\n"
    "**What changes:**\n- nothing else\n\n## Next Steps\n### Now\nPost by 10:00.\n\nP.S. Thanks, Ana."
)


def test_items_in_sections():
    ok = [
        item("overrun", "25", where={"section": "Background"}),
        item("date", "3 March", where={"section": "Decision"}),
        item("bold line inside a section", "nothing else", where={"section": "Decision"}),
        item("deadline", "10:00", where={"section": "Next Steps"}),
    ]
    assert passes(MEMO2, check="items", items=ok)
    wrong = [item("deadline", "10:00", where={"section": "Decision"})]
    assert detail(MEMO2, check="items", items=wrong) == '"deadline" is not under "Decision"'
    assert not passes(MEMO2, check="items", items=[item("x", "25", where={"section": "Risks"})])
    plan = "SECTION 1 – Monday: setup\nLaptop.\n### Detail\nBuddy.\nSECTION 2: Learning\nShadowing."
    assert passes(
        plan,
        check="items",
        items=[
            item("day", "Monday", where={"section": "SECTION 1"}),
            item("buddy", "buddy", where={"section": "SECTION 1"}),
        ],
    )
    assert not passes(plan, check="items", items=[item("buddy", "buddy", where={"section": "SECTION 2"})])
    section1 = [item("l", "laptop", where={"section": "SECTION 1"})]
    assert not passes("SECTION 10: x\nLaptop.", check="items", items=section1)


def test_items_in_bullets_lines_paragraphs_and_marked_places():
    text = "<<Green Tea Guide>>\n\nHeat to *80 °C*.\n\n1. first 10%\n2. then breakfast\n\nP.S. Call 0113 496 0321."
    assert passes(
        text,
        check="items",
        items=[
            item("title", "green tea", where="title"),
            item("temp", "80", where="highlights"),
            item("one", "10%", where={"bullet": 1}),
            item("two", "breakfast", where={"bullet": 2}),
            item("line", "green tea", where={"line": 1}),
            item("last", "0113", where={"line": -1}),
            item("para", "80", where={"paragraph": 2}),
            item("phone", "0113 496 0321", where="postscript"),
        ],
    )
    assert detail(text, check="items", items=[item("one", "10%", where={"bullet": 2})]) == ('"one" is not in bullet 2')
    assert not passes(text, check="items", items=[item("no third bullet", "x", where={"bullet": 3})])
    assert not passes(text, check="items", items=[item("temp", "Heat", where="highlights")])
    assert not passes("No marks here.", check="items", items=[item("t", "here", where="title")])
    assert not passes("No marks here.", check="items", items=[item("p", "here", where="postscript")])


@pytest.mark.parametrize(
    "text",
    [
        "Dear [Candidate Name],",
        "Subject: [Subject]",
        "Hi {first_name}",
        "Hi {{ name }}",
        "Sent by <Your Name>",
        "Date: <insert date>",
        "Call (insert phone)",
        "Signed (your name)",
        "TODO: add the price",
        "Price: TBD",
        "Lorem ipsum dolor sit amet.",
        "Sign here: ______",
    ],
)
def test_no_placeholders_fails(text):
    assert not passes(text, check="no_placeholders")


@pytest.mark.parametrize(
    "text",
    [
        "<<Green Tea>> is the title.",
        "See [the docs](https://x.y) and [1].",
        "- [x] done\n- [ ] open",
        "Post by 10:00 (your local time).",
        "Use <br> or <b>bold</b> in HTML.",
        "A dict {} and a set {1, 2}.",
        "Tomorrow is today.",
    ],
)
def test_no_placeholders_passes(text):
    assert passes(text, check="no_placeholders")


def test_repetition():
    prose = (
        "The lighthouse on Cape Morrow wakes as darkness falls. Every ten seconds its beam flashes across the "
        "water, and keeper Ada Lind watches patiently for dawn."
    )
    assert passes(prose, check="repetition", min_distinct=0.5)
    assert detail("la la la la la bibliothèque", check="repetition").startswith(
        "degenerate repetition: only 33% of the 6 words are distinct"
    )
    loop = "the cat sat on the mat and then " * 4
    assert '"the cat sat" repeated 4 times (max 3)' in detail(loop, check="repetition", min_distinct=0.1)
    assert passes(loop, check="repetition", min_distinct=0.1, max_repeats=4)
    pairs = "red fox one red fox two red fox three red fox four"
    assert passes(pairs, check="repetition")
    assert '"red fox" repeated 4 times' in detail(pairs, check="repetition", ngram=2)
    assert passes("Hi there", check="repetition")  # too short to judge
    assert not passes("CAUTION CAUTION CAUTION CAUTION", check="repetition")


REFUSE = dict(check="refusal", marker="IMPOSSIBLE:", about=["word*", "10", "15", "cannot"])


def test_refusal():
    assert passes("IMPOSSIBLE: exactly 10 words cannot also be at least 15 words.", **REFUSE)
    assert passes("**IMPOSSIBLE:** 10 words never hold 15 words. Sorry.", **REFUSE)
    assert detail("The cat sat on the mat all day long.", **REFUSE) == 'no refusal: does not start with "IMPOSSIBLE:"'
    assert detail("IMPOSSIBLE:", **REFUSE) == 'nothing explains the "IMPOSSIBLE:"'
    assert detail("IMPOSSIBLE: 10 is not 15 words. Here's one anyway: a cat.", **REFUSE) == (
        'attempts the task anyway ("Here\'s")'
    )
    assert passes("IMPOSSIBLE: here is why: 10 words cannot be 15 words.", **REFUSE)
    assert passes("IMPOSSIBLE: any attempt fails, 10 words cannot be 15 words.", **REFUSE)
    assert "best try" in detail("IMPOSSIBLE: 10 words cannot be 15 words, but my best try is a cat.", **REFUSE)
    assert detail('IMPOSSIBLE: 10 words, not 15: "the small brown dog ran across the park"', **REFUSE).startswith(
        "quotes an attempt"
    )
    assert passes('IMPOSSIBLE: "exactly 10 words" and "at least 15 words" cannot both hold.', **REFUSE)
    assert "not about the request" in detail(
        "IMPOSSIBLE: 10 words cannot be 15 words.\nThe small brown dog ran.", **REFUSE
    )
    assert "sentences after" in detail("IMPOSSIBLE: 10 words. 15 words. Cannot. Really cannot.", **REFUSE)
    assert not passes("IMPOSSIBLE: no. my attempt: dog cat", **dict(REFUSE, cues=["dog cat"]))
    # a scenario's own cue, where no generic attempt cue fires
    assert "attempts the task anyway" in detail(
        "IMPOSSIBLE: 10 words cannot be 15. dog cat", **dict(REFUSE, cues=["dog cat"])
    )


def test_trace_tags_form_and_content():
    checks = [{"check": "word_count", "min": 3}]
    content = [{"check": "items", "items": [item("price", "$29")]}, {"check": "no_placeholders"}]
    scenario = SimpleNamespace(verifier={"type": "instruct_follow", "checks": checks, "content": content})
    v = iff.verify(scenario, Reply(content="It costs [price] today."))
    assert not v.passed and v.trace["failed_kinds"] == ["content"]
    assert [(c["check"], c["kind"], c["passed"]) for c in v.trace["checks"]] == [
        ("word_count", "form", True),
        ("items", "content", False),
        ("no_placeholders", "content", False),
    ]
    assert v.detail == 'content: "price" missing (e.g. "$29"); content: template text (bracket): "[price]"'
    v = iff.verify(scenario, Reply(content="$29"))
    assert v.trace["failed_kinds"] == ["form"] and v.detail == "1 word, expected at least 3"
    assert iff.verify(scenario, Reply(content="It costs $29 now.")).trace["failed_kinds"] == []


# --- config validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "checks, fragment",
    [
        (None, "non-empty list"),
        ([], "non-empty list"),
        (["word_count"], 'has no "check"'),
        ([{"check": "wordcount", "min": 3}], "unknown check 'wordcount'"),
        ([{"check": "word_count"}], "needs exact, min or max"),
        ([{"check": "word_count", "min": 0}], "accepts any text"),
        ([{"check": "word_count", "min": 5, "max": 4}], "min 5 > max 4"),
        ([{"check": "word_count", "exact": 5, "max": 4}], "cannot be combined"),
        ([{"check": "word_count", "max": 4, "tolerance": 1}], "tolerance needs exact"),
        ([{"check": "word_count", "max": "4"}], "is not of type 'integer'"),
        ([{"check": "word_count", "max": True}], "is not of type 'integer'"),
        ([{"check": "word_count", "maximum": 4}], "Additional properties"),
        ([{"check": "case", "mode": "camel"}], "case"),
        ([{"check": "required_phrases", "phrases": []}], "required_phrases"),
        ([{"check": "required_phrases", "phrases": ["  "]}], "required_phrases"),
        ([{"check": "regex", "pattern": "x", "flags": "g"}], "regex"),
        ([{"check": "language"}], "needs script"),
        ([{"check": "language", "script": "klingon"}], "language"),
        ([{"check": "letter_frequency", "letter": "ab", "min": 1}], "letter_frequency"),
        ([{"check": "ends_with", "text": "..."}], "needs a letter or digit"),
        ([{"check": "starts_with", "text": "**"}], "needs a letter or digit"),
        ([{"check": "language", "min_ratio": 0.5}], "needs script"),
        ([{"check": "no_commas"}], "checks accept '(no answer)'"),
        ([{"check": "forbidden_phrases", "phrases": ["x"]}, {"check": "no_json"}], "checks accept"),
        ([{"check": "word_count", "max": 10}], "checks accept"),
        ([{"check": "items", "items": []}], "items"),
        ([{"check": "items", "items": [{"name": "x", "any": ["re:("]}]}], "invalid alternative"),
        ([{"check": "items", "items": [{"name": "x", "any": ["re:.*"]}]}], "matches any text"),
        ([{"check": "items", "items": [{"name": "x", "any": ["*"]}]}], "matches any text"),
        ([{"check": "items", "items": [{"name": "x", "any": ["a"], "in": {"bullet": 0}}]}], "items"),
        ([{"check": "items", "items": [{"name": "x", "any": ["a"], "in": "footer"}]}], "items"),
        ([{"check": "items", "items": [{"name": "x", "any": ["a"], "in": {"line": 0}}]}], "items"),
        ([{"check": "refusal", "marker": "NO:"}], "'about' is a required property"),
        ([{"check": "repetition", "min_distinct": 2}], "repetition"),
        ([{"check": "sentence_count", "exact": 2, "lang": "xx"}], "sentence_count"),
    ],
)
def test_bad_config_fails_with_a_named_problem(checks, fragment):
    v = (
        verdict("Some perfectly good reply text.", *(checks or []))
        if checks is not None
        else iff.verify(SimpleNamespace(verifier={"type": "instruct_follow"}), Reply(content="Some reply."))
    )
    assert not v.passed
    assert v.detail.startswith("bad instruct_follow config") and fragment in v.detail, v.detail


def test_content_list_is_validated_and_probed():
    base = {"type": "instruct_follow", "checks": [{"check": "word_count", "min": 1}]}
    for content, fragment in [
        ([], "non-empty list"),
        ("x", "non-empty list"),
        ([{"check": "nope"}], "content check 1"),
        ([{"check": "items", "items": [{"name": "n"}]}], "content check 1 (items)"),
    ]:
        v = iff.verify(SimpleNamespace(verifier={**base, "content": content}), Reply(content="Some reply."))
        assert v.detail.startswith("bad instruct_follow config") and fragment in v.detail, v.detail
    lenient = {
        "type": "instruct_follow",
        "checks": [{"check": "word_count", "max": 9}],
        "content": [{"check": "no_placeholders"}],
    }
    assert "checks accept" in iff.verify(SimpleNamespace(verifier=lenient), Reply(content="Hi.")).detail
    # form checks that accept an empty reply are fine when a content check rejects it
    guarded = {**lenient, "content": [{"check": "items", "items": [item("price", "$29")]}]}
    assert iff.verify(SimpleNamespace(verifier=guarded), Reply(content="It costs $29.")).passed


def test_every_check_has_tests_and_documentation():
    source = Path(__file__).read_text(encoding="utf-8")
    for name in iff.CHECKS:
        assert f'check="{name}"' in source or f'"check": "{name}"' in source, name
        assert f"- {name}:" in iff.__doc__, name


# --- verdicts and edge cases ------------------------------------------------------------------

MIXED = [
    {"check": "word_count", "min": 3, "max": 6},
    {"check": "case", "mode": "lower"},
    {"check": "no_commas"},
    {"check": "forbidden_phrases", "phrases": ["as an AI"]},
]


def test_verdict_pass_and_trace():
    v = verdict("a fine lowercase reply", *MIXED)
    assert v.passed and v.failure_mode is None
    assert [c["check"] for c in v.trace["checks"]] == [c["check"] for c in MIXED]
    assert all(c["passed"] for c in v.trace["checks"])


def test_verdict_names_first_failures():
    v = verdict("As an AI, I Think this reply is far too long", *MIXED)
    assert not v.passed and v.failure_mode == "verifier_fail"
    assert v.detail == '11 words, expected 3-6; not all lower case: "As" (+2 more)'
    assert [c["passed"] for c in v.trace["checks"]] == [False, False, False, False]


@pytest.mark.parametrize("text", ["", "   \n ", "(no answer)", " (no answer) "])
def test_empty_and_no_answer_fail(text):
    assert not verdict(text, *MIXED).passed


@pytest.mark.parametrize("content", [None, 42, ["a", "list"], {"a": 1}, b"bytes"])
def test_wrong_content_types_give_a_verdict(content):
    v = iff.verify(SimpleNamespace(verifier={"checks": MIXED}), Reply(content=content))
    assert not v.passed
    assert not iff.verify(SimpleNamespace(verifier={"checks": MIXED}), None).passed


def test_tool_call_only_reply_fails():
    reply = Reply.from_message({"content": None, "tool_calls": [{"function": {"name": "f", "arguments": "{}"}}]})
    assert not verdict(reply.content, *MIXED).passed


def test_reasoning_is_not_graded():
    reply = Reply.from_message({"content": "<think>a fine lowercase reply</think>Short, Bad!"})
    scenario = SimpleNamespace(verifier={"checks": MIXED})
    assert not iff.verify(scenario, reply).passed


ALL_CHECKS = [
    {"check": "word_count", "min": 1},
    {"check": "sentence_count", "min": 1},
    {"check": "paragraph_count", "max": 2},
    {"check": "line_count", "min": 1},
    {"check": "char_count", "min": 1},
    {"check": "case", "mode": "title"},
    {"check": "required_phrases", "phrases": ["x"]},
    {"check": "any_phrase", "phrases": ["x"]},
    {"check": "forbidden_phrases", "phrases": ["x"]},
    {"check": "regex", "pattern": "[xyz]{3}"},
    {"check": "regex_absent", "pattern": "q+"},
    {"check": "section_headers", "headers": ["A"]},
    {"check": "bullet_count", "min": 1, "max_words_each": 3},
    {"check": "starts_with", "text": "x"},
    {"check": "ends_with", "text": "x", "ignore_trailing_punct": True},
    {"check": "language", "script": "latin", "min_accented": 1, "lang": "fr"},
    {"check": "no_commas"},
    {"check": "quoted"},
    {"check": "no_markdown"},
    {"check": "no_json"},
    {"check": "placeholder_count", "min": 1},
    {"check": "keyword_frequency", "word": "x", "min": 1},
    {"check": "letter_frequency", "letter": "x", "min": 1},
    {"check": "postscript"},
    {"check": "title", "at_start": True},
    {"check": "highlight_count", "min": 1},
    {
        "check": "items",
        "items": [
            {"name": "a", "any": ["x*", "re:y{2}"], "in": {"section": "A"}},
            {"name": "b", "any": ["z"], "in": "highlights"},
        ],
    },
    {"check": "no_placeholders"},
    {"check": "repetition"},
    {"check": "refusal", "marker": "NO:", "about": ["x"]},
]


def test_all_checks_are_covered_by_the_stress_list():
    assert {c["check"] for c in ALL_CHECKS} == set(iff.CHECKS)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 2_000_000,
        ("word, " * 200_000) + "\n\n",
        "[" * 100_000,
        "# " + "# " * 100_000 + "x",
        "[a](" * 100_000,
        "SECTION " * 100_000,
        "{" * 50_000 + '"a": 1' + "}" * 50_000,
        "*" * 200_000,
        " *a" * 100_000,
        "<<" * 100_000,
        "<<" + "a" * 200_000,
        "P.S.\n" * 50_000,
        "\U0001f600\u200b\u0301\ufeff\x00" * 50_000,
        "".join(chr(c) for c in range(0x20, 0x3000)),
        "1. 2. 3. " * 20_000,
        "Dr. e.g. a. " * 20_000,
        "é" * 300_000,
        "Bonjour, M. Dupont. " * 30_000,
    ],
)
def test_huge_and_strange_text_gives_a_fast_verdict(text):
    scenario = SimpleNamespace(verifier={"checks": ALL_CHECKS})
    start = time.thread_time()
    v = iff.verify(scenario, Reply(content=text))
    assert time.thread_time() - start < 20
    assert v.passed is False and isinstance(v.detail, str) and len(v.trace["checks"]) == len(ALL_CHECKS)


def test_unicode_text_passes_when_correct():
    text = "1. Укрепляет сердце.\n2. Улучшает сон."
    checks = [
        {"check": "language", "script": "cyrillic", "min_ratio": 1.0},
        {"check": "bullet_count", "exact": 2, "markers": ["numbered"], "no_other_text": True},
    ]
    assert verdict(text, *checks).passed
    assert not verdict(text + "\n3. Good.", *checks).passed


# --- the pack ---------------------------------------------------------------------------------


@pytest.fixture
def registry(monkeypatch):
    """The real registry, or just this verifier while sibling verifier modules are not written yet."""
    try:
        verifiers.registry()
    except ImportError:
        monkeypatch.setattr(verifiers, "_REGISTRY", {"instruct_follow": iff.verify})


def test_pack_loads_and_validates(registry):
    pack = load_pack(PACK)  # raises if a reference fails or a negative passes
    assert pack.pack_id == "instructfollow-15" and pack.title == "InstructFollow-15" and pack.version == "2.0.0"
    assert pack.marker == "instructfollow" and pack.format == "native" and not pack.default_thinking
    assert pack.floor == 0.8 and pack.sampling_defaults == {"temperature": 0, "top_p": 1, "max_tokens": 1024}
    assert pack.meta["verifier"] == "instruct_follow"
    assert [s.id for s in pack.scenarios] == [f"IF-{n:02d}" for n in range(1, 16)]
    for s in pack.scenarios:
        assert s.verifier_type == "instruct_follow" and len(s.negatives) >= 3
        assert 1 <= len(s.verifier["checks"]) <= 5 and s.verifier["content"]
        assert verifiers.verify(s, reply_of(s.reference)).passed
        assert not any(verifiers.verify(s, reply_of(n)).passed for n in s.negatives)


PACK_SCENARIOS = load_pack(PACK, check_references=False).scenarios
# What each labelled negative must fail: content attacks meet every form check and fail the content
# check named here; "form" negatives break a stated constraint other than the content ones.
CONTENT_ATTACKS = {
    "content_free": "items",
    "partial": "items",
    "placeholder": "no_placeholders",
    "repetition": "repetition",
}


@pytest.mark.parametrize("scenario", PACK_SCENARIOS, ids=[s.id for s in PACK_SCENARIOS])
def test_pack_negatives_fail_for_the_reason_they_are_labelled_with(scenario):
    labels = [n["attack"] for n in scenario.negatives]
    assert {"content_free", "placeholder", "repetition", "partial", "form"} <= set(labels), labels
    assert ("attempt" in labels) == any(c["check"] == "refusal" for c in scenario.verifier["content"])
    for negative in scenario.negatives:
        verdict = iff.verify(scenario, reply_of(negative))
        failed = {r["check"] for r in verdict.trace["checks"] if not r["passed"]}
        attack = negative["attack"]
        if attack in CONTENT_ATTACKS:
            assert verdict.trace["failed_kinds"] == ["content"], (attack, verdict.detail)
            assert CONTENT_ATTACKS[attack] in failed, (attack, verdict.detail)
        elif attack == "attempt":
            assert "refusal" in failed, verdict.detail
        else:
            assert attack == "form" and failed - {"items", "no_placeholders", "repetition"}, verdict.detail


@pytest.mark.parametrize("scenario", PACK_SCENARIOS, ids=[s.id for s in PACK_SCENARIOS])
def test_pack_positives_pass(scenario):
    positives = scenario.raw["positives"]
    assert positives and all(p["variant"] for p in positives)
    for positive in positives:
        verdict = iff.verify(scenario, reply_of(positive))
        assert verdict.passed, (positive["variant"], verdict.detail)


def test_pack_prompts_state_the_content_they_check():
    """Every item's first alternative (or the material it stands for) appears in the prompt."""
    for s in PACK_SCENARIOS:
        prompt = s.messages[-1]["content"].casefold()
        for c in s.verifier["content"]:
            for it in c.get("items", []):
                alts = [a.rstrip("*").casefold() for a in it["any"] if not a.startswith("re:")]
                assert any(a in prompt for a in alts) or it["name"].split()[0].casefold() in prompt, (s.id, it["name"])


def test_pack_rejects_empty_and_no_answer_without_the_guard(registry):
    pack = load_pack(PACK)
    for s in pack.scenarios:
        for junk in ("(no answer)", ""):
            assert not verifiers.verify(s, Reply.from_message(junk)).passed, (s.id, junk)
            # the checks themselves must reject it too, not only the empty-reply guard
            assert not all(r["passed"] for r in iff._run_all(junk, s.verifier["checks"], s.verifier["content"]))


def test_pack_file_format():
    lines = PACK.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == "" and all(line.strip() for line in lines[:-1])  # no blank lines
    scenarios = [json.loads(line) for line in lines[1:-1]]
    assert len(scenarios) == 15
    for s in scenarios:
        assert s["messages"][-1]["role"] == "user" and s["title"] and s["tags"]
        assert s["reference"]["role"] == "assistant"
        difficulty = {"easy", "medium", "hard"} & set(s["tags"])
        assert len(difficulty) == 1, s["id"]
        for c in s["verifier"]["checks"]:
            assert c["check"] != "regex" or c["pattern"] not in (".+", ".*")


def test_random_text_never_raises():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies
    alphabet = st.sampled_from(
        list("aZé,.!?*#-•[]<>{}\"'`|_ \n\t0123456789") + ["P.S.", "SECTION 1", "\u0301", "。", "я"]
    )

    @hypothesis.settings(max_examples=300, deadline=None, database=None)
    @hypothesis.given(st.lists(alphabet, max_size=80).map("".join))
    def fuzz(text):
        v = iff.verify(SimpleNamespace(verifier={"checks": ALL_CHECKS}), Reply(content=text))
        assert v.passed in (True, False) and isinstance(v.detail, str)

    fuzz()
