#include "loader.hpp"

#include "file_access.hpp"
#include "kustomize.hpp"
#include "parallel.hpp"
#include "text.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

namespace ordlint {

namespace fs = std::filesystem;

bool hasManifestExtension(const fs::path& path) {
    std::string ext = asciiLowercase(path.extension().string());
    return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

namespace {

bool isHidden(const fs::path& path) {
    std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

bool isUnder(const fs::path& path, const fs::path& folder) {
    auto [end, unused] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return end == folder.end();
}

// A Helm chart's `templates/` folder (a Chart.yaml beside it): Go templates, not YAML.
bool isHelmTemplates(const fs::directory_entry& entry, std::error_code& error) {
    return entry.path().filename() == "templates" && entry.is_directory(error) &&
           fs::is_regular_file(entry.path().parent_path() / "Chart.yaml", error);
}

} // namespace

bool inHelmChartTemplates(const fs::path& file) {
    std::error_code error;
    for (fs::path folder = file.parent_path(); folder.has_relative_path();
         folder = folder.parent_path())
        if (folder.filename() == "templates" &&
            fs::is_regular_file(folder.parent_path() / "Chart.yaml", error))
            return true;
    return false;
}

namespace {

// Whether a file a folder walk found may be a manifest: it has an `apiVersion` or a `kind`
// key (YAML or JSON). Other YAML and JSON (CI workflows, values.yaml, a tsconfig.json with
// comments) is not ordlint's to report on.
bool mayBeManifest(const std::string& text) {
    static const RE2 key(R"((?m)(?:^|[\s{,])["']?(?:apiVersion|kind)["']?\s*:)");
    return RE2::PartialMatch(text, key);
}

std::string fileTypeName(fs::file_type type) {
    switch (type) {
    case fs::file_type::fifo:
        return "a FIFO";
    case fs::file_type::socket:
        return "a socket";
    case fs::file_type::block:
        return "a block device";
    case fs::file_type::character:
        return "a character device";
    default:
        return "not a regular file";
    }
}

// The manifests under `folder`, sorted; folders that cannot be listed and manifests that
// cannot be read as files are appended to `errors` by name, and the search goes on. Links to
// folders are not followed (no loops); links to files are, when the file is inside `root`.
void collectManifests(const fs::path& folder, const fs::path& root, const PathFilter& exclude,
                      std::vector<fs::path>& found, std::vector<std::string>& errors,
                      std::vector<std::string>* skipped) {
    std::error_code error;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error))
        entries.push_back(*it);
    if (error) {
        errors.push_back(folder.generic_string() + ": cannot read this folder (" + error.message() +
                         "); its files are not linted. Fix its permissions, or add it to "
                         "`exclude` in .ordlint.yaml");
        return;
    }
    std::sort(entries.begin(), entries.end(),
              [](const fs::directory_entry& a, const fs::directory_entry& b) {
                  return a.path() < b.path();
              });
    for (const fs::directory_entry& entry : entries) {
        const fs::path& path = entry.path();
        if (exclude.excludes(path)) continue;
        fs::file_status own = entry.symlink_status(error);
        if (error) {
            errors.push_back(path.generic_string() + ": " + error.message());
            continue;
        }
        if (fs::is_directory(own)) {
            // Hidden folders (.git, .github, .terraform) hold no manifests to deploy; a hidden
            // file is read like any other (spec: only hidden folders are skipped).
            if (isHidden(path)) continue;
            if (isHelmTemplates(entry, error)) {
                if (skipped)
                    skipped->push_back(
                        path.generic_string() +
                        ": skipped: Helm chart templates (lint `helm template` output)");
                continue;
            }
            collectManifests(path, root, exclude, found, errors, skipped);
            continue;
        }
        if (!hasManifestExtension(path)) continue;
        std::string name = path.generic_string();
        if (fs::is_symlink(own)) {
            fs::file_status target = fs::status(path, error);
            if (error && error.value() == ELOOP) {
                errors.push_back(name + ": symbolic link loop; not linted");
                continue;
            }
            if (error || !fs::exists(target)) {
                errors.push_back(name +
                                 ": dangling symbolic link (what it points to does not exist); "
                                 "not linted");
                continue;
            }
            if (fs::is_directory(target)) continue;
            fs::path resolved = fs::canonical(path, error);
            if (error || !isUnder(resolved, root)) {
                errors.push_back(name + ": symbolic link to a file outside " +
                                 root.generic_string() +
                                 "; not linted (name that file to lint it)");
                continue;
            }
            own = target;
        }
        if (!fs::is_regular_file(own)) {
            errors.push_back(name + ": " + fileTypeName(own.type()) +
                             ", not a regular file; not linted");
            continue;
        }
        found.push_back(path);
    }
}

std::string describeMissing(const std::string& path) {
    std::error_code error;
    fs::file_status own = fs::symlink_status(path, error);
    if (!error && fs::is_symlink(own)) {
        (void)fs::status(path, error);
        if (error && error.value() == ELOOP) return path + ": symbolic link loop";
        return path + ": dangling symbolic link (what it points to does not exist)";
    }
    return path + ": no such file or directory";
}

} // namespace

