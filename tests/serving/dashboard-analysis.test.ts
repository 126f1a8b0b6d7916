import { test } from "node:test";
import assert from "node:assert/strict";
import { loadSchema } from "../../kusto";
import { parameterVariables } from "../../components/serving/dashboard";
import { dashboardQueries } from "../../components/serving/dashboard-render";
import { medallionDashboard } from "../../components/serving/medallion-dashboard";
import { queryAnalyzer } from "../../components/serving/query-check";
import { temperatureSourceQuery } from "../../components/serving/temperature-alert";
import { medallionFiles } from "../kusto/helpers";

async function analyzer() {
    const { model, diagnostics } = await loadSchema(medallionFiles());
    assert.deepEqual(diagnostics, []);
    return queryAnalyzer(model);
}

test("every query of the default dashboard and of the freezer alert runs against kql/", async () => {
    const analyze = await analyzer();
    const spec = medallionDashboard("dev");
    assert.deepEqual(analyze(dashboardQueries(spec), parameterVariables(spec)), []);
    const source = { where: "alert", text: temperatureSourceQuery({ name: "x", above: "-2 °C", for: "5m", email: ["a@b.co"] }), usedVariables: [], columns: [{ option: "fields", names: ["Asset", "WindowStart", "MinValue"] }] };
    assert.deepEqual(analyze([source], []), []);
});

test("a tile with a broken query fails with the tile named", async () => {
    const analyze = await analyzer();
    const spec = medallionDashboard("dev", {
        extraTiles: [
            { title: "Door openings", visual: "table", query: "GoldLatest\n| where TagName == 'door'\n| project Asset, Opened" },
            { title: "Typo in x axis", visual: "timechart", query: "GoldTagStats5m | where WindowStart between (_startTime .. _endTime) | project WindowStart, AvgValue", options: { xColumn: "WindowStar" } },
            { title: "Undeclared parameter", visual: "table", query: "GoldLatest | where Asset == _site" },
        ],
    });
    const issues = analyze(dashboardQueries(spec), parameterVariables(spec));
    assert.equal(issues.length, 3, JSON.stringify(issues));
    assert.equal(issues[0].path, 'pages[0].tiles[3] "Door openings"');
    assert.match(issues[0].message, /^3:\d+: KS\d+: .*Opened/);
    assert.equal(issues[1].path, 'pages[0].tiles[4] "Typo in x axis"');
    assert.match(issues[1].message, /xColumn names column 'WindowStar', which the query does not return \(it returns WindowStart, AvgValue\)/);
    assert.equal(issues[2].path, 'pages[0].tiles[5] "Undeclared parameter"');
    assert.match(issues[2].message, /_site/);
});
