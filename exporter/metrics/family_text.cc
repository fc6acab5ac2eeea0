#include "exporter/metrics/family_text.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace five9exp {

void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out += "NaN";
    return;
  }
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buffer[64];
  // Integers are by far the most common values; printing them through int64 is faster and
  // turns -0 into 0.
  if (std::abs(value) < 1e15 && value == std::trunc(value)) {
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof(buffer), static_cast<int64_t>(value));
    out.append(buffer, end);
    return;
  }
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out.append(buffer, end);
}

void AppendFamilyHeader(std::string& out, std::string_view name, std::string_view help,
                        std::string_view type) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void FamilyMerger::Add(const FamilyText& family) {
  auto [it, inserted] = index_.try_emplace(family.name, entries_.size());
  if (inserted) entries_.push_back(Entry{&family, {}});
  entries_[it->second].samples.push_back(&family.samples);
}

size_t FamilyMerger::ByteSize() const {
  size_t size = 0;
  for (const Entry& entry : entries_) {
    size += 2 * entry.first->name.size() + entry.first->help.size() + entry.first->type.size() + 20;
    for (const std::string* samples : entry.samples) size += samples->size();
  }
  return size;
}

void FamilyMerger::AppendTo(std::string& out) const {
  for (const Entry& entry : entries_) {
    AppendFamilyHeader(out, entry.first->name, entry.first->help, entry.first->type);
    for (const std::string* samples : entry.samples) out.append(*samples);
  }
}

}  // namespace five9exp
