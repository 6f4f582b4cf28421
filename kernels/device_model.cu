// Upload of a model's arrays into one device allocation. The model is read by
// every chain of every prior, so it is copied once per sweep and shared; the
// arrays are read-only while kernels run, so loads go through the read-only
// data cache (load_readonly in models/).
#include <cuda_runtime.h>

#include <utility>
#include <vector>

#include "kernels/cuda_check.cuh"
#include "kernels/sweep.hpp"

namespace ps::gpu {

namespace {

// Collects the host arrays of a view, then copies them into one block with
// every array on its own 256-byte boundary (the cudaMalloc alignment), and
// redirects the view's pointers to the copies.
class BlockUpload {
 public:
  template <class T>
  void add(const T*& pointer, size_t count) {
    arrays_.push_back({reinterpret_cast<const void**>(const_cast<const T**>(&pointer)), count * sizeof(T)});
  }

  // Returns the allocation (owned by the caller).
  void* upload(size_t& bytes) {
    std::vector<size_t> offsets;
    bytes = 0;
    for (const auto& a : arrays_) {
      offsets.push_back(bytes);
      bytes = (bytes + a.bytes + 255) / 256 * 256;
    }
    bytes = std::max<size_t>(bytes, 256);
    void* block = nullptr;
    CUDA_CHECK(cudaMalloc(&block, bytes));
    try {
      for (size_t i = 0; i < arrays_.size(); ++i) {
        const Array& a = arrays_[i];
        void* device = static_cast<char*>(block) + offsets[i];
        if (a.bytes > 0) CUDA_CHECK(cudaMemcpy(device, *a.pointer, a.bytes, cudaMemcpyHostToDevice));
        *a.pointer = a.bytes > 0 ? device : nullptr;
      }
    } catch (...) {
      cudaFree(block);
      throw;
    }
    return block;
  }

 private:
  struct Array {
    const void** pointer;  // the view's field, redirected after the copy
    size_t bytes;
  };
  std::vector<Array> arrays_;
};

void collect_arrays(BlockUpload& up, CoxPosterior& m) {
  CoxSamplingView& v = m.likelihood;
  const size_t n = static_cast<size_t>(v.n);
  up.add(v.columns, static_cast<size_t>(v.n_columns) * n);
  up.add(v.factor_slot, static_cast<size_t>(v.n_factors) * n);
  up.add(v.patient_code, n);
  up.add(v.event_design_sum, static_cast<size_t>(v.dim));
}

void collect_arrays(BlockUpload& up, OrdinalPosterior& m) {
  OrdinalView& v = m.likelihood;
  const size_t n = static_cast<size_t>(v.n);
  up.add(v.treatment, n);
  up.add(v.numeric, static_cast<size_t>(v.n_numeric) * n);
  up.add(v.factor_param, static_cast<size_t>(v.n_factors) * n);
  up.add(v.category, n);
}

void collect_arrays(BlockUpload& up, OrdinalLongitudinalPosterior& m) {
  OrdinalLongitudinalView& v = m.likelihood;
  PredictorColumns& p = v.predictors;
  const size_t n = static_cast<size_t>(p.n);
  up.add(p.treatment, n);
  up.add(p.numeric, static_cast<size_t>(p.n_numeric) * n);
  up.add(p.factor_param, static_cast<size_t>(p.n_factors) * n);
  up.add(v.category, n);
  up.add(v.first_observation, static_cast<size_t>(v.n_patients) + 1);
  up.add(v.node, static_cast<size_t>(v.n_nodes));
  up.add(v.log_weight, static_cast<size_t>(v.n_nodes));
}

void collect_arrays(BlockUpload& up, MetaBinomialNormalPosterior& m) {
  BinomialNormalView& v = m.likelihood;
  const size_t k = static_cast<size_t>(v.n_studies);
  up.add(v.events_treatment, k);
  up.add(v.total_treatment, k);
  up.add(v.events_control, k);
  up.add(v.total_control, k);
  up.add(v.node, static_cast<size_t>(v.n_nodes));
  up.add(v.log_weight, static_cast<size_t>(v.n_nodes));
}

}  // namespace

DeviceSweepModel::DeviceSweepModel(const SweepModel& host_model) : model_(host_model) {
  BlockUpload up;
  std::visit([&up](auto& m) { collect_arrays(up, m); }, model_);
  block_ = up.upload(bytes_);
}

DeviceSweepModel::~DeviceSweepModel() {
  if (block_ != nullptr) cudaFree(block_);
}

}  // namespace ps::gpu
