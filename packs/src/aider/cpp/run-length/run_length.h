#pragma once
#include <string>

namespace run_length {

std::string encode(const std::string& text);
std::string decode(const std::string& data);

}  // namespace run_length
