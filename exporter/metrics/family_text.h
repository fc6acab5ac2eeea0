#pragma once
// Text-format 0.0.4 building blocks shared by the fast renderers: a family's rendered
// samples, number formatting, and FamilyMerger, which joins the samples of same-named
// families (e.g. one per domain) so every family appears once with HELP and TYPE and its
// samples stay contiguous, as the text format requires.
// Plain values and functions; FamilyMerger is not thread-safe (one per render).

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace five9exp {

// The samples of one family from one source (a table of a domain, a domain's limits...).
struct FamilyText {
  std::string name;  // metric family name
  std::string help;  // HELP text, already escaped
  std::string_view type = "gauge";
  std::string samples;  // complete sample lines, each ending in '\n'
};

// Appends a sample value: integers without a fraction, others in the shortest form that
// reads back to the same double. NaN and infinities use the text-format spellings.
void AppendNumber(std::string& out, double value);

// Appends "# HELP name help\n# TYPE name type\n".
void AppendFamilyHeader(std::string& out, std::string_view name, std::string_view help,
                        std::string_view type);

// Collects FamilyText pieces (by pointer: they must outlive the merger) and writes each
// family once, in order of first appearance. The first piece's HELP and TYPE win.
class FamilyMerger {
 public:
  void Add(const FamilyText& family);
  size_t ByteSize() const;  // size of what AppendTo writes
  void AppendTo(std::string& out) const;

 private:
  struct Entry {
    const FamilyText* first = nullptr;
    std::vector<const std::string*> samples;
  };
  std::vector<Entry> entries_;
  std::unordered_map<std::string_view, size_t> index_;  // name -> entries_ position
};

}  // namespace five9exp
