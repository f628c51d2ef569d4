#include "chronicle/base/crc32c.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#endif

namespace chronicle {
namespace {

constexpr uint32_t kPolynomial = 0x82f63b78;  // reflected Castagnoli

constexpr std::array<uint32_t, 256> MakeTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1) ? kPolynomial : 0);
    table[i] = crc;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kTable = MakeTable();

uint32_t Crc32cPortable(const unsigned char* p, size_t n, uint32_t crc) {
  while (n--) crc = kTable[(crc ^ *p++) & 0xff] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
__attribute__((target("sse4.2"))) uint32_t Crc32cHardware(const unsigned char* p, size_t n,
                                                          uint32_t crc) {
  uint64_t crc64 = crc;
  for (; n >= 8; n -= 8, p += 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    crc64 = _mm_crc32_u64(crc64, word);
  }
  uint32_t crc32 = static_cast<uint32_t>(crc64);
  for (; n > 0; --n, ++p) crc32 = _mm_crc32_u8(crc32, *p);
  return crc32;
}

bool CpuHasSse42() {
  unsigned eax, ebx, ecx, edx;
  return __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_SSE4_2);
}
#endif

}  // namespace

uint32_t Crc32c(std::string_view data, uint32_t init) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  uint32_t crc = ~init;
#if defined(__x86_64__)
  static const bool has_sse42 = CpuHasSse42();
  crc = has_sse42 ? Crc32cHardware(p, data.size(), crc) : Crc32cPortable(p, data.size(), crc);
#else
  crc = Crc32cPortable(p, data.size(), crc);
#endif
  return ~crc;
}

}  // namespace chronicle
