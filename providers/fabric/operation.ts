/**
 * Fabric long-running operations (`x-ms-fabric-sdk-long-running-operation`,
 * https://learn.microsoft.com/rest/api/fabric/articles/long-running-operation): 200/201 are final;
 * 202 carries `Location`, `x-ms-operation-id` and `Retry-After`; the client polls `Location`
 * (`GET /operations/{id}`, `OperationState`), treats any status other than `Succeeded`/`Failed` as
 * still running, and on `Succeeded` reads `GET /operations/{id}/result` (the `Location` of the final
 * poll) when the call has a result. A `Location` is followed only to the origin the client was
 * configured with: the bearer token goes nowhere else.
 */
import type { HttpMethods, PipelineResponse } from "@azure/core-rest-pipeline";
import type { Deadline } from "../deadline";
import { parseRetryAfter } from "../retry-after";
import { parseJson } from "./answers";
import type { FabricClientOptions, FabricStats, WaitReason } from "./client-options";
import { FabricApiError, FabricTimeoutError } from "./errors";
import type { FabricErrorBody } from "./errors";
import { LIMIT_SETTINGS } from "./pipeline";

interface OperationState {
    status?: string;
    percentComplete?: number;
    error?: FabricErrorBody;
}

/** What polling needs from the client that started the operation. */
export interface OperationContext {
    baseUrl: string;
    options: FabricClientOptions;
    deadline: Deadline;
    stats: FabricStats;
    /** One logical request through the client's pipeline; non-2xx answers throw. */
    send(method: HttpMethods, url: string): Promise<PipelineResponse>;
    /** Waits through the client's one place for waits. */
    wait(reason: WaitReason, requestedMs: number): Promise<void>;
}

/**
 * The absolute URL of a `Location` header, when it stays on the configured origin. A token is
 * never sent elsewhere: a `Location` on another host is refused, naming both.
 */
export function followLocation(baseUrl: string, location: string, method: string, url: string): string {
    const target = new URL(location, url);
    const origin = new URL(baseUrl).origin;
    if (target.origin !== origin) {
        throw new Error(
            `Fabric API ${method} ${url} answered with Location ${target.origin}${target.pathname}, which is not on the configured API host ${new URL(baseUrl).host}; ` +
                `refusing to send the bearer token to ${target.host}. If that host is a legitimate Fabric endpoint, set the API base URL (apiBaseUrl) to it.`,
        );
    }
    return target.toString();
}

/** Polls the operation a 202 started until it succeeds (its result, when `withResult`), fails, or the deadline would pass. */
export async function awaitOperation<T>(ctx: OperationContext, accepted: PipelineResponse, method: string, url: string, withResult: boolean): Promise<T | undefined> {
    ctx.stats.operations += 1;
    const operationId = accepted.headers.get("x-ms-operation-id");
    const header = accepted.headers.get("location");
    let location = header ? followLocation(ctx.baseUrl, header, method, url) : operationId ? `${ctx.baseUrl}/operations/${operationId}` : undefined;
    if (!location) {
        throw new Error(`Fabric API ${method} ${url} answered 202 without Location or x-ms-operation-id; cannot follow the operation`);
    }
    let retryAfter = accepted.headers.get("retry-after");
    let last: OperationState = {};
    for (;;) {
        const pollMs = Math.min(parseRetryAfter(retryAfter) ?? ctx.options.operationPollMs ?? 5000, ctx.options.maxDelayMs ?? 60_000);
        if (ctx.deadline.spent() + pollMs >= ctx.deadline.totalMs) {
            throw new FabricTimeoutError({ method, url, operationId: operationId ?? location, timeoutMs: ctx.deadline.totalMs, attempts: ctx.deadline.summary(), setting: LIMIT_SETTINGS, lastStatus: last.status, percentComplete: last.percentComplete });
        }
        await ctx.wait("operationPoll", pollMs);
        const poll = await ctx.send("GET", location);
        ctx.stats.operationPolls += 1;
        last = parseJson<OperationState>(poll, "GET") ?? {};
        if (last.status === "Succeeded") {
            if (!withResult) {
                return undefined;
            }
            const next = poll.headers.get("location");
            const resultUrl = next ? followLocation(ctx.baseUrl, next, "GET", location) : `${ctx.baseUrl}/operations/${operationId}/result`;
            return parseJson<T>(await ctx.send("GET", resultUrl), "GET");
        }
        if (last.status === "Failed") {
            throw new FabricApiError({
                status: poll.status,
                method,
                url,
                operationId: operationId ?? undefined,
                body: last.error ?? { errorCode: "OperationFailed", message: "the operation failed without error details" },
            });
        }
        // Undefined, NotStarted, Running and any status added later: still running.
        const next = poll.headers.get("location");
        location = next ? followLocation(ctx.baseUrl, next, "GET", location) : location;
        retryAfter = poll.headers.get("retry-after");
    }
}
