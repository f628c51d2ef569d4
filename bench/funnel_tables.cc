#include "funnel_tables.h"

#include <filesystem>
#include <fstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "chronicle/aggregate/resource_ids.h"
#include "chronicle/aggregate/typed_events.h"
#include "chronicle/v1/deals_events.pb.h"

namespace chronicle::bench {
namespace {

using aggregate::Is;
using aggregate::Unpack;

std::string LocalTime(absl::TimeZone zone, int64_t unix_seconds) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(unix_seconds), zone);
}

}  // namespace

absl::Status ExportFunnelTables(eventlog::EventLog& log, absl::TimeZone zone,
                                const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::ofstream stages(dir + "/stages.csv");
  std::ofstream passes(dir + "/passes.csv");
  stages << "pipeline,stage,step,kind\n";
  passes << "deal,stage,entered_at\n";
  struct Deal {
    std::string pipeline;
    int64_t created = 0;
    const char* state = "open";
  };
  absl::flat_hash_map<std::string, Deal> deals;
  std::vector<std::string> order;  // deals in creation order, for a stable file
  const uint64_t head = log.HeadPosition();
  std::vector<v1::EventEnvelope> batch;
  for (uint64_t from = 1; from <= head; from += batch.size()) {
    if (absl::Status read = log.ReadAllInto(from, 4096, &batch); !read.ok()) return read;
    if (batch.empty()) break;
    for (const v1::EventEnvelope& event : batch) {
      const std::string& id = event.stream().id();
      const int64_t at = event.occurred_at().seconds();
      auto pass = [&](const std::string& stage) {
        if (!stage.empty()) passes << id << "," << stage << "," << at << "\n";
      };
      if (Is<v1::PipelineCreated>(event)) {
        v1::PipelineCreated created;
        if (absl::Status s = Unpack(event, &created); !s.ok()) return s;
        int step = 0;
        for (v1::StageKind kind : {v1::STAGE_KIND_OPEN, v1::STAGE_KIND_WON}) {
          for (const v1::Stage& stage : created.pipeline().stages()) {
            if (stage.kind() != kind) continue;
            stages << id << "," << stage.id() << "," << step++ << ","
                   << (kind == v1::STAGE_KIND_OPEN ? "open" : "won") << "\n";
          }
        }
      } else if (Is<v1::DealCreated>(event)) {
        v1::DealCreated created;
        if (absl::Status s = Unpack(event, &created); !s.ok()) return s;
        deals[id] = {std::string(aggregate::IdOf(created.deal().pipeline())), at};
        order.push_back(id);
        pass(created.deal().stage());
      } else if (Is<v1::DealMoved>(event)) {
        v1::DealMoved moved;
        if (absl::Status s = Unpack(event, &moved); !s.ok()) return s;
        pass(moved.transition().to_stage());
      } else if (Is<v1::DealWon>(event)) {
        v1::DealWon won;
        if (absl::Status s = Unpack(event, &won); !s.ok()) return s;
        pass(won.transition().to_stage());
        deals[id].state = "won";
      } else if (Is<v1::DealLost>(event)) {
        v1::DealLost lost;
        if (absl::Status s = Unpack(event, &lost); !s.ok()) return s;
        pass(lost.transition().to_stage());
        deals[id].state = "lost";
      } else if (Is<v1::DealReopened>(event)) {
        v1::DealReopened reopened;
        if (absl::Status s = Unpack(event, &reopened); !s.ok()) return s;
        pass(reopened.transition().to_stage());
        deals[id].state = "open";
      } else if (Is<v1::DealDisqualified>(event)) {
        v1::DealDisqualified disqualified;
        if (absl::Status s = Unpack(event, &disqualified); !s.ok()) return s;
        if (!disqualified.transition().to_stage().empty()) {
          pass(disqualified.transition().to_stage());
          deals[id].state = "lost";
        }
      }
    }
  }
  std::ofstream out(dir + "/deals.csv");
  out << "deal,pipeline,created_local,state\n";
  for (const std::string& id : order) {
    const Deal& deal = deals[id];
    out << id << "," << deal.pipeline << "," << LocalTime(zone, deal.created) << "," << deal.state
        << "\n";
  }
  if (!stages || !passes || !out) return absl::InternalError("writing the CSV tables failed");
  return absl::OkStatus();
}

}  // namespace chronicle::bench
