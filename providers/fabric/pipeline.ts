/**
 * The Fabric client's transport policies on `@azure/core-rest-pipeline`: Fabric's retry decisions
 * for the pipeline's retry loop (429 + `Retry-After`, transient 5xx and network errors with
 * exponential backoff, `isRetriable: true` bodies, `ItemDisplayNameNotAvailableYet`; TLS failures
 * never), each retry announced and bounded by the command's deadline, and the per-attempt policy
 * (count, bearer token, timeout).
 */
import { RestError, isRestError } from "@azure/core-rest-pipeline";
import type { PipelinePolicy, PipelineRequest, RetryStrategy } from "@azure/core-rest-pipeline";
import { DEADLINE_ENV, REQUEST_TIMEOUT_ENV, tlsFailure, type Deadline } from "../deadline";
import { parseRetryAfter } from "../retry-after";
import { requestIdOf } from "./answers";
import type { FabricClientOptions, FabricStats, WaitReason } from "./client-options";
import { NAME_NOT_AVAILABLE_YET, parseErrorBody } from "./errors";

/** How to raise the client's limits, for messages. */
export const LIMIT_SETTINGS = `the provider's requestTimeoutSeconds/deadlineSeconds inputs or ${REQUEST_TIMEOUT_ENV}/${DEADLINE_ENV}`;

/** What the policies of one client share with it. */
export interface PipelineContext {
    options: FabricClientOptions;
    deadline: Deadline;
    stats: FabricStats;
    /** The bearer token for the next attempt. */
    token(): Promise<string>;
}

/** The wait a requested delay really becomes: capped at `maxDelayMs`, times `delayScale`. */
export function scaledDelay(options: FabricClientOptions, ms: number): number {
    return Math.round(Math.min(ms, options.maxDelayMs ?? 60_000) * (options.delayScale ?? 1));
}

/** Fabric's retry rules for the pipeline's retry loop (which sleeps for the returned, scaled delay). */
export function fabricRetryStrategy(ctx: PipelineContext): RetryStrategy {
    const backoff = (base: number, retryCount: number): number => base * 2 ** retryCount * (0.8 + Math.random() * 0.4);
    const why: Record<WaitReason, string> = {
        throttled: "throttled",
        transient: "transient failure",
        nameNotAvailableYet: "the display name is still reserved by a deleted item",
        operationPoll: "operation still running",
        statePoll: "workspace still moving to its capacity",
        dependencyNotReady: "what it points at does not exist yet",
    };
    // The pipeline sleeps the returned delay; announce it, or stop when it would pass the deadline.
    const decide = (reason: WaitReason, requestedMs: number, retryCount: number, request: PipelineRequest, answer: string, cause?: unknown) => {
        const waitMs = Math.min(requestedMs, ctx.options.maxDelayMs ?? 60_000);
        try {
            const what = `Fabric API ${request.method} ${request.url}`;
            ctx.deadline.announce({ what, why: `${answer} (${why[reason]})`, waitMs, nextAttempt: retryCount + 2, setting: LIMIT_SETTINGS, cause: cause ?? answer });
        } catch (err) {
            return { errorToThrow: err as Error };
        }
        ctx.stats.retries += 1;
        ctx.stats.waits.push({ reason, requestedMs });
        const retryAfterInMs = scaledDelay(ctx.options, requestedMs);
        ctx.deadline.waited(waitMs, retryAfterInMs);
        return { retryAfterInMs };
    };
    return {
        name: "fabricRetryStrategy",
        retry: ({ retryCount, response, responseError }) => {
            if (!response) {
                const request = responseError?.request;
                // No answer at all: a timeout or a dropped connection is transient, a TLS failure is not.
                if (!responseError || !request || tlsFailure(responseError)) {
                    return { skipStrategy: true };
                }
                return decide("transient", backoff(ctx.options.baseRetryDelayMs ?? 1000, retryCount), retryCount, request, responseError.message, responseError);
            }
            const requestId = requestIdOf(response);
            const answer = `answered ${response.status}${requestId ? ` (request id ${requestId})` : ""}`;
            const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
            if (response.status === 429) {
                ctx.stats.throttled += 1;
                return decide("throttled", retryAfter ?? backoff(ctx.options.baseRetryDelayMs ?? 1000, retryCount), retryCount, response.request, answer);
            }
            const body = response.status >= 400 ? parseErrorBody(response.bodyAsText) : undefined;
            if (body?.errorCode === NAME_NOT_AVAILABLE_YET) {
                return decide("nameNotAvailableYet", retryAfter ?? backoff(ctx.options.nameRetryDelayMs ?? 5000, retryCount), retryCount, response.request, answer);
            }
            if ([500, 502, 503, 504].includes(response.status) || body?.isRetriable === true) {
                return decide("transient", retryAfter ?? backoff(ctx.options.baseRetryDelayMs ?? 1000, retryCount), retryCount, response.request, answer);
            }
            return { skipStrategy: true };
        },
    };
}

/**
 * Runs once per attempt: counts it, sets the bearer token, and bounds it with an unref'd
 * `AbortSignal.timeout` (the pipeline's own `timeout` timer is left pending when a connection is
 * refused, which would hold the process open). A timed-out attempt becomes a retryable `RestError`.
 */
export function fabricAttemptPolicy(ctx: PipelineContext): PipelinePolicy {
    return {
        name: "fabricAttempt",
        sendRequest: async (request, next) => {
            ctx.stats.requests += 1;
            const timeoutMs = ctx.deadline.attempt(`Fabric API ${request.method} ${request.url}`, LIMIT_SETTINGS);
            request.headers.set("authorization", `Bearer ${await ctx.token()}`);
            const signal = AbortSignal.timeout(timeoutMs);
            request.abortSignal = signal;
            try {
                return await next(request);
            } catch (err) {
                if (signal.aborted && !isRestError(err)) {
                    throw new RestError(`no answer within ${timeoutMs} ms`, { code: RestError.REQUEST_SEND_ERROR, request });
                }
                throw err;
            } finally {
                request.abortSignal = undefined;
            }
        },
    };
}
