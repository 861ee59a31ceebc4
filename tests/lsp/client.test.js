// Drives `ordlint lsp` with vscode-languageserver-protocol, the protocol library of VS Code's
// language client: index a workspace, see a cross-file diagnostic, fix it in the other file,
// see it cleared, ask for code actions (ignores and remedies), hover (findings, the pod model,
// field descriptions of built-in and CRD kinds at the target version) and the outline, change
// settings, survive broken YAML, shut down cleanly.
//
// usage: node tests/lsp/client.test.js path/to/ordlint
'use strict';

const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
let rpc;
try {
  rpc = require('vscode-languageserver-protocol/node');
} catch (error) {
  console.error(`${error.message}\nrun scripts/install-deps.sh (npm ci in tests/lsp)`);
  process.exit(1);
}

// The cross-file scenarios. `definition` holds what `consumer` depends on; `fix` edits the
// definition so that the finding in `consumer` goes away. The pod-model one (a StatefulSet
// starting at ordinal 1 in one file, a Service selecting pod-index "0" in another) runs when
// the binary has its rule; until then, a CRD whose `scope: Cluster` makes two Widgets of one
// name in two namespaces the same object, a cross-file effect the loader already has.
const scenarios = [
  {
    rule: 'unreachable-pod-index',
    definition: {
      name: 'sts.yaml',
      text: [
        'apiVersion: apps/v1',
        'kind: StatefulSet',
        'metadata:',
        '  name: database',
        'spec:',
        '  serviceName: database',
        '  replicas: 3',
        '  ordinals:',
        '    start: 1',
        '  selector:',
        '    matchLabels: {app: database}',
        '  template:',
        '    metadata:',
        '      labels: {app: database}',
        '    spec:',
        '      containers:',
        '        - {name: db, image: postgres:16}',
        '',
      ].join('\n'),
    },
    consumer: {
      name: 'svc.yaml',
      text: [
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: database-primary',
        'spec:',
        '  selector:',
        '    app: database',
        '    apps.kubernetes.io/pod-index: "0"',
        '  ports:',
        '    - {port: 5432}',
        '',
      ].join('\n'),
    },
    // The selector entry; its exact columns are the rule's to choose.
    expectedLine: 7,
    fix: { line: 8, from: 'start: 1', to: 'start: 0' },
  },
  {
    rule: 'duplicate-object',
    definition: {
      name: 'crd.yaml',
      text: [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        'metadata:',
        '  name: widgets.example.com',
        'spec:',
        '  group: example.com',
        '  scope: Cluster',
        '  names: {kind: Widget, plural: widgets}',
        '',
      ].join('\n'),
    },
    consumer: {
      name: 'widgets.yaml',
      text: [
        'apiVersion: example.com/v1',
        'kind: Widget',
        'metadata:',
        '  name: blue',
        '  namespace: team-a',
        '---',
        'apiVersion: example.com/v1',
        'kind: Widget',
        'metadata:',
        '  name: blue',
        '  namespace: team-b',
        '',
      ].join('\n'),
    },
    expectedLine: 9,
    // The second Widget's name value.
    expectedRange: { start: { line: 9, character: 8 }, end: { line: 9, character: 12 } },
    fix: { line: 6, from: 'Cluster', to: 'Namespaced' },
  },
];

