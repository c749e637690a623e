"""Generate packs/aider-polyglot-30.jsonl: 30 original exercises, 5 each in C++, Go, Java, JavaScript,
Python and Rust, in the style of aider's polyglot benchmark (whole-file replies, one retry).

Each exercise below is readable source: instructions, the stub files the model edits, the hidden
tests, the correct solution, and a plausible wrong solution. Some exercises also carry a first try
with a bug, so their reference fixes it on the retry turn (this exercises the retry path).

    .venv/bin/python tools/gen_aider.py          # write the pack
    .venv/bin/python tools/gen_aider.py --check  # regenerate in memory, compare with the file

The pack's tests (tests/integration/test_pack_aider.py) run every reference and negative in real
containers with the polyglot image.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pytest_quality.sandbox.kinds.aider import prompt_messages  # noqa: E402

PACK = ROOT / "packs" / "aider-polyglot-30.jsonl"

META = {
    "__meta__": True, "pack_id": "aider-polyglot-30", "title": "AiderPolyglot-30", "version": "1.0.0",
    "verifier": "aider", "marker": "aiderpolyglot", "default_thinking": "off",
    "sampling_defaults": {"temperature": 0, "top_p": 1, "max_tokens": 4096}, "default_max_seconds": 600,
    "timeout_reference_tps": 100, "timeout_baseline_tokens": 4096, "requires": ["docker"], "floor": 0.3,
    "description": "30 small exercises (5 each in C++, Go, Java, JavaScript, Python, Rust): the model edits stub "
                   "files and replies with whole files; hidden tests run in the polyglot sandbox; one retry turn "
                   "shows the first 50 lines of the test output, as aider's polyglot benchmark does. Score: "
                   "exercises passed out of 30. Run it with --pack aider-polyglot-30 (it is in no mode).",
}

FENCE = {"cpp": "cpp", "go": "go", "java": "java", "javascript": "javascript", "python": "python", "rust": "rust"}
TEST_NAME = {
    "python": r"^\s+def (test_\w+)\(self",
    "javascript": r"^test\('([^']+)'",
    "go": r"^func (Test\w+)\(t \*testing\.T\)",
    "rust": r"#\[test\]\s*fn (\w+)\(",
    "cpp": r"^TEST_CASE\((\w+)\)",
    "java": r"@Test\s+public void (\w+)\(",
}


@dataclass
class Exercise:
    id: str
    language: str
    title: str
    difficulty: str
    instructions: str
    files: dict[str, str]  # stubs the model edits
    tests: dict[str, str]  # hidden tests
    solution: dict[str, str]
    wrong: dict[str, str]  # a plausible wrong solution (sent on both turns)
    first_try: dict[str, str] | None = None  # a buggy first try the reference fixes on the retry
    support: dict[str, str] = field(default_factory=dict)
    crate: str | None = None
    go_package: str | None = None
    negatives: tuple[str, ...] = ("wrong",)  # wrong | edit_tests | prose


EXERCISES: list[Exercise] = []


def exercise(**kwargs) -> None:
    EXERCISES.append(Exercise(**kwargs))


# ======================================================================================================
# C++
# ======================================================================================================

exercise(
    id="AP-cpp-01", language="cpp", title="Run-length encoding", difficulty="easy",
    instructions="""
Implement run-length encoding and decoding.

`encode` replaces every run of two or more equal characters by the run's length followed by the
character; a character that is not repeated is written alone. `decode` reverses it.

- `encode("AABBBCCCCD")` is `"2A3B4CD"`, `encode("XYZ")` is `"XYZ"`.
- Counts can have several digits: `encode` of twelve `W` followed by `B` is `"12WB"`.
- Any character can be encoded (spaces and punctuation too), except digits, which never appear in
  the text given to `encode`. Upper and lower case letters are different characters.
- The empty string encodes and decodes to the empty string.
""",
    files={
        "run_length.h": """\
#pragma once
#include <string>

namespace run_length {

std::string encode(const std::string& text);
std::string decode(const std::string& data);

}  // namespace run_length
""",
        "run_length.cpp": """\
#include "run_length.h"

#include <stdexcept>

namespace run_length {

std::string encode(const std::string& text) {
    throw std::logic_error("not implemented");
}

std::string decode(const std::string& data) {
    throw std::logic_error("not implemented");
}

}  // namespace run_length
""",
    },
    tests={"run_length_test.cpp": """\
#include "pq_test.hpp"
#include "run_length.h"

using run_length::decode;
using run_length::encode;

TEST_CASE(encode_empty) { CHECK_EQ(encode(""), std::string("")); }

TEST_CASE(encode_without_runs) { CHECK_EQ(encode("XYZ"), std::string("XYZ")); }

TEST_CASE(encode_simple_runs) { CHECK_EQ(encode("AABBBCCCCD"), std::string("2A3B4CD")); }

TEST_CASE(encode_multi_digit_counts) {
    CHECK_EQ(encode(std::string(12, 'W') + "B" + std::string(12, 'W') + "BBB"), std::string("12WB12W3B"));
    CHECK_EQ(encode(std::string(100, 'q') + "r"), std::string("100qr"));
}

TEST_CASE(encode_spaces_and_case) {
    CHECK_EQ(encode("  hsqq qww  "), std::string("2 hs2q q2w2 "));
    CHECK_EQ(encode("aAaa"), std::string("aA2a"));
}

TEST_CASE(decode_empty) { CHECK_EQ(decode(""), std::string("")); }

TEST_CASE(decode_simple) { CHECK_EQ(decode("2A3B4CD"), std::string("AABBBCCCCD")); }

TEST_CASE(decode_multi_digit_counts) {
    CHECK_EQ(decode("12WB12W3B"), std::string(12, 'W') + "B" + std::string(12, 'W') + "BBB");
    CHECK_EQ(decode("100qr"), std::string(100, 'q') + "r");
}

TEST_CASE(round_trip) {
    const std::string text = "zzz ZZ  zZ!!!";
    CHECK_EQ(decode(encode(text)), text);
}
"""},
    solution={"run_length.cpp": """\
#include "run_length.h"

#include <cctype>

namespace run_length {

std::string encode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t j = i;
        while (j < text.size() && text[j] == text[i]) ++j;
        if (j - i > 1) out += std::to_string(j - i);
        out += text[i];
        i = j;
    }
    return out;
}

std::string decode(const std::string& data) {
    std::string out;
    std::size_t count = 0;
    for (char c : data) {
        if (std::isdigit(static_cast<unsigned char>(c))) {
            count = count * 10 + static_cast<std::size_t>(c - '0');
        } else {
            out.append(count ? count : 1, c);
            count = 0;
        }
    }
    return out;
}

}  // namespace run_length
"""},
    wrong={"run_length.cpp": """\
#include "run_length.h"

#include <cctype>

namespace run_length {

std::string encode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t j = i;
        while (j < text.size() && text[j] == text[i]) ++j;
        if (j - i > 1) out += std::to_string(j - i);
        out += text[i];
        i = j;
    }
    return out;
}

std::string decode(const std::string& data) {
    std::string out;
    for (std::size_t i = 0; i < data.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(data[i])) && i + 1 < data.size()) {
            out.append(static_cast<std::size_t>(data[i] - '0'), data[i + 1]);
            ++i;
        } else {
            out += data[i];
        }
    }
    return out;
}

}  // namespace run_length
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-cpp-02", language="cpp", title="Roman numerals, both ways", difficulty="medium",
    instructions="""
Convert between integers and Roman numerals.

`to_roman(n)` writes `n` (1 to 3999) in standard Roman notation: M=1000, D=500, C=100, L=50, X=10,
V=5, I=1, with the subtractive forms CM=900, CD=400, XC=90, XL=40, IX=9 and IV=4 (so 1994 is
`MCMXCIV`). Any other `n` throws `std::out_of_range`.

`from_roman(s)` is the inverse. It accepts only numerals in exactly that standard form, upper case,
without spaces: `"IIII"`, `"VV"`, `"IC"`, `"XM"`, `"MMMM"`, `"iv"` and `""` are all rejected by
throwing `std::invalid_argument`.
""",
    files={
        "roman.h": """\
#pragma once
#include <string>

namespace roman {

// 1..3999 -> numeral; throws std::out_of_range otherwise.
std::string to_roman(int number);

// numeral -> value; throws std::invalid_argument unless the numeral is in standard form.
int from_roman(const std::string& numeral);

}  // namespace roman
""",
        "roman.cpp": """\
#include "roman.h"

#include <stdexcept>

namespace roman {

std::string to_roman(int number) {
    throw std::logic_error("not implemented");
}

int from_roman(const std::string& numeral) {
    throw std::logic_error("not implemented");
}

}  // namespace roman
""",
    },
    tests={"roman_test.cpp": """\
#include <stdexcept>

#include "pq_test.hpp"
#include "roman.h"

using roman::from_roman;
using roman::to_roman;

TEST_CASE(small_numbers) {
    CHECK_EQ(to_roman(1), std::string("I"));
    CHECK_EQ(to_roman(3), std::string("III"));
    CHECK_EQ(to_roman(4), std::string("IV"));
    CHECK_EQ(to_roman(9), std::string("IX"));
}

TEST_CASE(tens_and_hundreds) {
    CHECK_EQ(to_roman(14), std::string("XIV"));
    CHECK_EQ(to_roman(40), std::string("XL"));
    CHECK_EQ(to_roman(90), std::string("XC"));
    CHECK_EQ(to_roman(400), std::string("CD"));
    CHECK_EQ(to_roman(944), std::string("CMXLIV"));
}

TEST_CASE(large_numbers) {
    CHECK_EQ(to_roman(1994), std::string("MCMXCIV"));
    CHECK_EQ(to_roman(2024), std::string("MMXXIV"));
    CHECK_EQ(to_roman(3999), std::string("MMMCMXCIX"));
}

TEST_CASE(out_of_range) {
    CHECK_THROWS(to_roman(0), std::out_of_range);
    CHECK_THROWS(to_roman(4000), std::out_of_range);
    CHECK_THROWS(to_roman(-5), std::out_of_range);
}

TEST_CASE(parse_valid) {
    CHECK_EQ(from_roman("I"), 1);
    CHECK_EQ(from_roman("XLII"), 42);
    CHECK_EQ(from_roman("MCMXCIV"), 1994);
    CHECK_EQ(from_roman("MMMCMXCIX"), 3999);
}

TEST_CASE(parse_round_trip) {
    for (int n = 1; n <= 3999; ++n) CHECK_EQ(from_roman(to_roman(n)), n);
}

TEST_CASE(parse_rejects_non_standard_forms) {
    CHECK_THROWS(from_roman("IIII"), std::invalid_argument);
    CHECK_THROWS(from_roman("VV"), std::invalid_argument);
    CHECK_THROWS(from_roman("IC"), std::invalid_argument);
    CHECK_THROWS(from_roman("XM"), std::invalid_argument);
    CHECK_THROWS(from_roman("MMMM"), std::invalid_argument);
    CHECK_THROWS(from_roman(""), std::invalid_argument);
}

TEST_CASE(parse_rejects_other_characters) {
    CHECK_THROWS(from_roman("iv"), std::invalid_argument);
    CHECK_THROWS(from_roman("XIV "), std::invalid_argument);
    CHECK_THROWS(from_roman("ABC"), std::invalid_argument);
}
"""},
    first_try={"roman.cpp": """\
#include "roman.h"

#include <stdexcept>

namespace roman {

namespace {
const int kValues[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
const char* const kSymbols[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};

int value_of(char c) {
    switch (c) {
        case 'I': return 1;
        case 'V': return 5;
        case 'X': return 10;
        case 'L': return 50;
        case 'C': return 100;
        case 'D': return 500;
        case 'M': return 1000;
        default: throw std::invalid_argument("not a Roman digit");
    }
}
}  // namespace

std::string to_roman(int number) {
    if (number < 1 || number > 3999) throw std::out_of_range("1..3999 only");
    std::string out;
    for (int i = 0; i < 13; ++i) {
        while (number >= kValues[i]) {
            out += kSymbols[i];
            number -= kValues[i];
        }
    }
    return out;
}

int from_roman(const std::string& numeral) {
    if (numeral.empty()) throw std::invalid_argument("empty numeral");
    int total = 0;
    for (std::size_t i = 0; i < numeral.size(); ++i) {
        int v = value_of(numeral[i]);
        if (i + 1 < numeral.size() && v < value_of(numeral[i + 1])) total -= v;
        else total += v;
    }
    return total;
}

}  // namespace roman
"""},
    solution={"roman.cpp": """\
#include "roman.h"

#include <stdexcept>

namespace roman {

namespace {
const int kValues[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
const char* const kSymbols[] = {"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
}  // namespace

std::string to_roman(int number) {
    if (number < 1 || number > 3999) throw std::out_of_range("1..3999 only");
    std::string out;
    for (int i = 0; i < 13; ++i) {
        while (number >= kValues[i]) {
            out += kSymbols[i];
            number -= kValues[i];
        }
    }
    return out;
}

int from_roman(const std::string& numeral) {
    // Read greedily, then accept only if writing the value back gives the same text.
    int total = 0;
    std::size_t pos = 0;
    for (int i = 0; i < 13; ++i) {
        std::string symbol = kSymbols[i];
        while (pos < numeral.size() && numeral.compare(pos, symbol.size(), symbol) == 0) {
            total += kValues[i];
            pos += symbol.size();
        }
    }
    if (pos != numeral.size() || total < 1 || total > 3999 || to_roman(total) != numeral) {
        throw std::invalid_argument("not a standard Roman numeral: " + numeral);
    }
    return total;
}

}  // namespace roman
"""},
    wrong={"roman.cpp": """\
#include "roman.h"

#include <stdexcept>

namespace roman {

namespace {
const int kValues[] = {1000, 500, 400, 100, 50, 40, 10, 5, 4, 1};
const char* const kSymbols[] = {"M", "D", "CD", "C", "L", "XL", "X", "V", "IV", "I"};
}  // namespace

std::string to_roman(int number) {
    if (number < 1 || number > 3999) throw std::out_of_range("1..3999 only");
    std::string out;
    for (int i = 0; i < 10; ++i) {
        while (number >= kValues[i]) {
            out += kSymbols[i];
            number -= kValues[i];
        }
    }
    return out;
}

int from_roman(const std::string& numeral) {
    int total = 0;
    std::size_t pos = 0;
    for (int i = 0; i < 10; ++i) {
        std::string symbol = kSymbols[i];
        while (pos < numeral.size() && numeral.compare(pos, symbol.size(), symbol) == 0) {
            total += kValues[i];
            pos += symbol.size();
        }
    }
    if (pos != numeral.size() || total < 1 || to_roman(total) != numeral) {
        throw std::invalid_argument("not a standard Roman numeral");
    }
    return total;
}

}  // namespace roman
"""},
    negatives=("wrong", "edit_tests"),
)

exercise(
    id="AP-cpp-03", language="cpp", title="Saddle points", difficulty="medium",
    instructions="""
Find the saddle points of a matrix of integers.

An element is a saddle point when it is greater than or equal to every element in its row and less
than or equal to every element in its column. Return the positions of all saddle points as
(row, column) pairs, **1-based**, sorted by row then column.

- A matrix with no rows, or whose rows are empty, has no saddle points.
- If the rows do not all have the same length, throw `std::invalid_argument`.
- Several elements of one row or column can be saddle points at the same time (equal values).
""",
    files={
        "saddle_points.h": """\
#pragma once
#include <utility>
#include <vector>

namespace saddle {

using Matrix = std::vector<std::vector<int>>;

// (row, column) pairs, 1-based, sorted; throws std::invalid_argument for rows of different lengths.
std::vector<std::pair<int, int>> saddle_points(const Matrix& matrix);

}  // namespace saddle
""",
        "saddle_points.cpp": """\
#include "saddle_points.h"

#include <stdexcept>

namespace saddle {

std::vector<std::pair<int, int>> saddle_points(const Matrix& matrix) {
    throw std::logic_error("not implemented");
}

}  // namespace saddle
""",
    },
    tests={"saddle_points_test.cpp": """\
#include <stdexcept>

#include "pq_test.hpp"
#include "saddle_points.h"

using saddle::Matrix;
using saddle::saddle_points;
using Points = std::vector<std::pair<int, int>>;

TEST_CASE(single_saddle_point) {
    CHECK_EQ(saddle_points(Matrix{{9, 8, 7}, {5, 3, 2}, {6, 6, 7}}), (Points{{2, 1}}));
}

TEST_CASE(no_saddle_point) {
    CHECK_EQ(saddle_points(Matrix{{1, 2, 3}, {3, 1, 2}, {2, 3, 1}}), Points{});
}

TEST_CASE(several_in_one_column) {
    CHECK_EQ(saddle_points(Matrix{{4, 5, 4}, {3, 5, 5}, {1, 5, 4}}), (Points{{1, 2}, {2, 2}, {3, 2}}));
}

TEST_CASE(several_in_one_row) {
    CHECK_EQ(saddle_points(Matrix{{6, 7, 8}, {5, 5, 5}, {7, 5, 6}}), (Points{{2, 1}, {2, 2}, {2, 3}}));
}

TEST_CASE(one_element) { CHECK_EQ(saddle_points(Matrix{{2}}), (Points{{1, 1}})); }

TEST_CASE(non_square_matrix) {
    CHECK_EQ(saddle_points(Matrix{{3, 1, 3}, {3, 2, 4}}), (Points{{1, 1}, {1, 3}}));
}

TEST_CASE(single_column) {
    CHECK_EQ(saddle_points(Matrix{{2}, {1}, {4}, {1}}), (Points{{2, 1}, {4, 1}}));
}

TEST_CASE(empty_matrices) {
    CHECK_EQ(saddle_points(Matrix{}), Points{});
    CHECK_EQ(saddle_points(Matrix{{}}), Points{});
}

TEST_CASE(ragged_rows_are_rejected) {
    CHECK_THROWS(saddle_points(Matrix{{1, 2}, {3}}), std::invalid_argument);
}
"""},
    solution={"saddle_points.cpp": """\
#include "saddle_points.h"

#include <algorithm>
#include <stdexcept>

namespace saddle {

std::vector<std::pair<int, int>> saddle_points(const Matrix& matrix) {
    std::vector<std::pair<int, int>> points;
    if (matrix.empty()) return points;
    const std::size_t cols = matrix[0].size();
    for (const auto& row : matrix) {
        if (row.size() != cols) throw std::invalid_argument("rows have different lengths");
    }
    for (std::size_t r = 0; r < matrix.size(); ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const int v = matrix[r][c];
            bool row_max = std::all_of(matrix[r].begin(), matrix[r].end(), [v](int x) { return v >= x; });
            bool col_min = std::all_of(matrix.begin(), matrix.end(), [v, c](const std::vector<int>& row) {
                return v <= row[c];
            });
            if (row_max && col_min) points.emplace_back(static_cast<int>(r) + 1, static_cast<int>(c) + 1);
        }
    }
    return points;
}

}  // namespace saddle
"""},
    wrong={"saddle_points.cpp": """\
#include "saddle_points.h"

#include <stdexcept>

namespace saddle {

std::vector<std::pair<int, int>> saddle_points(const Matrix& matrix) {
    std::vector<std::pair<int, int>> points;
    if (matrix.empty()) return points;
    const std::size_t cols = matrix[0].size();
    for (const auto& row : matrix) {
        if (row.size() != cols) throw std::invalid_argument("rows have different lengths");
    }
    for (std::size_t r = 0; r < matrix.size(); ++r) {
        for (std::size_t c = 0; c < cols; ++c) {
            const int v = matrix[r][c];
            bool ok = true;
            for (std::size_t k = 0; k < cols; ++k) {
                if (k != c && matrix[r][k] >= v) ok = false;  // strictly the largest in its row
            }
            for (std::size_t k = 0; k < matrix.size(); ++k) {
                if (matrix[k][c] < v) ok = false;
            }
            if (ok) points.emplace_back(static_cast<int>(r) + 1, static_cast<int>(c) + 1);
        }
    }
    return points;
}

}  // namespace saddle
"""},
    negatives=("wrong",),
)

