/**
 * The `edge-fabric` command. Each command module adds its subcommands to the program; this file
 * owns parsing, exit codes and the rule that a user never sees a stack trace for bad input.
 */
import { Command, CommanderError } from "commander";
import { CliError } from "./errors";
import { processIo, type CommandModule, type Io } from "./io";
import { fleetCommands } from "./fleet";
import { gitopsCommands } from "./gitops";
import { kqlCommands } from "./kql";
import { kqlApplyCommand } from "./kql-apply";
import { planCommand } from "./plan";
import { redact } from "../providers/redact";


// kqlApplyCommand comes after kqlCommands: it adds `apply` to the `kql` group kqlCommands creates.
const modules: CommandModule[] = [planCommand, kqlCommands, kqlApplyCommand, fleetCommands, gitopsCommands];

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
    const program = new Command("edge-fabric")
        .description("Hybrid edge-to-cloud telemetry pipelines on Pulumi: offline plan, KQL schema check/diff/apply.")
        .exitOverride()
        .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(redact(s.trimEnd())) });
    for (const add of modules) {
        add(program, io, setExit);
    }
    return program;
}

/** Runs the CLI on `argv` (without the node and script entries) and resolves with the exit code. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
    let code = 0;
    const program = buildProgram(io, (c) => {
        code = Math.max(code, c);
    });
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
