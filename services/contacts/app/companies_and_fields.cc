// ContactsApp: companies and custom field definitions.
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"
#include "contacts/app/contacts_app.h"
#include "contacts/domain/company.h"
#include "contacts/domain/events.h"
#include "contacts/projection/client_reader.h"
#include "contacts/projection/contacts_projection.h"
#include "contacts/projection/keys.h"

namespace chronicle::contacts {
namespace {

constexpr int kConflictRetries = 5;

absl::StatusOr<CompanyState> LoadCompany(eventlog::EventLog& log, const std::string& id) {
  CompanyState state;
  ASSIGN_OR_RETURN(auto events, log.ReadStream(MakeStream(kCompanyStream, id), 1, 100'000));
  for (const v1::EventEnvelope& event : events) RETURN_IF_ERROR(EvolveCompany(event, &state));
  return state;
}

std::vector<std::string> Paths(const google::protobuf::FieldMask& mask) {
  return {mask.paths().begin(), mask.paths().end()};
}

}  // namespace

absl::StatusOr<v1::Company> ContactsApp::CreateCompany(const v1::Actor& actor,
                                                       const v1::CreateCompanyRequest& request) {
  std::string id = request.company_id();
  if (!id.empty() && !IsValidResourceId(id)) {
    return errors::InvalidArgument({{"company_id", "must match [a-z0-9-]{1,63}"}});
  }
  if (id.empty())
    id = request.request_id().empty() ? NewAggregateId()
                                      : DerivedId("company", request.request_id());
  const std::string name = absl::StrCat(kCompanyPrefix, id);
  ASSIGN_OR_RETURN(auto events, DecideCreateCompany(phones_, name, request.company()));
  auto result =
      runner_.Append(MakeStream(kCompanyStream, id), eventlog::ExpectedVersion::NoStream(), actor,
                     request.request_id(), &events);
  if (absl::IsAborted(result.status()))
    return absl::AlreadyExistsError(absl::StrCat(name, " already exists"));
  RETURN_IF_ERROR(result.status());
  runner_.AwaitProjection(result->last_position);
  ASSIGN_OR_RETURN(CompanyState state, LoadCompany(runner_.log(), id));
  return state.card;
}

absl::StatusOr<v1::Company> ContactsApp::GetCompany(const v1::GetCompanyRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ParseResourceId(request.name(), kCompanyPrefix, "name"));
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  ClientReader reader(*view);
  ASSIGN_OR_RETURN(std::optional<v1::Company> company, reader.Company(id));
  if (!company) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  ASSIGN_OR_RETURN(auto persons, reader.CompanyPersons(id));
  for (v1::CompanyPerson& person : persons) *company->add_persons() = std::move(person);
  return *company;
}

absl::StatusOr<v1::Company> ContactsApp::UpdateCompany(const v1::Actor& actor,
                                                       const v1::UpdateCompanyRequest& request) {
  ASSIGN_OR_RETURN(std::string id,
                   ParseResourceId(request.company().name(), kCompanyPrefix, "company.name"));
  v1::GetCompanyRequest get;  // the answer: the company as readers see it, persons included
  get.set_name(request.company().name());
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(CompanyState state, LoadCompany(runner_.log(), id));
    if (!state.exists())
      return absl::NotFoundError(absl::StrCat(request.company().name(), " not found"));
    ASSIGN_OR_RETURN(auto events, DecideUpdateCompany(phones_, state, request.company(),
                                                      Paths(request.update_mask())));
    if (events.empty()) return GetCompany(get);
    auto result = runner_.Append(MakeStream(kCompanyStream, id),
                                 eventlog::ExpectedVersion::Exact(state.version), actor,
                                 request.request_id(), &events);
    if (absl::IsAborted(result.status()) && attempt < kConflictRetries &&
        request.company().etag().empty())
      continue;
    RETURN_IF_ERROR(result.status());
    runner_.AwaitProjection(result->last_position);
    return GetCompany(get);
  }
}

absl::Status ContactsApp::ListCompanies(const v1::ListCompaniesRequest& request,
                                        v1::ListCompaniesResponse* response) {
  if (request.page_size() < 0 || request.page_size() > 1000) {
    return errors::InvalidArgument({{"page_size", "must be between 0 and 1000"}});
  }
  const int page_size = request.page_size() == 0 ? 50 : request.page_size();
  std::string start_after;
  if (!request.page_token().empty()) {
    auto id = ParseResourceId(request.page_token(), kCompanyPrefix, "page_token");
    if (!id.ok())
      return errors::InvalidArgument({{"page_token", "not a token returned by ListCompanies"}});
    start_after = keys::Company(*id);
  }
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kContactsProjection));
  absl::Status failure;
  std::string last;
  bool more = false;
  RETURN_IF_ERROR(view->Scan(
      keys::Prefix("co"), start_after, [&](absl::string_view key, absl::string_view value) {
        if (response->companies_size() == page_size) {
          more = true;
          return false;
        }
        if (!response->add_companies()->ParseFromString(std::string(value))) {
          failure = absl::DataLossError("contacts projection: unreadable company");
          return false;
        }
        last = response->companies(response->companies_size() - 1).name();
        return true;
      }));
  RETURN_IF_ERROR(failure);
  if (more) response->set_next_page_token(last);
  return absl::OkStatus();
}

