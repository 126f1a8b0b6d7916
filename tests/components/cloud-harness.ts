// Assertions over synthesized resources for the cloud component tests (find by type and name).
import assert from "node:assert/strict";
import type { RecordedResource } from "../../cli/synth";

export const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";

export function all(resources: RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === `azure-native:${type}`);
}

export function one(resources: RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.find((r) => r.type === `azure-native:${type}` && r.name === name);
    assert.ok(found, `no ${type} named ${name}; have: ${resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    return found;
}

export function component(resources: RecordedResource[], type: string, name: string): RecordedResource {
    const found = resources.find((r) => r.type === `edge-fabric:cloud:${type}` && r.name === name);
    assert.ok(found, `no component ${type} ${name}`);
    return found;
}

/** The role definition id the components should build for a built-in role GUID. */
export function role(guid: string): string {
    return `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/** Mock outputs, as Azure would answer after a create: managed identities get a principal id derived from the resource name, accounts get endpoints. */
export function outputs(type: string, name: string): Record<string, unknown> {
    if (type === "azure-native:eventhub:Namespace") {
        return { identity: { type: "SystemAssigned", principalId: `${name}-principal` } };
    }
    if (type === "azure-native:storage:StorageAccount") {
        return { primaryEndpoints: { blob: `https://${name}.blob.core.windows.net/` }, secondaryEndpoints: { blob: `https://${name}-secondary.blob.core.windows.net/` } };
    }
    return {};
}
