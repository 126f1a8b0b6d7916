/**
 * A small Fabric REST client, written against `microsoft/fabric-rest-api-specs/platform/swagger.json`:
 *
 * - transport, retry loop and request ids come from `@azure/core-rest-pipeline` (the Azure SDK's own
 *   pipeline); the retry *decisions* are Fabric's: 429 + `Retry-After`, transient 5xx and network
 *   errors with exponential backoff, `isRetriable: true` bodies, and `ItemDisplayNameNotAvailableYet`
 *   (a display name still reserved after a delete);
 * - long-running operations (`x-ms-fabric-sdk-long-running-operation`): 200/201 are final; 202 carries
 *   `Location`, `x-ms-operation-id` and `Retry-After`; the client polls `Location`
 *   (`GET /operations/{id}`, `OperationState`), treats any status other than `Succeeded`/`Failed` as
 *   still running, and on `Succeeded` reads `GET /operations/{id}/result` (the `Location` of the final
 *   poll) when the call has a result;
 * - list calls follow `continuationToken` (`PaginatedResponse`).
 *
 * Every wait goes through one place that records the delay the service asked for and sleeps for that
 * delay times `delayScale`, so tests run with `delayScale: 0` and still see the requested delays.
 *
 * Safety against slow and hostile answers: each attempt has a timeout and the client a total
 * deadline (`providers/deadline.ts`), each retry is announced, TLS failures are not retried, a
 * `Location` is followed only to the origin the client was configured with (the bearer token goes
 * nowhere else; the documented `Location` is the API's own `/operations/{id}`,
 * https://learn.microsoft.com/rest/api/fabric/articles/long-running-operation), an answer that is
 * not JSON is reported with method, URL, status and request id, and every error passes
 * `providers/redact.ts` before it leaves the client.
 */
import { RestError, createDefaultHttpClient, createEmptyPipeline, createPipelineRequest, isRestError, retryPolicy } from "@azure/core-rest-pipeline";
import type { HttpClient, HttpMethods, Pipeline, PipelinePolicy, PipelineRequest, PipelineResponse, RetryStrategy } from "@azure/core-rest-pipeline";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { FabricApiError, FabricInvalidAnswerError, FabricTimeoutError, NAME_NOT_AVAILABLE_YET, parseErrorBody } from "./errors";
import type { FabricErrorBody } from "./errors";
import { Deadline, DeadlineExceededError, DEADLINE_ENV, REQUEST_TIMEOUT_ENV, tlsFailure, tlsMessage, type TimeoutOptions } from "../deadline";
import { redactError } from "../redact";

/** The public Fabric REST endpoint. */
export const DEFAULT_FABRIC_API = "https://api.fabric.microsoft.com/v1";
/** The Entra ID scope of the Fabric REST API. */
export const FABRIC_SCOPE = "https://api.fabric.microsoft.com/.default";
/** Environment variable holding a bearer token to use instead of `DefaultAzureCredential`. */
export const FABRIC_TOKEN_ENV = "EDGE_FABRIC_FABRIC_TOKEN";

/** Why the client waited. */
export type WaitReason = "throttled" | "transient" | "nameNotAvailableYet" | "operationPoll" | "statePoll";

/** Round trips and waits, accumulated across every client that shares the object (used by `npm run bench`). */
export interface FabricStats {
    /** HTTP requests sent, retries and polls included. */
    requests: number;
    /** Requests repeated by the retry policy. */
    retries: number;
    /** 429 answers received. */
    throttled: number;
    /** Long-running operations awaited (202 answers). */
    operations: number;
    /** `GET /operations/{id}` polls. */
    operationPolls: number;
    /** Pages read by list calls. */
    pages: number;
    /** Every wait as the service or the backoff asked for it, before `delayScale`. */
    waits: { reason: WaitReason; requestedMs: number }[];
}

/** A fresh, zeroed statistics object. */
export function newFabricStats(): FabricStats {
    return { requests: 0, retries: 0, throttled: 0, operations: 0, operationPolls: 0, pages: 0, waits: [] };
}

