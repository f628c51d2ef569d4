// The contacts service as chronicled runs it: its projection engine (DATA_DIR/projections/
// contacts), application layer and gRPC service, started and stopped together.
#ifndef CHRONICLE_CONTACTS_API_CONTACTS_MODULE_H_
#define CHRONICLE_CONTACTS_API_CONTACTS_MODULE_H_

#include <memory>
#include <string>

#include "chronicle/projection/projection_engine.h"
#include "chronicle/server/auth.h"
#include "contacts/api/contacts_service.h"
#include "contacts/app/contacts_app.h"

namespace chronicle::contacts {

struct ContactsModuleOptions {
  std::string projections_path;  // RocksDB directory of the contacts projection engine
  eventlog::EventLog* log = nullptr;
  const server::Authenticator* auth = nullptr;
  std::string default_region = "RU";
  uint64_t min_free_bytes = 0;
  // Calls served at once; the rest queue. Commands mostly wait on fsync, so more than cores.
  int threads = 16;
};

class ContactsModule {
 public:
  static absl::StatusOr<std::unique_ptr<ContactsModule>> Start(
      const ContactsModuleOptions& options);
  // Stop() first: the gRPC server must be shut down before the module goes.
  ~ContactsModule();

  grpc::Service* service() { return service_.get(); }
  projection::ProjectionEngine* engine() { return engine_.get(); }

  // Finishes queued calls and stops the projection. Call after the gRPC server shut down.
  void Stop();

 private:
  ContactsModule() = default;

  std::unique_ptr<projection::ProjectionEngine> engine_;
  std::unique_ptr<ContactsApp> app_;
  std::unique_ptr<ContactsService> service_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_API_CONTACTS_MODULE_H_
