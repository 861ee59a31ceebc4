// Runs ordlint over every manifest of ../shared/corpus (real files from public repositories):
// no crash, exit code 0 or 1, valid JSON, and no yaml-syntax finding, since every corpus file
// is valid YAML. Exits 77 (skipped) when the corpus is not beside the project.
#include "support.hpp"

#include <filesystem>
#include <iostream>

using namespace ordlint::test;

int main() {
    std::string corpus = sourcePath("../shared/corpus");
    if (!std::filesystem::is_directory(corpus)) {
        std::cout << "SKIPPED: " << corpus << " not found (it sits beside the project in CI)\n";
        return 77;
    }
    RunResult run = runOrdlint({"--format", "json", corpus});
    if (run.exitCode != 0 && run.exitCode != 1) {
        std::cout << "FAILED: exit code " << run.exitCode << "\n" << run.err << "\n";
        return 1;
    }
    nlohmann::json report;
    try {
        report = nlohmann::json::parse(run.out);
    } catch (const std::exception& error) {
        std::cout << "FAILED: output is not JSON: " << error.what() << "\n";
        return 1;
    }
    int syntaxFindings = 0;
    for (const auto& d : report["diagnostics"]) {
        if (d["rule"] != "yaml-syntax") continue;
        ++syntaxFindings;
        std::cout << "yaml-syntax: " << d["file"].get<std::string>() << ":" << d["line"] << ": "
                  << d["message"].get<std::string>() << "\n";
    }
    std::cout << "corpus: " << report["summary"]["files"] << " files, "
              << report["summary"]["objects"] << " objects, " << report["diagnostics"].size()
              << " findings\n";
    if (syntaxFindings > 0 || report["summary"]["files"].get<int>() < 1000) {
        std::cout << "FAILED\n";
        return 1;
    }
    std::cout << "1 passed, 0 failed\n";
    return 0;
}
