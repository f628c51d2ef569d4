// The first items of a ranking, kept as they stream past: a page of a ranking of a million
// clients without holding (or sorting) the million.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_TOP_N_H_
#define CHRONICLE_ANALYTICS_DOMAIN_TOP_N_H_

#include <algorithm>
#include <cstddef>
#include <limits>
#include <utility>
#include <vector>

namespace chronicle::analytics {

// The first `n` items offered, in `before` order, in a heap of at most `n` (its top the last
// kept, so a newcomer is compared with one item).
template <typename T, typename Before>
class TopN {
 public:
  TopN(size_t n, Before before) : n_(n), before_(std::move(before)) {}

  void Offer(const T& item) {
    if (items_.size() < n_) {
      items_.push_back(item);
      std::push_heap(items_.begin(), items_.end(), before_);
    } else if (n_ > 0 && before_(item, items_.front())) {
      std::pop_heap(items_.begin(), items_.end(), before_);
      items_.back() = item;
      std::push_heap(items_.begin(), items_.end(), before_);
    }
  }

  // The items kept, first first.
  std::vector<T> Take() && {
    std::sort_heap(items_.begin(), items_.end(), before_);
    return std::move(items_);
  }

 private:
  size_t n_;
  Before before_;
  std::vector<T> items_;
};

// How many items a page [offset, offset + page) needs ranked, without overflowing.
inline size_t PageEnd(size_t offset, size_t page) {
  return offset > std::numeric_limits<size_t>::max() - page ? std::numeric_limits<size_t>::max()
                                                            : offset + page;
}

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_TOP_N_H_
