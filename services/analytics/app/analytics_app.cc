#include "analytics/app/analytics_app.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "analytics/domain/reports.h"
#include "analytics/domain/settings.h"
#include "chronicle/aggregate/etag.h"
#include "chronicle/aggregate/proto_time.h"
#include "chronicle/aggregate/stamped_request.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/base/log.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/base/uuid.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/analytics_events.pb.h"

namespace chronicle::analytics {
namespace {

using aggregate::FromProtoTime;
using aggregate::MakeStream;
using aggregate::NewEvent;
using aggregate::ToProtoTime;

constexpr char kSettingsStreamId[] = "workspace";
constexpr absl::Duration kReadYourWrites = absl::Seconds(10);

// What is wrong with `money` as a target or spend in `currency`.
void CheckMoney(const v1::Money& money, const std::string& currency, const std::string& field,
                bool required, std::vector<errors::FieldViolation>* violations) {
  if (!required && money.units() == 0 && money.nanos() == 0) return;
  if (money.currency_code() != currency) {
    violations->push_back({field + ".currency_code", absl::StrCat("must be ", currency)});
  }
  if (money.units() < 0 || money.nanos() < 0 || money.nanos() > 999'999'999 ||
      (required && money.units() == 0 && money.nanos() == 0)) {
    violations->push_back({field, required ? "more than 0" : "not negative"});
  }
}

}  // namespace

AnalyticsApp::AnalyticsApp(const AnalyticsAppOptions& options)
    : options_(options), store_(FactStore::Options{options.log, options.clock, [this] {
                                                     (void)store_.StartRebuild("settings changed");
                                                     absl::MutexLock lock(&mu_);
                                                     lifecycle_due_ = true;
                                                   }}) {}

AnalyticsApp::~AnalyticsApp() { Stop(); }

void AnalyticsApp::Start() {
  store_.Start();
  if (options_.lifecycle_interval > absl::ZeroDuration()) {
    lifecycle_thread_ = std::thread([this] { LifecycleLoop(); });
  }
}

void AnalyticsApp::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (lifecycle_thread_.joinable()) lifecycle_thread_.join();
  store_.Stop();
}

void AnalyticsApp::SetLifecycleSink(std::unique_ptr<LifecycleSink> sink) {
  absl::MutexLock lock(&mu_);
  sink_ = std::move(sink);
}

template <typename Response, typename Compute>
absl::StatusOr<Response> AnalyticsApp::Report(const v1::ReportScope& scope, Compute compute) {
  std::optional<absl::Time> as_of;
  if (scope.has_as_of_time()) as_of = FromProtoTime(scope.as_of_time());
  const int64_t now =
      absl::ToUnixSeconds(as_of ? std::min(*as_of, options_.clock->Now()) : options_.clock->Now());
  absl::StatusOr<Response> result = absl::InternalError("report not computed");
  RETURN_IF_ERROR(
      store_.Read([&](const AnalyticsFacts& facts) { result = compute(facts, now); }, as_of));
  return result;
}

#define CHRONICLE_REPORT(Method, Request, Response, Call)                                        \
  absl::StatusOr<v1::Response> AnalyticsApp::Method(const v1::Request& request) {                \
    return Report<v1::Response>(request.scope(), [&](const AnalyticsFacts& facts, int64_t now) { \
      (void)now;                                                                                 \
      return Call;                                                                               \
    });                                                                                          \
  }

CHRONICLE_REPORT(GetFunnelReport, FunnelReportRequest, FunnelReport, FunnelReport(facts, request))
CHRONICLE_REPORT(GetCohortReport, CohortReportRequest, CohortReport, CohortReport(facts, request))
CHRONICLE_REPORT(GetManagerReport, ManagerReportRequest, ManagerReport,
                 ManagerReport(facts, request, now))
CHRONICLE_REPORT(GetSourceReport, SourceReportRequest, SourceReport, SourceReport(facts, request))
CHRONICLE_REPORT(GetRefusalReport, RefusalReportRequest, RefusalReport,
                 RefusalReport(facts, request))
CHRONICLE_REPORT(GetPulseReport, PulseReportRequest, PulseReport, PulseReport(facts, request))
CHRONICLE_REPORT(GetAbcReport, AbcReportRequest, AbcReport, AbcReport(facts, request))
CHRONICLE_REPORT(GetRfmReport, RfmReportRequest, RfmReport, RfmReport(facts, request, now))
CHRONICLE_REPORT(GetLifecycleReport, LifecycleReportRequest, LifecycleReport,
                 LifecycleReport(facts, request, now))
CHRONICLE_REPORT(GetNpsReport, NpsReportRequest, NpsReport, NpsReport(facts, request))
CHRONICLE_REPORT(ListUncontactedClients, ListUncontactedClientsRequest,
                 ListUncontactedClientsResponse, UncontactedClients(facts, request, now))
