/**
 * What the server normalises, normalised here too, so that semantically equal is equal: policy
 * keyword forms and JSON forms meet in one model, JSON key case and order stop mattering, and the
 * update policy's defaults are filled in.
 */
import { CachingPolicy, MappingColumn, RetentionPolicy, UpdatePolicy } from "./model";
import { formatTimespan, parseTimespan } from "./text";

export class PolicyError extends Error {}

/**
 * The default soft-delete period, 1,000 years: what `.alter ... policy retention "{}"` sets
 * (https://learn.microsoft.com/kusto/management/retention-policy).
 */
export const DEFAULT_RETENTION = "365000.00:00:00";

function lowerKeys(value: unknown, what: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new PolicyError(`${what} must be a JSON object`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
        out[k.toLowerCase()] = v;
    }
    return out;
}

export function parseJson(text: string): unknown {
    try {
        return JSON.parse(text) as unknown;
    } catch (error) {
        throw new PolicyError(`invalid JSON: ${(error as Error).message}`);
    }
}

function timespan(value: unknown, what: string): string {
    const ms = typeof value === "string" ? parseTimespan(value) : undefined;
    if (ms === undefined) {
        throw new PolicyError(`${what} must be a timespan such as "7.00:00:00" or "7d", not ${JSON.stringify(value)}`);
    }
    return formatTimespan(ms);
}

function recoverability(value: unknown): "Enabled" | "Disabled" {
    const v = String(value).toLowerCase();
    if (v === "enabled" || v === "1" || v === "true") return "Enabled";
    if (v === "disabled" || v === "0" || v === "false") return "Disabled";
    throw new PolicyError(`Recoverability must be "Enabled" or "Disabled", not ${JSON.stringify(value)}`);
}

/** Retention from `softdelete = 7d recoverability = enabled` (merged into `base`, as alter-merge does). */
export function retentionFromSettings(settings: Record<string, string>, base?: RetentionPolicy): RetentionPolicy {
    return {
        softDeletePeriod: settings.softdelete !== undefined ? timespan(settings.softdelete, "softdelete") : (base?.softDeletePeriod ?? DEFAULT_RETENTION),
        recoverability: settings.recoverability !== undefined ? recoverability(settings.recoverability) : (base?.recoverability ?? "Enabled"),
    };
}

/** Retention from `{"SoftDeletePeriod": "7.00:00:00", "Recoverability": "Enabled"}`. */
export function retentionFromJson(json: string): RetentionPolicy {
    const o = lowerKeys(parseJson(json), "a retention policy");
    return {
        softDeletePeriod: o.softdeleteperiod !== undefined ? timespan(o.softdeleteperiod, "SoftDeletePeriod") : DEFAULT_RETENTION,
        recoverability: o.recoverability !== undefined ? recoverability(o.recoverability) : "Enabled",
    };
}

export function cachingFromSettings(settings: Record<string, string>): CachingPolicy {
    const data = settings.hot ?? settings.hotdata;
    const index = settings.hot ?? settings.hotindex;
    return { dataHotSpan: timespan(data, "hot"), indexHotSpan: timespan(index, "hot") };
}

/** An update policy (a JSON array, or one object) with the documented defaults filled in. */
export function updatePolicyFromJson(json: string): UpdatePolicy[] {
    const parsed = parseJson(json);
    const entries = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
    return entries.map((entry, i) => {
        const o = lowerKeys(entry, `update policy entry ${i + 1}`);
        const text = (key: string): string => {
            if (typeof o[key] !== "string" || o[key] === "") {
                throw new PolicyError(`update policy entry ${i + 1} needs a non-empty "${key === "source" ? "Source" : "Query"}" string`);
            }
            return o[key];
        };
        const flag = (key: string, name: string): boolean => {
            if (o[key] === undefined || o[key] === null) return false;
            if (typeof o[key] !== "boolean") throw new PolicyError(`update policy entry ${i + 1}: "${name}" must be true or false`);
            return o[key];
        };
        const identity = o.managedidentity;
        return {
            isEnabled: flag("isenabled", "IsEnabled"),
            source: text("source"),
            query: text("query").trim(),
            isTransactional: flag("istransactional", "IsTransactional"),
            propagateIngestionProperties: flag("propagateingestionproperties", "PropagateIngestionProperties"),
            managedIdentity: typeof identity === "string" && identity !== "" ? identity : null,
        };
    });
}

const propertyKeys: Record<string, string> = {
    path: "Path",
    transform: "Transform",
    ordinal: "Ordinal",
    constvalue: "ConstValue",
    field: "Field",
    storagedatatype: "StorageDataType",
};

/**
 * A mapping's columns in one shape whatever the spelling: `{"column":"A","Properties":{"Path":"$"}}`,
 * the legacy flat `{"column":"A","path":"$","datatype":"","transform":null}` and csv's
 * `{"Name":"A","Ordinal":"0"}` all become `{column, datatype?, properties}`; empty and null values
 * are dropped (the server prints them for absent ones).
 */
export function mappingColumnsFromJson(json: string): MappingColumn[] {
    const parsed = parseJson(json);
    if (!Array.isArray(parsed)) {
        throw new PolicyError("an ingestion mapping must be a JSON array of column entries");
    }
    return parsed.map((entry: unknown, i) => {
        const o = lowerKeys(entry, `mapping entry ${i + 1}`);
        const column = o.column ?? o.name;
        if (typeof column !== "string" || column === "") {
            throw new PolicyError(`mapping entry ${i + 1} needs a "column" name`);
        }
        const properties: Record<string, string> = {};
        const add = (key: string, value: unknown): void => {
            if (value === null || value === undefined || value === "") return;
            properties[propertyKeys[key.toLowerCase()] ?? key] = typeof value === "string" ? value : JSON.stringify(value);
        };
        for (const [key, value] of Object.entries(o)) {
            if (key === "properties") {
                for (const [k, v] of Object.entries(lowerKeys(value ?? {}, `mapping entry ${i + 1} Properties`))) add(k, v);
            } else if (key !== "column" && key !== "name" && key !== "datatype") {
                add(key, value);
            }
        }
        const out: MappingColumn = { column, properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => a.localeCompare(b))) };
        if (typeof o.datatype === "string" && o.datatype !== "") {
            out.datatype = o.datatype;
        }
        return out;
    });
}

export function retentionJson(p: RetentionPolicy): string {
    return JSON.stringify({ SoftDeletePeriod: p.softDeletePeriod, Recoverability: p.recoverability });
}

export function updatePolicyJson(entries: UpdatePolicy[]): string {
    return JSON.stringify(
        entries.map((e) => ({
            IsEnabled: e.isEnabled,
            Source: e.source,
            Query: e.query,
            IsTransactional: e.isTransactional,
            PropagateIngestionProperties: e.propagateIngestionProperties,
            ...(e.managedIdentity ? { ManagedIdentity: e.managedIdentity } : {}),
        })),
    );
}
