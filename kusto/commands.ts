/**
 * The command model, in the style of delta-kusto: every command kind knows its place in the order
 * a script must run in and whether it loses data. The text of each command is built here and only
 * here, in forms the reader reads back (tests/kusto/roundtrip.test.ts).
 */
import { CachingPolicy, ColumnModel, FunctionModel, MappingModel, MaterializedViewModel, RetentionPolicy, TableModel, UpdatePolicy } from "./model";
import { exportOrder } from "./export";
import { managedIdentityOrder } from "./identity";
import { mirroringOrder } from "./mirroring";
import { mappingJson, updatePolicyJson } from "./normalize";
import { quoteJson, quoteName, quoteString, timespanLiteral } from "./text";

export interface SchemaCommand {
    kind: string;
    /** The entity changed: `Silver`, `Silver.ValueBool`, `Bronze/json/bronze_mapping`. */
    target: string;
    /** The exact KQL command. */
    text: string;
    dataLoss: boolean;
    /** A sentence for people: "drop column Silver.ValueBool (data loss)". */
    description: string;
}

/** Each kind's phase: drops first, then tables, mappings, functions, views, policies, update policies. */
export const commandOrder: Record<string, number> = {
    "delete-update-policy": 10,
    "drop-materialized-view": 11,
    "drop-function": 12,
    "drop-mapping": 13,
    "drop-table": 14,
    "drop-columns": 15,
    "alter-column-type": 20,
    "create-table": 21,
    "add-columns": 22,
    "reorder-columns": 23,
    "alter-table-folder": 24,
    "alter-table-docstring": 24,
    "create-mapping": 30,
    "create-function": 40,
    "create-materialized-view": 50,
    "alter-materialized-view": 51,
    "alter-materialized-view-folder": 52,
    "alter-materialized-view-docstring": 52,
    "alter-retention-policy": 60,
    "delete-retention-policy": 60,
    "alter-caching-policy": 61,
    "delete-caching-policy": 61,
    "alter-update-policy": 70,
};

/** Kinds that lose data whenever they run. */
const lossyKinds = new Set(["drop-table", "drop-columns", "alter-column-type", "drop-materialized-view"]);

function command(kind: string, target: string, text: string, description: string, dataLoss = lossyKinds.has(kind)): SchemaCommand {
    return { kind, target, text, dataLoss, description: dataLoss ? `${description} (data loss)` : description };
}

/** A query without blank lines: a blank line would end the command in a script. */
const compact = (query: string): string => query.replace(/\n[ \t\r]*(?=\n)/g, "");

const columnsText = (columns: ColumnModel[]): string => `(${columns.map((c) => `${quoteName(c.name)}:${c.type}`).join(", ")})`;

/** `with (folder = "...", docstring = "...", ...)`, or nothing when there is nothing to say. */
function withClause(entries: [string, string][]): string {
    return entries.length ? ` with (${entries.map(([k, v]) => `${k} = ${v}`).join(", ")})` : "";
}

function folderDoc(e: { folder: string; docstring: string }): [string, string][] {
    const out: [string, string][] = [];
    if (e.folder) out.push(["folder", quoteString(e.folder)]);
    if (e.docstring) out.push(["docstring", quoteString(e.docstring)]);
    return out;
}

/** A property value as a literal: bare when it lexes as a bool, number or timespan, quoted otherwise. */
const literal = (value: string): string => (/^(true|false|\d+(\.\d+)?([a-z]+)?)$/.test(value) ? value : quoteString(value));

type EntityKind = "table" | "materialized-view" | "database";

