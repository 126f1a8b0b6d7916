/**
 * What configures a Fabric client and what it counts: its options (endpoint, credential, retry and
 * wait settings, limits) and the round trips and waits it made, which `npm run bench` reads.
 */
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import type { TimeoutOptions } from "../deadline";

/** Why the client waited. */
export type WaitReason = "throttled" | "transient" | "nameNotAvailableYet" | "operationPoll" | "statePoll" | "dependencyNotReady";

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
