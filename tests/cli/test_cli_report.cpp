// `priorsweep report DIR` end to end: report.html from a run with a Cox
// sweep (km.csv, draws.nc), an exact beta-binomial sweep and a
// meta-analysis (forest.svg, funnel.svg), opened in headless Chromium
// (Debian's chromium): every figure must load (the page records it in
// data-images-loaded) and a screenshot must come out. Plus the tick rule of
// the charts and a folder that is not a results folder (exit 2).
#include <gtest/gtest.h>

#include <regex>

#include "host/report/svg_chart.hpp"
#include "support/cli_harness.hpp"

namespace {

using namespace cli_harness;

constexpr const char* kRun = R"(seed = 4
chains = 4
warmup = 300
draws = 2000
save_draws = true
[data]
path = "TRIAL"
[[analysis]]
name = "hr"
model = "cox"
time = "time"
event = "event"
treatment = "treatment"
covariates = ["age"]
summaries = "treatment"
[analysis.prior]
family = "normal"
mean = [-0.3, 0, 0.3]
sd = [0.3, 1, 3]
[[analysis]]
name = "ard"
model = "beta_binomial"
events = [21, 21]
totals = [59, 55]
[analysis.prior]
family = "beta"
a = [0.5, 1, 2]
b = [1, 2]
[[analysis]]
name = "meta"
model = "meta_binary"
[analysis.data]
path = "BCG"
[analysis.prior]
family = "normal"
sd = [1, 1000]
[[analysis.tau_prior]]
family = "half_normal"
scale = [0.5, 1]
)";

class CliReport : public CliTest {
 protected:
  std::string chromium(const std::string& flags) {
    const fs::path out = dir_ / "chromium_out.txt";
    const std::string command = "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                                "--disable-background-networking --disable-component-update --disable-sync "
                                "--user-data-dir=" + quote(dir_ / "chromium-profile") + " --virtual-time-budget=10000 " +
                                flags + " >" + quote(out) + " 2>/dev/null";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return read_text(out);
  }
};

TEST_F(CliReport, EveryFigureLoadsInHeadlessChromium) {
  std::string text = kRun;
  text.replace(text.find("TRIAL"), 5, (fs::path(PRIORSWEEP_SOURCE_DIR) / "examples/corimuno/trial.csv").string());
  text.replace(text.find("BCG"), 3, (fs::path(PRIORSWEEP_SOURCE_DIR) / "examples/meta/bcg.csv").string());
  const fs::path config = dir_ / "run.toml";
  write_text(config, text);
  const CliResult r = run(config, dir_ / "results", "--quiet");
  if (r.code == 2 && r.err.find("libnetcdf") != std::string::npos) GTEST_SKIP() << r.err;
  ASSERT_EQ(r.code, 0) << r;
  EXPECT_TRUE(fs::exists(dir_ / "results" / "hr" / "km.csv"));
  const CliResult rep = cli("report " + quote(dir_ / "results"));
  ASSERT_EQ(rep.code, 0) << rep;
  const fs::path page = dir_ / "results" / "report.html";
  const std::string html = read_text(page);
  // Heat maps, posterior-vs-SD, densities (from draws.nc for the Cox sweep),
  // Kaplan-Meier, forest, funnel, diagnostics.
  for (const char* expected : {"hr: P(HR &lt; 1) over prior mean x sd", "posterior median and interval against prior sd", "draws.nc",
                               "Kaplan-Meier", "forest.svg", "funnel.svg", "Convergence of the treatment effect",
                               "Frequentist companion", "no chains"})
    EXPECT_NE(html.find(expected), std::string::npos) << expected;
  size_t images = 0;
  for (size_t at = html.find("<img"); at != std::string::npos; at = html.find("<img", at + 1)) ++images;
  EXPECT_GE(images, 12u);

  if (std::system("command -v chromium >/dev/null 2>&1") != 0) GTEST_SKIP() << "no chromium (Debian package chromium)";
  const std::string dom = chromium("--dump-dom " + quote("file://" + page.string()));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(dom, m, std::regex("data-images-loaded=\"(\\d+)/(\\d+)\""))) << dom.substr(0, 400);
  EXPECT_EQ(m[1].str(), m[2].str()) << "images that did not load";
  EXPECT_EQ(std::stoul(m[2].str()), images);
  const fs::path png = dir_ / "report.png";
  chromium("--window-size=1280,4000 --screenshot=" + quote(png) + " " + quote("file://" + page.string()));
  ASSERT_TRUE(fs::exists(png));
  EXPECT_GT(fs::file_size(png), 50000u);
}

TEST_F(CliReport, NeedsAResultsFolder) {
  const CliResult r = cli("report " + quote(dir_));
  EXPECT_EQ(r.code, 2) << r;
  EXPECT_NE(r.err.find("summary.json"), std::string::npos) << r;
}

TEST(SvgChart, TicksFollowOneTwoFive) {
  EXPECT_EQ(ps::axis_ticks({"", 0.0, 1.0}), (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  EXPECT_EQ(ps::axis_ticks({"", 0.1, 10.0, true}), (std::vector<double>{0.1, 0.2, 0.5, 1, 2, 5, 10}));
  EXPECT_NEAR(ps::axis_ticks({"", 0.3, 0.8, true}).front(), 0.3, 1e-12);  // under a decade: linear steps
  EXPECT_EQ(ps::axis_ticks({"", 0.3, 0.8, true}).size(), 6u);
  EXPECT_TRUE(ps::axis_ticks({"", 1.0, 1.0}).empty());
  EXPECT_EQ(ps::SvgChart::probability_colour(0.5), "#f7f7f7");
  EXPECT_EQ(ps::SvgChart::probability_colour(1.0), "#2166ac");
}

}  // namespace
