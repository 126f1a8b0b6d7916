/**
 * A thin management client over the official `azure-kusto-data` SDK: one call per round trip, auth
 * by Entra ID token or `@azure/identity` credential, retries for throttling and transient faults,
 * and errors that name the HTTP status, Kusto's error code and message and the activity id, never
 * the bearer token.
 *
 * `azure-kusto-data` 7 is ESM-only. It is loaded with a native dynamic `import()` (TypeScript keeps
 * it as such in CommonJS output under `module: node16`), which works on every supported Node and
 * inside a Pulumi dynamic provider, whose code is re-evaluated by the provider host.
 *
 * Limits: every request carries a client timeout and the same `servertimeout` request property
 * (https://learn.microsoft.com/kusto/api/rest/request-properties), cut to what is left of the
 * command's deadline, so a cluster that never answers costs one request timeout per attempt instead
 * of the SDK's 10.5-minute default. The SDK's one unbounded request, the cloud-metadata probe
 * (`GET /v1/rest/auth/metadata`), is made here under the same limits and its answer put into the
 * SDK's cache. Answers are read raw, so one that is not a Kusto result (an HTML page with status
 * 200) is reported with method, URL, status and client request id instead of a `TypeError`.
 */
import { randomUUID } from "node:crypto";
import type { Client as KustoClient, ClientRequestProperties, CloudSettings, KustoConnectionStringBuilder, KustoResultTable } from "azure-kusto-data" with { "resolution-mode": "import" };
import { withRetry, type RetryClock, type RetryOptions } from "./retry";
import { Deadline, DEADLINE_ENV, REQUEST_TIMEOUT_ENV } from "../deadline";
import { redactError } from "../redact";
import { parseRetryAfter } from "../retry-after";
import { validateClusterUri, type KustoAuth } from "./auth";
import { KustoRequestError, classify, describeBody, firstLine, networkError, parseJsonObject, toKustoError } from "./errors";

/** One row of `.execute database script` output. */
export interface ScriptCommandResult {
    operationId: string;
    commandType: string;
    commandText: string;
    /** `Completed`, `Failed`, `Skipped`, ... as the service reports it. */
    result: string;
    reason: string;
}

export interface KustoClientOptions {
    /** Cluster or Eventhouse query URI, e.g. `https://mycluster.westeurope.kusto.windows.net`. */
    clusterUri: string;
    auth: KustoAuth;
    retry?: RetryOptions;
    /** The clock of the command this client serves. Defaults to one started at `open`, with the limits of `$EDGE_FABRIC_REQUEST_TIMEOUT`/`$EDGE_FABRIC_DEADLINE` or their defaults. */
    deadline?: Deadline;
    /** How a user raises the limits, for messages. Defaults to naming the environment variables. */
    limitSetting?: string;
}

/** The part of the SDK used here. */
interface KustoData {
    Client: typeof KustoClient;
    ClientRequestProperties: typeof ClientRequestProperties;
    CloudSettings: typeof CloudSettings;
    KustoConnectionStringBuilder: typeof KustoConnectionStringBuilder;
    KustoResultTable: typeof KustoResultTable;
}
type SdkClient = KustoClient;

/** Loads the ESM-only SDK once per process. */
let sdk: Promise<KustoData> | undefined;
export function loadKustoData(): Promise<KustoData> {
    sdk ??= import("azure-kusto-data");
    return sdk;
}

/** Management calls against one cluster. Count of requests sent is in `requestCount`. */
export class KustoMgmtClient {
    /** HTTP requests sent to the management endpoint, retries included. */
    requestCount = 0;

    private constructor(
        private readonly sdk: KustoData,
        private readonly client: SdkClient,
        private readonly retry: RetryOptions,
        private readonly deadline: Deadline,
        private readonly limitSetting: string,
        private readonly secrets: string[],
        readonly clusterUri: string,
    ) {}

    static async open(options: KustoClientOptions): Promise<KustoMgmtClient> {
        const url = validateClusterUri(options.clusterUri);
        const cluster = url.toString().replace(/\/+$/, "");
        const sdk = await loadKustoData();
        const kcsb =
            options.auth.kind === "token"
                ? sdk.KustoConnectionStringBuilder.withAccessToken(cluster, options.auth.token)
                : sdk.KustoConnectionStringBuilder.withTokenCredential(cluster, options.auth.credential);
        kcsb.setConnectorDetails("edge-fabric", "0.1.0");
        const secrets = options.auth.kind === "token" ? [options.auth.token] : [];
        const client = new KustoMgmtClient(
            sdk,
            new sdk.Client(kcsb),
            options.retry ?? {},
            options.deadline ?? new Deadline(),
            options.limitSetting ?? `${REQUEST_TIMEOUT_ENV}/${DEADLINE_ENV}`,
            secrets,
            cluster,
        );
        await client.guard(() => client.probeCloud());
        return client;
    }

