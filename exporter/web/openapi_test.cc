// The OpenAPI document and the route table are the same set: a route added without its
// path (or a path left behind by a removed route) fails here, and so does a role that
// differs from the document's x-role.
#include "exporter/web/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "exporter/web/admin_api.h"
#include "exporter/web/admin_routes.h"

namespace five9exp {
namespace {

// "METHOD /path" -> x-role ("" when none), read from the document's `paths:` block
// (two-space path keys, four-space methods, six-space x-role: the file's fixed layout).
std::map<std::string, std::string> DocumentOperations() {
  std::map<std::string, std::string> out;
  std::istringstream in{std::string(OpenApiDocument())};
  const std::regex path_line(R"(^  (/\S*):\s*$)");
  const std::regex method_line(R"(^    (get|put|post|delete|patch):\s*$)");
  const std::regex role_line(R"(^      x-role:\s*(\S+)\s*$)");
  bool in_paths = false;
  std::string path;
  std::string operation;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ' && line[0] != '#') in_paths = line == "paths:";
    if (!in_paths) continue;
    std::smatch m;
    if (std::regex_match(line, m, path_line)) {
      path = m[1];
    } else if (std::regex_match(line, m, method_line)) {
      std::string method = m[1];
      for (char& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      operation = method + " " + path;
      out[operation] = "";
    } else if (std::regex_match(line, m, role_line) && !operation.empty()) {
      out[operation] = m[1];
    }
  }
  return out;
}

TEST(OpenApiTest, PathsMatchTheRouteTable) {
  std::map<std::string, std::string> routes;
  for (const AdminRoute& route : AdminRoutes()) {
    routes[std::string(route.method) + " " + std::string(kAdminApiPrefix) + "{domain}/" +
           std::string(route.pattern)] = std::string(route.role);
  }
  routes["GET " + std::string(kOpenApiPath)] = "";  // public
  const std::map<std::string, std::string> document = DocumentOperations();
  ASSERT_GT(document.size(), 20u) << "the paths block was not found";
  EXPECT_EQ(document, routes);
}

TEST(OpenApiTest, IsOpenApi31) {
  EXPECT_THAT(std::string(OpenApiDocument().substr(0, 200)),
              ::testing::HasSubstr("openapi: 3.1.0"));
}

}  // namespace
}  // namespace five9exp
