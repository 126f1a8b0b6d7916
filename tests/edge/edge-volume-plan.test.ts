import { test } from "node:test";
import assert from "node:assert/strict";
import { type EdgeVolumeDescription, planEdgeVolume } from "../../components/edge/edge-volume-plan";
import { issuesAfterEdit } from "./fixtures";

function description(): EdgeVolumeDescription {
    return { claimName: "cold-archive", subvolume: { name: "cold-archive-ingest", storageAccount: "starchive01", containerName: "edge-cold" } };
}

/** The issues planEdgeVolume reports for an edited description. */
const issuesOfEdit = (edit: (d: EdgeVolumeDescription) => void): string[] => issuesAfterEdit(description, planEdgeVolume, edit);

test("defaults: RWX cloud-backed PVC in the AIO namespace and an IngestSubvolume uploading to the container", () => {
    const plan = planEdgeVolume(description());
    assert.deepEqual(plan.claim, {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: { name: "cold-archive", namespace: "azure-iot-operations" },
        spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "10Gi" } }, storageClassName: "cloud-backed-sc" },
    });
    assert.deepEqual(plan.customResources, [
        {
            apiVersion: "arccontainerstorage.azure.net/v1",
            kind: "IngestSubvolume",
            metadata: { name: "cold-archive-ingest", namespace: "azure-iot-operations" },
            spec: {
                edgevolume: "cold-archive",
                path: "ingest",
                authentication: { authType: "MANAGED_IDENTITY" },
                storageAccountEndpoint: "https://starchive01.blob.core.windows.net/",
                containerName: "edge-cold",
                ingest: { order: "oldest-first", minDelaySec: 60 },
                eviction: { order: "unordered", minDelaySec: 300 },
                onDelete: "trigger-immediate-ingest",
            },
        },
    ]);
    assert.equal(plan.path, "ingest");
});

test("ingest and eviction policy, size, class and edge volume name are configurable", () => {
    const plan = planEdgeVolume({
        ...description(),
        size: "200Gi",
        storageClassName: "cloud-backed-sc-fast",
        edgeVolumeName: "plant-volume",
        subvolume: {
            name: "cold",
            path: "cold/telemetry",
            storageAccount: "https://starchive01.blob.core.usgovcloudapi.net",
            containerName: "edge-cold",
            authType: "WORKLOAD_IDENTITY",
            ingest: { order: "newest-first", minDelaySec: 0 },
            eviction: { order: "never", minDelaySec: 31536000 },
        },
    });
    assert.deepEqual((plan.claim.spec.resources as { requests: unknown }).requests, { storage: "200Gi" });
    assert.equal(plan.claim.spec.storageClassName, "cloud-backed-sc-fast");
    const spec = plan.customResources[0].spec;
    assert.equal(spec.edgevolume, "plant-volume");
    assert.equal(spec.path, "cold/telemetry");
    assert.equal(spec.storageAccountEndpoint, "https://starchive01.blob.core.usgovcloudapi.net/");
    assert.deepEqual(spec.authentication, { authType: "WORKLOAD_IDENTITY" });
    assert.deepEqual(spec.ingest, { order: "newest-first", minDelaySec: 0 });
    assert.deepEqual(spec.eviction, { order: "never", minDelaySec: 31536000 });
});

test("EdgeSubvolume schema (ACSA <= 2.7): an EdgeIngestPolicy first, then the subvolume naming it", () => {
    const plan = planEdgeVolume({ ...description(), schema: "EdgeSubvolume" });
    assert.deepEqual(plan.customResources, [
        { apiVersion: "arccontainerstorage.azure.net/v1", kind: "EdgeIngestPolicy", metadata: { name: "cold-archive-ingest-policy", namespace: "azure-iot-operations" }, spec: { ingest: { order: "oldest-first", minDelaySec: 60 }, eviction: { order: "unordered", minDelaySec: 300 } } },
        {
            apiVersion: "arccontainerstorage.azure.net/v1",
            kind: "EdgeSubvolume",
            metadata: { name: "cold-archive-ingest", namespace: "azure-iot-operations" },
            spec: {
                edgevolume: "cold-archive",
                path: "ingest",
                subvolumeType: "INGEST",
                auth: { authType: "MANAGED_IDENTITY" },
                storageaccountendpoint: "https://starchive01.blob.core.windows.net/",
                container: "edge-cold",
                ingestPolicy: "cold-archive-ingest-policy",
            },
        },
    ]);
});

test("the subvolume custom resources are namespaced: they live in the PVC's namespace, on both schemas", () => {
    for (const schema of ["IngestSubvolume", "EdgeSubvolume"] as const) {
        const plan = planEdgeVolume({ ...description(), namespace: "plant-storage", schema });
        const namespaces = [plan.claim, ...plan.customResources].map((o) => `${o.kind}:${o.metadata.namespace ?? "(none)"}`);
        assert.deepEqual(
            namespaces,
            [plan.claim, ...plan.customResources].map((o) => `${o.kind}:plant-storage`),
            schema,
        );
    }
});

test("validation names every offending field", () => {
    assert.deepEqual(
        issuesOfEdit((d) => {
            d.claimName = "Cold_Archive";
            d.namespace = "AIO";
            d.size = "ten gigs";
            d.subvolume = { name: "x", path: "/ingest", storageAccount: "st", containerName: "Edge", ingest: { minDelaySec: -1 }, eviction: { minDelaySec: 31536001 } };
        }),
        [
            `claimName: "Cold_Archive" is not a valid Kubernetes object name: lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters`,
            `namespace: "AIO" is not a valid Kubernetes namespace: 1 to 63 lowercase letters, digits and "-", starting and ending with a letter or digit`,
            `size: "ten gigs" is not a positive Kubernetes quantity such as 10Gi or 500Mi`,
            `subvolume.path: "/ingest" must be a relative directory (no leading "/", no "." or ".." segments; letters, digits, ".", "_" and "-"), e.g. ingest`,
            `subvolume.storageAccount: "st" is neither a storage account name (3-24 lowercase letters and digits) nor a blob endpoint https://<account>.blob.<suffix>/`,
            `subvolume.containerName: "Edge" is not a valid blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit`,
            `subvolume.ingest.minDelaySec: -1 must be an integer from 0 to 31536000`,
            `subvolume.eviction.minDelaySec: 31536001 must be an integer from 0 to 31536000`,
        ],
    );
});

test("onDelete abandon needs an explicit acknowledgement; the old schema has no onDelete", () => {
    assert.deepEqual(issuesOfEdit((d) => (d.subvolume.onDelete = "abandon")), [
        `subvolume.onDelete: "abandon" deletes files not yet uploaded when the subvolume is deleted; set allowDataLossOnDelete: true to accept that, or keep trigger-immediate-ingest`,
    ]);
    const d = description();
    d.subvolume.onDelete = "abandon";
    d.subvolume.allowDataLossOnDelete = true;
    assert.equal(planEdgeVolume(d).customResources[0].spec.onDelete, "abandon");
    assert.deepEqual(
        issuesOfEdit((x) => {
            x.schema = "EdgeSubvolume";
            x.subvolume.onDelete = "trigger-immediate-ingest";
        }),
        [`subvolume.onDelete: the EdgeSubvolume schema (ACSA 2.7 and earlier) has no onDelete; it exists from IngestSubvolume (2.8.2) on`],
    );
});
