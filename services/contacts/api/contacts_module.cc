#include "contacts/api/contacts_module.h"

#include "chronicle/base/status_macros.h"
#include "contacts/projection/contacts_projection.h"

namespace chronicle::contacts {

absl::StatusOr<std::unique_ptr<ContactsModule>> ContactsModule::Start(
    const ContactsModuleOptions& options) {
  std::unique_ptr<ContactsModule> module(new ContactsModule());
  projection::ProjectionEngine::Options engine_options;
  engine_options.path = options.projections_path;
  engine_options.log = options.log;
  engine_options.min_free_bytes = options.min_free_bytes;
  // Search and lists walk the token and sort indexes: keep them in memory (1M clients' indexes
  // are about 750 MB on disk, compressed; the hot postings are a fraction of that).
  engine_options.block_cache_bytes = 512 << 20;
  ASSIGN_OR_RETURN(module->engine_, projection::ProjectionEngine::Open(engine_options));
  RETURN_IF_ERROR(module->engine_->Register(std::make_unique<ContactsProjection>()));
  RETURN_IF_ERROR(module->engine_->Start());
  ContactsAppOptions app_options;
  app_options.log = options.log;
  app_options.engine = module->engine_.get();
  app_options.default_region = options.default_region;
  ASSIGN_OR_RETURN(module->app_, ContactsApp::Create(app_options));
  module->service_ =
      std::make_unique<ContactsService>(module->app_.get(), options.auth, options.threads);
  return module;
}

ContactsModule::~ContactsModule() { Stop(); }

void ContactsModule::Stop() {
  service_.reset();  // drains the executor: every queued call finishes
  app_.reset();
  if (engine_) engine_->Stop();
  engine_.reset();
}

}  // namespace chronicle::contacts