exercise(
    id="AP-cpp-04", language="cpp", title="Clock arithmetic", difficulty="medium",
    instructions="""
Implement a 24-hour clock without dates.

- `Clock(hour, minute)` accepts any integers and normalises them: `Clock(25, 0)` is 01:00,
  `Clock(0, 160)` is 02:40, `Clock(-1, 15)` is 23:15 and `Clock(1, -40)` is 00:20.
- `plus(minutes)` and `minus(minutes)` return a new clock; the original is unchanged. Minutes may
  be larger than a day.
- `str()` gives `"HH:MM"` with two digits each, e.g. `"08:05"`.
- Two clocks are equal when they show the same time: `Clock(10, 37) == Clock(34, 37)`.

You may change the private part of the class.
""",
    files={
        "clock.h": """\
#pragma once
#include <string>

namespace clock_time {

class Clock {
public:
    Clock(int hour, int minute);
    Clock plus(int minutes) const;
    Clock minus(int minutes) const;
    std::string str() const;
    bool operator==(const Clock& other) const;
    bool operator!=(const Clock& other) const;

private:
    int minutes_;
};

}  // namespace clock_time
""",
        "clock.cpp": """\
#include "clock.h"

#include <stdexcept>

namespace clock_time {

Clock::Clock(int hour, int minute) : minutes_(0) {}

Clock Clock::plus(int minutes) const { throw std::logic_error("not implemented"); }

Clock Clock::minus(int minutes) const { throw std::logic_error("not implemented"); }

std::string Clock::str() const { throw std::logic_error("not implemented"); }

bool Clock::operator==(const Clock& other) const { throw std::logic_error("not implemented"); }

bool Clock::operator!=(const Clock& other) const { throw std::logic_error("not implemented"); }

}  // namespace clock_time
""",
    },
    tests={"clock_test.cpp": """\
#include "clock.h"
#include "pq_test.hpp"

using clock_time::Clock;

TEST_CASE(on_the_hour) {
    CHECK_EQ(Clock(8, 0).str(), std::string("08:00"));
    CHECK_EQ(Clock(11, 9).str(), std::string("11:09"));
}

TEST_CASE(hours_roll_over) {
    CHECK_EQ(Clock(24, 0).str(), std::string("00:00"));
    CHECK_EQ(Clock(25, 0).str(), std::string("01:00"));
    CHECK_EQ(Clock(100, 0).str(), std::string("04:00"));
}

TEST_CASE(minutes_roll_over) {
    CHECK_EQ(Clock(1, 60).str(), std::string("02:00"));
    CHECK_EQ(Clock(0, 160).str(), std::string("02:40"));
    CHECK_EQ(Clock(25, 160).str(), std::string("03:40"));
    CHECK_EQ(Clock(201, 3001).str(), std::string("11:01"));
    CHECK_EQ(Clock(72, 8640).str(), std::string("00:00"));
}

TEST_CASE(negative_values) {
    CHECK_EQ(Clock(-1, 15).str(), std::string("23:15"));
    CHECK_EQ(Clock(-25, 0).str(), std::string("23:00"));
    CHECK_EQ(Clock(-91, 0).str(), std::string("05:00"));
    CHECK_EQ(Clock(1, -40).str(), std::string("00:20"));
    CHECK_EQ(Clock(1, -160).str(), std::string("22:20"));
    CHECK_EQ(Clock(-25, -160).str(), std::string("20:20"));
    CHECK_EQ(Clock(-121, -5810).str(), std::string("22:10"));
}

TEST_CASE(adding_minutes) {
    CHECK_EQ(Clock(10, 0).plus(3).str(), std::string("10:03"));
    CHECK_EQ(Clock(23, 59).plus(2).str(), std::string("00:01"));
    CHECK_EQ(Clock(5, 32).plus(1500).str(), std::string("06:32"));
}

TEST_CASE(subtracting_minutes) {
    CHECK_EQ(Clock(10, 3).minus(3).str(), std::string("10:00"));
    CHECK_EQ(Clock(0, 3).minus(4).str(), std::string("23:59"));
    CHECK_EQ(Clock(5, 32).minus(3000).str(), std::string("03:32"));
}

TEST_CASE(original_is_unchanged) {
    Clock c(6, 15);
    Clock later = c.plus(30);
    CHECK_EQ(c.str(), std::string("06:15"));
    CHECK_EQ(later.str(), std::string("06:45"));
}

TEST_CASE(equality) {
    CHECK(Clock(15, 37) == Clock(15, 37));
    CHECK(Clock(15, 37) != Clock(15, 36));
    CHECK(Clock(10, 37) == Clock(34, 37));
    CHECK(Clock(0, 0) == Clock(-48, 0));
    CHECK(Clock(2, 40) == Clock(0, 160));
    CHECK(Clock(18, 7) == Clock(-54, -11513));
    CHECK(!(Clock(3, 11) != Clock(27, 11)));
}
"""},
    solution={"clock.cpp": """\
#include "clock.h"

#include <cstdio>

namespace clock_time {

namespace {
constexpr long kDay = 24 * 60;

int normalise(long minutes) { return static_cast<int>(((minutes % kDay) + kDay) % kDay); }
}  // namespace

Clock::Clock(int hour, int minute) : minutes_(normalise(static_cast<long>(hour) * 60 + minute)) {}

Clock Clock::plus(int minutes) const { return Clock(0, normalise(static_cast<long>(minutes_) + minutes)); }

Clock Clock::minus(int minutes) const { return Clock(0, normalise(static_cast<long>(minutes_) - minutes)); }

std::string Clock::str() const {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes_ / 60, minutes_ % 60);
    return buf;
}

bool Clock::operator==(const Clock& other) const { return minutes_ == other.minutes_; }

bool Clock::operator!=(const Clock& other) const { return !(*this == other); }

}  // namespace clock_time
"""},
    wrong={"clock.cpp": """\
#include "clock.h"

#include <cstdio>

namespace clock_time {

Clock::Clock(int hour, int minute) : minutes_((hour * 60 + minute) % (24 * 60)) {}

Clock Clock::plus(int minutes) const { return Clock(0, minutes_ + minutes); }

Clock Clock::minus(int minutes) const { return Clock(0, minutes_ - minutes); }

std::string Clock::str() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes_ / 60, minutes_ % 60);
    return buf;
}

bool Clock::operator==(const Clock& other) const { return minutes_ == other.minutes_; }

bool Clock::operator!=(const Clock& other) const { return !(*this == other); }

}  // namespace clock_time
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-cpp-05", language="cpp", title="Binary search tree set", difficulty="hard",
    instructions="""
Implement a set of integers stored in an unbalanced binary search tree (smaller values to the left,
larger to the right). Values are inserted in the order given; never rebalance.

- `insert(v)` adds `v` and returns `true`, or returns `false` if `v` is already present.
- `contains(v)`, `size()`.
- `remove(v)` returns `false` if `v` is absent. A node with two children is replaced by its in-order
  successor (the smallest value of its right subtree), which is unlinked from where it was. A node
  with one child is replaced by that child.
- `height()`: 0 for an empty tree, 1 for a single node.
- `in_order()`: the values in ascending order. `level_order()`: breadth-first, left to right.

You may change the private part of the class (the tests use only the public methods).
""",
    files={
        "bst.h": """\
#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace bst {

class Tree {
public:
    bool insert(int value);
    bool contains(int value) const;
    bool remove(int value);
    std::size_t size() const;
    int height() const;
    std::vector<int> in_order() const;
    std::vector<int> level_order() const;

private:
    struct Node {
        int value;
        std::unique_ptr<Node> left, right;
        explicit Node(int v) : value(v) {}
    };
    std::unique_ptr<Node> root_;
    std::size_t size_ = 0;
};

}  // namespace bst
""",
        "bst.cpp": """\
#include "bst.h"

#include <stdexcept>

namespace bst {

bool Tree::insert(int value) { throw std::logic_error("not implemented"); }

bool Tree::contains(int value) const { throw std::logic_error("not implemented"); }

bool Tree::remove(int value) { throw std::logic_error("not implemented"); }

std::size_t Tree::size() const { throw std::logic_error("not implemented"); }

int Tree::height() const { throw std::logic_error("not implemented"); }

std::vector<int> Tree::in_order() const { throw std::logic_error("not implemented"); }

std::vector<int> Tree::level_order() const { throw std::logic_error("not implemented"); }

}  // namespace bst
""",
    },
    tests={"bst_test.cpp": """\
#include "bst.h"
#include "pq_test.hpp"

using bst::Tree;
using Values = std::vector<int>;

static Tree build(const Values& values) {
    Tree t;
    for (int v : values) t.insert(v);
    return t;
}

TEST_CASE(empty_tree) {
    Tree t;
    CHECK_EQ(t.size(), std::size_t{0});
    CHECK_EQ(t.height(), 0);
    CHECK(!t.contains(1));
    CHECK_EQ(t.in_order(), Values{});
    CHECK_EQ(t.level_order(), Values{});
}

TEST_CASE(insert_and_contains) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK_EQ(t.size(), std::size_t{7});
    for (int v = 1; v <= 7; ++v) CHECK(t.contains(v));
    CHECK(!t.contains(0));
    CHECK(!t.contains(8));
}

TEST_CASE(duplicates_are_ignored) {
    Tree t;
    CHECK(t.insert(5));
    CHECK(!t.insert(5));
    CHECK_EQ(t.size(), std::size_t{1});
}

TEST_CASE(orders) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK_EQ(t.in_order(), (Values{1, 2, 3, 4, 5, 6, 7}));
    CHECK_EQ(t.level_order(), (Values{4, 2, 6, 1, 3, 5, 7}));
    CHECK_EQ(t.height(), 3);
}

