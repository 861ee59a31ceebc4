// Latency of `ordlint lsp`: time from sending textDocument/didChange to receiving the
// textDocument/publishDiagnostics it causes, for an open 200-object document in a workspace
// of 2,000 objects (10 files of 200). Each edit adds or removes a duplicate key, so every
// edit changes the findings and is answered by a publish. After each edit it also times a
// hover on the first StatefulSet's serviceName (what the pod model knows: the first hover
// after a lint builds the pod model of the 2,000 objects), a hover on the key `replicas` of
// that StatefulSet (its type and description: the first such hover of the session parses the
// bundled descriptions, timed apart before the edits) and a codeAction request on the
// duplicate key (the finding's fix, remedies and ignores). Goal: p95 <= 30 ms for each.
//
// usage: node bench/lsp-latency.js path/to/ordlint [EDITS]
// Build a Release ordlint first (cmake -DCMAKE_BUILD_TYPE=Release); needs the Node packages
// of tests/lsp (scripts/install-deps.sh installs them).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const rpc = require(path.join(__dirname, '../tests/lsp/node_modules/vscode-languageserver-protocol/node'));

const binary = path.resolve(process.argv[2] || 'build/ordlint');
const edits = Number(process.argv[3] || 60);
const warmup = 5;
const files = 10;
const objectsPerFile = 200;

// Four objects per app, the shapes pod-identity rules read: a StatefulSet with a pod
// template, a Service selecting its pods, a ConfigMap and a PodDisruptionBudget.
function app(file, index) {
  const name = `app-${file}-${index}`;
  return `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ${name}
  namespace: team-${file}
  labels: {app: ${name}}
spec:
  serviceName: ${name}
  replicas: 3
  ordinals: {start: 1}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: server
          image: registry.example/${name}:1.0.${index}
          ports:
            - {name: http, containerPort: 8080}
          env:
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
            - name: POD_INDEX
              valueFrom: {fieldRef: {fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']"}}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
          volumeMounts:
            - {name: data, mountPath: /data}
  volumeClaimTemplates:
    - metadata: {name: data}
      spec:
        accessModes: [ReadWriteOnce]
        resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-primary
  namespace: team-${file}
spec:
  selector:
    app: ${name}
    apps.kubernetes.io/pod-index: "1"
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: team-${file}
data:
  mode: primary
  replicas: "3"
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: team-${file}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: ${name}}
`;
}

