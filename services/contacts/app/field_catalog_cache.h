// The workspace's custom field catalog, folded from its stream. Every read and command asks for
// it, so a call reads the log only when the log has grown since the last look (the head position
// is in memory), and then only the catalog's new events. Thread-safe.
#ifndef CHRONICLE_CONTACTS_APP_FIELD_CATALOG_CACHE_H_
#define CHRONICLE_CONTACTS_APP_FIELD_CATALOG_CACHE_H_

#include <memory>

#include "absl/synchronization/mutex.h"
#include "chronicle/eventlog/event_log.h"
#include "contacts/domain/custom_fields.h"

namespace chronicle::contacts {

class FieldCatalogCache {
 public:
  explicit FieldCatalogCache(eventlog::EventLog* log) : log_(log) {}

  // The catalog as of the log's current state. Callers keep the pointer for one operation.
  absl::StatusOr<std::shared_ptr<const FieldCatalog>> Current();

 private:
  eventlog::EventLog* log_;
  absl::Mutex mu_;
  std::shared_ptr<const FieldCatalog> catalog_ ABSL_GUARDED_BY(mu_) =
      std::make_shared<FieldCatalog>();
  // Log head when the catalog was last brought up to date; nothing before it is missing.
  uint64_t checked_head_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_APP_FIELD_CATALOG_CACHE_H_
