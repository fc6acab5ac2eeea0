// The streaming reader of getStatisticsUpdate answers (the ingest fast path).
#include "exporter/five9/statistics_update_stream.h"

#include <cstdint>
#include <vector>

#include "exporter/common/strings.h"
#include "exporter/five9/envelope.h"
#include "exporter/five9/wire_values.h"
#include "exporter/five9/xml.h"

namespace five9exp {
namespace {

bool IsSuccess(int status) { return status >= 200 && status < 300; }

// Reads a plain getStatisticsUpdate answer in one streaming pass (no tree), producing exactly
// what ParseGetStatisticsUpdateResponseDom would. It accepts only the ordinary shape; on
// anything else (another root or payload, a fault, mixed content, comments or CDATA inside
// a value, an error of any kind) it stops and the caller falls back to the DOM parser, which
// then decides (and words the error) as before.
// Mirrors the DOM reading: "first child named X" (any namespace) for single elements,
// every child for dataUpdate, nil rules per field, Text() = the element's own text.
// Why leaf text agrees: XmlDocument (NOBLANKS) drops a blank run only next to a sibling node
// (an element, comment, PI or CDATA section); in an element holding nothing but text it
// keeps every character, as this pass does. Values holding anything else go to the DOM.
// One instance per parse; not thread-safe.
class StatisticsUpdateStream final : public XmlStreamHandler {
 public:
  explicit StatisticsUpdateStream(StatisticType requested) : requested_(requested) {
    stack_.reserve(16);
  }

  // The result after a completed parse.
  StreamedUpdate Finish() {
    using Outcome = StreamedUpdate::Outcome;
    if (!envelope_ok_ || !payload_ok_) return {};
    if (!has_return_ || return_nil_) return {.outcome = Outcome::kNothingChanged};
    if (!last_ || !previous_) return {};  // missing timestamps: the DOM words the error
    std::optional<int64_t> last = WireInt64(*last_);
    std::optional<int64_t> previous = WireInt64(*previous_);
    if (!last || !previous) return {};
    update_.last_timestamp = *last;
    update_.previous_timestamp = *previous;
    update_.type = requested_;
    if (type_) {
      std::optional<StatisticType> type = StatisticTypeFromWire(TrimAsciiSpace(*type_));
      if (!type) return {};
      update_.type = *type;
    }
    return {.outcome = Outcome::kUpdate, .update = std::move(update_)};
  }

  bool StartElement(const XmlStreamElement& e) override {
    if (e.nil_uncertain) return false;
    if (capture_ != nullptr) return false;  // an element inside a value: mixed content
    const Role parent = stack_.empty() ? Role::kDocument : stack_.back();
    Role role = Role::kIgnore;
    switch (parent) {
      case Role::kDocument:
        if (e.local_name != "Envelope" || e.namespace_uri != kSoapEnvelopeNamespace) return false;
        envelope_ok_ = true;
        role = Role::kEnvelope;
        break;
      case Role::kEnvelope:
        if (e.local_name == "Body" && !seen_body_) {
          seen_body_ = true;
          if (e.namespace_uri != kSoapEnvelopeNamespace) return false;
          role = Role::kBody;
        }
        break;
      case Role::kBody:
        if (seen_payload_) break;
        seen_payload_ = true;
        if (e.local_name != "getStatisticsUpdateResponse" || e.namespace_uri != kFive9Namespace) {
          return false;  // a fault or another answer
        }
        payload_ok_ = true;
        role = Role::kPayload;
        break;
      case Role::kPayload:
        if (e.local_name == "return" && !has_return_) {
          has_return_ = true;
          return_nil_ = e.nil;
          if (!return_nil_) role = Role::kReturn;
        }
        break;
      case Role::kReturn:
        if (e.local_name == "dataUpdate") {
          update_.data_update.emplace_back();
          seen_object_ = seen_column_ = seen_value_ = false;
          role = Role::kDataUpdate;
        } else if (e.local_name == "addedObjects" && !seen_added_) {
          seen_added_ = true;
          role = Role::kAdded;
        } else if (e.local_name == "deletedObjects" && !seen_deleted_) {
          seen_deleted_ = true;
          role = Role::kDeleted;
        } else if (e.local_name == "lastTimestamp") {
          role = ScalarField(e, &seen_last_, &last_);
        } else if (e.local_name == "previousTimestamp") {
          role = ScalarField(e, &seen_previous_, &previous_);
        } else if (e.local_name == "type") {
          role = ScalarField(e, &seen_type_, &type_);
        }
        break;
      case Role::kAdded:
      case Role::kDeleted:
        if (e.local_name == "values") {
          bool& seen = parent == Role::kAdded ? seen_added_values_ : seen_deleted_values_;
          if (!seen) {
            seen = true;
            role = parent == Role::kAdded ? Role::kAddedValues : Role::kDeletedValues;
          }
        }
        break;
      case Role::kAddedValues:
      case Role::kDeletedValues:
        if (e.local_name == "data" && !e.nil) {  // nil names are dropped
          auto& names =
              parent == Role::kAddedValues ? update_.added_objects : update_.deleted_objects;
          capture_ = &names.emplace_back();
          role = Role::kValue;
        }
        break;
      case Role::kDataUpdate: {
        ItemUpdate& item = update_.data_update.back();
        if (e.local_name == "objectName" && !seen_object_) {
          seen_object_ = true;
          if (!e.nil) capture_ = &item.object_name, role = Role::kValue;  // nil -> ""
        } else if (e.local_name == "columnName" && !seen_column_) {
          seen_column_ = true;
          if (!e.nil) capture_ = &item.column_name, role = Role::kValue;
        } else if (e.local_name == "columnValue" && !seen_value_) {
          seen_value_ = true;
          if (!e.nil) capture_ = &item.column_value.emplace(), role = Role::kValue;
        }
        break;
      }
      case Role::kIgnore:
      case Role::kValue:
        break;
    }
    stack_.push_back(role);
    return true;
  }

