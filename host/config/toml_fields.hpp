// Typed access to TOML fields with the error messages the CLI contract asks
// for: "config.toml:LINE:COL: key 'analysis[1].prior.sd': found ...; expected ...".
#pragma once

#include <set>
#include <string>
#include <toml++/toml.h>
#include <vector>

namespace ps {

class TomlFields {
 public:
  TomlFields(std::string file, const toml::table& table, std::string key_prefix);

  // Every key of the table must be in `allowed`.
  void reject_unknown(const std::set<std::string>& allowed) const;

  bool has(const std::string& key) const;
  const toml::node* node(const std::string& key) const;
  std::string string(const std::string& key, const std::string& fallback) const;
  std::string required_string(const std::string& key) const;
  std::vector<std::string> string_list(const std::string& key) const;
  double number(const std::string& key, double fallback) const;
  long long integer(const std::string& key, long long fallback, long long min, long long max) const;
  std::vector<double> number_list(const std::string& key, const std::vector<double>& fallback) const;
  const toml::table* subtable(const std::string& key) const;
  // The numbers of a number-or-list key exactly as written in the file (e.g.
  // "1.0", "0.80"), for column labels such as p_below_0.80.
  std::vector<std::string> number_texts(const std::string& key) const;

  // Where a key (or the table itself when empty) is, for messages.
  std::string where(const std::string& key = "") const;
  [[noreturn]] void fail(const std::string& key, const std::string& found, const std::string& expected) const;
  std::string qualified(const std::string& key) const;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const toml::table& table_;
  std::string prefix_;
};

std::string describe_toml_value(const toml::node& node);

}  // namespace ps
