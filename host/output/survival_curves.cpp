#include "host/output/survival_curves.hpp"

#include <cmath>
#include <sstream>

#include "host/config/config.hpp"  // format_number

namespace ps {

KaplanMeierCurve arm_kaplan_meier(const CoxInput& in, int arm) {
  std::vector<double> time;
  std::vector<int> event;
  for (size_t i = 0; i < in.time.size(); ++i)
    if (in.treatment[i] == arm) {
      time.push_back(in.time[i]);
      event.push_back(in.event[i]);
    }
  return kaplan_meier(time, event);
}

std::string survival_curves_csv(const CoxInput& input) {
  const auto num = [](double x) { return std::isfinite(x) ? format_number(x) : std::string("NA"); };
  std::ostringstream out;
  out << "arm,time,n_risk,n_event,n_censor,survival,lower95,upper95\n";
  for (int arm : {1, 0}) {
    const KaplanMeierCurve c = arm_kaplan_meier(input, arm);
    const char* name = arm == 1 ? "treatment" : "control";
    out << name << ",0," << (c.n_risk.empty() ? 0 : c.n_risk.front()) << ",0,0,1,1,1\n";
    for (size_t j = 0; j < c.time.size(); ++j)
      out << name << "," << num(c.time[j]) << "," << c.n_risk[j] << "," << c.n_event[j] << "," << c.n_censor[j] << ","
          << num(c.surv[j]) << "," << num(c.lower[j]) << "," << num(c.upper[j]) << "\n";
  }
  return out.str();
}

}  // namespace ps
