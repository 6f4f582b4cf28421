#include "host/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "host/output/meta_plots.hpp"  // svg_escape

namespace ps {

namespace {

std::string tick_text(double v) {
  if (v == 0.0) return "0";
  const double a = std::abs(v);
  if (a >= 1e4 || a < 1e-3) return fmt::format("{:.0e}", v);
  return fmt::format("{:.4g}", v);
}

}  // namespace

std::vector<double> axis_ticks(const ChartAxis& axis) {
  std::vector<double> ticks;
  if (!(axis.hi > axis.lo)) return ticks;
  if (axis.log && axis.hi / axis.lo >= 10) {
    const int first = static_cast<int>(std::floor(std::log10(axis.lo)));
    const int last = static_cast<int>(std::ceil(std::log10(axis.hi)));
    const bool many = last - first > 4;
    for (int e = first; e <= last; ++e)
      for (double m : many ? std::vector<double>{1} : std::vector<double>{1, 2, 5}) {
        const double v = m * std::pow(10.0, e);
        if (v >= axis.lo * (1 - 1e-9) && v <= axis.hi * (1 + 1e-9)) ticks.push_back(v);
      }
    return ticks;
  }
  const double raw = (axis.hi - axis.lo) / 6.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * magnitude >= raw) {
      step = m * magnitude;
      break;
    }
  for (double v = std::ceil(axis.lo / step) * step; v <= axis.hi + 1e-9 * step; v += step)
    ticks.push_back(std::abs(v) < 1e-12 * step ? 0.0 : v);
  return ticks;
}

SvgChart::SvgChart(std::string title, ChartAxis x, ChartAxis y, int width, int height)
    : title_(std::move(title)), x_(std::move(x)), y_(std::move(y)), width_(width), height_(height) {
  right_ = width_ - 20;
  bottom_ = height_ - 56;
  if (!y_.categories.empty()) {
    size_t longest = 0;
    for (const auto& c : y_.categories) longest = std::max(longest, c.size());
    left_ = std::min(260.0, 20.0 + 7.0 * static_cast<double>(longest));
  }
}

double SvgChart::px(double x) const {
  const double u = x_.log ? (std::log(x) - std::log(x_.lo)) / (std::log(x_.hi) - std::log(x_.lo))
                          : (x - x_.lo) / (x_.hi - x_.lo);
  return left_ + u * (right_ - left_);
}

double SvgChart::py(double y) const {
  const double u = y_.log ? (std::log(y) - std::log(y_.lo)) / (std::log(y_.hi) - std::log(y_.lo))
                          : (y - y_.lo) / (y_.hi - y_.lo);
  return bottom_ - u * (bottom_ - top_);
}

void SvgChart::line(const std::vector<double>& x, const std::vector<double>& y, const std::string& colour,
                    const std::string& legend, bool dashed) {
  std::string points;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) points += fmt::format("{:.2f},{:.2f} ", px(x[i]), py(y[i]));
  if (points.empty()) return;
  marks_ += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n", colour,
                        dashed ? " stroke-dasharray=\"6 4\"" : "", points);
  if (!legend.empty()) legend_.emplace_back(colour, legend);
}

void SvgChart::steps(const std::vector<double>& x, const std::vector<double>& y, const std::string& colour,
                     const std::string& legend) {
  std::vector<double> sx, sy;
  for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
    if (i > 0) {
      sx.push_back(x[i]);
      sy.push_back(y[i - 1]);
    }
    sx.push_back(x[i]);
    sy.push_back(y[i]);
  }
  if (!sx.empty()) {
    sx.push_back(x_.hi);
    sy.push_back(sy.back());
  }
  line(sx, sy, colour, legend);
}

void SvgChart::point_with_interval(double x, double mid, double lo, double hi, const std::string& colour) {
  if (!std::isfinite(x) || !std::isfinite(mid)) return;
  if (std::isfinite(lo) && std::isfinite(hi))
    marks_ += fmt::format("<line x1=\"{0:.2f}\" x2=\"{0:.2f}\" y1=\"{1:.2f}\" y2=\"{2:.2f}\" stroke=\"{3}\" stroke-width=\"1.5\"/>\n",
                          px(x), py(lo), py(hi), colour);
  marks_ += fmt::format("<circle cx=\"{:.2f}\" cy=\"{:.2f}\" r=\"3.5\" fill=\"{}\"/>\n", px(x), py(mid), colour);
}

void SvgChart::vertical_line(double x, const std::string& colour, bool dashed) {
  if (!(x >= x_.lo && x <= x_.hi)) return;  // outside the plotting area
  marks_ += fmt::format("<line x1=\"{0:.2f}\" x2=\"{0:.2f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"{3}\"{4}/>\n", px(x), top_,
                        bottom_, colour, dashed ? " stroke-dasharray=\"4 4\"" : "");
}

