import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffSchemas, formatDiagnostic, loadSchema, readCslSchema, renderExecuteScript, renderSchema } from "../../kusto";
import { resolveArchiveScript } from "../../kusto/archive";
import { connectionProblem } from "../../kusto/export";
import { run } from "../../cli/main";
import { FIXTURE_ARCHIVE, medallionFiles, siteMedallionFiles } from "./helpers";

const silver = ".create-merge table S (Asset:string, Value:real, Ts:datetime)";
const view = ".create-or-alter materialized-view V on table S { S | summarize arg_max(Ts, Value) by Asset }";
const ext = (opts: { name?: string; cols?: string; partition?: string; format?: string; uri?: string } = {}): string =>
    `.create-or-alter external table ${opts.name ?? "A"} (${opts.cols ?? "Asset:string, Value:real, Ts:datetime"}) kind=storage${opts.partition === "" ? "" : ` partition by (${opts.partition ?? "Day:datetime = bin(Ts, 1d)"})`} dataformat=${opts.format ?? "parquet"} (h@'${opts.uri ?? "https://acct.blob.core.windows.net/kql-export/s;managed_identity=system"}')`;
const exportOf = (query = "S", props = "intervalBetweenRuns=1h", head = "E over (S) to table A"): string => `.create-or-alter continuous-export ${head} with (${props}) <| ${query}`;

async function load(...commands: string[]) {
    return loadSchema([{ path: "x.kql", text: commands.join("\n\n") }]);
}

const messages = async (...commands: string[]): Promise<string[]> => (await load(...commands)).diagnostics.map(formatDiagnostic);

test("external table and continuous export: read into the model with the service's defaults", async () => {
    const { model, diagnostics } = await load(silver, ext(), exportOf("S", 'intervalBetweenRuns=30m, forcedLatency=10m, managedIdentity="system"'));
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
        { ...model.externalTables.A, source: undefined },
        {
            name: "A",
            columns: [
                { name: "Asset", type: "string" },
                { name: "Value", type: "real" },
                { name: "Ts", type: "datetime" },
            ],
            partitions: "Day:datetime = bin(Ts, 1d)",
            dataFormat: "parquet",
            connectionStrings: ["https://acct.blob.core.windows.net/kql-export/s;managed_identity=system"],
            folder: "",
            docstring: "",
            source: undefined,
        },
    );
    const e = model.continuousExports.E;
    assert.deepEqual(
        [e.externalTable, e.over, e.query, e.intervalBetweenRuns, e.forcedLatency, e.sizeLimit, e.distributed, e.managedIdentity, e.isDisabled],
        ["A", ["S"], "S", "00:30:00", "00:10:00", 104857600, true, "system", false],
    );
    assert.deepEqual(e.source, { path: "x.kql", line: 5, column: 36 });
});

test("storage URIs: managed identity or impersonation only; keys, SAS and tokens are refused with the fix", () => {
    assert.equal(connectionProblem("https://a.blob.core.windows.net/c;managed_identity=system"), undefined);
    assert.equal(connectionProblem("https://a.blob.core.windows.net/c/p;impersonate"), undefined);
    assert.equal(connectionProblem("{archive}/silver;impersonate"), undefined);
    assert.match(connectionProblem("https://a.blob.core.windows.net/c;bXlrZXk=") ?? "", /something other than a managed identity.*account key, SAS or token/);
    assert.match(connectionProblem("https://a.blob.core.windows.net/c?sv=2022&sig=abc") ?? "", /carries a SAS token/);
    assert.match(connectionProblem("https://a.blob.core.windows.net/c") ?? "", /names no authentication/);
    assert.match(connectionProblem("http://a.blob.core.windows.net/c;impersonate") ?? "", /must start with https/);
    assert.match(connectionProblem("https://a.blob.core.windows.net/c;token=eyJ0") ?? "", /something other than/);
});

test("external table faults are reported at their file:line:col, naming the rule", async () => {
    const got = await messages(
        silver,
        ext({ name: "K", uri: "https://acct.blob.core.windows.net/c;bXlrZXk=" }),
        ext({ name: "C", format: "csv" }),
        ext({ name: "N", partition: "" }),
        ext({ name: "H", partition: "Hour:datetime = bin(Ts, 1h)" }),
        ext({ name: "W", partition: "Day:datetime = bin(Asset, 1d)" }),
        ext({ name: "S" }),
    );
    assert.equal(got.length, 6, got.join("\n"));
    assert.match(got[0], /^x\.kql:3:\d+: error EF601: external table K: storage URI .* account key, SAS or token in a script/);
    assert.match(got[1], /^x\.kql:5:\d+: error EF601: external table C: dataformat must be parquet/);
    assert.match(got[2], /^x\.kql:7:\d+: error EF601: external table N: has no partition; an archive is partitioned by day/);
    assert.match(got[3], /^x\.kql:9:\d+: error EF601: external table H: partition by \(Hour:datetime = bin\(Ts, 1h\)\) is not daily/);
    assert.match(got[4], /^x\.kql:11:\d+: error EF601: external table W: .*bins 'Asset', which is not a datetime column/);
    assert.match(got[5], /^x\.kql:13:\d+: error EF601: external table S: a table, view or function already has this name/);
});

