/**
 * A thin management client over the official `azure-kusto-data` SDK: one call per round trip, auth
 * by Entra ID token or `@azure/identity` credential, retries for throttling and transient faults,
 * and errors that name the HTTP status, Kusto's error code and message and the activity id, never
 * the bearer token.
 *
 * `azure-kusto-data` 7 is ESM-only. It is loaded with a native dynamic `import()` (TypeScript keeps
 * it as such in CommonJS output under `module: node16`), which works on every supported Node and
 * inside a Pulumi dynamic provider, whose code is re-evaluated by the provider host.
 */
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import type { Client as KustoClient, KustoConnectionStringBuilder } from "azure-kusto-data" with { "resolution-mode": "import" };
import { withRetry, parseRetryAfter, type RetryOptions, type RetryVerdict } from "./retry";

/** The environment variable a pipeline sets to a bearer token for the Kusto cluster. */
export const TOKEN_ENV = "EDGE_FABRIC_KUSTO_TOKEN";

/** How the client authenticates: a bearer token, or an Entra ID credential. */
export type KustoAuth = { kind: "token"; token: string } | { kind: "credential"; credential: TokenCredential; describe: string };

/**
 * The auth to use: an explicit token, else `EDGE_FABRIC_KUSTO_TOKEN`, else `DefaultAzureCredential`
 * (managed identity, workload identity, Azure CLI, ...).
 */
export function resolveAuth(token?: string, env: NodeJS.ProcessEnv = process.env): KustoAuth {
    const chosen = token?.trim() || env[TOKEN_ENV]?.trim();
    if (chosen) {
        return { kind: "token", token: chosen };
    }
    return { kind: "credential", credential: new DefaultAzureCredential(), describe: "DefaultAzureCredential" };
}

/** One row of `.execute database script` output. */
export interface ScriptCommandResult {
    operationId: string;
    commandType: string;
    commandText: string;
    /** `Completed`, `Failed`, `Skipped`, ... as the service reports it. */
    result: string;
    reason: string;
}

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

export interface KustoClientOptions {
    /** Cluster or Eventhouse query URI, e.g. `https://mycluster.westeurope.kusto.windows.net`. */
    clusterUri: string;
    auth: KustoAuth;
    retry?: RetryOptions;
}

/** The part of the SDK used here. */
interface KustoData {
    Client: typeof KustoClient;
    KustoConnectionStringBuilder: typeof KustoConnectionStringBuilder;
}
type SdkClient = KustoClient;

/** Loads the ESM-only SDK once per process. */
let sdk: Promise<KustoData> | undefined;
export function loadKustoData(): Promise<KustoData> {
    sdk ??= import("azure-kusto-data");
    return sdk;
}

/** Rejects URIs a bearer token must not be sent to: anything but https, except the loopback (tests). */
export function validateClusterUri(clusterUri: string): URL {
    let url: URL;
    try {
        url = new URL(clusterUri);
    } catch {
        throw new Error(`cluster URI '${clusterUri}' is not a URL; expected e.g. https://mycluster.westeurope.kusto.windows.net`);
    }
    const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
    if (url.protocol !== "https:" && !(loopback && url.protocol === "http:")) {
        throw new Error(`cluster URI '${clusterUri}' must use https (plain http is accepted only for the loopback)`);
    }
    if (url.search || url.hash || url.username || url.password) {
        throw new Error(`cluster URI '${clusterUri}' must not carry a query, fragment or credentials`);
    }
    return url;
}

/** Management calls against one cluster. Count of requests sent is in `requestCount`. */
export class KustoMgmtClient {
    /** HTTP requests sent to the management endpoint, retries included. */
    requestCount = 0;

    private constructor(
        private readonly client: SdkClient,
        private readonly retry: RetryOptions,
        readonly clusterUri: string,
    ) {}

    static async open(options: KustoClientOptions): Promise<KustoMgmtClient> {
        const url = validateClusterUri(options.clusterUri);
        const cluster = url.toString().replace(/\/+$/, "");
        const { Client, KustoConnectionStringBuilder } = await loadKustoData();
        const kcsb =
            options.auth.kind === "token"
                ? KustoConnectionStringBuilder.withAccessToken(cluster, options.auth.token)
                : KustoConnectionStringBuilder.withTokenCredential(cluster, options.auth.credential);
        kcsb.setConnectorDetails("edge-fabric", "0.1.0");
        return new KustoMgmtClient(new Client(kcsb), options.retry ?? {}, cluster);
    }

    /** Runs a management command and returns the rows of its primary result as plain objects. */
    async mgmt(database: string, command: string): Promise<Record<string, unknown>[]> {
        const response = await withRetry(
            async () => {
                this.requestCount++;
                try {
                    return await this.client.executeMgmt(database, command);
                } catch (error) {
                    throw toKustoError(error, this.clusterUri, database, command);
                }
            },
            classify,
            this.retry,
        );
        const table = response.primaryResults[0];
        if (!table) {
            throw new KustoRequestError(`Kusto returned no result table for '${firstLine(command)}' on ${this.clusterUri}/${database}`, { permanent: true });
        }
        return [...table.rows()].map((row) => row.toJSON<Record<string, unknown>>());
    }

    /**
     * The text of a `.show database ... schema as csl script` command: its rows (one command each)
     * joined by blank lines, the separator Kusto scripts need between commands.
     */
    async showSchemaScript(database: string, showCommand: string): Promise<string> {
        const rows = await this.mgmt(database, showCommand);
        return rows
            .map((row) => cell(Object.values(row)[0]).trim())
            .filter((text) => text !== "")
            .join("\n\n");
    }

    /** Runs `.execute database script` text and returns one result per command, as reported. */
    async executeScript(database: string, script: string): Promise<ScriptCommandResult[]> {
        const rows = await this.mgmt(database, script);
        return rows.map((row) => ({
            operationId: cell(row.OperationId),
            commandType: cell(row.CommandType),
            commandText: cell(row.CommandText),
            result: cell(row.Result),
            reason: cell(row.Reason),
        }));
    }

    close(): void {
        this.client.close();
    }
}

function cell(value: unknown): string {
    return typeof value === "string" ? value : value === null || value === undefined ? "" : JSON.stringify(value);
}

function firstLine(text: string): string {
    const line = text.trim().split("\n")[0] ?? "";
    return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

const classify = (error: unknown): RetryVerdict =>
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
export function toKustoError(error: unknown, cluster: string, database: string, command: string): KustoRequestError {
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
        const clientRequestId = kusto["@context"]?.clientRequestId ?? header("x-ms-client-request-id");
        const transientStatus = status === 429 || status >= 500;
        const permanent = kusto["@permanent"] ?? !transientStatus;
        const detail = kusto["@message"] ?? kusto.message ?? response.statusText ?? "";
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
    const code = http.code;
    if (code) {
        return new KustoRequestError(`cannot reach Kusto at ${where}: ${code} ${http.message ?? ""}`.trim(), { permanent: !TRANSIENT_NETWORK.has(code) });
    }
    return new KustoRequestError(`Kusto management call failed on ${where}: ${error instanceof Error ? error.message : String(error)}`, { permanent: true });
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
