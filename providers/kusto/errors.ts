/**
 * Kusto's failures as one error type: whatever the SDK or `fetch` threw becomes a
 * `KustoRequestError` carrying the HTTP status, Kusto's error code and message, `@permanent`,
 * `Retry-After` and the activity id, built from fields only so that no request header (and no bearer token) reaches the message; a
 * network failure is classified as transient, a TLS failure (never retried) or a config error.
 */
import { formatDuration, tlsFailure, tlsMessage } from "../deadline";
import { redact } from "../redact";
import { parseRetryAfter } from "../retry-after";
import { TOKEN_ENV } from "./auth";
import type { RetryVerdict } from "./retry";

/** A failed management call, with what the service said about it. */
export class KustoRequestError extends Error {
    constructor(
        message: string,
        readonly details: {
            status?: number;
            code?: string;
            permanent: boolean;
            retryAfterMs?: number;
            activityId?: string;
            clientRequestId?: string;
        },
    ) {
        super(message);
        this.name = "KustoRequestError";
    }
}

/** The first line of a command, shortened, to name it in messages. */
export function firstLine(text: string): string {
    const line = text.trim().split("\n")[0] ?? "";
    return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

/** Whether the retry loop may try a failed call again, and after how long the service asked for. */
export const classify = (error: unknown): RetryVerdict =>
    error instanceof KustoRequestError ? { retryable: !error.details.permanent, retryAfterMs: error.details.retryAfterMs } : { retryable: false };

/** Network failures worth another attempt; a refused connection or an unknown host is a config error. */
const TRANSIENT_NETWORK = new Set(["ECONNRESET", "ETIMEDOUT", "ECONNABORTED", "EAI_AGAIN", "EPIPE", "ERR_SOCKET_CONNECTION_TIMEOUT"]);

interface HttpFailure {
    code?: string;
    message?: string;
    response?: { status?: number; statusText?: string; headers?: Record<string, unknown>; data?: unknown };
    inner?: unknown;
    name?: string;
}

interface KustoErrorBody {
    error?: {
        code?: string;
        message?: string;
        "@type"?: string;
        "@message"?: string;
        "@permanent"?: boolean;
        "@context"?: { activityId?: string; clientRequestId?: string };
    };
}

/**
 * Turns whatever the SDK threw into a KustoRequestError carrying status, Kusto's code and message,
 * `@permanent`, `Retry-After` and the activity id. Built from fields only, so no header (and no
 * bearer token) of the request can leak into the message.
 */
export function toKustoError(error: unknown, request: { cluster: string; database: string; command: string; clientRequestId?: string | null; timeoutMs: number }): KustoRequestError {
    const { cluster, database, command } = request;
    const failure = (error ?? {}) as HttpFailure;
    const http = (failure.name === "ThrottlingError" ? (failure.inner as HttpFailure | undefined) : failure) ?? failure;
    const where = `${cluster}/${database}: '${firstLine(command)}'`;
    const response = http.response;
    if (response?.status !== undefined) {
        const status = response.status;
        const headers = response.headers ?? {};
        const header = (name: string): string | undefined => {
            const value = headers[name];
            return typeof value === "string" ? value : undefined;
        };
        const body = parseBody(response.data);
        const kusto = body.error ?? {};
        const activityId = kusto["@context"]?.activityId ?? header("x-ms-activity-id");
        const clientRequestId = kusto["@context"]?.clientRequestId ?? header("x-ms-client-request-id") ?? request.clientRequestId ?? undefined;
        const transientStatus = status === 429 || status >= 500;
        const permanent = kusto["@permanent"] ?? !transientStatus;
        const detail = kusto["@message"] ?? kusto.message ?? (body.error ? response.statusText : describeBody(header("content-type"), typeof response.data === "string" ? response.data : "")) ?? "";
        const parts = [`HTTP ${status}`, kusto.code ? `${kusto.code}` : undefined, detail || undefined].filter(Boolean).join(" ");
        const ids = [activityId ? `activity id ${activityId}` : undefined, clientRequestId ? `client request id ${clientRequestId}` : undefined].filter(Boolean).join(", ");
        return new KustoRequestError(`Kusto management call failed on ${where}: ${parts}${ids ? ` (${ids})` : ""}${permanent ? "" : " [transient]"}`, {
            status,
            code: kusto.code,
            permanent,
            retryAfterMs: parseRetryAfter(header("retry-after")),
            activityId,
            clientRequestId,
        });
    }
    if (failure.name === "KustoAuthenticationError") {
        return new KustoRequestError(
            `could not get an Entra ID token for ${cluster}: ${failure.message ?? ""}. Sign in (az login, managed identity, workload identity) or set ${TOKEN_ENV}.`,
            { permanent: true },
        );
    }
    if (http.code) {
        return networkError(http, where, cluster, request.timeoutMs, request.clientRequestId);
    }
    return new KustoRequestError(`Kusto management call failed on ${where}: ${error instanceof Error ? error.message : String(error)}`, { permanent: true });
}

/**
 * A failure with no HTTP answer: a timeout or a dropped connection (transient), a TLS failure
 * (never retried), a refused connection or an unknown host (a config error).
 */
export function networkError(error: unknown, where: string, url: string, timeoutMs: number, clientRequestId?: string | null): KustoRequestError {
    const failure = (error ?? {}) as HttpFailure & { cause?: HttpFailure };
    const ids = clientRequestId ? ` (client request id ${clientRequestId})` : "";
    const tls = tlsFailure(error);
    if (tls) {
        return new KustoRequestError(`cannot reach Kusto at ${where}: ${tlsMessage(url, tls)}${ids}`, { permanent: true, clientRequestId: clientRequestId ?? undefined });
    }
    const code = failure.code ?? failure.cause?.code;
    // axios reports its own timeout as ECONNABORTED; fetch's AbortSignal.timeout as a TimeoutError.
    const timedOut = failure.name === "TimeoutError" || (code === "ECONNABORTED" && /timeout/i.test(failure.message ?? ""));
    if (timedOut) {
        return new KustoRequestError(`no answer from Kusto at ${where} within ${formatDuration(timeoutMs)}${ids} [transient]`, { permanent: false, clientRequestId: clientRequestId ?? undefined });
    }
    const permanent = !code || !TRANSIENT_NETWORK.has(code);
    return new KustoRequestError(`cannot reach Kusto at ${where}: ${[code, failure.message].filter(Boolean).join(" ")}${ids}${permanent ? "" : " [transient]"}`, {
        permanent,
        clientRequestId: clientRequestId ?? undefined,
    });
}

/** `a text/html body "<html>…"`: what an answer that is not a Kusto result held, shortened. */
export function describeBody(contentType: string | null | undefined, text: string): string {
    const snippet = redact(text.replace(/\s+/g, " ").trim().slice(0, 120));
    return `a ${contentType ? `${contentType} ` : ""}body ${snippet ? `"${snippet}"` : "that is empty"}`;
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
    try {
        const value = JSON.parse(text) as unknown;
        return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    } catch {
        return undefined;
    }
}

function parseBody(data: unknown): KustoErrorBody {
    if (typeof data === "string") {
        try {
            return JSON.parse(data) as KustoErrorBody;
        } catch {
            return {};
        }
    }
    return data && typeof data === "object" ? (data) : {};
}
