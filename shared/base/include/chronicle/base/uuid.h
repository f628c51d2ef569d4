// Time-ordered UUIDs (RFC 9562 version 7), used as event ids so that ids sort like positions.
#ifndef CHRONICLE_BASE_UUID_H_
#define CHRONICLE_BASE_UUID_H_

#include <cstdint>
#include <random>
#include <string>

#include "chronicle/base/clock.h"

namespace chronicle {

// Generates strictly increasing version-7 UUIDs: 48 bits of Unix milliseconds, then a 12-bit
// counter that orders ids minted within one millisecond (RFC 9562 method 1), then 62 random bits.
// Not thread-safe: give each thread its own generator, or guard it.
class UuidV7Generator {
 public:
  explicit UuidV7Generator(const Clock& clock, uint64_t seed = std::random_device{}());
  // Returns the canonical 36-character lower-case text form.
  std::string Next();

 private:
  const Clock& clock_;
  std::mt19937_64 random_;
  uint64_t last_millis_ = 0;
  uint32_t counter_ = 0;
};

// A random (version 4) UUID in text form, for command ids and tokens minted by tools.
std::string RandomUuid();

}  // namespace chronicle

#endif  // CHRONICLE_BASE_UUID_H_
