#include "host/report/report.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "host/errors.hpp"
#include "host/output/atomic_file.hpp"
#include "host/output/draws_netcdf.hpp"
#include "host/output/meta_plots.hpp"  // svg_escape
#include "host/output/text_file.hpp"
#include "host/report/svg_chart.hpp"

namespace ps {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read_text(const fs::path& path) { return read_text_file(path.string(), "a file of a results folder"); }

std::string base64(const std::string& bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
  }
  return out;
}

std::string html(const std::string& text) { return svg_escape(text); }

std::string figure(const std::string& svg, const std::string& caption) {
  return fmt::format("<figure><img alt=\"{0}\" src=\"data:image/svg+xml;base64,{1}\"><figcaption>{0}</figcaption></figure>\n",
                     html(caption), base64(svg));
}

double number(const json& j, const std::string& key) {
  const auto at = j.find(key);
  return at != j.end() && at->is_number() ? at->get<double>() : NAN;
}

std::string shown(double x, const char* format = "{:.4g}") {
  return std::isfinite(x) ? fmt::format(fmt::runtime(format), x) : "NA";
}

bool ratio_scale(const std::string& scale) { return scale != "ard" && scale != "difference" && scale != "risk"; }

// One prior of an analysis, as summary.json holds it.
struct PriorRow {
  size_t id = 0;
  std::string family, label, decision;
  std::map<std::string, double> params;
  json treatment;  // terms[0]
};

// The order in which grid parameters become the axes of the figures:
// location-like first, spread-like next.
int preference(const std::string& name) {
  static const std::vector<std::string> order = {"mean", "location", "median", "effect", "threshold", "probability",
                                                 "sd", "scale", "df", "a", "b", "control_a", "control_b",
                                                 "tau_scale", "tau_meanlog", "tau_sdlog"};
  const auto at = std::find(order.begin(), order.end(), name);
  return at == order.end() ? static_cast<int>(order.size()) : static_cast<int>(at - order.begin());
}

bool spread_like(const std::string& name) {
  return name == "sd" || name == "scale" || name == "tau_scale" || name == "tau_sdlog" || name == "b";
}

struct AnalysisView {
  std::string name, model, scale;
  json summary, run;
  std::vector<PriorRow> priors;
  std::vector<PriorRow> main_family;       // the grid's most common family
  std::vector<std::string> varying;        // its parameters that take several values, by preference
  std::map<std::string, std::vector<double>> values;  // distinct values of each
  std::string probability_key;             // p_below_<t> used for P(benefit)
  std::string probability_label;
  std::pair<std::string, std::string> interval;  // the widest interval's bounds, e.g. q0.025, q0.975
};

AnalysisView view_of(const json& summary, const json& run) {
  AnalysisView v;
  v.summary = summary;
  v.run = run;
  v.name = summary.value("name", "");
  v.model = summary.value("model", "");
  for (const json& p : summary["priors"]) {
    PriorRow r;
    r.id = p["prior_id"];
    r.family = p.value("family", "");
    r.label = p.value("label", "");
    for (const auto& [k, val] : p["params"].items())
      if (val.is_number()) r.params[k] = val.get<double>();
    if (!p["terms"].empty()) {
      r.treatment = p["terms"][0];
      r.decision = r.treatment.value("decision", "");
    }
    v.priors.push_back(std::move(r));
  }
  if (v.priors.empty()) return v;
  v.scale = v.priors.front().treatment.value("scale", "");
  std::map<std::string, size_t> families;
  for (const auto& r : v.priors) families[r.family]++;
  const std::string main = std::max_element(families.begin(), families.end(),
                                            [](const auto& a, const auto& b) { return a.second < b.second; })->first;
  for (const auto& r : v.priors)
    if (r.family == main) v.main_family.push_back(r);
  std::map<std::string, std::set<double>> distinct;
  for (const auto& r : v.main_family)
    for (const auto& [k, x] : r.params) distinct[k].insert(x);
  for (const auto& [k, set] : distinct) {
    v.values[k].assign(set.begin(), set.end());
    if (set.size() > 1) v.varying.push_back(k);
  }
  std::stable_sort(v.varying.begin(), v.varying.end(),
                   [](const std::string& a, const std::string& b) { return preference(a) < preference(b); });
  // P(benefit): the threshold at no effect when the analysis reports it.
  const double none = ratio_scale(v.scale) ? 1.0 : 0.0;
  double lowest = 1.0, highest = 0.0;
  for (const auto& [k, val] : v.priors.front().treatment.items()) {
    if (k.rfind("p_below_", 0) == 0) {
      const double t = std::stod(k.substr(8));
      if (v.probability_key.empty() || t == none) {
        v.probability_key = k;
        v.probability_label = fmt::format("P({} < {})", v.scale == "difference" ? "effect" : v.scale, k.substr(8));
      }
    }
    if (k.size() > 1 && k[0] == 'q' && std::isdigit(static_cast<unsigned char>(k[1]))) {
      const double p = std::stod(k.substr(1));
      if (p < lowest) {
        lowest = p;
        v.interval.first = k;
      }
      if (p > highest) {
        highest = p;
        v.interval.second = k;
      }
    }
  }
  for (auto& c : v.probability_label) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return v;
}