std::vector<InputText> readInputs(const std::vector<std::string>& paths, bool reportable,
                                  std::vector<std::string>& errors, const PathFilter& exclude,
                                  unsigned jobs, std::vector<std::string>* skipped) {
    ReadOptions options;
    options.exclude = exclude;
    options.jobs = jobs;
    options.skipped = skipped;
    return readInputs(paths, reportable, errors, options);
}

std::vector<InputText> readInputs(const std::vector<std::string>& paths, bool reportable,
                                  std::vector<std::string>& errors, const ReadOptions& options) {
    // Named files and folder contents are listed first, then read in parallel; standard input
    // is read where it is named.
    struct Entry {
        std::vector<InputText> inputs; // standard input's parts, or the file once read
        fs::path file;
        std::string error;
        bool walked = false; // found by a folder walk, not named
    };
    std::vector<Entry> entries;
    // A file is read once however it is reached (named twice, named and inside a named folder,
    // linked to): else its objects would be duplicates of themselves.
    // A file both found by a walk and named is read as a named file (never skipped as not a
    // manifest), whichever came first.
    std::map<std::pair<dev_t, ino_t>, std::size_t> seen; // -> its index in entries
    bool stdinRead = false;
    auto addFile = [&](const fs::path& file, std::string displayPath, bool walked) {
        struct stat status {};
        if (::stat(file.c_str(), &status) == 0) {
            auto [at, added] =
                seen.emplace(std::pair{status.st_dev, status.st_ino}, entries.size());
            if (!added) {
                if (!walked) entries[at->second].walked = false;
                return;
            }
        }
        Entry& entry = entries.emplace_back();
        entry.file = file;
        entry.walked = walked;
        entry.inputs.push_back({std::move(displayPath), {}, reportable, {}});
    };
    for (const std::string& path : paths) {
        if (path == "-") {
            if (std::exchange(stdinRead, true)) continue;
            BoundedRead read = readDescriptorBounded(STDIN_FILENO, options.maxFileBytes);
            Entry& entry = entries.emplace_back();
            if (!read.error.empty()) {
                entry.error = "-: cannot read standard input (" + read.error + ")";
            } else if (read.tooLarge) {
                InputText input{"-", {}, reportable};
                input.tooLarge = true;
                entry.inputs.push_back(std::move(input));
            } else {
                entry.inputs = splitRenderedStream({"-", std::move(read.text), reportable});
            }
            continue;
        }
        std::error_code error;
        fs::file_status status = fs::status(path, error);
        if (error || !fs::exists(status)) {
            entries.emplace_back().error = describeMissing(path);
            continue;
        }
        if (options.exclude.excludes(path)) {
            // Named on the command line (pre-commit passes every changed file): skipped as the
            // config says, and said with --verbose, not silently.
            if (options.skipped)
                options.skipped->push_back(fs::path(path).generic_string() +
                                           ": skipped: matched by `exclude` in .ordlint.yaml");
            continue;
        }
        if (fs::is_directory(status)) {
            std::vector<fs::path> files;
            fs::path root = fs::canonical(path, error);
            if (error) root = fs::absolute(path, error);
            std::vector<std::string> walkErrors;
            collectManifests(path, root, options.exclude, files, walkErrors, options.skipped);
            for (std::string& walkError : walkErrors)
                entries.emplace_back().error = std::move(walkError);
            for (const fs::path& file : files)
                addFile(file, file.generic_string(), true);
            continue;
        }
        addFile(path, path, false);
    }

    if (options.beforeReading) {
        std::vector<fs::path> files;
        for (const Entry& entry : entries)
            if (!entry.file.empty()) files.push_back(entry.file);
        options.beforeReading(files);
    }

    std::atomic<std::size_t> next{0};
    runOnThreads(threadCount(options.jobs, entries.size() / 16), [&] {
        for (std::size_t i = next++; i < entries.size(); i = next++) {
            Entry& entry = entries[i];
            if (entry.file.empty()) continue;
            BoundedRead read = readFileBounded(entry.file, options.maxFileBytes);
            InputText& input = entry.inputs.front();
            if (!read.error.empty()) {
                entry.error = input.displayPath + ": cannot read file (" + read.error + ")";
                entry.inputs.clear();
                continue;
            }
            input.text = std::move(read.text);
            input.tooLarge = read.tooLarge;
        }
    });

    std::vector<InputText> inputs;
    inputs.reserve(entries.size());
    for (Entry& entry : entries) {
        if (!entry.error.empty()) errors.push_back(std::move(entry.error));
        if (entry.walked && !entry.inputs.empty() && !entry.inputs.front().tooLarge &&
            !mayBeManifest(entry.inputs.front().text)) {
            if (options.skipped)
                options.skipped->push_back(
                    entry.inputs.front().displayPath +
                    ": skipped: no apiVersion or kind key (name the file to lint it)");
            continue;
        }
        for (InputText& input : entry.inputs)
            inputs.push_back(std::move(input));
    }
    return inputs;
}

