import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { planEdgeVolume } from "../../components/edge/edge-volume-plan";
import { GENERATED_HEADER, type GitOpsDelivery, planFluxConfiguration, renderEdgeVolumeManifests } from "../../components/edge/gitops-plan";
import { CLUSTER_ID, gitopsDelivery, issuesAfterEdit, volumeDescription } from "./fixtures";

/** The issues planFluxConfiguration reports for an edited delivery. */
const issuesOfEdit = (edit: (d: GitOpsDelivery) => void): string[] => issuesAfterEdit(gitopsDelivery, planFluxConfiguration, edit);

test("manifests: one file per planned object in creation order, then a kustomization listing them", () => {
    const plan = planEdgeVolume(volumeDescription());
    const files = renderEdgeVolumeManifests(plan);
    assert.deepEqual(Object.keys(files), ["00-persistentvolumeclaim-cold-archive.yaml", "01-ingestsubvolume-cold-archive-ingest.yaml", "kustomization.yaml"]);
    for (const text of Object.values(files)) {
        assert.ok(text.startsWith(`${GENERATED_HEADER}\n`));
    }
    // Parsed back, each manifest is the planned object itself: nothing added, nothing lost.
    assert.deepEqual(parse(files["00-persistentvolumeclaim-cold-archive.yaml"]), plan.claim);
    assert.deepEqual(parse(files["01-ingestsubvolume-cold-archive-ingest.yaml"]), plan.customResources[0]);
    assert.deepEqual(parse(files["kustomization.yaml"]), {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: ["00-persistentvolumeclaim-cold-archive.yaml", "01-ingestsubvolume-cold-archive-ingest.yaml"],
    });
    // Deterministic, so a pipeline commits nothing when nothing changed.
    assert.deepEqual(renderEdgeVolumeManifests(planEdgeVolume(volumeDescription())), files);
});

test("manifests: the old ACSA schema renders the ingest policy before the subvolume that names it", () => {
    const plan = planEdgeVolume({ ...volumeDescription(), schema: "EdgeSubvolume" });
    const files = renderEdgeVolumeManifests(plan);
    assert.deepEqual(Object.keys(files), ["00-persistentvolumeclaim-cold-archive.yaml", "01-edgeingestpolicy-cold-archive-ingest-policy.yaml", "02-edgesubvolume-cold-archive-ingest.yaml", "kustomization.yaml"]);
    assert.deepEqual(parse(files["02-edgesubvolume-cold-archive-ingest.yaml"]), plan.customResources[1]);
    assert.equal((parse(files["kustomization.yaml"]) as { resources: string[] }).resources.length, 3);
});

test("Flux plan: connected cluster, cluster scope, the site's folder, prune, never waiting on the plant", () => {
    const flux = planFluxConfiguration(gitopsDelivery());
    assert.deepEqual(flux.cluster, { subscriptionId: "00000000-0000-0000-0000-000000000001", resourceGroupName: "rg-site01-arc", clusterName: "arc-site01", clusterRp: "Microsoft.Kubernetes", clusterResourceName: "connectedClusters" });
    assert.equal(flux.path, "./clusters/site01/edge-fabric");
    assert.equal(flux.folder, "clusters/site01/edge-fabric");
    assert.deepEqual(flux.configuration, {
        fluxConfigurationName: "edge-fabric",
        scope: "cluster",
        namespace: "cluster-config",
        sourceKind: "GitRepository",
        waitForReconciliation: false,
        suspend: false,
        gitRepository: { url: "https://github.com/contoso/plant-gitops", repositoryRef: { branch: "main" }, syncIntervalInSeconds: 600, timeoutInSeconds: 600, localAuthRef: "plant-gitops-auth" },
        kustomizations: { "edge-volume": { path: "./clusters/site01/edge-fabric", prune: true, force: false, wait: true, syncIntervalInSeconds: 600, retryIntervalInSeconds: 120, timeoutInSeconds: 600 } },
    });
    assert.equal(flux.protectedSetting, undefined);
    assert.deepEqual(flux.extension, { extensionName: "flux", extensionType: "microsoft.flux", autoUpgradeMinorVersion: true, version: undefined, releaseTrain: undefined, releaseNamespace: "flux-system" });
});

test("Flux plan: SSH auth sends known hosts base64-encoded; a private key goes to protected settings; a pinned extension stops auto-upgrades", () => {
    const knownHosts = "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    const flux = planFluxConfiguration({
        ...gitopsDelivery(),
        repository: { url: "git@github.com:contoso/plant-gitops.git", branch: "release/plants", auth: { type: "ssh", knownHosts, privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----" } },
        path: "fleet/site01/",
        kustomization: { prune: false, syncIntervalSec: 300 },
        fluxExtension: { version: "1.13.1" },
    });
    assert.equal(Buffer.from(flux.configuration.gitRepository.sshKnownHosts as string, "base64").toString("utf8"), `${knownHosts}\n`);
    assert.equal(flux.configuration.gitRepository.repositoryRef.branch, "release/plants");
    assert.equal(flux.protectedSetting, "sshPrivateKey");
    assert.equal(flux.path, "./fleet/site01");
    assert.deepEqual(flux.configuration.kustomizations["edge-volume"], { path: "./fleet/site01", prune: false, force: false, wait: true, syncIntervalInSeconds: 300, retryIntervalInSeconds: 120, timeoutInSeconds: 600 });
    assert.equal(flux.extension?.autoUpgradeMinorVersion, false);
    assert.equal(flux.extension?.version, "1.13.1");
    // Without a private key the extension generates one; with install: false no extension is planned.
    const generated = planFluxConfiguration({ ...gitopsDelivery(), repository: { url: "ssh://git@github.com/contoso/plant-gitops.git", auth: { type: "ssh", knownHosts } }, fluxExtension: { install: false } });
    assert.equal(generated.protectedSetting, undefined);
    assert.equal(generated.extension, undefined);
    assert.equal(planFluxConfiguration({ ...gitopsDelivery(), repository: { url: "https://dev.azure.com/contoso/plants/_git/gitops", auth: { type: "https", username: "git", token: "pat" } } }).protectedSetting, "httpsKey");
});

