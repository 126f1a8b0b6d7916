/**
 * Round trips per deploy (`npm run bench`): what `pulumi up` costs against the services, counted on
 * the loopback fakes the tests use. The Kusto schema is deployed as Pulumi's engine drives a resource
 * (check, then create or diff); the Eventhouse is created through a long-running operation.
 */
import { join, resolve } from "node:path";
import { FakeKusto } from "../tests/fakes/kusto-mgmt";
import { FabricFake } from "../tests/fakes/fabric-fake";
import { createOperations, type KqlDatabaseSchemaOutputs } from "../providers/kusto/operations";
import { readScriptsDir } from "../providers/kusto/scripts";
import { eventhouseProvider, newFabricStats } from "../providers/fabric";

const root = resolve(__dirname, "../..");
const row = (label: string, value: string): void => console.log(`${label.padEnd(58)} ${value}`);

async function kustoDeploys(): Promise<void> {
    const fake = await FakeKusto.start({ database: "Telemetry" });
    try {
        const ops = createOperations({ auth: () => ({ kind: "token", token: fake.token }), retry: { sleep: () => Promise.resolve() } });
        const inputs = { clusterUri: fake.url, database: "Telemetry", scripts: readScriptsDir(join(root, "kql")) };
        const requests = (): string => `${fake.requests.length} requests (${fake.shows} schema reads, ${fake.executes} executes)`;

        const checked = await ops.check!({} as typeof inputs, inputs);
        const created = await ops.create(checked.inputs!);
        row("medallion schema, first deploy (check + create)", `${requests()}, ${created.outs!.appliedCommands.length} commands in one script`);

        const before = fake.requests.length;
        const rechecked = await ops.check!(created.outs as KqlDatabaseSchemaOutputs, inputs);
        const diff = await ops.diff!(created.id, created.outs as KqlDatabaseSchemaOutputs, rechecked.inputs!);
        row("medallion schema, no-op deploy (check + diff)", `${fake.requests.length - before} request(s), changes: ${String(diff.changes)}`);
    } finally {
        await fake.close();
    }
}

async function eventhouseCreate(): Promise<void> {
    const fake = new FabricFake();
    const base = await fake.start();
    try {
        const stats = newFabricStats();
        const eventhouses = eventhouseProvider({ token: fake.token, delayScale: 0, stats });
        const workspaceId = fake.addWorkspace();
        fake.lro = { enabled: true, retryAfterSeconds: 5, pollsBeforeDone: 2, states: ["NotStarted", "Running"] };
        const created = await eventhouses.create({ apiBaseUrl: base, workspaceId, displayName: "site01", description: "", hardDelete: false, minimumConsumptionUnits: 0 });
        row("Eventhouse create via 202 + polling", `${stats.requests} requests, ${stats.operations} operation, ${stats.operationPolls} polls (Retry-After honoured)`);
        const before = stats.requests;
        await eventhouses.read(created.id, created.outs);
        row("Eventhouse refresh (read)", `${stats.requests - before} request(s)`);
    } finally {
        await fake.stop();
    }
}

export async function benchRoundTrips(): Promise<void> {
    console.log("\nRound trips per deploy — counted on the loopback fakes\n");
    await kustoDeploys();
    await eventhouseCreate();
}
