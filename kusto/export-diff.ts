/**
 * The external table and continuous export commands between two models; the rules are in export.ts's
 * header. A changed export is altered in place (same job, same cursor), never dropped and re-created.
 */
import { SchemaCommand, command } from "./kinds";
import { DEFAULT_EXPORT_SIZE_LIMIT, type ContinuousExportModel, type ExternalTableModel, type SchemaModel } from "./model";
import { columnList, quoteName, quoteString, timespanLiteral } from "./text";


/** A connection string as a `h@'...'` literal: `h` keeps it out of the service's logs. */
const connectionLiteral = (s: string): string => `h@'${s.replace(/'/g, "''")}'`;

function externalTableCommand(t: ExternalTableModel, kind: "create-external-table" | "alter-external-table"): SchemaCommand {
    const partitions = t.partitions ? ` partition by (${t.partitions})${t.pathFormat ? ` pathformat = (${t.pathFormat})` : ""}` : "";
    const props: string[] = [];
    if (t.folder) props.push(`folder = ${quoteString(t.folder)}`);
    if (t.docstring) props.push(`docstring = ${quoteString(t.docstring)}`);
    return command(
        kind,
        t.name,
        `.create-or-alter external table ${quoteName(t.name)} ${columnList(t.columns)} kind=storage${partitions} dataformat=${t.dataFormat} (${t.connectionStrings.map(connectionLiteral).join(", ")})${props.length ? ` with (${props.join(", ")})` : ""}`,
        kind === "create-external-table" ? `create external table ${t.name}` : `alter external table ${t.name} (blobs already written keep their place)`,
    );
}

/** `wasRunning`: the live export is enabled (disabling it then stops the archive). */
function exportCommand(e: ContinuousExportModel, kind: "create-continuous-export" | "alter-continuous-export", wasRunning = false): SchemaCommand {
    const props = [`intervalBetweenRuns=${timespanLiteral(e.intervalBetweenRuns)}`];
    if (e.forcedLatency) props.push(`forcedLatency=${timespanLiteral(e.forcedLatency)}`);
    if (e.sizeLimit !== DEFAULT_EXPORT_SIZE_LIMIT) props.push(`sizeLimit=${e.sizeLimit}`);
    if (!e.distributed) props.push("distributed=false");
    if (e.parquetRowGroupSize !== undefined) props.push(`parquetRowGroupSize=${e.parquetRowGroupSize}`);
    if (e.useNativeParquetWriter !== undefined) props.push(`useNativeParquetWriter=${e.useNativeParquetWriter}`);
    if (e.managedIdentity) props.push(`managedIdentity=${quoteString(e.managedIdentity)}`);
    if (e.isDisabled) props.push("isDisabled=true");
    const over = e.over.length ? ` over (${e.over.map(quoteName).join(", ")})` : "";
    return command(
        kind,
        e.name,
        `.create-or-alter continuous-export ${quoteName(e.name)}${over} to table ${quoteName(e.externalTable)} with (${props.join(", ")}) <|\n${e.query.replace(/\n[ \t\r]*(?=\n)/g, "")}`,
        kind === "create-continuous-export"
            ? `create continuous export ${e.name} into ${e.externalTable} (it exports what is ingested from now on)`
            : `alter continuous export ${e.name} in place (same job, it continues from where it is)`,
        wasRunning && e.isDisabled,
    );
}

/**
 * A connection string as the two sides can compare it: the server may print it obfuscated
 * (`ShowObfuscatedStrings = false`), so a side with `*` in it compares by what is still readable.
 */
function comparableConnections(list: string[], other: string[]): string[] {
    return list.map((s, i) => {
        const peer = other[i] ?? "";
        if (!s.includes("*") && !peer.includes("*")) return s;
        const base = (x: string): string => x.split(";")[0];
        return base(s).includes("*") || base(peer).includes("*") ? "<obfuscated>" : base(s);
    });
}

function sameExternalTable(a: ExternalTableModel, b: ExternalTableModel, normalize: (q: string) => string): boolean {
    const shape = (t: ExternalTableModel, peer: ExternalTableModel): unknown[] => [t.columns, normalize(t.partitions ?? ""), normalize(t.pathFormat ?? ""), t.dataFormat, comparableConnections(t.connectionStrings, peer.connectionStrings), t.folder, t.docstring];
    return JSON.stringify(shape(a, b)) === JSON.stringify(shape(b, a));
}

function sameExport(a: ContinuousExportModel, b: ContinuousExportModel, normalize: (q: string) => string): boolean {
    const shape = (e: ContinuousExportModel): unknown[] => [
        e.externalTable,
        e.over,
        normalize(e.query),
        e.intervalBetweenRuns,
        e.forcedLatency ?? null,
        e.sizeLimit,
        e.distributed,
        e.managedIdentity ?? null,
        e.isDisabled,
        e.parquetRowGroupSize ?? null,
        e.useNativeParquetWriter ?? null,
    ];
    return JSON.stringify(shape(a)) === JSON.stringify(shape(b));
}

/** The external table and continuous export commands between two models. */
export function diffExports(current: SchemaModel, desired: SchemaModel, normalize: (q: string) => string): SchemaCommand[] {
    const out: SchemaCommand[] = [];
    for (const e of Object.values(current.continuousExports)) {
        if (!desired.continuousExports[e.name]) {
            out.push(command("drop-continuous-export", e.name, `.drop continuous-export ${quoteName(e.name)}`, `drop continuous export ${e.name}`));
        }
    }
    for (const t of Object.values(current.externalTables)) {
        if (!desired.externalTables[t.name]) {
            out.push(command("drop-external-table", t.name, `.drop external table ${quoteName(t.name)}`, `drop external table ${t.name}`));
        }
    }
    for (const t of Object.values(desired.externalTables)) {
        const cur = current.externalTables[t.name];
        if (!cur) out.push(externalTableCommand(t, "create-external-table"));
        else if (!sameExternalTable(cur, t, normalize)) out.push(externalTableCommand(t, "alter-external-table"));
    }
    for (const e of Object.values(desired.continuousExports)) {
        const cur = current.continuousExports[e.name];
        if (!cur) out.push(exportCommand(e, "create-continuous-export"));
        else if (!sameExport(cur, e, normalize)) out.push(exportCommand(e, "alter-continuous-export", !cur.isDisabled));
    }
    return out;
}

