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