TEST_CASE(degenerate_height) {
    Tree t = build({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    CHECK_EQ(t.height(), 10);
    CHECK_EQ(t.level_order(), (Values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_CASE(remove_leaf) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK(t.remove(1));
    CHECK(!t.contains(1));
    CHECK_EQ(t.level_order(), (Values{4, 2, 6, 3, 5, 7}));
    CHECK_EQ(t.size(), std::size_t{6});
}

TEST_CASE(remove_node_with_one_child) {
    Tree t = build({4, 2, 6, 1, 5, 7});
    CHECK(t.remove(2));
    CHECK_EQ(t.level_order(), (Values{4, 1, 6, 5, 7}));
}

TEST_CASE(remove_node_with_two_children) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK(t.remove(4));
    CHECK_EQ(t.level_order(), (Values{5, 2, 6, 1, 3, 7}));
    CHECK(t.remove(2));
    CHECK_EQ(t.level_order(), (Values{5, 3, 6, 1, 7}));
    CHECK_EQ(t.in_order(), (Values{1, 3, 5, 6, 7}));
}

TEST_CASE(remove_successor_with_right_child) {
    Tree t = build({10, 5, 20, 15, 30, 17});
    CHECK(t.remove(10));
    CHECK_EQ(t.level_order(), (Values{15, 5, 20, 17, 30}));
    CHECK_EQ(t.height(), 3);
}

TEST_CASE(remove_root_with_one_child_and_absent_values) {
    Tree t = build({1, 2, 3});
    CHECK(!t.remove(9));
    CHECK(t.remove(1));
    CHECK_EQ(t.level_order(), (Values{2, 3}));
    CHECK(t.remove(2));
    CHECK(t.remove(3));
    CHECK(!t.remove(3));
    CHECK_EQ(t.size(), std::size_t{0});
    CHECK_EQ(t.height(), 0);
    CHECK(t.insert(3));
    CHECK_EQ(t.in_order(), (Values{3}));
}
"""},
    solution={"bst.cpp": """\
#include "bst.h"

#include <algorithm>
#include <deque>

namespace bst {

bool Tree::insert(int value) {
    std::unique_ptr<Node>* slot = &root_;
    while (*slot) {
        if (value == (*slot)->value) return false;
        slot = value < (*slot)->value ? &(*slot)->left : &(*slot)->right;
    }
    *slot = std::make_unique<Node>(value);
    ++size_;
    return true;
}

bool Tree::contains(int value) const {
    const Node* node = root_.get();
    while (node) {
        if (value == node->value) return true;
        node = value < node->value ? node->left.get() : node->right.get();
    }
    return false;
}

bool Tree::remove(int value) {
    std::unique_ptr<Node>* slot = &root_;
    while (*slot && (*slot)->value != value) {
        slot = value < (*slot)->value ? &(*slot)->left : &(*slot)->right;
    }
    if (!*slot) return false;
    Node* node = slot->get();
    if (node->left && node->right) {
        std::unique_ptr<Node>* succ = &node->right;
        while ((*succ)->left) succ = &(*succ)->left;
        node->value = (*succ)->value;
        *succ = std::move((*succ)->right);
    } else {
        std::unique_ptr<Node> child = std::move(node->left ? node->left : node->right);
        *slot = std::move(child);
    }
    --size_;
    return true;
}

std::size_t Tree::size() const { return size_; }

namespace {
template <typename NodeT>
int height_of(const NodeT* node) {
    if (!node) return 0;
    return 1 + std::max(height_of(node->left.get()), height_of(node->right.get()));
}

template <typename NodeT>
void walk(const NodeT* node, std::vector<int>& out) {
    if (!node) return;
    walk(node->left.get(), out);
    out.push_back(node->value);
    walk(node->right.get(), out);
}
}  // namespace

int Tree::height() const { return height_of(root_.get()); }

std::vector<int> Tree::in_order() const {
    std::vector<int> out;
    walk(root_.get(), out);
    return out;
}

std::vector<int> Tree::level_order() const {
    std::vector<int> out;
    std::deque<const Node*> queue;
    if (root_) queue.push_back(root_.get());
    while (!queue.empty()) {
        const Node* node = queue.front();
        queue.pop_front();
        out.push_back(node->value);
        if (node->left) queue.push_back(node->left.get());
        if (node->right) queue.push_back(node->right.get());
    }
    return out;
}

}  // namespace bst
"""},
    wrong={"bst.cpp": """\
#include "bst.h"

#include <algorithm>
#include <deque>

namespace bst {

bool Tree::insert(int value) {
    std::unique_ptr<Node>* slot = &root_;
    while (*slot) {
        if (value == (*slot)->value) return false;
        slot = value < (*slot)->value ? &(*slot)->left : &(*slot)->right;
    }
    *slot = std::make_unique<Node>(value);
    ++size_;
    return true;
}

bool Tree::contains(int value) const {
    const Node* node = root_.get();
    while (node) {
        if (value == node->value) return true;
        node = value < node->value ? node->left.get() : node->right.get();
    }
    return false;
}

bool Tree::remove(int value) {
    std::unique_ptr<Node>* slot = &root_;
    while (*slot && (*slot)->value != value) {
        slot = value < (*slot)->value ? &(*slot)->left : &(*slot)->right;
    }
    if (!*slot) return false;
    Node* node = slot->get();
    if (node->left && node->right) {
        // Replace by the in-order predecessor (largest value on the left).
        std::unique_ptr<Node>* pred = &node->left;
        while ((*pred)->right) pred = &(*pred)->right;
        node->value = (*pred)->value;
        *pred = std::move((*pred)->left);
    } else {
        std::unique_ptr<Node> child = std::move(node->left ? node->left : node->right);
        *slot = std::move(child);
    }
    --size_;
    return true;
}

std::size_t Tree::size() const { return size_; }

namespace {
template <typename NodeT>
int height_of(const NodeT* node) {
    if (!node) return 0;
    return 1 + std::max(height_of(node->left.get()), height_of(node->right.get()));
}

template <typename NodeT>
void walk(const NodeT* node, std::vector<int>& out) {
    if (!node) return;
    walk(node->left.get(), out);
    out.push_back(node->value);
    walk(node->right.get(), out);
}
}  // namespace

int Tree::height() const { return height_of(root_.get()); }

std::vector<int> Tree::in_order() const {
    std::vector<int> out;
    walk(root_.get(), out);
    return out;
}

std::vector<int> Tree::level_order() const {
    std::vector<int> out;
    std::deque<const Node*> queue;
    if (root_) queue.push_back(root_.get());
    while (!queue.empty()) {
        const Node* node = queue.front();
        queue.pop_front();
        out.push_back(node->value);
        if (node->left) queue.push_back(node->left.get());
        if (node->right) queue.push_back(node->right.get());
    }
    return out;
}

}  // namespace bst
"""},
    negatives=("wrong", "edit_tests", "prose"),
)


# ======================================================================================================
# Go
# ======================================================================================================


def go_mod(module: str) -> dict[str, str]:
    return {"go.mod": f"module {module}\n\ngo 1.19\n"}


exercise(
    id="AP-go-01", language="go", title="ISBN-10 check", difficulty="easy", go_package="isbn",
    support=go_mod("isbn"),
    instructions="""
Write `IsValidISBN`, which reports whether a string is a valid ISBN-10.

- Hyphens may appear anywhere and are ignored. Any other character that is not a digit makes the
  ISBN invalid (spaces too), except that the very last character may be an upper-case `X`, which
  stands for the value 10. An `X` anywhere else is invalid.
- Without hyphens there must be exactly 10 characters.
- With the ten values d1..d10, the ISBN is valid when
  `(d1*10 + d2*9 + d3*8 + d4*7 + d5*6 + d6*5 + d7*4 + d8*3 + d9*2 + d10*1) mod 11 == 0`.

For example `3-598-21508-8` is valid and `3-598-21508-9` is not.
""",
    files={"isbn.go": """\
package isbn

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool {
\tpanic("not implemented")
}
"""},
    tests={"isbn_test.go": """\
package isbn

import "testing"

func check(t *testing.T, cases map[string]bool) {
\tt.Helper()
\tfor input, want := range cases {
\t\tif got := IsValidISBN(input); got != want {
\t\t\tt.Errorf("IsValidISBN(%q) = %v, want %v", input, got, want)
\t\t}
\t}
}

func TestValidNumbers(t *testing.T) {
\tcheck(t, map[string]bool{"3-598-21508-8": true, "3598215088": true, "0-00-000000-0": true, "0-306-40615-2": true})
}

func TestWrongCheckDigit(t *testing.T) {
\tcheck(t, map[string]bool{"3-598-21508-9": false, "0-306-40615-3": false, "3-598-21515-X": false})
}

func TestCheckCharacterX(t *testing.T) {
\tcheck(t, map[string]bool{"3-598-21507-X": true, "359821507X": true, "3-598-21507-x": false,
\t\t"3-598-2X507-9": false, "X-598-21507-3": false})
}

func TestWrongLength(t *testing.T) {
\tcheck(t, map[string]bool{"": false, "359821507": false, "3598215078X": false, "3-598-21507": false,
\t\t"00": false, "3-598-21508-88": false})
}

func TestOtherCharacters(t *testing.T) {
\tcheck(t, map[string]bool{"3-598-21507-A": false, "3-598-P1581-X": false, "3 598 21508 8": false,
\t\t"3_598_21508_8": false, "3-598-21508-８": false})
}
"""},
    solution={"isbn.go": """\
package isbn

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool {
\tsum, n := 0, 0
\trunes := []rune(isbn)
\tfor i, r := range runes {
\t\tswitch {
\t\tcase r == '-':
\t\t\tcontinue
\t\tcase r >= '0' && r <= '9':
\t\t\tsum += int(r-'0') * (10 - n)
\t\tcase r == 'X' && i == len(runes)-1 && n == 9:
\t\t\tsum += 10
\t\tdefault:
\t\t\treturn false
\t\t}
\t\tn++
\t\tif n > 10 {
\t\t\treturn false
\t\t}
\t}
\treturn n == 10 && sum%11 == 0
}
"""},
    wrong={"isbn.go": """\
package isbn

import "strings"

// IsValidISBN reports whether isbn is a valid ISBN-10.
func IsValidISBN(isbn string) bool {
\tdigits := strings.ReplaceAll(isbn, "-", "")
\tif len(digits) != 10 {
\t\treturn false
\t}
\tsum := 0
\tfor i, r := range digits {
\t\tvalue := 0
\t\tswitch {
\t\tcase r >= '0' && r <= '9':
\t\t\tvalue = int(r - '0')
\t\tcase r == 'X':
\t\t\tvalue = 10
\t\tdefault:
\t\t\treturn false
\t\t}
\t\tsum += value * (10 - i)
\t}
\treturn sum%11 == 0
}
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-go-02", language="go", title="Bracket matching", difficulty="medium", go_package="brackets",
    support=go_mod("brackets"),
    instructions="""
Check the brackets `()`, `[]` and `{}` in a string; every other character is ignored.

- `Balanced(s)` reports whether every opening bracket is closed by the matching closing bracket, in
  the right (nested) order.
- `FirstError(s)` returns -1 when `s` is balanced. Otherwise it returns the **byte index** of the
  bracket that breaks it:
  - scanning from the left, the first closing bracket that does not match the innermost open
    bracket (or that comes when no bracket is open);
  - if there is no such closing bracket, the opening bracket that is still open at the end and
    was opened **last** (the innermost one).

Examples: `FirstError("{[}]")` is 2, `FirstError("(()")` is 0, `FirstError("{[")` is 1,
`FirstError("é)")` is 2 (é takes two bytes).
""",
    files={"brackets.go": """\
package brackets

// Balanced reports whether the brackets in s are balanced.
func Balanced(s string) bool {
\tpanic("not implemented")
}

// FirstError returns -1 for a balanced s, else the byte index of the offending bracket.
func FirstError(s string) int {
\tpanic("not implemented")
}
"""},
    tests={"brackets_test.go": """\
package brackets

import "testing"

var cases = []struct {
\tinput string
\terr   int
}{
\t{"", -1},
\t{"()", -1},
\t{"[]{}()", -1},
\t{"{[()()]}", -1},
\t{"fn(a[1], {b: c})", -1},
\t{"if (a[i] > b) { c(); } else { d[0] = {}; }", -1},
\t{")", 0},
\t{"a)", 1},
\t{"{[}]", 2},
\t{"([)]", 2},
\t{"(()", 0},
\t{"{[", 1},
\t{"((a)", 0},
\t{"[({})", 0},
\t{"x{y(z", 3},
\t{"é)", 2},
\t{"{]", 1},
\t{"(())}", 4},
}

func TestBalanced(t *testing.T) {
\tfor _, c := range cases {
\t\tif got, want := Balanced(c.input), c.err == -1; got != want {
\t\t\tt.Errorf("Balanced(%q) = %v, want %v", c.input, got, want)
\t\t}
\t}
}

func TestFirstErrorOnBalanced(t *testing.T) {
\tfor _, c := range cases {
\t\tif c.err == -1 {
\t\t\tif got := FirstError(c.input); got != -1 {
\t\t\t\tt.Errorf("FirstError(%q) = %d, want -1", c.input, got)
\t\t\t}
\t\t}
\t}
}

func TestFirstErrorPosition(t *testing.T) {
\tfor _, c := range cases {
\t\tif c.err != -1 {
\t\t\tif got := FirstError(c.input); got != c.err {
\t\t\t\tt.Errorf("FirstError(%q) = %d, want %d", c.input, got, c.err)
\t\t\t}
\t\t}
\t}
}
"""},
    solution={"brackets.go": """\
package brackets

var pairs = map[byte]byte{')': '(', ']': '[', '}': '{'}

// Balanced reports whether the brackets in s are balanced.
func Balanced(s string) bool {
\treturn FirstError(s) == -1
}

// FirstError returns -1 for a balanced s, else the byte index of the offending bracket.
func FirstError(s string) int {
\tvar stack []int
\tfor i := 0; i < len(s); i++ {
\t\tswitch c := s[i]; c {
\t\tcase '(', '[', '{':
\t\t\tstack = append(stack, i)
\t\tcase ')', ']', '}':
\t\t\tif len(stack) == 0 || s[stack[len(stack)-1]] != pairs[c] {
\t\t\t\treturn i
\t\t\t}
\t\t\tstack = stack[:len(stack)-1]
\t\t}
\t}
\tif len(stack) > 0 {
\t\treturn stack[len(stack)-1]
\t}
\treturn -1
}
"""},
    wrong={"brackets.go": """\
package brackets

var pairs = map[rune]rune{')': '(', ']': '[', '}': '{'}

// Balanced reports whether the brackets in s are balanced.
func Balanced(s string) bool {
\treturn FirstError(s) == -1
}

// FirstError returns -1 for a balanced s, else the byte index of the offending bracket.
func FirstError(s string) int {
\tvar stack []int
\tfor i, c := range s {
\t\tswitch c {
\t\tcase '(', '[', '{':
\t\t\tstack = append(stack, i)
\t\tcase ')', ']', '}':
\t\t\tif len(stack) == 0 || rune(s[stack[len(stack)-1]]) != pairs[c] {
\t\t\t\treturn i
\t\t\t}
\t\t\tstack = stack[:len(stack)-1]
\t\t}
\t}
\tif len(stack) > 0 {
\t\treturn stack[0]
\t}
\treturn -1
}
"""},
    negatives=("wrong",),
)

exercise(
    id="AP-go-03", language="go", title="Word frequency", difficulty="medium", go_package="wordcount",
    support=go_mod("wordcount"),
    instructions="""
Count words.

A word is a run of ASCII letters and digits. An apostrophe that sits **between** two letters or digits
belongs to the word (`don't`, `rock'n'roll`); any other apostrophe (as in `'quoted'`) and every
other character separate words. Counting ignores case: the map keys are lower case.

- `WordCount(text)` returns a map from each word to its number of occurrences (an empty map for
  text without words).
- `Top(text, n)` returns the `n` most frequent words as `Entry` values, most frequent first; words
  with the same count are in alphabetical order. If there are fewer than `n` distinct words, it
  returns all of them; `n <= 0` returns an empty slice.
""",
    files={"wordcount.go": """\
package wordcount

// Entry is a word and how often it occurs.
type Entry struct {
\tWord  string
\tCount int
}

// WordCount counts the words in text, case-insensitively.
func WordCount(text string) map[string]int {
\tpanic("not implemented")
}

// Top returns the n most frequent words, most frequent first, ties in alphabetical order.
func Top(text string, n int) []Entry {
\tpanic("not implemented")
}
"""},
    tests={"wordcount_test.go": """\
package wordcount

import (
\t"reflect"
\t"testing"
)

func expect(t *testing.T, text string, want map[string]int) {
\tt.Helper()
\tif got := WordCount(text); !reflect.DeepEqual(got, want) {
\t\tt.Errorf("WordCount(%q) = %v, want %v", text, got, want)
\t}
}

func TestSimpleCounts(t *testing.T) {
\texpect(t, "one fish two fish red fish blue fish", map[string]int{"one": 1, "fish": 4, "two": 1, "red": 1, "blue": 1})
\texpect(t, "testing, 1, 2 testing", map[string]int{"testing": 2, "1": 1, "2": 1})
}

func TestCaseAndSeparators(t *testing.T) {
\texpect(t, "Go go GO\\tStop,stop!!\\n", map[string]int{"go": 3, "stop": 2})
\texpect(t, "car: carpet as java: javascript!!&@$%^&", map[string]int{"car": 1, "carpet": 1, "as": 1, "java": 1, "javascript": 1})
}

func TestApostrophes(t *testing.T) {
\texpect(t, "First: don't laugh. Then: don't cry. You're getting it.",
\t\tmap[string]int{"first": 1, "don't": 2, "laugh": 1, "then": 1, "cry": 1, "you're": 1, "getting": 1, "it": 1})
\texpect(t, "Joe can't tell between 'large' and large.",
\t\tmap[string]int{"joe": 1, "can't": 1, "tell": 1, "between": 1, "large": 2, "and": 1})
\texpect(t, "''hey'' rock'n'roll 'tis", map[string]int{"hey": 1, "rock'n'roll": 1, "tis": 1})
}

func TestNoWords(t *testing.T) {
\tif got := WordCount(" ,.!? ''"); len(got) != 0 {
\t\tt.Errorf("WordCount of punctuation = %v, want an empty map", got)
\t}
}

func TestTop(t *testing.T) {
\tif got, want := Top("b a c b a b", 2), []Entry{{"b", 3}, {"a", 2}}; !reflect.DeepEqual(got, want) {
\t\tt.Errorf("Top(2) = %v, want %v", got, want)
\t}
\tif got, want := Top("z y x Y z", 3), []Entry{{"y", 2}, {"z", 2}, {"x", 1}}; !reflect.DeepEqual(got, want) {
\t\tt.Errorf("Top ties = %v, want %v", got, want)
\t}
\tif got, want := Top("one two", 5), []Entry{{"one", 1}, {"two", 1}}; !reflect.DeepEqual(got, want) {
\t\tt.Errorf("Top(5) of two words = %v, want %v", got, want)
\t}
\tif got := Top("one two", 0); len(got) != 0 {
\t\tt.Errorf("Top(0) = %v, want empty", got)
\t}
}
"""},
    solution={"wordcount.go": """\
package wordcount

import "sort"

// Entry is a word and how often it occurs.
type Entry struct {
\tWord  string
\tCount int
}

func alnum(c byte) bool {
\treturn c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

func lower(c byte) byte {
\tif c >= 'A' && c <= 'Z' {
\t\treturn c + 'a' - 'A'
\t}
\treturn c
}

// WordCount counts the words in text, case-insensitively.
func WordCount(text string) map[string]int {
\tcounts := map[string]int{}
\tvar word []byte
\tflush := func() {
\t\tif len(word) > 0 {
\t\t\tcounts[string(word)]++
\t\t\tword = word[:0]
\t\t}
\t}
\tfor i := 0; i < len(text); i++ {
\t\tc := lower(text[i])
\t\tswitch {
\t\tcase alnum(c):
\t\t\tword = append(word, c)
\t\tcase c == '\\'' && len(word) > 0 && i+1 < len(text) && alnum(lower(text[i+1])):
\t\t\tword = append(word, c)
\t\tdefault:
\t\t\tflush()
\t\t}
\t}
\tflush()
\treturn counts
}

// Top returns the n most frequent words, most frequent first, ties in alphabetical order.
func Top(text string, n int) []Entry {
\tentries := []Entry{}
\tif n <= 0 {
\t\treturn entries
\t}
\tfor word, count := range WordCount(text) {
\t\tentries = append(entries, Entry{word, count})
\t}
\tsort.Slice(entries, func(i, j int) bool {
\t\tif entries[i].Count != entries[j].Count {
\t\t\treturn entries[i].Count > entries[j].Count
\t\t}
\t\treturn entries[i].Word < entries[j].Word
\t})
\tif len(entries) > n {
\t\tentries = entries[:n]
\t}
\treturn entries
}
"""},
    wrong={"wordcount.go": """\
package wordcount

import (
\t"sort"
\t"strings"
\t"unicode"
)

// Entry is a word and how often it occurs.
type Entry struct {
\tWord  string
\tCount int
}

// WordCount counts the words in text, case-insensitively.
func WordCount(text string) map[string]int {
\tcounts := map[string]int{}
\tfields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
\t\treturn !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\\''
\t})
\tfor _, f := range fields {
\t\tcounts[f]++
\t}
\treturn counts
}

// Top returns the n most frequent words, most frequent first, ties in alphabetical order.
func Top(text string, n int) []Entry {
\tentries := []Entry{}
\tif n <= 0 {
\t\treturn entries
\t}
\tfor word, count := range WordCount(text) {
\t\tentries = append(entries, Entry{word, count})
\t}
\tsort.Slice(entries, func(i, j int) bool {
\t\tif entries[i].Count != entries[j].Count {
\t\t\treturn entries[i].Count > entries[j].Count
\t\t}
\t\treturn entries[i].Word < entries[j].Word
\t})
\tif len(entries) > n {
\t\tentries = entries[:n]
\t}
\treturn entries
}
"""},
    negatives=("wrong", "edit_tests"),
)

exercise(
    id="AP-go-04", language="go", title="Bank account with errors", difficulty="medium", go_package="bank",
    support=go_mod("bank"),
    instructions="""
Implement a bank account whose balance is an `int64` number of cents.

- `Open(initial)` opens an account with an initial deposit (0 is fine). A negative initial deposit
  returns `nil` and `ErrInvalidAmount`.
- `Balance()` returns the balance.
- `Deposit(amount)` and `Withdraw(amount)` return the new balance. The amount must be greater than 0
  (else `ErrInvalidAmount`); a withdrawal larger than the balance fails with
  `ErrInsufficientFunds` and leaves the balance unchanged. Withdrawing the whole balance is fine.
- `Close()` closes the account and returns the balance that is paid out.
- Every operation on a closed account (including a second `Close`) returns `ErrClosed`, and this
  error takes precedence over the other two.
- All methods are safe to call from several goroutines at once.

On an error the returned balance is 0. Return the error variables declared in the file (the tests
use `errors.Is`).
""",
    files={"bank.go": """\
package bank

import "errors"

var (
\tErrClosed            = errors.New("account closed")
\tErrInsufficientFunds = errors.New("insufficient funds")
\tErrInvalidAmount     = errors.New("invalid amount")
)

// Account is a bank account; add the fields you need.
type Account struct {
}

// Open opens an account with an initial deposit in cents.
func Open(initial int64) (*Account, error) {
\tpanic("not implemented")
}

// Balance returns the balance in cents.
func (a *Account) Balance() (int64, error) {
\tpanic("not implemented")
}

// Deposit adds amount cents and returns the new balance.
func (a *Account) Deposit(amount int64) (int64, error) {
\tpanic("not implemented")
}

// Withdraw takes amount cents out and returns the new balance.
func (a *Account) Withdraw(amount int64) (int64, error) {
\tpanic("not implemented")
}

// Close closes the account and returns the balance paid out.
func (a *Account) Close() (int64, error) {
\tpanic("not implemented")
}
"""},
    tests={"bank_test.go": """\
package bank

import (
\t"errors"
\t"sync"
\t"testing"
)

func mustOpen(t *testing.T, initial int64) *Account {
\tt.Helper()
\ta, err := Open(initial)
\tif err != nil || a == nil {
\t\tt.Fatalf("Open(%d) = %v, %v", initial, a, err)
\t}
\treturn a
}

func want(t *testing.T, what string, got int64, err error, wantValue int64, wantErr error) {
\tt.Helper()
\tif wantErr != nil {
\t\tif !errors.Is(err, wantErr) {
\t\t\tt.Errorf("%s: error %v, want %v", what, err, wantErr)
\t\t}
\t\treturn
\t}
\tif err != nil || got != wantValue {
\t\tt.Errorf("%s = %d, %v; want %d, nil", what, got, err, wantValue)
\t}
}

func TestOpenAndBalance(t *testing.T) {
\ta := mustOpen(t, 250)
\tb, err := a.Balance()
\twant(t, "Balance", b, err, 250, nil)
\tz := mustOpen(t, 0)
\tb, err = z.Balance()
\twant(t, "Balance of an empty account", b, err, 0, nil)
\tif a, err := Open(-1); a != nil || !errors.Is(err, ErrInvalidAmount) {
\t\tt.Errorf("Open(-1) = %v, %v; want nil, ErrInvalidAmount", a, err)
\t}
}

func TestDepositAndWithdraw(t *testing.T) {
\ta := mustOpen(t, 100)
\tb, err := a.Deposit(50)
\twant(t, "Deposit(50)", b, err, 150, nil)
\tb, err = a.Withdraw(30)
\twant(t, "Withdraw(30)", b, err, 120, nil)
\tb, err = a.Withdraw(120)
\twant(t, "Withdraw(everything)", b, err, 0, nil)
}

func TestInvalidAmounts(t *testing.T) {
\ta := mustOpen(t, 100)
\t_, err := a.Deposit(0)
\twant(t, "Deposit(0)", 0, err, 0, ErrInvalidAmount)
\t_, err = a.Deposit(-5)
\twant(t, "Deposit(-5)", 0, err, 0, ErrInvalidAmount)
\t_, err = a.Withdraw(-5)
\twant(t, "Withdraw(-5)", 0, err, 0, ErrInvalidAmount)
\tb, err := a.Balance()
\twant(t, "Balance after invalid amounts", b, err, 100, nil)
}

func TestOverdraw(t *testing.T) {
\ta := mustOpen(t, 100)
\t_, err := a.Withdraw(101)
\twant(t, "Withdraw(101)", 0, err, 0, ErrInsufficientFunds)
\tb, err := a.Balance()
\twant(t, "Balance after a refused withdrawal", b, err, 100, nil)
}

func TestClose(t *testing.T) {
\ta := mustOpen(t, 70)
\tb, err := a.Close()
\twant(t, "Close", b, err, 70, nil)
\t_, err = a.Close()
\twant(t, "second Close", 0, err, 0, ErrClosed)
\t_, err = a.Balance()
\twant(t, "Balance after Close", 0, err, 0, ErrClosed)
\t_, err = a.Deposit(10)
\twant(t, "Deposit after Close", 0, err, 0, ErrClosed)
\t_, err = a.Withdraw(500)
\twant(t, "Withdraw(500) after Close", 0, err, 0, ErrClosed)
\t_, err = a.Deposit(-3)
\twant(t, "Deposit(-3) after Close", 0, err, 0, ErrClosed)
}

func TestConcurrentUse(t *testing.T) {
\ta := mustOpen(t, 0)
\tvar wg sync.WaitGroup
\tfor i := 0; i < 50; i++ {
\t\twg.Add(1)
\t\tgo func() {
\t\t\tdefer wg.Done()
\t\t\tfor j := 0; j < 20; j++ {
\t\t\t\ta.Deposit(10)
\t\t\t\ta.Withdraw(5)
\t\t\t}
\t\t}()
\t}
\twg.Wait()
\tb, err := a.Balance()
\twant(t, "Balance after concurrent use", b, err, 5000, nil)
}
"""},
    solution={"bank.go": """\
package bank

import (
\t"errors"
\t"sync"
)

var (
\tErrClosed            = errors.New("account closed")
\tErrInsufficientFunds = errors.New("insufficient funds")
\tErrInvalidAmount     = errors.New("invalid amount")
)

// Account is a bank account.
type Account struct {
\tmu      sync.Mutex
\tbalance int64
\tclosed  bool
}

// Open opens an account with an initial deposit in cents.
func Open(initial int64) (*Account, error) {
\tif initial < 0 {
\t\treturn nil, ErrInvalidAmount
\t}
\treturn &Account{balance: initial}, nil
}

// Balance returns the balance in cents.
func (a *Account) Balance() (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\treturn a.balance, nil
}

// Deposit adds amount cents and returns the new balance.
func (a *Account) Deposit(amount int64) (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\tif amount <= 0 {
\t\treturn 0, ErrInvalidAmount
\t}
\ta.balance += amount
\treturn a.balance, nil
}

// Withdraw takes amount cents out and returns the new balance.
func (a *Account) Withdraw(amount int64) (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\tif amount <= 0 {
\t\treturn 0, ErrInvalidAmount
\t}
\tif amount > a.balance {
\t\treturn 0, ErrInsufficientFunds
\t}
\ta.balance -= amount
\treturn a.balance, nil
}

// Close closes the account and returns the balance paid out.
func (a *Account) Close() (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\ta.closed = true
\tpaid := a.balance
\ta.balance = 0
\treturn paid, nil
}
"""},
    wrong={"bank.go": """\
package bank

import (
\t"errors"
\t"sync"
)

var (
\tErrClosed            = errors.New("account closed")
\tErrInsufficientFunds = errors.New("insufficient funds")
\tErrInvalidAmount     = errors.New("invalid amount")
)

// Account is a bank account.
type Account struct {
\tmu      sync.Mutex
\tbalance int64
\tclosed  bool
}

// Open opens an account with an initial deposit in cents.
func Open(initial int64) (*Account, error) {
\tif initial < 0 {
\t\treturn nil, ErrInvalidAmount
\t}
\treturn &Account{balance: initial}, nil
}

// Balance returns the balance in cents.
func (a *Account) Balance() (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\treturn a.balance, nil
}

// Deposit adds amount cents and returns the new balance.
func (a *Account) Deposit(amount int64) (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\tif amount <= 0 {
\t\treturn 0, ErrInvalidAmount
\t}
\ta.balance += amount
\treturn a.balance, nil
}

// Withdraw takes amount cents out and returns the new balance.
func (a *Account) Withdraw(amount int64) (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\tif amount <= 0 {
\t\treturn 0, ErrInvalidAmount
\t}
\tif amount >= a.balance {
\t\treturn 0, ErrInsufficientFunds
\t}
\ta.balance -= amount
\treturn a.balance, nil
}

// Close closes the account and returns the balance paid out.
func (a *Account) Close() (int64, error) {
\ta.mu.Lock()
\tdefer a.mu.Unlock()
\tif a.closed {
\t\treturn 0, ErrClosed
\t}
\ta.closed = true
\treturn a.balance, nil
}
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-go-05", language="go", title="Fewest coins", difficulty="hard", go_package="change",
    support=go_mod("change"),
    instructions="""
Write `Change(coins, target)`: the fewest coins that add up to `target`, in ascending order.

- `coins` lists the available denominations (positive, distinct, in any order); each can be used any
  number of times.
- `target` 0 gives an empty slice and no error.
- A negative `target`, or one that no combination of the coins reaches, gives a nil slice and a
  non-nil error.
- Note that taking the largest coin first does not always give the fewest coins: with coins
  1, 4, 15, 20 and 50, the answer for 23 is `[4 4 15]`, not `[1 1 1 20]`.

The tests only use targets for which the fewest-coins answer is unique.
""",
    files={"change.go": """\
package change

// Change returns the fewest coins, in ascending order, that add up to target.
func Change(coins []int, target int) ([]int, error) {
\tpanic("not implemented")
}
"""},
    tests={"change_test.go": """\
package change

import (
\t"reflect"
\t"testing"
)

func expect(t *testing.T, coins []int, target int, want []int) {
\tt.Helper()
\tgot, err := Change(coins, target)
\tif err != nil {
\t\tt.Errorf("Change(%v, %d) gave error %v, want %v", coins, target, err, want)
\t\treturn
\t}
\tif len(got) == 0 && len(want) == 0 {
\t\treturn
\t}
\tif !reflect.DeepEqual(got, want) {
\t\tt.Errorf("Change(%v, %d) = %v, want %v", coins, target, got, want)
\t}
}

func expectError(t *testing.T, coins []int, target int) {
\tt.Helper()
\tif got, err := Change(coins, target); err == nil || got != nil {
\t\tt.Errorf("Change(%v, %d) = %v, %v; want nil and an error", coins, target, got, err)
\t}
}

func TestSimpleAmounts(t *testing.T) {
\texpect(t, []int{1, 5, 10, 25, 100}, 25, []int{25})
\texpect(t, []int{1, 5, 10, 25, 100}, 15, []int{5, 10})
\texpect(t, []int{1, 5, 10, 25, 100}, 40, []int{5, 10, 25})
}

func TestLargestFirstIsNotEnough(t *testing.T) {
\texpect(t, []int{1, 4, 15, 20, 50}, 23, []int{4, 4, 15})
\texpect(t, []int{1, 5, 10, 21, 25}, 63, []int{21, 21, 21})
\texpect(t, []int{2, 5, 10, 20, 50}, 21, []int{2, 2, 2, 5, 10})
\texpect(t, []int{4, 5}, 27, []int{4, 4, 4, 5, 5, 5})
}

func TestUnsortedCoins(t *testing.T) {
\texpect(t, []int{25, 1, 10, 5}, 30, []int{5, 25})
}

func TestLargeTarget(t *testing.T) {
\tgot, err := Change([]int{1, 2, 5}, 999)
\tif err != nil || len(got) != 201 {
\t\tt.Errorf("Change([1 2 5], 999) gave %d coins and error %v; want 201 coins: 2, 2 and 199 fives", len(got), err)
\t\treturn
\t}
\tif got[0] != 2 || got[1] != 2 || got[2] != 5 || got[200] != 5 {
\t\tt.Errorf("Change([1 2 5], 999) starts %v and ends %d; want 2, 2 then 199 fives", got[:3], got[200])
\t}
}

func TestZeroTarget(t *testing.T) {
\tgot, err := Change([]int{1, 5}, 0)
\tif err != nil || len(got) != 0 {
\t\tt.Errorf("Change([1 5], 0) = %v, %v; want an empty slice and nil", got, err)
\t}
}

func TestImpossible(t *testing.T) {
\texpectError(t, []int{5, 10}, 3)
\texpectError(t, []int{5, 10}, 94)
\texpectError(t, []int{4, 5}, 11)
\texpectError(t, []int{1, 2, 5}, -5)
}
"""},
    first_try={"change.go": """\
package change

import (
\t"errors"
\t"sort"
)

// Change returns the fewest coins, in ascending order, that add up to target.
func Change(coins []int, target int) ([]int, error) {
\tif target < 0 {
\t\treturn nil, errors.New("negative target")
\t}
\tsorted := append([]int(nil), coins...)
\tsort.Sort(sort.Reverse(sort.IntSlice(sorted)))
\tresult := []int{}
\tfor _, c := range sorted {
\t\tfor target >= c {
\t\t\tresult = append([]int{c}, result...)
\t\t\ttarget -= c
\t\t}
\t}
\tif target != 0 {
\t\treturn nil, errors.New("cannot make change")
\t}
\treturn result, nil
}
"""},
    solution={"change.go": """\
package change

import (
\t"errors"
\t"sort"
)

// Change returns the fewest coins, in ascending order, that add up to target.
func Change(coins []int, target int) ([]int, error) {
\tif target < 0 {
\t\treturn nil, errors.New("negative target")
\t}
\t// best[v] = fewest coins for v; last[v] = a coin used in that best way.
\tbest := make([]int, target+1)
\tlast := make([]int, target+1)
\tfor v := 1; v <= target; v++ {
\t\tbest[v] = -1
\t\tfor _, c := range coins {
\t\t\tif c <= v && best[v-c] >= 0 && (best[v] < 0 || best[v-c]+1 < best[v]) {
\t\t\t\tbest[v] = best[v-c] + 1
\t\t\t\tlast[v] = c
\t\t\t}
\t\t}
\t}
\tif best[target] < 0 {
\t\treturn nil, errors.New("cannot make change")
\t}
\tresult := []int{}
\tfor v := target; v > 0; v -= last[v] {
\t\tresult = append(result, last[v])
\t}
\tsort.Ints(result)
\treturn result, nil
}
"""},
    wrong={"change.go": """\
package change

import (
\t"errors"
\t"sort"
)

// Change returns the fewest coins, in ascending order, that add up to target.
func Change(coins []int, target int) ([]int, error) {
\tif target < 0 {
\t\treturn nil, errors.New("negative target")
\t}
\tsorted := append([]int(nil), coins...)
\tsort.Sort(sort.Reverse(sort.IntSlice(sorted)))
\tresult := []int{}
\tfor _, c := range sorted {
\t\tfor target >= c {
\t\t\tresult = append(result, c)
\t\t\ttarget -= c
\t\t}
\t}
\tif target != 0 {
\t\treturn nil, errors.New("cannot make change")
\t}
\tsort.Ints(result)
\treturn result, nil
}
"""},
    negatives=("wrong", "edit_tests", "prose"),
)


# ======================================================================================================
# Java
# ======================================================================================================

JAVA_TEST_IMPORTS = "import pq.Test;\n\nimport static pq.Assert.*;\n"

exercise(
    id="AP-java-01", language="java", title="Luhn check", difficulty="easy",
    instructions="""
Implement `Luhn.isValid(number)`, the Luhn checksum used for card numbers.

- Spaces may appear anywhere and are ignored. Any other character that is not a digit makes the
  number invalid.
- After removing spaces, a number with fewer than 2 digits is invalid.
- Starting from the rightmost digit, double every second digit (the 2nd, 4th, ... from the right);
  when doubling gives more than 9, subtract 9. The number is valid when the sum of all the digits
  (doubled or not) is divisible by 10.

For example `"1234 5678 9012 3452"` is valid and `"3141 5926 5358 9793"` is not.
""",
    files={"Luhn.java": """\
public final class Luhn {
    private Luhn() {}

    /** True when the number passes the Luhn check. */
    public static boolean isValid(String number) {
        throw new UnsupportedOperationException("not implemented");
    }
}
"""},
    tests={"LuhnTest.java": JAVA_TEST_IMPORTS + """
public class LuhnTest {
    @Test public void singleDigitIsInvalid() {
        assertFalse(Luhn.isValid("1"));
        assertFalse(Luhn.isValid("0"));
        assertFalse(Luhn.isValid(" 0 "));
    }

    @Test public void shortValidNumbers() {
        assertTrue(Luhn.isValid("059"));
        assertTrue(Luhn.isValid("59"));
        assertTrue(Luhn.isValid("00"));
        assertTrue(Luhn.isValid("091"));
    }

    @Test public void longerNumbers() {
        assertTrue(Luhn.isValid("4111 1111 1111 1111"));
        assertTrue(Luhn.isValid("802 117 341"));
        assertTrue(Luhn.isValid("1234 5678 9012 3452"));
        assertFalse(Luhn.isValid("4111 1111 1111 1112"));
        assertFalse(Luhn.isValid("802 117 342"));
        assertFalse(Luhn.isValid("3141 5926 5358 9793"));
        assertTrue(Luhn.isValid("9999999999 9999999999 9999999999 9999999999"));
    }

    @Test public void digitsAboveNineAfterDoubling() {
        assertTrue(Luhn.isValid("091"));
        assertTrue(Luhn.isValid("7 5"));
        assertTrue(Luhn.isValid("18"));
        assertFalse(Luhn.isValid("8 1"));
    }

    @Test public void otherCharactersAreInvalid() {
        assertFalse(Luhn.isValid("802a 117 341"));
        assertFalse(Luhn.isValid("802-117-341"));
        assertFalse(Luhn.isValid(":9"));
        assertFalse(Luhn.isValid("59%59"));
        assertFalse(Luhn.isValid("0\\t59"));
    }

    @Test public void onlySpacesOrEmpty() {
        assertFalse(Luhn.isValid(""));
        assertFalse(Luhn.isValid("    "));
    }
}
"""},
    solution={"Luhn.java": """\
public final class Luhn {
    private Luhn() {}

    /** True when the number passes the Luhn check. */
    public static boolean isValid(String number) {
        int sum = 0;
        int digits = 0;
        for (int i = number.length() - 1; i >= 0; i--) {
            char c = number.charAt(i);
            if (c == ' ') continue;
            if (c < '0' || c > '9') return false;
            int d = c - '0';
            if (digits % 2 == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            digits++;
        }
        return digits >= 2 && sum % 10 == 0;
    }
}
"""},
    wrong={"Luhn.java": """\
public final class Luhn {
    private Luhn() {}

    /** True when the number passes the Luhn check. */
    public static boolean isValid(String number) {
        String digits = number.replace(" ", "");
        if (digits.length() < 2) return false;
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (!Character.isDigit(c)) return false;
            int d = c - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }
}
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-java-02", language="java", title="Yacht dice scoring", difficulty="medium",
    instructions="""
Score a roll of five dice in the game Yacht. `Yacht.score(dice, category)` returns the score of the
five dice (values 1 to 6) in the given category:

| Category | Score |
|---|---|
| ONES ... SIXES | the sum of the dice showing that number (e.g. FOURS of 4,4,1,4,2 is 12) |
| FULL_HOUSE | three of one number and two of another: the sum of all dice; otherwise 0 |
| FOUR_OF_A_KIND | at least four dice the same: 4 times that number (not the fifth die); otherwise 0 |
| LITTLE_STRAIGHT | 1-2-3-4-5 in any order: 30; otherwise 0 |
| BIG_STRAIGHT | 2-3-4-5-6 in any order: 30; otherwise 0 |
| CHOICE | the sum of the dice |
| YACHT | all five dice the same: 50; otherwise 0 |

Five of a kind is not a full house, but it is four of a kind. If `dice` does not hold exactly five
values from 1 to 6, throw `IllegalArgumentException`.
""",
    files={"Yacht.java": """\
public final class Yacht {
    public enum Category {
        ONES, TWOS, THREES, FOURS, FIVES, SIXES,
        FULL_HOUSE, FOUR_OF_A_KIND, LITTLE_STRAIGHT, BIG_STRAIGHT, CHOICE, YACHT
    }

    private Yacht() {}

    public static int score(int[] dice, Category category) {
        throw new UnsupportedOperationException("not implemented");
    }
}
"""},
    tests={"YachtTest.java": JAVA_TEST_IMPORTS + """
public class YachtTest {
    private static int score(Yacht.Category category, int... dice) {
        return Yacht.score(dice, category);
    }

    @Test public void numberCategories() {
        assertEquals(3, score(Yacht.Category.ONES, 1, 1, 1, 3, 5));
        assertEquals(12, score(Yacht.Category.FOURS, 4, 4, 1, 4, 2));
        assertEquals(0, score(Yacht.Category.SIXES, 1, 2, 3, 4, 5));
        assertEquals(30, score(Yacht.Category.SIXES, 6, 6, 6, 6, 6));
    }

    @Test public void fullHouse() {
        assertEquals(16, score(Yacht.Category.FULL_HOUSE, 2, 2, 4, 4, 4));
        assertEquals(19, score(Yacht.Category.FULL_HOUSE, 5, 3, 3, 5, 3));
        assertEquals(0, score(Yacht.Category.FULL_HOUSE, 2, 2, 4, 4, 5));
        assertEquals(0, score(Yacht.Category.FULL_HOUSE, 1, 4, 4, 4, 4));
        assertEquals(0, score(Yacht.Category.FULL_HOUSE, 2, 2, 2, 2, 2));
    }

    @Test public void fourOfAKind() {
        assertEquals(24, score(Yacht.Category.FOUR_OF_A_KIND, 6, 6, 4, 6, 6));
        assertEquals(12, score(Yacht.Category.FOUR_OF_A_KIND, 3, 3, 3, 3, 3));
        assertEquals(0, score(Yacht.Category.FOUR_OF_A_KIND, 3, 3, 3, 5, 5));
    }

    @Test public void straights() {
        assertEquals(30, score(Yacht.Category.LITTLE_STRAIGHT, 3, 5, 4, 1, 2));
        assertEquals(0, score(Yacht.Category.LITTLE_STRAIGHT, 1, 1, 2, 3, 4));
        assertEquals(0, score(Yacht.Category.LITTLE_STRAIGHT, 2, 3, 4, 5, 6));
        assertEquals(30, score(Yacht.Category.BIG_STRAIGHT, 4, 6, 2, 5, 3));
        assertEquals(0, score(Yacht.Category.BIG_STRAIGHT, 6, 5, 4, 3, 1));
    }

    @Test public void choiceAndYacht() {
        assertEquals(23, score(Yacht.Category.CHOICE, 3, 3, 5, 6, 6));
        assertEquals(50, score(Yacht.Category.YACHT, 4, 4, 4, 4, 4));
        assertEquals(0, score(Yacht.Category.YACHT, 4, 4, 4, 4, 3));
    }

    @Test public void invalidDice() {
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.CHOICE, 1, 2, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.CHOICE, 1, 2, 3, 4, 5, 6));
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.ONES, 1, 2, 3, 4, 7));
        assertThrows(IllegalArgumentException.class, () -> score(Yacht.Category.YACHT, 0, 0, 0, 0, 0));
    }
}
"""},
    solution={"Yacht.java": """\
public final class Yacht {
    public enum Category {
        ONES, TWOS, THREES, FOURS, FIVES, SIXES,
        FULL_HOUSE, FOUR_OF_A_KIND, LITTLE_STRAIGHT, BIG_STRAIGHT, CHOICE, YACHT
    }

    private Yacht() {}

    public static int score(int[] dice, Category category) {
        if (dice == null || dice.length != 5) throw new IllegalArgumentException("five dice are needed");
        int[] counts = new int[7];
        int sum = 0;
        for (int d : dice) {
            if (d < 1 || d > 6) throw new IllegalArgumentException("a die shows 1 to 6");
            counts[d]++;
            sum += d;
        }
        switch (category) {
            case FULL_HOUSE: {
                boolean three = false, two = false;
                for (int c : counts) {
                    if (c == 3) three = true;
                    if (c == 2) two = true;
                }
                return three && two ? sum : 0;
            }
            case FOUR_OF_A_KIND:
                for (int face = 1; face <= 6; face++) if (counts[face] >= 4) return 4 * face;
                return 0;
            case LITTLE_STRAIGHT:
                return counts[1] == 1 && counts[2] == 1 && counts[3] == 1 && counts[4] == 1 && counts[5] == 1 ? 30 : 0;
            case BIG_STRAIGHT:
                return counts[2] == 1 && counts[3] == 1 && counts[4] == 1 && counts[5] == 1 && counts[6] == 1 ? 30 : 0;
            case CHOICE:
                return sum;
            case YACHT:
                for (int c : counts) if (c == 5) return 50;
                return 0;
            default: {
                int face = category.ordinal() + 1;
                return face * counts[face];
            }
        }
    }
}
"""},
    wrong={"Yacht.java": """\
import java.util.Arrays;

public final class Yacht {
    public enum Category {
        ONES, TWOS, THREES, FOURS, FIVES, SIXES,
        FULL_HOUSE, FOUR_OF_A_KIND, LITTLE_STRAIGHT, BIG_STRAIGHT, CHOICE, YACHT
    }

    private Yacht() {}

    public static int score(int[] dice, Category category) {
        if (dice.length != 5) throw new IllegalArgumentException("five dice are needed");
        int[] sorted = dice.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 1 || sorted[4] > 6) throw new IllegalArgumentException("a die shows 1 to 6");
        int sum = Arrays.stream(sorted).sum();
        switch (category) {
            case FULL_HOUSE:
                boolean a = sorted[0] == sorted[2] && sorted[3] == sorted[4];
                boolean b = sorted[0] == sorted[1] && sorted[2] == sorted[4];
                return a || b ? sum : 0;
            case FOUR_OF_A_KIND:
                return sorted[0] == sorted[3] || sorted[1] == sorted[4] ? 4 * sorted[2] : 0;
            case LITTLE_STRAIGHT:
                return Arrays.equals(sorted, new int[] {1, 2, 3, 4, 5}) ? 30 : 0;
            case BIG_STRAIGHT:
                return Arrays.equals(sorted, new int[] {2, 3, 4, 5, 6}) ? 30 : 0;
            case CHOICE:
                return sum;
            case YACHT:
                return sorted[0] == sorted[4] ? 50 : 0;
            default:
                int face = category.ordinal() + 1;
                return (int) Arrays.stream(sorted).filter(d -> d == face).count() * face;
        }
    }
}
"""},
    negatives=("wrong",),
)

exercise(
    id="AP-java-03", language="java", title="Spiral matrix", difficulty="easy",
    instructions="""
Implement two spiral operations.

- `SpiralMatrix.of(n)` returns an `n` x `n` matrix (`int[n][n]`, row by row) holding 1 to `n*n` in
  clockwise spiral order, starting at the top-left corner and moving right. `of(3)` is
  `[[1, 2, 3], [8, 9, 4], [7, 6, 5]]`. `of(0)` is an empty array; a negative `n` throws
  `IllegalArgumentException`.
- `SpiralMatrix.unroll(matrix)` reads a rectangular matrix (any number of rows and columns,
  possibly none) in the same clockwise spiral order and returns the elements as an `int[]`.
  `unroll(new int[][] {{1, 2, 3}, {4, 5, 6}})` is `[1, 2, 3, 6, 5, 4]`.
""",
    files={"SpiralMatrix.java": """\
public final class SpiralMatrix {
    private SpiralMatrix() {}

    public static int[][] of(int n) {
        throw new UnsupportedOperationException("not implemented");
    }

    public static int[] unroll(int[][] matrix) {
        throw new UnsupportedOperationException("not implemented");
    }
}
"""},
    tests={"SpiralMatrixTest.java": JAVA_TEST_IMPORTS + """
public class SpiralMatrixTest {
    @Test public void smallSpirals() {
        assertEquals(new int[0][0], SpiralMatrix.of(0));
        assertEquals(new int[][] {{1}}, SpiralMatrix.of(1));
        assertEquals(new int[][] {{1, 2}, {4, 3}}, SpiralMatrix.of(2));
        assertEquals(new int[][] {{1, 2, 3}, {8, 9, 4}, {7, 6, 5}}, SpiralMatrix.of(3));
    }

    @Test public void fourByFour() {
        assertEquals(new int[][] {{1, 2, 3, 4}, {12, 13, 14, 5}, {11, 16, 15, 6}, {10, 9, 8, 7}}, SpiralMatrix.of(4));
    }

    @Test public void negativeSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SpiralMatrix.of(-1));
    }

    @Test public void unrollRectangles() {
        assertArrayEquals(new int[] {1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7},
                SpiralMatrix.unroll(new int[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}));
        assertArrayEquals(new int[] {1, 2, 3, 6, 5, 4}, SpiralMatrix.unroll(new int[][] {{1, 2, 3}, {4, 5, 6}}));
        assertArrayEquals(new int[] {1, 2, 4, 6, 5, 3}, SpiralMatrix.unroll(new int[][] {{1, 2}, {3, 4}, {5, 6}}));
    }

    @Test public void unrollSingleRowAndColumn() {
        assertArrayEquals(new int[] {1, 2, 3}, SpiralMatrix.unroll(new int[][] {{1, 2, 3}}));
        assertArrayEquals(new int[] {1, 2, 3}, SpiralMatrix.unroll(new int[][] {{1}, {2}, {3}}));
        assertArrayEquals(new int[] {7}, SpiralMatrix.unroll(new int[][] {{7}}));
    }

    @Test public void unrollEmpty() {
        assertArrayEquals(new int[0], SpiralMatrix.unroll(new int[0][0]));
        assertArrayEquals(new int[0], SpiralMatrix.unroll(new int[][] {{}, {}}));
    }

    @Test public void unrollOfSpiralCountsUp() {
        int[] expected = new int[25];
        for (int i = 0; i < 25; i++) expected[i] = i + 1;
        assertArrayEquals(expected, SpiralMatrix.unroll(SpiralMatrix.of(5)));
    }
}
"""},
    solution={"SpiralMatrix.java": """\
public final class SpiralMatrix {
    private SpiralMatrix() {}

    public static int[][] of(int n) {
        if (n < 0) throw new IllegalArgumentException("size must not be negative");
        int[][] m = new int[n][n];
        int top = 0, bottom = n - 1, left = 0, right = n - 1, k = 1;
        while (top <= bottom && left <= right) {
            for (int c = left; c <= right; c++) m[top][c] = k++;
            for (int r = top + 1; r <= bottom; r++) m[r][right] = k++;
            if (top < bottom) for (int c = right - 1; c >= left; c--) m[bottom][c] = k++;
            if (left < right) for (int r = bottom - 1; r > top; r--) m[r][left] = k++;
            top++;
            bottom--;
            left++;
            right--;
        }
        return m;
    }

    public static int[] unroll(int[][] matrix) {
        int rows = matrix.length, cols = rows == 0 ? 0 : matrix[0].length;
        int[] out = new int[rows * cols];
        int top = 0, bottom = rows - 1, left = 0, right = cols - 1, k = 0;
        while (top <= bottom && left <= right) {
            for (int c = left; c <= right; c++) out[k++] = matrix[top][c];
            for (int r = top + 1; r <= bottom; r++) out[k++] = matrix[r][right];
            if (top < bottom) for (int c = right - 1; c >= left; c--) out[k++] = matrix[bottom][c];
            if (left < right) for (int r = bottom - 1; r > top; r--) out[k++] = matrix[r][left];
            top++;
            bottom--;
            left++;
            right--;
        }
        return out;
    }
}
"""},
    wrong={"SpiralMatrix.java": """\
import java.util.ArrayList;
import java.util.List;

public final class SpiralMatrix {
    private SpiralMatrix() {}

    public static int[][] of(int n) {
        if (n < 0) throw new IllegalArgumentException("size must not be negative");
        int[][] m = new int[n][n];
        int[] flat = new int[n * n];
        for (int i = 0; i < flat.length; i++) flat[i] = i + 1;
        int top = 0, bottom = n - 1, left = 0, right = n - 1, k = 0;
        while (k < flat.length) {
            for (int c = left; c <= right && k < flat.length; c++) m[top][c] = flat[k++];
            for (int r = top + 1; r <= bottom && k < flat.length; r++) m[r][right] = flat[k++];
            for (int c = right - 1; c >= left && k < flat.length; c--) m[bottom][c] = flat[k++];
            for (int r = bottom - 1; r > top && k < flat.length; r--) m[r][left] = flat[k++];
            top++;
            bottom--;
            left++;
            right--;
        }
        return m;
    }

    public static int[] unroll(int[][] matrix) {
        List<Integer> out = new ArrayList<>();
        int rows = matrix.length, cols = rows == 0 ? 0 : matrix[0].length;
        int top = 0, bottom = rows - 1, left = 0, right = cols - 1;
        while (top <= bottom && left <= right) {
            for (int c = left; c <= right; c++) out.add(matrix[top][c]);
            for (int r = top + 1; r <= bottom; r++) out.add(matrix[r][right]);
            for (int c = right - 1; c >= left; c--) out.add(matrix[bottom][c]);
            for (int r = bottom - 1; r > top; r--) out.add(matrix[r][left]);
            top++;
            bottom--;
            left++;
            right--;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
"""},
    negatives=("wrong", "edit_tests"),
)

exercise(
    id="AP-java-04", language="java", title="LRU cache", difficulty="medium",
    instructions="""
Implement a generic least-recently-used cache `LruCache<K, V>` with a fixed capacity.

- `new LruCache<>(capacity)`: a capacity below 1 throws `IllegalArgumentException`.
- `get(key)` returns `Optional.of(value)`, or `Optional.empty()` for a missing key. A successful
  `get` makes the key the most recently used.
- `put(key, value)` inserts or replaces the value and makes the key the most recently used. When
  this makes the cache hold more than `capacity` keys, the least recently used key is removed.
- `size()` is the number of keys held. `keys()` lists the keys from most to least recently used.

A failed `get` does not change the order. Only `get` and `put` count as a use.
""",
    files={"LruCache.java": """\
import java.util.List;
import java.util.Optional;

public final class LruCache<K, V> {
    public LruCache(int capacity) {
        throw new UnsupportedOperationException("not implemented");
    }

    public Optional<V> get(K key) {
        throw new UnsupportedOperationException("not implemented");
    }

    public void put(K key, V value) {
        throw new UnsupportedOperationException("not implemented");
    }

    public int size() {
        throw new UnsupportedOperationException("not implemented");
    }

    /** Keys from most to least recently used. */
    public List<K> keys() {
        throw new UnsupportedOperationException("not implemented");
    }
}
"""},
    tests={"LruCacheTest.java": "import java.util.List;\nimport java.util.Optional;\n\n" + JAVA_TEST_IMPORTS + """
public class LruCacheTest {
    @Test public void putAndGet() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(Optional.of(1), cache.get("a"));
        assertEquals(Optional.of(2), cache.get("b"));
        assertEquals(Optional.empty(), cache.get("c"));
        assertEquals(2, cache.size());
    }

    @Test public void evictsLeastRecentlyPut() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.put("c", 3);
        assertEquals(Optional.empty(), cache.get("a"));
        assertEquals(List.of("c", "b"), cache.keys());
        assertEquals(2, cache.size());
    }

    @Test public void getMakesAKeyRecent() {
        LruCache<String, Integer> cache = new LruCache<>(2);
        cache.put("a", 1);
        cache.put("b", 2);
        cache.get("a");
        cache.put("c", 3);
        assertEquals(List.of("c", "a"), cache.keys());
        assertEquals(Optional.empty(), cache.get("b"));
    }

    @Test public void replacingAValueMakesItRecent() {
        LruCache<Integer, String> cache = new LruCache<>(3);
        cache.put(1, "one");
        cache.put(2, "two");
        cache.put(3, "three");
        cache.put(1, "uno");
        cache.put(4, "four");
        assertEquals(List.of(4, 1, 3), cache.keys());
        assertEquals(Optional.of("uno"), cache.get(1));
        assertEquals(3, cache.size());
    }

    @Test public void missDoesNotChangeOrder() {
        LruCache<String, Integer> cache = new LruCache<>(3);
        cache.put("x", 1);
        cache.put("y", 2);
        cache.get("zzz");
        assertEquals(List.of("y", "x"), cache.keys());
    }

    @Test public void capacityOne() {
        LruCache<String, Integer> cache = new LruCache<>(1);
        cache.put("a", 1);
        cache.put("b", 2);
        assertEquals(List.of("b"), cache.keys());
        assertEquals(Optional.of(2), cache.get("b"));
    }

    @Test public void invalidCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new LruCache<String, String>(0));
        assertThrows(IllegalArgumentException.class, () -> new LruCache<String, String>(-3));
    }
}
"""},
    solution={"LruCache.java": """\
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class LruCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map;

    public LruCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
        // Access order: iteration goes from least to most recently used.
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > LruCache.this.capacity;
            }
        };
    }

    public Optional<V> get(K key) {
        return map.containsKey(key) ? Optional.ofNullable(map.get(key)) : Optional.empty();
    }

    public void put(K key, V value) {
        map.put(key, value);
    }

    public int size() {
        return map.size();
    }

    /** Keys from most to least recently used. */
    public List<K> keys() {
        List<K> keys = new ArrayList<>(map.keySet());
        Collections.reverse(keys);
        return keys;
    }
}
"""},
    wrong={"LruCache.java": """\
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

public final class LruCache<K, V> {
    private final int capacity;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>();

    public LruCache(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1");
        this.capacity = capacity;
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(map.get(key));
    }

    public void put(K key, V value) {
        map.remove(key);
        map.put(key, value);
        if (map.size() > capacity) map.remove(map.keySet().iterator().next());
    }

    public int size() {
        return map.size();
    }

    /** Keys from most to least recently used. */
    public List<K> keys() {
        List<K> keys = new ArrayList<>(map.keySet());
        Collections.reverse(keys);
        return keys;
    }
}
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-java-05", language="java", title="Expression calculator", difficulty="hard",
    instructions="""
Write `Calculator.evaluate(expression)`, which evaluates an integer arithmetic expression and returns
a `long`.

- Non-negative integer literals, the binary operators `+ - * /`, parentheses, and unary minus
  (which may be repeated: `--4` is 4, `2 * -3` is -6, `-(2 + 3)` is -5). Spaces are allowed anywhere
  between tokens.
- `*` and `/` bind tighter than `+` and `-`; operators of the same precedence are evaluated left to
  right (`8 - 3 - 2` is 3, `100 / 10 / 5` is 2).
- Division truncates toward zero (`7 / 2` is 3, `-7 / 2` is -3); dividing by zero throws
  `ArithmeticException`.
- Anything malformed throws `IllegalArgumentException`: an empty expression, unbalanced
  parentheses, a missing operand (`1 +`, `()`), two numbers in a row (`1 2`), or any other
  character.
""",
    files={"Calculator.java": """\
public final class Calculator {
    private Calculator() {}

    public static long evaluate(String expression) {
        throw new UnsupportedOperationException("not implemented");
    }
}
"""},
    tests={"CalculatorTest.java": JAVA_TEST_IMPORTS + """
public class CalculatorTest {
    @Test public void simpleSums() {
        assertEquals(3L, Calculator.evaluate("1 + 2"));
        assertEquals(42L, Calculator.evaluate("  42 "));
        assertEquals(123456789000L, Calculator.evaluate("123456789 * 1000"));
    }

    @Test public void precedence() {
        assertEquals(14L, Calculator.evaluate("2 + 3 * 4"));
        assertEquals(20L, Calculator.evaluate("(2 + 3) * 4"));
        assertEquals(4L, Calculator.evaluate("2 * (3 + (4 - 1)) / 3"));
        assertEquals(1L, Calculator.evaluate("((1))"));
    }

    @Test public void leftAssociativity() {
        assertEquals(3L, Calculator.evaluate("8 - 3 - 2"));
        assertEquals(2L, Calculator.evaluate("100 / 10 / 5"));
        assertEquals(6L, Calculator.evaluate("10 - 2 - 3 + 1"));
        assertEquals(8L, Calculator.evaluate("12 / 3 * 2"));
    }

    @Test public void unaryMinus() {
        assertEquals(2L, Calculator.evaluate("-3 + 5"));
        assertEquals(-6L, Calculator.evaluate("2 * -3"));
        assertEquals(-5L, Calculator.evaluate("-(2 + 3)"));
        assertEquals(4L, Calculator.evaluate("--4"));
        assertEquals(-1L, Calculator.evaluate("1 - -(-2)"));
    }

    @Test public void truncatingDivision() {
        assertEquals(3L, Calculator.evaluate("7 / 2"));
        assertEquals(-3L, Calculator.evaluate("-7 / 2"));
        assertEquals(-3L, Calculator.evaluate("7 / -2"));
    }

    @Test public void divisionByZero() {
        assertThrows(ArithmeticException.class, () -> Calculator.evaluate("1 / 0"));
        assertThrows(ArithmeticException.class, () -> Calculator.evaluate("5 / (2 - 2)"));
    }

    @Test public void malformedExpressions() {
        for (String bad : new String[] {"", "   ", "1 +", "(1 + 2", "1 + 2)", "1 2", "3 $ 4", "()", "* 2", "2 (3)"}) {
            try {
                Calculator.evaluate(bad);
                fail("expected IllegalArgumentException for \\"" + bad + "\\"");
            } catch (IllegalArgumentException expected) {
                // good
            }
        }
    }
}
"""},
    first_try={"Calculator.java": """\
public final class Calculator {
    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    public static long evaluate(String expression) {
        Calculator c = new Calculator(expression);
        return c.expression();
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
    }

    private long expression() {
        long value = term();
        while (true) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '+') {
                pos++;
                value += term();
            } else if (pos < text.length() && text.charAt(pos) == '-') {
                pos++;
                value -= term();
            } else {
                return value;
            }
        }
    }

    private long term() {
        long value = factor();
        while (true) {
            skipSpaces();
            if (pos < text.length() && text.charAt(pos) == '*') {
                pos++;
                value *= factor();
            } else if (pos < text.length() && text.charAt(pos) == '/') {
                pos++;
                long divisor = factor();
                if (divisor == 0) throw new ArithmeticException("division by zero");
                value /= divisor;
            } else {
                return value;
            }
        }
    }

    private long factor() {
        skipSpaces();
        if (pos >= text.length()) throw new IllegalArgumentException("missing operand");
        char c = text.charAt(pos);
        if (c == '-') {
            pos++;
            return -factor();
        }
        if (c == '(') {
            pos++;
            long value = expression();
            skipSpaces();
            if (pos >= text.length() || text.charAt(pos) != ')') throw new IllegalArgumentException("missing )");
            pos++;
            return value;
        }
        if (!Character.isDigit(c)) throw new IllegalArgumentException("unexpected " + c);
        long value = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos++) - '0');
        }
        return value;
    }
}
"""},
    solution={"Calculator.java": """\
public final class Calculator {
    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    public static long evaluate(String expression) {
        Calculator c = new Calculator(expression);
        long value = c.expression();
        c.skipSpaces();
        if (c.pos != c.text.length()) {
            throw new IllegalArgumentException("unexpected '" + c.text.charAt(c.pos) + "' at " + c.pos);
        }
        return value;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
    }

    private boolean accept(char op) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == op) {
            pos++;
            return true;
        }
        return false;
    }

    private long expression() {
        long value = term();
        while (true) {
            if (accept('+')) value += term();
            else if (accept('-')) value -= term();
            else return value;
        }
    }

    private long term() {
        long value = factor();
        while (true) {
            if (accept('*')) {
                value *= factor();
            } else if (accept('/')) {
                long divisor = factor();
                if (divisor == 0) throw new ArithmeticException("division by zero");
                value /= divisor;
            } else {
                return value;
            }
        }
    }

    private long factor() {
        if (accept('-')) return -factor();
        if (accept('(')) {
            long value = expression();
            if (!accept(')')) throw new IllegalArgumentException("missing ) at " + pos);
            return value;
        }
        skipSpaces();
        if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
            throw new IllegalArgumentException("expected a number at " + pos);
        }
        long value = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos++) - '0');
        }
        return value;
    }
}
"""},
    wrong={"Calculator.java": """\