/** How to raise the client's limits, for messages. */
const LIMIT_SETTINGS = `the provider's requestTimeoutSeconds/deadlineSeconds inputs or ${REQUEST_TIMEOUT_ENV}/${DEADLINE_ENV}`;

export interface FabricClientOptions extends TimeoutOptions {
    /** Base URL of the API, for sovereign clouds and test fakes. Default `https://api.fabric.microsoft.com/v1`. */
    baseUrl?: string;
    /** A bearer token. Default: `$EDGE_FABRIC_FABRIC_TOKEN`, else `credential`. Never stored in state. */
    token?: string;
    /** Entra ID credential. Default `DefaultAzureCredential` (managed identity, workload identity, Azure CLI). */
    credential?: TokenCredential;
    /** Token scope. Default `https://api.fabric.microsoft.com/.default`. */
    scope?: string;
    /** Retries of one request (throttling, transient errors, reserved names). Default 6. */
    maxRetries?: number;
    /** Multiplier applied to every wait; 0 in tests. Default 1. */
    delayScale?: number;
    /** First backoff delay for transient errors without `Retry-After`, in ms. Default 1000. */
    baseRetryDelayMs?: number;
    /** First backoff delay while a display name is still reserved after a delete, in ms. Default 5000. */
    nameRetryDelayMs?: number;
    /** Longest single wait, in ms (caps `Retry-After` and backoff). Default 60000. */
    maxDelayMs?: number;
    /** Poll interval when an operation answer has no `Retry-After`, in ms. Default 5000. */
    operationPollMs?: number;
    /** Accumulates request counts; pass one object to several clients to total a deployment. */
    stats?: FabricStats;
    /** Replaces the transport (tests only). */
    httpClient?: HttpClient;
}

/** What a call answered, after any long-running operation finished. */
export interface FabricResponse<T> {
    status: number;
    body: T | undefined;
}

interface OperationState {
    status?: string;
    percentComplete?: number;
    error?: FabricErrorBody;
}

function isLoopback(url: string): boolean {
    const host = new URL(url).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]";
}

/** Seconds (the spec's integer) or an HTTP date, as milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined | null, now = Date.now()): number | undefined {
    if (value === undefined || value === null || value.trim() === "") {
        return undefined;
    }
    const seconds = Number(value);
    if (Number.isFinite(seconds)) {
        return Math.max(0, seconds * 1000);
    }
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The JSON body of a successful answer; an answer that is not JSON (an HTML login or proxy page) is an error naming the request. */
function parseJson<T>(res: PipelineResponse, method: string): T | undefined {
    const text = res.bodyAsText;
    if (!text) {
        return undefined;
    }
    try {
        return JSON.parse(text) as T;
    } catch {
        throw new FabricInvalidAnswerError({ method, url: res.request.url, status: res.status, contentType: res.headers.get("content-type"), text, requestId: requestIdOf(res) });
    }
}

function requestIdOf(res: PipelineResponse): string | undefined {
    return res.headers.get("requestid") ?? res.headers.get("x-ms-request-id") ?? undefined;
}

/** The inputs of a Fabric resource that configure its client. */
export interface FabricClientInputs {
    apiBaseUrl?: string;
    /** Per-request timeout, in seconds. */
    requestTimeoutSeconds?: number;
    /** Total deadline of one provider operation, in seconds. */
    deadlineSeconds?: number;
}

/** The client one provider operation uses: the provider's options, the resource's base URL and limits. */
export function clientForInputs(options: Omit<FabricClientOptions, "baseUrl">, inputs: FabricClientInputs): FabricClient {
    const seconds = (value: number | undefined) => (value === undefined ? undefined : value * 1000);
    return new FabricClient({
        ...options,
        baseUrl: inputs.apiBaseUrl || DEFAULT_FABRIC_API,
        requestTimeoutMs: options.requestTimeoutMs ?? seconds(inputs.requestTimeoutSeconds),
        deadlineMs: options.deadlineMs ?? seconds(inputs.deadlineSeconds),
    });
}

