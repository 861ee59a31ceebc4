#include "file_access.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <set>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ordlint {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBlock = 65536;

std::string errnoText(int error) {
    return std::strerror(error);
}

// Closes a descriptor when it goes out of scope.
class Descriptor {
  public:
    explicit Descriptor(int fd = -1) : fd_(fd) {}
    ~Descriptor() { reset(); }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const { return fd_; }
    void reset(int fd = -1) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

  private:
    int fd_;
};

ssize_t readRetrying(int fd, char* buffer, std::size_t size) {
    ssize_t got;
    do {
        got = ::read(fd, buffer, size);
    } while (got < 0 && errno == EINTR);
    return got;
}

bool writeFully(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// Reads `fd` to its end into `result`, stopping as soon as more than `maxBytes` arrived.
void readBounded(int fd, std::size_t maxBytes, BoundedRead& result) {
    char block[kBlock];
    while (true) {
        ssize_t got = readRetrying(fd, block, sizeof block);
        if (got < 0) {
            result.error = errnoText(errno);
            result.text.clear();
            return;
        }
        if (got == 0) return;
        if (result.text.size() + static_cast<std::size_t>(got) > maxBytes) {
            result.tooLarge = true;
            std::string().swap(result.text);
            return;
        }
        result.text.append(block, static_cast<std::size_t>(got));
    }
}

void setBlocking(int fd) {
    int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK)) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
}

std::string randomSuffix() {
    static thread_local std::mt19937_64 generator{std::random_device{}()};
    return fmt::format("{:012x}", generator() & 0xFFFFFFFFFFFFull);
}

// The file's bytes, up to `limit` + 1, through a descriptor that did not follow a link.
bool readAtMost(int dirFd, const std::string& name, std::size_t limit, std::string& text,
                struct stat& status) {
    Descriptor fd(::openat(dirFd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0 || ::fstat(fd.get(), &status) != 0) return false;
    char block[kBlock];
    while (text.size() <= limit) {
        ssize_t got = readRetrying(fd.get(), block, sizeof block);
        if (got < 0) return false;
        if (got == 0) break;
        text.append(block, static_cast<std::size_t>(got));
    }
    return true;
}

} // namespace

BoundedRead readDescriptorBounded(int fd, std::size_t maxBytes) {
    BoundedRead result;
    struct stat status {};
    if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode)) {
        off_t position = ::lseek(fd, 0, SEEK_CUR);
        auto remaining = static_cast<std::uint64_t>(status.st_size - std::max<off_t>(position, 0));
        if (remaining > maxBytes) {
            result.tooLarge = true;
            return result;
        }
        result.text.reserve(static_cast<std::size_t>(remaining));
    }
    readBounded(fd, maxBytes, result);
    return result;
}

BoundedRead readFileBounded(const fs::path& path, std::size_t maxBytes) {
    BoundedRead result;
    // Non-blocking, so that opening a FIFO without a writer returns at once.
    Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
    if (fd.get() < 0) {
        result.error = errno == ELOOP ? "symbolic link loop" : errnoText(errno);
        return result;
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) {
        result.error = errnoText(errno);
        return result;
    }
    if (S_ISDIR(status.st_mode)) {
        result.error = "is a folder";
        return result;
    }
    if (S_ISFIFO(status.st_mode)) {
        // No writer: read() says end of file at once (a writer that is there but silent
        // gives EAGAIN, and is then waited for).
        char first[kBlock];
        ssize_t got = readRetrying(fd.get(), first, sizeof first);
        if (got == 0) return result;
        if (got < 0 && errno != EAGAIN) {
            result.error = errnoText(errno);
            return result;
        }
        if (got > 0) {
            if (static_cast<std::size_t>(got) > maxBytes) {
                result.tooLarge = true;
                return result;
            }
            result.text.assign(first, static_cast<std::size_t>(got));
        }
    }
    setBlocking(fd.get());
    if (S_ISREG(status.st_mode)) {
        if (static_cast<std::uint64_t>(status.st_size) > maxBytes) {
            result.tooLarge = true;
            return result;
        }
        result.text.reserve(static_cast<std::size_t>(status.st_size));
    }
    readBounded(fd.get(), maxBytes, result);
    return result;
}

