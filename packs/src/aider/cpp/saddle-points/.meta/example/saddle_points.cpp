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
