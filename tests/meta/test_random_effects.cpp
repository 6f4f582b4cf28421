// meta_analysis (EE, DL, SJ, REML, PM), the Q-profile CI for tau^2 and the
// Knapp-Hartung option against metafor's rma / confint / predict; identical
// studies, a single study and bad input.
//
// R reference: scripts/r_reference/meta_reference.R (R 4.2.2, metafor 3.8.1),
// output in scripts/r_reference/meta_reference.out. bcg, nielweise and small
// are the data frames that script writes to tests/fixtures/meta_*.csv; es is
//   es <- escalc(measure = "OR", ai = events_treatment, n1i = total_treatment, ci = events_control,
//                n2i = total_control, add = cc, to = "only0", drop00 = TRUE, data = <dataset>)
// REML and PM are run with tight control (metafor's defaults stop at a tau^2
// change of 1e-5 and a uniroot tol of 1.2e-4), confint with tol = 1e-13.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/meta/q_profile.hpp"
#include "host/meta/random_effects.hpp"
#include "host/meta/tau2_estimators.hpp"
#include "meta/meta_test_support.hpp"

namespace ps {
namespace {

using meta_test::effect_sizes;
using meta_test::expect_rel;
using meta_test::kNaN;
using meta_test::label;

constexpr double kTiny = 1e-10;  // R's REML tau^2 of ~1e-14 where the maximum is at 0

struct RmaReference {
  const char* file;
  double cc;
  Tau2Method method;
  double beta, se, zval, pval;
  double ci_lb, ci_ub;
  double tau2, se_tau2;
  double qe, qep, i2, h2, vt;
  double pi_lb, pi_ub;  // NaN: predict() gives none for EE
  std::vector<double> weights;
  bool has_qp;
  std::vector<std::vector<double>> qp;  // {lb, ub} for tau^2, tau, I^2, H^2
};

// Pasted from meta_reference.out ("## rma(yi, vi, ...)" blocks).
const std::vector<RmaReference>& rma_references() {
  static const std::vector<RmaReference> refs{
      // res <- rma(yi, vi, data = es, method = "EE"),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res)
      {"meta_bcg.csv", 0.5, Tau2Method::EqualEffects,
       -0.43613907613640951, 0.042265456992996012, -10.319043189540904, 5.7796230234788756e-25,
       -0.51897784963280824, -0.35330030264001078,
       0, kNaN,
       163.16491518079985, 1.1887725911106852e-28, 92.645477744585577, 13.597076265066654, 0.029081621720550968,
       kNaN, kNaN,
       {0.50020835664211039, 0.85828487504406359, 0.41216311756261348, 8.7936031288903838,
        3.4385134582067796, 18.034537812849301, 0.78691309217023331, 44.581626913623118,
        3.1352387235453776, 2.3685069834756707, 14.262273604962248, 0.33442444015657996,
        2.493705492871519},
       false, {}},
      // res <- rma(yi, vi, data = es, method = "DL"),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_bcg.csv", 0.5, Tau2Method::DerSimonianLaird,
       -0.74739234973213753, 0.19226284897113902, -3.8873466909061052, 0.00010134595615579446,
       -1.1242206092806337, -0.37056409018364134,
       0.36634340672559945, 0.26593871055763241,
       163.16491518079985, 1.1887725911106852e-28, 92.645477744585577, 13.597076265066653, 0.029081621720550968,
       -1.9920981978599344, 0.4973134983956593,
       {5.1094153096970931, 6.4345622687445561, 4.6220323052775907, 9.5601333301094051,
        8.8370616025844164, 9.8246202104409797, 6.2298493458689794, 9.9810898583645216,
        8.732154576157015, 8.3675691741630676, 9.7566831601392838, 4.1049166099920606,
        8.4399122484610292},
       true, {{0.13014911523838602, 1.1811857921569637}, {0.36076185391250282, 1.0868237171487214}, {81.736175894198979, 97.597091238920669}, {5.4753045923300139, 41.616228472646043}}},
      // res <- rma(yi, vi, data = es, method = "SJ"),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_bcg.csv", 0.5, Tau2Method::SidikJonkman,
       -0.74754183303359789, 0.19270660739939918, -3.8791707410647329, 0.00010481316850115581,
       -1.1252398431193202, -0.36984382294787566,
       0.36841995900338614, 0.15909421315969413,
       163.16491518079985, 1.1887725911106852e-28, 92.683897843226944, 13.668480545671791, 0.029081621720550968,
       -1.9957108472524414, 0.50062718118524563,
       {5.118337398445524, 6.4410172578462763, 4.6313677305224319, 9.5530107992671045,
        8.83404694626579, 9.8158499958937373, 6.2368136217479746, 9.9713083130843643,
        8.7296876307350857, 8.3669104916888912, 9.748343589395466, 4.1143997028360291,
        8.4389065222713313},
       true, {{0.13014911523838602, 1.1811857921569637}, {0.36076185391250282, 1.0868237171487214}, {81.736175894198979, 97.597091238920669}, {5.4753045923300139, 41.616228472646043}}},
      // res <- rma(yi, vi, data = es, method = "REML", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_bcg.csv", 0.5, Tau2Method::REML,
       -0.74517777084369552, 0.18602791275119679, -4.0057309670529619, 6.1825987178484979e-05,
       -1.1097857799552007, -0.38056976173219037,
       0.33777203311228582, 0.17840082558802792,
       163.16491518079985, 1.1887725911106852e-28, 92.072691293261755, 12.61462164517442, 0.029081621720550968,
       -1.9412030031407543, 0.4508474614533633,
       {4.9800740327494806, 6.3392752697315435, 4.4874289994948509, 9.664254176854703,
        8.8797203035751942, 9.9535933059672264, 6.1273911339197182, 10.125368971246287,
        8.7666771923710378, 8.3753405110813635, 9.8791505011615364, 3.9689215196310808,
        8.452804082215982},
       true, {{0.13014911523838602, 1.1811857921569637}, {0.36076185391250282, 1.0868237171487214}, {81.736175894198979, 97.597091238920669}, {5.4753045923300139, 41.616228472646043}}},
      // res <- rma(yi, vi, data = es, method = "PM", control = list(tol = 1e-13)),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_bcg.csv", 0.5, Tau2Method::PauleMandel,
       -0.74546039053162216, 0.1867903364712766, -3.9908937722067552, 6.5824760629770959e-05,
       -1.1115627226754428, -0.37935805838780151,
       0.34120510217786809, 0.1851725195927203,
       163.16491518079985, 1.1887725911106852e-28, 92.146188387642837, 12.732671081982692, 0.029081621720550968,
       -1.9474405347220973, 0.456519753658853,
       {4.9962950294981683, 6.3514014724254508, 4.5042358525962261, 9.6511054968839627,
        8.8744802949575465, 9.9372257299845703, 6.1403946512301868, 10.107013461687044,
        8.762477957652326, 8.3745518562198562, 9.8636266420950669, 3.9858275274112906,
        8.4513640273583057},
       true, {{0.13014911523838602, 1.1811857921569637}, {0.36076185391250282, 1.0868237171487214}, {81.736175894198979, 97.597091238920669}, {5.4753045923300139, 41.616228472646043}}},
      // res <- rma(yi, vi, data = es, method = "EE"),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res)
      {"meta_nielweise.csv", 0.5, Tau2Method::EqualEffects,
       -0.96642731960326911, 0.23624215579373789, -4.0908334770152246, 4.2982568115121227e-05,
       -1.4294534365890958, -0.50340120261744237,
       0, kNaN,
       15.811909956173235, 0.46616354413364991, 0, 0.98824437226082718, 0.99243269835762205,
       kNaN, kNaN,
       {2.4233430468808859, 4.021385063476564, 8.9822307153220518, 2.5973790695093362,
        14.681584849973051, 4.4024313003899396, 4.1498983315266615, 3.622342232997009,
        5.1918879973082772, 3.6783600773810217, 2.5769382879642255, 2.0683967026937968,
        10.247556884351008, 20.745973123562685, 2.0867966154659778, 4.167982059456568,
        4.3555136417409503},
       false, {}},
      // res <- rma(yi, vi, data = es, method = "DL"),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.5, Tau2Method::DerSimonianLaird,
       -0.96642731960326911, 0.23624215579373789, -4.0908334770152246, 4.2982568115121227e-05,
       -1.4294534365890958, -0.50340120261744237,
       0, 0.35087794543996897,
       15.811909956173235, 0.46616354413364991, 0, 1, 0.99243269835762205,
       -1.4294534365890958, -0.50340120261744237,
       {2.4233430468808859, 4.021385063476564, 8.9822307153220518, 2.5973790695093362,
        14.681584849973051, 4.4024313003899396, 4.1498983315266615, 3.622342232997009,
        5.1918879973082772, 3.6783600773810217, 2.5769382879642255, 2.0683967026937968,
        10.247556884351008, 20.745973123562685, 2.0867966154659778, 4.167982059456568,
        4.3555136417409503},
       true, {{0, 1.4100137740686718}, {0, 1.1874400086188235}, {0, 58.690746713897099}, {1, 2.4207651323884281}}},
      // res <- rma(yi, vi, data = es, method = "SJ"),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.5, Tau2Method::SidikJonkman,
       -1.0809018124196672, 0.31492597813725681, -3.4322408675621188, 0.00059861564214626231,
       -1.698145387364739, -0.46365823747459545,
       0.5408059544480639, 0.29866440141553274,
       15.811909956173235, 0.46616354413364991, 35.272131540542546, 1.5449296011135507, 0.99243269835762205,
       -2.6488537998253379, 0.48705017498600345,
       {3.4874837175661666, 5.1423857928290442, 8.5340585366112034, 3.6875806605223098,
        10.769202356416187, 5.4839441597707514, 5.2595916603558033, 4.7646824651823394,
        6.1381910322179687, 4.8190039634446098, 3.6643588812775554, 3.0619602372992953,
        9.1372674063636889, 12.246908504000839, 3.0846171346662583, 5.2759173862800255,
        5.44284610519595},
       true, {{0, 1.4100137740686718}, {0, 1.1874400086188235}, {0, 58.690746713897099}, {1, 2.4207651323884281}}},
      // res <- rma(yi, vi, data = es, method = "REML", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.5, Tau2Method::REML,
       -0.98038390660445396, 0.24347565506006424, -4.0266198538929823, 5.6584402867728651e-05,
       -1.4575874216344773, -0.50318039157443073,
       0.035567137070443768, 0.2992305944178057,
       15.811909956173235, 0.46616354413364991, 3.4598387903081114, 1.0358383365736576, 0.99243269835762205,
       -1.5840004133230017, -0.37676739988590613,
       {2.534868151510929, 4.1646854632017618, 9.024141564254565, 2.7139492374893224,
        14.260185468816289, 4.5485406607962009, 4.2943490733529668, 3.7607476747819244,
        5.3380746757055908, 3.8175737965961867, 2.6929361616136007, 2.1684171663434344,
        10.217441800673672, 19.46268230527906, 2.1874536711305477, 4.3125780667813194,
        4.5013750616726282},
       true, {{0, 1.4100137740686718}, {0, 1.1874400086188235}, {0, 58.690746713897099}, {1, 2.4207651323884281}}},
      // res <- rma(yi, vi, data = es, method = "PM", control = list(tol = 1e-13)),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.5, Tau2Method::PauleMandel,
       -0.96642731960326911, 0.23624215579373789, -4.0908334770152246, 4.2982568115121227e-05,
       -1.4294534365890958, -0.50340120261744237,
       0, 0.33544299114454851,
       15.811909956173235, 0.46616354413364991, 0, 1, 0.99243269835762205,
       -1.4294534365890958, -0.50340120261744237,
       {2.4233430468808859, 4.021385063476564, 8.9822307153220518, 2.5973790695093362,
        14.681584849973051, 4.4024313003899396, 4.1498983315266615, 3.622342232997009,
        5.1918879973082772, 3.6783600773810217, 2.5769382879642255, 2.0683967026937968,
        10.247556884351008, 20.745973123562685, 2.0867966154659778, 4.167982059456568,
        4.3555136417409503},
       true, {{0, 1.4100137740686718}, {0, 1.1874400086188235}, {0, 58.690746713897099}, {1, 2.4207651323884281}}},
      // res <- rma(yi, vi, data = es, method = "EE"),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res)
      {"meta_nielweise.csv", 0.1, Tau2Method::EqualEffects,
       -0.89904316191020872, 0.24777661059978268, -3.6284424092085681, 0.00028513633819900403,
       -1.3846763948971881, -0.41340992892322931,
       0, kNaN,
       15.453186539025303, 0.4917301216814739, 0, 0.96582415868908145, 1.1138059969108893,
       kNaN, kNaN,
       {0.59374755546297342, 4.4236573727105233, 9.8807526511450856, 0.60448574166590729,
        16.150231832937454, 4.8428209118042416, 4.5650262435665407, 3.9846969818962985,
        5.7112495458777346, 4.0463184745912697, 0.60346319779456148, 0.56113684052530133,
        11.272653538067233, 22.821260713283412, 0.56236952647832072, 4.5849189459863551,
        4.7912099262067844},
       false, {}},
      // res <- rma(yi, vi, data = es, method = "DL"),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.1, Tau2Method::DerSimonianLaird,
       -0.89904316191020872, 0.24777661059978268, -3.6284424092085681, 0.00028513633819900403,
       -1.3846763948971881, -0.41340992892322931,
       0, 0.39378988667096637,
       15.453186539025303, 0.4917301216814739, 0, 1, 1.1138059969108893,
       -1.3846763948971881, -0.41340992892322931,
       {0.59374755546297342, 4.4236573727105233, 9.8807526511450856, 0.60448574166590729,
        16.150231832937454, 4.8428209118042416, 4.5650262435665407, 3.9846969818962985,
        5.7112495458777346, 4.0463184745912697, 0.60346319779456148, 0.56113684052530133,
        11.272653538067233, 22.821260713283412, 0.56236952647832072, 4.5849189459863551,
        4.7912099262067844},
       true, {{0, 1.8063181176297574}, {0, 1.3439933473160339}, {0, 61.85758025267711}, {1, 2.6217529108655651}}},
      // res <- rma(yi, vi, data = es, method = "SJ"),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.1, Tau2Method::SidikJonkman,
       -1.0552850678529373, 0.3744818911570611, -2.8179869114427785, 0.0048325779752874795,
       -1.7892560873832255, -0.32131404832264909,
       0.86802856506809845, 0.54279996597837921,
       15.453186539025303, 0.4917301216814739, 43.799244483924873, 1.7793355103811184, 1.1138059969108893,
       -3.0233321824834891, 0.91276204677761452,
       {1.2512210297099646, 6.2165297209814963, 9.415836908114759, 1.2720681670398959,
        11.235409980063872, 6.5661710707459617, 6.3372660468531379, 5.821959148435508,
        7.2176025127123138, 5.8792289064301464, 1.2700855108134981, 1.1875510099814721,
        9.9272092082194305, 12.333418730850072, 1.1899676295013519, 6.3540204269710951,
        6.5244539925760296},
       true, {{0, 1.8063181176297574}, {0, 1.3439933473160339}, {0, 61.85758025267711}, {1, 2.6217529108655651}}},
      // res <- rma(yi, vi, data = es, method = "REML", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.1, Tau2Method::REML,
       -0.90211396386611908, 0.24966978524507966, -3.613228420814278, 0.0003024080751375431,
       -1.3914577509743249, -0.41277017675791322,
       0.0080226174155724663, 0.28942639720485863,
       15.453186539025303, 0.4917301216814739, 0.71513752752591275, 1.0072028858147855, 1.1138059969108893,
       -1.4219946198031392, -0.38223330792909904,
       {0.60238807025699181, 4.4657002033159348, 9.9044365314516387, 0.61327392505472411,
        16.059053609937951, 4.8861865045045896, 4.6075663695931928, 4.0248633485157752,
        5.7559007081162923, 4.0867786146112293, 0.61223733259057556, 0.56932703038555132,
        11.279419386922534, 22.500329346148991, 0.57057678983869309, 4.6275248671927658,
        4.8344373615625686},
       true, {{0, 1.8063181176297574}, {0, 1.3439933473160339}, {0, 61.85758025267711}, {1, 2.6217529108655651}}},
      // res <- rma(yi, vi, data = es, method = "PM", control = list(tol = 1e-13)),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_nielweise.csv", 0.1, Tau2Method::PauleMandel,
       -0.89904316191020872, 0.24777661059978268, -3.6284424092085681, 0.00028513633819900403,
       -1.3846763948971881, -0.41340992892322931,
       0, 0.36899845139868448,
       15.453186539025303, 0.4917301216814739, 0, 1, 1.1138059969108893,
       -1.3846763948971881, -0.41340992892322931,
       {0.59374755546297342, 4.4236573727105233, 9.8807526511450856, 0.60448574166590729,
        16.150231832937454, 4.8428209118042416, 4.5650262435665407, 3.9846969818962985,
        5.7112495458777346, 4.0463184745912697, 0.60346319779456148, 0.56113684052530133,
        11.272653538067233, 22.821260713283412, 0.56236952647832072, 4.5849189459863551,
        4.7912099262067844},
       true, {{0, 1.8063181176297574}, {0, 1.3439933473160339}, {0, 61.85758025267711}, {1, 2.6217529108655651}}},
      // res <- rma(yi, vi, data = es, method = "EE"),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res)
      {"meta_small.csv", 0.5, Tau2Method::EqualEffects,
       -0.51280278166406579, 0.4602641828634762, -1.1141487883626469, 0.26521536115984645,
       -1.4149040034502365, 0.38929844012210502,
       0, kNaN,
       5.0385014534600652, 0.16899949058955871, 40.4584869586606, 1.6795004844866883, 1.0584565668117711,
       kNaN, kNaN,
       {25.764703543822321, 8.6921160972761822, 56.312727576793087, 9.2304527821084204},
       false, {}},
      // res <- rma(yi, vi, data = es, method = "DL"),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.5, Tau2Method::DerSimonianLaird,
       -0.48256203053478225, 0.67264053137536506, -0.71741444058994708, 0.47311841192476578,
       -1.8009132465723818, 0.83578918550281744,
       0.71922174995671539, 1.4951102613932121,
       5.0385014534600652, 0.16899949058955871, 40.4584869586606, 1.6795004844866885, 1.0584565668117711,
       -2.6040970088545143, 1.6389729477849497,
       {29.352042151059877, 14.334179423352419, 41.303654793071289, 15.010123632516418},
       true, {{0, 48.788027768016541}, {0, 6.9848427160542803}, {0, 97.876567262593852}, {1, 47.093556691677342}}},
      // res <- rma(yi, vi, data = es, method = "SJ"),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.5, Tau2Method::SidikJonkman,
       -0.44474055530501061, 0.90377464091998971, -0.49209231501814515, 0.6226540847497215,
       -2.2161063016488103, 1.326625191038789,
       2.022473432745699, 1.8495407988655268,
       5.0385014534600652, 0.16899949058955871, 65.644900501997697, 2.9107760263018543, 1.0584565668117711,
       -3.7473130397723264, 2.8578319291623049,
       {28.713391541327027, 18.315488937352296, 34.052648998763537, 18.918470522557147},
       true, {{0, 48.788027768016541}, {0, 6.9848427160542803}, {0, 97.876567262593852}, {1, 47.093556691677342}}},
      // res <- rma(yi, vi, data = es, method = "REML", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.5, Tau2Method::REML,
       -0.51280278166406534, 0.46026418286348925, -1.1141487883626144, 0.26521536115986033,
       -1.4149040034502618, 0.389298440122131,
       3.0088227591215464e-14, 0.73757896526065847,
       5.0385014534600652, 0.16899949058955871, 2.8426511332292859e-12, 1.0000000000000284, 1.0584565668117711,
       -1.4149040034503257, 0.38929844012219506,
       {25.764703543822836, 8.6921160972765676, 56.312727576791765, 9.23045278210882},
       true, {{0, 48.788027768016541}, {0, 6.9848427160542803}, {0, 97.876567262593852}, {1, 47.093556691677342}}},
      // res <- rma(yi, vi, data = es, method = "PM", control = list(tol = 1e-13)),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.5, Tau2Method::PauleMandel,
       -0.45817879916381055, 0.81099817966451715, -0.56495663079458924, 0.57210326322924754,
       -2.047706022833808, 1.1313484245061871,
       1.4366932973034712, 2.1480981477288181,
       5.0385014534600652, 0.16899949058955871, 57.579439133725536, 2.3573474267640524, 1.0584565668117711,
       -3.2946545939391858, 2.3782969956115649,
       {29.116540292629541, 16.978275210533003, 36.280210404859496, 17.624974091977961},
       true, {{0, 48.788027768016541}, {0, 6.9848427160542803}, {0, 97.876567262593852}, {1, 47.093556691677342}}},
      // res <- rma(yi, vi, data = es, method = "EE"),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res)
      {"meta_small.csv", 0.1, Tau2Method::EqualEffects,
       -0.60953472612259907, 0.49587695165437806, -1.2292056004801761, 0.21899472965528158,
       -1.5814356921286894, 0.36236623988349137,
       0, kNaN,
       3.1831550833465188, 0.36423913485051235, 5.7538850150512895, 1.0610516944488395, 1.5298371344764901,
       kNaN, kNaN,
       {29.906021089707369, 2.3465635455251577, 65.364214871174752, 2.3832004935927316},
       false, {}},
      // res <- rma(yi, vi, data = es, method = "DL"),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.1, Tau2Method::DerSimonianLaird,
       -0.61935382242075532, 0.54134698049122232, -1.1440976762422301, 0.25258313128192228,
       -1.6803744073230582, 0.44166676248154757,
       0.093399149290546976, 1.3280911714571668,
       3.1831550833465188, 0.36423913485051235, 5.7538850150512904, 1.0610516944488395, 1.5298371344764901,
       -1.8377764368997893, 0.59906879205827868,
       {32.006303304474237, 2.7719293861748366, 62.406947978625347, 2.8148193307255696},
       true, {{0, 100}, {0, 10}, {0, 98.493214233713161}, {1, 66.366435254050742}}},
      // res <- rma(yi, vi, data = es, method = "SJ"),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.1, Tau2Method::SidikJonkman,
       -0.55657059050248725, 1.3291462872802007, -0.41874291477831527, 0.67540402854147485,
       -3.1616494437568083, 2.0485082627518341,
       4.0848127541242745, 4.3272861768811524,
       3.1831550833465188, 0.36423913485051235, 72.752759925735234, 3.6700964841738508, 1.5298371344764901,
       -5.2976755056976161, 4.184534324692641,
       {36.001982082998637, 12.13035700485313, 39.601626848992346, 12.266034063155882},
       true, {{0, 100}, {0, 10}, {0, 98.493214233713161}, {1, 66.366435254050742}}},
      // res <- rma(yi, vi, data = es, method = "REML", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.1, Tau2Method::REML,
       -0.60953472612260096, 0.49587695165438578, -1.2292056004801608, 0.21899472965528732,
       -1.5814356921287065, 0.36236623988350458,
       1.5007821141045047e-14, 0.83403585388556745,
       3.1831550833465188, 0.36423913485051235, 9.8100776892048524e-13, 1.0000000000000098, 1.5298371344764901,
       -1.5814356921287362, 0.36236623988353434,
       {29.906021089707764, 2.3465635455252287, 65.364214871174212, 2.3832004935928035},
       true, {{0, 100}, {0, 10}, {0, 98.493214233713161}, {1, 66.366435254050742}}},
      // res <- rma(yi, vi, data = es, method = "PM", control = list(tol = 1e-13)),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub),
      //   c(tau2, se.tau2), c(QE, QEp, I2, H2, vt), weights(res), predict(res)$pi.lb, $pi.ub,
      //   confint(res, control = list(tol = 1e-13))$random[, c("ci.lb", "ci.ub")]
      {"meta_small.csv", 0.1, Tau2Method::PauleMandel,
       -0.62930941410224683, 0.61745320508801949, -1.0192017936201938, 0.30810717532737975,
       -1.8394954582135885, 0.58087663000909484,
       0.27859579365808534, 1.2451522578421834,
       3.1831550833465188, 0.36423913485051235, 15.405370546170099, 1.1821081390820212, 1.5298371344764901,
       -2.2214037989670357, 0.96278497076254199,
       {34.63319594825029, 3.5440274675681902, 58.224870927981229, 3.597905656200282},
       true, {{0, 100}, {0, 10}, {0, 98.493214233713161}, {1, 66.366435254050742}}},
  };
  return refs;
}

