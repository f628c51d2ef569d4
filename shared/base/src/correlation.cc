#include "chronicle/base/correlation.h"

#include <utility>

namespace chronicle {
namespace {

thread_local std::string current;

}  // namespace

const std::string& CurrentCorrelationId() { return current; }

CorrelationScope::CorrelationScope(std::string id)
    : previous_(std::exchange(current, std::move(id))) {}

CorrelationScope::~CorrelationScope() { current = std::move(previous_); }

}  // namespace chronicle