void SvgChart::horizontal_line(double y, const std::string& colour, bool dashed) {
  if (!(y >= y_.lo && y <= y_.hi)) return;
  marks_ += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.2f}\" y2=\"{2:.2f}\" stroke=\"{3}\"{4}/>\n", left_, right_,
                        py(y), colour, dashed ? " stroke-dasharray=\"4 4\"" : "");
}

void SvgChart::cell(double x0, double x1, double y0, double y1, const std::string& fill, const std::string& text) {
  const double a = px(x0), b = px(x1), c = py(y1), d = py(y0);
  marks_ += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\" stroke=\"#fff\"/>\n",
                        a, c, b - a, d - c, fill);
  if (!text.empty())
    marks_ += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n",
                          (a + b) / 2, (c + d) / 2 + 4, svg_escape(text));
}

std::string SvgChart::probability_colour(double p) {
  if (!std::isfinite(p)) return "#cccccc";
  p = std::clamp(p, 0.0, 1.0);
  const double lo[3] = {178, 24, 43}, mid[3] = {247, 247, 247}, hi[3] = {33, 102, 172};
  const double* from = p < 0.5 ? lo : mid;
  const double* to = p < 0.5 ? mid : hi;
  const double u = p < 0.5 ? p / 0.5 : (p - 0.5) / 0.5;
  return fmt::format("#{:02x}{:02x}{:02x}", static_cast<int>(from[0] + u * (to[0] - from[0])),
                     static_cast<int>(from[1] + u * (to[1] - from[1])), static_cast<int>(from[2] + u * (to[2] - from[2])));
}

std::string SvgChart::series_colour(size_t k) {
  static const char* colours[] = {"#1b6ca8", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#a6761d", "#444444"};
  return colours[k % 8];
}

std::string SvgChart::svg() const {
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"Helvetica, Arial, sans-serif\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
      width_, height_);
  s += fmt::format("<text x=\"{}\" y=\"20\" font-size=\"15\" font-weight=\"bold\">{}</text>\n", left_, svg_escape(title_));
  if (!note_.empty()) s += fmt::format("<text x=\"{}\" y=\"36\" font-size=\"11\" fill=\"#555\">{}</text>\n", left_, svg_escape(note_));
  s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333\"/>\n", left_, top_,
                   right_ - left_, bottom_ - top_);
  // Ticks and labels.
  if (!x_.categories.empty()) {
    for (size_t k = 0; k < x_.categories.size(); ++k)
      s += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"11\" text-anchor=\"middle\">{}</text>\n", px(k + 0.5),
                       bottom_ + 16, svg_escape(x_.categories[k]));
  } else {
    for (double t : axis_ticks(x_))
      s += fmt::format("<line x1=\"{0:.2f}\" x2=\"{0:.2f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333\"/><text x=\"{0:.2f}\" "
                       "y=\"{3}\" font-size=\"11\" text-anchor=\"middle\">{4}</text>\n",
                       px(t), bottom_, bottom_ + 5, bottom_ + 18, tick_text(t));
  }
  if (!y_.categories.empty()) {
    for (size_t k = 0; k < y_.categories.size(); ++k)
      s += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" font-size=\"11\" text-anchor=\"end\">{}</text>\n", left_ - 6,
                       py(k + 0.5) + 4, svg_escape(y_.categories[k]));
  } else {
    for (double t : axis_ticks(y_))
      s += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.2f}\" y2=\"{2:.2f}\" stroke=\"#333\"/><text x=\"{3}\" "
                       "y=\"{4:.2f}\" font-size=\"11\" text-anchor=\"end\">{5}</text>\n",
                       left_ - 5, left_, py(t), left_ - 8, py(t) + 4, tick_text(t));
  }
  s += fmt::format("<text x=\"{:.2f}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n", (left_ + right_) / 2,
                   height_ - 14, svg_escape(x_.label));
  s += fmt::format("<text transform=\"translate(14,{:.2f}) rotate(-90)\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n",
                   (top_ + bottom_) / 2, svg_escape(y_.label));
  s += "<g>\n" + marks_ + "</g>\n";
  for (size_t k = 0; k < legend_.size(); ++k) {
    const double y = top_ + 14 + 16 * k;
    s += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\" stroke-width=\"2\"/><text "
                     "x=\"{4}\" y=\"{5:.1f}\" font-size=\"11\">{6}</text>\n",
                     right_ - 170, right_ - 150, y, legend_[k].first, right_ - 145, y + 4, svg_escape(legend_[k].second));
  }
  return s + "</svg>\n";
}

}  // namespace ps
