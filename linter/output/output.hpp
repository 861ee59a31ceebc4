#pragma once
// Formatters: diagnostics in, bytes out. Every format is deterministic for the same input.

#include "diagnostic.hpp"
#include "model.hpp"
#include "project_identity.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace ordlint {

struct RunSummary {
    std::size_t files = 0;
    std::size_t objects = 0;
};

struct TextStyle {
    bool color = false;
    bool quiet = false;
};

void writeText(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
               const RunSummary& summary, const TextStyle& style);
void writeJson(std::ostream& out, const std::vector<Diagnostic>& diagnostics,
               const RunSummary& summary);

// "2 errors, 1 warning in 3 files (41 objects)"
std::string summaryLine(const std::vector<Diagnostic>& diagnostics, const RunSummary& summary);

} // namespace ordlint