// P(benefit) over the grid: a heat map over two varying parameters (others
// fixed at their first value), a curve over one.
std::string decision_map(const AnalysisView& v) {
  if (v.varying.empty() || v.probability_key.empty()) return "";
  const std::string& xk = v.varying[0];
  const std::vector<double>& xs = v.values.at(xk);
  const auto p_of = [&](const PriorRow& r) { return number(r.treatment, v.probability_key); };
  std::string fixed;
  for (size_t k = v.varying.size() > 1 ? 2 : 1; k < v.varying.size(); ++k)
    fixed += fmt::format("{}{} = {:.4g}", fixed.empty() ? "; other parameters fixed at " : ", ", v.varying[k],
                         v.values.at(v.varying[k]).front());
  const auto others_fixed = [&](const PriorRow& r, size_t from) {
    for (size_t k = from; k < v.varying.size(); ++k)
      if (r.params.at(v.varying[k]) != v.values.at(v.varying[k]).front()) return false;
    return true;
  };
  if (v.varying.size() == 1) {
    ChartAxis x{"prior " + xk, xs.front(), xs.back(), xs.front() > 0 && xs.back() / xs.front() >= 10, {}};
    SvgChart chart(v.name + ": " + v.probability_label + " across the prior grid", x, ChartAxis{v.probability_label, 0, 1, false, {}});
    std::vector<double> px, py;
    for (const auto& r : v.main_family) {
      px.push_back(r.params.at(xk));
      py.push_back(p_of(r));
    }
    chart.line(px, py, SvgChart::series_colour(0));
    for (size_t i = 0; i < px.size(); ++i) chart.point_with_interval(px[i], py[i], NAN, NAN, SvgChart::series_colour(0));
    chart.horizontal_line(0.95);
    chart.note("dashed: 0.95");
    return figure(chart.svg(), v.name + ": " + v.probability_label + " against prior " + xk);
  }
  const std::string& yk = v.varying[1];
  const std::vector<double>& ys = v.values.at(yk);
  std::vector<std::string> xl, yl;
  for (double x : xs) xl.push_back(fmt::format("{:.3g}", x));
  for (double y : ys) yl.push_back(fmt::format("{:.3g}", y));
  const int width = std::clamp(static_cast<int>(120 + 64 * xs.size()), 480, 1100);
  const int height = std::clamp(static_cast<int>(130 + 30 * ys.size()), 260, 900);
  SvgChart chart(v.name + ": " + v.probability_label + " across the prior grid",
                 ChartAxis{"prior " + xk, 0, static_cast<double>(xs.size()), false, xl},
                 ChartAxis{"prior " + yk, 0, static_cast<double>(ys.size()), false, yl}, width, height);
  const bool text = xs.size() * ys.size() <= 600;
  for (const auto& r : v.main_family) {
    if (!others_fixed(r, 2)) continue;
    const double ix = std::find(xs.begin(), xs.end(), r.params.at(xk)) - xs.begin();
    const double iy = std::find(ys.begin(), ys.end(), r.params.at(yk)) - ys.begin();
    const double p = p_of(r);
    const std::string mark = r.decision == "efficacy" ? " E" : r.decision == "futility" ? " F" : "";
    chart.cell(ix, ix + 1, iy, iy + 1, SvgChart::probability_colour(p), text ? shown(p, "{:.2f}") + mark : "");
  }
  chart.note("blue: likely benefit, red: likely harm; E efficacy, F futility" + fixed);
  return figure(chart.svg(), v.name + ": " + v.probability_label + " over prior " + xk + " x " + yk);
}