CHRONICLE_REPORT(GetFactorReport, FactorReportRequest, FactorReport, FactorReport(facts, request))

#undef CHRONICLE_REPORT

absl::StatusOr<eventlog::AppendResult> AnalyticsApp::Record(const v1::StreamId& stream,
                                                            eventlog::ExpectedVersion expected,
                                                            const v1::Actor& actor,
                                                            const std::string& request_id,
                                                            v1::EventEnvelope event) {
  std::vector<v1::EventEnvelope> events = {std::move(event)};
  eventlog::AppendRequest append = aggregate::StampedRequest(stream, expected, actor, request_id,
                                                             options_.clock->Now(), &events);
  ASSIGN_OR_RETURN(eventlog::AppendResult result, options_.log->Append(std::move(append)));
  if (absl::Status s = store_.WaitForPosition(result.last_position, kReadYourWrites); !s.ok()) {
    Log(LogLevel::kWarning, "analytics", "written, but not seen by the projection yet",
        {{"error", s.ToString()}});
  }
  return result;
}

absl::StatusOr<v1::KpiTarget> AnalyticsApp::SetKpiTarget(const v1::Actor& actor,
                                                         const v1::SetKpiTargetRequest& request) {
  v1::KpiTarget target = request.target();
  std::vector<errors::FieldViolation> violations;
  std::string currency;
  bool known_employee = false;
  RETURN_IF_ERROR(store_.Read([&](const AnalyticsFacts& facts) {
    currency = facts.settings.currency_code();
    known_employee = facts.employees.count(facts.symbols.Find(target.employee())) > 0;
  }));
  if (target.employee().empty()) {
    violations.push_back({"target.employee", "required"});
  } else if (!known_employee) {
    violations.push_back(
        {"target.employee", absl::StrCat("unknown employee \"", target.employee(), "\"")});
  }
  if (MonthIndex(target.month()) < 0) violations.push_back({"target.month", "YYYY-MM"});
  CheckMoney(target.revenue(), currency, "target.revenue", false, &violations);
  for (auto [field, value] : {std::pair{"target.deals_won", target.deals_won()},
                              {"target.calls", target.calls()},
                              {"target.meetings", target.meetings()},
                              {"target.new_clients", target.new_clients()}}) {
    if (value < 0) violations.push_back({field, "not negative"});
  }
  if (!violations.empty()) return errors::InvalidArgument(violations);
  target.set_name(absl::StrCat("kpiTargets/", target.employee(), "/", target.month()));
  *target.mutable_update_time() = ToProtoTime(options_.clock->Now());
  v1::KpiTargetSet set;
  *set.mutable_target() = target;
  RETURN_IF_ERROR(
      Record(MakeStream(kKpiTargetStream, absl::StrCat(target.employee(), ".", target.month())),
             eventlog::ExpectedVersion::Any(), actor, request.request_id(), NewEvent(set))
          .status());
  return target;
}

absl::StatusOr<v1::ListKpiTargetsResponse> AnalyticsApp::ListKpiTargets(
    const v1::ListKpiTargetsRequest& request) {
  if (!request.month().empty() && MonthIndex(request.month()) < 0) {
    return errors::InvalidArgument({{"month", "YYYY-MM"}});
  }
  v1::ListKpiTargetsResponse response;
  RETURN_IF_ERROR(store_.Read([&](const AnalyticsFacts& facts) {
    for (const auto& [key, target] : facts.kpi_targets) {
      if ((request.employee().empty() || key.first == request.employee()) &&
          (request.month().empty() || key.second == request.month())) {
        *response.add_targets() = target;
      }
    }
  }));
  return response;
}

absl::StatusOr<v1::ChannelSpend> AnalyticsApp::RecordChannelSpend(
    const v1::Actor& actor, const v1::RecordChannelSpendRequest& request) {
  v1::ChannelSpend spend = request.spend();
  std::vector<errors::FieldViolation> violations;
  std::string currency;
  RETURN_IF_ERROR(
      store_.Read([&](const AnalyticsFacts& facts) { currency = facts.settings.currency_code(); }));
  if (spend.source().empty()) violations.push_back({"spend.source", "required"});
  if (MonthIndex(spend.month()) < 0) violations.push_back({"spend.month", "YYYY-MM"});
  CheckMoney(spend.amount(), currency, "spend.amount", true, &violations);
  if (!violations.empty()) return errors::InvalidArgument(violations);
  const std::string id = request.request_id().empty()
                             ? RandomUuid()
                             : aggregate::DerivedId("channel-spend", request.request_id());
  spend.set_name(absl::StrCat("channelSpend/", id));
  v1::ChannelSpendRecorded recorded;
  *recorded.mutable_spend() = spend;
  RETURN_IF_ERROR(Record(MakeStream(kChannelSpendStream, id), eventlog::ExpectedVersion::Any(),
                         actor, request.request_id(), NewEvent(recorded))
                      .status());
  return spend;
}

