// Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari & Gelman
// 2018, "Validating Bayesian inference algorithms with simulation-based
// calibration"), the part every SBC test shares. A test draws the parameters
// from the prior, simulates data from them, samples the posterior with that
// same prior, and records the rank of each true value among the posterior
// draws. If the likelihood, the prior (with every Jacobian) and the sampler
// agree, the true value is one more draw from the posterior, so its rank is
// uniform; a wrong sign, a missing Jacobian or a biased sampler piles the ranks
// up at the ends or in the middle.
//
// The statistic: the ranks binned into 10 equal bins, Pearson's chi-square
// against equal counts, 9 degrees of freedom. The threshold: p > 0.001
// (kSbcMinPValue). The seeds are fixed, so a test passes or fails the same way
// on every run; 0.001 keeps the chance that a correct sampler is flagged for
// a given choice of seed negligible, while the defects SBC is there for give
// p-values many orders of magnitude smaller with the few hundred replications
// these tests run (>= 20 expected per bin, where the chi-square approximation
// holds).
#pragma once

#include <boost/math/distributions/chi_squared.hpp>
#include <cstddef>
#include <string>
#include <vector>

namespace ps::test_support {

inline constexpr double kSbcMinPValue = 0.001;

// The rank of `truth` among `kept` draws taken every draws.size() / kept from
// the (chain-major) draws: how many lie below it, 0 .. kept. The thinning
// stride must exceed the chains' autocorrelation time, so that the kept draws
// are close to independent (autocorrelated draws make the ranks too extreme).
inline int sbc_rank(const std::vector<double>& draws, int kept, double truth) {
  const std::size_t stride = draws.size() / kept;
  int rank = 0;
  for (int k = 0; k < kept; ++k) rank += draws[k * stride] < truth;
  return rank;
}

// Ranks 0 .. kept in 10 bins; kept + 1 a multiple of 10 makes them equal.
class SbcRanks {
 public:
  explicit SbcRanks(int kept) : kept_(kept), counts_(10, 0) {}

  void add(int rank) {
    ++counts_[rank * 10 / (kept_ + 1)];
    ++replications_;
  }

  double chi_square() const {
    const double expected = replications_ / 10.0;
    double chi2 = 0.0;
    for (int b : counts_) chi2 += (b - expected) * (b - expected) / expected;
    return chi2;
  }

  double p_value() const {
    return boost::math::cdf(boost::math::complement(boost::math::chi_squared(9), chi_square()));
  }

  // For the failure message: "rank histogram: 19 18 ... 21  chi2 13.6".
  std::string describe() const {
    std::string hist;
    for (int b : counts_) hist += std::to_string(b) + " ";
    return "rank histogram: " + hist + " chi2 " + std::to_string(chi_square());
  }

  const std::vector<int>& counts() const { return counts_; }

 private:
  int kept_;
  std::vector<int> counts_;
  int replications_ = 0;
};

}  // namespace ps::test_support
