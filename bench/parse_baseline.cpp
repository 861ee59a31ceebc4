// The parse-only baseline of bench/run.sh: reads the same files as ordlint (folders searched
// recursively for *.yaml, *.yml, *.json; hidden folders skipped) and parses every document
// with yaml-cpp, the library ordlint uses, building yaml-cpp's own node trees. Nothing else.
// With --events first, it only runs yaml-cpp's parser over the documents and discards its
// events: the least any program that reads YAML through yaml-cpp must spend on the text.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

namespace fs = std::filesystem;

namespace {

class DiscardEvents : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

std::size_t parseEventsOnly(std::istream& text) {
    YAML::Parser parser(text);
    DiscardEvents discard;
    std::size_t documents = 0;
    while (parser.HandleNextDocument(discard))
        ++documents;
    return documents;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<fs::path> files;
    bool eventsOnly = argc > 1 && std::string_view(argv[1]) == "--events";
    for (int i = eventsOnly ? 2 : 1; i < argc; ++i) {
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
            documents += eventsOnly ? parseEventsOnly(text) : YAML::LoadAll(text.str()).size();
        } catch (const YAML::Exception&) {
            ++failures;
        }
    }
    std::cout << files.size() << " files, " << documents << " documents, " << failures
              << " failures\n";
}
