#include "saddle_points.h"

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
            bool ok = true;
            for (std::size_t k = 0; k < cols; ++k) {
                if (k != c && matrix[r][k] >= v) ok = false;  // strictly the largest in its row
            }
            for (std::size_t k = 0; k < matrix.size(); ++k) {
                if (matrix[k][c] < v) ok = false;
            }
            if (ok) points.emplace_back(static_cast<int>(r) + 1, static_cast<int>(c) + 1);
        }
    }
    return points;
}

}  // namespace saddle
