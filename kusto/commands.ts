/**
 * The command texts, in the style of delta-kusto: each kind's phase and data-loss class are in
 * kinds.ts. The text of each table, function, mapping, view and policy command is built here and
 * only here, in forms the reader reads back (tests/kusto/roundtrip.test.ts).
 */
import { CachingPolicy, ColumnModel, FunctionModel, MappingModel, MaterializedViewModel, RetentionPolicy, TableModel, UpdatePolicy } from "./model";
import { SchemaCommand, command } from "./kinds";
import { updatePolicyJson } from "./normalize";
import { columnList, parseTimespan, quoteJson, quoteName, quoteString, timespanLiteral } from "./text";

/** A query without blank lines: a blank line would end the command in a script. */
const compact = (query: string): string => query.replace(/\n[ \t\r]*(?=\n)/g, "");


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

/** Why going from retention `before` to `after` purges data, or undefined when it does not. */
export function retentionLoss(before: RetentionPolicy | undefined, after: RetentionPolicy): string | undefined {
    if (!before) return undefined;
    const reasons: string[] = [];
    if ((parseTimespan(after.softDeletePeriod) ?? 0) < (parseTimespan(before.softDeletePeriod) ?? 0)) {
        reasons.push(`the soft-delete period shortens from ${timespanLiteral(before.softDeletePeriod)} to ${timespanLiteral(after.softDeletePeriod)}, which applies to existing rows too: rows older than ${timespanLiteral(after.softDeletePeriod)} are purged`);
    }
    if (before.recoverability === "Enabled" && after.recoverability === "Disabled") {
        reasons.push("recoverability is disabled: rows the policy removes can no longer be recovered");
    }
    return reasons.length ? reasons.join("; ") : undefined;
}

/** Why replacing update policy `before` by `after` stops rows flowing, or undefined when it does not. */
export function updatePolicyLoss(before: UpdatePolicy[], after: UpdatePolicy[]): string | undefined {
    const flowing = (entries: UpdatePolicy[]): Set<string> => new Set(entries.filter((e) => e.isEnabled).map((e) => e.source));
    const kept = flowing(after);
    const stopped = [...flowing(before)].filter((source) => !kept.has(source));
    return stopped.length ? `rows ingested into ${stopped.join(", ")} stop flowing into the table (the entry is removed or disabled)` : undefined;
}

type EntityKind = "table" | "materialized-view" | "database";

export const build = {
    createTable: (t: TableModel, kind: "create-table" | "add-columns" = "create-table"): SchemaCommand =>
        command(
            kind,
            t.name,
            `.create-merge table ${quoteName(t.name)} ${columnList(t.columns)}${withClause(folderDoc(t))}`,
            kind === "create-table" ? `create table ${t.name}` : `add columns to ${t.name}`,
        ),
    addColumns: (t: TableModel, added: string[]): SchemaCommand => ({
        ...build.createTable(t, "add-columns"),
        description: `add column${added.length > 1 ? "s" : ""} ${added.map((c) => `${t.name}.${c}`).join(", ")}`,
    }),
    reorderColumns: (t: TableModel): SchemaCommand =>
        command("reorder-columns", t.name, `.alter table ${quoteName(t.name)} ${columnList(t.columns)}`, `reorder the columns of ${t.name}`),
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
    /** The whole set, with an empty docstring for each column whose docstring goes (`.alter-merge` keeps the others). */
    columnDocstrings: (table: string, docs: Record<string, string>, removed: string[]): SchemaCommand =>
        command(
            "alter-column-docstrings",
            table,
            `.alter-merge table ${quoteName(table)} column-docstrings (${[...Object.entries(docs), ...removed.map((c): [string, string] => [c, ""])].map(([c, d]) => `${quoteName(c)}:${quoteString(d)}`).join(", ")})`,
            `set the column docstrings of ${table}`,
        ),
    createMapping: (m: MappingModel): SchemaCommand =>
        command(
            "create-mapping",
            `${m.table}/${m.kind}/${m.name}`,
            `.create-or-alter table ${quoteName(m.table)} ingestion ${m.kind} mapping ${quoteString(m.name)} ${quoteJson(m.json)}`,
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
        const props = withClause([...folderDoc(f), ...(f.view ? [["view", "true"] as [string, string]] : []), ["skipvalidation", '"true"']]);
        return command("create-function", f.name, `.create-or-alter function${props} ${quoteName(f.name)}(${params}) {${f.body}}`, `create or alter function ${f.name}`);
    },
    dropFunction: (name: string): SchemaCommand => command("drop-function", name, `.drop function ${quoteName(name)}`, `drop function ${name}`),
    /** `lost`: result columns the altered view no longer has (their materialized data goes with them). */
    view: (v: MaterializedViewModel, verb: "create-or-alter" | "alter", lost: string[] = []): SchemaCommand => {
        const props: [string, string][] =
            verb === "alter"
                ? Object.entries(v.properties).filter(([k]) => k === "lookback" || k === "dimensiontables").map(([k, val]) => [k, literal(val)])
                : [...folderDoc(v), ...Object.entries(v.properties).map(([k, val]): [string, string] => [k, literal(val)])];
        return command(
            verb === "alter" ? "alter-materialized-view" : "create-materialized-view",
            v.name,
            `.${verb} materialized-view${withClause(props)} ${quoteName(v.name)} on table ${quoteName(v.sourceTable)} {\n${compact(v.query)}\n}`,
            verb === "alter" ? `alter the query of materialized view ${v.name}` : `create materialized view ${v.name}`,
            lost.length > 0 && `it drops the view's column(s) ${lost.map((c) => `${v.name}.${c}`).join(", ")} with their data`,
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
    /** `before`: the retention that applied to the entity until now (its own, else the database's); undefined for a new entity. */
    retention: (kind: EntityKind, name: string, p: RetentionPolicy, before?: RetentionPolicy): SchemaCommand =>
        command(
            "alter-retention-policy",
            name,
            `.alter-merge ${kind} ${quoteName(name)} policy retention softdelete = ${timespanLiteral(p.softDeletePeriod)} recoverability = ${p.recoverability.toLowerCase()}`,
            `set the retention policy of ${kind} ${name}`,
            retentionLoss(before, p) ?? false,
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
    updatePolicy: (table: string, entries: UpdatePolicy[], before: UpdatePolicy[] = []): SchemaCommand =>
        command("alter-update-policy", table, `.alter table ${quoteName(table)} policy update ${quoteJson(updatePolicyJson(entries))}`, `set the update policy of ${table}`, updatePolicyLoss(before, entries) ?? false),
};
