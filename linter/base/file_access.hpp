#pragma once
// Reading and writing files that someone else controls: every manifest, config file and file
// name of a pull request may be hostile. Reads are bounded while they happen (never "read it
// all, then check the size"), a FIFO without a writer does not block, and writes never follow
// a symbolic link, never go through a fixed temporary name, and never leave half a file.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ordlint {

struct BoundedRead {
    std::string text;      // empty when too large or unreadable
    bool tooLarge = false; // more than the limit: nothing was kept
    std::string error;     // why it could not be read ("Permission denied"), else empty
};

// Reads a file, holding at most `maxBytes` + one block: a regular file's size is checked with
// fstat before reading, everything else (devices, /proc files, pipes) while reading. A FIFO
// that has no writer reads as empty instead of blocking; a folder is an error.
BoundedRead readFileBounded(const std::filesystem::path& path, std::size_t maxBytes);
// The same for an open descriptor (standard input: `cat /dev/zero | ordlint -`).
BoundedRead readDescriptorBounded(int fd, std::size_t maxBytes);

// The .yaml and .yml regular files below `folder` (recursively), sorted: a --schema-dir read
// the same way wherever it is read. A folder that cannot be read yields what was found before.
std::vector<std::filesystem::path> yamlFilesUnder(const std::filesystem::path& folder);

// The repository `from` is in: the nearest folder at or above it that holds `.git` (a folder,
// or a file in a worktree or submodule); `from` itself when there is none. SARIF locations are
// relative to it, as GitHub code scanning reads them.
std::filesystem::path repositoryRoot(const std::filesystem::path& from);

// Why `--fix` did not write a file, for its "not fixed" line; empty when it did.
struct ReplaceOutcome {
    bool written = false;
    std::string refusal;
};

// Replaces the content of the regular file `path` with `text`, if the file still holds
// `expected` (what was linted). The new text goes to a temporary file created exclusively in
// the same folder (unnamed until complete where the file system allows, else a random hidden
// name), with the original's mode and (where permitted) owner, is synced, and is renamed over
// the original. Refused, with the reason: a symbolic link (never followed), a file with other
// hard links (renaming would split them), a read-only file (judged by its mode bits, so also
// when running as root), a file that changed since it was read. `beforeCommit` runs once the
// new content is written and synced, before it takes the file's name (tests look there).
ReplaceOutcome replaceFileContent(const std::string& path, std::string_view expected,
                                  std::string_view text,
                                  const std::function<void()>& beforeCommit = {});

// Exclusive advisory locks (flock) on folders, held until destruction: two `ordlint --fix`
// runs over the same files take turns instead of interleaving their reads and writes.
// Folders are locked in a fixed order (sorted canonical paths) so that two runs cannot
// deadlock; a folder that cannot be opened is skipped.
class FolderLocks {
  public:
    FolderLocks() = default;
    explicit FolderLocks(const std::vector<std::filesystem::path>& folders);
    ~FolderLocks();
    FolderLocks(const FolderLocks&) = delete;
    FolderLocks& operator=(const FolderLocks&) = delete;
    FolderLocks(FolderLocks&& other) noexcept;
    FolderLocks& operator=(FolderLocks&& other) noexcept;

  private:
    std::vector<int> descriptors_;
};

// The report file of --output, opened for writing but not yet truncated (the report may be
// one of the inputs). Refuses a symbolic link to a regular file, to a folder or to nothing:
// a committed `ordlint.sarif -> ~/.bashrc` must not be overwritten; a link to a device or
// pipe is followed, and so are `/dev/...` and `/proc/self/fd/...` paths (`--output
// /dev/stdout` when stdout is a file).
struct ReportFile {
    int fd = -1;
    std::string error; // set when it cannot be used
};
ReportFile openReportFile(const std::string& path);
// Truncates the report file and writes `content`; false with `error` set on failure.
bool writeReportFile(ReportFile& file, std::string_view content, std::string& error);
void closeReportFile(ReportFile& file);

} // namespace ordlint
