// The forest and funnel SVGs (host/output/meta_plots.hpp): the log axis
// mapping, one marker per pooled study, summaries as diamonds, escaped
// names, nothing non-finite printed, and balanced markup. (How they look was
// checked by rendering examples/meta with rsvg-convert.)
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "host/output/meta_plots.hpp"

namespace {

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

// No "nan" or "inf" printed as a coordinate or a number ("information" is fine).
void expect_finite_numbers(const std::string& svg) {
  for (const char* bad : {"nan", "NaN", "inf\"", "inf,", "inf]", "inf ", "inf<"})
    EXPECT_EQ(svg.find(bad), std::string::npos) << bad;
}

TEST(MetaPlots, ForestAxisIsLogarithmic) {
  EXPECT_DOUBLE_EQ(ps::forest_x(0.1, 0.1, 10.0, 0.0, 200.0), 0.0);
  EXPECT_DOUBLE_EQ(ps::forest_x(1.0, 0.1, 10.0, 0.0, 200.0), 100.0);  // OR 1 halfway between 0.1 and 10
  EXPECT_DOUBLE_EQ(ps::forest_x(10.0, 0.1, 10.0, 0.0, 200.0), 200.0);
  EXPECT_DOUBLE_EQ(ps::forest_x(100.0, 0.1, 10.0, 0.0, 200.0), 200.0);  // clamped
}

TEST(MetaPlots, ForestHasOneMarkerPerPooledStudyAndTheSummaries) {
  ps::ForestPlot plot;
  plot.title = "test <meta>";
  plot.studies = {{"Smith & Jones 2001", 0.5, 0.2, 1.25, 40.0},
                  {"Doe 2003", 1.2, 0.6, 2.4, 60.0},
                  {"Double zero 2005", NAN, NAN, NAN, 0.0}};
  plot.summaries = {{"Fixed", 0.8, 0.5, 1.3}, {"Random", 0.82, 0.45, 1.5}};
  plot.prediction_lower = 0.2;
  plot.prediction_upper = 3.0;
  const std::string svg = ps::forest_svg(plot);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_EQ(count(svg, "class=\"study\""), 2u);
  EXPECT_EQ(count(svg, "class=\"ci\""), 2u);
  EXPECT_EQ(count(svg, "class=\"pooled\""), 2u);
  EXPECT_EQ(count(svg, "class=\"prediction\""), 1u);
  EXPECT_NE(svg.find("Smith &amp; Jones 2001"), std::string::npos);
  EXPECT_NE(svg.find("test &lt;meta&gt;"), std::string::npos);
  EXPECT_NE(svg.find("not pooled"), std::string::npos);
  EXPECT_EQ(count(svg, "<text"), count(svg, "</text>"));
  expect_finite_numbers(svg);
}

TEST(MetaPlots, FunnelHasOnePointPerStudy) {
  ps::FunnelPlot plot;
  plot.title = "funnel";
  plot.log_odds_ratio = {-0.9, -0.2, 0.1, -1.6};
  plot.se = {0.6, 0.1, 0.3, 0.45};
  plot.pooled_log_odds_ratio = -0.4;
  const std::string svg = ps::funnel_svg(plot);
  EXPECT_EQ(count(svg, "<circle class=\"study\""), 4u);
  EXPECT_EQ(count(svg, "class=\"funnel\""), 1u);
  EXPECT_EQ(count(svg, "<text"), count(svg, "</text>"));
  expect_finite_numbers(svg);
}

}  // namespace
