// The deals service through gRPC on loopback, against an in-process chronicled running contacts
// and deals: a lead from a web form becomes a deal that carries its attribution, concurrent moves
// with one etag (exactly one wins), the duplicate guard's error details, and bad input that gets a
// precise error and writes nothing.
#include <atomic>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "chronicle/v1/contacts.grpc.pb.h"
#include "chronicle/v1/deals.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "new_sales_pipeline.h"
#include "service_api_test.h"

namespace chronicle {
namespace {

using ::testing::HasSubstr;

using testing::BadFields;
using testing::kAdminToken;
using testing::kAnnaToken;
using testing::kIgorToken;

class DealsApiTest : public testing::ServiceApiTest {
 protected:
  void SetUp() override {
    StartServer({"contacts", "deals"});
    deals_ = v1::Deals::NewStub(channel_);
    contacts_ = v1::Contacts::NewStub(channel_);
    CreatePipeline();
    v1::CreateRefusalReasonRequest reason;
    reason.set_refusal_reason_id("expensive");
    reason.mutable_refusal_reason()->set_display_name("Дорого");
    v1::RefusalReason created;
    ASSERT_TRUE(deals_->CreateRefusalReason(Context(kAdminToken).get(), reason, &created).ok());
  }

  void CreatePipeline() {
    v1::CreatePipelineRequest request = testing::NewSalesPipeline();
    v1::Pipeline created;
    grpc::Status status = deals_->CreatePipeline(Context(kAdminToken).get(), request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // A lead from the web form, through the contacts service.
  std::string Lead(const std::string& phone) {
    v1::SubmitInquiryRequest request;
    request.set_request_id("form-" + phone);
    request.set_contact_name("Иванова Александра");
    request.add_phones()->set_number(phone);
    request.mutable_attribution()->set_utm_source("yandex");
    request.mutable_attribution()->set_utm_campaign("black-friday");
    request.mutable_attribution()->set_landing_domain("promo.example.ru");
    v1::SubmitInquiryResponse response;
    grpc::Status status = contacts_->SubmitInquiry(Context().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().name();
  }

  grpc::Status CreateDeal(const char* token, const std::string& client, v1::Deal* out,
                          bool override_guard = false) {
    v1::CreateDealRequest request;
    request.mutable_deal()->set_pipeline("pipelines/new-sales");
    request.mutable_deal()->set_client(client);
    request.mutable_deal()->set_title("Внедрение под ключ");
    request.mutable_deal()->mutable_amount()->set_currency_code("RUB");
    request.mutable_deal()->mutable_amount()->set_units(250'000);
    request.set_override_duplicate_guard(override_guard);
    return deals_->CreateDeal(Context(token).get(), request, out);
  }

  std::unique_ptr<v1::Deals::Stub> deals_;
  std::unique_ptr<v1::Contacts::Stub> contacts_;
};

TEST_F(DealsApiTest, LeadBecomesADealCarryingItsAttributionAndMovesToWon) {
  const std::string client = Lead("+7 916 123-45-67");
  v1::Deal deal;
  ASSERT_TRUE(CreateDeal(kAnnaToken, client, &deal).ok());
  EXPECT_EQ(deal.owner(), "anna");
  EXPECT_EQ(deal.stage(), "lead");
  EXPECT_EQ(deal.attribution().source(), "yandex");
  EXPECT_EQ(deal.attribution().campaign(), "black-friday");
  EXPECT_EQ(deal.attribution().landing(), "promo.example.ru");

  v1::MoveDealRequest move;
  move.set_name(deal.name());
  move.set_stage("proposal");
  move.set_etag(deal.etag());
  v1::Deal moved;
  ASSERT_TRUE(deals_->MoveDeal(Context().get(), move, &moved).ok());
  v1::WinDealRequest win;
  win.set_name(deal.name());
  v1::Deal won;
  ASSERT_TRUE(deals_->WinDeal(Context().get(), win, &won).ok());
  EXPECT_EQ(won.state(), v1::DEAL_STATE_WON);
  EXPECT_EQ(won.sale_kind(), v1::SALE_KIND_NEW);
  // A second won deal of the same client is a repeat sale.
  v1::Deal second;
  ASSERT_TRUE(CreateDeal(kAnnaToken, client, &second).ok());
  win.set_name(second.name());
  ASSERT_TRUE(deals_->WinDeal(Context().get(), win, &won).ok());
  EXPECT_EQ(won.sale_kind(), v1::SALE_KIND_REPEAT);

  v1::GetDealRequest as_of;
  as_of.set_name(deal.name());
  *as_of.mutable_read_time() = moved.update_time();
  v1::Deal then;
  ASSERT_TRUE(deals_->GetDeal(Context().get(), as_of, &then).ok());
  EXPECT_EQ(then.stage(), "proposal");
  EXPECT_EQ(then.state(), v1::DEAL_STATE_OPEN);

  v1::ListDealEventsRequest events_request;
  events_request.set_name(deal.name());
  v1::ListDealEventsResponse events;
  ASSERT_TRUE(deals_->ListDealEvents(Context().get(), events_request, &events).ok());
  ASSERT_EQ(events.events_size(), 3);
  EXPECT_EQ(events.events(1).event_type(), "deals.DealMoved");
  EXPECT_EQ(events.events(1).actor().user_id(), "anna");

  v1::GetBoardRequest board_request;
  board_request.set_pipeline("pipelines/new-sales");
  board_request.set_source("yandex");
  v1::Board board;
  ASSERT_TRUE(deals_->GetBoard(Context().get(), board_request, &board).ok());
  ASSERT_EQ(board.columns_size(), 4);
  EXPECT_EQ(board.columns(2).deal_count(), 2);
  EXPECT_EQ(board.columns(2).totals(0).units(), 500'000);
  EXPECT_EQ(board.columns(2).deals_size(), 2);

  v1::ListDealsRequest list;
  list.set_filter(absl::StrCat("client = \"", client, "\" AND sale_kind = REPEAT"));
  v1::ListDealsResponse listed;
  ASSERT_TRUE(deals_->ListDeals(Context().get(), list, &listed).ok());
  ASSERT_EQ(listed.deals_size(), 1);
  EXPECT_EQ(listed.deals(0).name(), second.name());
}

TEST_F(DealsApiTest, TwoMovesWithOneEtagExactlyOneWins) {
  v1::Deal deal;
  ASSERT_TRUE(CreateDeal(kAnnaToken, Lead("+7 903 000-11-22"), &deal).ok());
  for (int round = 0; round < 10; ++round) {
    v1::GetDealRequest get;
    get.set_name(deal.name());
    ASSERT_TRUE(deals_->GetDeal(Context().get(), get, &deal).ok());
    std::atomic<int> ok{0}, aborted{0};
    std::vector<std::thread> movers;
    for (int mover = 0; mover < 2; ++mover) {
      movers.emplace_back([&] {
        v1::MoveDealRequest move;
        move.set_name(deal.name());
        // Each mover goes to the stage the deal is not in, so neither is a no-op.
        move.set_stage(deal.stage() == "lead" ? "proposal" : "lead");
        move.set_etag(deal.etag());
        v1::Deal moved;
        grpc::Status status = deals_->MoveDeal(Context().get(), move, &moved);
        if (status.ok()) ++ok;
        if (status.error_code() == grpc::StatusCode::ABORTED) ++aborted;
      });
    }
    for (auto& mover : movers) mover.join();
    EXPECT_EQ(ok.load(), 1) << "round " << round;
    EXPECT_EQ(aborted.load(), 1) << "round " << round;
  }
  v1::ListDealEventsRequest events_request;
  events_request.set_name(deal.name());
  v1::ListDealEventsResponse events;
  ASSERT_TRUE(deals_->ListDealEvents(Context().get(), events_request, &events).ok());
  EXPECT_EQ(events.events_size(), 1 + 10);  // created + one move per round
}

TEST_F(DealsApiTest, DuplicateGuardNamesTheOtherDealAndOwnerUnlessOverridden) {
  const std::string client = Lead("+7 925 555-44-33");
  v1::Deal annas;
  ASSERT_TRUE(CreateDeal(kAnnaToken, client, &annas).ok());
  v1::Deal igors;
  grpc::Status refused = CreateDeal(kIgorToken, client, &igors);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr(annas.name() + " owned by anna"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(refused.error_details()));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(details.details(0).UnpackTo(&failure));
  EXPECT_EQ(failure.violations(0).type(), "DUPLICATE_OPEN_DEAL");
  EXPECT_EQ(failure.violations(0).subject(), annas.name());

  ASSERT_TRUE(CreateDeal(kIgorToken, client, &igors, /*override_guard=*/true).ok());
  EXPECT_EQ(igors.overrode_deal(), annas.name());
  // Anna's second deal for her own client is not a conflict between managers... but Igor's is.
  v1::Deal annas_second;
  EXPECT_EQ(CreateDeal(kAnnaToken, client, &annas_second).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DealsApiTest, BadInputGetsPreciseErrorsAndWritesNothing) {
  const std::string client = Lead("+7 916 777-88-99");
  v1::Deal deal;
  ASSERT_TRUE(CreateDeal(kAnnaToken, client, &deal).ok());
  const uint64_t head = Head();

  v1::CreateDealRequest create;
  create.mutable_deal()->set_pipeline("pipelines/tenders");
  create.mutable_deal()->set_client(client);
  create.mutable_deal()->set_title("Тендер");
  v1::Deal out;
  grpc::Status status = deals_->CreateDeal(Context().get(), create, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"deal.pipeline"});
  EXPECT_THAT(status.error_message(), HasSubstr("pipelines/tenders does not exist"));

  create.mutable_deal()->set_pipeline("pipelines/new-sales");
  create.mutable_deal()->set_client("clients/nobody");
  status = deals_->CreateDeal(Context().get(), create, &out);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"deal.client"});

  create.mutable_deal()->set_client(client);
  create.mutable_deal()->mutable_amount()->set_currency_code("RUB");
  create.mutable_deal()->mutable_amount()->set_units(-100);
  status = deals_->CreateDeal(Context().get(), create, &out);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"deal.amount"});
  EXPECT_THAT(status.error_message(), HasSubstr("must not be negative"));

  v1::MoveDealRequest move;
  move.set_name(deal.name());
  move.set_stage("pipelines/tenders/stages/proposal");
  status = deals_->MoveDeal(Context().get(), move, &out);
  EXPECT_EQ(BadFields(status), std::vector<std::string>{"stage"});
  EXPECT_THAT(status.error_message(), HasSubstr("belongs to pipelines/tenders"));
  move.set_stage("negotiation");
  EXPECT_EQ(BadFields(deals_->MoveDeal(Context().get(), move, &out)),
            std::vector<std::string>{"stage"});

  v1::LoseDealRequest lose;
  lose.set_name(deal.name());
  lose.set_reason("refusalReasons/unknown");
  EXPECT_EQ(BadFields(deals_->LoseDeal(Context().get(), lose, &out)),
            std::vector<std::string>{"reason"});
  EXPECT_EQ(Head(), head) << "refused commands must write nothing";

  lose.set_reason("refusalReasons/expensive");
  ASSERT_TRUE(deals_->LoseDeal(Context().get(), lose, &out).ok());
  move.set_stage("proposal");
  status = deals_->MoveDeal(Context().get(), move, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("reopen it"));

  v1::GetDealRequest missing;
  missing.set_name("deals/nope");
  EXPECT_EQ(deals_->GetDeal(Context().get(), missing, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(DealsApiTest, PipelineEditsAreForAdmins) {
  v1::AddStageRequest add;
  add.set_pipeline("pipelines/new-sales");
  add.mutable_stage()->set_id("meeting");
  add.mutable_stage()->set_display_name("Встреча");
  add.mutable_stage()->set_kind(v1::STAGE_KIND_OPEN);
  add.set_index(1);
  v1::Pipeline pipeline;
  EXPECT_EQ(deals_->AddStage(Context(kAnnaToken).get(), add, &pipeline).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(deals_->AddStage(Context(kAdminToken).get(), add, &pipeline).ok());
  EXPECT_EQ(pipeline.stages(1).id(), "meeting");
  auto context = std::make_unique<grpc::ClientContext>();
  v1::ListPipelinesResponse pipelines;
  EXPECT_EQ(deals_->ListPipelines(context.get(), {}, &pipelines).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace chronicle
