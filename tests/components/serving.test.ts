import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { synth } from "../../cli/synth";
import { Alerts } from "../../components/serving/alerts";
import { BatchLakehouse } from "../../components/serving/batch-lakehouse";
import { RealTimeDashboard } from "../../components/serving/real-time-dashboard";
import { renderDashboard } from "../../components/serving/dashboard-render";
import { medallionDashboard } from "../../components/serving/medallion-dashboard";
import { DEV_BINDING } from "../serving/dev-site";

const database = { workspaceId: DEV_BINDING.workspaceId, databaseId: DEV_BINDING.databaseId, databaseName: DEV_BINDING.databaseName, queryUri: DEV_BINDING.queryUri };

function serving() {
    const dashboard = new RealTimeDashboard("dev", { site: "dev", database });
    const alerts = new Alerts("dev", { site: "dev", database, rules: [{ name: "Freezer warm", above: "-2 °C", for: "5m", email: ["cold-chain@contoso.com"] }] });
    const lake = new BatchLakehouse("dev", { site: "dev", workspaceId: DEV_BINDING.workspaceId, source: database, tables: ["Bronze", "Silver", "GoldTagStats5mTable"] });
    const shared = new BatchLakehouse("shared", { site: "dev", workspaceId: DEV_BINDING.workspaceId, lakehouseId: "11111111-2222-3333-4444-555555555555", source: database, tables: ["Silver"] });
    return { dashboard: dashboard.dashboardId, alerts: alerts.activatorId, lake: lake.lakehouseId, shared: shared.lakehouseId, definition: dashboard.definition };
}

test("the serving components register the dashboard, the Activator, the Lakehouse and its shortcuts", async () => {
    const { resources, result } = await synth(serving, {
        outputs: (type, name) => (type.startsWith("pulumi-nodejs:dynamic") ? { itemId: `${name}-item` } : {}),
    });
    const byName = (n: string) => resources.find((r) => r.name === n);
    const component = (t: string, n: string) => resources.find((r) => r.type === `edge-fabric:serving:${t}` && r.name === n);

    const dashboard = byName("dev-dashboard");
    assert.ok(dashboard && component("RealTimeDashboard", "dev"));
    assert.equal(dashboard.parent, component("RealTimeDashboard", "dev")?.urn);
    assert.equal(dashboard.inputs.displayName, "dev telemetry");
    assert.deepEqual(dashboard.inputs.dashboard, JSON.parse(JSON.stringify(renderDashboard(medallionDashboard("dev"), DEV_BINDING))));

    const activator = byName("dev-activator");
    assert.ok(activator);
    assert.equal(activator.parent, component("Alerts", "dev")?.urn);
    assert.equal(activator.inputs.displayName, "dev alerts");
    const entities = activator.inputs.entities as { type: string; payload: { eventhouseItem?: { itemId: string } } }[];
    assert.equal(entities.length, 7);
    assert.equal(entities.find((e) => e.type === "kqlSource-v1")?.payload.eventhouseItem?.itemId, DEV_BINDING.databaseId);

    const lakehouse = byName("dev-lakehouse");
    assert.ok(lakehouse);
    assert.equal(lakehouse.inputs.displayName, "dev_lakehouse");
    const shortcuts = resources.filter((r) => r.parent === component("BatchLakehouse", "dev")?.urn && r.name !== "dev-lakehouse");
    assert.deepEqual(shortcuts.map((s) => s.name), ["dev-Bronze", "dev-Silver", "dev-GoldTagStats5mTable"]);
    const silver = byName("dev-Silver");
    assert.deepEqual(silver?.inputs.target, { workspaceId: DEV_BINDING.workspaceId, itemId: DEV_BINDING.databaseId, path: "Tables/Silver" });
    assert.equal(silver?.inputs.path, "Tables");
    assert.equal(silver?.inputs.lakehouseId, "dev-lakehouse-item");
    assert.ok(silver?.dependencies.includes(lakehouse.urn), "shortcuts wait for the Lakehouse");

    // Adopting by id creates no Lakehouse and points the shortcut at the given one.
    assert.equal(byName("shared-lakehouse"), undefined);
    assert.equal(byName("shared-Silver")?.inputs.lakehouseId, "11111111-2222-3333-4444-555555555555");
    assert.equal(await new Promise((resolve) => pulumi.output(result.shared).apply(resolve)), "11111111-2222-3333-4444-555555555555");
});
