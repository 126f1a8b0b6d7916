/**
 * Wave planning: which sites a run touches and in what order. Pure and deterministic: the same
 * sites, policy and selection give the same plan byte for byte, so a plan can be reviewed in a PR
 * and regenerated in CI with the same result.
 */
import { CliError, RefusedError } from "../errors";
import type { FleetPlan, FleetSite, Selection, Wave, WavePolicy, WaveSize } from "./records";

export interface PlanOptions {
    /** Raises (or lowers) the policy's blast-radius cap for this run. */
    maxSites?: number;
}

/** Sites matching every non-empty filter of the selection. Unknown `--site` names are an error. */
export function selectSites(sites: readonly FleetSite[], selection: Selection): FleetSite[] {
    const known = new Set(sites.map((s) => s.site));
    const unknown = selection.sites.filter((s) => !known.has(s));
    if (unknown.length > 0) {
        throw new CliError(`--stack ${unknown.join(", ")}: no such stack file (known: ${[...known].sort().join(", ") || "none"})`);
    }
    const unfiltered = selection.sites.length === 0 && selection.tags.length === 0 && selection.rings.length === 0;
    const matches = (s: FleetSite): boolean =>
        (selection.sites.length === 0 || selection.sites.includes(s.site)) &&
        (selection.tags.length === 0 || s.tags.some((t) => selection.tags.includes(t))) &&
        (selection.rings.length === 0 || selection.rings.includes(s.ring));
    // The platform carries no fleet tags or ring: part of a whole-fleet run, else only when named.
    return sites.filter((s) => (s.platform ? unfiltered || selection.sites.includes(s.site) : matches(s)));
}

function bySiteOrder(a: FleetSite, b: FleetSite): number {
    return a.ring - b.ring || (a.site < b.site ? -1 : a.site > b.site ? 1 : 0);
}

/** A wave size in sites: percentages are of `base` (the selected non-canary sites), rounded up. */
export function waveCount(size: WaveSize, base: number): number {
    if (typeof size === "number") {
        return size;
    }
    return Math.max(1, Math.ceil((Number.parseFloat(size) / 100) * base));
}

/**
 * Plans the rollout: the platform stack alone first when selected (every site reads its outputs),
 * then the canaries, then the policy's wave sizes over the remaining sites
 * ordered by ring then name, then the rest one wave per ring. A wave stops at a ring boundary, so a
 * ring is never rolled out together with the one before it. Refuses (exit 2) a selection wider than
 * the blast-radius cap.
 */
export function planWaves(sites: readonly FleetSite[], policy: WavePolicy, selection: Selection, options: PlanOptions = {}): FleetPlan {
    const known = new Set(sites.map((s) => s.site));
    const missingCanaries = policy.canary.filter((c) => !known.has(c));
    if (missingCanaries.length > 0) {
        throw new CliError(`wave policy canary: ${missingCanaries.join(", ")} has no stack file Pulumi.<site>.yaml`);
    }
    const chosen = selectSites(sites, selection);
    const platform = chosen.filter((s) => s.platform);
    const selected = chosen.filter((s) => !s.platform).sort(bySiteOrder);
    const maxSites = options.maxSites ?? policy.maxSites;
    if (selected.length > maxSites) {
        throw new RefusedError(
            `the selection holds ${selected.length} sites, more than the blast-radius cap of ${maxSites} ` +
                `(policy maxSites); narrow it with --stack/--site/--tag/--ring or raise the cap explicitly with --max-sites ${selected.length}`,
        );
    }
    const waves: Wave[] = [];
    const push = (name: string, members: FleetSite[]): void => {
        const rings = new Set(members.map((s) => s.ring));
        waves.push({ index: waves.length + 1, name, ring: rings.size === 1 ? members[0].ring : null, sites: members });
    };
    if (platform.length > 0) {
        push("platform", platform);
    }
    const canarySet = new Set(policy.canary);
    const canaries = selected.filter((s) => canarySet.has(s.site));
    if (canaries.length > 0) {
        push("canary", canaries);
    }
    const rest = selected.filter((s) => !canarySet.has(s.site));
    let next = 0;
    for (const size of policy.waves) {
        if (next >= rest.length) {
            break;
        }
        const ring = rest[next].ring;
        let end = Math.min(rest.length, next + waveCount(size, rest.length));
        const boundary = rest.findIndex((s, i) => i >= next && s.ring !== ring);
        if (boundary !== -1 && boundary < end) {
            end = boundary;
        }
        push(`wave-${waves.length + 1}`, rest.slice(next, end));
        next = end;
    }
    while (next < rest.length) {
        const ring = rest[next].ring;
        const members = rest.slice(next).filter((s) => s.ring === ring);
        push(`ring-${ring}`, members);
        next += members.length;
    }
    return { kind: "edge-fabric.fleet.plan/v1", policy, maxSites, selected: chosen.length, waves };
}

/** The plan as a fixed-width table for the terminal. */
export function formatPlanTable(plan: FleetPlan): string[] {
    const rows = plan.waves.map((w) => [String(w.index), w.name, w.ring === null ? "-" : String(w.ring), String(w.sites.length), w.sites.map((s) => s.site).join(", ")]);
    const header = ["wave", "name", "ring", "sites", "members"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 4 ? 0 : r[i].length))));
    const line = (cells: string[]): string => cells.map((c, i) => (i === 4 ? c : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [
        line(header),
        ...rows.map(line),
        `${plan.selected} sites in ${plan.waves.length} waves; cap ${plan.maxSites}; up to ${plan.policy.maxParallel} sites at a time per wave`,
    ];
}
