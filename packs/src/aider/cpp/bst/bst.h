#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace bst {

class Tree {
public:
    bool insert(int value);
    bool contains(int value) const;
    bool remove(int value);
    std::size_t size() const;
    int height() const;
    std::vector<int> in_order() const;
    std::vector<int> level_order() const;

private:
    struct Node {
        int value;
        std::unique_ptr<Node> left, right;
        explicit Node(int v) : value(v) {}
    };
    std::unique_ptr<Node> root_;
    std::size_t size_ = 0;
};

}  // namespace bst
