"""GSM-Symbolic-style grade-school maths: templates with symbolic variables, materialised by seed.

Each template draws its variables under constraints that keep every quantity a plausible whole
number, computes the answer from them, and writes the working a careful solver would show plus a
typical slip (the wrong answer a hurried solver gets) and an intermediate value. `materialise`
goes round-robin over the templates, so a 30-scenario pack covers every template two or three
times; each instance has its own random stream (seed, index), so instance k does not depend on n.

Build step: `python -m pytest_quality.generators.gsm_symbolic packs/gsm-symbolic-30.jsonl`
writes the committed pack with DEFAULT_SEED (`pytest-quality export` does the same for any seed).
"""

from __future__ import annotations

import math
import random
import sys
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_quality.generators import DEFAULT_SEED, pack_text

META: dict[str, Any] = {
    "__meta__": True,
    "pack_id": "gsm-symbolic-30",
    "title": "GSM-Symbolic-30",
    "version": "1.0.0",
    "verifier": "answer_match",
    "marker": "gsmsymbolic",
    "default_thinking": "on",
    "suite": "reasoning",
    "generator": "gsm_symbolic",
    "seed": DEFAULT_SEED,
    "count": 30,
    "sampling_defaults": {"temperature": 0, "top_p": 1, "max_tokens": 2048},
    "default_max_seconds": 120,
    "timeout_reference_tps": 100,
    "timeout_baseline_tokens": 2048,
    "requires": [],
    "floor": 0.7,
    "description": "Grade-school word problems generated from 14 templates with symbolic variables "
    "(seeded; --pack-seed N draws fresh instances). Only the final 'ANSWER: <number>' "
    "line is graded, by exact value.",
}
INSTRUCTION = (
    "\n\nSolve the problem step by step. Then end your reply with one final line of the form\n"
    "ANSWER: <number>\n"
    "where <number> is the answer as a whole number, without units. Write nothing after that line."
)
NAMES = (
    "Amara",
    "Bilal",
    "Chen",
    "Dalia",
    "Emeka",
    "Freya",
    "Goran",
    "Hana",
    "Ines",
    "Jonah",
    "Keiko",
    "Luca",
    "Mei",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tova",
    "Uma",
    "Viktor",
    "Wren",
    "Yusuf",
)
FRACTION_WORDS = {2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "a sixth"}
_MAX_ATTEMPTS = 200


class Redraw(Exception):
    """The drawn variables break a constraint: draw again."""


@dataclass
class Problem:
    question: str
    steps: list[str]  # correct working; the last step states the answer
    answer: int
    slip: int  # a typical mistake's answer
    slip_steps: list[str]  # the working that makes that mistake
    partial: int  # an intermediate quantity, a plausible thing to report by mistake
    variables: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    key: str  # "T01": the id prefix of its scenarios
    title: str
    tags: tuple[str, ...]
    build: Callable[[random.Random], Problem]


def _names(rng: random.Random, k: int = 1) -> list[str]:
    return rng.sample(NAMES, k)


