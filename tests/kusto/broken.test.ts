import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic, loadSchema, readCslSchema } from "../../kusto";
import { readDir } from "./helpers";

test("every fault of the broken corpus is reported at its file, line and code, and nothing else", async () => {
    const files = readDir("tests/fixtures/kql-broken");
    const expected: string[] = [];
    for (const f of files) {
        f.text.split("\n").forEach((line, i) => {
            const m = /\/\/ expect (\w+)/.exec(line);
            if (m) expected.push(`${f.path}:${i + 1}:${m[1]}`);
        });
    }
    assert.ok(expected.length >= 15, `the corpus holds ${expected.length} faults`);
    const { diagnostics } = await loadSchema(files);
    const got = diagnostics.map((d) => `${d.path}:${d.line}:${d.code}`);
    for (const e of expected) {
        const [path, line, code] = e.split(":");
        const hit = got.find((g) => g.startsWith(`${path}:${line}:`) && g.slice(`${path}:${line}:`.length).startsWith(code));
        assert.ok(hit, `expected ${e}; got:\n${diagnostics.map(formatDiagnostic).join("\n")}`);
    }
    assert.equal(diagnostics.length, expected.length, diagnostics.map(formatDiagnostic).join("\n"));
    for (const d of diagnostics) {
        // A mapping of a column the table lacks is only a warning: the service accepts it (see schema-builder.ts).
        assert.match(formatDiagnostic(d), d.code === "EF301" ? /^[^:]+:\d+:\d+: warning EF301: .+/ : /^[^:]+:\d+:\d+: error [A-Z]+\d+: .+/);
    }
});

test("each command is still applied when others fail: later commands see the tables declared", async () => {
    const { model } = await loadSchema(readDir("tests/fixtures/kql-broken"));
    assert.deepEqual(Object.keys(model.tables).sort(), ["Dupes", "Events", "First", "Second", "Target"]);
    assert.deepEqual(
        model.tables.Dupes.columns.map((c) => c.name),
        ["A", "B"],
    );
});

test("what the service accepts is a warning, what it refuses an error: a disabled update policy from an undeclared table, a mapping of a missing column", async () => {
    const table = ".create table T (a: string)";
    const policy = (enabled: boolean): string => `.alter table T policy update @'[{"IsEnabled": ${enabled}, "Source": "Nowhere", "Query": "Nowhere | project a"}]'`;
    const codes = async (text: string) => (await loadSchema([{ path: "s.kql", text }])).diagnostics.map((d) => `${d.severity} ${d.code}`);
    assert.deepEqual(await codes(`${table}\n\n${policy(true)}\n`), ["error EF401"]);
    assert.deepEqual(await codes(`${table}\n\n${policy(false)}\n`), ["warning EF401"]);
    assert.deepEqual(await codes(`${table}\n\n.create table T ingestion csv mapping "m" '[{"column":"b","DataType":"long"}]'\n`), ["warning EF301"]);
    // The current side: the server already holds it, nothing to say.
    assert.deepEqual((await readCslSchema(`${table}\n\n.create table T ingestion csv mapping "m" '[{"column":"b"}]'\n`)).diagnostics, []);
});
