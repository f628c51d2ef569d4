// The employee directory, the workspace's activity types and contact rules; the reference checks
// every command shares; and the app's start and stop.
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "activities/app/activities_app.h"
#include "activities/domain/events.h"
#include "activities/projection/activities_projection.h"
#include "activities/projection/keys.h"
#include "activities/projection/queries.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/base/log.h"
#include "chronicle/errors/errors.h"
#include "chronicle/projection/state_messages.h"

namespace chronicle::activities {
namespace {

constexpr int kMaxMergeHops = 8;

v1::StreamId ActivityTypesStream() { return MakeStream(kActivityTypesStream, kWorkspaceStreamId); }
v1::StreamId ContactRulesStream() { return MakeStream(kContactRulesStream, kWorkspaceStreamId); }

}  // namespace

ActivitiesApp::ActivitiesApp(const ActivitiesAppOptions& options)
    : runner_(options.log, options.engine, kActivitiesProjection, options.clock) {}

absl::StatusOr<std::unique_ptr<ActivitiesApp>> ActivitiesApp::Create(
    const ActivitiesAppOptions& options) {
  std::unique_ptr<ActivitiesApp> app(new ActivitiesApp(options));
  app->runner_.CatchUp();
  if (options.occurrence_interval > absl::ZeroDuration()) {
    app->occurrence_thread_ =
        std::thread([app = app.get(), interval = options.occurrence_interval] {
          app->RunOccurrenceLoop(interval);
        });
  }
  return app;
}

ActivitiesApp::~ActivitiesApp() {
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  if (occurrence_thread_.joinable()) occurrence_thread_.join();
}

void ActivitiesApp::RunOccurrenceLoop(absl::Duration interval) {
  absl::MutexLock lock(&stop_mu_);
  // At start (occurrences may be due after a long downtime), then every interval.
  while (!stopping_) {
    stop_mu_.Unlock();
    absl::StatusOr<int> created = GenerateOccurrences();
    if (!created.ok()) {
      Log(LogLevel::kError, "activities.recurrence", "creating recurring task occurrences failed",
          {{"error", created.status().ToString()}});
    }
    stop_mu_.Lock();
    stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval);
  }
}

absl::StatusOr<std::string> ActivitiesApp::ResolveClient(const std::string& client,
                                                         const std::string& field) {
  if (!absl::StartsWith(client, kClientPrefix)) {
    return errors::InvalidArgument({{field, "clients/{client}"}});
  }
  std::string id = IdOf(client);
  for (int hop = 0; hop < kMaxMergeHops; ++hop) {
    ASSIGN_OR_RETURN(std::optional<std::string> stored, runner_.ReadCaughtUp(keys::Client(id)));
    v1::Client card;
    if (stored && !card.ParseFromString(*stored)) {
      return absl::DataLossError(absl::StrCat("activities projection: unreadable client ", id));
    }
    if (!stored || card.deleted()) {
      return errors::InvalidArgument({{field, absl::StrCat(kClientPrefix, id, " does not exist")}});
    }
    if (card.merged_into().empty()) return card.name();
    id = IdOf(card.merged_into());  // work on a merged card goes to the one it joined
  }
  return errors::InvalidArgument({{field, "merged too many times to follow"}});
}

absl::Status ActivitiesApp::CheckDeal(const std::string& deal, const std::string& field) {
  if (!absl::StartsWith(deal, kDealPrefix)) {
    return errors::InvalidArgument({{field, "deals/{deal}"}});
  }
  ASSIGN_OR_RETURN(std::optional<std::string> found, runner_.ReadCaughtUp(keys::Deal(IdOf(deal))));
  if (found) return absl::OkStatus();
  return errors::InvalidArgument({{field, absl::StrCat(deal, " does not exist")}});
}

absl::Status ActivitiesApp::CheckCompany(const std::string& company, const std::string& field) {
  if (!absl::StartsWith(company, kCompanyPrefix)) {
    return errors::InvalidArgument({{field, "companies/{company}"}});
  }
  ASSIGN_OR_RETURN(std::optional<std::string> found,
                   runner_.ReadCaughtUp(keys::Company(IdOf(company))));
  if (found) return absl::OkStatus();
  return errors::InvalidArgument({{field, absl::StrCat(company, " does not exist")}});
}

