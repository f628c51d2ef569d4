#include "proto_json.h"

#include <cfloat>
#include <cmath>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"

namespace chronicle::cli {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

class Writer {
 public:
  Writer(const ProtoJsonOptions& options, std::string* out) : options_(options), out_(*out) {}

  void WriteMessage(const Message& message) {
    if (WriteWellKnown(message)) return;
    out_.push_back('{');
    WriteFields(message, /*first=*/true);
    out_.push_back('}');
  }

 private:
  // The fields of `message` that are set, comma-separated after whatever came before.
  void WriteFields(const Message& message, bool first) {
    const Reflection& reflection = *message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection.ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      if (!first) out_.push_back(',');
      first = false;
      WriteString(options_.preserve_proto_field_names ? field->name() : field->json_name());
      out_.push_back(':');
      if (field->is_map()) {
        WriteMap(message, field);
      } else if (field->is_repeated()) {
        out_.push_back('[');
        const int size = reflection.FieldSize(message, field);
        for (int i = 0; i < size; ++i) {
          if (i > 0) out_.push_back(',');
          WriteValue(message, field, i);
        }
        out_.push_back(']');
      } else {
        WriteValue(message, field, -1);
      }
    }
  }

  void WriteMap(const Message& message, const FieldDescriptor* field) {
    const Reflection& reflection = *message.GetReflection();
    const FieldDescriptor* key = field->message_type()->map_key();
    const FieldDescriptor* value = field->message_type()->map_value();
    out_.push_back('{');
    const int size = reflection.FieldSize(message, field);
    for (int i = 0; i < size; ++i) {
      if (i > 0) out_.push_back(',');
      const Message& entry = reflection.GetRepeatedMessage(message, field, i);
      // Keys are always strings in JSON.
      if (key->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        WriteString(entry.GetReflection()->GetString(entry, key));
      } else if (key->cpp_type() == FieldDescriptor::CPPTYPE_BOOL) {
        WriteString(entry.GetReflection()->GetBool(entry, key) ? "true" : "false");
      } else {
        std::string number;
        std::swap(number, out_);
        WriteValue(entry, key, -1);
        std::swap(number, out_);
        if (number.front() == '"') {
          out_ += number;
        } else {
          WriteString(number);
        }
      }
      out_.push_back(':');
      WriteValue(entry, value, -1);
    }
    out_.push_back('}');
  }

