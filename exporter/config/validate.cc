#include "exporter/config/validate.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>

#include "exporter/common/strings.h"
#include "exporter/config/duration.h"
#include "exporter/config/listen_address.h"
#include "exporter/five9/endpoint.h"
#include "exporter/five9/proxy.h"

namespace five9exp {
namespace {

std::string Indexed(std::string_view list, size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// The position of `path`, or of its nearest located ancestor ("a.b[2].c" -> "a.b[2]" ->
// "a.b" -> "a" -> ""): a rule about a key the file left out points at the enclosing section.
SourceMark Locate(const Config& config, std::string path) {
  while (true) {
    if (auto it = config.marks.find(path); it != config.marks.end()) return it->second;
    if (path.empty()) return {};
    const size_t cut = path.find_last_of(".[");
    path.resize(cut == std::string::npos ? 0 : cut);
  }
}

class Collector {
 public:
  explicit Collector(const Config& config) : config_(config) {}

  // A problem about `path`, positioned at `located_at` (its own position by default).
  void Add(const std::string& path, const std::string& message, std::string located_at = {}) {
    const SourceMark mark = Locate(config_, located_at.empty() ? path : located_at);
    std::string text = config_.source_file.empty() ? "config" : config_.source_file;
    if (mark.line > 0) text += ":" + std::to_string(mark.line) + ":" + std::to_string(mark.column);
    text += ": " + path + ": " + message;
    problems_.push_back({path, mark, std::move(text)});
  }
  bool Has(const std::string& path) const { return config_.marks.contains(path); }
  std::vector<ConfigProblem> Take() { return std::move(problems_); }

 private:
  const Config& config_;
  std::vector<ConfigProblem> problems_;
};

void CheckAdmin(const Config& config, Collector& out) {
  const AdminConfig& admin = config.admin;
  for (size_t i = 0; i < admin.tokens.size(); ++i) {
    const AdminToken& token = admin.tokens[i];
    const std::string path = Indexed("admin.tokens", i);
    for (size_t j = 0; j < i; ++j) {
      const AdminToken& other = admin.tokens[j];
      const std::string other_path = Indexed("admin.tokens", j);
      if (!token.name.empty() && token.name == other.name) {
        out.Add(
            path + ".name",
            "duplicate token name " + QuoteForMessage(token.name) + " (also " + other_path + ")",
            path);
      }
      // Two names for one secret would make the audit log lie about who acted.
      if (!token.secret.empty() && token.secret == other.secret) {
        out.Add(path, "has the same secret as " + other_path);
      }
    }
  }
  if (!admin.listen_address.empty() && admin.listen_address == config.web.listen_address) {
    out.Add("admin.listen_address",
            "is the same as web.listen_address; omit it to share the /metrics listener", "admin");
  }
}

// Whether the admin API listens without TLS on an address other machines can reach.
bool AdminOnPlainHttpOffLoopback(const Config& config) {
  if (!config.admin.enabled || ServesTls(config.web)) return false;
  const std::string& address =
      config.admin.listen_address.empty() ? config.web.listen_address : config.admin.listen_address;
  auto parsed = ParseListenAddress(address);
  return parsed && !IsLoopbackHost(parsed->host);
}

void CheckAdminExposure(const Config& config, Collector& out) {
  if (config.admin.insecure || !AdminOnPlainHttpOffLoopback(config)) return;
  const std::string& address =
      config.admin.listen_address.empty() ? config.web.listen_address : config.admin.listen_address;
  out.Add("admin", "the admin API would accept tokens over plain HTTP on " +
                       QuoteForMessage(address) +
                       "; set web.tls, or admin.listen_address to a loopback address such as "
                       "\"127.0.0.1:9960\", or admin.insecure: true");
}

void CheckWeb(const Config& config, Collector& out) {
  if (config.web.max_connections_per_address > config.web.max_connections) {
    out.Add("web.max_connections_per_address", "is larger than web.max_connections (" +
                                                   std::to_string(config.web.max_connections) +
                                                   "); one address could never reach it");
  }
}

void CheckDomain(const Config& config, size_t i, Collector& out) {
  const DomainConfig& domain = config.domains[i];
  const std::string path = Indexed("domains", i);
  for (size_t j = 0; j < i; ++j) {
    if (!domain.name.empty() && domain.name == config.domains[j].name) {
      out.Add(path + ".name", "duplicate domain name " + QuoteForMessage(domain.name) + " (also " +
                                  Indexed("domains", j) + ")");
    }
  }
  if (auto endpoint = ParseEndpoint(domain.endpoint); !endpoint) {
    out.Add(path + ".endpoint", endpoint.error().message);
  } else if (auto proxy = ChooseProxy(domain.proxy_url, *endpoint, std::getenv); !proxy) {
    // The runtime chooses with the same call, so what passes here is what it connects to.
    out.Add(domain.proxy_url ? path + ".proxy_url" : path, proxy.error().message);
  } else if (domain.proxy_url && domain.proxy_url->empty() &&
             !domain.proxy_credentials_source.empty()) {
    out.Add(path + ".proxy_url",
            "is \"\" (no proxy) but proxy credentials are given; remove one of them");
  }
  if (domain.show_only_my_skills.has_value() && domain.api_version < 12) {
    out.Add(path + ".show_only_my_skills", "requires api_version 12 or later, got api_version " +
                                               std::to_string(domain.api_version));
  }
  // The read timeout of a long poll is the poll plus this margin; a shorter request timeout
  // would turn every quiet poll into a timeout.
  if (domain.request_timeout <= domain.max_long_poll) {
    const std::string where = out.Has(path + ".request_timeout") ? path + ".request_timeout"
                              : out.Has(path + ".max_long_poll") ? path + ".max_long_poll"
                                                                 : path;
    out.Add(where, "request_timeout (" + FormatDuration(domain.request_timeout) +
                       ") must be longer than max_long_poll (" +
                       FormatDuration(domain.max_long_poll) + ")");
  }
}

// client-go's rule plus SPEC's margin: between the old leader's fence closing
// (renew_deadline) and a standby's takeover (lease_duration) nobody calls Five9.
void CheckHighAvailability(const Config& config, Collector& out) {
  if (!config.high_availability) return;
  const KubernetesConfig& k = config.high_availability->kubernetes;
  const std::string path = "high_availability.kubernetes";
  auto where = [&](const char* key) { return out.Has(path + "." + key) ? path + "." + key : path; };
  if (k.renew_deadline <= k.retry_period) {
    out.Add(where("renew_deadline"), "renew_deadline (" + FormatDuration(k.renew_deadline) +
                                         ") must be longer than retry_period (" +
                                         FormatDuration(k.retry_period) + ")");
  }
  const auto margin = k.lease_duration - k.renew_deadline;
  if (margin < std::max<std::chrono::milliseconds>(std::chrono::seconds(2), k.retry_period)) {
    out.Add(where("lease_duration"),
            "lease_duration - renew_deadline (" + FormatDuration(k.lease_duration) + " - " +
                FormatDuration(k.renew_deadline) +
                ") is the safety margin and must be at least 2s and at least retry_period (" +
                FormatDuration(k.retry_period) + ")");
  }
}

}  // namespace

std::vector<ConfigProblem> FindConfigProblems(const Config& config) {
  Collector out(config);
  CheckWeb(config, out);
  CheckAdmin(config, out);
  CheckAdminExposure(config, out);
  for (size_t i = 0; i < config.domains.size(); ++i) CheckDomain(config, i, out);
  CheckHighAvailability(config, out);
  return out.Take();
}

Result<ConfigVerdict> Validate(const Config& config) {
  std::vector<ConfigProblem> problems = FindConfigProblems(config);
  if (!problems.empty()) {
    std::stable_sort(
        problems.begin(), problems.end(), [](const ConfigProblem& a, const ConfigProblem& b) {
          return std::tie(a.mark.line, a.mark.column) < std::tie(b.mark.line, b.mark.column);
        });
    std::string message;
    for (const ConfigProblem& problem : problems) {
      if (!message.empty()) message += '\n';
      message += problem.text;
    }
    return MakeError(ErrorCode::kConfig, std::move(message));
  }
  ConfigVerdict verdict;
  verdict.admin_plain_http_exposed = config.admin.insecure && AdminOnPlainHttpOffLoopback(config);
  return verdict;
}

}  // namespace five9exp
