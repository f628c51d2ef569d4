#include "activities/domain/employee.h"

#include "absl/strings/match.h"
#include "absl/time/time.h"
#include "activities/domain/events.h"
#include "chronicle/base/status_macros.h"
#include "chronicle/errors/errors.h"

namespace chronicle::activities {
namespace {

using Events = std::vector<v1::EventEnvelope>;

bool IsEmployeeId(const std::string& id) {
  // "-" names every employee in lists (employees/-).
  if (id.empty() || id.size() > 63 || id == "-") return false;
  for (char c : id) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

void CheckProfile(const v1::Employee& input, const std::vector<std::string>& paths,
                  std::vector<errors::FieldViolation>* problems) {
  auto wants = [&](absl::string_view path) {
    return paths.empty() || std::find(paths.begin(), paths.end(), path) != paths.end();
  };
  if (wants("display_name") &&
      (input.display_name().empty() || input.display_name().size() > 200)) {
    problems->push_back({"employee.display_name", "required, at most 200 bytes"});
  }
  if (wants("email") && !input.email().empty() &&
      (input.email().find('@') == std::string::npos || input.email().size() > 254)) {
    problems->push_back({"employee.email", "not an email address"});
  }
  if (wants("time_zone") && !input.time_zone().empty() && !IsKnownTimeZone(input.time_zone())) {
    problems->push_back(
        {"employee.time_zone", absl::StrCat("unknown IANA time zone '", input.time_zone(), "'")});
  }
  if (wants("department") && input.department().size() > 200) {
    problems->push_back({"employee.department", "at most 200 bytes"});
  }
}

}  // namespace

bool IsKnownTimeZone(const std::string& zone) {
  absl::TimeZone tz;
  return !zone.empty() && absl::LoadTimeZone(zone, &tz);
}

absl::StatusOr<std::string> ParseEmployeeName(const std::string& name, const std::string& field) {
  if (!absl::StartsWith(name, kEmployeePrefix) || name.size() == sizeof(kEmployeePrefix) - 1 ||
      name.find('/', sizeof(kEmployeePrefix) - 1) != std::string::npos) {
    return errors::InvalidArgument({{field, "employees/{employee}"}});
  }
  return name.substr(sizeof(kEmployeePrefix) - 1);
}

absl::Status Evolve(const v1::EventEnvelope& event, EmployeeState* state) {
  state->version = event.stream_version();
  v1::Employee& employee = state->employee;
  if (Is<v1::EmployeeRegistered>(event)) {
    v1::EmployeeRegistered registered;
    RETURN_IF_ERROR(Unpack(event, &registered));
    employee = registered.employee();
    employee.set_name(absl::StrCat(kEmployeePrefix, event.stream().id()));
    employee.set_active(true);
    *employee.mutable_create_time() = event.occurred_at();
  } else if (Is<v1::EmployeeUpdated>(event)) {
    v1::EmployeeUpdated updated;
    RETURN_IF_ERROR(Unpack(event, &updated));
    const v1::Employee& c = updated.changes();
    for (const std::string& path : updated.paths()) {
      if (path == "display_name") employee.set_display_name(c.display_name());
      if (path == "email") employee.set_email(c.email());
      if (path == "phone") employee.set_phone(c.phone());
      if (path == "department") employee.set_department(c.department());
      if (path == "time_zone") employee.set_time_zone(c.time_zone());
    }
  } else if (Is<v1::EmployeeDeactivated>(event)) {
    employee.set_active(false);
  } else if (Is<v1::EmployeeReactivated>(event)) {
    employee.set_active(true);
  }
  employee.set_etag(absl::StrCat(state->version));
  return absl::OkStatus();
}

absl::StatusOr<Events> DecideRegisterEmployee(const EmployeeState& state, const std::string& id,
                                              const v1::Employee& input) {
  std::vector<errors::FieldViolation> problems;
  if (!IsEmployeeId(id))
    problems.push_back({"employee_id", "required: [a-z0-9._-]{1,63}, not \"-\""});
  CheckProfile(input, {}, &problems);
  if (!problems.empty()) return errors::InvalidArgument(problems);
  if (state.exists()) return absl::AlreadyExistsError(absl::StrCat(kEmployeePrefix, id, " exists"));
  v1::EmployeeRegistered registered;
  *registered.mutable_employee() = input;
  registered.mutable_employee()->clear_name();
  registered.mutable_employee()->clear_etag();
  registered.mutable_employee()->clear_create_time();
  return Events{NewEvent(registered)};
}

absl::StatusOr<Events> DecideUpdateEmployee(const EmployeeState& state, const v1::Employee& input,
                                            const google::protobuf::FieldMask& mask,
                                            const std::string& etag) {
  RETURN_IF_ERROR(CheckEtag(etag, state.version));
  static constexpr const char* kPaths[] = {"display_name", "email", "phone", "department",
                                           "time_zone"};
  std::vector<std::string> paths(mask.paths().begin(), mask.paths().end());
  std::vector<errors::FieldViolation> problems;
  if (paths.empty()) problems.push_back({"update_mask", "required"});
  for (const std::string& path : paths) {
    if (std::find(std::begin(kPaths), std::end(kPaths), path) == std::end(kPaths)) {
      problems.push_back({"update_mask", absl::StrCat("'", path,
                                                      "' cannot be updated; one of display_name, "
                                                      "email, phone, department, time_zone")});
    }
  }
  CheckProfile(input, paths, &problems);
  if (!problems.empty()) return errors::InvalidArgument(problems);
  v1::EmployeeUpdated updated;
  *updated.mutable_changes() = input;
  *updated.mutable_paths() = mask.paths();
  return Events{NewEvent(updated)};
}

absl::StatusOr<Events> DecideSetEmployeeActive(const EmployeeState& state, bool active) {
  if (state.employee.active() == active) return Events();
  if (active) return Events{NewEvent(v1::EmployeeReactivated())};
  return Events{NewEvent(v1::EmployeeDeactivated())};
}

}  // namespace chronicle::activities
