/**
 * Reads a `Pulumi.<stack>.yaml` the way the Pulumi CLI would hand it to the program, keeping
 * source positions so a config problem can point at its line and column.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { formatProblem, splitPath, ValidationError, type Problem } from "../components/validation";
import { parseStackConfig, type SiteConfig } from "../stacks/config";
import { CliError } from "./errors";
import type { Io } from "./io";
import { parseYaml } from "./yaml-file";

/** Placeholder for a `secure:` value: `plan` runs offline and cannot decrypt it. */
export const SECRET_PLACEHOLDER = "[secret]";

export interface StackFile {
    /** File name, e.g. `Pulumi.dev.yaml`. */
    file: string;
    /** The `config:` map as written (secure values as `{ secure }`). */
    config: Record<string, unknown>;
    /** `file:line:col` of a config path (or its nearest existing parent). */
    locate(key: string, path: (string | number)[]): string;
}

/** Stack names of the `Pulumi.<stack>.yaml` files in `dir`. */
export function listStacks(dir: string): string[] {
    return readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/** The platform program's folder in a project: `platform/` with its own `Pulumi.yaml`. */
export const PLATFORM_DIR = "platform";

/**
 * The platform stack a project's sites stand on: `wanted` if given (it must have its
 * `platform/Pulumi.<stack>.yaml`), else the only platform stack file there is. Undefined when the
 * project has no platform program or it has no stack file; several without `wanted` is an error
 * naming them and `what` (the setting that chooses one).
 */
export function platformStack(dir: string, wanted: string | undefined, what: string): string | undefined {
    const platformDir = join(dir, PLATFORM_DIR);
    const stacks = existsSync(join(platformDir, "Pulumi.yaml")) ? listStacks(platformDir) : [];
    if (wanted !== undefined) {
        if (!stacks.includes(wanted)) {
            throw new CliError(`${what} ${wanted}: no platform stack file ${PLATFORM_DIR}/Pulumi.${wanted}.yaml in ${dir} (platform stacks: ${stacks.join(", ") || "none"})`);
        }
        return wanted;
    }
    if (stacks.length > 1) {
        throw new CliError(`${join(dir, PLATFORM_DIR)} holds ${stacks.length} platform stacks (${stacks.join(", ")}): name the one with ${what} <stack>`);
    }
    return stacks[0];
}

export function loadStackFile(dir: string, stack: string): StackFile {
    const file = `Pulumi.${stack}.yaml`;
    let bytes: Buffer;
    try {
        bytes = readFileSync(join(dir, file));
    } catch {
        const known = listStacks(dir);
        throw new CliError(`no stack file ${file} in ${dir}${known.length ? ` (stacks here: ${known.join(", ")})` : ""}`);
    }
    const yaml = parseYaml(file, bytes);
    // An empty file is a stack without config; anything else must be a map, its `config:` a map too.
    const root = yaml.value ?? {};
    const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
    if (!isObject(root)) {
        throw new CliError(`${file}:${yaml.position([])}: a stack file is a map with a config: section (see Pulumi.dev.yaml)`);
    }
    const config = root.config ?? {};
    if (!isObject(config)) {
        throw new CliError(`${file}:${yaml.position(["config"])}: config must be a map of keys to values (see Pulumi.dev.yaml)`);
    }
    return { file, config, locate: (key, path) => `${file}:${yaml.position(["config", key, ...path])}` };
}

/** One line per problem, `Pulumi.dev.yaml:12:7: edge-fabric:site.x: rule` (a problem's path starts with its config key). */
export function describeProblems(stack: StackFile, problems: readonly Problem[]): string[] {
    return problems.map((p) => {
        const [key, ...path] = splitPath(p.path);
        return `${stack.locate(String(key), path)}: ${formatProblem(p)}`;
    });
}

/**
 * The site config of a stack file. An invalid one has each problem printed to `io.err` with its
 * `file:line:col`, then a `CliError` saying that nothing was `done` (e.g. "planned").
 */
export function stackSite(stack: StackFile, io: Io, done: string): SiteConfig {
    try {
        return parseStackConfig(stack.config, { fromStackFile: true });
    } catch (error) {
        if (!(error instanceof ValidationError)) {
            throw error;
        }
        for (const line of describeProblems(stack, error.problems)) {
            io.err(line);
        }
        const n = error.problems.length;
        throw new CliError(`${n} config problem${n === 1 ? "" : "s"} in ${stack.file}; nothing was ${done}`);
    }
}

/**
 * The config as Pulumi passes it to a program: `key -> string` (objects JSON-encoded), plus the
 * keys holding secrets, whose values `plan` replaces by a placeholder.
 */
export function runtimeConfig(config: Record<string, unknown>): { values: Record<string, string>; secretKeys: string[] } {
    const values: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(config)) {
        if (value !== null && typeof value === "object" && "secure" in value) {
            values[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            values[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { values, secretKeys };
}