public final class Calculator {
    private final String text;
    private int pos;

    private Calculator(String text) {
        this.text = text;
    }

    public static long evaluate(String expression) {
        Calculator c = new Calculator(expression);
        long value = c.expression();
        c.skipSpaces();
        if (c.pos != c.text.length()) throw new IllegalArgumentException("trailing input at " + c.pos);
        return value;
    }

    private void skipSpaces() {
        while (pos < text.length() && text.charAt(pos) == ' ') pos++;
    }

    private boolean accept(char op) {
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == op) {
            pos++;
            return true;
        }
        return false;
    }

    // expression := term (('+' | '-') expression)?
    private long expression() {
        long value = term();
        if (accept('+')) return value + expression();
        if (accept('-')) return value - expression();
        return value;
    }

    // term := factor (('*' | '/') term)?
    private long term() {
        long value = factor();
        if (accept('*')) return value * term();
        if (accept('/')) {
            long divisor = term();
            if (divisor == 0) throw new ArithmeticException("division by zero");
            return value / divisor;
        }
        return value;
    }

    private long factor() {
        if (accept('-')) return -factor();
        if (accept('(')) {
            long value = expression();
            if (!accept(')')) throw new IllegalArgumentException("missing )");
            return value;
        }
        skipSpaces();
        if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
            throw new IllegalArgumentException("expected a number at " + pos);
        }
        long value = 0;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            value = value * 10 + (text.charAt(pos++) - '0');
        }
        return value;
    }
}
"""},
    negatives=("wrong", "edit_tests", "prose"),
)


# ======================================================================================================
# JavaScript
# ======================================================================================================

JS_TEST_HEAD = "const test = require('node:test');\nconst assert = require('node:assert/strict');\n"

exercise(
    id="AP-js-01", language="javascript", title="Anagram finder", difficulty="easy",
    instructions="""
