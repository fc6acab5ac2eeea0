#include "exporter/five9/xml.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include <cstring>
#include <mutex>

namespace five9exp {
namespace {

// libxml2 2.9's xmlInitParser is not thread-safe ("call it once before processing in case of
// use in multithreaded programs", its documentation): two pollers parsing their first
// responses at once both initialised its global mutexes (ThreadSanitizer saw it). Every
// parse starts here; call_once makes the first one initialise and orders the rest after it.
void InitialiseLibxml2Once() {
  static std::once_flag initialised;
  std::call_once(initialised, [] { xmlInitParser(); });
}

constexpr std::string_view kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

std::string_view AsView(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// Swallows libxml2's default stderr reporting; errors come back through the result.
void SilentErrorHandler(void*, const char*, ...) {}

}  // namespace

std::string_view XmlElement::LocalName() const { return node_ ? AsView(node_->name) : ""; }

std::string_view XmlElement::NamespaceUri() const {
  return node_ && node_->ns ? AsView(node_->ns->href) : "";
}

XmlElement XmlElement::Child(std::string_view local_name) const {
  if (!node_) return XmlElement();
  for (xmlNode* c = node_->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && AsView(c->name) == local_name) return XmlElement(c);
  }
  return XmlElement();
}

std::vector<XmlElement> XmlElement::Children(std::string_view local_name) const {
  std::vector<XmlElement> out;
  if (!node_) return out;
  for (xmlNode* c = node_->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE && AsView(c->name) == local_name) out.emplace_back(c);
  }
  return out;
}

std::vector<XmlElement> XmlElement::Elements() const {
  std::vector<XmlElement> out;
  if (!node_) return out;
  for (xmlNode* c = node_->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) out.emplace_back(c);
  }
  return out;
}

std::string XmlElement::Text() const {
  std::string out;
  if (!node_) return out;
  for (xmlNode* c = node_->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) out += AsView(c->content);
  }
  return out;
}

std::optional<std::string> XmlElement::ChildText(std::string_view local_name) const {
  XmlElement child = Child(local_name);
  if (!child || child.IsNil()) return std::nullopt;
  return child.Text();
}

bool XmlElement::IsNil() const {
  if (!node_) return false;
  for (xmlAttr* a = node_->properties; a; a = a->next) {
    if (AsView(a->name) != "nil") continue;
    if (a->ns && AsView(a->ns->href) != kXsiNamespace) continue;
    std::string_view value = a->children ? AsView(a->children->content) : "";
    return value == "true" || value == "1";
  }
  return false;
}

std::optional<std::string> XmlElement::Attribute(std::string_view local_name) const {
  if (!node_) return std::nullopt;
  for (xmlAttr* a = node_->properties; a; a = a->next) {
    if (AsView(a->name) != local_name) continue;
    std::string value;
    for (xmlNode* c = a->children; c; c = c->next) {
      if (c->type == XML_TEXT_NODE) value += AsView(c->content);
    }
    return value;
  }
  return std::nullopt;
}

void XmlDocument::Deleter::operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }

Result<XmlDocument> XmlDocument::Parse(std::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return MakeError(ErrorCode::kBodyTooLarge, "XML body of " + std::to_string(bytes.size()) +
                                                   " bytes exceeds the cap of " +
                                                   std::to_string(max_bytes));
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return MakeError(ErrorCode::kBodyTooLarge, "XML body too large");
  }
  InitialiseLibxml2Once();
  xmlSetGenericErrorFunc(nullptr, SilentErrorHandler);
  // NONET: no network fetches. No NOENT: entities are never substituted. No DTDLOAD/DTDATTR.
  // Without XML_PARSE_HUGE libxml2 also caps entity amplification and depth.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  xmlDoc* doc =
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), "five9.xml", nullptr, options);
  if (!doc) {
    const xmlError* err = xmlGetLastError();
    std::string detail = err && err->message ? err->message : "not well-formed";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return MakeError(ErrorCode::kMalformedResponse, "XML parse error: " + detail);
  }
  // A document with a DTD (internal subset) is refused outright: SOAP forbids DTDs,
  // and refusing them closes every entity-expansion door at once.
  if (doc->intSubset || doc->extSubset) {
    xmlFreeDoc(doc);
    return MakeError(ErrorCode::kMalformedResponse, "XML with a DTD is refused");
  }
  if (!xmlDocGetRootElement(doc)) {
    xmlFreeDoc(doc);
    return MakeError(ErrorCode::kMalformedResponse, "XML document has no root element");
  }
  return XmlDocument(doc);
}

