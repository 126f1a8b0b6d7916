/**
 * A Real-Time Dashboard (Fabric item type `KQLDashboard`) described in typed TypeScript: the spec,
 * its validation and the grid layout. `dashboard-render.ts` renders it to the `RealTimeDashboard.json`
 * definition part.
 */
import { Problem, ValidationError, joinPath } from "../validation";
import { parseDuration } from "./quantities";

/** Visual types a tile can use (the values of `tiles[].visualType` in exported dashboards). */
export const VISUAL_TYPES = ["table", "timechart", "line", "area", "stackedarea", "column", "stackedcolumn", "bar", "pie", "scatter", "card", "multistat", "anomalychart", "heatmap"] as const;
export type VisualType = (typeof VISUAL_TYPES)[number];

/** The dashboard grid is 24 columns wide. */
export const GRID_COLUMNS = 24;

/** The schema version written into the definition: the one of the documented example; the service migrates it. */
export const DASHBOARD_SCHEMA_VERSION = "52";

/** A time-range picker; queries use its two variables as `between (_startTime .. _endTime)`. */
export interface TimeRangeParameter {
    kind: "timeRange";
    /** Label in the dashboard. Default `"Time range"`. */
    displayName?: string;
    /** Initial range ending now, as a duration (`"1h"`, `"30m"`, `"7d"`). Default `"1h"`. */
    default?: string;
    /** Variable holding the range start. Default `_startTime`. */
    beginVariable?: string;
    /** Variable holding the range end. Default `_endTime`. */
    endVariable?: string;
}

/** A drop-down whose values come from a query; queries filter with `where isempty(_asset) or Asset in (_asset)`. */
export interface SelectParameter {
    kind: "select";
    /** The variable name the queries use, e.g. `_asset`. */
    variable: string;
    /** Label in the dashboard. */
    displayName: string;
    /** KQL returning the choices. */
    query: string;
    /** Column of `query` holding the values. */
    valueColumn: string;
    /** Several values at once (the variable is then a dynamic array). Default true. */
    multiple?: boolean;
}

export type DashboardParameter = TimeRangeParameter | SelectParameter;

/** Per-visual options; the named ones are checked against the query's result columns. */
export interface VisualOptions {
    /** Column on the x axis (time charts: the timestamp). Default: inferred by the service. */
    xColumn?: string;
    /** Columns plotted as values. Default: inferred. */
    yColumns?: string[];
    /** Columns splitting series (e.g. `Asset`). Default: inferred. */
    seriesColumns?: string[];
    /** Any other option of the visual, passed through unchanged (e.g. `multiStat__valueColumn`). */
    [option: string]: unknown;
}

export interface DashboardTile {
    /** Title shown on the tile; unique within its page (the tile's id derives from it). */
    title: string;
    /** KQL over the bound database; may use the dashboard's parameter variables. */
    query: string;
    visual: VisualType;
    /** Width in grid columns (2–24). Default 12. */
    width?: number;
    /** Height in grid rows. Default 7. */
    height?: number;
    /** Column of the left edge; with `y`, pins the tile. Default: placed after the previous tile, wrapping at 24 columns. */
    x?: number;
    /** Row of the top edge. Default: see `x`. */
    y?: number;
    options?: VisualOptions;
}

export interface DashboardPage {
    /** Page name; unique in the dashboard. */
    name: string;
    tiles: DashboardTile[];
}

export interface DashboardSpec {
    /** Title of the dashboard (the `title` in the definition). */
    title: string;
    /** Refresh while open. Default enabled, every 30 s, never more often than every 30 s. */
    autoRefresh?: { enabled?: boolean; defaultInterval?: string; minInterval?: string };
    /** Default: one time-range parameter with its defaults. */
    parameters?: DashboardParameter[];
    pages: DashboardPage[];
}

const DEFAULT_TIME_RANGE: TimeRangeParameter = { kind: "timeRange" };
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_TILE = { width: 12, height: 7 };

