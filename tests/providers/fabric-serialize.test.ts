import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import Module from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { eventhouseProvider } from "../../providers/fabric";
import type { EventhouseInputs, FabricResourceProvider } from "../../providers/fabric";
import type { EventhouseOutputs } from "../../providers/fabric";
import { FabricFake } from "../fakes/fabric-fake";
import { withEnv } from "../env";

const fake = new FabricFake();
let base = "";
before(async () => {
    base = await fake.start();
});
after(() => fake.stop());

/** Loads serialized provider text the way Pulumi's dynamic provider host does (`requireFromString(text).handler()`). */
function loadSerialized(text: string): FabricResourceProvider<EventhouseInputs, EventhouseOutputs> {
    const m = new Module("serialized-provider.js") as Module & { _compile(code: string, filename: string): void };
    m.filename = "serialized-provider.js";
    m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(process.cwd());
    m._compile(text, "serialized-provider.js");
    return (m.exports as { handler: () => FabricResourceProvider<EventhouseInputs, EventhouseOutputs> }).handler();
}

test("the Eventhouse provider survives Pulumi's function serialization and still works, with no token in the text", async () => {
    const provider = eventhouseProvider();
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: false });
    assert.equal(serialized.text.includes(fake.token), false);
    const loaded = loadSerialized(serialized.text);
    await withEnv({ EDGE_FABRIC_FABRIC_TOKEN: fake.token }, async () => {
        const ws = fake.addWorkspace();
        const inputs = (await loaded.check({} as EventhouseInputs, { apiBaseUrl: base, workspaceId: ws, displayName: "serialized" } as EventhouseInputs)).inputs;
        const { id, outs } = await loaded.create(inputs);
        assert.equal(id, `${ws}/${outs.itemId}`);
        assert.ok(outs.queryServiceUri.startsWith("https://trd-"));
        assert.equal((await loaded.read(id, outs)).props?.displayName, "serialized");
        await loaded.delete(id, outs);
        assert.equal(fake.items.has(outs.itemId), false);
    });
});