  // Field `field` of `message`; element `index` of a repeated field, -1 for a singular one.
  void WriteValue(const Message& message, const FieldDescriptor* field, int index) {
    const Reflection& r = *message.GetReflection();
    const bool repeated = index >= 0;
    switch (field->cpp_type()) {
      case FieldDescriptor::CPPTYPE_INT32:
        absl::StrAppend(&out_, repeated ? r.GetRepeatedInt32(message, field, index)
                                        : r.GetInt32(message, field));
        break;
      case FieldDescriptor::CPPTYPE_UINT32:
        absl::StrAppend(&out_, repeated ? r.GetRepeatedUInt32(message, field, index)
                                        : r.GetUInt32(message, field));
        break;
      case FieldDescriptor::CPPTYPE_INT64:
        absl::StrAppend(
            &out_, "\"",
            repeated ? r.GetRepeatedInt64(message, field, index) : r.GetInt64(message, field),
            "\"");
        break;
      case FieldDescriptor::CPPTYPE_UINT64:
        absl::StrAppend(
            &out_, "\"",
            repeated ? r.GetRepeatedUInt64(message, field, index) : r.GetUInt64(message, field),
            "\"");
        break;
      case FieldDescriptor::CPPTYPE_DOUBLE:
        WriteDouble(
            repeated ? r.GetRepeatedDouble(message, field, index) : r.GetDouble(message, field),
            /*is_float=*/false);
        break;
      case FieldDescriptor::CPPTYPE_FLOAT:
        WriteDouble(
            repeated ? r.GetRepeatedFloat(message, field, index) : r.GetFloat(message, field),
            /*is_float=*/true);
        break;
      case FieldDescriptor::CPPTYPE_BOOL:
        out_ += (repeated ? r.GetRepeatedBool(message, field, index) : r.GetBool(message, field))
                    ? "true"
                    : "false";
        break;
      case FieldDescriptor::CPPTYPE_ENUM: {
        const int number = repeated ? r.GetRepeatedEnumValue(message, field, index)
                                    : r.GetEnumValue(message, field);
        if (field->enum_type()->full_name() == "google.protobuf.NullValue") {
          out_ += "null";
          break;
        }
        const auto* value = field->enum_type()->FindValueByNumber(number);
        if (value != nullptr) {
          WriteString(value->name());
        } else {
          absl::StrAppend(&out_, number);
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_STRING: {
        std::string scratch;
        const std::string& text =
            repeated ? r.GetRepeatedStringReference(message, field, index, &scratch)
                     : r.GetStringReference(message, field, &scratch);
        if (field->type() == FieldDescriptor::TYPE_BYTES) {
          absl::StrAppend(&out_, "\"", absl::Base64Escape(text), "\"");
        } else {
          WriteString(text);
        }
        break;
      }
      case FieldDescriptor::CPPTYPE_MESSAGE:
        WriteMessage(repeated ? r.GetRepeatedMessage(message, field, index)
                              : r.GetMessage(message, field));
        break;
    }
  }

  void WriteDouble(double value, bool is_float) {
    if (std::isnan(value)) {
      out_ += "\"NaN\"";
    } else if (std::isinf(value)) {
      out_ += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    } else {
      out_ += is_float ? ShortestFloat(static_cast<float>(value)) : ShortestDouble(value);
    }
  }

  // A JSON string, escaped as the protobuf library escapes it: quotes, backslashes, control
  // characters, and the angle brackets (so it is safe inside HTML).
  void WriteString(absl::string_view text) {
    out_.push_back('"');
    size_t plain = 0;  // start of the run of characters that need no escape
    for (size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != 0x7f) continue;
      out_.append(text.data() + plain, i - plain);
      plain = i + 1;
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        case '<':
        case '>':
          absl::StrAppendFormat(&out_, "\\u%04x", c);
          break;
        default:  // the other control characters
          absl::StrAppendFormat(&out_, "\\u%04x", c);
      }
    }
    out_.append(text.data() + plain, text.size() - plain);
    out_.push_back('"');
  }