absl::StatusOr<v1::CustomField> ContactsApp::RunCatalogCommand(const v1::Actor& actor,
                                                               const std::string& key,
                                                               const CatalogDecision& decide) {
  const v1::StreamId stream = MakeStream(kCustomFieldsStream, kCustomFieldsStreamId);
  for (int attempt = 0;; ++attempt) {
    ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
    ASSIGN_OR_RETURN(auto events, decide(*catalog));
    if (!events.empty()) {
      auto result = runner_.Append(stream, eventlog::ExpectedVersion::Exact(catalog->version()),
                                   actor, "", &events);
      // Another admin changed the catalog meanwhile: decide again on the new one.
      if (absl::IsAborted(result.status()) && attempt < kConflictRetries) continue;
      RETURN_IF_ERROR(result.status());
      ASSIGN_OR_RETURN(catalog, catalog_.Current());
    }
    return *catalog->Find(key);
  }
}

absl::StatusOr<v1::CustomField> ContactsApp::CreateCustomField(
    const v1::Actor& actor, const v1::CreateCustomFieldRequest& request) {
  return RunCatalogCommand(actor, request.custom_field_id(), [&](const FieldCatalog& catalog) {
    return DecideDefineField(catalog, request.custom_field_id(), request.custom_field());
  });
}

absl::StatusOr<v1::CustomField> ContactsApp::UpdateCustomField(
    const v1::Actor& actor, const v1::UpdateCustomFieldRequest& request) {
  ASSIGN_OR_RETURN(std::string key,
                   ParseCustomFieldName(request.custom_field().name(), "custom_field.name"));
  const std::string& etag = request.custom_field().etag();
  return RunCatalogCommand(
      actor, key,
      [&](const FieldCatalog& catalog) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
        if (!etag.empty() && etag != absl::StrCat(catalog.version())) {
          return absl::AbortedError(absl::StrCat(
              "etag ", etag, " is stale: the field catalog is at ", catalog.version()));
        }
        return DecideChangeField(catalog, request.custom_field(), Paths(request.update_mask()));
      });
}

absl::StatusOr<v1::CustomField> ContactsApp::DeleteCustomField(
    const v1::Actor& actor, const v1::DeleteCustomFieldRequest& request) {
  ASSIGN_OR_RETURN(std::string key, ParseCustomFieldName(request.name(), "name"));
  return RunCatalogCommand(
      actor, key, [&](const FieldCatalog& catalog) { return DecideRetireField(catalog, key); });
}

absl::Status ContactsApp::ListCustomFields(const v1::ListCustomFieldsRequest& request,
                                           v1::ListCustomFieldsResponse* response) {
  ASSIGN_OR_RETURN(auto catalog, catalog_.Current());
  for (v1::CustomField& field : catalog->List(request.show_retired())) {
    *response->add_custom_fields() = std::move(field);
  }
  return absl::OkStatus();
}

}  // namespace chronicle::contacts
