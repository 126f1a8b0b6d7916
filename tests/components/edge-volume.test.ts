import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { EdgeVolume } from "../../components/edge/edge-volume";
import { ValidationError } from "../../components/validation";
import { type RecordedResource, synth } from "../../cli/synth";

const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
const subvolume = { name: "cold-archive-ingest", storageAccount: "starchive01", containerName: "edge-cold" };

// Pulumi mocks are process-global, so one synth run serves every assertion in this file.
const run = synth(
    () => {
        const errors: unknown[] = [];
        for (const bad of [
            { claimName: "cold-archive", subvolume },
            { claimName: "Cold", kubeconfig: "x", subvolume: { ...subvolume, containerName: "A" } },
        ]) {
            try {
                new EdgeVolume("broken", bad);
            } catch (e) {
                errors.push(e);
            }
        }
        // synth's `config` option writes PULUMI_CONFIG after Pulumi's store has already copied the
        // environment, so the stack config is set through the runtime here.
        pulumi.runtime.setAllConfig({ "edge-fabric:kubeconfig": KUBECONFIG }, ["edge-fabric:kubeconfig"]);
        const config = new pulumi.Config();
        const fromConfig = new EdgeVolume("site01", { claimName: "cold-archive", size: "50Gi", kubeconfig: config.requireSecret("kubeconfig"), subvolume: { ...subvolume, ingest: { minDelaySec: 120 } } });
        const provider = new k8s.Provider("shared-cluster", { kubeconfig: KUBECONFIG });
        const shared = new EdgeVolume("legacy", { claimName: "legacy-archive", schema: "EdgeSubvolume", provider, subvolume: { ...subvolume, name: "legacy-ingest" } });
        new EdgeVolume("plain", { claimName: "plain-archive", kubeconfig: KUBECONFIG, subvolume: { ...subvolume, name: "plain-ingest" } });
        return { errors, plan: fromConfig.plan, claimName: fromConfig.claimName, path: fromConfig.path, legacyClaim: shared.claimName };
    },
    {},
);

function find(resources: RecordedResource[], type: string, name: string): RecordedResource {
    const r = resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `no ${type} named ${name}; have ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
    return r;
}

test("invalid arguments register nothing and name each offending field", async () => {
    const { resources, result } = await run;
    assert.equal(result.errors.length, 2);
    const [noCluster, badNames] = result.errors as ValidationError[];
    assert.ok(noCluster instanceof ValidationError && badNames instanceof ValidationError);
    assert.deepEqual(noCluster.problems, [{ path: "kubeconfig", message: "give exactly one of kubeconfig (a secret from stack config) or provider" }]);
    assert.deepEqual(badNames.problems.map((i) => i.path), ["claimName", "subvolume.containerName"]);
    assert.ok(!resources.some((r) => r.name.startsWith("broken")));
});

test("the Kubernetes provider is built from the kubeconfig, kept secret, and used by every object", async () => {
    const { resources } = await run;
    const component = find(resources, "edge-fabric:edge:EdgeVolume", "site01");
    const provider = find(resources, "pulumi:providers:kubernetes", "site01-cluster");
    assert.equal(provider.parent, component.urn);
    // Recorded as the engine receives it: a secret, so the kubeconfig never lands in plain state.
    assert.deepEqual(provider.inputs.kubeconfig, { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: KUBECONFIG });
    const children = resources.filter((r) => r.parent === component.urn && r.custom && r !== provider);
    assert.deepEqual(children.map((r) => r.type).sort(), ["kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:arccontainerstorage.azure.net/v1:IngestSubvolume"].sort());
    for (const child of children) {
        assert.equal(child.provider, `${provider.urn}::site01-cluster-id`);
    }
});

test("a kubeconfig given as a plain string is made secret too", async () => {
    const { resources } = await run;
    const provider = find(resources, "pulumi:providers:kubernetes", "plain-cluster");
    assert.deepEqual(provider.inputs.kubeconfig, { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: KUBECONFIG });
});

test("PVC: ReadWriteMany cloud-backed claim in the AIO namespace", async () => {
    const { resources } = await run;
    const pvc = find(resources, "kubernetes:core/v1:PersistentVolumeClaim", "site01-claim");
    assert.deepEqual(pvc.inputs.metadata, { name: "cold-archive", namespace: "azure-iot-operations" });
    assert.deepEqual(pvc.inputs.spec, { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "50Gi" } }, storageClassName: "cloud-backed-sc" });
});

test("IngestSubvolume uploads the volume's path to the archive container, after the PVC", async () => {
    const { resources, result } = await run;
    const sub = find(resources, "kubernetes:arccontainerstorage.azure.net/v1:IngestSubvolume", "site01-ingestsubvolume");
    assert.equal(sub.inputs.apiVersion, "arccontainerstorage.azure.net/v1");
    assert.equal(sub.inputs.kind, "IngestSubvolume");
    // The model's spec (asserted field by field in tests/edge/edge-volume-plan.test.ts) goes out unchanged.
    assert.deepEqual(sub.inputs.spec, result.plan.customResources[0].spec);
    assert.deepEqual((sub.inputs.spec as { ingest: unknown }).ingest, { order: "oldest-first", minDelaySec: 120 });
    assert.equal((sub.inputs.spec as { containerName: string }).containerName, "edge-cold");
    assert.ok(sub.dependencies.includes(find(resources, "kubernetes:core/v1:PersistentVolumeClaim", "site01-claim").urn));
    assert.equal(result.claimName, "cold-archive");
    assert.equal(result.path, "ingest");
});

test("an explicit provider is used as given; the old schema creates the policy before the subvolume", async () => {
    const { resources } = await run;
    const shared = find(resources, "pulumi:providers:kubernetes", "shared-cluster");
    const component = find(resources, "edge-fabric:edge:EdgeVolume", "legacy");
    assert.ok(!resources.some((r) => r.type === "pulumi:providers:kubernetes" && r.parent === component.urn), "no provider of its own");
    const policy = find(resources, "kubernetes:arccontainerstorage.azure.net/v1:EdgeIngestPolicy", "legacy-edgeingestpolicy");
    const sub = find(resources, "kubernetes:arccontainerstorage.azure.net/v1:EdgeSubvolume", "legacy-edgesubvolume");
    for (const r of [policy, sub, find(resources, "kubernetes:core/v1:PersistentVolumeClaim", "legacy-claim")]) {
        assert.equal(r.provider, `${shared.urn}::shared-cluster-id`);
    }
    assert.ok(sub.dependencies.includes(policy.urn));
    assert.equal((sub.inputs.spec as { ingestPolicy: string }).ingestPolicy, "legacy-ingest-policy");
});
