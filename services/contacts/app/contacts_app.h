// The contacts service's application layer: each method is one API operation, written against
// the event log and the contacts projection, free of gRPC. Commands load state, ask the domain's
// deciders, append with optimistic concurrency and return the new state; queries read the
// projection. Thread-safe; methods block (appends wait for fsync), so the API runs them on an
// executor, never on a gRPC callback thread.
#ifndef CHRONICLE_CONTACTS_APP_CONTACTS_APP_H_
#define CHRONICLE_CONTACTS_APP_CONTACTS_APP_H_

#include <memory>

#include "absl/synchronization/mutex.h"
#include "chronicle/v1/contacts.pb.h"
#include "contacts/app/command_runner.h"
#include "contacts/app/field_catalog_cache.h"
#include "contacts/app/pending_writes.h"
#include "contacts/domain/phone.h"
#include "contacts/projection/client_reader.h"

namespace chronicle::contacts {

struct ContactsAppOptions {
  eventlog::EventLog* log = nullptr;
  // Runs the ContactsProjection (registered by the caller under kContactsProjection).
  projection::ProjectionEngine* engine = nullptr;
  const Clock* clock = &Clock::Real();
  std::string default_region = "RU";
};

class ContactsApp {
 public:
  // INVALID_ARGUMENT for an unknown default region.
  static absl::StatusOr<std::unique_ptr<ContactsApp>> Create(const ContactsAppOptions& options);

  // Clients.
  absl::StatusOr<v1::Client> CreateClient(const v1::Actor& actor,
                                          const v1::CreateClientRequest& request);
  absl::StatusOr<v1::Client> GetClient(const v1::GetClientRequest& request);
  absl::StatusOr<v1::Client> UpdateClient(const v1::Actor& actor,
                                          const v1::UpdateClientRequest& request);
  absl::Status ListClients(const v1::ListClientsRequest& request,
                           v1::ListClientsResponse* response);
  absl::Status SearchClients(const v1::SearchClientsRequest& request,
                             v1::SearchClientsResponse* response);
  absl::Status ListClientEvents(const v1::ListClientEventsRequest& request,
                                v1::ListClientEventsResponse* response);
  absl::Status BatchWriteClients(const v1::Actor& actor,
                                 const v1::BatchWriteClientsRequest& request,
                                 v1::BatchWriteClientsResponse* response);
  absl::Status SubmitInquiry(const v1::Actor& actor, const v1::SubmitInquiryRequest& request,
                             v1::SubmitInquiryResponse* response);
  absl::Status FindDuplicates(const v1::FindDuplicatesRequest& request,
                              v1::FindDuplicatesResponse* response);
  absl::Status ListDuplicateGroups(const v1::ListDuplicateGroupsRequest& request,
                                   v1::ListDuplicateGroupsResponse* response);
  absl::StatusOr<v1::Client> MergeClients(const v1::Actor& actor,
                                          const v1::MergeClientsRequest& request);
  absl::StatusOr<v1::Client> UnmergeClient(const v1::Actor& actor,
                                           const v1::UnmergeClientRequest& request);
  absl::Status ReassignClients(const v1::Actor& actor, const v1::ReassignClientsRequest& request,
                               v1::ReassignClientsResponse* response);
  absl::StatusOr<v1::Client> RecordConsent(const v1::Actor& actor,
                                           const v1::RecordConsentRequest& request);
  absl::StatusOr<v1::Client> SetLifecycleStatus(const v1::Actor& actor,
                                                const v1::SetLifecycleStatusRequest& request);

  // Companies.
  absl::StatusOr<v1::Company> CreateCompany(const v1::Actor& actor,
                                            const v1::CreateCompanyRequest& request);
  absl::StatusOr<v1::Company> GetCompany(const v1::GetCompanyRequest& request);
  absl::StatusOr<v1::Company> UpdateCompany(const v1::Actor& actor,
                                            const v1::UpdateCompanyRequest& request);
  absl::Status ListCompanies(const v1::ListCompaniesRequest& request,
                             v1::ListCompaniesResponse* response);

  // Custom field definitions.
  absl::StatusOr<v1::CustomField> CreateCustomField(const v1::Actor& actor,
                                                    const v1::CreateCustomFieldRequest& request);
  absl::StatusOr<v1::CustomField> UpdateCustomField(const v1::Actor& actor,
                                                    const v1::UpdateCustomFieldRequest& request);
  absl::StatusOr<v1::CustomField> DeleteCustomField(const v1::Actor& actor,
                                                    const v1::DeleteCustomFieldRequest& request);
  absl::Status ListCustomFields(const v1::ListCustomFieldsRequest& request,
                                v1::ListCustomFieldsResponse* response);

  // Import jobs.
  absl::StatusOr<v1::ImportJob> CreateImportJob(const v1::Actor& actor,
                                                const v1::CreateImportJobRequest& request);
  absl::StatusOr<v1::ImportJob> GetImportJob(const v1::GetImportJobRequest& request);
  absl::StatusOr<v1::ImportJob> CompleteImportJob(const v1::Actor& actor,
                                                  const v1::CompleteImportJobRequest& request);
  absl::StatusOr<v1::ImportJob> RevertImportJob(const v1::Actor& actor,
                                                const v1::RevertImportJobRequest& request);

 private:
  ContactsApp(const ContactsAppOptions& options, PhoneNormalizer phones);

  // The card a reader sees: presented at now, with missing required fields listed.
  v1::Client Present(v1::Client card, const FieldCatalog& catalog) const;
  // Resolves "clients/{id}" through merges to the id of the live client.
  absl::StatusOr<std::string> ResolveClientId(absl::string_view name, absl::string_view field);
  absl::StatusOr<v1::Client> RunAndPresent(absl::string_view id, const v1::Actor& actor,
                                           const std::string& command_id,
                                           const ClientDecision& decide);
  // The live client an inquiry or upsert matches, by external id, phones, then emails ("" if
  // none): among writes not projected yet first, then in `reader`. `input` is normalized.
  absl::StatusOr<std::string> MatchExisting(const v1::Client& input, ClientReader& reader,
                                            std::string* matched_by)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(match_mu_);
  // `input` with phones and emails normalized as far as they can be (bad ones left for the
  // decider to report).
  v1::Client NormalizedForMatching(const v1::Client& input) const;
  using CatalogDecision =
      std::function<absl::StatusOr<std::vector<v1::EventEnvelope>>(const FieldCatalog&)>;
  // Decides on the current field catalog and appends to its stream, again if another writer got
  // there first; returns the definition of `key` afterwards.
  absl::StatusOr<v1::CustomField> RunCatalogCommand(const v1::Actor& actor, const std::string& key,
                                                    const CatalogDecision& decide);
  absl::StatusOr<v1::ImportJob> AppendJobEvent(const v1::Actor& actor, absl::string_view id,
                                               v1::EventEnvelope event,
                                               const std::string& command_id);

  // Matching needs every card written before this process started: until the projection has
  // caught up with the log head as of start-up, intake and upsert wait (bounded), then refuse
  // with UNAVAILABLE rather than create a duplicate. Later writes are covered by pending_.
  absl::Status AwaitStartupCatchUp();

  PhoneNormalizer phones_;
  CommandRunner runner_;
  const uint64_t startup_head_;
  FieldCatalogCache catalog_;
  // Held across match-then-write (intake, upsert), so two inquiries with the same phone cannot
  // both miss each other and create two cards.
  absl::Mutex match_mu_;
  PendingWrites pending_ ABSL_GUARDED_BY(match_mu_);
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_APP_CONTACTS_APP_H_
