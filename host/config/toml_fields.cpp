#include "host/config/toml_fields.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <fmt/format.h>
#include <sstream>

#include "host/errors.hpp"

namespace ps {

namespace {

std::string position(const std::string& file, const toml::source_region& src) {
  if (src.begin.line == 0) return file;
  return fmt::format("{}:{}:{}", file, src.begin.line, src.begin.column);
}

}  // namespace

std::string describe_toml_value(const toml::node& node) {
  std::ostringstream out;
  switch (node.type()) {
    case toml::node_type::string: return fmt::format("the string \"{}\"", *node.value<std::string>());
    case toml::node_type::integer: return fmt::format("the integer {}", *node.value<long long>());
    case toml::node_type::floating_point: return fmt::format("the number {}", *node.value<double>());
    case toml::node_type::boolean: return fmt::format("the boolean {}", *node.value<bool>());
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date/time";
  }
}

TomlFields::TomlFields(std::string file, const toml::table& table, std::string key_prefix)
    : file_(std::move(file)), table_(table), prefix_(std::move(key_prefix)) {}

std::string TomlFields::qualified(const std::string& key) const {
  if (prefix_.empty()) return key;
  if (key.empty()) return prefix_;
  return prefix_ + "." + key;
}

std::string TomlFields::where(const std::string& key) const {
  const toml::node* n = key.empty() ? nullptr : table_.get(key);
  return position(file_, n ? n->source() : table_.source());
}

void TomlFields::fail(const std::string& key, const std::string& found, const std::string& expected) const {
  throw InputError(fmt::format("{}: key '{}': found {}; expected {}", where(key), qualified(key), found, expected));
}

void TomlFields::reject_unknown(const std::set<std::string>& allowed) const {
  for (auto&& [k, v] : table_) {
    const std::string key(k.str());
    if (allowed.count(key)) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw InputError(fmt::format("{}: unknown key '{}'; expected one of: {}", position(file_, k.source()),
                                 qualified(key), list));
  }
}

bool TomlFields::has(const std::string& key) const { return table_.get(key) != nullptr; }

const toml::node* TomlFields::node(const std::string& key) const { return table_.get(key); }

std::string TomlFields::string(const std::string& key, const std::string& fallback) const {
  const toml::node* n = table_.get(key);
  if (!n) return fallback;
  if (!n->is_string()) fail(key, describe_toml_value(*n), "a string");
  return *n->value<std::string>();
}

std::string TomlFields::required_string(const std::string& key) const {
  if (!has(key)) {
    throw InputError(fmt::format("{}: missing key '{}'; expected a string", where(), qualified(key)));
  }
  return string(key, "");
}

std::vector<std::string> TomlFields::string_list(const std::string& key) const {
  const toml::node* n = table_.get(key);
  if (!n) return {};
  if (n->is_string()) return {*n->value<std::string>()};
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, describe_toml_value(*n), "a string or a list of strings");
  std::vector<std::string> out;
  for (const auto& el : *arr) {
    if (!el.is_string()) fail(key, "a list holding " + describe_toml_value(el), "a list of strings");
    out.push_back(*el.value<std::string>());
  }
  return out;
}

double TomlFields::number(const std::string& key, double fallback) const {
  const toml::node* n = table_.get(key);
  if (!n) return fallback;
  if (!n->is_number()) fail(key, describe_toml_value(*n), "a number");
  const double v = *n->value<double>();
  if (!std::isfinite(v)) fail(key, describe_toml_value(*n), "a finite number");
  return v;
}

long long TomlFields::integer(const std::string& key, long long fallback, long long min, long long max) const {
  const toml::node* n = table_.get(key);
  if (!n) return fallback;
  if (!n->is_integer()) fail(key, describe_toml_value(*n), "an integer");
  const long long v = *n->value<long long>();
  if (v < min || v > max) fail(key, describe_toml_value(*n), fmt::format("an integer from {} to {}", min, max));
  return v;
}

std::vector<double> TomlFields::number_list(const std::string& key, const std::vector<double>& fallback) const {
  const toml::node* n = table_.get(key);
  if (!n) return fallback;
  if (n->is_number()) return {number(key, 0.0)};
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, describe_toml_value(*n), "a number or a list of numbers");
  std::vector<double> out;
  for (const auto& el : *arr) {
    if (!el.is_number()) fail(key, "a list holding " + describe_toml_value(el), "a list of numbers");
    const double v = *el.value<double>();
    if (!std::isfinite(v)) fail(key, "a list holding " + describe_toml_value(el), "finite numbers");
    out.push_back(v);
  }
  return out;
}

namespace {

// Text of a single-line source region of the file, read back from disk.
std::string source_text(const std::string& file, const toml::source_region& src) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  for (toml::source_index i = 0; i < src.begin.line && std::getline(in, line); ++i) {
  }
  if (src.begin.line == 0 || src.end.line != src.begin.line || src.end.column <= src.begin.column ||
      src.end.column - 1 > line.size())
    return "";
  return line.substr(src.begin.column - 1, src.end.column - src.begin.column);
}

}  // namespace

std::vector<std::string> TomlFields::number_texts(const std::string& key) const {
  const toml::node* n = table_.get(key);
  if (!n) return {};
  std::vector<const toml::node*> nodes;
  if (const toml::array* arr = n->as_array()) {
    for (const auto& el : *arr) nodes.push_back(&el);
  } else {
    nodes.push_back(n);
  }
  std::vector<std::string> out;
  for (const toml::node* el : nodes) {
    std::string text = source_text(file_, el->source());
    if (text.empty() || text.find_first_not_of("+-0123456789.eE_") != std::string::npos) {
      // Not recoverable verbatim: fall back to the shortest round-trip text.
      char buf[64];
      const auto r = std::to_chars(buf, buf + sizeof buf, el->value<double>().value_or(0.0));
      text.assign(buf, r.ptr);
    }
    out.push_back(text);
  }
  return out;
}

const toml::table* TomlFields::subtable(const std::string& key) const {
  const toml::node* n = table_.get(key);
  if (!n) return nullptr;
  if (!n->is_table()) fail(key, describe_toml_value(*n), "a table");
  return n->as_table();
}

}  // namespace ps