test("repository URL: http, embedded credentials and other schemes are refused, naming the prop", () => {
    assert.deepEqual(issuesOfEdit((d) => (d.repository.url = "http://github.com/contoso/plant-gitops")), [
        'repository.url: "http://github.com/contoso/plant-gitops" must be https://host/path, ssh://[user@]host[:port]/path or git@host:path: plain http sends the repository unencrypted and unauthenticated; use https://',
    ]);
    assert.match(issuesOfEdit((d) => (d.repository.url = "https://bot:ghp_secret@github.com/contoso/plant-gitops"))[0], /^repository\.url: must not carry credentials/);
    assert.match(issuesOfEdit((d) => (d.repository.url = "ftp://example.com/repo"))[0], /^repository\.url: "ftp:\/\/example\.com\/repo" must be https:\/\//);
    assert.match(issuesOfEdit((d) => (d.repository.url = "https://github.com"))[0], /^repository\.url: /);
});

test("auth must match the URL and carry what it needs", () => {
    const sshUrl = "git@github.com:contoso/plant-gitops.git";
    assert.deepEqual(issuesOfEdit((d) => (d.repository = { url: sshUrl, auth: { type: "none" } })), ['repository.auth: type "none" works only over https; an SSH URL needs type "ssh" (known hosts) or "secretRef"']);
    assert.deepEqual(
        issuesOfEdit((d) => (d.repository = { url: sshUrl, auth: { type: "https", username: " ", token: "" } })).map((i) => i.split(":")[0]),
        ["repository.auth", "repository.auth.username", "repository.auth.token"],
    );
    assert.match(issuesOfEdit((d) => (d.repository.auth = { type: "ssh", knownHosts: "github.com ssh-ed25519 AAAA" }))[0], /^repository\.auth: type "ssh" cannot be used with an https URL/);
    assert.match(issuesOfEdit((d) => (d.repository = { url: sshUrl, auth: { type: "ssh", knownHosts: "# nothing\n" } }))[0], /^repository\.auth\.knownHosts: must list the Git host's public keys/);
    assert.match(issuesOfEdit((d) => (d.repository = { url: sshUrl, auth: { type: "ssh", knownHosts: "github.com AAAA" } }))[0], /^repository\.auth\.knownHosts: line 1 "github\.com AAAA" is not in known_hosts format/);
    assert.match(issuesOfEdit((d) => (d.repository.auth = { type: "secretRef", secretRef: "Bad_Name" }))[0], /^repository\.auth\.secretRef: "Bad_Name" is not a valid Kubernetes object name/);
});

test("branch, path, intervals, names and cluster id are checked, every problem at once", () => {
    const issues = issuesOfEdit((d) => {
        d.repository.branch = "feature..x";
        d.repository.syncIntervalSec = 5;
        d.path = "../other-team";
        d.kustomization = { retryIntervalSec: 1.5, timeoutSec: 7200 };
        d.fluxConfigurationName = "x".repeat(51);
        d.namespace = "Cluster_Config";
        d.clusterId = CLUSTER_ID.replace("Microsoft.Kubernetes/connectedClusters", "Microsoft.ContainerService/managedClusters");
        d.site = "Site 01";
    });
    assert.deepEqual(
        issues.map((i) => i.split(":")[0]),
        ["site", "clusterId", "repository.branch", "repository.syncIntervalSec", "path", "fluxConfigurationName", "namespace", "kustomization.retryIntervalSec", "kustomization.timeoutSec"],
    );
    assert.ok(issues.includes("repository.syncIntervalSec: 5 must be an integer from 30 to 86400"));
    assert.ok(issues.includes(`fluxConfigurationName: "${"x".repeat(51)}" is too long: with "-edge-volume" it must fit in 62 characters (at most 50)`));
    for (const branch of ["-x", "a b", "x.lock", "a/.b", "x/", "a~1", "a\u0001b"]) {
        assert.match(issuesOfEdit((d) => (d.repository.branch = branch))[0], /^repository\.branch: .* is not a valid Git branch name/, branch);
    }
    assert.deepEqual(issuesOfEdit((d) => (d.fluxExtension = { install: false, version: "1.2.3" })), ["fluxExtension: version and releaseTrain apply only when install is true (the extension is not managed here otherwise)"]);
    assert.match(issuesOfEdit((d) => (d.fluxExtension = { version: "latest" }))[0], /^fluxExtension\.version: "latest" must be an extension version/);
    assert.match(issuesOfEdit((d) => (d.fluxExtension = { version: "1.2.3", releaseTrain: "Preview" }))[0], /^fluxExtension\.releaseTrain: /);
});
