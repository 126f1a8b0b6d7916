import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { EventHub } from "@pulumi/azure-native/eventhub";
import { synth } from "../../cli/synth";
import { value } from "./output-value";

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

class Late extends pulumi.ComponentResource {
    constructor(name: string) {
        super("edge-fabric:test:Late", name, {}, {});
        const first = new EventHub(`${name}-first`, { namespaceName: "ns", resourceGroupName: "rg" }, { parent: this });
        // A child created only once another resource's output is known, as components do for derived names.
        first.id.apply((n) => new EventHub(`${name}-after-${n}`, { namespaceName: "ns", resourceGroupName: "rg" }, { parent: this }));
        this.registerOutputs({});
    }
}

test("synth waits for resources registered inside apply and passes stack config", async () => {
    const { resources, result } = await synth(
        () => {
            const config = new pulumi.Config("edge-fabric");
            new Late("l");
            return config.require("site");
        },
        { config: { "edge-fabric:site": "site01" } },
    );
    assert.equal(result, "site01");
    assert.ok(resources.some((r) => r.name === "l-after-l-first-id"), resources.map((r) => r.name).join(","));
});

test("synth returns even when the program's result holds an output unknown during preview", async () => {
    const { resources } = await synth(() => {
        const hub = new EventHub("u", { namespaceName: "ns", resourceGroupName: "rg" });
        return { id: hub.id, unknown: pulumi.unknown };
    });
    assert.ok(resources.some((r) => r.name === "u"));
});

test("a program that throws after registering components settles them before synth rejects", async () => {
    const rejections: unknown[] = [];
    const record = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", record);
    try {
        await assert.rejects(
            synth(() => {
                new Holder("before-1");
                new Holder("before-2");
                throw new Error("refused by a component");
            }),
            /refused by a component/,
        );
        // The next run installs new mocks: the first run's component outputs must not reach them.
        const { resources } = await synth(() => new Holder("next"));
        assert.deepEqual(resources.map((r) => r.name).sort(), ["next", "next-hub"]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        assert.deepEqual(rejections.map(String), []);
    } finally {
        process.off("unhandledRejection", record);
    }
});

test("value(): an output the mocks leave unknown is refused at once instead of hanging the test", async () => {
    const { result } = await synth(() => ({ unknown: pulumi.output(pulumi.unknown), known: pulumi.output("telemetry") }));
    await assert.rejects(value(result.unknown), /unknown under the mocks/);
    assert.equal(await value(result.known), "telemetry");
});
