// A vector that grows by whole chunks and never moves its elements.
//
// Why: the fold appends a client or a deal at a time, millions of them, and a std::vector of
// 300-byte records spends a quarter of the fold relocating them (and touching fresh pages for
// every doubling). Here growth allocates one more chunk; indexing is a shift and a mask.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_CHUNKED_VECTOR_H_
#define CHRONICLE_ANALYTICS_DOMAIN_CHUNKED_VECTOR_H_

#include <cstddef>
#include <iterator>
#include <vector>

namespace chronicle::analytics {

template <typename T, size_t kChunkBits = 12>
class ChunkedVector {
 public:
  static constexpr size_t kChunk = size_t{1} << kChunkBits;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  T& operator[](size_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const T& operator[](size_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == chunks_.size() * kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    ++size_;
    return chunks_.back().emplace_back(std::forward<Args>(args)...);
  }
  void push_back(T value) { emplace_back(std::move(value)); }

  template <typename Vector, typename Value>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = Value*;
    using reference = Value&;

    Iterator(Vector* vector, size_t i) : vector_(vector), i_(i) {}
    reference operator*() const { return (*vector_)[i_]; }
    pointer operator->() const { return &(*vector_)[i_]; }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++i_;
      return before;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }
    bool operator!=(const Iterator& other) const { return i_ != other.i_; }

   private:
    Vector* vector_;
    size_t i_;
  };
  using iterator = Iterator<ChunkedVector, T>;
  using const_iterator = Iterator<const ChunkedVector, const T>;

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  // Each chunk is reserved to kChunk: it never reallocates, so elements never move (a copy of
  // the whole vector gets chunks of exact size; only its last one may move, once).
  std::vector<std::vector<T>> chunks_;
  size_t size_ = 0;
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_CHUNKED_VECTOR_H_
