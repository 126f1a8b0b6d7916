/**
 * Converging a live database to the schema of a set of `.kql` scripts, in the fewest round trips:
 * one `.show database schema as csl script` to read, the engine's diff, one `.execute database
 * script` to apply. Shared by the `KqlDatabaseSchema` provider and `edge-fabric kql apply`.
 */
import { createHash } from "node:crypto";
import {
    diffSchemas,
    formatDiagnostic,
    loadSchema,
    readCslSchema,
    managedIdentityEntries,
    renderExecuteScript,
    showManagedIdentityCommand,
    showSchemaCommand,
    type LoadOptions,
    type SchemaCommand,
    type SchemaModel,
    type SourceFile,
} from "../../kusto";
import type { KustoMgmtClient, ScriptCommandResult } from "./client";
import { KustoRequestError } from "./errors";

/** What it takes to bring a database to the desired schema. */
export interface SchemaPlan {
    /** Every command, in the order the engine chose. */
    commands: SchemaCommand[];
    /** The commands that can purge or stop data (the data-loss table in kusto/kinds.ts). */
    dataLoss: SchemaCommand[];
    /** Differences no command can converge; reported, not applied. */
    unsupported: { target: string; message: string }[];
    /** What the live database holds that the engine does not model: kept as it is, reported as notes. */
    unmanaged: SchemaModel["unmanaged"];
    desired: SchemaModel;
}

/** A problem in the desired scripts, with every diagnostic as `PATH:LINE:COL: error CODE: MESSAGE`. */
export class SchemaScriptError extends Error {
    constructor(readonly diagnostics: string[]) {
        super(`the KQL scripts have ${diagnostics.length} error(s):\n${diagnostics.join("\n")}`);
        this.name = "SchemaScriptError";
    }
}

/** A plan that must not run: data loss not allowed, or changes no command can make (see `refusal`). */
export class SchemaRefusedError extends Error {
    constructor(target: string, reason: string) {
        super(`${target}: ${reason}`);
        this.name = "SchemaRefusedError";
    }
}

/** How the KqlDatabaseSchema resource allows data loss, for its refusals. */
export const RESOURCE_OPT_IN = "set allowDataLoss: true on the KqlDatabaseSchema";

/** A script that did not run to the end; what failed, what landed, what is still pending. */
export class SchemaApplyError extends Error {
    constructor(
        readonly failed: ScriptCommandResult[],
        readonly landed: string[],
        readonly pending: string[],
    ) {
        super(
            [
                `the schema script failed on ${failed.length} command(s) (the script is not transactional; the next run applies what is pending):`,
                ...failed.map((f) => `  - ${f.commandText.split("\n")[0]}\n    Result: ${f.result}; Reason: ${f.reason || "(none given)"}; OperationId: ${f.operationId || "(none given)"}`),
                `landed (${landed.length}):`,
                ...landed.map((t) => `  + ${t.split("\n")[0]}`),
                `still pending after re-reading the database (${pending.length}):`,
                ...pending.map((t) => `  ~ ${t.split("\n")[0]}`),
            ].join("\n"),
        );
        this.name = "SchemaApplyError";
    }
}

/** Content hash of the desired scripts (paths and text), for the resource's inputs. */
export function hashScripts(files: SourceFile[]): string {
    const hash = createHash("sha256");
    for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
        hash.update(`${file.path}\u0000${file.text}\u0000`);
    }
    return `sha256:${hash.digest("hex")}`;
}

/** Parses the desired scripts; throws SchemaScriptError when any has an error; `warn` gets each warning (what the service accepts). */
export async function loadDesired(files: SourceFile[], options: LoadOptions = {}, warn?: (line: string) => void): Promise<SchemaModel> {
    const { model, diagnostics } = await loadSchema(files, options);
    for (const d of diagnostics) if (d.severity === "warning") warn?.(formatDiagnostic(d));
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
        throw new SchemaScriptError(errors.map(formatDiagnostic));
    }
    return model;
}

/** Reads the live schema: one round trip. */
export async function readLive(client: KustoMgmtClient, database: string, options: LoadOptions = {}): Promise<SchemaModel> {
    const text = await client.showSchemaScript(database, showSchemaCommand(database));
    const { model, diagnostics } = await readCslSchema(text, `${client.clusterUri}/${database}`, options);
    const errors = diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
        throw new Error(`could not read the schema of ${client.clusterUri}/${database}:\n${errors.map(formatDiagnostic).join("\n")}`);
    }
    return model;
}

/**
 * The live database's managed identity policy. The schema script is not documented to print it (and
 * is read without security settings), so it is read on its own: a second round trip, made only when
 * the scripts declare the policy (an ADX site that exports to the archive).
 */
