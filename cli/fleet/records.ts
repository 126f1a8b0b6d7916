/**
 * The fleet's data model: sites as discovered, the wave policy, the plan, and one result record per
 * site and operation. Plain data, shared by the pure planner, the workflow generators, the runner
 * and the report, and written to disk as JSON (CI artifacts), so every shape here is a contract.
 */
import { z } from "zod";

/** What `edge-fabric:fleet` may hold in `Pulumi.<site>.yaml`. */
export const siteFleetConfigSchema = z
    .object({
        /** Rollout ring: lower rings go first and a wave never mixes rings. */
        ring: z.number().int().min(0).max(99).optional(),
        /** Free labels for selection (`--tag`), e.g. region, plant type, customer. */
        tags: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a tag is letters, digits, '.', '_' or '-'")).default([]),
    })
    .strict();

/** One site stack as discovered on disk. */
export interface FleetSite {
    /** The `<site>` of `Pulumi.<site>.yaml`, which is also the stack name. */
    site: string;
    /** The stack file, relative to the project directory. */
    file: string;
    ring: number;
    tags: string[];
    /**
     * The platform program's stack (`platform/Pulumi.<stack>.yaml`, its own project): rolled out
     * alone in wave 1, before the canary, because every site reads its outputs.
     */
    platform?: boolean;
}

/** The fleet name of the platform stack (`--stack platform`, `--only platform`, records, job names). */
export const PLATFORM_FLEET_NAME = "platform";

/** A wave size: a number of sites, or a percentage (`"25%"`) of the selected non-canary sites. */
export const waveSizeSchema = z.union([
    z.number().int().min(1),
    z.string().regex(/^(100|[1-9][0-9]?)(\.[0-9]+)?%$/, "a percentage is written like \"25%\" (0 < p <= 100)"),
]);
export type WaveSize = z.infer<typeof waveSizeSchema>;

/** The wave policy file (`fleet.policy.yaml` by default), every field optional. */
export const wavePolicySchema = z
    .object({
        /**
         * The platform stack the sites stand on (`platform/Pulumi.<stack>.yaml`), rolled out alone
         * before the canary; `false` leaves it out. Default: the only platform stack file, if any.
         */
        platform: z.union([z.string().regex(/^[A-Za-z0-9_.-]+$/, "a stack name"), z.literal(false)]).optional(),
        /** Sites deployed first, together in the first wave after the platform, before anything else. Default none. */
        canary: z.array(z.string().min(1)).default([]),
        /** Sizes of the waves after the canary, in order; the remaining sites follow, one wave per ring. */
        waves: z.array(waveSizeSchema).default([1, "25%"]),
        /** Blast-radius cap: a selection of more sites is refused unless raised with `--max-sites`. */
        maxSites: z.number().int().min(1).default(25),
        /** Sites of one wave running at the same time. */
        maxParallel: z.number().int().min(1).max(256).default(4),
        /** Ring of a site whose stack config has no `edge-fabric:fleet.ring`. */
        defaultRing: z.number().int().min(0).max(99).default(1),
    })
    .strict();
export type WavePolicy = z.infer<typeof wavePolicySchema>;

/** Which sites a run touches; empty lists select everything. A site must match every given filter. */
export interface Selection {
    sites: string[];
    /** A site matches when it carries any of these tags. */
    tags: string[];
    rings: number[];
}

export interface Wave {
    /** 1-based position in the rollout. */
    index: number;
    /** `canary`, `ring-<n>` (rest of a ring) or `wave-<index>`; for display and job names. */
    name: string;
    ring: number | null;
    sites: FleetSite[];
}

export interface FleetPlan {
    kind: "edge-fabric.fleet.plan/v1";
    policy: WavePolicy;
    /** The cap in force (policy's, or the explicit `--max-sites`). */
    maxSites: number;
    selected: number;
    waves: Wave[];
}

export type FleetOperation = "preview" | "up" | "drift";

export type SiteStatus = "succeeded" | "failed" | "drifted" | "skipped";

/** Why a site failed; `lock` and `throttled` are the only ones retried. */
export type ErrorClass = "lock" | "throttled" | "not-found" | "failed";

export interface DriftedResource {
    urn: string;
    type: string;
    /** Engine step: `update`, `delete` (gone from the cloud), `refresh` with diffs, ... */
    op: string;
    /** Properties that differ between the state and the cloud. */
    properties: string[];
}

export const RECORD_KIND = "edge-fabric.fleet.site-record/v1";

/** One site's result for one operation: written as `<site>.<operation>.json`, merged by `fleet report`. */
export const siteRecordSchema = z.object({
    kind: z.literal(RECORD_KIND),
    site: z.string(),
    wave: z.number().int().min(1),
    operation: z.enum(["preview", "up", "drift"]),
    status: z.enum(["succeeded", "failed", "drifted", "skipped"]),
    /** Engine summary counts by operation (`create`, `update`, `same`, ...). */
    changeSummary: z.record(z.string(), z.number()),
    drift: z.array(z.object({ urn: z.string(), type: z.string(), op: z.string(), properties: z.array(z.string()) })),
    errorClass: z.enum(["lock", "throttled", "not-found", "failed"]).nullable(),
    /** The last lines of the CLI's error output, for the report. */
    error: z.string().nullable(),
    attempts: z.number().int().min(0),
    durationMs: z.number().min(0),
    /** ISO 8601; the later record wins when a site was run twice (a re-run CI job). */
    finishedAt: z.string(),
});
export type SiteRecord = z.infer<typeof siteRecordSchema>;