struct KnhaReference {
  const char* file;
  double cc;
  Tau2Method method;
  double beta, se, tval, pval;
  double ci_lb, ci_ub, ddf;
  double pi_lb, pi_ub;
};

// Pasted from meta_reference.out ("## rma(..., test = \"knha\")" blocks).
const std::vector<KnhaReference>& knha_references() {
  static const std::vector<KnhaReference> refs{
      // res <- rma(yi, vi, data = es, method = "DL", test = "knha"),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_bcg.csv", 0.5, Tau2Method::DerSimonianLaird,
       -0.74739234973213753, 0.18723593963303034, -3.9917141505897611, 0.0017881651908682697,
       -1.1553444171793827, -0.33944028228489226, 12,
       -2.1278051848459389, 0.63302048538166389},
      // res <- rma(yi, vi, data = es, method = "REML", test = "knha", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = bcg escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_bcg.csv", 0.5, Tau2Method::REML,
       -0.74517777084369552, 0.18672618766206711, -3.9907512715479503, 0.0017912675899760555,
       -1.152019184156658, -0.3383363575307331, 12,
       -2.0752153239192204, 0.58485978223182933},
      // res <- rma(yi, vi, data = es, method = "DL", test = "knha"),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_nielweise.csv", 0.5, Tau2Method::DerSimonianLaird,
       -0.96642731960326911, 0.23484946327999068, -4.1150927326203064, 0.00081049686125956623,
       -1.4642859413297888, -0.46856869787674932, 16,
       -1.4642859413297888, -0.46856869787674932},
      // res <- rma(yi, vi, data = es, method = "REML", test = "knha", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = nielweise escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_nielweise.csv", 0.5, Tau2Method::REML,
       -0.98038390660445396, 0.2376440982174883, -4.12542921940027, 0.00079312622377793944,
       -1.4841668897443638, -0.47660092346454408, 16,
       -1.6235292664966572, -0.33723854671225073},
      // res <- rma(yi, vi, data = es, method = "DL", test = "knha"),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_nielweise.csv", 0.1, Tau2Method::DerSimonianLaird,
       -0.89904316191020872, 0.24350581683631711, -3.6920808446828159, 0.0019751245264512389,
       -1.4152524334127177, -0.38283389040769977, 16,
       -1.4152524334127177, -0.38283389040769977},
      // res <- rma(yi, vi, data = es, method = "REML", test = "knha", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = nielweise escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_nielweise.csv", 0.1, Tau2Method::REML,
       -0.90211396386611908, 0.24445226158092689, -3.6903482014522933, 0.0019823652795589674,
       -1.4203296085981463, -0.38389831913409178, 16,
       -1.4540207357918793, -0.35020719194035888},
      // res <- rma(yi, vi, data = es, method = "DL", test = "knha"),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_small.csv", 0.5, Tau2Method::DerSimonianLaird,
       -0.48256203053478225, 0.75157021427663417, -0.64207178699761946, 0.56651958389105206,
       -2.8743938821207422, 1.9092698210511776, 3,
       -4.0888221358782015, 3.1236980748086367},
      // res <- rma(yi, vi, data = es, method = "REML", test = "knha", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = small escalc at add = 0.5; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_small.csv", 0.5, Tau2Method::REML,
       -0.51280278166406534, 0.59648186842644613, -0.85971227091423397, 0.45316364323849884,
       -2.4110743000065322, 1.3854687366784018, 3,
       -2.4110743000066126, 1.3854687366784817},
      // res <- rma(yi, vi, data = es, method = "DL", test = "knha"),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_small.csv", 0.1, Tau2Method::DerSimonianLaird,
       -0.61935382242075532, 0.55133400985894487, -1.1233731483011775, 0.34306461559828844,
       -2.3739447050736064, 1.1352370602320958, 3,
       -2.625477555525741, 1.3867699106842304},
      // res <- rma(yi, vi, data = es, method = "REML", test = "knha", control = list(threshold = 1e-13, maxiter = 10000)),
      //   es = small escalc at add = 0.1; c(beta, se, zval, pval), c(ci.lb, ci.ub, ddf), predict(res)$pi.lb, $pi.ub
      {"meta_small.csv", 0.1, Tau2Method::REML,
       -0.60953472612260096, 0.51078977432641426, -1.1933181844260745, 0.31851266664290084,
       -2.2350957562043976, 1.0160263039591957, 3,
       -2.2350957562044442, 1.0160263039592423},
  };
  return refs;
}

