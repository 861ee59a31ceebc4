// Safe reading and writing (file_access.hpp): what `--fix` relies on when a crash, a kill -9
// or another process comes in between.
#include "file_access.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/stat.h>

using namespace ordlint;
namespace fs = std::filesystem;

namespace {

struct Folder {
    Folder() {
        path = fs::temp_directory_path() /
               ("ordlint-file-access-" + std::to_string(std::random_device{}()));
        fs::create_directories(path);
    }
    ~Folder() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name, std::ios::binary) << text;
        return path / name;
    }
    std::vector<std::string> names() const {
        std::vector<std::string> found;
        for (const auto& entry : fs::directory_iterator(path))
            found.push_back(entry.path().filename().string());
        std::sort(found.begin(), found.end());
        return found;
    }
    fs::path path;
};

} // namespace

TEST_CASE("replaceFileContent: the new content has no name until it is complete", "[file-access]") {
    Folder folder;
    fs::path file = folder.write("m.yaml", "old\n");
    std::vector<std::string> namesWhileWriting;
    ReplaceOutcome outcome = replaceFileContent(file.string(), "old\n", "new\n",
                                                [&] { namesWhileWriting = folder.names(); });
    CHECK(outcome.written);
    CHECK(outcome.refusal.empty());
    // A kill -9 at that point leaves the folder as it was: no temporary file to clean up.
    CHECK(namesWhileWriting == std::vector<std::string>{"m.yaml"});
    CHECK(folder.names() == std::vector<std::string>{"m.yaml"});
    CHECK(ordlint::test::readText(file.string()) == "new\n");
}

TEST_CASE("replaceFileContent: a file changed since it was read is not replaced", "[file-access]") {
    Folder folder;
    fs::path file = folder.write("m.yaml", "edited by someone else\n");
    ReplaceOutcome outcome = replaceFileContent(file.string(), "what was linted\n", "fixed\n");
    CHECK(!outcome.written);
    CHECK(outcome.refusal == "it changed on disk while ordlint ran");
    CHECK(ordlint::test::readText(file.string()) == "edited by someone else\n");
}

TEST_CASE("replaceFileContent: read-only means the mode bits, also for root", "[file-access]") {
    Folder folder;
    fs::path file = folder.write("m.yaml", "old\n");
    ::chmod(file.c_str(), 0444);
    ReplaceOutcome outcome = replaceFileContent(file.string(), "old\n", "new\n");
    CHECK(!outcome.written);
    CHECK(outcome.refusal == "it is read-only");
    CHECK(ordlint::test::readText(file.string()) == "old\n");
}

TEST_CASE("readFileBounded stops at the limit and keeps nothing", "[file-access]") {
    BoundedRead zero = readFileBounded("/dev/zero", 100000);
    CHECK(zero.tooLarge);
    CHECK(zero.text.empty());
    CHECK(zero.text.capacity() < 100000);
    Folder folder;
    fs::path file = folder.write("small.yaml", "a: 1\n");
    BoundedRead small = readFileBounded(file, 5);
    CHECK(!small.tooLarge);
    CHECK(small.text == "a: 1\n");
    CHECK(readFileBounded(file, 4).tooLarge);
    CHECK(readFileBounded(folder.path, 100).error == "is a folder");
}