Write `findAnagrams(word, candidates)`, which returns the candidates that are anagrams of `word`.

- An anagram uses exactly the same letters the same number of times, ignoring case
  (`"Carthorse"` is an anagram of `"Orchestra"`).
- A candidate that is the same word as `word` (ignoring case) is not an anagram of it.
- Keep the candidates' original spelling and their order in the input.
- Words may use any alphabet (`"βγα"` is an anagram of `"ΑΒΓ"`).
""",
    files={"anagram.js": """\
function findAnagrams(word, candidates) {
  throw new Error('not implemented');
}

module.exports = { findAnagrams };
"""},
    tests={"anagram.test.js": JS_TEST_HEAD + """const { findAnagrams } = require('./anagram.js');

test('no matches', () => {
  assert.deepEqual(findAnagrams('diaper', ['hello', 'world', 'zombies', 'pants']), []);
});

test('finds anagrams in order', () => {
  assert.deepEqual(findAnagrams('stone', ['stone', 'tones', 'banana', 'tons', 'notes', 'Seton']), ['tones', 'notes', 'Seton']);
});

test('ignores case', () => {
  assert.deepEqual(findAnagrams('Orchestra', ['cashregister', 'Carthorse', 'radishes']), ['Carthorse']);
});

test('a word is not its own anagram', () => {
  assert.deepEqual(findAnagrams('BANANA', ['banana', 'Banana', 'BANANA', 'ananab']), ['ananab']);
});

test('letter counts must match', () => {
  assert.deepEqual(findAnagrams('galea', ['eagle']), []);
  assert.deepEqual(findAnagrams('good', ['dog', 'goody', 'doog']), ['doog']);
});

test('other alphabets', () => {
  assert.deepEqual(findAnagrams('ΑΒΓ', ['ΒΓΑ', 'ΒΓΔ', 'γβα', 'αβγ']), ['ΒΓΑ', 'γβα']);
});
"""},
    solution={"anagram.js": """\
function signature(word) {
  return [...word.toLowerCase()].sort().join('');
}

function findAnagrams(word, candidates) {
  const lower = word.toLowerCase();
  const target = signature(word);
  return candidates.filter((c) => c.toLowerCase() !== lower && signature(c) === target);
}

module.exports = { findAnagrams };
"""},
    wrong={"anagram.js": """\
function signature(word) {
  return [...word.toLowerCase()].sort().join('');
}

function findAnagrams(word, candidates) {
  const target = signature(word);
  return candidates.filter((c) => c !== word && signature(c) === target);
}

module.exports = { findAnagrams };
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-js-02", language="javascript", title="Phone number cleanup", difficulty="medium",
    instructions="""
Write `clean(input)`, which turns a North American phone number as users type it into 10 digits.

Allowed besides digits: spaces, dots, hyphens, parentheses, and a `+` (before the country code).
The checks, in this order, throw an `Error` with exactly these messages:

1. any letter: `letters are not allowed`
2. any other punctuation or symbol: `punctuation is not allowed`
3. fewer than 10 digits: `too few digits`
4. more than 11 digits: `too many digits`
5. 11 digits not starting with 1: `an 11-digit number must start with 1`

Then the leading 1 of an 11-digit number (the country code) is dropped, and of the remaining 10
digits:

6. the area code (1st digit) cannot be 0 or 1: `area code cannot start with zero` /
   `area code cannot start with one`
7. the exchange code (4th digit) cannot be 0 or 1: `exchange code cannot start with zero` /
   `exchange code cannot start with one`

For example `clean('+1 (613)-995-0253')` is `'6139950253'`.
""",
    files={"phone-number.js": """\
function clean(input) {
  throw new Error('not implemented');
}

module.exports = { clean };
"""},
    tests={"phone-number.test.js": JS_TEST_HEAD + """const { clean } = require('./phone-number.js');

test('cleans punctuation', () => {
  assert.equal(clean('(223) 456-7890'), '2234567890');
  assert.equal(clean('223.456.7890'), '2234567890');
  assert.equal(clean('223 456   7890   '), '2234567890');
});

test('drops the country code', () => {
  assert.equal(clean('12234567890'), '2234567890');
  assert.equal(clean('+1 (613)-995-0253'), '6139950253');
});

test('digit counts', () => {
  assert.throws(() => clean('123456789'), { message: 'too few digits' });
  assert.throws(() => clean('22234567890'), { message: 'an 11-digit number must start with 1' });
  assert.throws(() => clean('321234567890'), { message: 'too many digits' });
});

test('letters and punctuation', () => {
  assert.throws(() => clean('523-abc-7890'), { message: 'letters are not allowed' });
  assert.throws(() => clean('523-@:!-7890'), { message: 'punctuation is not allowed' });
  assert.throws(() => clean('523-ab!-7890'), { message: 'letters are not allowed' });
  assert.throws(() => clean('12#'), { message: 'punctuation is not allowed' });
});

test('area code', () => {
  assert.throws(() => clean('(023) 456-7890'), { message: 'area code cannot start with zero' });
  assert.throws(() => clean('(123) 456-7890'), { message: 'area code cannot start with one' });
  assert.throws(() => clean('1 (023) 456-7890'), { message: 'area code cannot start with zero' });
});

test('exchange code', () => {
  assert.throws(() => clean('(223) 056-7890'), { message: 'exchange code cannot start with zero' });
  assert.throws(() => clean('(223) 156-7890'), { message: 'exchange code cannot start with one' });
  assert.throws(() => clean('1 (223) 156-7890'), { message: 'exchange code cannot start with one' });
});
"""},
    solution={"phone-number.js": """\
function clean(input) {
  if (/[a-zA-Z]/.test(input)) throw new Error('letters are not allowed');
  if (/[^0-9\\s.()+-]/.test(input)) throw new Error('punctuation is not allowed');
  let digits = input.replace(/\\D/g, '');
  if (digits.length < 10) throw new Error('too few digits');
  if (digits.length > 11) throw new Error('too many digits');
  if (digits.length === 11) {
    if (digits[0] !== '1') throw new Error('an 11-digit number must start with 1');
    digits = digits.slice(1);
  }
  const names = { 0: 'zero', 1: 'one' };
  if (digits[0] in names) throw new Error(`area code cannot start with ${names[digits[0]]}`);
  if (digits[3] in names) throw new Error(`exchange code cannot start with ${names[digits[3]]}`);
  return digits;
}

module.exports = { clean };
"""},
    wrong={"phone-number.js": """\
function clean(input) {
  if (/[a-zA-Z]/.test(input)) throw new Error('letters are not allowed');
  if (/[^0-9\\s.()+-]/.test(input)) throw new Error('punctuation is not allowed');
  let digits = input.replace(/\\D/g, '');
  if (digits.length < 10) throw new Error('too few digits');
  if (digits.length > 11) throw new Error('too many digits');
  if (digits.length === 11) {
    if (digits[0] !== '1') throw new Error('an 11-digit number must start with 1');
    digits = digits.slice(1);
  }
  if (digits[0] === '0') throw new Error('area code cannot start with zero');
  if (digits[0] === '1') throw new Error('area code cannot start with one');
  return digits;
}

module.exports = { clean };
"""},
    negatives=("wrong", "edit_tests"),
)

