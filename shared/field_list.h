// wirepad core: FieldList, a received field section (RFC 9110 §5.3) held as one block of bytes.
// Depends on: the C++ standard library only.
//
// A response head is parsed on every exchange and can have hundreds of fields. Owning one
// std::string per name and value cost two allocations per field, a third of the parser's time;
// here every name and value lives in one buffer with an offset table beside it, so a head
// costs two allocations however many fields it has, and copying a response copies two blocks.
// Fields are read as FieldView values that point into the list: valid until the list changes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace wirepad {

struct FieldView {
  std::string_view name;
  std::string_view value;
  bool operator==(const FieldView&) const = default;
};

class FieldList {
 public:
  FieldList() = default;
  FieldList(std::initializer_list<FieldView> fields);

  // Names and values are stored as given: validating them is the parser's job.
  void add(std::string_view name, std::string_view value);
  // Appends to the last field's value (the parser joins obsolete line folding this way).
  // Requires !empty().
  void append_to_last_value(std::string_view more);
  // For a parser that copies received lines in one piece: append_raw() adds bytes no field
  // uses yet and returns the offset they start at; add_within() then names a field in them.
  std::size_t append_raw(std::string_view bytes);
  void add_within(std::size_t name_at, std::size_t name_size, std::size_t value_at, std::size_t value_size) {
    // Offsets inside the buffer (checked by the appends) fit in 32 bits.
    entries_.push_back(
        {std::uint32_t(name_at), std::uint32_t(name_size), std::uint32_t(value_at), std::uint32_t(value_size)});
  }
  void clear();
  void reserve(std::size_t fields, std::size_t bytes);

  std::size_t size() const { return entries_.size(); }
  std::size_t raw_size() const { return bytes_.size(); }  // bytes held (what append_raw returns next)
  bool empty() const { return entries_.empty(); }
  FieldView operator[](std::size_t i) const {
    const Entry& e = entries_[i];
    return {std::string_view(bytes_.data() + e.name_at, e.name_size),
            std::string_view(bytes_.data() + e.value_at, e.value_size)};
  }
  FieldView front() const { return (*this)[0]; }
  FieldView back() const { return (*this)[size() - 1]; }

  // Random access over FieldView values (a proxy: `for (const auto& f : list)` binds each to
  // a temporary, which is fine; a FieldView& to keep is not available).
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = FieldView;
    using difference_type = std::ptrdiff_t;
    using reference = FieldView;
    struct pointer {
      FieldView view;
      const FieldView* operator->() const { return &view; }
    };
    const_iterator() = default;
    const_iterator(const FieldList* list, std::size_t i) : list_(list), i_(i) {}
    FieldView operator*() const { return (*list_)[i_]; }
    pointer operator->() const { return {(*list_)[i_]}; }
    FieldView operator[](difference_type n) const { return (*list_)[std::size_t(difference_type(i_) + n)]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto old = *this; ++i_; return old; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto old = *this; --i_; return old; }
    const_iterator& operator+=(difference_type n) { i_ = std::size_t(difference_type(i_) + n); return *this; }
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    friend const_iterator operator+(const_iterator it, difference_type n) { return it += n; }
    friend const_iterator operator+(difference_type n, const_iterator it) { return it += n; }
    friend const_iterator operator-(const_iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return difference_type(a.i_) - difference_type(b.i_);
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) { return a.i_ == b.i_; }
    friend auto operator<=>(const const_iterator& a, const const_iterator& b) { return a.i_ <=> b.i_; }

   private:
    const FieldList* list_ = nullptr;
    std::size_t i_ = 0;
  };
  using iterator = const_iterator;
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }

  // The same fields in the same order (however the bytes are laid out).
  bool operator==(const FieldList& other) const;

 private:
  // Offsets, not pointers, so a copied or moved list stays valid.
  struct Entry {
    std::uint32_t name_at = 0;
    std::uint32_t name_size = 0;
    std::uint32_t value_at = 0;
    std::uint32_t value_size = 0;
  };
  std::string bytes_;
  std::vector<Entry> entries_;
};

}  // namespace wirepad
