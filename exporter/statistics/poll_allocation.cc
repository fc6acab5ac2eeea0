#include "exporter/statistics/poll_allocation.h"

#include <algorithm>
#include <cmath>

namespace five9exp {

std::vector<double> AllocatePollShares(const std::vector<PollClaim>& claims, double min_share) {
  std::vector<double> shares(claims.size(), 0);
  double total_weight = 0;
  for (const PollClaim& claim : claims) total_weight += std::max(claim.weight, 1e-9);
  if (claims.empty()) return shares;

  double auto_share = 0;  // what the auto types share between them
  std::vector<size_t> autos;
  for (size_t i = 0; i < claims.size(); ++i) {
    const double nominal = std::max(claims[i].weight, 1e-9) / total_weight;
    if (claims[i].auto_weight) {
      auto_share += nominal;
      autos.push_back(i);
    } else {
      shares[i] = nominal;
    }
  }
  if (autos.empty()) return shares;

  // Floors first; if they alone exceed the auto types' share, scale them down to fit.
  std::vector<double> floor(claims.size(), 0), score(claims.size(), 0);
  double floors = 0;
  for (size_t i : autos) {
    const double nominal = std::max(claims[i].weight, 1e-9) / total_weight;
    floor[i] = std::max(kAutoGuaranteedFraction * nominal, min_share);
    score[i] =
        std::sqrt(std::max(claims[i].weight, 1e-9) * std::max(claims[i].changes_per_second, 0.0));
    floors += floor[i];
  }
  if (floors >= auto_share) {
    for (size_t i : autos) shares[i] = floor[i] * auto_share / floors;
    return shares;
  }
  // Water-filling: share = max(floor, c x score), with c chosen so the shares sum to
  // auto_share. Types whose floor binds leave the pool; repeat until none changes (at most
  // one round per type).
  std::vector<bool> bound(claims.size(), false);
  double c = 0;
  for (size_t round = 0; round <= autos.size(); ++round) {
    double rest = auto_share, scores = 0;
    for (size_t i : autos) {
      if (bound[i]) {
        rest -= floor[i];
      } else {
        scores += score[i];
      }
    }
    c = scores > 0 ? rest / scores : 0;
    bool changed = false;
    for (size_t i : autos) {
      if (!bound[i] && (scores <= 0 || c * score[i] < floor[i])) {
        bound[i] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  double sum = 0;
  for (size_t i : autos) {
    shares[i] = bound[i] ? floor[i] : c * score[i];
    sum += shares[i];
  }
  // Every type bound (all silent): the leftover goes by the floors.
  if (sum > 0 && sum != auto_share) {
    for (size_t i : autos) shares[i] *= auto_share / sum;
  }
  return shares;
}

}  // namespace five9exp