exercise(
    id="AP-js-03", language="javascript", title="Tournament table", difficulty="medium",
    instructions="""
Write `tally(input)`, which turns match results into a league table.

Each line of `input` is `Team A;Team B;result` where result is `win`, `loss` or `draw` from Team A's
point of view. Blank lines, and lines that do not have exactly three fields or have another result,
are ignored. A win gives 3 points, a draw 1, a loss 0.

The table is a header and one row per team, joined with `\\n` (no trailing newline). The team
column is the name padded with spaces to 30 characters, and every number is right-aligned in 2
characters, columns separated by ` | `:

```
Team                           | MP |  W |  D |  L |  P
Devastating Donkeys            |  2 |  1 |  1 |  0 |  4
Allegoric Alaskans             |  2 |  0 |  1 |  1 |  1
```

(MP matches played, W won, D drawn, L lost, P points.) Rows are sorted by points, highest first;
teams with equal points are sorted by name alphabetically. An input without matches gives only the
header.
""",
    files={"tournament.js": """\
function tally(input) {
  throw new Error('not implemented');
}

module.exports = { tally };
"""},
    tests={"tournament.test.js": JS_TEST_HEAD + """const { tally } = require('./tournament.js');

const header = 'Team                           | MP |  W |  D |  L |  P';

test('no matches', () => {
  assert.equal(tally(''), header);
});

test('a win', () => {
  assert.equal(tally('Blithering Badgers;Allegoric Alaskans;win'), [
    header,
    'Blithering Badgers             |  1 |  1 |  0 |  0 |  3',
    'Allegoric Alaskans             |  1 |  0 |  0 |  1 |  0',
  ].join('\\n'));
});

test('a loss counts for both teams', () => {
  assert.equal(tally('Allegoric Alaskans;Blithering Badgers;loss'), [
    header,
    'Blithering Badgers             |  1 |  1 |  0 |  0 |  3',
    'Allegoric Alaskans             |  1 |  0 |  0 |  1 |  0',
  ].join('\\n'));
});

test('a draw ties on points, sorted by name', () => {
  assert.equal(tally('Courageous Californians;Allegoric Alaskans;draw'), [
    header,
    'Allegoric Alaskans             |  1 |  0 |  1 |  0 |  1',
    'Courageous Californians        |  1 |  0 |  1 |  0 |  1',
  ].join('\\n'));
});

test('a small season', () => {
  const input = [
    'Allegoric Alaskans;Blithering Badgers;win',
    'Devastating Donkeys;Courageous Californians;draw',
    'Devastating Donkeys;Allegoric Alaskans;win',
    '',
    'Courageous Californians;Blithering Badgers;loss',
    'Blithering Badgers;Devastating Donkeys;loss',
    'Allegoric Alaskans;Courageous Californians;win',
  ].join('\\n');
  assert.equal(tally(input), [
    header,
    'Devastating Donkeys            |  3 |  2 |  1 |  0 |  7',
    'Allegoric Alaskans             |  3 |  2 |  0 |  1 |  6',
    'Blithering Badgers             |  3 |  1 |  0 |  2 |  3',
    'Courageous Californians        |  3 |  0 |  1 |  2 |  1',
  ].join('\\n'));
});

test('ties broken alphabetically', () => {
  const input = [
    'Zebras;Yaks;win',
    'Yaks;Xerus;win',
    'Xerus;Zebras;win',
  ].join('\\n');
  assert.equal(tally(input), [
    header,
    'Xerus                          |  2 |  1 |  0 |  1 |  3',
    'Yaks                           |  2 |  1 |  0 |  1 |  3',
    'Zebras                         |  2 |  1 |  0 |  1 |  3',
  ].join('\\n'));
});

test('invalid lines are ignored', () => {
  const input = ['Alpha;Beta;win', 'Alpha;Beta', 'Alpha;Beta;lose', 'Alpha;Beta;draw;extra', 'Beta;Alpha;draw'].join('\\n');
  assert.equal(tally(input), [
    header,
    'Alpha                          |  2 |  1 |  1 |  0 |  4',
    'Beta                           |  2 |  0 |  1 |  1 |  1',
  ].join('\\n'));
});
"""},
    first_try={"tournament.js": """\
function tally(input) {
  const teams = new Map();
  const team = (name) => {
    if (!teams.has(name)) teams.set(name, { name, mp: 0, w: 0, d: 0, l: 0, p: 0 });
    return teams.get(name);
  };
  for (const line of input.split('\\n')) {
    const fields = line.split(';');
    if (fields.length !== 3) continue;
    const [a, b, result] = fields;
    if (result === 'win') {
      team(a).w++; team(b).l++;
    } else if (result === 'loss') {
      team(a).l++; team(b).w++;
    } else if (result === 'draw') {
      team(a).d++; team(b).d++;
    } else {
      continue;
    }
    team(a).mp++; team(b).mp++;
  }
  const rows = [...teams.values()].map((t) => ({ ...t, p: 3 * t.w + t.d }));
  rows.sort((x, y) => y.p - x.p);
  const num = (n) => String(n).padStart(2);
  return ['Team'.padEnd(30) + ' | MP |  W |  D |  L |  P']
    .concat(rows.map((t) => [t.name.padEnd(30), num(t.mp), num(t.w), num(t.d), num(t.l), num(t.p)].join(' | ')))
    .join('\\n');
}

module.exports = { tally };
"""},
    solution={"tournament.js": """\
function tally(input) {
  const teams = new Map();
  const team = (name) => {
    if (!teams.has(name)) teams.set(name, { name, mp: 0, w: 0, d: 0, l: 0 });
    return teams.get(name);
  };
  for (const line of input.split('\\n')) {
    const fields = line.split(';');
    if (fields.length !== 3) continue;
    const [a, b, result] = fields;
    if (result === 'win') {
      team(a).w++; team(b).l++;
    } else if (result === 'loss') {
      team(a).l++; team(b).w++;
    } else if (result === 'draw') {
      team(a).d++; team(b).d++;
    } else {
      continue;
    }
    team(a).mp++; team(b).mp++;
  }
  const rows = [...teams.values()].map((t) => ({ ...t, p: 3 * t.w + t.d }));
  rows.sort((x, y) => y.p - x.p || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const num = (n) => String(n).padStart(2);
  return ['Team'.padEnd(30) + ' | MP |  W |  D |  L |  P']
    .concat(rows.map((t) => [t.name.padEnd(30), num(t.mp), num(t.w), num(t.d), num(t.l), num(t.p)].join(' | ')))
    .join('\\n');
}

module.exports = { tally };
"""},
    wrong={"tournament.js": """\
function tally(input) {
  const teams = {};
  for (const line of input.split('\\n')) {
    const [a, b, result] = line.split(';');
    if (!a || !b || !result) continue;
    for (const name of [a, b]) teams[name] = teams[name] || { name, mp: 0, w: 0, d: 0, l: 0, p: 0 };
    teams[a].mp++; teams[b].mp++;
    if (result === 'win') { teams[a].w++; teams[a].p += 3; teams[b].l++; }
    if (result === 'loss') { teams[b].w++; teams[b].p += 3; teams[a].l++; }
    if (result === 'draw') { teams[a].d++; teams[b].d++; teams[a].p++; teams[b].p++; }
  }
  const rows = Object.values(teams).sort((x, y) => y.p - x.p || x.name.localeCompare(y.name));
  const num = (n) => String(n).padStart(2);
  return ['Team'.padEnd(30) + ' | MP |  W |  D |  L |  P']
    .concat(rows.map((t) => [t.name.padEnd(30), num(t.mp), num(t.w), num(t.d), num(t.l), num(t.p)].join(' | ')))
    .join('\\n');
}

module.exports = { tally };
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-js-04", language="javascript", title="School roster", difficulty="medium",
    instructions="""
Implement a `School` class that keeps a roster of students by grade.

- `add(name, grade)` enrols a student and returns `true`. A student can be enrolled only once, in one
  grade: adding a name that is already enrolled (in any grade) changes nothing and returns `false`.
- `grade(n)` returns the names in grade `n`, sorted alphabetically (an empty array for an empty grade).
- `roster()` returns all names, sorted by grade (lowest first), then by name.

The arrays returned must be copies: changing them must not change the school.
""",
    files={"grade-school.js": """\
class School {
  add(name, grade) {
    throw new Error('not implemented');
  }

  grade(n) {
    throw new Error('not implemented');
  }

  roster() {
    throw new Error('not implemented');
  }
}

module.exports = { School };
"""},
    tests={"grade-school.test.js": JS_TEST_HEAD + """const { School } = require('./grade-school.js');

test('empty school', () => {
  const school = new School();
  assert.deepEqual(school.roster(), []);
  assert.deepEqual(school.grade(1), []);
});

test('adding students', () => {
  const school = new School();
  assert.equal(school.add('Aimee', 2), true);
  assert.equal(school.add('Blair', 2), true);
  assert.deepEqual(school.grade(2), ['Aimee', 'Blair']);
});

test('grades are sorted by name', () => {
  const school = new School();
  school.add('Peter', 4);
  school.add('Zoe', 4);
  school.add('Alex', 4);
  assert.deepEqual(school.grade(4), ['Alex', 'Peter', 'Zoe']);
});

test('roster sorted by grade then name', () => {
  const school = new School();
  school.add('Logan', 5);
  school.add('Anna', 1);
  school.add('Barb', 1);
  school.add('Jim', 3);
  school.add('Charlie', 10);
  assert.deepEqual(school.roster(), ['Anna', 'Barb', 'Jim', 'Logan', 'Charlie']);
});

test('a student is enrolled only once', () => {
  const school = new School();
  assert.equal(school.add('Aimee', 2), true);
  assert.equal(school.add('Aimee', 2), false);
  assert.equal(school.add('Aimee', 3), false);
  assert.deepEqual(school.roster(), ['Aimee']);
  assert.deepEqual(school.grade(3), []);
});

test('returned arrays are copies', () => {
  const school = new School();
  school.add('Aimee', 2);
  school.grade(2).push('Intruder');
  school.roster().push('Ghost');
  assert.deepEqual(school.grade(2), ['Aimee']);
  assert.deepEqual(school.roster(), ['Aimee']);
});
"""},
    solution={"grade-school.js": """\
class School {
  constructor() {
    this.grades = new Map();
    this.enrolled = new Set();
  }

  add(name, grade) {
    if (this.enrolled.has(name)) return false;
    this.enrolled.add(name);
    if (!this.grades.has(grade)) this.grades.set(grade, []);
    const names = this.grades.get(grade);
    names.push(name);
    names.sort();
    return true;
  }

  grade(n) {
    return [...(this.grades.get(n) || [])];
  }

  roster() {
    return [...this.grades.keys()].sort((a, b) => a - b).flatMap((g) => this.grade(g));
  }
}

module.exports = { School };
"""},
    wrong={"grade-school.js": """\
class School {
  constructor() {
    this.grades = {};
  }

  add(name, grade) {
    const all = Object.values(this.grades).flat();
    if (all.includes(name)) return false;
    this.grades[grade] = this.grades[grade] || [];
    this.grades[grade].push(name);
    this.grades[grade].sort();
    return true;
  }

  grade(n) {
    return this.grades[n] || [];
  }

  roster() {
    return Object.keys(this.grades).sort((a, b) => a - b).flatMap((g) => this.grades[g]);
  }
}

module.exports = { School };
"""},
    negatives=("wrong",),
)

exercise(
    id="AP-js-05", language="javascript", title="Circular buffer", difficulty="medium",
    instructions="""
Implement a fixed-capacity circular buffer (FIFO).

- `new CircularBuffer(capacity)`.
- `write(value)` appends a value; on a full buffer it throws a `BufferFullError`.
- `read()` removes and returns the oldest value; on an empty buffer it throws a `BufferEmptyError`.
- `forceWrite(value)` is like `write`, but on a full buffer it overwrites the **oldest** value.
- `clear()` empties the buffer. The `size` property is the number of values held.

`BufferFullError` and `BufferEmptyError` are classes extending `Error`; export them together with
`CircularBuffer`.
""",
    files={"circular-buffer.js": """\
class BufferFullError extends Error {}

class BufferEmptyError extends Error {}

class CircularBuffer {
  constructor(capacity) {
    throw new Error('not implemented');
  }

  write(value) {
    throw new Error('not implemented');
  }

  read() {
    throw new Error('not implemented');
  }

  forceWrite(value) {
    throw new Error('not implemented');
  }

  clear() {
    throw new Error('not implemented');
  }

  get size() {
    throw new Error('not implemented');
  }
}

module.exports = { CircularBuffer, BufferFullError, BufferEmptyError };
"""},
    tests={"circular-buffer.test.js": JS_TEST_HEAD + """const { CircularBuffer, BufferFullError, BufferEmptyError } = require('./circular-buffer.js');

test('reading an empty buffer throws', () => {
  const buffer = new CircularBuffer(1);
  assert.throws(() => buffer.read(), BufferEmptyError);
});

test('write then read', () => {
  const buffer = new CircularBuffer(2);
  buffer.write(1);
  buffer.write(2);
  assert.equal(buffer.size, 2);
  assert.equal(buffer.read(), 1);
  assert.equal(buffer.read(), 2);
  assert.equal(buffer.size, 0);
  assert.throws(() => buffer.read(), BufferEmptyError);
});

test('writing to a full buffer throws', () => {
  const buffer = new CircularBuffer(2);
  buffer.write('a');
  buffer.write('b');
  assert.throws(() => buffer.write('c'), BufferFullError);
  assert.equal(buffer.read(), 'a');
});

test('wraps around', () => {
  const buffer = new CircularBuffer(3);
  buffer.write(1);
  buffer.write(2);
  assert.equal(buffer.read(), 1);
  buffer.write(3);
  buffer.write(4);
  assert.equal(buffer.read(), 2);
  assert.equal(buffer.read(), 3);
  buffer.write(5);
  assert.equal(buffer.read(), 4);
  assert.equal(buffer.read(), 5);
});

test('forceWrite overwrites the oldest value', () => {
  const buffer = new CircularBuffer(3);
  buffer.write(1);
  buffer.write(2);
  buffer.write(3);
  buffer.forceWrite(4);
  buffer.forceWrite(5);
  assert.equal(buffer.read(), 3);
  assert.equal(buffer.read(), 4);
  assert.equal(buffer.read(), 5);
  assert.throws(() => buffer.read(), BufferEmptyError);
});

test('forceWrite on a buffer with room is a write', () => {
  const buffer = new CircularBuffer(2);
  buffer.forceWrite(1);
  buffer.write(2);
  assert.equal(buffer.read(), 1);
  assert.equal(buffer.read(), 2);
});

test('clear empties the buffer', () => {
  const buffer = new CircularBuffer(2);
  buffer.write(1);
  buffer.write(2);
  buffer.clear();
  assert.equal(buffer.size, 0);
  assert.throws(() => buffer.read(), BufferEmptyError);
  buffer.write(3);
  buffer.write(4);
  assert.equal(buffer.read(), 3);
});

test('errors are Error subclasses', () => {
  assert.ok(new BufferFullError('x') instanceof Error);
  assert.ok(new BufferEmptyError('x') instanceof Error);
});
"""},
    solution={"circular-buffer.js": """\
class BufferFullError extends Error {}

class BufferEmptyError extends Error {}

class CircularBuffer {
  constructor(capacity) {
    this.capacity = capacity;
    this.items = new Array(capacity);
    this.start = 0;
    this.count = 0;
  }

  write(value) {
    if (this.count === this.capacity) throw new BufferFullError('buffer is full');
    this.items[(this.start + this.count) % this.capacity] = value;
    this.count++;
  }

  read() {
    if (this.count === 0) throw new BufferEmptyError('buffer is empty');
    const value = this.items[this.start];
    this.start = (this.start + 1) % this.capacity;
    this.count--;
    return value;
  }

  forceWrite(value) {
    if (this.count === this.capacity) this.read();
    this.write(value);
  }

  clear() {
    this.start = 0;
    this.count = 0;
  }

  get size() {
    return this.count;
  }
}

module.exports = { CircularBuffer, BufferFullError, BufferEmptyError };
"""},
    wrong={"circular-buffer.js": """\
class BufferFullError extends Error {}

class BufferEmptyError extends Error {}

class CircularBuffer {
  constructor(capacity) {
    this.capacity = capacity;
    this.items = [];
  }

  write(value) {
    if (this.items.length === this.capacity) throw new BufferFullError('buffer is full');
    this.items.push(value);
  }

  read() {
    if (this.items.length === 0) throw new BufferEmptyError('buffer is empty');
    return this.items.shift();
  }

  forceWrite(value) {
    if (this.items.length === this.capacity) this.items.pop();
    this.items.push(value);
  }

  clear() {
    this.items = [];
  }

  get size() {
    return this.items.length;
  }
}

module.exports = { CircularBuffer, BufferFullError, BufferEmptyError };
"""},
    negatives=("wrong", "edit_tests", "prose"),
)


# ======================================================================================================
# Python
# ======================================================================================================

exercise(
    id="AP-py-01", language="python", title="Atbash cipher", difficulty="easy",
    instructions="""
Implement the Atbash cipher, which maps each letter to the letter at the same position from the other
end of the alphabet (a↔z, b↔y, c↔x, ...).

- `encode(plain)`: lower-case the text, map letters, keep digits as they are, and drop everything else
  (spaces, punctuation). Write the result in groups of 5 characters separated by single spaces (the
  last group may be shorter). `encode("Testing,1 2 3, testing.")` is `"gvhgr mt123 gvhgr mt"`.
- `decode(cipher)`: map letters back, keep digits, drop spaces; no grouping.
  `decode("gvhgr mt123 gvhgr mt")` is `"testing123testing"`.

Only the ASCII letters a-z are mapped.
""",
    files={"atbash_cipher.py": """\
def encode(plain_text):
    raise NotImplementedError


def decode(ciphered_text):
    raise NotImplementedError
"""},
    tests={"atbash_cipher_test.py": """\
import unittest

from atbash_cipher import decode, encode


class AtbashTest(unittest.TestCase):
    def test_encode_short_words(self):
        self.assertEqual(encode("yes"), "bvh")
        self.assertEqual(encode("no"), "ml")

    def test_encode_upper_case_and_spaces(self):
        self.assertEqual(encode("OMG"), "lnt")
        self.assertEqual(encode("O M G"), "lnt")

    def test_encode_groups_of_five(self):
        self.assertEqual(encode("mindblowingly"), "nrmwy oldrm tob")
        self.assertEqual(encode("Truth is fiction."), "gifgs rhurx grlm")

    def test_encode_keeps_digits(self):
        self.assertEqual(encode("Testing,1 2 3, testing."), "gvhgr mt123 gvhgr mt")

    def test_encode_sentence(self):
        self.assertEqual(encode("The quick brown fox jumps over the lazy dog."),
                         "gsvjf rxpyi ldmul cqfnk hlevi gsvoz abwlt")

    def test_encode_nothing_to_keep(self):
        self.assertEqual(encode(""), "")
        self.assertEqual(encode(" ,.!"), "")

    def test_decode(self):
        self.assertEqual(decode("nrmwy oldrm tob"), "mindblowingly")
        self.assertEqual(decode("gvhgr mt123 gvhgr mt"), "testing123testing")
        self.assertEqual(decode("gsvjfrxpyi"), "thequickbr")
        self.assertEqual(decode("g  s v"), "the")


if __name__ == "__main__":
    unittest.main()
"""},
    solution={"atbash_cipher.py": """\
import string

_TABLE = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[::-1])


def _translate(text):
    kept = [c for c in text.lower() if c in string.ascii_lowercase or c in string.digits]
    return "".join(kept).translate(_TABLE)


def encode(plain_text):
    letters = _translate(plain_text)
    return " ".join(letters[i:i + 5] for i in range(0, len(letters), 5))


def decode(ciphered_text):
    return _translate(ciphered_text)
"""},
    wrong={"atbash_cipher.py": """\
import string

_TABLE = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[::-1])


def encode(plain_text):
    kept = "".join(c for c in plain_text if c.isalnum()).translate(_TABLE)
    return " ".join(kept[i:i + 5] for i in range(0, len(kept), 5))


def decode(ciphered_text):
    return ciphered_text.replace(" ", "").translate(_TABLE)
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-py-02", language="python", title="Queen attack", difficulty="easy",
    instructions="""
Write a `Queen` class for a chess board whose rows and columns are numbered 0 to 7.

- `Queen(row, column)` raises `ValueError("row not on board")` if the row is outside 0-7 (checked
  first), else `ValueError("column not on board")` if the column is.
- `queen.can_attack(other)` tells whether two queens attack each other: same row, same column or same
  diagonal. Two queens on the same square raise `ValueError("queens on the same square")`.
""",
    files={"queen_attack.py": """\
class Queen:
    def __init__(self, row, column):
        raise NotImplementedError

    def can_attack(self, another_queen):
        raise NotImplementedError
"""},
    tests={"queen_attack_test.py": """\
import unittest

from queen_attack import Queen


class QueenTest(unittest.TestCase):
    def test_valid_positions(self):
        Queen(0, 0)
        Queen(7, 7)
        Queen(2, 5)

    def test_row_checks(self):
        for row in (-1, 8):
            with self.assertRaises(ValueError) as err:
                Queen(row, 4)
            self.assertEqual(str(err.exception), "row not on board")

    def test_column_checks(self):
        for column in (-2, 8):
            with self.assertRaises(ValueError) as err:
                Queen(4, column)
            self.assertEqual(str(err.exception), "column not on board")

    def test_row_is_checked_first(self):
        with self.assertRaises(ValueError) as err:
            Queen(9, 9)
        self.assertEqual(str(err.exception), "row not on board")

    def test_no_attack(self):
        self.assertFalse(Queen(2, 4).can_attack(Queen(6, 6)))
        self.assertFalse(Queen(0, 1).can_attack(Queen(2, 0)))

    def test_same_row_or_column(self):
        self.assertTrue(Queen(2, 4).can_attack(Queen(2, 6)))
        self.assertTrue(Queen(4, 5).can_attack(Queen(2, 5)))

    def test_diagonals(self):
        self.assertTrue(Queen(2, 2).can_attack(Queen(0, 4)))
        self.assertTrue(Queen(2, 2).can_attack(Queen(3, 1)))
        self.assertTrue(Queen(2, 2).can_attack(Queen(1, 1)))
        self.assertTrue(Queen(1, 7).can_attack(Queen(0, 6)))
        self.assertTrue(Queen(4, 1).can_attack(Queen(1, 4)))

    def test_same_square(self):
        with self.assertRaises(ValueError) as err:
            Queen(3, 3).can_attack(Queen(3, 3))
        self.assertEqual(str(err.exception), "queens on the same square")


if __name__ == "__main__":
    unittest.main()
"""},
    solution={"queen_attack.py": """\
class Queen:
    def __init__(self, row, column):
        if not 0 <= row <= 7:
            raise ValueError("row not on board")
        if not 0 <= column <= 7:
            raise ValueError("column not on board")
        self.row = row
        self.column = column

    def can_attack(self, another_queen):
        dr = abs(self.row - another_queen.row)
        dc = abs(self.column - another_queen.column)
        if dr == 0 and dc == 0:
            raise ValueError("queens on the same square")
        return dr == 0 or dc == 0 or dr == dc
"""},
    wrong={"queen_attack.py": """\
class Queen:
    def __init__(self, row, column):
        if not 0 <= row <= 7:
            raise ValueError("row not on board")
        if not 0 <= column <= 7:
            raise ValueError("column not on board")
        self.row = row
        self.column = column

    def can_attack(self, another_queen):
        if (self.row, self.column) == (another_queen.row, another_queen.column):
            raise ValueError("queens on the same square")
        same_line = self.row == another_queen.row or self.column == another_queen.column
        return same_line or self.row - self.column == another_queen.row - another_queen.column
"""},
    negatives=("wrong", "edit_tests"),
)

