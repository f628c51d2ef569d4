// The contacts service through gRPC on loopback, against an in-process chronicled: cards, intake,
// deduplication and merge, batch writes, custom fields, imports, lists and search, and the errors
// bad input gets (precise, and nothing written).
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/event_log.grpc.pb.h"
#include "chronicle/v1/projections.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "service_api_test.h"

namespace chronicle {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

using testing::BadFields;
using testing::kAdminToken;
// The fixture's manager: "anna", role manager.
constexpr const char* kManagerToken = testing::kAnnaToken;

class ContactsApiTest : public testing::ServiceApiTest {
 protected:
  void SetUp() override {
    StartServer({"contacts"});
    contacts_ = v1::Contacts::NewStub(channel_);
  }

  v1::Client Create(const v1::Client& client, const std::string& request_id = "") {
    v1::CreateClientRequest request;
    *request.mutable_client() = client;
    request.set_request_id(request_id);
    v1::Client created;
    grpc::Status status = contacts_->CreateClient(Context().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status Get(const std::string& name, v1::Client* out) {
    v1::GetClientRequest request;
    request.set_name(name);
    return contacts_->GetClient(Context().get(), request, out);
  }

  v1::SubmitInquiryResponse Inquiry(const std::string& request_id, const std::string& name,
                                    const std::string& phone, const std::string& email = "",
                                    const std::string& utm_source = "") {
    v1::SubmitInquiryRequest request;
    request.set_request_id(request_id);
    request.set_contact_name(name);
    if (!phone.empty()) request.add_phones()->set_number(phone);
    if (!email.empty()) request.add_emails()->set_address(email);
    request.mutable_attribution()->set_channel(v1::CHANNEL_WEB_FORM);
    request.mutable_attribution()->set_utm_source(utm_source);
    v1::SubmitInquiryResponse response;
    grpc::Status status = contacts_->SubmitInquiry(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<std::string> Search(const std::string& query) {
    v1::SearchClientsRequest request;
    request.set_query(query);
    v1::SearchClientsResponse response;
    grpc::Status status = contacts_->SearchClients(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& result : response.results()) names.push_back(result.client().display_name());
    return names;
  }

  static v1::Client Person(const std::string& surname, const std::string& given,
                           const std::string& phone = "", const std::string& email = "") {
    v1::Client client;
    client.set_surname(surname);
    client.set_given_name(given);
    if (!phone.empty()) client.add_phones()->set_number(phone);
    if (!email.empty()) client.add_emails()->set_address(email);
    return client;
  }

  std::unique_ptr<v1::Contacts::Stub> contacts_;
};

TEST_F(ContactsApiTest, EveryRpcRefusesCallsWithoutAValidToken) {
  testing::ExpectEveryRpcRefusesBadTokens(channel_.get(), "chronicle.v1.Contacts");
  EXPECT_EQ(Head(), 0u);
}

TEST_F(ContactsApiTest, TheCallersCorrelationIdReachesTheEventsItWrites) {
  v1::Client card;
  card.set_display_name("Иван Петров");
  v1::CreateClientRequest request;
  *request.mutable_client() = card;
  v1::Client created;
  auto context = Context();
  context->AddMetadata("x-correlation-id", "frontend-req-7f3a");
  ASSERT_TRUE(contacts_->CreateClient(context.get(), request, &created).ok());
  auto echoed = context->GetServerInitialMetadata().find("x-correlation-id");
  ASSERT_NE(echoed, context->GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), "frontend-req-7f3a");

  // Without one (or with one no log should carry), the server makes one up and says which.
  auto anonymous = Context();
  anonymous->AddMetadata("x-correlation-id", std::string(300, 'x'));
  ASSERT_TRUE(contacts_->CreateClient(anonymous.get(), request, &created).ok());
  auto made_up = anonymous->GetServerInitialMetadata().find("x-correlation-id");
  ASSERT_NE(made_up, anonymous->GetServerInitialMetadata().end());
  const std::string generated(made_up->second.data(), made_up->second.size());
  EXPECT_EQ(generated.size(), 36u);  // a UUID

  v1::ListEventsRequest list;
  list.set_page_size(100);
  v1::ListEventsResponse events;
  ASSERT_TRUE(log_->ListEvents(Context(testing::kAdminToken).get(), list, &events).ok());
  std::vector<std::string> correlations;
  for (const v1::EventEnvelope& event : events.events()) {
    if (event.event_type() == "contacts.ClientCreated")
      correlations.push_back(event.correlation_id());
  }
  EXPECT_EQ(correlations, (std::vector<std::string>{"frontend-req-7f3a", generated}));
}

TEST_F(ContactsApiTest, CardRoundTripNormalizesAndVersions) {
  v1::Client input =
      Person("Иванова", "Александра", "8 (912) 345-67-89", " Sasha.Ivanova@Mail.RU ");
  input.set_patronymic("Петровна");
  input.set_preferred_address("Зовите её Саша, не Александра");
  input.add_tags("VIP");
  input.add_tags("vip ");
  input.set_temperature(v1::TEMPERATURE_HOT);
  input.set_owner("anna");
  v1::Client created = Create(input);
  EXPECT_EQ(created.display_name(), "Иванова Александра Петровна");
  ASSERT_EQ(created.phones_size(), 1);
  EXPECT_EQ(created.phones(0).e164(), "+79123456789");
  EXPECT_EQ(created.emails(0).normalized(), "sasha.ivanova@mail.ru");
  EXPECT_THAT(created.tags(), ElementsAre("VIP"));
  EXPECT_EQ(created.effective_owner(), "anna");
  EXPECT_EQ(created.create_user(), "anna");

  v1::Client fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.DebugString(), created.DebugString());

  // Update with the current etag; then the same stale etag is refused.
  v1::UpdateClientRequest update;
  update.mutable_client()->set_name(created.name());
  update.mutable_client()->set_etag(created.etag());
  update.mutable_client()->set_temperature(v1::TEMPERATURE_WARM);
  update.mutable_client()->set_birthday("--03-08");
  update.mutable_update_mask()->add_paths("temperature");
  update.mutable_update_mask()->add_paths("birthday");
  v1::Client updated;
  ASSERT_TRUE(contacts_->UpdateClient(Context().get(), update, &updated).ok());
  EXPECT_EQ(updated.temperature(), v1::TEMPERATURE_WARM);
  EXPECT_NE(updated.etag(), created.etag());
  const uint64_t head = Head();
  grpc::Status stale = contacts_->UpdateClient(Context().get(), update, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Head(), head);

  // As of the creation instant, the card is as created.
  v1::GetClientRequest as_of;
  as_of.set_name(created.name());
  *as_of.mutable_read_time() = created.update_time();
  v1::Client then;
  ASSERT_TRUE(contacts_->GetClient(Context().get(), as_of, &then).ok());
  EXPECT_EQ(then.temperature(), v1::TEMPERATURE_HOT);
  *as_of.mutable_read_time() = google::protobuf::util::TimeUtil::SecondsToTimestamp(1);
  EXPECT_EQ(contacts_->GetClient(Context().get(), as_of, &then).error_code(),
            grpc::StatusCode::NOT_FOUND);

  // History: both events, with actor and time.
  v1::ListClientEventsRequest history;
  history.set_name(created.name());
  v1::ListClientEventsResponse events;
  ASSERT_TRUE(contacts_->ListClientEvents(Context().get(), history, &events).ok());
  ASSERT_EQ(events.events_size(), 2);
  EXPECT_EQ(events.events(0).event_type(), "contacts.ClientCreated");
  EXPECT_EQ(events.events(1).event_type(), "contacts.ClientUpdated");
  EXPECT_EQ(events.events(1).actor().user_id(), "anna");
}

TEST_F(ContactsApiTest, BadInputNamesEveryFieldAndWritesNothing) {
  v1::CustomField segment;
  segment.set_display_name("Сегмент");
  segment.set_type(v1::CUSTOM_FIELD_TYPE_CHOICE);
  segment.set_required(true);
  segment.set_segmentation(true);
  segment.add_options()->set_value("b2b");
  segment.add_options()->set_value("b2c");
  v1::CreateCustomFieldRequest define;
  *define.mutable_custom_field() = segment;
  define.set_custom_field_id("segment");
  v1::CustomField defined;
  // Only admins define fields.
  EXPECT_EQ(contacts_->CreateCustomField(Context().get(), define, &defined).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(contacts_->CreateCustomField(Context(kAdminToken).get(), define, &defined).ok());
  const uint64_t head = Head();

  v1::CreateClientRequest request;
  *request.mutable_client() = Person("Петров", "Олег", "12345", "not-an-email");
  request.mutable_client()->set_notes(std::string(30'000, 'x'));
  (*request.mutable_client()->mutable_custom_fields())["budget"].set_number(5);
  v1::Client created;
  grpc::Status status = contacts_->CreateClient(Context().get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      BadFields(status),
      UnorderedElementsAre("client.phones[0].number", "client.emails[0].address", "client.notes",
                           "client.custom_fields.budget", "client.custom_fields.segment"));

  // A value of the wrong type, and an option the list does not have.
  (*request.mutable_client()->mutable_custom_fields())["segment"].set_number(1);
  request.mutable_client()->mutable_custom_fields()->erase("budget");
  request.mutable_client()->clear_notes();
  status = contacts_->CreateClient(Context().get(), request, &created);
  EXPECT_THAT(BadFields(status), ::testing::Contains("client.custom_fields.segment"));
  (*request.mutable_client()->mutable_custom_fields())["segment"].set_choice("b2g");
  status = contacts_->CreateClient(Context().get(), request, &created);
  EXPECT_THAT(status.error_message(), HasSubstr("'b2g' is not an option"));
  EXPECT_EQ(Head(), head);

  v1::Client missing;
  EXPECT_EQ(Get("clients/no-such-client", &missing).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("people/1", &missing).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::UpdateClientRequest update;
  update.mutable_client()->set_name("clients/no-such-client");
  update.mutable_update_mask()->add_paths("notes");
  EXPECT_EQ(contacts_->UpdateClient(Context().get(), update, &missing).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Head(), head);
}

TEST_F(ContactsApiTest, IntakeLandsEveryInquiryOnOneCard) {
  auto first = Inquiry("form-1", "Иванова Александра", "+7 912 345 67 89", "", "yandex");
  EXPECT_EQ(first.outcome(), v1::SubmitInquiryResponse::CREATED);
  EXPECT_EQ(first.client().surname(), "Иванова");
  EXPECT_EQ(first.client().first_touch().utm_source(), "yandex");

  // The same form posted twice: the same card, nothing new.
  const uint64_t head = Head();
  auto again = Inquiry("form-1", "Иванова Александра", "+7 912 345 67 89", "", "yandex");
  EXPECT_EQ(again.outcome(), v1::SubmitInquiryResponse::CREATED);
  EXPECT_EQ(again.client().name(), first.client().name());
  EXPECT_EQ(Head(), head);

  // A call from the same number written the Russian way attaches, keeping the first touch.
  auto call = Inquiry("call-7", "", "8 (912) 345-67-89", "sasha@example.ru", "direct");
  EXPECT_EQ(call.outcome(), v1::SubmitInquiryResponse::ATTACHED);
  EXPECT_EQ(call.matched_by(), "phone");
  EXPECT_EQ(call.client().name(), first.client().name());
  EXPECT_EQ(call.client().first_touch().utm_source(), "yandex");
  EXPECT_EQ(call.client().last_touch().utm_source(), "direct");
  EXPECT_EQ(call.client().touch_count(), 2);
  ASSERT_EQ(call.client().emails_size(), 1);  // the new email joined the card

  // Now the email alone finds the card too.
  auto mail = Inquiry("mail-3", "", "", "SASHA@example.ru");
  EXPECT_EQ(mail.matched_by(), "email");
  EXPECT_EQ(mail.client().name(), first.client().name());

  // An invalid phone is a precise error.
  v1::SubmitInquiryRequest bad;
  bad.set_request_id("bad-1");
  bad.add_phones()->set_number("звоните");
  v1::SubmitInquiryResponse response;
  grpc::Status status = contacts_->SubmitInquiry(Context().get(), bad, &response);
  EXPECT_THAT(BadFields(status), ElementsAre("phones[0].number"));
}

TEST_F(ContactsApiTest, ConcurrentInquiriesWithOnePhoneMakeOneCard) {
  std::vector<std::thread> threads;
  std::vector<v1::SubmitInquiryResponse> responses(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      responses[i] =
          Inquiry("concurrent-" + std::to_string(i), "Ткаченко Оксана", "+380 50 123 45 67");
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> cards;
  int created = 0;
  for (const auto& r : responses) {
    cards.insert(r.client().name());
    created += r.outcome() == v1::SubmitInquiryResponse::CREATED;
  }
  EXPECT_EQ(cards.size(), 1u);
  EXPECT_EQ(created, 1);
  v1::Client card;
  ASSERT_TRUE(Get(*cards.begin(), &card).ok());
  EXPECT_EQ(card.touch_count(), 8);
}

TEST_F(ContactsApiTest, SearchFindsCyrillicLatinPhoneAndEmail) {
  Create(Person("Иванова", "Саша", "+79123456789", "s.ivanova@mail.ru"));
  Create(Person("Ivanov", "Dmitry", "+79990001122"));
  Create(Person("Шевченко", "Тарас", "+380671234567"));
  EXPECT_THAT(Search("Sasha Ivanova"), ElementsAre("Иванова Саша"));
  EXPECT_THAT(Search("саша"), ElementsAre("Иванова Саша"));
  EXPECT_THAT(Search("Иванов"), UnorderedElementsAre("Иванова Саша", "Ivanov Dmitry"));
  // The exact word outranks the longer one it starts.
  EXPECT_THAT(Search("ivanov"), ElementsAre("Ivanov Dmitry", "Иванова Саша"));
  EXPECT_THAT(Search("8 (912) 345-67-89"), ElementsAre("Иванова Саша"));
  EXPECT_THAT(Search("4567"), ElementsAre("Шевченко Тарас"));      // the last digits
  EXPECT_THAT(Search("9123456789"), ElementsAre("Иванова Саша"));  // without the country code
  EXPECT_THAT(Search("38067"), ElementsAre("Шевченко Тарас"));     // the start
  EXPECT_THAT(Search("Shevchenko"), ElementsAre("Шевченко Тарас"));
  Create(Person("Петрова", "Александра", "+79161112233"));
  EXPECT_THAT(Search("Саша Петрова"), ElementsAre("Петрова Александра"));  // a diminutive
  EXPECT_THAT(Search("Sasha"), UnorderedElementsAre("Иванова Саша", "Петрова Александра"));
  EXPECT_THAT(Search("mail.ru"), ElementsAre("Иванова Саша"));
  EXPECT_TRUE(Search("Sidorov").empty());
}

TEST_F(ContactsApiTest, MergeIsReversible) {
  v1::Client a = Create(Person("Иванова", "Саша", "+79123456789"));
  v1::Client b = Create(Person("Ivanova", "Sasha", "", "sasha@example.ru"));
  v1::FindDuplicatesRequest find;
  find.set_name(b.name());
  v1::FindDuplicatesResponse duplicates;
  ASSERT_TRUE(contacts_->FindDuplicates(Context().get(), find, &duplicates).ok());
  ASSERT_EQ(duplicates.candidates_size(), 1);
  EXPECT_EQ(duplicates.candidates(0).client().name(), a.name());
  EXPECT_THAT(duplicates.candidates(0).reasons(), ElementsAre("name"));

  v1::MergeClientsRequest merge;
  merge.set_source(a.name());
  merge.set_target(b.name());
  v1::Client merged;
  ASSERT_TRUE(contacts_->MergeClients(Context().get(), merge, &merged).ok());
  EXPECT_EQ(merged.phones_size(), 1);
  EXPECT_THAT(merged.merged_from(), ElementsAre(a.name()));
  v1::Client resolved;
  ASSERT_TRUE(Get(a.name(), &resolved).ok());
  EXPECT_EQ(resolved.name(), b.name());  // references to A resolve to B
  EXPECT_THAT(Search("+79123456789"), ElementsAre("Ivanova Sasha"));

  v1::UnmergeClientRequest unmerge;
  unmerge.set_name(a.name());
  v1::Client restored;
  ASSERT_TRUE(contacts_->UnmergeClient(Context().get(), unmerge, &restored).ok());
  EXPECT_EQ(restored.name(), a.name());
  ASSERT_TRUE(Get(b.name(), &resolved).ok());
  EXPECT_EQ(resolved.phones_size(), 0);
  EXPECT_TRUE(resolved.merged_from().empty());
  ASSERT_TRUE(Get(a.name(), &resolved).ok());
  EXPECT_EQ(resolved.name(), a.name());
  EXPECT_EQ(contacts_->UnmergeClient(Context().get(), unmerge, &restored).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(ContactsApiTest, DuplicateGroupsAcrossTheWorkspacePageByPage) {
  Create(Person("Алексеев", "Пётр", "+79001110000"));
  Create(Person("Борисов", "Иван", "8 900 111-00-00"));
  Create(Person("Васильев", "Олег", "+7 900 111 00 00"));
  Create(Person("Григорьев", "Павел", "", "same@example.ru"));
  Create(Person("Денисов", "Игорь", "", "SAME@example.ru"));
  Create(Person("Ефимова", "Юлия"));
  Create(Person("Efimova", "Julia"));
  Create(Person("Жуков", "Антон", "+79002223344"));  // alone: no group
  std::vector<std::string> seen;
  v1::ListDuplicateGroupsRequest request;
  request.set_page_size(1);
  int pages = 0;
  do {
    v1::ListDuplicateGroupsResponse response;
    ASSERT_TRUE(contacts_->ListDuplicateGroups(Context().get(), request, &response).ok());
    for (const auto& group : response.groups()) {
      seen.push_back(absl::StrCat(group.reason(), " ", group.shared(), " x", group.clients_size()));
    }
    request.set_page_token(response.next_page_token());
    ASSERT_LT(++pages, 10);
  } while (!request.page_token().empty());
  EXPECT_THAT(seen, ElementsAre("phone +79001110000 x3", "email same@example.ru x2",
                                "name efimova iulia x2"));
}

TEST_F(ContactsApiTest, BatchWriteReportsEachItem) {
  v1::Client existing = Create(Person("Коваленко", "Ольга", "+380501112233"));
  v1::BatchWriteClientsRequest batch;
  auto add = [&](v1::ClientWrite::Mode mode, v1::Client client) {
    auto* write = batch.add_writes();
    write->set_mode(mode);
    *write->mutable_client() = std::move(client);
  };
  v1::Client enriched = Person("", "", "0501112233", "olga@kovalenko.ua");
  add(v1::ClientWrite::UPSERT, enriched);  // matches by phone (UA number)
  add(v1::ClientWrite::UPSERT, Person("Мельник", "Анна", "+79001234567"));     // new
  add(v1::ClientWrite::UPSERT, Person("Мельник", "Анна", "8 900 123-45-67"));  // same as previous
  add(v1::ClientWrite::CREATE, Person("Bad", "Row", "000"));                   // invalid phone
  add(v1::ClientWrite::UPSERT, Person("", "", "+380501112233"));               // nothing new
  batch.set_request_id("batch-1");
  // The server reads numbers without "+" as Russian by default; this one is Ukrainian.
  batch.mutable_writes(0)->mutable_client()->mutable_phones(0)->set_number("+380501112233");
  v1::BatchWriteClientsResponse response;
  ASSERT_TRUE(contacts_->BatchWriteClients(Context().get(), batch, &response).ok());
  ASSERT_EQ(response.results_size(), 5);
  EXPECT_EQ(response.results(0).outcome(), v1::ClientWriteResult::UPDATED);
  EXPECT_EQ(response.results(0).client(), existing.name());
  EXPECT_EQ(response.results(1).outcome(), v1::ClientWriteResult::CREATED);
  EXPECT_EQ(response.results(2).outcome(), v1::ClientWriteResult::MATCHED);
  EXPECT_EQ(response.results(2).client(), response.results(1).client());
  EXPECT_EQ(response.results(3).outcome(), v1::ClientWriteResult::FAILED);
  EXPECT_THAT(response.results(3).bad_fields(), ElementsAre("writes[3].client.phones[0].number"));
  EXPECT_EQ(response.results(4).outcome(), v1::ClientWriteResult::MATCHED);
  v1::Client card;
  ASSERT_TRUE(Get(existing.name(), &card).ok());
  EXPECT_EQ(card.surname(), "Коваленко");  // kept, not blanked by the upsert
  EXPECT_EQ(card.emails(0).normalized(), "olga@kovalenko.ua");

  // The batch retried: nothing new is written.
  const uint64_t head = Head();
  ASSERT_TRUE(contacts_->BatchWriteClients(Context().get(), batch, &response).ok());
  EXPECT_EQ(Head(), head);
}

TEST_F(ContactsApiTest, ImportJobRevertsWhatItDid) {
  v1::Client kept = Create(Person("Волков", "Игорь", "+79030001111"));
  v1::CreateImportJobRequest create;
  create.mutable_import_job()->set_file_name("clients.csv");
  create.mutable_import_job()->set_total_rows(2);
  v1::ImportJob job;
  ASSERT_TRUE(contacts_->CreateImportJob(Context().get(), create, &job).ok());
  v1::BatchWriteClientsRequest batch;
  batch.set_import_job(job.name());
  auto* w1 = batch.add_writes();
  w1->set_mode(v1::ClientWrite::UPSERT);
  *w1->mutable_client() = Person("", "", "+79030001111", "volkov@example.ru");
  auto* w2 = batch.add_writes();
  w2->set_mode(v1::ClientWrite::UPSERT);
  *w2->mutable_client() = Person("Новиков", "Павел", "+79030002222");
  v1::BatchWriteClientsResponse written;
  ASSERT_TRUE(contacts_->BatchWriteClients(Context().get(), batch, &written).ok());
  v1::GetImportJobRequest get;
  get.set_name(job.name());
  ASSERT_TRUE(contacts_->GetImportJob(Context().get(), get, &job).ok());
  EXPECT_EQ(job.created(), 1);
  EXPECT_EQ(job.updated(), 1);

  v1::RevertImportJobRequest revert;
  revert.set_name(job.name());
  ASSERT_TRUE(contacts_->RevertImportJob(Context().get(), revert, &job).ok());
  EXPECT_EQ(job.state(), v1::ImportJob::REVERTED);
  EXPECT_EQ(job.reverted_clients(), 2);
  v1::Client card;
  ASSERT_TRUE(Get(kept.name(), &card).ok());
  EXPECT_EQ(card.emails_size(), 0);  // the import's addition went back
  EXPECT_EQ(Get(written.results(1).client(), &card).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Search("Новиков").empty());
}

TEST_F(ContactsApiTest, ListFiltersSortsAndPages) {
  for (int i = 0; i < 7; ++i) {
    v1::Client client = Person("Клиент" + std::to_string(i), "Тест");
    client.set_owner(i % 2 ? "anna" : "igor");
    client.set_temperature(i < 3 ? v1::TEMPERATURE_HOT : v1::TEMPERATURE_COLD);
    if (i == 4) client.add_tags("VIP");
    Create(client);
  }
  v1::ListClientsRequest request;
  request.set_filter("owner = \"igor\" AND temperature = HOT");
  request.set_show_total_size(true);
  v1::ListClientsResponse response;
  ASSERT_TRUE(contacts_->ListClients(Context().get(), request, &response).ok());
  EXPECT_EQ(response.total_size(), 2);  // 0 and 2
  EXPECT_EQ(response.clients_size(), 2);

  request.set_filter("tags:\"vip\"");
  ASSERT_TRUE(contacts_->ListClients(Context().get(), request, &response).ok());
  ASSERT_EQ(response.clients_size(), 1);
  EXPECT_EQ(response.clients(0).surname(), "Клиент4");

  // Pages of 3, newest first, every client once.
  request.Clear();
  request.set_order_by("create_time desc");
  request.set_page_size(3);
  request.mutable_read_mask()->add_paths("surname");
  std::vector<std::string> seen;
  do {
    response.Clear();
    ASSERT_TRUE(contacts_->ListClients(Context().get(), request, &response).ok());
    for (const auto& c : response.clients()) {
      seen.push_back(c.surname());
      EXPECT_TRUE(c.phones().empty() && c.owner().empty());  // the read mask
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  EXPECT_THAT(seen, ElementsAre("Клиент6", "Клиент5", "Клиент4", "Клиент3", "Клиент2", "Клиент1",
                                "Клиент0"));

  request.Clear();
  request.set_filter("owner ~ anna");
  grpc::Status status = contacts_->ListClients(Context().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadFields(status), ElementsAre("filter"));
}

TEST_F(ContactsApiTest, ReassignTemporarilyAndConsent) {
  v1::Client client = Person("Орлов", "Максим", "+79161234567");
  client.set_owner("igor");
  v1::Client created = Create(client);
  v1::ReassignClientsRequest reassign;
  reassign.set_from_owner("igor");
  reassign.set_to_owner("anna");
  *reassign.mutable_until() = google::protobuf::util::TimeUtil::GetCurrentTime();
  reassign.mutable_until()->set_seconds(reassign.until().seconds() + 86400);
  reassign.set_reason("igor on vacation");
  v1::ReassignClientsResponse reassigned;
  ASSERT_TRUE(contacts_->ReassignClients(Context().get(), reassign, &reassigned).ok());
  EXPECT_EQ(reassigned.reassigned(), 1);
  v1::Client card;
  ASSERT_TRUE(Get(created.name(), &card).ok());
  EXPECT_EQ(card.owner(), "igor");
  EXPECT_EQ(card.effective_owner(), "anna");
  v1::ListClientsRequest list;
  list.set_filter("owner = anna");
  v1::ListClientsResponse listed;
  ASSERT_TRUE(contacts_->ListClients(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.clients_size(), 1);

  // By a filter: every hot client goes to igor, permanently.
  v1::Client hot = Person("Жуков", "Павел", "+79161234568");
  hot.set_temperature(v1::TEMPERATURE_HOT);
  hot.set_owner("maxim");
  v1::Client hot_card = Create(hot);
  reassign.Clear();
  reassign.set_filter("temperature = HOT");
  reassign.set_to_owner("igor");
  ASSERT_TRUE(contacts_->ReassignClients(Context().get(), reassign, &reassigned).ok());
  EXPECT_THAT(reassigned.clients(), ElementsAre(hot_card.name()));
  reassign.set_from_owner("anna");  // two selectors at once: refused
  EXPECT_EQ(contacts_->ReassignClients(Context().get(), reassign, &reassigned).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::RecordConsentRequest consent;
  consent.set_name(created.name());
  consent.set_kind(v1::CONSENT_KIND_MARKETING);
  consent.set_granted(true);
  grpc::Status status = contacts_->RecordConsent(Context().get(), consent, &card);
  EXPECT_THAT(BadFields(status), ElementsAre("source"));
  consent.set_source("галочка в форме на сайте");
  ASSERT_TRUE(contacts_->RecordConsent(Context().get(), consent, &card).ok());
  EXPECT_TRUE(card.marketing_consent().granted());
  consent.set_granted(false);
  ASSERT_TRUE(contacts_->RecordConsent(Context().get(), consent, &card).ok());
  EXPECT_FALSE(card.marketing_consent().granted());
  EXPECT_TRUE(card.marketing_consent().has_withdraw_time());
}

TEST_F(ContactsApiTest, CompaniesListTheirPersonsAndRenameReachesSearch) {
  v1::CreateCompanyRequest create;
  create.set_company_id("romashka");
  create.mutable_company()->set_display_name("ООО Ромашка");
  create.mutable_company()->set_tax_id("7701234567");
  v1::Company company;
  ASSERT_TRUE(contacts_->CreateCompany(Context().get(), create, &company).ok());
  v1::Client person = Person("Лебедева", "Марина");
  auto* link = person.add_companies();
  link->set_company(company.name());
  link->set_role("закупщик");
  v1::Client card = Create(person);
  EXPECT_THAT(Search("Ромашка"), ElementsAre("Лебедева Марина"));

  v1::GetCompanyRequest get;
  get.set_name(company.name());
  ASSERT_TRUE(contacts_->GetCompany(Context().get(), get, &company).ok());
  ASSERT_EQ(company.persons_size(), 1);
  EXPECT_EQ(company.persons(0).client(), card.name());
  EXPECT_EQ(company.persons(0).role(), "закупщик");

  v1::UpdateCompanyRequest rename;
  rename.mutable_company()->set_name(company.name());
  rename.mutable_company()->set_display_name("ООО Василёк");
  rename.mutable_update_mask()->add_paths("display_name");
  ASSERT_TRUE(contacts_->UpdateCompany(Context().get(), rename, &company).ok());
  EXPECT_THAT(Search("Василёк"), ElementsAre("Лебедева Марина"));
  EXPECT_TRUE(Search("Ромашка").empty());
  rename.mutable_company()->set_tax_id("12-34");
  rename.mutable_update_mask()->add_paths("tax_id");
  grpc::Status status = contacts_->UpdateCompany(Context().get(), rename, &company);
  EXPECT_THAT(BadFields(status), ElementsAre("company.tax_id"));
}

TEST_F(ContactsApiTest, CustomFieldDefinitionsChangeWithoutBreakingCards) {
  v1::CreateCustomFieldRequest define;
  define.set_custom_field_id("channel");
  define.mutable_custom_field()->set_display_name("Канал");
  define.mutable_custom_field()->set_type(v1::CUSTOM_FIELD_TYPE_CHOICE);
  define.mutable_custom_field()->add_options()->set_value("fax");
  define.mutable_custom_field()->add_options()->set_value("site");
  v1::CustomField field;
  ASSERT_TRUE(contacts_->CreateCustomField(Context(kAdminToken).get(), define, &field).ok());
  v1::Client input = Person("Факсов", "Пётр");
  (*input.mutable_custom_fields())["channel"].set_choice("fax");
  v1::Client card = Create(input);

  // Deprecate "fax" (removing it is refused), then retire the field.
  v1::UpdateCustomFieldRequest update;
  *update.mutable_custom_field() = field;
  update.mutable_custom_field()->mutable_options(0)->set_deprecated(true);
  update.mutable_update_mask()->add_paths("options");
  ASSERT_TRUE(contacts_->UpdateCustomField(Context(kAdminToken).get(), update, &field).ok());
  EXPECT_TRUE(field.options(0).deprecated());
  v1::CreateClientRequest again;
  *again.mutable_client() = input;
  v1::Client refused;
  EXPECT_EQ(contacts_->CreateClient(Context().get(), again, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  v1::DeleteCustomFieldRequest retire;
  retire.set_name("customFields/channel");
  ASSERT_TRUE(contacts_->DeleteCustomField(Context(kAdminToken).get(), retire, &field).ok());
  EXPECT_TRUE(field.retired());
  v1::ListCustomFieldsRequest list;
  v1::ListCustomFieldsResponse listed;
  ASSERT_TRUE(contacts_->ListCustomFields(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.custom_fields_size(), 0);
  list.set_show_retired(true);
  ASSERT_TRUE(contacts_->ListCustomFields(Context().get(), list, &listed).ok());
  EXPECT_EQ(listed.custom_fields_size(), 1);

  // The old value is still on the card, and editing another field of it still works.
  v1::Client fetched;
  ASSERT_TRUE(Get(card.name(), &fetched).ok());
  EXPECT_EQ(fetched.custom_fields().at("channel").choice(), "fax");
  v1::UpdateClientRequest edit;
  edit.mutable_client()->set_name(card.name());
  edit.mutable_client()->set_notes("звонил сам");
  edit.mutable_update_mask()->add_paths("notes");
  EXPECT_TRUE(contacts_->UpdateClient(Context().get(), edit, &fetched).ok());
}

TEST_F(ContactsApiTest, RebuiltFromHistoryTheReadModelIsTheSame) {
  // A history with every kind of change in it.
  v1::Client a = Create(Person("Иванова", "Саша", "+79123456789"));
  v1::Client b = Create(Person("Ivanova", "Sasha", "", "sasha@example.ru"));
  Inquiry("r-1", "Петров Олег", "+79031112233", "", "google");
  Inquiry("r-2", "", "8 903 111-22-33", "oleg@example.ru");
  v1::UpdateClientRequest update;
  update.mutable_client()->set_name(b.name());
  update.mutable_client()->add_tags("VIP");
  update.mutable_update_mask()->add_paths("tags");
  v1::Client ignored;
  ASSERT_TRUE(contacts_->UpdateClient(Context().get(), update, &ignored).ok());
  v1::MergeClientsRequest merge;
  merge.set_source(a.name());
  merge.set_target(b.name());
  ASSERT_TRUE(contacts_->MergeClients(Context().get(), merge, &ignored).ok());
  Create(Person("Шевченко", "Тарас", "+380671234567"));

  auto snapshot = [&] {
    std::vector<std::string> out;
    v1::ListClientsRequest list;
    list.set_order_by("display_name");
    v1::ListClientsResponse listed;
    EXPECT_TRUE(contacts_->ListClients(Context().get(), list, &listed).ok());
    for (const v1::Client& c : listed.clients()) out.push_back(c.DebugString());
    for (const char* query : {"Саша", "Ivanova", "9031112233", "oleg@example.ru", "Shevchenko"}) {
      for (const std::string& name : Search(query))
        out.push_back(std::string(query) + " -> " + name);
    }
    v1::Client merged_away;
    EXPECT_TRUE(Get(a.name(), &merged_away).ok());
    out.push_back(merged_away.name());
    return out;
  };
  const std::vector<std::string> live = snapshot();
  ASSERT_GE(live.size(), 8u);

  auto projections = v1::Projections::NewStub(channel_);
  v1::RebuildProjectionRequest rebuild;
  rebuild.set_name("projections/contacts");
  v1::Projection status;
  ASSERT_TRUE(projections->RebuildProjection(Context(kAdminToken).get(), rebuild, &status).ok());
  const uint64_t old_generation = status.generation();
  v1::GetProjectionRequest get;
  get.set_name("projections/contacts");
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  do {
    ASSERT_TRUE(projections->GetProjection(Context().get(), get, &status).ok());
  } while ((status.state() != v1::Projection::LIVE || status.generation() == old_generation) &&
           absl::Now() < deadline && (absl::SleepFor(absl::Milliseconds(20)), true));
  ASSERT_EQ(status.state(), v1::Projection::LIVE);
  ASSERT_GT(status.generation(), old_generation);
  EXPECT_EQ(snapshot(), live);
}

TEST_F(ContactsApiTest, AnUnreadableRawEventDoesNotStopTheProjection) {
  // An admin's raw append of a contacts event with a payload of the wrong type.
  auto log = v1::EventLog::NewStub(channel_);
  v1::AppendEventsRequest raw;
  raw.mutable_stream()->set_type("client");
  raw.mutable_stream()->set_id("broken");
  raw.set_command_id("raw-1");
  raw.set_expected_version(-1);
  auto* event = raw.add_events();
  event->set_event_type("contacts.ClientCreated");
  google::protobuf::Empty wrong;
  event->mutable_payload()->PackFrom(wrong);
  v1::AppendEventsResponse appended;
  ASSERT_TRUE(log->AppendEvents(Context(kAdminToken).get(), raw, &appended).ok());

  v1::Client later = Create(Person("Поляков", "Игорь", "+79051234567"));
  EXPECT_THAT(Search("Поляков"), ElementsAre("Поляков Игорь"));  // the projection kept going
  v1::UpdateClientRequest update;
  update.mutable_client()->set_name("clients/broken");
  update.mutable_update_mask()->add_paths("notes");
  v1::Client ignored;
  EXPECT_EQ(contacts_->UpdateClient(Context().get(), update, &ignored).error_code(),
            grpc::StatusCode::DATA_LOSS);
}

}  // namespace
}  // namespace chronicle
