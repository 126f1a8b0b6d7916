/** Writing what a command produces: a failure names the file, why, and the flag that chose the place. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fsReason } from "../providers/text-file";
import { CliError } from "./errors";

/**
 * Creates the folder `dir` (and its parents) before any work is done, so that a place that cannot be
 * written to is refused up front rather than after a plan has been computed and half written.
 */
export function outputFolder(dir: string, flag: string): string {
    const out = resolve(dir);
    try {
        mkdirSync(out, { recursive: true });
    } catch (error) {
        throw new CliError(`${flag} ${dir}: cannot create the folder (${fsReason(error)}); pass a folder you can write to`);
    }
    return out;
}

/** Writes `text` to `file`, creating its folder; `flag` is the option that chose the place. */
export function writeOutput(file: string, text: string, flag: string): void {
    try {
        mkdirSync(dirname(resolve(file)), { recursive: true });
        writeFileSync(file, text);
    } catch (error) {
        throw new CliError(`${flag}: cannot write ${file} (${fsReason(error)}); pass a folder you can write to`);
    }
}