namespace {

bool isDocumentStart(std::string_view line) {
    if (line.substr(0, 3) != "---") return false;
    return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' ||
           line[3] == '\n';
}

// "chart/templates/x.yaml" from "# Source: chart/templates/x.yaml", else empty.
std::string_view sourceComment(std::string_view line) {
    constexpr std::string_view prefix = "# Source: ";
    if (line.substr(0, prefix.size()) != prefix) return {};
    line.remove_prefix(prefix.size());
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' '))
        line.remove_suffix(1);
    return line;
}

} // namespace

std::vector<InputText> splitRenderedStream(InputText stream) {
    const std::string& text = stream.text;
    std::vector<std::size_t> lineStarts{0};
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && i + 1 < text.size()) lineStarts.push_back(i + 1);
    auto lineAt = [&](std::size_t index) {
        std::size_t begin = lineStarts[index];
        std::size_t end = index + 1 < lineStarts.size() ? lineStarts[index + 1] : text.size();
        return std::string_view(text).substr(begin, end - begin);
    };

    std::vector<InputText> parts;
    std::string rest; // the stream with every template's lines blanked out
    bool split = false;
    std::size_t line = 0;
    while (line < lineStarts.size()) {
        // One document: from here to the next `---` line (exclusive), the first line aside.
        std::size_t end = line + 1;
        while (end < lineStarts.size() && !isDocumentStart(lineAt(end)))
            ++end;
        bool startsWithSeparator = isDocumentStart(lineAt(line));
        std::size_t first = startsWithSeparator ? line + 1 : line;
        std::string_view source = first < end ? sourceComment(lineAt(first)) : std::string_view();
        if (source.empty()) {
            for (std::size_t i = line; i < end; ++i)
                rest += lineAt(i);
        } else {
            split = true;
            InputText part{std::string(source), {}, stream.reportable, stream.displayPath};
            for (std::size_t i = first + 1; i < end; ++i)
                part.text += lineAt(i);
            parts.push_back(std::move(part));
            for (std::size_t i = line; i < end; ++i)
                rest += i == line && startsWithSeparator ? std::string(lineAt(i)) : "\n";
        }
        line = end;
    }
    if (!split) return {std::move(stream)};
    // Keep the rest only when it holds more than separators, comments and blank lines.
    bool restHasContent = false;
    std::istringstream restLines(rest);
    for (std::string l; !restHasContent && std::getline(restLines, l);) {
        std::size_t start = l.find_first_not_of(" \t\r");
        restHasContent = start != std::string::npos && l[start] != '#' && !isDocumentStart(l);
    }
    if (restHasContent) {
        stream.stream = stream.displayPath;
        stream.text = std::move(rest);
        parts.insert(parts.begin(), std::move(stream));
    }
    return parts;
}