test("continuous export faults: target, fact tables, query analysis, columns in name/type/order, views, properties", async () => {
    const got = await messages(
        silver,
        view,
        ext(),
        exportOf("S", "intervalBetweenRuns=1h", "E1 over (S) to table Missing"),
        exportOf("S | project Value, Asset, Ts"),
        exportOf("S | project Asset, Value = tolong(Value), Ts"),
        exportOf("S | where Nope > 0"),
        exportOf("V | extend Ts = now() | project Asset, Value, Ts", "intervalBetweenRuns=1h", "E5 over (V) to table A"),
        exportOf("S", "intervalBetweenRuns=30s, managedIdentity='me', speed=3, sizeLimit=10"),
        exportOf("S", "forcedLatency=5m"),
    );
    const text = got.join("\n");
    assert.match(text, /x\.kql:7:\d+: error EF603: continuous export E1: external table 'Missing' is not declared in the scripts/);
    assert.match(text, /x\.kql:9:\d+: error EF605: continuous export E: the query returns \(Value:real, Asset:string, Ts:datetime\), which does not match external table A \(Asset:string, Value:real, Ts:datetime\): column 1 is Value:real, expected Asset:string/);
    assert.match(text, /x\.kql:11:\d+: error EF605: .*column 2 is Value:long, expected Value:real/);
    assert.match(text, /x\.kql:13:\d+: error EF604: continuous export E: KS\d+ .*Nope/);
    assert.match(text, /x\.kql:15:\d+: error EF602: continuous export E5: over \(V\): 'V' is not a table .*materialized view, which continuous export does not support/);
    assert.match(text, /x\.kql:15:\d+: error EF602: continuous export E5: the query reads materialized view V/);
    assert.match(text, /x\.kql:17:\d+: error EF602: .*intervalBetweenRuns must be at least 1 minute, got 30s/);
    assert.match(text, /x\.kql:17:\d+: error EF602: .*managedIdentity must be "system" or an object id, got me/);
    assert.match(text, /x\.kql:17:\d+: error EF602: .*unknown property 'speed'/);
    assert.match(text, /x\.kql:17:\d+: error EF602: .*sizeLimit must be a whole number of bytes from 104857600/);
    assert.match(text, /x\.kql:19:\d+: error EF602: continuous export E: intervalBetweenRuns is required/);
});

test("order: the external table after the tables it mirrors, the export after the tables, functions and policies it reads", async () => {
    const desired = (await load(silver, ".create-or-alter function f() { S }", ext(), exportOf("f()"))).model;
    const delta = diffSchemas((await readCslSchema("")).model, desired);
    assert.deepEqual(
        delta.commands.map((c) => c.kind),
        ["create-table", "create-function", "create-external-table", "create-continuous-export"],
    );
    assert.deepEqual(delta.dataLoss, []);
    // The shipped medallion: both come last, after every update and mirroring policy.
    const medallion = diffSchemas((await readCslSchema("")).model, (await loadSchema(siteMedallionFiles())).model).commands.map((c) => c.kind);
    assert.deepEqual(medallion.slice(-2), ["create-external-table", "create-continuous-export"]);
});

test("a changed export query is one create-or-alter on the same job (never drop and re-create), not data loss", async () => {
    const current = (await readCslSchema([silver, ext(), exportOf("S")].join("\n\n"))).model;
    const desired = (await load(silver, ext(), exportOf("S | where isnotnull(Value)"))).model;
    const delta = diffSchemas(current, desired);
    assert.deepEqual(delta.commands.map((c) => c.text), [".create-or-alter continuous-export E over (S) to table A with (intervalBetweenRuns=1h) <|\nS | where isnotnull(Value)"]);
    assert.equal(delta.commands[0].kind, "alter-continuous-export");
    assert.match(delta.commands[0].description, /in place \(same job, it continues from where it is\)/);
    assert.deepEqual(delta.dataLoss, []);
    // Layout alone is no change.
    assert.deepEqual(diffSchemas(current, (await load(silver, ext(), exportOf("  S\n"))).model).commands, []);
});

test("a changed external table is create-or-alter ordered before the export that needs it", async () => {
    const current = (await readCslSchema([silver, ext(), exportOf("S")].join("\n\n"))).model;
    const desired = (await load(".create-merge table S (Asset:string, Value:real, Ts:datetime, Unit:string)", ext({ cols: "Asset:string, Value:real, Ts:datetime, Unit:string" }), exportOf("S"))).model;
    const delta = diffSchemas(current, desired);
    assert.deepEqual(delta.commands.map((c) => c.kind), ["add-columns", "alter-external-table"]);
    assert.deepEqual(delta.dataLoss, []);
});