absl::StatusOr<EmployeeState> ActivitiesApp::LoadEmployee(const std::string& id) {
  return runner_.Load<EmployeeState>(MakeStream(kEmployeeStream, id));
}

absl::StatusOr<v1::Employee> ActivitiesApp::RequireEmployee(const std::string& id,
                                                            const std::string& field) {
  if (id.empty()) return errors::InvalidArgument({{field, "required"}});
  if (id.size() > 63 || id.find('/') != std::string::npos) {
    return errors::InvalidArgument({{field, absl::StrCat("'", id, "' is not an employee id")}});
  }
  ASSIGN_OR_RETURN(EmployeeState state, LoadEmployee(id));
  if (!state.exists()) {
    return errors::InvalidArgument(
        {{field, absl::StrCat(kEmployeePrefix, id, " is not in the employee directory")}});
  }
  if (!state.employee.active()) {
    return errors::InvalidArgument({{field, absl::StrCat(kEmployeePrefix, id, " is deactivated")}});
  }
  return state.employee;
}

absl::Status ActivitiesApp::ResolveTaskLinks(v1::Task* task, const std::string& prefix) {
  if (!task->client().empty()) {
    ASSIGN_OR_RETURN(std::string client, ResolveClient(task->client(), prefix + ".client"));
    task->set_client(client);
  }
  if (!task->deal().empty()) RETURN_IF_ERROR(CheckDeal(task->deal(), prefix + ".deal"));
  return absl::OkStatus();
}

absl::StatusOr<v1::Employee> ActivitiesApp::RunEmployee(
    const v1::Actor& actor, const std::string& name,
    const aggregate::Decision<EmployeeState>& decide) {
  ASSIGN_OR_RETURN(std::string id, ParseEmployeeName(name, "name"));
  ASSIGN_OR_RETURN(
      auto written,
      runner_.Run<EmployeeState>(
          MakeStream(kEmployeeStream, id), actor, "",
          [&](const EmployeeState& state) -> absl::StatusOr<std::vector<v1::EventEnvelope>> {
            if (!state.exists()) return absl::NotFoundError(absl::StrCat(name, " not found"));
            return decide(state);
          }));
  return written.state.employee;
}

absl::StatusOr<v1::Employee> ActivitiesApp::CreateEmployee(
    const v1::Actor& actor, const v1::CreateEmployeeRequest& request) {
  const std::string& id = request.employee_id();
  if (id.empty() || id.size() > 63 || id.find('/') != std::string::npos) {
    return DecideRegisterEmployee(EmployeeState(), id, request.employee()).status();
  }
  ASSIGN_OR_RETURN(auto written, runner_.Run<EmployeeState>(MakeStream(kEmployeeStream, id), actor,
                                                            "", [&](const EmployeeState& state) {
                                                              return DecideRegisterEmployee(
                                                                  state, id, request.employee());
                                                            }));
  return written.state.employee;
}

absl::StatusOr<v1::Employee> ActivitiesApp::UpdateEmployee(
    const v1::Actor& actor, const v1::UpdateEmployeeRequest& request) {
  return RunEmployee(actor, request.employee().name(), [&](const EmployeeState& state) {
    return DecideUpdateEmployee(state, request.employee(), request.update_mask(), request.etag());
  });
}

absl::StatusOr<v1::Employee> ActivitiesApp::SetEmployeeActive(const v1::Actor& actor,
                                                              const std::string& name,
                                                              bool active) {
  return RunEmployee(actor, name, [&](const EmployeeState& state) {
    return DecideSetEmployeeActive(state, active);
  });
}

absl::StatusOr<v1::Employee> ActivitiesApp::GetEmployee(const v1::GetEmployeeRequest& request) {
  ASSIGN_OR_RETURN(std::string id, ParseEmployeeName(request.name(), "name"));
  ASSIGN_OR_RETURN(EmployeeState state, LoadEmployee(id));
  if (!state.exists()) return absl::NotFoundError(absl::StrCat(request.name(), " not found"));
  return state.employee;
}