XmlElement XmlDocument::Root() const { return XmlElement(xmlDocGetRootElement(doc_.get())); }

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;  // keep CR byte-exact through end-of-line normalisation
      default:
        if (c < 0x20 && c != '\t' && c != '\n') break;  // not allowed in XML 1.0
        out += ch;
    }
  }
  return out;
}

XmlWriter& XmlWriter::Open(
    std::string_view name,
    std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  out_ += '<';
  out_ += name;
  for (const auto& [key, value] : attrs) {
    out_ += ' ';
    out_ += key;
    out_ += "=\"";
    out_ += XmlEscape(value);
    out_ += '"';
  }
  out_ += '>';
  return *this;
}

XmlWriter& XmlWriter::Close(std::string_view name) {
  out_ += "</";
  out_ += name;
  out_ += '>';
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  out_ += XmlEscape(text);
  return Close(name);
}

XmlWriter& XmlWriter::NilElement(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += " xsi:nil=\"true\"/>";
  return *this;
}

XmlWriter& XmlWriter::EmptyElement(std::string_view name) {
  out_ += '<';
  out_ += name;
  out_ += "/>";
  return *this;
}

XmlWriter& XmlWriter::Text(std::string_view text) {
  out_ += XmlEscape(text);
  return *this;
}

XmlWriter& XmlWriter::Raw(std::string_view markup) {
  out_ += markup;
  return *this;
}

namespace {

// What the SAX callbacks share during one XmlStreamParse.
struct StreamState {
  XmlStreamHandler* handler = nullptr;
  xmlParserCtxtPtr ctxt = nullptr;
  bool stopped = false;  // a handler returned false
  bool dtd = false;      // a DOCTYPE was met
};

StreamState* StateOf(void* ctx) {
  return static_cast<StreamState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void Stop(StreamState* state) {
  if (!state->stopped) {
    state->stopped = true;
    xmlStopParser(state->ctxt);
  }
}

void OnStartElement(void* ctx, const xmlChar* localname, const xmlChar*, const xmlChar* uri, int,
                    const xmlChar**, int nb_attributes, int, const xmlChar** attributes) {
  StreamState* state = StateOf(ctx);
  if (state->stopped || state->dtd) return;
  XmlStreamElement element;
  element.local_name = AsView(localname);
  element.namespace_uri = AsView(uri);
  // XmlElement::IsNil: the first attribute named nil without a namespace or in xsi decides.
  for (int i = 0; i < nb_attributes; ++i) {
    const xmlChar** a = attributes + 5 * i;  // localname, prefix, URI, value, end
    if (AsView(a[0]) != "nil") continue;
    if (a[2] != nullptr && AsView(a[2]) != kXsiNamespace) continue;
    const std::string_view value(reinterpret_cast<const char*>(a[3]),
                                 static_cast<size_t>(a[4] - a[3]));
    element.nil = value == "true" || value == "1";
    element.nil_uncertain = value.find('&') != std::string_view::npos;
    break;
  }
  if (!state->handler->StartElement(element)) Stop(state);
}

void OnEndElement(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  StreamState* state = StateOf(ctx);
  if (state->stopped || state->dtd) return;
  if (!state->handler->EndElement()) Stop(state);
}

void OnCharacters(void* ctx, const xmlChar* text, int len) {
  StreamState* state = StateOf(ctx);
  if (state->stopped || state->dtd) return;
  if (!state->handler->Characters(
          std::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(len)))) {
    Stop(state);
  }
}

void OnComment(void* ctx, const xmlChar*) {
  StreamState* state = StateOf(ctx);
  if (state->stopped || state->dtd) return;
  if (!state->handler->OtherContent()) Stop(state);
}

void OnInstruction(void* ctx, const xmlChar*, const xmlChar*) { OnComment(ctx, nullptr); }

void OnCdata(void* ctx, const xmlChar*, int) { OnComment(ctx, nullptr); }

// A DOCTYPE: refused before its internal subset is parsed.
void OnSubset(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  StreamState* state = StateOf(ctx);
  state->dtd = true;
  xmlStopParser(state->ctxt);
}

}  // namespace

