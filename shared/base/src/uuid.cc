#include "chronicle/base/uuid.h"

#include <array>

namespace chronicle {
namespace {

std::string Format(const std::array<uint8_t, 16>& b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  return out;
}

}  // namespace

UuidV7Generator::UuidV7Generator(const Clock& clock, uint64_t seed)
    : clock_(clock), random_(seed) {}

std::string UuidV7Generator::Next() {
  uint64_t millis = static_cast<uint64_t>(absl::ToUnixMillis(clock_.Now()));
  if (millis > last_millis_) {
    last_millis_ = millis;
    counter_ = 0;
  } else if (++counter_ > 0xfff) {
    // 4096 ids in one millisecond (or a clock that went back): borrow the next millisecond so
    // ids stay strictly increasing.
    ++last_millis_;
    counter_ = 0;
  }
  uint64_t rand = random_();
  std::array<uint8_t, 16> b;
  for (int i = 0; i < 6; ++i) b[i] = static_cast<uint8_t>(last_millis_ >> (40 - 8 * i));
  b[6] = static_cast<uint8_t>(0x70 | (counter_ >> 8));
  b[7] = static_cast<uint8_t>(counter_);
  b[8] = static_cast<uint8_t>(0x80 | (rand & 0x3f));
  for (int i = 9; i < 16; ++i) b[i] = static_cast<uint8_t>(rand >> (8 * (i - 8)));
  return Format(b);
}

std::string RandomUuid() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::array<uint8_t, 16> b;
  uint64_t hi = random(), lo = random();
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<uint8_t>(hi >> (8 * i));
    b[8 + i] = static_cast<uint8_t>(lo >> (8 * i));
  }
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return Format(b);
}

}  // namespace chronicle
