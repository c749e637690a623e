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
