// Protocol buffers as JSON (the proto3 JSON mapping), written straight from reflection.
//
// Why not google::protobuf::util::MessageToJsonString: it serializes the message to binary and
// converts that through a type resolver, about 30 microseconds per event; a replay of millions of
// events spent nearly all its time there. Walking the message by reflection writes the same JSON
// several times faster. The output is what the library writes for the messages Chronicle has
// (compact, fields in number order, defaults left out, 64-bit integers quoted, well-known types in
// their special forms); the tests hold the two side by side.
#ifndef CHRONICLE_TOOLS_CHRONICLE_PROTO_JSON_H_
#define CHRONICLE_TOOLS_CHRONICLE_PROTO_JSON_H_

#include <string>

#include "google/protobuf/message.h"

namespace chronicle::cli {

struct ProtoJsonOptions {
  // Field names as in the .proto file ("client_id") rather than lowerCamelCase ("clientId").
  bool preserve_proto_field_names = false;
};

// Appends `message` as JSON to *out. An Any whose type is not linked into the binary is written
// with its "@type" and its bytes base64-encoded under "value".
void AppendProtoJson(const google::protobuf::Message& message, const ProtoJsonOptions& options,
                     std::string* out);

}  // namespace chronicle::cli

#endif  // CHRONICLE_TOOLS_CHRONICLE_PROTO_JSON_H_
