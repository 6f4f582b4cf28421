#include "host/output/checkpoint.hpp"

#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

#include "host/errors.hpp"
#include "host/output/atomic_file.hpp"
#include "host/output/text_file.hpp"

namespace ps {

namespace fs = std::filesystem;

namespace {

nlohmann::json number(double x) {
  if (std::isfinite(x)) return x;
  return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
}

double number_from(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  const std::string s = j.get<std::string>();
  if (s == "nan") return NAN;
  if (s == "inf") return HUGE_VAL;
  if (s == "-inf") return -HUGE_VAL;
  throw std::invalid_argument("not a number: " + s);
}

nlohmann::json numbers(const std::vector<double>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(number(x));
  return a;
}

std::vector<double> numbers_from(const nlohmann::json& j) {
  std::vector<double> v;
  for (const auto& x : j) v.push_back(number_from(x));
  return v;
}

// The analysis name as a file name: names are folder names already (no '/').
std::string file_of(const std::string& dir, const std::string& analysis) { return dir + "/" + analysis + ".jsonl"; }

}  // namespace

nlohmann::json prior_result_json(const PriorResult& r) {
  nlohmann::json terms = nlohmann::json::array();
  for (const TermSummary& s : r.terms) {
    terms.push_back({number(s.median), number(s.mean), number(s.sd), numbers(s.interval_bounds), numbers(s.p_below),
                     number(s.rhat), number(s.ess_bulk), number(s.ess_tail)});
  }
  return {{"prior_id", r.prior_id}, {"accept_rate", number(r.accept_rate)}, {"decision", r.decision}, {"terms", terms}};
}

PriorResult prior_result_from_json(const nlohmann::json& j) {
  PriorResult r;
  r.prior_id = j.at("prior_id").get<size_t>();
  r.accept_rate = number_from(j.at("accept_rate"));
  r.decision = j.at("decision").get<std::string>();
  for (const auto& t : j.at("terms")) {
    TermSummary s;
    s.median = number_from(t.at(0));
    s.mean = number_from(t.at(1));
    s.sd = number_from(t.at(2));
    s.interval_bounds = numbers_from(t.at(3));
    s.p_below = numbers_from(t.at(4));
    s.rhat = number_from(t.at(5));
    s.ess_bulk = number_from(t.at(6));
    s.ess_tail = number_from(t.at(7));
    r.terms.push_back(std::move(s));
  }
  return r;
}

namespace {

constexpr char kDrawsMagic[8] = {'P', 'S', 'D', 'R', 'A', 'W', 'S', '2'};  // 2: with independence_probability

template <class T>
void put(std::string& out, const T* values, size_t count) {
  out.append(reinterpret_cast<const char*>(values), count * sizeof(T));
}

template <class T>
void take(const std::string& in, size_t& at, T* values, size_t count, const std::string& path) {
  if (at + count * sizeof(T) > in.size()) throw std::runtime_error(path + ": truncated draws file");
  std::memcpy(values, in.data() + at, count * sizeof(T));
  at += count * sizeof(T);
}

}  // namespace

void write_chunk_draws(const std::string& path, const ChunkDraws& d) {
  std::string out(kDrawsMagic, sizeof kDrawsMagic);
  const uint64_t n = d.prior_ids.size();
  const int32_t shape[3] = {d.terms, d.chains, d.draws};
  put(out, &n, 1);
  put(out, shape, 3);
  std::vector<uint64_t> ids(d.prior_ids.begin(), d.prior_ids.end());
  put(out, ids.data(), ids.size());
  put(out, d.values.data(), d.values.size());
  put(out, d.accept_rate.data(), d.accept_rate.size());
  put(out, d.step_scale.data(), d.step_scale.size());
  put(out, d.independence_probability.data(), d.independence_probability.size());
  write_file_atomically(path, out);
}

ChunkDraws read_chunk_draws(const std::string& path) {
  const std::string in = read_text_file(path, "a checkpoint's draws file");
  if (in.compare(0, sizeof kDrawsMagic, std::string(kDrawsMagic, sizeof kDrawsMagic)) != 0)
    throw std::runtime_error(path + ": not a priorsweep draws file");
  size_t at = sizeof kDrawsMagic;
  uint64_t n = 0;
  int32_t shape[3];
  take(in, at, &n, 1, path);
  take(in, at, shape, 3, path);
  ChunkDraws d;
  d.terms = shape[0];
  d.chains = shape[1];
  d.draws = shape[2];
  std::vector<uint64_t> ids(n);
  take(in, at, ids.data(), n, path);
  d.prior_ids.assign(ids.begin(), ids.end());
  d.values.resize(n * d.terms * d.chains * static_cast<size_t>(d.draws));
  d.accept_rate.resize(n * d.chains);
  d.step_scale.resize(n * d.chains);
  d.independence_probability.resize(n * d.chains);
  take(in, at, d.values.data(), d.values.size(), path);
  take(in, at, d.accept_rate.data(), d.accept_rate.size(), path);
  take(in, at, d.step_scale.data(), d.step_scale.size(), path);
  take(in, at, d.independence_probability.data(), d.independence_probability.size(), path);
  return d;
}

// One analysis's lines: read back on resume, appended chunk by chunk.
class Checkpoint::AnalysisFile final : public PriorStore {
 public:
  AnalysisFile(std::string path, bool load) : path_(std::move(path)) {
    if (load && fs::exists(path_)) read();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw std::runtime_error(fmt::format("{}: cannot open the checkpoint for writing", path_));
  }
  ~AnalysisFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  const std::vector<PriorResult>& finished() const override { return finished_; }

