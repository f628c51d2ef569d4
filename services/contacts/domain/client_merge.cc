// Merge, unmerge and import revert: the decisions that undo or combine history. Nothing is ever
// overwritten, so each of them can be taken back by looking at the events that did it.
#include <map>

#include "absl/strings/str_cat.h"
#include "chronicle/base/status_macros.h"
#include "contacts/domain/client.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/events.h"
#include "contacts/domain/fill_in.h"
#include "contacts/domain/list_items.h"
#include "google/protobuf/util/message_differencer.h"

namespace chronicle::contacts {
namespace {

using Events = std::vector<v1::EventEnvelope>;

bool Earlier(const v1::Attribution& a, const v1::Attribution& b) {
  if (a.time().seconds() != b.time().seconds()) return a.time().seconds() < b.time().seconds();
  return a.time().nanos() < b.time().nanos();
}

absl::Status Prefix(absl::string_view role, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(role, ": ", status.message()));
}

}  // namespace

absl::StatusOr<MergeDecision> DecideMerge(const ClientState& source, const ClientState& target) {
  RETURN_IF_ERROR(Prefix("source", CheckWritable(source)));
  RETURN_IF_ERROR(Prefix("target", CheckWritable(target)));
  if (source.card.name() == target.card.name()) {
    return errors::InvalidArgument({{"target", "a client cannot be merged into itself"}});
  }
  FillResult fill = FillIn(source.card, target.card, {});
  v1::ClientAbsorbed absorbed;
  absorbed.set_source(source.card.name());
  *absorbed.mutable_gained() = std::move(fill.gained);
  for (const std::string& path : fill.filled_paths) absorbed.add_filled_paths(path);
  absorbed.mutable_gained()->set_touch_count(source.card.touch_count());
  if (source.card.has_first_touch() &&
      (!target.card.has_first_touch() ||
       Earlier(source.card.first_touch(), target.card.first_touch()))) {
    absorbed.set_first_touch_replaced(true);
    *absorbed.mutable_previous_first_touch() = target.card.first_touch();
    *absorbed.mutable_gained()->mutable_first_touch() = source.card.first_touch();
  }
  MergeDecision decision;
  decision.target_events.push_back(NewEvent(absorbed));
  v1::ClientMerged merged;
  merged.set_into(target.card.name());
  decision.source_events.push_back(NewEvent(merged));
  return decision;
}

absl::StatusOr<MergeDecision> DecideUnmerge(const ClientState& source, const ClientState& target) {
  if (!source.exists()) return absl::NotFoundError("client not found");
  if (source.card.merged_into().empty() || source.card.merged_into() != target.card.name()) {
    return absl::FailedPreconditionError(
        absl::StrCat(source.card.name(), " is not merged into another client"));
  }
  RETURN_IF_ERROR(
      Prefix(absl::StrCat("unmerge ", target.card.name(), " first"), CheckWritable(target)));
  MergeDecision decision;
  auto it = target.absorbed.find(source.card.name());
  if (it != target.absorbed.end()) {
    const v1::ClientAbsorbed& absorbed = it->second;
    v1::ClientMergeReverted reverted;
    reverted.set_source(source.card.name());
    v1::Client* removed = reverted.mutable_removed();
    for (const std::string& field : ListFields()) {
      AddMissingItems(absorbed.gained(), field, removed, nullptr);
    }
    removed->set_touch_count(absorbed.gained().touch_count());
    for (const std::string& path : absorbed.filled_paths()) {
      // A value someone changed after the merge is theirs now: leave it.
      if (SameAtPath(target.card, absorbed.gained(), path)) reverted.add_cleared_paths(path);
    }
    if (absorbed.first_touch_replaced() &&
        google::protobuf::util::MessageDifferencer::Equals(target.card.first_touch(),
                                                           absorbed.gained().first_touch())) {
      reverted.set_first_touch_restored(true);
      *reverted.mutable_first_touch() = absorbed.previous_first_touch();
    }
    decision.target_events.push_back(NewEvent(reverted));
  }
  v1::ClientUnmerged unmerged;
  unmerged.set_from(target.card.name());
  decision.source_events.push_back(NewEvent(unmerged));
  return decision;
}

absl::StatusOr<Events> DecideRevertImport(const ClientState& state, const std::string& job,
                                          int* conflicts) {
  if (!state.exists() || state.card.deleted()) return Events{};
  if (!state.card.merged_into().empty()) {
    ++*conflicts;  // merged away since: its data lives on in another card
    return Events{};
  }
  if (state.created_by_import == job) {
    v1::ClientDeleted deleted;
    deleted.set_reason(absl::StrCat("import ", job, " reverted"));
    deleted.set_import_job(job);
    return Events{NewEvent(deleted)};
  }
  auto it = state.import_updates.find(job);
  if (it == state.import_updates.end()) return Events{};
  // Per path: the value before the job's first change, and the value its last change left.
  std::map<std::string, std::pair<v1::Client, v1::Client>> by_path;
  for (const v1::ClientUpdated& update : it->second) {
    for (const std::string& path : update.paths()) {
      auto [entry, inserted] = by_path.try_emplace(path, update.previous(), update.changes());
      if (!inserted) entry->second.second = update.changes();
    }
  }
  v1::ClientUpdated restore;
  restore.set_reverts_import_job(job);
  std::vector<std::string> paths;
  for (const auto& [path, values] : by_path) {
    if (!SameAtPath(state.card, values.second, path)) {
      ++*conflicts;
      continue;
    }
    paths.push_back(path);
  }
  if (paths.empty()) return Events{};
  for (const auto& path : paths) {
    ApplyProfilePaths(by_path[path].first, {path}, restore.mutable_changes());
    restore.add_paths(path);
  }
  *restore.mutable_previous() = TrimToPaths(state.card, paths);
  return Events{NewEvent(restore)};
}

}  // namespace chronicle::contacts
