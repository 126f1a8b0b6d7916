import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic, loadSchema } from "../../kusto";
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
        assert.match(formatDiagnostic(d), /^[^:]+:\d+:\d+: error [A-Z]+\d+: .+/);
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
