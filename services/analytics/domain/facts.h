// The analytics read model: a compact, in-memory digest of every client, deal, activity, task,
// purchase, NPS answer, target and spend the log has recorded. Reports are pure functions of it
// (see reports.h), and FactFolder builds it from events one at a time, so the same code serves the
// live projection, a rebuild and an as-of replay.
//
// Strings that repeat (owners, stages, sources) are interned; times are Unix seconds; money is in
// minor units (kopecks) of the settings' currency.
#ifndef CHRONICLE_ANALYTICS_DOMAIN_FACTS_H_
#define CHRONICLE_ANALYTICS_DOMAIN_FACTS_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "analytics/domain/buyer_tally.h"
#include "analytics/domain/chunked_vector.h"
#include "analytics/domain/client_tally.h"
#include "analytics/domain/factor_tally.h"
#include "analytics/domain/funnel_tally.h"
#include "analytics/domain/lifecycle_tally.h"
#include "analytics/domain/manager_tally.h"
#include "analytics/domain/quiet_tally.h"
#include "analytics/domain/refusal_tally.h"
#include "analytics/domain/source_tally.h"
#include "chronicle/v1/activities_resources.pb.h"
#include "chronicle/v1/analytics_resources.pb.h"
#include "chronicle/v1/contacts_resources.pb.h"
#include "chronicle/v1/deals_resources.pb.h"

namespace chronicle::analytics {

// `money` in minor units (kopecks), rounded half away from zero; the currency is not looked at.
int64_t MinorUnits(const v1::Money& money);

// Settings with every default filled in.
v1::AnalyticsSettings DefaultSettings();

// Index of an interned string; 0 is the empty string.
using Sym = uint32_t;
// Stands for a name that was never interned: equal to no symbol, so a filter naming it matches
// nothing (where 0 would match every empty value).
inline constexpr Sym kNoSuchSym = UINT32_MAX;

class Symbols {
 public:
  Symbols() { names_.emplace_back(); }
  Sym Intern(absl::string_view text);
  // 0 when `text` was never interned (and is not empty).
  Sym Find(absl::string_view text) const;
  const std::string& Name(Sym sym) const { return names_[sym]; }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, Sym> index_;
};

inline constexpr uint32_t kNoClient = UINT32_MAX;
inline constexpr int32_t kNotListed = INT32_MIN;
inline constexpr int64_t kNotQuietListed = INT64_MIN;
inline constexpr int kActivityKinds = v1::ActivityKind_ARRAYSIZE;

struct Purchase {
  int64_t time = 0;
  int64_t amount = 0;  // minor units
};

struct ClientFacts {
  std::string id;      // "c00017"
  bool known = false;  // false while only other services' events mention it
  bool deleted = false;
  bool merged = false;
  int64_t create_time = 0;
  int64_t first_contact_time = 0;  // the first touch, else the card's creation
  Sym owner = 0;
  Sym team = 0;
  Sym source = 0;  // first-touch source
  Sym landing = 0;
  Sym campaign = 0;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  v1::ClientType type = v1::CLIENT_TYPE_UNSPECIFIED;
  v1::Temperature temperature = v1::TEMPERATURE_UNSPECIFIED;
  v1::LifecycleStatus computed_lifecycle = v1::LIFECYCLE_STATUS_UNSPECIFIED;
  v1::LifecycleStatus override_lifecycle = v1::LIFECYCLE_STATUS_UNSPECIFIED;
  std::vector<Sym> tags;
  std::vector<std::pair<Sym, Sym>> custom;              // key, value as text
  std::vector<Purchase> purchases;                      // in time order
  std::array<int64_t, kActivityKinds> last_activity{};  // per kind, latest occur time
  std::vector<int64_t> meeting_times;                   // held meetings, in log order
  std::vector<int64_t> call_times;
  std::vector<uint32_t> deal_indexes;  // its deals, in the order they were created
  int32_t inquiries = 0;
  int32_t deals = 0;
  // First call, e-mail, message or meeting by an employee at or after first contact.
  int64_t first_response_time = 0;
  Sym first_response_by = 0;
  bool in_client_cube = false;            // counted in the ClientCube
  int32_t cohort_month = kNotListed;      // the ClientCube cohort month it was last listed in
  std::optional<int64_t> ranked_revenue;  // its revenue in ClientCube::by_revenue, if ranked
  bool in_manager_cube = false;           // counted in the ManagerCube
  int64_t quiet_since_listed = kNotQuietListed;    // its time in the QuietIndex, if listed
  Sym quiet_owner_listed = 0;                      // ... and the owner it is listed under
  std::optional<LifecycleEntry> lifecycle_listed;  // as the LifecycleIndex counts it
  int32_t buyer_row = -1;                          // its row in the BuyerIndex, if listed

