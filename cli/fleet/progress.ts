/**
 * Progress of a long rollout. In a terminal, a live task list per wave (`listr2`: one line per
 * site, redrawn in place); elsewhere (CI logs, pipes, tests) plain lines, one per event, never a
 * redraw: sites done / total per wave and the operations still running.
 */
import { Listr } from "listr2";
import { changedCount } from "./classify";
import type { ErrorClass, FleetSite, SiteRecord, Wave } from "./records";
import type { RolloutProgress } from "./rollout";

export interface FleetProgress extends RolloutProgress {
    retry(site: FleetSite, attempt: number, errorClass: ErrorClass): void;
    /** Waits for the display to settle (the terminal renderer draws asynchronously). */
    close(): Promise<void>;
}

function outcome(record: SiteRecord): string {
    if (record.status === "failed" || record.status === "skipped") {
        return `${record.status}${record.errorClass ? ` (${record.errorClass})` : ""}: ${(record.error ?? "").split("\n").pop() ?? ""}`;
    }
    if (record.status === "drifted") {
        return `drifted: ${record.drift.length} resources (${record.drift.map((d) => d.urn.split("::").pop()).join(", ")})`;
    }
    return `${record.status}, ${changedCount(record.changeSummary)} changes`;
}

/** Plain lines for logs: no cursor movement, so CI keeps every line. */
export function lineProgress(write: (line: string) => void, operation: string): FleetProgress {
    let done = 0;
    const running = new Set<string>();
    return {
        waveStarted: (wave, waves) => {
            done = 0;
            write(`wave ${wave.index}/${waves} (${wave.name}): ${operation} on ${wave.sites.length} sites`);
        },
        siteStarted: (site, wave) => {
            running.add(site.site);
            write(`  [wave ${wave.index}] ${site.site}: ${operation} started (running: ${[...running].join(", ")})`);
        },
        siteFinished: (record, wave) => {
            running.delete(record.site);
            done += 1;
            write(`  [wave ${wave.index}] ${record.site}: ${outcome(record)} (${done}/${wave.sites.length} done)`);
        },
        waveFinished: (wave, records) => {
            const by = (s: string): number => records.filter((r) => r.status === s).length;
            write(`wave ${wave.index}: ${by("succeeded")} succeeded, ${by("drifted")} drifted, ${by("failed")} failed, ${by("skipped")} not started`);
        },
        retry: (site, attempt, errorClass) => write(`  ${site.site}: ${errorClass === "lock" ? "stack locked by another update" : "throttled"}, retrying (attempt ${attempt})`),
        close: () => Promise.resolve(),
    };
}

interface Pending {
    settle(record: SiteRecord | null): void;
    promise: Promise<SiteRecord | null>;
    /** The latest title, kept until the task attaches (listr2 starts tasks asynchronously). */
    text: string;
    task?: { title: string };
}

/**
 * A live `listr2` task list per wave for an interactive terminal (stdout and stderr both TTYs: the
 * list is drawn on stdout and finished before the report is printed).
 */
export function terminalProgress(operation: string): FleetProgress {
    const pending = new Map<string, Pending>();
    const title = (site: string, text: string): void => {
        const entry = pending.get(site);
        if (entry) {
            entry.text = text;
            if (entry.task) {
                entry.task.title = text;
            }
        }
    };
    let current: Promise<unknown> = Promise.resolve();
    return {
        waveStarted: (wave: Wave, waves: number) => {
            for (const site of wave.sites) {
                let settle: (r: SiteRecord | null) => void = () => undefined;
                const promise = new Promise<SiteRecord | null>((resolve) => (settle = resolve));
                pending.set(site.site, { settle, promise, text: `${site.site}: waiting` });
            }
            const list = new Listr(
                wave.sites.map((site) => ({
                    title: pending.get(site.site)?.text ?? site.site,
                    task: async (_ctx: unknown, task: { title: string; skip(message?: string): void }) => {
                        const entry = pending.get(site.site);
                        if (!entry) {
                            return;
                        }
                        entry.task = task;
                        task.title = entry.text;
                        const record = await entry.promise;
                        if (!record || record.status === "skipped") {
                            task.skip(`${site.site}: not started`);
                            return;
                        }
                        task.title = `${site.site}: ${outcome(record)}`;
                        if (record.status === "failed") {
                            throw new Error(task.title);
                        }
                    },
                })),
                { concurrent: true, exitOnError: false, rendererOptions: { collapseErrors: false } },
            );
            const header = new Listr([{ title: `wave ${wave.index}/${waves} (${wave.name}): ${operation}`, task: () => list }], { exitOnError: false });
            // One list on screen at a time: listr2 takes over stdout while it renders, and two
            // overlapping lists would restore it in the wrong order.
            current = current.then(() => header.run()).catch(() => undefined);
        },
        siteStarted: (site) => title(site.site, `${site.site}: ${operation} running`),
        siteFinished: (record) => pending.get(record.site)?.settle(record),
        waveFinished: (wave) => {
            for (const site of wave.sites) {
                pending.get(site.site)?.settle(null);
                pending.delete(site.site);
            }
        },
        retry: (site, attempt, errorClass) => title(site.site, `${site.site}: ${errorClass}, retrying (attempt ${attempt})`),
        close: async () => {
            await current;
        },
    };
}