std::vector<InputText> withContext(std::vector<InputText> reported,
                                   std::vector<InputText> context) {
    auto identity = [](const std::string& path) {
        std::error_code error;
        fs::path canonical = fs::weakly_canonical(path, error);
        return error ? path : canonical.string();
    };
    std::set<std::string> seen;
    for (const InputText& input : reported)
        if (input.stream.empty() && input.displayPath != "-")
            seen.insert(identity(input.displayPath));
    for (InputText& input : context) {
        bool fromFile = input.stream.empty() && input.displayPath != "-";
        if (fromFile && !seen.insert(identity(input.displayPath)).second) continue;
        reported.push_back(std::move(input));
    }
    return reported;
}

namespace {

std::optional<std::string> stringField(const Node* mapping, std::string_view key) {
    if (!mapping || !mapping->isMapping()) return std::nullopt;
    const Node* value = mapping->get(key);
    if (!value || !value->isScalar()) return std::nullopt;
    return std::string(value->value());
}

struct GroupKindKey {
    std::string group;
    std::string kind;
    bool operator<(const GroupKindKey& other) const {
        return std::tie(group, kind) < std::tie(other.group, other.kind);
    }
};

void addObject(std::vector<Object>& objects, const Document& document, const Node* node) {
    auto apiVersion = stringField(node, "apiVersion");
    auto kind = stringField(node, "kind");
    if (!apiVersion || !kind) return;
    Object object;
    object.document = &document;
    object.node = node;
    object.apiVersion = *apiVersion;
    object.group = apiGroupOf(*apiVersion);
    object.kind = *kind;
    object.name = stringField(node->get("metadata"), "name").value_or("");
    object.ns = stringField(node->get("metadata"), "namespace").value_or("");
    objects.push_back(std::move(object));
}

bool isListKind(const Object& object) {
    return object.kind.size() >= 4 && object.kind.compare(object.kind.size() - 4, 4, "List") == 0 &&
           object.node->get("items") && object.node->get("items")->isSequence();
}

// Appends the objects of `document` (a List's items, or the document) to `objects`, or a
// note to `skipped`.
void addDocumentObjects(std::vector<Object>& objects, std::vector<std::string>& skipped,
                        const Document& document);
void resolveScopes(Workspace& workspace, const LoadOptions& options);

} // namespace

// From this size on, a file's documents are parsed in parallel (parseYamlInParallel's batches
// are 1 MiB: two of them at least).
constexpr std::size_t kParallelParseBytes = std::size_t(2) << 20;

