#include "saddle_points.h"

#include <stdexcept>

namespace saddle {

std::vector<std::pair<int, int>> saddle_points(const Matrix& matrix) {
    throw std::logic_error("not implemented");
}

}  // namespace saddle
