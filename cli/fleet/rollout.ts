/**
 * The bounded loop that runs one operation over a plan: a wave at a time, at most `concurrency`
 * sites of a wave at once, and after a failure no further site starts (sites already running
 * finish: stopping `pulumi up` midway would leave a stack half-applied and locked). No Pulumi in
 * here: the per-site work is a function, so the rules are tested alone and the Automation API
 * runner plugs in (runner.ts).
 */
import { RECORD_KIND, type FleetOperation, type FleetPlan, type FleetSite, type SiteRecord, type Wave } from "./records";

export type RunSite = (site: FleetSite, wave: Wave) => Promise<SiteRecord>;

/** Hooks for progress display; every one optional. */
export interface RolloutProgress {
    waveStarted?(wave: Wave, waves: number): void;
    siteStarted?(site: FleetSite, wave: Wave): void;
    siteFinished?(record: SiteRecord, wave: Wave): void;
    waveFinished?(wave: Wave, records: readonly SiteRecord[]): void;
}

export interface RolloutOptions {
    operation: FleetOperation;
    /** Sites of one wave running at once (≥ 1). */
    concurrency: number;
    /** Run every site even after a failure (read-only operations only: preview, drift). */
    keepGoing?: boolean;
    progress?: RolloutProgress;
    now?: () => Date;
}

/** The record of a site that never started because the rollout halted. */
export function skippedRecord(site: FleetSite, wave: number, operation: FleetOperation, finishedAt: Date, reason: string): SiteRecord {
    return {
        kind: RECORD_KIND,
        site: site.site,
        wave,
        operation,
        status: "skipped",
        changeSummary: {},
        drift: [],
        errorClass: null,
        error: reason,
        attempts: 0,
        durationMs: 0,
        finishedAt: finishedAt.toISOString(),
    };
}

/** Keeps only the given sites, with their wave numbers from the full plan (a CI job runs one site). */
export function restrictPlan(plan: FleetPlan, only: readonly string[]): FleetPlan {
    if (only.length === 0) {
        return plan;
    }
    const waves = plan.waves.map((w) => ({ ...w, sites: w.sites.filter((s) => only.includes(s.site)) })).filter((w) => w.sites.length > 0);
    return { ...plan, waves };
}

/** Runs the operation over the plan's waves; resolves with one record per planned site, in plan order. */
export async function rollout(plan: FleetPlan, runSite: RunSite, options: RolloutOptions): Promise<SiteRecord[]> {
    const now = options.now ?? (() => new Date());
    const concurrency = Math.max(1, Math.floor(options.concurrency));
    const records: SiteRecord[] = [];
    let haltedBy: string | null = null;
    for (const wave of plan.waves) {
        if (haltedBy !== null) {
            records.push(...wave.sites.map((s) => skippedRecord(s, wave.index, options.operation, now(), `not started: ${haltedBy} failed`)));
            continue;
        }
        options.progress?.waveStarted?.(wave, plan.waves.length);
        const results: (SiteRecord | undefined)[] = new Array<SiteRecord | undefined>(wave.sites.length);
        let next = 0;
        const worker = async (): Promise<void> => {
            while (next < wave.sites.length && haltedBy === null) {
                const i = next++;
                const site = wave.sites[i];
                options.progress?.siteStarted?.(site, wave);
                const record = await runSite(site, wave);
                results[i] = record;
                options.progress?.siteFinished?.(record, wave);
                if (record.status === "failed" && !options.keepGoing && haltedBy === null) {
                    haltedBy = site.site;
                }
            }
        };
        await Promise.all(Array.from({ length: Math.min(concurrency, wave.sites.length) }, worker));
        const waveRecords = wave.sites.map(
            (s, i) => results[i] ?? skippedRecord(s, wave.index, options.operation, now(), `not started: ${haltedBy ?? "an earlier site"} failed`),
        );
        options.progress?.waveFinished?.(wave, waveRecords);
        records.push(...waveRecords);
    }
    return records;
}
