// Shared fixtures for the fleet tests.
import { resolve } from "node:path";
import { type FleetSite, RECORD_KIND, type SiteRecord, type WavePolicy, wavePolicySchema } from "../../cli/fleet/records";

/** The repository root, from dist/tests/fleet. */
export const repoRoot = resolve(__dirname, "../../..");
export const fixtureProject = resolve(repoRoot, "tests/fixtures/fleet/project");
export const fakePulumiRoot = resolve(repoRoot, "tests/fixtures/fleet/fake-pulumi");

export function sites(count: number, ring = 1, prefix = "site"): FleetSite[] {
    return Array.from({ length: count }, (_, i) => ({ site: `${prefix}-${String(i + 1).padStart(3, "0")}`, file: `Pulumi.${prefix}-${i + 1}.yaml`, ring, tags: [] }));
}

export function policy(overrides: Partial<WavePolicy> = {}): WavePolicy {
    return { ...wavePolicySchema.parse({}), ...overrides };
}

export function record(overrides: Partial<SiteRecord> & Pick<SiteRecord, "site">): SiteRecord {
    return {
        kind: RECORD_KIND,
        wave: 1,
        operation: "up",
        status: "succeeded",
        changeSummary: { same: 3 },
        drift: [],
        errorClass: null,
        error: null,
        attempts: 1,
        durationMs: 1200,
        finishedAt: "2026-11-20T10:00:00.000Z",
        ...overrides,
    };
}
