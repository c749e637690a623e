#include "bst.h"

#include <stdexcept>

namespace bst {

bool Tree::insert(int value) { throw std::logic_error("not implemented"); }

bool Tree::contains(int value) const { throw std::logic_error("not implemented"); }

bool Tree::remove(int value) { throw std::logic_error("not implemented"); }

std::size_t Tree::size() const { throw std::logic_error("not implemented"); }

int Tree::height() const { throw std::logic_error("not implemented"); }

std::vector<int> Tree::in_order() const { throw std::logic_error("not implemented"); }

std::vector<int> Tree::level_order() const { throw std::logic_error("not implemented"); }

}  // namespace bst