std::string what_of(const std::string& file, double cc, Tau2Method method) {
  return label(file, cc) + " " + tau2_method_name(method);
}

TEST(MetaRandomEffects, MatchesRma) {
  for (const RmaReference& ref : rma_references()) {
    const EffectSizes es = effect_sizes(ref.file, ref.cc);
    MetaAnalysisOptions options;
    options.method = ref.method;
    const MetaAnalysisResult r = meta_analysis(es.yi, es.vi, options);
    const std::string what = what_of(ref.file, ref.cc, ref.method);
    EXPECT_EQ(r.k, ref.weights.size()) << what;
    expect_rel(r.estimate, ref.beta, what + " beta");
    expect_rel(r.se, ref.se, what + " se");
    expect_rel(r.statistic, ref.zval, what + " z");
    EXPECT_TRUE(std::isnan(r.df)) << what;
    expect_rel(r.p_value, ref.pval, what + " p");
    expect_rel(r.ci_lower, ref.ci_lb, what + " ci.lb");
    expect_rel(r.ci_upper, ref.ci_ub, what + " ci.ub");
    expect_rel(r.tau2, ref.tau2, what + " tau2", meta_test::kRel, kTiny);
    expect_rel(r.tau, std::sqrt(ref.tau2), what + " tau", meta_test::kRel, 1e-5);
    expect_rel(r.se_tau2, ref.se_tau2, what + " se.tau2");
    expect_rel(r.q, ref.qe, what + " QE");
    expect_rel(r.q_p_value, ref.qep, what + " QEp");
    expect_rel(r.i2, ref.i2, what + " I2", meta_test::kRel, kTiny * 100);
    expect_rel(r.h2, ref.h2, what + " H2");
    expect_rel(r.typical_within_variance, ref.vt, what + " vt");
    expect_rel(r.pi_lower, ref.pi_lb, what + " pi.lb");
    expect_rel(r.pi_upper, ref.pi_ub, what + " pi.ub");
    expect_rel(r.weight_percent, ref.weights, what + " weights");
  }
}

