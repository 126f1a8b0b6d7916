import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { test } from "node:test";
import { SchemaModel, SourceFile, formatDiagnostic, loadSchema } from "../../kusto";
import { repoRoot, siteMedallionFiles } from "./helpers";

/** Every `.kql` file under `dir`, recursively, paths relative to the repository. */
function readTree(dir: string): SourceFile[] {
    const abs = resolve(repoRoot, dir);
    return readdirSync(abs, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".kql"))
        .map((f) => ({ path: relative(repoRoot, join(abs, f)), text: readFileSync(join(abs, f), "utf8") }));
}

/** Every order of `items` (the fixtures hold at most 3 files, so at most 6 orders). */
function permutations<T>(items: T[]): T[][] {
    if (items.length <= 1) return [items];
    return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** The model without where things were declared (which differs when files are renamed). */
const withoutSources = (model: SchemaModel): unknown => JSON.parse(JSON.stringify(model, (k, v: unknown) => (k === "source" ? undefined : v)));

for (const folder of ["by-domain", "by-kind", "numbered", "extend"]) {
    test(`kql-set/${folder}: a clean folder checks clean in every file order, to one model`, async () => {
        const files = readTree(`tests/fixtures/kql-set/${folder}`);
        assert.ok(files.length >= 2);
        let first: unknown;
        for (const order of permutations(files)) {
            const { model, diagnostics } = await loadSchema(order);
            assert.deepEqual(diagnostics.map(formatDiagnostic), [], order.map((f) => f.path).join(", "));
            first ??= withoutSources(model);
            assert.deepEqual(withoutSources(model), first);
        }
    });
}

test("kql-set/by-domain: gold.kql reads Silver declared in silver.kql; the view and the function are analyzed against it", async () => {
    const { model } = await loadSchema(readTree("tests/fixtures/kql-set/by-domain"));
    assert.deepEqual(model.materializedViews.GoldHourly.columns?.map((c) => `${c.name}:${c.type}`), ["Asset:string", "Hour:datetime", "Readings:long", "AvgValue:real"]);
    assert.deepEqual(model.tables.Silver.updatePolicy?.map((e) => e.query), ["bronze_to_silver()"]);
});

test("kql-set/extend: a second declaration of a table appends its new columns, whatever the file names", async () => {
    const files = readTree("tests/fixtures/kql-set/extend");
    const renamed = files.map((f) => ({ ...f, path: f.path.replace("quality.kql", "zz-quality.kql").replace("silver.kql", "aa-silver.kql") }));
    for (const set of [files, renamed]) {
        const { model, diagnostics } = await loadSchema(set);
        assert.deepEqual(diagnostics, []);
        assert.deepEqual(model.tables.Silver.columns.map((c) => c.name), ["Asset", "At", "Value", "Quality"]);
    }
});

test("a table declared with another type for a column is reported at both places, each naming the other's file:line:col", async () => {
    const { diagnostics } = await loadSchema([
        { path: "b/quality.kql", text: ".create-merge table Silver (Asset: string, Quality: int)\n" },
        { path: "a/silver.kql", text: "// Silver\n\n.create-merge table Silver (Asset: string, Quality: string)\n" },
    ]);
    assert.deepEqual(diagnostics.map(formatDiagnostic), [
        "a/silver.kql:3:21: error EF103: table Silver is declared differently at b/quality.kql:1:21: column Quality is string there and int here",
        "b/quality.kql:1:21: error EF103: table Silver is already declared at a/silver.kql:3:21 differently: column Quality is string there and int here",
    ]);
});

test("a policy declared again in a later file overrides the earlier one (a site's override file)", async () => {
    const { model, diagnostics } = await loadSchema([
        { path: "zz-site.kql", text: ".alter table T policy caching hot = 2d\n" },
        { path: "a.kql", text: ".create-merge table T (A: string)\n\n.alter table T policy caching hot = 1d\n" },
    ]);
    assert.deepEqual(diagnostics, []);
    assert.equal(model.tables.T.policies.caching?.dataHotSpan, "2.00:00:00");
});

test("the medallion scripts split into one file per command, named in reverse, load to the same model", async () => {
    const original = await loadSchema(siteMedallionFiles());
    const split: SourceFile[] = [];
    for (const f of siteMedallionFiles()) {
        for (const block of f.text.split(/\n[ \t]*\n/)) {
            if (block.trim()) split.push({ path: `${String(999 - split.length).padStart(3, "0")}-${f.path.replace(/\W/g, "_")}`, text: block });
        }
    }
    assert.ok(split.length > 20, `${split.length} commands`);
    const reversed = await loadSchema(split.reverse());
    assert.deepEqual(reversed.diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(withoutSources(reversed.model), withoutSources(original.model));
});
