/**
 * One site, one operation, through the Pulumi Automation API (local workspace, the site's stack):
 * `preview`, `up`, or `drift` (a refresh preview whose engine events are read for changes). Only a
 * lock conflict or throttling is retried, with exponential backoff and full jitter
 * (`exponential-backoff`); anything else fails the site at once.
 */
import { type EngineEvent, LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { basename, dirname, join } from "node:path";
import { backOff } from "exponential-backoff";
import { changedCount, classifyError, driftFromEvents, errorExcerpt, isRetryable } from "./classify";
import { RECORD_KIND, type ErrorClass, type FleetOperation, type FleetSite, type SiteRecord } from "./records";
import type { RunSite } from "./rollout";

export interface RunnerOptions {
    operation: FleetOperation;
    /** The project directory (holds `Pulumi.yaml` and the stack files). */
    workDir: string;
    /** The CLI to drive; default `PulumiCommand.get()` (the `pulumi` on PATH). */
    pulumiCommand?: PulumiCommand;
    /** Extra environment for every CLI call. */
    envVars?: Record<string, string>;
    /** Retries after a lock conflict or throttling, per site. Default 4. */
    retries?: number;
    /** First backoff delay in milliseconds, doubled per retry up to `maxRetryDelayMs`. Default 5000. */
    retryDelayMs?: number;
    /** Default 60000. */
    maxRetryDelayMs?: number;
    /** Called before each retry. */
    onRetry?: (site: FleetSite, attempt: number, errorClass: ErrorClass) => void;
}

/** A `RunSite` for `rollout()` that drives each site's stack through the Automation API. */
export async function automationRunner(options: RunnerOptions): Promise<RunSite> {
    const pulumiCommand = options.pulumiCommand ?? (await PulumiCommand.get());
    const wsOptions = { pulumiCommand, envVars: options.envVars ?? {} };
    return async (site, wave) => {
        const started = performance.now();
        let attempts = 0;
        const base = { kind: RECORD_KIND, site: site.site, wave: wave.index, operation: options.operation } as const;
        try {
            // The platform is its own project: its folder and the stack named by its file.
            const args = site.platform
                ? { stackName: basename(site.file).replace(/^Pulumi\.(.+)\.ya?ml$/, "$1"), workDir: join(options.workDir, dirname(site.file)) }
                : { stackName: site.site, workDir: options.workDir };
            // A new site's stack is created by preview/up; drift needs the deployed stack.
            const stack: Stack =
                options.operation === "drift" ? await LocalWorkspace.selectStack(args, wsOptions) : await LocalWorkspace.createOrSelectStack(args, wsOptions);
            const attempt = async (): Promise<Omit<SiteRecord, keyof typeof base | "attempts" | "durationMs" | "finishedAt">> => {
                attempts += 1;
                if (options.operation === "preview") {
                    const result = await stack.preview({ color: "never" });
                    return { status: "succeeded", changeSummary: result.changeSummary, drift: [], errorClass: null, error: null };
                }
                if (options.operation === "up") {
                    const result = await stack.up({ color: "never" });
                    return { status: "succeeded", changeSummary: result.summary.resourceChanges ?? {}, drift: [], errorClass: null, error: null };
                }
                const events: EngineEvent[] = [];
                const result = await stack.previewRefresh({ color: "never", onEvent: (e) => events.push(e) });
                const drift = driftFromEvents(events);
                const drifted = drift.length > 0 || changedCount(result.changeSummary) > 0;
                return { status: drifted ? "drifted" : "succeeded", changeSummary: result.changeSummary, drift, errorClass: null, error: null };
            };
            const outcome = await backOff(attempt, {
                numOfAttempts: (options.retries ?? 4) + 1,
                startingDelay: options.retryDelayMs ?? 5000,
                maxDelay: options.maxRetryDelayMs ?? 60000,
                timeMultiple: 2,
                jitter: "full",
                retry: (error: unknown, next: number) => {
                    const errorClass = classifyError(error as Error);
                    if (isRetryable(errorClass)) {
                        options.onRetry?.(site, next + 1, errorClass);
                        return true;
                    }
                    return false;
                },
            });
            return { ...base, ...outcome, attempts, durationMs: Math.round(performance.now() - started), finishedAt: new Date().toISOString() };
        } catch (error) {
            const e = error instanceof Error ? error : new Error(String(error));
            return {
                ...base,
                status: "failed",
                changeSummary: {},
                drift: [],
                errorClass: classifyError(e),
                error: errorExcerpt(e.message),
                attempts,
                durationMs: Math.round(performance.now() - started),
                finishedAt: new Date().toISOString(),
            };
        }
    };
}
