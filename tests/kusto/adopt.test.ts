/**
 * Adopting an existing database: everything its schema script prints is read; what the engine
 * models is diffed (every plain policy kind, function properties, mappings of every kind), what it
 * does not is kept as it is and reported as a note. Bodies, docstrings and mappings go to the server
 * as written; policies the server holds and the scripts do not are deleted.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { PLAIN_POLICIES } from "../../kusto/kinds";
import { diffSchemas, formatDiagnostic, loadSchema, readCslSchema, refusal } from "../../kusto";
import { repoRoot } from "./helpers";

const server = (): string => readFileSync(join(repoRoot, "tests/fixtures/adopt/server.csl"), "utf8");
/** The lines of the server script the engine does not model. */
const unmodeled = [".alter table Readings policy extent_tags_retention", ".alter table Raw policy roworder"];
/** The same database written as scripts: the server script without what is not modeled. */
const asScripts = (): string =>
    server()
        .split("\n\n")
        .filter((block) => !unmodeled.some((u) => block.startsWith(u)))
        .join("\n\n");

test("an adopted database with view=true functions, every policy kind and unmodeled commands reads without error; unmodeled ones are notes", async () => {
    const current = await readCslSchema(server(), "plant-db.csl");
    assert.deepEqual(current.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(
        current.notes.map((n) => `${n.line} ${n.severity} ${n.code}`),
        ["29 note EF005", "66 note EF005"],
    );
    assert.match(formatDiagnostic(current.notes[0]), /^plant-db\.csl:29:1: note EF005: unmanaged: \.alter table Readings policy extent_tags_retention/);
    assert.equal(current.model.unmanaged.length, 2);
    assert.equal(current.model.functions.LatestReadings.view, true);
    assert.equal(current.model.functions.Answer.body, " 42 ");
    const table = { ...current.model.tables.Raw.policies.plain, ...current.model.tables.Readings.policies.plain };
    assert.deepEqual(Object.keys(table).sort(), [...PLAIN_POLICIES].sort());
    assert.deepEqual(Object.keys(current.model.database.policies.plain ?? {}).sort(), ["ingestionbatching", "merge", "sharding", "streamingingestion"]);
    assert.deepEqual(Object.keys(current.model.mappings).sort(), ["Raw/json/raw_json", "Readings/avro/readings_avro", "Readings/csv/readings_csv", "Readings/parquet/readings_parquet"]);
    assert.ok(current.model.materializedViews.DailyMax.policies.plain?.partitioning);
    assert.ok(current.model.externalTables.ReadingsArchive && current.model.continuousExports.ReadingsToArchive);

    const desired = await loadSchema([{ path: "plant.kql", text: asScripts() }]);
    assert.deepEqual(desired.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(diffSchemas(current.model, desired.model).commands, [], "the same schema written as scripts needs no command");
});

test("a changed policy of each kind is one command with the whole policy; key order and layout are no change", async () => {
    const current = (await readCslSchema(server(), "plant-db.csl")).model;
    const edit = (from: string, to: string) => asScripts().replace(from, to);
    const cases: [string, string, string][] = [
        ['"MaxExtentsToMerge":100,"LoopPeriod":"01:00:00"', '"LoopPeriod" : "01:00:00",  "MaxExtentsToMerge": 100', ""],
        ['"MaxRowCount":750000', '"MaxRowCount":500000', `.alter table Readings policy sharding @'{"MaxExtentSizeInMb":1024,"MaxOriginalSizeInMb":2048,"MaxRowCount":500000}'`],
        ["policy ingestiontime true", "policy ingestiontime false", ".alter table Raw policy ingestiontime false"],
        ["restricted_view_access false", "restricted_view_access true", ".alter table Readings policy restricted_view_access true"],
        ["row_level_security enable", "row_level_security disable", `.alter table Readings policy row_level_security disable "Readings | where Asset != 'hidden'"`],
        ['"MaxRowCount":1000000', '"MaxRowCount":2000000', `.alter database ['plant-db'] policy sharding @'{"MaxRowCount":2000000}'`],
    ];
    for (const [from, to, expected] of cases) {
        const desired = await loadSchema([{ path: "plant.kql", text: edit(from, to) }]);
        assert.deepEqual(desired.diagnostics.map(formatDiagnostic), [], to);
        assert.deepEqual(diffSchemas(current, desired.model).commands.map((c) => c.text), expected ? [expected] : [], to);
    }
});

test("policies the server holds and the scripts do not are deleted, database ones included, under the data-loss gate", async () => {
    const current = (await readCslSchema(server(), "plant-db.csl")).model;
    const bare = asScripts()
        .split("\n\n")
        .filter((block) => !/ policy (?!update)/.test(block))
        .join("\n\n");
    const desired = await loadSchema([{ path: "plant.kql", text: bare }]);
    assert.deepEqual(desired.diagnostics.map(formatDiagnostic), []);
    const delta = diffSchemas(current, desired.model);
    const deletes = delta.commands.map((c) => c.text).filter((t) => t.startsWith(".delete database"));
    assert.deepEqual(deletes.sort(), [
        ".delete database ['plant-db'] policy caching",
        ".delete database ['plant-db'] policy ingestionbatching",
        ".delete database ['plant-db'] policy merge",
        ".delete database ['plant-db'] policy retention",
        ".delete database ['plant-db'] policy sharding",
        ".delete database ['plant-db'] policy streamingingestion",
    ]);
    assert.ok(delta.commands.every((c) => c.text.startsWith(".delete ")), delta.commands.map((c) => c.text).join("\n"));
    assert.equal(delta.commands.length, 6 + 11 + 2, "6 database, 11 table and 2 view policies");
    // Losing: retention (falls back), ingestion time (enabled until now), streaming ingestion (enabled until now).
    assert.deepEqual(delta.dataLoss.map((c) => `${c.kind} ${c.target}`).sort(), [
        "delete-ingestiontime-policy Raw",
        "delete-retention-policy DailyMax",
        "delete-retention-policy Raw",
        "delete-retention-policy plant-db",
        "delete-streamingingestion-policy Readings",
        "delete-streamingingestion-policy plant-db",
    ]);
    assert.match(refusal(delta, false, "re-run with --allow-data-loss") ?? "", /refusing 6 change\(s\) that lose data; re-run with --allow-data-loss/);
    assert.equal(refusal(delta, true, ""), undefined);
});

test("a policy on an entity that cannot hold it, or a malformed one, is EF303/EF302 at its place", async () => {
    const { diagnostics } = await loadSchema([
        {
            path: "bad.kql",
            text: [
                ".create-merge table T (a:string)",
                ".alter database D policy auto_delete @'{\"ExpiryDate\":\"2040-01-01\"}'",
                ".alter table T policy merge @'{not json'",
                ".alter table T policy sharding @'[1]'",
            ].join("\n\n"),
        },
    ]);
    assert.deepEqual(
        diagnostics.map((d) => `${d.line}:${d.column} ${d.code}`),
        ["3:38 EF303", "5:29 EF302", "7:32 EF303"],
    );
    assert.match(diagnostics[0].message, /a database has no auto_delete policy \(it is set on: table\)/);
});

test("function bodies, docstrings and CSV mappings are sent exactly as written", async () => {
    const text = [
        ".create-merge table T (a:string)",
        '.create-or-alter function with (docstring = "Tabs\\tand \\"quotes\\"", view = true) Answer() { 42 }',
        ".create-or-alter function Two() {T\n  |   take 2 }",
        `.create-or-alter table T ingestion csv mapping "csv" '[{"column":"a"}]'`,
    ].join("\n\n");
    const desired = await loadSchema([{ path: "f.kql", text }]);
    assert.deepEqual(desired.diagnostics.map(formatDiagnostic), []);
    const texts = diffSchemas((await readCslSchema("", "empty.csl")).model, desired.model).commands.map((c) => c.text);
    assert.ok(texts.includes(`.create-or-alter function with (docstring = "Tabs\\tand \\"quotes\\"", view = true, skipvalidation = "true") Answer() { 42 }`), texts.join("\n"));
    assert.ok(texts.includes(`.create-or-alter function with (skipvalidation = "true") Two() {T\n  |   take 2 }`));
    assert.ok(texts.includes(`.create-or-alter table T ingestion csv mapping "csv" @'[{"column":"a"}]'`));
    // Read back as the server prints them, they need no command.
    const back = await readCslSchema(texts.join("\n\n"), "back.csl");
    assert.deepEqual(diffSchemas(back.model, desired.model).commands, []);
    assert.equal(back.model.functions.Answer.docstring, 'Tabs\tand "quotes"');
});
