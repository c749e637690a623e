#include "bst.h"
#include "pq_test.hpp"

using bst::Tree;
using Values = std::vector<int>;

static Tree build(const Values& values) {
    Tree t;
    for (int v : values) t.insert(v);
    return t;
}

TEST_CASE(empty_tree) {
    Tree t;
    CHECK_EQ(t.size(), std::size_t{0});
    CHECK_EQ(t.height(), 0);
    CHECK(!t.contains(1));
    CHECK_EQ(t.in_order(), Values{});
    CHECK_EQ(t.level_order(), Values{});
}

TEST_CASE(insert_and_contains) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK_EQ(t.size(), std::size_t{7});
    for (int v = 1; v <= 7; ++v) CHECK(t.contains(v));
    CHECK(!t.contains(0));
    CHECK(!t.contains(8));
}

TEST_CASE(duplicates_are_ignored) {
    Tree t;
    CHECK(t.insert(5));
    CHECK(!t.insert(5));
    CHECK_EQ(t.size(), std::size_t{1});
}

TEST_CASE(orders) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK_EQ(t.in_order(), (Values{1, 2, 3, 4, 5, 6, 7}));
    CHECK_EQ(t.level_order(), (Values{4, 2, 6, 1, 3, 5, 7}));
    CHECK_EQ(t.height(), 3);
}

TEST_CASE(degenerate_height) {
    Tree t = build({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    CHECK_EQ(t.height(), 10);
    CHECK_EQ(t.level_order(), (Values{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST_CASE(remove_leaf) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK(t.remove(1));
    CHECK(!t.contains(1));
    CHECK_EQ(t.level_order(), (Values{4, 2, 6, 3, 5, 7}));
    CHECK_EQ(t.size(), std::size_t{6});
}

TEST_CASE(remove_node_with_one_child) {
    Tree t = build({4, 2, 6, 1, 5, 7});
    CHECK(t.remove(2));
    CHECK_EQ(t.level_order(), (Values{4, 1, 6, 5, 7}));
}

TEST_CASE(remove_node_with_two_children) {
    Tree t = build({4, 2, 6, 1, 3, 5, 7});
    CHECK(t.remove(4));
    CHECK_EQ(t.level_order(), (Values{5, 2, 6, 1, 3, 7}));
    CHECK(t.remove(2));
    CHECK_EQ(t.level_order(), (Values{5, 3, 6, 1, 7}));
    CHECK_EQ(t.in_order(), (Values{1, 3, 5, 6, 7}));
}

TEST_CASE(remove_successor_with_right_child) {
    Tree t = build({10, 5, 20, 15, 30, 17});
    CHECK(t.remove(10));
    CHECK_EQ(t.level_order(), (Values{15, 5, 20, 17, 30}));
    CHECK_EQ(t.height(), 3);
}

TEST_CASE(remove_root_with_one_child_and_absent_values) {
    Tree t = build({1, 2, 3});
    CHECK(!t.remove(9));
    CHECK(t.remove(1));
    CHECK_EQ(t.level_order(), (Values{2, 3}));
    CHECK(t.remove(2));
    CHECK(t.remove(3));
    CHECK(!t.remove(3));
    CHECK_EQ(t.size(), std::size_t{0});
    CHECK_EQ(t.height(), 0);
    CHECK(t.insert(3));
    CHECK_EQ(t.in_order(), (Values{3}));
}
