#include "lsp_navigation.hpp"

#include "project_identity.hpp"
#include "registry.hpp"
#include "schema_descriptions.hpp"
#include "schema_sources.hpp"
#include "schema_store.hpp"
#include "selectors.hpp"

#include <fmt/format.h>

#include <map>
#include <string>
#include <vector>

namespace ordlint::lsp {

namespace {

bool contains(const SourceRange& range, const SourceFile* file, std::size_t offset) {
    return range.file == file && range.begin <= offset && offset <= range.end;
}

// The objects of the last lint that are in `document`'s file, in input order.
std::vector<const Object*> objectsIn(const Document& document, const Workspace& workspace) {
    std::vector<const Object*> objects;
    const SourceFile* file = document.parsed ? document.parsed->file.get() : nullptr;
    for (const Object& object : workspace.objects)
        if (object.document && object.document->file == file) objects.push_back(&object);
    return objects;
}

// ---------------------------------------------------------------------------------------------
// Hover on a key: the field's type in the bundled schema of the object's kind, and its
// description (schemas/descriptions.json, read at the first such hover).

// A bundled definition as `release` has it, parsed once (keyed by its text, which releases
// with the same definition share).
const json* definition(const std::string& name, KubeVersion release) {
    static std::map<const char*, json> parsed;
    std::string_view text = bundledDefinitionText(name, release);
    if (text.empty()) return nullptr;
    auto found = parsed.find(text.data());
    if (found != parsed.end()) return &found->second;
    return &parsed.emplace(text.data(), json::parse(text)).first->second;
}

// `schema` with its `$ref` followed; `name` is set to the definition it names.
const json* resolve(const json* schema, std::string& name, KubeVersion release) {
    for (int depth = 0; schema && depth < 8; ++depth) {
        auto ref = schema->find("$ref");
        if (ref == schema->end() || !ref->is_string()) return schema;
        std::string target = ref->get<std::string>();
        if (target.rfind(kDefinitionsRef, 0) != 0) return nullptr;
        name = target.substr(kDefinitionsRef.size());
        schema = definition(name, release);
    }
    return schema;
}

// "string", "integer or string", "array of object (container-v1)", ...
std::string typeName(const json* schema, const std::string& definitionName, KubeVersion release) {
    if (!schema) return "unknown";
    std::vector<std::string> types;
    if (auto type = schema->find("type"); type != schema->end()) {
        if (type->is_string() && *type != "null") types.push_back(type->get<std::string>());
        if (type->is_array())
            for (const json& item : *type)
                if (item.is_string() && item != "null") types.push_back(item.get<std::string>());
    }
    std::string text = types.empty() ? "any" : fmt::format("{}", fmt::join(types, " or "));
    if (text == "array") {
        if (auto items = schema->find("items"); items != schema->end()) {
            std::string itemName;
            const json* item = resolve(&*items, itemName, release);
            return "array of " + typeName(item, itemName, release);
        }
    }
    // "io.k8s.api.core.v1.Container" -> "Container"
    if (!definitionName.empty() && text == "object")
        text += " (" + definitionName.substr(definitionName.rfind('.') + 1) + ")";
    if (auto values = schema->find("enum"); values != schema->end() && values->is_array()) {
        std::vector<std::string> listed;
        for (const json& value : *values)
            if (!value.is_null()) listed.push_back(value.dump());
        text += ", one of " + fmt::format("{}", fmt::join(listed, ", "));
    }
    return text;
}

// Steps from an object's root to a node: mapping keys, or "[]" for a sequence item.
struct NodePath {
    std::vector<std::string> steps;
    const Node* node = nullptr;          // the innermost node holding the offset
    const MapEntry* entry = nullptr;     // the entry whose key or value it is
    bool onKey = false;                  // the offset is on that entry's key
    const Node* parentMapping = nullptr; // the mapping holding `entry`
};

NodePath pathTo(const Node* root, const SourceFile* file, std::size_t offset) {
    NodePath path;
    const Node* node = root;
    for (int depth = 0; node && depth < 200; ++depth) {
        path.node = node;
        const Node* next = nullptr;
        if (node->isMapping()) {
            for (const MapEntry& entry : node->entries()) {
                if (entry.key && contains(entry.key->range, file, offset)) {
                    path.steps.emplace_back(entry.key->value());
                    path.entry = &entry;
                    path.onKey = true;
                    path.parentMapping = node;
                    path.node = entry.key;
                    return path;
                }
                if (entry.value && contains(entry.value->range, file, offset)) {
                    path.steps.emplace_back(entry.key ? entry.key->value() : "");
                    path.entry = &entry;
                    path.onKey = false;
                    path.parentMapping = node;
                    next = entry.value;
                    break;
                }
            }
        } else if (node->isSequence()) {
            for (const Node* item : node->items()) {
                if (contains(item->range, file, offset)) {
                    path.steps.push_back("[]");
                    path.entry = nullptr;
                    next = item;
                    break;
                }
            }
        }
        if (!next) return path;
        node = next;
    }
    return path;
}

std::optional<std::string> fieldHover(const Object& object, const NodePath& path,
                                      KubeVersion release) {
    const json& kinds = bundledSchemaIndex()["kinds"];
    auto kind = kinds.find(object.apiVersion + "/" + object.kind);
    std::string field;
    for (const std::string& step : path.steps)
        field += step == "[]" ? "[]" : (field.empty() ? "" : ".") + step;
    if (kind == kinds.end())
        return fmt::format("**{}** — {} {} has no bundled schema (see `--schema-dir`)", field,
                           object.apiVersion, object.kind);
    std::string name = kind->at("definition").get<std::string>();
    std::optional<std::string> description = bundledFieldDescription(name, path.steps, release);
    const json* schema = definition(name, release);
    for (const std::string& step : path.steps) {
        schema = resolve(schema, name, release);
        if (!schema) break;
        if (step == "[]") {
            auto items = schema->find("items");
            schema = items == schema->end() ? nullptr : &*items;
        } else {
            auto properties = schema->find("properties");
            const json* next = nullptr;
            if (properties != schema->end() && properties->contains(step))
                next = &(*properties)[step];
            else if (auto more = schema->find("additionalProperties");
                     more != schema->end() && more->is_object())
                next = &*more;
            schema = next;
        }
        name.clear();
    }
    schema = resolve(schema, name, release);
    if (!schema)
        return fmt::format("**{}** — not a field of {} {} in the bundled schema", field,
                           object.apiVersion, object.kind);
    std::string text = fmt::format("**{}**: {}", field, typeName(schema, name, release));
    if (description) text += "\n\n" + *description;
    // A CRD's schema is the same for every release.
    std::string source = kind->contains("crd")
                             ? fmt::format("bundled CRD {}", kind->at("crd").get<std::string>())
                             : fmt::format("bundled schema of Kubernetes {}", releaseName(release));
    return text + fmt::format("\n\n{} {} ({})", object.apiVersion, object.kind, source);
}

// ---------------------------------------------------------------------------------------------
// Hover on what the pod model knows.

std::string podsOf(const PodClass& pod, std::string_view key, const Box* box = nullptr) {
    std::string role = pod.role.empty() ? "" : " (" + pod.role + ")";
    return fmt::format("{}{}{}: `{}` {}", pod.workload->describe(true), role,
                       pod.workload->rangeNote(), key, pod.describeValues(key, box));
}

std::optional<std::string> selectorHover(const Object& object, const NodePath& path,
                                         const PodModel& model, std::size_t offset) {
    if (!path.entry || path.onKey || !path.entry->key || !isIndexKey(path.entry->key->value()))
        return std::nullopt;
    std::string_view key = path.entry->key->value();
    const SourceFile* file = path.entry->key->range.file;
    for (const PodSelector& selector : model.selectors()) {
        if (selector.owner != &object) continue;
        for (const Requirement& requirement : selector.requirements) {
            if (requirement.key != key || !contains(requirement.range, file, offset)) continue;
            std::vector<std::string> lines;
            std::vector<ClassMatch> matches =
                model.select(selector, [](const Requirement&) { return true; });
            for (const ClassMatch& match : matches)
                for (const Box& box : match.region)
                    lines.push_back("- selects " + podsOf(*match.pod, key, &box));
            if (matches.empty()) lines.push_back("- selects no pod of a workload in scope");
            for (const PodClass* pod : model.classesInScope(selector))
                if (pod->carriesLabel(key) != Presence::No)
                    lines.push_back("- in scope: " + podsOf(*pod, key));
            return fmt::format("**{}** of `{}`\n\n{}", key, selector.field, fmt::join(lines, "\n"));
        }
    }
    return std::nullopt;
}

std::optional<std::string> serviceNameHover(const Object& object, const NodePath& path,
                                            const PodModel& model, const Workspace& workspace) {
    if (!path.entry || path.onKey || !path.entry->key ||
        path.entry->key->value() != "serviceName" || path.steps.size() != 2 ||
        path.steps[0] != "spec" || !path.node->isScalar())
        return std::nullopt;
    const Workload* workload = model.workloadOf(object);
    if (!workload) return std::nullopt;
    std::string_view service = path.node->value();
    std::vector<std::string> lines;
    lines.push_back(fmt::format("{}: ordinals {}{}", workload->describe(true),
                                workload->ordinals.describe(), workload->rangeNote()));
    std::string ns = object.ns.empty() ? "default" : object.ns;
    if (!workload->ordinals.empty())
        lines.push_back(fmt::format("pod DNS names: `{}-{}.{}.{}.svc` ... `{}-{}.{}.{}.svc`",
                                    object.name, workload->ordinals.lo, service, ns, object.name,
                                    workload->ordinals.hi, service, ns));
    const Object* governing = nullptr;
    for (const Object& other : workspace.objects)
        if (other.group.empty() && other.kind == "Service" && other.name == service &&
            other.ns == object.ns)
            governing = &other;
    if (governing) {
        const Node* clusterIP = governing->node->at({"spec", "clusterIP"});
        bool headless = clusterIP && clusterIP->isScalar() && clusterIP->value() == "None";
        lines.push_back(fmt::format("governing Service {} in {}:{} ({})", service,
                                    governing->file().path(),
                                    governing->file().position(governing->node->range.begin).line,
                                    headless ? "headless" : "not headless: no pod DNS records"));
    } else {
        lines.push_back(
            fmt::format("no Service {} in namespace \"{}\" among the linted files", service, ns));
    }
    return fmt::format("**serviceName** `{}`\n\n{}", service, fmt::join(lines, "\n\n"));
}

} // namespace

json documentSymbols(const DocumentStore& documents, const Document& document,
                     const Workspace& workspace, PositionEncoding encoding) {
    json symbols = json::array();
    if (!document.parsed) return symbols;
    std::vector<const Object*> objects = objectsIn(document, workspace);
    for (const auto& yamlDocument : document.parsed->documents) {
        json children = json::array();
        for (const Object* object : objects) {
            if (object->document != yamlDocument.get()) continue;
            std::string name = object->kind + "/" + (object->name.empty() ? "?" : object->name);
            SourceRange anchor = object->anchorRange();
            json symbol = {{"name", name},
                           {"kind", 19 /* Object */},
                           {"range", rangeJson(documents.lspRange(object->node->range, encoding))},
                           {"selectionRange", rangeJson(documents.lspRange(anchor, encoding))}};
            if (!object->clusterScoped) symbol["detail"] = object->ns;
            children.push_back(std::move(symbol));
        }
        if (children.empty()) continue;
        LspRange range = documents.lspRange(yamlDocument->range, encoding);
        symbols.push_back({{"name", fmt::format("document {}", yamlDocument->index + 1)},
                           {"detail", children.size() == 1 ? children[0]["name"] : json("")},
                           {"kind", 2 /* Module */},
                           {"range", rangeJson(range)},
                           {"selectionRange", rangeJson(LspRange{range.start, range.start})},
                           {"children", std::move(children)}});
    }
    return symbols;
}

json hover(const DocumentStore& documents, const Document& document, const Workspace& workspace,
           const std::function<const PodModel&()>& podModel, KubeVersion kubeVersion,
           LspPosition position, PositionEncoding encoding) {
    if (!document.parsed) return nullptr;
    const SourceFile* file = document.parsed->file.get();
    std::size_t offset = document.lines.offset(file->text(), position, encoding);
    std::vector<std::string> sections;
    std::optional<SourceRange> hovered;

    // Findings at the position: what the rule is about, the whole message and its docs.
    for (const Diagnostic& diagnostic : document.diagnostics) {
        if (!contains(diagnostic.range, file, offset)) continue;
        const RuleEntry* rule = builtinRules().find(diagnostic.rule);
        std::string text = fmt::format("**{}** ({}): {}", diagnostic.rule,
                                       severityName(diagnostic.severity), diagnostic.message);
        if (!diagnostic.help.empty()) text += "\n\nhelp: " + diagnostic.help;
        if (rule) text += "\n\n" + ruleSummary(*rule);
        text +=
            fmt::format(" — [{} documentation]({})", diagnostic.rule, ruleDocsUrl(diagnostic.rule));
        sections.push_back(std::move(text));
        if (!hovered) hovered = diagnostic.range;
    }

    // The node at the position, in the object holding it.
    for (const Object* object : objectsIn(document, workspace)) {
        if (!contains(object->node->range, file, offset)) continue;
        NodePath path = pathTo(object->node, file, offset);
        if (path.steps.empty()) break;
        std::optional<std::string> text;
        if (path.onKey) {
            text = fieldHover(*object, path, schemaReleaseFor(kubeVersion));
        } else if (path.node && path.node->isScalar()) {
            text = selectorHover(*object, path, podModel(), offset);
            if (!text) text = serviceNameHover(*object, path, podModel(), workspace);
        }
        if (text) {
            sections.push_back(std::move(*text));
            if (!hovered) hovered = path.node->range;
        }
        break;
    }
    if (sections.empty()) return nullptr;
    json result = {
        {"contents",
         {{"kind", "markdown"}, {"value", fmt::format("{}", fmt::join(sections, "\n\n---\n\n"))}}}};
    if (hovered) result["range"] = rangeJson(documents.lspRange(*hovered, encoding));
    return result;
}

} // namespace ordlint::lsp
