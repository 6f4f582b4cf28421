// The collective operations of a team of GPU lanes that evaluates one
// likelihood together -- the interface SerialGroup (models/serial_group.hpp)
// gives one thread:
//   size(), rank(), sync(),
//   segmented_prefix(part, has_head, carry)  -- exclusive segmented scan,
//   sum(value)                               -- sum over members,
//   log_of_product(LogProduct)               -- product over members, one log.
// written over a few exchange primitives so that the same algorithms run in
// the kernels (kernels/worker_groups.cuh supplies warp shuffles, shared
// memory and barriers) and, in the tests, on CPU threads that stand in for
// lanes (tests/support/thread_lanes.hpp).
//
// Every member of a team must return bit-identical values from
// segmented_prefix's carry and from log_of_product, because every member
// runs the same Metropolis chain redundantly and must take the same
// accept/reject decision. Hence reductions go to rank 0 and are then
// broadcast, never butterfly all-reduces (whose rounding differs by lane).
// Every member calls every exchange, in the same order: the control flow
// around them is the same for all members of a team.
#pragma once

#include "models/hd.hpp"
#include "models/log_product.hpp"

namespace ps {

// kLanes consecutive lanes of one warp (kLanes a power of two, 2..32).
// Lanes: rank() in [0, kLanes), sync(), and for T in {double, int}
//   up(v, offset)    -- v of rank - offset, own v where rank < offset;
//   down(v, offset)  -- v of rank + offset, own v where rank + offset >= kLanes;
//   from(v, source)  -- v of rank `source`.
template <int kLanes, class Lanes>
struct WarpTeamOf {
  static_assert(kLanes >= 2 && kLanes <= 32 && (kLanes & (kLanes - 1)) == 0, "a power of two up to 32");
  Lanes lanes;

  PS_HD int size() const { return kLanes; }
  PS_HD int rank() const { return lanes.rank(); }
  PS_HD void sync() const { lanes.sync(); }

  PS_HD double segmented_prefix(double part, bool has_head, double& carry) const {
    const int lane = lanes.rank();
    // Inclusive scan of (head, value) pairs: a later head discards what came before.
    double value = part;
    int head = has_head ? 1 : 0;
PS_UNROLL
    for (int offset = 1; offset < kLanes; offset <<= 1) {
      const double up_value = lanes.up(value, offset);
      const int up_head = lanes.up(head, offset);
      if (lane >= offset) {
        if (!head) value += up_value;
        head |= up_head;
      }
    }
    // Exclusive: the inclusive result of the member before, on top of carry.
    const double prev_value = lanes.up(value, 1);
    const int prev_head = lanes.up(head, 1);
    const double before = lane == 0 ? carry : (prev_head ? prev_value : carry + prev_value);
    const double last_value = lanes.from(value, kLanes - 1);
    const int last_head = lanes.from(head, kLanes - 1);
    carry = last_head ? last_value : carry + last_value;
    return before;
  }

  PS_HD double sum(double value) const {
    const int lane = lanes.rank();
PS_UNROLL
    for (int offset = kLanes / 2; offset > 0; offset >>= 1) {
      const double other = lanes.down(value, offset);
      if (lane < offset) value += other;
    }
    return lanes.from(value, 0);
  }

  PS_HD double log_of_product(const LogProduct& p) const {
    const int lane = lanes.rank();
    LogProduct acc = p;
    acc.renormalize();
PS_UNROLL
    for (int offset = kLanes / 2; offset > 0; offset >>= 1) {
      LogProduct other;
      other.mantissa = lanes.down(acc.mantissa, offset);
      other.exponent2 = lanes.down(acc.exponent2, offset);
      if (lane < offset) acc.multiply(other);
    }
    const double result = lane == 0 ? acc.log_value() : 0.0;
    return lanes.from(result, 0);
  }
};

// A whole thread block of whole warps (at most 32 of them), with scratch
// for the warps' partial results shared by the block: 32 doubles and 32 ints.
// Block: size() (threads), rank() (thread), sync() (the whole block), and
// within the rank's warp of 32 lanes, for T in {double, int},
//   warp_up(v, offset), warp_down(v, offset) (as WarpTeamOf's up and down);
// plus double* scratch_value and int* scratch_head.
template <class Block>
struct BlockTeamOf {
  Block block;

