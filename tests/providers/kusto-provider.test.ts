/**
 * The KqlDatabaseSchema provider's operations, called as Pulumi's host calls them (check, diff,
 * create/update, read, delete) against the loopback fake, through the real azure-kusto-data client.
 * Round trips are counted on the fake: a no-op deploy is one read and no execute.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { FakeKusto } from "../fakes/kusto-mgmt";
import { IMPORTED_SCRIPT, createOperations, type KqlDatabaseSchemaInputs, type KqlDatabaseSchemaOutputs } from "../../providers/kusto/operations";
import { readScriptsDir } from "../../providers/kusto/scripts";

const KQL = readScriptsDir(path.resolve(__dirname, "..", "..", "..", "kql"));

async function setup(script?: string) {
    const fake = await FakeKusto.start({ database: "Telemetry", script });
    const ops = createOperations({ auth: () => ({ kind: "token", token: fake.token }), retry: { sleep: () => Promise.resolve() } });
    const inputs = (extra: Partial<KqlDatabaseSchemaInputs> = {}): KqlDatabaseSchemaInputs => ({ clusterUri: fake.url, database: "Telemetry", scripts: KQL, ...extra });
    /** check, diff, then create or update: what `pulumi up` does for one resource. */
    const deploy = async (news: KqlDatabaseSchemaInputs, olds?: KqlDatabaseSchemaOutputs) => {
        const checked = await ops.check!(olds ?? ({} as KqlDatabaseSchemaInputs), news);
        assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
        const checkedInputs = checked.inputs!;
        if (!olds) {
            const created = await ops.create(checkedInputs);
            return { checked: checkedInputs, outs: created.outs!, changed: true, id: created.id };
        }
        const diff = await ops.diff!("id", olds, checkedInputs);
        if (!diff.changes) {
            return { checked: checkedInputs, outs: olds, changed: false, id: "id" };
        }
        const updated = await ops.update!("id", olds, checkedInputs);
        return { checked: checkedInputs, outs: updated.outs!, changed: true, id: "id" };
    };
    return { fake, ops, inputs, deploy };
}