TEST(MetaRandomEffects, QProfileMatchesConfint) {
  int checked = 0;
  for (const RmaReference& ref : rma_references()) {
    if (!ref.has_qp) continue;
    const EffectSizes es = effect_sizes(ref.file, ref.cc);
    MetaAnalysisOptions options;
    options.method = ref.method;
    const MetaAnalysisResult fit = meta_analysis(es.yi, es.vi, options);
    const Tau2Interval ci = q_profile_tau2_ci(es.yi, es.vi, fit.tau2);
    const std::string what = what_of(ref.file, ref.cc, ref.method) + " QP";
    // Zero limits are exact zeros in R and here: compare absolutely.
    expect_rel(ci.tau2_lower, ref.qp[0][0], what + " tau2.lb", meta_test::kRel, 1e-300);
    expect_rel(ci.tau2_upper, ref.qp[0][1], what + " tau2.ub", meta_test::kRel, 1e-300);
    expect_rel(ci.tau_lower, ref.qp[1][0], what + " tau.lb", meta_test::kRel, 1e-300);
    expect_rel(ci.tau_upper, ref.qp[1][1], what + " tau.ub", meta_test::kRel, 1e-300);
    expect_rel(ci.i2_lower, ref.qp[2][0], what + " I2.lb", meta_test::kRel, 1e-300);
    expect_rel(ci.i2_upper, ref.qp[2][1], what + " I2.ub", meta_test::kRel, 1e-300);
    expect_rel(ci.h2_lower, ref.qp[3][0], what + " H2.lb");
    expect_rel(ci.h2_upper, ref.qp[3][1], what + " H2.ub");
    EXPECT_FALSE(ci.null_interval) << what;
    // small at cc = 0.1: Q(100) is still above qchisq(0.025, 3), metafor's upper limit is its tau2.max = 100.
    EXPECT_EQ(ci.upper_at_search_max, ref.qp[0][1] == 100.0) << what;
    ++checked;
  }
  EXPECT_EQ(checked, 20);
}