  bool EndElement() override {
    if (stack_.back() == Role::kValue) capture_ = nullptr;
    stack_.pop_back();
    return true;
  }

  bool Characters(std::string_view text) override {
    if (capture_ != nullptr) capture_->append(text);
    return true;
  }

  // Inside a value the DOM's blank handling around these depends on its tree: fall back.
  bool OtherContent() override { return capture_ == nullptr; }

 private:
  enum class Role : uint8_t {
    kDocument,
    kIgnore,
    kEnvelope,
    kBody,
    kPayload,
    kReturn,
    kAdded,
    kDeleted,
    kAddedValues,
    kDeletedValues,
    kDataUpdate,
    kValue,
  };

  // lastTimestamp / previousTimestamp / type: the first one counts; nil = absent.
  Role ScalarField(const XmlStreamElement& e, bool* seen, std::optional<std::string>* out) {
    if (*seen) return Role::kIgnore;
    *seen = true;
    if (e.nil) return Role::kIgnore;
    capture_ = &out->emplace();
    return Role::kValue;
  }

  const StatisticType requested_;
  std::vector<Role> stack_;
  std::string* capture_ = nullptr;  // where the text of the open value element goes
  bool envelope_ok_ = false, seen_body_ = false, seen_payload_ = false, payload_ok_ = false;
  bool has_return_ = false, return_nil_ = false;
  bool seen_added_ = false, seen_deleted_ = false;
  bool seen_added_values_ = false, seen_deleted_values_ = false;
  bool seen_object_ = false, seen_column_ = false, seen_value_ = false;
  bool seen_last_ = false, seen_previous_ = false, seen_type_ = false;
  std::optional<std::string> last_, previous_, type_;
  StatisticsUpdate update_;
};

}  // namespace

std::optional<StatisticsUpdate> StreamedUpdate::Answer() && {
  if (outcome == Outcome::kUpdate) return std::move(update);
  return std::nullopt;
}

StreamedUpdate ParseGetStatisticsUpdateResponseStreaming(const SoapHttpResponse& response,
                                                         StatisticType requested) {
  if (!IsSuccess(response.status) || response.body.size() > kDefaultMaxXmlBytes) {
    return {};
  }
  StatisticsUpdateStream stream(requested);
  auto outcome = XmlStreamParse(response.body, stream);
  if (!outcome || *outcome != XmlStreamOutcome::kCompleted) return {};
  return stream.Finish();
}

}  // namespace five9exp
