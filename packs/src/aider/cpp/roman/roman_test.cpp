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
