/**
 * Two schema models in, the ordered commands that turn the first into the second out. Deltas are
 * computed between models (never by comparing script text); equality is semantic because both
 * models were normalised on the way in, and bodies and queries compare with layout ignored.
 */
import { build } from "./commands";
import { EntityKindName, SchemaCommand, sortCommands } from "./kinds";
import { diffPlainPolicies } from "./policies";
import { diffExports } from "./export-diff";
import { diffManagedIdentity } from "./identity";
import { diffMirroring } from "./mirroring";
import { EntityPolicies, MaterializedViewModel, RetentionPolicy, SchemaModel, TableModel } from "./model";
import { DEFAULT_RETENTION } from "./normalize";
import { normalizeQuery, queryTokens } from "./text";

export interface SchemaDelta {
    commands: SchemaCommand[];
    /** The commands of `commands` that lose data (refused unless explicitly allowed). */
    dataLoss: SchemaCommand[];
    /** Changes Kusto cannot make in place; no command is generated for them. */
    unsupported: { target: string; message: string }[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function diffTable(cur: TableModel, des: TableModel, out: SchemaCommand[]): void {
    const curCols = new Map(cur.columns.map((c) => [c.name, c]));
    const desNames = new Set(des.columns.map((c) => c.name));
    const dropped = cur.columns.filter((c) => !desNames.has(c.name)).map((c) => c.name);
    if (dropped.length) out.push(build.dropColumns(des.name, dropped));
    for (const c of des.columns) {
        const old = curCols.get(c.name);
        if (old && old.type !== c.type) out.push(build.alterColumnType(des.name, c, old.type));
    }
    const kept = cur.columns.filter((c) => desNames.has(c.name)).map((c) => c.name);
    const added = des.columns.filter((c) => !curCols.has(c.name)).map((c) => c.name);
    const appendOnly = same(des.columns.map((c) => c.name), [...kept, ...added]);
    if (!appendOnly) {
        out.push(build.reorderColumns(des));
    } else if (added.length) {
        out.push(build.addColumns(des, added));
    }
    if (cur.folder !== des.folder) out.push(build.tableProperty(des.name, "folder", des.folder));
    if (cur.docstring !== des.docstring) out.push(build.tableProperty(des.name, "docstring", des.docstring));
    diffColumnDocstrings(cur.columnDocstrings ?? {}, des, out);
}

function diffColumnDocstrings(cur: Record<string, string>, des: TableModel, out: SchemaCommand[]): void {
    const docs = des.columnDocstrings ?? {};
    if (same(cur, docs)) return;
    const removed = Object.keys(cur).filter((c) => !(c in docs) && des.columns.some((col) => col.name === c));
    out.push(build.columnDocstrings(des.name, docs, removed));
}

/**
 * `fallback`: the retention that applies to the entity when it has none of its own (the database's),
 * undefined for an entity that does not exist yet (it holds no rows to purge).
 */
function diffPolicies(kind: EntityKindName, name: string, cur: EntityPolicies, des: EntityPolicies, out: SchemaCommand[], fallback: RetentionPolicy | undefined): void {
    if (des.retention && !same(cur.retention, des.retention)) out.push(build.retention(kind, name, des.retention, cur.retention ?? fallback));
    if (!des.retention && cur.retention) out.push(build.deletePolicy(kind, name, "retention"));
    if (des.caching && !same(cur.caching, des.caching)) out.push(build.caching(kind, name, des.caching));
    if (!des.caching && cur.caching) out.push(build.deletePolicy(kind, name, "caching"));
    out.push(...diffPlainPolicies(kind, name, cur.plain ?? {}, des.plain ?? {}));
}

/** The retention an entity without its own policy has: the database's, else the service default (unlimited). */
const inherited = (current: SchemaModel): RetentionPolicy => current.database.policies.retention ?? { softDeletePeriod: DEFAULT_RETENTION, recoverability: "Enabled" };

/** The expressions a view groups by: what `.alter materialized-view` cannot change. */
function groupBy(query: string): string {
    const tokens = queryTokens(query);
    const at = tokens.lastIndexOf("summarize");
    if (at < 0) return "";
    let depth = 0;
    let by = -1;
    let end = tokens.length;
    for (let i = at + 1; i < tokens.length; i++) {
        const t = tokens[i];
        if (t === "(" || t === "[" || t === "{") depth++;
        else if (t === ")" || t === "]" || t === "}") depth--;
        else if (depth === 0 && t === "by" && by < 0) by = i;
        else if (depth === 0 && t === "|") {
            end = i;
            break;
        }
    }
    return by < 0 ? "" : tokens.slice(by + 1, end).join(" ");
}

function diffView(cur: MaterializedViewModel, des: MaterializedViewModel, out: SchemaCommand[], unsupported: SchemaDelta["unsupported"]): void {
    if (cur.sourceTable !== des.sourceTable) {
        unsupported.push({
            target: des.name,
            message: `materialized view ${des.name}: its source table changes from ${cur.sourceTable} to ${des.sourceTable}, which Kusto cannot alter in place (drop and re-create it deliberately, losing its materialized data)`,
        });
        return;
    }
    const lookback = (v: MaterializedViewModel): unknown => [v.properties.lookback, v.properties.dimensiontables];
    if (normalizeQuery(cur.query) !== normalizeQuery(des.query) || !same(lookback(cur), lookback(des))) {
        const problems: string[] = [];
        if (groupBy(cur.query) !== groupBy(des.query)) problems.push(`its group-by changes from "${groupBy(cur.query)}" to "${groupBy(des.query)}"`);
        const curCols = new Map((cur.columns ?? []).map((c) => [c.name, c.type]));
        for (const c of des.columns ?? []) {
            const old = curCols.get(c.name);
            if (old && old !== c.type) problems.push(`column ${c.name} changes type from ${old} to ${c.type}`);
        }
        if (problems.length) {
            unsupported.push({
                target: des.name,
                message: `materialized view ${des.name}: ${problems.join("; ")}, which .alter materialized-view does not support (drop and re-create it deliberately, losing its materialized data)`,
            });
        } else {
            const desNames = new Set((des.columns ?? []).map((c) => c.name));
            const lost = des.columns ? (cur.columns ?? []).filter((c) => !desNames.has(c.name)).map((c) => c.name) : [];
            out.push(build.view(des, "alter", lost));
        }
    }
    if (cur.folder !== des.folder) out.push(build.viewProperty(des.name, "folder", des.folder));
    if (cur.docstring !== des.docstring) out.push(build.viewProperty(des.name, "docstring", des.docstring));
}

/** The ordered commands that turn `current` into `desired`. */
export function diffSchemas(current: SchemaModel, desired: SchemaModel): SchemaDelta {
    const out: SchemaCommand[] = [];
    const unsupported: SchemaDelta["unsupported"] = [];

    for (const name of Object.keys(current.materializedViews)) {
        if (!desired.materializedViews[name]) out.push(build.dropView(name));
    }
    for (const name of Object.keys(current.functions)) {
        if (!desired.functions[name]) out.push(build.dropFunction(name));
    }
    for (const [key, m] of Object.entries(current.mappings)) {
        if (!desired.mappings[key] && desired.tables[m.table]) out.push(build.dropMapping(m));
    }
    for (const name of Object.keys(current.tables)) {
        if (!desired.tables[name]) out.push(build.dropTable(name));
    }

    for (const des of Object.values(desired.tables)) {
        const cur = current.tables[des.name];
        if (cur) diffTable(cur, des, out);
        else {
            out.push(build.createTable(des));
            if (des.columnDocstrings) diffColumnDocstrings({}, des, out);
        }
        diffPolicies("table", des.name, cur?.policies ?? {}, des.policies, out, cur && inherited(current));
        if (des.updatePolicy && !same(cur?.updatePolicy, des.updatePolicy)) out.push(build.updatePolicy(des.name, des.updatePolicy, cur?.updatePolicy));
        if (!des.updatePolicy && cur?.updatePolicy) out.push(build.deletePolicy("table", des.name, "update"));
    }
    for (const [key, m] of Object.entries(desired.mappings)) {
        const cur = current.mappings[key];
        if (!cur || !same(cur.columns, m.columns)) out.push(build.createMapping(m));
    }
    for (const f of Object.values(desired.functions)) {
        const cur = current.functions[f.name];
        const changed =
            !cur ||
            !same(cur.parameters, f.parameters) ||
            cur.body !== f.body ||
            cur.view !== f.view ||
            cur.folder !== f.folder ||
            cur.docstring !== f.docstring;
        if (changed) out.push(build.createFunction(f));
    }
    for (const v of Object.values(desired.materializedViews)) {
        const cur = current.materializedViews[v.name];
        if (cur) diffView(cur, v, out, unsupported);
        else out.push(build.view(v, "create-or-alter"));
        diffPolicies("materialized-view", v.name, cur?.policies ?? {}, v.policies, out, cur && inherited(current));
    }
    // Database policies are declarative too: one the server holds and the scripts do not is deleted
    // (named by the database the current schema names when the scripts name none).
    // Except those another resource owns (the database resource's retention and hot cache): left as they are.
    const database = desired.database.name ?? current.database.name;
    if (database) {
        const mine = (policies: EntityPolicies): EntityPolicies => {
            const kept = { ...policies };
            for (const kind of desired.database.ownedElsewhere ?? []) delete kept[kind];
            return kept;
        };
        diffPolicies("database", database, mine(current.database.policies), mine(desired.database.policies), out, inherited(current));
    }

    out.push(...diffMirroring(current, desired, out));
    out.push(...diffManagedIdentity(current, desired));
    out.push(...diffExports(current, desired, normalizeQuery));
    const commands = sortCommands(out);
    return { commands, dataLoss: commands.filter((c) => c.dataLoss), unsupported };
}

/**
 * Why a delta must not run as it is, or undefined when it may: changes no command can make (they
 * would be left unconverged), and commands that lose data unless `allowDataLoss`. Each line names
 * the object and why; `optIn` says how to allow data loss (`--allow-data-loss`, `allowDataLoss: true`).
 * One text for `kql diff`, `kql apply` and the KqlDatabaseSchema provider.
 */
export function refusal(delta: Pick<SchemaDelta, "dataLoss" | "unsupported">, allowDataLoss: boolean, optIn: string): string | undefined {
    const parts: string[] = [];
    if (delta.unsupported.length) {
        parts.push(`${delta.unsupported.length} change(s) cannot be made in place, so nothing is applied until they are resolved:\n${delta.unsupported.map((u) => `  - ${u.message}`).join("\n")}`);
    }
    if (delta.dataLoss.length && !allowDataLoss) {
        parts.push(`refusing ${delta.dataLoss.length} change(s) that lose data; ${optIn} to apply them:\n${delta.dataLoss.map((c) => `  - ${c.description}`).join("\n")}`);
    }
    return parts.length ? parts.join("\n") : undefined;
}
