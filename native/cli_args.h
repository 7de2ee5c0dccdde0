// native: a tiny argument reader for the subcommands: flags with values, repeated flags and
// positional arguments, with a usage error that names the offending argument.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wirepad::native {

class Args {
 public:
  Args(int argc, char** argv, int first) {
    for (int i = first; i < argc; ++i) items_.emplace_back(argv[i]);
  }
  bool done() const { return pos_ >= items_.size(); }
  const std::string& peek() const { return items_[pos_]; }
  std::string next() { return items_[pos_++]; }
  // If the current item is `name` (or `name=value`, or the value glued to a short flag like
  // -XPOST), consumes it with its value. Sets `error` when the value is missing.
  std::optional<std::string> value(const std::string& short_name, const std::string& long_name, std::string& error) {
    const std::string& a = items_[pos_];
    for (const std::string& name : {short_name, long_name}) {
      if (name.empty()) continue;
      if (a == name) {
        if (pos_ + 1 >= items_.size()) {
          error = "option " + name + " needs a value";
          return std::nullopt;
        }
        pos_ += 2;
        return items_[pos_ - 1];
      }
      if (name.size() > 2 && a.rfind(name + "=", 0) == 0) {
        ++pos_;
        return a.substr(name.size() + 1);
      }
      if (name.size() == 2 && a.size() > 2 && a.rfind(name, 0) == 0 && a[1] != '-') {
        ++pos_;
        return a.substr(2);
      }
    }
    return std::nullopt;
  }
  bool flag(const std::string& short_name, const std::string& long_name) {
    const std::string& a = items_[pos_];
    if ((!short_name.empty() && a == short_name) || (!long_name.empty() && a == long_name)) {
      ++pos_;
      return true;
    }
    return false;
  }

 private:
  std::vector<std::string> items_;
  size_t pos_ = 0;
};

}  // namespace wirepad::native
