#include "host/grid/prior_grid.hpp"

#include <algorithm>
#include <cmath>

#include "host/grid/stated_priors.hpp"
#include "host/grid/turner_priors.hpp"

namespace ps {

namespace {

// One point before it is placed in the grid's columns.
struct NamedPoint {
  std::string family;
  std::vector<std::pair<std::string, double>> values;
  std::string label;
  ScalarPrior prior;
  ScalarPrior scale_prior;  // set in the product with a tau grid
};

NamedPoint normal_point(std::vector<std::pair<std::string, double>> values, const NormalPrior& n, std::string label = "") {
  values.emplace_back("mean", n.mean);
  values.emplace_back("sd", n.sd);
  return {"normal", std::move(values), std::move(label), {PriorFamily::normal, n.mean, n.sd, 0.0}, {}};
}

NamedPoint make_point(const PriorBlock& b, const std::vector<double>& v, EffectScale scale) {
  std::vector<std::pair<std::string, double>> values;
  for (size_t j = 0; j < v.size(); ++j) values.emplace_back(b.params[j].first, v[j]);
  if (b.family == "normal") return {"normal", values, "", {PriorFamily::normal, v[0], v[1], 0.0}, {}};
  if (b.family == "student_t") return {"student_t", values, "", {PriorFamily::student_t, v[0], v[1], v[2]}, {}};
  if (b.family == "normal_from_tail") return normal_point(values, normal_from_tail(v[0], v[1], v[2], scale));
  // The tau priors, on tau: folded normal and Cauchy; log-normal on tau^2 is
  // log-normal on tau with half the parameters.
  if (b.family == "half_normal") return {b.family, values, "", {PriorFamily::normal, 0.0, v[0], 0.0}, {}};
  if (b.family == "half_cauchy") return {b.family, values, "", {PriorFamily::student_t, 1.0, 0.0, v[0]}, {}};
  if (b.family == "lognormal") return {b.family, values, "", {PriorFamily::lognormal, v[0] / 2.0, v[1] / 2.0, 0.0}, {}};
  return {b.family, values, "", {}, {}};  // beta: read by name from the grid
}

// Turner et al.'s priors, outcome slowest, reported as the log-normal on
// tau^2 they are (meanlog, sdlog) with the names in the label.
std::vector<NamedPoint> turner_points(const PriorBlock& b) {
  std::vector<NamedPoint> points;
  for (const auto& outcome : b.outcomes) {
    const std::vector<std::string> comparisons = outcome == "any" || b.comparisons.empty()
                                                     ? std::vector<std::string>{""}
                                                     : b.comparisons;
    for (const auto& comparison : comparisons) {
      const TurnerPrior t = turner_prior(outcome, comparison);
      points.push_back({"turner",
                        {{"meanlog", t.meanlog}, {"sdlog", t.sdlog}},
                        comparison.empty() ? outcome : outcome + ":" + comparison,
                        {PriorFamily::lognormal, t.meanlog / 2.0, t.sdlog / 2.0, 0.0},
                        {}});
    }
  }
  return points;
}

// The block's points, first parameter slowest (belief_grid: effect, then
// belief, then strength).
std::vector<NamedPoint> expand_block(const PriorBlock& b, EffectScale scale) {
  if (b.family == "turner") return turner_points(b);
  std::vector<NamedPoint> points;
  const size_t k = b.params.size();
  std::vector<size_t> index(k, 0);  // odometer over the block's parameters, last fastest
  for (bool done = false; !done;) {
    std::vector<double> values(k);
    for (size_t j = 0; j < k; ++j) values[j] = b.params[j].second[index[j]];
    if (b.family == "belief_grid") {
      for (const auto& belief : b.beliefs)
        for (const auto& strength : b.strengths)
          points.push_back(normal_point({{"effect", values[0]}}, belief_prior(belief, strength, values[0], scale),
                                        belief + "-" + strength));
    } else {
      points.push_back(make_point(b, values, scale));
    }
    size_t j = k;
    for (; j > 0; --j) {
      if (++index[j - 1] < b.params[j - 1].second.size()) break;
      index[j - 1] = 0;
    }
    done = j == 0;
  }
  return points;
}

std::vector<NamedPoint> expand_blocks(const std::vector<PriorBlock>& blocks, EffectScale scale) {
  std::vector<NamedPoint> points;
  for (const auto& b : blocks)
    for (auto& p : expand_block(b, scale)) points.push_back(std::move(p));
  return points;
}

}  // namespace

bool PriorGrid::has_labels() const {
  return std::any_of(points.begin(), points.end(), [](const GridPoint& p) { return !p.label.empty(); });
}

double PriorGrid::value(const GridPoint& point, const std::string& name) const {
  const auto pos = std::find(param_names.begin(), param_names.end(), name);
  return pos == param_names.end() ? std::nan("") : point.param_values[pos - param_names.begin()];
}

PriorGrid expand_prior_grid(const std::vector<PriorBlock>& blocks, EffectScale scale,
                            const std::vector<PriorBlock>& second_blocks, const std::string& second_prefix) {
  std::vector<NamedPoint> points = expand_blocks(blocks, scale);
  if (!second_blocks.empty()) {
    const std::vector<NamedPoint> second = expand_blocks(second_blocks, scale);
    std::vector<NamedPoint> product;
    for (const auto& t : points)
      for (const auto& c : second) {
        NamedPoint p = t;
        for (const auto& [name, v] : c.values) p.values.emplace_back(second_prefix + name, v);
        if (c.family != t.family) p.family = t.family + "/" + c.family;
        if (!c.label.empty()) p.label = t.label.empty() ? c.label : t.label + "/" + c.label;
        p.scale_prior = c.prior;
        product.push_back(std::move(p));
      }
    points = std::move(product);
  }

  PriorGrid grid;
  for (const auto& p : points)
    for (const auto& [name, v] : p.values)
      if (std::find(grid.param_names.begin(), grid.param_names.end(), name) == grid.param_names.end())
        grid.param_names.push_back(name);
  for (auto& p : points) {
    GridPoint g;
    g.prior = p.prior;
    g.scale_prior = p.scale_prior;
    g.family = p.family;
    g.label = std::move(p.label);
    g.param_values.assign(grid.param_names.size(), std::nan(""));
    for (const auto& [name, v] : p.values)
      g.param_values[std::find(grid.param_names.begin(), grid.param_names.end(), name) - grid.param_names.begin()] = v;
    grid.points.push_back(std::move(g));
  }
  return grid;
}

}  // namespace ps
