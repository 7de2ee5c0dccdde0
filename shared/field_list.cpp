// wirepad core: FieldList. Depends on: field_list.h only.
#include "field_list.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace wirepad {

namespace {
std::uint32_t checked_offset(std::size_t n) {
  // 4 GiB of field bytes: far past any parser limit; refused rather than wrapped.
  if (n > std::numeric_limits<std::uint32_t>::max()) throw std::length_error("FieldList: more than 4 GiB of fields");
  return std::uint32_t(n);
}
}  // namespace

FieldList::FieldList(std::initializer_list<FieldView> fields) {
  for (const FieldView& f : fields) add(f.name, f.value);
}

void FieldList::add(std::string_view name, std::string_view value) {
  std::size_t at = bytes_.size();
  checked_offset(at + name.size() + value.size());
  bytes_.append(name);
  bytes_.append(value);
  add_within(at, name.size(), at + name.size(), value.size());
}

void FieldList::append_to_last_value(std::string_view more) {
  Entry& e = entries_.back();
  if (std::size_t(e.value_at) + e.value_size != bytes_.size()) {
    // The value is not at the end of the buffer (lines copied raw): move a copy there first.
    std::string value = bytes_.substr(e.value_at, e.value_size);
    e.value_at = checked_offset(append_raw(value));
  }
  checked_offset(bytes_.size() + more.size());
  bytes_.append(more);
  e.value_size += std::uint32_t(more.size());
}

std::size_t FieldList::append_raw(std::string_view bytes) {
  std::size_t at = bytes_.size();
  checked_offset(at + bytes.size());
  bytes_.append(bytes);
  return at;
}


void FieldList::clear() {
  bytes_.clear();
  entries_.clear();
}

void FieldList::reserve(std::size_t fields, std::size_t bytes) {
  entries_.reserve(fields);
  bytes_.reserve(bytes);
}

bool FieldList::operator==(const FieldList& other) const {
  return size() == other.size() && std::equal(begin(), end(), other.begin());
}

}  // namespace wirepad