Workspace loadWorkspace(std::vector<InputText> inputs, const LoadOptions& options) {
    // Each file is indexed, parsed and read for objects on a worker thread; the results are
    // joined in input order.
    struct LoadedFile {
        ParsedFile parsed;
        std::vector<Object> objects;
        std::vector<std::string> skipped;
    };
    Workspace workspace;
    workspace.files.resize(inputs.size());
    std::vector<LoadedFile> loaded(inputs.size());
    // Largest files first: a large file taken last would leave the other threads idle.
    std::vector<std::size_t> order(inputs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return inputs[a].text.size() > inputs[b].text.size();
    });
    auto makeFile = [&](std::size_t i) {
        InputText& input = inputs[i];
        workspace.files[i] =
            std::make_shared<SourceFile>(std::move(input.displayPath), std::move(input.text),
                                         input.reportable, std::move(input.stream));
        workspace.files[i]->setFolder(std::move(input.folder));
    };
    // A large file (a cluster dump, a rendered chart: one stream) is parsed by all threads at
    // once, its documents in batches, one file after the other; the rest one file per thread.
    unsigned threads = threadCount(options.jobs, std::numeric_limits<std::size_t>::max());
    std::size_t taken = 0;
    for (; threads > 1 && taken < order.size() && !inputs[order[taken]].tooLarge &&
           inputs[order[taken]].text.size() >= kParallelParseBytes;
         ++taken) {
        std::size_t i = order[taken];
        makeFile(i);
        LoadedFile& file = loaded[i];
        file.parsed = parseYamlInParallel(*workspace.files[i], options.limits, threads);
        // Objects too, the documents in contiguous slices joined in order.
        const auto& documents = file.parsed.documents;
        std::size_t slices = std::min<std::size_t>(threads * 4u, documents.size());
        std::vector<LoadedFile> parts(slices);
        std::atomic<std::size_t> nextSlice{0};
        runOnThreads(threadCount(threads, slices), [&] {
            for (std::size_t k = nextSlice++; k < slices; k = nextSlice++)
                for (std::size_t d = documents.size() * k / slices,
                                 end = documents.size() * (k + 1) / slices;
                     d < end; ++d)
                    addDocumentObjects(parts[k].objects, parts[k].skipped, *documents[d]);
        });
        std::size_t objects = 0;
        for (const LoadedFile& part : parts)
            objects += part.objects.size();
        file.objects.reserve(objects);
        for (LoadedFile& part : parts) {
            std::move(part.objects.begin(), part.objects.end(), std::back_inserter(file.objects));
            std::move(part.skipped.begin(), part.skipped.end(), std::back_inserter(file.skipped));
        }
    }
    std::atomic<std::size_t> next{taken};
    runOnThreads(threadCount(options.jobs, inputs.size() - taken), [&] {
        for (std::size_t at = next++; at < inputs.size(); at = next++) {
            std::size_t i = order[at];
            makeFile(i);
            LoadedFile& file = loaded[i];
            if (inputs[i].tooLarge)
                file.parsed.problems.push_back(
                    tooLargeProblem(*workspace.files[i], options.limits));
            else
                file.parsed = parseYaml(*workspace.files[i], options.limits);
            // An object a document, but for Lists: no reallocation moves 100,000 objects.
            file.objects.reserve(file.parsed.documents.size());
            for (const auto& document : file.parsed.documents)
                addDocumentObjects(file.objects, file.skipped, *document);
        }
    });

    std::size_t documents = 0, objects = 0;
    for (const LoadedFile& file : loaded) {
        documents += file.parsed.documents.size();
        objects += file.objects.size();
    }
    workspace.documents.reserve(documents);
    workspace.objects.reserve(objects);
    for (LoadedFile& file : loaded) {
        for (SyntaxProblem& problem : file.parsed.problems)
            workspace.problems.push_back(std::move(problem));
        for (auto& document : file.parsed.documents)
            workspace.documents.push_back(std::move(document));
        for (Object& object : file.objects)
            workspace.objects.push_back(std::move(object));
        std::vector<Object>().swap(file.objects); // freed once joined, before the rules run
        for (std::string& note : file.skipped)
            workspace.skipped.push_back(std::move(note));
    }
    resolveScopes(workspace, options);
    return workspace;
}

ParsedInput parseInput(InputText input, const LoadOptions& options) {
    return reparseInput(std::move(input), ParsedInput{}, options);
}