exercise(
    id="AP-py-03", language="python", title="Bowling score", difficulty="hard",
    instructions="""
Score a game of ten-pin bowling. `BowlingGame.roll(pins)` records a roll; `score()` returns the total
at the end of the game.

- A game has 10 frames. In frames 1-9 a player has two rolls to knock down 10 pins; a strike (10 on the
  first roll) ends the frame at once.
- Open frame: the pins knocked down. Spare (10 in two rolls): 10 plus the next roll. Strike: 10 plus
  the next two rolls.
- The 10th frame: a strike or spare earns bonus rolls (two after a strike, one after a spare), which
  only count as bonus for that frame. After a strike, if the first bonus roll is not a strike, the two
  bonus rolls together cannot knock down more than 10 pins; if the first bonus roll is a strike, the
  second can be anything from 0 to 10.
- Errors: a roll below 0 or above 10 pins, or more than 10 pins in one frame (including the bonus rule
  above), raises `ValueError`. Rolling after the game is over, or asking for the score before the game
  is complete, raises `IndexError`.

A perfect game (12 strikes) scores 300.
""",
    files={"bowling.py": """\
class BowlingGame:
    def __init__(self):
        pass

    def roll(self, pins):
        raise NotImplementedError

    def score(self):
        raise NotImplementedError
"""},
    tests={"bowling_test.py": """\
import unittest

from bowling import BowlingGame


def play(rolls):
    game = BowlingGame()
    for pins in rolls:
        game.roll(pins)
    return game


class BowlingTest(unittest.TestCase):
    def test_gutter_game(self):
        self.assertEqual(play([0] * 20).score(), 0)

    def test_open_frames(self):
        self.assertEqual(play([3, 6] * 10).score(), 90)

    def test_spare_bonus(self):
        self.assertEqual(play([6, 4, 3, 0] + [0] * 16).score(), 16)

    def test_strike_bonus(self):
        self.assertEqual(play([10, 3, 4] + [0] * 16).score(), 24)
        self.assertEqual(play([10, 10, 10, 5, 3] + [0] * 12).score(), 81)

    def test_tenth_frame_bonus_rolls(self):
        self.assertEqual(play([0] * 18 + [7, 3, 7]).score(), 17)
        self.assertEqual(play([0] * 18 + [10, 7, 1]).score(), 18)
        self.assertEqual(play([0] * 18 + [10, 10, 6]).score(), 26)
        self.assertEqual(play([0] * 18 + [10, 10, 10]).score(), 30)

    def test_perfect_game(self):
        self.assertEqual(play([10] * 12).score(), 300)

    def test_invalid_pin_counts(self):
        with self.assertRaises(ValueError):
            play([-1])
        with self.assertRaises(ValueError):
            play([11])
        with self.assertRaises(ValueError):
            play([5, 6])

    def test_tenth_frame_bonus_pin_limits(self):
        with self.assertRaises(ValueError):
            play([0] * 18 + [10, 5, 6])
        with self.assertRaises(ValueError):
            play([0] * 18 + [10, 6, 10])
        with self.assertRaises(ValueError):
            play([0] * 18 + [7, 4])

    def test_score_before_the_end(self):
        with self.assertRaises(IndexError):
            BowlingGame().score()
        with self.assertRaises(IndexError):
            play([0] * 6).score()
        with self.assertRaises(IndexError):
            play([0] * 18 + [10]).score()
        with self.assertRaises(IndexError):
            play([0] * 18 + [10, 10]).score()
        with self.assertRaises(IndexError):
            play([0] * 18 + [5, 5]).score()

    def test_roll_after_the_end(self):
        with self.assertRaises(IndexError):
            play([0] * 20).roll(0)
        with self.assertRaises(IndexError):
            play([0] * 18 + [7, 3, 5]).roll(2)
        with self.assertRaises(IndexError):
            play([10] * 12).roll(0)


if __name__ == "__main__":
    unittest.main()
"""},
    first_try={"bowling.py": """\
class BowlingGame:
    def __init__(self):
        self.rolls = []
        self.frame = 1
        self.frame_rolls = []
        self.done = False

    def roll(self, pins):
        if self.done:
            raise IndexError("the game is over")
        if pins < 0 or pins > 10:
            raise ValueError("a roll knocks down 0 to 10 pins")
        frame = self.frame_rolls
        if self.frame < 10 and frame and frame[0] + pins > 10:
            raise ValueError("more than 10 pins in a frame")
        if self.frame == 10 and len(frame) == 1 and frame[0] < 10 and frame[0] + pins > 10:
            raise ValueError("more than 10 pins in a frame")
        frame.append(pins)
        self.rolls.append(pins)
        if self.frame < 10:
            if pins == 10 or len(frame) == 2:
                self.frame += 1
                self.frame_rolls = []
        elif len(frame) == 3 or (len(frame) == 2 and sum(frame) < 10):
            self.done = True

    def score(self):
        if not self.done:
            raise IndexError("the game is not finished")
        total, i = 0, 0
        for _ in range(10):
            if self.rolls[i] == 10:
                total += 10 + self.rolls[i + 1] + self.rolls[i + 2]
                i += 1
            elif self.rolls[i] + self.rolls[i + 1] == 10:
                total += 10 + self.rolls[i + 2]
                i += 2
            else:
                total += self.rolls[i] + self.rolls[i + 1]
                i += 2
        return total
"""},
    solution={"bowling.py": """\
class BowlingGame:
    def __init__(self):
        self.rolls = []
        self.frame = 1
        self.frame_rolls = []
        self.done = False

    def roll(self, pins):
        if self.done:
            raise IndexError("the game is over")
        if pins < 0 or pins > 10:
            raise ValueError("a roll knocks down 0 to 10 pins")
        frame = self.frame_rolls
        if self.frame < 10 and frame and frame[0] + pins > 10:
            raise ValueError("more than 10 pins in a frame")
        if self.frame == 10:
            if len(frame) == 1 and frame[0] < 10 and frame[0] + pins > 10:
                raise ValueError("more than 10 pins in a frame")
            # After a strike, two bonus rolls share the pins unless the first one is a strike too.
            if len(frame) == 2 and frame[0] == 10 and frame[1] < 10 and frame[1] + pins > 10:
                raise ValueError("more than 10 pins in the bonus rolls")
        frame.append(pins)
        self.rolls.append(pins)
        if self.frame < 10:
            if pins == 10 or len(frame) == 2:
                self.frame += 1
                self.frame_rolls = []
        elif len(frame) == 3 or (len(frame) == 2 and sum(frame) < 10):
            self.done = True

    def score(self):
        if not self.done:
            raise IndexError("the game is not finished")
        total, i = 0, 0
        for _ in range(10):
            if self.rolls[i] == 10:
                total += 10 + self.rolls[i + 1] + self.rolls[i + 2]
                i += 1
            elif self.rolls[i] + self.rolls[i + 1] == 10:
                total += 10 + self.rolls[i + 2]
                i += 2
            else:
                total += self.rolls[i] + self.rolls[i + 1]
                i += 2
        return total
"""},
    wrong={"bowling.py": """\
class BowlingGame:
    def __init__(self):
        self.rolls = []

    def roll(self, pins):
        if pins < 0 or pins > 10:
            raise ValueError("a roll knocks down 0 to 10 pins")
        self.rolls.append(pins)

    def score(self):
        total, i = 0, 0
        rolls = self.rolls + [0, 0]
        for _ in range(10):
            if i >= len(self.rolls):
                break
            if rolls[i] == 10:
                total += 10 + rolls[i + 1] + rolls[i + 2]
                i += 1
            elif rolls[i] + rolls[i + 1] == 10:
                total += 10 + rolls[i + 2]
                i += 2
            else:
                if rolls[i] + rolls[i + 1] > 10:
                    raise ValueError("more than 10 pins in a frame")
                total += rolls[i] + rolls[i + 1]
                i += 2
        return total
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-py-04", language="python", title="Say a number in English", difficulty="medium",
    instructions="""
Write `say(number)`, which spells out an integer from 0 to 999,999,999,999 in English.

- Lower case; words separated by single spaces; tens and units joined by a hyphen (`twenty-two`).
- No "and": 123 is `one hundred twenty-three`.
- Scale words `thousand`, `million` and `billion`; groups that are zero are left out:
  1,002,345 is `one million two thousand three hundred forty-five`.
- 0 is `zero`. A number outside the range raises `ValueError("input out of range")`.
""",
    files={"say.py": """\
def say(number):
    raise NotImplementedError
"""},
    tests={"say_test.py": """\
import unittest

from say import say


class SayTest(unittest.TestCase):
    def test_small_numbers(self):
        self.assertEqual(say(0), "zero")
        self.assertEqual(say(1), "one")
        self.assertEqual(say(14), "fourteen")
        self.assertEqual(say(20), "twenty")

    def test_hyphenated_tens(self):
        self.assertEqual(say(22), "twenty-two")
        self.assertEqual(say(99), "ninety-nine")

    def test_hundreds(self):
        self.assertEqual(say(100), "one hundred")
        self.assertEqual(say(123), "one hundred twenty-three")
        self.assertEqual(say(808), "eight hundred eight")

    def test_thousands(self):
        self.assertEqual(say(1000), "one thousand")
        self.assertEqual(say(1234), "one thousand two hundred thirty-four")
        self.assertEqual(say(70015), "seventy thousand fifteen")

    def test_millions_and_billions(self):
        self.assertEqual(say(1000000), "one million")
        self.assertEqual(say(1002345), "one million two thousand three hundred forty-five")
        self.assertEqual(say(100000001), "one hundred million one")
        self.assertEqual(say(1000000000), "one billion")

    def test_largest(self):
        self.assertEqual(
            say(987654321123),
            "nine hundred eighty-seven billion six hundred fifty-four million "
            "three hundred twenty-one thousand one hundred twenty-three",
        )
        self.assertEqual(
            say(999999999999),
            "nine hundred ninety-nine billion nine hundred ninety-nine million "
            "nine hundred ninety-nine thousand nine hundred ninety-nine",
        )

    def test_out_of_range(self):
        for number in (-1, 1000000000000):
            with self.assertRaises(ValueError) as err:
                say(number)
            self.assertEqual(str(err.exception), "input out of range")


if __name__ == "__main__":
    unittest.main()
"""},
    solution={"say.py": """\
ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, ""))


def _below_hundred(n):
    if n < 20:
        return ONES[n]
    tens, units = divmod(n, 10)
    return TENS[tens] + ("-" + ONES[units] if units else "")


def _below_thousand(n):
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(ONES[hundreds] + " hundred")
    if rest:
        words.append(_below_hundred(rest))
    return " ".join(words)


def say(number):
    if not 0 <= number <= 999_999_999_999:
        raise ValueError("input out of range")
    if number == 0:
        return "zero"
    words = []
    for scale, name in SCALES:
        group, number = divmod(number, scale)
        if group:
            words.append(_below_thousand(group) + (" " + name if name else ""))
    return " ".join(words)
"""},
    wrong={"say.py": """\
ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _chunk(n):
    hundreds, rest = divmod(n, 100)
    words = []
    if hundreds:
        words.append(ONES[hundreds] + " hundred")
    if rest >= 20:
        words.append(TENS[rest // 10])
        if rest % 10:
            words.append(ONES[rest % 10])
    elif rest:
        words.append(ONES[rest])
    return " ".join(words)


def say(number):
    if number < 0 or number > 999_999_999_999:
        raise ValueError("input out of range")
    if number == 0:
        return "zero"
    parts = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (10**3, "thousand"), (1, "")):
        group, number = divmod(number, scale)
        if group:
            parts.append((_chunk(group) + " " + name).strip())
    return " ".join(parts)
"""},
    negatives=("wrong", "edit_tests", "prose"),
)

exercise(
    id="AP-py-05", language="python", title="Rail fence cipher", difficulty="medium",
    instructions="""
Implement the rail fence cipher.

To encode, write the message in a zig-zag over `rails` rows (down from the top rail to the bottom one,
then up again, and so on), then read the rows from top to bottom. With 3 rails,
`"WEAREDISCOVEREDFLEEATONCE"` is written as

```
W . . . E . . . C . . . R . . . L . . . T . . . E
. E . R . D . S . O . E . E . F . E . A . O . C .
. . A . . . I . . . V . . . D . . . E . . . N . .
```

and encodes to `"WECRLTEERDSOEEFEAOCAIVDEN"`. `decode` reverses `encode`.

- Every character counts, spaces and punctuation included.
- One rail leaves the message unchanged, and so does a message shorter than the number of rails.
- `rails` below 1 raises `ValueError`.
""",
    files={"rail_fence_cipher.py": """\
def encode(message, rails):
    raise NotImplementedError


def decode(encoded_message, rails):
    raise NotImplementedError
"""},
    tests={"rail_fence_cipher_test.py": """\
import unittest

from rail_fence_cipher import decode, encode


class RailFenceTest(unittest.TestCase):
    def test_encode_two_rails(self):
        self.assertEqual(encode("XOXOXOXOXOXOXOXOXO", 2), "XXXXXXXXXOOOOOOOOO")
        self.assertEqual(encode("112358132134", 2), "125123138314")

    def test_encode_three_rails(self):
        self.assertEqual(encode("WEAREDISCOVEREDFLEEATONCE", 3), "WECRLTEERDSOEEFEAOCAIVDEN")

    def test_encode_with_spaces(self):
        self.assertEqual(encode("MORE RAIN ON THE PLAIN", 5), "MN OI EPRAOHLERNTAN  I")

    def test_encode_four_rails(self):
        self.assertEqual(encode("EXERCISES", 4), "ESXIEECSR")

    def test_trivial_cases(self):
        self.assertEqual(encode("hello", 1), "hello")
        self.assertEqual(encode("ab", 5), "ab")
        self.assertEqual(encode("", 3), "")
        self.assertEqual(decode("hello", 1), "hello")

    def test_decode(self):
        self.assertEqual(decode("WECRLTEERDSOEEFEAOCAIVDEN", 3), "WEAREDISCOVEREDFLEEATONCE")
        self.assertEqual(decode("ESXIEECSR", 4), "EXERCISES")
        self.assertEqual(decode("MN OI EPRAOHLERNTAN  I", 5), "MORE RAIN ON THE PLAIN")

    def test_round_trip(self):
        text = "The quick brown fox, 42 times!"
        for rails in range(1, 12):
            self.assertEqual(decode(encode(text, rails), rails), text)

    def test_invalid_rails(self):
        with self.assertRaises(ValueError):
            encode("abc", 0)
        with self.assertRaises(ValueError):
            decode("abc", -1)


if __name__ == "__main__":
    unittest.main()
"""},
    solution={"rail_fence_cipher.py": """\
def _pattern(length, rails):
    if rails < 1:
        raise ValueError("rails must be at least 1")
    if rails == 1:
        return [0] * length
    cycle = 2 * (rails - 1)
    return [i % cycle if i % cycle < rails else cycle - i % cycle for i in range(length)]


def _order(length, rails):
    rows = _pattern(length, rails)
    return sorted(range(length), key=lambda i: (rows[i], i))


def encode(message, rails):
    return "".join(message[i] for i in _order(len(message), rails))


def decode(encoded_message, rails):
    result = [""] * len(encoded_message)
    for char, i in zip(encoded_message, _order(len(encoded_message), rails)):
        result[i] = char
    return "".join(result)
"""},
    wrong={"rail_fence_cipher.py": """\
def encode(message, rails):
    if rails < 1:
        raise ValueError("rails must be at least 1")
    rows = [[] for _ in range(rails)]
    row, step = 0, 1
    for char in message:
        rows[row].append(char)
        if rails > 1:
            if row == 0:
                step = 1
            elif row == rails - 1:
                step = -1
            row += step
    return "".join("".join(r) for r in rows)


def decode(encoded_message, rails):
    if rails < 1:
        raise ValueError("rails must be at least 1")
    size = -(-len(encoded_message) // rails)
    rows = [list(encoded_message[i:i + size]) for i in range(0, len(encoded_message), size)]
    out = []
    row, step = 0, 1
    while any(rows):
        if rows[row]:
            out.append(rows[row].pop(0))
        if rails > 1:
            if row == 0:
                step = 1
            elif row == len(rows) - 1:
                step = -1
            row += step
    return "".join(out)
"""},
    negatives=("wrong",),
)


# ======================================================================================================
# Rust
# ======================================================================================================


def cargo(crate: str) -> dict[str, str]:
    return {"Cargo.toml": f'[package]\nname = "{crate}"\nversion = "0.1.0"\nedition = "2021"\n'}


exercise(
    id="AP-rust-01", language="rust", title="Largest series product", difficulty="easy", crate="series_product",
    support=cargo("series_product"),
    instructions="""
Write `largest_product(digits, span)`: the largest product of `span` adjacent digits in the string
`digits`.

- `span` 0 gives `Ok(1)` (the empty product), also for an empty string.
- A `span` longer than the string gives `Err(Error::SpanTooLong)`; this is checked first.
- Otherwise, the first character that is not an ASCII digit gives `Err(Error::InvalidDigit(c))`.

For example `largest_product("63915", 3)` is `Ok(162)` (6 × 3 × 9). Products fit in a `u64`.
""",
    files={"src/lib.rs": """\
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    SpanTooLong,
    InvalidDigit(char),
}

pub fn largest_product(digits: &str, span: usize) -> Result<u64, Error> {
    unimplemented!("largest product of {span} adjacent digits in {digits:?}")
}
"""},
    tests={"tests/series_product.rs": """\
use series_product::*;

#[test]
fn small_inputs() {
    assert_eq!(largest_product("29", 2), Ok(18));
    assert_eq!(largest_product("0123456789", 2), Ok(72));
    assert_eq!(largest_product("63915", 3), Ok(162));
}

#[test]
fn best_window_at_the_end() {
    assert_eq!(largest_product("1234", 2), Ok(12));
    assert_eq!(largest_product("99", 2), Ok(81));
    assert_eq!(largest_product("1000000009", 1), Ok(9));
}

#[test]
fn longer_strings() {
    assert_eq!(largest_product("73167176531330624919225119674426574742355349194934", 6), Ok(23520));
    assert_eq!(largest_product("52677741234314237566414902593461595376319419139427", 4), Ok(2058));
}

#[test]
fn zeros() {
    assert_eq!(largest_product("0000", 2), Ok(0));
    assert_eq!(largest_product("99099", 3), Ok(0));
}

#[test]
fn largest_possible_product() {
    assert_eq!(largest_product("99999999999999999999", 20), Ok(12157665459056928801));
}

#[test]
fn empty_span() {
    assert_eq!(largest_product("", 0), Ok(1));
    assert_eq!(largest_product("123", 0), Ok(1));
}

#[test]
fn errors() {
    assert_eq!(largest_product("123", 4), Err(Error::SpanTooLong));
    assert_eq!(largest_product("", 1), Err(Error::SpanTooLong));
    assert_eq!(largest_product("12a", 4), Err(Error::SpanTooLong));
    assert_eq!(largest_product("1234a5", 2), Err(Error::InvalidDigit('a')));
    assert_eq!(largest_product("12-45", 5), Err(Error::InvalidDigit('-')));
}
"""},
    solution={"src/lib.rs": """\
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    SpanTooLong,
    InvalidDigit(char),
}

pub fn largest_product(digits: &str, span: usize) -> Result<u64, Error> {
    if span > digits.chars().count() {
        return Err(Error::SpanTooLong);
    }
    let values = digits
        .chars()
        .map(|c| c.to_digit(10).map(u64::from).ok_or(Error::InvalidDigit(c)))
        .collect::<Result<Vec<u64>, Error>>()?;
    if span == 0 {
        return Ok(1);
    }
    Ok(values.windows(span).map(|w| w.iter().product()).max().unwrap_or(1))
}
"""},
    wrong={"src/lib.rs": """\
#[derive(Debug, PartialEq, Eq)]
pub enum Error {
    SpanTooLong,
    InvalidDigit(char),
}

pub fn largest_product(digits: &str, span: usize) -> Result<u64, Error> {
    if span > digits.len() {
        return Err(Error::SpanTooLong);
    }
    let mut values = Vec::new();
    for c in digits.chars() {
        match c.to_digit(10) {
            Some(d) => values.push(d as u64),
            None => return Err(Error::InvalidDigit(c)),
        }
    }
    let mut best = 0;
    for start in 0..values.len() - span {
        let product: u64 = values[start..start + span].iter().product();
        if product > best {
            best = product;
        }
    }
    Ok(if span == 0 { 1 } else { best })
}
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-rust-02", language="rust", title="Minesweeper hints", difficulty="medium", crate="minesweeper",
    support=cargo("minesweeper"),
    instructions="""
Write `annotate(board)`, which adds the hint numbers to a Minesweeper board.

The board is a slice of rows of equal length. A `*` is a mine and a space is an empty square. In the
returned board, every empty square that has mines among its (up to eight) neighbours, diagonals
included, shows that count as a digit; empty squares without neighbouring mines stay spaces and mines
stay `*`.

```
"** "        "**1"
"   "   ->   "343"
" **"        "1**"
```
""",
    files={"src/lib.rs": """\
pub fn annotate(board: &[&str]) -> Vec<String> {
    unimplemented!("annotate {board:?}")
}
"""},
    tests={"tests/minesweeper.rs": """\
use minesweeper::annotate;

fn check(board: &[&str], expected: &[&str]) {
    let got = annotate(board);
    let want: Vec<String> = expected.iter().map(|row| row.to_string()).collect();
    assert_eq!(got, want, "board {:?}", board);
}

#[test]
fn empty_boards() {
    check(&[], &[]);
    check(&[""], &[""]);
}

#[test]
fn no_mines() {
    check(&["   ", "   ", "   "], &["   ", "   ", "   "]);
}

#[test]
fn only_mines() {
    check(&["***", "***"], &["***", "***"]);
}

#[test]
fn mine_in_the_middle() {
    check(&["   ", " * ", "   "], &["111", "1*1", "111"]);
}

#[test]
fn mines_around_a_square() {
    check(&["***", "* *", "***"], &["***", "*8*", "***"]);
    check(&["** ", "   ", " **"], &["**1", "343", "1**"]);
}

#[test]
fn one_row_and_one_column() {
    check(&[" * * "], &["1*2*1"]);
    check(&[" ", "*", " ", "*", " "], &["1", "*", "2", "*", "1"]);
}

#[test]
fn diagonals_count() {
    check(&["*  ", "   ", "  *"], &["*1 ", "121", " 1*"]);
}

#[test]
fn larger_board() {
    check(
        &["  *   *", "*      ", "   **  ", "      *", " *     "],
        &["12*1 1*", "*223221", "111**21", "112222*", "1*1  11"],
    );
}
"""},
    solution={"src/lib.rs": """\
pub fn annotate(board: &[&str]) -> Vec<String> {
    let grid: Vec<Vec<u8>> = board.iter().map(|row| row.bytes().collect()).collect();
    let rows = grid.len() as i64;
    grid.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, &cell)| {
                    if cell == b'*' {
                        return '*';
                    }
                    let mut count = 0;
                    for dr in -1i64..=1 {
                        for dc in -1i64..=1 {
                            let (nr, nc) = (r as i64 + dr, c as i64 + dc);
                            if (dr, dc) != (0, 0) && nr >= 0 && nr < rows && nc >= 0 && (nc as usize) < row.len()
                                && grid[nr as usize][nc as usize] == b'*'
                            {
                                count += 1;
                            }
                        }
                    }
                    if count == 0 { ' ' } else { char::from(b'0' + count) }
                })
                .collect()
        })
        .collect()
}
"""},
    wrong={"src/lib.rs": """\
pub fn annotate(board: &[&str]) -> Vec<String> {
    let grid: Vec<Vec<char>> = board.iter().map(|row| row.chars().collect()).collect();
    let mut out = Vec::new();
    for r in 0..grid.len() {
        let mut line = String::new();
        for c in 0..grid[r].len() {
            if grid[r][c] == '*' {
                line.push('*');
                continue;
            }
            let mut count = 0;
            if r > 0 && grid[r - 1][c] == '*' { count += 1; }
            if r + 1 < grid.len() && grid[r + 1][c] == '*' { count += 1; }
            if c > 0 && grid[r][c - 1] == '*' { count += 1; }
            if c + 1 < grid[r].len() && grid[r][c + 1] == '*' { count += 1; }
            line.push(if count == 0 { ' ' } else { char::from_digit(count, 10).unwrap() });
        }
        out.push(line);
    }
    out
}
"""},
    negatives=("wrong", "edit_tests"),
)

