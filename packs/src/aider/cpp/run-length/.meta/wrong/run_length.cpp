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