// Posterior median and widest interval against the prior's spread.
std::string estimates_by_spread(const AnalysisView& v) {
  const auto spread = std::find_if(v.varying.begin(), v.varying.end(), spread_like);
  if (spread == v.varying.end() || v.interval.first.empty()) return "";
  const std::string sk = *spread;
  std::string series_key;
  for (const auto& k : v.varying)
    if (k != sk) {
      series_key = k;
      break;
    }
  const std::vector<double>& s = v.values.at(sk);
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (const auto& r : v.main_family) {
    lo = std::min(lo, number(r.treatment, v.interval.first));
    hi = std::max(hi, number(r.treatment, v.interval.second));
  }
  const bool ratio = ratio_scale(v.scale);
  if (!(hi > lo) || (ratio && !(lo > 0))) return "";
  ChartAxis x{"prior " + sk, s.front(), s.back(), s.front() > 0 && s.back() / s.front() >= 10, {}};
  if (!x.log) {
    const double pad = 0.05 * (s.back() - s.front());
    x.lo -= pad;
    x.hi += pad;
  }
  ChartAxis y{fmt::format("posterior median and {}-{} ({})", v.interval.first, v.interval.second, v.scale),
              ratio ? lo / 1.1 : lo - 0.05 * (hi - lo), ratio ? hi * 1.1 : hi + 0.05 * (hi - lo), ratio, {}};
  SvgChart chart(v.name + ": posterior against the prior's " + sk, x, y);
  std::vector<double> series = series_key.empty() ? std::vector<double>{NAN} : v.values.at(series_key);
  if (series.size() > 6) series.resize(6);
  for (size_t k = 0; k < series.size(); ++k) {
    std::vector<double> px, py;
    const std::string colour = SvgChart::series_colour(k);
    for (const auto& r : v.main_family) {
      if (!series_key.empty() && r.params.at(series_key) != series[k]) continue;
      bool rest = true;  // parameters beyond the two at their first value
      for (const auto& other : v.varying)
        if (other != sk && other != series_key && r.params.at(other) != v.values.at(other).front()) rest = false;
      if (!rest) continue;
      // Series side by side around each value, so their intervals do not hide each other.
      const double shift = (static_cast<double>(k) - 0.5 * (series.size() - 1)) * 0.025;
      px.push_back(x.log ? r.params.at(sk) * std::exp(shift) : r.params.at(sk) + shift * (s.back() - s.front()));
      py.push_back(number(r.treatment, "median"));
      chart.point_with_interval(px.back(), py.back(), number(r.treatment, v.interval.first),
                                number(r.treatment, v.interval.second), colour);
    }
    chart.line(px, py, colour, series_key.empty() ? "" : fmt::format("prior {} = {:.3g}", series_key, series[k]));
  }
  chart.horizontal_line(ratio ? 1.0 : 0.0);
  return figure(chart.svg(), v.name + ": posterior median and interval against prior " + sk);
}

// The prior's density of the effect on the model scale, or NaN.
double prior_density(const PriorRow& r, double x) {
  const std::string effect_family = r.family.substr(0, r.family.find('/'));
  const auto param = [&](const char* k) {
    const auto at = r.params.find(k);
    return at == r.params.end() ? NAN : at->second;
  };
  if (effect_family == "normal" && std::isfinite(param("sd")))
    return boost::math::pdf(boost::math::normal(std::isfinite(param("mean")) ? param("mean") : 0.0, param("sd")), x);
  if (effect_family == "student_t" && std::isfinite(param("df")))
    return boost::math::pdf(boost::math::students_t(param("df")), (x - param("location")) / param("scale")) / param("scale");
  return NAN;
}

