#include "analytics/domain/facts.h"

#include <algorithm>

namespace chronicle::analytics {

Sym Symbols::Intern(absl::string_view text) {
  if (text.empty()) return 0;
  auto it = index_.find(text);
  if (it != index_.end()) return it->second;
  const Sym sym = static_cast<Sym>(names_.size());
  index_.emplace(std::string(text), sym);
  names_.emplace_back(text);
  return sym;
}

Sym Symbols::Find(absl::string_view text) const {
  if (text.empty()) return 0;
  auto it = index_.find(std::string(text));
  return it == index_.end() ? 0 : it->second;
}

void ClientFacts::AddPurchase(Purchase purchase) {
  purchases.insert(
      std::upper_bound(purchases.begin(), purchases.end(), purchase,
                       [](const Purchase& a, const Purchase& b) { return a.time < b.time; }),
      purchase);
}

bool ClientFacts::HasTag(Sym tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

Sym ClientFacts::CustomValue(Sym key) const {
  for (const auto& [k, v] : custom) {
    if (k == key) return v;
  }
  return 0;
}

uint32_t AnalyticsFacts::ClientSlot(absl::string_view id) {
  auto it = client_index.find(id);
  if (it != client_index.end()) return it->second;
  client_index.emplace(std::string(id), clients.size());
  clients.emplace_back();
  clients.back().id = std::string(id);
  return clients.size() - 1;
}

void AnalyticsFacts::ReserveLike(const AnalyticsFacts& like) {
  client_index.reserve(like.client_index.size());
  deal_index.reserve(like.deal_index.size());
  tasks.reserve(like.tasks.size());
  task_index.reserve(like.task_index.size());
  activities.reserve(like.activities.size());
}

int64_t MinorUnits(const v1::Money& money) {
  const int64_t nanos = money.nanos();
  return money.units() * 100 + (nanos + (nanos >= 0 ? 5'000'000 : -5'000'000)) / 10'000'000;
}

v1::AnalyticsSettings DefaultSettings() {
  v1::AnalyticsSettings settings;
  settings.set_name("analytics/settings");
  settings.set_currency_code("RUB");
  settings.set_time_zone("Europe/Moscow");
  settings.set_abc_a_percent(75);
  settings.set_abc_b_percent(20);
  settings.set_abc_c_percent(5);
  settings.mutable_lifecycle()->set_regular_min_purchases(3);
  settings.mutable_lifecycle()->set_regular_window_days(365);
  settings.mutable_lifecycle()->set_lost_after_days(180);
  return settings;
}

}  // namespace chronicle::analytics
