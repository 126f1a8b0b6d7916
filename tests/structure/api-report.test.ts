import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { API_REPORT_PATH, apiReport } from "../../tools/api-report";
import { repoRoot } from "../kusto/helpers";

const report = apiReport(join(repoRoot, "dist"));

test("api report: the checked-in report matches the built declarations (npm run api:report regenerates it)", () => {
    const checkedIn = readFileSync(join(repoRoot, API_REPORT_PATH), "utf8");
    assert.equal(report, checkedIn, `${API_REPORT_PATH} is stale: the public API changed; review the change, then run npm run api:report`);
});

test("api report: a deliberate surface of at most 60 names, none of the ARM-shaped internals", () => {
    const exported = Number(/## Exported \((\d+) names\)/.exec(report)?.[1]);
    assert.ok(exported > 0 && exported <= 60, `${exported} exported names`);
    const section = report.slice(0, report.indexOf("## Referenced by the surface"));
    for (const internal of ["EndpointProperties", "K8sObject", "ACSA_API_VERSION", "EVENT_HUBS_DATA_RECEIVER", "validateEventhouseArgs"]) {
        assert.ok(!section.includes(`### ${internal}\n`), `${internal} is exported`);
    }
});

test("api report: every type of HybridSiteArgs a library user writes is exported", () => {
    const section = report.slice(0, report.indexOf("## Referenced by the surface"));
    for (const name of ["HybridSiteArgs", "SiteEdgeArgs", "SiteEdgeDelivery", "SiteEventHubsArgs", "SiteArchiveArgs", "SiteEventhouseArgs", "SiteAdxArgs", "SiteFabricStandbyArgs", "SchemaModel", "MedallionDashboardOptions", "TemperatureAlertRule"]) {
        assert.ok(section.includes(`### ${name}\n`), `${name} is not exported`);
    }
});
