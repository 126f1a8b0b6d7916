import { test } from "node:test";
import assert from "node:assert/strict";
import { synth } from "../../cli/synth";
import { MedallionSchema, SITE_POLICIES_PATH, sitePolicyScript, defaultLayerObjects } from "../../components/cloud/medallion";
import { TOKEN_ENV } from "../../providers/kusto/auth";
import { loadSchema } from "../../kusto";
import { readScriptsDir, bundledScriptsDir } from "../../providers/kusto/scripts";
import { withEnv } from "../env";

test("MedallionSchema owns one KqlDatabaseSchema with the bundled scripts and the site's policy overrides; no token in inputs", () =>
    withEnv({ [TOKEN_ENV]: "token-that-must-not-be-recorded" }, async () => {
        const { resources } = await synth(
            () =>
                new MedallionSchema("site1", {
                    clusterUri: "https://eh-site1.z1.kusto.fabric.microsoft.com",
                    database: "Telemetry",
                    retention: { bronze: { retentionDays: 14, hotCacheDays: 2 }, gold: { hotCacheDays: 90 } },
                }),
        );
        const component = resources.find((r) => r.type === "edge-fabric:cloud:MedallionSchema");
        const schema = resources.find((r) => r.type === "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema");
        assert.ok(component && schema);
        assert.equal(schema.parent, component.urn);
        assert.equal(schema.name, "site1-schema");
        assert.equal(schema.inputs.clusterUri, "https://eh-site1.z1.kusto.fabric.microsoft.com");
        assert.equal(schema.inputs.allowDataLoss, false);
        const scripts = schema.inputs.scripts as { path: string; text: string }[];
        assert.deepEqual(
            scripts.map((s) => s.path),
            ["1-bronze.kql", "2-silver.kql", "3-gold.kql", "4-lake.kql", SITE_POLICIES_PATH],
        );
        const overrides = scripts[scripts.length - 1].text;
        assert.match(overrides, /\.alter-merge table Bronze policy retention softdelete = 14d recoverability = enabled/);
        assert.match(overrides, /\.alter table Bronze policy caching hot = 2d/);
        assert.match(overrides, /\.alter materialized-view GoldLatest policy caching hot = 90d/);
        assert.doesNotMatch(overrides, /Silver/);
        assert.doesNotMatch(JSON.stringify(resources), /token-that-must-not-be-recorded/);
    }),
);

test("the site override script is valid KQL for the engine", async () => {
    const files = [...readScriptsDir(bundledScriptsDir()), { path: SITE_POLICIES_PATH, text: sitePolicyScript({ silver: { retentionDays: 30, hotCacheDays: 7 } }, defaultLayerObjects) }];
    const { model, diagnostics } = await loadSchema(files);
    assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
    assert.equal(model.tables.Silver?.policies.caching?.dataHotSpan, "7.00:00:00");
    assert.equal(model.tables.Silver?.policies.retention?.softDeletePeriod, "30.00:00:00");
});

test("a site's OneLake latency: one override per mirrored table after the layer scripts, read by the engine; a value outside 5-180 is refused", async () => {
    const { resources } = await synth(() => new MedallionSchema("site1", { clusterUri: "https://eh-site1.z1.kusto.fabric.microsoft.com", database: "Telemetry", oneLakeLatencyMinutes: 15 }));
    const scripts = resources.find((r) => r.type === "pulumi-nodejs:dynamic/kusto:KqlDatabaseSchema")?.inputs.scripts as { path: string; text: string }[];
    const overrides = scripts[scripts.length - 1];
    assert.equal(overrides.path, SITE_POLICIES_PATH);
    assert.deepEqual(overrides.text.match(/^\.alter-merge table \w+ policy mirroring .*$/gm), [
        ".alter-merge table Silver policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=15)",
        ".alter-merge table GoldTagStats5mLake policy mirroring dataformat=parquet with (IsEnabled=true, TargetLatencyInMinutes=15)",
    ]);
    const { model, diagnostics } = await loadSchema(scripts);
    assert.deepEqual(diagnostics.filter((d) => d.severity === "error"), []);
    assert.equal(model.tables.Silver?.mirroring?.targetLatencyInMinutes, 15);
    assert.equal(model.tables.GoldTagStats5mLake?.mirroring?.targetLatencyInMinutes, 15);
    assert.throws(() => new MedallionSchema("bad", { clusterUri: "https://x.kusto.windows.net", database: "db", oneLakeLatencyMinutes: 2 }), /oneLakeLatencyMinutes: must be a whole number of minutes from 5 to 180 \(OneLake availability's range\), got 2/);
});

test("invalid arguments are reported together, naming the prop and the rule", () => {
    assert.throws(
        () =>
            new MedallionSchema("bad", {
                clusterUri: "https://x.kusto.windows.net",
                database: "db",
                scripts: [{ path: "a.kql", text: ".create-merge table A (x:string)" }],
                retention: { silver: { retentionDays: 7, hotCacheDays: 30 }, bronze: { retentionDays: 1.5 } },
                dropOnDelete: true,
            }),
        (error: Error) =>
            /retention\.silver\.hotCacheDays: \(30\) must not exceed retention\.silver\.retentionDays \(7\)/.test(error.message) &&
            /retention\.bronze\.retentionDays: must be a whole number/.test(error.message) &&
            /dropOnDelete: .* requires allowDataLoss/.test(error.message),
    );
});
