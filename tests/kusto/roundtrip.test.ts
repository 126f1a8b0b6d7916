import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { diffSchemas, formatDiagnostic, loadSchema, readCslSchema, renderSchema } from "../../kusto";
import { medallionFiles, repoRoot, siteMedallionFiles } from "./helpers";

const serverFixture = (): string => readFileSync(join(repoRoot, "tests/fixtures/csl/medallion-server.csl"), "utf8");

test("renderSchema(kql/) read back with readCslSchema diffs to nothing, both ways", async () => {
    const desired = await loadSchema(medallionFiles());
    const rendered = renderSchema(desired.model);
    const back = await readCslSchema(rendered, "rendered.csl");
    assert.deepEqual(back.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(diffSchemas(back.model, desired.model).commands, []);
    assert.deepEqual(diffSchemas(desired.model, back.model).commands, []);
    // Rendering is stable: the read-back model renders to the same text.
    assert.equal(renderSchema(back.model), rendered);
});

test("the server's csl script of the medallion (normalised JSON policies, legacy mapping, bodies as sent) diffs to nothing against kql/", async () => {
    const current = await readCslSchema(serverFixture(), "medallion-server.csl");
    assert.deepEqual(current.diagnostics.map(formatDiagnostic), []);
    const desired = await loadSchema(siteMedallionFiles());
    assert.deepEqual(diffSchemas(current.model, desired.model).commands, []);
    assert.equal(current.model.tables.Bronze.policies.retention?.softDeletePeriod, "7.00:00:00");
});

test("rows joined by single newlines (a client that lost the blank lines) read the same", async () => {
    const joined = serverFixture().replace(/\n\n/g, "\n");
    const current = await readCslSchema(joined, "joined.csl");
    assert.deepEqual(current.diagnostics.map(formatDiagnostic), []);
    const desired = await loadSchema(siteMedallionFiles());
    assert.deepEqual(diffSchemas(current.model, desired.model).commands, []);
});

test("bad csl is reported with its path, line and column", async () => {
    const { diagnostics } = await readCslSchema(".create-merge table T (a:string)\n\n.create-merge table U (a:strin)\n", "bad.csl");
    assert.deepEqual(
        diagnostics.map((d) => `${d.path}:${d.line}:${d.column}:${d.code}`),
        ["bad.csl:3:26:KS005"],
    );
});
