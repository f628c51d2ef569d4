#include "contacts/app/field_catalog_cache.h"

#include "chronicle/base/status_macros.h"
#include "contacts/domain/events.h"

namespace chronicle::contacts {

absl::StatusOr<std::shared_ptr<const FieldCatalog>> FieldCatalogCache::Current() {
  absl::MutexLock lock(&mu_);
  const v1::StreamId stream = MakeStream(kCustomFieldsStream, kCustomFieldsStreamId);
  ASSIGN_OR_RETURN(std::vector<v1::EventEnvelope> events,
                   log_->ReadStream(stream, catalog_->version() + 1, 10'000));
  if (events.empty()) return catalog_;
  auto next = std::make_shared<FieldCatalog>(*catalog_);
  for (const v1::EventEnvelope& event : events) RETURN_IF_ERROR(next->Evolve(event));
  catalog_ = std::move(next);
  return catalog_;
}

}  // namespace chronicle::contacts
