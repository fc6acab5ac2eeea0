#include "bench/bench_fixture.h"

namespace five9exp::bench {

LargeDomain& SharedLargeDomain() {
  // Intentionally leaked: destroying 350,000 cells at exit only costs time.
  static LargeDomain* domain = new LargeDomain(LargeDomainSpec{});
  return *domain;
}

std::vector<DomainConfig> LargeDomainConfigs() {
  DomainConfig config;
  config.name = LargeDomainSpec{}.domain;
  return {config};
}

}  // namespace five9exp::bench