  void save(const std::vector<PriorResult>& chunk) override {
    std::string text;
    for (const PriorResult& r : chunk) text += prior_result_json(r).dump() + "\n";
    for (size_t written = 0; written < text.size();) {
      const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
      if (n < 0) throw std::runtime_error(fmt::format("{}: checkpoint write failed", path_));
      written += static_cast<size_t>(n);
    }
    if (::fsync(fd_) != 0) throw std::runtime_error(fmt::format("{}: checkpoint sync failed", path_));
  }

  void save_draws(const ChunkDraws& draws) override {
    if (draws.prior_ids.empty()) return;
    const fs::path folder = draws_folder();
    fs::create_directories(folder);
    write_chunk_draws((folder / fmt::format("{}.bin", draws.prior_ids.front())).string(), draws);
  }

  fs::path draws_folder() const { return fs::path(path_).replace_extension(".draws"); }

 private:
  void read() {
    const std::string text = read_text_file(path_, "a checkpoint's summaries");
    size_t begin = 0;
    int line = 0;
    while (begin < text.size()) {
      const size_t end = text.find('\n', begin);
      ++line;
      if (end == std::string::npos) break;  // cut short by a kill: that chunk runs again
      try {
        finished_.push_back(prior_result_from_json(nlohmann::json::parse(text.substr(begin, end - begin))));
      } catch (const std::exception& e) {
        throw InputError(fmt::format("{}:{}: damaged checkpoint line ({}); expected a prior's summaries; "
                                     "run without --resume to start again",
                                     path_, line, e.what()));
      }
      begin = end + 1;
    }
    // Drop a cut-off last line so the file holds whole lines only before
    // this run appends.
    if (begin < text.size()) fs::resize_file(path_, begin);
  }

  std::string path_;
  int fd_ = -1;
  std::vector<PriorResult> finished_;
};

std::string Checkpoint::folder(const std::string& out_dir) { return (fs::path(out_dir) / ".checkpoint").string(); }

Checkpoint::Checkpoint(const std::string& out_dir, const nlohmann::json& fingerprint, bool resume)
    : dir_(folder(out_dir)) {
  const std::string marker = dir_ + "/run.json";
  if (resume && fs::exists(marker)) {
    nlohmann::json earlier;
    try {
      std::ifstream in(marker);
      earlier = nlohmann::json::parse(in);
    } catch (const std::exception& e) {
      throw InputError(fmt::format("{}: damaged checkpoint ({}); run without --resume to start again", marker, e.what()));
    }
    if (earlier.dump() != nlohmann::json::parse(fingerprint.dump()).dump()) {
      throw InputError(fmt::format(
          "{}: the checkpoint comes from another run (config, data, seed, shard, backend or version differ); "
          "expected the same command, or run without --resume to start again",
          marker));
    }
    found_ = true;
    for (const auto& entry : fs::directory_iterator(dir_)) {
      const fs::path p = entry.path();
      if (p.extension() != ".jsonl") continue;
      auto file = std::make_unique<AnalysisFile>(p.string(), true);
      resumed_ += file->finished().size();
      analyses_.emplace(p.stem().string(), std::move(file));
    }
    return;
  }
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  write_file_atomically(marker, fingerprint.dump(2) + "\n");
}

Checkpoint::~Checkpoint() = default;

PriorStore& Checkpoint::analysis(const std::string& name) {
  auto at = analyses_.find(name);
  if (at == analyses_.end()) at = analyses_.emplace(name, std::make_unique<AnalysisFile>(file_of(dir_, name), false)).first;
  return *at->second;
}

std::vector<std::string> Checkpoint::draw_files(const std::string& analysis) const {
  std::vector<std::string> files;
  const fs::path folder = fs::path(dir_) / (analysis + ".draws");
  if (!fs::exists(folder)) return files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".bin") files.push_back(entry.path().string());
  return files;
}

void Checkpoint::remove() {
  analyses_.clear();
  fs::remove_all(dir_);
}

}  // namespace ps