def _t01(rng: random.Random) -> Problem:
    (name,) = _names(rng)
    trays, per_tray, box = rng.randint(3, 9), rng.choice((6, 8, 9, 10, 12)), rng.choice((4, 6))
    total = trays * per_tray
    boxes = [k for k in range(1, total // box + 1) if 3 <= total - k * box <= total // 2]
    if not boxes:
        raise Redraw
    k = rng.choice(boxes)
    rest, sold = k * box, total - k * box
    q = (
        f"{name} bakes {trays} trays of muffins with {per_tray} muffins on each tray. {name} sells {sold} "
        f"muffins at the school fair and packs all the rest into boxes that hold {box} muffins each. "
        f"How many boxes does {name} fill?"
    )
    base = [f"Muffins baked: {trays} × {per_tray} = {total}.", f"Left after the fair: {total} − {sold} = {rest}."]
    return Problem(
        q,
        base + [f"Boxes: {rest} ÷ {box} = {k}."],
        k,
        rest,
        base + [f"So {rest} muffins go into boxes."],
        total,
        dict(trays=trays, per_tray=per_tray, sold=sold, box=box),
    )


def _t02(rng: random.Random) -> Problem:
    (name,) = _names(rng)
    wage, hours, weeks = rng.choice((8, 9, 10, 12, 15)), rng.randint(3, 8), rng.randint(4, 15)
    saved = 5 * rng.randint(4, 40)
    weekly = wage * hours
    need = weekly * weeks
    price = saved + need
    q = (
        f"{name} wants a bicycle that costs ${price}. {name} has already saved ${saved} and earns ${wage} an "
        f"hour walking dogs, working {hours} hours every week. If {name} saves every dollar earned, how many "
        f"weeks will it take to have exactly enough for the bicycle?"
    )
    first = f"Still needed: {price} − {saved} = {need} dollars."
    steps = [first, f"Earned per week: {wage} × {hours} = {weekly} dollars.", f"Weeks: {need} ÷ {weekly} = {weeks}."]
    return Problem(
        q,
        steps,
        weeks,
        weeks * hours,
        [first, f"Time needed: {need} ÷ {wage} = {weeks * hours}."],
        need,
        dict(price=price, saved=saved, wage=wage, hours=hours),
    )


_ITEMS = (("notebooks", "notebook"), ("T-shirts", "T-shirt"), ("plant pots", "plant pot"), ("jigsaw puzzles", "puzzle"))


def _t03(rng: random.Random) -> Problem:
    (name,) = _names(rng)
    plural, singular = rng.choice(_ITEMS)
    pct, n = rng.choice((10, 20, 25, 30, 40)), rng.randint(2, 6)
    prices = [p for p in range(10, 90, 5) if p * pct % 100 == 0]
    price = rng.choice(prices)
    off = price * pct // 100
    sale = price - off
    q = (
        f"A shop sells {plural} for ${price} each. During a sale everything in the shop is {pct}% off. "
        f"{name} buys {n} {plural}. How many dollars does {name} pay?"
    )
    first = f"Discount per {singular}: {pct}% of {price} = {off}."
    steps = [first, f"Sale price: {price} − {off} = {sale}.", f"Total: {n} × {sale} = {n * sale}."]
    return Problem(
        q,
        steps,
        n * sale,
        n * off,
        [first, f"Total: {n} × {off} = {n * off}."],
        n * price,
        dict(price=price, pct=pct, n=n),
    )


def _t04(rng: random.Random) -> Problem:
    (name,) = _names(rng)
    v1, t1, v2 = rng.randint(12, 24), rng.randint(2, 3), rng.randint(6, 20)
    t2s = [t for t in (15, 20, 30, 40, 45, 50) if v2 * t % 60 == 0]
    if not t2s:
        raise Redraw
    t2 = rng.choice(t2s)
    d1, d2 = v1 * t1, v2 * t2 // 60
    q = (
        f"{name} cycles at {v1} km per hour for {t1} hours, stops for lunch, and then cycles at {v2} km per hour "
        f"for {t2} minutes. How many kilometres does {name} cycle in total?"
    )
    first = f"First part: {v1} × {t1} = {d1} km."
    steps = [
        first,
        f"Second part: {t2} minutes is {t2}/60 of an hour, so {v2} × {t2}/60 = {d2} km.",
        f"Total: {d1} + {d2} = {d1 + d2} km.",
    ]
    slip = d1 + v2 * t2
    return Problem(
        q,
        steps,
        d1 + d2,
        slip,
        [first, f"Second part: {v2} × {t2} = {v2 * t2} km.", f"Total: {d1} + {v2 * t2} = {slip} km."],
        d1,
        dict(v1=v1, t1=t1, v2=v2, t2=t2),
    )


def _t05(rng: random.Random) -> Problem:
    a, b = _names(rng, 2)
    m = rng.choice((2, 3))
    k, y = rng.randint(m + 1, m + 4), rng.randint(2, 20)
    if y * (m - 1) % (k - m):
        raise Redraw
    child = y * (m - 1) // (k - m)
    adult = k * child
    if not (3 <= child <= 16 and 20 <= adult <= 60):
        raise Redraw
    times = "twice" if m == 2 else "three times"
    q = (
        f"Right now {a} is {k} times as old as {a}'s cousin {b}. In {y} years, {a} will be {times} as old "
        f"as {b}. How old is {a} now?"
    )
    first = f"Let {b}'s age now be x, so {a} is {k}x."
    solve = f"x = {(m - 1) * y}" if k - m == 1 else f"{k - m}x = {(m - 1) * y} and x = {child}"
    second = f"In {y} years: {k}x + {y} = {m}(x + {y}), so ({k} − {m})x = {m * y} − {y}, which gives {solve}."
    return Problem(
        q,
        [first, second, f"{a} is {k} × {child} = {adult} years old now."],
        adult,
        child,
        [first, second, f"So the age asked for is {child}."],
        adult + y,
        dict(k=k, m=m, y=y),
    )


def _t06(rng: random.Random) -> Problem:
    gap = rng.choice((2, 3, 4, 5))
    a = rng.randint(4, 15)
    b = rng.randint(2, a - 1)
    length, width = gap * a, gap * b
    perimeter = 2 * (length + width)
    posts = perimeter // gap
    q = (
        f"A rectangular field is {length} m long and {width} m wide. A farmer fences it with posts that stand "
        f"exactly {gap} m apart all the way around the field, with one post at each corner. How many posts "
        f"are there altogether?"
    )
    first = f"Perimeter: 2 × ({length} + {width}) = {perimeter} m."
    steps = [first, f"Around a closed loop there are as many posts as gaps: {perimeter} ÷ {gap} = {posts}."]
    return Problem(
        q,
        steps,
        posts,
        posts + 4,
        [first, f"Gaps: {perimeter} ÷ {gap} = {posts}.", f"Add the 4 corner posts: {posts} + 4 = {posts + 4}."],
        perimeter,
        dict(length=length, width=width, gap=gap),
    )


def _t07(rng: random.Random) -> Problem:
    a_name, b_name = _names(rng, 2)
    a = rng.randint(2, 5)
    b = rng.randint(a + 1, 9)
    if math.gcd(a, b) != 1 or b == 2 * a:
        raise Redraw
    unit = rng.randint(3, 15)
    total = (a + b) * unit
    q = (
        f"{a_name} and {b_name} share {total} stickers in the ratio {a}:{b}, with {b_name} getting the larger "
        f"share. How many more stickers does {b_name} get than {a_name}?"
    )
    first = f"Parts: {a} + {b} = {a + b}, so one part is {total} ÷ {a + b} = {unit}."
    second = f"{a_name} gets {a} × {unit} = {a * unit}; {b_name} gets {b} × {unit} = {b * unit}."
    steps = [first, second, f"Difference: {b * unit} − {a * unit} = {(b - a) * unit}."]
    return Problem(
        q,
        steps,
        (b - a) * unit,
        b * unit,
        [first, f"{b_name} gets {b} × {unit} = {b * unit}."],
        a * unit,
        dict(a=a, b=b, total=total),
    )


def _t08(rng: random.Random) -> Problem:
    (name,) = _names(rng)
    per100, dist, price = rng.randint(5, 9), 100 * rng.randint(1, 6), rng.choice((2, 3))
    litres = 2 * dist // 100 * per100
    q = (
        f"{name}'s car uses {per100} litres of fuel for every 100 km. {name} drives to a town {dist} km away "
        f"and then drives straight back home. Fuel costs ${price} per litre. How many dollars does the fuel "
        f"for the whole trip cost?"
    )
    steps = [
        f"Distance there and back: 2 × {dist} = {2 * dist} km.",
        f"Fuel: {2 * dist} ÷ 100 × {per100} = {litres} litres.",
        f"Cost: {litres} × {price} = {litres * price}.",
    ]
    one_way = dist // 100 * per100
    return Problem(
        q,
        steps,
        litres * price,
        one_way * price,
        [f"Fuel: {dist} ÷ 100 × {per100} = {one_way} litres.", f"Cost: {one_way} × {price} = {one_way * price}."],
        litres,
        dict(per100=per100, dist=dist, price=price),
    )


def _t09(rng: random.Random) -> Problem:
    a = rng.randint(10, 30)
    b = rng.randint(10, 40)
    if a == b:
        raise Redraw
    fast = max(a, b)
    minutes = [m for m in range(4, 16) if (a + b) * m % fast == 0]
    if not minutes:
        raise Redraw
    m = rng.choice(minutes)
    pages = (a + b) * m
    q = (
        f"An office has two printers. The first prints {a} pages a minute and the second prints {b} pages a "
        f"minute. If both print parts of the same {pages}-page report at the same time, how many minutes does "
        f"the whole report take?"
    )
    steps = [f"Together: {a} + {b} = {a + b} pages a minute.", f"Time: {pages} ÷ {a + b} = {m} minutes."]
    alone = pages // fast  # the slip: only the faster printer counted
    return Problem(
        q,
        steps,
        m,
        alone,
        [f"The faster printer does {fast} pages a minute.", f"Time: {pages} ÷ {fast} = {alone} minutes."],
        a + b,
        dict(a=a, b=b, pages=pages),
    )


def _t10(rng: random.Random) -> Problem:
    start, days = rng.randint(300, 900), rng.randint(3, 7)
    out = rng.randint(20, 45)
    back = rng.randint(5, out - 5)
    boxes, per = rng.randint(2, 5), rng.randint(12, 25)
    mid, donated = start - days * (out - back), boxes * per
    q = (
        f"A library has {start} books on its shelves on Monday morning. Each day for {days} days, {out} books "
        f"are borrowed and {back} borrowed books are returned. On the last of those days, {boxes} boxes of "
        f"donated books arrive, each holding {per} books, and all of them go on the shelves. How many books "
        f"are on the shelves at the end of that day?"
    )
    steps = [
        f"Net change each day: {back} − {out} = −{out - back} books.",
        f"After {days} days: {start} − {days} × {out - back} = {mid}.",
        f"Donations: {boxes} × {per} = {donated}.",
        f"Total: {mid} + {donated} = {mid + donated}.",
    ]
    slip = start - days * out + donated
    return Problem(
        q,
        steps,
        mid + donated,
        slip,
        [
            f"Borrowed: {days} × {out} = {days * out}.",
            f"Donations: {boxes} × {per} = {donated}.",
            f"Total: {start} − {days * out} + {donated} = {slip}.",
        ],
        mid,
        dict(start=start, days=days, out=out, back=back, boxes=boxes, per=per),
    )


def _t11(rng: random.Random) -> Problem:
    serves, grams = rng.choice((4, 6, 8)), 50 * rng.randint(5, 18)
    batches, bag_kg = rng.randint(3, 12), rng.choice((1, 2))
    people, flour, bag = serves * batches, grams * batches, 1000 * bag_kg
    whole, rem = divmod(flour, bag)
    if rem == 0 or whole == 0:
        raise Redraw
    q = (
        f"A recipe that serves {serves} people uses {grams} g of flour. A school cook needs to make enough "
        f"for {people} people. Flour is sold only in {bag_kg} kg bags. What is the smallest number of bags "
        f"the cook must buy?"
    )
    base = [f"Batches needed: {people} ÷ {serves} = {batches}.", f"Flour: {batches} × {grams} = {flour} g."]
    steps = base + [
        f"A bag holds {bag} g: {flour} ÷ {bag} = {whole} remainder {rem}, so {whole} bags are not "
        f"enough and {whole + 1} bags are needed."
    ]
    return Problem(
        q,
        steps,
        whole + 1,
        whole,
        base + [f"Bags: {flour} ÷ {bag} = {whole} (rounded down)."],
        batches,
        dict(serves=serves, grams=grams, people=people, bag_kg=bag_kg),
    )


def _t12(rng: random.Random) -> Problem:
    (name,) = _names(rng)
    n1, p1, n2, p2 = rng.randint(2, 5), rng.randint(2, 6), rng.randint(3, 8), rng.randint(1, 3)
    cost = n1 * p1 + n2 * p2
    bill = 20 if cost < 20 else 50
    if cost >= bill:
        raise Redraw
    q = (
        f"{name} buys {n1} notebooks at ${p1} each and {n2} pens at ${p2} each, and pays with a ${bill} note. "
        f"How many dollars of change should {name} get?"
    )
    first = f"Notebooks: {n1} × {p1} = {n1 * p1}."
    steps = [
        first,
        f"Pens: {n2} × {p2} = {n2 * p2}.",
        f"Spent: {n1 * p1} + {n2 * p2} = {cost}.",
        f"Change: {bill} − {cost} = {bill - cost}.",
    ]
    slip = bill - n1 * p1 - p2
    return Problem(
        q,
        steps,
        bill - cost,
        slip,
        [first, f"Change: {bill} − {n1 * p1} − {p2} = {slip}."],
        cost,
        dict(n1=n1, p1=p1, n2=n2, p2=p2, bill=bill),
    )


def _t13(rng: random.Random) -> Problem:
    a, b = rng.choice((3, 4, 5)), rng.choice((3, 4, 5, 6))
    total = a * b * rng.randint(2, 12)
    sold = total // a
    rest = total - sold
    given = rest // b
    q = (
        f"A farmer picks {total} apples. The farmer sells {FRACTION_WORDS[a]} of them at the market, then gives "
        f"{FRACTION_WORDS[b]} of the apples that are left to the neighbours. How many apples does the farmer "
        f"still have?"
    )
    first = f"Sold: {total} ÷ {a} = {sold}, leaving {total} − {sold} = {rest}."
    steps = [first, f"Given away: {rest} ÷ {b} = {given}.", f"Left: {rest} − {given} = {rest - given}."]
    slip = total - sold - total // b
    return Problem(
        q,
        steps,
        rest - given,
        slip,
        [first, f"Given away: {total} ÷ {b} = {total // b}.", f"Left: {rest} − {total // b} = {slip}."],
        rest,
        dict(total=total, a=a, b=b),
    )


def _t14(rng: random.Random) -> Problem:
    gap, first_hour, span = rng.choice((10, 12, 15, 20, 30)), rng.randint(6, 9), rng.randint(2, 6)
    last_hour, minutes = first_hour + span, 60 * span
    gaps = minutes // gap
    q = (
        f"A shuttle bus leaves the depot every {gap} minutes, starting at {first_hour}:00. The last bus "
        f"leaves at exactly {last_hour}:00. How many buses leave the depot from {first_hour}:00 to "
        f"{last_hour}:00, counting both the first and the last?"
    )
    first = f"From {first_hour}:00 to {last_hour}:00 is {span} hours = {minutes} minutes."
    second = f"{minutes} ÷ {gap} = {gaps} gaps between buses."
    return Problem(
        q,
        [first, second, f"Counting the first bus too: {gaps} + 1 = {gaps + 1} buses."],
        gaps + 1,
        gaps,
        [first, f"Buses: {minutes} ÷ {gap} = {gaps}."],
        minutes,
        dict(gap=gap, first_hour=first_hour, span=span),
    )


TEMPLATES: tuple[Template, ...] = (
    Template("T01", "Muffins into boxes", ("multiplication", "division", "easy"), _t01),
    Template("T02", "Saving up for a bicycle", ("rates", "money", "medium"), _t02),
    Template("T03", "Percentage sale", ("percentages", "money", "medium"), _t03),
    Template("T04", "Cycling with a unit change", ("speed", "unit-conversion", "medium"), _t04),
    Template("T05", "Ages now and later", ("algebra", "ages", "hard"), _t05),
    Template("T06", "Fence posts round a field", ("perimeter", "counting", "medium"), _t06),
    Template("T07", "Sharing in a ratio", ("ratio", "medium"), _t07),
    Template("T08", "Fuel for a round trip", ("rates", "money", "medium"), _t08),
    Template("T09", "Two printers together", ("combined-rates", "medium"), _t09),
    Template("T10", "Library books over several days", ("multi-step", "medium"), _t10),
    Template("T11", "Scaling a recipe, buying whole bags", ("scaling", "rounding-up", "hard"), _t11),
    Template("T12", "Change from a note", ("money", "easy"), _t12),
    Template("T13", "Fractions of what is left", ("fractions", "hard"), _t13),
    Template("T14", "Buses on a timetable", ("time", "fence-post", "hard"), _t14),
)


def draw(template: Template, seed: int, index: int, taken: AbstractSet[str] = frozenset()) -> Problem:
    """One valid instance of `template` for (seed, index); a question already in `taken` is redrawn."""
    for attempt in range(_MAX_ATTEMPTS):
        # String seeds are hashed with SHA-512, so the stream is the same in every process.
        rng = random.Random(f"gsm_symbolic:{seed}:{index}:{attempt}")
        try:
            problem = template.build(rng)
        except Redraw:
            continue
        if problem.question in taken or len({problem.answer, problem.slip, problem.partial}) < 3:
            continue
        if min(problem.answer, problem.slip, problem.partial) <= 0:
            continue
        return problem
    raise RuntimeError(f"{template.key}: no valid instance in {_MAX_ATTEMPTS} draws (seed {seed}, index {index})")


def scenario(template: Template, problem: Problem, seed: int, index: int) -> dict[str, Any]:
    working = "\n".join(problem.steps)
    return {
        "id": f"GSM-{template.key}-{index + 1:04d}",
        "title": template.title,
        "tags": ["gsm-symbolic", template.key, *template.tags],
        "messages": [{"role": "user", "content": problem.question + INSTRUCTION}],
        "verifier": {"type": "answer_match", "kind": "number", "answer": str(problem.answer)},
        "reference": {"role": "assistant", "content": f"{working}\n\nANSWER: {problem.answer}"},
        "negatives": [
            {"role": "assistant", "content": "\n".join(problem.slip_steps) + f"\n\nANSWER: {problem.slip}"},
            {"role": "assistant", "content": f"{working}\n\nANSWER: {problem.partial}"},
            {"role": "assistant", "content": f"{working}\n\nSo the answer is {problem.answer}."},
        ],
        "generated": {
            "generator": "gsm_symbolic",
            "template": template.key,
            "seed": seed,
            "index": index,
            "variables": problem.variables,
        },
    }


def materialise(seed: int = DEFAULT_SEED, n: int = 30) -> list[dict[str, Any]]:
    """n scenarios, round-robin over the templates, with unique ids and unique questions."""
    taken: set[str] = set()
    out = []
    for index in range(n):
        template = TEMPLATES[index % len(TEMPLATES)]
        problem = draw(template, seed, index, taken)
        taken.add(problem.question)
        out.append(scenario(template, problem, seed, index))
    return out


def render(seed: int = DEFAULT_SEED, n: int = 30) -> str:
    """The pack file text for (seed, n): the committed pack is render()."""
    return pack_text({**META, "seed": seed, "count": n}, materialise(seed, n))


if __name__ == "__main__":  # the build step
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "packs/gsm-symbolic-30.jsonl")
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
