// CRC-32C (Castagnoli), the checksum stored with every event. Uses the SSE4.2 instruction when the
// CPU has it and a table otherwise; both give the same values.
#ifndef CHRONICLE_BASE_CRC32C_H_
#define CHRONICLE_BASE_CRC32C_H_

#include <cstdint>
#include <string_view>

namespace chronicle {

// Returns the CRC-32C of `data`, continuing from `init` (the CRC of preceding bytes).
uint32_t Crc32c(std::string_view data, uint32_t init = 0);

}  // namespace chronicle

#endif  // CHRONICLE_BASE_CRC32C_H_
