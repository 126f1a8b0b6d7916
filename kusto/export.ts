/**
 * Archive export as schema objects: an Azure Storage external table and a continuous export into it
 * (external-tables-azure-storage.md, data-export/create-alter-continuous.md, continuous-data-export.md).
 *
 * `.create-or-alter external table T (cols) kind=storage partition by (...) [pathformat = (...)]
 *  dataformat=parquet (h@'https://<account>.blob.core.windows.net/<container>/<path>;<auth>') [with (...)]`
 * `.create-or-alter continuous-export E [over (T1, ...)] to table T [with (...)] <| Query`
 *
 * Rules the engine enforces, and why:
 * - the storage URI authenticates with `;managed_identity=system` (ADX) or `;impersonate` (Fabric,
 *   or ADX with the export's `managedIdentity`): a key, SAS or token in a script is a secret in
 *   source control that also expires;
 * - parquet, partitioned by day (`bin(<datetime column>, 1d)`): the archive is read by date;
 * - the export's query analyzes against the schema and returns the external table's columns in name,
 *   type and order (a mismatch fails every run, and after 7 days the service disables the export);
 * - no materialized view in the query (continuous export "isn't designed to work over materialized views").
 *
 * Diff rules (export-diff.ts):
 * - a changed export is `.create-or-alter continuous-export` on the same name: the job (and the
 *   database cursor it has reached, `ExportedTo`/`StartCursor`) is altered in place, never dropped and
 *   re-created. The docs do not say in so many words that an alter keeps the cursor (verify live);
 *   they do say an export "starts exporting data only from the point of its creation", so a drop and
 *   re-create would silently skip what was ingested since the last run;
 * - dropping an export is data loss for the archive: records ingested after its last run are never
 *   exported, and a re-created export does not backfill them. Refused unless allowed;
 * - dropping an external table drops a definition only (the blobs stay in the account), but exports
 *   into it and queries through it stop: data loss for the archive, refused unless allowed.
 */
import { ARCHIVE_PLACEHOLDER } from "./archive";
import { Codes } from "./diagnostics";
import type { Token } from "./lexer";
import { DEFAULT_EXPORT_SIZE_LIMIT, type ColumnModel, type ContinuousExportModel, type ExternalTableModel, type SchemaModel, type SourceLocation } from "./model";
import { Cursor, Rejected, tableColumns, withProperties } from "./cursor";
import { Literal, Named, TableColumn, columnTypes } from "./records";
import { formatTimespan, parseTimespan } from "./text";
import { GUID } from "./text";

export type ExportRecord =
    | {
          kind: "external-table";
          verb: "create" | "create-or-alter" | "alter";
          name: Named;
          columns: TableColumn[];
          partitions?: Literal;
          pathFormat?: Literal;
          dataFormat: Literal;
          connections: Literal[];
          properties: Record<string, Literal>;
      }
    | { kind: "continuous-export"; name: Named; over: Named[]; externalTable: Named; properties: Record<string, Literal>; query: Literal };


/** The service's bounds of sizeLimit (create-alter-continuous.md). */
const SIZE_LIMIT = { min: 104_857_600, max: 1_073_741_824 };

/** Raw text between a `(` at the cursor and its matching `)`, spaces normalized. */
function parenthesized(c: Cursor): Literal {
    const open = c.punct("(");
    let depth = 1;
    for (;;) {
        const t = c.next();
        if (t.type === "punct" && t.text === "(") depth++;
        if (t.type === "punct" && t.text === ")" && --depth === 0) {
            return { value: c.text.slice(open.end, t.start).replace(/\s+/g, " ").trim(), at: open.end };
        }
    }
}

