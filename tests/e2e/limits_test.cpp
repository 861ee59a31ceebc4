// The load limits are configurable from the command line, and exceeding one is a
// yaml-syntax finding at the location, never a crash.
#include "support.hpp"

#include <catch2/catch.hpp>

using namespace ordlint::test;

namespace {
nlohmann::json lint(std::vector<std::string> args, const std::string& input) {
    args.insert(args.begin(), {"--format", "json"});
    args.push_back("-");
    RunResult run = runOrdlint(args, input);
    REQUIRE(run.exitCode == 1);
    return nlohmann::json::parse(run.out)["diagnostics"];
}
} // namespace

TEST_CASE("load limits are configurable", "[e2e][limits]") {
    auto deep = lint({"--max-depth", "3"}, "a: [[[[1]]]]\n");
    REQUIRE(deep.size() == 1);
    CHECK(deep[0]["rule"] == "yaml-syntax");
    CHECK(deep[0]["column"] == 6);
    CHECK(runOrdlint({"--max-depth", "5", "-"}, "a: [[[[1]]]]\n").exitCode == 0);

    auto aliases = lint({"--max-alias-nodes", "4"}, "a: &a [1, 2, 3]\nb: [*a, *a]\n");
    REQUIRE(aliases.size() == 1);
    CHECK(aliases[0]["line"] == 2);

    auto big = lint({"--max-file-bytes", "8"}, "apiVersion: v1\n");
    REQUIRE(big.size() == 1);
    CHECK(big[0]["line"] == 1);

    CHECK(runOrdlint({"--max-depth", "0", "-"}, "").exitCode == 2);
}
