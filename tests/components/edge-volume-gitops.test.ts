import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { EdgeVolume } from "../../components/edge/edge-volume";
import { EdgeVolumeGitOps } from "../../components/edge/edge-volume-gitops";
import type { ManifestFiles } from "../../components/edge/gitops-plan";
import { ValidationError } from "../../components/validation";
import { type RecordedResource, synth } from "../../cli/synth";
import { gitopsDelivery, volumeDescription } from "../edge/fixtures";

const KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
const TOKEN = "ghp_not-a-real-token";
const FLUX_CONFIG = "azure-native:kubernetesconfiguration:FluxConfiguration";
const EXTENSION = "azure-native:kubernetesconfiguration:Extension";

const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

// Pulumi mocks are process-global, so one synth run serves every assertion in this file.
const run = synth(async () => {
    const errors: unknown[] = [];
    for (const bad of [
        { ...volumeDescription(), ...gitopsDelivery(), repository: { url: "http://github.com/contoso/plant-gitops", auth: { type: "none" as const } } },
        { ...volumeDescription(), claimName: "Cold", ...gitopsDelivery() },
    ]) {
        try {
            new EdgeVolumeGitOps("broken", bad);
        } catch (e) {
            errors.push(e);
        }
    }
    // The same description through both delivery paths.
    const direct = new EdgeVolume("direct", { ...volumeDescription(), kubeconfig: KUBECONFIG });
    const gitops = new EdgeVolumeGitOps("site01", { ...volumeDescription(), ...gitopsDelivery() });
    const https = new EdgeVolumeGitOps("https", {
        ...volumeDescription(),
        ...gitopsDelivery(),
        site: "site02",
        repository: { url: "https://dev.azure.com/contoso/plants/_git/gitops", branch: "plants", auth: { type: "https", username: "git", token: pulumi.secret(TOKEN) } },
        fluxExtension: { install: false },
    });
    return { errors, manifests: await valueOf(gitops.manifests), folder: gitops.folder, claimName: gitops.claimName, path: gitops.path, directPlan: direct.plan, plan: gitops.plan, httpsFolder: https.folder };
});

function find(resources: RecordedResource[], type: string, name: string): RecordedResource {
    const r = resources.find((x) => x.type === type && x.name === name);
    assert.ok(r, `no ${type} named ${name}; have ${resources.map((x) => `${x.type}/${x.name}`).join(", ")}`);
    return r;
}

/** Every resource below `urn`, however deep. */
function descendants(resources: RecordedResource[], urn: string): RecordedResource[] {
    const children = resources.filter((r) => r.parent === urn);
    return children.flatMap((c) => [c, ...descendants(resources, c.urn)]);
}

test("invalid arguments register nothing and name each offending field", async () => {
    const { resources, result } = await run;
    assert.equal(result.errors.length, 2);
    const [badUrl, badVolume] = result.errors as ValidationError[];
    assert.ok(badUrl instanceof ValidationError && badVolume instanceof ValidationError);
    assert.deepEqual(badUrl.problems.map((i) => i.path), ["repository.url"]);
    assert.deepEqual(badVolume.problems.map((i) => i.path), ["claimName"]);
    assert.ok(!resources.some((r) => r.name.startsWith("broken")));
});

test("the rendered manifests are the direct path's objects, parsed back from YAML", async () => {
    const { resources, result } = await run;
    assert.deepEqual(result.plan, result.directPlan);
    const files: ManifestFiles = result.manifests;
    const parsed = Object.entries(files)
        .filter(([f]) => f !== "kustomization.yaml")
        .map(([, text]) => parse(text) as Record<string, unknown>);
    // What the direct path sends to the Kubernetes API, in the same order.
    const pvc = find(resources, "kubernetes:core/v1:PersistentVolumeClaim", "direct-claim");
    const sub = find(resources, "kubernetes:arccontainerstorage.azure.net/v1:IngestSubvolume", "direct-ingestsubvolume");
    assert.deepEqual(parsed, [
        { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: pvc.inputs.metadata, spec: pvc.inputs.spec },
        { apiVersion: sub.inputs.apiVersion, kind: sub.inputs.kind, metadata: sub.inputs.metadata, spec: sub.inputs.spec },
    ]);
    assert.deepEqual((parse(files["kustomization.yaml"]) as { resources: string[] }).resources, Object.keys(files).slice(0, 2));
    assert.equal(result.folder, "clusters/site01/edge-fabric");
    assert.equal(result.httpsFolder, "clusters/site02/edge-fabric");
    assert.equal(result.claimName, "cold-archive");
    assert.equal(result.path, "ingest");
});

