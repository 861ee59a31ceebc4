// The same input gives byte-identical output whatever --jobs, the order files were created in
// on disk, or the locale.
#include "support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace ordlint::test;

namespace {

// A tree of manifests with findings in several files, written in the given file order.
void writeTree(const fs::path& root, bool reversed) {
    std::vector<std::pair<std::string, std::string>> files;
    for (int i = 0; i < 24; ++i) {
        std::string name = "dir" + std::to_string(i % 3) + "/m" + std::to_string(i) + ".yaml";
        std::string text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c" +
                           std::to_string(i) +
                           "\ndata:\n  k: \"1\"\n  k: \"2\"\n---\napiVersion: v1\nkind: ConfigMap\n"
                           "metadata:\n  name: c" +
                           std::to_string(i) + "\n";
        if (i % 5 == 0) text += "---\nbroken: [\n";
        if (i % 4 == 0) {
            // Findings of several rules at once (unknown-field, env-ref-order,
            // unreachable-pod-index), which run on several threads.
            std::string app = "db" + std::to_string(i);
            text +=
                "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: " + app +
                "}\nspec:\n  replicas: 2\n  serviceName: " + app +
                "\n  selector: {matchLabels: {app: " + app +
                "}}\n  template:\n    metadata: {labels: {app: " + app +
                "}}\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n"
                "        unknownField: 1\n        env:\n        - {name: A, value: \"$(B)\"}\n"
                "        - {name: B, value: x}\n"
                "---\napiVersion: v1\nkind: Service\nmetadata: {name: " +
                app + "-5}\nspec:\n  selector: {app: " + app +
                ", apps.kubernetes.io/pod-index: \"5\"}\n  ports: [{port: 80}]\n";
        }
        files.emplace_back(name, text);
    }
    if (reversed) std::reverse(files.begin(), files.end());
    fs::remove_all(root);
    for (const auto& [name, text] : files) {
        fs::create_directories((root / name).parent_path());
        std::ofstream(root / name) << text;
    }
}

} // namespace

TEST_CASE("output is identical for every --jobs, file order on disk and locale",
          "[e2e][determinism]") {
    fs::path base = fs::temp_directory_path() / "ordlint-determinism";
    fs::remove_all(base);
    writeTree(base / "a" / "tree", false);
    writeTree(base / "b" / "tree", true);
    // Run from inside each base so the reported paths are the same relative paths.
    auto run = [&](const fs::path& where, std::vector<std::string> args,
                   std::vector<std::string> env = {}) {
        args.push_back((where / "tree").string());
        RunResult result = runOrdlint(args, "", env);
        std::string out = result.out;
        std::string prefix = where.string() + "/";
        for (std::size_t at; (at = out.find(prefix)) != std::string::npos;)
            out.erase(at, prefix.size());
        return out;
    };
    for (std::string format : {"json", "text"}) {
        INFO("format " << format);
        std::string reference = run(base / "a", {"--format", format, "--jobs", "1"});
        CHECK(reference.find("duplicate-key") != std::string::npos);
        CHECK(run(base / "a", {"--format", format, "--jobs", "2"}) == reference);
        CHECK(run(base / "a", {"--format", format, "--jobs", "8"}) == reference);
        CHECK(run(base / "b", {"--format", format, "--jobs", "8"}) == reference);
        CHECK(run(base / "b", {"--format", format}, {"LC_ALL=C"}) == reference);
        CHECK(run(base / "b", {"--format", format}, {"LC_ALL=C.UTF-8", "LANG=C.UTF-8"}) ==
              reference);
    }
    fs::remove_all(base);
}

TEST_CASE("one large stream gives the same output for every --jobs, also at its limits",
          "[e2e][determinism]") {
    // Over 2 MiB in one file: the loader parses its documents in parallel batches.
    fs::path dir = fs::temp_directory_path() / "ordlint-determinism-stream";
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string text;
    for (int i = 0; text.size() < (std::size_t(5) << 19); ++i) {
        std::string n = std::to_string(i);
        text += "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db" + n +
                "}\nspec:\n  replicas: 2\n  serviceName: db" + n +
                "\n  selector: {matchLabels: {app: db" + n +
                "}}\n  template:\n    metadata: {labels: {app: db" + n +
                "}}\n    spec:\n      containers:\n      - name: db\n        image: postgres:16\n"
                "        command: [\"sh\", \"-c\"]\n        args:\n        - |\n"
                "          echo start\n          ---\n          echo db" +
                n + "-0.db" + n + "\n        unknownField: 1\n";
        text += "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c" + n +
                "\ndata:\n  k: \"1\"\n  k: \"2\"\n";
        if (i % 97 == 0) text += "---\nbroken: [\n";
        if (i % 89 == 0)
            text += "---\napiVersion: v1\nkind: Service\nmetadata: {name: db" + n +
                    "-5}\nspec:\n  selector: {app: db" + n +
                    ", apps.kubernetes.io/pod-index: \"5\"}\n  ports: [{port: 80}]\n";
    }
    std::ofstream(dir / "stream.yaml") << text;
    auto run = [&](std::vector<std::string> args) {
        args.push_back((dir / "stream.yaml").string());
        return runOrdlint(args).out;
    };
    for (std::vector<std::string> limits :
         {std::vector<std::string>{}, {"--max-documents", "3000"}, {"--max-nodes", "70000"}}) {
        std::vector<std::string> args = {"--format", "json"};
        args.insert(args.end(), limits.begin(), limits.end());
        INFO("limits " << (limits.empty() ? "none" : limits[0]));
        auto withJobs = [&](const std::string& jobs) {
            std::vector<std::string> all = args;
            all.insert(all.end(), {"--jobs", jobs});
            return run(all);
        };
        std::string reference = withJobs("1");
        CHECK(reference.find("duplicate-key") != std::string::npos);
        CHECK(reference.find("yaml-syntax") != std::string::npos);
        if (!limits.empty()) CHECK(reference.find(limits[0]) != std::string::npos);
        CHECK(withJobs("2") == reference);
        CHECK(withJobs("4") == reference);
    }
    fs::remove_all(dir);
}
