// Per-event CPU costs on the append and replay paths.
#include "benchmark/benchmark.h"
#include "chronicle/base/crc32c.h"
#include "chronicle/v1/event.pb.h"
#include "google/protobuf/wrappers.pb.h"

namespace chronicle {
namespace {

v1::EventEnvelope FullEnvelope() {
  v1::EventEnvelope event;
  event.set_event_id("01a20758-d28c-7000-a4d0-f25529e1c573");
  event.mutable_stream()->set_type("contact");
  event.mutable_stream()->set_id("0193f1a2-7c3e-7000-8000-5a1b2c3d4e5f");
  event.set_stream_version(17);
  event.set_global_position(123456789);
  event.set_command_id("4b1f2a9e-6d0c-4e8a-9f7b-2c5d1e3f4a6b");
  event.mutable_recorded_at()->set_seconds(1'790'000'000);
  event.mutable_actor()->set_user_id("anna.petrova");
  event.set_event_type("contacts.NoteAdded");
  google::protobuf::StringValue text;
  text.set_value("Позвонила, договорились о встрече в четверг в 13:30; просит КП на 12 мест.");
  event.mutable_payload()->PackFrom(text);
  return event;
}

void BM_Crc32c(benchmark::State& state) {
  std::string data = FullEnvelope().SerializeAsString();
  for (auto _ : state) benchmark::DoNotOptimize(Crc32c(data));
  state.SetBytesProcessed(state.iterations() * data.size());
}
BENCHMARK(BM_Crc32c);

void BM_SerializeEnvelope(benchmark::State& state) {
  v1::EventEnvelope event = FullEnvelope();
  for (auto _ : state) benchmark::DoNotOptimize(event.SerializeAsString());
}
BENCHMARK(BM_SerializeEnvelope);

void BM_ParseEnvelope(benchmark::State& state) {
  std::string data = FullEnvelope().SerializeAsString();
  v1::EventEnvelope event;
  for (auto _ : state) benchmark::DoNotOptimize(event.ParseFromString(data));
}
BENCHMARK(BM_ParseEnvelope);

}  // namespace
}  // namespace chronicle
