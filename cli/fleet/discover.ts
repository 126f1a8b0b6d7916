/**
 * Reads the fleet from disk: the site stack files `Pulumi.<site>.yaml` (only their
 * `edge-fabric:fleet` key, never the site schema) and the wave policy file.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { globSync } from "tinyglobby";
import type { z } from "zod";
import { joinPath, splitPath } from "../../components/validation";
import { toProblems } from "../../stacks/config/messages";
import { FLEET_KEY } from "../../stacks/config/keys";
import { CliError } from "../errors";
import { PLATFORM_DIR, platformStack } from "../stack-file";
import { readYamlFile, type YamlFile } from "../yaml-file";
import { PLATFORM_FLEET_NAME, type FleetSite, type WavePolicy, siteFleetConfigSchema, wavePolicySchema } from "./records";

const STACK_FILE = /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/;

/** The policy file read when `--policy` is not given, if it exists in the project directory. */
export const DEFAULT_POLICY_FILE = "fleet.policy.yaml";

/** One line per zod issue, `file:line:col: path: rule` in the config's words (`must be a number, got "x"`); `prefix` is where `root` sits in the file. */
function issues(yaml: YamlFile, prefix: string, root: unknown, schema: z.core.$ZodType, error: z.ZodError): string {
    return error.issues
        .flatMap((issue) => toProblems(issue, root, schema, prefix))
        .map((p) => `${yaml.file}:${yaml.position(splitPath(p.path))}: ${p.path || "(top level)"}: ${p.message}`)
        .join("\n");
}

/**
 * Finds the site stacks under `dir`: every `Pulumi.<site>.yaml` beside `Pulumi.yaml`, or the files
 * matching `pattern` (a glob relative to `dir`). Sorted by site name.
 */
export function discoverSites(dir: string, defaultRing: number, pattern?: string): FleetSite[] {
    if (!existsSync(dir)) {
        throw new CliError(`${dir}: no such project directory`);
    }
    const files = pattern
        ? globSync(pattern, { cwd: dir, absolute: true, onlyFiles: true })
        : readdirSync(dir).map((f) => join(dir, f));
    const sites: FleetSite[] = [];
    for (const file of files) {
        const match = STACK_FILE.exec(basename(file));
        if (!match) {
            continue;
        }
        const rel = relative(dir, file);
        const yaml = readYamlFile(file, rel);
        const doc = yaml.value;
        const config = doc && typeof doc === "object" ? (doc as { config?: unknown }).config : undefined;
        const raw = config && typeof config === "object" ? (config as Record<string, unknown>)[FLEET_KEY] : undefined;
        const parsed = siteFleetConfigSchema.safeParse(raw ?? {}, { reportInput: true });
        if (!parsed.success) {
            throw new CliError(issues(yaml, joinPath("config", FLEET_KEY), raw, siteFleetConfigSchema, parsed.error));
        }
        sites.push({ site: match[1], file: rel, ring: parsed.data.ring ?? defaultRing, tags: [...parsed.data.tags].sort() });
    }
    const seen = new Map<string, string>();
    for (const s of sites) {
        const other = seen.get(s.site);
        if (other) {
            throw new CliError(`site ${s.site} has two stack files: ${other} and ${s.file}`);
        }
        seen.set(s.site, s.file);
    }
    if (sites.length === 0) {
        throw new CliError(`${pattern ? `${pattern} (in ${dir})` : dir}: no site stack file Pulumi.<site>.yaml found`);
    }
    return sites.sort((a, b) => (a.site < b.site ? -1 : 1));
}

/**
 * The site stacks plus the platform stack they stand on (`platform/Pulumi.<stack>.yaml`, the
 * policy's `platform`, else the only one there is), named `platform` in the fleet.
 */
export function withPlatform(dir: string, policy: WavePolicy, sites: readonly FleetSite[]): FleetSite[] {
    if (policy.platform === false) {
        return [...sites];
    }
    const stack = platformStack(dir, policy.platform, "fleet policy platform:");
    if (stack === undefined) {
        return [...sites];
    }
    const file = join(PLATFORM_DIR, `Pulumi.${stack}.yaml`);
    const clash = sites.find((s) => s.site === PLATFORM_FLEET_NAME);
    if (clash) {
        throw new CliError(`${clash.file}: a site stack may not be named ${PLATFORM_FLEET_NAME}, the fleet's name for the platform stack ${file}; rename the stack, or set platform: false in the fleet policy`);
    }
    return [{ site: PLATFORM_FLEET_NAME, file, ring: 0, tags: [], platform: true }, ...sites];
}

/** Reads the wave policy: `file` if given, else `dir/fleet.policy.yaml` if present, else the defaults. */
export function loadPolicy(dir: string, file?: string): WavePolicy {
    const path = file ?? join(dir, DEFAULT_POLICY_FILE);
    if (!file && !existsSync(path)) {
        return wavePolicySchema.parse({});
    }
    const yaml = readYamlFile(path);
    const parsed = wavePolicySchema.safeParse(yaml.value ?? {}, { reportInput: true });
    if (!parsed.success) {
        throw new CliError(issues(yaml, "", yaml.value, wavePolicySchema, parsed.error));
    }
    return parsed.data;
}
