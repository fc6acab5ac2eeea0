#include "exporter/five9/wsdl_schema.h"

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <cstdarg>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "exporter/five9/reference_dir.h"
#include "exporter/five9/xml.h"

namespace five9exp {
namespace {

constexpr std::string_view kXmlSchemaNamespace = "http://www.w3.org/2001/XMLSchema";

// Collects libxml2's schema messages into a string (the ctx is a std::string*).
void CollectError(void* ctx, const char* format, ...) {
  char buffer[1024];
  va_list args;
  va_start(args, format);
  vsnprintf(buffer, sizeof buffer, format, args);
  va_end(args);
  auto* out = static_cast<std::string*>(ctx);
  std::string_view text(buffer);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.empty()) return;
  if (!out->empty()) *out += "; ";
  *out += text;
}

XmlElement FindSchema(XmlElement element) {
  if (element.LocalName() == "schema" && element.NamespaceUri() == kXmlSchemaNamespace) {
    return element;
  }
  for (XmlElement child : element.Elements()) {
    if (XmlElement found = FindSchema(child)) return found;
  }
  return XmlElement();
}

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

// A document whose root is a deep copy of `element` (namespaces reconciled by libxml2).
DocPtr CopyAsDocument(XmlElement element) {
  DocPtr doc(xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0")));
  xmlNode* copy = xmlDocCopyNode(element.node(), doc.get(), 1);
  if (!copy) return nullptr;
  xmlDocSetRootElement(doc.get(), copy);
  xmlReconciliateNs(doc.get(), copy);
  return doc;
}

}  // namespace

struct WsdlSchema::Impl {
  xmlSchemaPtr schema = nullptr;
  ~Impl() {
    if (schema) xmlSchemaFree(schema);
  }
};

WsdlSchema::WsdlSchema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WsdlSchema::~WsdlSchema() = default;

std::string WsdlPath(std::string_view reference_dir) {
  return std::string(reference_dir) + "/SupervisorWebService-v9_5.wsdl";
}

Result<std::shared_ptr<const WsdlSchema>> WsdlSchema::Load(const std::string& wsdl_path) {
  std::ifstream in(wsdl_path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "cannot read " + wsdl_path);
  std::stringstream text;
  text << in.rdbuf();
  auto wsdl = XmlDocument::Parse(text.str());
  if (!wsdl) return tl::unexpected(wsdl.error());
  XmlElement schema_element = FindSchema(wsdl->Root());
  if (!schema_element) return MakeError(ErrorCode::kInvalidArgument, "no xs:schema in the WSDL");
  DocPtr schema_doc = CopyAsDocument(schema_element);
  if (!schema_doc) return MakeError(ErrorCode::kInternal, "cannot copy the schema");

  std::string messages;
  xmlSchemaParserCtxtPtr parser = xmlSchemaNewDocParserCtxt(schema_doc.get());
  if (!parser) return MakeError(ErrorCode::kInternal, "cannot create a schema parser");
  xmlSchemaSetParserErrors(parser, CollectError, CollectError, &messages);
  auto impl = std::make_unique<Impl>();
  impl->schema = xmlSchemaParse(parser);
  xmlSchemaFreeParserCtxt(parser);
  if (!impl->schema) {
    return MakeError(ErrorCode::kInvalidArgument, "schema does not compile: " + messages);
  }
  return std::shared_ptr<const WsdlSchema>(new WsdlSchema(std::move(impl)));
}

Result<void> WsdlSchema::ValidatePayload(std::string_view envelope) const {
  auto doc = XmlDocument::Parse(envelope);
  if (!doc) return MakeError(ErrorCode::kInvalidArgument, doc.error().message);
  XmlElement body = doc->Root().Child("Body");
  XmlElement payload;
  for (XmlElement child : body.Elements()) {
    payload = child;
    break;
  }
  if (!payload) return MakeError(ErrorCode::kInvalidArgument, "no element in the SOAP Body");
  DocPtr payload_doc = CopyAsDocument(payload);
  if (!payload_doc) return MakeError(ErrorCode::kInternal, "cannot copy the payload");

  std::string messages;
  xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(impl_->schema);
  if (!validator) return MakeError(ErrorCode::kInternal, "cannot create a schema validator");
  xmlSchemaSetValidErrors(validator, CollectError, CollectError, &messages);
  const int rc = xmlSchemaValidateDoc(validator, payload_doc.get());
  xmlSchemaFreeValidCtxt(validator);
  if (rc != 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     messages.empty() ? "invalid (code " + std::to_string(rc) + ")" : messages);
  }
  return {};
}

Result<void> ValidateSoapPayload(std::string_view envelope, std::string_view reference_dir) {
  static std::mutex mutex;
  static std::map<std::string, Result<std::shared_ptr<const WsdlSchema>>, std::less<>> cache;
  std::shared_ptr<const WsdlSchema> schema;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(reference_dir);
    if (it == cache.end()) {
      it = cache.emplace(std::string(reference_dir), WsdlSchema::Load(WsdlPath(reference_dir)))
               .first;
    }
    if (!it->second) return tl::unexpected(it->second.error());
    schema = *it->second;
  }
  return schema->ValidatePayload(envelope);
}

Result<void> ValidateSoapPayload(std::string_view envelope) {
  return ValidateSoapPayload(envelope, ReferenceDir());
}

bool ReferenceWsdlAvailable() {
  std::error_code ignored;
  return std::filesystem::exists(WsdlPath(ReferenceDir()), ignored);
}

}  // namespace five9exp