export async function readManagedIdentity(client: KustoMgmtClient, database: string): Promise<SchemaModel["database"]["managedIdentity"]> {
    const rows = await client.mgmt(database, showManagedIdentityCommand(database));
    const problems: string[] = [];
    const entries = rows.flatMap((row) => managedIdentityEntries(typeof row.Policy === "string" ? row.Policy : JSON.stringify(row.Policy ?? null), false, (m) => problems.push(m)));
    if (problems.length > 0) {
        throw new Error(`could not read the managed identity policy of ${client.clusterUri}/${database}: ${problems.join("; ")}`);
    }
    return entries;
}

/** Reads the live schema and diffs it with the desired one: one round trip (two when the scripts declare a managed identity policy). */
export async function planSchema(client: KustoMgmtClient, database: string, desired: SchemaModel, options: LoadOptions = {}): Promise<SchemaPlan> {
    const live = await readLive(client, database, options);
    if (desired.database.managedIdentity) {
        live.database.managedIdentity = await readManagedIdentity(client, database);
    }
    const delta = diffSchemas(live, desired);
    return { commands: delta.commands, dataLoss: delta.dataLoss, unsupported: delta.unsupported, unmanaged: live.unmanaged, desired };
}

/**
 * Runs `commands` in one `.execute database script` and checks every result row. On a failure the
 * database is read again (the script is not transactional) and a SchemaApplyError tells what
 * failed, what landed and what is still pending.
 */
export async function applyCommands(client: KustoMgmtClient, database: string, commands: SchemaCommand[], desired: SchemaModel, options: LoadOptions = {}): Promise<ScriptCommandResult[]> {
    if (commands.length === 0) {
        return [];
    }
    const rows = await runInOrder(client, database, commands);
    const failed = rows.filter((row) => row.result !== "Completed");
    if (failed.length === 0 && rows.length >= commands.length) {
        return rows;
    }
    const pending = (await planSchema(client, database, desired, options)).commands.map((c) => c.text);
    const landed = commands.map((c) => c.text).filter((text) => !pending.includes(text));
    const reported = failed.length > 0 ? failed : [{ operationId: "", commandType: "", commandText: commands[rows.length]?.text ?? "", result: "NotReported", reason: `the service reported ${rows.length} of ${commands.length} commands` }];
    throw new SchemaApplyError(reported, landed, pending);
}

/**
 * A blank line separates the commands of a script, and a function body may hold blank lines of its own
 * (the server keeps it as sent). Such a command goes in a request of its own, where nothing splits it
 * (delta-kusto met these bodies: https://github.com/microsoft/delta-kusto/issues/94); the others go in
 * `.execute database script` runs between them, so the order is kept and a plain schema costs one request.
 */
const holdsBlankLine = (text: string): boolean => /\n[ \t\r]*\n/.test(text);

/** Runs the commands in order; stops at the first failure (the script's default), as one result row per command run. */
async function runInOrder(client: KustoMgmtClient, database: string, commands: SchemaCommand[]): Promise<ScriptCommandResult[]> {
    const rows: ScriptCommandResult[] = [];
    for (let i = 0; i < commands.length; ) {
        if (holdsBlankLine(commands[i].text)) {
            const text = commands[i++].text;
            try {
                await client.mgmt(database, text);
                rows.push({ operationId: "", commandType: text.split(/\s/)[0], commandText: text, result: "Completed", reason: "" });
            } catch (error) {
                if (!(error instanceof KustoRequestError)) throw error;
                rows.push({ operationId: "", commandType: text.split(/\s/)[0], commandText: text, result: "Failed", reason: error.message });
                return rows;
            }
            continue;
        }
        let end = i;
        while (end < commands.length && !holdsBlankLine(commands[end].text)) end++;
        const run = await client.executeScript(database, `.execute database script <|\n${renderExecuteScript(commands.slice(i, end))}`);
        rows.push(...run);
        if (run.some((row) => row.result !== "Completed") || run.length < end - i) return rows;
        i = end;
    }
    return rows;
}

/**
 * The live model without the objects `owned` declares: diffing the live schema to it yields the
 * drops that remove exactly what the scripts created, and nothing else in the database.
 */
export function withoutOwned(live: SchemaModel, owned: SchemaModel): SchemaModel {
    const keep = <T>(all: Record<string, T>, mine: Record<string, unknown>): Record<string, T> => Object.fromEntries(Object.entries(all).filter(([key]) => !(key in mine)));
    const tables = keep(live.tables, owned.tables);
    return {
        ...live,
        tables,
        functions: keep(live.functions, owned.functions),
        materializedViews: keep(live.materializedViews, owned.materializedViews),
        externalTables: keep(live.externalTables, owned.externalTables),
        continuousExports: keep(live.continuousExports, owned.continuousExports),
        mappings: Object.fromEntries(Object.entries(live.mappings).filter(([key, m]) => !(key in owned.mappings) && m.table in tables)),
    };
}
