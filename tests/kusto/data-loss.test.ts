import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { COMMAND_KINDS, SchemaModel, diffSchemas, loadSchema, readCslSchema, renderSchema } from "../../kusto";
import { medallionWith, replaceOnce, repoRoot, siteMedallionFiles } from "./helpers";

/** The medallion as one site deploys it (with the archive export), as the live side. */
async function live(): Promise<SchemaModel> {
    return (await loadSchema(siteMedallionFiles())).model;
}

/** The site's medallion with `edit` applied to its concatenated text. */
async function desired(edit: (text: string) => string): Promise<SchemaModel> {
    const text = siteMedallionFiles()
        .map((f) => f.text)
        .join("\n\n");
    const { model, diagnostics } = await loadSchema([{ path: "edited.kql", text: edit(text) }]);
    assert.deepEqual(diagnostics, []);
    return model;
}

/** The data-loss commands of live -> desired, as `kind target` with their reasons. */
async function losses(edit: (text: string) => string): Promise<{ kind: string; target: string; description: string }[]> {
    return diffSchemas(await live(), await desired(edit)).dataLoss.map((c) => ({ kind: c.kind, target: c.target, description: c.description }));
}

test("a shortened soft-delete period purges data: refused, naming the entity, both periods and why", async () => {
    const [loss, ...rest] = await losses((t) => replaceOnce(t, "Silver policy retention softdelete = 365d", "Silver policy retention softdelete = 1d"));
    assert.deepEqual(rest, []);
    assert.equal(loss.kind, "alter-retention-policy");
    assert.equal(loss.target, "Silver");
    assert.match(loss.description, /^set the retention policy of table Silver \(data loss: the soft-delete period shortens from 365d to 1d, which applies to existing rows too: rows older than 1d are purged\)$/);
});

test("a longer soft-delete period loses nothing; disabling recoverability does", async () => {
    assert.deepEqual(await losses((t) => replaceOnce(t, "Silver policy retention softdelete = 365d", "Silver policy retention softdelete = 730d")), []);
    const [loss] = await losses((t) => replaceOnce(t, "Silver policy retention softdelete = 365d recoverability = enabled", "Silver policy retention softdelete = 365d recoverability = disabled"));
    assert.match(loss.description, /recoverability is disabled/);
});

test("a deleted retention policy is data loss; a deleted caching policy is not", async () => {
    const retention = await losses((t) => replaceOnce(t, ".alter-merge table Silver policy retention softdelete = 365d recoverability = enabled", ""));
    assert.deepEqual(retention.map((l) => [l.kind, l.target]), [["delete-retention-policy", "Silver"]]);
    assert.match(retention[0].description, /falls back to the database's/);
    assert.deepEqual(await losses((t) => replaceOnce(t, ".alter table Silver policy caching hot = 31d", "")), []);
});

test("a dropped ingestion mapping is data loss: ingestion that names it is rejected", async () => {
    const [loss] = await losses((t) => replaceOnce(t, `.create-or-alter table Bronze ingestion json mapping "bronze_mapping" '[{"column":"Data","Properties":{"Path":"$"}}]'`, ""));
    assert.equal(loss.kind, "drop-mapping");
    assert.match(loss.description, /^drop json mapping "bronze_mapping" on Bronze \(data loss: ingestion that names the mapping fails/);
});

test("an update policy removed or disabled stops Silver: data loss; a changed flag is not", async () => {
    const policy = `.alter table Silver policy update @'[{"IsEnabled": true, "Source": "Bronze", "Query": "bronze_to_silver()", "IsTransactional": true, "PropagateIngestionProperties": false}]'`;
    const removed = await losses((t) => replaceOnce(t, policy, ""));
    assert.deepEqual(removed.map((l) => [l.kind, l.target]), [["delete-update-policy", "Silver"]]);
    const disabled = await losses((t) => replaceOnce(t, policy, policy.replace('"IsEnabled": true', '"IsEnabled": false')));
    assert.deepEqual(disabled.map((l) => l.kind), ["alter-update-policy"]);
    assert.match(disabled[0].description, /rows ingested into Bronze stop flowing into the table/);
    assert.deepEqual(await losses((t) => replaceOnce(t, policy, policy.replace('"IsTransactional": true', '"IsTransactional": false'))), []);
});

test("dropping a view, an export or an external table is data loss; disabling an export too", async () => {
    const current = await live();
    const empty = (await readCslSchema("", "empty.csl")).model;
    const all = diffSchemas(current, { ...empty, tables: current.tables, mappings: current.mappings, functions: current.functions });
    const kinds = new Set(all.dataLoss.map((c) => c.kind));
    for (const kind of ["drop-materialized-view", "drop-continuous-export", "drop-external-table"] as const) assert.ok(kinds.has(kind), `${kind} in ${[...kinds].join(", ")}`);
    const disabled = await losses((t) => replaceOnce(t, "with (intervalBetweenRuns=1h)", "with (intervalBetweenRuns=1h, isDisabled=true)"));
    assert.deepEqual(disabled.map((l) => l.kind), ["alter-continuous-export"]);
});

test("a new entity's retention loses nothing; every always-class kind is flagged whatever its values", async () => {
    const fresh = diffSchemas((await readCslSchema("", "empty.csl")).model, await live());
    assert.deepEqual(fresh.dataLoss, []);
    const dropped = diffSchemas(await live(), (await readCslSchema("", "empty.csl")).model);
    for (const c of dropped.commands) {
        assert.equal(c.dataLoss, COMMAND_KINDS[c.kind].loss === "always", `${c.kind}: ${c.description}`);
    }
    assert.ok(dropped.dataLoss.length >= 7, `${dropped.dataLoss.length} data-loss commands`);
});

test("the medallion rendered and read back is a no-op (no command, so nothing to refuse)", async () => {
    const model = await live();
    const back = await readCslSchema(renderSchema(model), "rendered.csl");
    assert.deepEqual(diffSchemas(back.model, model).commands, []);
});

test("the same edit without the site's export still classifies (medallionWith)", async () => {
    const edited = await medallionWith((t) => replaceOnce(t, "Bronze policy retention softdelete = 7d", "Bronze policy retention softdelete = 1d"));
    const base = await medallionWith((t) => t);
    assert.deepEqual(diffSchemas(base.model, edited.model).dataLoss.map((c) => c.target), ["Bronze"]);
});

test("the documented data-loss table is the code's: every kind, its phase, class and why", () => {
    const docs = [join(repoRoot, "README.md"), ...(existsSync(join(repoRoot, "docs")) ? readdirSync(join(repoRoot, "docs")).map((f) => join(repoRoot, "docs", f)) : [])]
        .filter((f) => f.endsWith(".md"))
        .map((f) => readFileSync(f, "utf8"))
        .join("\n");
    for (const [kind, info] of Object.entries(COMMAND_KINDS)) {
        assert.ok(docs.includes(`| \`${kind}\` | ${info.phase} | ${info.loss} | ${info.why} |`), `docs lack the row of ${kind}`);
    }
});
