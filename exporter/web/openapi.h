#pragma once
// The admin API's OpenAPI 3.1 document (exporter/web/openapi.yaml), embedded at build time
// and served without authentication at kOpenApiPath. It is the contract: every route of
// AdminRoutes() has its path and method there, with the same role in `x-role`
// (openapi_test.cc checks both ways).

#include <string_view>

namespace five9exp {

inline constexpr std::string_view kOpenApiPath = "/api/v1/openapi.yaml";
inline constexpr std::string_view kOpenApiContentType = "application/yaml; charset=utf-8";

// The document's bytes, as in the source tree. Thread-safe (static storage).
std::string_view OpenApiDocument();

}  // namespace five9exp
