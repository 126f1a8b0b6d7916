/**
 * A small Fabric REST client, written against `microsoft/fabric-rest-api-specs/platform/swagger.json`:
 *
 * - transport, retry loop and request ids come from `@azure/core-rest-pipeline` (the Azure SDK's own
 *   pipeline); the retry *decisions* are Fabric's (`pipeline.ts`);
 * - long-running operations are polled to their end (`operation.ts`);
 * - list calls follow `continuationToken` (`PaginatedResponse`).
 *
 * Every wait goes through one place that records the delay the service asked for and sleeps for that
 * delay times `delayScale`, so tests run with `delayScale: 0` and still see the requested delays.
 *
 * Safety against slow and hostile answers: each attempt has a timeout and the client a total
 * deadline (`providers/deadline.ts`), each retry is announced, TLS failures are not retried, a
 * `Location` is followed only to the origin the client was configured with, an answer that is not
 * JSON is reported with method, URL, status and request id (`answers.ts`), and every error passes
 * `providers/redact.ts` before it leaves the client.
 */
import { createDefaultHttpClient, createEmptyPipeline, createPipelineRequest, isRestError, retryPolicy } from "@azure/core-rest-pipeline";
import type { HttpClient, HttpMethods, Pipeline, PipelineResponse } from "@azure/core-rest-pipeline";
import type { AccessToken } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { FabricApiError, parseErrorBody } from "./errors";
import { Deadline, DeadlineExceededError, tlsFailure, tlsMessage } from "../deadline";
import { redactError } from "../redact";
import { isLoopback, parseJson, requestIdOf } from "./answers";
import { newFabricStats, type FabricClientOptions, type FabricStats, type WaitReason } from "./client-options";
import { awaitOperation, type OperationContext } from "./operation";
import { fabricAttemptPolicy, fabricRetryStrategy, LIMIT_SETTINGS, scaledDelay, type PipelineContext } from "./pipeline";

/** The public Fabric REST endpoint. */
export const DEFAULT_FABRIC_API = "https://api.fabric.microsoft.com/v1";
/** The Entra ID scope of the Fabric REST API. */
export const FABRIC_SCOPE = "https://api.fabric.microsoft.com/.default";
/** Environment variable holding a bearer token to use instead of `DefaultAzureCredential`. */
export const FABRIC_TOKEN_ENV = "EDGE_FABRIC_FABRIC_TOKEN";

/** What a call answered, after any long-running operation finished. */
export interface FabricResponse<T> {
    status: number;
    body: T | undefined;
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
        const context: PipelineContext = { options, deadline: this.deadline, stats: this.stats, token: () => this.token() };
        this.pipeline.addPolicy(retryPolicy([fabricRetryStrategy(context)], { maxRetries: options.maxRetries ?? 6 }), { phase: "Retry" });
        this.pipeline.addPolicy(fabricAttemptPolicy(context), { phase: "Sign" });
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

    /**
     * Waits before asking again for something another resource makes exist shortly (a shortcut's
     * OneLake target): announced like every retry (what, why, the wait, the next attempt), or the
     * deadline error instead when the wait would end past it.
     */
    async retryLater(what: string, why: string, waitMs: number, nextAttempt: number, cause: unknown): Promise<void> {
        this.deadline.announce({ what, why, waitMs: Math.min(waitMs, this.options.maxDelayMs ?? 60_000), nextAttempt, setting: LIMIT_SETTINGS, cause });
        this.stats.retries += 1;
        await this.wait("dependencyNotReady", waitMs);
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
                return { status: res.status, body: await awaitOperation<T>(this.operationContext(), res, method, url, options.result ?? false) };
            }
            return { status: res.status, body: parseJson<T>(res, method) };
        } catch (err) {
            throw redactError(err, [this.options.token, process.env[FABRIC_TOKEN_ENV], this.cachedToken?.token]);
        }
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

    private operationContext(): OperationContext {
        return { baseUrl: this.baseUrl, options: this.options, deadline: this.deadline, stats: this.stats, send: (method, url) => this.send(method, url), wait: (reason, ms) => this.wait(reason, ms) };
    }

    private async wait(reason: WaitReason, requestedMs: number): Promise<void> {
        this.stats.waits.push({ reason, requestedMs });
        await this.deadline.sleep(Math.min(requestedMs, this.options.maxDelayMs ?? 60_000), async () => {
            const ms = scaledDelay(this.options, requestedMs);
            if (ms > 0) {
                await new Promise((resolve) => setTimeout(resolve, ms));
            }
        });
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
