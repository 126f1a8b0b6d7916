import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DashboardSpec, layoutPage, validateDashboard } from "../../components/serving/dashboard";
import { dashboardQueries, renderDashboard } from "../../components/serving/dashboard-render";
import { medallionDashboard } from "../../components/serving/medallion-dashboard";
import { referencedNames } from "../../components/serving/kql-names";
import { stableId, uuidv5 } from "../../components/serving/stable-id";
import { ValidationError } from "../../components/validation";
import { DEV_BINDING } from "./dev-site";

const golden = path.resolve(__dirname, "../../../tests/fixtures/serving/dev-dashboard.json");

test("uuidv5 matches the RFC test vector and stableId keeps parts apart", () => {
    assert.equal(uuidv5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
    assert.notEqual(stableId("a/b", "c"), stableId("a", "b/c"));
    assert.equal(stableId("tile", "Overview", "x"), stableId("tile", "Overview", "x"));
});

test("golden: the dev site's default dashboard renders to the checked-in RealTimeDashboard.json", () => {
    const rendered = renderDashboard(medallionDashboard("dev"), DEV_BINDING);
    const expected: unknown = JSON.parse(readFileSync(golden, "utf8"));
    assert.deepEqual(rendered, expected);
});

test("rendering is deterministic and ids survive a title change", () => {
    const a = renderDashboard(medallionDashboard("dev"), DEV_BINDING);
    const b = renderDashboard(medallionDashboard("dev", { title: "Renamed" }), DEV_BINDING);
    assert.equal(JSON.stringify(renderDashboard(medallionDashboard("dev"), DEV_BINDING)), JSON.stringify(a));
    assert.deepEqual(a.tiles, b.tiles);
    assert.notEqual(a.title, b.title);
});

test("every tile query points at a query entry bound to the site's data source, with the variables it uses", () => {
    const d = renderDashboard(medallionDashboard("dev"), DEV_BINDING) as { tiles: { title: string; queryRef: { queryId: string } }[]; queries: { id: string; usedVariables: string[]; dataSource: { dataSourceId: string } }[]; dataSources: { id: string; database: string }[] };
    assert.equal(d.dataSources.length, 1);
    assert.equal(d.dataSources[0].database, DEV_BINDING.databaseId);
    for (const tile of d.tiles) {
        const q = d.queries.find((x) => x.id === tile.queryRef.queryId);
        assert.ok(q, `query of ${tile.title}`);
        assert.equal(q.dataSource.dataSourceId, d.dataSources[0].id);
    }
    const latest = d.tiles.find((t) => t.title.startsWith("Latest value"));
    assert.deepEqual(d.queries.find((q) => q.id === latest?.queryRef.queryId)?.usedVariables, ["_asset"]);
    const rate = d.tiles.find((t) => t.title.startsWith("Bronze ingestion rate"));
    assert.deepEqual(d.queries.find((q) => q.id === rate?.queryRef.queryId)?.usedVariables, ["_startTime", "_endTime"]);
});

test("referencedNames skips comments and strings and reads bracketed names", () => {
    const names = referencedNames("T // _c\n| where a == '_s' and b == @\"_v\" and ['_startTime'] < now() and h'_h' != \"\\\"_q\"\n| take 1");
    assert.ok(names.has("T") && names.has("a") && names.has("_startTime") && names.has("now"));
    for (const hidden of ["_c", "_s", "_v", "_h", "_q"]) {
        assert.ok(!names.has(hidden), hidden);
    }
});

test("tiles flow left to right and wrap at 24 columns; pinned tiles stay put", () => {
    const boxes = layoutPage({
        name: "p",
        tiles: [
            { title: "a", query: "T", visual: "table" },
            { title: "b", query: "T", visual: "table", width: 16 },
            { title: "c", query: "T", visual: "table", x: 0, y: 0, width: 24, height: 3 },
        ],
    });
    assert.deepEqual(boxes, [
        { x: 0, y: 3, width: 12, height: 7 },
        { x: 0, y: 10, width: 16, height: 7 },
        { x: 0, y: 0, width: 24, height: 3 },
    ]);
});

test("validation names every problem with its path", () => {
    const spec: DashboardSpec = {
        title: "",
        parameters: [{ kind: "timeRange", default: "soon" }, { kind: "select", variable: "_startTime", displayName: "x", query: "T", valueColumn: "c" }],
        pages: [
            {
                name: "p",
                tiles: [
                    { title: "a", query: "T", visual: "table", width: 30 },
                    { title: "a", query: " ", visual: "gauge" as "table" },
                ],
            },
        ],
    };
    const paths = validateDashboard(spec, "dashboard").map((i) => i.path);
    assert.deepEqual(paths.sort(), [
        "dashboard.pages[0].tiles[0].width",
        "dashboard.pages[0].tiles[1].query",
        "dashboard.pages[0].tiles[1].title",
        "dashboard.pages[0].tiles[1].visual",
        "dashboard.parameters[0].default",
        "dashboard.parameters[1]",
        "dashboard.title",
    ]);
    assert.throws(() => renderDashboard(spec, DEV_BINDING), (e: unknown) => e instanceof ValidationError && /tiles\[1\]\.visual: "gauge" is not one of/.test(e.message));
});

test("overlapping pinned tiles are rejected, naming both", () => {
    const issues = validateDashboard({
        title: "t",
        pages: [{ name: "p", tiles: [{ title: "a", query: "T", visual: "table", x: 0, y: 0 }, { title: "b", query: "T", visual: "table", x: 6, y: 2 }] }],
    });
    assert.deepEqual(issues, [{ path: "pages[0].tiles[1]", message: 'tile "b" overlaps tile "a"' }]);
});

test("dashboardQueries lists parameter and tile queries with their location and column options", () => {
    const queries = dashboardQueries(medallionDashboard("dev"));
    assert.equal(queries[0].where, 'parameters[1] "_asset"');
    const temp = queries.find((q) => q.where.includes("Temperature"));
    assert.ok(temp);
    assert.match(temp.where, /^pages\[0\]\.tiles\[1\] "Temperature per asset/);
    assert.deepEqual(temp.columns, [
        { option: "xColumn", names: ["WindowStart"] },
        { option: "yColumns", names: ["AvgValue"] },
        { option: "seriesColumns", names: ["Asset"] },
    ]);
});
