// Indexes (of clients, deals, tasks) noted as they change, read back each once.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_INDEX_LIST_H_
#define CHRONICLE_ANALYTICS_DOMAIN_INDEX_LIST_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace chronicle::analytics {

// A cube month's list of what was in it at some point, for a period cutting the month: the reader
// checks each against its current state. An index noted again is appended again (unless it is
// the last one); the list drops its repeats whenever it has doubled, so it stays within twice
// the indexes it names.
class IndexList {
 public:
  void Note(uint32_t index) {
    if (!indexes_.empty() && indexes_.back() == index) return;
    indexes_.push_back(index);
    if (indexes_.size() >= 2 * distinct_ + 16) {
      SortUnique(indexes_);
      distinct_ = indexes_.size();
    }
  }
  // The indexes noted, each once, in order.
  std::vector<uint32_t> Distinct() const {
    std::vector<uint32_t> indexes = indexes_;
    SortUnique(indexes);
    return indexes;
  }

 private:
  static void SortUnique(std::vector<uint32_t>& indexes) {
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  }

  std::vector<uint32_t> indexes_;
  size_t distinct_ = 0;  // size after the last de-duplication
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_INDEX_LIST_H_
