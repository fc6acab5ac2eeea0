#pragma once
// Safe XML reading and writing for SOAP. The only place (with its .cc) that
// touches libxml2's parser API; envelope building and response parsing use it.
//
// Reading: libxml2 with XML_PARSE_NONET, no entity substitution, no DTD loading,
// a body size cap, and namespace-agnostic navigation by local name (Five9 and
// peers vary prefixes: env:/soap:/S:, ns2:/ser:).
// Writing: XmlWriter escapes every text and attribute value.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exporter/common/error.h"

typedef struct _xmlDoc xmlDoc;
typedef struct _xmlNode xmlNode;

namespace five9exp {

inline constexpr size_t kDefaultMaxXmlBytes = 64 * 1024 * 1024;

// A non-owning view of an element. Valid while its XmlDocument lives.
class XmlElement {
 public:
  XmlElement() = default;
  explicit XmlElement(xmlNode* node) : node_(node) {}
  explicit operator bool() const { return node_ != nullptr; }

  std::string_view LocalName() const;
  std::string_view NamespaceUri() const;  // "" when none
  // First child element with this local name (any namespace), or an empty element.
  XmlElement Child(std::string_view local_name) const;
  // All child elements with this local name, in document order.
  std::vector<XmlElement> Children(std::string_view local_name) const;
  // All child elements.
  std::vector<XmlElement> Elements() const;
  // Concatenated text content of this element.
  std::string Text() const;
  // Text of the named child, or nullopt when the child is absent or xsi:nil.
  std::optional<std::string> ChildText(std::string_view local_name) const;
  // True when the element carries xsi:nil="true" (or "1").
  bool IsNil() const;
  // Value of the attribute with this local name (any namespace), or nullopt.
  std::optional<std::string> Attribute(std::string_view local_name) const;
  xmlNode* node() const { return node_; }

 private:
  xmlNode* node_ = nullptr;
};

// An owned parsed document. Move-only.
class XmlDocument {
 public:
  // Parses `bytes` with network access, entity substitution and DTD loading off.
  // Errors: kBodyTooLarge over `max_bytes`, kMalformedResponse otherwise.
  static Result<XmlDocument> Parse(std::string_view bytes, size_t max_bytes = kDefaultMaxXmlBytes);

  XmlDocument(XmlDocument&&) noexcept = default;
  XmlDocument& operator=(XmlDocument&&) noexcept = default;

  XmlElement Root() const;
  xmlDoc* doc() const { return doc_.get(); }

 private:
  struct Deleter {
    void operator()(xmlDoc* doc) const;
  };
  explicit XmlDocument(xmlDoc* doc) : doc_(doc) {}
  std::unique_ptr<xmlDoc, Deleter> doc_;
};

// Escapes &, <, >, " and ' for text and attribute values. Characters not allowed
// in XML 1.0 (control characters other than tab/CR/LF) are dropped.
std::string XmlEscape(std::string_view text);

// Appends well-formed XML to a string. Not thread-safe.
class XmlWriter {
 public:
  // <name attr="v" ...>; attributes are (name, value) pairs, values escaped.
  XmlWriter& Open(std::string_view name,
                  std::initializer_list<std::pair<std::string_view, std::string_view>> attrs = {});
  XmlWriter& Close(std::string_view name);
  // <name>escaped text</name>
  XmlWriter& Element(std::string_view name, std::string_view text);
  // <name xsi:nil="true"/> (the xsi prefix must be declared by an ancestor).
  XmlWriter& NilElement(std::string_view name);
  // <name/>
  XmlWriter& EmptyElement(std::string_view name);
  XmlWriter& Text(std::string_view text);
  // Appends trusted, already well-formed markup.
  XmlWriter& Raw(std::string_view markup);

  const std::string& str() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  std::string out_;
};

// --- Streaming (SAX) reading, for large answers where building a tree costs too much.
// Same parser and the same safety as XmlDocument::Parse: the same options (NONET, no
// entity substitution, no DTD loading, the same size cap and libxml2 limits), and a
// DOCTYPE is refused the moment it is met (its internal subset is never read).
// Only the events below are reported; text is reported exactly as the parser delivers it
// (no blank dropping), so a caller that must agree with XmlDocument should read only the
// text of leaf elements and fall back to XmlDocument for anything unusual.

// One element start as seen by XmlStreamHandler. Views are valid during the callback.
struct XmlStreamElement {
  std::string_view local_name;
  std::string_view namespace_uri;  // "" when none
  // XmlElement::IsNil's rule applied to the attributes. nil_uncertain: the deciding
  // attribute's value holds a reference (&...;) whose DOM form may differ; treat as unusual.
  bool nil = false;
  bool nil_uncertain = false;
};

// Receives the events of XmlStreamParse. Each callback returns false to stop the parse.
// Implemented by callers; called on the parsing thread only.
class XmlStreamHandler {
 public:
  virtual ~XmlStreamHandler() = default;
  virtual bool StartElement(const XmlStreamElement& element) = 0;
  virtual bool EndElement() = 0;
  // Character data (text, resolved character and predefined entity references), possibly
  // in several pieces.
  virtual bool Characters(std::string_view text) = 0;
  // A comment, processing instruction or CDATA section (its content is not reported):
  // XmlDocument's blank dropping around these depends on the tree, so a caller that needs
  // the exact DOM text of an element containing one should treat it as unusual.
  virtual bool OtherContent() = 0;
};

enum class XmlStreamOutcome {
  kCompleted,  // the whole document was read and is well-formed
  kStopped,    // a handler callback returned false
};

// Parses `bytes` calling `handler`. Errors: kBodyTooLarge over `max_bytes`,
// kMalformedResponse for a document that is not well-formed or has a DTD.
Result<XmlStreamOutcome> XmlStreamParse(std::string_view bytes, XmlStreamHandler& handler,
                                        size_t max_bytes = kDefaultMaxXmlBytes);

}  // namespace five9exp