export class FabricClient {
    readonly baseUrl: string;
    readonly stats: FabricStats;
    private readonly options: FabricClientOptions;
    private readonly pipeline: Pipeline;
    private readonly httpClient: HttpClient;
    private readonly deadline: Deadline;
    private cachedToken?: AccessToken;

    constructor(options: FabricClientOptions = {}) {
        this.options = options;
        this.baseUrl = (options.baseUrl ?? DEFAULT_FABRIC_API).replace(/\/+$/, "");
        const base = new URL(this.baseUrl);
        if (base.protocol !== "https:" && !isLoopback(this.baseUrl)) {
            throw new Error(`Fabric API base URL ${this.baseUrl} must use https (plain http is accepted only for 127.0.0.1/localhost test fakes)`);
        }
        this.stats = options.stats ?? newFabricStats();
        this.deadline = new Deadline(options);
        this.httpClient = options.httpClient ?? createDefaultHttpClient();
        this.pipeline = createEmptyPipeline();
        this.pipeline.addPolicy(retryPolicy([this.retryStrategy()], { maxRetries: options.maxRetries ?? 6 }), { phase: "Retry" });
        this.pipeline.addPolicy(this.attemptPolicy(), { phase: "Sign" });
    }

    /** GET a resource; 404 raises a `FabricApiError` the caller can test with `isNotFound`. */
    async get<T>(path: string, query?: Record<string, string | undefined>): Promise<T> {
        const res = await this.call<T>("GET", path, { query });
        return res.body as T;
    }

    /**
     * POST; on 202 waits for the long-running operation and returns its result when `result` is true.
     * `operation: false` is for the few calls whose 202 starts no trackable operation (`assignToCapacity`).
     */
    async post<T>(path: string, body: unknown, options: { result?: boolean; operation?: boolean; query?: Record<string, string | undefined> } = {}): Promise<FabricResponse<T>> {
        return this.call<T>("POST", path, { body, query: options.query, result: options.result ?? true, operation: options.operation ?? true });
    }

    async patch<T>(path: string, body: unknown): Promise<T> {
        const res = await this.call<T>("PATCH", path, { body });
        return res.body as T;
    }

    async delete(path: string, query?: Record<string, string | undefined>): Promise<void> {
        await this.call("DELETE", path, { query, result: false });
    }

    /** Every element of a paginated list, following `continuationToken` until the service omits it. */
    async list<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T[]> {
        const all: T[] = [];
        let continuationToken: string | undefined;
        do {
            const page = await this.get<{ value?: T[]; continuationToken?: string }>(path, { ...query, continuationToken });
            this.stats.pages += 1;
            all.push(...(page?.value ?? []));
            continuationToken = page?.continuationToken || undefined;
        } while (continuationToken);
        return all;
    }

    /**
     * Waits between polls of a state a resource reports on itself rather than through an operation
     * (a workspace's `capacityAssignmentProgress`), through the same place as every other wait.
     */
    async pause(ms: number): Promise<void> {
        await this.wait("statePoll", ms);
    }

