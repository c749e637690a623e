"""InstructFollow-15 2.0 cannot be passed by form alone.

For every scenario a reply is generated from the scenario's own form checks (counts, case, headers,
bullets, fixed openings and endings, required phrases, postscript, title, quotes, letters) with
filler about an unrelated topic in the requested language. It must pass every form check (so the
attack is real) and still fail the verdict on the scenario's required items. The red-team replies
of the red team fail too, and the French abbreviation cases count their sentences right.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from pathlib import Path

import pytest

from pytest_quality.packs import load_pack, reply_of
from pytest_quality.reply import Reply
from pytest_quality.verifiers import _text_content as tc
from pytest_quality.verifiers import instruct_follow as iff

PACK = load_pack(Path(__file__).resolve().parents[2] / "packs" / "instructfollow-15.jsonl")
SCENARIOS = {s.id: s for s in PACK.scenarios}

# Unrelated filler (a harbour town), free of digits and of every item the pack asks for.
FILLER = {
    "en": "the old harbour town wakes slowly when fog rolls in from the grey northern sea while fishermen mend their "
    "nets on the stone quay and gulls circle above bright wooden boats a bakery on the corner sells warm rye "
    "loaves and sweet buns to early walkers children race along the sandy beach collecting shells pebbles and "
    "tangled ribbons of seaweed in the afternoon a brass band practises marches in the little park beside the "
    "chapel painters set up easels near the museum to capture the changing light over the bay as evening falls "
    "the cafes fill with neighbours sharing soup bread and quiet stories about storms long past",
    "fr": "le vieux port se réveille lentement quand la brume arrive de la mer grise et les pêcheurs réparent leurs "
    "filets sur le quai de pierre pendant que les mouettes tournent au-dessus des bateaux colorés une "
    "boulangerie du coin vend des pains chauds et des brioches sucrées aux promeneurs matinaux les enfants "
    "courent sur la plage de sable pour ramasser des coquillages et des galets brillants une fanfare répète "
    "des marches dans le petit parc près de la chapelle et des peintres installent leurs chevalets face à la "
    "baie",
    "ru": "старый порт медленно просыпается когда с моря приходит серый туман рыбаки чинят сети на каменной пристани "
    "а чайки кружат над яркими лодками в пекарне на углу продают тёплый хлеб и булочки дети бегают по "
    "песчаному берегу и собирают ракушки и гладкие камни днём в маленьком парке играет духовой оркестр а "
    "художники рисуют залив в мягком вечернем свете",
}
LETTER_WORDS = {"z": ["jazz", "pizza", "puzzle", "breeze", "blaze", "zigzag", "dazzle", "fizz"]}


def _count_target(c: dict, default: int) -> int:
    if "exact" in c:
        return c["exact"]
    lo, hi = c.get("min"), c.get("max")
    return lo if lo is not None else min(default, hi)


def _language(scenario) -> str:
    for c in scenario.verifier["checks"] + scenario.verifier.get("content", []):
        if c["check"] == "language" and (c.get("lang") == "ru" or c.get("script") == "cyrillic"):
            return "ru"
        if c["check"] == "language" and (c.get("lang") == "fr" or "min_accented" in c):
            return "fr"
    return "en"


def _render(by: dict, lang: str, k: int, s: int) -> str:
    """Filler of k words in s sentences, shaped by the form checks."""
    pool = FILLER[lang].split()
    inserts = [p for c in by["required_phrases"] for p in c["phrases"]] + [c["phrases"][0] for c in by["any_phrase"]]
    inserts += [c["word"] for c in by["keyword_frequency"] for _ in range(max(c.get("min", c.get("exact", 1)), 1))]
    inserts += [w for c in by["letter_frequency"] for w in LETTER_WORDS[c["letter"].lower()][:4]]
    words = pool[:k]
    for i, phrase in enumerate(inserts):  # spread the required phrases over the text
        words.insert(min(len(words), 1 + i * 3), phrase)
    units = 1
    if by["bullet_count"]:
        units = _count_target(by["bullet_count"][0], 4)
    elif by["section_headers"]:
        units = len(by["section_headers"][0]["headers"])
    elif by["line_count"]:
        units = _count_target(by["line_count"][0], 5)
    elif by["paragraph_count"]:
        units = _count_target(by["paragraph_count"][0], 1)
    units = max(units, 1)
    chunks = [words[i * len(words) // units : (i + 1) * len(words) // units] for i in range(units)]
    per_unit = max(1, s // units) if units > 1 else s

    def sentences(chunk: list[str], n: int) -> str:
        n = max(1, min(n, len(chunk)))
        parts = [chunk[i * len(chunk) // n : (i + 1) * len(chunk) // n] for i in range(n)]
        return " ".join(" ".join(p)[:1].upper() + " ".join(p)[1:] + "." for p in parts if p)

    if by["bullet_count"]:
        markers = by["bullet_count"][0].get("markers", ["-"])
        body = "\n".join(
            (f"{i}." if markers[0] == "numbered" else markers[0]) + " " + sentences(c, 1)
            for i, c in enumerate(chunks, 1)
        )
    elif by["section_headers"]:
        style = by["section_headers"][0].get("style", "markdown")
        heads = [
            {"markdown": f"## {h}", "section": f"{h}: Harbour notes", "line": h}[style]
            for h in by["section_headers"][0]["headers"]
        ]
        body = "\n\n".join(f"{h}\n{sentences(c, per_unit)}" for h, c in zip(heads, chunks))
    elif by["line_count"]:
        body = "\n".join(sentences(c, 1) for c in chunks)
    else:
        body = "\n\n".join(sentences(c, per_unit) for c in chunks)
    for c in by["highlight_count"]:
        for _ in range(_count_target(c, 2)):
            body = body.replace(" the ", " *the harbour* ", 1) if " the " in body else body + " *harbour*"
    for c in by["starts_with"]:
        body = f"{c['text']} {body[:1].lower()}{body[1:]}"
    for c in by["ends_with"]:
        body = body.rstrip(".") + " " + c["text"] + ("" if c["text"][-1:] in ".!?" else ".")
    if by["title"]:
        body = "<<Harbour Town Notes>>\n\n" + body
    for c in by["postscript"]:
        body += f"\n\n{c.get('marker', 'P.S.')} The bakery closes early in winter."
    for c in by["case"]:
        body = body.lower() if c["mode"] == "lower" else body.upper() if c["mode"] == "upper" else body
    if by["no_commas"]:
        body = body.replace(",", "")
    if by["quoted"]:
        body = f'"{body}"'
    return body


def _preferred_words(by: dict) -> int:
    """A natural length for the filler: the middle of a stated word range, else about 8 words a unit."""
    if by["word_count"]:
        c = by["word_count"][0]
        return c["exact"] if "exact" in c else (c.get("min", 0) + c.get("max", c.get("min", 0) + 40)) // 2
    if by["char_count"]:
        return 5
    units = [_count_target(c, 4) for c in by["bullet_count"] + by["line_count"]]
    units += [len(c["headers"]) for c in by["section_headers"]]
    return 8 * max(units or [2])


def content_free_reply(scenario) -> str | None:
    """A generated filler reply, as long as the form allows, that passes every form check; or None."""
    by = defaultdict(list)
    for c in scenario.verifier["checks"]:
        by[c["check"]].append(c)
    lang = _language(scenario)
    want = _preferred_words(by)
    ks = sorted(range(2, len(FILLER[lang].split())), key=lambda k: (abs(k - want), k))
    for k, s in itertools.product(ks, (1, 2, 3, 4)):
        text = _render(by, lang, k, s)
        if all(r["passed"] for r in iff._run(text, scenario.verifier["checks"])):
            return text
    return None


@pytest.mark.parametrize("sid", list(SCENARIOS))
def test_form_only_reply_with_unrelated_content_fails(sid):
    scenario = SCENARIOS[sid]
    text = content_free_reply(scenario)
    assert text is not None, f"{sid}: no filler reply meets the form checks; the generator needs a new rule"
    verdict = iff.verify(scenario, Reply(content=text))
    assert not verdict.passed, text
    failed = {r["check"] for r in verdict.trace["checks"] if not r["passed"]}
    # Only the task's content is missing: the filler is real prose in the right language, without
    # placeholders or loops, so the items check alone is what stops it.
    assert failed == {"items"}, verdict.detail
    assert verdict.trace["failed_kinds"] == ["content"]


def test_every_scenario_has_content_checks_with_items():
    for s in PACK.scenarios:
        content = s.verifier.get("content") or []
        assert any(c["check"] == "items" for c in content), s.id
        assert {"no_placeholders", "repetition"} <= {c["check"] for c in content}, s.id


# --- the red-team replies --------------------------------------------------------------------


def _form_passes(sid: str, text: str) -> bool:
    return all(r["passed"] for r in iff._run(text.strip(), SCENARIOS[sid].verifier["checks"]))


def _fails(sid: str, text: str) -> list[str]:
    verdict = iff.verify(SCENARIOS[sid], Reply(content=text))
    assert not verdict.passed, (sid, text)
    return [r["check"] for r in verdict.trace["checks"] if not r["passed"]]


def test_lowercase_filler_about_hydration_fails():
    text = (
        "water keeps your body cool and your mind sharp. drink a glass when you wake up and sip more through the "
        "day. thirst is a late signal so keep water close on long walks and busy afternoons. a steady habit "
        "beats a big gulp at night. stay hydrated out there."
    )
    assert _form_passes("IF-01", text)
    assert "items" in _fails("IF-01", text)


def test_three_empty_markdown_headings_fail():
    text = "## Background\n\n## Decision\n\n## Next Steps"
    assert _form_passes("IF-02", text)
    assert _fails("IF-02", text) == ["items"]


@pytest.mark.parametrize("text", ["- a\n- b\n- c\n- d", "- tip\n- tip two\n- tip three\n- tip four"])
def test_four_empty_bullets_fail(text):
    assert _form_passes("IF-03", text)
    assert "items" in _fails("IF-03", text)


@pytest.mark.parametrize(
    "text",
    [
        "Subject: [Subject]\n\nDear [Name],\n\n[Body]\n\nBest regards,\n[Your Name]\n\nP.S. [Postscript]",
        "Subject: {subject}\n\nHi {first_name}, welcome aboard as <Job Title>.\n\nP.S. TODO add phone number",
    ],
)
def test_template_email_fails_on_placeholders(text):
    assert _form_passes("IF-07", text)
    assert {"items", "no_placeholders"} <= set(_fails("IF-07", text))


@pytest.mark.parametrize(
    "text",
    [
        "IMPOSSIBLE: 10 words cannot also be 15 words. Here is my best try anyway: The small brown dog ran across the "
        "quiet green park today.",
        "IMPOSSIBLE: exactly 10 words can never contain 15 words.\nThe small brown dog ran across the quiet green park.",
        'IMPOSSIBLE: a sentence cannot have both 10 and 15 words, but "The small brown dog ran across the quiet green '
        'park" has ten.',
        "IMPOSSIBLE: 10 and 15 words conflict. Nevertheless: small brown dogs run quickly across quiet green parks.",
        "**IMPOSSIBLE:** ten is not fifteen words; the closest I can get is a dog that ran across the park today.",
    ],
)
def test_refusal_followed_by_an_attempt_fails(text):
    assert _form_passes("IF-06", text)
    assert "refusal" in _fails("IF-06", text)


@pytest.mark.parametrize(
    "sid, text",
    [
        ("IF-04", "Bibliothèque, bibliothèque, bibliothèque. Lis, lis, lis à la bibliothèque. Viens, viens, viens."),
        (
            "IF-04",
            "La bibliothèque Jules-Verne, mercredi, samedi, gratuite, manga, M. Dupont. La bibliothèque, la "
            "bibliothèque, la bibliothèque, la bibliothèque. La bibliothèque, la bibliothèque !",
        ),
        ("IF-14", "1. Давление давление давление 30 30 30\n2. Сахар сахар сахар сахар\n3. Сон сон сон сон"),
    ],
)
def test_a_few_repeated_words_in_the_required_language_fail(sid, text):
    assert _form_passes(sid, text)
    assert "repetition" in _fails(sid, text)


# --- French abbreviations: a sentence count the 1.0 regex got wrong -----------------------------

DUPONT = "Le club manga est animé par M. Dupont, le bibliothécaire. Viens le samedi à 14 h !"
ETC = "Tu y trouveras des romans, des BD, des mangas, etc. et des jeux. La carte est gratuite."


@pytest.mark.parametrize("text", [DUPONT, ETC])
def test_french_abbreviations_do_not_end_a_sentence(text):
    assert len(tc.sentences(text, "fr")) == 2
    assert iff.CHECKS["sentence_count"][0](text, {"exact": 2, "lang": "fr"})[0]


def test_french_reference_with_both_abbreviations_passes():
    scenario = SCENARIOS["IF-04"]
    text = scenario.reference["content"]
    assert "M. Dupont" in text and "etc. et" in text
    assert iff.verify(scenario, reply_of(scenario.reference)).passed