std::string densities(const AnalysisView& v, const fs::path& dir) {
  if (v.main_family.empty() || v.interval.first.empty()) return "";
  const bool ratio = ratio_scale(v.scale);
  const auto g = [ratio](double x) { return ratio ? std::log(x) : x; };
  const fs::path draws_file = dir / v.name / "draws.nc";
  std::string out;
  const size_t n = v.main_family.size();
  std::vector<size_t> picks;
  for (size_t k = 0; k < std::min<size_t>(4, n); ++k) {
    const size_t i = n == 1 ? 0 : k * (n - 1) / std::max<size_t>(1, std::min<size_t>(4, n) - 1);
    if (picks.empty() || picks.back() != i) picks.push_back(i);
  }
  const double lower_p = std::stod(v.interval.first.substr(1));
  const double z = boost::math::quantile(boost::math::complement(boost::math::normal(), lower_p));
  for (size_t i : picks) {
    const PriorRow& r = v.main_family[i];
    const std::vector<double> draws = read_posterior_draws(draws_file.string(), "treatment", r.id);
    const double centre = g(number(r.treatment, "median"));
    const double spread = (g(number(r.treatment, v.interval.second)) - g(number(r.treatment, v.interval.first))) / (2 * z);
    if (!std::isfinite(centre) || !(spread > 0)) continue;
    const double lo = centre - 5 * spread, hi = centre + 5 * spread;
    std::vector<double> xs, post, prior;
    std::string source;
    if (!draws.empty()) {
      const int bins = 60;
      std::vector<double> counts(bins, 0.0);
      for (double d : draws) {
        const int b = static_cast<int>((d - lo) / (hi - lo) * bins);
        if (b >= 0 && b < bins) counts[b] += 1.0;
      }
      for (int b = 0; b < bins; ++b) {
        xs.push_back(lo + (b + 0.5) * (hi - lo) / bins);
        post.push_back(counts[b] / (draws.size() * (hi - lo) / bins));
      }
      source = fmt::format("posterior: histogram of {} draws (draws.nc)", draws.size());
    } else {
      for (int k = 0; k <= 120; ++k) {
        xs.push_back(lo + k * (hi - lo) / 120);
        post.push_back(boost::math::pdf(boost::math::normal(centre, spread), xs.back()));
      }
      source = "posterior: normal approximation from the median and interval (no draws.nc)";
    }
    double top = 0.0;
    for (double x : xs) prior.push_back(prior_density(r, x));
    for (double d : post) top = std::max(top, d);
    for (double d : prior)
      if (std::isfinite(d)) top = std::max(top, d);
    SvgChart chart(fmt::format("{}: prior {}", v.name, r.id), ChartAxis{ratio ? "log " + v.scale : v.scale, lo, hi, false, {}},
                   ChartAxis{"density", 0, top * 1.1, false, {}}, 520, 300);
    chart.line(xs, post, SvgChart::series_colour(0), "posterior");
    if (std::isfinite(prior.front())) chart.line(xs, prior, "#777", "prior", true);
    if (lo < 0 && hi > 0) chart.vertical_line(0.0);
    std::string params;
    for (const auto& [k, x] : r.params) params += fmt::format("{}{} {:.3g}", params.empty() ? "" : ", ", k, x);
    chart.note(r.family + (params.empty() ? "" : " (" + params + ")"));
    out += figure(chart.svg(), fmt::format("{}: prior and posterior of the treatment effect, prior {}; {}{}", v.name, r.id,
                                           source, std::isfinite(prior.front()) ? "" : "; no density of the effect under this prior family"));
  }
  return out;
}

