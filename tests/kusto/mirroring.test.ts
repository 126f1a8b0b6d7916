import { test } from "node:test";
import assert from "node:assert/strict";
import { diffSchemas, formatDiagnostic, loadSchema, readCslSchema, renderExecuteScript } from "../../kusto";
import { run } from "../../cli/main";
import { grammarVerdict } from "../../kusto/grammar";
import { tokenize } from "../../kusto/lexer";
import { readMirroringCommand } from "../../kusto/mirroring";
import { writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { medallionFiles, repoRoot } from "./helpers";

const table = ".create-merge table T (Id:string, Reading:long, At:datetime)";

async function model(text: string) {
    const result = await loadSchema([{ path: "t.kql", text }]);
    return result;
}

test("mirroring policy: parsed with its partition and properties, validated against the table and the documented range", async () => {
    const ok = await model(`${table}\n\n.alter-merge table T policy mirroring partition by (Day:datetime = startofday(At)) dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=30, Backfill=true, EffectiveDateTime=datetime(2025-01-01))`);
    assert.deepEqual(ok.diagnostics, []);
    assert.deepEqual(ok.model.tables.T.mirroring, { isEnabled: true, partitionBy: "Day:datetime = startofday(At)", targetLatencyInMinutes: 30, backfill: true, effectiveDateTime: "datetime(2025-01-01)" });

    const bad = await model(
        [
            table,
            ".alter-merge table T policy mirroring dataformat=parquet with (TargetLatencyInMinutes=2)",
            ".alter-merge table T policy mirroring dataformat=csv with (IsEnabled=yes, Speed=3)",
            ".alter-merge table Missing policy mirroring dataformat=parquet with (IsEnabled=true)",
        ].join("\n\n"),
    );
    const messages = bad.diagnostics.map(formatDiagnostic);
    assert.equal(messages.length, 5, messages.join("\n"));
    assert.match(messages[0], /^t\.kql:3:\d+: error EF303: mirroring policy of T: TargetLatencyInMinutes must be a whole number from 5 to 180, got 2/);
    assert.match(messages[1], /dataformat must be parquet/);
    assert.match(messages[2], /IsEnabled must be true or false, got yes/);
    assert.match(messages[3], /unknown property 'speed'/);
    assert.match(messages[4], /^t\.kql:7:\d+: error EF201: table 'Missing' is not declared/);
});

test("the documented dataformat=parquet form is read by the engine's own reader: Kusto.Language 12.4.1 only knows kind=delta", () => {
    const documented = ".alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true)";
    assert.equal(grammarVerdict(documented).commandKind, "UnknownCommand");
    assert.ok(readMirroringCommand(tokenize(documented), documented));
});

test("mirroring policy: new and changed policies are set after the tables, unchanged ones produce nothing", async () => {
    const current = (await readCslSchema(table)).model;
    const desired = (await model(`${table}\n\n.alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=60, Backfill=true)`)).model;
    const delta = diffSchemas(current, desired);
    assert.deepEqual(delta.commands.map((c) => c.text), [".alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=60, Backfill=true)"]);
    // The server does not report Backfill back: an otherwise equal policy is no change.
    const live = (await readCslSchema(`${table}\n\n.alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=60)`)).model;
    assert.deepEqual(diffSchemas(live, desired).commands, []);
    const slower = (await model(`${table}\n\n.alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=120)`)).model;
    assert.deepEqual(diffSchemas(live, slower).commands.map((c) => c.kind), ["alter-mirroring-policy"]);
});

test("a column type change on a mirrored table is disable -> alter -> re-enable, in one script", async () => {
    const mirrored = ".alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=60)";
    const current = (await readCslSchema(`${table}\n\n${mirrored}`)).model;
    const desired = (await model(`.create-merge table T (Id:string, Reading:real, At:datetime)\n\n${mirrored}`)).model;
    const delta = diffSchemas(current, desired);
    assert.deepEqual(
        delta.commands.map((c) => c.text),
        [
            ".alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=false)",
            ".alter column T.Reading type = real",
            ".alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=60)",
        ],
    );
    assert.deepEqual(delta.dataLoss.map((c) => c.kind), ["alter-column-type"]);
    // Adding a column is allowed while mirrored: no disable.
    const added = (await model(`.create-merge table T (Id:string, Reading:long, At:datetime, Unit:string)\n\n${mirrored}`)).model;
    assert.deepEqual(diffSchemas(current, added).commands.map((c) => c.kind), ["add-columns"]);
});

test("deleting the mirroring policy deletes the OneLake copy: data loss, named, refused by kql diff", async () => {
    const mirrored = `${table}\n\n.alter-merge table T policy mirroring dataformat=parquet with (IsEnabled=true)`;
    const delta = diffSchemas((await readCslSchema(mirrored)).model, (await model(table)).model);
    assert.deepEqual(delta.commands.map((c) => c.text), [".delete table T policy mirroring"]);
    assert.equal(delta.dataLoss.length, 1);
    assert.match(delta.dataLoss[0].description, /^delete the mirroring policy of T \(data loss: it permanently deletes the table's delta table in OneLake\)$/);

    const dir = mkdtempSync(join(tmpdir(), "mirroring-"));
    writeFileSync(join(dir, "t.kql"), table);
    writeFileSync(join(dir, "current.csl"), mirrored);
    const err: string[] = [];
    const out: string[] = [];
    const code = await run(["kql", "diff", dir, "--current", join(dir, "current.csl")], { out: (l) => out.push(l), err: (l) => err.push(l) });
    assert.equal(code, 2);
    assert.match([...err, ...out].join("\n"), /delete the mirroring policy of T/);
});

test("the shipped lake script mirrors Silver and the Gold lake table and renders back to the same policies", async () => {
    const { model: m, diagnostics } = await loadSchema(medallionFiles());
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
        Object.values(m.tables).filter((t) => t.mirroring?.isEnabled).map((t) => t.name),
        ["Silver", "GoldTagStats5mLake"],
    );
    assert.ok(repoRoot);
    const script = renderExecuteScript(diffSchemas((await readCslSchema("")).model, m).commands);
    assert.ok(script.indexOf("policy mirroring") > script.indexOf(".create-merge table GoldTagStats5mLake"), "policies after the tables they apply to");
});
