import assert from "node:assert/strict";
import type { DataflowsDescription } from "../../components/edge/dataflowModel";
import { EdgeValidationError } from "../../components/edge/rules";

export const CLIENT_ID = "11111111-2222-3333-4444-555555555555";
export const TENANT_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

/**
 * The plant of shared/samples/bronze-rows.jsonl: site01, line channel22, freezers 01/02/06.
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
        assert.ok(e instanceof EdgeValidationError, String(e));
        return e.issues.map((i) => `${i.path}: ${i.message}`);
    }
    assert.fail("expected a validation error");
}
