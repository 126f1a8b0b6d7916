/**
 * The schema model: what a KQL database holds, independent of the text that declared it. Both sides
 * of a diff (the `.kql` scripts and the server's `.show database schema as csl script`) are read into
 * this shape with every server-side normalisation already applied, so equal models mean equal schemas.
 */

/** Where an element was declared; kept for messages, never compared. */
import type { PlainPolicy } from "./kinds";

/** Plain policies by name, each its canonical value (see policies.ts). */
export type PlainPolicies = Partial<Record<PlainPolicy, string>>;

export interface SourceLocation {
    path: string;
    line: number;
    column: number;
}

export interface ColumnModel {
    name: string;
    /** Canonical Kusto scalar type: bool, datetime, decimal, dynamic, guid, int, long, real, string, timespan. */
    type: string;
}

/** Retention policy; periods are .NET timespans as the server prints them (`7.00:00:00`). */
export interface RetentionPolicy {
    softDeletePeriod: string;
    recoverability: "Enabled" | "Disabled";
}

/** Caching policy; `hot = 1d` sets both spans. */
export interface CachingPolicy {
    dataHotSpan: string;
    indexHotSpan: string;
}

/** One entry of an update policy, with the server's defaults filled in. */
export interface UpdatePolicy {
    isEnabled: boolean;
    source: string;
    query: string;
    isTransactional: boolean;
    propagateIngestionProperties: boolean;
    managedIdentity: string | null;
}

export interface EntityPolicies {
    retention?: RetentionPolicy;
    caching?: CachingPolicy;
    /** Auto-delete, ingestion batching, ingestion time, merge, partitioning, row-level security, restricted view access, sharding, streaming ingestion: canonical values (policies.ts). */
    plain?: PlainPolicies;
}

export interface TableModel {
    name: string;
    columns: ColumnModel[];
    folder: string;
    docstring: string;
    /** Column docstrings by column name; undefined or absent: none. */
    columnDocstrings?: Record<string, string>;
    policies: EntityPolicies;
    /** Undefined: no update policy declared. */
    updatePolicy?: UpdatePolicy[];
    /** OneLake availability (Fabric); undefined: not mirrored. See mirroring.ts. */
    mirroring?: MirroringPolicy;
    source?: SourceLocation;
}

export interface FunctionParameter {
    name: string;
    /** A scalar type, or a tabular schema such as `(a:string, b:long)` or `(*)`. */
    type: string;
    /** Default value as written, if any. */
    defaultValue?: string;
}

export interface FunctionModel {
    name: string;
    parameters: FunctionParameter[];
    /**
     * The text between the braces exactly as written, spaces and line breaks included: the server
     * keeps a body as sent, so it is sent and compared byte for byte (`{ 42 }` stays `{ 42 }`).
     */
    body: string;
    folder: string;
    docstring: string;
    /** `view = true`: the function is a view (it takes part in wildcard `union *` and `search *`). */
    view: boolean;
    /** `skipvalidation = "true"` on the declaration; an option of the command, not state the server keeps. */
    skipValidation: boolean;
    source?: SourceLocation;
}

export interface MappingColumn {
    column: string;
    /** `DataType` when given (it is optional in JSON mappings). */
    datatype?: string;
    /** `Properties` with canonical key case (`Path`, `Transform`, `Ordinal`, `ConstValue`, `Field`). */
    properties: Record<string, string>;
}

export interface MappingModel {
    table: string;
    /** Lower case: json, csv, avro, parquet, orc, w3clogfile, apacheavro, sstream. */
    kind: string;
    name: string;
    /** The columns, normalized: what the diff compares. */
    columns: MappingColumn[];
    /** The mapping's JSON exactly as written: what a create sends, so the server holds the scripts' text. */
    json: string;
    source?: SourceLocation;
}

export interface MaterializedViewModel {
    name: string;
    sourceTable: string;
    query: string;
    folder: string;
    docstring: string;
    /** Other `with (...)` properties (lookback, backfill, ...), lower-cased keys, values as written. */
    properties: Record<string, string>;
    policies: EntityPolicies;
    /** Result columns, when the query could be analyzed. */
    columns?: ColumnModel[];
    source?: SourceLocation;
}