/** The parameters in effect: the spec's, or one default time range. */
export function effectiveParameters(spec: DashboardSpec): DashboardParameter[] {
    return spec.parameters ?? [DEFAULT_TIME_RANGE];
}

/** The variables the parameters declare, with their KQL types (for analysis). */
export interface ParameterVariable {
    name: string;
    /** KQL type of the variable: a time range binds two datetimes, a multi-select a dynamic array. */
    type: "datetime" | "dynamic" | "string";
}

/** The variables the parameters declare, with their KQL types (for analysis). */
export function parameterVariables(spec: DashboardSpec): ParameterVariable[] {
    return effectiveParameters(spec).flatMap((p): ParameterVariable[] =>
        p.kind === "timeRange"
            ? [
                  { name: p.beginVariable ?? "_startTime", type: "datetime" },
                  { name: p.endVariable ?? "_endTime", type: "datetime" },
              ]
            : [{ name: p.variable, type: p.multiple === false ? "string" : "dynamic" }],
    );
}

/** Every problem in the spec (empty when it renders), each with its path. */
export function validateDashboard(spec: DashboardSpec, prefix = ""): Problem[] {
    const issues: Problem[] = [];
    const at = (...parts: (string | number)[]) => joinPath(prefix, ...parts);
    if (!spec.title?.trim()) {
        issues.push({ path: at("title"), message: "must not be empty" });
    }
    for (const key of ["defaultInterval", "minInterval"] as const) {
        const value = spec.autoRefresh?.[key];
        if (value !== undefined) {
            pushError(issues, at("autoRefresh", key), () => parseDuration(value));
        }
    }
    const variables = new Set<string>();
    effectiveParameters(spec).forEach((p, i) => {
        const names = p.kind === "timeRange" ? [p.beginVariable ?? "_startTime", p.endVariable ?? "_endTime"] : [p.variable];
        for (const name of names) {
            if (!IDENTIFIER.test(name)) {
                issues.push({ path: at("parameters", i), message: `variable "${name}" is not a KQL identifier` });
            } else if (variables.has(name)) {
                issues.push({ path: at("parameters", i), message: `variable "${name}" is declared twice` });
            }
            variables.add(name);
        }
        if (p.kind === "timeRange") {
            pushError(issues, at("parameters", i, "default"), () => timeRangeDefault(p.default ?? "1h"));
        } else if (!p.query.trim() || !p.valueColumn.trim()) {
            issues.push({ path: at("parameters", i), message: "a select parameter needs a query and a valueColumn" });
        }
    });
    if (spec.pages.length === 0) {
        issues.push({ path: at("pages"), message: "needs at least one page" });
    }
    const pageNames = new Set<string>();
    spec.pages.forEach((page, p) => {
        const before = issues.length;
        if (!page.name.trim() || pageNames.has(page.name)) {
            issues.push({ path: at("pages", p, "name"), message: page.name.trim() ? `page "${page.name}" appears twice` : "must not be empty" });
        }
        pageNames.add(page.name);
        const titles = new Set<string>();
        page.tiles.forEach((tile, t) => {
            const tilePath = at("pages", p, "tiles", t);
            if (!tile.title.trim() || titles.has(tile.title)) {
                issues.push({ path: joinPath(tilePath, "title"), message: tile.title.trim() ? `tile "${tile.title}" appears twice on page "${page.name}"` : "must not be empty" });
            }
            titles.add(tile.title);
            if (!tile.query.trim()) {
                issues.push({ path: joinPath(tilePath, "query"), message: "must not be empty" });
            }
            if (!(VISUAL_TYPES as readonly string[]).includes(tile.visual)) {
                issues.push({ path: joinPath(tilePath, "visual"), message: `"${tile.visual}" is not one of ${VISUAL_TYPES.join(", ")}` });
            }
            const width = tile.width ?? DEFAULT_TILE.width;
            if (!Number.isInteger(width) || width < 2 || width > GRID_COLUMNS) {
                issues.push({ path: joinPath(tilePath, "width"), message: `${width} is not a whole number of columns between 2 and ${GRID_COLUMNS}` });
            } else if (tile.x !== undefined && (!Number.isInteger(tile.x) || tile.x < 0 || tile.x + width > GRID_COLUMNS)) {
                issues.push({ path: joinPath(tilePath, "x"), message: `x ${tile.x} + width ${width} must stay within ${GRID_COLUMNS} columns` });
            }
            const height = tile.height ?? DEFAULT_TILE.height;
            if (!Number.isInteger(height) || height < 1) {
                issues.push({ path: joinPath(tilePath, "height"), message: `${height} is not a positive whole number of rows` });
            }
            if ((tile.x === undefined) !== (tile.y === undefined)) {
                issues.push({ path: tilePath, message: "give both x and y to pin a tile, or neither" });
            }
        });
        // Overlaps are only meaningful once every tile's size and position is valid.
        if (issues.length === before) {
            overlaps(page).forEach(([a, b]) => issues.push({ path: at("pages", p, "tiles", b), message: `tile "${page.tiles[b].title}" overlaps tile "${page.tiles[a].title}"` }));
        }
    });
    return issues;
}

