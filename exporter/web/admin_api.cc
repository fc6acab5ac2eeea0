#include "exporter/web/admin_api.h"

#include <exception>

#include "exporter/common/log.h"
#include "exporter/web/admin_routes.h"
#include "exporter/web/api_error.h"
#include "exporter/web/openapi.h"
#include "exporter/web/validation.h"

namespace five9exp {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    out.push_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// Matches raw segments against a pattern; collects the raw parameter segments.
bool MatchPattern(std::string_view pattern, const std::vector<std::string_view>& segments,
                  std::vector<std::string_view>* params) {
  const std::vector<std::string_view> parts = SplitPath(pattern);
  if (parts.size() != segments.size()) return false;
  std::vector<std::string_view> found;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool is_param = !parts[i].empty() && parts[i].front() == '{';
    if (is_param) {
      if (segments[i].empty()) return false;
      found.push_back(segments[i]);
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  *params = std::move(found);
  return true;
}

std::string FullRoute(std::string_view pattern) {
  return std::string(kAdminApiPrefix) + "{domain}/" + std::string(pattern);
}

}  // namespace

AdminApi::AdminApi(AdminApiOptions options, const SnapshotStore& store, Clock& clock,
                   AdminRequestCounter counter)
    : store_(store),
      clock_(clock),
      counter_(std::move(counter)),
      queue_timeout_(options.queue_timeout),
      count_auth_failure_(std::move(options.count_auth_failure)),
      count_handler_exception_(std::move(options.count_handler_exception)),
      authenticator_(options.admin.tokens),
      rate_limiter_(clock, options.admin.rate_limit_per_second, options.admin.rate_limit_burst),
      auth_failures_(clock),
      max_body_bytes_(options.admin.max_body_bytes) {
  auto audit = AuditLog::Open(options.admin.audit_log);
  if (!audit) {
    // The loader checked the folder; losing it since is no reason to refuse the API.
    LogError("cannot open the audit log; auditing to stderr", {{"error", audit.error().message}});
    audit = AuditLog::Open(std::string(kAuditToStderr));
  }
  audit_ = std::move(*audit);
}

void AdminApi::SetDomains(std::vector<DomainHandle> domains) {
  std::unique_lock lock(mutex_);
  domains_ = std::move(domains);
  // Requests that found a dropped runner before the swap may still be using it.
  const auto still_listed = [this](const void* pointer) {
    for (const DomainHandle& domain : domains_) {
      if (domain.runner == pointer || domain.chat == pointer) return true;
    }
    return false;
  };
  released_.wait(lock, [&] {
    for (const auto& [pointer, count] : in_use_) {
      if (count > 0 && !still_listed(pointer)) return false;
    }
    return true;
  });
}

void AdminApi::SetAdminConfig(const AdminConfig& admin) {
  authenticator_.SetTokens(admin.tokens);
  rate_limiter_.SetLimits(admin.rate_limit_per_second, admin.rate_limit_burst);
  (void)audit_->SetTarget(admin.audit_log);  // logs its own failure; the old target stays
  std::lock_guard lock(mutex_);
  max_body_bytes_ = admin.max_body_bytes;
}

void AdminApi::ReopenAuditLog() { (void)audit_->Reopen(); }

std::optional<ApiError> AdminApi::AuthenticateRequest(const HttpRequest& request,
                                                      Principal* principal) {
  const auto count = [this](std::string_view reason) {
    if (count_auth_failure_) count_auth_failure_(reason);
  };
  std::chrono::seconds retry_after{};
  if (!auth_failures_.Allowed(request.remote_addr, &retry_after)) {
    count("throttled");
    ApiError error =
        MakeApiError(429, "auth_throttled", "too many failed authentications from this address");
    error.retry_after = retry_after;
    return error;
  }
  const auto failure = authenticator_.Authenticate(request.Header("Authorization"), principal);
  if (!failure) return std::nullopt;
  auth_failures_.RecordFailure(request.remote_addr);
  const bool missing = *failure == AuthFailure::kMissing;
  count(missing ? "missing" : "unknown");
  return MakeApiError(
      401, "unauthorized",
      missing ? "an Authorization: Bearer <token> header is required" : "unknown token");
}

std::optional<DomainHandle> AdminApi::AcquireDomain(const std::string& name) {
  std::lock_guard lock(mutex_);
  for (const DomainHandle& domain : domains_) {
    if (domain.name != name) continue;
    if (domain.runner != nullptr) ++in_use_[domain.runner];
    if (domain.chat != nullptr) ++in_use_[domain.chat];
    return domain;
  }
  return std::nullopt;
}

void AdminApi::ReleaseDomain(const DomainHandle& handle) {
  {
    std::lock_guard lock(mutex_);
    for (const void* pointer :
         {static_cast<const void*>(handle.runner), static_cast<const void*>(handle.chat)}) {
      if (pointer == nullptr) continue;
      auto it = in_use_.find(pointer);
      if (it != in_use_.end() && --it->second <= 0) in_use_.erase(it);
    }
  }
  released_.notify_all();
}

void AdminApi::Audit(const HttpRequest& request, std::string_view token_name,
                     std::string_view action, std::string_view route, std::string_view domain,
                     std::string_view target, const HttpResponse& response,
                     std::string_view fault) {
  std::string outcome = "ok";
  if (response.status >= 400) {
    // The error code from our own JSON body; cheap to recover and keeps one source.
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    outcome = "error";
    if (body.is_object() && body.contains("error") && body["error"].is_object() &&
        body["error"].contains("code") && body["error"]["code"].is_string()) {
      outcome = body["error"]["code"].get<std::string>();
    }
  }
  audit_->Write(AuditRecord{.time = clock_.WallNow(),
                            .token = token_name,
                            .remote = request.remote_addr,
                            .method = request.method,
                            .route = route,
                            .action = action,
                            .domain = domain,
                            .target = target,
                            .status = response.status,
                            .outcome = outcome,
                            .fault = fault});
  if (counter_) counter_(action, response.status);
}

std::optional<HttpResponse> AdminApi::Authorize(const HttpRequest& request, std::string_view role,
                                                std::string_view action, Principal* principal) {
  const auto fail = [&](const ApiError& error, std::string_view who) {
    HttpResponse response = ToHttpResponse(error);
    Audit(request, who, action, request.raw_path, "", "", response, "");
    return response;
  };
  if (auto refused = AuthenticateRequest(request, principal)) return fail(*refused, "");
  std::chrono::seconds retry_after{};
  if (!rate_limiter_.Allow(principal->name, &retry_after)) {
    ApiError error = MakeApiError(429, "rate_limited", "too many requests for this token");
    error.retry_after = retry_after;
    return fail(error, principal->name);
  }
  if (!principal->HasRole(role)) {
    return fail(MakeApiError(403, "forbidden",
                             "token \"" + principal->name + "\" lacks the role \"" +
                                 std::string(role) + "\""),
                principal->name);
  }
  return std::nullopt;
}

HttpResponse AdminApi::Handle(const HttpRequest& request) {
  // 1. Route on raw segments, so "%2F" inside a name never splits a segment.
  const AdminRoute* route = nullptr;
  std::vector<std::string_view> raw_params;
  std::string raw_domain;
  std::vector<std::string> allowed_methods;
  const std::string_view path = request.raw_path;
  const std::string_view prefix = kAdminApiPrefix;
  if (path.substr(0, prefix.size()) == prefix) {
    const std::string_view rest = path.substr(prefix.size());
    const size_t slash = rest.find('/');
    if (slash != std::string_view::npos && slash > 0) {
      raw_domain = std::string(rest.substr(0, slash));
      const std::vector<std::string_view> segments = SplitPath(rest.substr(slash + 1));
      for (const AdminRoute& candidate : AdminRoutes()) {
        std::vector<std::string_view> params;
        if (!MatchPattern(candidate.pattern, segments, &params)) continue;
        if (candidate.method == request.method) {
          route = &candidate;
          raw_params = std::move(params);
          break;
        }
        allowed_methods.emplace_back(candidate.method);
      }
    }
  }
  // The contract is public: no token, no rate limit (it is served from memory).
  const bool openapi = route == nullptr && path == kOpenApiPath;
  const std::string_view action =
      route ? route->action : std::string_view(openapi ? "openapi" : "unknown");
  const std::string route_text = route ? FullRoute(route->pattern) : request.raw_path;
  std::string token_name;
  std::string domain_name;
  std::string target;
  std::string fault;
  const auto finish = [&](HttpResponse response) {
    Audit(request, token_name, action, route_text, domain_name, target, response, fault);
    return response;
  };
  const auto fail = [&](const ApiError& error) { return finish(ToHttpResponse(error)); };

  if (openapi) {
    if (request.method != "GET") {
      HttpResponse response =
          ToHttpResponse(MakeApiError(405, "method_not_allowed", "use GET on this route"));
      response.headers.emplace_back("Allow", "GET");
      return finish(std::move(response));
    }
    HttpResponse document;
    document.status = 200;
    document.content_type = std::string(kOpenApiContentType);
    document.body = std::string(OpenApiDocument());
    return finish(std::move(document));
  }

  // 2. Authenticate before saying anything about domains or routes.
  Principal principal;
  if (auto refused = AuthenticateRequest(request, &principal)) return fail(*refused);
  token_name = principal.name;

  // 3. Per-token rate limit.
  std::chrono::seconds retry_after{};
  if (!rate_limiter_.Allow(principal.name, &retry_after)) {
    ApiError error = MakeApiError(429, "rate_limited", "too many requests for this token");
    error.retry_after = retry_after;
    return fail(error);
  }

  // 4. Unknown route or method.
  if (route == nullptr) {
    if (!allowed_methods.empty()) {
      std::string allow;
      for (const std::string& method : allowed_methods)
        allow += (allow.empty() ? "" : ", ") + method;
      HttpResponse response = ToHttpResponse(
          MakeApiError(405, "method_not_allowed", "use " + allow + " on this route"));
      response.headers.emplace_back("Allow", allow);
      return finish(std::move(response));
    }
    return fail(MakeApiError(404, "not_found", "no such admin route"));
  }

  // 5. Role.
  if (!principal.HasRole(route->role)) {
    return fail(MakeApiError(
        403, "forbidden",
        "token \"" + principal.name + "\" lacks the role \"" + std::string(route->role) + "\""));
  }

  // 6. Body cap (httplib refuses larger Content-Length earlier; chunked bodies land here).
  size_t max_body;
  {
    std::lock_guard lock(mutex_);
    max_body = max_body_bytes_;
  }
  if (request.body.size() > max_body) {
    return fail(MakeApiError(413, "payload_too_large",
                             "the body exceeds " + std::to_string(max_body) + " bytes"));
  }

  // 7. Decode each parameter exactly once.
  auto domain = DecodePathSegment(raw_domain);
  if (!domain) return fail(domain.error());
  domain_name = *domain;
  std::vector<std::string> params;
  for (std::string_view raw : raw_params) {
    auto decoded = DecodePathSegment(raw);
    if (!decoded) return fail(decoded.error());
    params.push_back(std::move(*decoded));
  }
  if (!params.empty()) target = params.front();

  // 8. Domain.
  std::optional<DomainHandle> handle = AcquireDomain(domain_name);
  if (!handle) {
    return fail(MakeApiError(404, "domain_not_found", "no domain named \"" + domain_name + "\""));
  }
  // Keeps SetDomains from returning (and main from destroying the poller) while in use.
  struct Release {
    AdminApi* api;
    const DomainHandle& handle;
    ~Release() { api->ReleaseDomain(handle); }
  } release{this, *handle};

  // 9. The route itself.
  AdminContext context{
      request, std::move(params), *handle, store_.Get(handle->name), queue_timeout_, target,
      "",      &store_,           &clock_};
  ApiResult<nlohmann::json> result;
  try {
    result = route->handler(context);
  } catch (const std::exception& e) {
    // A bug in a route (e.g. a JSON type error we failed to check) must not kill the
    // worker thread; answer 500 and log it.
    LogWarn("admin route threw", {{"action", std::string(action)}, {"error", e.what()}});
    if (count_handler_exception_) count_handler_exception_("admin");
    result = tl::unexpected(MakeApiError(500, "internal", "internal error"));
  }
  target = context.target;
  fault = context.fault;
  if (!result) return fail(result.error());
  return finish(JsonResponse(200, *result));
}

}  // namespace five9exp