namespace {

// Moves a document parsed at another offset (or in another version of the file) to `file`.
void rebase(Document& document, const SourceFile& file, std::int64_t shift, int index) {
    auto move = [&](SourceRange& range) {
        if (!range.file) return;
        range.file = &file;
        range.begin = static_cast<std::uint32_t>(range.begin + shift);
        range.end = static_cast<std::uint32_t>(range.end + shift);
    };
    // Scalars that are views of the old text move to the same bytes in the new one.
    std::string_view oldText = document.file->text();
    const char* newText = file.text().data();
    document.file = &file;
    document.index = index;
    move(document.range);
    forEachNode(document, [&](Node& node) {
        move(node.range);
        std::string_view value = node.value();
        if (value.data() >= oldText.data() && value.data() < oldText.data() + oldText.size())
            node.setValue({newText + (value.data() - oldText.data()) + shift, value.size()});
    });
}

} // namespace

ParsedInput reparseInput(InputText input, ParsedInput previous, const LoadOptions& options) {
    ParsedInput result;
    result.file = std::make_shared<SourceFile>(std::move(input.displayPath), std::move(input.text),
                                               input.reportable);
    result.file->setFolder(std::move(input.folder));
    const SourceFile& file = *result.file;
    if (input.tooLarge) {
        result.problems.push_back(tooLargeProblem(file, options.limits));
        return result;
    }
    if (auto problem = refusal(file, options.limits)) {
        result.problems.push_back(std::move(*problem));
        return result;
    }
    // Chunks of the previous version by text, each to be taken over at most once, and where
    // each one's documents, problems and indexes start.
    std::unordered_multimap<std::string_view, std::size_t> reusable;
    std::vector<std::size_t> firstDocument, firstProblem;
    std::vector<int> firstIndex;
    std::size_t documents = 0, problems = 0;
    int indexes = 0;
    for (std::size_t i = 0; i < previous.chunks.size(); ++i) {
        const ParsedInput::Chunk& chunk = previous.chunks[i];
        std::string_view text(previous.file->text());
        reusable.emplace(text.substr(chunk.begin, chunk.end - chunk.begin), i);
        firstDocument.push_back(documents);
        firstProblem.push_back(problems);
        firstIndex.push_back(indexes);
        documents += chunk.documents;
        problems += chunk.problems;
        indexes += chunk.indexes;
    }

    ParsedFile fresh;
    int index = 0;
    for (auto [begin, end] : splitDocuments(file.text())) {
        ParsedInput::Chunk chunk{begin, end, 0, 0, 0};
        auto found = reusable.find(std::string_view(file.text()).substr(begin, end - begin));
        if (found != reusable.end()) {
            std::size_t old = found->second;
            reusable.erase(found);
            const ParsedInput::Chunk& before = previous.chunks[old];
            auto shift = static_cast<std::int64_t>(begin) - static_cast<std::int64_t>(before.begin);
            for (std::size_t k = 0; k < before.documents; ++k) {
                std::shared_ptr<Document>& document = previous.documents[firstDocument[old] + k];
                fresh.nodes += document->nodeCount; // against --max-nodes, as if parsed
                rebase(*document, file, shift, index + document->index - firstIndex[old]);
                result.documents.push_back(std::move(document));
            }
            for (std::size_t k = 0; k < before.problems; ++k) {
                SyntaxProblem problem = previous.problems[firstProblem[old] + k];
                problem.range = {&file, static_cast<std::uint32_t>(problem.range.begin + shift),
                                 static_cast<std::uint32_t>(problem.range.end + shift)};
                result.problems.push_back(std::move(problem));
            }
            chunk.documents = before.documents;
            chunk.problems = before.problems;
            chunk.indexes = before.indexes;
        } else {
            fresh.documents.clear();
            fresh.problems.clear();
            int next = parseChunk(file, begin, end, options.limits, index, fresh);
            chunk.documents = fresh.documents.size();
            chunk.problems = fresh.problems.size();
            chunk.indexes = next - index;
            for (auto& document : fresh.documents)
                result.documents.push_back(std::move(document));
            for (auto& problem : fresh.problems)
                result.problems.push_back(std::move(problem));
        }
        index += chunk.indexes;
        result.chunks.push_back(chunk);
        if (fresh.stopped) break;
    }
    return result;
}