/** Throws a {@link ValidationError} listing every problem of the spec. */
export function assertValidDashboard(spec: DashboardSpec, prefix = ""): void {
    const issues = validateDashboard(spec, prefix);
    if (issues.length > 0) {
        throw new ValidationError(`dashboard "${spec.title}" is invalid`, issues);
    }
}

function pushError(issues: Problem[], path: string, check: () => unknown): void {
    try {
        check();
    } catch (error) {
        issues.push({ path, message: (error as Error).message });
    }
}

/** The `defaultValue` of a duration parameter: the largest unit that divides the range exactly. */
export function timeRangeDefault(range: string): { kind: "dynamic"; count: number; unit: "minutes" | "hours" | "days" } {
    const ms = parseDuration(range);
    for (const [unit, size] of [["days", 86_400_000], ["hours", 3_600_000], ["minutes", 60_000]] as const) {
        if (ms % size === 0) {
            return { kind: "dynamic", count: ms / size, unit };
        }
    }
    throw new Error(`"${range}" is not a whole number of minutes`);
}

interface Placed {
    x: number;
    y: number;
    width: number;
    height: number;
}

/** Grid positions: pinned tiles where they are pinned, the others flowed left to right below them. */
export function layoutPage(page: DashboardPage): Placed[] {
    const placed: (Placed | undefined)[] = page.tiles.map((t) =>
        t.x !== undefined && t.y !== undefined ? { x: t.x, y: t.y, width: t.width ?? DEFAULT_TILE.width, height: t.height ?? DEFAULT_TILE.height } : undefined,
    );
    let x = 0;
    let y = Math.max(0, ...placed.map((p) => (p ? p.y + p.height : 0)));
    let rowHeight = 0;
    return page.tiles.map((tile, i) => {
        const pinned = placed[i];
        if (pinned) {
            return pinned;
        }
        const width = tile.width ?? DEFAULT_TILE.width;
        const height = tile.height ?? DEFAULT_TILE.height;
        if (x + width > GRID_COLUMNS) {
            x = 0;
            y += rowHeight;
            rowHeight = 0;
        }
        const at = { x, y, width, height };
        x += width;
        rowHeight = Math.max(rowHeight, height);
        return at;
    });
}

function overlaps(page: DashboardPage): [number, number][] {
    const boxes = layoutPage(page);
    const found: [number, number][] = [];
    boxes.forEach((b, j) => {
        for (let i = 0; i < j; i++) {
            const a = boxes[i];
            if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
                found.push([i, j]);
            }
        }
    });
    return found;
}