test("dropping an export is data loss for the archive (refused by kql diff); dropping its external table too, and it comes after", async () => {
    const current = [silver, ext(), exportOf("S")].join("\n\n");
    const delta = diffSchemas((await readCslSchema(current)).model, (await load(silver)).model);
    assert.deepEqual(delta.commands.map((c) => c.text), [".drop continuous-export E", ".drop external table A"]);
    assert.deepEqual(delta.dataLoss.map((c) => c.kind), ["drop-continuous-export", "drop-external-table"]);
    assert.match(delta.dataLoss[0].description, /^drop continuous export E \(data loss: records ingested after its last run are never exported.*without backfilling them\)$/);
    assert.match(delta.dataLoss[1].description, /exports into it and queries over the archive through it stop \(the blobs themselves stay in the storage account\)/);

    const dir = mkdtempSync(join(tmpdir(), "export-"));
    writeFileSync(join(dir, "s.kql"), silver);
    writeFileSync(join(dir, "current.csl"), current);
    const out: string[] = [];
    const code = await run(["kql", "diff", dir, "--current", join(dir, "current.csl")], { out: (l) => out.push(l), err: (l) => out.push(l) });
    assert.equal(code, 2);
    assert.match(out.join("\n"), /drop continuous export E/);
});

test("the server's printed forms (time(...), defaults spelled out, obfuscated secrets) equal the declared ones", async () => {
    const printed = [
        silver,
        ext({ uri: "https://acct.blob.core.windows.net/kql-export/s;*******" }),
        ".create-or-alter continuous-export E over (S) to table A with (intervalBetweenRuns=time(01:00:00), sizeLimit=104857600, distributed=true) <| S",
    ].join("\n\n");
    const current = await readCslSchema(printed);
    assert.deepEqual(current.diagnostics, []);
    assert.deepEqual(diffSchemas(current.model, (await load(silver, ext(), exportOf("S"))).model).commands, []);
    // A different account is a change even when the secret part is obfuscated.
    const moved = (await load(silver, ext({ uri: "https://other.blob.core.windows.net/kql-export/s;managed_identity=system" }), exportOf("S"))).model;
    assert.deepEqual(diffSchemas(current.model, moved).commands.map((c) => c.kind), ["alter-external-table"]);
});

test("round trip: every option renders, reads back and diffs to nothing", async () => {
    const { model, diagnostics } = await load(
        silver,
        ".create-merge table D (Asset:string, Site:string)",
        ext({ partition: "Day:datetime = bin(Ts, 1d), A:string = Asset" }).replace(" dataformat", ' pathformat = ("asset=" A "/" datetime_pattern("yyyy/MM/dd", Day)) dataformat') + ' with (folder = "Archive", docstring = "it\'s here")',
        exportOf("S | join kind=leftouter D on Asset | project Asset, Value, Ts", "intervalBetweenRuns=5m, forcedLatency=10m, sizeLimit=1073741824, distributed=false, parquetRowGroupSize=50000, managedIdentity='system', isDisabled=true"),
    );
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    const rendered = renderSchema(model);
    const back = await readCslSchema(rendered, "rendered.csl");
    assert.deepEqual(back.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(diffSchemas(back.model, model).commands, []);
    assert.equal(renderSchema(back.model), rendered);
    assert.match(rendered, /with \(intervalBetweenRuns=5m, forcedLatency=10m, sizeLimit=1073741824, distributed=false, parquetRowGroupSize=50000, managedIdentity="system", isDisabled=true\) <\|/);
});

test("the shipped 5-export.kql is site-independent; resolved per backend it loads clean with the right identity", async () => {
    const shipped = await loadSchema(medallionFiles());
    assert.deepEqual(shipped.diagnostics, []);
    assert.deepEqual(shipped.model.externalTables.SilverArchive.connectionStrings, ["{archive}/silver;impersonate"]);

    const adx = await loadSchema(siteMedallionFiles("adx"));
    assert.deepEqual(adx.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(adx.model.externalTables.SilverArchive.connectionStrings, [`${FIXTURE_ARCHIVE}/silver;managed_identity=system`]);
    assert.equal(adx.model.continuousExports.SilverToArchive.managedIdentity, "system");

    const fabric = await loadSchema(siteMedallionFiles("fabric"));
    assert.deepEqual(fabric.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(fabric.model.externalTables.SilverArchive.connectionStrings, [`${FIXTURE_ARCHIVE}/silver;impersonate`]);
    assert.equal(fabric.model.continuousExports.SilverToArchive.managedIdentity, undefined);

    // The resolution is idempotent and leaves an explicit identity alone.
    const text = exportOf("S", "intervalBetweenRuns=1h, managedIdentity='00000000-0000-0000-0000-000000000001'");
    assert.equal(resolveArchiveScript(text, FIXTURE_ARCHIVE, "adx"), text);
    const once = resolveArchiveScript(medallionFiles().map((f) => f.text).join("\n\n"), FIXTURE_ARCHIVE, "adx");
    assert.equal(resolveArchiveScript(once, FIXTURE_ARCHIVE, "adx"), once);
    assert.ok(renderExecuteScript([]) === "");
});
