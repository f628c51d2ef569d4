// The employee directory as deciders over "employee/{id}" streams: who can be assigned tasks and
// own clients, in which department and time zone. Employees are deactivated, never deleted: their
// history keeps their name. Pure.
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_EMPLOYEE_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_EMPLOYEE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/event.pb.h"
#include "google/protobuf/field_mask.pb.h"

namespace chronicle::activities {

struct EmployeeState {
  v1::Employee employee;
  uint64_t version = 0;
  bool exists() const { return !employee.name().empty(); }
};

absl::Status Evolve(const v1::EventEnvelope& event, EmployeeState* state);

// "employees/{id}" -> id (ids are user ids: "anna.petrova"); INVALID_ARGUMENT naming `field`
// when it is not such a name.
absl::StatusOr<std::string> ParseEmployeeName(const std::string& name, const std::string& field);

// ALREADY_EXISTS for a taken id; INVALID_ARGUMENT naming each bad field (id, display_name, email,
// time_zone).
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRegisterEmployee(const EmployeeState& state,
                                                                      const std::string& id,
                                                                      const v1::Employee& input);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideUpdateEmployee(
    const EmployeeState& state, const v1::Employee& input, const google::protobuf::FieldMask& mask,
    const std::string& etag);
// Setting an employee's activity to what it already is writes nothing.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideSetEmployeeActive(const EmployeeState& state,
                                                                       bool active);

// Whether `zone` names an IANA time zone this machine knows.
bool IsKnownTimeZone(const std::string& zone);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_EMPLOYEE_H_
