/**
 * What a fleet run may touch, checked before any wave is planned:
 *
 * - sample stacks (`dev`, the bundled `Pulumi.dev.yaml` that `npm run plan` and the tests use, and
 *   that the site workflows skip as `SAMPLE_STACKS`) are never selected unless named (`--stack dev`
 *   or `--site site01`);
 * - a selector that matches nothing says so (and why, when the word is a resource tag of a site
 *   rather than a fleet tag, or a site name rather than a stack name);
 * - a stack whose site config (`edge-fabric:site`) does not validate is refused with that config's
 *   own messages at their `file:line:col`, so a typo never reaches a wave.
 *
 * Words: a **stack** is a Pulumi stack, one `Pulumi.<stack>.yaml`; a **site** is the plant that
 * stack deploys, named by `edge-fabric:site.name` inside it.
 */
import { dirname, join, basename } from "node:path";
import { CliError } from "../errors";
import { describeProblems, loadStackFile, type StackFile } from "../stack-file";
import { SITE_KEY, validateStackConfig } from "../../stacks/config";
import { ValidationError } from "../../components/validation";
import { PLATFORM_KEY, parsePlatform } from "../../stacks/platform";
import type { FleetSite, Selection } from "./records";

/** Stacks that exist as samples; selected only when named. */
export const SAMPLE_STACKS: readonly string[] = ["dev"];

function stackFile(dir: string, stack: FleetSite): StackFile {
    return loadStackFile(dirname(join(dir, stack.file)), /^Pulumi\.(.+)\.ya?ml$/.exec(basename(stack.file))?.[1] ?? stack.site);
}

function siteBlock(config: Record<string, unknown>): Record<string, unknown> {
    const site = config[SITE_KEY];
    return site && typeof site === "object" ? (site as Record<string, unknown>) : {};
}

/** The words a site's resource tags (`edge-fabric:site.tags`) carry, keys and values. */
function resourceTagWords(config: Record<string, unknown>): string[] {
    const tags = siteBlock(config).tags;
    return tags && typeof tags === "object" ? Object.entries(tags).flatMap(([k, v]) => [k, String(v)]) : [];
}

/** The selectors as given: stacks and sites by name, fleet tags, rings. */
export interface SelectionFlags {
    stack: string[];
    site: string[];
    tag: string[];
    ring: number[];
}

/**
 * The selection in stack names, and the stacks a run may consider (samples left out unless named).
 * Throws naming each selector that matches nothing, with the reason when it can tell.
 */
export function screenStacks(dir: string, stacks: readonly FleetSite[], flags: SelectionFlags): { selection: Selection; candidates: FleetSite[] } {
    const problems: string[] = [];
    const known = new Set(stacks.map((s) => s.site));
    const names = new Map(stacks.map((s) => [s.site, siteBlock(stackFile(dir, s).config).name]));
    for (const name of flags.stack.filter((n) => !known.has(n))) {
        const owner = stacks.find((s) => names.get(s.site) === name);
        problems.push(
            owner
                ? `--stack ${name}: no stack of that name; ${name} is the site deployed by stack ${owner.site} (${owner.file}): use --stack ${owner.site} or --site ${name}`
                : `--stack ${name}: no stack file Pulumi.${name}.yaml (stacks: ${[...known].sort().join(", ") || "none"})`,
        );
    }
    const bySite: string[] = [];
    for (const name of flags.site) {
        const owners = stacks.filter((s) => names.get(s.site) === name).map((s) => s.site);
        if (owners.length > 0) {
            bySite.push(...owners);
        } else {
            const sites = [...new Set([...names.values()].filter((n): n is string => typeof n === "string"))].sort();
            problems.push(`--site ${name}: no stack deploys a site named ${name} (edge-fabric:site.name)${known.has(name) ? `; ${name} is a stack: use --stack ${name}` : ""} (sites: ${sites.join(", ") || "none"})`);
        }
    }
    const selection: Selection = { sites: [...new Set([...flags.stack, ...bySite])], tags: flags.tag, rings: flags.ring };
    const candidates = stacks.filter((s) => !SAMPLE_STACKS.includes(s.site) || selection.sites.includes(s.site));
    for (const tag of flags.tag.filter((t) => !candidates.some((s) => s.tags.includes(t)))) {
        const holder = candidates.find((s) => resourceTagWords(stackFile(dir, s).config).includes(tag));
        const fleetTags = [...new Set(candidates.flatMap((s) => s.tags))].sort();
        problems.push(
            `--tag ${tag}: no stack carries the fleet tag ${tag}` +
                (holder ? `; it is a resource tag of ${holder.file} (edge-fabric:site.tags), and fleet tags are edge-fabric:fleet.tags` : "") +
                ` (fleet tags in use: ${fleetTags.join(", ") || "none"})`,
        );
    }
    for (const ring of flags.ring.filter((r) => !candidates.some((s) => s.ring === r))) {
        problems.push(`--ring ${ring}: no stack is in ring ${ring} (rings in use: ${[...new Set(candidates.map((s) => s.ring))].sort((a, b) => a - b).join(", ") || "none"})`);
    }
    if (problems.length > 0) {
        throw new CliError(`the selection matches nothing:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    }
    return { selection, candidates };
}

/**
 * Refuses the run when a selected stack's site config does not validate, with the same messages
 * `plan` and `pulumi up` give for it. Stacks without `edge-fabric:site` (fleet-only fixtures) are
 * not site stacks and are not checked.
 */
export function checkSiteConfigs(dir: string, selected: readonly FleetSite[]): void {
    const lines: string[] = [];
    for (const stack of selected) {
        const file = stackFile(dir, stack);
        if (PLATFORM_KEY in file.config) {
            try {
                parsePlatform(file.config[PLATFORM_KEY]);
            } catch (error) {
                if (!(error instanceof ValidationError)) {
                    throw error;
                }
                lines.push(`  ${stack.file}: ${error.message}`);
            }
        }
        if (!(SITE_KEY in file.config)) {
            continue;
        }
        lines.push(...describeProblems(file, validateStackConfig(file.config, { fromStackFile: true })).map((l) => `  ${l}`));
    }
    if (lines.length > 0) {
        throw new CliError(`refusing to roll out stacks whose site or platform config does not validate (fix them, or leave them out with --stack/--tag/--ring):\n${lines.join("\n")}`);
    }
}
