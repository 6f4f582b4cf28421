// Which Metropolis kernel the chains run (models/metropolis.hpp); its own
// header so that the configuration can name it without the sampler.
#pragma once

namespace ps {

enum class SamplerKind : int {
  rwm = 0,      // random-walk Metropolis alone
  mixture = 1,  // random walk mixed with the Laplace independence proposal
};

}  // namespace ps
