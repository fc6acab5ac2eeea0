#include "exporter/statistics/snapshot.h"

namespace five9exp {

void SnapshotStore::Publish(std::shared_ptr<const DomainSnapshot> snapshot) {
  std::lock_guard lock(mutex_);
  domains_[snapshot->domain] = std::move(snapshot);
  ++generation_;
}

void SnapshotStore::Remove(const std::string& domain) {
  std::lock_guard lock(mutex_);
  domains_.erase(domain);
  ++generation_;
}

std::shared_ptr<const DomainSnapshot> SnapshotStore::Get(const std::string& domain) const {
  std::lock_guard lock(mutex_);
  auto it = domains_.find(domain);
  return it == domains_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const DomainSnapshot>> SnapshotStore::GetAll() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<const DomainSnapshot>> out;
  out.reserve(domains_.size());
  for (const auto& [name, snapshot] : domains_) out.push_back(snapshot);
  return out;
}

uint64_t SnapshotStore::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

}  // namespace five9exp
