// shell-in-env's `help` proposes `$(NAME)` only where the kubelet could expand it: NAME defined
// earlier (rewrite), later (rewrite and move the entry), or not at all (the image's own
// variables, such as HOME: no env reference reaches them).
#include "support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace ordlint;
using namespace ordlint::test;

TEST_CASE("shell-in-env help depends on where the variable is defined") {
    const std::string fixture = "testdata/rules/shell-in-env/image-variables.yaml";
    InProcess result = lintText(readText(sourcePath(fixture)), fixture);
    std::map<std::string, std::string> helpByVariable;
    for (const Diagnostic& d : result.diagnostics)
        if (d.rule == "shell-in-env")
            helpByVariable[d.message.substr(0, d.message.find(" uses "))] = d.help;
    REQUIRE(helpByVariable.size() == 2);
    const std::string& home = helpByVariable["the value of env var DATA_DIR"];
    CHECK(home.find("cannot read HOME") != std::string::npos);
    CHECK(home.find("move") == std::string::npos);
    CHECK(helpByVariable["the value of env var LOG_DIR"] ==
          "write $(DATA_DIR): Kubernetes expands $(NAME) from earlier env entries");

    InProcess later = lintText("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
                               "  containers:\n  - name: c\n    image: busybox:1.36\n    env:\n"
                               "    - {name: URL, value: 'http://${HOST}:80'}\n"
                               "    - {name: HOST, value: localhost}\n",
                               "later.yaml");
    REQUIRE(later.diagnostics.size() >= 1);
    bool moved = false;
    for (const Diagnostic& d : later.diagnostics)
        if (d.rule == "shell-in-env")
            moved = d.help == "write $(HOST) and move HOST above URL: Kubernetes expands $(NAME) "
                              "only from earlier env entries";
    CHECK(moved);
}
