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
