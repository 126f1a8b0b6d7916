import assert from "node:assert/strict";
import type { DataflowsDescription } from "../../components/edge/dataflow-description";
import type { EdgeVolumeDescription } from "../../components/edge/edge-volume-plan";
import type { GitOpsDelivery } from "../../components/edge/gitops-plan";
import { ValidationError } from "../../components/validation";

export const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
export const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

/**
 * The plant of tests/fixtures/samples/bronze-rows.jsonl: site01, line channel22, freezers 01/02/06.
 * freezer06 publishes through the OPC UA connector's default topic, so it needs a key dataflow.
 */
export function siteDescription(): DataflowsDescription {
    return {
        resourceGroupName: "rg-site01-edge",
        instanceName: "aio-site01",
        customLocation: "cl-site01",
        identity: { type: "UserAssigned", clientId: CLIENT_ID, tenantId: TENANT_ID },
        profile: { instanceCount: 2 },
        site: {
            site: "site01",
            lines: [
                {
                    name: "channel22",
                    assets: [{ name: "freezer01" }, { name: "freezer02" }, { name: "freezer06", topic: "azure-iot-operations/data/freezer06" }],
                },
            ],
        },
        endpoints: [
            { kind: "eventHubs", name: "event-hubs", namespace: "ehns-site01-alias", batching: { latencyMs: 100, maxMessages: 1000 } },
            { kind: "localStorage", name: "edge-volume", persistentVolumeClaim: "cold-archive" },
        ],
        hotPaths: [
            {
                name: "hot-freezers",
                assets: ["channel22/freezer01", "channel22/freezer06"],
                filters: [{ inputs: ["temperature.Value"], expression: "$1 > -40 && $1 < 20", description: "drop sensor glitches" }],
                maps: [{ inputs: ["temperature.Value"], output: "temperature.ValueF", expression: "$1 * 9 / 5 + 32", type: "Compute" }],
                endpoint: "event-hubs",
                topic: "telemetry",
            },
        ],
        coldPath: { endpoint: "edge-volume", destination: "ingest", schemaRef: "aio-sr://site01-schemas/telemetry:1.0.0" },
    };
}

/** The issues `build` throws, as `path: message` lines; fails when it throws nothing or something else. */
export function issuesOf(build: () => unknown): string[] {
    try {
        build();
    } catch (e) {
        assert.ok(e instanceof ValidationError, String(e));
        return e.problems.map((i) => `${i.path}: ${i.message}`);
    }
    assert.fail("expected a validation error");
}

/** The issues `build` throws for a fresh `make()` changed by `edit`. */
export function issuesAfterEdit<T>(make: () => T, build: (value: T) => unknown, edit: (value: T) => void): string[] {
    const value = make();
    edit(value);
    return issuesOf(() => build(value));
}

/** ARM id of the site01 Arc cluster used by the GitOps tests. */
export const CLUSTER_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-site01-arc/providers/Microsoft.Kubernetes/connectedClusters/arc-site01";

/** The site01 cold-path volume: the description both delivery paths are built from in the GitOps tests. */
export function volumeDescription(): EdgeVolumeDescription {
    return { claimName: "cold-archive", size: "50Gi", subvolume: { name: "cold-archive-ingest", storageAccount: "starchive01", containerName: "edge-cold", ingest: { minDelaySec: 120 } } };
}

/** GitOps delivery of site01 over HTTPS with a cluster-side secret (no credential in Azure or state). */
export function gitopsDelivery(): GitOpsDelivery {
    return { site: "site01", clusterId: CLUSTER_ID, repository: { url: "https://github.com/contoso/plant-gitops", auth: { type: "secretRef", secretRef: "plant-gitops-auth" } } };
}
