import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EventHub } from "@pulumi/azure-native/eventhub";
import { synth } from "../../cli/synth";

class Holder extends pulumi.ComponentResource {
    readonly hubName: pulumi.Output<string>;
    constructor(name: string) {
        super("edge-fabric:test:Holder", name, {}, {});
        const hub = new EventHub(`${name}-hub`, { namespaceName: "ns", resourceGroupName: "rg", partitionCount: 4 }, { parent: this });
        this.hubName = hub.name;
        this.registerOutputs({ hubName: this.hubName });
    }
}

test("synth records children with their parent and inputs", async () => {
    const { resources } = await synth(() => new Holder("h"));
    const hub = resources.find((r) => r.type === "azure-native:eventhub:EventHub");
    const holder = resources.find((r) => r.type === "edge-fabric:test:Holder");
    assert.ok(hub && holder);
    assert.equal(hub.parent, holder.urn);
    assert.equal(hub.inputs.partitionCount, 4);
});
