#include "contacts/domain/fill_in.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "contacts/domain/client_profile.h"
#include "contacts/domain/list_items.h"

namespace chronicle::contacts {

FillResult FillIn(const v1::Client& source, const v1::Client& target,
                  const std::set<std::string>& overwrite) {
  FillResult result;
  result.candidate = target;
  const auto& lists = ListFields();
  const auto& reflection = *source.GetReflection();
  for (const std::string& name : ProfileFields()) {
    const auto* field = v1::Client::descriptor()->FindFieldByName(name);
    if (overwrite.count(name)) {
      if (!SameAtPath(source, target, name)) {
        ApplyProfilePaths(source, {name}, &result.candidate);
        ApplyProfilePaths(source, {name}, &result.gained);
        result.filled_paths.push_back(name);
      }
    } else if (std::find(lists.begin(), lists.end(), name) != lists.end()) {
      AddMissingItems(source, name, &result.candidate, &result.gained);
    } else if (field->is_map()) {
      for (const auto& [key, value] : source.custom_fields()) {
        if (result.candidate.custom_fields().count(key)) continue;
        (*result.candidate.mutable_custom_fields())[key] = value;
        (*result.gained.mutable_custom_fields())[key] = value;
        result.filled_paths.push_back(absl::StrCat("custom_fields.", key));
      }
    } else if (reflection.HasField(source, field) && !reflection.HasField(target, field)) {
      ApplyProfilePaths(source, {name}, &result.candidate);
      ApplyProfilePaths(source, {name}, &result.gained);
      result.filled_paths.push_back(name);
    }
  }
  return result;
}

}  // namespace chronicle::contacts
