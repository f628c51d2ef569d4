// Early-return helpers for absl::Status and absl::StatusOr. The Abseil in Debian 12 predates its
// own versions of these, so they are written once here.
#ifndef CHRONICLE_BASE_STATUS_MACROS_H_
#define CHRONICLE_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Evaluates `expr` (an absl::Status) and returns it from the enclosing function if not OK.
#define RETURN_IF_ERROR(expr)                              \
  do {                                                     \
    ::absl::Status chronicle_status_ = (expr);             \
    if (!chronicle_status_.ok()) return chronicle_status_; \
  } while (false)

#define CHRONICLE_CONCAT_INNER_(a, b) a##b
#define CHRONICLE_CONCAT_(a, b) CHRONICLE_CONCAT_INNER_(a, b)

// ASSIGN_OR_RETURN(lhs, expr): evaluates `expr` (an absl::StatusOr<T>); on error returns its
// status, otherwise moves the value into `lhs` (which may be a declaration such as `auto x`).
#define ASSIGN_OR_RETURN(lhs, expr) \
  CHRONICLE_ASSIGN_OR_RETURN_IMPL_(CHRONICLE_CONCAT_(chronicle_statusor_, __LINE__), lhs, expr)

#define CHRONICLE_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                     \
  if (!statusor.ok()) return std::move(statusor).status();    \
  lhs = std::move(statusor).value()

#endif  // CHRONICLE_BASE_STATUS_MACROS_H_
