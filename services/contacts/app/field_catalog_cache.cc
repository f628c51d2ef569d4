#include "contacts/app/field_catalog_cache.h"

#include "chronicle/base/status_macros.h"
#include "contacts/domain/events.h"

namespace chronicle::contacts {

absl::StatusOr<std::shared_ptr<const FieldCatalog>> FieldCatalogCache::Current() {
  // Read the head first: whatever the stream read below misses came after it.
  const uint64_t head = log_->HeadPosition();
  absl::MutexLock lock(&mu_);
  if (head == checked_head_) return catalog_;
  const v1::StreamId stream = MakeStream(kCustomFieldsStream, kCustomFieldsStreamId);
  ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events,
                   log_->ReadStream(stream, catalog_->version() + 1, 10'000));
  if (events.empty()) {
    checked_head_ = head;
    return catalog_;
  }
  auto next = std::make_shared<FieldCatalog>(*catalog_);
  for (const v1::EventEnvelope& event : events) RETURN_IF_ERROR(next->Evolve(event));
  catalog_ = std::move(next);
  checked_head_ = head;
  return catalog_;
}

}  // namespace chronicle::contacts