function readExternalTable(c: Cursor, verb: "create" | "create-or-alter" | "alter"): ExportRecord {
    c.word("table");
    const name = c.name();
    const columns = tableColumns(c);
    c.word("kind");
    c.punct("=");
    c.word("storage");
    let partitions: Literal | undefined;
    let pathFormat: Literal | undefined;
    if (c.optionalWord("partition")) {
        c.word("by");
        partitions = parenthesized(c);
        if (c.optionalWord("pathformat")) {
            c.punct("=");
            pathFormat = parenthesized(c);
        }
    }
    c.word("dataformat");
    c.punct("=");
    const format = c.next();
    if (format.type !== "word") throw new Rejected();
    const dataFormat = { value: format.text.toLowerCase(), at: format.start };
    c.punct("(");
    const connections: Literal[] = [];
    for (;;) {
        connections.push(c.string());
        if (c.isPunct(",")) {
            c.next();
            continue;
        }
        c.punct(")");
        break;
    }
    return { kind: "external-table", verb, name, columns, partitions, pathFormat, dataFormat, connections, properties: withProperties(c) };
}

function readContinuousExport(c: Cursor): ExportRecord {
    const name = c.name();
    const over: Named[] = [];
    if (c.optionalWord("over")) {
        c.punct("(");
        for (;;) {
            over.push(c.name());
            if (c.isPunct(",")) {
                c.next();
                continue;
            }
            c.punct(")");
            break;
        }
    }
    c.word("to");
    c.word("table");
    const externalTable = c.name();
    const properties = withProperties(c);
    const pipe = c.next();
    if (pipe.text !== "<|" || c.done) throw new Rejected();
    const last = c.tokens[c.tokens.length - 1];
    c.i = c.tokens.length;
    return { kind: "continuous-export", name, over, externalTable, properties, query: { value: c.text.slice(pipe.end, last.end).trim(), at: c.tokens[c.tokens.indexOf(pipe) + 1].start } };
}

/** Reads an external table or continuous export command, or undefined when it is neither (or malformed). */
export function readExportCommand(tokens: Token[], text: string): ExportRecord | undefined {
    const c = new Cursor(
        tokens.filter((t) => t.type !== "end"),
        text,
    );
    try {
        c.punct(".");
        const verb = c.word("create", "create-or-alter", "alter");
        const what = c.word("external", "continuous-export");
        const record = what === "external" ? readExternalTable(c, verb as "create" | "create-or-alter" | "alter") : verb === "create-or-alter" ? readContinuousExport(c) : undefined;
        return record && c.done ? record : undefined;
    } catch (error) {
        if (error instanceof Rejected) return undefined;
        throw error;
    }
}

/** What applying a record needs from the schema builder (schema-builder.ts). */
export interface ExportContext {
    model: SchemaModel;
    /** True for the desired side (scripts): the archive rules and query analysis apply. */
    validateQueries: boolean;
    error(at: number, code: string, message: string): void;
    at(offset: number): SourceLocation;
    /** Errors (offsets in the query) and result columns of a query against the schema so far. */
    analyze(query: string): { errors: { start: number; code: string; message: string }[]; columns?: ColumnModel[] };
    /** Why a query's result does not fit a table's columns, or undefined. */
    mismatch(result: ColumnModel[], table: ColumnModel[]): string | undefined;
}

const ExportCodes = Codes;

const secretHint = "use ;managed_identity=system (ADX) or ;impersonate (Fabric, or ADX with the export's managedIdentity): an account key, SAS or token in a script is a secret in source control, and it expires";

/** Why a storage connection string is not acceptable in a script, or undefined. */
export function connectionProblem(connection: string): string | undefined {
    const [base, ...options] = connection.split(";");
    if (!base.startsWith("https://") && !base.startsWith("abfss://") && !base.startsWith(ARCHIVE_PLACEHOLDER)) {
        return `storage URI "${base}" must start with https:// or abfss:// (or ${ARCHIVE_PLACEHOLDER}, the site's archive container)`;
    }
    if (base.includes("?")) {
        return `storage URI "${base.slice(0, base.indexOf("?"))}?..." carries a SAS token; ${secretHint}`;
    }
    const auth = options.map((o) => o.trim().toLowerCase());
    const allowed = auth.length === 1 && (auth[0] === "impersonate" || auth[0] === "managed_identity=system" || (auth[0].startsWith("managed_identity=") && GUID.test(auth[0].slice("managed_identity=".length))));
    if (!allowed) {
        return auth.length === 0 ? `storage URI "${base}" names no authentication; ${secretHint}` : `storage URI "${base}" authenticates with something other than a managed identity or impersonation; ${secretHint}`;
    }
    return undefined;
}

