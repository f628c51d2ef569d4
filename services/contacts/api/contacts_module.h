// The contacts service as chronicled runs it (see chronicle/server/service_module.h).
#ifndef CHRONICLE_CONTACTS_API_CONTACTS_MODULE_H_
#define CHRONICLE_CONTACTS_API_CONTACTS_MODULE_H_

#include <memory>
#include <string>

#include "chronicle/server/service_module.h"
#include "contacts/api/contacts_service.h"
#include "contacts/app/contacts_app.h"

namespace chronicle::contacts {

using ContactsModule = server::ServiceModule<ContactsApp, ContactsService>;

absl::StatusOr<std::unique_ptr<ContactsModule>> StartContactsModule(
    const server::ModuleOptions& options, const std::string& default_region);

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_API_CONTACTS_MODULE_H_
