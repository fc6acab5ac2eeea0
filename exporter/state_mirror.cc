#include "exporter/state_mirror.h"

#include <vector>

#include "exporter/common/log.h"

namespace five9exp {

StateMirror::StateMirror(PeerStateClientOptions options, Clock& clock,
                         std::chrono::milliseconds interval)
    : options_(std::move(options)), clock_(clock), interval_(interval) {}

StateMirror::~StateMirror() { Stop(); }

void StateMirror::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void StateMirror::Stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

void StateMirror::SetSource(const std::string& domain, const std::string& url) {
  std::lock_guard lock(mutex_);
  Source& source = sources_[domain];
  if (!url.empty()) source.url = url;
  source.paused = false;
}

void StateMirror::Pause(const std::string& domain) {
  std::lock_guard lock(mutex_);
  sources_[domain].paused = true;
}

std::optional<StateMirror::Entry> StateMirror::Latest(const std::string& domain) const {
  std::lock_guard lock(mutex_);
  auto it = sources_.find(domain);
  if (it == sources_.end()) return std::nullopt;
  return it->second.entry;
}

void StateMirror::FetchNow(const std::string& domain) { FetchOne(domain, std::stop_token{}); }

void StateMirror::FetchOne(const std::string& domain, std::stop_token stop) {
  std::string url;
  std::string etag;
  {
    std::lock_guard lock(mutex_);
    auto it = sources_.find(domain);
    if (it == sources_.end() || it->second.url.empty()) return;
    url = it->second.url;
    if (it->second.entry) etag = it->second.entry->etag;
  }
  PeerStateClient client(options_);
  Result<PeerFetch> fetched = client.Fetch(url, domain, etag, stop);
  if (!fetched) {
    if (fetched.error().code != ErrorCode::kCancelled) {
      LogDebug("cannot mirror the leader's state",
               {{"domain", domain}, {"error", fetched.error().ToString()}});
    }
    return;
  }
  std::lock_guard lock(mutex_);
  Source& source = sources_[domain];
  // Assigned, not emplace(): clang rejects emplace of a nested struct with member
  // initializers inside its enclosing class (clang-tidy parses with clang).
  if (!source.entry) source.entry = Entry{};
  source.entry->fetched_at = clock_.SteadyNow();
  if (!fetched->not_modified) {
    source.entry->bytes = std::move(fetched->bytes);
    source.entry->etag = fetched->etag;
  }
}

void StateMirror::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    std::vector<std::string> due;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [domain, source] : sources_) {
        if (!source.paused && !source.url.empty()) due.push_back(domain);
      }
    }
    for (const std::string& domain : due) {
      if (stop.stop_requested()) return;
      FetchOne(domain, stop);
    }
    clock_.SleepUntil(clock_.SteadyNow() + interval_, stop);
  }
}

}  // namespace five9exp
