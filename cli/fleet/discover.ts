/**
 * Reads the fleet from disk: the site stack files `Pulumi.<site>.yaml` (only their
 * `edge-fabric:fleet` key, never the site schema) and the wave policy file.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { globSync } from "tinyglobby";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { CliError } from "../errors";
import { PLATFORM_DIR, platformStack } from "../stack-file";
import { FLEET_CONFIG_KEY, PLATFORM_FLEET_NAME, type FleetSite, type WavePolicy, siteFleetConfigSchema, wavePolicySchema } from "./model";

const STACK_FILE = /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/;

/** The policy file read when `--policy` is not given, if it exists in the project directory. */
export const DEFAULT_POLICY_FILE = "fleet.policy.yaml";

function issues(where: string, error: z.ZodError): string {
    return error.issues.map((i) => `${where}${i.path.map((p) => `.${String(p)}`).join("")}: ${i.message}`).join("\n");
}

/** Parses a YAML file; a syntax error names `file:line:col`. */
export function readYaml(file: string): unknown {
    let text: string;
    try {
        text = readFileSync(file, "utf8");
    } catch (error) {
        throw new CliError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const doc = parseDocument(text, { prettyErrors: false });
    const first = doc.errors[0];
    if (first) {
        const pos = first.linePos?.[0];
        throw new CliError(`${file}:${pos?.line ?? 1}:${pos?.col ?? 1}: invalid YAML: ${first.message.split("\n")[0]}`);
    }
    return doc.toJS() as unknown;
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
        const doc = readYaml(file);
        const config = doc && typeof doc === "object" ? (doc as { config?: unknown }).config : undefined;
        const raw = config && typeof config === "object" ? (config as Record<string, unknown>)[FLEET_CONFIG_KEY] : undefined;
        const parsed = siteFleetConfigSchema.safeParse(raw ?? {});
        if (!parsed.success) {
            throw new CliError(issues(`${rel}: config.${FLEET_CONFIG_KEY}`, parsed.error));
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
    const parsed = wavePolicySchema.safeParse(readYaml(path) ?? {});
    if (!parsed.success) {
        throw new CliError(issues(path, parsed.error));
    }
    return parsed.data;
}