/** OneLake availability (Fabric): the mirroring policy of a table. See mirroring.ts. */
export interface MirroringPolicy {
    isEnabled: boolean;
    /** `partition by (...)` as written between the parentheses, spaces normalized; undefined when absent. */
    partitionBy?: string;
    /** 5–180; undefined: the service default (up to 3 hours or 200–256 MB). */
    targetLatencyInMinutes?: number;
    backfill?: boolean;
    /** `datetime(...)` literal text. */
    effectiveDateTime?: string;
}

/** One identity of the policy: `system` (the cluster's system-assigned identity) or an object id. */
export interface ManagedIdentityEntry {
    objectId: string;
    /** Canonical spelling, sorted, no duplicates. */
    allowedUsages: string[];
}

/** An Azure Storage external table (archive target). See export.ts. */
export interface ExternalTableModel {
    name: string;
    columns: ColumnModel[];
    /** `partition by (...)` as written between the parentheses, spaces normalized; undefined when absent. */
    partitions?: string;
    /** `pathformat = (...)` as written between the parentheses, spaces normalized. */
    pathFormat?: string;
    /** Lower case. */
    dataFormat: string;
    /** Decoded storage connection strings, in order. */
    connectionStrings: string[];
    folder: string;
    docstring: string;
    source?: SourceLocation;
}

export interface ContinuousExportModel {
    name: string;
    externalTable: string;
    /** Fact tables (`over (...)`); empty: every table the query names is a fact table. */
    over: string[];
    query: string;
    /** .NET timespan (`01:00:00`). */
    intervalBetweenRuns: string;
    forcedLatency?: string;
    /** Bytes; the service default is {@link DEFAULT_EXPORT_SIZE_LIMIT}. */
    sizeLimit: number;
    distributed: boolean;
    /** `system` or an object id (ADX only). */
    managedIdentity?: string;
    isDisabled: boolean;
    parquetRowGroupSize?: number;
    useNativeParquetWriter?: boolean;
    source?: SourceLocation;
}


/** A continuous export's default sizeLimit, 100 MB (https://learn.microsoft.com/kusto/management/data-export/create-alter-continuous). */
export const DEFAULT_EXPORT_SIZE_LIMIT = 104_857_600;

/** A command the engine does not model, kept as it is: never diffed, never applied, reported as a note. */
export interface UnmanagedCommand {
    text: string;
    /** Why it is not managed. */
    reason: string;
    source: SourceLocation;
}

export interface SchemaModel {
    tables: Record<string, TableModel>;
    functions: Record<string, FunctionModel>;
    /** Keyed by `table/kind/name`. */
    mappings: Record<string, MappingModel>;
    materializedViews: Record<string, MaterializedViewModel>;
    /** Azure Storage external tables (archive targets). See export.ts. */
    externalTables: Record<string, ExternalTableModel>;
    continuousExports: Record<string, ContinuousExportModel>;
    /** What the current schema holds that the engine does not model (see readCslSchema). */
    unmanaged: UnmanagedCommand[];
    /** Database-level policies, changed only when the desired side declares them (and so names the database). */
    database: {
        name?: string;
        policies: EntityPolicies;
        /** Managed identity policy (ADX); undefined: not declared. Only ever added to by the diff. See identity.ts. */
        managedIdentity?: ManagedIdentityEntry[];
        /**
         * Database policies another resource owns (the database resource sets them): the diff neither
         * sets nor deletes them, whatever the current side holds. Desired side only; see LoadOptions.
         */
        ownedElsewhere?: OwnedDatabasePolicy[];
    };
}

/** The database policies a database resource sets itself (ADX `softDeletePeriod`/`hotCachePeriod`, a Fabric KQL database's data policies). */
export const OWNED_DATABASE_POLICIES = ["retention", "caching"] as const;
export type OwnedDatabasePolicy = (typeof OWNED_DATABASE_POLICIES)[number];

export function emptyModel(): SchemaModel {
    return { tables: {}, functions: {}, mappings: {}, materializedViews: {}, externalTables: {}, continuousExports: {}, unmanaged: [], database: { policies: {} } };
}

export function mappingKey(table: string, kind: string, name: string): string {
    return `${table}/${kind}/${name}`;
}

/** Table and column names, for messages that must name what a change would lose. */
export function listColumns(model: SchemaModel): { table: string; columns: string[] }[] {
    return Object.values(model.tables).map((t) => ({ table: t.name, columns: t.columns.map((c) => c.name) }));
}