test("first deploy: one read, one execute; the database then holds the medallion schema", async () => {
    const { fake, inputs, deploy } = await setup();
    try {
        const first = await deploy(inputs());
        assert.ok(first.checked.pendingCommands!.length >= 10, "check lists the commands the preview shows");
        assert.ok(first.checked.pendingCommands!.some((c) => /^\.create-merge table \[?'?Bronze/.test(c)));
        assert.deepEqual([fake.shows, fake.executes], [1, 1]);
        assert.equal(first.id, `${fake.url}/databases/Telemetry`);
        assert.deepEqual(first.outs.pendingCommands, []);
        assert.equal(first.outs.appliedCommands.length, first.checked.pendingCommands!.length);
        assert.deepEqual(fake.db.columns("Bronze"), ["Data:dynamic"]);
        assert.deepEqual(fake.db.columns("Silver"), ["Asset:string", "TagName:string", "SourceTimestamp:datetime", "ValueLong:long", "ValueReal:real", "ValueString:string", "ValueBool:bool"]);
        assert.ok(fake.db.entries.has("function:bronze_to_silver"));
        assert.ok(fake.db.entries.has("mv:GoldLatest") && fake.db.entries.has("mv:GoldTagStats5m"));
        assert.ok(fake.db.entries.has("table:Silver:policy:update"));
        assert.ok([...fake.db.entries.keys()].some((k) => k.startsWith("table:Bronze:mapping:json:bronze_mapping")));
        assert.doesNotMatch(JSON.stringify(first.outs), new RegExp(fake.token), "no token in the state");
    } finally {
        await fake.close();
    }
});

test("no-op deploy: exactly one read, zero execute calls, diff reports no change", async () => {
    const { fake, inputs, deploy } = await setup();
    try {
        const first = await deploy(inputs());
        const before = fake.requests.length;
        const second = await deploy(inputs(), first.outs);
        assert.equal(second.changed, false);
        assert.deepEqual(second.checked.pendingCommands, []);
        assert.equal(fake.requests.length - before, 1);
        assert.equal(fake.executes, 1);
    } finally {
        await fake.close();
    }
});

test("the shipped scripts, already applied by hand in the service's own print form, need no command", async () => {
    // The fake prints tables in its own form and keeps every other command as written: this reads a
    // schema the engine did not render.
    const { fake, inputs, deploy } = await setup(KQL.map((f) => f.text).join("\n\n"));
    try {
        const result = await deploy(inputs(), { ...inputs(), appliedCommands: [], unsupportedDifferences: [] });
        assert.deepEqual(result.checked.pendingCommands, []);
        assert.deepEqual([fake.shows, fake.executes], [1, 0]);
    } finally {
        await fake.close();
    }
});

test("pulumi import: read without prior state takes the database as it is (one read), and the program's scripts then converge it", async () => {
    const { fake, ops, inputs, deploy } = await setup();
    try {
        await deploy(inputs());
        const id = `${fake.url}/databases/Telemetry`;
        const shows = fake.shows;
        const imported = await ops.read!(id);
        assert.equal(fake.shows, shows + 1);
        assert.equal(imported.id, id);
        const state = imported.props!;
        assert.deepEqual([state.clusterUri, state.database, state.pendingCommands, state.allowDataLoss], [fake.url, "Telemetry", [], false]);
        assert.deepEqual(state.scripts.map((f) => f.path), [IMPORTED_SCRIPT]);
        assert.match(state.scripts[0].text, /\.create-merge table Silver \(Asset:string/);
        // The imported script is the database: applying it changes nothing.
        const again = await ops.check!(state, { ...inputs(), scripts: state.scripts });
        assert.deepEqual(again.inputs?.pendingCommands, []);
        // The program's own scripts against the imported state: the usual update path.
        const next = await deploy(inputs(), state);
        assert.equal(next.changed, true, "the scripts differ from the imported one");
        assert.deepEqual(next.outs.appliedCommands, []);
        await assert.rejects(ops.read!("https://x.kusto.windows.net/Telemetry"), /the id must be <clusterUri>\/databases\/<database>/);
    } finally {
        await fake.close();
    }
});

test("drift made outside Pulumi: read reports it, the next deploy converges with one execute", async () => {
    const { fake, ops, inputs, deploy } = await setup();
    try {
        const first = await deploy(inputs());
        fake.db.apply(".alter table Silver policy caching hot = 2d");
        fake.db.apply(".drop function bronze_to_silver");
        const refreshed = await ops.read!(first.id, first.outs);
        const drift = refreshed.props!.pendingCommands!;
        assert.ok(drift.some((c) => /policy caching/.test(c) && /Silver/.test(c)), drift.join("\n"));
        assert.ok(drift.some((c) => /function .*bronze_to_silver/.test(c)), drift.join("\n"));
        const executes = fake.executes;
        const second = await deploy(inputs(), refreshed.props);
        assert.equal(second.changed, true);
        assert.equal(fake.executes, executes + 1);
        assert.ok(fake.db.entries.has("function:bronze_to_silver"));
        assert.doesNotMatch(fake.db.entries.get("table:Silver:policy:caching") ?? "", /2d/);
        const third = await deploy(inputs(), second.outs);
        assert.equal(third.changed, false);
    } finally {
        await fake.close();
    }
});

test("partial failure: the error names the command, Reason and OperationId, re-reads what landed; the next run converges", async () => {
    const { fake, inputs, deploy } = await setup();
    try {
        fake.failures.push({ match: /materialized-view/, reason: "Cannot create materialized view: source table is being altered" });
        const error = await deploy(inputs()).catch((e: unknown) => e as Error);
        assert.ok(error instanceof Error);
        assert.match(error.message, /Reason: Cannot create materialized view: source table is being altered/);
        assert.match(error.message, /OperationId: [0-9a-f-]{36}/);
        assert.match(error.message, /landed \([1-9]\d*\):[\s\S]*create-merge table/);
        assert.match(error.message, /still pending after re-reading the database \([1-9]\d*\):[\s\S]*GoldTagStats5m/);
        assert.deepEqual([fake.shows, fake.executes], [2, 1], "one read, one execute, one re-read");
        assert.deepEqual(fake.db.columns("Silver")?.length, 7, "the tables landed");
        assert.ok(!fake.db.entries.has("mv:GoldLatest"));

        fake.failures.length = 0;
        // The tables landed without their retention policies: setting one now shortens the retention
        // they have (the default), which purges rows older than it. The engine cannot tell these
        // tables are new, so the retry needs the opt-in.
        await assert.rejects(deploy(inputs()), /soft-delete period shortens from 365000d to 7d/);
        const retry = await deploy(inputs({ allowDataLoss: true }));
        assert.ok(retry.checked.pendingCommands!.every((c) => !/create-merge table/.test(c)), "only what did not land is applied");
        assert.ok(retry.checked.pendingCommands!.some((c) => /GoldLatest/.test(c)));
        assert.ok(fake.db.entries.has("mv:GoldLatest"));
        const after = await deploy(inputs({ allowDataLoss: true }), retry.outs);
        assert.equal(after.changed, false);
    } finally {
        await fake.close();
    }
});

test("data loss is refused unless allowDataLoss, naming the table and column", async () => {
    const seed = `.create-merge table Silver (Asset:string, TagName:string, SourceTimestamp:datetime, ValueLong:long, ValueReal:real, ValueString:string, ValueBool:bool, LegacyUnit:string)`;
    const { fake, ops, inputs, deploy } = await setup(seed);
    try {
        const refused = await ops.check!({} as KqlDatabaseSchemaInputs, inputs());
        assert.equal(refused.failures?.[0]?.property, "allowDataLoss");
        assert.match(refused.failures[0].reason, /Silver/);
        assert.match(refused.failures[0].reason, /LegacyUnit/);
        assert.equal(fake.executes, 0);

        const allowed = await deploy(inputs({ allowDataLoss: true }));
        assert.ok(allowed.checked.pendingDataLoss!.some((d) => /LegacyUnit/.test(d)));
        assert.ok(!fake.db.columns("Silver")!.includes("LegacyUnit:string"));
    } finally {
        await fake.close();
    }
});

test("create refuses data loss on its own when called without a checked plan", async () => {
    const { fake, ops, inputs } = await setup(".create-merge table Bronze (Data:string)");
    try {
        await assert.rejects(ops.create(inputs()), /lose data[\s\S]*Bronze/);
        assert.equal(fake.executes, 0);
    } finally {
        await fake.close();
    }
});

test("check fails on a change no command can make (a view's group-by), even with allowDataLoss; create refuses it too", async () => {
    const { fake, ops, inputs, deploy } = await setup();
    try {
        const first = await deploy(inputs());
        const regrouped = KQL.map((f) => ({ ...f, text: f.text.replace("by Asset, TagName\n}", "by Asset\n}") }));
        const checked = await ops.check!(first.outs, inputs({ scripts: regrouped, allowDataLoss: true }));
        assert.equal(checked.failures?.[0]?.property, "scripts");
        assert.match(checked.failures[0].reason, /cannot be made in place[\s\S]*GoldLatest: its group-by changes/);
        const executes = fake.executes;
        await assert.rejects(ops.update!("id", first.outs, inputs({ scripts: regrouped, allowDataLoss: true })), /GoldLatest: its group-by changes/);
        assert.equal(fake.executes, executes);
    } finally {
        await fake.close();
    }
});

test("delete leaves tables and data unless dropOnDelete; then drops only what the scripts own", async () => {
    const { fake, ops, inputs, deploy } = await setup();
    try {
        const kept = await deploy(inputs());
        fake.db.apply(".create-merge table Other (Id:string)"); // created by someone else, after the deploy
        const before = fake.requests.length;
        await ops.delete!(kept.id, kept.outs);
        assert.equal(fake.requests.length, before, "no call at all");
        assert.ok(fake.db.tables.has("Bronze"));

        await ops.delete!(kept.id, { ...kept.outs, dropOnDelete: true, allowDataLoss: true });
        assert.deepEqual([...fake.db.tables.keys()], ["Other"]);
        assert.ok(!fake.db.entries.has("mv:GoldLatest") && !fake.db.entries.has("function:bronze_to_silver"));
    } finally {
        await fake.close();
    }
});

test("check: unknown endpoint during preview needs no request; bad inputs fail naming the property", async () => {
    const { fake, ops, inputs } = await setup();
    try {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const preview = await ops.check!({} as KqlDatabaseSchemaInputs, inputs({ clusterUri: unknown }));
        assert.equal(preview.inputs?.pendingCommands, undefined);
        assert.match(preview.inputs!.scriptsHash!, /^sha256:[0-9a-f]{64}$/);
        assert.equal(fake.requests.length, 0);
        const diff = await ops.diff!("id", { ...inputs(), appliedCommands: [], unsupportedDifferences: [] }, preview.inputs!);
        assert.equal(diff.changes, true);
        assert.deepEqual(diff.replaces, ["clusterUri"]);

        const bad = await ops.check!({} as KqlDatabaseSchemaInputs, inputs({ clusterUri: "http://kusto.example.com", dropOnDelete: true }));
        assert.deepEqual(bad.failures?.map((f) => f.property).sort(), ["clusterUri", "dropOnDelete"]);
        const broken = await ops.check!({} as KqlDatabaseSchemaInputs, inputs({ scripts: [{ path: "bad.kql", text: ".create-merge table T (a:notatype)" }] }));
        assert.equal(broken.failures?.[0]?.property, "scripts");
        assert.match(broken.failures[0].reason, /bad\.kql:1:\d+: error/);
    } finally {
        await fake.close();
    }
});

test("the provider refuses the lossy edits kql diff and kql apply refuse, with the same reasons: retention shortened or deleted, mapping dropped, update policy deleted", async () => {
    const edits: [string, string, string, RegExp][] = [
        ["2-silver.kql", "softdelete = 365d", "softdelete = 1d", /retention policy of table Silver \(data loss: the soft-delete period shortens from 365d to 1d/],
        ["2-silver.kql", ".alter-merge table Silver policy retention softdelete = 365d recoverability = enabled", "", /retention policy of table Silver .*falls back to the database's/],
        ["1-bronze.kql", `.create-or-alter table Bronze ingestion json mapping "bronze_mapping" '[{"column":"Data","Properties":{"Path":"$"}}]'`, "", /drop json mapping "bronze_mapping" on Bronze \(data loss: ingestion that names the mapping fails/],
        ["2-silver.kql", `.alter table Silver policy update @'[{"IsEnabled": true, "Source": "Bronze", "Query": "bronze_to_silver()", "IsTransactional": true, "PropagateIngestionProperties": false}]'`, "", /delete the update policy of table Silver \(data loss: the target table stops receiving rows/],
    ];
    const { fake, ops, inputs, deploy } = await setup();
    try {
        const first = await deploy(inputs());
        const executes = fake.executes;
        for (const [file, from, to, why] of edits) {
            const scripts = KQL.map((f) => (path.basename(f.path) === file ? { ...f, text: f.text.replace(from, to) } : f));
            assert.notDeepEqual(scripts, KQL, `test setup: ${from} not in ${file}`);
            const checked = await ops.check!(first.outs, inputs({ scripts }));
            assert.equal(checked.failures?.[0]?.property, "allowDataLoss", `${file}: ${from}`);
            assert.match(checked.failures[0].reason, why);
        }
        assert.equal(fake.executes, executes, "nothing applied");
    } finally {
        await fake.close();
    }
});
