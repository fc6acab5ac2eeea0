#include "exporter/config/high_availability_schema.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "exporter/common/log.h"
#include "exporter/common/strings.h"
#include "exporter/config/secrets.h"
#include "exporter/five9/endpoint.h"

namespace five9exp {
namespace {

using std::chrono::milliseconds;

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

// A per-process suffix: a restarted pod (same POD_NAME) must not pass for its predecessor,
// whose Lease it would otherwise renew without a takeover.
std::string ProcessSuffix() {
  std::random_device device;
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 6; ++i) out += kHex[device() % 16];
  return out;
}

std::string DefaultIdentity() {
  std::string base = Env("POD_NAME");
  if (base.empty()) {
    char host[256] = {};
    if (gethostname(host, sizeof(host) - 1) == 0) base = host;
  }
  if (base.empty()) base = "five9-exporter";
  return base + "-" + ProcessSuffix();
}

// A URL judged by the parser the HTTP clients use; warns about plain http.
void ReadUrl(SchemaReader& r, const Field& f, std::string_view what, std::string* out) {
  if (!r.ReadNonEmptyString(f, out)) return;
  while (out->size() > 1 && out->back() == '/') out->pop_back();
  auto parsed = ParseEndpoint(*out);
  if (!parsed) {
    r.FailAt(f, "endpoint " + parsed.error().message);
    return;
  }
  if (parsed->scheme == "http") {
    LogWarn(std::string(what) + " uses plain http (tests only)",
            {{"location", r.Where(SchemaReader::ValueMark(f))}});
  }
}

void ReadKubernetes(SchemaReader& r, const Field& f, KubernetesConfig* k) {
  MapReader map(&r, f, /*null_is_empty=*/true);
  bool api_server_set = false;
  bool namespace_set = false;
  if (auto v = map.Take("api_server")) {
    ReadUrl(r, *v, "the Kubernetes API server URL", &k->api_server);
    api_server_set = true;
  }
  if (auto v = map.Take("namespace")) namespace_set = r.ReadNonEmptyString(*v, &k->namespace_name);
  if (auto v = map.Take("token_file"); v && r.ReadNonEmptyString(*v, &k->token_file)) {
    k->token_file = r.ResolvePath(k->token_file);
    r.CheckReadable(*v, k->token_file);
  }
  if (auto v = map.Take("ca_file"); v && r.ReadString(*v, &k->ca_file) && !k->ca_file.empty()) {
    k->ca_file = r.ResolvePath(k->ca_file);
    r.CheckReadable(*v, k->ca_file);
  }
  if (auto v = map.Take("lease_prefix"); v && r.ReadNonEmptyString(*v, &k->lease_prefix)) {
    // Lease names are DNS subdomains; domain names are checked the same way below.
    for (char c : k->lease_prefix) {
      if (!(std::islower(static_cast<unsigned char>(c)) ||
            std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.')) {
        r.FailAt(*v, "must be lower-case letters, digits, '-' or '.', got " +
                         QuoteForMessage(k->lease_prefix));
        break;
      }
    }
  }
  if (auto v = map.Take("identity")) r.ReadString(*v, &k->identity);
  const milliseconds kMin{1000}, kMax{std::chrono::hours(1)};
  if (auto v = map.Take("lease_duration")) r.ReadDuration(*v, kMin, kMax, &k->lease_duration);
  if (auto v = map.Take("renew_deadline")) r.ReadDuration(*v, kMin, kMax, &k->renew_deadline);
  if (auto v = map.Take("retry_period")) {
    r.ReadDuration(*v, milliseconds(100), kMax, &k->retry_period);
  }
  map.Finish();

  if (!api_server_set) {
    const std::string host = Env("KUBERNETES_SERVICE_HOST");
    const std::string port = Env("KUBERNETES_SERVICE_PORT");
    if (host.empty()) {
      r.Fail(SchemaReader::ValueMark(f), f.path + ".api_server",
             "not set and KUBERNETES_SERVICE_HOST is not in the environment (not in a pod?)");
    } else {
      const bool ipv6 = host.find(':') != std::string::npos;
      k->api_server = "https://" + (ipv6 ? "[" + host + "]" : host) + ":" +
                      (port.empty() ? std::string("443") : port);
    }
  }
  if (!namespace_set) {
    const std::string file =
        (std::filesystem::path(k->token_file).parent_path() / "namespace").string();
    std::ifstream in(file);
    std::string ns;
    if (in) std::getline(in, ns);
    while (!ns.empty() && (ns.back() == '\r' || ns.back() == ' ')) ns.pop_back();
    if (ns.empty()) {
      r.Fail(SchemaReader::ValueMark(f), f.path + ".namespace",
             "not set and the service account's namespace file " + QuoteForMessage(file) +
                 " cannot be read");
    }
    k->namespace_name = ns;
  }
  if (k->identity.empty()) k->identity = DefaultIdentity();
}

}  // namespace

void ReadHighAvailability(SchemaReader& r, const Field& f, bool allow_inline_secrets,
                          HighAvailabilityConfig* out) {
  MapReader map(&r, f, /*null_is_empty=*/true);
  r.Mark(f.path, SchemaReader::ValueMark(f));
  if (!map.Ok()) return;
  std::optional<Field> kubernetes = map.Take("kubernetes");
  if (kubernetes) {
    r.Mark(kubernetes->path, SchemaReader::ValueMark(*kubernetes));
    ReadKubernetes(r, *kubernetes, &out->kubernetes);
  } else {
    Field empty{f.key, YAML::Node(YAML::NodeType::Null), f.path + ".kubernetes"};
    ReadKubernetes(r, empty, &out->kubernetes);
  }
  int64_t number = 0;
  if (auto v = map.Take("max_domains"); v && r.ReadInt(*v, 0, 100000, &number)) {
    out->max_domains = static_cast<int>(number);
  }
  if (auto v = map.Take("advertise_url")) {
    if (!v->value.IsScalar() || !v->value.Scalar().empty()) {
      ReadUrl(r, *v, "advertise_url", &out->advertise_url);
    }
  }
  if (map.node().IsMap() &&
      (map.node()["peer_token_file"] || map.node()["peer_token_env"] || map.node()["peer_token"])) {
    ReadSecret(r, map, {.prefix = "peer_token", .inline_key = "peer_token"}, allow_inline_secrets,
               &out->peer_token, &out->peer_token_source);
  }
  map.Finish();
}

}  // namespace five9exp