test("the gitops path creates no Kubernetes provider or object: only the Flux extension and configuration", async () => {
    const { resources } = await run;
    for (const name of ["site01", "https"]) {
        const component = find(resources, "edge-fabric:edge:EdgeVolumeGitOps", name);
        const below = descendants(resources, component.urn);
        assert.ok(!below.some((r) => r.type.startsWith("kubernetes:") || r.type === "pulumi:providers:kubernetes"), below.map((r) => r.type).join(", "));
        assert.deepEqual(below.map((r) => r.type).sort(), name === "site01" ? [EXTENSION, FLUX_CONFIG] : [FLUX_CONFIG]);
    }
    assert.equal(resources.filter((r) => r.type === "pulumi:providers:kubernetes").length, 1, "only the direct path's provider");
});

test("Flux configuration inputs: connected cluster, cluster scope, repository, kustomization of the site's folder", async () => {
    const { resources } = await run;
    const config = find(resources, FLUX_CONFIG, "site01-flux-config");
    const extension = find(resources, EXTENSION, "site01-flux");
    assert.equal(config.parent, find(resources, "edge-fabric:edge:EdgeVolumeGitOps", "site01").urn);
    const { inputs } = config;
    assert.equal(inputs.resourceGroupName, "rg-site01-arc");
    assert.equal(inputs.clusterName, "arc-site01");
    assert.equal(inputs.clusterRp, "Microsoft.Kubernetes");
    assert.equal(inputs.clusterResourceName, "connectedClusters");
    assert.equal(inputs.fluxConfigurationName, "edge-fabric");
    assert.equal(inputs.scope, "cluster");
    assert.equal(inputs.namespace, "cluster-config");
    assert.equal(inputs.sourceKind, "GitRepository");
    assert.equal(inputs.waitForReconciliation, false);
    assert.deepEqual(inputs.gitRepository, { url: "https://github.com/contoso/plant-gitops", repositoryRef: { branch: "main" }, syncIntervalInSeconds: 600, timeoutInSeconds: 600, localAuthRef: "plant-gitops-auth" });
    assert.deepEqual(inputs.kustomizations, {
        "edge-volume": { path: "./clusters/site01/edge-fabric", prune: true, force: false, wait: true, syncIntervalInSeconds: 600, retryIntervalInSeconds: 120, timeoutInSeconds: 600 },
    });
    assert.equal(inputs.configurationProtectedSettings, undefined, "a secretRef puts no credential in Azure or state");
    // The extension comes first: ARM refuses a Flux configuration on a cluster without it.
    assert.ok(config.dependencies.includes(extension.urn));
    assert.deepEqual(
        { ...extension.inputs },
        {
            resourceGroupName: "rg-site01-arc",
            clusterName: "arc-site01",
            clusterRp: "Microsoft.Kubernetes",
            clusterResourceName: "connectedClusters",
            extensionName: "flux",
            extensionType: "microsoft.flux",
            autoUpgradeMinorVersion: true,
            // azure-native's client-side default (types/input.js).
            releaseTrain: "Stable",
            identity: { type: "SystemAssigned" },
            scope: { cluster: { releaseNamespace: "flux-system" } },
        },
    );
});

test("an HTTPS token reaches the protected settings base64-encoded and secret, never in plain state", async () => {
    const { resources } = await run;
    const config = find(resources, FLUX_CONFIG, "https-flux-config");
    assert.deepEqual(config.inputs.configurationProtectedSettings, {
        [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
        value: { httpsKey: Buffer.from(TOKEN).toString("base64") },
    });
    const git = config.inputs.gitRepository as { httpsUser: string; repositoryRef: { branch: string } };
    assert.equal(git.httpsUser, "git");
    assert.equal(git.repositoryRef.branch, "plants");
    assert.ok(!JSON.stringify(config.inputs.gitRepository).includes(TOKEN));
    assert.equal((config.inputs.kustomizations as Record<string, { path: string }>)["edge-volume"].path, "./clusters/site02/edge-fabric");
    assert.deepEqual(config.dependencies, [], "install: false adopts the cluster's extension");
});