    private url(path: string, query?: Record<string, string | undefined>): string {
        const url = new URL(/^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith("/") ? "" : "/"}${path}`);
        for (const [k, v] of Object.entries(query ?? {})) {
            if (v !== undefined) {
                url.searchParams.set(k, v);
            }
        }
        return url.toString();
    }

    private async call<T>(method: HttpMethods, path: string, options: { body?: unknown; query?: Record<string, string | undefined>; result?: boolean; operation?: boolean }): Promise<FabricResponse<T>> {
        try {
            const url = this.url(path, options.query);
            const res = await this.send(method, url, options.body);
            if (res.status === 202 && options.operation !== false) {
                return { status: res.status, body: await this.awaitOperation<T>(res, method, url, options.result ?? false) };
            }
            return { status: res.status, body: parseJson<T>(res, method) };
        } catch (err) {
            throw redactError(err, [this.options.token, process.env[FABRIC_TOKEN_ENV], this.cachedToken?.token]);
        }
    }

    /**
     * The absolute URL of a `Location` header, when it stays on the configured origin. A token is
     * never sent elsewhere: a `Location` on another host is refused, naming both.
     */
    private follow(location: string, method: string, url: string): string {
        const target = new URL(location, url);
        const origin = new URL(this.baseUrl).origin;
        if (target.origin !== origin) {
            throw new Error(
                `Fabric API ${method} ${url} answered with Location ${target.origin}${target.pathname}, which is not on the configured API host ${new URL(this.baseUrl).host}; ` +
                    `refusing to send the bearer token to ${target.host}. If that host is a legitimate Fabric endpoint, set the API base URL (apiBaseUrl) to it.`,
            );
        }
        return target.toString();
    }

    /** One logical request (the pipeline retries it); non-2xx answers become `FabricApiError`. */
    private async send(method: HttpMethods, url: string, body?: unknown): Promise<PipelineResponse> {
        const target = new URL(url);
        if (target.protocol !== "https:" && !isLoopback(url)) {
            throw new Error(`refusing to send a Fabric token over plain http to ${target.origin}`);
        }
        const request = createPipelineRequest({
            url,
            method,
            body: body === undefined ? undefined : JSON.stringify(body),
            // per-attempt timeout is set by the attempt policy (see there)
            timeout: 0,
            allowInsecureConnection: isLoopback(url),
        });
        request.headers.set("accept", "application/json");
        if (body !== undefined) {
            request.headers.set("content-type", "application/json");
        }
        let res: PipelineResponse;
        try {
            res = await this.pipeline.sendRequest(this.httpClient, request);
        } catch (err) {
            if (isRestError(err) && err.response) {
                res = err.response;
            } else if (err instanceof DeadlineExceededError) {
                throw err;
            } else {
                const tls = tlsFailure(err);
                const reason = tls ? tlsMessage(url, tls) : err instanceof Error ? err.message : String(err);
                throw new Error(`Fabric API ${method} ${url} failed: ${reason} (${this.deadline.summary()})`, { cause: err });
            }
        }
        if (res.status >= 400) {
            throw new FabricApiError({ status: res.status, method, url, body: parseErrorBody(res.bodyAsText), text: res.bodyAsText, requestId: requestIdOf(res), attempts: this.deadline.summary() });
        }
        return res;
    }

    private async awaitOperation<T>(accepted: PipelineResponse, method: string, url: string, withResult: boolean): Promise<T | undefined> {
        this.stats.operations += 1;
        const operationId = accepted.headers.get("x-ms-operation-id");
        const header = accepted.headers.get("location");
        let location = header ? this.follow(header, method, url) : operationId ? `${this.baseUrl}/operations/${operationId}` : undefined;
        if (!location) {
            throw new Error(`Fabric API ${method} ${url} answered 202 without Location or x-ms-operation-id; cannot follow the operation`);
        }
        let retryAfter = accepted.headers.get("retry-after");
        let last: OperationState = {};
        for (;;) {
            const pollMs = Math.min(parseRetryAfter(retryAfter) ?? this.options.operationPollMs ?? 5000, this.options.maxDelayMs ?? 60_000);
            if (this.deadline.spent() + pollMs >= this.deadline.totalMs) {
                throw new FabricTimeoutError({ method, url, operationId: operationId ?? location, timeoutMs: this.deadline.totalMs, attempts: this.deadline.summary(), setting: LIMIT_SETTINGS, lastStatus: last.status, percentComplete: last.percentComplete });
            }
            await this.wait("operationPoll", pollMs);
            const poll = await this.send("GET", location);
            this.stats.operationPolls += 1;
            last = parseJson<OperationState>(poll, "GET") ?? {};
            if (last.status === "Succeeded") {
                if (!withResult) {
                    return undefined;
                }
                const next = poll.headers.get("location");
                const resultUrl = next ? this.follow(next, "GET", location) : `${this.baseUrl}/operations/${operationId}/result`;
                return parseJson<T>(await this.send("GET", resultUrl), "GET");
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
            location = next ? this.follow(next, "GET", location) : location;
            retryAfter = poll.headers.get("retry-after");
        }
    }

    private scaled(ms: number): number {
        return Math.round(Math.min(ms, this.options.maxDelayMs ?? 60_000) * (this.options.delayScale ?? 1));
    }

    private async wait(reason: WaitReason, requestedMs: number): Promise<void> {
        this.stats.waits.push({ reason, requestedMs });
        await this.deadline.sleep(Math.min(requestedMs, this.options.maxDelayMs ?? 60_000), async () => {
            const ms = this.scaled(requestedMs);
            if (ms > 0) {
                await new Promise((resolve) => setTimeout(resolve, ms));
            }
        });
    }

    /** Fabric's retry rules for the pipeline's retry loop (which sleeps for the returned, scaled delay). */
    private retryStrategy(): RetryStrategy {
        const backoff = (base: number, retryCount: number): number => base * 2 ** retryCount * (0.8 + Math.random() * 0.4);
        const why: Record<WaitReason, string> = {
            throttled: "throttled",
            transient: "transient failure",
            nameNotAvailableYet: "the display name is still reserved by a deleted item",
            operationPoll: "operation still running",
            statePoll: "workspace still moving to its capacity",
        };
        // The pipeline sleeps the returned delay; announce it, or stop when it would pass the deadline.
        const decide = (reason: WaitReason, requestedMs: number, retryCount: number, request: PipelineRequest, answer: string, cause?: unknown) => {
            const waitMs = Math.min(requestedMs, this.options.maxDelayMs ?? 60_000);
            try {
                const what = `Fabric API ${request.method} ${request.url}`;
                this.deadline.announce({ what, why: `${answer} (${why[reason]})`, waitMs, nextAttempt: retryCount + 2, setting: LIMIT_SETTINGS, cause: cause ?? answer });
            } catch (err) {
                return { errorToThrow: err as Error };
            }
            this.stats.retries += 1;
            this.stats.waits.push({ reason, requestedMs });
            const retryAfterInMs = this.scaled(requestedMs);
            this.deadline.waited(waitMs, retryAfterInMs);
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
                    return decide("transient", backoff(this.options.baseRetryDelayMs ?? 1000, retryCount), retryCount, request, responseError.message, responseError);
                }
                const requestId = requestIdOf(response);
                const answer = `answered ${response.status}${requestId ? ` (request id ${requestId})` : ""}`;
                const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
                if (response.status === 429) {
                    this.stats.throttled += 1;
                    return decide("throttled", retryAfter ?? backoff(this.options.baseRetryDelayMs ?? 1000, retryCount), retryCount, response.request, answer);
                }
                const body = response.status >= 400 ? parseErrorBody(response.bodyAsText) : undefined;
                if (body?.errorCode === NAME_NOT_AVAILABLE_YET) {
                    return decide("nameNotAvailableYet", retryAfter ?? backoff(this.options.nameRetryDelayMs ?? 5000, retryCount), retryCount, response.request, answer);
                }
                if ([500, 502, 503, 504].includes(response.status) || body?.isRetriable === true) {
                    return decide("transient", retryAfter ?? backoff(this.options.baseRetryDelayMs ?? 1000, retryCount), retryCount, response.request, answer);
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
    private attemptPolicy(): PipelinePolicy {
        return {
            name: "fabricAttempt",
            sendRequest: async (request, next) => {
                this.stats.requests += 1;
                const timeoutMs = this.deadline.attempt(`Fabric API ${request.method} ${request.url}`, LIMIT_SETTINGS);
                request.headers.set("authorization", `Bearer ${await this.token()}`);
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

    private async token(): Promise<string> {
        const fixed = this.options.token ?? process.env[FABRIC_TOKEN_ENV];
        if (fixed) {
            return fixed;
        }
        if (!this.cachedToken || this.cachedToken.expiresOnTimestamp - Date.now() < 300_000) {
            const credential = this.options.credential ?? new DefaultAzureCredential();
            const token = await credential.getToken(this.options.scope ?? FABRIC_SCOPE);
            if (!token) {
                throw new Error(`no Entra ID token for ${this.options.scope ?? FABRIC_SCOPE}: sign in (az login), use a managed identity, or set ${FABRIC_TOKEN_ENV}`);
            }
            this.cachedToken = token;
        }
        return this.cachedToken.token;
    }
}
