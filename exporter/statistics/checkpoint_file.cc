#include "exporter/statistics/checkpoint_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace five9exp {
namespace {

tl::unexpected<Error> IoError(std::string_view step, const std::string& path, int error) {
  return MakeError(ErrorCode::kIo, std::string(step) + " " + path + ": " + std::strerror(error));
}

// Closes the descriptor on every path out.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  // Closes now and reports close's own error (a deferred write error surfaces here).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

}  // namespace

std::string CheckpointPath(std::string_view directory, std::string_view domain) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string name;
  for (unsigned char c : domain) {
    if (std::isalnum(c) || c == '_' || c == '-') {
      name.push_back(static_cast<char>(c));
    } else {
      name.push_back('%');
      name.push_back(kHex[c >> 4]);
      name.push_back(kHex[c & 0xF]);
    }
  }
  std::string path(directory);
  if (!path.empty() && path.back() != '/') path.push_back('/');
  return path + name + ".checkpoint";
}

Result<void> WriteFileAtomically(const std::string& path, std::string_view bytes) {
  const std::string temp = path + ".tmp-" + std::to_string(::getpid());
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return IoError("cannot create", temp, errno);
  auto fail = [&](std::string_view step) {
    const int error = errno;
    ::unlink(temp.c_str());
    return IoError(step, temp, error);
  };
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write");
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot fsync");
  if (fd.Close() != 0) return fail("cannot close");
  if (::rename(temp.c_str(), path.c_str()) != 0) return fail("cannot rename to " + path + ":");
  const std::string folder = std::filesystem::path(path).parent_path().string();
  Fd dir(::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) return IoError("cannot open folder", folder, errno);
  if (::fsync(dir.get()) != 0) return IoError("cannot fsync folder", folder, errno);
  return {};
}

Result<std::optional<std::string>> ReadSmallFile(const std::string& path, size_t max_bytes) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::optional<std::string>();
    return IoError("cannot open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return IoError("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) return MakeError(ErrorCode::kIo, path + " is not a regular file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return MakeError(ErrorCode::kIo,
                     path + " is larger than " + std::to_string(max_bytes) + " bytes; not read");
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::read(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("cannot read", path, errno);
    if (n == 0) break;  // shrank while reading: the decoder will refuse the short bytes
    done += static_cast<size_t>(n);
  }
  bytes.resize(done);
  return std::optional<std::string>(std::move(bytes));
}

Result<void> EnsureStateDirectory(const std::string& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return MakeError(ErrorCode::kIo, "cannot create " + directory + ": " + ec.message());
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    return IoError("cannot write to", directory, errno);
  }
  return {};
}

}  // namespace five9exp