exercise(
    id="AP-rust-03", language="rust", title="Binary search", difficulty="easy", crate="binary_search",
    support=cargo("binary_search"),
    instructions="""
Write a generic binary search: `find(items, key)` returns `Some(index)` of `key` in the sorted slice
`items`, or `None`.

- `items` is sorted in ascending order and has no duplicates.
- It must take O(log n) comparisons: the tests count them (each call of `cmp`, `partial_cmp`, `eq`,
  `lt`, ... on the element type counts once) and allow at most 2 × log2(n) + 4.
""",
    files={"src/lib.rs": """\
pub fn find<T: Ord>(items: &[T], key: &T) -> Option<usize> {
    unimplemented!("search {} items", items.len())
}
"""},
    tests={"tests/binary_search.rs": """\
use binary_search::find;
use std::cell::Cell;
use std::cmp::Ordering;

thread_local! {
    static COMPARISONS: Cell<u32> = Cell::new(0);
}

// An i32 that counts every comparison made on it.
#[derive(Debug, Clone, Copy)]
struct Counted(i32);

impl PartialEq for Counted {
    fn eq(&self, other: &Self) -> bool {
        COMPARISONS.with(|c| c.set(c.get() + 1));
        self.0 == other.0
    }
}
impl Eq for Counted {}
impl PartialOrd for Counted {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Counted {
    fn cmp(&self, other: &Self) -> Ordering {
        COMPARISONS.with(|c| c.set(c.get() + 1));
        self.0.cmp(&other.0)
    }
}

#[test]
fn finds_every_element() {
    let items = [1, 3, 4, 6, 8, 9, 11];
    for (i, v) in items.iter().enumerate() {
        assert_eq!(find(&items, v), Some(i), "searching {}", v);
    }
}

#[test]
fn missing_values() {
    let items = [1, 3, 4, 6, 8, 9, 11];
    for v in [0, 2, 5, 7, 10, 12] {
        assert_eq!(find(&items, &v), None, "searching {}", v);
    }
}

#[test]
fn empty_and_single() {
    let empty: [i32; 0] = [];
    assert_eq!(find(&empty, &1), None);
    assert_eq!(find(&[6], &6), Some(0));
    assert_eq!(find(&[6], &7), None);
    assert_eq!(find(&[6], &5), None);
}

#[test]
fn even_length() {
    let items = [10, 20, 30, 40, 50, 60];
    assert_eq!(find(&items, &10), Some(0));
    assert_eq!(find(&items, &60), Some(5));
    assert_eq!(find(&items, &40), Some(3));
    assert_eq!(find(&items, &45), None);
}

#[test]
fn other_types() {
    let words = ["ant", "bee", "cat", "dog", "eel"];
    assert_eq!(find(&words, &"dog"), Some(3));
    assert_eq!(find(&words, &"cow"), None);
}

#[test]
fn logarithmic_comparisons() {
    let items: Vec<Counted> = (0..1024).map(|i| Counted(i * 2)).collect();
    for key in [0, 2, 1022, 2046, 1, 2047, -5, 4000, 777] {
        COMPARISONS.with(|c| c.set(0));
        let found = find(&items, &Counted(key));
        let expected = if key >= 0 && key % 2 == 0 && key < 2048 { Some((key / 2) as usize) } else { None };
        assert_eq!(found, expected, "searching {}", key);
        let used = COMPARISONS.with(|c| c.get());
        assert!(used <= 24, "searching {} used {} comparisons on 1024 items", key, used);
    }
}
"""},
    solution={"src/lib.rs": """\
use std::cmp::Ordering;

pub fn find<T: Ord>(items: &[T], key: &T) -> Option<usize> {
    let (mut low, mut high) = (0, items.len());
    while low < high {
        let mid = low + (high - low) / 2;
        match items[mid].cmp(key) {
            Ordering::Equal => return Some(mid),
            Ordering::Less => low = mid + 1,
            Ordering::Greater => high = mid,
        }
    }
    None
}
"""},
    wrong={"src/lib.rs": """\
pub fn find<T: Ord>(items: &[T], key: &T) -> Option<usize> {
    for (i, item) in items.iter().enumerate() {
        if item == key {
            return Some(i);
        }
        if item > key {
            return None;
        }
    }
    None
}
"""},
    negatives=("wrong", "prose"),
)

exercise(
    id="AP-rust-04", language="rust", title="Custom set", difficulty="medium", crate="custom_set",
    support=cargo("custom_set"),
    instructions="""
Implement `CustomSet<T>`, a set of values (no duplicates), with:

- `new(&[T])` builds a set from a slice (duplicates in it collapse), `add(item)`, `contains(&item)`,
  `is_empty()` and `len()`;
- `is_subset(&other)` (every element of `self` is in `other`; the empty set is a subset of every
  set), `is_disjoint(&other)` (no common element);
- `intersection`, `difference` (elements of `self` not in `other`) and `union`, each returning a new
  set;
- equality (`PartialEq`): two sets are equal when they hold the same elements, whatever the order in
  which they were added.

You may change the struct's fields and the trait bounds on `T` as long as `i32` and `String` elements
work (the tests use both).
""",
    files={"src/lib.rs": """\
#[derive(Debug)]
pub struct CustomSet<T> {
    items: Vec<T>,
}

impl<T: Ord + Clone> CustomSet<T> {
    pub fn new(input: &[T]) -> Self {
        unimplemented!("a set of {} items", input.len())
    }

    pub fn contains(&self, element: &T) -> bool {
        unimplemented!()
    }

    pub fn add(&mut self, element: T) {
        unimplemented!()
    }

    pub fn is_subset(&self, other: &Self) -> bool {
        unimplemented!()
    }

    pub fn is_empty(&self) -> bool {
        unimplemented!()
    }

    pub fn len(&self) -> usize {
        unimplemented!()
    }

    pub fn is_disjoint(&self, other: &Self) -> bool {
        unimplemented!()
    }

    pub fn intersection(&self, other: &Self) -> Self {
        unimplemented!()
    }

    pub fn difference(&self, other: &Self) -> Self {
        unimplemented!()
    }

    pub fn union(&self, other: &Self) -> Self {
        unimplemented!()
    }
}

impl<T: Ord + Clone> PartialEq for CustomSet<T> {
    fn eq(&self, other: &Self) -> bool {
        unimplemented!()
    }
}
"""},
    tests={"tests/custom_set.rs": """\
use custom_set::CustomSet;

fn set(items: &[i32]) -> CustomSet<i32> {
    CustomSet::new(items)
}

#[test]
fn emptiness_and_length() {
    assert!(set(&[]).is_empty());
    assert!(!set(&[1]).is_empty());
    assert_eq!(set(&[3, 1, 3, 2, 1]).len(), 3);
}

#[test]
fn contains_and_add() {
    let mut s = set(&[1, 2]);
    assert!(s.contains(&1));
    assert!(!s.contains(&3));
    s.add(3);
    s.add(3);
    assert!(s.contains(&3));
    assert_eq!(s.len(), 3);
}

#[test]
fn equality_ignores_order_and_duplicates() {
    assert_eq!(set(&[3, 2, 1]), set(&[1, 2, 3]));
    assert_eq!(set(&[1, 1, 2]), set(&[2, 1]));
    assert_ne!(set(&[1, 2, 3]), set(&[1, 2, 4]));
    assert_ne!(set(&[1, 2]), set(&[1, 2, 3]));
    assert_eq!(set(&[]), set(&[]));
    let mut s = set(&[2]);
    s.add(1);
    assert_eq!(s, set(&[1, 2]));
}

#[test]
fn subsets() {
    assert!(set(&[]).is_subset(&set(&[])));
    assert!(set(&[]).is_subset(&set(&[1])));
    assert!(!set(&[1]).is_subset(&set(&[])));
    assert!(set(&[3, 1]).is_subset(&set(&[1, 2, 3])));
    assert!(!set(&[1, 4]).is_subset(&set(&[1, 2, 3])));
}

#[test]
fn disjoint() {
    assert!(set(&[]).is_disjoint(&set(&[])));
    assert!(set(&[1, 2]).is_disjoint(&set(&[3, 4])));
    assert!(!set(&[1, 2]).is_disjoint(&set(&[2, 3])));
}

#[test]
fn set_operations() {
    assert_eq!(set(&[1, 2, 3, 4]).intersection(&set(&[3, 2, 5])), set(&[2, 3]));
    assert_eq!(set(&[1, 2]).intersection(&set(&[3])), set(&[]));
    assert_eq!(set(&[3, 2, 1]).difference(&set(&[2, 4])), set(&[1, 3]));
    assert_eq!(set(&[1, 3]).union(&set(&[2, 3])), set(&[3, 2, 1]));
    assert_eq!(set(&[]).union(&set(&[2])), set(&[2]));
}

#[test]
fn strings() {
    let a = CustomSet::new(&["b".to_string(), "a".to_string()]);
    let b = CustomSet::new(&["a".to_string(), "b".to_string(), "a".to_string()]);
    assert_eq!(a, b);
    assert!(a.contains(&"a".to_string()));
}
"""},
    solution={"src/lib.rs": """\
#[derive(Debug)]
pub struct CustomSet<T> {
    items: Vec<T>, // sorted, no duplicates
}

impl<T: Ord + Clone> CustomSet<T> {
    pub fn new(input: &[T]) -> Self {
        let mut items = input.to_vec();
        items.sort();
        items.dedup();
        CustomSet { items }
    }

    pub fn contains(&self, element: &T) -> bool {
        self.items.binary_search(element).is_ok()
    }

    pub fn add(&mut self, element: T) {
        if let Err(pos) = self.items.binary_search(&element) {
            self.items.insert(pos, element);
        }
    }

    pub fn is_subset(&self, other: &Self) -> bool {
        self.items.iter().all(|x| other.contains(x))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_disjoint(&self, other: &Self) -> bool {
        !self.items.iter().any(|x| other.contains(x))
    }

    pub fn intersection(&self, other: &Self) -> Self {
        CustomSet { items: self.items.iter().filter(|x| other.contains(x)).cloned().collect() }
    }

    pub fn difference(&self, other: &Self) -> Self {
        CustomSet { items: self.items.iter().filter(|x| !other.contains(x)).cloned().collect() }
    }

    pub fn union(&self, other: &Self) -> Self {
        let mut all = self.items.clone();
        all.extend(other.items.iter().cloned());
        CustomSet::new(&all)
    }
}

impl<T: Ord + Clone> PartialEq for CustomSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}
"""},
    wrong={"src/lib.rs": """\
#[derive(Debug)]
pub struct CustomSet<T> {
    items: Vec<T>,
}

impl<T: Ord + Clone> CustomSet<T> {
    pub fn new(input: &[T]) -> Self {
        let mut set = CustomSet { items: Vec::new() };
        for x in input {
            set.add(x.clone());
        }
        set
    }

    pub fn contains(&self, element: &T) -> bool {
        self.items.contains(element)
    }

    pub fn add(&mut self, element: T) {
        if !self.contains(&element) {
            self.items.push(element);
        }
    }

    pub fn is_subset(&self, other: &Self) -> bool {
        self.items.iter().all(|x| other.contains(x))
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_disjoint(&self, other: &Self) -> bool {
        !self.items.iter().any(|x| other.contains(x))
    }

    pub fn intersection(&self, other: &Self) -> Self {
        CustomSet { items: self.items.iter().filter(|x| other.contains(x)).cloned().collect() }
    }

    pub fn difference(&self, other: &Self) -> Self {
        CustomSet { items: self.items.iter().filter(|x| !other.contains(x)).cloned().collect() }
    }

    pub fn union(&self, other: &Self) -> Self {
        let mut out = CustomSet { items: self.items.clone() };
        for x in &other.items {
            out.add(x.clone());
        }
        out
    }
}

impl<T: Ord + Clone> PartialEq for CustomSet<T> {
    fn eq(&self, other: &Self) -> bool {
        self.items == other.items
    }
}
"""},
    negatives=("wrong", "edit_tests", "prose"),
)

exercise(
    id="AP-rust-05", language="rust", title="Book store discounts", difficulty="hard", crate="book_store",
    support=cargo("book_store"),
    instructions="""
A shop sells the five volumes of a series at 800 cents each, with discounts for groups of **different**
volumes bought together:

| group of different volumes | discount |
|---|---|
| 2 | 5% |
| 3 | 10% |
| 4 | 20% |
| 5 | 25% |

Write `lowest_price(books)`: the price in cents of a basket (each element is a volume number 1-5),
using the grouping that gives the lowest total. Every book belongs to exactly one group; a group
never holds two copies of the same volume.

Note that the largest groups are not always best: two volumes each of 1, 2 and 3 plus one each of 4
and 5 cost 5120 as two groups of four (2 × 2560), but 5160 as a group of five and one of three
(3000 + 2160).
""",
    files={"src/lib.rs": """\
pub fn lowest_price(books: &[u32]) -> u32 {
    unimplemented!("price of {books:?}")
}
"""},
    tests={"tests/book_store.rs": """\
use book_store::lowest_price;

#[test]
fn empty_basket() {
    assert_eq!(lowest_price(&[]), 0);
}

#[test]
fn single_volumes() {
    assert_eq!(lowest_price(&[1]), 800);
    assert_eq!(lowest_price(&[2, 2]), 1600);
}

#[test]
fn one_group_of_each_size() {
    assert_eq!(lowest_price(&[1, 2]), 1520);
    assert_eq!(lowest_price(&[1, 3, 5]), 2160);
    assert_eq!(lowest_price(&[1, 2, 3, 4]), 2560);
    assert_eq!(lowest_price(&[5, 4, 3, 2, 1]), 3000);
}

#[test]
fn two_groups_of_four_beat_five_and_three() {
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 5]), 5120);
    assert_eq!(lowest_price(&[1, 2, 3, 4, 5, 1, 2, 3]), 5120);
}

#[test]
fn mixed_baskets() {
    assert_eq!(lowest_price(&[1, 1, 2, 3, 4]), 3360);
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 4, 5, 5]), 6000);
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 5, 5]), 5560);
}

#[test]
fn larger_baskets() {
    assert_eq!(lowest_price(&[1, 1, 2, 2, 3, 3, 4, 5, 1, 1, 2, 2, 3, 3, 4, 5]), 10240);
    assert_eq!(lowest_price(&[1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5]), 12200);
    assert_eq!(lowest_price(&[1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5]), 10000);
}
"""},
    first_try={"src/lib.rs": """\
const GROUP_PRICE: [u32; 6] = [0, 800, 1520, 2160, 2560, 3000];

pub fn lowest_price(books: &[u32]) -> u32 {
    let mut counts = [0u32; 5];
    for &b in books {
        counts[(b - 1) as usize] += 1;
    }
    // Take the largest group of different volumes each time.
    let mut total = 0;
    loop {
        let size = counts.iter().filter(|&&c| c > 0).count();
        if size == 0 {
            return total;
        }
        for c in counts.iter_mut() {
            if *c > 0 {
                *c -= 1;
            }
        }
        total += GROUP_PRICE[size];
    }
}
"""},
    solution={"src/lib.rs": """\
use std::collections::HashMap;

const GROUP_PRICE: [u32; 6] = [0, 800, 1520, 2160, 2560, 3000];

pub fn lowest_price(books: &[u32]) -> u32 {
    let mut counts = [0u32; 5];
    for &b in books {
        counts[(b - 1) as usize] += 1;
    }
    best(counts, &mut HashMap::new())
}

// Fewest cents for these counts: try every set of different volumes as the next group.
fn best(mut counts: [u32; 5], memo: &mut HashMap<[u32; 5], u32>) -> u32 {
    counts.sort_unstable();
    if counts.iter().all(|&c| c == 0) {
        return 0;
    }
    if let Some(&price) = memo.get(&counts) {
        return price;
    }
    let mut lowest = u32::MAX;
    for mask in 1u32..32 {
        if (0..5).any(|i| mask & (1 << i) != 0 && counts[i] == 0) {
            continue;
        }
        let mut rest = counts;
        for (i, c) in rest.iter_mut().enumerate() {
            if mask & (1 << i) != 0 {
                *c -= 1;
            }
        }
        let price = GROUP_PRICE[mask.count_ones() as usize] + best(rest, memo);
        lowest = lowest.min(price);
    }
    memo.insert(counts, lowest);
    lowest
}
"""},
    wrong={"src/lib.rs": """\
const GROUP_PRICE: [u32; 6] = [0, 800, 1520, 2160, 2560, 3000];

pub fn lowest_price(books: &[u32]) -> u32 {
    let mut counts = [0u32; 5];
    for &b in books {
        counts[(b - 1) as usize] += 1;
    }
    let mut total = 0;
    loop {
        let size = counts.iter().filter(|&&c| c > 0).count();
        if size == 0 {
            return total;
        }
        for c in counts.iter_mut() {
            if *c > 0 {
                *c -= 1;
            }
        }
        total += GROUP_PRICE[size];
    }
}
"""},
    negatives=("wrong", "prose"),
)


# ======================================================================================================
# building the pack
# ======================================================================================================


def whole_files(files: dict[str, str], language: str, style: int, note: str = "") -> str:
    """An assistant reply with whole files, in one of the layouts models use (all are accepted)."""
    fence = FENCE[language]
    parts = [note] if note else []
    for path, content in files.items():
        body = content.rstrip("\n")
        if style == 1:
            parts.append(f"**{path}**\n\n```{fence}\n{body}\n```")
        elif style == 2:
            parts.append(f"```{fence} {path}\n{body}\n```")
        elif style == 3:
            parts.append(f"### `{path}`\n```{fence}\n{body}\n```")
        else:
            parts.append(f"{path}\n```{fence}\n{body}\n```")
    return "\n\n".join(parts)


def _assistant(content: str) -> dict[str, str]:
    return {"role": "assistant", "content": content}


def test_names(ex: Exercise) -> list[str]:
    names = []
    for source in ex.tests.values():
        names += re.findall(TEST_NAME[ex.language], source, re.M)
    return names


def verifier(ex: Exercise) -> dict:
    v = {"type": "aider", "language": ex.language, "files": ex.files, "tests": ex.tests, "support": ex.support,
         "test_names": test_names(ex), "retries": 1}
    if ex.crate:
        v["crate"] = ex.crate
    if ex.go_package:
        v["go_package"] = ex.go_package
    return v


def negative(ex: Exercise, kind: str, index: int) -> dict:
    if kind == "wrong":
        text = whole_files(ex.wrong, ex.language, index % 4, "Here is the implementation.")
        return {"turns": [_assistant(text)]}
    if kind == "edit_tests":
        test_path = sorted(ex.tests)[0]
        stub_test = {"python": "# tests removed\n", "javascript": "// tests removed\n",
                     "go": f"package {ex.go_package}\n", "rust": "// tests removed\n", "cpp": "int placeholder;\n",
                     "java": f"public class {Path(test_path).stem} {{}}\n"}[ex.language]
        text = whole_files({**ex.wrong, test_path: stub_test}, ex.language, 0,
                           "I implemented the solution and simplified the failing tests.")
        return {"turns": [_assistant(text)]}
    if kind == "prose":
        names = ", ".join(ex.files)
        return {"turns": [_assistant(f"To solve this I would edit {names}: walk through the input once, keep the "
                                     "state in a small helper, and handle the edge cases from the instructions "
                                     "(empty input and invalid values). Let me know if you want the code.")]}
    raise ValueError(kind)


def scenario(ex: Exercise, index: int) -> dict:
    v = verifier(ex)
    messages = prompt_messages(ex.title, ex.instructions, v)
    style = index % 4
    if ex.first_try:
        reference = {"turns": [
            _assistant(whole_files(ex.first_try, ex.language, style, "Here is my implementation.")),
            _assistant(whole_files(ex.solution, ex.language, style, "Fixed: the failing case is handled now.")),
        ]}
    else:
        reference = {"turns": [_assistant(whole_files(ex.solution, ex.language, style))]}
    return {"id": ex.id, "title": f"{ex.title} ({ex.language})", "tags": [ex.language, ex.difficulty],
            "messages": messages, "verifier": v, "reference": reference,
            "negatives": [negative(ex, kind, index) for kind in ex.negatives]}


def build() -> str:
    lines = [json.dumps(META, ensure_ascii=False)]
    for index, ex in enumerate(EXERCISES):
        lines.append(json.dumps(scenario(ex, index), ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    ids = [ex.id for ex in EXERCISES]
    assert len(ids) == len(set(ids)), "duplicate ids"
    text = build()
    if "--check" in argv:
        same = PACK.exists() and PACK.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{PACK} differs from the generator")
        return 0 if same else 1
    PACK.write_text(text, encoding="utf-8")
    print(f"wrote {PACK} ({len(EXERCISES)} exercises)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