TEST(MetaRandomEffects, KnappHartungMatchesRma) {
  for (const KnhaReference& ref : knha_references()) {
    const EffectSizes es = effect_sizes(ref.file, ref.cc);
    MetaAnalysisOptions options;
    options.method = ref.method;
    options.knapp_hartung = true;
    const MetaAnalysisResult r = meta_analysis(es.yi, es.vi, options);
    const std::string what = what_of(ref.file, ref.cc, ref.method) + " knha";
    expect_rel(r.estimate, ref.beta, what + " beta");
    expect_rel(r.se, ref.se, what + " se");
    expect_rel(r.statistic, ref.tval, what + " t");
    expect_rel(r.p_value, ref.pval, what + " p");
    expect_rel(r.ci_lower, ref.ci_lb, what + " ci.lb");
    expect_rel(r.ci_upper, ref.ci_ub, what + " ci.ub");
    EXPECT_EQ(r.df, ref.ddf) << what;
    expect_rel(r.pi_lower, ref.pi_lb, what + " pi.lb");
    expect_rel(r.pi_upper, ref.pi_ub, what + " pi.ub");
  }
}

// Where REML's maximum is on the boundary (small at cc = 0.5 and 0.1, R's
// tight Fisher scoring creeps to ~3e-14), this code returns exactly 0.
TEST(MetaRandomEffects, RemlBoundaryIsExactlyZero) {
  for (double cc : {0.5, 0.1}) {
    const EffectSizes es = effect_sizes("meta_small.csv", cc);
    EXPECT_EQ(tau2_reml(es.yi, es.vi).tau2, 0.0) << cc;
  }
}

