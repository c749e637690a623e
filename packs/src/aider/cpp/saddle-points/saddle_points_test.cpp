#include <stdexcept>

#include "pq_test.hpp"
#include "saddle_points.h"

using saddle::Matrix;
using saddle::saddle_points;
using Points = std::vector<std::pair<int, int>>;

TEST_CASE(single_saddle_point) {
    CHECK_EQ(saddle_points(Matrix{{9, 8, 7}, {5, 3, 2}, {6, 6, 7}}), (Points{{2, 1}}));
}

TEST_CASE(no_saddle_point) {
    CHECK_EQ(saddle_points(Matrix{{1, 2, 3}, {3, 1, 2}, {2, 3, 1}}), Points{});
}

TEST_CASE(several_in_one_column) {
    CHECK_EQ(saddle_points(Matrix{{4, 5, 4}, {3, 5, 5}, {1, 5, 4}}), (Points{{1, 2}, {2, 2}, {3, 2}}));
}

TEST_CASE(several_in_one_row) {
    CHECK_EQ(saddle_points(Matrix{{6, 7, 8}, {5, 5, 5}, {7, 5, 6}}), (Points{{2, 1}, {2, 2}, {2, 3}}));
}

TEST_CASE(one_element) { CHECK_EQ(saddle_points(Matrix{{2}}), (Points{{1, 1}})); }

TEST_CASE(non_square_matrix) {
    CHECK_EQ(saddle_points(Matrix{{3, 1, 3}, {3, 2, 4}}), (Points{{1, 1}, {1, 3}}));
}

TEST_CASE(single_column) {
    CHECK_EQ(saddle_points(Matrix{{2}, {1}, {4}, {1}}), (Points{{2, 1}, {4, 1}}));
}

TEST_CASE(empty_matrices) {
    CHECK_EQ(saddle_points(Matrix{}), Points{});
    CHECK_EQ(saddle_points(Matrix{{}}), Points{});
}

TEST_CASE(ragged_rows_are_rejected) {
    CHECK_THROWS(saddle_points(Matrix{{1, 2}, {3}}), std::invalid_argument);
}