ReplaceOutcome replaceFileContent(const std::string& path, std::string_view expected,
                                  std::string_view text,
                                  const std::function<void()>& beforeCommit) {
    ReplaceOutcome outcome;
    auto refuse = [&](std::string reason) {
        outcome.refusal = std::move(reason);
        return outcome;
    };
    fs::path target(path);
    std::string name = target.filename().string();
    fs::path folder = target.parent_path();
    if (folder.empty()) folder = ".";
    if (name.empty() || name == "." || name == "..") return refuse("not a file");
    Descriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0) return refuse("cannot open its folder: " + errnoText(errno));

    struct stat status {};
    if (::fstatat(dir.get(), name.c_str(), &status, AT_SYMLINK_NOFOLLOW) != 0)
        return refuse(errnoText(errno));
    if (S_ISLNK(status.st_mode))
        return refuse("it is a symbolic link, and ordlint does not write through links (fix the "
                      "file it points to, by its own name)");
    if (!S_ISREG(status.st_mode)) return refuse("it is not a regular file");
    if (status.st_nlink > 1)
        return refuse(fmt::format("it has {} hard links, and replacing it would separate them "
                                  "(apply the fix with an editor)",
                                  status.st_nlink));
    // The mode bits decide, not access(): root may write anything, but a file nobody may write
    // was made read-only on purpose.
    if ((status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
        ::faccessat(dir.get(), name.c_str(), W_OK, AT_EACCESS) != 0)
        return refuse("it is read-only");

    std::string current;
    struct stat opened {};
    if (!readAtMost(dir.get(), name, expected.size(), current, opened))
        return refuse("cannot read it again: " + errnoText(errno));
    if (opened.st_ino != status.st_ino || opened.st_dev != status.st_dev || current != expected)
        return refuse("it changed on disk while ordlint ran");

    // The new content: an unnamed file (O_TMPFILE) that a crash leaves nowhere, named only
    // once complete; where the file system cannot, a new file with a random hidden name.
    mode_t mode = status.st_mode & 07777;
    Descriptor temporary(
        ::openat(dir.get(), ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, S_IRUSR | S_IWUSR));
    std::string temporaryName;
    if (temporary.get() < 0) {
        for (int attempt = 0; attempt < 16 && temporary.get() < 0; ++attempt) {
            temporaryName = "." + name + ".ordlint-" + randomSuffix();
            temporary.reset(::openat(dir.get(), temporaryName.c_str(),
                                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                     S_IRUSR | S_IWUSR));
            if (temporary.get() < 0 && errno != EEXIST) break;
        }
        if (temporary.get() < 0)
            return refuse("cannot create a temporary file beside it: " + errnoText(errno));
    }
    auto discard = [&] {
        if (!temporaryName.empty()) ::unlinkat(dir.get(), temporaryName.c_str(), 0);
    };
    // Owner first: changing it clears the set-user-ID bits that fchmod then restores. Only
    // root may give a file away; anyone else keeps their own (the group, where they may).
    if (::fchown(temporary.get(), status.st_uid, status.st_gid) != 0)
        (void)!::fchown(temporary.get(), static_cast<uid_t>(-1), status.st_gid);
    if (!writeFully(temporary.get(), text) || ::fchmod(temporary.get(), mode) != 0 ||
        ::fsync(temporary.get()) != 0) {
        std::string reason = errnoText(errno);
        discard();
        return refuse("cannot write the new content: " + reason);
    }
    if (beforeCommit) beforeCommit();
    if (temporaryName.empty()) {
        std::string self = fmt::format("/proc/self/fd/{}", temporary.get());
        for (int attempt = 0; attempt < 16 && temporaryName.empty(); ++attempt) {
            std::string candidate = "." + name + ".ordlint-" + randomSuffix();
            if (::linkat(AT_FDCWD, self.c_str(), dir.get(), candidate.c_str(), AT_SYMLINK_FOLLOW) ==
                0)
                temporaryName = candidate;
            else if (errno != EEXIST)
                break;
        }
        if (temporaryName.empty())
            return refuse("cannot name the new content: " + errnoText(errno));
    }
    if (::renameat(dir.get(), temporaryName.c_str(), dir.get(), name.c_str()) != 0) {
        std::string reason = errnoText(errno);
        discard();
        return refuse("cannot replace it: " + reason);
    }
    ::fsync(dir.get());
    outcome.written = true;
    return outcome;
}

