// chronicle log tail | stats | append
#include <iostream>

#include "absl/time/time.h"
#include "chronicle/base/uuid.h"
#include "chronicle/cli/commands.h"
#include "chronicle/cli/table.h"
#include "chronicle/eventlog/event_log.h"
#include "chronicle/v1/activities_events.pb.h"
#include "chronicle/v1/analytics_events.pb.h"
#include "chronicle/v1/contacts_events.pb.h"
#include "chronicle/v1/deals_events.pb.h"
#include "chronicle/v1/event_log.grpc.pb.h"
#include "chronicle/v1/notifications_events.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "proto_json.h"

namespace chronicle::cli {
namespace {

using google::protobuf::util::MessageToJsonString;

std::string Json(const google::protobuf::Message& message) {
  std::string out;
  if (!MessageToJsonString(message, &out).ok()) return "<not printable>";
  return out;
}

std::string FormatTime(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

}  // namespace

void LinkEventTypes() {
  // The linker keeps a generated file only when something names it; naming one message of each
  // service's events registers all of that file's types with the generated pool, so payloads
  // (Any) print as JSON.
  static const bool linked = [] {
    for (const auto* d : {v1::ClientCreated::descriptor(), v1::DealCreated::descriptor(),
                          v1::ActivityLogged::descriptor(), v1::RuleDefined::descriptor(),
                          v1::AnalyticsSettingsChanged::descriptor()}) {
      (void)d;
    }
    return true;
  }();
  (void)linked;
}

std::string PayloadText(const v1::EventEnvelope& event) {
  LinkEventTypes();
  if (!event.has_payload()) return "";
  const std::string& url = event.payload().type_url();
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          url.substr(url.rfind('/') + 1));
  if (descriptor == nullptr) return url;
  // Every event type is linked in (LinkEventTypes): the generated factory has them all, and its
  // prototypes are built once (a DynamicMessageFactory per event cost most of a replay).
  const google::protobuf::Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor);
  if (prototype == nullptr) return url;
  std::unique_ptr<google::protobuf::Message> payload(prototype->New());
  if (!event.payload().UnpackTo(payload.get())) return url;
  std::string json;
  AppendProtoJson(*payload, {}, &json);
  return json;
}

namespace {

class EventPrinter {
 public:
  explicit EventPrinter(bool json) : json_(json) {}
  void Print(const v1::EventEnvelope& event) {
    if (json_) {
      std::cout << Json(event) << "\n";
      return;
    }
    std::cout << event.global_position() << "  " << FormatTime(event.occurred_at()) << "  "
              << eventlog::StreamName(event.stream()) << "@" << event.stream_version() << "  "
              << event.event_type() << "  " << event.actor().user_id() << "  "
              << Truncate(PayloadText(event), 80) << "\n";
  }