/** The partition that makes the archive daily: `Name:datetime = bin(<datetime column>, 1d)`. */
function dailyPartitionProblem(partitions: string | undefined, columns: ColumnModel[]): string | undefined {
    const want = "partition by (Day:datetime = bin(<datetime column>, 1d))";
    if (!partitions) return `has no partition; an archive is partitioned by day: ${want}`;
    const daily = /(?:^|,)\s*[A-Za-z_]\w*\s*:\s*datetime\s*=\s*bin\s*\(\s*([A-Za-z_]\w*)\s*,\s*1d\s*\)\s*(?:,|$)/.exec(partitions);
    if (!daily) return `partition by (${partitions}) is not daily; ${want}`;
    const column = columns.find((c) => c.name === daily[1]);
    if (column?.type !== "datetime") return `partition by (${partitions}) bins '${daily[1]}', which is not a datetime column of the table`;
    return undefined;
}

export function applyExternalTable(ctx: ExportContext, r: Extract<ExportRecord, { kind: "external-table" }>): void {
    const name = r.name.name;
    const fail = (at: number, message: string): void => ctx.error(at, ExportCodes.badExternalTable, `external table ${name}: ${message}`);
    if (ctx.model.tables[name] || ctx.model.materializedViews[name] || ctx.model.functions[name]) {
        fail(r.name.at, "a table, view or function already has this name (an external table cannot share a name with a table)");
        return;
    }
    const seen = new Set<string>();
    const columns: ColumnModel[] = [];
    for (const col of r.columns) {
        if (seen.has(col.name.name)) fail(col.name.at, `column '${col.name.name}' is declared twice`);
        seen.add(col.name.name);
        columns.push({ name: col.name.name, type: columnTypes[col.type] });
    }
    // The archive rules bind what the scripts declare; the current side is what it is (the diff replaces it).
    if (ctx.validateQueries) {
        if (r.dataFormat.value !== "parquet") fail(r.dataFormat.at, `dataformat must be parquet (typed, compressed, read by every lake engine), got ${r.dataFormat.value}`);
        const partition = dailyPartitionProblem(r.partitions?.value, columns);
        if (partition) fail(r.partitions?.at ?? r.name.at, partition);
        for (const conn of r.connections) {
            const problem = connectionProblem(conn.value);
            if (problem) fail(conn.at, problem);
        }
    }
    for (const [key, value] of Object.entries(r.properties)) {
        if (!["folder", "docstring", "compressed", "compressiontype", "nameprefix", "fileextension", "encoding"].includes(key)) fail(value.at, `property '${key}' is not supported here`);
    }
    const table: ExternalTableModel = {
        name,
        columns,
        dataFormat: r.dataFormat.value,
        connectionStrings: r.connections.map((c) => c.value),
        folder: r.properties.folder?.value ?? "",
        docstring: r.properties.docstring?.value ?? "",
        source: ctx.at(r.name.at),
    };
    if (r.partitions) table.partitions = r.partitions.value;
    if (r.pathFormat) table.pathFormat = r.pathFormat.value;
    ctx.model.externalTables[name] = table;
}

function timespanProperty(value: Literal, key: string, fail: (at: number, m: string) => void): string | undefined {
    const ms = parseTimespan(value.value);
    if (ms === undefined) fail(value.at, `${key} must be a timespan such as 1h, got ${value.value}`);
    return ms === undefined ? undefined : formatTimespan(ms);
}

