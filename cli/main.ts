/**
 * The `edge-fabric` command. Each command module adds its subcommands to the program; this file
 * owns parsing, exit codes and the rule that a user never sees a stack trace for bad input.
 */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";
import { CliError } from "./errors";
import { processIo, type CommandModule, type Io } from "./io";
import { redact } from "../providers/redact";

/**
 * Each command module, loaded only when the command line names it: `kql check` then loads neither
 * Pulumi (`plan`, `fleet`) nor the Kusto client (`kql apply`), which is most of a fresh process's start-up.
 * Loaded with `require` rather than `import()`: a dynamic import of a CommonJS module goes through
 * Node's ES module loader (resolution, format detection, an export scan of the source), ≈ 20 ms of a
 * 0.2 s fresh process.
 */
const load = createRequire(__filename);
const MODULES = {
    plan: () => (load("./plan.js") as typeof import("./plan.js")).planCommand,
    kql: () => (load("./kql.js") as typeof import("./kql.js")).kqlCommands,
    // After `kql`: it adds `apply` to the `kql` group `kql` creates.
    "kql apply": () => (load("./kql-apply.js") as typeof import("./kql-apply.js")).kqlApplyCommand,
    fleet: () => (load("./fleet.js") as typeof import("./fleet.js")).fleetCommands,
    gitops: () => (load("./gitops.js") as typeof import("./gitops.js")).gitopsCommands,
} satisfies Record<string, () => CommandModule>;

type ModuleName = keyof typeof MODULES;

/** The modules `argv` needs; help, an unknown command or no command at all loads every one (the full help lists them all). */
export function modulesFor(argv: string[]): ModuleName[] {
    const [command, sub] = argv;
    if (command === "kql") return sub === "check" || sub === "diff" ? ["kql"] : ["kql", "kql apply"];
    if (command === "plan" || command === "fleet" || command === "gitops") return [command];
    return Object.keys(MODULES) as ModuleName[];
}

export function buildProgram(io: Io, setExit: (code: number) => void, argv?: string[]): Command {
    const program = new Command("edge-fabric")
        .description("Hybrid edge-to-cloud telemetry pipelines on Pulumi: offline plan, KQL schema check/diff/apply.")
        .exitOverride()
        .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(redact(s.trimEnd())) });
    const names = argv ? modulesFor(argv) : (Object.keys(MODULES) as ModuleName[]);
    for (const name of names) {
        MODULES[name]()(program, io, setExit);
    }
    return program;
}

/** Runs the CLI on `argv` (without the node and script entries) and resolves with the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
    let code = 0;
    const program = buildProgram(
        io,
        (c) => {
            code = Math.max(code, c);
        },
        argv,
    );
    try {
        await program.parseAsync(argv, { from: "user" });
        return code;
    } catch (error) {
        if (error instanceof CommanderError) {
            return error.exitCode === 0 ? 0 : 1;
        }
        if (error instanceof CliError) {
            // The one redaction step: a flag value or a server's answer quoted in a message loses its secrets.
            // A message that already starts with "error:" (a tool's stderr) is not prefixed twice.
            io.err(`error: ${redact(error.message).replace(/^error:\s*/i, "")}`);
            return error.exitCode;
        }
        throw error;
    }
}

export async function main(): Promise<void> {
    process.exitCode = await run(process.argv.slice(2));
}
