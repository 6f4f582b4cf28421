#include "host/output/meta_plots.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace ps {

namespace {

constexpr double kRow = 22.0;          // pixels per forest row
constexpr double kLabelWidth = 230.0;  // study names
constexpr double kPlotWidth = 420.0;
constexpr double kTextWidth = 190.0;   // "OR [95% CI]  weight"

std::string header(double width, double height) {
  return fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0:.0f}" height="{1:.0f}" viewBox="0 0 {0:.0f} {1:.0f}" font-family="sans-serif" font-size="12">)"
                     "\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n",
                     width, height);
}

std::string or_text(double r, double lo, double hi) {
  return fmt::format("{:.2f} [{:.2f}, {:.2f}]", r, lo, hi);
}

// Round axis ticks on the OR scale between lo and hi.
std::vector<double> or_ticks(double lo, double hi) {
  std::vector<double> ticks;
  for (double decade = std::pow(10.0, std::floor(std::log10(lo))); decade <= hi * 10; decade *= 10)
    for (double m : {1.0, 2.0, 5.0})
      if (const double t = m * decade; t >= lo && t <= hi) ticks.push_back(t);
  return ticks;
}

}  // namespace

std::string svg_escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += ch;
    }
  }
  return out;
}

double forest_x(double odds_ratio, double lo, double hi, double left, double right) {
  const double clamped = std::clamp(odds_ratio, lo, hi);
  return left + (std::log(clamped) - std::log(lo)) / (std::log(hi) - std::log(lo)) * (right - left);
}

std::string forest_svg(const ForestPlot& plot) {
  // The axis spans every finite interval bound and OR = 1, padded a little.
  double lo = 1.0, hi = 1.0;
  const auto widen = [&](double v) {
    if (std::isfinite(v) && v > 0) lo = std::min(lo, v), hi = std::max(hi, v);
  };
  for (const auto& s : plot.studies) widen(s.lower), widen(s.upper);
  for (const auto& s : plot.summaries) widen(s.lower), widen(s.upper);
  widen(plot.prediction_lower);
  widen(plot.prediction_upper);
  lo /= 1.15;
  hi *= 1.15;
  const double left = kLabelWidth, right = kLabelWidth + kPlotWidth;
  // Studies, a half-row gap, the summaries, the prediction interval, the axis and its label.
  const double rows = static_cast<double>(plot.studies.size() + plot.summaries.size()) + 2.5;
  const double height = 60.0 + kRow * rows + 60.0;
  std::string svg = header(right + kTextWidth + 20, height);
  svg += fmt::format("<text x=\"10\" y=\"20\" font-weight=\"bold\">{}</text>\n", svg_escape(plot.title));
  svg += fmt::format("<text x=\"10\" y=\"44\" font-weight=\"bold\">Study</text><text x=\"{:.1f}\" y=\"44\" font-weight=\"bold\">OR [95% CI]  weight</text>\n",
                     right + 10);
  double max_weight = 0.0;
  for (const auto& s : plot.studies) max_weight = std::max(max_weight, s.weight_percent);
  double y = 60.0;
  for (const auto& s : plot.studies) {
    y += kRow;
    svg += fmt::format("<text x=\"10\" y=\"{:.1f}\">{}</text>\n", y + 4, svg_escape(s.name));
    if (!std::isfinite(s.odds_ratio)) {
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">not pooled (no information)</text>\n", right + 10, y + 4);
      continue;
    }
    const double x0 = forest_x(s.lower, lo, hi, left, right), x1 = forest_x(s.upper, lo, hi, left, right);
    const double xm = forest_x(s.odds_ratio, lo, hi, left, right);
    // Area proportional to the weight: side ~ sqrt(weight).
    const double side = max_weight > 0 ? 3.0 + 11.0 * std::sqrt(s.weight_percent / max_weight) : 6.0;
    svg += fmt::format("<line class=\"ci\" x1=\"{:.2f}\" y1=\"{:.1f}\" x2=\"{:.2f}\" y2=\"{:.1f}\" stroke=\"black\"/>\n", x0, y, x1, y);
    svg += fmt::format("<rect class=\"study\" x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"#555\"/>\n",
                       xm - side / 2, y - side / 2, side, side);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}  {:.1f}%</text>\n", right + 10, y + 4,
                       or_text(s.odds_ratio, s.lower, s.upper), s.weight_percent);
  }
  y += kRow / 2;
  for (const auto& s : plot.summaries) {
    y += kRow;
    const double x0 = forest_x(s.lower, lo, hi, left, right), x1 = forest_x(s.upper, lo, hi, left, right);
    const double xm = forest_x(s.odds_ratio, lo, hi, left, right);
    svg += fmt::format("<text x=\"10\" y=\"{:.1f}\" font-weight=\"bold\">{}</text>\n", y + 4, svg_escape(s.label));
    svg += fmt::format("<polygon class=\"pooled\" points=\"{:.2f},{:.1f} {:.2f},{:.1f} {:.2f},{:.1f} {:.2f},{:.1f}\" fill=\"#1f4e79\"/>\n",
                       x0, y, xm, y - 7, x1, y, xm, y + 7);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n", right + 10, y + 4, or_text(s.odds_ratio, s.lower, s.upper));
  }
  if (std::isfinite(plot.prediction_lower) && std::isfinite(plot.prediction_upper)) {
    y += kRow;
    const double x0 = forest_x(plot.prediction_lower, lo, hi, left, right);
    const double x1 = forest_x(plot.prediction_upper, lo, hi, left, right);
    svg += fmt::format("<text x=\"10\" y=\"{:.1f}\">Prediction interval</text>\n", y + 4);
    svg += fmt::format("<rect class=\"prediction\" x=\"{:.2f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"6\" fill=\"#c0504d\"/>\n", x0,
                       y - 3, x1 - x0);
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">[{:.2f}, {:.2f}]</text>\n", right + 10, y + 4, plot.prediction_lower,
                       plot.prediction_upper);
  }
  // Axis, ticks and the line of no effect.
  const double axis_y = y + kRow;
  const double x_one = forest_x(1.0, lo, hi, left, right);
  svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"60\" x2=\"{0:.2f}\" y2=\"{1:.1f}\" stroke=\"#888\" stroke-dasharray=\"4,3\"/>\n", x_one, axis_y);
  svg += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"black\"/>\n", left, axis_y, right, axis_y);
  for (double t : or_ticks(lo, hi)) {
    const double x = forest_x(t, lo, hi, left, right);
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1:.1f}\" x2=\"{0:.2f}\" y2=\"{2:.1f}\" stroke=\"black\"/><text x=\"{0:.2f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4:g}</text>\n",
                       x, axis_y, axis_y + 5, axis_y + 18, t);
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">Odds ratio (log scale); &lt; 1 favours treatment</text>\n",
                     (left + right) / 2, axis_y + 36);
  return svg + "</svg>\n";
}

