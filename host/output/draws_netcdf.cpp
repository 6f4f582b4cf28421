#include "host/output/draws_netcdf.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <stdexcept>
#include <unistd.h>

#ifdef PRIORSWEEP_HAVE_NETCDF
#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "host/output/checkpoint.hpp"
#endif

namespace ps {

#ifndef PRIORSWEEP_HAVE_NETCDF

bool netcdf_available(std::string* why_not) {
  if (why_not) *why_not = "built without libnetcdf (install libnetcdf-dev and rebuild)";
  return false;
}

void write_draws_netcdf(const std::string&, const DrawsFileLayout&, const std::vector<std::string>&) {
  throw std::runtime_error("save_draws: this priorsweep was built without libnetcdf (install libnetcdf-dev and rebuild)");
}

void merge_draws_netcdf(const std::vector<std::string>&, const std::string&) {
  throw std::runtime_error("merge of draws.nc: this priorsweep was built without libnetcdf");
}

std::vector<double> read_posterior_draws(const std::string&, const std::string&, size_t) { return {}; }

#else

namespace {

namespace fs = std::filesystem;

void check(int status, const std::string& what) {
  if (status != NC_NOERR) throw std::runtime_error(fmt::format("netCDF: {}: {}", what, nc_strerror(status)));
}

// A netCDF file open for the duration of a scope.
class NcFile {
 public:
  NcFile(const std::string& path, bool create) : path_(path) {
    check(create ? nc_create(path.c_str(), NC_NETCDF4 | NC_CLOBBER, &id_) : nc_open(path.c_str(), NC_NOWRITE, &id_),
          path);
  }
  ~NcFile() {
    if (id_ >= 0) nc_close(id_);
  }
  void close() {
    check(nc_close(id_), path_);
    id_ = -1;
  }
  int id() const { return id_; }

