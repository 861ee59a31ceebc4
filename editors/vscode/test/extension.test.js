// Tests the VS Code extension without VS Code:
// 1. `vsce package` builds a .vsix that holds the client and its runtime dependency;
// 2. the extension's `serverSettings()` (run against a stand-in `vscode` module) hands the
//    server exactly the settings that are set;
// 3. every `ordlint.*` setting the extension declares is one the real `ordlint lsp` accepts:
//    initialize with all of them set and expect no "ordlint settings:" warning.
//
// usage: node editors/vscode/test/extension.test.js path/to/ordlint
'use strict';

const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const extensionDir = path.resolve(__dirname, '..');
const binary = process.argv[2];
if (!binary) {
  console.error('usage: extension.test.js path/to/ordlint');
  process.exit(2);
}
if (!fs.existsSync(path.join(extensionDir, 'node_modules', 'vscode-languageclient'))) {
  console.error('editors/vscode/node_modules is missing: run scripts/install-deps.sh (npm ci there)');
  process.exit(1);
}
const manifest = JSON.parse(fs.readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
const declared = Object.keys(manifest.contributes.configuration.properties);
// Settings of the extension itself, not of the server.
const clientOnly = new Set(['ordlint.path', 'ordlint.trace.server']);

function packageVsix() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ordlint-vsix-'));
  const vsix = path.join(out, 'ordlint.vsix');
  execFileSync(path.join(extensionDir, 'node_modules', '.bin', 'vsce'),
               ['package', '--skip-license', '--out', vsix],
               { cwd: extensionDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const listing = execFileSync('unzip', ['-l', vsix], { encoding: 'utf8' });
  for (const entry of ['extension/package.json', 'extension/extension.js',
                       'extension/node_modules/vscode-languageclient/node.js']) {
    assert.ok(listing.includes(entry), `${entry} is not in the .vsix:\n${listing}`);
  }
  assert.ok(!listing.includes('node_modules/@vscode/vsce'), 'the packager itself was packaged');
  fs.rmSync(out, { recursive: true, force: true });
}

// Loads extension.js with `vscode` resolved to a stand-in whose configuration is `values` (and
// the client library, which extends VS Code's classes as it loads, to an empty one).
function loadExtension(values) {
  const stub = {
    workspace: {
      getConfiguration: (section) => {
        assert.equal(section, 'ordlint');
        return { get: (key) => values[key] };
      },
    },
  };
  const originalLoad = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return stub;
    if (request === 'vscode-languageclient/node') return { LanguageClient: class {}, TransportKind: { stdio: 0 } };
    return originalLoad.call(this, request, ...rest);
  };
  try {
    const file = path.join(extensionDir, 'extension.js');
    delete require.cache[require.resolve(file)];
    return require(file);
  } finally {
    Module._load = originalLoad;
  }
}

// A value of the right type for each declared server setting.
const sample = {
  kubeVersion: '1.30', namespace: 'apps', zones: 2, strict: true, enable: ['all'],
  disable: ['unused-ignore'], rules: { 'shell-in-env': 'error' }, schemaDirs: ['schemas-extra'],
  context: ['shared'], exclude: ['generated/**', '!generated/keep.yaml'],
  ignore: [{ kind: 'StatefulSet', name: 'vendor-*', rules: ['unreachable-pod-index'] }],
};

function checkServerSettings() {
  for (const key of declared.filter((k) => !clientOnly.has(k))) {
    assert.ok(key.slice('ordlint.'.length) in sample, `no sample value for the new setting ${key}`);
  }
  const unset = loadExtension({ kubeVersion: null, enable: [], rules: {} }).serverSettings();
  assert.deepEqual(unset, {}, 'unset settings must not reach the server (.ordlint.yaml applies)');
  const all = loadExtension(sample).serverSettings();
  assert.deepEqual(all, sample);
}

async function checkServerAcceptsEverySetting() {
  const rpc = require(path.join(extensionDir, 'node_modules', 'vscode-languageserver-protocol', 'node'));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ordlint-vscode-'));
  fs.mkdirSync(path.join(root, 'schemas-extra'));
  fs.mkdirSync(path.join(root, 'shared'));
  fs.writeFileSync(path.join(root, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
  const server = spawn(binary, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.stdout),
                                                  new rpc.StreamMessageWriter(server.stdin));
  const warnings = [];
  connection.onNotification(rpc.ShowMessageNotification.type, (p) => warnings.push(p.message));
  connection.onNotification(rpc.LogMessageNotification.type, () => {});
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, () => {});
  connection.onRequest(rpc.RegistrationRequest.type, () => null);
  connection.listen();
  const settings = loadExtension(sample).serverSettings();
  await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'ws' }],
    capabilities: {},
    initializationOptions: settings,
  });
  connection.sendNotification(rpc.InitializedNotification.type, {});
  // didChangeConfiguration carries the same settings under `ordlint`, as the client sends them.
  connection.sendNotification(rpc.DidChangeConfigurationNotification.type, { settings: { ordlint: settings } });
  await connection.sendRequest(rpc.ShutdownRequest.type);
  connection.sendNotification(rpc.ExitNotification.type);
  await new Promise((resolve) => server.on('exit', resolve));
  fs.rmSync(root, { recursive: true, force: true });
  assert.deepEqual(warnings, [], 'the server rejected settings the extension declares');
}

(async () => {
  packageVsix();
  checkServerSettings();
  await checkServerAcceptsEverySetting();
  console.log('vscode extension: packaged, settings mapped, every setting accepted by the server');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
