// The key layout of the activities projection's state (see chronicle/projection/key_layout.h).
// A subject is "c{client}", "m{company}" or "d{deal}"; a timeline suffix is the entry's
// newest-first occurrence time and its log position (16 bytes), so every index of one subject
// sorts newest first and entries of several subjects merge by suffix.
//
// clang-format off
//   ac\0{activity}                    v1::Activity as now (etag = stream version)
//   tk\0{task}                        v1::Task as now
//   ts\0{series}                      v1::TaskSeries as now
//   em\0{employee}                    v1::Employee as now
//   cl\0{client}                      v1::Client, folded from the contacts events
//   cy\0{company}                     a company exists
//   dl\0{deal}                        v1::Deal, folded from the deals events
//   tl\0{subject}\0{suffix}           TimelineEntry
//   tn\0{subject}\0{kind}\0{suffix}   -> "" (the timeline by kind)
//   te\0{subject}\0{employee}\0{suffix} -> "" (the timeline by employee)
//   ta\0{assignee}\0{o|c}{be64 due}{task}  tasks of an assignee, open or closed, by due time
//   tg\0{o|c}{be64 due}{task}         every task, open or closed, by due time
//   tc\0{client}\0{task}              open tasks of a client
//   ca\0{employee}\0{be64 start}{m|t}{id}  calendar: meetings (m) and tasks (t)
//   od\0{client}\0{deal}              open deals of a client
//   co\0{owner}\0{client}             clients by their owner now (not merged away, not deleted)
//   lk\0{client}\0{kind}              -> be64 micros of the last contact of that kind
// clang-format on
#ifndef CHRONICLE_ACTIVITIES_PROJECTION_KEYS_H_
#define CHRONICLE_ACTIVITIES_PROJECTION_KEYS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "chronicle/projection/key_layout.h"
#include "chronicle/storage/rocksdb_util.h"

namespace chronicle::activities::keys {

using projection::keys::kSeparator;
using projection::keys::kSortValueBytes;
using projection::keys::NewestFirst;
using projection::keys::OldestFirst;
using projection::keys::OldestFirstTime;
using projection::keys::Prefix;
using projection::keys::Tagged;
using projection::keys::TrailingId;

inline constexpr size_t kSuffixBytes = 2 * kSortValueBytes;

inline std::string Activity(absl::string_view id) { return Tagged("ac", id); }
inline std::string Task(absl::string_view id) { return Tagged("tk", id); }
inline std::string Series(absl::string_view id) { return Tagged("ts", id); }
inline std::string Employee(absl::string_view id) { return Tagged("em", id); }
inline std::string Client(absl::string_view id) { return Tagged("cl", id); }
inline std::string Company(absl::string_view id) { return Tagged("cy", id); }
inline std::string Deal(absl::string_view id) { return Tagged("dl", id); }

inline std::string ClientSubject(absl::string_view id) { return absl::StrCat("c", id); }
inline std::string CompanySubject(absl::string_view id) { return absl::StrCat("m", id); }
inline std::string DealSubject(absl::string_view id) { return absl::StrCat("d", id); }

// Where a timeline entry sorts: newest first, then by log position (newest first too).
inline std::string TimelineSuffix(absl::Time occurred, uint64_t position) {
  return absl::StrCat(NewestFirst(occurred), storage::BigEndian64(~position));
}
// The occurrence time a suffix encodes.
inline absl::Time SuffixTime(absl::string_view suffix) {
  return projection::keys::NewestFirstTime(suffix);
}

inline std::string Timeline(absl::string_view subject) { return Prefix("tl", subject); }
inline std::string TimelineByKind(absl::string_view subject, absl::string_view kind) {
  return absl::StrCat(Prefix("tn", subject), kind, kSeparator);
}
inline std::string TimelineByEmployee(absl::string_view subject, absl::string_view employee) {
  return absl::StrCat(Prefix("te", subject), employee, kSeparator);
}

inline std::string TasksOf(absl::string_view assignee, bool open) {
  return absl::StrCat(Prefix("ta", assignee), open ? "o" : "c");
}
inline std::string AllTasks(bool open) { return absl::StrCat(Prefix("tg"), open ? "o" : "c"); }
inline std::string OpenTasksOfClient(absl::string_view client) { return Prefix("tc", client); }
inline std::string Calendar(absl::string_view employee) { return Prefix("ca", employee); }
inline std::string OpenDealsOf(absl::string_view client) { return Prefix("od", client); }
inline std::string ClientsOf(absl::string_view owner) { return Prefix("co", owner); }
inline std::string AllOwnedClients() { return Prefix("co"); }
inline std::string LastContacts(absl::string_view client) { return Prefix("lk", client); }

}  // namespace chronicle::activities::keys

#endif  // CHRONICLE_ACTIVITIES_PROJECTION_KEYS_H_
