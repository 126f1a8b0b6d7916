// The hop rules over the dev site's planned resources with one thing taken away: what a library user,
// a policy pack or a hand-edited program could produce even where the site config refuses it earlier.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dataPathHops, describeFailures, type ResourceView, type SiteFacts } from "../../components/data-path";
import { devResources } from "./dev-plan";

const facts: SiteFacts = {
    configPath: "edge-fabric:site",
    principals: { aio: "11111111-1111-1111-1111-111111111111", acsa: "22222222-2222-2222-2222-222222222222", deployer: "00000000-0000-0000-0000-0000000000a1" },
    preassigned: new Set(),
};

/** The failure lines of the dev plan without the resources of `types`. */
async function failuresWithout(...types: string[]): Promise<string[]> {
    const resources = (await devResources()).filter((r) => !types.includes(r.type));
    return describeFailures(dataPathHops({ resources, site: facts }));
}

test("the dev site's planned resources pass every hop rule", async () => {
    assert.deepEqual(describeFailures(dataPathHops({ resources: await devResources(), site: facts })), []);
});

test("public access off without private connectivity: the edge's hops to the namespace and the archive fail on the network, naming network.private; Capture does not use them", async () => {
    const lines = await failuresWithout("azure-native:network:PrivateEndpoint");
    for (const hop of ["edge -> Event Hubs", "edge volume -> archive"]) {
        const line = lines.find((l) => l.startsWith(`hop "${hop}"`));
        assert.ok(line, `${hop} fails`);
        assert.match(line, /has public network access off and the plan gives this hop no private path .*; fix edge-fabric:site\.network\.private: give network\.private\.subnetId/);
    }
    assert.equal(lines.filter((l) => l.startsWith('hop "Capture -> archive"')).length, 0, "Capture writes from the Event Hubs service as a trusted service, never through the site's private endpoint");
});

test("the archive without the trusted-service exception: Capture is refused by the firewall, even with the site's private endpoint", async () => {
    const resources = (await devResources()).map((r) => (r.type === "azure-native:storage:StorageAccount" ? { ...r, inputs: { ...r.inputs, networkRuleSet: { defaultAction: "Deny", bypass: "None" } } } : r));
    const [line, ...more] = describeFailures(dataPathHops({ resources, site: facts }));
    assert.deepEqual(more, []);
    assert.match(line, /^hop "Capture -> archive" .*efsite01archive has public network access off and does not let trusted Azure services through its firewall; Event Hubs Capture of telemetry runs in Microsoft's network.*; fix edge-fabric:site\.network: /);
    assert.match(line, /storage-network-security-trusted-azure-services/);
});

test("geo-DR: without a private endpoint for the secondary namespace the edge could not reconnect through the alias after a failover", async () => {
    const resources = (await devResources()).filter((r) => !(r.type === "azure-native:network:PrivateEndpoint" && r.name.includes("secondary")));
    const [line, ...more] = describeFailures(dataPathHops({ resources, site: facts }));
    assert.deepEqual(more, []);
    assert.match(line, /^hop "edge -> Event Hubs" .*after a geo-DR failover the alias resolves to secondary namespace .*which has public network access off and no private endpoint.*; fix edge-fabric:site\.network\.private: /);
});

test("a missing role: without the workspace role assignment the AIO identity cannot write to the custom endpoint", async () => {
    const [line, ...more] = await failuresWithout("pulumi-nodejs:dynamic/fabric:WorkspaceRoleAssignment");
    assert.deepEqual(more, []);
    assert.match(line, /^hop "edge -> Eventstream" .*the AIO identity 11111111-1111-1111-1111-111111111111 has no Contributor \(or higher\) role on Fabric workspace 6e335e92-a2a2-4b5a-970a-bd6a89fbb765.*; fix edge-fabric:site\.edge\.identity\.principalId: /);
    assert.match(line, /custom-endpoint-entra-id-auth/);
});

test("a cold path without a schema: the edge volume hop fails naming edge.cold.schema", async () => {
    const [line, ...more] = await failuresWithout("azure-native:deviceregistry:SchemaVersion");
    assert.deepEqual(more, []);
    assert.match(line, /^hop "edge volume -> archive" .*cold dataflow cold names schema aio-sr:\/\/aio-sr-site01\/site01-cold:1, which the plan does not register in the AIO schema registry; fix edge-fabric:site\.edge\.cold\.schema: /);
});

test("the Fabric hot path: the dataflow endpoint takes the custom endpoint's address read from Fabric, and the dataflow waits for the writer's workspace role", async () => {
    const resources = await devResources();
    const byName = (name: string) => resources.find((r) => r.name === name) as ResourceView;
    const address = byName("site01-eventhouse-edge-endpoint");
    const endpoint = byName("site01-dataflows-endpoint-eventstream");
    const kafka = (endpoint.inputs.properties as { kafkaSettings: { host: string; authentication: { method: string } } }).kafkaSettings;
    // Offline the address is the plan's placeholder; what matters is that it comes from the lookup.
    assert.equal(kafka.host, "known-after-deploy.servicebus.windows.net:9093");
    assert.deepEqual(endpoint.propertyDependencies.properties, [address.urn]);
    assert.equal(kafka.authentication.method, "SystemAssignedManagedIdentity");
    const flow = byName("site01-dataflows-dataflow-hot-fabric");
    const operations = (flow.inputs.properties as { operations: { operationType: string; destinationSettings?: { endpointRef: string; dataDestination: string } }[] }).operations;
    assert.deepEqual(operations.find((o) => o.operationType === "Destination")?.destinationSettings, { endpointRef: "eventstream", dataDestination: "es_known-after-deploy" });
    const role = byName("site01-eventhouse-writer-0");
    assert.deepEqual([role.inputs.principalId, role.inputs.role, role.inputs.principalType], ["11111111-1111-1111-1111-111111111111", "Contributor", "ServicePrincipal"]);
    const dataflows = resources.find((r) => r.type === "edge-fabric:edge:AioDataflows") as ResourceView;
    assert.ok(dataflows.dependencies.includes(role.urn), "publishing to Fabric starts once the identity holds its workspace role");
    // The Eventstream has a custom endpoint source and waits for Bronze and its mapping.
    const eventstream = byName("site01-eventhouse-eventstream");
    assert.equal(eventstream.inputs.sourceKind, "CustomEndpoint");
    assert.equal(eventstream.inputs.eventHubConnectionId, undefined);
});
