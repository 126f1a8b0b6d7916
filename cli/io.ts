/** What every command module shares with the program: output sinks and the module signature. */
import type { Command } from "commander";

/** Output sinks, injectable so tests run commands in-process and read what they print. */
export interface Io {
    out(line: string): void;
    err(line: string): void;
}

export const processIo: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
};

/** A command module: adds its subcommands to the program. */
export type CommandModule = (program: Command, io: Io, setExit: (code: number) => void) => void;
