// An activity (call, meeting, email, message, note, purchase, complaint, webinar, form, NPS
// answer or a workspace-defined kind) as a decider over its "activity/{id}" stream. Most
// activities are facts logged once; meetings move from planned to held or cancelled, complaints
// get resolved and webinar registrations attended. Pure.
#ifndef CHRONICLE_ACTIVITIES_DOMAIN_ACTIVITY_H_
#define CHRONICLE_ACTIVITIES_DOMAIN_ACTIVITY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "chronicle/errors/errors.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/event.pb.h"

namespace chronicle::activities {

// "call", "meeting", ..., or the custom type's id: how timelines, filters and contact rules name
// an activity's kind.
std::string KindName(const v1::Activity& activity);
// Built-in kind names and the timeline's other kinds (task, deal, contact, notification): no
// custom type may take them.
bool IsReservedKindName(absl::string_view name);
// The built-in kinds that can count as contact with a client (all but note).
bool IsContactKindName(absl::string_view name);

struct ActivityState {
  v1::Activity activity;
  uint64_t version = 0;
  std::string created_by_command;
  bool exists() const { return version > 0; }
};

absl::Status Evolve(const v1::EventEnvelope& event, ActivityState* state);

// Every problem of a new activity that needs no lookup, each naming its field ("activity.call.
// outcome"). The client is required; exactly one kind of details (or `note`).
std::vector<errors::FieldViolation> CheckActivityFields(const v1::Activity& input, absl::Time now);

struct LogActivityCommand {
  v1::Activity input;  // client resolved to the surviving card, employee set
  std::string department;
  // The custom type named by input.custom.type, looked up by the caller (nullptr: unknown).
  const v1::ActivityType* custom_type = nullptr;
  std::optional<bool> update_last_contact;
  absl::Time now;
};

// INVALID_ARGUMENT for bad fields or an unknown or retired custom type.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideLogActivity(const ActivityState& state,
                                                                 const LogActivityCommand& command);

// Meetings: a planned one can be moved, held or cancelled; a held or cancelled one is final.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRescheduleMeeting(const ActivityState& state,
                                                                       const v1::Activity& changes,
                                                                       const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideHoldMeeting(const ActivityState& state,
                                                                 const std::string& outcome,
                                                                 std::optional<absl::Time> time,
                                                                 absl::Time now,
                                                                 const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideCancelMeeting(const ActivityState& state,
                                                                   const std::string& reason,
                                                                   const std::string& etag);
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideResolveComplaint(const ActivityState& state,
                                                                      const std::string& resolution,
                                                                      const std::string& etag);
// Recording attendance twice writes nothing.
absl::StatusOr<std::vector<v1::EventEnvelope>> DecideRecordWebinarAttendance(
    const ActivityState& state, absl::Time time);

}  // namespace chronicle::activities

#endif  // CHRONICLE_ACTIVITIES_DOMAIN_ACTIVITY_H_