std::string kaplan_meier_figure(const AnalysisView& v, const fs::path& dir) {
  const fs::path path = dir / v.name / "km.csv";
  if (!fs::exists(path)) return "";
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> arms;
  std::istringstream in(read_text(path));
  std::string line;
  std::getline(in, line);  // header
  double t_max = 0.0;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, ',');) cells.push_back(c);
    if (cells.size() < 6) continue;
    const double t = std::stod(cells[1]), s = cells[5] == "NA" ? NAN : std::stod(cells[5]);
    arms[cells[0]].first.push_back(t);
    arms[cells[0]].second.push_back(s);
    t_max = std::max(t_max, t);
  }
  if (!(t_max > 0)) return "";
  SvgChart chart(v.name + ": Kaplan-Meier curves", ChartAxis{"time", 0, t_max, false, {}},
                 ChartAxis{"survival (event-free)", 0, 1.02, false, {}});
  size_t k = 0;
  for (const char* arm : {"treatment", "control"})
    if (arms.count(arm)) chart.steps(arms[arm].first, arms[arm].second, SvgChart::series_colour(k++), arm);
  return figure(chart.svg(), v.name + ": Kaplan-Meier estimate per arm (km.csv)");
}

std::string meta_figures(const AnalysisView& v, const fs::path& dir) {
  std::string out;
  for (const char* file : {"forest.svg", "funnel.svg"}) {
    const fs::path path = dir / v.name / file;
    if (fs::exists(path)) out += figure(read_text(path), v.name + ": " + file);
  }
  return out;
}

std::string frequentist_table(const AnalysisView& v) {
  const json& terms = v.summary["frequentist"]["terms"];
  if (terms.empty()) return "";
  std::string t = "<table><tr><th>term</th><th>estimate</th><th>se</th><th>ratio</th><th>95% CI</th><th>p</th></tr>\n";
  for (const json& row : terms)
    t += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td></tr>\n",
                     html(row.value("term", "")), shown(number(row, "estimate")), shown(number(row, "se")),
                     shown(number(row, "ratio")), shown(number(row, "lower95")), shown(number(row, "upper95")),
                     shown(number(row, "p"), "{:.3g}"));
  return "<h3>Frequentist companion</h3>\n" + t + "</table>\n";
}

std::string diagnostics_table(const AnalysisView& v) {
  if (v.priors.empty() || !std::isfinite(number(v.priors.front().treatment, "rhat")))
    return v.priors.empty() ? "" : "<p>Exact posterior: no chains, nothing to diagnose.</p>\n";
  const auto flagged = [](const PriorRow& r) {
    return !(number(r.treatment, "rhat") <= 1.01) || !(number(r.treatment, "ess_bulk") >= 400) ||
           !(number(r.treatment, "ess_tail") >= 400);
  };
  std::vector<const PriorRow*> rows;
  double worst_rhat = 0.0, least_ess = HUGE_VAL;
  size_t n_flagged = 0;
  for (const auto& r : v.priors) {
    rows.push_back(&r);
    worst_rhat = std::max(worst_rhat, number(r.treatment, "rhat"));
    least_ess = std::min(least_ess, number(r.treatment, "ess_bulk"));
    n_flagged += flagged(r);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const PriorRow* a, const PriorRow* b) {
    return number(a->treatment, "rhat") > number(b->treatment, "rhat");
  });
  if (rows.size() > 25) rows.resize(25);
  std::string t = fmt::format(
      "<h3>Convergence of the treatment effect</h3>\n<p class=\"{}\">{} of {} priors flagged (R-hat &gt; 1.01 or ESS "
      "&lt; 400); largest R-hat {}, smallest bulk ESS {}. Highest R-hat first:</p>\n",
      n_flagged ? "warn" : "ok", n_flagged, v.priors.size(), shown(worst_rhat), shown(least_ess, "{:.0f}"));
  t += "<table><tr><th>prior</th><th>family</th><th>R-hat</th><th>bulk ESS</th><th>tail ESS</th><th>decision</th></tr>\n";
  for (const PriorRow* r : rows)
    t += fmt::format("<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                     flagged(*r) ? "warn" : "", r->id, html(r->family + (r->label.empty() ? "" : " " + r->label)),
                     shown(number(r->treatment, "rhat")), shown(number(r->treatment, "ess_bulk"), "{:.0f}"),
                     shown(number(r->treatment, "ess_tail"), "{:.0f}"), html(r->decision));
  return t + "</table>\n";
}

