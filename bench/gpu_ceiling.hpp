// The hardware ceiling every GPU benchmark reports against (DESIGN.md,
// Performance), probed once per program on the device in use, so figures
// are "achieved / ceiling" measured in the same run.
#pragma once

#ifdef PRIORSWEEP_HAVE_CUDA
#include <benchmark/benchmark.h>

#include "kernels/device_probe.hpp"

namespace ps::bench {

inline const gpu::SpecialFunctionRates& probed_special_function_rates() {
  static const gpu::SpecialFunctionRates rates = gpu::probe_special_function_rates();
  return rates;
}

// Two counters, both fractions:
//  ceiling_fraction: against DESIGN.md's ceiling, one special-function call
//    per patient plus one per event at the raw unit's rate (__expf);
//  expf_fraction: against the sampling form's own cost, one full-accuracy
//    expf per patient and no log (the logs became one product, models/
//    cox_sampling.hpp), so it can exceed ceiling_fraction's limit.
inline void report_ceilings(benchmark::State& state, double patient_evaluations, double event_fraction) {
  const gpu::SpecialFunctionRates& r = probed_special_function_rates();
  const double design_ceiling = r.fast_expf_per_s / (1.0 + event_fraction);
  state.counters["ceiling_fraction"] = benchmark::Counter(patient_evaluations / design_ceiling, benchmark::Counter::kIsRate);
  state.counters["expf_fraction"] = benchmark::Counter(patient_evaluations / r.expf_per_s, benchmark::Counter::kIsRate);
  state.counters["probe_fast_expf_per_s"] = r.fast_expf_per_s;
  state.counters["probe_expf_per_s"] = r.expf_per_s;
}

}  // namespace ps::bench
#endif
