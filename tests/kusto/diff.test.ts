import assert from "node:assert/strict";
import { test } from "node:test";
import { SchemaCommand, diffSchemas, loadSchema, readCslSchema, renderExecuteScript } from "../../kusto";
import { medallionFiles, medallionWith, replaceOnce } from "./helpers";

const silverColumns = "(Asset: string, TagName: string, SourceTimestamp: datetime, ValueLong: long, ValueReal: real, ValueString: string, ValueBool: bool)";
const kinds = (cs: SchemaCommand[]): string[] => cs.map((c) => c.kind);

async function medallion() {
    return (await loadSchema(medallionFiles())).model;
}

test("no change: no commands", async () => {
    const m = await medallion();
    assert.deepEqual(diffSchemas(m, m), { commands: [], dataLoss: [], unsupported: [] });
});

test("an added column is exactly one .create-merge table", async () => {
    const desired = await medallionWith((t) => replaceOnce(t, "ValueBool: bool)", "ValueBool: bool, Quality: int)"));
    const delta = diffSchemas(await medallion(), desired.model);
    assert.deepEqual(kinds(delta.commands), ["add-columns"]);
    assert.match(delta.commands[0].text, /^\.create-merge table Silver \(Asset:string, .*ValueBool:bool, Quality:int\) with \(folder = "Medallion"/);
    assert.equal(delta.commands[0].description, "add column Silver.Quality");
    assert.deepEqual(delta.dataLoss, []);
});

test("a changed function body is one .create-or-alter function, sent byte for byte: layout is part of the body", async () => {
    const reflowed = await medallionWith((t) => replaceOnce(t, "    | extend Asset = coalesce(", "|extend   Asset=coalesce("));
    const relaid = diffSchemas(await medallion(), reflowed.model).commands;
    assert.deepEqual(kinds(relaid), ["create-function"]);
    assert.ok(relaid[0].text.endsWith(`bronze_to_silver() {${reflowed.model.functions.bronze_to_silver.body}}`));
    assert.ok(relaid[0].text.includes("\n|extend   Asset=coalesce("));
    const changed = await medallionWith((t) => replaceOnce(t, '"x-opt-kafka-key"]))\n', '"x-opt-kafka-key"])) | where isnotempty(Data)\n'));
    const delta = diffSchemas(await medallion(), changed.model);
    assert.deepEqual(kinds(delta.commands), ["create-function"]);
    assert.match(delta.commands[0].text, /^\.create-or-alter function with \(folder = "Medallion", docstring = ".*", skipvalidation = "true"\) bronze_to_silver\(\) \{\n/);
});

test("a changed update policy is one .alter table policy update with the full policy", async () => {
    const desired = await medallionWith((t) => replaceOnce(t, '"IsTransactional": true', '"IsTransactional": false'));
    const delta = diffSchemas(await medallion(), desired.model);
    assert.deepEqual(kinds(delta.commands), ["alter-update-policy"]);
    assert.equal(
        delta.commands[0].text,
        `.alter table Silver policy update @'[{"IsEnabled":true,"Source":"Bronze","Query":"bronze_to_silver()","IsTransactional":false,"PropagateIngestionProperties":false}]'`,
    );
});

test("a dropped column is flagged as data loss, naming table and column", async () => {
    const desired = await medallionWith((t) => replaceOnce(t, ", ValueBool: bool)", ")"));
    const delta = diffSchemas(await medallion(), desired.model);
    assert.deepEqual(kinds(delta.dataLoss), ["drop-columns"]);
    assert.equal(delta.dataLoss[0].text, ".drop table Silver columns (ValueBool)");
    assert.equal(delta.dataLoss[0].description, "drop column Silver.ValueBool (data loss: the columns' data is deleted)");
});

test("a changed column type is data loss; a dropped table is data loss", async () => {
    const retyped = await medallionWith((t) => replaceOnce(t, "ValueLong: long", "ValueLong: int"));
    const d1 = diffSchemas(await medallion(), retyped.model);
    assert.deepEqual(kinds(d1.dataLoss), ["alter-column-type"]);
    assert.equal(d1.dataLoss[0].text, ".alter column Silver.ValueLong type = int");
    const current = await readCslSchema(".create-merge table Legacy (Id:string)", "current.csl");
    const d2 = diffSchemas(current.model, await medallion());
    assert.deepEqual(kinds(d2.dataLoss), ["drop-table"]);
    assert.equal(d2.dataLoss[0].description, "drop table Legacy (data loss: the table's rows are deleted)");
});

test("a view's group-by change is unsupported in place; an added aggregation is .alter materialized-view", async () => {
    const regrouped = await medallionWith((t) => replaceOnce(t, "by Asset, TagName\n}", "by Asset\n}"));
    const d1 = diffSchemas(await medallion(), regrouped.model);
    assert.deepEqual(d1.commands, []);
    assert.equal(d1.unsupported.length, 1);
    assert.match(d1.unsupported[0].message, /GoldLatest: its group-by changes from "Asset , TagName" to "Asset"/);
    const more = await medallionWith((t) => replaceOnce(t, "LastTimestamp = max(SourceTimestamp) by", "LastTimestamp = max(SourceTimestamp), Total = sum(Value) by"));
    const d2 = diffSchemas(await medallion(), more.model);
    assert.deepEqual(kinds(d2.commands), ["alter-materialized-view"]);
    assert.match(d2.commands[0].text, /^\.alter materialized-view GoldTagStats5m on table Silver \{\n/);
    assert.deepEqual(d2.dataLoss, []);
});

test("order: drops first, then tables, mappings, functions, views, policies, update policies after their function", async () => {
    const current = (
        await readCslSchema(
            `.create-merge table Old (Id:string)\n\n.create-or-alter function unused() { Old }\n\n.create-merge table Bronze (Data:dynamic) with (folder = "Medallion")`,
            "current.csl",
        )
    ).model;
    const delta = diffSchemas(current, await medallion());
    assert.deepEqual(kinds(delta.commands), [
        "drop-function",
        "drop-table",
        "create-table",
        "create-table",
        "alter-table-docstring",
        "create-mapping",
        "create-function",
        "create-function",
        "create-materialized-view",
        "create-materialized-view",
        "alter-retention-policy",
        "alter-retention-policy",
        "alter-retention-policy",
        "alter-retention-policy",
        "alter-retention-policy",
        "alter-caching-policy",
        "alter-caching-policy",
        "alter-caching-policy",
        "alter-caching-policy",
        "alter-caching-policy",
        "alter-mirroring-policy",
        "alter-mirroring-policy",
        "alter-update-policy",
        "alter-update-policy",
        "create-external-table",
        "create-continuous-export",
    ]);
    const script = renderExecuteScript(delta.commands);
    assert.ok(script.indexOf("bronze_to_silver()") < script.indexOf("policy update"));
    assert.ok(script.includes(`.create-merge table Silver ${silverColumns.replace(/: /g, ":")}`));
});

test("policies: declared policy changes are altered, undeclared ones deleted; retention keyword and JSON forms are equal", async () => {
    const json = await medallionWith((t) =>
        replaceOnce(t, ".alter-merge table Bronze policy retention softdelete = 7d recoverability = enabled", `.alter table Bronze policy retention @'{"SoftDeletePeriod": "7.00:00:00", "Recoverability": "Enabled"}'`),
    );
    assert.deepEqual(diffSchemas(await medallion(), json.model).commands, []);
    const hotter = await medallionWith((t) => replaceOnce(t, "policy caching hot = 1d", "policy caching hot = 2d"));
    const d1 = diffSchemas(await medallion(), hotter.model);
    assert.deepEqual(d1.commands.map((c) => c.text), [".alter table Bronze policy caching hot = 2d"]);
    const none = await medallionWith((t) => replaceOnce(t, ".alter table Bronze policy caching hot = 1d", ""));
    assert.deepEqual(diffSchemas(await medallion(), none.model).commands.map((c) => c.text), [".delete table Bronze policy caching"]);
});
