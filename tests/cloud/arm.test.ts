import { test } from "node:test";
import assert from "node:assert/strict";
import { eventHubsHost, parseArmId, roleDefinitionId } from "../../components/cloud/rules/arm";

test("parses an ARM id case-insensitively and refuses another resource type", () => {
    assert.deepEqual(parseArmId("/subscriptions/s1/resourceGroups/rg-a/providers/microsoft.eventhub/Namespaces/ns-a", "Microsoft.EventHub", "namespaces", "p"), { subscriptionId: "s1", resourceGroupName: "rg-a", name: "ns-a" });
    assert.throws(() => parseArmId("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a", "Microsoft.EventHub", "namespaces", "existingNamespace.id"), /existingNamespace\.id: ".*" is not the ARM id of a Microsoft\.EventHub\/namespaces; expected \/subscriptions\/<subscription>/);
    assert.throws(() => parseArmId("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/ns/eventhubs/h", "Microsoft.EventHub", "namespaces", "p"), /not the ARM id/);
});

test("role definition ids use the verified built-in GUIDs (Sender/Receiver not swapped, as some public Bicep samples do)", () => {
    assert.equal(roleDefinitionId("s1", "eventHubsDataSender"), "/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/2b629674-e913-4c01-ae53-ef4638d8f975");
    assert.equal(roleDefinitionId("s1", "eventHubsDataReceiver"), "/subscriptions/s1/providers/Microsoft.Authorization/roleDefinitions/a638d3c7-ab3a-418d-83e6-5f17a39d4fde");
    assert.equal(eventHubsHost("plant-a"), "plant-a.servicebus.windows.net");
    assert.equal(eventHubsHost("plant-a", "servicebus.chinacloudapi.cn"), "plant-a.servicebus.chinacloudapi.cn");
});
