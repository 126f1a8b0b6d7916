/**
 * Retry policy for Kusto management calls: throttling (429) and transient server errors (5xx) are
 * retried with capped exponential backoff that honours `Retry-After`; anything Kusto marks
 * `@permanent: true`, and every other 4xx, fails at once. The loop is small and the classification
 * is Kusto-specific (the `@permanent` flag lives in Kusto's error body), so it is written here
 * rather than bent out of a generic retry library. The command's deadline bounds the whole loop.
 */
import type { Deadline } from "../deadline";

/** How a failed call is retried. Delays are in milliseconds. */
export interface RetryOptions {
    /** Total attempts, the first one included. Default 5. */
    maxAttempts?: number;
    /** First backoff delay when the service gives no `Retry-After`. Default 1000 ms; doubles per attempt. */
    baseDelayMs?: number;
    /** Upper bound of a computed backoff delay. Default 30000 ms. */
    maxDelayMs?: number;
    /** A `Retry-After` longer than this is not waited for: the call fails instead. Default 120000 ms. */
    maxRetryAfterMs?: number;
    /** Waits `ms`; injectable so tests record the delays instead of sleeping. */
    sleep?: (ms: number) => Promise<void>;
}

/** What a failure says about itself, as far as retrying is concerned. */
export interface RetryVerdict {
    retryable: boolean;
    /** The service's `Retry-After`, in milliseconds, when it sent one. */
    retryAfterMs?: number;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The command clock a retry loop runs under, and how it names the call in notices and errors. */
export interface RetryClock {
    deadline: Deadline;
    /** The call, e.g. `POST https://x.kusto.windows.net/v1/rest/mgmt ('.show database ...')`. */
    what: string;
    /** How a user raises the limits, e.g. `--deadline or EDGE_FABRIC_DEADLINE`. */
    setting: string;
}

/**
 * Runs `call` until it succeeds, `classify` says its failure is permanent, the attempts run out or
 * the deadline would pass during the next wait (then `DeadlineExceededError`); otherwise the last
 * failure is rethrown unchanged. Every retry is announced through the deadline's log.
 */
export async function withRetry<T>(call: () => Promise<T>, classify: (error: unknown) => RetryVerdict, options: RetryOptions, clock: RetryClock): Promise<T> {
    const maxAttempts = options.maxAttempts ?? 5;
    const baseDelayMs = options.baseDelayMs ?? 1000;
    const maxDelayMs = options.maxDelayMs ?? 30_000;
    const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
    const sleep = options.sleep ?? defaultSleep;
    for (let attempt = 1; ; attempt++) {
        try {
            return await call();
        } catch (error) {
            const verdict = classify(error);
            if (!verdict.retryable || attempt >= maxAttempts) {
                throw error;
            }
            if (verdict.retryAfterMs !== undefined && verdict.retryAfterMs > maxRetryAfterMs) {
                throw error;
            }
            const delay = verdict.retryAfterMs ?? Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
            clock.deadline.announce({ what: clock.what, why: error instanceof Error ? error.message : String(error), waitMs: delay, nextAttempt: attempt + 1, setting: clock.setting, cause: error });
            await clock.deadline.sleep(delay, sleep);
        }
    }
}