// Three identical studies: yi = log(10 * 80 / (90 * 20)) = log(4/9), vi = 1/10 + 1/90 + 1/20 + 1/80.
// Every estimator gives tau2 = 0, Q = 0, I^2 = 0; H^2 = 1 (EE: Q / (k - 1) = 0);
// the pooled estimate is the common yi with se = sqrt(vi / 3); the Q-profile
// interval is {0} (Q(0) = 0 < qchisq(0.025, 2)).
// R: rma(rep(log(10*80/(90*20)), 3), rep(1/10+1/90+1/20+1/80, 3), method = m) and confint():
//   beta = -0.8109302162163281, se = 0.24056261216234401; se.tau2: EE NA, SJ 0, DL, REML and PM
//   0.17361111111111105 / ...116 / ...113 (= vi, see below); confint(): tau^2 CI (0, 0).
TEST(MetaRandomEffects, IdenticalStudies) {
  const double y = std::log(4.0 / 9.0), v = 1.0 / 10 + 1.0 / 90 + 1.0 / 20 + 1.0 / 80;
  const std::vector<double> yi(3, y), vi(3, v);
  for (Tau2Method m : {Tau2Method::EqualEffects, Tau2Method::DerSimonianLaird, Tau2Method::SidikJonkman,
                       Tau2Method::REML, Tau2Method::PauleMandel}) {
    MetaAnalysisOptions o;
    o.method = m;
    const MetaAnalysisResult r = meta_analysis(yi, vi, o);
    const std::string what = tau2_method_name(m);
    EXPECT_NEAR(r.estimate, y, 1e-15) << what;
    EXPECT_NEAR(r.se, std::sqrt(v / 3.0), 1e-15) << what;
    expect_rel(r.se, 0.24056261216234401, what + " se (R)", 1e-13);
    EXPECT_EQ(r.tau2, 0.0) << what;
    EXPECT_NEAR(r.q, 0.0, 1e-28) << what;
    EXPECT_NEAR(r.q_p_value, 1.0, 1e-15) << what;
    EXPECT_EQ(r.i2, 0.0) << what;
    EXPECT_EQ(r.h2, m == Tau2Method::EqualEffects ? 0.0 : 1.0) << what;
    for (double w : r.weight_percent) EXPECT_NEAR(w, 100.0 / 3.0, 1e-12) << what;
    if (m == Tau2Method::EqualEffects) {
      EXPECT_TRUE(std::isnan(r.se_tau2));
      continue;
    }
    // At tau2 = 0 with equal v: tr P = 2 / v, sum(P o P) = 2 / v^2, so
    // DL: sqrt(2 (k-1)) / tr P = 2 / (2 / v) = v; REML: sqrt(2 / (2 / v^2)) = v;
    // PM: sqrt(2 k^2 / (k-1)) / (k / v) = sqrt(9) v / 3 = v; SJ: tau0 = 0 -> 0.
    EXPECT_NEAR(r.se_tau2, m == Tau2Method::SidikJonkman ? 0.0 : v, 1e-15) << what;
    expect_rel(r.se_tau2, m == Tau2Method::SidikJonkman ? 0.0 : 0.17361111111111113, what + " se.tau2 (R)",
               1e-13, 1e-300);
    EXPECT_NEAR(r.pi_lower, r.ci_lower, 1e-15) << what;
    const Tau2Interval ci = q_profile_tau2_ci(yi, vi, r.tau2);
    EXPECT_EQ(ci.tau2_lower, 0.0) << what;
    EXPECT_EQ(ci.tau2_upper, 0.0) << what;
    EXPECT_TRUE(ci.null_interval) << what;
    EXPECT_EQ(ci.i2_upper, 0.0) << what;
    EXPECT_EQ(ci.h2_upper, 1.0) << what;
  }
}

