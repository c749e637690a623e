#pragma once
#include <utility>
#include <vector>

namespace saddle {

using Matrix = std::vector<std::vector<int>>;

// (row, column) pairs, 1-based, sorted; throws std::invalid_argument for rows of different lengths.
std::vector<std::pair<int, int>> saddle_points(const Matrix& matrix);

}  // namespace saddle