const binary = path.resolve(process.argv[2] || 'build/ordlint');
const knownRules = execFileSync(binary, ['rules'], { encoding: 'utf8' });
const scenario = scenarios.find((s) => new RegExp(`^${s.rule}\\s`, 'm').test(knownRules));
const timeoutMs = 10000;

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ordlint-lsp-'));
  const file = (name) => path.join(root, name);
  const uri = (name) => pathToFileURL(file(name)).href;
  fs.writeFileSync(file(scenario.definition.name), scenario.definition.text);
  fs.writeFileSync(file(scenario.consumer.name), scenario.consumer.text);
  fs.mkdirSync(file('sub'));
  fs.writeFileSync(file('sub/clean.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');

  const server = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );

  // Every publishDiagnostics, and waiters for the next one of a URI matching a predicate.
  const latest = new Map();
  const waiters = [];
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params.diagnostics);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  const registrations = [];
  connection.onRequest(rpc.RegistrationRequest.type, (params) => {
    registrations.push(...params.registrations);
    return null;
  });
  connection.onNotification(rpc.LogMessageNotification.type, () => {});
  connection.onNotification(rpc.ShowMessageNotification.type, (params) => {
    throw new Error(`unexpected showMessage: ${params.message}`);
  });
  const diagnosticsOf = (name, accept, what) => {
    const current = latest.get(uri(name));
    if (current && accept(current)) return Promise.resolve(current);
    return withTimeout(
      new Promise((resolve) => waiters.push({ uri: uri(name), accept, resolve })),
      `${what} on ${name}`,
    );
  };
  const hasRule = (rule) => (list) => list.some((d) => d.code === rule);
  connection.listen();

  // initialize: capabilities and position encoding (UTF-16, the default).
  const init = await withTimeout(
    connection.sendRequest(rpc.InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions: { kubeVersion: '1.33', namespace: 'default' },
    }),
    'initialize',
  );
  assert.equal(init.capabilities.positionEncoding, 'utf-16');
  assert.equal(init.capabilities.textDocumentSync.change, rpc.TextDocumentSyncKind.Incremental);
  assert.equal(init.capabilities.textDocumentSync.openClose, true);
  assert.deepEqual(init.capabilities.codeActionProvider.codeActionKinds, ['quickfix']);
  assert.equal(init.serverInfo.name, 'ordlint');
  connection.sendNotification(rpc.InitializedNotification.type, {});

  // 1. Indexing the workspace alone reports the cross-file finding, before any file is open.
  const indexed = await diagnosticsOf(scenario.consumer.name, hasRule(scenario.rule), 'indexed finding');
  const finding = indexed.find((d) => d.code === scenario.rule);
  assert.equal(finding.range.start.line, scenario.expectedLine);
  if (scenario.expectedRange) assert.deepEqual(finding.range, scenario.expectedRange);
  assert.equal(finding.severity, rpc.DiagnosticSeverity.Error);
  assert.equal(finding.source, 'ordlint');
  assert.match(finding.codeDescription.href, new RegExp(`${scenario.rule}\\.md$`));
  assert.ok(finding.relatedInformation.length > 0, 'related locations are published');

  // 2. Open both files; unsaved buffers are what gets linted from now on.
  for (const doc of [scenario.definition, scenario.consumer]) {
    connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uri(doc.name), languageId: 'yaml', version: 1, text: doc.text },
    });
  }

  // 3. Code actions on the finding: "ignore this rule here" inserts the suppression comment
  //    above the line, with its indentation; the file-wide variant goes on the first line.
  const actions = await withTimeout(
    connection.sendRequest(rpc.CodeActionRequest.type, {
      textDocument: { uri: uri(scenario.consumer.name) },
      range: { start: finding.range.start, end: finding.range.start },
      context: { diagnostics: [finding], triggerKind: rpc.CodeActionTriggerKind.Invoked },
    }),
    'code actions',
  );
  const ignoreHere = actions.find((a) => a.title.startsWith(`Ignore ${scenario.rule} here`));
  assert.ok(ignoreHere, `an ignore action among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.equal(ignoreHere.kind, rpc.CodeActionKind.QuickFix);
  const [edit] = ignoreHere.edit.changes[uri(scenario.consumer.name)];
  const findingLine = scenario.consumer.text.split('\n')[finding.range.start.line];
  const indent = findingLine.match(/^\s*/)[0];
  assert.deepEqual(edit.range.start, { line: finding.range.start.line, character: 0 });
  assert.equal(edit.newText, `${indent}# ordlint-ignore ${scenario.rule}\n`);
  assert.ok(actions.some((a) => a.title === `Ignore ${scenario.rule} in this file`));
  const outside = await connection.sendRequest(rpc.CodeActionRequest.type, {
    textDocument: { uri: uri(scenario.consumer.name) },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.deepEqual(outside, [], 'no actions away from any finding');
  assert.ok(registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));

  // 3b. Hover on the finding: the rule, the full message, the docs link. Outline of the
  //     consumer: one symbol per object, under its document.
  assert.equal(init.capabilities.hoverProvider, true);
  assert.equal(init.capabilities.documentSymbolProvider, true);
  const hover = await connection.sendRequest(rpc.HoverRequest.type, {
    textDocument: { uri: uri(scenario.consumer.name) },
    position: finding.range.start,
  });
  assert.equal(hover.contents.kind, 'markdown');
  assert.ok(hover.contents.value.includes(`**${scenario.rule}**`), hover.contents.value);
  assert.ok(hover.contents.value.includes(finding.message.split('\n')[0]), hover.contents.value);
  assert.ok(hover.contents.value.includes(finding.codeDescription.href), hover.contents.value);
  const symbols = await connection.sendRequest(rpc.DocumentSymbolRequest.type, {
    textDocument: { uri: uri(scenario.consumer.name) },
  });
  const objects = symbols.flatMap((document) => document.children.map((child) => child.name));
  assert.ok(objects.length >= 1 && objects.every((name) => /^[A-Za-z]+\/[a-z0-9.-]+$/.test(name)),
            JSON.stringify(symbols));
  if (scenario.rule === 'unreachable-pod-index') {
    // The remedy the help names, with its edit in the StatefulSet's file.
    const remedy = actions.find((a) => a.title === 'Set spec.ordinals.start: 0 on StatefulSet database');
    assert.ok(remedy, `a remedy among ${JSON.stringify(actions.map((a) => a.title))}`);
    const [ordinals] = remedy.edit.changes[uri(scenario.definition.name)];
    assert.equal(ordinals.newText, '0');
    assert.deepEqual(ordinals.range.start, { line: 8, character: 11 });
    const select = actions.find((a) => a.title === 'Select "1"');
    assert.ok(select && select.edit.changes[uri(scenario.consumer.name)], 'select "1" in the Service');
    // A value and a scale: a choice, so none is preferred.
    assert.ok(!remedy.isPreferred && !select.isPreferred);
    const onValue = await connection.sendRequest(rpc.HoverRequest.type, {
      textDocument: { uri: uri(scenario.consumer.name) },
      position: { line: 7, character: 35 },
    });
    assert.ok(onValue.contents.value.includes('StatefulSet database'), onValue.contents.value);
    // Hover on a key: the field's type and its description at the target release (1.33).
    const onKey = await connection.sendRequest(rpc.HoverRequest.type, {
      textDocument: { uri: uri(scenario.definition.name) },
      position: { line: 5, character: 4 },
    });
    assert.ok(onKey.contents.value.includes('**spec.serviceName**: string'), onKey.contents.value);
    assert.ok(onKey.contents.value.includes(
      'serviceName is the name of the service that governs this StatefulSet.'), onKey.contents.value);
    assert.ok(onKey.contents.value.includes('(bundled schema of Kubernetes 1.33)'), onKey.contents.value);
  }

  // 3c. Hover on a key of a bundled CRD's kind: the CRD's own field description.
  const lwsName = 'lws.yaml';
  connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: {
      uri: uri(lwsName),
      languageId: 'yaml',
      version: 1,
      text: [
        'apiVersion: leaderworkerset.x-k8s.io/v1',
        'kind: LeaderWorkerSet',
        'metadata:',
        '  name: inference',
        'spec:',
        '  replicas: 2',
        '  leaderWorkerTemplate:',
        '    size: 4',
        '    workerTemplate:',
        '      spec:',
        '        containers:',
        '          - {name: worker, image: vllm/vllm-openai:v0.8.0}',
        '',
      ].join('\n'),
    },
  });
  const onCrdKey = await connection.sendRequest(rpc.HoverRequest.type, {
    textDocument: { uri: uri(lwsName) },
    position: { line: 7, character: 5 },
  });
  assert.ok(onCrdKey.contents.value.includes('**spec.leaderWorkerTemplate.size**: integer'),
            onCrdKey.contents.value);
  assert.ok(onCrdKey.contents.value.includes(
    'size is the number of pods to create. It is the total number of pods in each group.'),
            onCrdKey.contents.value);
  assert.ok(onCrdKey.contents.value.includes('bundled CRD leaderworkerset.x-k8s.io_leaderworkersets.yaml'),
            onCrdKey.contents.value);
  connection.sendNotification(rpc.DidCloseTextDocumentNotification.type, {
    textDocument: { uri: uri(lwsName) },
  });

  // 4. Fix the definition with an incremental edit (unsaved): the finding in the OTHER file
  //    is re-published empty.
  const fixLine = scenario.definition.text.split('\n')[scenario.fix.line];
  const column = fixLine.indexOf(scenario.fix.from);
  connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(scenario.definition.name), version: 2 },
    contentChanges: [
      {
        range: {
          start: { line: scenario.fix.line, character: column },
          end: { line: scenario.fix.line, character: column + scenario.fix.from.length },
        },
        text: scenario.fix.to,
      },
    ],
  });
  await diagnosticsOf(scenario.consumer.name, (list) => !hasRule(scenario.rule)(list), 'cleared finding');

  // 5. Undo it with a full-text change: the finding comes back.
  connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(scenario.definition.name), version: 3 },
    contentChanges: [{ text: scenario.definition.text }],
  });
  await diagnosticsOf(scenario.consumer.name, hasRule(scenario.rule), 'restored finding');

  // 5b. The open buffer wins over the disk: saving the fix from another program does not
  //     change what the server lints while the buffer is open. (A request is answered only
  //     after the lint that the watched-file change caused, so its publishes come first.)
  const fixedOnDisk = scenario.definition.text.replace(scenario.fix.from, scenario.fix.to);
  fs.writeFileSync(file(scenario.definition.name), fixedOnDisk);
  connection.sendNotification(rpc.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri(scenario.definition.name), type: rpc.FileChangeType.Changed }],
  });
  await connection.sendRequest(rpc.CodeActionRequest.type, {
    textDocument: { uri: uri(scenario.definition.name) },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [] },
  });
  assert.ok(hasRule(scenario.rule)(latest.get(uri(scenario.consumer.name))), 'the buffer still wins');
  fs.writeFileSync(file(scenario.definition.name), scenario.definition.text);

  // 6. Broken YAML mid-typing is a yaml-syntax diagnostic, not a crash; finishing the edit
  //    removes it.
  const lines = scenario.consumer.text.split('\n');
  const end = { line: lines.length - 1, character: 0 };
  connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(scenario.consumer.name), version: 2 },
    contentChanges: [{ range: { start: end, end }, text: 'data: [' }],
  });
  const broken = await diagnosticsOf(scenario.consumer.name, hasRule('yaml-syntax'), 'syntax error');
  assert.equal(broken.find((d) => d.code === 'yaml-syntax').range.start.line, end.line);
  connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(scenario.consumer.name), version: 3 },
    contentChanges: [{ range: { start: end, end: { line: end.line, character: 7 } }, text: '' }],
  });
  await diagnosticsOf(
    scenario.consumer.name,
    (list) => !hasRule('yaml-syntax')(list) && hasRule(scenario.rule)(list),
    'syntax error cleared',
  );

  // 7. UTF-16 columns: a character outside the BMP counts two code units.
  const emojiName = 'emoji.yaml';
  connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: {
      uri: uri(emojiName),
      languageId: 'yaml',
      version: 1,
      text: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: e}\ndata: {\"\u{1F600}\": '1', k: '1', k: '2'}\n",
    },
  });
  const emoji = await diagnosticsOf(emojiName, hasRule('duplicate-key'), 'duplicate key');
  // data: {"😀": '1', k: '1', k: '2'}  -- the second k is at code point 25, UTF-16 unit 26.
  assert.deepEqual(emoji[0].range.start, { line: 3, character: 26 });

  // 8. Closing a file that is not on disk clears its diagnostics.
  connection.sendNotification(rpc.DidCloseTextDocumentNotification.type, {
    textDocument: { uri: uri(emojiName) },
  });
  await diagnosticsOf(emojiName, (list) => list.length === 0, 'closed file cleared');

  // 9. A file deleted on disk (and never opened) leaves the workspace.
  fs.writeFileSync(file('sub/late.yaml'), 'a: [\n');
  connection.sendNotification(rpc.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri('sub/late.yaml'), type: rpc.FileChangeType.Created }],
  });
  await diagnosticsOf('sub/late.yaml', hasRule('yaml-syntax'), 'created file linted');
  fs.unlinkSync(file('sub/late.yaml'));
  connection.sendNotification(rpc.DidChangeWatchedFilesNotification.type, {
    changes: [{ uri: uri('sub/late.yaml'), type: rpc.FileChangeType.Deleted }],
  });
  await diagnosticsOf('sub/late.yaml', (list) => list.length === 0, 'deleted file cleared');

  // 9b. Settings changes re-publish: turning the rule off clears the finding, turning it
  //     back on restores it.
  connection.sendNotification(rpc.DidChangeConfigurationNotification.type, {
    settings: { ordlint: { disable: [scenario.rule] } },
  });
  await diagnosticsOf(scenario.consumer.name, (list) => !hasRule(scenario.rule)(list), 'rule turned off');
  connection.sendNotification(rpc.DidChangeConfigurationNotification.type, {
    settings: { ordlint: { kubeVersion: '1.33' } },
  });
  await diagnosticsOf(scenario.consumer.name, hasRule(scenario.rule), 'rule turned back on');
  // The target version decides which release's documentation a hover shows: ordinals needed
  // the StatefulSetStartOrdinal feature gate until 1.31, and 1.28's description says so.
  if (scenario.rule === 'unreachable-pod-index') {
    const ordinalsAt = async (kubeVersion) => {
      connection.sendNotification(rpc.DidChangeConfigurationNotification.type, {
        settings: { ordlint: { kubeVersion } },
      });
      const hovered = await connection.sendRequest(rpc.HoverRequest.type, {
        textDocument: { uri: uri(scenario.definition.name) },
        position: { line: 7, character: 4 },
      });
      return hovered.contents.value;
    };
    const old = await ordinalsAt('1.28');
    assert.ok(old.includes('StatefulSetStartOrdinal') && old.includes('Kubernetes 1.28'), old);
    const current = await ordinalsAt('1.33');
    assert.ok(!current.includes('StatefulSetStartOrdinal') && current.includes('Kubernetes 1.33'), current);
  }
  // An exclude glob: the consumer's findings are retracted.
  connection.sendNotification(rpc.DidChangeConfigurationNotification.type, {
    settings: { ordlint: { exclude: [scenario.consumer.name] } },
  });
  await diagnosticsOf(scenario.consumer.name, (list) => list.length === 0, 'excluded file cleared');

  // 10. Unknown requests get MethodNotFound; the server keeps serving.
  await assert.rejects(connection.sendRequest('ordlint/noSuchMethod', {}), (error) => {
    assert.equal(error.code, rpc.ErrorCodes.MethodNotFound);
    return true;
  });

  await withTimeout(connection.sendRequest(rpc.ShutdownRequest.type), 'shutdown');
  connection.sendNotification(rpc.ExitNotification.type);
  assert.equal(await withTimeout(exited, 'exit'), 0);
  connection.dispose();
  fs.rmSync(root, { recursive: true, force: true });
  console.log(`lsp client test: ${scenario.rule} across files, code actions, sync, robustness: ok`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
