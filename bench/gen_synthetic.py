#!/usr/bin/env python3
"""Synthetic inputs for bench/run.sh.

  gen_synthetic.py copies CORPUS OUT N   N copies of CORPUS under OUT/copy-<i>/, each copy in
                                         its own namespaces (so cross-object rules see N
                                         independent repositories, as a monorepo would)
  gen_synthetic.py dump OUT.yaml OBJECTS a cluster-dump-like stream: namespaces, each with
                                         StatefulSets, Services selecting them (some by
                                         pod-index), ConfigMaps and a PDB
  gen_synthetic.py peers OUT.yaml OBJECTS a stream of peer lists: namespaces, each with etcd,
                                         ZooKeeper and Kafka StatefulSets, their headless
                                         Services, and peer lists of pod DNS names in env
                                         values, args and ConfigMaps (some naming pods that
                                         do not exist), for unresolvable-pod-dns
"""
import os
import re
import sys

TOP_METADATA = re.compile(r"^metadata:[ \t]*$")
NAMESPACE_KEY = r"namespace:[ \t]*"


def renamespace(text, suffix):
    """Gives every top-level object of a YAML stream a namespace ending in `suffix`."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        if TOP_METADATA.match(line):
            block_end = i + 1
            while block_end < len(lines) and (lines[block_end].startswith(" ") or not lines[block_end].strip()):
                block_end += 1
            block = lines[i + 1:block_end]
            first = next((b for b in block if b.strip()), "  x")
            indent = first[:len(first) - len(first.lstrip(" "))]
            namespace = re.compile("^(" + indent + NAMESPACE_KEY + r")(\S+)(.*)$")
            if any(namespace.match(b) for b in block):
                out.extend(namespace.sub(lambda m: m.group(1) + m.group(2).strip("\"'") + suffix + m.group(3), b)
                           for b in block)
            else:
                out.append(indent + "namespace: default" + suffix)
                out.extend(block)
            i = block_end
            continue
        i += 1
    return "\n".join(out)


def copies(corpus, out, count):
    for index in range(count):
        suffix = "-c%d" % index
        for root, dirs, files in os.walk(corpus):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not re.search(r"\.(ya?ml|json)$", name, re.I):
                    continue
                source = os.path.join(root, name)
                target = os.path.join(out, "copy-%d" % index, os.path.relpath(source, corpus))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(source, encoding="utf-8", errors="surrogateescape") as f:
                    text = f.read()
                if not name.lower().endswith(".json"):
                    text = renamespace(text, suffix)
                with open(target, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(text)


STATEFULSET = """---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db-{i}
  namespace: {ns}
spec:
  replicas: {replicas}
  ordinals:
    start: {start}
  serviceName: db-{i}
  selector:
    matchLabels: {{app: db-{i}}}
  template:
    metadata:
      labels: {{app: db-{i}, tier: data}}
    spec:
      containers:
        - name: db
          image: postgres:17
          env:
            - name: POD_INDEX
              valueFrom:
                fieldRef:
                  fieldPath: metadata.labels['apps.kubernetes.io/pod-index']
"""
SERVICE = """---
apiVersion: v1
kind: Service
metadata:
  name: db-{i}-primary
  namespace: {ns}
spec:
  selector:
    app: db-{i}
    apps.kubernetes.io/pod-index: "{index}"
  ports:
    - port: 5432
"""
HEADLESS = """---
apiVersion: v1
kind: Service
metadata:
  name: db-{i}
  namespace: {ns}
spec:
  clusterIP: None
  selector:
    app: db-{i}
  ports:
    - port: 5432
"""
CONFIGMAP = """---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings-{i}
  namespace: {ns}
data:
  mode: fast
"""
PDB = """---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: data
  namespace: {ns}
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {{tier: data}}
"""


def dump(path, objects):
    per_namespace = 50  # 12 StatefulSets with 2 Services each, 13 ConfigMaps, 1 PDB
    with open(path, "w") as f:
        written, n = 0, 0
        while written < objects:
            ns = "team-%d" % n
            for i in range(12):
                replicas, start = 3 + i % 4, i % 3
                # One Service in 25 selects an index the StatefulSet does not produce.
                index = start + replicas if (n + i) % 25 == 0 else start
                f.write(STATEFULSET.format(i=i, ns=ns, replicas=replicas, start=start))
                f.write(SERVICE.format(i=i, ns=ns, index=index))
                f.write(HEADLESS.format(i=i, ns=ns))
            for i in range(13):
                f.write(CONFIGMAP.format(i=i, ns=ns))
            f.write(PDB.format(ns=ns))
            written += per_namespace
            n += 1


PEER_STATEFULSET = """---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {name}
  namespace: {ns}
spec:
  replicas: {replicas}
  serviceName: {name}-hs
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
        - name: member
          image: example.com/{name}:1.0
          args: ["--initial-cluster={cluster}"]
          env:
            - name: POD_NAME
              valueFrom: {{fieldRef: {{fieldPath: metadata.name}}}}
            - name: VOTERS
              value: {voters}
            - name: SELF
              value: $(POD_NAME).{name}-hs.{ns}.svc.cluster.local
"""
PEER_SERVICE = """---
apiVersion: v1
kind: Service
metadata:
  name: {name}-hs
  namespace: {ns}
spec:
  clusterIP: None
  selector: {{app: {name}}}
  ports:
    - port: 2380
"""
PEER_CONFIGMAP = """---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
  namespace: {ns}
data:
  servers.cfg: |
{servers}
"""


def peers(path, objects):
    """Namespaces of 3 StatefulSets with peer lists, their Services and ConfigMaps (9 objects);
    one list in 20 names one member too many."""
    with open(path, "w") as f:
        written, n = 0, 0
        while written < objects:
            ns = "peers-%d" % n
            for i, kind in enumerate(("etcd", "zk", "kafka")):
                name = "%s-%d" % (kind, n % 7)
                replicas = 3 + (n + i) % 3
                members = replicas + (1 if (n + i) % 20 == 0 else 0)
                hosts = ["%s-%d.%s-hs" % (name, m, name) for m in range(members)]
                cluster = ",".join("%s-%d=http://%s:2380" % (name, m, h) for m, h in enumerate(hosts))
                voters = ",".join("%d@%s.%s.svc:9093" % (m, h, ns) for m, h in enumerate(hosts))
                servers = "\n".join("    server.%d=%s.%s.svc.cluster.local:2888:3888" % (m + 1, h, ns)
                                     for m, h in enumerate(hosts))
                f.write(PEER_STATEFULSET.format(name=name, ns=ns, replicas=replicas, cluster=cluster, voters=voters))
                f.write(PEER_SERVICE.format(name=name, ns=ns))
                f.write(PEER_CONFIGMAP.format(name=name, ns=ns, servers=servers))
            written += 9
            n += 1


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "copies":
        copies(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif len(sys.argv) == 4 and sys.argv[1] == "dump":
        dump(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "peers":
        peers(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