 private:
  std::string path_;
  int id_ = -1;
};

void put_text_attribute(int group, int var, const char* name, const std::string& value) {
  check(nc_put_att_text(group, var, name, value.size(), value.c_str()), name);
}

// The dims of one group and its coordinate variables.
struct GroupDims {
  int group = -1, chain = -1, draw = -1, prior = -1;
};

GroupDims define_group(int file, const char* name, const DrawsFileLayout& l, bool with_draw) {
  GroupDims g;
  check(nc_def_grp(file, name, &g.group), name);
  const size_t n_priors = l.prior_ids.size();
  check(nc_def_dim(g.group, "chain", l.chains, &g.chain), "chain");
  if (with_draw) check(nc_def_dim(g.group, "draw", l.draws, &g.draw), "draw");
  check(nc_def_dim(g.group, "prior", n_priors, &g.prior), "prior");
  return g;
}

// Coordinates chain, draw, prior and the prior's parameters along prior.
void write_coordinates(const GroupDims& g, const DrawsFileLayout& l) {
  const int group = g.group;
  int var = -1;
  std::vector<long long> chains(l.chains), draws(l.draws), priors(l.prior_ids.begin(), l.prior_ids.end());
  for (int c = 0; c < l.chains; ++c) chains[c] = c;
  for (int t = 0; t < l.draws; ++t) draws[t] = t;
  check(nc_def_var(group, "chain", NC_INT64, 1, &g.chain, &var), "chain");
  check(nc_put_var_longlong(group, var, chains.data()), "chain");
  if (g.draw >= 0) {
    check(nc_def_var(group, "draw", NC_INT64, 1, &g.draw, &var), "draw");
    check(nc_put_var_longlong(group, var, draws.data()), "draw");
  }
  check(nc_def_var(group, "prior", NC_INT64, 1, &g.prior, &var), "prior");
  put_text_attribute(group, var, "long_name", "prior_id of summary.csv");
  check(nc_put_var_longlong(group, var, priors.data()), "prior");
  const PriorGrid& grid = *l.grid;
  std::vector<const char*> family, label;
  for (size_t id : l.prior_ids) {
    family.push_back(grid.points[id].family.c_str());
    label.push_back(grid.points[id].label.c_str());
  }
  check(nc_def_var(group, "prior_family", NC_STRING, 1, &g.prior, &var), "prior_family");
  check(nc_put_var_string(group, var, family.data()), "prior_family");
  if (grid.has_labels()) {
    check(nc_def_var(group, "prior_label", NC_STRING, 1, &g.prior, &var), "prior_label");
    check(nc_put_var_string(group, var, label.data()), "prior_label");
  }
  for (size_t j = 0; j < grid.param_names.size(); ++j) {
    std::vector<double> values;
    for (size_t id : l.prior_ids) values.push_back(grid.points[id].param_values[j]);
    const std::string name = "prior_" + grid.param_names[j];
    check(nc_def_var(group, name.c_str(), NC_DOUBLE, 1, &g.prior, &var), name);
    check(nc_put_var_double(group, var, values.data()), name);
  }
}

// The CF "coordinates" attribute that makes xarray read the prior's
// parameters as coordinates along prior of every variable.
std::string coordinate_list(const DrawsFileLayout& l) {
  std::string list = "prior_family";
  if (l.grid->has_labels()) list += " prior_label";
  for (const auto& name : l.grid->param_names) list += " prior_" + name;
  return list;
}

std::string temporary_of(const std::string& path) { return fmt::format("{}.tmp-{}", path, getpid()); }

}  // namespace

bool netcdf_available(std::string*) { return true; }

void write_draws_netcdf(const std::string& path, const DrawsFileLayout& l, const std::vector<std::string>& chunk_files) {
  const std::string tmp = temporary_of(path);
  {
    NcFile file(tmp, true);
    put_text_attribute(file.id(), NC_GLOBAL, "created_by", std::string("priorsweep ") + PRIORSWEEP_VERSION);
    put_text_attribute(file.id(), NC_GLOBAL, "inference_library", "priorsweep");
    put_text_attribute(file.id(), NC_GLOBAL, "inference_library_version", PRIORSWEEP_VERSION);
    put_text_attribute(file.id(), NC_GLOBAL, "analysis", l.analysis);
    put_text_attribute(file.id(), NC_GLOBAL, "model", l.model);

    const GroupDims post = define_group(file.id(), "posterior", l, true);
    write_coordinates(post, l);
    std::vector<int> term_vars;
    const int dims[3] = {post.chain, post.draw, post.prior};
    const size_t chunk[3] = {static_cast<size_t>(l.chains), static_cast<size_t>(l.draws), 1};
    for (size_t k = 0; k < l.term_names.size(); ++k) {
      int var = -1;
      check(nc_def_var(post.group, l.term_names[k].c_str(), NC_DOUBLE, 3, dims, &var), l.term_names[k]);
      check(nc_def_var_chunking(post.group, var, NC_CHUNKED, chunk), l.term_names[k]);
      put_text_attribute(post.group, var, "scale", "log");
      put_text_attribute(post.group, var, "reported_as", "exp: the " + l.term_scales[k] + " of summary.csv");
      put_text_attribute(post.group, var, "coordinates", coordinate_list(l));
      term_vars.push_back(var);
    }
    const GroupDims stats = define_group(file.id(), "sample_stats", l, false);
    write_coordinates(stats, l);
    const int stat_dims[2] = {stats.chain, stats.prior};
    int accept = -1, step = -1, mixing = -1;
    check(nc_def_var(stats.group, "acceptance_rate", NC_DOUBLE, 2, stat_dims, &accept), "acceptance_rate");
    put_text_attribute(stats.group, accept, "long_name", "mean Metropolis acceptance probability of the kept draws");
    put_text_attribute(stats.group, accept, "coordinates", coordinate_list(l));
    check(nc_def_var(stats.group, "step_size", NC_DOUBLE, 2, stat_dims, &step), "step_size");
    put_text_attribute(stats.group, step, "coordinates", coordinate_list(l));
    put_text_attribute(stats.group, step, "long_name", "the random walk's proposal scale s after warmup (u + s z)");
    check(nc_def_var(stats.group, "independence_probability", NC_DOUBLE, 2, stat_dims, &mixing),
          "independence_probability");
    put_text_attribute(stats.group, mixing, "coordinates", coordinate_list(l));
    put_text_attribute(stats.group, mixing, "long_name",
                       "share of the kept draws' steps that were Laplace independence proposals (0: random walk alone)");

    // Each prior's place along the prior dim; a prior found in two chunk files
    // (a chunk run again after a kill) has the same draws in both.
    std::map<size_t, size_t> position;
    for (size_t i = 0; i < l.prior_ids.size(); ++i) position[l.prior_ids[i]] = i;
    std::vector<bool> written(l.prior_ids.size(), false);
    const size_t per_term = static_cast<size_t>(l.chains) * l.draws;
    for (const std::string& chunk_file : chunk_files) {
      const ChunkDraws d = read_chunk_draws(chunk_file);
      if (d.terms != static_cast<int>(l.term_names.size()) || d.chains != l.chains || d.draws != l.draws)
        throw std::runtime_error(chunk_file + ": draws of another shape than the analysis's");
      for (size_t p = 0; p < d.prior_ids.size(); ++p) {
        const auto at = position.find(d.prior_ids[p]);
        if (at == position.end() || written[at->second]) continue;
        const size_t i = at->second;
        for (int k = 0; k < d.terms; ++k) {
          const size_t start[3] = {0, 0, i};
          const size_t count[3] = {static_cast<size_t>(l.chains), static_cast<size_t>(l.draws), 1};
          check(nc_put_vara_double(post.group, term_vars[k], start, count, &d.values[(p * d.terms + k) * per_term]),
                l.term_names[k]);
        }
        const size_t start[2] = {0, i};
        const size_t count[2] = {static_cast<size_t>(l.chains), 1};
        check(nc_put_vara_double(stats.group, accept, start, count, &d.accept_rate[p * d.chains]), "acceptance_rate");
        check(nc_put_vara_double(stats.group, step, start, count, &d.step_scale[p * d.chains]), "step_size");
        check(nc_put_vara_double(stats.group, mixing, start, count, &d.independence_probability[p * d.chains]),
              "independence_probability");
        written[i] = true;
      }
    }
    for (size_t i = 0; i < written.size(); ++i)
      if (!written[i]) throw std::runtime_error(fmt::format("draws of prior {} missing from the checkpoint", l.prior_ids[i]));
    file.close();
  }
  fs::rename(tmp, path);
}

namespace {

// Copies every attribute of (from, var) to (to, var_to).
void copy_attributes(int from, int var, int to, int var_to) {
  int n = 0;
  check(var == NC_GLOBAL ? nc_inq_natts(from, &n) : nc_inq_varnatts(from, var, &n), "attributes");
  for (int a = 0; a < n; ++a) {
    char name[NC_MAX_NAME + 1];
    check(nc_inq_attname(from, var, a, name), "attribute");
    check(nc_copy_att(from, var, name, to, var_to), name);
  }
}

// Values of one variable between positions [begin, begin + count) of its
// last dimension (`prior`), or all of it for a variable without it.
struct Slab {
  std::vector<size_t> start, count;
  size_t elements = 1;
};

Slab prior_slab(const std::vector<size_t>& shape, bool along_prior, size_t begin, size_t count) {
  Slab s;
  s.start.assign(shape.size(), 0);
  s.count = shape;
  if (along_prior) {
    s.start.back() = begin;
    s.count.back() = count;
  }
  for (size_t c : s.count) s.elements *= c;
  return s;
}

void copy_slab(int from_group, int from_var, const Slab& from, int to_group, int to_var, const Slab& to, nc_type type) {
  if (type == NC_STRING) {
    std::vector<char*> values(from.elements, nullptr);
    check(nc_get_vara_string(from_group, from_var, from.start.data(), from.count.data(), values.data()), "read");
    const int status = nc_put_vara_string(to_group, to_var, to.start.data(), to.count.data(),
                                          const_cast<const char**>(values.data()));
    nc_free_string(values.size(), values.data());
    check(status, "write");
    return;
  }
  size_t size = 0;
  check(nc_inq_type(from_group, type, nullptr, &size), "type");
  std::vector<unsigned char> buffer(from.elements * size);
  check(nc_get_vara(from_group, from_var, from.start.data(), from.count.data(), buffer.data()), "read");
  check(nc_put_vara(to_group, to_var, to.start.data(), to.count.data(), buffer.data()), "write");
}

}  // namespace

void merge_draws_netcdf(const std::vector<std::string>& inputs, const std::string& path) {
  if (inputs.empty()) throw std::invalid_argument("merge_draws_netcdf: no inputs");
  std::vector<std::unique_ptr<NcFile>> files;
  for (const auto& in : inputs) files.push_back(std::make_unique<NcFile>(in, false));
  const std::string tmp = temporary_of(path);
  {
    NcFile out(tmp, true);
    copy_attributes(files[0]->id(), NC_GLOBAL, out.id(), NC_GLOBAL);
    for (const char* group_name : {"posterior", "sample_stats"}) {
      std::vector<int> groups;
      std::vector<size_t> priors;  // per input
      for (const auto& f : files) {
        int g = -1, dim = -1;
        size_t n = 0;
        check(nc_inq_grp_ncid(f->id(), group_name, &g), group_name);
        check(nc_inq_dimid(g, "prior", &dim), "prior");
        check(nc_inq_dimlen(g, dim, &n), "prior");
        groups.push_back(g);
        priors.push_back(n);
      }
      size_t total = 0;
      for (size_t n : priors) total += n;
      int out_group = -1;
      check(nc_def_grp(out.id(), group_name, &out_group), group_name);
      // Dims as the first input's, prior as the sum.
      int n_dims = 0;
      check(nc_inq_ndims(groups[0], &n_dims), "dims");
      std::vector<int> dim_ids(n_dims);
      check(nc_inq_dimids(groups[0], &n_dims, dim_ids.data(), 0), "dims");
      std::map<int, int> dim_map;
      std::map<int, size_t> dim_len;
      int prior_dim_in = -1;
      for (int d : dim_ids) {
        char name[NC_MAX_NAME + 1];
        size_t len = 0;
        check(nc_inq_dim(groups[0], d, name, &len), "dim");
        const bool prior = std::string(name) == "prior";
        if (prior) prior_dim_in = d;
        int out_dim = -1;
        check(nc_def_dim(out_group, name, prior ? total : len, &out_dim), name);
        dim_map[d] = out_dim;
        dim_len[d] = len;
      }
      int n_vars = 0;
      check(nc_inq_nvars(groups[0], &n_vars), "variables");
      for (int v = 0; v < n_vars; ++v) {
        char name[NC_MAX_NAME + 1];
        nc_type type;
        int ndims = 0;
        int vdims[NC_MAX_VAR_DIMS];
        check(nc_inq_var(groups[0], v, name, &type, &ndims, vdims, nullptr), "variable");
        std::vector<int> out_dims;
        std::vector<size_t> shape;
        for (int j = 0; j < ndims; ++j) {
          out_dims.push_back(dim_map.at(vdims[j]));
          shape.push_back(dim_len.at(vdims[j]));
        }
        int out_var = -1;
        check(nc_def_var(out_group, name, type, ndims, out_dims.data(), &out_var), name);
        int storage = 0;
        std::vector<size_t> chunking(std::max(ndims, 1));
        check(nc_inq_var_chunking(groups[0], v, &storage, chunking.data()), name);
        if (storage == NC_CHUNKED) check(nc_def_var_chunking(out_group, out_var, NC_CHUNKED, chunking.data()), name);
        copy_attributes(groups[0], v, out_group, out_var);
        const bool along_prior = ndims > 0 && vdims[ndims - 1] == prior_dim_in;
        if (!along_prior) {
          const Slab all = prior_slab(shape, false, 0, 0);
          copy_slab(groups[0], v, all, out_group, out_var, all, type);
          continue;
        }
        size_t offset = 0;
        for (size_t i = 0; i < files.size(); ++i) {
          int in_var = -1;
          check(nc_inq_varid(groups[i], name, &in_var), name);
          for (size_t p = 0; p < priors[i]; ++p) {  // one prior at a time: bounded memory
            copy_slab(groups[i], in_var, prior_slab(shape, true, p, 1), out_group, out_var,
                      prior_slab(shape, true, offset + p, 1), type);
          }
          offset += priors[i];
        }
      }
    }
    out.close();
  }
  fs::rename(tmp, path);
}

std::vector<double> read_posterior_draws(const std::string& path, const std::string& term, size_t prior_id) {
  if (!fs::exists(path)) return {};
  int file = -1;
  if (nc_open(path.c_str(), NC_NOWRITE, &file) != NC_NOERR) return {};
  std::vector<double> values;
  int group = -1, var = -1, prior_var = -1, dims[3] = {-1, -1, -1};
  size_t chains = 0, draws = 0, priors = 0;
  if (nc_inq_grp_ncid(file, "posterior", &group) == NC_NOERR && nc_inq_varid(group, term.c_str(), &var) == NC_NOERR &&
      nc_inq_vardimid(group, var, dims) == NC_NOERR && nc_inq_dimlen(group, dims[0], &chains) == NC_NOERR &&
      nc_inq_dimlen(group, dims[1], &draws) == NC_NOERR && nc_inq_dimlen(group, dims[2], &priors) == NC_NOERR &&
      nc_inq_varid(group, "prior", &prior_var) == NC_NOERR) {
    std::vector<long long> ids(priors);
    if (nc_get_var_longlong(group, prior_var, ids.data()) == NC_NOERR) {
      const auto at = std::find(ids.begin(), ids.end(), static_cast<long long>(prior_id));
      if (at != ids.end()) {
        const size_t start[3] = {0, 0, static_cast<size_t>(at - ids.begin())};
        const size_t count[3] = {chains, draws, 1};
        values.resize(chains * draws);
        if (nc_get_vara_double(group, var, start, count, values.data()) != NC_NOERR) values.clear();
      }
    }
  }
  nc_close(file);
  return values;
}

#endif

}  // namespace ps