absl::StatusOr<v1::AnalyticsSettings> AnalyticsApp::GetAnalyticsSettings() {
  v1::AnalyticsSettings settings;
  RETURN_IF_ERROR(store_.Read([&](const AnalyticsFacts& facts) { settings = facts.settings; }));
  ASSIGN_OR_RETURN(uint64_t version,
                   options_.log->StreamVersion(MakeStream(kSettingsStream, kSettingsStreamId)));
  settings.set_etag(absl::StrCat(version));
  return settings;
}

absl::StatusOr<v1::AnalyticsSettings> AnalyticsApp::UpdateAnalyticsSettings(
    const v1::Actor& actor, const v1::UpdateAnalyticsSettingsRequest& request) {
  ASSIGN_OR_RETURN(v1::AnalyticsSettings current, GetAnalyticsSettings());
  const uint64_t version = std::stoull(current.etag());
  RETURN_IF_ERROR(aggregate::CheckEtag(request.settings().etag(), version));
  ASSIGN_OR_RETURN(v1::AnalyticsSettings merged,
                   MergeSettings(current, request.settings(), request.update_mask()));
  if (std::vector<errors::FieldViolation> violations = CheckSettings(merged); !violations.empty()) {
    return errors::InvalidArgument(violations);
  }
  v1::AnalyticsSettingsChanged changed;
  *changed.mutable_settings() = merged;
  for (const std::string& path : request.update_mask().paths()) changed.add_paths(path);
  RETURN_IF_ERROR(Record(MakeStream(kSettingsStream, kSettingsStreamId),
                         version == 0 ? eventlog::ExpectedVersion::NoStream()
                                      : eventlog::ExpectedVersion::Exact(version),
                         actor, "", NewEvent(changed))
                      .status());
  merged.set_etag(absl::StrCat(version + 1));
  return merged;
}

absl::StatusOr<v1::AnalyticsStatus> AnalyticsApp::RebuildAnalytics(
    const v1::RebuildAnalyticsRequest& request) {
  RETURN_IF_ERROR(store_.StartRebuild(request.reason().empty() ? "requested" : request.reason()));
  return store_.Status();
}

absl::StatusOr<int> AnalyticsApp::WriteLifecycleChanges() {
  std::vector<std::pair<std::string, v1::LifecycleStatus>> changes;
  uint64_t position = 0;
  const int64_t now = absl::ToUnixSeconds(options_.clock->Now());
  RETURN_IF_ERROR(store_.Read([&](const AnalyticsFacts& facts) {
    changes = LifecycleChanges(facts, now);
    position = facts.position;
  }));
  std::shared_ptr<LifecycleSink> sink;
  {
    absl::MutexLock lock(&mu_);
    sink = sink_;
  }
  if (sink == nullptr) return absl::UnavailableError("no contacts service to write to yet");
  int written = 0;
  for (const auto& [client, status] : changes) {
    if (Stopping()) break;
    // One request id per client, status and state of the facts: a retry after a crash repeats
    // it, and the card ignores a status it already has.
    const std::string request_id =
        absl::StrCat("lifecycle-", client, "-", static_cast<int>(status), "-", position);
    if (absl::Status s = sink->SetComputedStatus(client, status, request_id); !s.ok()) {
      if (absl::IsNotFound(s)) continue;  // deleted meanwhile
      return s;
    }
    ++written;
  }
  return written;
}

bool AnalyticsApp::Stopping() {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

void AnalyticsApp::LifecycleLoop() {
  uint64_t evaluated_at = 0;  // the facts' position at the last pass
  absl::Time last_pass = absl::InfinitePast();
  for (;;) {
    {
      absl::MutexLock lock(&mu_);
      auto wake = [this]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || lifecycle_due_; };
      mu_.AwaitWithTimeout(absl::Condition(&wake), options_.lifecycle_poll);
      if (stopping_) return;
      // A pass when asked, when events arrived since the last one (a purchase makes a client
      // REAL), or when the interval passed (time alone makes a client LOST).
      const uint64_t position = store_.Status().position();
      if (!lifecycle_due_ && position == evaluated_at &&
          options_.clock->Now() - last_pass < options_.lifecycle_interval) {
        continue;
      }
      if (sink_ == nullptr) continue;
      lifecycle_due_ = false;
      evaluated_at = position;
      last_pass = options_.clock->Now();
    }
    absl::StatusOr<int> written = WriteLifecycleChanges();
    if (!written.ok() && !absl::IsUnavailable(written.status())) {
      Log(LogLevel::kError, "analytics.lifecycle", "lifecycle statuses not written",
          {{"error", written.status().ToString()}});
    }
  }
}

}  // namespace chronicle::analytics
