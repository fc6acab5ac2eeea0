#include "exporter/web/web_security.h"

#include <openssl/ssl.h>
#include <sys/stat.h>

#include "exporter/common/log.h"

namespace five9exp {

struct WebSecurity::FileStamp {
  std::string path;
  bool exists = false;
  ino_t inode = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

struct WebSecurity::State {
  WebConfigFile file;
  std::shared_ptr<const ServerTlsContext> tls;  // set when file.tls is
  std::vector<FileStamp> stamps;                // what `file` was read from
};

namespace {

std::vector<std::string> WatchedPaths(const std::string& config_file, const WebConfigFile& file) {
  std::vector<std::string> paths;
  if (!config_file.empty()) paths.push_back(config_file);
  if (file.tls) {
    for (const std::string* path :
         {&file.tls->cert_file, &file.tls->key_file, &file.tls->client_ca_file}) {
      if (!path->empty()) paths.push_back(*path);
    }
  }
  return paths;
}

WebSecurity::FileStamp StampOf(const std::string& path) {
  WebSecurity::FileStamp stamp;
  stamp.path = path;
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) {
    stamp.exists = true;
    stamp.inode = st.st_ino;
    stamp.size = st.st_size;
    stamp.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  }
  return stamp;
}

int OnClientHello(SSL* ssl, int* alert, void* arg) {
  auto* security = static_cast<WebSecurity*>(arg);
  security->Refresh();
  if (!security->ApplyCurrentTls(ssl)) {
    *alert = SSL_AD_INTERNAL_ERROR;
    return SSL_CLIENT_HELLO_ERROR;
  }
  return SSL_CLIENT_HELLO_SUCCESS;
}

}  // namespace

WebSecurity::WebSecurity(WebConfig web, Clock& clock, WebConfigReloadCounter counter)
    : web_(std::move(web)), counter_(std::move(counter)), basic_(clock) {}

WebSecurity::~WebSecurity() = default;

Result<std::shared_ptr<const WebSecurity::State>> WebSecurity::Load() const {
  auto state = std::make_shared<State>();
  // Stamp before reading: a write racing with the read then shows as a change next time.
  if (!web_.config_file.empty()) {
    const FileStamp config_stamp = StampOf(web_.config_file);
    Result<WebConfigFile> file = LoadWebConfigFile(web_.config_file);
    if (!file) return tl::unexpected(file.error());
    state->file = std::move(*file);
    if (state->file.tls && web_.tls) {
      return MakeError(ErrorCode::kConfig,
                       web_.config_file + ": has a tls_server_config and web.tls is set");
    }
    state->stamps.push_back(config_stamp);
  }
  if (web_.tls) state->file.tls = WebConfigFromShorthand(*web_.tls).tls;
  for (const std::string& path : WatchedPaths("", state->file)) {
    state->stamps.push_back(StampOf(path));
  }
  if (state->file.tls) {
    auto context = ServerTlsContext::Build(*state->file.tls);
    if (!context) return tl::unexpected(context.error());
    state->tls = std::move(*context);
  }
  return state;
}

Result<void> WebSecurity::Init() {
  auto state = Load();
  if (!state) return tl::unexpected(state.error());
  tls_ = (*state)->tls != nullptr;
  std::lock_guard lock(mutex_);
  state_ = std::move(*state);
  return {};
}

std::shared_ptr<const WebSecurity::State> WebSecurity::Current() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void WebSecurity::Refresh() {
  std::shared_ptr<const State> current = Current();
  if (!current) return;
  std::vector<FileStamp> now;
  now.reserve(current->stamps.size());
  for (const FileStamp& stamp : current->stamps) now.push_back(StampOf(stamp.path));
  if (now == current->stamps) return;

  std::lock_guard refresh(refresh_mutex_);
  if (Current() != current) return;   // another thread re-read meanwhile
  if (now == failed_stamps_) return;  // already tried and reported; wait for a new change
  auto loaded = Load();
  if (loaded && ((*loaded)->tls != nullptr) != tls_) {
    loaded = MakeError(ErrorCode::kConfig, std::string("switching ") +
                                               (tls_ ? "HTTPS to HTTP" : "HTTP to HTTPS") +
                                               " needs a restart");
  }
  if (!loaded) {
    failed_stamps_ = std::move(now);
    LogWarn("web config re-read failed; the last good one stays in force",
            {{"file", web_.config_file.empty() ? "web.tls" : web_.config_file},
             {"error", loaded.error().message}});
    if (counter_) counter_(false);
    return;
  }
  failed_stamps_.clear();
  LogInfo("web config re-read",
          {{"file", web_.config_file.empty() ? "web.tls" : web_.config_file},
           {"tls", tls_ ? "true" : "false"},
           {"basic_auth_users", std::to_string((*loaded)->file.basic_auth_users.size())}});
  {
    std::lock_guard lock(mutex_);
    state_ = std::move(*loaded);
  }
  if (counter_) counter_(true);
}

bool WebSecurity::InstallOn(SSL_CTX* template_ctx) {
  if (!PrepareTemplateContext(template_ctx)) return false;
  SSL_CTX_set_client_hello_cb(template_ctx, OnClientHello, this);
  return true;
}

bool WebSecurity::ApplyCurrentTls(SSL* ssl) {
  std::shared_ptr<const State> state = Current();
  return state && state->tls && state->tls->ApplyTo(ssl);
}

bool WebSecurity::Admit(bool bearer_route, std::string_view authorization) {
  Refresh();
  std::shared_ptr<const State> state = Current();
  if (!state || state->file.basic_auth_users.empty() || bearer_route) return true;
  return basic_.Check(state->file.basic_auth_users, authorization);
}

std::vector<std::pair<std::string, std::string>> WebSecurity::Headers() {
  std::shared_ptr<const State> state = Current();
  if (!state) return {};
  return state->file.headers;
}

}  // namespace five9exp
