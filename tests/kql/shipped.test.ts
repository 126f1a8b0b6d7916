import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic, loadSchema } from "../../kusto";
import { run } from "../../cli/main";
import { medallionFiles, medallionWith, replaceOnce, repoRoot } from "../kusto/helpers";

test("every shipped .kql script checks clean", async () => {
    const files = medallionFiles();
    assert.ok(files.length >= 3);
    const { model, diagnostics } = await loadSchema(files);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.deepEqual(Object.keys(model.tables), ["Bronze", "Silver"]);
    assert.deepEqual(Object.keys(model.materializedViews), ["GoldTagStats5m", "GoldLatest"]);
    assert.deepEqual(Object.keys(model.mappings), ["Bronze/json/bronze_mapping"]);
    assert.equal(model.tables.Silver.updatePolicy?.[0].query, "bronze_to_silver()");
});

test("the check would catch bronze_to_silver() drifting from Silver", async () => {
    const { diagnostics } = await medallionWith((t) => replaceOnce(t, "ValueBool = iff(", "ValueFlag = iff("));
    assert.deepEqual(
        diagnostics.map((d) => d.code),
        ["EF403"],
    );
    assert.match(diagnostics[0].message, /column 7 is ValueFlag:bool, expected ValueBool:bool/);
});

test("`edge-fabric kql check kql` exits 0 on the shipped scripts", async () => {
    const out: string[] = [];
    const cwd = process.cwd();
    process.chdir(repoRoot);
    try {
        const code = await run(["kql", "check", "kql"], { out: (l) => out.push(l), err: (l) => out.push(l) });
        assert.equal(code, 0, out.join("\n"));
        assert.deepEqual(out, []);
    } finally {
        process.chdir(cwd);
    }
});
