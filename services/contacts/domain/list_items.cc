#include "contacts/domain/list_items.h"

#include "contacts/domain/search_text.h"

namespace chronicle::contacts {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// The identity of item `i` of list `field`: what makes two items "the same".
std::string ItemKey(const v1::Client& client, const FieldDescriptor* field, int i) {
  const auto& reflection = *client.GetReflection();
  if (field->type() == FieldDescriptor::TYPE_STRING) {
    return CollationKey(reflection.GetRepeatedString(client, field, i));
  }
  const Message& item = reflection.GetRepeatedMessage(client, field, i);
  if (field->name() == "phones") return static_cast<const v1::Phone&>(item).e164();
  if (field->name() == "emails") return static_cast<const v1::Email&>(item).normalized();
  if (field->name() == "companies") return static_cast<const v1::CompanyLink&>(item).company();
  return item.SerializeAsString();  // links, addresses: the whole value
}

int IndexOf(const v1::Client& client, const FieldDescriptor* field, const std::string& key) {
  const int size = client.GetReflection()->FieldSize(client, field);
  for (int i = 0; i < size; ++i) {
    if (ItemKey(client, field, i) == key) return i;
  }
  return -1;
}

void CopyItem(const v1::Client& from, const FieldDescriptor* field, int i, v1::Client* to) {
  const auto& reflection = *from.GetReflection();
  if (field->type() == FieldDescriptor::TYPE_STRING) {
    reflection.AddString(to, field, reflection.GetRepeatedString(from, field, i));
  } else {
    reflection.AddMessage(to, field)->CopyFrom(reflection.GetRepeatedMessage(from, field, i));
  }
}

}  // namespace

const std::vector<std::string>& ListFields() {
  static const std::vector<std::string> fields = {"phones", "emails",    "tags",     "interests",
                                                  "links",  "addresses", "companies"};
  return fields;
}

int AddMissingItems(const v1::Client& source, const std::string& name, v1::Client* target,
                    v1::Client* added) {
  const FieldDescriptor* field = v1::Client::descriptor()->FindFieldByName(name);
  const int size = source.GetReflection()->FieldSize(source, field);
  int count = 0;
  for (int i = 0; i < size; ++i) {
    if (IndexOf(*target, field, ItemKey(source, field, i)) >= 0) continue;
    CopyItem(source, field, i, target);
    if (added != nullptr) CopyItem(source, field, i, added);
    ++count;
  }
  return count;
}

void RemoveItems(const v1::Client& remove, const std::string& name, v1::Client* target) {
  const FieldDescriptor* field = v1::Client::descriptor()->FindFieldByName(name);
  const int size = remove.GetReflection()->FieldSize(remove, field);
  for (int i = 0; i < size; ++i) {
    const int at = IndexOf(*target, field, ItemKey(remove, field, i));
    if (at < 0) continue;
    auto& reflection = *target->GetReflection();
    const int last = reflection.FieldSize(*target, field) - 1;
    for (int j = at; j < last; ++j) reflection.SwapElements(target, field, j, j + 1);
    reflection.RemoveLast(target, field);
  }
}

}  // namespace chronicle::contacts
