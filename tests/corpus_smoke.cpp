// Lints ../shared/corpus (real manifests from public repositories), one run per repository
// folder as its owners would run it, and checks:
//   - no crash: exit code 0 or 1 and valid JSON;
//   - no yaml-syntax finding (every corpus file is valid YAML);
//   - the findings are exactly those listed, each with its reason, in
//     testdata/corpus-findings.txt: a new finding is a false positive until someone defends
//     it there, and a vanished one is a lost true positive.
// Exits 77 (reported as skipped by ctest) when the corpus is not beside the project.
#include "support.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using namespace ordlint::test;

namespace {

// "rule path:line", path relative to the corpus folder.
std::multiset<std::string> expectedFindings(const std::string& listPath) {
    std::multiset<std::string> findings;
    std::istringstream in(readText(listPath));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::string entry = line.substr(0, line.find(" -- "));
        while (!entry.empty() && entry.back() == ' ')
            entry.pop_back();
        findings.insert(entry);
    }
    return findings;
}

} // namespace

int main() {
    std::vector<fs::path> repositories;
    for (const std::string& repository : corpusRepositories())
        repositories.emplace_back(repository);
    if (repositories.empty()) return 77; // skipped, with the reason printed
    const fs::path corpus = sourcePath("../shared/corpus");

    bool failed = false;
    int files = 0;
    std::multiset<std::string> actual;
    for (const fs::path& repository : repositories) {
        RunResult run = runOrdlint({"--format", "json", repository.string()});
        if (run.exitCode != 0 && run.exitCode != 1) {
            std::cout << "FAILED: " << repository.filename().string() << ": exit code "
                      << run.exitCode << "\n"
                      << run.err << "\n";
            failed = true;
            continue;
        }
        nlohmann::json report;
        try {
            report = nlohmann::json::parse(run.out);
        } catch (const std::exception& error) {
            std::cout << "FAILED: " << repository.filename().string()
                      << ": output is not JSON: " << error.what() << "\n";
            failed = true;
            continue;
        }
        files += report["summary"]["files"].get<int>();
        for (const auto& d : report["diagnostics"]) {
            std::string path =
                fs::path(d["file"].get<std::string>()).lexically_relative(corpus).generic_string();
            std::string entry = d["rule"].get<std::string>() + " " + path + ":" +
                                std::to_string(d["line"].get<int>());
            actual.insert(entry);
            if (d["rule"] == "yaml-syntax") {
                std::cout << "FAILED: corpus files are valid YAML, but: " << entry << ": "
                          << d["message"].get<std::string>() << "\n";
                failed = true;
            }
        }
    }

    std::multiset<std::string> expected =
        expectedFindings(sourcePath("testdata/corpus-findings.txt"));
    std::vector<std::string> unexpected, missing;
    std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                        std::back_inserter(unexpected));
    std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                        std::back_inserter(missing));
    for (const std::string& entry : unexpected)
        std::cout
            << "unexpected finding (false positive, or defend it in testdata/corpus-findings.txt): "
            << entry << "\n";
    for (const std::string& entry : missing)
        std::cout << "listed finding no longer reported: " << entry << "\n";
    failed = failed || !unexpected.empty() || !missing.empty();

    std::cout << "corpus: " << repositories.size() << " repositories, " << files << " files, "
              << actual.size() << " findings\n";
    if (files < 1000) {
        std::cout << "FAILED: expected the whole corpus (over 1,000 files)\n";
        failed = true;
    }
    std::cout << (failed ? "0 passed, 1 failed\n" : "1 passed, 0 failed\n");
    return failed ? 1 : 0;
}
