/**
 * `edge-fabric kql check [DIR]` and `edge-fabric kql diff [DIR] --current FILE [--allow-data-loss]`.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import { Diagnostic, SourceFile, diffSchemas, formatDiagnostic, loadSchema, readCslSchema, renderExecuteScript } from "../kusto";
import { CliError, RefusedError } from "./errors";
import { DiskCache } from "./kql-cache";
import type { CommandModule, Io } from "./main";

/** Every `.kql` file under `dir`, sorted by path: the order the scripts apply in. */
export function readKqlDir(dir: string): SourceFile[] {
    let entries: string[];
    try {
        if (!statSync(dir).isDirectory()) throw new Error("not a directory");
        entries = readdirSync(dir, { recursive: true }).map(String);
    } catch {
        throw new CliError(`${dir}: no such directory (pass the folder holding the .kql scripts; default kql/)`);
    }
    const files = entries.filter((f) => f.endsWith(".kql")).sort();
    if (!files.length) {
        throw new CliError(`${dir}: no .kql files found`);
    }
    return files.map((f) => ({ path: join(dir, f), text: readFileSync(join(dir, f), "utf8") }));
}

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
            const { diagnostics } = await loadSchema(files, { cache: new DiskCache() });
            report(io, diagnostics);
            if (diagnostics.length) {
                io.err(`${diagnostics.length} problem${diagnostics.length > 1 ? "s" : ""} in ${new Set(diagnostics.map((d) => d.path)).size} file(s)`);
                setExit(1);
            }
        });

    kql.command("diff")
        .description("print the ordered commands that turn FILE's schema (.show database DB schema as csl script output) into DIR's")
        .argument("[dir]", "folder of .kql scripts", "kql")
        .requiredOption("--current <file>", "the database's current schema, as `.show database DB schema as csl script` returns it")
        .option("--allow-data-loss", "allow dropping tables, columns or materialized views and changing column types", false)
        .action(async (dir: string, opts: { current: string; allowDataLoss: boolean }) => {
            const cache = new DiskCache();
            const desired = await loadSchema(readKqlDir(dir), { cache });
            let currentText: string;
            try {
                currentText = readFileSync(opts.current, "utf8");
            } catch {
                throw new CliError(`--current ${opts.current}: cannot read the file`);
            }
            const current = await readCslSchema(currentText, opts.current, { cache });
            const problems = [...desired.diagnostics, ...current.diagnostics];
            if (problems.length) {
                report(io, problems);
                throw new CliError(`${problems.length} problem(s) in the scripts or the current schema; nothing to diff until they are fixed`);
            }
            const delta = diffSchemas(current.model, desired.model);
            if (delta.unsupported.length) {
                throw new RefusedError(
                    `these changes cannot be made in place:\n${delta.unsupported.map((u) => `  - ${u.message}`).join("\n")}`,
                );
            }
            if (delta.dataLoss.length && !opts.allowDataLoss) {
                throw new RefusedError(
                    `refusing ${delta.dataLoss.length} change(s) that lose data:\n${delta.dataLoss.map((c) => `  - ${c.description}`).join("\n")}\nre-run with --allow-data-loss if that is intended`,
                );
            }
            if (delta.commands.length) {
                io.out(renderExecuteScript(delta.commands));
            }
        });
};