  // The special JSON forms of well-known types; false for any other message.
  bool WriteWellKnown(const Message& message) {
    const Descriptor* d = message.GetDescriptor();
    if (d->file()->package() != "google.protobuf") return false;
    const std::string& name = d->name();
    const Reflection& r = *message.GetReflection();
    if (name == "Timestamp") {
      const int64_t seconds = r.GetInt64(message, d->FindFieldByNumber(1));
      const int32_t nanos = r.GetInt32(message, d->FindFieldByNumber(2));
      const absl::Time t = absl::FromUnixSeconds(seconds) + absl::Nanoseconds(nanos);
      absl::StrAppend(&out_, "\"", absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()),
                      Fraction(nanos), "Z\"");
      return true;
    }
    if (name == "Duration") {
      const int64_t seconds = r.GetInt64(message, d->FindFieldByNumber(1));
      const int32_t nanos = r.GetInt32(message, d->FindFieldByNumber(2));
      const bool negative = seconds < 0 || nanos < 0;
      absl::StrAppend(&out_, "\"", negative ? "-" : "", std::llabs(seconds),
                      Fraction(std::abs(nanos)), "s\"");
      return true;
    }
    if (absl::EndsWith(name, "Value") && name != "Value" && name != "ListValue") {
      WriteValue(message, d->FindFieldByNumber(1), -1);  // wrappers: the bare value
      return true;
    }
    if (name == "Any") return WriteAny(message);
    if (name == "Struct") {
      WriteMap(message, d->FindFieldByNumber(1));
      return true;
    }
    if (name == "ListValue") {
      const FieldDescriptor* values = d->FindFieldByNumber(1);
      out_.push_back('[');
      for (int i = 0; i < r.FieldSize(message, values); ++i) {
        if (i > 0) out_.push_back(',');
        WriteMessage(r.GetRepeatedMessage(message, values, i));
      }
      out_.push_back(']');
      return true;
    }
    if (name == "Value") {
      std::vector<const FieldDescriptor*> set;
      r.ListFields(message, &set);
      if (set.empty()) {
        out_ += "null";
      } else {
        WriteValue(message, set.front(), -1);
      }
      return true;
    }
    if (name == "FieldMask") {
      const FieldDescriptor* paths = d->FindFieldByNumber(1);
      std::vector<std::string> camel;
      for (int i = 0; i < r.FieldSize(message, paths); ++i) {
        camel.push_back(LowerCamel(r.GetRepeatedString(message, paths, i)));
      }
      WriteString(absl::StrJoin(camel, ","));
      return true;
    }
    return false;
  }

  bool WriteAny(const Message& any) {
    const Descriptor* d = any.GetDescriptor();
    const Reflection& r = *any.GetReflection();
    const std::string url = r.GetString(any, d->FindFieldByNumber(1));
    const std::string bytes = r.GetString(any, d->FindFieldByNumber(2));
    if (url.empty()) {
      out_ += "{}";
      return true;
    }
    const Descriptor* type =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
            url.substr(url.rfind('/') + 1));
    const Message* prototype =
        type == nullptr ? nullptr
                        : google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    std::unique_ptr<Message> payload(prototype == nullptr ? nullptr : prototype->New());
    out_ += "{\"@type\":";
    WriteString(url);
    if (payload == nullptr || !payload->ParseFromString(bytes)) {
      absl::StrAppend(&out_, ",\"value\":\"", absl::Base64Escape(bytes), "\"}");
      return true;
    }
    if (type->file()->package() == "google.protobuf" && type->name() != "Empty") {
      out_ += ",\"value\":";
      WriteMessage(*payload);
      out_.push_back('}');
      return true;
    }
    WriteFields(*payload, /*first=*/false);
    out_.push_back('}');
    return true;
  }

  // As few digits as read back to the same value, the way the protobuf library writes them:
  // 15 significant digits (6 for a float) unless more are needed, then 17 (9).
  static std::string ShortestDouble(double value) {
    std::string text = absl::StrFormat("%.*g", DBL_DIG, value);
    double back = 0;
    if (!absl::SimpleAtod(text, &back) || back != value) {
      text = absl::StrFormat("%.*g", DBL_DIG + 2, value);
    }
    return text;
  }
  static std::string ShortestFloat(float value) {
    std::string text = absl::StrFormat("%.*g", FLT_DIG, value);
    float back = 0;
    // Like the library's strtof, a subnormal reads back out of range: 9 digits for those.
    if (!absl::SimpleAtof(text, &back) || back != value || std::fpclassify(value) == FP_SUBNORMAL) {
      text = absl::StrFormat("%.*g", FLT_DIG + 3, value);
    }
    return text;
  }

  // ".5", ".123", ".123456" or ".123456789": as few groups of three digits as the nanos need.
  static std::string Fraction(int32_t nanos) {
    if (nanos == 0) return "";
    if (nanos % 1'000'000 == 0) return absl::StrFormat(".%03d", nanos / 1'000'000);
    if (nanos % 1'000 == 0) return absl::StrFormat(".%06d", nanos / 1'000);
    return absl::StrFormat(".%09d", nanos);
  }

  static std::string LowerCamel(absl::string_view path) {
    std::string out;
    bool upper = false;
    for (char c : path) {
      if (c == '_') {
        upper = true;
        continue;
      }
      out.push_back(upper ? absl::ascii_toupper(c) : c);
      upper = false;
    }
    return out;
  }

  const ProtoJsonOptions& options_;
  std::string& out_;
};

}  // namespace

void AppendProtoJson(const Message& message, const ProtoJsonOptions& options, std::string* out) {
  Writer(options, out).WriteMessage(message);
}

}  // namespace chronicle::cli
