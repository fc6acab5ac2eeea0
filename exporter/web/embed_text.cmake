# Turns a text file into a C++ source defining `std::string_view NAME()` in namespace five9exp.
# Usage: cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P embed_text.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )embedded\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by embed_text.cmake; do not edit.\n"
  "#include <string_view>\n\nnamespace five9exp {\n\n"
  "std::string_view ${NAME}() {\n"
  "  static constexpr char kText[] = R\"embedded(${text})embedded\";\n"
  "  return {kText, sizeof kText - 1};\n}\n\n}  // namespace five9exp\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