 private:
  bool json_;
};

// Events of `type` (all when empty) from position `from` to the end of the log.
grpc::Status ListFrom(Client& client, v1::EventLog::Stub& api, uint64_t from,
                      const std::string& type, std::vector<v1::EventEnvelope>* out) {
  v1::ListEventsRequest request;
  request.set_from(from);
  request.set_event_type(type);
  request.set_page_size(1000);
  do {
    v1::ListEventsResponse response;
    grpc::Status status = api.ListEvents(client.NewContext().get(), request, &response);
    if (!status.ok()) return status;
    out->insert(out->end(), response.events().begin(), response.events().end());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return grpc::Status::OK;
}

// The first position from which the log holds the last `lines` events of `type`: a window that
// doubles backwards from the head until it holds enough of them or reaches the start.
grpc::Status StartOfLast(Client& client, v1::EventLog::Stub& api, uint64_t lines,
                         const std::string& type, uint64_t* from) {
  v1::LogStats stats;
  grpc::Status status = api.GetLogStats(client.NewContext().get(), {}, &stats);
  if (!status.ok()) return status;
  const uint64_t head = stats.head_position();
  for (uint64_t window = std::max<uint64_t>(lines, 1);; window *= 2) {
    *from = head > window ? head - window + 1 : 1;
    if (type.empty() || *from == 1) return grpc::Status::OK;
    std::vector<v1::EventEnvelope> found;
    if (status = ListFrom(client, api, *from, type, &found); !status.ok()) return status;
    if (found.size() >= lines) {
      *from = found[found.size() - lines].global_position();
      return grpc::Status::OK;
    }
  }
}

int Tail(Client& client, uint64_t lines, uint64_t from, const std::string& type, bool follow) {
  auto api = v1::EventLog::NewStub(client.channel());
  if (from == 0) {
    if (grpc::Status status = StartOfLast(client, *api, lines, type, &from); !status.ok()) {
      return ReportError(status);
    }
  }
  EventPrinter printer(client.options().json);
  if (follow) {
    v1::TailEventsRequest request;
    request.set_from_position(from);
    request.set_event_type(type);
    auto context = client.NewContext(/*streaming=*/true);
    auto reader = api->TailEvents(context.get(), request);
    v1::EventEnvelope event;
    while (reader->Read(&event)) {
      printer.Print(event);
      std::cout.flush();
    }
    grpc::Status status = reader->Finish();
    return status.ok() ? 0 : ReportError(status);
  }
  std::vector<v1::EventEnvelope> events;
  if (grpc::Status status = ListFrom(client, *api, from, type, &events); !status.ok()) {
    return ReportError(status);
  }
  for (const auto& event : events) printer.Print(event);
  return 0;
}

int Stats(Client& client) {
  auto api = v1::EventLog::NewStub(client.channel());
  v1::LogStats stats;
  grpc::Status status = api->GetLogStats(client.NewContext().get(), {}, &stats);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    std::cout << Json(stats) << "\n";
    return 0;
  }
  Table summary({"HEAD", "EVENTS", "STREAMS", "STORAGE", "COUNTED UP TO"});
  summary.AddRow({std::to_string(stats.head_position()), std::to_string(stats.event_count()),
                  std::to_string(stats.stream_count()),
                  std::to_string(stats.storage_bytes() / 1024) + " KiB",
                  std::to_string(stats.stats_position())});
  summary.Print(std::cout);
  if (stats.events_by_type_size() > 0) {
    std::cout << "\n";
    Table by_type({"EVENT TYPE", "COUNT"});
    for (const auto& entry : stats.events_by_type()) {
      by_type.AddRow({entry.event_type(), std::to_string(entry.count())});
    }
    by_type.Print(std::cout);
  }
  return 0;
}

int AppendOne(Client& client, const std::string& stream, const std::string& type,
              const std::string& payload_json, int64_t expected_version, std::string command_id) {
  v1::AppendEventsRequest request;
  auto parsed = eventlog::ParseStreamName(stream);
  if (!parsed.ok()) {
    std::cerr << "chronicle: " << parsed.status().message() << std::endl;
    return 2;
  }
  *request.mutable_stream() = *parsed;
  request.set_expected_version(expected_version);
  request.set_command_id(command_id.empty() ? RandomUuid() : command_id);
  v1::NewEvent* event = request.add_events();
  event->set_event_type(type);
  if (!payload_json.empty()) {
    google::protobuf::Struct payload;
    if (!google::protobuf::util::JsonStringToMessage(payload_json, &payload).ok()) {
      std::cerr << "chronicle: --payload is not a JSON object" << std::endl;
      return 2;
    }
    event->mutable_payload()->PackFrom(payload);
  }
  auto api = v1::EventLog::NewStub(client.channel());
  v1::AppendEventsResponse response;
  grpc::Status status = api->AppendEvents(client.NewContext().get(), request, &response);
  if (!status.ok()) return ReportError(status);
  if (client.options().json) {
    std::cout << Json(response) << "\n";
  } else {
    std::cout << (response.deduplicated() ? "already appended" : "appended") << " at position "
              << response.last_position() << ", " << stream << " now at version "
              << response.stream_version() << "\n";
  }
  return 0;
}

}  // namespace

void AddLogCommands(CLI::App& app, Action* selected) {
  CLI::App* log =
      app.add_subcommand("log", "read and inspect the event log")->require_subcommand(1);

  auto* tail = log->add_subcommand("tail", "print the last events; with -f, keep following");
  auto lines = std::make_shared<uint64_t>(20);
  auto from = std::make_shared<uint64_t>(0);
  auto type = std::make_shared<std::string>();
  auto follow = std::make_shared<bool>(false);
  tail->add_option("-n,--lines", *lines, "how many of the latest events (default 20)");
  tail->add_option("--from", *from, "start at this global position instead");
  tail->add_option("--type", *type, "only events of this type");
  tail->add_flag("-f,--follow", *follow, "keep printing new events until interrupted");
  tail->callback(
      [=] { *selected = [=](Client& c) { return Tail(c, *lines, *from, *type, *follow); }; });

  log->add_subcommand("stats", "event, stream and per-type counts, storage size")->callback([=] {
    *selected = Stats;
  });

  auto* append = log->add_subcommand("append", "append one event (needs the admin role)");
  auto stream = std::make_shared<std::string>();
  auto event_type = std::make_shared<std::string>();
  auto payload = std::make_shared<std::string>();
  auto expected = std::make_shared<int64_t>(-1);
  auto command_id = std::make_shared<std::string>();
  append->add_option("stream", *stream, "type/id, for example contact/42")->required();
  append->add_option("event_type", *event_type, "for example contacts.NoteAdded")->required();
  append->add_option("--payload", *payload, "the payload as a JSON object");
  append->add_option("--expected-version", *expected, "-1 any (default), 0 new stream, N exact");
  append->add_option("--command-id", *command_id, "idempotency key (default: a random UUID)");
  append->callback([=] {
    *selected = [=](Client& c) {
      return AppendOne(c, *stream, *event_type, *payload, *expected, *command_id);
    };
  });
}

}  // namespace chronicle::cli