Workspace assembleWorkspace(const std::vector<std::shared_ptr<const ParsedInput>>& inputs,
                            const LoadOptions& options) {
    Workspace workspace;
    for (const auto& input : inputs) {
        workspace.files.push_back(input->file);
        workspace.problems.insert(workspace.problems.end(), input->problems.begin(),
                                  input->problems.end());
        for (const auto& document : input->documents) {
            addDocumentObjects(workspace.objects, workspace.skipped, *document);
            workspace.documents.push_back(document);
        }
    }
    resolveScopes(workspace, options);
    return workspace;
}

namespace {

void addDocumentObjects(std::vector<Object>& objects, std::vector<std::string>& skipped,
                        const Document& document) {
    const Node* root = document.root;
    if (!root || !root->isMapping()) return;
    std::size_t before = objects.size();
    addObject(objects, document, root);
    if (objects.size() > before && isListKind(objects.back())) {
        objects.pop_back();
        for (const Node* item : root->get("items")->items())
            if (item->isMapping()) addObject(objects, document, item);
    } else if (objects.size() == before) {
        skipped.push_back(document.file->path() + ": document " +
                          std::to_string(document.index + 1) + " has no apiVersion/kind; skipped");
    }
}

// The folder namespace-less objects of `file` share `default` with (spec/rules.md "Objects
// that name no namespace"): its parent folder, absolute; "-" for standard input and the
// documents split out of it, which are applied together.
std::string folderOf(const SourceFile& file) {
    if (file.stream() == "-" || file.path() == "-") return "-";
    if (!file.folder().empty())
        return std::filesystem::path(file.folder()).lexically_normal().generic_string();
    std::error_code error;
    std::filesystem::path path = std::filesystem::absolute(file.stream(), error);
    if (error) path = file.stream();
    std::string folder = path.lexically_normal().parent_path().generic_string();
    return folder.empty() ? "." : folder;
}

void resolveScopes(Workspace& workspace, const LoadOptions& options) {
    // CRDs in the input say whether their kinds are namespaced.
    std::set<GroupKindKey> crdClusterScoped;
    for (const Object& object : workspace.objects) {
        if (object.kind != "CustomResourceDefinition") continue;
        const Node* spec = object.spec();
        auto group = stringField(spec, "group");
        auto scope = stringField(spec, "scope");
        auto kind = spec ? stringField(spec->get("names"), "kind") : std::nullopt;
        if (group && kind && scope == "Cluster") crdClusterScoped.insert({*group, *kind});
    }
    std::map<const SourceFile*, std::string> folders;
    for (Object& object : workspace.objects) {
        object.clusterScoped = isBuiltinClusterScoped(object.group, object.kind) ||
                               crdClusterScoped.count({object.group, object.kind}) > 0;
        auto [folder, added] = folders.try_emplace(&object.file());
        if (added) folder->second = folderOf(object.file());
        object.folder = folder->second;
        if (object.clusterScoped) {
            object.ns.clear();
        } else if (object.ns.empty()) {
            object.ns = options.defaultNamespace;
            object.implicitNamespace = !options.namespaceGiven;
        }
    }
    // A kustomization's `namespace:` is written on every namespaced object of the files it
    // builds from, over their own (kubebuilder bases say `namespace: system`).
    std::map<std::string, std::string> kustomized = kustomizeNamespaces(workspace);
    if (kustomized.empty()) return;
    for (Object& object : workspace.objects) {
        if (object.clusterScoped) continue;
        auto found = kustomized.find(normalPathOf(object.file()));
        if (found == kustomized.end()) continue;
        object.ns = found->second;
        object.implicitNamespace = false;
    }
}

} // namespace

} // namespace ordlint