absl::Status ActivitiesApp::ListEmployees(const v1::ListEmployeesRequest& request,
                                          v1::ListEmployeesResponse* response) {
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
  return activities::ListEmployees(*view, request, response);
}

absl::StatusOr<v1::ActivityType> ActivitiesApp::CreateActivityType(
    const v1::Actor& actor, const v1::CreateActivityTypeRequest& request) {
  ASSIGN_OR_RETURN(auto written,
                   runner_.Run<ActivityTypesState>(
                       ActivityTypesStream(), actor, "", [&](const ActivityTypesState& state) {
                         return DecideDefineActivityType(state, request.activity_type_id(),
                                                         request.activity_type());
                       }));
  return *written.state.Find(request.activity_type_id());
}

absl::StatusOr<v1::ActivityType> ActivitiesApp::DeleteActivityType(
    const v1::Actor& actor, const v1::DeleteActivityTypeRequest& request) {
  const std::string id = IdOf(request.name());
  ASSIGN_OR_RETURN(auto written,
                   runner_.Run<ActivityTypesState>(ActivityTypesStream(), actor, "",
                                                   [&](const ActivityTypesState& state) {
                                                     return DecideRetireActivityType(state, id);
                                                   }));
  return *written.state.Find(id);
}

absl::Status ActivitiesApp::ListActivityTypes(const v1::ListActivityTypesRequest& request,
                                              v1::ListActivityTypesResponse* response) {
  ASSIGN_OR_RETURN(ActivityTypesState state,
                   runner_.Load<ActivityTypesState>(ActivityTypesStream()));
  for (const v1::ActivityType& type : state.types) {
    if (request.show_retired() || !type.retired()) *response->add_activity_types() = type;
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::ContactRule> ActivitiesApp::CreateContactRule(
    const v1::Actor& actor, const v1::CreateContactRuleRequest& request) {
  ASSIGN_OR_RETURN(ActivityTypesState types,
                   runner_.Load<ActivityTypesState>(ActivityTypesStream()));
  ASSIGN_OR_RETURN(auto written,
                   runner_.Run<ContactRulesState>(
                       ContactRulesStream(), actor, "", [&](const ContactRulesState& state) {
                         return DecideDefineContactRule(state, request.rule_id(), request.rule(),
                                                        types);
                       }));
  return *written.state.Find(request.rule_id());
}

absl::StatusOr<v1::ContactRule> ActivitiesApp::DeleteContactRule(
    const v1::Actor& actor, const v1::DeleteContactRuleRequest& request) {
  const std::string id = IdOf(request.name());
  ASSIGN_OR_RETURN(auto written,
                   runner_.Run<ContactRulesState>(ContactRulesStream(), actor, "",
                                                  [&](const ContactRulesState& state) {
                                                    return DecideRetireContactRule(state, id);
                                                  }));
  return *written.state.Find(id);
}

absl::Status ActivitiesApp::ListContactRules(const v1::ListContactRulesRequest& request,
                                             v1::ListContactRulesResponse* response) {
  ASSIGN_OR_RETURN(ContactRulesState state, runner_.Load<ContactRulesState>(ContactRulesStream()));
  for (const v1::ContactRule& rule : state.rules) {
    if (request.show_retired() || !rule.retired()) *response->add_rules() = rule;
  }
  return absl::OkStatus();
}

absl::Status ActivitiesApp::ListOverdueContacts(const v1::ListOverdueContactsRequest& request,
                                                v1::ListOverdueContactsResponse* response) {
  ASSIGN_OR_RETURN(ContactRulesState rules, runner_.Load<ContactRulesState>(ContactRulesStream()));
  ASSIGN_OR_RETURN(auto view, runner_.engine().View(kActivitiesProjection));
  return activities::ListOverdueContacts(*view, rules.rules, request, runner_.Now(), response);
}

}  // namespace chronicle::activities
