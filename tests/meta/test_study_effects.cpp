// study_effects: per-study log odds ratios against metafor's escalc, the
// double-zero and continuity-correction rules, hand-computed tables and bad
// input.
//
// R reference: scripts/r_reference/meta_reference.R (R 4.2.2, metafor 3.8.1),
// output in scripts/r_reference/meta_reference.out. bcg, nielweise and small
// are the data frames that script writes to tests/fixtures/meta_*.csv.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/meta/study_effects.hpp"
#include "host/meta/study_table.hpp"
#include "meta/meta_test_support.hpp"

namespace ps {
namespace {

using meta_test::expect_rel;
using meta_test::kNaN;
using meta_test::label;
using meta_test::read_study_tables;

struct EscalcReference {
  const char* file;
  double cc;
  bool drop00;
  std::vector<double> yi, vi, or_lower, or_upper;  // or_* empty: not printed
};

// Pasted from meta_reference.out ("## escalc(...)" blocks).
const std::vector<EscalcReference>& escalc_references() {
  static const std::vector<EscalcReference> refs{
      // es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.5, to = "only0", drop00 = TRUE, data = bcg)
      // es$yi, es$vi, exp(summary(es)$ci.lb), exp(summary(es)$ci.ub)
      {"meta_bcg.csv", 0.5, true,
       {-0.93869414087039216, -1.6661907290265496, -1.3862943611198908, -1.4564435493129846,
        -0.21914108567543256, -0.95812204077626739, -1.633775838228896, 0.012020601452732649,
        -0.47174603583869601, -1.401210139283481, -0.34084964636621073, 0.44663468227444625,
        -0.017341873929093587},
       {0.35712495225362872, 0.208132393657186, 0.43341307814992025, 0.020314412973197363,
        0.051951777317120272, 0.0099052655153382407, 0.22700967522349361, 0.0040069620121488307,
        0.056977123987762661, 0.075421726314920404, 0.012525133820215518, 0.53416217247471709,
        0.071635117295658746},
       {0.12124193177534495, 0.077277203780541551, 0.068795336682699493, 0.17626009738910864,
        0.51382406699939565, 0.31562898631572056, 0.0767185987999075, 0.8940029235505601,
        0.39078915296195482, 0.1437793613311035, 0.5710945624866659, 0.37312849929956993,
        0.58162981558992455},
       {1.261850143341243, 0.46207632988000696, 0.90849181083690156, 0.30817343623106913,
        1.2555731767589164, 0.46623931161758714, 0.49661481967971016, 1.1457820724221579,
        0.99610265793209374, 0.42191774072297356, 0.88559209989423771, 6.5476210229550196,
        1.6606969131245843}},
      // es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.5, to = "only0", drop00 = TRUE, data = nielweise)
      // es$yi, es$vi, exp(summary(es)$ci.lb), exp(summary(es)$ci.ub)
      {"meta_nielweise.csv", 0.5, true,
       {-1.9632265990667737, -1.3940765015619454, -1.6062068918526542, -2.715742546725366,
        -0.14864834168736696, -1.055730561184844, -1.0928485839513593, -1.372688709064112,
        -3.077970371790963, -0.62415430907299374, -2.853467200960714, -1.3024400506830283,
        -0.59538301179405373, -0.67473411991306786, kNaN, -1.063589253878547,
        -1.0559315575532287, 1.5114575040738969},
       {2.3030316011555585, 1.3878391472868217, 0.62134182412917149, 2.1487181763043832,
        0.38013849829145119, 1.2677166857579227, 1.3448608065909242, 1.5407256571640133,
        1.074953007518797, 1.5172619047619047, 2.1657622316661218, 2.6982423681776129,
        0.54462109167991524, 0.26901777921752418, kNaN, 2.6744511544844731,
        1.3390258253978535, 1.2813725490196077},
       {0.0071716647334309665, 0.024648403698543243, 0.042802739165090975, 0.0037396731678001733,
        0.2574135248351655, 0.038292112313846723, 0.034534990873035208, 0.022247780507202716,
        0.0060357215781418313, 0.047912311447806555, 0.0032216750103862936, 0.01086790758852014,
        0.12979408934772335, 0.18427848728442148, kNaN, 0.013997658496693981,
        0.036011064616351576, 0.49303397898274554},
       {2.7487995051724021, 2.4965009616213814, 0.94057808900055639, 1.1703138564500442,
        2.8857209298965811, 3.1615114697121478, 3.2546510734577154, 2.8867624357206165,
        0.35138215835316716, 5.9898966934834847, 1.0314024346848676, 6.8009410286161378,
        2.3420813240775935, 1.4075335367316613, kNaN, 8.5137857770698027,
        3.3604198522240911, 41.682950845524459}},
      // es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.1, to = "only0", drop00 = TRUE, data = nielweise)
      // es$yi, es$vi, exp(summary(es)$ci.lb), exp(summary(es)$ci.ub)
      {"meta_nielweise.csv", 0.1, true,
       {-3.451363836320962, -1.3940765015619454, -1.6062068918526542, -4.2703959647071779,
        -0.14864834168736696, -1.055730561184844, -1.0928485839513593, -1.372688709064112,
        -3.077970371790963, -0.62415430907299374, -4.4090445072369908, -2.6030139501769507,
        -0.59538301179405373, -0.67473411991306786, kNaN, -2.3628176312871609,
        -1.0559315575532287, 1.5114575040738969},
       {10.339958151481584, 1.3878391472868217, 0.62134182412917149, 10.156277398888216,
        0.38013849829145119, 1.2677166857579227, 1.3448608065909242, 1.5407256571640133,
        1.074953007518797, 1.5172619047619047, 10.173486798314521, 10.940869379177423,
        0.54462109167991524, 0.26901777921752418, kNaN, 10.916887539190489,
        1.3390258253978535, 1.2813725490196077},
       {5.8074385151464365e-05, 0.024648403698543243, 0.042802739165090975, 2.7083428355321084e-05,
        0.2574135248351655, 0.038292112313846723, 0.034534990873035208, 0.022247780507202716,
        0.0060357215781418313, 0.047912311447806555, 2.3452656653648044e-05, 0.00011324194912513165,
        0.12979408934772335, 0.18427848728442148, kNaN, 0.00014501425711497921,
        0.036011064616351576, 0.49303397898274554},
       {17.306085347932367, 2.4965009616213814, 0.94057808900055639, 7.21236264412076,
        2.8857209298965811, 3.1615114697121478, 3.2546510734577154, 2.8867624357206165,
        0.35138215835316716, 5.9898966934834847, 6.3119064652923571, 48.422083734995987,
        2.3420813240775935, 1.4075335367316613, kNaN, 61.13247513237264,
        3.3604198522240911, 41.682950845524459}},
      // es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.5, to = "only0", drop00 = TRUE, data = small)
      // es$yi, es$vi, exp(summary(es)$ci.lb), exp(summary(es)$ci.ub)
      {"meta_small.csv", 0.5, true,
       {-1.0986122886681093, -2.2444031376113101, kNaN, kNaN,
        -0.43363598507486045, 2.2699839316186479},
       {0.82222222222222219, 2.437186936485674, kNaN, kNaN,
        0.37619047619047619, 2.2950457905770718},
       {0.056368857539753868, 0.0049706760881076482, kNaN, kNaN,
        0.19480279920583923, 0.49696007873943526},
       {1.9711435704147557, 2.2600640172012634, kNaN, kNaN,
        2.1565194322694392, 188.52176111708394}},
      // escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.5, to = "only0", drop00 = FALSE, data = small): $yi, $vi (no CI printed)
      {"meta_small.csv", 0.5, false,
       {-1.0986122886681093, -2.2444031376113101, 0.17435338714477755, 0.26826398659467854,
        -0.43363598507486045, 2.2699839316186479},
       {0.82222222222222219, 2.437186936485674, 4.175238095238095, 4.2714932126696832,
        0.37619047619047619, 2.2950457905770718},
       {}, {}},
      // es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.1, to = "only0", drop00 = TRUE, data = small)
      // es$yi, es$vi, exp(summary(es)$ci.lb), exp(summary(es)$ci.ub)
      {"meta_small.csv", 0.1, true,
       {-1.0986122886681093, -3.7417368399877367, kNaN, kNaN,
        -0.43363598507486045, 3.7874063287153596},
       {0.82222222222222219, 10.478895900814294, kNaN, kNaN,
        0.37619047619047619, 10.3178038038817},
       {0.056368857539753868, 4.1643705929418885e-05, kNaN, kNaN,
        0.19480279920583923, 0.081409743791560615},
       {1.9711435704147557, 13.502659133999851, kNaN, kNaN,
        2.1565194322694392, 23934.422363091355}},
      // escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
      //        n2i = total_control, add = 0.1, to = "only0", drop00 = FALSE, data = small): $yi, $vi (no CI printed)
      {"meta_small.csv", 0.1, false,
       {-1.0986122886681093, -3.7417368399877367, 0.18067002875548166, 0.283575290499126,
        -0.43363598507486045, 3.7874063287153596},
       {0.82222222222222219, 10.478895900814294, 20.181654529089272, 20.287391216352965,
        0.37619047619047619, 10.3178038038817},
       {}, {}},
  };
  return refs;
}

TEST(MetaStudyEffects, MatchesEscalc) {
  for (const EscalcReference& ref : escalc_references()) {
    StudyEffectsOptions options;
    options.continuity_correction = ref.cc;
    options.drop_double_zero = ref.drop00;
    const std::vector<StudyEffect> effects = study_effects(read_study_tables(ref.file), options);
    const std::string what = label(ref.file, ref.cc) + (ref.drop00 ? "" : " drop00 = FALSE");
    ASSERT_EQ(effects.size(), ref.yi.size()) << what;
    for (std::size_t i = 0; i < effects.size(); ++i) {
      const std::string w = what + " study " + std::to_string(i + 1);
      EXPECT_EQ(effects[i].included, !std::isnan(ref.yi[i])) << w;
      expect_rel(effects[i].log_odds_ratio, ref.yi[i], w + " yi");
      expect_rel(effects[i].variance, ref.vi[i], w + " vi");
      if (!std::isnan(ref.vi[i])) expect_rel(effects[i].se, std::sqrt(ref.vi[i]), w + " se");
      if (!ref.or_lower.empty()) {
        if (!std::isnan(ref.yi[i])) expect_rel(effects[i].odds_ratio, std::exp(ref.yi[i]), w + " OR");
        expect_rel(effects[i].ci_lower, ref.or_lower[i], w + " OR lower");
        expect_rel(effects[i].ci_upper, ref.or_upper[i], w + " OR upper");
      }
    }
  }
}

// meta_small.csv: A 2/20 vs 5/20, B 0/15 vs 3/14, C 0/10 vs 0/12 (no events),
// D 8/8 vs 6/6 (all events), E 7/25 vs 9/24, F 4/30 vs 0/28.
TEST(MetaStudyEffects, FlagsDoubleZerosAndCorrectedStudies) {
  const std::vector<StudyEffect> e = study_effects(read_study_tables("meta_small.csv"));
  ASSERT_EQ(e.size(), 6u);
  const std::vector<bool> double_zero{false, false, true, true, false, false};
  const std::vector<bool> corrected{false, true, false, false, false, true};  // dropped ones: not corrected
  for (std::size_t i = 0; i < e.size(); ++i) {
    EXPECT_EQ(e[i].double_zero, double_zero[i]) << e[i].name;
    EXPECT_EQ(e[i].included, !double_zero[i]) << e[i].name;
    EXPECT_EQ(e[i].corrected, corrected[i]) << e[i].name;
  }
  EXPECT_EQ(e[2].name, "C");
  EXPECT_TRUE(std::isnan(e[2].log_odds_ratio) && std::isnan(e[3].ci_upper));
  const EffectSizes es = pooled_effect_sizes(e);
  EXPECT_EQ(es.study_index, (std::vector<std::size_t>{0, 1, 4, 5}));
  EXPECT_EQ(es.yi.size(), 4u);
  EXPECT_DOUBLE_EQ(es.yi[2], e[4].log_odds_ratio);

  // Kept (drop00 = FALSE), a double zero gets the correction: C is
  // log(0.5 * 12.5 / (10.5 * 0.5)) = log(12.5 / 10.5).
  StudyEffectsOptions keep;
  keep.drop_double_zero = false;
  const std::vector<StudyEffect> k = study_effects(read_study_tables("meta_small.csv"), keep);
  EXPECT_TRUE(k[2].included && k[2].corrected);
  EXPECT_NEAR(k[2].log_odds_ratio, std::log(12.5 / 10.5), 1e-15);
  EXPECT_NEAR(k[2].variance, 1 / 0.5 + 1 / 10.5 + 1 / 0.5 + 1 / 12.5, 1e-14);

  for (const StudyEffect& b : study_effects(read_study_tables("meta_bcg.csv"))) EXPECT_FALSE(b.corrected);
}

TEST(MetaStudyEffects, HandComputedTables) {
  // 10/100 vs 20/100: a, b, c, d = 10, 90, 20, 80, no correction.
  const std::vector<StudyEffect> e = study_effects({{"x", 10, 100, 20, 100}, {"z", 0, 10, 5, 10}});
  EXPECT_NEAR(e[0].log_odds_ratio, std::log(10.0 * 80.0 / (90.0 * 20.0)), 1e-15);
  EXPECT_NEAR(e[0].variance, 1.0 / 10 + 1.0 / 90 + 1.0 / 20 + 1.0 / 80, 1e-15);
  EXPECT_NEAR(e[0].odds_ratio, 4.0 / 9.0, 1e-15);
  const double z = 1.959963984540054;  // qnorm(0.975)
  EXPECT_NEAR(e[0].ci_lower, std::exp(std::log(4.0 / 9.0) - z * std::sqrt(e[0].variance)), 1e-14);
  EXPECT_NEAR(e[0].ci_upper, std::exp(std::log(4.0 / 9.0) + z * std::sqrt(e[0].variance)), 1e-14);
  // 0/10 vs 5/10 with cc = 0.5: 0.5, 10.5, 5.5, 5.5 -> OR = 0.5 * 5.5 / (10.5 * 5.5) = 1/21.
  EXPECT_TRUE(e[1].corrected);
  EXPECT_NEAR(e[1].odds_ratio, 1.0 / 21.0, 1e-15);
  EXPECT_NEAR(e[1].variance, 1 / 0.5 + 1 / 10.5 + 2 / 5.5, 1e-14);
  // cc = 0.1: 0.1, 10.1, 5.1, 5.1 -> 1/101.
  StudyEffectsOptions o;
  o.continuity_correction = 0.1;
  EXPECT_NEAR(study_effects({{"z", 0, 10, 5, 10}}, o)[0].odds_ratio, 1.0 / 101.0, 1e-15);
}

TEST(MetaStudyEffects, RejectsBadInput) {
  EXPECT_THROW(study_effects({}), std::invalid_argument);
  EXPECT_THROW(study_effects({{"x", 11, 10, 2, 10}}), std::invalid_argument);   // events > total
  EXPECT_THROW(study_effects({{"x", 1, 10, 12, 10}}), std::invalid_argument);
  EXPECT_THROW(study_effects({{"x", -1, 10, 2, 10}}), std::invalid_argument);   // negative
  EXPECT_THROW(study_effects({{"x", 1, 10, 2, -10}}), std::invalid_argument);
  EXPECT_THROW(study_effects({{"x", 0, 0, 2, 10}}), std::invalid_argument);     // empty arm
  EXPECT_THROW(study_effects({{"x", kNaN, 10, 2, 10}}), std::invalid_argument);
  StudyEffectsOptions o;
  o.continuity_correction = 0.0;
  EXPECT_THROW(study_effects({{"x", 1, 10, 2, 10}}, o), std::invalid_argument);
  o.continuity_correction = 0.5;
  o.conf_level = 1.0;
  EXPECT_THROW(study_effects({{"x", 1, 10, 2, 10}}, o), std::invalid_argument);
  EXPECT_THROW(validate_study_tables({{"ok", 1, 10, 2, 10}, {"bad", 3, 2, 1, 5}}), std::invalid_argument);
  EXPECT_NO_THROW(validate_study_tables({{"ok", 0, 10, 10, 10}}));
}

}  // namespace
}  // namespace ps