Result<XmlStreamOutcome> XmlStreamParse(std::string_view bytes, XmlStreamHandler& handler,
                                        size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return MakeError(ErrorCode::kBodyTooLarge, "XML body of " + std::to_string(bytes.size()) +
                                                   " bytes exceeds the cap of " +
                                                   std::to_string(max_bytes));
  }
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) {
    return MakeError(ErrorCode::kBodyTooLarge, "XML body too large");
  }
  InitialiseLibxml2Once();
  xmlSetGenericErrorFunc(nullptr, SilentErrorHandler);
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size()));
  if (ctxt == nullptr) return MakeError(ErrorCode::kMalformedResponse, "XML parser unavailable");
  StreamState state;
  state.handler = &handler;
  state.ctxt = ctxt;
  ctxt->_private = &state;
  // The same options as XmlDocument::Parse (see there for why).
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  xmlCtxtUseOptions(ctxt, options);
  // Only our callbacks: no tree, no entity or external-subset resolution of our own. Blank
  // text goes to OnCharacters too (the handler decides what text matters).
  xmlSAXHandler* sax = ctxt->sax;
  xmlSAXHandler saved = *sax;
  *sax = xmlSAXHandler{};
  sax->initialized = XML_SAX2_MAGIC;
  sax->error = saved.error;
  sax->warning = saved.warning;
  sax->fatalError = saved.fatalError;
  sax->serror = saved.serror;
  sax->startElementNs = OnStartElement;
  sax->endElementNs = OnEndElement;
  sax->characters = OnCharacters;
  sax->ignorableWhitespace = OnCharacters;
  sax->cdataBlock = OnCdata;  // reported as OtherContent (see XmlStreamHandler)
  sax->comment = OnComment;
  sax->processingInstruction = OnInstruction;
  sax->internalSubset = OnSubset;
  sax->externalSubset = OnSubset;
  ctxt->userData = ctxt;
  xmlParseDocument(ctxt);
  const bool well_formed = ctxt->wellFormed != 0;
  // A namespace error (an undeclared prefix) leaves the document "well-formed" for libxml2
  // but gives SAX and the tree different readings of a prefixed attribute such as xsi:nil
  // (found by the differential fuzz target): refuse it, so a stream reader hands the body
  // to the DOM parser, which stays the reference.
  const bool namespace_well_formed = ctxt->nsWellFormed != 0;
  std::string detail = ctxt->lastError.message ? ctxt->lastError.message : "not well-formed";
  if (ctxt->myDoc != nullptr) xmlFreeDoc(ctxt->myDoc);
  ctxt->myDoc = nullptr;
  xmlFreeParserCtxt(ctxt);
  if (state.dtd) return MakeError(ErrorCode::kMalformedResponse, "XML with a DTD is refused");
  if (!namespace_well_formed) {
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return MakeError(ErrorCode::kMalformedResponse, "XML namespace error: " + detail);
  }
  if (state.stopped) return XmlStreamOutcome::kStopped;
  if (!well_formed) {
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return MakeError(ErrorCode::kMalformedResponse, "XML parse error: " + detail);
  }
  return XmlStreamOutcome::kCompleted;
}

}  // namespace five9exp