export const build = {
    createTable: (t: TableModel, kind: "create-table" | "add-columns" = "create-table"): SchemaCommand =>
        command(
            kind,
            t.name,
            `.create-merge table ${quoteName(t.name)} ${columnsText(t.columns)}${withClause(folderDoc(t))}`,
            kind === "create-table" ? `create table ${t.name}` : `add columns to ${t.name}`,
        ),
    addColumns: (t: TableModel, added: string[]): SchemaCommand => ({
        ...build.createTable(t, "add-columns"),
        description: `add column${added.length > 1 ? "s" : ""} ${added.map((c) => `${t.name}.${c}`).join(", ")}`,
    }),
    reorderColumns: (t: TableModel): SchemaCommand =>
        command("reorder-columns", t.name, `.alter table ${quoteName(t.name)} ${columnsText(t.columns)}`, `reorder the columns of ${t.name}`),
    alterColumnType: (table: string, column: ColumnModel, from: string): SchemaCommand =>
        command(
            "alter-column-type",
            `${table}.${column.name}`,
            `.alter column ${quoteName(table)}.${quoteName(column.name)} type = ${column.type}`,
            `change the type of column ${table}.${column.name} from ${from} to ${column.type}`,
        ),
    dropColumns: (table: string, columns: string[]): SchemaCommand =>
        command(
            "drop-columns",
            columns.map((c) => `${table}.${c}`).join(", "),
            `.drop table ${quoteName(table)} columns (${columns.map(quoteName).join(", ")})`,
            `drop column${columns.length > 1 ? "s" : ""} ${columns.map((c) => `${table}.${c}`).join(", ")}`,
        ),
    dropTable: (table: string): SchemaCommand => command("drop-table", table, `.drop table ${quoteName(table)}`, `drop table ${table}`),
    tableProperty: (table: string, property: "folder" | "docstring", value: string): SchemaCommand =>
        command(`alter-table-${property}`, table, `.alter table ${quoteName(table)} ${property} ${quoteString(value)}`, `set the ${property} of ${table}`),
    createMapping: (m: MappingModel): SchemaCommand =>
        command(
            "create-mapping",
            `${m.table}/${m.kind}/${m.name}`,
            `.create-or-alter table ${quoteName(m.table)} ingestion ${m.kind} mapping ${quoteString(m.name)} ${quoteJson(mappingJson(m.columns))}`,
            `create or alter ${m.kind} mapping "${m.name}" on ${m.table}`,
        ),
    dropMapping: (m: MappingModel): SchemaCommand =>
        command(
            "drop-mapping",
            `${m.table}/${m.kind}/${m.name}`,
            `.drop table ${quoteName(m.table)} ingestion ${m.kind} mapping ${quoteString(m.name)}`,
            `drop ${m.kind} mapping "${m.name}" on ${m.table}`,
        ),
    createFunction: (f: FunctionModel): SchemaCommand => {
        const params = f.parameters.map((p) => `${quoteName(p.name)}:${p.type}${p.defaultValue !== undefined ? ` = ${p.defaultValue}` : ""}`).join(", ");
        // skipvalidation: the engine validated the body already, and a body may call a function created later in the same script.
        const props = withClause([...folderDoc(f), ["skipvalidation", '"true"']]);
        return command("create-function", f.name, `.create-or-alter function${props} ${quoteName(f.name)}(${params}) {\n${compact(f.body)}\n}`, `create or alter function ${f.name}`);
    },
    dropFunction: (name: string): SchemaCommand => command("drop-function", name, `.drop function ${quoteName(name)}`, `drop function ${name}`),
    view: (v: MaterializedViewModel, verb: "create-or-alter" | "alter"): SchemaCommand => {
        const props: [string, string][] =
            verb === "alter"
                ? Object.entries(v.properties).filter(([k]) => k === "lookback" || k === "dimensiontables").map(([k, val]) => [k, literal(val)])
                : [...folderDoc(v), ...Object.entries(v.properties).map(([k, val]): [string, string] => [k, literal(val)])];
        return command(
            verb === "alter" ? "alter-materialized-view" : "create-materialized-view",
            v.name,
            `.${verb} materialized-view${withClause(props)} ${quoteName(v.name)} on table ${quoteName(v.sourceTable)} {\n${compact(v.query)}\n}`,
            verb === "alter" ? `alter the query of materialized view ${v.name}` : `create materialized view ${v.name}`,
        );
    },
    viewProperty: (view: string, property: "folder" | "docstring", value: string): SchemaCommand =>
        command(
            `alter-materialized-view-${property}`,
            view,
            `.alter materialized-view ${quoteName(view)} ${property} ${quoteString(value)}`,
            `set the ${property} of materialized view ${view}`,
        ),
    dropView: (name: string): SchemaCommand =>
        command("drop-materialized-view", name, `.drop materialized-view ${quoteName(name)}`, `drop materialized view ${name}`),
    retention: (kind: EntityKind, name: string, p: RetentionPolicy): SchemaCommand =>
        command(
            "alter-retention-policy",
            name,
            `.alter-merge ${kind} ${quoteName(name)} policy retention softdelete = ${timespanLiteral(p.softDeletePeriod)} recoverability = ${p.recoverability.toLowerCase()}`,
            `set the retention policy of ${kind} ${name}`,
        ),
    caching: (kind: EntityKind, name: string, p: CachingPolicy): SchemaCommand =>
        command(
            "alter-caching-policy",
            name,
            `.alter ${kind} ${quoteName(name)} policy caching ${
                p.dataHotSpan === p.indexHotSpan ? `hot = ${timespanLiteral(p.dataHotSpan)}` : `hotdata = ${timespanLiteral(p.dataHotSpan)} hotindex = ${timespanLiteral(p.indexHotSpan)}`
            }`,
            `set the caching policy of ${kind} ${name}`,
        ),
    deletePolicy: (kind: EntityKind, name: string, policy: "retention" | "caching" | "update"): SchemaCommand =>
        command(`delete-${policy}-policy`, name, `.delete ${kind} ${quoteName(name)} policy ${policy}`, `delete the ${policy} policy of ${kind} ${name}`),
    updatePolicy: (table: string, entries: UpdatePolicy[]): SchemaCommand =>
        command("alter-update-policy", table, `.alter table ${quoteName(table)} policy update ${quoteJson(updatePolicyJson(entries))}`, `set the update policy of ${table}`),
};

const order: Record<string, number> = { ...commandOrder, ...mirroringOrder, ...managedIdentityOrder, ...exportOrder };

/** Stable order: by phase, then as generated (which follows the desired side's declaration order). */
export function sortCommands(commands: SchemaCommand[]): SchemaCommand[] {
    return commands
        .map((c, i) => ({ c, i }))
        .sort((a, b) => (order[a.c.kind] ?? 99) - (order[b.c.kind] ?? 99) || a.i - b.i)
        .map((x) => x.c);
}

/** The body to send after `.execute database script <|`: commands separated by blank lines. */
export function renderExecuteScript(commands: SchemaCommand[]): string {
    return commands.map((c) => c.text.trim()).join("\n\n");
}
