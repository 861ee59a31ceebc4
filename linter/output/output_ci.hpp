#pragma once
// The formats CI systems read: SARIF 2.1.0 (GitHub code scanning), GitHub workflow commands
// (annotations in the job log and the diff) and JUnit XML (test reports in CI dashboards).

#include "diagnostic.hpp"
#include "output.hpp"
#include "rule_contract.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace ordlint {

// SARIF artifact URIs are relative to `root` (the repository root; default: the working
// directory), with %SRCROOT% as their base.
struct SarifOptions {
    std::string root;
};
// The rules of `registry` are described in the run's tool.driver.rules.
void writeSarif(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                const RuleRegistry& registry, const SarifOptions& options = {});

// `::error file=...,line=...::message`, one per finding, then the summary line.
void writeGithub(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                 const RunSummary& summary);
// GitHub's escaping of a workflow command's message and of a property value.
std::string escapeGithubData(std::string_view text);
std::string escapeGithubProperty(std::string_view text);

// One <testsuite> per linted file, one failing <testcase> per finding at or above `failOn`
// (findings below it are listed as passed with their text in <system-out>), one passing
// <testcase> for a file without findings.
void writeJunit(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
                const std::vector<std::string>& files, std::optional<Severity> failOn);

} // namespace ordlint
