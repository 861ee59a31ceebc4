// The README's samples stay true: every fenced block that starts with `$ ordlint ...` is run
// (from the repository root, with this build's ordlint first on PATH) and must show what the
// command prints, and the `ordlint init` sample is the file it writes.
#include "shell_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace ordlint::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

struct Block {
    int line = 0; // of the opening fence
    std::vector<std::string> lines;
};

std::vector<Block> fencedBlocks(const std::string& markdown) {
    std::vector<Block> blocks;
    std::vector<std::string> lines = linesOf(markdown);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("```", 0) != 0) continue;
        Block block{static_cast<int>(i + 1), {}};
        while (++i < lines.size() && lines[i].rfind("```", 0) != 0)
            block.lines.push_back(lines[i]);
        blocks.push_back(block);
    }
    return blocks;
}

// `...` in a sample line stands for any text.
bool lineMatches(const std::string& pattern, const std::string& line) {
    std::size_t gap = pattern.find("...");
    if (gap == std::string::npos) return pattern == line;
    std::string head = pattern.substr(0, gap), rest = pattern.substr(gap + 3);
    if (line.rfind(head, 0) != 0) return false;
    for (std::size_t at = head.size(); at <= line.size(); ++at)
        if (lineMatches(rest, line.substr(at))) return true;
    return false;
}

// A sample line that is only `...` stands for any number of lines.
bool outputMatches(const std::vector<std::string>& sample, std::size_t s,
                   const std::vector<std::string>& output, std::size_t o) {
    if (s == sample.size()) return o == output.size();
    if (sample[s] == "...") {
        for (std::size_t skip = o; skip <= output.size(); ++skip)
            if (outputMatches(sample, s + 1, output, skip)) return true;
        return false;
    }
    return o < output.size() && lineMatches(sample[s], output[o]) &&
           outputMatches(sample, s + 1, output, o + 1);
}

} // namespace

TEST_CASE("the README's command samples show what ordlint prints", "[e2e][readme]") {
    std::string path = fs::path(ORDLINT_BINARY).parent_path().string();
    int checked = 0;
    for (const Block& block : fencedBlocks(readText(sourcePath("README.md")))) {
        if (block.lines.empty() || block.lines.front().rfind("$ ordlint", 0) != 0) continue;
        std::string command = block.lines.front().substr(2);
        std::vector<std::string> sample(block.lines.begin() + 1, block.lines.end());
        ShellResult run =
            runShell("PATH=" + shellQuoted(path) + ":\"$PATH\" NO_COLOR=1 " + command + " 2>&1",
                     sourcePath(""));
        INFO("README.md:" << block.line << ": " << command << "\nprints:\n" << run.out);
        CHECK(outputMatches(sample, 0, linesOf(run.out), 0));
        ++checked;
    }
    CHECK(checked >= 4);
}

TEST_CASE("the README's `ordlint init` sample is the file ordlint init writes", "[e2e][readme]") {
    std::string readme = readText(sourcePath("README.md"));
    std::size_t anchor = readme.find("`ordlint init` writes this commented default:");
    REQUIRE(anchor != std::string::npos);
    std::size_t open = readme.find("```yaml\n", anchor);
    std::size_t close = readme.find("```\n", open + 8);
    REQUIRE(open != std::string::npos);
    REQUIRE(close != std::string::npos);
    ScratchDir scratch("readme-init");
    REQUIRE(runShell(shellQuoted(ORDLINT_BINARY) + " init", scratch.path()).exitCode == 0);
    CHECK(readme.substr(open + 8, close - open - 8) ==
          readText((scratch.path() / ".ordlint.yaml").string()));
}
