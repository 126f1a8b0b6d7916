/**
 * A dashboard spec rendered to the `RealTimeDashboard.json` definition part of a Real-Time Dashboard
 * (Fabric item type `KQLDashboard`), and its queries listed for offline analysis.
 *
 * Microsoft publishes no JSON schema for tiles, queries and data sources; the shape rendered here
 * is the documented envelope (`kqlDashboard/definitions.json`, the `CreateKQLDashboardWithDefinition`
 * example: schema_version, title, autoRefresh, baseQueries, tiles, dataSources, pages, parameters,
 * queries) filled the way exported dashboards fill it. Every id is derived from names
 * ({@link stableId}), so rendering the same spec twice gives byte-identical JSON and an
 * `updateDefinition` is only sent when something a person wrote changed.
 */
import { DASHBOARD_SCHEMA_VERSION, type DashboardSpec, assertValidDashboard, effectiveParameters, layoutPage, parameterVariables, timeRangeDefault } from "./dashboard";
import { referencedNames } from "./kql-names";
import { stableId } from "./stable-id";

/** Where the tiles' queries run: the site's KQL database. */
export interface DashboardBinding {
    /** The Eventhouse query URI, e.g. `https://trd-xxxx.z1.kusto.fabric.microsoft.com`. */
    queryUri: string;
    /** The KQL database item id. */
    databaseId: string;
    /** The workspace id of the KQL database. */
    workspaceId: string;
    /** The database name, shown as the data source name. */
    databaseName: string;
}

/** One query of the dashboard with where it is, for offline analysis and error messages. */
export interface DashboardQuery {
    /** `pages[0].tiles[2] "Latest value per asset and tag"` or `parameters[1] "_asset"`. */
    where: string;
    text: string;
    /** The parameter variables the query uses. */
    usedVariables: string[];
    /** Options naming result columns, checked against the query's output when analysed. */
    columns: { option: string; names: string[] }[];
}

/** The decoded `RealTimeDashboard.json` (JSON-compatible). */
export type RealTimeDashboardJson = Record<string, unknown>;

function usedVariables(query: string, declared: string[]): string[] {
    const names = referencedNames(query);
    return declared.filter((v) => names.has(v));
}

const DATA_SOURCE_ID = stableId("dataSource", "site");

/** Every query of the dashboard (parameters' and tiles'), with where it is. */
export function dashboardQueries(spec: DashboardSpec): DashboardQuery[] {
    const declared = parameterVariables(spec).map((v) => v.name);
    const queries: DashboardQuery[] = [];
    effectiveParameters(spec).forEach((p, i) => {
        if (p.kind === "select") {
            queries.push({ where: `parameters[${i}] "${p.variable}"`, text: p.query, usedVariables: usedVariables(p.query, declared), columns: [{ option: "valueColumn", names: [p.valueColumn] }] });
        }
    });
    spec.pages.forEach((page, p) =>
        page.tiles.forEach((tile, t) => {
            const columns = (["xColumn", "yColumns", "seriesColumns"] as const)
                .map((option) => ({ option, names: ([] as string[]).concat(tile.options?.[option] ?? []) }))
                .filter((c) => c.names.length > 0);
            queries.push({ where: `pages[${p}].tiles[${t}] "${tile.title}"`, text: tile.query, usedVariables: usedVariables(tile.query, declared), columns });
        }),
    );
    return queries;
}

/**
 * The `RealTimeDashboard.json` for `spec` bound to the site's database. Validates first and throws
 * a {@link ValidationError} naming every problem; same input, same output, byte for byte.
 */
export function renderDashboard(spec: DashboardSpec, binding: DashboardBinding): RealTimeDashboardJson {
    assertValidDashboard(spec);
    const declared = parameterVariables(spec).map((v) => v.name);
    const queries: Record<string, unknown>[] = [];
    const addQuery = (id: string, text: string) => {
        queries.push({ id, text, dataSource: { kind: "inline", dataSourceId: DATA_SOURCE_ID }, usedVariables: usedVariables(text, declared) });
        return { kind: "query", queryId: id };
    };
    const parameters = effectiveParameters(spec).map((p) => {
        if (p.kind === "timeRange") {
            const begin = p.beginVariable ?? "_startTime";
            return {
                kind: "duration",
                id: stableId("parameter", begin),
                displayName: p.displayName ?? "Time range",
                description: "",
                beginVariableName: begin,
                endVariableName: p.endVariable ?? "_endTime",
                defaultValue: timeRangeDefault(p.default ?? "1h"),
                showOnPages: { kind: "all" },
            };
        }
        const multiple = p.multiple !== false;
        return {
            kind: "string",
            id: stableId("parameter", p.variable),
            displayName: p.displayName,
            description: "",
            variableName: p.variable,
            selectionType: multiple ? "array" : "scalar",
            includeAllOption: multiple,
            allIsNull: multiple,
            defaultValue: multiple ? { kind: "all" } : { kind: "null" },
            dataSource: { kind: "query", columns: { value: p.valueColumn }, queryRef: addQuery(stableId("query", "parameter", p.variable), p.query) },
            showOnPages: { kind: "all" },
        };
    });
    const pages = spec.pages.map((page) => ({ name: page.name, id: stableId("page", page.name) }));
    const tiles = spec.pages.flatMap((page, p) => {
        const boxes = layoutPage(page);
        return page.tiles.map((tile, t) => ({
            id: stableId("tile", page.name, tile.title),
            title: tile.title,
            visualType: tile.visual,
            pageId: pages[p].id,
            layout: boxes[t],
            queryRef: addQuery(stableId("query", "tile", page.name, tile.title), tile.query),
            visualOptions: { ...(tile.options ?? {}) },
        }));
    });
    const refresh = spec.autoRefresh ?? {};
    return {
        schema_version: DASHBOARD_SCHEMA_VERSION,
        title: spec.title,
        autoRefresh: {
            enabled: refresh.enabled ?? true,
            defaultInterval: refresh.defaultInterval ?? "30s",
            minInterval: refresh.minInterval ?? "30s",
        },
        baseQueries: [],
        tiles,
        dataSources: [
            {
                id: DATA_SOURCE_ID,
                name: binding.databaseName,
                kind: "kusto-trident",
                scopeId: "kusto-trident",
                clusterUri: binding.queryUri,
                database: binding.databaseId,
                workspace: binding.workspaceId,
            },
        ],
        pages,
        parameters,
        queries,
    };
}
