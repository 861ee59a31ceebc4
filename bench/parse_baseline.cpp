// The parse-only baseline of bench/run.sh: reads the same files as ordlint (folders searched
// recursively for *.yaml, *.yml, *.json; hidden folders skipped) and parses every document
// with yaml-cpp, the library ordlint uses, building yaml-cpp's own node trees. Nothing else.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        if (!fs::is_directory(argv[i])) {
            files.emplace_back(argv[i]);
            continue;
        }
        for (auto it = fs::recursive_directory_iterator(argv[i]);
             it != fs::recursive_directory_iterator(); ++it) {
            std::string name = it->path().filename().string();
            if (name.size() > 1 && name[0] == '.') {
                if (it->is_directory()) it.disable_recursion_pending();
                continue;
            }
            std::string ext = it->path().extension().string();
            if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json"))
                files.push_back(it->path());
        }
    }
    std::sort(files.begin(), files.end());
    std::size_t documents = 0, failures = 0;
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        try {
            documents += YAML::LoadAll(text.str()).size();
        } catch (const YAML::Exception&) {
            ++failures;
        }
    }
    std::cout << files.size() << " files, " << documents << " documents, " << failures
              << " failures\n";
}