std::string warnings_list(const AnalysisView& v) {
  if (!v.run.contains("warnings") || v.run["warnings"].empty()) return "";
  std::string out = "<h3>Warnings</h3>\n<ul class=\"warn\">\n";
  size_t k = 0;
  for (const auto& w : v.run["warnings"]) {
    if (k++ == 20) {
      out += fmt::format("<li>... and {} more (run.json)</li>\n", v.run["warnings"].size() - 20);
      break;
    }
    out += "<li>" + html(w.get<std::string>()) + "</li>\n";
  }
  return out + "</ul>\n";
}

constexpr const char* kStyle = R"(body{font-family:Helvetica,Arial,sans-serif;margin:24px;max-width:1200px;color:#222}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #ccc;padding-top:12px}h3{font-size:15px}
figure{display:inline-block;margin:8px;vertical-align:top}figcaption{font-size:12px;color:#555;max-width:700px}
table{border-collapse:collapse;font-size:12px;margin:6px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}tr.warn td{background:#fde0dc}.warn{color:#a40000}.ok{color:#1b6e20}
.meta{font-size:12px;color:#555})";

constexpr const char* kImageCheck = R"(<script>
window.addEventListener('load', function () {
  var images = Array.prototype.slice.call(document.images);
  var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  document.body.setAttribute('data-images-loaded', loaded + '/' + images.length);
  document.getElementById('image-check').textContent = loaded + ' of ' + images.length + ' figures loaded';
});
</script>)";

}  // namespace

void report_command(const std::string& results_dir, const std::string& out_file) {
  const fs::path dir(results_dir);
  for (const char* f : {"summary.json", "run.json"})
    if (!fs::exists(dir / f))
      throw InputError(fmt::format("{}: no {}; expected the folder of a finished run or merge", results_dir, f));
  json summary, run;
  try {
    summary = json::parse(read_text(dir / "summary.json"));
    run = json::parse(read_text(dir / "run.json"));
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}: unreadable results ({}); expected priorsweep's summary.json and run.json", results_dir, e.what()));
  }
  const std::string header = fmt::format(
      "<h1>priorsweep report</h1>\n<p class=\"meta\">{} &middot; config {} &middot; seed {} &middot; backend {} ({}) "
      "&middot; shard {} &middot; <span id=\"image-check\">figures loading</span></p>\n",
      html(run.value("version", "")), html(run.value("config_path", "")), run.value("seed", 0),
      html(run.value("backend", "")), html(run.value("device", "")), html(run.value("shard", "")));
  std::string contents = "<ul>\n", body;
  for (size_t a = 0; a < summary["analyses"].size(); ++a) {
    const json& s = summary["analyses"][a];
    const json r = a < run["analyses"].size() ? run["analyses"][a] : json::object();
    const AnalysisView v = view_of(s, r);
    contents += fmt::format("<li><a href=\"#{0}\">{0}</a> ({1})</li>\n", html(v.name), html(v.model));
    body += fmt::format("<h2 id=\"{0}\">{0} <span class=\"meta\">model {1}, {2} priors</span></h2>\n", html(v.name),
                        html(v.model), v.priors.size());
    body += decision_map(v) + estimates_by_spread(v) + densities(v, dir) + kaplan_meier_figure(v, dir) +
            meta_figures(v, dir) + frequentist_table(v) + diagnostics_table(v) + warnings_list(v);
  }
  contents += "</ul>\n";
  const std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>priorsweep report</title><style>{}</style>"
      "</head>\n<body>\n{}{}{}{}\n</body></html>\n",
      kStyle, header, contents, body, kImageCheck);
  const std::string target = out_file.empty() ? (dir / "report.html").string() : out_file;
  write_file_atomically(target, page);
  fmt::print(stderr, "priorsweep: report in {}\n", target);
}

}  // namespace ps