function manifest(file) {
  const apps = [];
  for (let i = 0; i < objectsPerFile / 4; ++i) apps.push(app(file, i));
  return apps.join('---\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ordlint-lsp-bench-'));
  for (let f = 0; f < files; ++f) fs.writeFileSync(path.join(root, `apps-${f}.yaml`), manifest(f));
  const edited = path.join(root, 'apps-0.yaml');
  const uri = pathToFileURL(edited).href;
  const text = fs.readFileSync(edited, 'utf8');
  // The edit toggles a duplicate key on the line after `mode: primary` of the first ConfigMap.
  const modeLine = text.split('\n').findIndex((line) => line === '  mode: primary');
  const serviceNameLine = text.split('\n').findIndex((line) => line.startsWith('  serviceName: '));
  const replicasLine = text.split('\n').findIndex((line) => line.startsWith('  replicas: '));

  const server = spawn(binary, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );
  let waiting = null;
  connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => {
    if (params.uri === uri && waiting) {
      const done = waiting;
      waiting = null;
      done(params.diagnostics);
    }
  });
  connection.onNotification(rpc.LogMessageNotification.type, () => {});
  connection.listen();

  const indexStart = process.hrtime.bigint();
  await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
    capabilities: {},
  });
  const indexMs = Number(process.hrtime.bigint() - indexStart) / 1e6;
  connection.sendNotification(rpc.InitializedNotification.type, {});
  connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'yaml', version: 1, text },
  });
  // A request is answered after the lint that the notifications before it caused (opening an
  // unchanged file publishes nothing): the outline waits for the first lint.
  await connection.sendRequest(rpc.DocumentSymbolRequest.type, { textDocument: { uri } });

  const latencies = [];
  const hovers = [];
  const keyHovers = [];
  const codeActions = [];
  const timed = async (request) => {
    const start = process.hrtime.bigint();
    const result = await request();
    return [Number(process.hrtime.bigint() - start) / 1e6, result];
  };
  const hoverOnKey = () =>
    timed(() =>
      connection.sendRequest(rpc.HoverRequest.type, {
        textDocument: { uri },
        position: { line: replicasLine, character: 3 },
      }));
  const checkKeyHover = (hover, what) => {
    if (!hover || !hover.contents.value.includes('replicas is the desired number of replicas'))
      throw new Error(`${what}: unexpected hover on a key ${JSON.stringify(hover)}`);
  };
  // The first hover on a key parses the bundled descriptions (once per session).
  const [firstKeyHoverMs, firstKeyHover] = await hoverOnKey();
  checkKeyHover(firstKeyHover, 'first hover');
  let version = 1;
  for (let i = 0; i < warmup + edits; ++i) {
    const adding = i % 2 === 0;
    const at = { line: modeLine + 1, character: 0 };
    const change = adding
      ? { range: { start: at, end: at }, text: '  mode: replica\n' }
      : { range: { start: at, end: { line: modeLine + 2, character: 0 } }, text: '' };
    const published = new Promise((resolve) => {
      waiting = resolve;
    });
    const start = process.hrtime.bigint();
    connection.sendNotification(rpc.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: ++version },
      contentChanges: [change],
    });
    const diagnostics = await published;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (diagnostics.some((d) => d.code === 'duplicate-key') !== adding)
      throw new Error(`edit ${i}: unexpected diagnostics ${JSON.stringify(diagnostics)}`);
    if (i >= warmup) latencies.push(ms);

    const [hoverMs, hover] = await timed(() =>
      connection.sendRequest(rpc.HoverRequest.type, {
        textDocument: { uri },
        position: { line: serviceNameLine, character: 17 },
      }));
    if (!hover || !hover.contents.value.includes('ordinals 1..3'))
      throw new Error(`edit ${i}: unexpected hover ${JSON.stringify(hover)}`);
    const [keyHoverMs, keyHover] = await hoverOnKey();
    checkKeyHover(keyHover, `edit ${i}`);
    const [actionMs, actions] = await timed(() =>
      connection.sendRequest(rpc.CodeActionRequest.type, {
        textDocument: { uri },
        range: { start: { line: modeLine + 1, character: 2 }, end: { line: modeLine + 1, character: 2 } },
        context: { diagnostics: [] },
      }));
    if ((actions.length > 0) !== adding)
      throw new Error(`edit ${i}: unexpected code actions ${JSON.stringify(actions)}`);
    if (i >= warmup) {
      hovers.push(hoverMs);
      keyHovers.push(keyHoverMs);
      codeActions.push(actionMs);
    }
  }

  await connection.sendRequest(rpc.ShutdownRequest.type);
  connection.sendNotification(rpc.ExitNotification.type);
  connection.dispose();
  fs.rmSync(root, { recursive: true, force: true });

  const objects = files * objectsPerFile;
  console.log(`workspace: ${files} files, ${objects} objects; edited document: ${objectsPerFile} objects`);
  console.log(`initialize (index + parse of the workspace, before the first lint): ${indexMs.toFixed(1)} ms`);
  const report = (what, values) =>
    console.log(
      `${what} over ${edits} edits: median ${median(values).toFixed(2)} ms, ` +
        `p90 ${percentile(values, 90).toFixed(2)} ms, p95 ${percentile(values, 95).toFixed(2)} ms, ` +
        `min ${Math.min(...values).toFixed(2)} ms, max ${Math.max(...values).toFixed(2)} ms`,
    );
  report('didChange -> publishDiagnostics', latencies);
  report('hover on serviceName (first after a lint: builds the pod model)', hovers);
  report('hover on the key replicas (type and description)', keyHovers);
  console.log(`first hover on a key of the session (parses the descriptions): ${firstKeyHoverMs.toFixed(1)} ms`);
  report('codeAction on the finding', codeActions);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
