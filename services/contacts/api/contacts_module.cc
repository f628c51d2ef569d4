#include "contacts/api/contacts_module.h"

#include "contacts/projection/contacts_projection.h"

namespace chronicle::contacts {

absl::StatusOr<std::unique_ptr<ContactsModule>> StartContactsModule(
    const server::ModuleOptions& options, const std::string& default_region) {
  // Search and lists walk the token and sort indexes: keep them in memory (1M clients' indexes
  // are about 750 MB on disk, compressed; the hot postings are a fraction of that).
  return ContactsModule::Start(options, 512 << 20, std::make_unique<ContactsProjection>(),
                               [&](projection::ProjectionEngine* engine) {
                                 ContactsAppOptions app_options;
                                 app_options.log = options.log;
                                 app_options.engine = engine;
                                 app_options.default_region = default_region;
                                 return ContactsApp::Create(app_options);
                               });
}

}  // namespace chronicle::contacts
