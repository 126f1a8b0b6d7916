/** The Fabric serving layer of a site: its inputs, checked before anything is built, and its items per region. */
import type * as pulumi from "@pulumi/pulumi";
import type { Eventhouse } from "./cloud/eventhouse";
import type { MedallionSchema } from "./cloud/medallion";
import { RealTimeDashboard, checkedDashboardSpec, type QueryAnalyzer, type ServingDatabase } from "./serving/real-time-dashboard";
import { Alerts, checkedAlertsTemplate } from "./serving/alerts";
import { BatchLakehouse } from "./serving/batch-lakehouse";
import { queryAnalyzer } from "./serving/query-check";
import { servingLayerOn } from "./serving/site-layer";
import type { MedallionDashboardOptions } from "./serving/medallion-dashboard";
import type { TemperatureAlertRule } from "./serving/temperature-alert";
import { joinPath } from "./validation";
import type { SiteEventhouseArgs } from "./site-args";
import type { SiteSpec } from "./site-defaults";
import type { ServingLayerPath } from "./site-data-path";

/** What the serving layer needs from the site, built (and checked) once for the primary and the standby. */
export interface ServingLayerInputs {
    on: ReturnType<typeof servingLayerOn>;
    dashboard: { site: string; defaults?: MedallionDashboardOptions; analyze: QueryAnalyzer; configPath: string };
    alerts: { site: string; rules: TemperatureAlertRule[]; analyze: QueryAnalyzer; configPath: string };
    /** Tables whose mirroring policy is on: one Lakehouse shortcut each. */
    mirrored: string[];
}

/** The serving layer's components of one region (each absent when off). */
export interface ServingLayerItems {
    dashboard?: RealTimeDashboard;
    alerts?: Alerts;
    lakehouse?: BatchLakehouse;
}

/** The serving layer's inputs, or undefined when it is off; its dashboard and alert queries are checked against the schema model first. */
export function servingLayerInputs(args: SiteSpec): ServingLayerInputs | undefined {
    const on = servingLayerOn(args);
    if (!on.dashboard && !on.lakehouse && !on.alerts) {
        return undefined;
    }
    const model = args.schema;
    const analyze = queryAnalyzer(model, { cache: args.queryCache });
    const inputs: ServingLayerInputs = {
        on,
        // `enabled` rides along in the options; the dashboard reads only its own keys.
        dashboard: { site: args.name, defaults: args.dashboard, analyze, configPath: joinPath(args.configPath ?? "", "dashboard") },
        alerts: { site: args.name, rules: args.alerts?.rules ?? [], analyze, configPath: joinPath(args.configPath ?? "", "alerts") },
        mirrored: Object.values(model.tables).filter((t) => t.mirroring?.isEnabled === true).map((t) => t.name),
    };
    if (on.dashboard) {
        checkedDashboardSpec(inputs.dashboard);
    }
    if (on.alerts) {
        checkedAlertsTemplate(inputs.alerts);
    }
    return inputs;
}


/**
 * The Fabric serving layer over one KQL database: the Real-Time Dashboard, the Activator alerts
 * and the batch Lakehouse with a shortcut per mirrored table. `region` marks the standby's items
 * (titles and names), so users can tell the two regions apart.
 */
export function siteServingLayer(name: string, args: SiteSpec, database: ServingDatabase & { schema: MedallionSchema }, parent: pulumi.Resource, layer: ServingLayerInputs, region?: string): { components: ServingLayerItems; path: ServingLayerPath } {
    const s = args.serving as SiteEventhouseArgs;
    const opts = { parent };
    const suffix = region === undefined ? "" : ` (${region})`;
    const title = `${layer.dashboard.defaults?.title ?? `${args.name} telemetry`}${suffix}`;
    const dashboard = layer.on.dashboard ? new RealTimeDashboard(`${name}-dashboard`, { ...layer.dashboard, database, defaults: { ...layer.dashboard.defaults, title }, apiBaseUrl: s.apiBaseUrl }, opts) : undefined;
    const rules = layer.alerts.rules;
    const alerts = layer.on.alerts ? new Alerts(`${name}-alerts`, { ...layer.alerts, database, displayName: `${args.name} alerts${suffix}`, apiBaseUrl: s.apiBaseUrl }, opts) : undefined;
    const lakehouseName = args.lakehouse?.displayName ?? `${args.name}_lakehouse`;
    const lakehouse = layer.on.lakehouse
        ? new BatchLakehouse(
              `${name}-lakehouse`,
              {
                  site: args.name,
                  workspaceId: database.workspaceId,
                  // An adopted Lakehouse is the primary's; the standby region gets one of its own.
                  lakehouseId: region === undefined ? args.lakehouse?.lakehouseId : undefined,
                  displayName: lakehouseName,
                  source: { workspaceId: database.workspaceId, databaseId: database.databaseId },
                  tables: layer.mirrored,
                  // A shortcut points at the table's OneLake copy, which the schema's mirroring policy creates.
                  targetsReady: [database.schema],
                  apiBaseUrl: s.apiBaseUrl,
              },
              opts,
          )
        : undefined;
    return {
        components: { dashboard, alerts, lakehouse },
        path: {
            dashboard: dashboard ? title : undefined,
            alerts: alerts ? rules.map((r) => r.name) : undefined,
            lakehouse: lakehouse ? { name: lakehouseName, shortcuts: layer.mirrored } : undefined,
        },
    };
}

/** The database the serving items bind to, from an Eventhouse's outputs. */
export function eventhouseDatabase(eventhouse: Eventhouse): ServingDatabase {
    return { workspaceId: eventhouse.workspaceId, databaseId: eventhouse.databaseId, databaseName: eventhouse.databaseName, queryUri: eventhouse.queryServiceUri };
}
