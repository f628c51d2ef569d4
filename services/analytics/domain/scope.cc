#include "analytics/domain/scope.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/v1/contacts_resources.pb.h"

namespace chronicle::analytics {
namespace {

constexpr size_t kDefaultPageSize = 50;
constexpr size_t kMaxPageSize = 1000;

// An enum value named without its prefix ("hot" for TEMPERATURE_HOT); 0 when unknown.
int EnumValue(const google::protobuf::EnumDescriptor* descriptor, absl::string_view prefix,
              absl::string_view value) {
  const auto* found =
      descriptor->FindValueByName(absl::StrCat(prefix, absl::AsciiStrToUpper(value)));
  return found == nullptr ? 0 : found->number();
}

}  // namespace

bool Scope::ClientMatches(const ClientFacts& client) const {
  if (!OwnerMatches(client.owner, client.team)) return false;
  if (source_set && client.source != source) return false;
  switch (segment_kind) {
    case SegmentKind::kNone:
      return true;
    case SegmentKind::kTag:
      return client.HasTag(segment_value);
    case SegmentKind::kType:
      return client.type == segment_enum;
    case SegmentKind::kTemperature:
      return client.temperature == segment_enum;
    case SegmentKind::kLifecycle:
      return client.EffectiveLifecycle() == segment_enum;
    case SegmentKind::kChannel:
      return client.channel == segment_enum;
    case SegmentKind::kCustom:
      return segment_value != 0 && client.CustomValue(segment_key) == segment_value;
  }
  return true;
}

bool Scope::DealMatches(const AnalyticsFacts& facts, const DealFacts& deal) const {
  if (pipeline_set && deal.pipeline != pipeline) return false;
  if (!OwnerMatches(deal.owner, deal.team)) return false;
  if (source_set && deal.source != source) return false;
  if (segment_kind == SegmentKind::kNone) return true;
  return deal.client != kNoClient && ClientMatches(facts.clients[deal.client]);
}

Scope RequestCheck::ResolveScope(const AnalyticsFacts& facts, const v1::ReportScope& request,
                                 bool pipeline_required) {
  Scope scope;
  if (request.has_start_time()) {
    scope.start = request.start_time().seconds();
    scope.has_period = true;
  }
  if (request.has_end_time()) {
    scope.end = request.end_time().seconds();
    scope.has_period = true;
  }
  if (request.has_start_time() && request.has_end_time() && scope.end <= scope.start) {
    violations_.push_back({"scope.end_time", "must be after scope.start_time"});
  }
  const Symbols& symbols = facts.symbols;
  if (!request.pipeline().empty()) {
    scope.pipeline_set = true;
    scope.pipeline = symbols.Find(aggregate::IdOf(request.pipeline()));
    if (!absl::StartsWith(request.pipeline(), "pipelines/") ||
        facts.pipelines.find(scope.pipeline) == facts.pipelines.end() || scope.pipeline == 0) {
      violations_.push_back(
          {"scope.pipeline", absl::StrCat("unknown pipeline \"", request.pipeline(), "\"")});
    }
  } else if (pipeline_required) {
    violations_.push_back({"scope.pipeline", "required: pipelines/{id}"});
  }
  // A name never seen matches nothing.
  auto find = [&](const std::string& value) {
    const Sym sym = symbols.Find(value);
    return sym != 0 || value.empty() ? sym : kNoSuchSym;
  };
  auto filter = [&](const std::string& value, Sym* sym, bool* set) {
    if (value.empty()) return;
    *set = true;
    *sym = find(value);
  };
  filter(request.owner(), &scope.owner, &scope.owner_set);
  filter(request.team(), &scope.team, &scope.team_set);
  filter(request.source(), &scope.source, &scope.source_set);
  if (!request.segment().empty()) {
    const std::string& segment = request.segment();
    const size_t colon = segment.find(':');
    const std::string kind = colon == std::string::npos ? "" : segment.substr(0, colon);
    const std::string value = colon == std::string::npos ? "" : segment.substr(colon + 1);
    using Kind = Scope::SegmentKind;
    if (kind == "tag" && !value.empty()) {
      scope.segment_kind = Kind::kTag;
      scope.segment_value = find(value);
    } else if (kind == "type") {
      scope.segment_kind = Kind::kType;
      scope.segment_enum = EnumValue(v1::ClientType_descriptor(), "CLIENT_TYPE_", value);
    } else if (kind == "temperature") {
      scope.segment_kind = Kind::kTemperature;
      scope.segment_enum = EnumValue(v1::Temperature_descriptor(), "TEMPERATURE_", value);
    } else if (kind == "lifecycle") {
      scope.segment_kind = Kind::kLifecycle;
      scope.segment_enum = EnumValue(v1::LifecycleStatus_descriptor(), "LIFECYCLE_STATUS_", value);
    } else if (kind == "channel") {
      scope.segment_kind = Kind::kChannel;
      scope.segment_enum = EnumValue(v1::Channel_descriptor(), "CHANNEL_", value);
    } else if (absl::StartsWith(kind, "custom.") && kind.size() > 7 && !value.empty()) {
      scope.segment_kind = Kind::kCustom;
      scope.segment_key = find(kind.substr(7));
      scope.segment_value = find(value);
    }
    const bool enum_kind =
        scope.segment_kind == Kind::kType || scope.segment_kind == Kind::kTemperature ||
        scope.segment_kind == Kind::kLifecycle || scope.segment_kind == Kind::kChannel;
    if (scope.segment_kind == Kind::kNone || (enum_kind && scope.segment_enum == 0)) {
      violations_.push_back(
          {"scope.segment",
           "one of tag:<tag>, type:<individual|legal_entity>, temperature:<cold|warm|hot>, "
           "lifecycle:<potential|attracted|real|regular|lost|undefined>, channel:<channel> or "
           "custom.<key>:<value>"});
    }
  }
  return scope;
}

Overlap MonthOverlap(const Calendar& calendar, const Scope& scope, int month) {
  const int64_t start = calendar.MonthStart(month);
  const int64_t end = calendar.MonthStart(month + 1);
  if (end <= scope.start || start >= scope.end) return Overlap::kOutside;
  return start >= scope.start && end <= scope.end ? Overlap::kWhole : Overlap::kCut;
}

Calendar CalendarOf(const AnalyticsFacts& facts) {
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(facts.settings.time_zone(), &zone)) zone = absl::UTCTimeZone();
  return Calendar(zone);
}

v1::Money ToMoney(const AnalyticsFacts& facts, int64_t minor) {
  v1::Money money;
  money.set_currency_code(facts.settings.currency_code());
  money.set_units(minor / 100);
  money.set_nanos(static_cast<int32_t>(minor % 100) * 10'000'000);
  return money;
}

size_t RequestCheck::PageOffset(const std::string& page_token) {
  if (page_token.empty()) return 0;
  size_t offset = 0;
  if (!absl::StartsWith(page_token, "o") ||
      !absl::SimpleAtoi(absl::string_view(page_token).substr(1), &offset)) {
    Add("page_token", "not a token this report returned");
  }
  return offset;
}

size_t RequestCheck::PageSize(int32_t page_size) {
  if (page_size < 0) Add("page_size", "must not be negative");
  if (page_size <= 0) return kDefaultPageSize;
  return std::min<size_t>(page_size, kMaxPageSize);
}

std::string NextPageToken(size_t offset, size_t page, size_t total) {
  return offset + page < total ? absl::StrCat("o", offset + page) : "";
}

}  // namespace chronicle::analytics
