// A small SVG chart for the report (host/report/report.hpp): one plotting
// area with a linear or log x and y axis, ticks and labels, and the marks the
// report's figures need -- lines, right-continuous steps (Kaplan-Meier),
// points with intervals, reference lines, and filled cells for heat maps on
// categorical axes. Coordinates are data coordinates; the chart maps them.
#pragma once

#include <string>
#include <vector>

namespace ps {

struct ChartAxis {
  std::string label;
  double lo = 0.0, hi = 1.0;
  bool log = false;
  // Categorical: tick k (0-based) at k + 0.5 with this label, instead of
  // numeric ticks (heat maps: lo = 0, hi = categories).
  std::vector<std::string> categories;
};

class SvgChart {
 public:
  SvgChart(std::string title, ChartAxis x, ChartAxis y, int width = 720, int height = 420);

  void line(const std::vector<double>& x, const std::vector<double>& y, const std::string& color,
            const std::string& legend = "", bool dashed = false);
  // S(t) as steps: y[i] holds from x[i] to x[i + 1] (the last to the axis end).
  void steps(const std::vector<double>& x, const std::vector<double>& y, const std::string& color,
             const std::string& legend = "");
  void point_with_interval(double x, double mid, double lo, double hi, const std::string& color);
  void vertical_line(double x, const std::string& color = "#888", bool dashed = true);
  void horizontal_line(double y, const std::string& color = "#888", bool dashed = true);
  // A heat-map cell [x0, x1] x [y0, y1] with a fill and centred text.
  void cell(double x0, double x1, double y0, double y1, const std::string& fill, const std::string& text = "");
  // A line of explanation under the title.
  void note(const std::string& text) { note_ = text; }

  std::string svg() const;

  // The colour of p in [0, 1] on the report's scale (red at 0, white at 0.5,
  // blue at 1); grey for NaN.
  static std::string probability_colour(double p);
  // A distinct colour for series k.
  static std::string series_colour(size_t k);

 private:
  double px(double x) const;
  double py(double y) const;

  std::string title_, note_;
  ChartAxis x_, y_;
  int width_, height_;
  double left_ = 70, right_, top_ = 46, bottom_;
  std::string marks_;
  std::vector<std::pair<std::string, std::string>> legend_;  // (colour, text)
};

// Numeric tick positions for an axis: 1-2-5 steps on a linear axis (and on
// a log axis spanning less than a decade), 1-2-5 per decade on a log axis
// (exposed for tests). Reference lines outside the axes are not drawn.
std::vector<double> axis_ticks(const ChartAxis& axis);

}  // namespace ps