// One study (10/100 vs 20/100, yi = log(4/9), vi = 0.1736111111111111): as
// rma.uni, the pooled estimate is the study's, tau2 = 0 for every method
// with se.tau2 NA (NaN), Q = 0, p = 1, I^2 = 0, H^2 = 1; the prediction
// interval (not for EE) equals the CI.
// R: rma(yi, vi, data = escalc(measure = "OR", ai = 10, n1i = 100, ci = 20, n2i = 100), method = m):
//   beta = -0.81093021621632844, se = 0.41666666666666669,
//   predict(): pi.lb = -1.6275818764413508, pi.ub = 0.0057214440086940099 (DL, REML).
// confint() stops with "k = 1": q_profile_tau2_ci throws.
TEST(MetaRandomEffects, SingleStudy) {
  const std::vector<double> yi{std::log(4.0 / 9.0)}, vi{1.0 / 10 + 1.0 / 90 + 1.0 / 20 + 1.0 / 80};
  for (Tau2Method m : {Tau2Method::EqualEffects, Tau2Method::DerSimonianLaird, Tau2Method::SidikJonkman,
                       Tau2Method::REML, Tau2Method::PauleMandel}) {
    MetaAnalysisOptions o;
    o.method = m;
    const MetaAnalysisResult r = meta_analysis(yi, vi, o);
    const std::string what = tau2_method_name(m);
    expect_rel(r.estimate, -0.81093021621632844, what + " beta", 1e-14);
    expect_rel(r.se, 0.41666666666666669, what + " se", 1e-14);
    EXPECT_EQ(r.tau2, 0.0) << what;
    EXPECT_TRUE(std::isnan(r.se_tau2)) << what;
    EXPECT_EQ(r.q, 0.0) << what;
    EXPECT_EQ(r.q_df, 0.0) << what;
    EXPECT_EQ(r.q_p_value, 1.0) << what;
    EXPECT_EQ(r.i2, 0.0) << what;
    EXPECT_EQ(r.h2, 1.0) << what;
    EXPECT_EQ(r.weight_percent, std::vector<double>{100.0}) << what;
    if (m == Tau2Method::EqualEffects) {
      EXPECT_TRUE(std::isnan(r.pi_lower) && std::isnan(r.pi_upper));
    } else {
      expect_rel(r.pi_lower, -1.6275818764413508, what + " pi.lb", 1e-13);
      expect_rel(r.pi_upper, 0.0057214440086940099, what + " pi.ub", 1e-10);
    }
  }
  EXPECT_THROW(q_profile_tau2_ci(yi, vi, 0.0), std::invalid_argument);
  MetaAnalysisOptions kh;
  kh.knapp_hartung = true;
  const MetaAnalysisResult r = meta_analysis(yi, vi, kh);
  EXPECT_EQ(r.df, 0.0);
  EXPECT_TRUE(std::isnan(r.p_value) && std::isnan(r.ci_lower));
}