FolderLocks::FolderLocks(const std::vector<fs::path>& folders) {
    std::set<std::string> ordered;
    for (const fs::path& folder : folders) {
        std::error_code error;
        fs::path canonical = fs::canonical(folder, error);
        if (!error) ordered.insert(canonical.string());
    }
    for (const std::string& folder : ordered) {
        int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) continue;
        while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
        descriptors_.push_back(fd);
    }
}

FolderLocks::~FolderLocks() {
    for (int fd : descriptors_)
        ::close(fd); // closing releases the lock
}

FolderLocks::FolderLocks(FolderLocks&& other) noexcept
    : descriptors_(std::move(other.descriptors_)) {
    other.descriptors_.clear();
}

FolderLocks& FolderLocks::operator=(FolderLocks&& other) noexcept {
    if (this != &other) {
        for (int fd : descriptors_)
            ::close(fd);
        descriptors_ = std::move(other.descriptors_);
        other.descriptors_.clear();
    }
    return *this;
}

ReportFile openReportFile(const std::string& path) {
    ReportFile file;
    struct stat link {};
    bool isLink = ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode);
    // `/dev/stdout` and `/proc/self/fd/N` are links that the command line (the CI's own
    // configuration, not the checkout) names on purpose: followed wherever they lead.
    bool deviceAlias = path.rfind("/dev/", 0) == 0 || path.rfind("/proc/self/fd/", 0) == 0;
    if (isLink && !deviceAlias) {
        struct stat target {};
        if (::stat(path.c_str(), &target) != 0 || S_ISREG(target.st_mode) ||
            S_ISDIR(target.st_mode)) {
            file.error = path + " is a symbolic link; ordlint does not write a report through "
                                "links (remove it, or name the file it points to)";
            return file;
        }
    }
    file.fd = ::open(path.c_str(),
                     O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY | (isLink ? 0 : O_NOFOLLOW), 0666);
    if (file.fd < 0) file.error = "cannot write " + path + ": " + errnoText(errno);
    return file;
}

bool writeReportFile(ReportFile& file, std::string_view content, std::string& error) {
    struct stat status {};
    if (::fstat(file.fd, &status) == 0 && S_ISREG(status.st_mode) && ::ftruncate(file.fd, 0) != 0) {
        error = errnoText(errno);
        return false;
    }
    if (!writeFully(file.fd, content)) {
        error = errnoText(errno);
        return false;
    }
    return true;
}

void closeReportFile(ReportFile& file) {
    if (file.fd >= 0) ::close(file.fd);
    file.fd = -1;
}

std::filesystem::path repositoryRoot(const std::filesystem::path& from) {
    std::error_code error;
    for (std::filesystem::path folder = from; !folder.empty(); folder = folder.parent_path()) {
        if (std::filesystem::exists(folder / ".git", error)) return folder;
        if (folder == folder.parent_path()) break;
    }
    return from;
}

std::vector<std::filesystem::path> yamlFilesUnder(const std::filesystem::path& folder) {
    std::error_code error;
    std::vector<std::filesystem::path> files;
    for (std::filesystem::recursive_directory_iterator it(folder, error), end; !error && it != end;
         it.increment(error)) {
        std::string extension = it->path().extension().string();
        if (it->is_regular_file() && (extension == ".yaml" || extension == ".yml"))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

} // namespace ordlint
