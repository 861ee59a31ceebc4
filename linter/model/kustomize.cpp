#include "kustomize.hpp"

#include <algorithm>
#include <array>
#include <filesystem>

namespace ordlint {

namespace fs = std::filesystem;

namespace {

// The names kustomize looks for in a folder.
constexpr std::array<std::string_view, 3> kKustomizationFileNames{
    "kustomization.yaml", "kustomization.yml", "Kustomization"};

std::string normalPath(const fs::path& path) {
    return path.lexically_normal().string();
}

bool isKustomizationFile(const SourceFile& file) {
    std::string name = fs::path(file.path()).filename().string();
    return std::find(kKustomizationFileNames.begin(), kKustomizationFileNames.end(), name) !=
           kKustomizationFileNames.end();
}

// The kustomization documents of the run, by their file's path. A cluster dump's 100,000
// documents are one file: the name is checked once per file.
std::map<std::string, const Node*> kustomizationsOf(const Workspace& workspace) {
    std::map<std::string, const Node*> found;
    const SourceFile* last = nullptr;
    bool lastIs = false;
    for (const auto& document : workspace.documents) {
        if (document->file != last) {
            last = document->file;
            lastIs = isKustomizationFile(*last);
        }
        if (lastIs && document->root && document->root->isMapping())
            found.emplace(normalPathOf(*last), document->root);
    }
    return found;
}

// The kustomization adds labels to selectors: `commonLabels`, or `labels` with
// `includeSelectors: true`.
bool addsSelectorLabels(const Node* kustomization) {
    const Node* common = kustomization->get("commonLabels");
    if (common && !common->entries().empty()) return true;
    const Node* labels = kustomization->get("labels");
    for (const Node* item : labels ? labels->items() : NodeChildren<const Node*>{}) {
        const Node* pairs = item->isMapping() ? item->get("pairs") : nullptr;
        const Node* include = item->isMapping() ? item->get("includeSelectors") : nullptr;
        if (pairs && !pairs->entries().empty() && include && include->value() == "true")
            return true;
    }
    return false;
}

// The files of the run that `kustomization` (at `path`) builds from: its resources, bases and
// components; a folder through its own kustomization when the run has one, else every file
// under it.
class Coverage {
  public:
    explicit Coverage(const Workspace& workspace) : kustomizations_(kustomizationsOf(workspace)) {
        for (const auto& file : workspace.files)
            files_.insert(normalPathOf(*file));
    }

    const std::map<std::string, const Node*>& kustomizations() const { return kustomizations_; }

    std::set<std::string> filesOf(const std::string& path) const {
        std::set<std::string> covered, visited;
        collect(path, covered, visited);
        return covered;
    }

  private:
    void collect(const std::string& path, std::set<std::string>& covered,
                 std::set<std::string>& visited) const {
        auto kustomization = kustomizations_.find(path);
        if (kustomization == kustomizations_.end() || !visited.insert(path).second) return;
        fs::path folder = fs::path(path).parent_path();
        for (const char* key : {"resources", "bases", "components"}) {
            const Node* list = kustomization->second->get(key);
            for (const Node* item : list ? list->items() : NodeChildren<const Node*>{}) {
                if (!item->isScalar()) continue;
                fs::path listed = (folder / item->value()).lexically_normal();
                if (!listed.has_filename()) listed = listed.parent_path(); // `../base/`
                std::string file = listed.string();
                if (files_.count(file)) {
                    covered.insert(file);
                    continue;
                }
                bool nested = false;
                for (std::string_view name : kKustomizationFileNames)
                    if (std::string inner = normalPath(listed / name);
                        kustomizations_.count(inner)) {
                        collect(inner, covered, visited);
                        nested = true;
                    }
                if (nested) continue;
                std::string prefix = file + std::string(1, fs::path::preferred_separator);
                for (auto at = files_.lower_bound(prefix);
                     at != files_.end() && at->starts_with(prefix); ++at)
                    covered.insert(*at);
            }
        }
    }

    std::map<std::string, const Node*> kustomizations_;
    std::set<std::string> files_;
};

} // namespace

std::set<std::string> kustomizePatchFiles(const Workspace& workspace) {
    std::set<std::string> patches;
    for (const auto& [path, kustomization] : kustomizationsOf(workspace)) {
        fs::path folder = fs::path(path).parent_path();
        for (const char* key : {"patchesStrategicMerge", "patches", "patchesJson6902"}) {
            const Node* list = kustomization->get(key);
            for (const Node* item : list ? list->items() : NodeChildren<const Node*>{}) {
                const Node* file = item->isMapping() ? item->get("path") : item;
                if (file && file->isScalar()) patches.insert(normalPath(folder / file->value()));
            }
        }
    }
    return patches;
}

std::set<std::string> kustomizeSelectorLabelled(const Workspace& workspace) {
    Coverage coverage(workspace);
    std::set<std::string> covered;
    for (const auto& [path, kustomization] : coverage.kustomizations())
        if (addsSelectorLabels(kustomization)) covered.merge(coverage.filesOf(path));
    return covered;
}

std::map<std::string, std::string> kustomizeNamespaces(const Workspace& workspace) {
    Coverage coverage(workspace);
    std::map<std::string, std::set<std::string>> proposed;
    for (const auto& [path, kustomization] : coverage.kustomizations()) {
        const Node* ns = kustomization->get("namespace");
        if (!ns || !ns->isScalar() || ns->value().empty()) continue;
        for (const std::string& file : coverage.filesOf(path))
            proposed[file].emplace(ns->value());
    }
    std::map<std::string, std::string> namespaces;
    for (auto& [file, candidates] : proposed)
        if (candidates.size() == 1) namespaces.emplace(file, *candidates.begin());
    return namespaces;
}

std::string normalPathOf(const SourceFile& file) {
    return normalPath(file.path());
}

bool inFiles(const Object& object, const std::set<std::string>& files) {
    return !files.empty() && files.count(normalPathOf(object.file())) > 0;
}

} // namespace ordlint