TEST(MetaRandomEffects, RejectsBadInput) {
  const std::vector<double> y{0.1, 0.2}, v{0.1, 0.2};
  EXPECT_THROW(meta_analysis({}, {}), std::invalid_argument);
  EXPECT_THROW(meta_analysis({0.1, 0.2}, {0.1}), std::invalid_argument);
  EXPECT_THROW(meta_analysis({0.1, 0.2}, {0.1, 0.0}), std::invalid_argument);
  EXPECT_THROW(meta_analysis({0.1, 0.2}, {0.1, -1.0}), std::invalid_argument);
  EXPECT_THROW(meta_analysis({kNaN, 0.2}, {0.1, 0.2}), std::invalid_argument);
  MetaAnalysisOptions o;
  o.conf_level = 0.0;
  EXPECT_THROW(meta_analysis(y, v, o), std::invalid_argument);
  EXPECT_THROW(tau2_dersimonian_laird({0.1}, {0.1}), std::invalid_argument);
  EXPECT_THROW(tau2_reml({0.1}, {0.1}), std::invalid_argument);
  EXPECT_THROW(q_profile_tau2_ci(y, v, -0.1), std::invalid_argument);
  EXPECT_THROW(q_profile_tau2_ci(y, v, 0.1, 1.5), std::invalid_argument);
}

}  // namespace
}  // namespace ps
