#include "contacts/api/contacts_service.h"

namespace chronicle::contacts {
using server::Access;
using server::Into;

ContactsService::ContactsService(ContactsApp* app, const server::Authenticator* auth, int threads)
    : app_(app), calls_(auth, threads) {}

// Each RPC: one line naming the access it needs and the app method it runs.
#define CHRONICLE_UNARY(...) CHRONICLE_DEFINE_UNARY(ContactsService, __VA_ARGS__)

CHRONICLE_UNARY(CreateClient, CreateClientRequest, Client, Access::kAnyUser,
                return Into(app_->CreateClient(actor, *request), response))
CHRONICLE_UNARY(GetClient, GetClientRequest, Client, Access::kAnyUser,
                return Into(app_->GetClient(*request), response))
CHRONICLE_UNARY(UpdateClient, UpdateClientRequest, Client, Access::kAnyUser,
                return Into(app_->UpdateClient(actor, *request), response))
CHRONICLE_UNARY(ListClients, ListClientsRequest, ListClientsResponse, Access::kAnyUser,
                return app_->ListClients(*request, response))
CHRONICLE_UNARY(SearchClients, SearchClientsRequest, SearchClientsResponse, Access::kAnyUser,
                return app_->SearchClients(*request, response))
CHRONICLE_UNARY(ListClientEvents, ListClientEventsRequest, ListClientEventsResponse,
                Access::kAnyUser, return app_->ListClientEvents(*request, response))
CHRONICLE_UNARY(BatchWriteClients, BatchWriteClientsRequest, BatchWriteClientsResponse,
                Access::kAnyUser, return app_->BatchWriteClients(actor, *request, response))
CHRONICLE_UNARY(SubmitInquiry, SubmitInquiryRequest, SubmitInquiryResponse, Access::kAnyUser,
                return app_->SubmitInquiry(actor, *request, response))
CHRONICLE_UNARY(FindDuplicates, FindDuplicatesRequest, FindDuplicatesResponse, Access::kAnyUser,
                return app_->FindDuplicates(*request, response))
CHRONICLE_UNARY(ListDuplicateGroups, ListDuplicateGroupsRequest, ListDuplicateGroupsResponse,
                Access::kAnyUser, return app_->ListDuplicateGroups(*request, response))
CHRONICLE_UNARY(MergeClients, MergeClientsRequest, Client, Access::kAnyUser,
                return Into(app_->MergeClients(actor, *request), response))
CHRONICLE_UNARY(UnmergeClient, UnmergeClientRequest, Client, Access::kAnyUser,
                return Into(app_->UnmergeClient(actor, *request), response))
CHRONICLE_UNARY(ReassignClients, ReassignClientsRequest, ReassignClientsResponse, Access::kAnyUser,
                return app_->ReassignClients(actor, *request, response))
CHRONICLE_UNARY(RecordConsent, RecordConsentRequest, Client, Access::kAnyUser,
                return Into(app_->RecordConsent(actor, *request), response))
CHRONICLE_UNARY(SetLifecycleStatus, SetLifecycleStatusRequest, Client, Access::kAnyUser,
                return Into(app_->SetLifecycleStatus(actor, *request), response))
CHRONICLE_UNARY(CreateCompany, CreateCompanyRequest, Company, Access::kAnyUser,
                return Into(app_->CreateCompany(actor, *request), response))
CHRONICLE_UNARY(GetCompany, GetCompanyRequest, Company, Access::kAnyUser,
                return Into(app_->GetCompany(*request), response))
CHRONICLE_UNARY(UpdateCompany, UpdateCompanyRequest, Company, Access::kAnyUser,
                return Into(app_->UpdateCompany(actor, *request), response))
CHRONICLE_UNARY(ListCompanies, ListCompaniesRequest, ListCompaniesResponse, Access::kAnyUser,
                return app_->ListCompanies(*request, response))
CHRONICLE_UNARY(CreateCustomField, CreateCustomFieldRequest, CustomField, Access::kAdmin,
                return Into(app_->CreateCustomField(actor, *request), response))
CHRONICLE_UNARY(UpdateCustomField, UpdateCustomFieldRequest, CustomField, Access::kAdmin,
                return Into(app_->UpdateCustomField(actor, *request), response))
CHRONICLE_UNARY(DeleteCustomField, DeleteCustomFieldRequest, CustomField, Access::kAdmin,
                return Into(app_->DeleteCustomField(actor, *request), response))
CHRONICLE_UNARY(ListCustomFields, ListCustomFieldsRequest, ListCustomFieldsResponse,
                Access::kAnyUser, return app_->ListCustomFields(*request, response))
CHRONICLE_UNARY(CreateImportJob, CreateImportJobRequest, ImportJob, Access::kAnyUser,
                return Into(app_->CreateImportJob(actor, *request), response))
CHRONICLE_UNARY(GetImportJob, GetImportJobRequest, ImportJob, Access::kAnyUser,
                return Into(app_->GetImportJob(*request), response))
CHRONICLE_UNARY(CompleteImportJob, CompleteImportJobRequest, ImportJob, Access::kAnyUser,
                return Into(app_->CompleteImportJob(actor, *request), response))
CHRONICLE_UNARY(RevertImportJob, RevertImportJobRequest, ImportJob, Access::kAnyUser,
                return Into(app_->RevertImportJob(actor, *request), response))

#undef CHRONICLE_UNARY

}  // namespace chronicle::contacts