  PS_HD int size() const { return block.size(); }
  PS_HD int rank() const { return block.rank(); }
  PS_HD void sync() const { block.sync(); }

  PS_HD double segmented_prefix(double part, bool has_head, double& carry) const {
    const int lane = block.rank() % 32;
    const int warp = block.rank() / 32;
    const int warps = block.size() / 32;
    double* scratch_value = block.scratch_value;
    int* scratch_head = block.scratch_head;
    double value = part;
    int head = has_head ? 1 : 0;
    warp_inclusive_scan(value, head, lane);
    if (lane == 31) {
      scratch_value[warp] = value;
      scratch_head[warp] = head;
    }
    block.sync();
    if (warp == 0) {  // scan the warps' totals, carry folded in as element -1
      double w_value = lane < warps ? scratch_value[lane] : 0.0;
      int w_head = lane < warps ? scratch_head[lane] : 0;
      warp_inclusive_scan(w_value, w_head, lane);
      // Running value after warp `lane`, carry included.
      if (lane < warps) {
        scratch_value[lane] = w_head ? w_value : carry + w_value;
        scratch_head[lane] = 1;
      }
    }
    block.sync();
    // Running value before this warp, then before this lane.
    const double before_warp = warp == 0 ? carry : scratch_value[warp - 1];
    const double prev_value = block.warp_up(value, 1);
    const int prev_head = block.warp_up(head, 1);
    const double before = lane == 0 ? before_warp : (prev_head ? prev_value : before_warp + prev_value);
    carry = scratch_value[warps - 1];
    block.sync();  // everyone has read the scratch before it is reused
    return before;
  }

  // Inclusive segmented scan of (head, value) over the 32 lanes of the
  // caller's warp: a later head discards what came before.
  PS_HD void warp_inclusive_scan(double& value, int& head, int lane) const {
PS_UNROLL
    for (int offset = 1; offset < 32; offset <<= 1) {
      const double up_value = block.warp_up(value, offset);
      const int up_head = block.warp_up(head, offset);
      if (lane >= offset) {
        if (!head) value += up_value;
        head |= up_head;
      }
    }
  }

  PS_HD double sum(double value) const {
    const int lane = block.rank() % 32;
    const int warp = block.rank() / 32;
    const int warps = block.size() / 32;
PS_UNROLL
    for (int offset = 16; offset > 0; offset >>= 1) {
      const double other = block.warp_down(value, offset);
      if (lane < offset) value += other;
    }
    if (lane == 0) block.scratch_value[warp] = value;
    block.sync();
    if (block.rank() == 0) {
      double total = 0.0;
      for (int w = 0; w < warps; ++w) total += block.scratch_value[w];
      block.scratch_value[0] = total;
    }
    block.sync();
    const double result = block.scratch_value[0];
    block.sync();  // everyone has read it before the scratch is reused
    return result;
  }

  PS_HD double log_of_product(const LogProduct& p) const {
    const int lane = block.rank() % 32;
    const int warp = block.rank() / 32;
    const int warps = block.size() / 32;
    LogProduct acc = p;
    acc.renormalize();
PS_UNROLL
    for (int offset = 16; offset > 0; offset >>= 1) {
      LogProduct other;
      other.mantissa = block.warp_down(acc.mantissa, offset);
      other.exponent2 = block.warp_down(acc.exponent2, offset);
      if (lane < offset) acc.multiply(other);
    }
    if (lane == 0) {
      block.scratch_value[warp] = acc.mantissa;
      block.scratch_head[warp] = acc.exponent2;
    }
    block.sync();
    if (block.rank() == 0) {
      LogProduct total;
      for (int w = 0; w < warps; ++w) {
        LogProduct part;
        part.mantissa = block.scratch_value[w];
        part.exponent2 = block.scratch_head[w];
        total.multiply(part);
      }
      block.scratch_value[0] = total.log_value();
    }
    block.sync();
    const double result = block.scratch_value[0];
    block.sync();  // everyone has read it before the scratch is reused
    return result;
  }
};

}  // namespace ps
