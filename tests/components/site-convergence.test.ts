/**
 * A site converges: the database resource sets the database's retention and hot cache, the
 * medallion schema's scripts do not declare them, and declarative removal must not delete them on
 * every `pulumi up`. The site's own resources (AdxDatabase + MedallionSchema, under mocks) give the
 * inputs; the schema resource's provider runs against a fake database holding what the database
 * resource set.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { synth } from "../../cli/synth";
import { AdxDatabase } from "../../components/cloud/adx-database";
import { MedallionSchema } from "../../components/cloud/medallion";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { createOperations, type KqlDatabaseSchemaInputs } from "../../providers/kusto/operations";

/** The site's database resource and its schema, as `siteAdxWithSchema` builds them, with the inputs each gets. */
async function site(days: { softDeletePeriodDays?: number; hotCachePeriodDays?: number } = {}) {
    const { resources } = await synth(() => {
        const adx = new AdxDatabase("site1-adx", { cluster: { resourceGroupName: "rg", location: "westeurope", publicNetworkAccess: "Enabled" }, databaseName: "telemetry", ...days });
        return new MedallionSchema("site1-medallion", { clusterUri: adx.queryServiceUri, database: adx.databaseName });
    });
    const database = resources.find((r) => r.type === "azure-native:kusto:ReadWriteDatabase");
    const schema = resources.find((r) => r.type === "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema");
    assert.ok(database && schema);
    return { database: database.inputs, schema: schema.inputs as unknown as KqlDatabaseSchemaInputs };
}

/** What the database resource's ARM periods (`P365D`) look like in `.show database schema as csl script`. */
function databasePolicies(name: string, arm: Record<string, unknown>): string {
    const days = (period: unknown): number => Number(/^P(\d+)D$/.exec(String(period))?.[1]);
    return [
        `.alter database ['${name}'] policy retention @'{"SoftDeletePeriod":"${days(arm.softDeletePeriod)}.00:00:00","Recoverability":"Enabled"}'`,
        `.alter database ['${name}'] policy caching hot = ${days(arm.hotCachePeriod)}d`,
    ].join("\n\n");
}

async function deployTwice(inputs: KqlDatabaseSchemaInputs, fake: FakeKusto) {
    const ops = createOperations({ auth: () => ({ kind: "token", token: fake.token }), retry: { sleep: () => Promise.resolve() } });
    const first = await ops.check!({} as KqlDatabaseSchemaInputs, inputs);
    assert.equal(first.failures, undefined, JSON.stringify(first.failures));
    const created = await ops.create(first.inputs!);
    const second = await ops.check!(created.outs as KqlDatabaseSchemaInputs, inputs);
    return { first, second };
}

test("a site converges: the schema leaves the retention and hot cache its database resource set, and the next pulumi up proposes nothing", async () => {
    const { database, schema } = await site({ softDeletePeriodDays: 90, hotCachePeriodDays: 7 });
    assert.deepEqual(schema.databasePoliciesOwnedElsewhere, ["retention", "caching"]);
    const fake = await FakeKusto.start({ database: "telemetry", script: databasePolicies("telemetry", database) });
    try {
        const { first, second } = await deployTwice({ ...schema, clusterUri: fake.url, database: "telemetry" }, fake);
        assert.ok(first.inputs!.pendingCommands!.length > 10, "the first deploy creates the medallion schema");
        assert.ok(!first.inputs!.pendingCommands!.some((c) => /database/.test(c.split("\n")[0])), first.inputs!.pendingCommands!.join("\n"));
        assert.equal(second.failures, undefined, JSON.stringify(second.failures));
        assert.deepEqual(second.inputs!.pendingCommands, [], "the second pulumi up proposes nothing");
        assert.match(fake.db.entries.get("db:policy:retention") ?? "", /"SoftDeletePeriod":"90\.00:00:00"/);
        assert.match(fake.db.entries.get("db:policy:caching") ?? "", /hot = 7d/);
    } finally {
        await fake.close();
    }
});

test("without the ownership the same site never converges: the scripts' schema would delete the database resource's policies", async () => {
    const { database, schema } = await site();
    const fake = await FakeKusto.start({ database: "telemetry", script: databasePolicies("telemetry", database) });
    try {
        const ops = createOperations({ auth: () => ({ kind: "token", token: fake.token }), retry: { sleep: () => Promise.resolve() } });
        const checked = await ops.check!({} as KqlDatabaseSchemaInputs, { ...schema, clusterUri: fake.url, database: "telemetry", databasePoliciesOwnedElsewhere: [] });
        // Deleting the database retention changes what applies to every table: refused as data loss, so the site stops converging.
        assert.match(JSON.stringify(checked.failures), /retention policy of database telemetry/);
    } finally {
        await fake.close();
    }
});

test("a script that sets a database policy the database resource owns is refused where it is written (EF304)", async () => {
    const { schema } = await site();
    const scripts = [...schema.scripts, { path: "db.kql", text: ".alter database telemetry policy caching hot = 3d\n" }];
    const ops = createOperations({ auth: () => ({ kind: "token", token: "unused" }) });
    const checked = await ops.check!({} as KqlDatabaseSchemaInputs, { ...schema, clusterUri: "https://example.kusto.windows.net", database: "telemetry", scripts });
    assert.match(JSON.stringify(checked.failures), /db\.kql:1:\d+: error EF304: the database's caching policy is owned by the database resource/);
});
