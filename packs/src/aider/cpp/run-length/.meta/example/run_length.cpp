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
