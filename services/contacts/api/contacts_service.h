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

#define CHRONICLE_CONTACTS_RPC(Method, Request, Response)                \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, \
                                   const v1::Request* request, v1::Response* response) override;
  CHRONICLE_CONTACTS_RPC(CreateClient, CreateClientRequest, Client)
  CHRONICLE_CONTACTS_RPC(GetClient, GetClientRequest, Client)
  CHRONICLE_CONTACTS_RPC(UpdateClient, UpdateClientRequest, Client)
  CHRONICLE_CONTACTS_RPC(ListClients, ListClientsRequest, ListClientsResponse)
  CHRONICLE_CONTACTS_RPC(SearchClients, SearchClientsRequest, SearchClientsResponse)
  CHRONICLE_CONTACTS_RPC(ListClientEvents, ListClientEventsRequest, ListClientEventsResponse)
  CHRONICLE_CONTACTS_RPC(BatchWriteClients, BatchWriteClientsRequest, BatchWriteClientsResponse)
  CHRONICLE_CONTACTS_RPC(SubmitInquiry, SubmitInquiryRequest, SubmitInquiryResponse)
  CHRONICLE_CONTACTS_RPC(FindDuplicates, FindDuplicatesRequest, FindDuplicatesResponse)
  CHRONICLE_CONTACTS_RPC(ListDuplicateGroups, ListDuplicateGroupsRequest,
                         ListDuplicateGroupsResponse)
  CHRONICLE_CONTACTS_RPC(MergeClients, MergeClientsRequest, Client)
  CHRONICLE_CONTACTS_RPC(UnmergeClient, UnmergeClientRequest, Client)
  CHRONICLE_CONTACTS_RPC(ReassignClients, ReassignClientsRequest, ReassignClientsResponse)
  CHRONICLE_CONTACTS_RPC(RecordConsent, RecordConsentRequest, Client)
  CHRONICLE_CONTACTS_RPC(SetLifecycleStatus, SetLifecycleStatusRequest, Client)
  CHRONICLE_CONTACTS_RPC(CreateCompany, CreateCompanyRequest, Company)
  CHRONICLE_CONTACTS_RPC(GetCompany, GetCompanyRequest, Company)
  CHRONICLE_CONTACTS_RPC(UpdateCompany, UpdateCompanyRequest, Company)
  CHRONICLE_CONTACTS_RPC(ListCompanies, ListCompaniesRequest, ListCompaniesResponse)
  CHRONICLE_CONTACTS_RPC(CreateCustomField, CreateCustomFieldRequest, CustomField)
  CHRONICLE_CONTACTS_RPC(UpdateCustomField, UpdateCustomFieldRequest, CustomField)
  CHRONICLE_CONTACTS_RPC(DeleteCustomField, DeleteCustomFieldRequest, CustomField)
  CHRONICLE_CONTACTS_RPC(ListCustomFields, ListCustomFieldsRequest, ListCustomFieldsResponse)
  CHRONICLE_CONTACTS_RPC(CreateImportJob, CreateImportJobRequest, ImportJob)
  CHRONICLE_CONTACTS_RPC(GetImportJob, GetImportJobRequest, ImportJob)
  CHRONICLE_CONTACTS_RPC(CompleteImportJob, CompleteImportJobRequest, ImportJob)
  CHRONICLE_CONTACTS_RPC(RevertImportJob, RevertImportJobRequest, ImportJob)
#undef CHRONICLE_CONTACTS_RPC

 private:
  ContactsApp* app_;
  server::UnaryCalls calls_;
};

}  // namespace chronicle::contacts

#endif  // CHRONICLE_CONTACTS_API_CONTACTS_SERVICE_H_
