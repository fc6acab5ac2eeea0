#pragma once
// WebSecurity: the live web security settings of every listener — the web config file
// (--web.config.file, exporter-toolkit format) or the web.tls shorthand — re-read when
// the file or any certificate it names changes, so rotation needs no restart.
//
// The files are stat()ed for every new TLS handshake (ClientHello callback) and every
// request; only a change (inode, size or mtime) re-reads them. A file that fails to load
// keeps the last good settings in force, logs a warning and counts a failure; it is
// retried when it changes again. Whether the listeners speak TLS at all is fixed at
// start: a file that adds or drops tls_server_config is refused the same way.
//
// Thread-safe: the settings are an immutable snapshot swapped under a mutex.

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exporter/common/clock.h"
#include "exporter/common/error.h"
#include "exporter/config/config.h"
#include "exporter/config/web_config_file.h"
#include "exporter/web/basic_auth.h"
#include "exporter/web/tls_context.h"

namespace five9exp {

// five9_exporter_web_config_reloads_total{result}; called with true/false per re-read.
using WebConfigReloadCounter = std::function<void(bool ok)>;

class WebSecurity {
 public:
  // `clock` must outlive this object; `counter` may be empty.
  WebSecurity(WebConfig web, Clock& clock, WebConfigReloadCounter counter);
  ~WebSecurity();

  // The first load. An error (kConfig) is a start-up error.
  Result<void> Init();

  // HTTPS on every listener (fixed at Init).
  bool tls() const { return tls_; }
  // Installs the per-handshake context swap on httplib's template context.
  bool InstallOn(SSL_CTX* template_ctx);

  // False when basic_auth_users is set and `authorization` does not name one of them
  // (answer 401 with BasicChallenge()). Routes that authenticate by Bearer token (the
  // admin API) pass `bearer_route` and are never asked for basic credentials.
  bool Admit(bool bearer_route, std::string_view authorization);
  static constexpr const char* kBasicChallenge = "Basic realm=\"five9_exporter\"";

  // http_server_config.headers, for every response.
  std::vector<std::pair<std::string, std::string>> Headers();

  // Re-reads the settings if a watched file changed. Called by Admit and per handshake.
  void Refresh();
  // Moves a connection in its ClientHello onto the newest TLS context.
  bool ApplyCurrentTls(SSL* ssl);

  // Exposed for the file-change check; not part of the interface.
  struct FileStamp;

 private:
  struct State;
  std::shared_ptr<const State> Current() const;
  Result<std::shared_ptr<const State>> Load() const;

  const WebConfig web_;
  const WebConfigReloadCounter counter_;
  BasicAuthenticator basic_;  // thread-safe itself
  bool tls_ = false;          // set by Init

  std::mutex refresh_mutex_;  // one re-read at a time; held while loading files
  // State below is protected by refresh_mutex_.
  std::vector<FileStamp> failed_stamps_;  // the last stamps that failed to load

  mutable std::mutex mutex_;
  // State below is protected by mutex_.
  std::shared_ptr<const State> state_;
};

}  // namespace five9exp
