#pragma once
#include <string>

namespace roman {

// 1..3999 -> numeral; throws std::out_of_range otherwise.
std::string to_roman(int number);

// numeral -> value; throws std::invalid_argument unless the numeral is in standard form.
int from_roman(const std::string& numeral);

}  // namespace roman
