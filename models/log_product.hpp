// The logarithm of a long product of positive doubles, kept as mantissa x 2^e
// so that it neither overflows nor underflows, with one log at the very end.
//
// The Cox partial likelihood needs one log per event (log of the risk-set
// total). Multiplying the totals instead and taking a single log costs one
// double multiply per event and is *more* accurate than a log per event in
// single precision: each multiply rounds by at most half an ulp (1.1e-16
// relative), so k factors carry a relative error of about sqrt(k) * 1e-16.
#pragma once

#include "models/hd.hpp"

namespace ps {

struct LogProduct {
  double mantissa = 1.0;
  int exponent2 = 0;  // the product is mantissa * 2^exponent2

  PS_HD void multiply(double x) {
    mantissa *= x;
    // Renormalise rarely: only when the mantissa leaves [2^-500, 2^500]
    // (also catches 0, inf and NaN, which frexp passes through unchanged).
    if (!(mantissa < 0x1p+500 && mantissa > 0x1p-500)) renormalize();
  }

  PS_HD void renormalize() {
    int e = 0;
    mantissa = frexp(mantissa, &e);
    exponent2 += e;
  }

  // Product of two accumulators (for combining the partial products of the
  // workers that evaluate one likelihood together).
  PS_HD void multiply(const LogProduct& other) {
    mantissa *= other.mantissa;
    exponent2 += other.exponent2;
    renormalize();
  }

  PS_HD double log_value() const { return log(mantissa) + exponent2 * 0.69314718055994530942; }
};

}  // namespace ps
