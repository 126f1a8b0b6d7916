import { test } from "node:test";
import assert from "node:assert/strict";
import { diffSchemas, emptyModel, formatDiagnostic, loadSchema, readCslSchema, renderSchema } from "../../kusto";
import { siteScripts } from "../../kusto/archive";
import { FIXTURE_ARCHIVE, medallionFiles } from "./helpers";

const SYSTEM_EXPORT = '[{"ObjectId":"system","AllowedUsages":"ExternalTable, AutomatedFlows"}]';
const OBJECT = "d99c9846-1615-a2f9-a96f-78e136ba93eb";

const load = (text: string) => loadSchema([{ path: "mi.kql", text }]);

test("managed identity policy: both verbs, both name forms, fenced and quoted JSON; .alter replaces, .alter-merge merges", async () => {
    const { model, diagnostics } = await load(
        [
            `.alter database ['tele-metry'] policy managed_identity \`\`\`[{"ObjectId":"${OBJECT}","AllowedUsages":"NativeIngestion"}]\`\`\``,
            `.alter-merge database ['tele-metry'] policy managed_identity @'${SYSTEM_EXPORT}'`,
            `.alter-merge database ['tele-metry'] policy managed_identity \`\`\`[{"ObjectId":"${OBJECT}","AllowedUsages":"externaltable"}]\`\`\``,
        ].join("\n\n"),
    );
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.equal(model.database.name, "tele-metry");
    assert.deepEqual(model.database.managedIdentity, [
        { objectId: OBJECT, allowedUsages: ["ExternalTable", "NativeIngestion"] },
        { objectId: "system", allowedUsages: ["AutomatedFlows", "ExternalTable"] },
    ]);

    const replaced = await load(`.alter-merge database db policy managed_identity @'${SYSTEM_EXPORT}'\n\n.alter database db policy managed_identity \`\`\`[{"ObjectId":"system","AllowedUsages":"All"}]\`\`\``);
    assert.deepEqual(replaced.model.database.managedIdentity, [{ objectId: "system", allowedUsages: ["All"] }]);
});