  v1::LifecycleStatus EffectiveLifecycle() const {
    return override_lifecycle != v1::LIFECYCLE_STATUS_UNSPECIFIED ? override_lifecycle
                                                                  : computed_lifecycle;
  }
  // Adds `purchase`, keeping the purchases in time order.
  void AddPurchase(Purchase purchase);
  bool HasTag(Sym tag) const;
  Sym CustomValue(Sym key) const;
};

struct StagePass {
  Sym stage = 0;
  int64_t enter_time = 0;
  int64_t leave_time = 0;  // 0 while the deal is there
};

struct DealFacts {
  uint32_t client = kNoClient;
  Sym pipeline = 0;  // pipeline id
  Sym owner = 0;
  Sym team = 0;
  Sym source = 0;  // the deal's attribution, else its client's first touch
  Sym landing = 0;
  Sym campaign = 0;
  v1::Channel channel = v1::CHANNEL_UNSPECIFIED;
  int64_t create_time = 0;
  int64_t close_time = 0;
  v1::DealState state = v1::DEAL_STATE_OPEN;
  v1::Qualification qualification = v1::QUALIFICATION_UNSPECIFIED;
  int64_t amount = 0;
  Sym lost_reason = 0;                 // refusal reason id
  Sym lost_stage = 0;                  // the open stage it was lost from
  bool in_funnel_cube = false;         // counted in its pipeline's FunnelCube
  int32_t refusal_month = kNotListed;  // the RefusalCube month it was last listed in
  bool in_source_cube = false;         // counted in the SourceCube
  bool counted_qualified = false;      // ... as a qualified lead
  bool in_manager_cube = false;        // counted in the ManagerCube
  bool in_factor_cube = false;         // counted in the FactorCube (when closed)
  std::vector<StagePass> stages;
};

struct ActivityFact {
  int64_t time = 0;
  uint32_t client = kNoClient;
  Sym employee = 0;
  v1::ActivityKind kind = v1::ACTIVITY_KIND_UNSPECIFIED;
  v1::Direction direction = v1::DIRECTION_UNSPECIFIED;
};

struct TaskFacts {
  Sym assignee = 0;
  int64_t due_time = 0;  // 0: no due time
  int64_t complete_time = 0;
  v1::TaskState state = v1::TASK_STATE_UNSPECIFIED;
  bool in_manager_cube = false;  // counted in the ManagerCube
};

struct NpsFact {
  int64_t time = 0;
  uint32_t client = kNoClient;
  Sym employee = 0;
  int32_t score = 0;
};

struct SpendFact {
  Sym source = 0;
  Sym campaign = 0;
  int32_t month = 0;  // year * 12 + (month - 1)
  int64_t amount = 0;
};

struct StageInfo {
  Sym id = 0;
  std::string display_name;
  v1::StageKind kind = v1::STAGE_KIND_UNSPECIFIED;
};

struct PipelineFacts {
  std::string display_name;
  std::vector<StageInfo> stages;  // board order; removed stages are dropped
};

struct EmployeeFacts {
  std::string display_name;
  Sym department = 0;
};

struct AnalyticsFacts {
  Symbols symbols;
  ChunkedVector<ClientFacts> clients;
  absl::flat_hash_map<std::string, uint32_t> client_index;  // client id -> index
  ChunkedVector<DealFacts> deals;
  absl::flat_hash_map<std::string, uint32_t> deal_index;
  std::vector<ActivityFact> activities;  // in log order
  std::vector<TaskFacts> tasks;
  absl::flat_hash_map<std::string, uint32_t> task_index;
  std::vector<NpsFact> nps;
  std::vector<SpendFact> spend;
  std::map<Sym, PipelineFacts> pipelines;
  std::map<Sym, FunnelCube> funnel_cubes;  // by pipeline
  RefusalCube refusal_cube;
  ClientCube client_cube;
  SourceCube source_cube;
  ManagerCube manager_cube;
  QuietIndex quiet_index;
  LifecycleIndex lifecycle_index;
  FactorCube factor_cube;
  BuyerIndex buyer_index;
  std::map<Sym, std::string> refusal_reasons;  // id -> display name
  std::map<Sym, EmployeeFacts> employees;
  std::map<std::pair<std::string, std::string>, v1::KpiTarget> kpi_targets;  // employee, month
  v1::AnalyticsSettings settings = DefaultSettings();
  int64_t settings_time = 0;
  uint64_t position = 0;  // last log position folded in

  // The index of client `id`, adding an unknown client when it is new.
  uint32_t ClientSlot(absl::string_view id);
  // Index room for as many clients, deals and tasks as `like` has: a rebuild sized by the
  // generation it replaces rehashes no table.
  void ReserveLike(const AnalyticsFacts& like);
};

}  // namespace chronicle::analytics

#endif  // CHRONICLE_ANALYTICS_DOMAIN_FACTS_H_
