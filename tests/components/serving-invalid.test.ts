import { test } from "node:test";
import assert from "node:assert/strict";
import { synth } from "../../cli/synth";
import { Alerts } from "../../components/serving/alerts";
import { RealTimeDashboard } from "../../components/serving/real-time-dashboard";
import { ValidationError } from "../../components/validation";
import { DEV_BINDING } from "../serving/dev-site";

test("invalid alerts and dashboards fail before any item is registered, naming config paths", async () => {
    const errors: unknown[] = [];
    const { resources } = await synth(() => {
        try {
            new Alerts("bad", {
                site: "dev",
                database: DEV_BINDING,
                rules: [
                    { name: "Freezer warm", above: "cold", for: "5m", email: ["cold-chain@contoso.com"] },
                    { name: "Freezer warm", above: "-2 °C", for: "48h", email: ["not an address"] },
                ],
            });
        } catch (e) {
            errors.push(e);
        }
        try {
            new RealTimeDashboard("bad", { site: "dev", database: DEV_BINDING, defaults: { timeRange: "forever", extraTiles: [{ title: "x", query: "T", visual: "table", width: 40 }] } });
        } catch (e) {
            errors.push(e);
        }
    });
    assert.equal(errors.length, 2);
    const [alerts, dashboard] = errors;
    assert.ok(alerts instanceof ValidationError && dashboard instanceof ValidationError);
    assert.deepEqual(alerts.problems.map((i) => i.path).sort(), ["alerts.rules[0].above", "alerts.rules[1].email", "alerts.rules[1].for", "alerts.rules[1].name"]);
    assert.deepEqual(dashboard.problems.map((i) => i.path).sort(), ["dashboard.pages[0].tiles[3].width", "dashboard.parameters[0].default"]);
    assert.equal(resources.filter((r) => r.custom).length, 0, "no item registered");
});