test("managed identity policy faults are reported at the JSON, naming the rule", async () => {
    const { diagnostics } = await load(
        [
            `.alter-merge database db policy managed_identity \`\`\`[{"ObjectId":"me","AllowedUsages":"ExternalTable"}]\`\`\``,
            `.alter-merge database db policy managed_identity \`\`\`[{"ObjectId":"system","AllowedUsages":"ExternalTables, Exports"}]\`\`\``,
            `.alter-merge database db policy managed_identity \`\`\`[{"ObjectId":"system","AllowedUsages":"ExternalTable","TenantId":"t"}]\`\`\``,
            `.alter-merge database db policy managed_identity \`\`\`{"ObjectId":"system"}\`\`\``,
            `.alter-merge database other policy managed_identity @'${SYSTEM_EXPORT}'`,
        ].join("\n\n"),
    );
    const lines = diagnostics.map(formatDiagnostic);
    assert.equal(lines.length, 5, lines.join("\n"));
    assert.match(lines[0], /^mi\.kql:1:\d+: error EF303: managed identity policy of database db: entry 1: ObjectId must be "system" \(the cluster's system-assigned identity\) or an object id, got "me"$/);
    assert.match(lines[1], /^mi\.kql:3:\d+: error EF303: .*unknown usage\(s\) ExternalTables, Exports \(allowed: All, AutomatedFlows, /);
    assert.match(lines[2], /^mi\.kql:5:\d+: error EF303: .*property 'TenantId' is filled in by the service; a script sets only ObjectId, AllowedUsages and DisplayName$/);
    assert.match(lines[3], /^mi\.kql:7:\d+: error EF303: .*must be a JSON array/);
    assert.match(lines[4], /^mi\.kql:9:\d+: error EF303: .*the scripts already name database db; one schema is one database$/);

    // The live side carries what the service fills in: read, not refused.
    const live = await readCslSchema(`.alter database db policy managed_identity @'[{"ObjectId":"system","ClientId":null,"TenantId":"t","DisplayName":"x","IsSystem":true,"AllowedUsages":"ExternalTable, AutomatedFlows"}]'`);
    assert.deepEqual(live.diagnostics, []);
    assert.deepEqual(live.model.database.managedIdentity, [{ objectId: "system", allowedUsages: ["AutomatedFlows", "ExternalTable"] }]);
});

test("diff: grants only what is missing, with .alter-merge; never removes an identity or usage", async () => {
    const desired = (await load(`.alter-merge database db policy managed_identity @'${SYSTEM_EXPORT}'`)).model;
    const current = (text: string) => ({ ...emptyModel(), database: { name: "db", policies: {}, managedIdentity: JSON.parse(text) as { objectId: string; allowedUsages: string[] }[] } });

    const fresh = diffSchemas(emptyModel(), desired);
    assert.deepEqual(
        fresh.commands.map((c) => [c.kind, c.text, c.dataLoss]),
        [["alter-managed-identity-policy", `.alter-merge database db policy managed_identity \`\`\`[{"ObjectId":"system","AllowedUsages":"AutomatedFlows, ExternalTable"}]\`\`\``, false]],
    );
    assert.match(fresh.commands[0].description, /allow the cluster's system-assigned identity for AutomatedFlows, ExternalTable in database db \(merged: other identities and usages stay; needs AllDatabasesAdmin\)/);

    const partial = diffSchemas(current('[{"objectId":"system","allowedUsages":["ExternalTable","NativeIngestion"]}]'), desired);
    assert.equal(partial.commands.length, 1);
    assert.match(partial.commands[0].description, /for AutomatedFlows in database db/);

    // A superset, or All, already grants it: nothing to do, and nothing taken away.
    assert.deepEqual(diffSchemas(current(`[{"objectId":"system","allowedUsages":["AutomatedFlows","ExternalTable","NativeIngestion"]},{"objectId":"${OBJECT}","allowedUsages":["All"]}]`), desired).commands, []);
    assert.deepEqual(diffSchemas(current('[{"objectId":"system","allowedUsages":["All"]}]'), desired).commands, []);
    // Scripts that no longer declare it leave the live policy alone (removing it would break the export).
    assert.deepEqual(diffSchemas(current('[{"objectId":"system","allowedUsages":["AutomatedFlows"]}]'), emptyModel()).commands, []);
});

test("order: the ADX site scripts allow the identity before the external table and the export that run as it; round trip is a no-op", async () => {
    const files = siteScripts(medallionFiles(), { containerUrl: FIXTURE_ARCHIVE, backend: "adx", database: "telemetry" }).files;
    const paths = files.map((f) => f.path);
    assert.equal(paths[paths.indexOf("kql/5-export.kql") - 1], "archive-identity.kql");
    const { model, diagnostics } = await loadSchema(files);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    const kinds = diffSchemas(emptyModel(), model).commands.map((c) => c.kind);
    const policy = kinds.indexOf("alter-managed-identity-policy");
    assert.ok(policy >= 0);
    assert.ok(policy < kinds.indexOf("create-external-table") && policy < kinds.indexOf("create-continuous-export") && policy < kinds.indexOf("alter-update-policy"), kinds.join(" "));

    const back = await readCslSchema(renderSchema(model));
    assert.deepEqual(back.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(back.model.database.managedIdentity, model.database.managedIdentity);
    assert.deepEqual(diffSchemas(back.model, model).commands, []);

    // Fabric, or ADX without a database name: no policy is generated.
    for (const target of [{ backend: "fabric" as const, database: "telemetry" }, { backend: "adx" as const }]) {
        const plain = siteScripts(medallionFiles(), { containerUrl: FIXTURE_ARCHIVE, ...target }).files;
        assert.ok(!plain.some((f) => f.path === "archive-identity.kql" || /policy\s+managed_identity/.test(f.text)));
    }
});
