/**
 * `edge-fabric kql check [DIR]` and `edge-fabric kql diff [DIR] --current FILE [--allow-data-loss]`.
 * A run over inputs already seen replays its outcome from the cache (`./kql-cache`) without loading
 * the engine: this module imports only its light parts (diagnostics, the model's constants) and
 * loads the rest when there is something to compute.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { Command, Option } from "commander";
import { readScriptsDir } from "../providers/kusto/scripts";
import { NotTextError, readTextFile } from "../providers/text-file";
import { type Diagnostic, type SourceFile, formatDiagnostic, isDiagnostic } from "../kusto/diagnostics";
import { OWNED_DATABASE_POLICIES, type OwnedDatabasePolicy } from "../kusto/model";
import { CliError, RefusedError } from "./errors";
import { DiskCache, fileParts, outcome } from "./kql-cache";
import type { CommandModule, Io } from "./io";

const load = createRequire(__filename);
/** The engine, loaded only when an outcome must be computed (`require`: no ES module loader for CommonJS). */
const engine = (): typeof import("../kusto/index.js") => load("../kusto/index.js") as typeof import("../kusto/index.js");
/** The archive placeholder's rules, which only `kql diff` and `kql apply` need. */
const archive = (): typeof import("../kusto/archive.js") => load("../kusto/archive.js") as typeof import("../kusto/archive.js");

const isDiagnostics = (v: unknown): v is Diagnostic[] => Array.isArray(v) && v.every(isDiagnostic);

/** What `kql diff` prints, computed once per distinct input. */
interface DiffOutcome {
    /** What the current schema holds that the engine keeps as it is. */
    notes: Diagnostic[];
    /** The scripts' warnings. */
    warnings: Diagnostic[];
    /** Errors in the scripts or the current schema: nothing is diffed. */
    problems: Diagnostic[];
    /** Why the delta is refused (data loss without the flag, changes that cannot be made in place). */
    refused?: string;
    /** The ordered commands; empty for a no-op. */
    script: string;
}

const isDiffOutcome = (v: unknown): v is DiffOutcome => {
    const o = v as Partial<Record<keyof DiffOutcome, unknown>> | null;
    return (
        typeof o === "object" && o !== null && isDiagnostics(o.notes) && isDiagnostics(o.warnings) && isDiagnostics(o.problems) &&
        (o.refused === undefined || typeof o.refused === "string") && typeof o.script === "string"
    );
};

/** Every `.kql` file under `dir`, sorted by path (the order the scripts apply in), paths as given on the command line. */
export function readKqlDir(dir: string): SourceFile[] {
    try {
        return readScriptsDir(dir).map((f) => ({ path: join(dir, f.path), text: f.text }));
    } catch (error) {
        // A script that is not UTF-8 is named by its own message; a missing folder gets the usage hint.
        throw new CliError(error instanceof NotTextError ? error.message : `${(error as Error).message} (pass the folder holding the .kql scripts; default kql/)`);
    }
}

/** `--archive-container` / `--backend`: where the scripts' `{archive}` export writes for this database. */
export interface ArchiveOptions {
    archiveContainer?: string;
    backend: "adx" | "fabric";
    /** The database: on ADX it names the database in the export's managed identity policy. */
    database?: string;
}

export function withArchiveOptions(command: Command): Command {
    return command
        .option("--archive-container <url>", "archive container the Silver export writes to (https://<account>.blob.core.windows.net/<container>); without it the scripts that export to {archive} are left out")
        .addOption(new Option("--backend <kind>", "how the export authenticates to the archive: adx (cluster managed identity) or fabric (impersonation)").choices(["adx", "fabric"]).default("fabric"));
}

/** DIR's scripts as this database gets them: `{archive}` resolved, or the scripts using it left out (said on stderr). */
export function siteKql(dir: string, options: ArchiveOptions, io: Io): SourceFile[] {
    const { archiveContainerProblem, siteScripts } = archive();
    const url = options.archiveContainer;
    const problem = url === undefined ? undefined : archiveContainerProblem(url);
    if (problem) {
        throw new CliError(`--archive-container ${problem}`);
    }
    const { files, leftOut } = siteScripts(readKqlDir(dir), url === undefined ? undefined : { containerUrl: url, backend: options.backend, database: options.database });
    for (const path of leftOut) {
        io.err(`note: ${path} left out: it exports to {archive}; pass --archive-container URL (and --backend) to include it`);
    }
    if (url !== undefined && options.backend === "adx" && options.database === undefined) {
        io.err("note: the managed identity policy the ADX export needs is left out; pass --database NAME to include it");
    }
    return files;
}

/** `--database-policies-owned-elsewhere`: database policies the database resource owns, left as they are. */
export interface OwnershipOptions {
    databasePoliciesOwnedElsewhere?: OwnedDatabasePolicy[];
}