std::string funnel_svg(const FunnelPlot& plot) {
  const double width = 560, height = 440, left = 70, right = 530, top = 50, bottom = 390;
  double max_se = 0.0, lo = plot.pooled_log_odds_ratio, hi = plot.pooled_log_odds_ratio;
  for (size_t i = 0; i < plot.se.size(); ++i) {
    max_se = std::max(max_se, plot.se[i]);
    lo = std::min(lo, plot.log_odds_ratio[i]);
    hi = std::max(hi, plot.log_odds_ratio[i]);
  }
  max_se *= 1.1;
  lo = std::min(lo, plot.pooled_log_odds_ratio - 1.96 * max_se);
  hi = std::max(hi, plot.pooled_log_odds_ratio + 1.96 * max_se);
  const auto px = [&](double y) { return left + (y - lo) / (hi - lo) * (right - left); };
  const auto py = [&](double se) { return top + se / max_se * (bottom - top); };  // se 0 at the top
  std::string svg = header(width, height);
  svg += fmt::format("<text x=\"10\" y=\"20\" font-weight=\"bold\">{}</text>\n", svg_escape(plot.title));
  // The pseudo 95% confidence region around the fixed-effect estimate.
  const double b = plot.pooled_log_odds_ratio;
  svg += fmt::format("<polygon class=\"funnel\" points=\"{:.2f},{:.2f} {:.2f},{:.2f} {:.2f},{:.2f}\" fill=\"#eef3f8\" stroke=\"#888\" stroke-dasharray=\"4,3\"/>\n",
                     px(b), py(0), px(b - 1.96 * max_se), py(max_se), px(b + 1.96 * max_se), py(max_se));
  svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\" stroke=\"#1f4e79\"/>\n", px(b), py(0), py(max_se));
  for (size_t i = 0; i < plot.se.size(); ++i)
    svg += fmt::format("<circle class=\"study\" cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"4\" fill=\"#555\"/>\n", px(plot.log_odds_ratio[i]),
                       py(plot.se[i]));
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"black\"/><line x1=\"{0}\" y1=\"{3}\" x2=\"{0}\" y2=\"{1}\" stroke=\"black\"/>\n",
                     left, bottom, right, top);
  for (double t : or_ticks(std::exp(lo), std::exp(hi)))
    svg += fmt::format("<text x=\"{:.2f}\" y=\"{:.1f}\" text-anchor=\"middle\">{:g}</text>\n", px(std::log(t)), bottom + 16, t);
  for (int k = 0; k <= 4; ++k) {
    const double se = max_se * k / 4.0;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.2f}\" text-anchor=\"end\">{:.2f}</text>\n", left - 6, py(se) + 4, se);
  }
  svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">Odds ratio (log scale)</text>\n", (left + right) / 2, bottom + 34);
  svg += fmt::format("<text x=\"16\" y=\"{:.1f}\" transform=\"rotate(-90 16 {:.1f})\" text-anchor=\"middle\">Standard error</text>\n",
                     (top + bottom) / 2, (top + bottom) / 2);
  return svg + "</svg>\n";
}

}  // namespace ps
