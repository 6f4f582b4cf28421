// The group of workers that evaluates one likelihood, in its simplest form:
// one thread. Likelihoods in models/ are written against this interface --
//   size(), rank(), sync(), segmented_prefix(), sum(), log_of_product() --
// so that the GPU kernels can substitute a team of lanes (kernels/
// worker_groups.cuh) and split one evaluation between them.
#pragma once

#include "models/hd.hpp"
#include "models/log_product.hpp"

namespace ps {

struct SerialGroup {
  PS_HD int size() const { return 1; }
  PS_HD int rank() const { return 0; }
  PS_HD void sync() const {}
  // Segmented prefix over the members' stretches in rank order. A member
  // passes the sum of its stretch since the last segment head in it (`part`)
  // and whether the stretch holds a head; it gets back the running value just
  // before its stretch. `carry` enters as the running value before the first
  // member and leaves as the value after the last, the same in every member.
  PS_HD double segmented_prefix(double part, bool has_head, double& carry) const {
    const double before = carry;
    carry = has_head ? part : carry + part;
    return before;
  }
  // Sum over members, the same value in all members.
  PS_HD double sum(double value) const { return value; }
  // log of the product of every member's accumulator, the same in all members.
  PS_HD double log_of_product(const LogProduct& p) const { return p.log_value(); }
};

}  // namespace ps
