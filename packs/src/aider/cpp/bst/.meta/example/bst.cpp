#include "bst.h"

#include <algorithm>
#include <deque>

namespace bst {

bool Tree::insert(int value) {
    std::unique_ptr<Node>* slot = &root_;
    while (*slot) {
        if (value == (*slot)->value) return false;
        slot = value < (*slot)->value ? &(*slot)->left : &(*slot)->right;
    }
    *slot = std::make_unique<Node>(value);
    ++size_;
    return true;
}

bool Tree::contains(int value) const {
    const Node* node = root_.get();
    while (node) {
        if (value == node->value) return true;
        node = value < node->value ? node->left.get() : node->right.get();
    }
    return false;
}

bool Tree::remove(int value) {
    std::unique_ptr<Node>* slot = &root_;
    while (*slot && (*slot)->value != value) {
        slot = value < (*slot)->value ? &(*slot)->left : &(*slot)->right;
    }
    if (!*slot) return false;
    Node* node = slot->get();
    if (node->left && node->right) {
        std::unique_ptr<Node>* succ = &node->right;
        while ((*succ)->left) succ = &(*succ)->left;
        node->value = (*succ)->value;
        *succ = std::move((*succ)->right);
    } else {
        std::unique_ptr<Node> child = std::move(node->left ? node->left : node->right);
        *slot = std::move(child);
    }
    --size_;
    return true;
}

std::size_t Tree::size() const { return size_; }

namespace {
template <typename NodeT>
int height_of(const NodeT* node) {
    if (!node) return 0;
    return 1 + std::max(height_of(node->left.get()), height_of(node->right.get()));
}

template <typename NodeT>
void walk(const NodeT* node, std::vector<int>& out) {
    if (!node) return;
    walk(node->left.get(), out);
    out.push_back(node->value);
    walk(node->right.get(), out);
}
}  // namespace

int Tree::height() const { return height_of(root_.get()); }

std::vector<int> Tree::in_order() const {
    std::vector<int> out;
    walk(root_.get(), out);
    return out;
}

std::vector<int> Tree::level_order() const {
    std::vector<int> out;
    std::deque<const Node*> queue;
    if (root_) queue.push_back(root_.get());
    while (!queue.empty()) {
        const Node* node = queue.front();
        queue.pop_front();
        out.push_back(node->value);
        if (node->left) queue.push_back(node->left.get());
        if (node->right) queue.push_back(node->right.get());
    }
    return out;
}

}  // namespace bst
