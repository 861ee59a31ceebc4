// Lints the given folders with @monokle/validation (plugins resource-links, yaml-syntax and
// practices, as bench/run.sh compares) and prints the number of problems found. Resources
// are extracted the way the Monokle CLI does: every YAML document with apiVersion and kind.
import {readFileSync, readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {parseAllDocuments, LineCounter} from 'yaml';
import {
  MonokleValidator, ResourceParser, SchemaLoader, DisabledFixer, RemotePluginLoader,
  requireFromStringCustomPluginLoader,
} from '@monokle/validation';

function manifests(path) {
  if (statSync(path).isFile()) return [path];
  const found = [];
  for (const name of readdirSync(path).sort()) {
    if (name.startsWith('.')) continue;
    const child = join(path, name);
    if (statSync(child).isDirectory()) found.push(...manifests(child));
    else if (/\.(ya?ml|json)$/i.test(name)) found.push(child);
  }
  return found;
}

const resources = [];
for (const file of process.argv.slice(2).flatMap(manifests)) {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  parseAllDocuments(text, {lineCounter}).forEach((doc, index) => {
    const content = doc.toJS ? doc.toJS({maxAliasCount: -1}) : null;
    if (!content || typeof content !== 'object' || !content.apiVersion || !content.kind) return;
    const [start, , end] = doc.range;
    resources.push({
      id: `${file}#${index}`,
      fileId: file,
      filePath: file,
      fileOffset: lineCounter.linePos(start).line - 1,
      name: content.metadata?.name ?? '',
      apiVersion: content.apiVersion,
      kind: content.kind,
      namespace: content.metadata?.namespace,
      content,
      text: text.slice(start, end),
    });
  });
}

// The same parts as createDefaultMonokleValidator, but only the plugins compared (its
// kubernetes-schema plugin downloads schemas at run time).
const plugins = {'resource-links': true, 'yaml-syntax': true, practices: true};
const validator = new MonokleValidator(
  {
    loader: new RemotePluginLoader(requireFromStringCustomPluginLoader),
    parser: new ResourceParser(),
    schemaLoader: new SchemaLoader(),
    suppressors: [],
    fixer: new DisabledFixer(),
  },
  {plugins},
);
await validator.preload({plugins});
const response = await validator.validate({resources});
const problems = response.runs.reduce((sum, run) => sum + run.results.length, 0);
console.log(`${resources.length} resources, ${problems} problems`);