export function applyContinuousExport(ctx: ExportContext, r: Extract<ExportRecord, { kind: "continuous-export" }>): void {
    const name = r.name.name;
    const fail = (at: number, message: string, code: string = ExportCodes.badContinuousExport): void => ctx.error(at, code, `continuous export ${name}: ${message}`);
    const props = r.properties;
    const known = ["intervalbetweenruns", "forcedlatency", "sizelimit", "distributed", "managedidentity", "isdisabled", "parquetrowgroupsize", "usenativeparquetwriter"];
    for (const [key, value] of Object.entries(props)) {
        if (!known.includes(key)) fail(value.at, `unknown property '${key}' (allowed: intervalBetweenRuns, forcedLatency, sizeLimit, distributed, managedIdentity, isDisabled, parquetRowGroupSize, useNativeParquetWriter)`);
    }
    const flag = (key: string, fallback: boolean): boolean => {
        const v = props[key];
        if (v && v.value !== "true" && v.value !== "false") fail(v.at, `${key} must be true or false, got ${v.value}`);
        return v ? v.value === "true" : fallback;
    };
    const exp: ContinuousExportModel = {
        name,
        externalTable: r.externalTable.name,
        over: r.over.map((o) => o.name),
        query: r.query.value,
        intervalBetweenRuns: "",
        sizeLimit: DEFAULT_EXPORT_SIZE_LIMIT,
        distributed: flag("distributed", true),
        isDisabled: flag("isdisabled", false),
        source: ctx.at(r.name.at),
    };
    const interval = props.intervalbetweenruns;
    if (!interval) {
        fail(r.name.at, "intervalBetweenRuns is required (for example intervalBetweenRuns=1h)");
    } else {
        exp.intervalBetweenRuns = timespanProperty(interval, "intervalBetweenRuns", fail) ?? "";
        if ((parseTimespan(interval.value) ?? 0) < 60_000) fail(interval.at, `intervalBetweenRuns must be at least 1 minute, got ${interval.value}`);
    }
    if (props.forcedlatency) exp.forcedLatency = timespanProperty(props.forcedlatency, "forcedLatency", fail);
    if (props.sizelimit) {
        const size = Number(props.sizelimit.value);
        if (!Number.isInteger(size) || size < SIZE_LIMIT.min || size > SIZE_LIMIT.max) fail(props.sizelimit.at, `sizeLimit must be a whole number of bytes from ${SIZE_LIMIT.min} (100 MB) to ${SIZE_LIMIT.max} (1 GB), got ${props.sizelimit.value}`);
        else exp.sizeLimit = size;
    }
    if (props.parquetrowgroupsize) exp.parquetRowGroupSize = Number(props.parquetrowgroupsize.value);
    if (props.usenativeparquetwriter) exp.useNativeParquetWriter = flag("usenativeparquetwriter", false);
    const identity = props.managedidentity;
    if (identity) {
        if (identity.value === "system" || GUID.test(identity.value)) exp.managedIdentity = identity.value;
        else fail(identity.at, `managedIdentity must be "system" or an object id, got ${identity.value}`);
    }

    const target = ctx.model.externalTables[r.externalTable.name];
    // The server may print an export before what it reads: references are checked on the desired side only.
    if (ctx.validateQueries) {
        if (!target) fail(r.externalTable.at, `external table '${r.externalTable.name}' is not declared in the scripts`, ExportCodes.unknownExternalTable);
        for (const fact of r.over) {
            if (!ctx.model.tables[fact.name]) fail(fact.at, `over (${fact.name}): '${fact.name}' is not a table declared in the scripts${ctx.model.materializedViews[fact.name] ? " (it is a materialized view, which continuous export does not support)" : ""}`);
        }
        const view = Object.keys(ctx.model.materializedViews).find((v) => new RegExp(`(^|[^\\w])${v}([^\\w]|$)`).test(r.query.value));
        if (view) fail(r.query.at, `the query reads materialized view ${view}; continuous export is not designed to work over materialized views: export a table`);
        const { errors, columns } = ctx.analyze(r.query.value);
        for (const e of errors) fail(r.query.at + e.start, `${e.code} ${e.message}`, ExportCodes.exportQueryInvalid);
        const problem = !errors.length && target ? ctx.mismatch(columns ?? [], target.columns) : undefined;
        if (problem) fail(r.query.at, `the query ${problem.replace("the table", `external table ${target?.name}`)}`, ExportCodes.exportQuerySchema);
    }
    ctx.model.continuousExports[name] = exp;
}