    /** Runs a management command and returns the rows of its primary result as plain objects. */
    mgmt(database: string, command: string): Promise<Record<string, unknown>[]> {
        const endpoint = `${this.clusterUri}/v1/rest/mgmt`;
        const clock = this.clock(`POST ${endpoint} ('${firstLine(command)}' on database ${database})`);
        return this.guard(() =>
            withRetry(
                async () => {
                    this.requestCount++;
                    const properties = new this.sdk.ClientRequestProperties();
                    properties.clientRequestId = `edge-fabric;${randomUUID()}`;
                    const timeoutMs = this.deadline.attempt(clock.what, this.limitSetting);
                    properties.setClientTimeout(timeoutMs);
                    properties.setTimeout(timeoutMs);
                    properties.raw = true;
                    let data: unknown;
                    try {
                        data = await this.client.executeMgmt(database, command, properties);
                    } catch (error) {
                        throw toKustoError(error, { cluster: this.clusterUri, database, command, clientRequestId: properties.clientRequestId, timeoutMs });
                    }
                    return this.rows(data, endpoint, properties.clientRequestId);
                },
                classify,
                this.retry,
                clock,
            ),
        );
    }

    private clock(what: string): RetryClock {
        return { deadline: this.deadline, what, setting: this.limitSetting };
    }

    /** Redacts every error leaving the client and adds how many attempts were made over how long. */
    private async guard<T>(run: () => Promise<T>): Promise<T> {
        try {
            return await run();
        } catch (error) {
            if (error instanceof KustoRequestError) {
                error.message = `${error.message} (${this.deadline.summary()})`;
            }
            throw redactError(error, this.secrets);
        }
    }

    /**
     * The SDK's cloud-metadata probe, made with this client's limits (the SDK's own has none) and
     * stored in the SDK's cache; a 404 means a proxy or emulator without the endpoint, for which the
     * SDK itself falls back to the public cloud's defaults.
     */
    private async probeCloud(): Promise<void> {
        const settings = this.sdk.CloudSettings;
        if (settings.getFromCache(this.clusterUri)) {
            return;
        }
        const url = settings.getAuthMetadataEndpointFromClusterUri(this.clusterUri);
        const clock = this.clock(`GET ${url}`);
        const info = await withRetry(
            async () => {
                const timeoutMs = this.deadline.attempt(clock.what, this.limitSetting);
                let res: Response;
                let text: string;
                try {
                    res = await fetch(url, { headers: { "cache-control": "no-cache" }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
                    text = await res.text();
                } catch (error) {
                    throw networkError(error, `GET ${url}`, url, timeoutMs);
                }
                if (res.status === 404) {
                    return undefined;
                }
                const body = res.status === 200 ? parseJsonObject(text) : undefined;
                if (!body) {
                    const transient = res.status === 429 || res.status >= 500;
                    throw new KustoRequestError(`Kusto cloud metadata probe GET ${url} answered ${res.status} ${describeBody(res.headers.get("content-type"), text)}${transient ? " [transient]" : ""}`, {
                        status: res.status,
                        permanent: !transient,
                        retryAfterMs: parseRetryAfter(res.headers.get("retry-after") ?? undefined),
                        activityId: res.headers.get("x-ms-activity-id") ?? undefined,
                    });
                }
                return (body.AzureAD ?? undefined) as Parameters<typeof settings.writeToCache>[1];
            },
            classify,
            this.retry,
            clock,
        );
        settings.writeToCache(this.clusterUri, info);
    }

    /**
     * The rows of the primary result of a v1 answer (https://learn.microsoft.com/kusto/api/rest/response-v1):
     * the first table when there are at most two, else the one the table of contents marks `QueryResult`.
     */
    private rows(data: unknown, endpoint: string, clientRequestId: string | null): Record<string, unknown>[] {
        const tables = (data as { Tables?: unknown } | null)?.Tables;
        const valid = Array.isArray(tables) && tables.length > 0 && tables.every((t) => typeof (t as { TableName?: unknown })?.TableName === "string" && Array.isArray((t as { Columns?: unknown }).Columns) && Array.isArray((t as { Rows?: unknown }).Rows));
        if (!valid) {
            const text = typeof data === "string" ? data : JSON.stringify(data) ?? "";
            throw new KustoRequestError(
                `Kusto answered POST ${endpoint} with status 200 but ${describeBody(undefined, text)}, not a Kusto result (client request id ${clientRequestId}). ` +
                    "Something other than the cluster answered: check the cluster URI and any HTTPS proxy between here and it.",
                { status: 200, permanent: true, clientRequestId: clientRequestId ?? undefined },
            );
        }
        const all = tables as ConstructorParameters<typeof KustoResultTable>[0][];
        let primary = all[0];
        if (all.length > 2) {
            const toc = new this.sdk.KustoResultTable(all[all.length - 1]);
            const entry = [...toc.rows()].map((r) => r.toJSON<{ Kind?: string; Ordinal?: number }>()).find((r) => r.Kind === "QueryResult");
            primary = all[entry?.Ordinal ?? 0];
        }
        return [...new this.sdk.KustoResultTable(primary).rows()].map((row) => row.toJSON<Record<string, unknown>>());
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

