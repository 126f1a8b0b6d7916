/**
 * `RealTimeDashboard`: a Fabric Real-Time Dashboard over the site's KQL database, described in typed
 * TypeScript (default: the medallion dashboard) and rendered to its `RealTimeDashboard.json`.
 * The spec is validated, and every query analysed against the schema, before anything is registered:
 * a dashboard with a broken query never ships, and the error names the tile.
 */
import * as pulumi from "@pulumi/pulumi";
import { KqlDashboardItem } from "../../providers/fabric/kql-dashboard";
import { DashboardSpec, ParameterVariable, assertValidDashboard, parameterVariables } from "./dashboard";
import { DashboardQuery, dashboardQueries, renderDashboard } from "./dashboard-render";
import { Problem, Problems } from "../validation";
import { MedallionDashboardOptions, medallionDashboard } from "./medallion-dashboard";

/** Checks queries offline and returns their problems (see `analyzeDashboardQueries` for the one over `kql/`). */
export type QueryAnalyzer = (queries: DashboardQuery[], variables: ParameterVariable[]) => Problem[];

/** The KQL database a dashboard or alert reads: outputs of the site's Eventhouse / KQL database. */
export interface ServingDatabase {
    /** Workspace of the KQL database. */
    workspaceId: pulumi.Input<string>;
    /** The KQL database item id. */
    databaseId: pulumi.Input<string>;
    /** The database name (shown as the dashboard's data source). */
    databaseName: pulumi.Input<string>;
    /** The Eventhouse query URI. */
    queryUri: pulumi.Input<string>;
}

export interface RealTimeDashboardArgs {
    /** Site name; the default title is `"<site> telemetry"`. */
    site: string;
    /** Where the dashboard lives and what it reads. The dashboard is created in `database.workspaceId`. */
    database: ServingDatabase;
    /** The dashboard. Default: the medallion dashboard with `defaults`. */
    spec?: DashboardSpec;
    /** Options of the default medallion dashboard (ignored when `spec` is given). Default: its defaults. */
    defaults?: MedallionDashboardOptions;
    /** Item display name. Default: the spec's title. */
    displayName?: string;
    /** Offline check of every query. Default: none (the site wires the analyzer over `kql/`). */
    analyze?: QueryAnalyzer;
    /** Config path of the spec, for error messages. Default `dashboard`. */
    configPath?: string;
    /** Fabric REST base URL. Default `https://api.fabric.microsoft.com/v1`. */
    apiBaseUrl?: pulumi.Input<string>;
}

/**
 * The dashboard's spec, validated and (with `analyze`) every query analysed; throws a
 * {@link ValidationError} naming each problem by its path under `configPath`. What the
 * constructor runs before registering anything; a composite (the site) runs it before its own.
 */
export function checkedDashboardSpec(args: Pick<RealTimeDashboardArgs, "site" | "spec" | "defaults" | "analyze" | "configPath">): DashboardSpec {
    const spec = args.spec ?? medallionDashboard(args.site, args.defaults);
    const where = args.configPath ?? "dashboard";
    assertValidDashboard(spec, where);
    if (args.analyze) {
        const problems = new Problems(`dashboard "${spec.title}" has queries that do not run against the schema`);
        problems.addAll(args.analyze(dashboardQueries(spec), parameterVariables(spec)), where);
        problems.throwIfAny();
    }
    return spec;
}

export class RealTimeDashboard extends pulumi.ComponentResource {
    /** The dashboard item id. */
    readonly dashboardId: pulumi.Output<string>;
    /** The rendered `RealTimeDashboard.json` (decoded). */
    readonly definition: pulumi.Output<Record<string, unknown>>;

    constructor(name: string, args: RealTimeDashboardArgs, opts?: pulumi.ComponentResourceOptions) {
        const spec = checkedDashboardSpec(args);
        super("edge-fabric:serving:RealTimeDashboard", name, {}, opts);
        this.definition = pulumi
            .all([args.database.queryUri, args.database.databaseId, args.database.workspaceId, args.database.databaseName])
            .apply(([queryUri, databaseId, workspaceId, databaseName]) => renderDashboard(spec, { queryUri, databaseId, workspaceId, databaseName }));
        const item = new KqlDashboardItem(
            `${name}-dashboard`,
            {
                workspaceId: args.database.workspaceId,
                displayName: args.displayName ?? spec.title,
                description: "Managed by edge-fabric: edit the stack, not the dashboard.",
                dashboard: this.definition,
                apiBaseUrl: args.apiBaseUrl,
            },
            { parent: this },
        );
        this.dashboardId = item.itemId;
        this.registerOutputs({ dashboardId: this.dashboardId });
    }
}
