#pragma once
// TempDirForTest: a private temporary folder (under $TMPDIR, else /tmp), removed with
// everything in it at scope exit (f9_test_support). Owned by one test; not thread-safe.

#include <string>

namespace five9exp {

class TempDirForTest {
 public:
  // Throws std::runtime_error when the folder cannot be made (the test fails, never
  // writes elsewhere).
  TempDirForTest();
  ~TempDirForTest();
  TempDirForTest(const TempDirForTest&) = delete;
  TempDirForTest& operator=(const TempDirForTest&) = delete;

  const std::string& path() const { return path_; }

  // Writes `content` to `name` inside the folder and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace five9exp
