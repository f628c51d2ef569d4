// The workspace's custom field catalog, folded from its stream and refreshed on each use with
// whatever was appended since (usually nothing: one empty read). Thread-safe.
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
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_APP_FIELD_CATALOG_CACHE_H_
