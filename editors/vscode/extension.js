// The ordlint extension: starts `ordlint lsp` (the binary from the `ordlint.path` setting) as a
// language server for YAML and JSON files and hands it the `ordlint.*` settings. Everything
// else (diagnostics, hover, outline, code actions) comes from the server.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

// The settings the server reads: every `ordlint.*` setting package.json declares except the
// extension's own (a test checks they are the server's editor settings).
const clientOnly = new Set(['path', 'trace.server']);
const serverKeys = Object.keys(require('./package.json').contributes.configuration.properties)
  .map((key) => key.slice('ordlint.'.length))
  .filter((key) => !clientOnly.has(key));

// The `ordlint.*` settings as the server reads them (initializationOptions and
// workspace/didChangeConfiguration): unset values are left out, so .ordlint.yaml applies.
function serverSettings() {
  const configuration = vscode.workspace.getConfiguration('ordlint');
  const settings = {};
  for (const key of serverKeys) {
    const value = configuration.get(key);
    if (value === null || value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    settings[key] = value;
  }
  return settings;
}

async function start(context) {
  const command = vscode.workspace.getConfiguration('ordlint').get('path') || 'ordlint';
  const serverOptions = {
    run: { command, args: ['lsp'], transport: TransportKind.stdio },
    debug: { command, args: ['lsp'], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    initializationOptions: serverSettings(),
    synchronize: {
      configurationSection: 'ordlint',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,.ordlint.yaml}'),
    },
  };
  client = new LanguageClient('ordlint', 'ordlint', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    vscode.window.showErrorMessage(
      `ordlint: could not start "${command} lsp" (${error.message}). Install ordlint or set ordlint.path.`);
  }
}

async function activate(context) {
  await start(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('ordlint.restart', async () => {
      if (client) await client.stop();
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      // A new binary needs a new process; other settings reach the running server.
      if (event.affectsConfiguration('ordlint.path')) {
        if (client) await client.stop();
        await start(context);
      }
    }));
}

async function deactivate() {
  if (client) await client.stop();
}

module.exports = { activate, deactivate, serverSettings };