export function withOwnershipOption(command: Command): Command {
    return command.option(
        "--database-policies-owned-elsewhere <kinds>",
        `comma-separated database policies (${OWNED_DATABASE_POLICIES.join(", ")}) the database resource owns (ADX softDeletePeriod/hotCachePeriod, a Fabric database's data policies): the scripts may not declare them and the diff neither sets nor deletes them`,
        (value: string): OwnedDatabasePolicy[] => {
            const kinds = value.split(",").map((k) => k.trim()).filter((k) => k !== "");
            const wrong = kinds.filter((k) => !(OWNED_DATABASE_POLICIES as readonly string[]).includes(k));
            if (wrong.length) throw new CliError(`--database-policies-owned-elsewhere: ${wrong.join(", ")} is not one of ${OWNED_DATABASE_POLICIES.join(", ")}`);
            return kinds as OwnedDatabasePolicy[];
        },
    );
}

/** Says which database policies the diff leaves alone, so an absent delete is never a surprise. */
export function noteOwnership(options: OwnershipOptions, io: Io): void {
    if (options.databasePoliciesOwnedElsewhere?.length) {
        io.err(`note: the database's ${options.databasePoliciesOwnedElsewhere.join(" and ")} policies are owned elsewhere: left as the database holds them`);
    }
}

/** `--allow-data-loss`, as `kql diff` and `kql apply` describe it. */
export const ALLOW_DATA_LOSS_HELP =
    "allow commands that can purge or stop data: drops of tables, columns, views, mappings, external tables and exports; column type changes; retention shortened or deleted; update policies, mirroring or exports removed or disabled";

export const ALLOW_DATA_LOSS_HINT = "re-run with --allow-data-loss";

function report(io: Io, diagnostics: Diagnostic[]): void {
    for (const d of diagnostics) io.out(formatDiagnostic(d));
}

export const kqlCommands: CommandModule = (program: Command, io: Io, setExit: (code: number) => void) => {
    const kql = program.command("kql").description("check and diff the KQL schema scripts");

    kql.command("check")
        .description("parse and analyze every .kql file under DIR against the schema the scripts declare; one line per problem")
        .argument("[dir]", "folder of .kql scripts", "kql")
        .action(async (dir: string) => {
            const files = readKqlDir(dir);
            const cache = new DiskCache();
            const diagnostics = await outcome(cache, ["check", ...fileParts(files)], isDiagnostics, async () => (await engine().loadSchema(files, { cache })).diagnostics);
            report(io, diagnostics);
            // Warnings (what the service accepts but may not do what was meant) are printed; only errors fail the check.
            const errors = diagnostics.filter((d) => d.severity === "error");
            if (diagnostics.length) {
                io.err(`${errors.length} error(s), ${diagnostics.length - errors.length} warning(s) in ${new Set(diagnostics.map((d) => d.path)).size} file(s)`);
            }
            if (errors.length) setExit(1);
        });

    withOwnershipOption(withArchiveOptions(kql.command("diff")))
        .description("print the ordered commands that turn FILE's schema (.show database DB schema as csl script output) into DIR's")
        .argument("[dir]", "folder of .kql scripts", "kql")
        .requiredOption("--current <file>", "the database's current schema, as `.show database DB schema as csl script` returns it")
        .option("--database <name>", "the database FILE was read from; with --backend adx it names the database in the export's managed identity policy")
        .option("--allow-data-loss", ALLOW_DATA_LOSS_HELP, false)
        .action(async (dir: string, opts: { current: string; allowDataLoss: boolean } & ArchiveOptions & OwnershipOptions) => {
            const files = siteKql(dir, opts, io);
            noteOwnership(opts, io);
            let currentText: string;
            try {
                currentText = readTextFile(opts.current);
            } catch (error) {
                throw new CliError(error instanceof NotTextError ? `--current ${error.message}` : `--current ${opts.current}: cannot read the file`);
            }
            const cache = new DiskCache();
            const owned = opts.databasePoliciesOwnedElsewhere;
            const parts = ["diff", JSON.stringify({ owned, allowDataLoss: opts.allowDataLoss }), opts.current, currentText, ...fileParts(files)];
            const result = await outcome(cache, parts, isDiffOutcome, async (): Promise<DiffOutcome> => {
                const { loadSchema, readCslSchema, diffSchemas, refusal, renderExecuteScript } = engine();
                const desired = await loadSchema(files, { cache, databasePoliciesOwnedElsewhere: owned });
                const current = await readCslSchema(currentText, opts.current, { cache });
                const warnings = desired.diagnostics.filter((d) => d.severity === "warning");
                const problems = [...desired.diagnostics.filter((d) => d.severity === "error"), ...current.diagnostics];
                if (problems.length) return { notes: current.notes, warnings, problems, script: "" };
                const delta = diffSchemas(current.model, desired.model);
                const refused = refusal(delta, opts.allowDataLoss, ALLOW_DATA_LOSS_HINT);
                return { notes: current.notes, warnings, problems, refused, script: delta.commands.length ? renderExecuteScript(delta.commands) : "" };
            });
            // What the database holds that the engine does not model stays as it is: a note, not a problem.
            for (const note of result.notes) io.err(formatDiagnostic(note));
            for (const warning of result.warnings) io.err(formatDiagnostic(warning));
            if (result.problems.length) {
                report(io, result.problems);
                throw new CliError(`${result.problems.length} problem(s) in the scripts or the current schema; nothing to diff until they are fixed`);
            }
            if (result.refused !== undefined) {
                throw new RefusedError(result.refused);
            }
            if (result.script) {
                io.out(result.script);
            }
        });
};
