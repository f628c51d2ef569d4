// The gRPC adapter of the contacts service: authenticates each call, hands the work to an executor
// (the application layer blocks on the log), and translates absl::Status into grpc::Status with
// google.rpc details. No domain logic lives here.
#ifndef CHRONICLE_CONTACTS_API_CONTACTS_SERVICE_H_
#define CHRONICLE_CONTACTS_API_CONTACTS_SERVICE_H_

#include <functional>
#include <memory>

#include "chronicle/server/unary_calls.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "contacts/app/contacts_app.h"

namespace chronicle::contacts {

class ContactsService final : public v1::Contacts::CallbackService {
 public:
  // `app` and `auth` must outlive the service. `threads` bounds how many calls run at once; the
  // rest queue.
  ContactsService(ContactsApp* app, const server::Authenticator* auth, int threads);

  CHRONICLE_DECLARE_UNARY(CreateClient, CreateClientRequest, Client)
  CHRONICLE_DECLARE_UNARY(GetClient, GetClientRequest, Client)
  CHRONICLE_DECLARE_UNARY(UpdateClient, UpdateClientRequest, Client)
  CHRONICLE_DECLARE_UNARY(ListClients, ListClientsRequest, ListClientsResponse)
  CHRONICLE_DECLARE_UNARY(SearchClients, SearchClientsRequest, SearchClientsResponse)
  CHRONICLE_DECLARE_UNARY(ListClientEvents, ListClientEventsRequest, ListClientEventsResponse)
  CHRONICLE_DECLARE_UNARY(BatchWriteClients, BatchWriteClientsRequest, BatchWriteClientsResponse)
  CHRONICLE_DECLARE_UNARY(SubmitInquiry, SubmitInquiryRequest, SubmitInquiryResponse)
  CHRONICLE_DECLARE_UNARY(FindDuplicates, FindDuplicatesRequest, FindDuplicatesResponse)
  CHRONICLE_DECLARE_UNARY(ListDuplicateGroups, ListDuplicateGroupsRequest,
                          ListDuplicateGroupsResponse)
  CHRONICLE_DECLARE_UNARY(MergeClients, MergeClientsRequest, Client)
  CHRONICLE_DECLARE_UNARY(UnmergeClient, UnmergeClientRequest, Client)
  CHRONICLE_DECLARE_UNARY(ReassignClients, ReassignClientsRequest, ReassignClientsResponse)
  CHRONICLE_DECLARE_UNARY(RecordConsent, RecordConsentRequest, Client)
  CHRONICLE_DECLARE_UNARY(SetLifecycleStatus, SetLifecycleStatusRequest, Client)
  CHRONICLE_DECLARE_UNARY(CreateCompany, CreateCompanyRequest, Company)
  CHRONICLE_DECLARE_UNARY(GetCompany, GetCompanyRequest, Company)
  CHRONICLE_DECLARE_UNARY(UpdateCompany, UpdateCompanyRequest, Company)
  CHRONICLE_DECLARE_UNARY(ListCompanies, ListCompaniesRequest, ListCompaniesResponse)
  CHRONICLE_DECLARE_UNARY(CreateCustomField, CreateCustomFieldRequest, CustomField)
  CHRONICLE_DECLARE_UNARY(UpdateCustomField, UpdateCustomFieldRequest, CustomField)
  CHRONICLE_DECLARE_UNARY(DeleteCustomField, DeleteCustomFieldRequest, CustomField)
  CHRONICLE_DECLARE_UNARY(ListCustomFields, ListCustomFieldsRequest, ListCustomFieldsResponse)
  CHRONICLE_DECLARE_UNARY(CreateImportJob, CreateImportJobRequest, ImportJob)
  CHRONICLE_DECLARE_UNARY(GetImportJob, GetImportJobRequest, ImportJob)
  CHRONICLE_DECLARE_UNARY(CompleteImportJob, CompleteImportJobRequest, ImportJob)
  CHRONICLE_DECLARE_UNARY(RevertImportJob, RevertImportJobRequest, ImportJob)

 private:
  ContactsApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_API_CONTACTS_SERVICE_H_
